//! `maillon check plan.md` outside any site: each file given is checked as a plan on its own,
//! its findings then its coverage matrix printed; inside a site, `check` stays as it was, with
//! the coverage in its JSON and the matrix of each plan file named.

use crate::common::{TestSite, assert_has, listing};
use serde_json::{Value, json};

/// A plan whose two priorities show every status: covered (a heading, a tag), empty, missing,
/// inferred (a lexicon term, on the line after its paragraph starts).
const PLAN: &str = "---\ntitle: \"Plan de Testville\"\ntaxonomies:\n  communes: [\"Testville\"]\nextra:\n  period: \"2020-2025\"\n---\nIntro.\n\n## Priorité 1 : Vols\n\n### Prévention\n\nTechnoprévention chez les habitants.\n\n### Réaction\n\n## Priorité 2 : Drogues\n\n**Réaction :** contrôles aux abords des écoles.\n\nLes usagers sont orientés vers le service\nd'aide aux victimes.\n";

/// The matrix of [`PLAN`], as the terminal shows it.
const PLAN_MATRIX: &str = "\
Couverture de la chaîne de sécurité : Plan de Testville (plan.md)
ligne  Priorité              prévention  réaction   suivi
-----  --------------------  ----------  ---------  ----------
   10  Priorité 1 : Vols     ✓ couvert   ∅ vide     ✗ manquant
   18  Priorité 2 : Drogues  ✗ manquant  ✓ couvert  ≈ déduit
";

/// A plan with no front matter, as converted from Word.
const WORD_PLAN: &str = "# Plan stratégique de Testville\n\n## Priorité 1 : Vols\n\n### Prévention\n\nTechnoprévention.\n\n### Réaction\n\nPatrouilles.\n\n### Suivi\n\nOrientation de chaque victime vers l'aide aux victimes.\n";

fn json_of(stdout: &str) -> Value {
    serde_json::from_str(stdout).unwrap_or_else(|e| panic!("not JSON ({e}): {stdout}"))
}

/// (rule, file, line) of each finding.
fn findings(v: &Value) -> Vec<(String, String, u64)> {
    v["diagnostics"]
        .as_array()
        .map(|list| {
            list.iter()
                .map(|d| {
                    (
                        d["rule"].as_str().unwrap_or("").to_string(),
                        d["file"].as_str().unwrap_or("").to_string(),
                        d["line"].as_u64().unwrap_or(0),
                    )
                })
                .collect()
        })
        .unwrap_or_default()
}

#[test]
fn a_plan_outside_any_site_prints_its_findings_then_its_matrix() {
    let folder = TestSite::bare().file("plan.md", PLAN);
    let run = folder.run_in(&["check", "plan.md"]);
    assert_eq!(run.code, 0, "warnings only: {}{}", run.stdout, run.stderr);
    let out = &run.stdout;
    let finding = out
        .find("warning[chain/missing-stage]")
        .unwrap_or_else(|| panic!("{out}"));
    assert!(out.contains("--> plan.md:10:1\n"), "{out}");
    assert!(out.contains("16 | ### Réaction"), "{out}");
    let matrix = out.find(PLAN_MATRIX).unwrap_or_else(|| panic!("{out}"));
    assert!(finding < matrix, "findings come first: {out}");
    assert!(
        out.ends_with(&format!(
            "{PLAN_MATRIX}\n0 errors, 3 warnings, 1 infos in 1 files\n"
        )),
        "{out}"
    );
    assert_eq!(
        listing(folder.root()),
        ["plan.md"],
        "nothing is written beside the plan"
    );

    assert_eq!(
        folder
            .run_in(&["check", "--deny", "warnings", "plan.md"])
            .code,
        1
    );
    // An error (an anchor of the plan that no heading has) fails the check.
    let folder = folder.file(
        "plan.md",
        &PLAN.replace("Intro.", "Intro, voir [la priorité](#priorite-3)."),
    );
    let run = folder.run_in(&["check", "plan.md"]);
    assert_eq!(run.code, 1, "{}", run.stdout);
    assert_has(&run.stdout, "error[links/anchor]");
}

#[test]
fn json_gives_the_coverage_of_each_plan() {
    let folder = TestSite::bare().file("plan.md", PLAN);
    let run = folder.run_in(&["check", "--format", "json", "plan.md"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let v = json_of(&run.stdout);
    let coverage = json!([{
        "file": "plan.md",
        "page": null,
        "model": "be-3",
        "stages": [
            {"id": "prevention", "name": "prévention"},
            {"id": "reaction", "name": "réaction"},
            {"id": "follow-up", "name": "suivi"}
        ],
        "whole": false,
        "priorities": [
            {
                "title": "Priorité 1 : Vols",
                "line": 10,
                "anchor": "priorite-1-vols",
                "cells": [
                    {"stage": "prevention", "status": "covered", "line": 12},
                    {"stage": "reaction", "status": "empty", "line": 16},
                    {"stage": "follow-up", "status": "missing"}
                ]
            },
            {
                "title": "Priorité 2 : Drogues",
                "line": 18,
                "anchor": "priorite-2-drogues",
                "cells": [
                    {"stage": "prevention", "status": "missing"},
                    {"stage": "reaction", "status": "covered", "line": 20},
                    {"stage": "follow-up", "status": "inferred", "line": 22}
                ]
            }
        ]
    }]);
    assert_eq!(v["coverage"], coverage);
    let file = |rule: &str, line: u64| (rule.to_string(), "plan.md".to_string(), line);
    assert_eq!(
        findings(&v),
        [
            file("chain/missing-stage", 10),
            file("chain/empty-stage", 16),
            file("chain/inferred-stage", 18),
            file("chain/missing-stage", 18)
        ]
    );
    assert_eq!(
        v["summary"],
        json!({"errors": 0, "warnings": 3, "infos": 1, "files": 1})
    );
    assert_eq!(v["diagnostics"][0]["page"], Value::Null);
}

#[test]
fn a_plan_without_front_matter_is_titled_by_its_first_heading() {
    let folder = TestSite::bare()
        .file("plan-word.md", WORD_PLAN)
        .file("notes.md", "Texte sans intitulé.\n");
    let run = folder.run_in(&["check", "--format", "json", "plan-word.md"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let v = json_of(&run.stdout);
    assert_eq!(v["diagnostics"], json!([]), "no front matter is no finding");
    let run = folder.run_in(&["check", "plan-word.md"]);
    assert!(
        run.stdout.starts_with(
            "Couverture de la chaîne de sécurité : Plan stratégique de Testville (plan-word.md)\n"
        ),
        "{}",
        run.stdout
    );

    // No heading: the file name is the title, and the plan is read as a whole.
    let run = folder.run_in(&["check", "--format", "json", "notes.md"]);
    let v = json_of(&run.stdout);
    let rules: Vec<String> = findings(&v).into_iter().map(|f| f.0).collect();
    assert_eq!(rules, ["chain/missing-stage"; 3]);
    let plan = &v["coverage"][0];
    assert_eq!(plan["whole"], true);
    assert_eq!(
        plan["priorities"][0]
            .as_object()
            .map(|p| (&p["title"], &p["line"], &p["anchor"])),
        Some((&json!("notes"), &json!(1), &Value::Null))
    );
    let run = folder.run_in(&["check", "notes.md"]);
    assert_has(
        &run.stdout,
        "Couverture de la chaîne de sécurité : notes (notes.md)\n\
             ligne  Priorité  prévention  réaction    suivi\n",
    );
    assert_has(
        &run.stdout,
        "Aucune priorité reconnue : le plan est lu d'un seul bloc.\n",
    );

    // With front matter, the usual rules apply.
    let folder = folder.file(
        "plan-word.md",
        &format!("---\nkind: plan\n---\n{WORD_PLAN}"),
    );
    let v = json_of(
        &folder
            .run_in(&["check", "--format", "json", "plan-word.md"])
            .stdout,
    );
    let rules: Vec<String> = findings(&v).into_iter().map(|f| f.0).collect();
    assert_eq!(rules, ["front-matter/title", "plan/front-matter"]);
}

#[test]
fn a_dutch_plan_gets_dutch_messages() {
    let plan = "## Prioriteit 1: Woninginbraken\n\n### Preventie\n\nAdvies voor de bewoners en een campagne van de politie.\n\n### Reactie\n\nExtra patrouilles door de politie in de wijk.\n";
    let folder = TestSite::bare().file("inbraken.md", plan);
    let v = json_of(
        &folder
            .run_in(&["check", "--format", "json", "inbraken.md"])
            .stdout,
    );
    assert_eq!(
        v["diagnostics"][0]["message"],
        "Prioriteit ‘Prioriteit 1: Woninginbraken’ voorziet niets voor de schakel nazorg (gevonden schakels: preventie, reactie)."
    );
    assert_eq!(v["coverage"][0]["stages"][2]["name"], "nazorg");
    let run = folder.run_in(&["check", "inbraken.md"]);
    assert_has(
        &run.stdout,
        "Dekking van de veiligheidsketen: inbraken (inbraken.md)\n\
             regel  Prioriteit                    preventie  reactie   nazorg\n",
    );
    assert_has(
        &run.stdout,
        "    1  Prioriteit 1: Woninginbraken  ✓ gedekt   ✓ gedekt  ✗ ontbreekt\n",
    );

    // --lang chooses the language instead.
    let run = folder.run_in(&["check", "--lang", "de", "inbraken.md"]);
    assert_has(&run.stdout, "Abdeckung der Sicherheitskette: inbraken");
    assert_has(&run.stdout, "das Kettenglied Nachsorge");
}

#[test]
fn several_files_and_a_folder_at_once() {
    let other = PLAN.replace("Plan de Testville", "Plan de Vauchelles")
        + "\nVoir [le plan voisin](../plan.md#priorite-9) et [l'annexe](annexe.md).\n";
    let folder = TestSite::bare()
        .file("plan.md", PLAN)
        .file("zone/vauchelles.md", &other)
        .file("zone/lisez-moi.txt", "pas un plan");
    let run = folder.run_in(&["check", "plan.md", "zone/vauchelles.md"]);
    assert_eq!(run.code, 1, "{}", run.stdout);
    let out = &run.stdout;
    assert!(out.contains("--> plan.md:10:1\n"), "{out}");
    assert!(out.contains("--> zone/vauchelles.md:10:1\n"), "{out}");
    // A link between the files given is checked; one to a file not given cannot be.
    assert!(
        out.contains("error[links/anchor]") && out.contains("--> zone/vauchelles.md:25:6"),
        "{out}"
    );
    assert!(!out.contains("links/broken"), "{out}");
    let first = out.find(PLAN_MATRIX).unwrap_or_else(|| panic!("{out}"));
    let second = out
        .find("Couverture de la chaîne de sécurité : Plan de Vauchelles (zone/vauchelles.md)\n")
        .unwrap_or_else(|| panic!("{out}"));
    assert!(first < second, "{out}");
    assert!(
        out.ends_with("1 errors, 6 warnings, 2 infos in 2 files\n"),
        "{out}"
    );

    // A folder stands for the *.md files in it.
    let v = json_of(&folder.run_in(&["check", "--format", "json", "zone"]).stdout);
    let files: Vec<&Value> = v["coverage"]
        .as_array()
        .map_or(Vec::new(), |c| c.iter().map(|p| &p["file"]).collect());
    assert_eq!(files, [&json!("zone/vauchelles.md")]);
    assert_eq!(v["summary"]["files"], 1);
}

#[test]
fn a_path_that_does_not_exist_stops_the_check() {
    let folder = TestSite::bare()
        .file("plan.md", PLAN)
        .file("vide/lisez-moi.txt", "rien");
    for args in [
        &["check", "absent.md"][..],
        &["check", "plan.md", "absent.md"],
        &["check", "--format", "json", "absent.md"],
    ] {
        let run = folder.run_in(args);
        assert_eq!(run.code, 2, "{args:?}: {}", run.stdout);
        assert_has(&run.stderr, "absent.md");
        assert!(run.stdout.is_empty(), "{}", run.stdout);
    }
    let run = folder.run_in(&["check", "vide"]);
    assert_eq!(run.code, 2);
    assert_has(&run.stderr, "vide: no *.md, *.docx or *.odt file");
}

#[test]
fn inside_a_site_check_stays_as_it_was_with_the_coverage_added() {
    let plan = PLAN.replace("title:", "kind: plan\ntitle:");
    let site = TestSite::new().file("content/plans/vols.md", &plan);
    let v = json_of(&site.run(&["check", "--format", "json"]).stdout);
    assert_eq!(v["coverage"][0]["file"], "content/plans/vols.md");
    assert_eq!(v["coverage"][0]["page"], "/plans/vols/");
    assert_eq!(
        v["coverage"][0]["priorities"][1]["cells"][2]["status"],
        "inferred"
    );
    assert_eq!(v["diagnostics"][0]["page"], "/plans/vols/");

    let run = site.run(&["check"]);
    assert!(!run.stdout.contains("Couverture"), "{}", run.stdout);
    assert!(!run.stdout.contains("-----"), "{}", run.stdout);
    let folder = site.run_in(&["check", "content/plans"]);
    assert!(!folder.stdout.contains("Couverture"), "{}", folder.stdout);

    // A plan named by its path, from inside the site (no --root): its matrix is printed.
    let run = site.run_in(&["check", "content/plans/vols.md"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert_has(&run.stdout, "--> content/plans/vols.md:11:1\n");
    let matrix = PLAN_MATRIX
        .replace("(plan.md)", "(content/plans/vols.md)")
        .replace("   10  ", "   11  ")
        .replace("   18  ", "   19  ");
    assert!(
        run.stdout.ends_with(&format!(
            "{matrix}\n0 errors, 3 warnings, 1 infos in 1 files\n"
        )),
        "{}",
        run.stdout
    );
}

#[test]
fn paths_inside_and_outside_a_site_are_checked_in_separate_runs() {
    let site = TestSite::new().file("content/plans/vols.md", PLAN);
    let outside = TestSite::bare().file("plan.md", PLAN);
    let inside = site.root().join("content/plans/vols.md");
    let alone = outside.root().join("plan.md");
    let run = outside.run_in(&["check", &alone.to_string_lossy(), &inside.to_string_lossy()]);
    assert_eq!(run.code, 2, "{}", run.stdout);
    assert_has(&run.stderr, "is outside any site but");
    assert_has(&run.stderr, "check them in separate runs");
}

#[test]
fn a_title_naming_the_priorities_is_the_title_and_its_chapters_the_priorities() {
    let plan = "# Priorités de sécurité 2020-2025 – Commune de Hamois\n\n## Le mot du bourgmestre\n\nLa prévention est l'affaire de tous, avec la police et l'aide aux victimes.\n\n## 1. Cambriolages\n\n**Prévention :** visites de technoprévention.\n\n**Réaction :** patrouilles ciblées.\n\n**Suivi :** appel de chaque victime par l'assistance policière aux victimes.\n\n## 2. Nuisances\n\n- Médiation de quartier (prévention)\n\nSuivi : Indicateurs : nombre de plaintes.\n\n## Budget\n\n10 000 € pour des contrôles et l'aide aux victimes.\n";
    let folder = TestSite::bare().file("hamois.md", plan);
    let run = folder.run_in(&["check", "--format", "json", "hamois.md"]);
    let v = json_of(&run.stdout);
    let rows: Vec<&str> = v["coverage"][0]["priorities"]
        .as_array()
        .map(|p| p.iter().filter_map(|r| r["title"].as_str()).collect())
        .unwrap_or_default();
    // The foreword and the budget are chapters, not priorities; the monitoring tag is no
    // follow-up.
    assert_eq!(rows, ["1. Cambriolages", "2. Nuisances"], "{}", run.stdout);
    let missing: Vec<(&str, u64)> = v["diagnostics"]
        .as_array()
        .map(|d| {
            d.iter()
                .filter(|d| d["rule"] == "chain/missing-stage")
                .filter_map(|d| Some((d["stage"].as_str()?, d["line"].as_u64()?)))
                .collect()
        })
        .unwrap_or_default();
    assert_eq!(
        missing,
        [("reaction", 15), ("follow-up", 15)],
        "{}",
        run.stdout
    );
    let run = folder.run_in(&["check", "hamois.md"]);
    assert_has(
        &run.stdout,
        "Couverture de la chaîne de sécurité : Priorités de sécurité 2020-2025 – Commune de Hamois (hamois.md)",
    );
}
