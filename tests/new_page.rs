//! `maillon new` (pages from archetypes), `maillon completions` and `maillon --version`.

use std::process::Command;

use crate::common::{TestSite, assert_has};

#[test]
fn a_new_plan_starts_with_one_priority_and_its_stages_which_check_asks_to_fill() {
    let site = TestSite::new().file("content/_index.md", "---\ntitle: Accueil\n---\n");
    let run = site.run_in(&["new", "plan", "plans/liege-2026"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert_has(&run.stdout, "Created content/plans/liege-2026.md");
    let text = std::fs::read_to_string(site.root().join("content/plans/liege-2026.md")).unwrap();
    assert_has(&text, "title: \"Liege 2026\"");
    assert_has(&text, "kind: plan");
    assert_has(
        &text,
        "## Priorité 1 : à compléter\n\n### Prévention\n\nÀ compléter.\n\n### Réaction\n\nÀ compléter.\n\n### Suivi\n",
    );
    // Today's date, as the front matter wants it.
    let date = text.lines().find_map(|l| l.strip_prefix("date: ")).unwrap();
    assert!(
        date.len() == 10 && date.starts_with("20") && date.as_bytes()[4] == b'-',
        "{date}"
    );
    // The checker reads it as a plan and points at each stage left to fill, and at the fields.
    let check = site.run(&["check", "--format", "json"]);
    let json: serde_json::Value = serde_json::from_str(&check.stdout).unwrap();
    let rules: Vec<&str> = json["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .filter_map(|d| d["rule"].as_str())
        .collect();
    assert_eq!(
        rules.iter().filter(|r| **r == "chain/empty-stage").count(),
        3,
        "{rules:?}"
    );
    assert!(rules.contains(&"plan/front-matter"), "{rules:?}");
    assert_eq!(site.build().code, 0);
}

#[test]
fn a_new_page_speaks_its_file_name_s_language_and_a_site_archetype_wins() {
    let site = TestSite::new();
    let run = site.run_in(&["new", "practice", "content/pratiques/fuifloket.nl"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let text =
        std::fs::read_to_string(site.root().join("content/pratiques/fuifloket.nl.md")).unwrap();
    assert_has(&text, "kind: practice");
    assert_has(&text, "## Doelgroep\n\nIn te vullen.");
    assert_has(&text, "  stages: []");

    // The site's own archetype, with a title that needs quoting.
    let site = site.file(
        "archetypes/page.md",
        "---\ntitle: \"{title}\"\ndate: {date}\n---\nNotre modèle.\n",
    );
    let run = site.run_in(&["new", "page", "guide/faq", "--title", "La \"FAQ\" du plan"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert_has(&run.stdout, "from archetypes/page.md");
    let text = std::fs::read_to_string(site.root().join("content/guide/faq.md")).unwrap();
    assert_has(&text, "title: \"La \\\"FAQ\\\" du plan\"\n");
    assert_has(&text, "Notre modèle.");
    assert_eq!(site.build().code, 0);
    assert_has(
        &site.read("guide/faq/index.html"),
        "La &quot;FAQ&quot; du plan",
    );
}

#[test]
fn new_never_overwrites_a_page() {
    let site = TestSite::new().file("content/plans/a.md", "---\ntitle: A\n---\nMon plan.\n");
    let run = site.run_in(&["new", "plan", "plans/a"]);
    assert_eq!(run.code, 2);
    assert_has(
        &run.stderr,
        "already exists; maillon new never overwrites a file",
    );
    let text = std::fs::read_to_string(site.root().join("content/plans/a.md")).unwrap();
    assert_eq!(text, "---\ntitle: A\n---\nMon plan.\n");
}

#[test]
fn completions_for_each_shell_name_the_commands() {
    for (shell, marker) in [
        ("bash", "complete -F"),
        ("zsh", "#compdef maillon"),
        ("fish", "complete -c maillon"),
        ("powershell", "Register-ArgumentCompleter"),
    ] {
        let o = Command::new(env!("CARGO_BIN_EXE_maillon"))
            .args(["completions", shell])
            .output()
            .unwrap();
        assert!(o.status.success(), "{shell}");
        let script = String::from_utf8(o.stdout).unwrap();
        assert_has(&script, marker);
        for command in ["build", "check", "serve", "new"] {
            assert_has(&script, command);
        }
    }
}

#[test]
fn version_names_the_commit() {
    let o = Command::new(env!("CARGO_BIN_EXE_maillon"))
        .arg("--version")
        .output()
        .unwrap();
    let version = String::from_utf8(o.stdout).unwrap();
    let commit = version
        .trim()
        .strip_prefix(concat!("maillon ", env!("CARGO_PKG_VERSION"), " ("))
        .and_then(|rest| rest.strip_suffix(')'))
        .unwrap_or_else(|| panic!("{version}"));
    // Built from this checkout: the commit it was built at (HEAD, unless a commit was made
    // since the build, which git would show as HEAD's ancestor).
    let git = Command::new("git")
        .args([
            "-C",
            env!("CARGO_MANIFEST_DIR"),
            "rev-parse",
            "--short=10",
            "HEAD",
        ])
        .output();
    match git {
        Ok(out) if out.status.success() => {
            let ok = Command::new("git")
                .args([
                    "-C",
                    env!("CARGO_MANIFEST_DIR"),
                    "merge-base",
                    "--is-ancestor",
                ])
                .args([commit, "HEAD"])
                .status()
                .is_ok_and(|s| s.success());
            assert!(ok, "{commit} is not a commit of this checkout");
        }
        _ => assert!(!commit.is_empty(), "{version}"),
    }
}
