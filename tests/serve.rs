//! `maillon serve` end to end: the real binary on a free port against a temporary site; files
//! are edited, added, renamed and deleted, and the served pages, the findings and the reload
//! events (and the terminal line counting the pages a template edit rendered again) are
//! checked, as is a `templates/` folder created while serving. Browser tests drive headless
//! Chromium with the tests' one driver (`tests/browser`, which fails under `CI=true` when
//! Chromium is missing): the edit shown, the overlay, the stylesheet swap, and the scroll
//! position kept across a reload.

use std::fmt::Write as _;

use crate::common::assert_has;
use std::time::Duration;

use crate::serve_support::{Server, practice_template, reloaded, site, site_with_kinds};

#[test]
fn saves_are_served_with_reload_events() {
    let dir = site();
    let server = Server::start(dir.path());
    let events = server.events();

    let page = server.get("/plans/a/");
    assert_eq!(page.status, 200);
    assert_has(&page.body, "Texte initial");
    assert!(page.body.contains("/__maillon/live.js"));

    // Edit: the new text is served and a reload event names the page.
    server.write(
        "content/plans/a.md",
        &crate::serve_support::page_a("Texte modifié"),
    );
    server.wait_for("/plans/a/", |b| b.contains("Texte modifié"));
    events.wait_for(|e| e.contains("event: reload") && e.contains("/plans/a/"));
    // Its section lists it.
    server.wait_for("/plans/", |b| b.contains("/plans/a/"));

    // Atomic save (write a temporary file, rename it over the page).
    server.write(
        "content/plans/.a.md.tmp",
        &crate::serve_support::page_a("Sauvé atomiquement"),
    );
    std::fs::rename(
        dir.path().join("content/plans/.a.md.tmp"),
        dir.path().join("content/plans/a.md"),
    )
    .expect("rename");
    server.wait_for("/plans/a/", |b| b.contains("Sauvé atomiquement"));

    // Add a page: served, and listed by its section.
    server.write(
        "content/plans/c.md",
        "---\ntitle: Page C\n---\nTexte de C.\n",
    );
    server.wait_for("/plans/c/", |b| b.contains("Texte de C."));
    server.wait_for("/plans/", |b| b.contains("/plans/c/"));

    // Rename it: the old URL is a 404, the new one is served.
    std::fs::rename(
        dir.path().join("content/plans/c.md"),
        dir.path().join("content/plans/d.md"),
    )
    .expect("rename");
    server.wait_for("/plans/d/", |b| b.contains("Texte de C."));
    assert_eq!(server.get("/plans/c/").status, 404);

    // Delete it: 404, and the section no longer lists it.
    std::fs::remove_file(dir.path().join("content/plans/d.md")).expect("delete");
    server.wait_status("/plans/d/", 404);
    server.wait_for("/plans/", |b| !b.contains("/plans/d/"));

    // A broken link is a finding of its page; fixing it clears it.
    let b_md =
        "---\ntitle: Page B\n---\nVoir [A](@/plans/a.md) et [rien](@/plans/nulle-part.md).\n";
    server.write("content/plans/b.md", b_md);
    server.wait_for("/__maillon/findings?page=/plans/b/", |b| {
        b.contains("links/broken") && b.contains("nulle-part")
    });
    server.write(
        "content/plans/b.md",
        "---\ntitle: Page B\n---\nVoir [A](@/plans/a.md).\n",
    );
    server.wait_for("/__maillon/findings?page=/plans/b/", |b| {
        !b.contains("links/broken")
    });

    // A template edit shows on every page.
    let base = dir.path().join("themes/default/templates/base.html");
    let text = std::fs::read_to_string(&base).expect("base.html");
    std::fs::write(
        &base,
        text.replacen("</body>", "<p>MARQUE-GABARIT</p></body>", 1),
    )
    .expect("write");
    for url in ["/plans/a/", "/plans/b/", "/", "/plans/"] {
        server.wait_for(url, |b| b.contains("MARQUE-GABARIT"));
    }
    events.wait_for(|e| e.contains("\"all\":true"));

    // A broken template keeps the last good pages and reports the error; fixing it clears it.
    std::fs::write(&base, "{% if %}").expect("write");
    server.wait_for("/__maillon/findings?page=/plans/a/", |b| {
        b.contains("\"error\":\"") && !b.contains("\"error\":null")
    });
    assert!(server.get("/plans/a/").body.contains("MARQUE-GABARIT"));
    std::fs::write(&base, &text).expect("write");
    server.wait_for("/__maillon/findings?page=/plans/a/", |b| {
        b.contains("\"error\":null")
    });
    server.wait_for("/plans/a/", |b| !b.contains("MARQUE-GABARIT"));

    // A stylesheet edit is a `css` event, and the new CSS is served.
    let css = dir.path().join("themes/default/static/style.css");
    let mut text = std::fs::read_to_string(&css).expect("css");
    text.push_str("\n.marque-css { color: red }\n");
    std::fs::write(&css, text).expect("write");
    server.wait_for("/style.css", |b| b.contains("marque-css"));
    events.wait_for(|e| e.contains("event: css"));

    // Nothing was written to disk.
    assert!(!dir.path().join("public").exists());
    server.stop();
}

#[test]
fn a_template_edit_renders_only_the_pages_using_it() {
    let dir = crate::serve_support::site_with_kinds();
    let server = Server::start(dir.path());
    let events = server.events();
    server.wait_log(|l| l.starts_with("built "));
    assert!(server.get("/pratiques/p1/").body.contains("SURCHARGE-1"));

    // The site's own practice.html: the two practices, and only they, are rendered again.
    server.write(
        "templates/practice.html",
        &crate::serve_support::practice_template("SURCHARGE-2"),
    );
    for url in ["/pratiques/p1/", "/pratiques/p2/"] {
        server.wait_for(url, |b| b.contains("SURCHARGE-2"));
    }
    let line = server.wait_log(|l| l.contains("changed: rendered"));
    assert!(
        line.starts_with("practice.html changed: rendered 2 pages in "),
        "{line}"
    );
    let (urls, all) = reloaded(&events.next(|e| e.contains("event: reload")));
    assert_eq!(urls, ["/pratiques/p1/", "/pratiques/p2/"]);
    assert!(!all);

    // A component file of the theme: the templates calling it (practice and plan) are.
    let facts = dir
        .path()
        .join("themes/default/templates/partials/facts.html");
    let text = std::fs::read_to_string(&facts).expect("facts.html");
    let definition = "{% component facts(rows, @t) -%}";
    assert!(text.contains(definition), "the facts component moved");
    std::fs::write(
        &facts,
        text.replacen(definition, &format!("{definition}<p>FAITS</p>"), 1),
    )
    .expect("write");
    server.wait_for("/lsp/liege/", |b| b.contains("FAITS"));
    let line = server.wait_log(|l| l.contains("changed: rendered"));
    assert!(
        line.starts_with("partials/facts.html changed: rendered 3 pages in "),
        "{line}"
    );
    let (urls, all) = reloaded(&events.next(|e| e.contains("event: reload")));
    assert_eq!(urls, ["/lsp/liege/", "/pratiques/p1/", "/pratiques/p2/"]);
    assert!(!all);
    server.stop();
}

#[test]
fn only_the_built_site_is_served() {
    let dir = site();
    let server = Server::start(dir.path());
    for path in [
        "/../Cargo.toml",
        "/../maillon.toml",
        "/%2e%2e/maillon.toml",
        "/%2E%2E/maillon.toml",
        "/..%2fmaillon.toml",
        "/plans/..%2f..%2fmaillon.toml",
        "/..\\maillon.toml",
        "/%5c..%5cmaillon.toml",
        "/content/plans/a.md",
        "/maillon.toml",
    ] {
        let r = server.get(path);
        assert!(r.status == 400 || r.status == 404, "{path}: {}", r.status);
        assert!(!r.body.contains("base_url"), "{path} leaked the config");
        assert!(
            !r.body.contains("Texte initial\n---"),
            "{path} leaked a source"
        );
    }
    let post = server.request("POST", "/plans/a/", &[]);
    assert_eq!(post.status, 405);
    let head = server.request("HEAD", "/plans/a/", &[]);
    assert_eq!(head.status, 200);
    assert!(head.body.is_empty());
    let page = server.get("/plans/a/");
    assert!(
        !page
            .head
            .to_ascii_lowercase()
            .contains("access-control-allow-origin")
    );
    // Unknown pages get the site's 404 page with status 404.
    let missing = server.get("/nulle-part/");
    assert_eq!(missing.status, 404);
    assert_has(&missing.body, "<html");
    // The event stream refuses foreign origins and foreign hosts.
    let foreign = server.request(
        "GET",
        "/__maillon/events",
        &[("Origin", "http://evil.example")],
    );
    assert_eq!(foreign.status, 403);
    let rebinding = server.request_host("GET", "/__maillon/events", "evil.example");
    assert_eq!(rebinding.status, 403);
    server.stop();
}

#[test]
fn a_real_browser_shows_the_edit() {
    let Some(mut browser) = crate::browser::browser() else {
        return;
    };
    let dir = site();
    let server = Server::start(dir.path());
    browser.open(&server.url("/plans/a/"));
    // A save made before the page (each page, after each reload) listens would go unseen.
    let live = "window.maillonLive";
    browser.wait_text("Texte initial");
    browser.wait_for(live, "open");
    server.write(
        "content/plans/a.md",
        &crate::serve_support::page_a("Vu par le navigateur"),
    );
    browser.wait_text("Vu par le navigateur");
    browser.wait_for(live, "open");

    // A broken link shows in an accessible overlay; fixing it clears it.
    let overlay = "(document.querySelector('#maillon-overlay[role=dialog]') || {innerText: 'none'}).innerText";
    server.write(
        "content/plans/a.md",
        &crate::serve_support::page_a("Lien [cassé](@/plans/absent.md)."),
    );
    browser.wait_for(overlay, "links/broken");
    browser.wait_for(live, "open");
    server.write(
        "content/plans/a.md",
        &crate::serve_support::page_a("Réparé."),
    );
    browser.wait_text("Réparé.");
    browser.wait_for(overlay, "none");
    browser.wait_for(live, "open");

    // A stylesheet edit swaps the stylesheet without reloading the page.
    browser.eval("window.__maillonKept = 'kept'");
    let css = dir.path().join("themes/default/static/style.css");
    let mut text = std::fs::read_to_string(&css).expect("css");
    text.push_str("\nbody { outline: 1px solid red }\n");
    std::fs::write(&css, text).expect("write");
    browser.wait_for(
        "document.querySelector('link[rel=stylesheet]').href",
        "maillon=",
    );
    assert_eq!(
        browser.eval("window.__maillonKept"),
        serde_json::json!("kept"),
        "the page reloaded"
    );
    server.stop();
}

#[test]
fn page_edits_reach_the_search_index() {
    use maillon::search::{encode::Manifest, read};
    let dir = site();
    let server = Server::start(dir.path());
    let page = server.get("/search/");
    let manifest_url = page
        .body
        .split("data-manifest=\"")
        .nth(1)
        .and_then(|rest| rest.split('"').next())
        .expect("the search page names its manifest")
        .to_string();
    let base = format!("{}/", manifest_url.rsplit_once('/').expect("a path").0);
    let found = |word: &str| -> Vec<String> {
        let Ok(m) = serde_json::from_slice::<Manifest>(&server.get_bytes(&manifest_url)) else {
            return Vec::new();
        };
        let load = |p: &str| Some(server.get_bytes(&format!("{base}{p}")));
        read::search(&m, &load, word)
            .unwrap_or_default()
            .iter()
            .filter_map(|&(doc, _)| read::document(&m, &load, doc).ok())
            .map(|d| d.url)
            .collect()
    };
    assert!(found("zephyrologie").is_empty());
    server.write(
        "content/plans/a.md",
        &crate::serve_support::page_a("Texte de zéphyrologie"),
    );
    server.wait_for("/plans/a/", |b| b.contains("zéphyrologie"));
    let started = std::time::Instant::now();
    while !found("zephyrologie").contains(&"/plans/a/".to_string()) {
        assert!(
            started.elapsed() < Duration::from_secs(15),
            "the index never found the new word"
        );
        std::thread::sleep(Duration::from_millis(100));
    }
    server.stop();
}

#[test]
fn a_reload_keeps_the_scroll_position() {
    let Some(mut browser) = crate::browser::browser() else {
        return;
    };
    let dir = site();
    let long = |first: &str| {
        let mut text = format!("---\ntitle: Longue page\n---\n{first}\n");
        for i in 1..=150 {
            let _ = writeln!(
                text,
                "\nParagraphe {i} : assez de texte pour remplir une ligne."
            );
        }
        text
    };
    std::fs::write(
        dir.path().join("content/plans/longue.md"),
        long("PREMIER-ETAT"),
    )
    .expect("write");
    let server = Server::start(dir.path());
    browser.open(&server.url("/plans/longue/"));
    browser.wait("document.documentElement.scrollHeight > 5000");
    // First as browsers behave by default, then with their own restoration turned off (as a
    // page may do), which leaves it to live.js alone.
    for (text, y_before, manual) in [
        ("SECOND-ETAT", 3000.0, false),
        ("TROISIEME-ETAT", 2000.0, true),
    ] {
        // A save made before the page listens would go unseen.
        browser.wait("window.maillonLive === 'open'");
        if manual {
            browser.eval("history.scrollRestoration = 'manual'");
        }
        browser.eval(&format!("window.scrollTo(0, {y_before})"));
        browser.wait(&format!("window.scrollY === {y_before}"));
        // Gone once the page has reloaded.
        browser.eval("window.avantRechargement = true");

        server.write("content/plans/longue.md", &long(text));
        browser.wait(&format!(
            "!!document.body && document.body.innerText.includes('{text}')"
        ));
        assert_eq!(
            browser.eval("[window.avantRechargement, history.scrollRestoration].join()"),
            serde_json::json!(if manual { ",manual" } else { ",auto" }),
            "the page did not reload, or not as intended"
        );
        // The position is put back once the page is laid out: allow it a moment, then compare.
        let started = std::time::Instant::now();
        let mut y = f64::NAN;
        while started.elapsed() < Duration::from_secs(5) {
            browser.wait("document.readyState === 'complete'");
            y = browser.eval("window.scrollY").as_f64().unwrap_or(f64::NAN);
            if (y - y_before).abs() <= 2.0 {
                break;
            }
            std::thread::sleep(Duration::from_millis(50));
        }
        assert!(
            (y - y_before).abs() <= 2.0,
            "scrollY is {y} after the reload, was {y_before} (manual restoration: {manual})"
        );
    }
    server.stop();
}

#[test]
fn a_templates_folder_made_while_serving_is_watched() {
    let dir = site_with_kinds();
    std::fs::remove_dir_all(dir.path().join("templates")).expect("no templates/ at start");
    let server = Server::start(dir.path());
    assert!(!server.get("/pratiques/p1/").body.contains("SURCHARGE"));
    // Creating the folder (and its first template) is seen...
    server.write("templates/practice.html", &practice_template("SURCHARGE-2"));
    server.wait_for("/pratiques/p1/", |b| b.contains("SURCHARGE-2"));
    // ...and so is every later edit inside it.
    server.write("templates/practice.html", &practice_template("SURCHARGE-3"));
    server.wait_for("/pratiques/p1/", |b| b.contains("SURCHARGE-3"));
    server.stop();
}

#[test]
fn a_word_plan_dropped_in_is_served_and_follows_its_saves() {
    let dir = site();
    let server = Server::start(dir.path());
    // Dropped in while serving: served as a page, with its picture.
    std::fs::write(
        dir.path().join("content/plans/pzs.docx"),
        crate::documents::plan(),
    )
    .expect("write");
    server.wait_for("/plans/pzs/", |b| b.contains("Priorité 2 : Drogues"));
    assert_eq!(
        server.get_bytes("/plans/pzs/image1.png"),
        crate::documents::PNG
    );
    // Saved again from Word with a heading renamed: the page follows.
    let body = crate::documents::p("Titre1", &crate::documents::r("Plan révisé en conseil"));
    std::fs::write(
        dir.path().join("content/plans/pzs.docx"),
        crate::documents::docx(&body, &[("word/styles.xml", crate::documents::styles())]),
    )
    .expect("write");
    server.wait_for("/plans/pzs/", |b| b.contains("Plan révisé en conseil"));
}

/// A save reads that plan again and keeps every other plan's reading: the saved plan's findings
/// and matrix follow its text, the other plan's stay as they were.
#[test]
fn a_saved_plan_is_read_again_and_the_others_keep_their_reading() {
    let dir = site_with_kinds();
    let plan = |title: &str, stages: &[&str]| {
        let mut text = format!("---\ntitle: {title}\n---\n## Priorité 1 : Vols\n\n");
        for stage in stages {
            let _ = write!(text, "### {stage}\n\n- Une mesure de {stage}.\n\n");
        }
        text
    };
    let all = ["Prévention", "Réaction", "Suivi"];
    let two = ["Prévention", "Réaction"];
    std::fs::write(dir.path().join("content/lsp/namur.md"), plan("Namur", &all)).expect("write");
    std::fs::write(dir.path().join("content/lsp/mons.md"), plan("Mons", &two)).expect("write");
    let server = Server::start(dir.path());
    let findings = |page: &str| server.get(&format!("/__maillon/findings?page={page}")).body;
    let missing = "chain/missing-stage";
    assert!(!findings("/lsp/namur/").contains(missing));
    assert_has(&findings("/lsp/mons/"), missing);

    // Namur loses its follow-up: its finding and its matrix show it; Mons keeps its finding.
    server.write("content/lsp/namur.md", &plan("Namur", &two));
    server.wait_for("/__maillon/findings?page=/lsp/namur/", |b| {
        b.contains(missing)
    });
    server.wait_for("/lsp/namur/", |b| {
        b.contains("<td class=\"cov cov--missing\">")
    });
    assert_has(&findings("/lsp/mons/"), missing);

    // Mons gains it: its finding goes, Namur's stays.
    server.write("content/lsp/mons.md", &plan("Mons", &all));
    server.wait_for("/__maillon/findings?page=/lsp/mons/", |b| {
        !b.contains(missing)
    });
    server.wait_for("/lsp/mons/", |b| {
        !b.contains("<td class=\"cov cov--missing\">")
    });
    assert_has(&findings("/lsp/namur/"), missing);
    server.stop();
}
