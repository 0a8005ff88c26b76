//! The preview server under load and abuse: traversal in every spelling, overlong requests,
//! floods of connections, slow clients and event streams.
//!
//! The abusive clients are raw sockets, so nothing normalises what they send. The tests that
//! need a timeout to run out start the server themselves ([`Tuned`]) with the timeouts
//! shortened through `MAILLON_SERVE_HEAD_TIMEOUT_MS` and `MAILLON_SERVE_STALL_TIMEOUT_MS`, and
//! read its memory from `/proc`. Each test would fail, not merely slow down, if the limit it
//! covers were gone: a client that is never served reads nothing and shows status 0.

use std::io::{ErrorKind, Read, Write};
use std::net::TcpStream;
use std::path::Path;
use std::process::{Child, Command, Stdio};
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::{Duration, Instant};

use maillon::serve::listen::{MAX_CONNECTIONS, MAX_EVENT_STREAMS};

use crate::serve_support::{Server, page_a, site};

/// How long a client that should be served may wait for its answer (slots free by timeouts).
const WAIT: Duration = Duration::from_mins(1);

/// `maillon serve` with shortened timeouts, its process id at hand.
struct Tuned {
    child: Option<Child>,
    port: u16,
}

impl Tuned {
    /// Serves `root` with a head timeout of `head_ms` and a write stall timeout of `stall_ms`.
    fn start(root: &Path, head_ms: u64, stall_ms: u64) -> Tuned {
        let port = std::net::TcpListener::bind("127.0.0.1:0")
            .and_then(|l| l.local_addr())
            .unwrap()
            .port();
        let child = Command::new(env!("CARGO_BIN_EXE_maillon"))
            .args(["serve", "--port", &port.to_string(), "--root"])
            .arg(root)
            .env("NO_COLOR", "1")
            .env("MAILLON_SERVE_HEAD_TIMEOUT_MS", head_ms.to_string())
            .env("MAILLON_SERVE_STALL_TIMEOUT_MS", stall_ms.to_string())
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .unwrap();
        let started = Instant::now();
        while TcpStream::connect(("127.0.0.1", port)).is_err() {
            assert!(started.elapsed() < WAIT, "serve did not start");
            std::thread::sleep(Duration::from_millis(50));
        }
        Tuned {
            child: Some(child),
            port,
        }
    }

    fn child(&mut self) -> &mut Child {
        self.child.as_mut().unwrap()
    }

    /// Resident memory of the server, in kilobytes.
    fn rss_kb(&mut self) -> u64 {
        let pid = self.child().id();
        let status = std::fs::read_to_string(format!("/proc/{pid}/status")).unwrap();
        status
            .lines()
            .find_map(|l| l.strip_prefix("VmRSS:"))
            .and_then(|v| v.trim().trim_end_matches("kB").trim().parse().ok())
            .unwrap()
    }

    fn assert_alive(&mut self) {
        assert!(
            self.child().try_wait().unwrap().is_none(),
            "the server died"
        );
    }

    /// Ctrl-C: the server must exit cleanly, whatever its clients are doing.
    fn stop(mut self) {
        let mut child = self.child.take().unwrap();
        #[allow(unsafe_code)]
        // SAFETY: `kill` takes a process id and a signal number and touches no memory.
        unsafe {
            libc::kill(child.id() as i32, libc::SIGINT);
        }
        let started = Instant::now();
        loop {
            if let Some(status) = child.try_wait().unwrap() {
                assert!(status.success(), "serve exited with {status} on Ctrl-C");
                return;
            }
            if started.elapsed() > Duration::from_secs(20) {
                let _ = child.kill();
                panic!("serve did not stop on Ctrl-C");
            }
            std::thread::sleep(Duration::from_millis(50));
        }
    }
}

impl Drop for Tuned {
    fn drop(&mut self) {
        if let Some(mut child) = self.child.take() {
            let _ = child.kill();
            let _ = child.wait();
        }
    }
}

/// Sends `request` as it is and reads until the server closes (or [`WAIT`] runs out): the
/// status (0 when no answer came) and the whole text. Write errors are expected (the server
/// may close on a request it refuses) and ignored.
fn exchange(port: u16, request: &[u8]) -> (u16, String) {
    let mut s = TcpStream::connect(("127.0.0.1", port)).unwrap();
    s.set_read_timeout(Some(WAIT)).unwrap();
    s.set_write_timeout(Some(WAIT)).unwrap();
    let _ = s.write_all(request);
    let mut buf = Vec::new();
    let _ = s.read_to_end(&mut buf);
    let text = String::from_utf8_lossy(&buf).into_owned();
    let status = text
        .strip_prefix("HTTP/1.1 ")
        .and_then(|t| t.get(..3))
        .and_then(|c| c.parse().ok())
        .unwrap_or(0);
    (status, text)
}

fn get(port: u16, path: &str) -> (u16, String) {
    let request =
        format!("GET {path} HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\nConnection: close\r\n\r\n");
    exchange(port, request.as_bytes())
}

/// Opens an event stream as a page of the server does, without waiting for anything.
fn open_stream(port: u16) -> TcpStream {
    let mut s = TcpStream::connect(("127.0.0.1", port)).unwrap();
    let request = format!(
        "GET /__maillon/events HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\nOrigin: http://127.0.0.1:{port}\r\n\r\n"
    );
    s.write_all(request.as_bytes()).unwrap();
    s
}

/// Reads from `s` until what came holds `needle` (true) or the server closes or 15 s pass
/// (false). Returns what came as well.
fn read_until(s: &mut TcpStream, needle: &str) -> (bool, String) {
    s.set_read_timeout(Some(Duration::from_millis(200)))
        .unwrap();
    let started = Instant::now();
    let mut seen = Vec::new();
    let mut buf = [0u8; 4096];
    while started.elapsed() < Duration::from_secs(15) {
        match s.read(&mut buf) {
            Ok(0) => break,
            Ok(n) => {
                seen.extend_from_slice(&buf[..n]);
                if String::from_utf8_lossy(&seen).contains(needle) {
                    return (true, String::from_utf8_lossy(&seen).into_owned());
                }
            }
            Err(e) if matches!(e.kind(), ErrorKind::WouldBlock | ErrorKind::TimedOut) => {}
            Err(_) => break,
        }
    }
    (false, String::from_utf8_lossy(&seen).into_owned())
}

/// Whether the server closes `s` within [`WAIT`] (whatever it sends before).
fn closed_by_server(s: &mut TcpStream) -> bool {
    s.set_read_timeout(Some(Duration::from_millis(200)))
        .unwrap();
    let started = Instant::now();
    let mut buf = [0u8; 4096];
    while started.elapsed() < WAIT {
        match s.read(&mut buf) {
            Ok(0) => return true,
            Ok(_) => {}
            Err(e) if matches!(e.kind(), ErrorKind::WouldBlock | ErrorKind::TimedOut) => {}
            Err(_) => return true,
        }
    }
    false
}

#[test]
fn no_spelling_of_a_traversal_reaches_the_disk() {
    // The site in `outer/site`, with a secret beside its files and one in the folder above.
    let outer = tempfile::tempdir().unwrap();
    let root = outer.path().join("site");
    let dir = site();
    std::fs::rename(dir.path(), &root).unwrap();
    std::fs::write(outer.path().join("secret.txt"), "SECRET-ABOVE-7d1e").unwrap();
    std::fs::write(root.join("secret.txt"), "SECRET-BESIDE-93ac").unwrap();
    let server = Server::start(&root);
    let port = server.port;

    // The site itself is served, so the refusals below are not a dead server's.
    let page = server.get("/plans/a/");
    assert_eq!(page.status, 200);
    assert!(page.body.contains("Texte initial"));

    let absolute = outer.path().join("secret.txt").display().to_string();
    // Dots, encoded dots (either case, twice encoded), encoded slashes and backslashes, NULs,
    // overlong UTF-8, files beside the site, and the absolute path of the secret above.
    let mut paths: Vec<String> = r"
        /../secret.txt /../../secret.txt /../site/secret.txt /plans/../../secret.txt
        /./../secret.txt /%2e%2e/secret.txt /%2E%2E/secret.txt /%2e%2E/%2E%2e/secret.txt
        /.%2e/secret.txt /%2e./secret.txt /%252e%252e/secret.txt /%252E%252E%252fsecret.txt
        /..%2fsecret.txt /..%2Fsecret.txt /plans/..%2f..%2f..%2fsecret.txt /..%252fsecret.txt
        /..\secret.txt /\..\secret.txt /%5c..%5csecret.txt /..%5Csecret.txt
        /%255c..%255csecret.txt /secret.txt%00 /secret.txt%00.html /%00/../secret.txt
        /secret.txt%2500 /%c0%ae%c0%ae/secret.txt /..%c0%afsecret.txt /..;/secret.txt
        /secret.txt //secret.txt /maillon.toml /content/plans/a.md"
        .split_whitespace()
        .map(String::from)
        .collect();
    paths.push("/secret.txt\0".to_string());
    paths.push(absolute.clone());
    paths.push(format!("/{absolute}"));
    paths.push(absolute.replace('/', "%2f"));
    paths.push(format!("file://{absolute}"));
    paths.push(format!("http://127.0.0.1:{port}/../secret.txt"));
    paths.push(format!("http://127.0.0.1:{port}/%2e%2e/secret.txt"));
    paths.push(format!("http://127.0.0.1:{port}{absolute}"));

    for path in &paths {
        let r = server.get(path);
        assert!((400..500).contains(&r.status), "{path:?}: {}", r.status);
        for text in [&r.head, &r.body] {
            assert!(!text.contains("SECRET-"), "{path:?} leaked a secret file");
            assert!(!text.contains("base_url"), "{path:?} leaked the config");
            assert!(!text.contains("title: Page A"), "{path:?} leaked a source");
        }
    }
    server.stop();
}

#[test]
fn overlong_requests_are_refused_and_others_still_served() {
    let dir = site();
    let server = Server::start(dir.path());
    let port = server.port;
    let host = format!("Host: 127.0.0.1:{port}\r\n");

    let long_url = format!("GET /{} HTTP/1.1\r\n{host}\r\n", "a".repeat(100 * 1024));
    let long_header = format!(
        "GET / HTTP/1.1\r\n{host}X-Long: {}\r\n\r\n",
        "b".repeat(100 * 1024)
    );
    let headers = "X-Header: 1\r\n".repeat(1000);
    let many_headers = format!("GET / HTTP/1.1\r\n{host}{headers}\r\n");
    // A head that never ends: 4 MB of headers without the blank line.
    let endless = format!(
        "GET / HTTP/1.1\r\n{host}{}",
        "X-More: more\r\n".repeat(300_000)
    );

    for (what, request) in [
        ("a 100 KB URL", long_url),
        ("a 100 KB header", long_header),
        ("1,000 headers", many_headers),
        ("a 4 MB head", endless),
    ] {
        let (status, _) = exchange(port, request.as_bytes());
        // 4xx, or closed without an answer (status 0); never a 2xx, never a hang.
        assert!(
            status == 0 || (400..500).contains(&status),
            "{what}: {status}"
        );
        assert_eq!(server.get("/plans/a/").status, 200, "after {what}");
    }

    // A GET announcing an endless body is answered without the body being awaited.
    let (status, text) = exchange(
        port,
        format!(
            "GET /plans/a/ HTTP/1.1\r\n{host}Content-Length: 1000000000000\r\nConnection: close\r\n\r\n"
        )
        .as_bytes(),
    );
    assert_eq!(status, 200, "{text}");
    assert_eq!(server.get("/").status, 200);
    server.stop();
}

#[test]
fn slow_clients_are_dropped_and_cannot_shut_others_out() {
    let dir = site();
    let mut server = Tuned::start(dir.path(), 1000, 30_000);
    let port = server.port;

    // A page's event stream, open for longer than the head timeout throughout.
    let mut stream = open_stream(port);
    assert!(read_until(&mut stream, "event: hello").0);

    // More slow clients than there are slots: half send the start of a request line and then
    // one byte every 300 ms, half send nothing at all.
    let mut slow: Vec<TcpStream> = (0..MAX_CONNECTIONS + 16)
        .map(|i| {
            let mut s = TcpStream::connect(("127.0.0.1", port)).unwrap();
            if i % 2 == 0 {
                s.write_all(b"GET / HTTP/1.1\r\nX-Slow: ").unwrap();
            }
            s
        })
        .collect();
    let done = Arc::new(AtomicBool::new(false));
    let trickle: Vec<TcpStream> = slow
        .iter()
        .step_by(2)
        .map(|s| s.try_clone().unwrap())
        .collect();
    let trickling = {
        let done = done.clone();
        std::thread::spawn(move || {
            let mut trickle = trickle;
            while !done.load(Ordering::Relaxed) {
                for s in &mut trickle {
                    let _ = s.write_all(b"z");
                }
                std::thread::sleep(Duration::from_millis(300));
            }
        })
    };

    // Every slot is taken by a slow client (or the stream); a normal client arriving now is
    // served once the head timeout drops them.
    let (status, body) = get(port, "/plans/a/");
    assert_eq!(status, 200, "a normal client was shut out: {body}");
    assert!(body.contains("Texte initial"));

    // The slow clients were dropped, the trickling ones as well as the silent ones.
    let last = slow.len() - 1;
    for i in [0, 1, MAX_CONNECTIONS / 2, last - 1, last] {
        assert!(closed_by_server(&mut slow[i]), "slow client {i} kept");
    }
    done.store(true, Ordering::Relaxed);
    trickling.join().unwrap();
    drop(slow);

    // The event stream outlived the head timeout and still gets reloads.
    std::fs::write(
        dir.path().join("content/plans/a.md"),
        page_a("Texte rechargé"),
    )
    .unwrap();
    let (reloaded, seen) = read_until(&mut stream, "event: reload");
    assert!(reloaded, "the event stream was cut: {seen}");

    // Ctrl-C with a stream and fresh slow clients open still stops the server.
    let _fresh: Vec<TcpStream> = (0..8)
        .map(|_| {
            let mut s = TcpStream::connect(("127.0.0.1", port)).unwrap();
            s.write_all(b"GET / HTTP/1.1\r\n").unwrap();
            s
        })
        .collect();
    server.assert_alive();
    server.stop();
}

#[test]
fn a_client_that_stops_reading_is_dropped() {
    let dir = site();
    let server = Tuned::start(dir.path(), 10_000, 1000);
    let port = server.port;
    let (status, css) = get(port, "/style.css");
    assert_eq!(status, 200);
    // Enough pipelined requests that their answers overflow every socket buffer (tens of
    // megabytes), the last one closing the connection once answered.
    let size = css.len().max(1);
    let count = (64 * 1024 * 1024 / size).max(2000);
    let one = format!("GET /style.css HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\n");
    let requests = format!(
        "{}{one}Connection: close\r\n\r\n",
        format!("{one}\r\n").repeat(count - 1)
    );
    let mut s = TcpStream::connect(("127.0.0.1", port)).unwrap();
    s.set_write_timeout(Some(Duration::from_secs(20))).unwrap();
    // Sent without reading; the server stops reading too once its answers back up.
    let _ = s.write_all(requests.as_bytes());
    // Long after the stall timeout, read what was sent before the server gave up.
    std::thread::sleep(Duration::from_secs(4));
    s.set_read_timeout(Some(WAIT)).unwrap();
    let mut buf = Vec::new();
    let _ = s.read_to_end(&mut buf);
    let answers = buf.windows(15).filter(|w| w == b"HTTP/1.1 200 OK").count();
    assert!(
        answers < count,
        "all {count} answers were kept waiting for a client that did not read"
    );
    // The slot is free again.
    assert_eq!(get(port, "/plans/a/").0, 200);
    server.stop();
}

#[test]
fn a_thousand_connections_at_once() {
    let dir = site();
    let mut server = Tuned::start(dir.path(), 1000, 30_000);
    let port = server.port;
    assert_eq!(get(port, "/plans/a/").0, 200);
    let before = server.rss_kb();

    // 1,000 connections from 20 threads at once: a third send a whole request and never read
    // the answer, a third half a request, a third nothing.
    let openers: Vec<_> = (0..20)
        .map(|t| {
            std::thread::spawn(move || {
                (0..50)
                    .map(|i| {
                        let mut s = TcpStream::connect(("127.0.0.1", port)).unwrap();
                        match (t * 50 + i) % 3 {
                            0 => {
                                let r = format!(
                                    "GET /plans/a/ HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\n\r\n"
                                );
                                let _ = s.write_all(r.as_bytes());
                            }
                            1 => {
                                let _ = s.write_all(b"GET /plans/a/ HTTP/1.1\r\nHost: 12");
                            }
                            _ => {}
                        }
                        s
                    })
                    .collect::<Vec<_>>()
            })
        })
        .collect();
    let flood: Vec<TcpStream> = openers
        .into_iter()
        .flat_map(|o| o.join().unwrap())
        .collect();
    assert_eq!(flood.len(), 1000);

    // While they are open, another client is served.
    let (status, body) = get(port, "/plans/a/");
    assert_eq!(status, 200, "{body}");
    server.assert_alive();
    let during = server.rss_kb();
    assert!(
        during < before + 200 * 1024,
        "memory grew from {before} kB to {during} kB"
    );

    drop(flood);
    assert_eq!(get(port, "/plans/a/").0, 200);
    server.assert_alive();
    let after = server.rss_kb();
    assert!(
        after < before + 200 * 1024,
        "memory grew from {before} kB to {after} kB"
    );
    server.stop();
}

#[test]
fn event_streams_are_capped_and_others_still_served() {
    let dir = site();
    let server = Server::start(dir.path());
    let port = server.port;

    // 100 pages open at once: all get their hello, and other clients are still served.
    let pages: Vec<_> = (0..100).map(|_| server.events()).collect();
    assert_eq!(server.get("/plans/a/").status, 200);

    // Up to the cap, and one more: refused with 503, and files are still served.
    let mut more: Vec<TcpStream> = (pages.len()..MAX_EVENT_STREAMS)
        .map(|_| {
            let mut s = open_stream(port);
            assert!(read_until(&mut s, "event: hello").0);
            s
        })
        .collect();
    let origin = format!("http://127.0.0.1:{port}");
    let over = server.request("GET", "/__maillon/events", &[("Origin", &origin)]);
    assert_eq!(over.status, 503, "{}", over.head);
    assert_eq!(server.get("/").status, 200);

    // A page that goes away frees its stream.
    drop(more.pop());
    let started = Instant::now();
    loop {
        let mut s = open_stream(port);
        let (ok, seen) = read_until(&mut s, "event: hello");
        if ok {
            more.push(s);
            break;
        }
        assert!(seen.contains(" 503 "), "{seen}");
        assert!(
            started.elapsed() < WAIT,
            "a closed stream never freed its slot"
        );
        std::thread::sleep(Duration::from_millis(100));
    }

    // A reload reaches every page.
    server.write("content/plans/a.md", &page_a("Texte rechargé"));
    for page in &pages {
        page.wait_for(|e| e.contains("event: reload"));
    }
    server.stop();
}
