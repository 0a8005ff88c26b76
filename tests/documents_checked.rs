//! Word and LibreOffice plans checked and published as they are: `maillon check plan.docx`
//! agrees with `maillon import` then `maillon check plan.md`, and names its findings by the
//! document's headings and paragraphs; a site whose `content/` holds documents publishes them as
//! pages, with their pictures and the original for download; a broken document is an error
//! naming it, and the previous output is left as it was.

use crate::common::{TestSite, assert_has};
use crate::documents::*;
use serde_json::Value;

fn write(site: &TestSite, rel: &str, bytes: &[u8]) {
    let path = site.root().join(rel);
    std::fs::create_dir_all(path.parent().unwrap()).unwrap();
    std::fs::write(path, bytes).unwrap();
}

/// The first finding of `rule` in a JSON report.
fn finding<'r>(report: &'r Value, rule: &str) -> &'r Value {
    report["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .find(|d| d["rule"] == rule)
        .unwrap_or_else(|| panic!("no {rule} in {report:#}"))
}

fn json(text: &str) -> Value {
    serde_json::from_str(text).unwrap_or_else(|e| panic!("{e}: {text}"))
}

/// What a finding says, apart from its file and its wording: rule, severity, place, priority
/// and stage.
fn gist(report: &Value) -> Vec<String> {
    report["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|d| d["rule"].as_str().is_some_and(|r| r.starts_with("chain/")))
        .map(|d| {
            format!(
                "{} {} {}:{} {} {}",
                d["rule"], d["severity"], d["line"], d["column"], d["priority"], d["stage"]
            )
        })
        .collect()
}

#[test]
fn checking_a_word_plan_agrees_with_importing_then_checking_it() {
    let site = TestSite::bare();
    write(&site, "pzs.docx", &plan());
    let direct = site.run_in(&["check", "--format", "json", "pzs.docx"]);
    assert_eq!(direct.code, 0, "{}{}", direct.stdout, direct.stderr);
    let imported = site.run_in(&["import", "pzs.docx", "--into", "md"]);
    assert_eq!(imported.code, 0, "{}", imported.stderr);
    let via_markdown = site.run_in(&["check", "--format", "json", "md/pzs/index.md"]);
    let (direct, via_markdown) = (json(&direct.stdout), json(&via_markdown.stdout));
    let findings = gist(&direct);
    assert!(
        findings.contains(
            &"\"chain/missing-stage\" \"warning\" 22:1 \"Priorité 2 : Drogues\" \"follow-up\""
                .to_string()
        ),
        "{findings:#?}"
    );
    assert_eq!(findings, gist(&via_markdown));
    let titles = |r: &Value| r["coverage"][0]["priorities"].to_string();
    assert_eq!(
        titles(&direct)
            .replace(",\"paragraph\":4", "")
            .replace(",\"paragraph\":8", ""),
        titles(&via_markdown)
    );
    // The document's findings are named by its headings and paragraphs.
    let missing = finding(&direct, "chain/missing-stage");
    assert_eq!(missing["file"], "pzs.docx");
    assert_eq!(
        missing["landmark"],
        "heading \"Priorité 2 : Drogues\" (paragraph 8)"
    );
    assert_eq!(direct["coverage"][0]["priorities"][1]["paragraph"], 8);
    // And so in the terminal, with advice on title styles rather than Markdown, and a matrix
    // whose first column is the paragraph.
    let human = site.run_in(&["check", "pzs.docx"]);
    assert!(
        human
            .stdout
            .contains(" --> pzs.docx: heading \"Priorité 2 : Drogues\" (paragraph 8)\n  | ## Priorité 2 : Drogues\n"),
        "{}",
        human.stdout
    );
    assert!(
        human
            .stdout
            .contains("« Visites de technoprévention » (paragraphe 5)"),
        "{}",
        human.stdout
    );
    assert_has(&human.stdout, "un titre « suivi »");
    assert_has(&human.stdout, "\n8  Priorité 2 : Drogues ");
    // What the conversion could not keep is said, naming its place.
    assert_has(
        &human.stdout,
        "info[content/document-loss]: table 1 (under \"Priorité 2 : Drogues\"): merged cells are repeated in every cell they cover",
    );
}

#[test]
fn a_libreoffice_plan_is_checked_as_it_is() {
    let site = TestSite::bare();
    let body = r#"
      <text:h text:outline-level="1">Plan stratégique de sécurité et de prévention 2020-2025</text:h>
      <text:h text:outline-level="2">Priorité 1 : Nuisances</text:h>
      <text:p><text:span text:style-name="T1">Prévention :</text:span> médiation de quartier.</text:p>
      <text:p><text:span text:style-name="T1">Réaction :</text:span> sanctions administratives.</text:p>
    "#;
    write(&site, "pssp.nl.odt", &odt(body, None));
    let out = site.run_in(&["check", "--format", "json", "pssp.nl.odt"]);
    let report = json(&out.stdout);
    let missing = finding(&report, "chain/missing-stage");
    assert_eq!(missing["stage"], "follow-up");
    assert_eq!(
        missing["landmark"],
        "heading \"Priorité 1 : Nuisances\" (paragraph 2)"
    );
    // The file name says Dutch: the messages are Dutch.
    assert!(
        missing["message"].as_str().unwrap().contains("schakel"),
        "{missing}"
    );
}

#[test]
fn a_site_publishes_its_word_plans_and_keeps_its_output_when_one_is_broken() {
    let site = TestSite::new()
        .file("content/_index.md", "---\ntitle: Accueil\n---\n")
        .file(
            "content/plans/_index.md",
            "---\ntitle: Plans\npage_kind: plan\n---\n",
        );
    write(&site, "content/plans/pzs.docx", &plan());
    // The owner file Word writes beside a document it has open is not a document.
    write(&site, "content/plans/~$pzs.docx", b"\x0bJean Dupont");
    let build = site.build();
    assert_eq!(build.code, 0, "{}{}", build.stdout, build.stderr);
    let html = site.read("plans/pzs/index.html");
    assert!(html.contains("Priorité 2 : Drogues"), "{html}");
    assert!(html.contains("src=\"image1.png\""), "{html}");
    assert_eq!(
        std::fs::read(site.public().join("plans/pzs/image1.png")).unwrap(),
        PNG
    );
    // The original, for download, linked from the page.
    assert!(
        html.contains(
            "<a href=\"/plans/pzs.docx\" download>Document d&#39;origine (Word ou LibreOffice)</a>"
        ),
        "{html}"
    );
    assert_eq!(
        std::fs::read(site.public().join("plans/pzs.docx")).unwrap(),
        plan()
    );
    // `check` in the site names the document's places, from the cache the second time too.
    let first = site.run(&["check", "--format", "json"]);
    let second = site.run(&["check", "--format", "json"]);
    assert_eq!(first.stdout, second.stdout);
    let report = json(&first.stdout);
    let missing = finding(&report, "chain/missing-stage");
    assert_eq!(missing["file"], "content/plans/pzs.docx");
    assert_eq!(missing["page"], "/plans/pzs/");
    assert_eq!(
        missing["landmark"],
        "heading \"Priorité 2 : Drogues\" (paragraph 8)"
    );
    // A broken document: an error naming it, every other finding still reported, and the
    // output of the last good build left as it was.
    write(
        &site,
        "content/plans/casse.docx",
        b"PK\x03\x04 not really a zip",
    );
    let broken = site.build();
    assert_eq!(broken.code, 1, "{}{}", broken.stdout, broken.stderr);
    assert_has(&broken.stderr, "error[content/document]");
    assert_has(&broken.stderr, "content/plans/casse.docx");
    assert_has(&broken.stderr, "chain/missing-stage");
    assert!(site.exists("plans/pzs/image1.png"));
}

#[test]
fn hostile_documents_are_refused_with_a_reason() {
    use maillon::import::convert;
    // Encrypted Word files are OLE compound files, not zips.
    let mut ole = vec![0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1];
    ole.extend([0; 512]);
    let e = convert(&ole, "secret.docx").unwrap_err().0;
    assert!(e.contains("password-protected"), "{e}");
    // Macro-enabled documents.
    let e = convert(&plan(), "macros.docm").unwrap_err().0;
    assert!(e.contains(".docm"), "{e}");
    // Tables nested a hundred deep: refused before anything walks them.
    let e = convert(&docx(&nested_tables(100), &[]), "deep.docx")
        .unwrap_err()
        .0;
    assert!(e.contains("nests elements") && e.contains("deep"), "{e}");
    // A few nested tables are read, flattened, with a warning.
    let shallow = convert(&docx(&nested_tables(3), &[]), "shallow.docx").unwrap();
    assert_has(&shallow.markdown, "| fond |");
    assert!(
        shallow
            .warnings
            .iter()
            .any(|w| w.contains("table inside a cell")),
        "{:?}",
        shallow.warnings
    );
    // A damaged archive.
    let mut damaged = plan();
    let middle = damaged.len() / 2;
    damaged.truncate(middle);
    let e = convert(&damaged, "damaged.docx").unwrap_err().0;
    assert!(e.contains("damaged") || e.contains("not a zip"), "{e}");
}

#[test]
fn a_decompression_bomb_stops_at_the_cap() {
    use std::io::Write;
    // 65 MiB of spaces in document.xml compress to a few hundred kilobytes.
    let mut zip = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    let options = zip::write::SimpleFileOptions::default();
    zip.start_file("word/document.xml", options).unwrap();
    let chunk = vec![b' '; 1 << 20];
    for _ in 0..65 {
        zip.write_all(&chunk).unwrap();
    }
    let bomb = zip.finish().unwrap().into_inner();
    assert!(bomb.len() < 1 << 20, "{}", bomb.len());
    let e = maillon::import::convert(&bomb, "bomb.docx").unwrap_err().0;
    assert!(e.contains("expands beyond 64 MiB"), "{e}");
}

#[test]
fn documents_that_cannot_be_read_are_findings_and_the_others_are_still_checked() {
    let site = TestSite::bare();
    write(&site, "plans/pzs.docx", &plan());
    write(&site, "plans/~$pzs.docx", b"\x0bJean Dupont");
    write(&site, "plans/macros.docm", &plan());
    write(
        &site,
        "plans/ancien.doc",
        b"\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1rest",
    );
    let out = site.run_in(&["check", "plans"]);
    assert_eq!(out.code, 1, "{}{}", out.stdout, out.stderr);
    assert_has(
        &out.stdout,
        "error[content/document]: a macro-enabled document (.docm)",
    );
    assert_has(&out.stdout, " --> plans/macros.docm");
    assert_has(&out.stdout, "Word 97-2003");
    assert_has(&out.stdout, " --> plans/ancien.doc");
    assert!(!out.stdout.contains("~$"), "{}", out.stdout);
    // The readable plan is checked all the same.
    assert_has(
        &out.stdout,
        " --> plans/pzs.docx: heading \"Priorité 2 : Drogues\"",
    );
}
