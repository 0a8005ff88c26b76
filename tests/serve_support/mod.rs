//! Helpers for the `serve` tests: fixture sites ([`sites`]), the server as a child process (its
//! terminal lines readable, stdout and stderr apart; started with `--root` or from the site's
//! folder), a raw HTTP client (raw, so traversal attempts reach the server unnormalised), an
//! event-stream reader. The browser tests drive Chromium with the tests' one driver
//! (`crate::browser`).

mod sites;
pub(crate) use sites::*;

use std::fmt::Write as _;
use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpStream;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::sync::mpsc;
use std::time::{Duration, Instant};

/// How long a change may take to be served.
const PATIENCE: Duration = Duration::from_secs(15);

/// One HTTP response.
pub(crate) struct Reply {
    pub status: u16,
    pub head: String,
    pub body: String,
}

/// `maillon serve` running on a free port.
pub(crate) struct Server {
    child: Option<Child>,
    pub port: u16,
    root: PathBuf,
    /// The lines serve prints on stderr (what each rebuild did), as they come.
    log: mpsc::Receiver<String>,
    /// The lines serve prints on stdout (where it serves), as they come.
    out: mpsc::Receiver<String>,
}

/// Sends each line `from` yields to a new channel, drained all along so serve never blocks on
/// a full pipe.
fn lines_of(from: impl Read + Send + 'static) -> mpsc::Receiver<String> {
    let (tx, rx) = mpsc::channel();
    std::thread::spawn(move || {
        for line in BufReader::new(from).lines().map_while(Result::ok) {
            let _ = tx.send(line);
        }
    });
    rx
}

impl Server {
    /// `maillon serve --root ROOT` on a free port.
    pub(crate) fn start(root: &Path) -> Server {
        Server::spawn(root, |c| {
            c.arg("--root").arg(root);
        })
    }

    /// `maillon serve` run from `root` as a user does (the default root, `.`), with `args`,
    /// on a free port.
    pub(crate) fn start_in(root: &Path, args: &[&str]) -> Server {
        Server::spawn(root, |c| {
            c.current_dir(root).args(args);
        })
    }

    fn spawn(root: &Path, how: impl FnOnce(&mut Command)) -> Server {
        let port = std::net::TcpListener::bind("127.0.0.1:0")
            .and_then(|l| l.local_addr())
            .expect("free port")
            .port();
        let mut command = Command::new(env!("CARGO_BIN_EXE_maillon"));
        command
            .args(["serve", "--port", &port.to_string()])
            .env("NO_COLOR", "1")
            .stdout(Stdio::piped())
            .stderr(Stdio::piped());
        how(&mut command);
        let mut child = command.spawn().expect("start maillon serve");
        let log = lines_of(child.stderr.take().expect("stderr"));
        let out = lines_of(child.stdout.take().expect("stdout"));
        let server = Server {
            child: Some(child),
            port,
            root: root.to_path_buf(),
            log,
            out,
        };
        let started = Instant::now();
        while TcpStream::connect(("127.0.0.1", port)).is_err() {
            assert!(
                started.elapsed() < Duration::from_mins(1),
                "serve did not start"
            );
            std::thread::sleep(Duration::from_millis(50));
        }
        // Give the watcher its moment to start (it starts right after the first build).
        std::thread::sleep(Duration::from_millis(300));
        server
    }

    /// Waits for the next line serve prints on stderr that satisfies `ok` (earlier lines are
    /// dropped).
    pub(crate) fn wait_log(&self, ok: impl Fn(&str) -> bool) -> String {
        self.log_until(ok).pop().expect("the line waited for")
    }

    /// The lines serve prints on stderr from now up to the first that satisfies `ok` (the last).
    pub(crate) fn log_until(&self, ok: impl Fn(&str) -> bool) -> Vec<String> {
        lines_until(&self.log, ok)
    }

    /// Waits for the next line serve prints on stdout that satisfies `ok`.
    pub(crate) fn wait_out(&self, ok: impl Fn(&str) -> bool) -> String {
        lines_until(&self.out, ok)
            .pop()
            .expect("the line waited for")
    }

    pub(crate) fn url(&self, path: &str) -> String {
        format!("http://127.0.0.1:{}{path}", self.port)
    }

    pub(crate) fn write(&self, rel: &str, text: &str) {
        let p = self.root.join(rel);
        std::fs::create_dir_all(p.parent().expect("parent")).expect("mkdir");
        std::fs::write(p, text).expect("write");
    }

    pub(crate) fn request_host(&self, method: &str, path: &str, host: &str) -> Reply {
        self.raw(method, path, host, &[])
    }

    pub(crate) fn request(&self, method: &str, path: &str, headers: &[(&str, &str)]) -> Reply {
        let host = format!("127.0.0.1:{}", self.port);
        self.raw(method, path, &host, headers)
    }

    fn raw(&self, method: &str, path: &str, host: &str, headers: &[(&str, &str)]) -> Reply {
        let mut s = TcpStream::connect(("127.0.0.1", self.port)).expect("connect");
        s.set_read_timeout(Some(Duration::from_secs(10))).ok();
        let mut req = format!("{method} {path} HTTP/1.1\r\nHost: {host}\r\nConnection: close\r\n");
        for (k, v) in headers {
            let _ = write!(req, "{k}: {v}\r\n");
        }
        req.push_str("\r\n");
        s.write_all(req.as_bytes()).expect("send");
        let mut buf = Vec::new();
        // An event stream never ends: read what came within the timeout.
        let _ = s.read_to_end(&mut buf);
        let text = String::from_utf8_lossy(&buf).into_owned();
        let (head, body) = text.split_once("\r\n\r\n").unwrap_or((&text, ""));
        let status = head
            .split_whitespace()
            .nth(1)
            .and_then(|s| s.parse().ok())
            .unwrap_or(0);
        let body = if head
            .to_ascii_lowercase()
            .contains("transfer-encoding: chunked")
        {
            dechunk(body)
        } else {
            body.to_string()
        };
        Reply {
            status,
            head: head.to_string(),
            body,
        }
    }

    pub(crate) fn get(&self, path: &str) -> Reply {
        self.request("GET", path, &[])
    }

    /// The body of `path` as bytes (binary files are served with a length, not chunked).
    pub(crate) fn get_bytes(&self, path: &str) -> Vec<u8> {
        let mut s = TcpStream::connect(("127.0.0.1", self.port)).expect("connect");
        s.set_read_timeout(Some(Duration::from_secs(10))).ok();
        let req = format!(
            "GET {path} HTTP/1.1\r\nHost: 127.0.0.1:{}\r\nConnection: close\r\n\r\n",
            self.port
        );
        s.write_all(req.as_bytes()).expect("send");
        let mut buf = Vec::new();
        let _ = s.read_to_end(&mut buf);
        let at = buf
            .windows(4)
            .position(|w| w == b"\r\n\r\n")
            .map_or(buf.len(), |p| p + 4);
        buf.split_off(at)
    }

    /// Polls `path` until its body satisfies `ok`.
    pub(crate) fn wait_for(&self, path: &str, ok: impl Fn(&str) -> bool) {
        let started = Instant::now();
        loop {
            let r = self.get(path);
            if r.status < 400 && ok(&r.body) {
                return;
            }
            assert!(
                started.elapsed() < PATIENCE,
                "{path} never became as expected; last ({}):\n{}",
                r.status,
                r.body
            );
            std::thread::sleep(Duration::from_millis(50));
        }
    }

    pub(crate) fn wait_status(&self, path: &str, status: u16) {
        let started = Instant::now();
        while self.get(path).status != status {
            assert!(
                started.elapsed() < PATIENCE,
                "{path} never answered {status}"
            );
            std::thread::sleep(Duration::from_millis(50));
        }
    }

    /// Opens the event stream; its lines arrive on the returned reader.
    pub(crate) fn events(&self) -> Events {
        let mut s = TcpStream::connect(("127.0.0.1", self.port)).expect("connect");
        let req = format!(
            "GET /__maillon/events HTTP/1.1\r\nHost: 127.0.0.1:{}\r\nOrigin: http://127.0.0.1:{}\r\n\r\n",
            self.port, self.port
        );
        s.write_all(req.as_bytes()).expect("send");
        let (tx, rx) = mpsc::channel();
        std::thread::spawn(move || {
            let reader = BufReader::new(s);
            for line in reader.lines() {
                let Ok(line) = line else { break };
                if tx.send(line).is_err() {
                    break;
                }
            }
        });
        let events = Events { rx };
        events.wait_for(|e| e.contains("event: hello"));
        events
    }

    /// Sends SIGINT and checks the server exits cleanly.
    pub(crate) fn stop(mut self) {
        if let Some(mut child) = self.child.take() {
            // SIGINT, as a person pressing Ctrl-C would; std only kills with SIGKILL.
            #[allow(unsafe_code)]
            // SAFETY: `kill` takes a process id and a signal number and touches no memory.
            unsafe {
                libc::kill(child.id() as i32, libc::SIGINT);
            }
            let started = Instant::now();
            loop {
                if let Ok(Some(status)) = child.try_wait() {
                    assert!(status.success(), "serve exited with {status} on Ctrl-C");
                    return;
                }
                if started.elapsed() > Duration::from_secs(10) {
                    let _ = child.kill();
                    panic!("serve did not stop on Ctrl-C");
                }
                std::thread::sleep(Duration::from_millis(50));
            }
        }
    }
}

/// The lines from `rx` up to the first that satisfies `ok` (the last).
fn lines_until(rx: &mpsc::Receiver<String>, ok: impl Fn(&str) -> bool) -> Vec<String> {
    let started = Instant::now();
    let mut seen = Vec::new();
    while started.elapsed() < PATIENCE {
        match rx.recv_timeout(Duration::from_millis(200)) {
            Ok(line) => {
                let done = ok(&line);
                seen.push(line);
                if done {
                    return seen;
                }
            }
            Err(mpsc::RecvTimeoutError::Timeout) => {}
            Err(mpsc::RecvTimeoutError::Disconnected) => break,
        }
    }
    panic!(
        "serve never printed the line expected; it printed:\n{}",
        seen.join("\n")
    );
}

impl Drop for Server {
    fn drop(&mut self) {
        if let Some(mut child) = self.child.take() {
            let _ = child.kill();
            let _ = child.wait();
        }
    }
}

fn dechunk(body: &str) -> String {
    let mut out = String::new();
    let mut rest = body;
    while let Some((size, after)) = rest.split_once("\r\n") {
        let Ok(n) = usize::from_str_radix(size.trim(), 16) else {
            break;
        };
        if n == 0 || after.len() < n {
            out.push_str(&after[..n.min(after.len())]);
            break;
        }
        out.push_str(&after[..n]);
        rest = after[n..].strip_prefix("\r\n").unwrap_or(&after[n..]);
    }
    out
}

/// Lines of an open event stream.
pub(crate) struct Events {
    rx: mpsc::Receiver<String>,
}

impl Events {
    /// Waits until an event whose lines (joined) satisfy `ok` arrives.
    pub(crate) fn wait_for(&self, ok: impl Fn(&str) -> bool) {
        self.next(ok);
    }

    /// The first event to come whose lines (joined) satisfy `ok`.
    pub(crate) fn next(&self, ok: impl Fn(&str) -> bool) -> String {
        let started = Instant::now();
        let mut event = String::new();
        let mut seen = Vec::new();
        while started.elapsed() < PATIENCE {
            match self.rx.recv_timeout(Duration::from_millis(200)) {
                Ok(line) if line.is_empty() => {
                    if ok(&event) {
                        return event;
                    }
                    seen.push(std::mem::take(&mut event));
                }
                Ok(line) => {
                    event.push_str(&line);
                    event.push('\n');
                }
                Err(mpsc::RecvTimeoutError::Timeout) => {}
                Err(_) => break,
            }
        }
        panic!("expected event never came; saw:\n{}", seen.join("\n"));
    }
}

/// The URLs a `reload` event names, and whether it says every page changed (`all`).
pub(crate) fn reloaded(event: &str) -> (Vec<String>, bool) {
    let data = event
        .lines()
        .find_map(|l| l.strip_prefix("data:"))
        .unwrap_or_else(|| panic!("no data in {event}"));
    let v: serde_json::Value = serde_json::from_str(data.trim()).expect("event data");
    let mut urls: Vec<String> = v["urls"]
        .as_array()
        .expect("urls")
        .iter()
        .filter_map(|u| u.as_str().map(String::from))
        .collect();
    urls.sort();
    (urls, v["all"] == true)
}
