//! Accessibility of the bundled site in a real headless Chromium: axe-core (every WCAG 2.1 A and
//! AA rule) on every page it builds, on search results and filtered catalogues in each language,
//! and no page wider than a 320 px screen; the language switcher followed by keyboard alone; a
//! plan printed with its coverage matrix.
//!
//! axe-core comes from npm: `.ci/run` installs it into `target/axe` (`npm install --prefix
//! target/axe axe-core@4`), or `AXE_CORE` names its `axe.min.js`. Without it, or without Chromium,
//! the test prints that it is skipped, unless `CI=true`, where either missing fails it.

use std::path::{Path, PathBuf};
use std::process::Command;

use serde_json::json;

use crate::browser::{browser, serve};

/// axe-core's script, or `None` (the test is skipped) as the module documentation says.
fn axe_script() -> Option<String> {
    let path = std::env::var_os("AXE_CORE").map_or_else(
        || {
            Path::new(env!("CARGO_MANIFEST_DIR"))
                .join("target/axe/node_modules/axe-core/axe.min.js")
        },
        PathBuf::from,
    );
    match std::fs::read_to_string(&path) {
        Ok(script) => Some(script),
        Err(e) if std::env::var("CI").is_ok_and(|v| v == "true") => panic!(
            "CI=true but axe-core cannot be read at {} ({e}): npm install --prefix target/axe axe-core@4",
            path.display()
        ),
        Err(e) => {
            println!(
                "skipped: axe-core cannot be read at {} ({e}; npm install --prefix target/axe axe-core@4)",
                path.display()
            );
            None
        }
    }
}

/// Builds the bundled site into `out`.
fn build_bundled(out: &Path) {
    let o = Command::new(env!("CARGO_BIN_EXE_maillon"))
        .args(["build", "--root", env!("CARGO_MANIFEST_DIR"), "--output"])
        .arg(out)
        .env("NO_COLOR", "1")
        .output()
        .expect("run maillon");
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
}

/// Every HTML page of `public`, as URL paths (`/`, `/nl/…/`, `/404.html`).
fn pages(public: &Path) -> Vec<String> {
    let mut out: Vec<String> = walkdir::WalkDir::new(public)
        .into_iter()
        .filter_map(Result::ok)
        .filter(|e| e.path().extension().is_some_and(|x| x == "html"))
        .filter_map(|e| {
            let rel = e.path().strip_prefix(public).ok()?.to_string_lossy();
            let rel = rel.replace('\\', "/");
            Some(match rel.strip_suffix("index.html") {
                Some(dir) => format!("/{dir}"),
                None => format!("/{rel}"),
            })
        })
        .collect();
    out.sort();
    out
}

/// What axe-core finds on the page open in the browser: `rule (impact): n × selector`.
const RUN_AXE: &str = r"
axe.run(document, { runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'] } })
  .then(r => r.violations.map(v =>
    `${v.id} (${v.impact}): ${v.nodes.length} × ${v.nodes.slice(0, 3).map(n => n.target.join(' ')).join(', ')}`))
";

/// How much wider than a 320 px window the page is, in CSS pixels (0: it never scrolls
/// sideways), and the widest element sticking out, to say what to fix.
const OVERFLOW: &str = r"
(() => {
  const over = Math.max(document.documentElement.scrollWidth, document.body.scrollWidth) - 320;
  if (over <= 0) return '';
  let widest = null, right = 320;
  for (const el of document.body.querySelectorAll('*')) {
    const r = el.getBoundingClientRect().right;
    if (r > right) { right = r; widest = el; }
  }
  const name = widest ? widest.tagName.toLowerCase() + (widest.id ? '#' + widest.id : '') +
    (widest.className && typeof widest.className === 'string' ? '.' + widest.className.split(' ').join('.') : '') : '?';
  return `${over} px too wide (${name} ends at ${Math.round(right)} px)`;
})()
";

/// The bundled site, built and served: its public folder (kept alive by the guard) and origin.
fn served() -> (tempfile::TempDir, PathBuf, String) {
    let dir = tempfile::tempdir().expect("temp dir");
    let public = dir.path().join("public");
    build_bundled(&public);
    let origin = serve(public.clone());
    (dir, public, origin)
}

/// axe-core's violations on the page open in the browser, each prefixed with `page`.
fn axe_violations(b: &mut crate::browser::Browser, axe: &str, page: &str) -> Vec<String> {
    if b.eval("typeof axe") != json!("object") {
        b.eval(axe);
    }
    b.eval(RUN_AXE)
        .as_array()
        .into_iter()
        .flatten()
        .map(|found| format!("{page}: {}", found.as_str().unwrap_or_default()))
        .collect()
}

#[test]
fn every_page_passes_axe_and_fits_a_320_pixel_screen() {
    let Some(axe) = axe_script() else { return };
    let Some(mut b) = browser() else { return };
    let (_dir, public, origin) = served();
    let pages = pages(&public);
    assert!(pages.len() > 300, "{} pages", pages.len());

    let mut violations = Vec::new();
    let mut too_wide = Vec::new();
    for page in &pages {
        b.viewport(1000, 800);
        b.open(&format!("{origin}{page}"));
        violations.extend(axe_violations(&mut b, &axe, page));
        b.viewport(320, 640);
        let overflow = b.eval(OVERFLOW);
        if let Some(what) = overflow.as_str().filter(|w| !w.is_empty()) {
            too_wide.push(format!("{page}: {what}"));
        }
    }
    assert!(
        violations.is_empty() && too_wide.is_empty(),
        "{} axe-core violations on {} pages:\n{}\n\n{} pages wider than 320 px:\n{}",
        violations.len(),
        pages.len(),
        violations.join("\n"),
        too_wide.len(),
        too_wide.join("\n")
    );
}

/// Pages whose content comes from a script: search results and catalogues with filters ticked,
/// in French, Dutch and German.
#[test]
fn search_results_and_filtered_catalogues_pass_axe() {
    let Some(axe) = axe_script() else { return };
    let Some(mut b) = browser() else { return };
    let (_dir, _public, origin) = served();
    let mut violations = Vec::new();
    for (page, query) in [
        ("/search/?q=cambriolages", "cambriolages"),
        ("/search/?q=zzzzqx", "zzzzqx"),
        ("/nl/search/?q=inbraak", "inbraak"),
        ("/de/search/?q=einbruch", "einbruch"),
    ] {
        b.open(&format!("{origin}{page}"));
        b.answered(query);
        violations.extend(axe_violations(&mut b, &axe, page));
    }
    let searched = b.eval("document.querySelectorAll('.search__results a').length");
    assert!(
        searched.as_u64().is_some_and(|n| n > 0),
        "no German results"
    );
    for page in [
        "/bonnes-pratiques/?f0=cambriolages",
        "/nl/bonnes-pratiques/?f1=preventie",
        "/de/bonnes-pratiques/",
    ] {
        b.open(&format!("{origin}{page}"));
        b.wait("!document.querySelector('form[data-facets]').hidden");
        violations.extend(axe_violations(&mut b, &axe, page));
    }
    let shown = b.eval("document.querySelectorAll('[data-facets-list] > li:not([hidden])').length");
    assert!(
        shown.as_u64().is_some_and(|n| n > 0),
        "no German practice shown"
    );
    assert!(violations.is_empty(), "{}", violations.join("\n"));
}

#[test]
fn the_language_switcher_leads_by_keyboard_to_the_same_page_or_says_there_is_none() {
    let Some(mut b) = browser() else { return };
    let (_dir, _public, origin) = served();
    let practice = "/bonnes-pratiques/mediation-reparatrice-mosanval/";
    b.open(&format!("{origin}{practice}"));
    // French → Dutch → German, each time the same practice.
    b.tab_to(".lang-switch a[hreflang=nl]");
    b.key("Enter", 13);
    b.wait("document.documentElement.lang === 'nl'");
    let nl = b.eval("location.pathname");
    assert_eq!(
        nl,
        json!("/nl/bonnes-pratiques/mediation-reparatrice-mosanval/")
    );
    b.tab_to(".lang-switch a[hreflang=de]");
    b.key("Enter", 13);
    b.wait("document.documentElement.lang === 'de'");
    assert_eq!(
        b.eval("location.pathname"),
        json!("/de/bonnes-pratiques/mediation-reparatrice-mosanval/")
    );
    // A practice only in French: the Dutch entry says so and leads to the Dutch home page.
    b.open(&format!(
        "{origin}/bonnes-pratiques/visite-apres-cambriolage-morval/"
    ));
    let none = b.eval(
        "(a => a.classList.contains('lang-links__none') && a.textContent.trim())(document.querySelector('.lang-switch a[hreflang=nl]'))",
    );
    assert!(
        none.as_str()
            .is_some_and(|t| t.contains("pas de traduction")),
        "{none}"
    );
    b.tab_to(".lang-switch a[hreflang=nl]");
    b.key("Enter", 13);
    b.wait("document.documentElement.lang === 'nl'");
    assert_eq!(b.eval("location.pathname"), json!("/nl/"));
}

/// A plan printed on A4 (about 700 CSS pixels wide inside the margins): navigation, search and
/// filters are left out, the coverage matrix is printed whole, nothing sticks out sideways.
#[test]
fn a_plan_prints_with_its_coverage_matrix() {
    let Some(mut b) = browser() else { return };
    let (_dir, _public, origin) = served();
    b.viewport(700, 1000);
    b.call("Emulation.setEmulatedMedia", json!({"media": "print"}));
    b.open(&format!("{origin}/plans/pssp-herlimont-2020-2025/"));
    let hidden = b.eval(
        "['.site-nav', '.search-form', '.lang-switch', '.skip-link', '.toc', '.site-footer__browse']
           .filter(s => document.querySelector(s) && getComputedStyle(document.querySelector(s)).display !== 'none')",
    );
    assert_eq!(hidden, json!([]), "shown in print");
    let matrix = b.eval(
        "(t => t && getComputedStyle(t).display !== 'none' && t.getBoundingClientRect().right <= 700
           && t.querySelectorAll('tbody tr').length)(document.querySelector('.coverage__table'))",
    );
    assert!(
        matrix.as_u64().is_some_and(|rows| rows > 0),
        "the coverage matrix does not print whole: {matrix}"
    );
    let over =
        b.eval("Math.max(document.documentElement.scrollWidth, document.body.scrollWidth) - 700");
    assert!(over.as_i64().is_some_and(|o| o <= 0), "{over} px too wide");
    // Chromium prints it.
    let pdf = b.call(
        "Page.printToPDF",
        json!({"paperWidth": 8.27, "paperHeight": 11.69}),
    );
    let data = pdf["data"].as_str().unwrap_or_default();
    assert!(data.len() > 10_000, "no PDF: {pdf}");
    b.call("Emulation.setEmulatedMedia", json!({"media": ""}));
}

/// Defines `__control(el)`: whether `el` is a control Tab should reach (a link, button, field,
/// summary or scrollable region that is shown), and `__controls()`, the page's controls.
const CONTROLS: &str = r"
window.__control = el => el.matches('a[href], button, input, select, textarea, summary, [tabindex]')
  && el.tabIndex >= 0 && !el.disabled && el.checkVisibility({ visibilityProperty: true })
  && !el.closest('[hidden], [inert]');
window.__controls = () => [...document.querySelectorAll('*')].filter(window.__control);
window.__controls().length
";

/// Tab from the top of each kind of page reaches every control once and then leaves the page:
/// no control is out of the keyboard's reach and none holds it (no keyboard trap).
#[test]
fn tab_reaches_every_control_of_each_page_type_and_is_never_trapped() {
    let Some(mut b) = browser() else { return };
    let (_dir, _public, origin) = served();
    b.viewport(1000, 800);
    for page in [
        "/",
        "/bonnes-pratiques/",
        "/bonnes-pratiques/visite-apres-cambriolage-morval/",
        "/plans/pssp-herlimont-2020-2025/",
        "/couverture/",
        "/nl/search/?q=inbraak",
        "/de/",
        "/404.html",
    ] {
        b.open(&format!("{origin}{page}"));
        if page.contains("search") {
            b.answered("inbraak");
        }
        let controls = b.eval(CONTROLS).as_u64().unwrap_or(0);
        assert!(controls > 3, "{page}: {controls} controls");
        // Tag each control as Tab reaches it, from the first (the search page focuses its field
        // on load); focus leaving the page ends the walk.
        b.eval(
            "window.__seen = new Set(); (el => { el.focus(); window.__seen.add(el); })(document.querySelector('a[href]'))",
        );
        let mut left = false;
        for _ in 0..controls + 3 {
            b.key("Tab", 9);
            let state = b.eval(
                "(el => { if (!el || el === document.body) return 'out';
                          if (window.__seen.has(el)) return 'again';
                          window.__seen.add(el); return 'new'; })(document.activeElement)",
            );
            if state != json!("new") {
                left = true;
                break;
            }
        }
        let seen = b.eval("window.__seen.size").as_u64().unwrap_or(0);
        let last = b.eval("(el => el.outerHTML.slice(0, 120))(document.activeElement)");
        assert!(
            left,
            "{page}: focus never left the page after {seen} controls (at {last})"
        );
        // What Tab skipped, and what it reached that should not take the focus (hidden).
        let odd = b.eval(
            "window.__controls().filter(el => !window.__seen.has(el)).map(el => 'skipped: ' + el.outerHTML.slice(0, 100))
               .concat([...window.__seen].filter(el => !window.__control(el)).map(el => 'reached: ' + el.outerHTML.slice(0, 100)))",
        );
        assert_eq!(
            seen, controls,
            "{page}: Tab reached {seen} of {controls} controls: {odd}"
        );
    }
}
