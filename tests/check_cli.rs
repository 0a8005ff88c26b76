//! `maillon check`: output formats, exit codes, custom rules, and `build` running the same engine.

use crate::common::{TestSite, assert_has};

const PLAN: &str = "---\ntitle: \"Plan test\"\nkind: plan\ntaxonomies:\n  communes: [\"Testville\"]\nextra:\n  period: \"2020-2025\"\n---\nIntro.\n\n## Priorité 1 : Vols\n\n### Prévention\n\nTechnoprévention.\n\n### Réaction\n\nPatrouilles.\n";

fn plan_site() -> TestSite {
    TestSite::new().file("content/plans/vols.md", PLAN)
}

#[test]
fn json_output_is_exactly_the_documented_schema() {
    let site = plan_site();
    let run = site.run(&["check", "--format", "json"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let expected = serde_json::json!({
        "version": 1,
        "diagnostics": [{
            "rule": "chain/missing-stage",
            "severity": "warning",
            "file": "content/plans/vols.md",
            "line": 11,
            "column": 1,
            "message": "La priorité « Priorité 1 : Vols » ne prévoit rien pour le maillon suivi (maillons trouvés : prévention, réaction).",
            "help": run_help(&run.stdout),
            "page": "/plans/vols/",
            "priority": "Priorité 1 : Vols",
            "stage": "follow-up"
        }],
        "summary": {"errors": 0, "warnings": 1, "infos": 0, "files": 1},
        "coverage": [{
            "file": "content/plans/vols.md",
            "page": "/plans/vols/",
            "model": "be-3",
            "stages": [
                {"id": "prevention", "name": "prévention"},
                {"id": "reaction", "name": "réaction"},
                {"id": "follow-up", "name": "suivi"}
            ],
            "whole": false,
            "priorities": [{
                "title": "Priorité 1 : Vols",
                "line": 11,
                "anchor": "priorite-1-vols",
                "cells": [
                    {"stage": "prevention", "status": "covered", "line": 13},
                    {"stage": "reaction", "status": "covered", "line": 17},
                    {"stage": "follow-up", "status": "missing"}
                ]
            }]
        }]
    });
    let got: serde_json::Value = serde_json::from_str(&run.stdout).unwrap();
    assert_eq!(got, expected);
}

/// The help text is checked separately (it is long and worded by translators); it must name the
/// stage.
fn run_help(stdout: &str) -> String {
    let v: serde_json::Value = serde_json::from_str(stdout).unwrap();
    let help = v["diagnostics"][0]["help"]
        .as_str()
        .unwrap_or("")
        .to_string();
    assert!(help.to_lowercase().contains("suivi"), "{help}");
    help
}

#[test]
fn messages_follow_the_page_language() {
    let nl = PLAN.replace("Priorité 1 : Vols", "Prioriteit 1: Diefstal");
    let site = TestSite::new().file("content/plans/vols.nl.md", &nl);
    let run = site.run(&["check", "--format", "json"]);
    let v: serde_json::Value = serde_json::from_str(&run.stdout).unwrap();
    let message = v["diagnostics"][0]["message"].as_str().unwrap();
    assert!(message.contains("nazorg"), "{message}");
}

#[test]
fn deny_warnings_fails_check_and_build_and_keeps_the_output() {
    let site = plan_site();
    assert_eq!(site.run(&["check"]).code, 0);
    assert_eq!(site.run(&["check", "--deny", "warnings"]).code, 1);
    assert_eq!(site.build().code, 0, "warnings do not fail a build");
    let before = site.read("plans/vols/index.html");
    let site = site.file(
        "content/plans/vols.md",
        &PLAN.replace("Patrouilles.", "Patrouilles de nuit."),
    );
    let run = site.run(&["build", "--deny", "warnings"]);
    assert_eq!(run.code, 1, "{}", run.stderr);
    assert!(run.stderr.contains("warning[chain/missing-stage]"));
    assert_eq!(
        site.read("plans/vols/index.html"),
        before,
        "output left unchanged"
    );
}

#[test]
fn human_output_has_a_code_frame_and_a_summary() {
    let run = plan_site().run(&["check"]);
    assert_has(&run.stdout, "warning[chain/missing-stage]");
    assert_has(&run.stdout, "--> content/plans/vols.md:11:1");
    assert_has(&run.stdout, "11 | ## Priorité 1 : Vols");
    assert!(
        run.stdout
            .trim_end()
            .ends_with("0 errors, 1 warnings, 0 infos in 1 files"),
        "{}",
        run.stdout
    );
}

/// GitLab Code Quality: the fields GitLab reads, and one fingerprint per finding even when two
/// findings have the same rule, file and flagged text (two identical broken links).
#[test]
fn gitlab_code_quality_report() {
    let site = plan_site().file(
        "content/liens.md",
        "---\ntitle: Liens\n---\n[a](@/absent.md)\n\n[a](@/absent.md)\n",
    );
    let run = site.run(&["check", "--format", "gitlab"]);
    let issues: Vec<serde_json::Value> = serde_json::from_str(&run.stdout).unwrap();
    assert_eq!(issues.len(), 3, "{}", run.stdout);
    let chain = issues
        .iter()
        .find(|i| i["check_name"] == "chain/missing-stage")
        .unwrap();
    assert_eq!(chain["severity"], "minor");
    assert_eq!(chain["location"]["path"], "content/plans/vols.md");
    assert_eq!(chain["location"]["lines"]["begin"], 11);
    assert!(
        chain["description"]
            .as_str()
            .unwrap()
            .starts_with("La priorité « Priorité 1 : Vols » ne prévoit rien pour le maillon suivi")
    );
    let links: Vec<&serde_json::Value> = issues
        .iter()
        .filter(|i| i["check_name"] == "links/broken")
        .collect();
    assert_eq!(links.len(), 2);
    assert_eq!(links[0]["severity"], "major");
    assert_eq!(links[1]["location"]["lines"]["begin"], 6);
    assert_ne!(links[0]["fingerprint"], links[1]["fingerprint"]);
    // Stable from run to run.
    let again = site.run(&["check", "--format", "gitlab"]);
    assert_eq!(run.stdout, again.stdout);
}

#[test]
fn github_annotations() {
    let run = plan_site().run(&["check", "--format", "github"]);
    assert!(
        run.stdout.starts_with("::warning file=content/plans/vols.md,line=11,col=1,title=chain/missing-stage::La priorité"),
        "{}",
        run.stdout
    );
}

#[test]
fn sarif_has_the_required_fields_and_stable_fingerprints() {
    let site = plan_site();
    let first: serde_json::Value =
        serde_json::from_str(&site.run(&["check", "--format", "sarif"]).stdout).unwrap();
    assert_eq!(first["version"], "2.1.0");
    let run = &first["runs"][0];
    assert_eq!(run["tool"]["driver"]["name"], "maillon");
    assert_eq!(run["columnKind"], "unicodeCodePoints");
    let rules = run["tool"]["driver"]["rules"].as_array().unwrap();
    assert!(rules.iter().all(|r| r["id"].is_string()
        && r["helpUri"].is_string()
        && r["shortDescription"]["text"].is_string()));
    let result = &run["results"][0];
    assert_eq!(result["ruleId"], "chain/missing-stage");
    assert_eq!(
        rules[result["ruleIndex"].as_u64().unwrap() as usize]["id"],
        "chain/missing-stage"
    );
    assert_eq!(result["level"], "warning");
    assert!(result["message"]["text"].is_string());
    let loc = &result["locations"][0]["physicalLocation"];
    assert_eq!(loc["artifactLocation"]["uri"], "content/plans/vols.md");
    assert_eq!(loc["region"]["startLine"], 11);
    let fingerprint = result["partialFingerprints"]["maillonFingerprint/v1"].clone();
    assert!(fingerprint.is_string());

    // An unrelated edit above the priority moves it down; the alert keeps its fingerprint.
    let site = site.file(
        "content/plans/vols.md",
        &PLAN.replace("Intro.", "Intro.\n\nUn paragraphe ajouté.\n\nEt un autre."),
    );
    let second: serde_json::Value =
        serde_json::from_str(&site.run(&["check", "--format", "sarif"]).stdout).unwrap();
    let result = &second["runs"][0]["results"][0];
    assert_eq!(
        result["locations"][0]["physicalLocation"]["region"]["startLine"],
        15
    );
    assert_eq!(
        result["partialFingerprints"]["maillonFingerprint/v1"],
        fingerprint
    );
}

#[test]
fn paths_restrict_what_is_reported() {
    let site = plan_site().file("content/plans/autre.md", PLAN);
    let all: serde_json::Value =
        serde_json::from_str(&site.run(&["check", "--format", "json"]).stdout).unwrap();
    assert_eq!(all["summary"]["warnings"], 2);
    let one = site.root().join("content/plans/autre.md");
    let run = site.run(&["check", "--format", "json", one.to_str().unwrap()]);
    let v: serde_json::Value = serde_json::from_str(&run.stdout).unwrap();
    assert_eq!(v["summary"]["warnings"], 1);
    assert_eq!(v["diagnostics"][0]["file"], "content/plans/autre.md");
}

#[test]
fn front_matter_allow_silences_a_page_and_needs_a_reason() {
    let allowed = PLAN.replace(
        "extra:\n",
        "checks:\n  allow:\n    - rule: chain/missing-stage\n      reason: \"Le suivi relève du plan zonal.\"\nextra:\n",
    );
    let run = TestSite::new()
        .file("content/plans/vols.md", &allowed)
        .run(&["check", "--format", "json"]);
    let v: serde_json::Value = serde_json::from_str(&run.stdout).unwrap();
    assert_eq!(v["diagnostics"], serde_json::json!([]), "{}", run.stdout);

    let no_reason = allowed.replace("\"Le suivi relève du plan zonal.\"", "\"\"");
    let run = TestSite::new()
        .file("content/plans/vols.md", &no_reason)
        .run(&["check", "--format", "json"]);
    let v: serde_json::Value = serde_json::from_str(&run.stdout).unwrap();
    let rules: Vec<&str> = v["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .map(|d| d["rule"].as_str().unwrap())
        .collect();
    assert_eq!(rules, ["suppress/invalid", "chain/missing-stage"]);
    assert_eq!(run.code, 1);
}

const CUSTOM: &str = "\n[[checks.rules]]\nid = \"practice/contact\"\nseverity = \"error\"\nwhen = \"page.kind == 'practice'\"\nrequire = \"page.extra.contact is defined\"\nmessage = \"La bonne pratique {{ page.title }} ne donne aucun contact\"\nhelp = \"Ajoutez extra.contact.\"\n\n[[checks.rules]]\nid = \"plan/three-priorities\"\nseverity = \"info\"\nwhen = \"page.kind == 'plan'\"\nrequire = \"page.priorities | length >= 2 and page.priorities[0].missing | length == 0\"\nmessage = \"{{ page.title }}: {{ page.priorities | length }} priorité(s), manque {{ page.priorities[0].missing | join(', ') }}\"\n";

#[test]
fn custom_rules_run_minijinja_expressions_over_the_page() {
    let config = format!("title = \"T\"\n{CUSTOM}");
    let site = plan_site()
        .file("maillon.toml", &config)
        .file(
            "content/pratiques/a.md",
            "---\ntitle: Sans contact\nkind: practice\n---\n",
        )
        .file(
            "content/pratiques/b.md",
            "---\ntitle: Avec contact\nkind: practice\nextra:\n  contact: x@example.be\n---\n",
        );
    let run = site.run(&["check", "--format", "json"]);
    assert_eq!(
        run.code, 1,
        "an error-severity custom rule fails: {}",
        run.stderr
    );
    let v: serde_json::Value = serde_json::from_str(&run.stdout).unwrap();
    let found: Vec<(String, String, String)> = v["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .map(|d| {
            (
                d["rule"].as_str().unwrap().into(),
                d["file"].as_str().unwrap().into(),
                d["message"].as_str().unwrap().into(),
            )
        })
        .collect();
    assert!(
        found.contains(&(
            "practice/contact".into(),
            "content/pratiques/a.md".into(),
            "La bonne pratique Sans contact ne donne aucun contact".into()
        )),
        "{found:?}"
    );
    assert!(
        !found.iter().any(|f| f.1 == "content/pratiques/b.md"),
        "{found:?}"
    );
    assert!(
        found.contains(&(
            "plan/three-priorities".into(),
            "content/plans/vols.md".into(),
            "Plan test: 1 priorité(s), manque follow-up".into()
        )),
        "{found:?}"
    );

    // A suppression can name a custom rule.
    let site = site.file("content/pratiques/a.md", "---\ntitle: Sans contact\nkind: practice\nchecks:\n  allow: [{rule: practice/contact, reason: \"contact à venir\"}]\n---\n");
    let v: serde_json::Value =
        serde_json::from_str(&site.run(&["check", "--format", "json"]).stdout).unwrap();
    assert!(
        !v["diagnostics"]
            .as_array()
            .unwrap()
            .iter()
            .any(|d| d["rule"] == "practice/contact")
    );
}

#[test]
fn an_invalid_custom_expression_is_a_config_error_with_its_location() {
    let config = "title = \"T\"\n\n[[checks.rules]]\nid = \"x/y\"\nrequire = \"page.title ==\"\nmessage = \"m\"\n";
    let run = plan_site().file("maillon.toml", config).run(&["check"]);
    assert_eq!(run.code, 2);
    assert_has(
        &run.stderr,
        "maillon.toml:5:11: invalid expression in rule `x/y`",
    );
    let config = "title = \"T\"\n\n[[checks.rules]]\nid = \"x/y\"\nrequire = \"true\"\nmessage = \"{{ page.title \"\n";
    let run = plan_site().file("maillon.toml", config).run(&["check"]);
    assert_eq!(run.code, 2);
    assert_has(&run.stderr, "maillon.toml:6:11: invalid message template");
}

#[test]
fn chain_models_can_be_switched_and_extended() {
    let site = plan_site().file("maillon.toml", "title = \"T\"\n[chain]\nmodel = \"nl-5\"\n");
    let v: serde_json::Value =
        serde_json::from_str(&site.run(&["check", "--format", "json"]).stdout).unwrap();
    let stages: Vec<&str> = v["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .filter_map(|d| d["stage"].as_str())
        .collect();
    assert!(
        stages.contains(&"proaction") && stages.contains(&"aftercare"),
        "{stages:?}"
    );

    let extended = "title = \"T\"\n[[chain.extend]]\nstage = \"follow-up\"\n[chain.extend.lexicon]\nfr = [\"patrouilles\"]\n";
    let site = plan_site().file("maillon.toml", extended);
    let v: serde_json::Value =
        serde_json::from_str(&site.run(&["check", "--format", "json"]).stdout).unwrap();
    assert_eq!(v["diagnostics"][0]["rule"], "chain/inferred-stage", "{v}");

    let bad = "title = \"T\"\n[[chain.extend]]\nstage = \"nazorg\"\n";
    let run = plan_site().file("maillon.toml", bad).run(&["check"]);
    assert_eq!(run.code, 2);
    assert_has(&run.stderr, "names stage `nazorg`");
}

#[test]
fn an_inferred_stage_names_the_term_as_written_and_its_line() {
    let plan = "---\ntitle: \"Plan test\"\nkind: plan\ntaxonomies:\n  communes: [\"Testville\"]\nextra:\n  period: \"2020-2025\"\n---\n## Priorité 1 : Vols\n\n### Prévention\n\nTechnoprévention.\n\n### Réaction\n\nPatrouilles.\n\nEnsuite, les personnes touchées\nsont reçues par le service\nd'**Aide aux Victimes**.\n";
    let site = TestSite::new().file("content/plans/vols.md", plan);
    let run = site.run(&["check", "--format", "json"]);
    let got: serde_json::Value = serde_json::from_str(&run.stdout).expect("JSON");
    let inferred: Vec<&serde_json::Value> = got["diagnostics"]
        .as_array()
        .expect("diagnostics")
        .iter()
        .filter(|d| d["rule"] == "chain/inferred-stage")
        .collect();
    assert_eq!(inferred.len(), 1, "{}", run.stdout);
    let message = inferred[0]["message"].as_str().unwrap_or("");
    // The term is on line 21 of the file (the paragraph starts on line 19).
    assert!(
        message.contains("« Aide aux Victimes » (ligne 21)"),
        "{message}"
    );
}

#[test]
fn link_findings_speak_the_page_language_and_name_the_page() {
    let site = TestSite::new()
        .file("content/a.md", "---\ntitle: A\n---\n## Suivi\n")
        .file(
            "content/b.nl.md",
            "---\ntitle: B\n---\nZie [x](@/weg.md) en [a](@/a.md#opvolging).\n",
        );
    let run = site.run(&["check", "--format", "json"]);
    let got: serde_json::Value = serde_json::from_str(&run.stdout).expect("JSON");
    let found: Vec<(String, String, String)> = got["diagnostics"]
        .as_array()
        .expect("diagnostics")
        .iter()
        .map(|d| {
            let s = |k: &str| d[k].as_str().unwrap_or("").to_string();
            (s("rule"), s("message"), s("page"))
        })
        .collect();
    assert_eq!(
        found,
        [
            (
                "links/broken".to_string(),
                "De link naar `@/weg.md` leidt naar geen enkele pagina.".to_string(),
                "/nl/b/".to_string()
            ),
            (
                "links/anchor".to_string(),
                "Het anker `#opvolging` in de link `@/a.md#opvolging` komt met geen enkele titel van content/a.md overeen.".to_string(),
                "/nl/b/".to_string()
            ),
        ],
        "{}",
        run.stdout
    );
}
