//! Cross-site scripting: hostile content built with default settings runs no script in a browser.
//!
//! Every payload (`xss/payloads.rs`) calls `__xss('<id>')` if it ever runs. Before any script
//! of a page, the browser defines `__xss` (and replaces `alert`, `confirm`, `prompt`) to record
//! the call, in the page, in the console and through a DevTools binding, so a call is seen even
//! from a frame or a page that navigates away. Each page is then probed: every inline event
//! handler is fired, every `javascript:` link clicked, and what could run later (inline or
//! foreign scripts, `javascript:`/`data:` addresses, `srcdoc`, refreshes to a script) is listed.

mod payloads;

use std::collections::BTreeSet;

use crate::browser::{Browser, browser, serve};
use crate::common::{TestSite, listing};
use crate::serve_support::Server;
use payloads::{BODY, ELSEWHERE};
use serde_json::json;

// ---- The hostile site -------------------------------------------------------------------------

/// The site with every payload, default settings. `preview` adds the pages that are errors (a
/// build would refuse them; the preview serves the site and shows the errors in its panel).
fn hostile_site(preview: bool) -> TestSite {
    let mut site = TestSite::new()
        .file(
            "maillon.toml",
            "title = \"Site \\\"><script>__xss('xss40')</script> xss40\"\n\
             description = \"Description '-__xss('xss41')-' </title><script>__xss('xss41')</script>\"\n\
             base_url = \"https://example.be/\"\n[languages.fr]\n[languages.nl]\n",
        )
        .file("content/_index.md", "---\ntitle: Accueil\n---\nBienvenue.\n")
        .file(
            "content/cas/_index.md",
            "---\ntitle: \"Cas <script>__xss('xss42')</script> xss42\"\n---\n",
        )
        .file(
            "content/cas/alias.md",
            "---\ntitle: \"Redirection xss60 <script>__xss('xss60')</script>\"\naliases: [\"/ancien/xss60/\"]\n---\nDéplacée.\n",
        )
        .file(
            "content/pratiques/_index.md",
            "---\ntitle: Bonnes pratiques\npage_kind: practice\n---\n",
        )
        .file("content/pratiques/hostile.md", PRACTICE)
        .file(
            "content/pratiques/hostile.nl.md",
            "---\ntitle: \"Praktijk xss59 \\\"><script>__xss('xss59')</script>\"\n---\nTekst.\n",
        )
        .file(
            "content/plans/_index.md",
            "---\ntitle: Plans\npage_kind: plan\n---\n",
        )
        .file("content/plans/hostile.md", PLAN)
        .file(
            "content/plans/liste.md",
            "---\ntitle: Liste\npriorities: [\"Priorité 9 : <svg onload=__xss('xss58')> xss58\"]\n---\n## Priorité 1 : Vols\n\nTexte.\n",
        )
        .file(
            "content/cas/date.md",
            "---\ntitle: Date xss61\ndate: \"2024-01-01<script>__xss('xss61')</script>\"\n---\nTexte.\n",
        );
    for (id, payload) in BODY {
        let page =
            format!("---\ntitle: \"Cas {id}\"\n---\nCas {id} : texte visible.\n\n{payload}\n");
        site = site.file(&format!("content/cas/{id}.md"), &page);
    }
    if preview {
        site = site.file(
            "content/cas/lien.md",
            "---\ntitle: Lien xss62\n---\n[cassé](@/x<img/src=x/onerror=__xss('xss62')>.md)\n",
        );
    }
    site
}

const PRACTICE: &str = r#"---
title: "Pratique xss43 \"><script>__xss('xss43')</script><b x='"
description: "Résumé xss44 </title><script>__xss('xss44')</script>"
slug: "pratique-\"><svg onload=__xss('xss53')>"
"<img src=x onerror=__xss('xss54')>": 1
taxonomies:
  tags: ["<img src=x onerror=__xss('xss45')> xss45"]
  phenomena: ["\"><script>__xss('xss46')</script> xss46"]
  communes: ["'-__xss('xss47')-' xss47"]
  stages: ["prévention"]
extra:
  partners: [{name: "Partenaire xss48", url: "javascript:__xss('xss48')"}]
  contact: "javascript:__xss('xss49')"
  source: "https://example.be/\" onmouseover=\"__xss('xss50')"
  period: "2020'-__xss('xss51')-'"
  results: {un: "<img src=x onerror=__xss('xss52')>"}
---
Pratique xss55 <img src=x onerror=__xss('xss55')> en résumé.

<!-- more -->

Suite.
"#;

const PLAN: &str = r#"---
title: "Plan xss56"
extra:
  period: "2020-2025"
taxonomies:
  communes: ["Liège"]
---
## Priorité 1 : <img src=x onerror=__xss('xss56')> xss56 cambriolages

Des patrouilles.

**Priorité 2 : <svg onload=__xss('xss57')> xss57 drogues**

Des contrôles.
"#;

#[test]
fn at_least_thirty_distinct_payloads_are_written() {
    let ids: BTreeSet<&str> = BODY.iter().chain(ELSEWHERE).map(|(id, _)| *id).collect();
    assert_eq!(
        ids.len(),
        BODY.len() + ELSEWHERE.len(),
        "an id is used twice"
    );
    assert!(ids.len() >= 30, "only {} payloads", ids.len());
    let site = hostile_site(true);
    let sources: String = listing(site.root())
        .iter()
        .map(|rel| std::fs::read_to_string(site.root().join(rel)).expect("read"))
        .collect();
    for (id, payload) in BODY {
        assert!(payload.contains(id), "{id} is not in its payload");
    }
    for (id, _) in ELSEWHERE {
        let call = format!("__xss('{id}')");
        assert!(sources.contains(&call), "{call} is in no file of the site");
    }
}

// ---- The browser's side ---------------------------------------------------------------------

/// Run in every frame before its scripts: `__xss` (and the dialogs) record a call in the page,
/// in the top page, in the console and through the `__xssReport` binding.
const DETECTOR: &str = r"(() => {
  const seen = [];
  const hit = (id) => {
    id = String(id);
    seen.push(id);
    console.error('maillon-xss-ran:' + id);
    try { if (typeof __xssReport === 'function') __xssReport(id); } catch (e) {}
    try { if (top !== window) top.__xss(id); } catch (e) {}
  };
  Object.defineProperty(window, '__xss', { value: hit });
  Object.defineProperty(window, '__xssSeen', { value: seen });
  for (const name of ['alert', 'confirm', 'prompt']) {
    Object.defineProperty(window, name, { value: (m) => hit(name + ':' + m) });
  }
})();";

/// Fires what a visitor could set off (every inline handler, every `javascript:` link) and lists
/// what could still run: scripts not the theme's, handlers, script addresses, frames, refreshes.
const PROBE: &str = r"(async () => {
  const own = /^\/(search\/search\.[0-9a-f]+\.js|catalogue\.js|__maillon\/live\.js)$/;
  const risky = /^\s*(javascript|vbscript|data):/i;
  const found = [];
  const name = (e) => e.outerHTML.slice(0, 120);
  for (const s of document.querySelectorAll('script')) {
    const u = s.src ? new URL(s.src) : null;
    if (!u || u.origin !== location.origin || !own.test(u.pathname)) found.push('script: ' + name(s));
  }
  for (const e of document.querySelectorAll('*')) {
    for (const a of [...e.attributes]) {
      const n = a.name.toLowerCase();
      if (n.startsWith('on')) {
        found.push('handler: ' + name(e));
        try { e.dispatchEvent(new Event(n.slice(2))); } catch (x) {}
      }
      if (['href', 'src', 'action', 'formaction', 'data', 'xlink:href', 'poster', 'srcdoc'].includes(n)
          && (n === 'srcdoc' || risky.test(a.value))) found.push('address: ' + name(e));
      if (n === 'style' && /javascript|expression|url\(/i.test(a.value)) found.push('style: ' + name(e));
    }
  }
  for (const m of document.querySelectorAll('meta[http-equiv]')) {
    if (/javascript|vbscript|data:/i.test(m.content)) found.push('refresh: ' + name(m));
  }
  for (const e of document.querySelectorAll('iframe, frame, object, embed, base, body style')) {
    found.push('element: ' + name(e));
  }
  for (const a of document.querySelectorAll('a[href], area[href]')) {
    if (a.protocol === 'javascript:') a.click();
  }
  await new Promise((r) => setTimeout(r, 30));
  return { ran: [...(window.__xssSeen || ['the detector is missing'])], found };
})()";

/// Chromium with the detector installed, or `None` as `browser()` says (skipped locally).
fn guarded_browser() -> Option<Browser> {
    let mut b = browser()?;
    b.call("Runtime.addBinding", json!({"name": "__xssReport"}));
    b.call(
        "Page.addScriptToEvaluateOnNewDocument",
        json!({"source": DETECTOR}),
    );
    Some(b)
}

/// Probes the page shown; what ran or could run goes into `problems`, named by `what`.
fn probe(b: &mut Browser, what: &str, problems: &mut Vec<String>) {
    let v = b.eval(PROBE);
    for (key, label) in [("ran", "ran"), ("found", "could run")] {
        for item in v[key].as_array().into_iter().flatten() {
            problems.push(format!("{what}: {label}: {}", item.as_str().unwrap_or("?")));
        }
    }
}

/// Every call recorded by the console or the binding since the browser started, whatever page
/// or frame made it.
fn reported(b: &mut Browser) -> Vec<String> {
    b.eval("1");
    let mut out = Vec::new();
    for e in &b.events {
        let p = &e["params"];
        match e["method"].as_str() {
            Some("Runtime.bindingCalled") => out.push(format!("binding: {}", p["payload"])),
            Some("Runtime.consoleAPICalled") => {
                let first = p["args"][0]["value"].as_str().unwrap_or("");
                if first.starts_with("maillon-xss-ran:") {
                    out.push(format!("console: {first}"));
                }
            }
            Some("Page.javascriptDialogOpening") => out.push(format!("dialog: {p}")),
            _ => {}
        }
    }
    out
}

fn text(b: &mut Browser, selector: &str) -> String {
    let js = format!("document.querySelector({}).textContent", json!(selector));
    b.eval(&js).as_str().unwrap_or("").to_string()
}

/// Notes in `problems` unless the text of `selector` contains `wanted`.
fn shows(b: &mut Browser, selector: &str, wanted: &str, problems: &mut Vec<String>) {
    let shown = text(b, selector);
    if !shown.contains(wanted) {
        problems.push(format!(
            "`{wanted}` not shown as text in {selector}: {shown}"
        ));
    }
}

// ---- The tests --------------------------------------------------------------------------------

/// Every page of the build is opened and probed, each payload's id is searched for, and the
/// payloads that should read as text do.
#[test]
fn no_script_from_content_runs_in_the_built_site_or_its_search() {
    let Some(mut b) = guarded_browser() else {
        return;
    };
    let site = hostile_site(false);
    let origin = serve(site.public());
    let run = site.run(&["build", "--base-url", &format!("{origin}/")]);
    assert_eq!(run.code, 0, "{}\n{}", run.stdout, run.stderr);
    let mut problems = Vec::new();

    let pages: Vec<String> = listing(&site.public())
        .into_iter()
        .filter(|f| f.ends_with(".html"))
        .collect();
    assert!(pages.len() >= BODY.len() + 10, "only {} pages", pages.len());
    for rel in &pages {
        let url = format!("{origin}/{}", rel.strip_suffix("index.html").unwrap_or(rel));
        let html = std::fs::read_to_string(site.public().join(rel)).expect("page");
        let alias = html.split("content=\"0; url=").nth(1);
        if let Some(target) = alias
            .and_then(|t| t.split('"').next())
            .filter(|t| t.starts_with(&origin))
        {
            // An alias: its refresh takes the browser to the page.
            b.call("Page.navigate", json!({"url": url}));
            b.wait(&format!(
                "document.readyState === 'complete' && location.href === {}",
                json!(target)
            ));
        } else {
            b.open(&url);
        }
        probe(&mut b, rel, &mut problems);
    }

    // What should read as text does, so escaping is what kept the payloads from running.
    b.open(&format!("{origin}/cas/xss36/"));
    shows(
        &mut b,
        "main",
        "<script>__xss('xss36')</script>",
        &mut problems,
    );
    b.open(&format!("{origin}/cas/xss18/"));
    shows(&mut b, "main", "{{ 7*7 }}", &mut problems);
    let practice = pages
        .iter()
        .find(|p| p.starts_with("pratiques/pratique-"))
        .expect("the practice's page");
    b.open(&format!(
        "{origin}/{}",
        practice.trim_end_matches("index.html")
    ));
    shows(
        &mut b,
        "h1",
        "\"><script>__xss('xss43')</script><b x='",
        &mut problems,
    );
    shows(&mut b, "title", "xss40", &mut problems);
    shows(
        &mut b,
        "main",
        "<img src=x onerror=__xss('xss45')> xss45",
        &mut problems,
    );
    shows(&mut b, "main", "javascript:__xss('xss49')", &mut problems);
    shows(&mut b, "main", "2020'-__xss('xss51')-'", &mut problems);
    b.open(&format!("{origin}/"));
    shows(
        &mut b,
        ".site-title",
        "\"><script>__xss('xss40')</script>",
        &mut problems,
    );
    b.open(&format!("{origin}/verification/"));
    shows(
        &mut b,
        "main",
        "<img src=x onerror=__xss('xss54')>",
        &mut problems,
    );

    // Search: each id typed into the field, its results listed, the page probed again.
    b.open(&format!("{origin}/search/"));
    b.answered("");
    let mut unfound = Vec::new();
    for (id, _) in BODY.iter().chain(ELSEWHERE) {
        b.eval(&format!(
            "(i => {{ i.value = {}; i.dispatchEvent(new Event('input')); }})(document.getElementById('m-search-page-q'))",
            json!(id)
        ));
        b.answered(id);
        if b.results().is_empty() {
            unfound.push(*id);
        }
        probe(&mut b, &format!("search for {id}"), &mut problems);
    }
    for (id, _) in BODY {
        assert!(!unfound.contains(id), "a search for {id} found nothing");
    }
    b.eval("(i => { i.value = 'pratique'; i.dispatchEvent(new Event('input')); })(document.getElementById('m-search-page-q'))");
    b.answered("pratique");
    shows(
        &mut b,
        ".search__results",
        "<script>__xss('xss43')</script>",
        &mut problems,
    );

    problems.extend(reported(&mut b));
    assert!(
        problems.is_empty(),
        "content can run script:\n{}",
        problems.join("\n")
    );
}

/// The preview's findings panel quotes plan headings, front matter and links: it opens by itself
/// on a page with findings, and nothing it shows runs.
#[test]
fn no_script_from_content_runs_in_the_preview_findings_panel() {
    let Some(mut b) = guarded_browser() else {
        return;
    };
    let site = hostile_site(true);
    let server = Server::start(site.root());
    let mut problems = Vec::new();
    for (page, rule, quoted) in [
        (
            "/plans/hostile/",
            "chain/missing-stage",
            "<img src=x onerror=__xss('xss56')> xss56",
        ),
        (
            "/plans/liste/",
            "plan/front-matter",
            "<svg onload=__xss('xss58')> xss58",
        ),
        (
            "/cas/lien/",
            "links/broken",
            "@/x<img/src=x/onerror=__xss('xss62')>.md",
        ),
        // The practice's slug, folded: its unknown field's name is quoted.
        (
            "/pratiques/pratique-svg-onload-xss-xss53/",
            "front-matter/unknown-field",
            "<img src=x onerror=__xss('xss54')>",
        ),
    ] {
        // The panel opens by itself on a page with findings, as it does for an editor.
        b.open(&server.url(page));
        b.wait("window.maillonLive === 'open'");
        b.wait(&format!(
            "!!document.querySelector('#maillon-overlay [data-rule=\"{rule}\"]')"
        ));
        probe(&mut b, &format!("preview {page}"), &mut problems);
        shows(&mut b, "#maillon-overlay", quoted, &mut problems);
    }
    problems.extend(reported(&mut b));
    assert!(
        problems.is_empty(),
        "content can run script:\n{}",
        problems.join("\n")
    );
    drop(b);
    server.stop();
}
