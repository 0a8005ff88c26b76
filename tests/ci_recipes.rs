//! The CI recipes of `docs/ci.md`, as far as they can be tried offline: each parses as YAML with
//! the jobs the page describes, and every `maillon` command they run succeeds on a copy of the
//! bundled site and writes what the next step reads.

use std::path::Path;
use std::process::Command;

use serde_json::Value;

/// The YAML blocks of `docs/ci.md`, parsed, in order.
fn recipes() -> Vec<Value> {
    let page = std::fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join("docs/ci.md"))
        .expect("docs/ci.md");
    page.split("```yaml\n")
        .skip(1)
        .map(|block| {
            let yaml = &block[..block.find("```").expect("closed block")];
            serde_saphyr::from_str(yaml).unwrap_or_else(|e| panic!("{e}\n{yaml}"))
        })
        .collect()
}

/// Every command line a recipe runs: GitHub's `run:` steps, GitLab's `script:` lines.
fn commands(value: &Value, out: &mut Vec<String>) {
    match value {
        Value::Object(map) => {
            for (key, v) in map {
                match (key.as_str(), v) {
                    ("run", Value::String(s)) => out.extend(s.lines().map(str::to_string)),
                    ("script" | "before_script", Value::Array(lines)) => {
                        out.extend(lines.iter().filter_map(|l| l.as_str().map(str::to_string)));
                    }
                    _ => commands(v, out),
                }
            }
        }
        Value::Array(items) => items.iter().for_each(|v| commands(v, out)),
        _ => {}
    }
}

/// A copy of the bundled site (its content and configuration) in `dir`.
fn bundled_copy(dir: &Path) {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    std::fs::copy(root.join("maillon.toml"), dir.join("maillon.toml")).expect("copy config");
    for entry in walkdir::WalkDir::new(root.join("content")) {
        let entry = entry.expect("walk content");
        let rel = entry.path().strip_prefix(root).expect("inside");
        if entry.file_type().is_dir() {
            std::fs::create_dir_all(dir.join(rel)).expect("mkdir");
        } else {
            std::fs::copy(entry.path(), dir.join(rel)).expect("copy");
        }
    }
}

#[test]
fn the_github_and_gitlab_recipes_parse_and_name_their_jobs() {
    let recipes = recipes();
    assert_eq!(recipes.len(), 2);
    let (github, gitlab) = (&recipes[0], &recipes[1]);

    let steps = |job: &str| {
        github["jobs"][job]["steps"]
            .as_array()
            .cloned()
            .unwrap_or_default()
    };
    let uses = |job: &str| -> Vec<String> {
        steps(job)
            .iter()
            .filter_map(|s| s["uses"].as_str().map(str::to_string))
            .collect()
    };
    assert!(
        uses("check")
            .iter()
            .any(|u| u.starts_with("github/codeql-action/upload-sarif@"))
    );
    assert_eq!(
        github["jobs"]["check"]["permissions"]["security-events"],
        "write"
    );
    let upload = steps("check")
        .into_iter()
        .find(|s| {
            s["uses"]
                .as_str()
                .is_some_and(|u| u.contains("upload-sarif"))
        })
        .expect("upload step");
    assert_eq!(upload["with"]["sarif_file"], "maillon.sarif");
    assert_eq!(upload["if"], "always()");
    assert!(
        uses("build")
            .iter()
            .any(|u| u.starts_with("actions/upload-pages-artifact@"))
    );
    assert!(
        uses("deploy")
            .iter()
            .any(|u| u.starts_with("actions/deploy-pages@"))
    );

    assert_eq!(
        gitlab["check"]["artifacts"]["reports"]["codequality"],
        "gl-code-quality-report.json"
    );
    assert_eq!(gitlab["check"]["artifacts"]["when"], "always");
    assert_eq!(gitlab["pages"]["artifacts"]["paths"][0], "public");
    assert_eq!(gitlab["pages"]["stage"], "deploy");
}

#[test]
fn every_maillon_command_of_the_recipes_succeeds_on_the_bundled_site() {
    let mut lines = Vec::new();
    for recipe in recipes() {
        commands(&recipe, &mut lines);
    }
    let runs: Vec<&String> = lines
        .iter()
        .filter(|l| l.trim_start().starts_with("maillon "))
        .collect();
    assert!(runs.len() >= 4, "{lines:?}");

    let dir = tempfile::tempdir().expect("temp dir");
    bundled_copy(dir.path());
    let bin = Path::new(env!("CARGO_BIN_EXE_maillon"));
    let path = format!(
        "{}:{}",
        bin.parent().expect("bin dir").display(),
        std::env::var("PATH").unwrap_or_default()
    );
    for line in runs {
        // GitHub's expressions, as a runner would expand them.
        let line = line
            .replace("${{ github.repository_owner }}", "federal-team")
            .replace("${{ github.event.repository.name }}", "site");
        let o = Command::new("sh")
            .args(["-c", &line])
            .current_dir(dir.path())
            .env("PATH", &path)
            .env("CI_PAGES_URL", "https://federal-team.gitlab.io/site")
            .env("NO_COLOR", "1")
            .output()
            .expect("sh");
        assert!(
            o.status.success(),
            "`{line}` failed:\n{}",
            String::from_utf8_lossy(&o.stderr)
        );
    }
    // What the next steps read.
    let sarif: Value =
        serde_json::from_str(&std::fs::read_to_string(dir.path().join("maillon.sarif")).unwrap())
            .unwrap();
    assert_eq!(sarif["version"], "2.1.0");
    let quality: Value = serde_json::from_str(
        &std::fs::read_to_string(dir.path().join("gl-code-quality-report.json")).unwrap(),
    )
    .unwrap();
    assert!(quality.as_array().is_some_and(|a| !a.is_empty()));
    let home = std::fs::read_to_string(dir.path().join("public/index.html")).unwrap();
    assert!(
        home.contains("https://federal-team.gitlab.io/site/"),
        "the last build's base URL"
    );
}
