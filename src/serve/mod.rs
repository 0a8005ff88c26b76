//! `maillon serve`: build into memory, serve over HTTP, rebuild what a save changed, and tell
//! the browser.
//!
//! Three parts, one thread each, sharing one [`Shared`]:
//! - the **watcher** thread ([`watch`]) gathers file events into quiet batches and runs the
//!   rebuild ([`state`]) itself, so rebuilds never overlap and never block a request;
//! - the **server** (axum on a small tokio runtime, [`http`]) answers from [`memory`], which a
//!   rebuild updates in one swap, and streams [`Event`]s to every open page; its accept loop
//!   ([`listen`]) caps connections, request heads, slow clients and event streams;
//! - the **page** runs `live.js`: it reloads when its URL was rendered again (keeping its scroll
//!   position), swaps stylesheets when only CSS changed, and shows the findings for itself.
//!
//! Nothing is ever written to disk: `public/` is not touched, and Ctrl-C stops the server after
//! closing the event streams.

pub mod http;
pub mod listen;
pub mod memory;
pub mod state;
pub mod watch;

use std::collections::HashMap;
use std::net::{IpAddr, SocketAddr};
use std::path::PathBuf;
use std::sync::{Arc, RwLock};
use std::time::Instant;

use tokio::sync::{Semaphore, broadcast};

use crate::diagnostic::{Diagnostic, Severity, render_human, stderr_wants_colour};
use crate::error::{Error, Result};
use memory::MemorySite;
use state::{BuildSettings, Change, State};

/// What `maillon serve` was asked to do.
#[derive(Debug, Clone)]
pub struct ServeOptions {
    /// Site root.
    pub root: PathBuf,
    /// Address to listen on.
    pub bind: IpAddr,
    /// Port (0: any free port).
    pub port: u16,
    /// Open the browser once serving.
    pub open: bool,
    /// Include drafts.
    pub drafts: bool,
}

/// What the live-reload channel sends.
#[derive(Debug, Clone)]
pub enum Event {
    /// Sent first on each connection.
    Hello,
    /// These URL paths were rendered again (`all`: every page may have changed).
    Reload {
        /// URL paths (`/plans/liege/`).
        urls: Vec<String>,
        /// Every page changed.
        all: bool,
    },
    /// Only stylesheets changed.
    Css,
    /// Findings changed without the page changing.
    Findings,
    /// The server is stopping: streams end.
    Shutdown,
}

impl Event {
    fn to_sse(&self) -> axum::response::sse::Event {
        let e = axum::response::sse::Event::default();
        match self {
            Event::Hello => e.event("hello").data("{}"),
            Event::Reload { urls, all } => e
                .event("reload")
                .data(serde_json::json!({ "urls": urls, "all": all }).to_string()),
            Event::Css => e.event("css").data("{}"),
            Event::Findings => e.event("findings").data("{}"),
            Event::Shutdown => e.event("bye").data("{}"),
        }
    }
}

/// Findings as the overlay reads them.
#[derive(Default)]
pub struct Findings {
    by_page: HashMap<String, Vec<Diagnostic>>,
    global: Vec<Diagnostic>,
    error: Option<String>,
}

/// What the server and the watcher share.
pub struct Shared {
    /// The rendered site.
    pub memory: MemorySite,
    /// The findings of the last build.
    pub findings: RwLock<Findings>,
    /// Live-reload events.
    pub events: broadcast::Sender<Event>,
    /// Whether any Host is accepted (listening beyond loopback).
    pub any_host: bool,
    /// One permit per open event stream ([`listen::MAX_EVENT_STREAMS`]).
    pub streams: Arc<Semaphore>,
}

impl Shared {
    /// The findings for the page at URL path `page`, as JSON.
    pub fn findings_json(&self, page: &str) -> String {
        let f = self.findings.read().unwrap_or_else(|e| e.into_inner());
        fn views(list: &[Diagnostic]) -> Vec<crate::diagnostic::View<'_>> {
            list.iter().map(Diagnostic::view).collect()
        }
        serde_json::json!({
            "page": page,
            "error": f.error,
            "global": views(&f.global),
            "findings": views(f.by_page.get(page).map_or(&[][..], Vec::as_slice)),
        })
        .to_string()
    }

    fn set_findings(&self, state: &State, error: Option<String>) {
        let (by_page, global) = state.findings();
        *self.findings.write().unwrap_or_else(|e| e.into_inner()) = Findings {
            by_page,
            global,
            error,
        };
    }

    fn set_error(&self, error: String) {
        self.findings
            .write()
            .unwrap_or_else(|e| e.into_inner())
            .error = Some(error);
    }
}

/// URL path of a served file (`a/index.html` → `/a/`).
fn url_of(rel: &str) -> String {
    match rel.strip_suffix("index.html") {
        Some(dir) => format!("/{dir}"),
        None => format!("/{rel}"),
    }
}

/// Applies a rebuild's result to the served site and tells the pages.
fn publish(shared: &Shared, state: &State, change: Change, started: Instant) {
    let urls: Vec<String> = change
        .files
        .iter()
        .filter(|(rel, _)| rel.ends_with(".html"))
        .map(|(rel, _)| url_of(rel))
        .collect();
    if change.replace_all {
        shared.memory.replace_all(change.files);
    } else {
        shared.memory.update(change.files);
    }
    shared.set_findings(state, None);
    let event = if change.css_only {
        Event::Css
    } else {
        Event::Reload {
            urls,
            all: change.all,
        }
    };
    let _ = shared.events.send(event);
    let ms = started.elapsed().as_secs_f64() * 1000.0;
    eprintln!("{} in {ms:.0} ms", change.what);
}

/// Prints the errors and warnings of the files in `files` (all, when empty).
fn print_findings(state: &State, files: &[PathBuf]) {
    let shown: Vec<_> = state
        .diagnostics()
        .filter(|d| d.severity != Severity::Info)
        .filter(|d| files.is_empty() || files.contains(&d.file))
        .cloned()
        .collect();
    if files.is_empty() {
        let errors = shown
            .iter()
            .filter(|d| d.severity == Severity::Error)
            .count();
        eprintln!(
            "{errors} errors, {} warnings (shown on their pages)",
            shown.len() - errors
        );
    } else {
        eprint!(
            "{}",
            render_human(&shown, &|p| state.site.source(p), stderr_wants_colour())
        );
    }
}

/// Work deferred until the editor pauses: the search index after page edits.
fn on_idle(shared: &Shared, state: &mut State) {
    if !state.search_stale {
        return;
    }
    state.search_stale = false;
    match state.search_files() {
        Ok(index) => shared.memory.update(index),
        Err(e) => eprintln!("search index not updated: {e}"),
    }
}

/// Handles one batch of changes on the watcher thread.
fn on_batch(shared: &Shared, state: &mut State, batch: watch::Batch) {
    let started = Instant::now();
    let result = if batch.full || state.rebuild_owed || batch.pages.len() > 20 {
        state.rebuild().map(|c| (c, Vec::new()))
    } else {
        let mut changes = Vec::new();
        let mut files = Vec::new();
        let mut failed = None;
        if !batch.templates.is_empty() || batch.strings {
            changes.push(state.templates_changed(&batch.templates, batch.strings));
        }
        if batch.statics {
            // One event per batch: stylesheets saved with anything else reload every page, as
            // a reload cannot also swap the stylesheets of the pages it leaves alone.
            let alone = batch.templates.is_empty() && !batch.strings && batch.pages.is_empty();
            changes.push(state.static_changed(batch.css_only && alone));
        }
        for rel in &batch.pages {
            files.push(PathBuf::from("content").join(rel));
            changes.push(state.content_changed(rel));
        }
        let mut merged: Option<Change> = None;
        for c in changes {
            match c {
                Ok(c) => {
                    merged = Some(match merged {
                        None => c,
                        Some(mut m) => {
                            m.replace_all |= c.replace_all;
                            m.all |= c.all;
                            m.css_only &= c.css_only;
                            if c.replace_all {
                                m.files = c.files;
                            } else {
                                m.files.extend(c.files);
                            }
                            m.what = format!("{}; {}", m.what, c.what);
                            m
                        }
                    });
                }
                Err(e) => failed = Some(e),
            }
        }
        match (failed, merged) {
            (Some(e), _) => Err(e),
            (None, Some(m)) => Ok((m, files)),
            (None, None) => return,
        }
    };
    match result {
        Ok((change, files)) => {
            let full = change.replace_all;
            publish(shared, state, change, started);
            print_findings(state, if full { &[] } else { &files });
            // A full rebuild wrote the index already; after a page edit the index is rebuilt
            // (whole site: ~0.5 s at 10,000 pages) once the editor pauses, so it never delays
            // the next save's page.
            if !full && !files.is_empty() {
                state.search_stale = true;
            }
        }
        Err(e) => {
            eprintln!("error: {e}\n(the last good build is still served)");
            state.rebuild_owed = true;
            shared.set_error(e.to_string());
            let _ = shared.events.send(Event::Findings);
        }
    }
}

/// Waits for Ctrl-C (or, on Unix, SIGTERM).
async fn stop_signal() {
    #[cfg(unix)]
    {
        use tokio::signal::unix::{SignalKind, signal};
        if let Ok(mut term) = signal(SignalKind::terminate()) {
            tokio::select! {
                _ = tokio::signal::ctrl_c() => {}
                _ = term.recv() => {}
            }
            return;
        }
    }
    let _ = tokio::signal::ctrl_c().await;
}

/// Builds the site, serves it, and rebuilds on every save, until Ctrl-C.
pub fn serve(options: ServeOptions) -> Result<()> {
    let addr = SocketAddr::new(options.bind, options.port);
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()
        .map_err(|e| Error::Other(format!("cannot start the server: {e}")))?;
    let listener = {
        let _in_runtime = runtime.enter();
        listen::bind(addr).map_err(|e| Error::Other(format!("cannot listen on {addr}: {e}")))?
    };
    let addr = listener
        .local_addr()
        .map_err(|e| Error::Other(format!("cannot listen on {addr}: {e}")))?;
    let shown_host = if options.bind.is_unspecified() {
        "127.0.0.1".to_string()
    } else {
        match addr.ip() {
            IpAddr::V6(ip) => format!("[{ip}]"),
            IpAddr::V4(ip) => ip.to_string(),
        }
    };
    let base_url = format!("http://{shown_host}:{}/", addr.port());
    if !options.bind.is_loopback() {
        eprintln!(
            "warning: listening on {} — anyone who can reach this machine can read the preview",
            options.bind
        );
    }
    let settings = BuildSettings {
        root: options.root.clone(),
        drafts: options.drafts,
        base_url: base_url.clone(),
    };
    let started = Instant::now();
    let (mut state, change) = State::full(settings)?;
    let (events, _) = broadcast::channel(64);
    let shared = Arc::new(Shared {
        memory: MemorySite::default(),
        findings: RwLock::new(Findings::default()),
        events,
        any_host: !options.bind.is_loopback(),
        streams: Arc::new(Semaphore::new(listen::MAX_EVENT_STREAMS)),
    });
    publish(&shared, &state, change, started);
    print_findings(&state, &[]);

    let watcher_shared = shared.clone();
    let root = options.root.clone();
    std::thread::spawn(move || {
        let result = watch::watch(&root, |wake| match wake {
            watch::Wake::Batch(batch) => on_batch(&watcher_shared, &mut state, batch),
            watch::Wake::Idle => on_idle(&watcher_shared, &mut state),
        });
        if let Err(e) = result {
            eprintln!("error: {e}; live reload is off");
        }
    });

    println!("Serving at {base_url} (Ctrl-C to stop)");
    if options.open {
        let opener = if cfg!(target_os = "macos") {
            "open"
        } else {
            "xdg-open"
        };
        let _ = std::process::Command::new(opener)
            .arg(&base_url)
            .stdout(std::process::Stdio::null())
            .stderr(std::process::Stdio::null())
            .spawn();
    }

    runtime.block_on(async move {
        let stopping = shared.clone();
        listen::run(listener, http::router(shared), async move {
            stop_signal().await;
            eprintln!("\nstopping");
            let _ = stopping.events.send(Event::Shutdown);
        })
        .await;
    });
    Ok(())
}
