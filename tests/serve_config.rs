//! `maillon serve` and its settings, end to end (the real binary on a free port against a
//! temporary site, as in `tests/serve.rs`):
//! - a `maillon.toml` edit rebuilds everything: every served page (home, sections, pages of
//!   each kind, taxonomy lists, search, verification, 404) shows the new title, and the reload
//!   event asks every page to reload;
//! - an invalid `maillon.toml` (an unknown key, broken TOML) keeps the last good site served and
//!   reports `maillon.toml:LINE:COLUMN` on the terminal and to the page, until the file is fixed
//!   (a page saved meanwhile does not hide the error); fixing it rebuilds the pages;
//! - serve listens on 127.0.0.1 unless `--bind` says otherwise, and warns when it does.

use crate::common::assert_has;
use crate::serve_support::{Server, config, page_a, reloaded, site, site_with_kinds};

/// The site title a page's header shows.
fn site_title(body: &str) -> Option<&str> {
    let after = body
        .split("class=\"site-title__mark\" aria-hidden=\"true\"></span>")
        .nth(1)?;
    after.split(['<', '\n']).next().map(str::trim)
}

/// The URL paths the sitemap lists.
fn sitemap(server: &Server) -> Vec<String> {
    let origin = format!("http://127.0.0.1:{}", server.port);
    let body = server.get("/sitemap.xml").body;
    body.split("<loc>")
        .skip(1)
        .filter_map(|rest| rest.split("</loc>").next())
        .map(|url| url.strip_prefix(&origin).unwrap_or(url).to_string())
        .collect()
}

/// The build error the overlay of `page` is given, if any.
fn overlay_error(server: &Server, page: &str) -> Option<String> {
    let reply = server.get(&format!("/__maillon/findings?page={page}"));
    assert_eq!(reply.status, 200, "{}", reply.body);
    let v: serde_json::Value = serde_json::from_str(&reply.body).expect("findings JSON");
    v["error"].as_str().map(String::from)
}

#[test]
fn a_config_edit_rebuilds_every_page() {
    let dir = site_with_kinds();
    // As a user runs it: from the site's folder, with the default root.
    let server = Server::start_in(dir.path(), &[]);
    let events = server.events();
    let listed = sitemap(&server);
    for url in [
        "/",
        "/plans/",
        "/plans/a/",
        "/pratiques/p1/",
        "/lsp/liege/",
        "/tags/",
        "/tags/essai/",
    ] {
        assert!(listed.contains(&url.to_string()), "{url} not in {listed:?}");
    }
    for url in &listed {
        assert_eq!(site_title(&server.get(url).body), Some("Essai"), "{url}");
    }

    server.write("maillon.toml", &config("Nouveau titre"));
    // Sent once the new site is served in full (publish swaps, then tells).
    let event = events.next(|e| e.contains("event: reload"));
    let (urls, all) = reloaded(&event);
    assert!(all, "a config edit must reload every page: {event}");
    for url in listed
        .iter()
        .map(String::as_str)
        .chain(["/search/", "/verification/", "/404.html"])
    {
        assert!(urls.iter().any(|u| u == url), "{url} not rendered again");
    }
    for url in &urls {
        let page = server.get(url);
        assert_eq!(page.status, 200, "{url}");
        assert_eq!(site_title(&page.body), Some("Nouveau titre"), "{url}");
    }
    let feed = server.get("/atom.xml").body;
    assert!(feed.contains("<title>Nouveau titre</title>"), "{feed}");
    server.stop();
}

#[test]
fn an_invalid_config_keeps_the_last_good_site_and_says_where() {
    let dir = site_with_kinds();
    let server = Server::start(dir.path());
    let events = server.events();
    let pages = ["/", "/plans/a/", "/pratiques/p1/", "/tags/essai/"];
    let good = config("Essai");
    let unknown_key = good.replacen('\n', "\ntitel = \"Faute\"\n", 1);
    let broken_toml = good.replacen("Essai\"", "Essai", 1);
    for (text, at) in [
        (&unknown_key, "maillon.toml:2:1: unknown field `titel`"),
        (&broken_toml, "maillon.toml:1:15: "),
    ] {
        server.write("maillon.toml", text);
        let lines = server.log_until(|l| l == "(the last good build is still served)");
        assert!(
            lines.iter().any(|l| l.starts_with(&format!("error: {at}"))),
            "the terminal did not say `{at}`:\n{}",
            lines.join("\n")
        );
        events.wait_for(|e| e.contains("event: findings"));
        for page in pages {
            let error = overlay_error(&server, page).unwrap_or_default();
            assert!(error.starts_with(at), "{page}'s overlay: {error:?}");
            let reply = server.get(page);
            assert_eq!(reply.status, 200, "{page}");
            assert_eq!(site_title(&reply.body), Some("Essai"), "{page}");
        }
    }

    // A page saved meanwhile does not hide the error: the config is still wrong.
    server.write("content/plans/a.md", &page_a("Écrit pendant la panne"));
    server.wait_log(|l| l.starts_with("error: ") || l.ends_with(" ms"));
    let error = overlay_error(&server, "/plans/a/").unwrap_or_default();
    assert!(
        error.starts_with("maillon.toml:1:15: "),
        "a page save hid the config error: {error:?}"
    );

    // Fixed: every page is rebuilt, the page saved meanwhile included, and the error is gone.
    server.write("maillon.toml", &config("Titre réparé"));
    let event = events.next(|e| e.contains("event: reload"));
    assert!(reloaded(&event).1, "{event}");
    for page in pages {
        assert_eq!(overlay_error(&server, page), None, "{page}");
        let reply = server.get(page);
        assert_eq!(site_title(&reply.body), Some("Titre réparé"), "{page}");
    }
    assert!(
        server
            .get("/plans/a/")
            .body
            .contains("Écrit pendant la panne")
    );
    // Still running, and stops cleanly.
    server.stop();
}

/// Whether something accepts a connection at `ip`:`port`.
fn answers(ip: [u8; 4], port: u16) -> bool {
    let addr = std::net::SocketAddr::from((ip, port));
    std::net::TcpStream::connect_timeout(&addr, std::time::Duration::from_secs(5)).is_ok()
}

/// Whether 127.0.0.2 reaches this machine (it does on Linux): a second loopback address tells
/// a server on 127.0.0.1 alone from one on every address.
fn second_loopback() -> bool {
    let usable = std::net::TcpListener::bind("127.0.0.2:0").is_ok();
    if !usable {
        eprintln!("127.0.0.2 is not usable here: what serve listens on is judged by its output");
    }
    usable
}

#[test]
fn serve_listens_on_127_0_0_1_by_default() {
    let dir = site();
    let server = Server::start_in(dir.path(), &[]);
    // The warning would come before the first build.
    let lines = server.log_until(|l| l.starts_with("built "));
    assert!(
        !lines.iter().any(|l| l.contains("warning")),
        "{}",
        lines.join("\n")
    );
    let serving = server.wait_out(|l| l.starts_with("Serving at "));
    let url = format!("http://127.0.0.1:{}/", server.port);
    assert_eq!(serving, format!("Serving at {url} (Ctrl-C to stop)"));
    assert_eq!(server.get("/plans/a/").status, 200);
    if second_loopback() {
        assert!(
            !answers([127, 0, 0, 2], server.port),
            "serve listens beyond 127.0.0.1 by default"
        );
    }
    server.stop();
}

#[test]
fn bind_beyond_loopback_warns_and_serves() {
    let dir = site();
    let server = Server::start_in(dir.path(), &["--bind", "0.0.0.0"]);
    let lines = server.log_until(|l| l.starts_with("built "));
    let warning = "warning: listening on 0.0.0.0 — anyone who can reach this machine can read \
                   the preview";
    assert!(
        lines.iter().any(|l| l == warning),
        "no warning about the risk:\n{}",
        lines.join("\n")
    );
    // The address shown is one a browser can open.
    let serving = server.wait_out(|l| l.starts_with("Serving at "));
    let url = format!("http://127.0.0.1:{}/", server.port);
    assert_eq!(serving, format!("Serving at {url} (Ctrl-C to stop)"));
    let page = server.get("/plans/a/");
    assert_eq!(page.status, 200);
    assert_has(&page.body, "Texte initial");
    if second_loopback() {
        assert!(
            answers([127, 0, 0, 2], server.port),
            "--bind 0.0.0.0 does not listen on every address"
        );
    }
    server.stop();
}
