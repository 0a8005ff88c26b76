//! Checker fixtures: every `tests/check/<rule>/<case>.md` is a plan whose expected findings sit
//! inline, as `<!-- expect: RULE [STAGE] -->` on the line(s) above the flagged line (or with
//! `@LINE` for a finding about line LINE, such as a whole plan's line 1). The harness runs
//! `maillon check --format json` on a site holding that one plan and compares the (rule, line,
//! stage) sets both ways: a missing or an extra finding fails. A `<case>.toml` beside a fixture
//! is appended to its site's maillon.toml. Adding a case means adding a file.

use std::path::Path;

use crate::common::TestSite;

type Finding = (String, usize, String);

/// Expectations written in the fixture.
fn expectations(text: &str) -> Vec<Finding> {
    let lines: Vec<&str> = text.lines().collect();
    let mut out = Vec::new();
    for (i, line) in lines.iter().enumerate() {
        let Some(inner) = line
            .trim()
            .strip_prefix("<!-- expect:")
            .and_then(|r| r.strip_suffix("-->"))
        else {
            continue;
        };
        let mut words: Vec<&str> = inner.split_whitespace().collect();
        let explicit = words
            .iter()
            .position(|w| w.starts_with('@'))
            .map(|p| words.remove(p)[1..].parse::<usize>().expect("@LINE"));
        let target = explicit.unwrap_or_else(|| {
            let next = lines[i + 1..]
                .iter()
                .position(|l| !l.trim().starts_with("<!-- expect:"))
                .expect("an expectation needs a line below it");
            i + 1 + next + 1
        });
        out.push((
            words[0].to_string(),
            target,
            words.get(1).map_or(String::new(), |s| s.to_string()),
        ));
    }
    out.sort();
    out
}

fn run_fixture(path: &Path) -> Result<(), String> {
    let text = std::fs::read_to_string(path).map_err(|e| e.to_string())?;
    let mut config = String::from(
        "title = \"Fixture\"\nbase_url = \"https://example.be/\"\n[languages.fr]\n[languages.nl]\n[languages.de]\n[languages.en]\n",
    );
    if let Ok(extra) = std::fs::read_to_string(path.with_extension("toml")) {
        config.push_str(&extra);
    }
    let site = TestSite::new()
        .file("maillon.toml", &config)
        .file("content/_index.md", "---\ntitle: Accueil\n---\n")
        .file(
            "content/plans/_index.md",
            "---\ntitle: Plans\npage_kind: plan\n---\n",
        )
        .file("content/plans/fixture.md", &text);
    let run = site.run(&["check", "--format", "json"]);
    let json: serde_json::Value = serde_json::from_str(&run.stdout)
        .map_err(|e| format!("not JSON ({e}): {}\n{}", run.stdout, run.stderr))?;
    let mut found: Vec<Finding> = json["diagnostics"]
        .as_array()
        .ok_or("no diagnostics array")?
        .iter()
        .map(|d| {
            (
                d["rule"].as_str().unwrap_or("").to_string(),
                d["line"].as_u64().unwrap_or(0) as usize,
                d["stage"].as_str().unwrap_or("").to_string(),
            )
        })
        .collect();
    found.sort();
    let expected = expectations(&text);
    if found == expected {
        Ok(())
    } else {
        let missing: Vec<_> = expected.iter().filter(|e| !found.contains(e)).collect();
        let extra: Vec<_> = found.iter().filter(|f| !expected.contains(f)).collect();
        Err(format!(
            "{}\n  expected but not found: {missing:?}\n  found but not expected: {extra:?}\n  messages: {}",
            path.display(),
            json["diagnostics"]
        ))
    }
}

#[test]
fn every_fixture_gets_exactly_its_expected_findings() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/check");
    let mut failures = Vec::new();
    let mut count = 0;
    for entry in walkdir::WalkDir::new(&dir).sort_by_file_name() {
        let entry = entry.expect("walk");
        if entry.path().extension().is_some_and(|e| e == "md") {
            count += 1;
            if let Err(e) = run_fixture(entry.path()) {
                failures.push(e);
            }
        }
    }
    assert!(count >= 10, "only {count} fixtures found");
    assert!(
        failures.is_empty(),
        "{} of {count} fixtures failed:\n{}",
        failures.len(),
        failures.join("\n")
    );
}
