//! Test support for the browser tests: a static file server on 127.0.0.1, and headless
//! Chromium driven through the DevTools protocol over a WebSocket (tungstenite), so that keys
//! are real key events. [`browser`] is `None` (and says the test is skipped) without Chromium,
//! unless `CI=true`, where a missing Chromium fails the test.

use std::io::{BufRead, BufReader, Read, Write};
use std::net::{TcpListener, TcpStream};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use serde_json::{Value, json};
use tungstenite::stream::MaybeTlsStream;
use tungstenite::{Message, WebSocket};

/// How long any wait may last.
pub(crate) const WAIT: Duration = Duration::from_secs(20);

// ---- A static file server on 127.0.0.1 ------------------------------------------------------

/// Serves `dir` on a free port of 127.0.0.1 until the test process ends; returns the origin.
pub(crate) fn serve(dir: PathBuf) -> String {
    let listener = TcpListener::bind("127.0.0.1:0").expect("bind");
    let origin = format!("http://{}", listener.local_addr().expect("addr"));
    std::thread::spawn(move || {
        for stream in listener.incoming().flatten() {
            let dir = dir.clone();
            std::thread::spawn(move || answer(&dir, stream));
        }
    });
    origin
}

fn answer(dir: &Path, mut stream: TcpStream) {
    let _ = stream.set_read_timeout(Some(Duration::from_secs(10)));
    let mut reader = BufReader::new(&stream);
    let mut line = String::new();
    if reader.read_line(&mut line).is_err() {
        return;
    }
    // Skip the headers, up to the blank line.
    loop {
        let mut header = String::new();
        if !matches!(reader.read_line(&mut header), Ok(n) if n > 2) {
            break;
        }
    }
    let path = line.split_whitespace().nth(1).unwrap_or("/");
    let path = path.split(['?', '#']).next().unwrap_or("/");
    let mut file = dir.to_path_buf();
    for part in path.split('/').filter(|p| !p.is_empty()) {
        if part == ".." {
            return;
        }
        file.push(part);
    }
    if path.ends_with('/') {
        file.push("index.html");
    }
    let (status, body) = match std::fs::read(&file) {
        Ok(b) => ("200 OK", b),
        Err(_) => ("404 Not Found", b"not found".to_vec()),
    };
    let kind = match file.extension().and_then(|e| e.to_str()) {
        Some("html") => "text/html; charset=utf-8",
        Some("css") => "text/css",
        Some("js") => "text/javascript",
        Some("json") => "application/json",
        _ => "application/octet-stream",
    };
    let head = format!(
        "HTTP/1.1 {status}\r\nContent-Type: {kind}\r\nContent-Length: {}\r\nConnection: close\r\n\r\n",
        body.len()
    );
    let _ = stream.write_all(head.as_bytes());
    let _ = stream.write_all(&body);
}

// ---- Chromium over the DevTools protocol ----------------------------------------------------

/// Where Chromium is: `$MAILLON_CHROMIUM`, else the first of its usual names on the `PATH`.
fn chromium() -> Option<PathBuf> {
    if let Some(p) = std::env::var_os("MAILLON_CHROMIUM") {
        return Some(PathBuf::from(p));
    }
    let path = std::env::var_os("PATH")?;
    [
        "chromium",
        "chromium-browser",
        "google-chrome",
        "google-chrome-stable",
    ]
    .iter()
    .flat_map(|name| std::env::split_paths(&path).map(move |d| d.join(name)))
    .find(|p| p.is_file())
}

/// Chromium for a browser test, or `None` (and a line saying the test is skipped) when it is
/// absent outside CI; under `CI=true` its absence fails the test. Every browser test finds it so.
pub(crate) fn chromium_for_test() -> Option<PathBuf> {
    match chromium() {
        Some(path) => Some(path),
        None if std::env::var("CI").is_ok_and(|v| v == "true") => {
            panic!("CI=true but Chromium is missing: apt-get install chromium")
        }
        None => {
            println!("skipped: Chromium not found (apt-get install chromium)");
            None
        }
    }
}

/// Chromium launched, or `None` as [`chromium_for_test`] says.
pub(crate) fn browser() -> Option<Browser> {
    chromium_for_test().map(|path| Browser::launch(&path))
}

/// The Chromium process, ended when dropped (also when a test panics while starting it).
struct Process(Child);

impl Drop for Process {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

pub(crate) struct Browser {
    _process: Process,
    ws: WebSocket<MaybeTlsStream<TcpStream>>,
    next: u64,
    /// Every event received, in order (`method`, `params`).
    pub events: Vec<Value>,
    _profile: tempfile::TempDir,
}

impl Browser {
    fn launch(path: &Path) -> Browser {
        let profile = tempfile::tempdir().expect("profile dir");
        let child = Command::new(path)
            .args([
                "--headless",
                "--no-sandbox",
                "--disable-gpu",
                "--no-first-run",
                "--no-default-browser-check",
                "--disable-extensions",
                "--disable-background-networking",
                "--remote-debugging-port=0",
                "--window-size=1000,800",
            ])
            .arg(format!("--user-data-dir={}", profile.path().display()))
            .arg("about:blank")
            .stdin(Stdio::null())
            .stdout(Stdio::null())
            .stderr(Stdio::piped())
            .spawn()
            .expect("start chromium");
        let mut process = Process(child);
        let stderr = process.0.stderr.take().expect("stderr");
        let (tx, rx) = std::sync::mpsc::channel();
        std::thread::spawn(move || {
            for line in BufReader::new(stderr).lines().map_while(Result::ok) {
                if let Some(url) = line.strip_prefix("DevTools listening on ") {
                    let _ = tx.send(url.to_string());
                }
            }
        });
        let browser_url = rx.recv_timeout(WAIT).expect("chromium did not start");
        let port = browser_url
            .trim_start_matches("ws://")
            .split(['/', ':'])
            .nth(1)
            .expect("port")
            .to_string();
        let list = http_get(&format!("127.0.0.1:{port}"), "/json/list");
        let targets: Vec<Value> = serde_json::from_str(&list).expect("targets");
        let page = targets
            .iter()
            .find(|t| t["type"] == "page")
            .and_then(|t| t["webSocketDebuggerUrl"].as_str())
            .expect("a page target");
        let (ws, _) = tungstenite::connect(page).expect("devtools socket");
        if let MaybeTlsStream::Plain(s) = ws.get_ref() {
            s.set_read_timeout(Some(WAIT)).expect("timeout");
        }
        let mut b = Browser {
            _process: process,
            ws,
            next: 0,
            events: Vec::new(),
            _profile: profile,
        };
        b.call("Page.enable", json!({}));
        b.call("Runtime.enable", json!({}));
        b
    }

    pub(crate) fn call(&mut self, method: &str, params: Value) -> Value {
        self.request(method, params)
            .unwrap_or_else(|error| panic!("{method}: {error}"))
    }

    /// Sends one DevTools command; its result, or the error it answered with.
    fn request(&mut self, method: &str, params: Value) -> Result<Value, Value> {
        self.next += 1;
        let id = self.next;
        let msg = json!({"id": id, "method": method, "params": params}).to_string();
        self.ws.send(Message::Text(msg.into())).expect("send");
        loop {
            let text = match self.ws.read().expect("devtools answer") {
                Message::Text(t) => t.to_string(),
                _ => continue,
            };
            let v: Value = serde_json::from_str(&text).expect("json");
            if v["id"] == id {
                return match v.get("error") {
                    Some(error) => Err(error.clone()),
                    None => Ok(v["result"].clone()),
                };
            }
            if v.get("method").is_some() {
                self.events.push(v);
            }
        }
    }

    /// The value of a JavaScript expression in the page.
    pub(crate) fn eval(&mut self, expression: &str) -> Value {
        let r = self.call(
            "Runtime.evaluate",
            json!({"expression": expression, "returnByValue": true, "awaitPromise": true}),
        );
        assert!(r.get("exceptionDetails").is_none(), "{expression}: {r}");
        r["result"]["value"].clone()
    }

    /// Waits until `expression` is true in the page. While the page reloads (a live reload), an
    /// evaluation may fail ("Inspected target navigated") or throw: that is "not yet".
    pub(crate) fn wait(&mut self, expression: &str) {
        let start = Instant::now();
        loop {
            let answer = self.request(
                "Runtime.evaluate",
                json!({"expression": expression, "returnByValue": true, "awaitPromise": true}),
            );
            let last = match answer {
                Ok(r) if r.get("exceptionDetails").is_none() => {
                    if r["result"]["value"] == json!(true) {
                        return;
                    }
                    r["result"]["value"].clone()
                }
                Ok(r) => r["exceptionDetails"].clone(),
                Err(error) => error,
            };
            assert!(
                start.elapsed() < WAIT,
                "timed out waiting for {expression}; last answer: {last}"
            );
            std::thread::sleep(Duration::from_millis(30));
        }
    }

    /// Waits until `expression`, as a string, contains `wanted`.
    pub(crate) fn wait_for(&mut self, expression: &str, wanted: &str) {
        self.wait(&format!("String({expression}).includes({})", json!(wanted)));
    }

    /// Waits until the page's text contains `wanted`.
    pub(crate) fn wait_text(&mut self, wanted: &str) {
        self.wait_for("document.body ? document.body.innerText : ''", wanted);
    }

    pub(crate) fn open(&mut self, url: &str) {
        self.call("Page.navigate", json!({"url": url}));
        let check = format!(
            "document.readyState === 'complete' && location.href === {}",
            json!(url)
        );
        self.wait(&check);
    }

    /// Waits for the search page to have answered `query`.
    pub(crate) fn answered(&mut self, query: &str) {
        let check = format!(
            "(d => d.state === 'done' && d.query === {})(document.querySelector('[data-search]').dataset)",
            json!(query)
        );
        self.wait(&check);
    }

    pub(crate) fn key(&mut self, key: &str, code: u32) {
        for kind in ["rawKeyDown", "keyUp"] {
            let mut params = json!({"type": kind, "key": key, "code": key,
                "windowsVirtualKeyCode": code, "nativeVirtualKeyCode": code});
            if kind == "rawKeyDown" && (key == "Enter" || key == " ") {
                // Keys that type a character: Enter submits, the space bar ticks a checkbox.
                params["type"] = json!("keyDown");
                params["text"] = json!(if key == "Enter" { "\r" } else { " " });
                if key == " " {
                    params["code"] = json!("Space");
                }
            }
            self.call("Input.dispatchKeyEvent", params);
        }
    }

    /// Presses Tab until the focused element matches `selector` (at most 80 times).
    pub(crate) fn tab_to(&mut self, selector: &str) {
        let check = format!("document.activeElement.matches({})", json!(selector));
        for _ in 0..80 {
            if self.eval(&check) == json!(true) {
                return;
            }
            self.key("Tab", 9);
        }
        panic!("Tab never reached {selector}");
    }

    /// Sets the window's size in CSS pixels.
    pub(crate) fn viewport(&mut self, width: u32, height: u32) {
        self.call(
            "Emulation.setDeviceMetricsOverride",
            json!({"width": width, "height": height, "deviceScaleFactor": 1, "mobile": false}),
        );
    }

    pub(crate) fn type_text(&mut self, text: &str) {
        for c in text.chars() {
            self.call("Input.insertText", json!({"text": c.to_string()}));
        }
    }

    /// The links of the results shown, in order.
    pub(crate) fn results(&mut self) -> Vec<String> {
        let v = self.eval(
            "[...document.querySelectorAll('.search__results a')].map(a => a.getAttribute('href'))",
        );
        serde_json::from_value(v).expect("hrefs")
    }
}

/// A plain HTTP/1.1 GET, read up to its `Content-Length` (the server keeps the connection).
fn http_get(host: &str, path: &str) -> String {
    let mut s = TcpStream::connect(host).expect("connect");
    s.set_read_timeout(Some(WAIT)).expect("timeout");
    let req = format!("GET {path} HTTP/1.1\r\nHost: {host}\r\n\r\n");
    s.write_all(req.as_bytes()).expect("request");
    let mut out = Vec::new();
    let mut buf = [0u8; 8192];
    loop {
        match s.read(&mut buf) {
            Ok(0) => break,
            Ok(n) => out.extend_from_slice(&buf[..n]),
            Err(e) => panic!("reading {path}: {e}"),
        }
        let text = String::from_utf8_lossy(&out);
        if let Some((head, body)) = text.split_once("\r\n\r\n") {
            let length = head
                .lines()
                .find_map(|l| {
                    l.to_ascii_lowercase()
                        .strip_prefix("content-length:")
                        .map(|v| v.trim().to_string())
                })
                .and_then(|v| v.parse::<usize>().ok());
            if length.is_some_and(|n| body.len() >= n) {
                break;
            }
        }
    }
    let text = String::from_utf8_lossy(&out).into_owned();
    text.split_once("\r\n\r\n")
        .map(|(_, b)| b.to_string())
        .unwrap_or_default()
}
