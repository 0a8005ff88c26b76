//! `maillon import` on Word documents built here, part by part, as Word writes them: styles
//! with outline levels or localised names, numbering, tables with merged cells, tracked
//! changes, a table of contents, hyperlinks, a title property.

use std::io::Write;
use std::process::Command;

use maillon::import::docx::convert;

const W: &str = r#"xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships""#;

/// A .docx holding `body` (the inside of w:body) and the given extra parts.
fn docx(body: &str, extra: &[(&str, String)]) -> Vec<u8> {
    let mut zip = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    let options = zip::write::SimpleFileOptions::default();
    let mut parts = vec![(
        "word/document.xml",
        format!(
            r#"<?xml version="1.0" encoding="UTF-8"?><w:document {W}><w:body>{body}</w:body></w:document>"#
        ),
    )];
    parts.extend(extra.iter().map(|(n, t)| (*n, t.clone())));
    for (name, text) in parts {
        zip.start_file(name, options).unwrap();
        zip.write_all(text.as_bytes()).unwrap();
    }
    zip.finish().unwrap().into_inner()
}

fn styles() -> String {
    format!(
        r#"<w:styles {W}>
        <w:style w:type="paragraph" w:styleId="Titre1"><w:name w:val="heading 1"/><w:pPr><w:outlineLvl w:val="0"/></w:pPr></w:style>
        <w:style w:type="paragraph" w:styleId="Kop2"><w:name w:val="Kop 2"/></w:style>
        <w:style w:type="paragraph" w:styleId="MonFiche"><w:name w:val="Fiche maison"/><w:basedOn w:val="Kop2"/></w:style>
        <w:style w:type="paragraph" w:styleId="Corps"><w:name w:val="Corps de texte"/></w:style>
        </w:styles>"#
    )
}

fn numbering() -> String {
    format!(
        r#"<w:numbering {W}>
        <w:abstractNum w:abstractNumId="0"><w:lvl w:ilvl="0"><w:numFmt w:val="bullet"/></w:lvl><w:lvl w:ilvl="1"><w:numFmt w:val="decimal"/></w:lvl></w:abstractNum>
        <w:num w:numId="1"><w:abstractNumId w:val="0"/></w:num>
        </w:numbering>"#
    )
}

fn p(style: &str, runs: &str) -> String {
    let props = if style.is_empty() {
        String::new()
    } else {
        format!(r#"<w:pPr><w:pStyle w:val="{style}"/></w:pPr>"#)
    };
    format!("<w:p>{props}{runs}</w:p>")
}

fn r(text: &str) -> String {
    format!(r#"<w:r><w:t xml:space="preserve">{text}</w:t></w:r>"#)
}

fn item(level: u8, text: &str) -> String {
    format!(
        r#"<w:p><w:pPr><w:numPr><w:ilvl w:val="{level}"/><w:numId w:val="1"/></w:numPr></w:pPr>{}</w:p>"#,
        r(text)
    )
}

fn plan() -> Vec<u8> {
    let body = [
        // A table of contents is dropped.
        format!(
            r#"<w:sdt><w:sdtPr><w:docPartObj><w:docPartGallery w:val="Table of Contents"/></w:docPartObj></w:sdtPr><w:sdtContent>{}</w:sdtContent></w:sdt>"#,
            p("", &r("Sommaire 1"))
        ),
        p("Titre1", &r("Plan zonal de sécurité 2020-2025")),
        p(
            "Corps",
            &format!(
                r#"{}<w:r><w:rPr><w:b/></w:rPr><w:t>chaîne</w:t></w:r>{}<w:r><w:rPr><w:i/></w:rPr><w:t>entière</w:t></w:r><w:del><w:r><w:delText>supprimé</w:delText></w:r></w:del><w:ins><w:r><w:t xml:space="preserve"> ajouté</w:t></w:r></w:ins>"#,
                r("Toute la "),
                r(" et la ")
            ),
        ),
        p(
            "Corps",
            &format!(
                r#"{}<w:r><w:footnoteReference w:id="2"/></w:r>"#,
                r("Voir la note-cadre.")
            ),
        ),
        p("MonFiche", &r("Priorité 1 : Cambriolages")),
        item(0, "Visites de technoprévention"),
        item(1, "Patrouilles ciblées"),
        p(
            "",
            &format!(
                r#"<w:hyperlink r:id="rId9">{}</w:hyperlink>"#,
                r("aide aux victimes")
            ),
        ),
        r#"<w:p><w:pPr><w:outlineLvl w:val="1"/></w:pPr><w:r><w:t>Priorité 2 : Drogues</w:t></w:r></w:p>"#
            .to_string(),
        format!(
            r#"<w:tbl><w:tr><w:tc>{}</w:tc><w:tc>{}</w:tc></w:tr><w:tr><w:tc><w:tcPr><w:gridSpan w:val="2"/></w:tcPr>{}</w:tc></w:tr><w:tr><w:tc>{}</w:tc><w:tc>{}</w:tc></w:tr></w:tbl>"#,
            p("", &r("Maillon")),
            p("", &r("Actions")),
            p("", &r("Prévention | écoles")),
            p("", &r("Réaction")),
            p("", &r("Contrôles"))
        ),
    ]
    .concat();
    let rels = r#"<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId9" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/hyperlink" Target="https://example.be/aide" TargetMode="External"/></Relationships>"#;
    docx(
        &body,
        &[
            ("word/styles.xml", styles()),
            ("word/numbering.xml", numbering()),
            ("word/_rels/document.xml.rels", rels.to_string()),
            (
                "word/footnotes.xml",
                format!(
                    r#"<w:footnotes {W}><w:footnote w:type="separator" w:id="-1"><w:p/></w:footnote><w:footnote w:id="2">{}</w:footnote></w:footnotes>"#,
                    p("", &r("Note-cadre de sécurité intégrale, 2004."))
                ),
            ),
        ],
    )
}

#[test]
fn a_word_plan_becomes_a_page_with_its_structure() {
    let imported = convert(&plan(), "pzs.docx").expect("converts");
    let md = &imported.markdown;
    assert!(
        md.starts_with("---\n# Imported from pzs.docx by maillon import.\n"),
        "{md}"
    );
    assert!(
        md.contains("title: \"Plan zonal de sécurité 2020-2025\"\n"),
        "{md}"
    );
    assert!(md.contains("kind: plan\n"), "{md}");
    assert!(md.contains("extra:\n  period: \"2020-2025\"\n"), "{md}");
    // Headings by outline level, by a localised name, and through the style a custom one is
    // based on; a paragraph's own outline level too.
    assert!(
        md.contains("\n# Plan zonal de sécurité 2020-2025\n"),
        "{md}"
    );
    assert!(md.contains("\n## Priorité 1 : Cambriolages\n"), "{md}");
    assert!(md.contains("\n## Priorité 2 : Drogues\n"), "{md}");
    // Emphasis, tracked changes accepted.
    assert!(
        md.contains("Toute la **chaîne** et la *entière* ajouté"),
        "{md}"
    );
    assert!(!md.contains("supprimé"), "{md}");
    // Lists with nesting and their kind; a hyperlink.
    assert!(
        md.contains("- Visites de technoprévention\n   1. Patrouilles ciblées\n"),
        "{md}"
    );
    assert!(
        md.contains("[aide aux victimes](https://example.be/aide)"),
        "{md}"
    );
    // A table, its merged cell repeated and a pipe escaped; a warning names the table.
    assert!(md.contains("| Maillon | Actions |\n|---|---|\n"), "{md}");
    assert!(
        md.contains("| Prévention \\| écoles | Prévention \\| écoles |"),
        "{md}"
    );
    assert!(
        imported
            .warnings
            .iter()
            .any(|w| w.starts_with("table 1: merged cells")),
        "{:?}",
        imported.warnings
    );
    // A footnote, referenced and defined after the text.
    assert!(md.contains("Voir la note-cadre.[^2]"), "{md}");
    assert!(
        md.ends_with("\n[^2]: Note-cadre de sécurité intégrale, 2004.\n"),
        "{md}"
    );
    // The table of contents is dropped.
    assert!(!md.contains("Sommaire"), "{md}");
}

#[test]
fn what_is_not_a_word_document_is_refused_clearly() {
    let not_zip = convert(b"plain text", "a.docx").unwrap_err();
    assert!(not_zip.0.contains("not a zip"), "{}", not_zip.0);
    let mut zip = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    zip.start_file("hello.txt", zip::write::SimpleFileOptions::default())
        .unwrap();
    zip.write_all(b"hi").unwrap();
    let empty = zip.finish().unwrap().into_inner();
    let no_doc = convert(&empty, "a.docx").unwrap_err();
    assert!(no_doc.0.contains("no word/document.xml"), "{}", no_doc.0);
    let macros = docx(&p("", &r("x")), &[("word/vbaProject.bin", String::new())]);
    assert!(convert(&macros, "a.docx").unwrap_err().0.contains("macros"));
}

#[test]
fn import_writes_the_page_and_never_overwrites_without_force() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("pzs.docx");
    std::fs::write(&file, plan()).unwrap();
    let into = dir.path().join("content/plans");
    let bin = env!("CARGO_BIN_EXE_maillon");
    let run = |force: bool| {
        let mut cmd = Command::new(bin);
        cmd.arg("import").arg(&file).arg("--into").arg(&into);
        if force {
            cmd.arg("--force");
        }
        cmd.output().unwrap()
    };
    let first = run(false);
    assert!(first.status.success(), "{first:?}");
    let page = into.join("pzs.md");
    let md = std::fs::read_to_string(&page).unwrap();
    assert!(md.contains("## Priorité 1 : Cambriolages"));
    std::fs::write(&page, "mine").unwrap();
    let again = run(false);
    assert_eq!(again.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&again.stderr).contains("--force"));
    assert_eq!(std::fs::read_to_string(&page).unwrap(), "mine");
    assert!(run(true).status.success());
    assert_ne!(std::fs::read_to_string(&page).unwrap(), "mine");
    // The page checks as a plan: its two priorities, read from the Word headings.
    let check = Command::new(bin)
        .args(["check", "--format", "json"])
        .arg(&page)
        .output()
        .unwrap();
    let json = String::from_utf8_lossy(&check.stdout);
    assert!(
        json.contains("\"title\": \"Priorité 1 : Cambriolages\""),
        "{json}"
    );
    assert!(
        json.contains("\"title\": \"Priorité 2 : Drogues\""),
        "{json}"
    );
    // Not a document: an error naming the file, exit 2, nothing written.
    let bad = dir.path().join("bad.docx");
    std::fs::write(&bad, "not a zip").unwrap();
    let out = Command::new(bin).arg("import").arg(&bad).output().unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("bad.docx"));
    assert!(!dir.path().join("bad.md").exists());
}
