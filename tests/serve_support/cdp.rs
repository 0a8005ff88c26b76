//! Headless Chromium driven over the Chrome DevTools Protocol, for the browser tests of `serve`.

use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpStream;
use std::path::Path;
use std::process::{Child, Command, Stdio};
use std::sync::mpsc;
use std::time::{Duration, Instant};

/// Headless Chromium showing one page, driven over the DevTools protocol.
pub(crate) struct Browser {
    child: Child,
    _profile: tempfile::TempDir,
    ws: std::cell::RefCell<tungstenite::WebSocket<tungstenite::stream::MaybeTlsStream<TcpStream>>>,
    next: std::cell::Cell<u64>,
}

impl Browser {
    pub(crate) fn open(binary: &Path, url: &str) -> Browser {
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

    /// Evaluates `expression` in the page; its value as a string.
    pub(crate) fn eval(&self, expression: &str) -> String {
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

    pub(crate) fn wait_text(&self, wanted: &str, patience: Duration) {
        self.wait_eval(
            "document.body ? document.body.innerText : ''",
            wanted,
            patience,
        );
    }

    /// Waits until `expression` evaluates to a string containing `wanted`.
    pub(crate) fn wait_eval(&self, expression: &str, wanted: &str, patience: Duration) {
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
