//! The preview's HTTP side: files from memory, the live-reload channel, the findings.
//!
//! Only GET and HEAD are answered (anything else: 405). A request path is refused (400) before
//! any lookup if it holds a `.` or `..` segment, a backslash, a NUL, or an encoded dot, slash,
//! backslash or NUL, so no spelling of a traversal reaches the map — and the map only holds the
//! rendered site, never a file of the disk. A path still spelling one of those once decoded
//! (`%252e`) is refused too. No CORS header is sent. The event stream answers only
//! same-origin requests whose Host is this server (against cross-site pages and DNS rebinding),
//! and at most [`MAX_EVENT_STREAMS`](super::listen::MAX_EVENT_STREAMS) at once (503 beyond).

use std::convert::Infallible;
use std::sync::Arc;

use axum::Router;
use axum::body::Body;
use axum::extract::{Query, State};
use axum::http::{HeaderMap, HeaderValue, Method, StatusCode, Uri, header};
use axum::response::sse::{Event as SseEvent, KeepAlive, Sse};
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use tokio_stream::StreamExt;
use tokio_stream::wrappers::BroadcastStream;

use super::{Event, Shared};

/// The live-reload client, served at `/__maillon/live.js`.
const LIVE_JS: &str = include_str!("live.js");

/// The router of the preview server.
pub fn router(shared: Arc<Shared>) -> Router {
    Router::new()
        .route("/__maillon/events", get(events))
        .route("/__maillon/findings", get(findings))
        .route("/__maillon/live.js", get(live_js))
        .fallback(file)
        .with_state(shared)
}

/// The key in the served map for a raw request path, or the status refusing it.
pub fn resolve(raw: &str) -> Result<String, StatusCode> {
    if raw.contains('\\') || spells_encoded(raw) {
        return Err(StatusCode::BAD_REQUEST);
    }
    let decoded = percent_decode(raw).ok_or(StatusCode::BAD_REQUEST)?;
    // Decoded once, the path must not still spell one (`%252e` → `%2e`): a proxy or a
    // later step decoding again would see a traversal.
    if spells_encoded(&decoded) {
        return Err(StatusCode::BAD_REQUEST);
    }
    if decoded.contains('\0') || !decoded.starts_with('/') {
        return Err(StatusCode::BAD_REQUEST);
    }
    if decoded.split('/').any(|s| s == ".." || s == ".") {
        return Err(StatusCode::BAD_REQUEST);
    }
    let rel = decoded.trim_start_matches('/');
    Ok(if rel.is_empty() || rel.ends_with('/') {
        format!("{rel}index.html")
    } else {
        rel.to_string()
    })
}

/// Whether `path` holds an encoded dot, slash, backslash or NUL, in either case.
fn spells_encoded(path: &str) -> bool {
    let lower = path.to_ascii_lowercase();
    ["%2e", "%2f", "%5c", "%00"]
        .iter()
        .any(|bad| lower.contains(bad))
}

fn percent_decode(s: &str) -> Option<String> {
    let bytes = s.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'%' {
            let hex = std::str::from_utf8(bytes.get(i + 1..i + 3)?).ok()?;
            out.push(u8::from_str_radix(hex, 16).ok()?);
            i += 3;
        } else {
            out.push(bytes[i]);
            i += 1;
        }
    }
    String::from_utf8(out).ok()
}

fn content_type(rel: &str) -> &'static str {
    match rel.rsplit_once('.').map_or("", |(_, e)| e) {
        "html" => "text/html; charset=utf-8",
        "css" => "text/css; charset=utf-8",
        "js" => "text/javascript; charset=utf-8",
        "json" => "application/json",
        "xml" => "application/xml; charset=utf-8",
        "txt" => "text/plain; charset=utf-8",
        "svg" => "image/svg+xml",
        "png" => "image/png",
        "jpg" | "jpeg" => "image/jpeg",
        "gif" => "image/gif",
        "webp" => "image/webp",
        "ico" => "image/x-icon",
        "woff2" => "font/woff2",
        "woff" => "font/woff",
        "pdf" => "application/pdf",
        _ => "application/octet-stream",
    }
}

fn plain(status: StatusCode, text: &'static str) -> Response {
    let mut r = (status, text).into_response();
    harden(r.headers_mut());
    r
}

fn harden(h: &mut HeaderMap) {
    h.insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    h.insert(
        header::X_CONTENT_TYPE_OPTIONS,
        HeaderValue::from_static("nosniff"),
    );
}

async fn file(
    State(shared): State<Arc<Shared>>,
    method: Method,
    uri: Uri,
    headers: HeaderMap,
) -> Response {
    if method != Method::GET && method != Method::HEAD {
        let mut r = plain(StatusCode::METHOD_NOT_ALLOWED, "only GET and HEAD\n");
        r.headers_mut()
            .insert(header::ALLOW, HeaderValue::from_static("GET, HEAD"));
        return r;
    }
    let rel = match resolve(uri.path()) {
        Ok(rel) => rel,
        Err(status) => return plain(status, "bad path\n"),
    };
    let (status, rel, entry) = if let Some(e) = shared.memory.get(&rel) {
        (StatusCode::OK, rel, e)
    } else {
        let dir = format!("{rel}/index.html");
        if !rel.ends_with(".html") && shared.memory.has(&dir) {
            let to = format!("{}/", uri.path());
            let mut r = StatusCode::MOVED_PERMANENTLY.into_response();
            if let Ok(v) = HeaderValue::from_str(&to) {
                r.headers_mut().insert(header::LOCATION, v);
            }
            harden(r.headers_mut());
            return r;
        }
        match shared.memory.get("404.html") {
            Some(e) => (StatusCode::NOT_FOUND, "404.html".to_string(), e),
            None => return plain(StatusCode::NOT_FOUND, "not found\n"),
        }
    };
    let gzip_ok = headers
        .get(header::ACCEPT_ENCODING)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| v.contains("gzip"));
    let mut response = if entry.gzip && gzip_ok {
        let mut r = Response::new(Body::from(entry.body));
        r.headers_mut()
            .insert(header::CONTENT_ENCODING, HeaderValue::from_static("gzip"));
        r
    } else {
        Response::new(Body::from(entry.plain()))
    };
    *response.status_mut() = status;
    let h = response.headers_mut();
    h.insert(
        header::CONTENT_TYPE,
        HeaderValue::from_static(content_type(&rel)),
    );
    h.insert(header::VARY, HeaderValue::from_static("Accept-Encoding"));
    harden(h);
    response
}

/// Whether a request comes from a page of this server: its Host is a name of this server, and
/// its Origin (when a browser sends one) names that same host.
fn same_origin(headers: &HeaderMap, shared: &Shared) -> bool {
    let Some(host) = headers.get(header::HOST).and_then(|v| v.to_str().ok()) else {
        return false;
    };
    let name = host.rsplit_once(':').map_or(host, |(n, _)| n);
    let local = matches!(name, "127.0.0.1" | "localhost" | "[::1]");
    if !local && !shared.any_host {
        return false;
    }
    match headers.get(header::ORIGIN) {
        None => true,
        Some(origin) => origin
            .to_str()
            .ok()
            .and_then(|o| o.strip_prefix("http://"))
            .is_some_and(|o| o == host),
    }
}

async fn events(State(shared): State<Arc<Shared>>, headers: HeaderMap) -> Response {
    if !same_origin(&headers, &shared) {
        return plain(StatusCode::FORBIDDEN, "foreign origin\n");
    }
    // The permit lives in the stream, so the slot frees when the page goes away.
    let Ok(permit) = shared.streams.clone().try_acquire_owned() else {
        let mut r = plain(StatusCode::SERVICE_UNAVAILABLE, "too many event streams\n");
        r.headers_mut()
            .insert(header::RETRY_AFTER, HeaderValue::from_static("5"));
        return r;
    };
    let hello = tokio_stream::once(Event::Hello);
    let updates = BroadcastStream::new(shared.events.subscribe()).filter_map(|e| e.ok());
    let stream = hello
        .chain(updates)
        .take_while(|e| !matches!(e, Event::Shutdown))
        .map(move |e| {
            let _held = &permit;
            Ok::<SseEvent, Infallible>(e.to_sse())
        });
    let mut r = Sse::new(stream)
        .keep_alive(KeepAlive::default())
        .into_response();
    harden(r.headers_mut());
    r
}

#[derive(serde::Deserialize)]
struct PageQuery {
    page: Option<String>,
}

async fn findings(
    State(shared): State<Arc<Shared>>,
    Query(q): Query<PageQuery>,
    headers: HeaderMap,
) -> Response {
    if !same_origin(&headers, &shared) {
        return plain(StatusCode::FORBIDDEN, "foreign origin\n");
    }
    let body = shared.findings_json(q.page.as_deref().unwrap_or("/"));
    let mut r = (
        [(header::CONTENT_TYPE, "application/json")],
        body.into_bytes(),
    )
        .into_response();
    harden(r.headers_mut());
    r
}

async fn live_js() -> Response {
    let mut r = (
        [(header::CONTENT_TYPE, "text/javascript; charset=utf-8")],
        LIVE_JS,
    )
        .into_response();
    harden(r.headers_mut());
    r
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn traversal_is_refused() {
        assert_eq!(resolve("/").unwrap(), "index.html");
        assert_eq!(resolve("/plans/liege/").unwrap(), "plans/liege/index.html");
        assert_eq!(resolve("/site.css").unwrap(), "site.css");
        assert_eq!(resolve("/caf%C3%A9/").unwrap(), "café/index.html");
        for bad in [
            "/../Cargo.toml",
            "/a/../../x",
            "/%2e%2e/maillon.toml",
            "/%2E%2E/x",
            "/..%2fmaillon.toml",
            "/..%5cx",
            "/a\\..\\x",
            "/x%00",
            "/./x",
            "/%zz",
            "/%252e%252e/x",
            "/%252E%252e%252fx",
            "/a%255cx",
            "/x%2500",
        ] {
            assert!(resolve(bad).is_err(), "{bad}");
        }
    }
}
