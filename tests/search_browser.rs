//! Search in a real headless Chromium, against a built site served on 127.0.0.1: typing, the
//! keyboard, filters, `?q=`, the Dutch page, no JavaScript, no request leaving the site.
//!
//! Chromium is driven through the DevTools protocol over a WebSocket (tungstenite, the only
//! dev-dependency it needs), so keys are real key events. Without Chromium these tests print
//! that they are skipped, unless `CI=true`, where a missing Chromium fails them.

mod common;

use std::io::{BufRead, BufReader, Read, Write};
use std::net::{TcpListener, TcpStream};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use common::TestSite;
use serde_json::{Value, json};
use tungstenite::stream::MaybeTlsStream;
use tungstenite::{Message, WebSocket};

const WAIT: Duration = Duration::from_secs(20);

fn practice(title: &str, phenomenon: &str, stage: &str, body: &str) -> String {
    format!(
        "---\ntitle: \"{title}\"\ntaxonomies:\n  phenomena: [\"{phenomenon}\"]\n  stages: [\"{stage}\"]\n---\n{body}\n"
    )
}

/// Three practices and a plan in French, one practice in Dutch.
fn site() -> TestSite {
    let site = TestSite::new()
        .file("content/_index.md", "---\ntitle: Accueil\n---\n")
        .file(
            "content/pratiques/_index.md",
            "---\ntitle: Bonnes pratiques\npage_kind: practice\n---\n",
        )
        .file(
            "content/pratiques/techno.md",
            &practice(
                "Technoprévention contre les cambriolages",
                "Cambriolages",
                "prévention",
                "Des conseillers en technoprévention visitent les habitations.",
            ),
        )
        .file(
            "content/pratiques/veille.md",
            &practice(
                "Veille après un cambriolage",
                "Cambriolages",
                "suivi",
                "Les victimes reçoivent une visite de suivi.",
            ),
        )
        .file(
            "content/pratiques/mediation.md",
            &practice(
                "Médiation de quartier",
                "Incivilités",
                "réaction",
                "La médiation règle les conflits de voisinage.",
            ),
        )
        .file(
            "content/plans/_index.md",
            "---\ntitle: Plans\npage_kind: plan\n---\n",
        )
        .file(
            "content/plans/liege.md",
            "---\ntitle: Plan de Liège\ntaxonomies:\n  phenomena: [\"Cambriolages\"]\n---\n## Priorité 1 : Cambriolages\n\nPatrouilles et conseils.\n",
        )
        .file(
            "content/pratiques/techno.nl.md",
            &practice(
                "Technopreventie tegen inbraken",
                "Inbraak",
                "preventie",
                "Adviseurs bezoeken woningen.",
            ),
        );
    let run = site.build();
    assert_eq!(run.code, 0, "{}\n{}", run.stdout, run.stderr);
    site
}

// ---- A static file server on 127.0.0.1 ------------------------------------------------------

/// Serves `dir` on a free port of 127.0.0.1 until the test process ends; returns the origin.
fn serve(dir: PathBuf) -> String {
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
    loop {
        let mut header = String::new();
        match reader.read_line(&mut header) {
            Ok(n) if n > 2 => continue,
            _ => break,
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

/// Chromium, or `None` (and a line saying the test is skipped) when it is absent outside CI.
fn browser() -> Option<Browser> {
    match chromium() {
        Some(path) => Some(Browser::launch(&path)),
        None if std::env::var("CI").is_ok_and(|v| v == "true") => {
            panic!("CI=true but Chromium is missing: apt-get install chromium")
        }
        None => {
            println!("skipped: Chromium not found (apt-get install chromium)");
            None
        }
    }
}

/// The Chromium process, ended when dropped (also when a test panics while starting it).
struct Process(Child);

impl Drop for Process {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

struct Browser {
    _process: Process,
    ws: WebSocket<MaybeTlsStream<TcpStream>>,
    next: u64,
    /// Every event received, in order (`method`, `params`).
    events: Vec<Value>,
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

    fn call(&mut self, method: &str, params: Value) -> Value {
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
                assert!(v.get("error").is_none(), "{method}: {v}");
                return v["result"].clone();
            }
            if v.get("method").is_some() {
                self.events.push(v);
            }
        }
    }

    /// The value of a JavaScript expression in the page.
    fn eval(&mut self, expression: &str) -> Value {
        let r = self.call(
            "Runtime.evaluate",
            json!({"expression": expression, "returnByValue": true, "awaitPromise": true}),
        );
        assert!(r.get("exceptionDetails").is_none(), "{expression}: {r}");
        r["result"]["value"].clone()
    }

    /// Waits until `expression` is true in the page.
    fn wait(&mut self, expression: &str) {
        let start = Instant::now();
        while self.eval(expression) != json!(true) {
            assert!(start.elapsed() < WAIT, "timed out waiting for {expression}");
            std::thread::sleep(Duration::from_millis(30));
        }
    }

    fn open(&mut self, url: &str) {
        self.call("Page.navigate", json!({"url": url}));
        let check = format!(
            "document.readyState === 'complete' && location.href === {}",
            json!(url)
        );
        self.wait(&check);
    }

    /// Waits for the search page to have answered `query`.
    fn answered(&mut self, query: &str) {
        let check = format!(
            "(d => d.state === 'done' && d.query === {})(document.querySelector('[data-search]').dataset)",
            json!(query)
        );
        self.wait(&check);
    }

    fn key(&mut self, key: &str, code: u32) {
        for kind in ["rawKeyDown", "keyUp"] {
            let mut params = json!({"type": kind, "key": key, "code": key,
                "windowsVirtualKeyCode": code, "nativeVirtualKeyCode": code});
            if key == "Enter" && kind == "rawKeyDown" {
                params["type"] = json!("keyDown");
                params["text"] = json!("\r");
            }
            self.call("Input.dispatchKeyEvent", params);
        }
    }

    fn type_text(&mut self, text: &str) {
        for c in text.chars() {
            self.call("Input.insertText", json!({"text": c.to_string()}));
        }
    }

    /// The links of the results shown, in order.
    fn results(&mut self) -> Vec<String> {
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

const INPUT: &str = "document.getElementById('m-search-page-q')";

// ---- The tests --------------------------------------------------------------------------------

#[test]
fn typing_shows_results_and_the_keyboard_moves_through_them() {
    let Some(mut b) = browser() else { return };
    let site = site();
    let origin = serve(site.public());
    b.open(&format!("{origin}/search/"));
    b.answered("");
    assert_eq!(
        b.eval("document.activeElement.id"),
        json!("m-search-page-q")
    );

    // While typing, the last word is a prefix.
    b.type_text("cambrio");
    b.answered("cambrio");
    let mut found = b.results();
    found.sort();
    assert_eq!(
        found,
        ["/plans/liege/", "/pratiques/techno/", "/pratiques/veille/"]
    );
    b.type_text("lages");
    b.answered("cambriolages");
    assert_eq!(b.results().len(), 3);
    assert_eq!(b.eval("location.search"), json!("?q=cambriolages"));
    let status = b.eval("document.querySelector('[role=status]').textContent");
    assert_eq!(status, json!("3 résultats pour « cambriolages »."));
    assert!(
        b.eval("document.querySelectorAll('.search__results mark').length")
            .as_u64()
            .is_some_and(|n| n >= 1)
    );

    // Arrow keys go down the results and back to the field; Escape returns to it.
    let first = b.results()[0].clone();
    let second = b.results()[1].clone();
    b.key("ArrowDown", 40);
    assert_eq!(
        b.eval("document.activeElement.getAttribute('href')"),
        json!(first)
    );
    b.key("ArrowDown", 40);
    assert_eq!(
        b.eval("document.activeElement.getAttribute('href')"),
        json!(second)
    );
    b.key("ArrowUp", 38);
    b.key("ArrowUp", 38);
    assert_eq!(
        b.eval("document.activeElement.id"),
        json!("m-search-page-q")
    );
    b.key("ArrowDown", 40);
    b.key("Escape", 27);
    assert_eq!(
        b.eval("document.activeElement.id"),
        json!("m-search-page-q")
    );

    // Enter searches at once; filters narrow the results.
    b.eval(&format!("{INPUT}.value = ''"));
    b.type_text("mediation");
    b.key("Enter", 13);
    b.answered("mediation");
    assert_eq!(b.results(), ["/pratiques/mediation/"]);
    b.eval(&format!("{INPUT}.value = ''"));
    b.type_text("cambriolage");
    b.answered("cambriolage");
    assert_eq!(b.results().len(), 3);
    b.eval("document.querySelector('input[data-facet=kind][value=plan]').click()");
    b.answered("cambriolage");
    assert_eq!(b.results(), ["/plans/liege/"]);
    b.eval("document.querySelector('input[data-facet=kind][value=plan]').click()");
    b.eval("document.querySelector('input[data-facet=stages][value=suivi]').click()");
    b.answered("cambriolage");
    assert_eq!(b.results(), ["/pratiques/veille/"]);
    assert_eq!(
        b.eval("location.search"),
        json!("?q=cambriolage&stages=suivi")
    );
    b.eval("document.querySelector('input[data-facet=phenomena][value=incivilites]').click()");
    b.answered("cambriolage");
    assert!(b.results().is_empty(), "phenomena and stages both apply");
}

#[test]
fn the_url_query_works_and_the_dutch_page_searches_dutch_pages_only() {
    let Some(mut b) = browser() else { return };
    let site = site();
    let origin = serve(site.public());
    b.open(&format!("{origin}/search/?q=cambriolages"));
    b.answered("cambriolages");
    assert_eq!(b.results().len(), 3);
    assert_eq!(b.eval(&format!("{INPUT}.value")), json!("cambriolages"));
    let ms: f64 = b
        .eval("document.querySelector('[data-search]').dataset.queryMs")
        .as_str()
        .and_then(|s| s.parse().ok())
        .expect("query time");
    assert!(ms < 50.0, "query took {ms} ms");

    // A filter in the URL is ticked and applied.
    b.open(&format!("{origin}/search/?q=cambriolages&kind=plan"));
    b.answered("cambriolages");
    assert_eq!(b.results(), ["/plans/liege/"]);

    b.open(&format!("{origin}/nl/search/?q=inbraak"));
    b.answered("inbraak");
    assert_eq!(b.results(), ["/nl/pratiques/techno/"]);
    assert_eq!(b.eval("document.documentElement.lang"), json!("nl"));
    b.open(&format!("{origin}/nl/search/?q=cambriolages"));
    b.answered("cambriolages");
    assert!(
        b.results().is_empty(),
        "French pages are not in the Dutch index"
    );
    let status = b.eval("document.querySelector('[role=status]').textContent");
    assert_eq!(status, json!("Geen resultaten voor „cambriolages”."));
}

#[test]
fn no_request_leaves_the_site_and_without_javascript_the_page_says_so() {
    let Some(mut b) = browser() else { return };
    let site = site();
    let origin = serve(site.public());
    b.call("Network.enable", json!({}));
    b.open(&format!("{origin}/search/?q=veille"));
    b.answered("veille");
    assert_eq!(b.results(), ["/pratiques/veille/"]);
    let urls: Vec<String> = b
        .events
        .iter()
        .filter(|e| e["method"] == "Network.requestWillBeSent")
        .filter_map(|e| e["params"]["request"]["url"].as_str().map(String::from))
        .collect();
    assert!(urls.iter().any(|u| u.ends_with(".bin")), "{urls:?}");
    for url in &urls {
        assert!(url.starts_with(&origin), "request outside the site: {url}");
    }

    b.call(
        "Emulation.setScriptExecutionDisabled",
        json!({"value": true}),
    );
    b.open(&format!("{origin}/nl/search/"));
    let text = b.eval("document.querySelector('main').innerText");
    assert!(
        text.as_str()
            .is_some_and(|t| t.contains("Zoeken werkt met JavaScript")),
        "{text}"
    );
    assert_eq!(
        b.eval("document.querySelector('[data-search]').hidden"),
        json!(true)
    );
    assert_eq!(
        b.eval("!!document.querySelector('main a[href=\"/nl/phenomena/\"]')"),
        json!(true)
    );
}
