//! Helpers for the `serve` tests: fixture sites ([`sites`]), the server as a child process (its
//! terminal lines readable), a raw HTTP client (raw, so traversal attempts reach the server
//! unnormalised), an event-stream reader, and a minimal Chrome DevTools Protocol client for the
//! browser test.
#![allow(dead_code)]

mod sites;
pub use sites::*;

use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpStream;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::sync::mpsc;
use std::time::{Duration, Instant};

/// How long a change may take to be served.
const PATIENCE: Duration = Duration::from_secs(15);

/// One HTTP response.
pub struct Reply {
    pub status: u16,
    pub head: String,
    pub body: String,
}

/// `maillon serve` running on a free port.
pub struct Server {
    child: Option<Child>,
    pub port: u16,
    root: PathBuf,
    /// The lines serve prints on stderr (what each rebuild did), as they come.
    log: mpsc::Receiver<String>,
}

impl Server {
    pub fn start(root: &Path) -> Server {
        let port = std::net::TcpListener::bind("127.0.0.1:0")
            .and_then(|l| l.local_addr())
            .expect("free port")
            .port();
        let mut child = Command::new(env!("CARGO_BIN_EXE_maillon"))
            .args(["serve", "--port", &port.to_string(), "--root"])
            .arg(root)
            .env("NO_COLOR", "1")
            .stdout(Stdio::null())
            .stderr(Stdio::piped())
            .spawn()
            .expect("start maillon serve");
        let stderr = child.stderr.take().expect("stderr");
        let (tx, log) = mpsc::channel();
        // Drained all along, so serve never blocks on a full pipe.
        std::thread::spawn(move || {
            for line in BufReader::new(stderr).lines().map_while(Result::ok) {
                let _ = tx.send(line);
            }
        });
        let server = Server {
            child: Some(child),
            port,
            root: root.to_path_buf(),
            log,
        };
        let started = Instant::now();
        while TcpStream::connect(("127.0.0.1", port)).is_err() {
            assert!(
                started.elapsed() < Duration::from_secs(60),
                "serve did not start"
            );
            std::thread::sleep(Duration::from_millis(50));
        }
        // Give the watcher its moment to start (it starts right after the first build).
        std::thread::sleep(Duration::from_millis(300));
        server
    }

    /// Waits for the next line serve prints that satisfies `ok` (earlier lines are dropped).
    pub fn wait_log(&self, ok: impl Fn(&str) -> bool) -> String {
        let started = Instant::now();
        let mut seen = Vec::new();
        while started.elapsed() < PATIENCE {
            match self.log.recv_timeout(Duration::from_millis(200)) {
                Ok(line) if ok(&line) => return line,
                Ok(line) => seen.push(line),
                Err(mpsc::RecvTimeoutError::Timeout) => {}
                Err(mpsc::RecvTimeoutError::Disconnected) => break,
            }
        }
        panic!(
            "serve never printed the line expected; it printed:\n{}",
            seen.join("\n")
        );
    }

    pub fn url(&self, path: &str) -> String {
        format!("http://127.0.0.1:{}{path}", self.port)
    }

    pub fn write(&self, rel: &str, text: &str) {
        let p = self.root.join(rel);
        std::fs::create_dir_all(p.parent().expect("parent")).expect("mkdir");
        std::fs::write(p, text).expect("write");
    }

    pub fn request_host(&self, method: &str, path: &str, host: &str) -> Reply {
        self.raw(method, path, host, &[])
    }

    pub fn request(&self, method: &str, path: &str, headers: &[(&str, &str)]) -> Reply {
        let host = format!("127.0.0.1:{}", self.port);
        self.raw(method, path, &host, headers)
    }

    fn raw(&self, method: &str, path: &str, host: &str, headers: &[(&str, &str)]) -> Reply {
        let mut s = TcpStream::connect(("127.0.0.1", self.port)).expect("connect");
        s.set_read_timeout(Some(Duration::from_secs(10))).ok();
        let mut req = format!("{method} {path} HTTP/1.1\r\nHost: {host}\r\nConnection: close\r\n");
        for (k, v) in headers {
            req.push_str(&format!("{k}: {v}\r\n"));
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

    pub fn get(&self, path: &str) -> Reply {
        self.request("GET", path, &[])
    }

    /// The body of `path` as bytes (binary files are served with a length, not chunked).
    pub fn get_bytes(&self, path: &str) -> Vec<u8> {
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
    pub fn wait_for(&self, path: &str, ok: impl Fn(&str) -> bool) {
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

    pub fn wait_status(&self, path: &str, status: u16) {
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
    pub fn events(&self) -> Events {
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
    pub fn stop(mut self) {
        if let Some(mut child) = self.child.take() {
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
pub struct Events {
    rx: mpsc::Receiver<String>,
}

impl Events {
    /// Waits until an event whose lines (joined) satisfy `ok` arrives.
    pub fn wait_for(&self, ok: impl Fn(&str) -> bool) {
        self.next(ok);
    }

    /// The first event to come whose lines (joined) satisfy `ok`.
    pub fn next(&self, ok: impl Fn(&str) -> bool) -> String {
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

/// The Chromium binary, if installed.
pub fn chromium() -> Option<PathBuf> {
    [
        "/usr/bin/chromium",
        "/usr/bin/chromium-browser",
        "/usr/bin/google-chrome",
    ]
    .iter()
    .map(PathBuf::from)
    .find(|p| p.exists())
}

/// Headless Chromium showing one page, driven over the DevTools protocol.
pub struct Browser {
    child: Child,
    _profile: tempfile::TempDir,
    ws: std::cell::RefCell<tungstenite::WebSocket<tungstenite::stream::MaybeTlsStream<TcpStream>>>,
    next: std::cell::Cell<u64>,
}

impl Browser {
    pub fn open(binary: &Path, url: &str) -> Browser {
        let profile = tempfile::tempdir().expect("profile");
        let mut child = Command::new(binary)
            .args([
                "--headless=new",
                "--no-sandbox",
                "--disable-gpu",
                "--disable-dev-shm-usage",
                "--no-first-run",
                "--remote-debugging-port=0",
            ])
            .arg(format!("--user-data-dir={}", profile.path().display()))
            .arg(url)
            .stdout(Stdio::null())
            .stderr(Stdio::piped())
            .spawn()
            .expect("start chromium");
        let stderr = child.stderr.take().expect("stderr");
        let (tx, rx) = mpsc::channel();
        // Keep draining stderr so Chromium never blocks on it.
        std::thread::spawn(move || {
            for line in BufReader::new(stderr).lines() {
                let Ok(line) = line else { break };
                if let Some(rest) = line.split("ws://127.0.0.1:").nth(1) {
                    let _ = tx.send(rest.split('/').next().and_then(|p| p.parse::<u16>().ok()));
                }
            }
        });
        let port = rx
            .recv_timeout(Duration::from_secs(30))
            .ok()
            .flatten()
            .expect("chromium printed no DevTools address");
        let started = Instant::now();
        let ws_url = loop {
            let mut s = TcpStream::connect(("127.0.0.1", port)).expect("devtools");
            s.set_read_timeout(Some(Duration::from_secs(2))).ok();
            let _ = s.write_all(
                format!(
                    "GET /json/list HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\nConnection: close\r\n\r\n"
                )
                .as_bytes(),
            );
            // The DevTools server may keep the connection open: read until the JSON is whole.
            let mut buf = Vec::new();
            let mut chunk = [0u8; 8192];
            let mut list = serde_json::Value::Null;
            while let Ok(n) = s.read(&mut chunk) {
                if n == 0 {
                    break;
                }
                buf.extend_from_slice(&chunk[..n]);
                let text = String::from_utf8_lossy(&buf);
                let body = text.split_once("\r\n\r\n").map_or("", |(_, b)| b);
                if let Ok(v) = serde_json::from_str(body) {
                    list = v;
                    break;
                }
            }
            let found = list.as_array().and_then(|l| {
                l.iter()
                    .find(|t| t["type"] == "page")
                    .and_then(|t| t["webSocketDebuggerUrl"].as_str().map(String::from))
            });
            if let Some(u) = found {
                break u;
            }
            assert!(
                started.elapsed() < Duration::from_secs(20),
                "no page target"
            );
            std::thread::sleep(Duration::from_millis(100));
        };
        let (ws, _) = tungstenite::connect(ws_url.as_str()).expect("devtools websocket");
        Browser {
            child,
            _profile: profile,
            ws: std::cell::RefCell::new(ws),
            next: std::cell::Cell::new(1),
        }
    }

    /// `document.body.innerText`, or empty while there is no body.
    pub fn text(&self) -> String {
        self.eval("document.body ? document.body.innerText : ''")
    }

    /// Evaluates `expression` in the page; its value as a string.
    pub fn eval(&self, expression: &str) -> String {
        let id = self.next.get();
        self.next.set(id + 1);
        let msg = serde_json::json!({
            "id": id,
            "method": "Runtime.evaluate",
            "params": {"expression": format!("String({expression})"), "returnByValue": true}
        });
        let mut ws = self.ws.borrow_mut();
        ws.send(tungstenite::Message::text(msg.to_string()))
            .expect("send");
        loop {
            let reply = ws.read().expect("read");
            let Ok(text) = reply.to_text() else { continue };
            let v: serde_json::Value = serde_json::from_str(text).unwrap_or_default();
            if v["id"] == id {
                return v["result"]["result"]["value"]
                    .as_str()
                    .unwrap_or_default()
                    .to_string();
            }
        }
    }

    pub fn wait_text(&self, wanted: &str, patience: Duration) {
        self.wait_eval(
            "document.body ? document.body.innerText : ''",
            wanted,
            patience,
        )
    }

    /// Waits until `expression` evaluates to a string containing `wanted`.
    pub fn wait_eval(&self, expression: &str, wanted: &str, patience: Duration) {
        let started = Instant::now();
        loop {
            let text = self.eval(expression);
            if text.contains(wanted) {
                return;
            }
            assert!(
                started.elapsed() < patience,
                "the browser never showed `{wanted}`; it shows:\n{text}"
            );
            std::thread::sleep(Duration::from_millis(100));
        }
    }
}

impl Drop for Browser {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}
