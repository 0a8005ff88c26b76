//! What `maillon check` prints, whole, in each of its formats: on the bundled site (its plans'
//! findings and coverage) and on a Word plan checked on its own. A change to any output shows up
//! as a reviewed snapshot diff (`tests/snapshots/`), not as a `contains` that still passes.

use std::process::Command;

use crate::common::TestSite;
use crate::documents::plan;

/// `maillon check` on the bundled site in `format`, with the site's absolute path made `ROOT`.
fn bundled(format: &str) -> String {
    let root = env!("CARGO_MANIFEST_DIR");
    let out = Command::new(env!("CARGO_BIN_EXE_maillon"))
        .args(["check", "--no-cache", "--format", format, "--root", root])
        .env("NO_COLOR", "1")
        .output()
        .unwrap();
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    // Human output goes to standard error and the matrix to standard output.
    let text = format!(
        "{}{}",
        String::from_utf8_lossy(&out.stderr),
        String::from_utf8_lossy(&out.stdout)
    );
    text.replace(root, "ROOT")
}

#[test]
fn bundled_site_human() {
    insta::assert_snapshot!(bundled("human"));
}

#[test]
fn bundled_site_json() {
    insta::assert_snapshot!(bundled("json"));
}

#[test]
fn bundled_site_sarif() {
    insta::assert_snapshot!(bundled("sarif"));
}

#[test]
fn bundled_site_github() {
    insta::assert_snapshot!(bundled("github"));
}

#[test]
fn bundled_site_gitlab() {
    insta::assert_snapshot!(bundled("gitlab"));
}

#[test]
fn word_plan_human_and_json() {
    let site = TestSite::bare();
    std::fs::write(site.root().join("pzs.docx"), plan()).unwrap();
    let human = site.run_in(&["check", "pzs.docx"]);
    let json = site.run_in(&["check", "--format", "json", "pzs.docx"]);
    insta::assert_snapshot!(format!(
        "{}{}\n---\n{}",
        human.stderr, human.stdout, json.stdout
    ));
}
