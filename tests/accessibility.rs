//! Accessibility of the bundled site in a real headless Chromium: axe-core (every WCAG 2.1 A and
//! AA rule) on every page it builds, and no page wider than a 320 px screen.
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

#[test]
fn every_page_passes_axe_and_fits_a_320_pixel_screen() {
    let Some(axe) = axe_script() else { return };
    let Some(mut b) = browser() else { return };
    let dir = tempfile::tempdir().expect("temp dir");
    let public = dir.path().join("public");
    build_bundled(&public);
    let origin = serve(public.clone());
    let pages = pages(&public);
    assert!(pages.len() > 300, "{} pages", pages.len());

    let mut violations = Vec::new();
    let mut too_wide = Vec::new();
    for page in &pages {
        b.call(
            "Emulation.setDeviceMetricsOverride",
            json!({"width": 1000, "height": 800, "deviceScaleFactor": 1, "mobile": false}),
        );
        b.open(&format!("{origin}{page}"));
        if b.eval("typeof axe") != json!("object") {
            b.eval(&axe);
        }
        for found in b.eval(RUN_AXE).as_array().into_iter().flatten() {
            violations.push(format!("{page}: {}", found.as_str().unwrap_or_default()));
        }
        b.call(
            "Emulation.setDeviceMetricsOverride",
            json!({"width": 320, "height": 640, "deviceScaleFactor": 1, "mobile": false}),
        );
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
