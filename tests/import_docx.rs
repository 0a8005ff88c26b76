//! `maillon import` on Word documents built here, part by part, as Word writes them: styles
//! with outline levels or localised names, numbering, tables with merged cells, tracked
//! changes, a table of contents, hyperlinks, a title property.

use crate::common::assert_has;
use std::io::Write;
use std::process::Command;

use maillon::import::docx::convert;

use crate::documents::*;

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
    // A table: its title row written once, above it; its merged cell repeated and a pipe
    // escaped; a warning names the table.
    assert!(
        md.contains("\nPlan d'action 2024\n\n| Maillon | Actions | Partenaires |\n|---|---|---|\n"),
        "{md}"
    );
    assert!(
        md.contains("| Prévention | écoles \\| clubs | écoles \\| clubs |"),
        "{md}"
    );
    assert!(
        imported
            .warnings
            .iter()
            .any(|w| w.starts_with("table 1 (under \"Priorité 2 : Drogues\"): merged cells")),
        "{:?}",
        imported.warnings
    );
    // Each line is named by its place in the document: the heading above and the paragraph's
    // number (headings and list items count), or the table and row.
    let line_of = |text: &str| md.lines().position(|l| l.starts_with(text)).unwrap() + 1;
    let at = |text: &str| imported.landmarks.describe(line_of(text)).unwrap();
    assert_eq!(
        at("## Priorité 2"),
        "heading \"Priorité 2 : Drogues\" (paragraph 8)"
    );
    assert_eq!(
        at("   1. Patrouilles"),
        "heading \"Priorité 1 : Cambriolages\", paragraph 6"
    );
    assert_eq!(
        at("| Réaction"),
        "heading \"Priorité 2 : Drogues\", table 1, row 3"
    );
    assert_eq!(
        at("Plan d'action"),
        "heading \"Priorité 2 : Drogues\", paragraph 9"
    );
    assert_eq!(at("title:"), "the document's properties (title)");
    assert_eq!(at("[^2]:"), "note 2");
    // A footnote, referenced and defined after the text.
    assert!(md.contains("Voir la note-cadre.[^2]"), "{md}");
    assert!(
        md.ends_with("\n[^2]: Note-cadre de sécurité intégrale, 2004.\n"),
        "{md}"
    );
    // The table of contents is dropped.
    assert!(!md.contains("Sommaire"), "{md}");
    // A picture is taken out once and linked wherever it is used; a text box's text follows
    // its paragraph.
    assert!(md.contains("\n![Carte de la zone](image1.png)\n"), "{md}");
    assert!(md.contains("\n![La même carte](image1.png)\n"), "{md}");
    assert_eq!(imported.images.len(), 1);
    assert_eq!(imported.images[0].name, "image1.png");
    assert_eq!(imported.images[0].bytes, PNG);
    assert!(
        md.contains("\n![Carte de la zone](image1.png)\n\nEncadré\n\n![La même carte]"),
        "{md}"
    );
    assert!(
        !imported.warnings.iter().any(|w| w.contains("text box")),
        "{:?}",
        imported.warnings
    );
}

#[test]
fn what_is_not_a_word_document_is_refused_clearly() {
    let not_zip = convert(b"plain text", "a.docx").unwrap_err();
    assert_has(&not_zip.0, "not a zip");
    let mut zip = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    zip.start_file("hello.txt", zip::write::SimpleFileOptions::default())
        .unwrap();
    zip.write_all(b"hi").unwrap();
    let empty = zip.finish().unwrap().into_inner();
    let no_doc = convert(&empty, "a.docx").unwrap_err();
    assert_has(&no_doc.0, "no word/document.xml");
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
    // With a picture, the page is a bundle: its folder holds it and the picture.
    let page = into.join("pzs/index.md");
    assert_eq!(std::fs::read(into.join("pzs/image1.png")).unwrap(), PNG);
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
    // `--lang nl`: the page is the Dutch translation, unless Dutch is the site's default.
    let lang = |into: &std::path::Path| {
        Command::new(bin)
            .arg("import")
            .arg(&file)
            .args(["--lang", "nl", "--into"])
            .arg(into)
            .output()
            .unwrap()
    };
    assert!(lang(&dir.path().join("nl")).status.success());
    assert!(dir.path().join("nl/pzs/index.nl.md").exists());
    let site = dir.path().join("site");
    std::fs::create_dir_all(&site).unwrap();
    std::fs::write(
        site.join("maillon.toml"),
        "title = \"Site\"\nbase_url = \"https://example.be/\"\ndefault_language = \"nl\"\n[languages.nl]\n",
    )
    .unwrap();
    assert!(lang(&site.join("content/plans")).status.success());
    assert!(site.join("content/plans/pzs/index.md").exists());
    let bad_lang = Command::new(bin)
        .arg("import")
        .arg(&file)
        .args(["--lang", "Nederlands"])
        .output()
        .unwrap();
    assert_eq!(bad_lang.status.code(), Some(2));
    // Not a document: an error naming the file, exit 2, nothing written.
    let bad = dir.path().join("bad.docx");
    std::fs::write(&bad, "not a zip").unwrap();
    let out = Command::new(bin).arg("import").arg(&bad).output().unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("bad.docx"));
    assert!(!dir.path().join("bad.md").exists());
}

/// Formatting as Word stores it in a real document: runs split at every edit, bold set by a
/// character style or by the paragraph's style, lists and heading numbers set by styles.
#[test]
fn formatting_from_styles_and_split_runs_reads_as_the_reader_sees_it() {
    let styles = format!(
        r#"<w:styles {W}>
        <w:style w:type="paragraph" w:default="1" w:styleId="Normal"><w:name w:val="Normal"/></w:style>
        <w:style w:type="paragraph" w:styleId="Titre"><w:name w:val="Title"/></w:style>
        <w:style w:type="paragraph" w:styleId="Titre2"><w:name w:val="heading 2"/><w:pPr><w:numPr><w:numId w:val="7"/></w:numPr><w:outlineLvl w:val="1"/></w:pPr></w:style>
        <w:style w:type="paragraph" w:styleId="LigneObjectif"><w:name w:val="Ligne objectif"/><w:basedOn w:val="Normal"/><w:rPr><w:b/></w:rPr></w:style>
        <w:style w:type="paragraph" w:styleId="Listepuces"><w:name w:val="List Bullet"/><w:pPr><w:numPr><w:numId w:val="3"/></w:numPr></w:pPr></w:style>
        <w:style w:type="character" w:styleId="Fort"><w:name w:val="Strong"/><w:rPr><w:b/></w:rPr></w:style>
        </w:styles>"#
    );
    let numbering = format!(
        r#"<w:numbering {W}>
        <w:abstractNum w:abstractNumId="1"><w:lvl w:ilvl="0"><w:start w:val="1"/><w:numFmt w:val="decimal"/><w:lvlText w:val="Priorité %1 :"/></w:lvl></w:abstractNum>
        <w:abstractNum w:abstractNumId="2"><w:lvl w:ilvl="0"><w:numFmt w:val="bullet"/><w:lvlText w:val="•"/></w:lvl></w:abstractNum>
        <w:num w:numId="7"><w:abstractNumId w:val="1"/></w:num>
        <w:num w:numId="3"><w:abstractNumId w:val="2"/></w:num>
        </w:numbering>"#
    );
    let bold =
        |t: &str| format!(r#"<w:r><w:rPr><w:b/></w:rPr><w:t xml:space="preserve">{t}</w:t></w:r>"#);
    let body = [
        p("Titre", &r("Plan zonal de sécurité 2021-2025")),
        // Split bold runs, with a plain space run between them.
        p("", &format!("{}{}{}", bold("Objectif"), r(" "), bold("stratégique 1 : Vols"))),
        p("Listepuces", &r("Patrouilles ciblées")),
        // Bold from the paragraph's style, and from a character style.
        p("LigneObjectif", &r("Objectif stratégique 2 : Drogues")),
        p(
            "",
            &format!(
                r#"<w:r><w:rPr><w:rStyle w:val="Fort"/></w:rPr><w:t>Prévention :</w:t></w:r>{}"#,
                r(" campagnes.")
            ),
        ),
        // Hidden text, and text in an inline content control.
        p(
            "",
            &format!(
                r"{}<w:r><w:rPr><w:vanish/></w:rPr><w:t>caché</w:t></w:r><w:sdt><w:sdtContent>{}</w:sdtContent></w:sdt>",
                r("Suivi des "),
                r("victimes.")
            ),
        ),
        // Headings numbered by their style with words: the words are kept.
        p("Titre2", &r("Cambriolages")),
        p("Titre2", &r("Nuisances")),
    ]
    .concat();
    let imported = convert(
        &docx(
            &body,
            &[
                ("word/styles.xml", styles),
                ("word/numbering.xml", numbering),
            ],
        ),
        "plan.docx",
    )
    .unwrap();
    let md = &imported.markdown;
    assert!(
        md.contains("title: \"Plan zonal de sécurité 2021-2025\"\n"),
        "{md}"
    );
    assert!(!md.contains("\nPlan zonal"), "{md}");
    assert!(md.contains("\n**Objectif stratégique 1 : Vols**\n"), "{md}");
    assert!(md.contains("\n- Patrouilles ciblées\n"), "{md}");
    assert!(
        md.contains("\n**Objectif stratégique 2 : Drogues**\n"),
        "{md}"
    );
    assert!(md.contains("\n**Prévention :** campagnes.\n"), "{md}");
    assert!(md.contains("\nSuivi des victimes.\n"), "{md}");
    assert!(md.contains("\n## Priorité 1 : Cambriolages\n"), "{md}");
    assert!(md.contains("\n## Priorité 2 : Nuisances\n"), "{md}");
}

/// What independent Word documents showed: a table of contents written as a field, headings
/// numbered `4.1`, a start overridden, text moved with tracked changes, ticks in a symbol font,
/// a group row across a table, a period in a picture's description.
#[test]
fn fields_numbers_moves_symbols_and_group_rows() {
    let styles = format!(
        r#"<w:styles {W}>
        <w:style w:type="paragraph" w:styleId="Titre1"><w:name w:val="heading 1"/><w:pPr><w:numPr><w:numId w:val="3"/></w:numPr><w:outlineLvl w:val="0"/></w:pPr></w:style>
        <w:style w:type="paragraph" w:styleId="Titre2"><w:name w:val="heading 2"/><w:pPr><w:numPr><w:numId w:val="3"/><w:ilvl w:val="1"/></w:numPr><w:outlineLvl w:val="1"/></w:pPr></w:style>
        <w:style w:type="paragraph" w:styleId="TM1"><w:name w:val="toc 1"/></w:style>
        <w:style w:type="paragraph" w:styleId="Fiche"><w:name w:val="Fiche"/><w:pPr><w:numPr><w:numId w:val="6"/></w:numPr><w:outlineLvl w:val="1"/></w:pPr></w:style>
        </w:styles>"#
    );
    let numbering = format!(
        r#"<w:numbering {W}>
        <w:abstractNum w:abstractNumId="1"><w:lvl w:ilvl="0"><w:start w:val="1"/><w:numFmt w:val="decimal"/><w:lvlText w:val="%1."/></w:lvl><w:lvl w:ilvl="1"><w:start w:val="1"/><w:numFmt w:val="decimal"/><w:lvlText w:val="%1.%2"/></w:lvl></w:abstractNum>
        <w:abstractNum w:abstractNumId="2"><w:lvl w:ilvl="0"><w:start w:val="1"/><w:numFmt w:val="decimal"/><w:lvlText w:val="Fiche projet %1 –"/></w:lvl></w:abstractNum>
        <w:num w:numId="3"><w:abstractNumId w:val="1"/></w:num>
        <w:num w:numId="6"><w:abstractNumId w:val="2"/><w:lvlOverride w:ilvl="0"><w:startOverride w:val="4"/></w:lvlOverride></w:num>
        </w:numbering>"#
    );
    let field = |kind: &str| format!(r#"<w:r><w:fldChar w:fldCharType="{kind}"/></w:r>"#);
    let sym = |code: &str| format!(r#"<w:r><w:sym w:font="Wingdings" w:char="{code}"/></w:r>"#);
    let cell = |inner: &str| format!("<w:tc>{}</w:tc>", p("", inner));
    let body = [
        p("", r"<w:r><w:rPr><w:b/></w:rPr><w:t>Sommaire</w:t></w:r>"),
        // A table of contents as a field, spread over paragraphs, with page references.
        format!(
            r#"<w:p>{}<w:r><w:instrText xml:space="preserve"> TOC \o "1-3" \h </w:instrText></w:r>{}<w:hyperlink w:anchor="_Toc1">{}{}<w:r><w:instrText> PAGEREF _Toc1 \h </w:instrText></w:r>{}{}{}</w:hyperlink></w:p>"#,
            field("begin"),
            field("separate"),
            r("1. Contexte"),
            field("begin"),
            field("separate"),
            r("3"),
            field("end")
        ),
        p("TM1", &r("2. Priorités 5")),
        format!("<w:p>{}</w:p>", field("end")),
        p("Titre1", &r("Contexte")),
        p("Titre1", &r("Priorités")),
        p("Titre2", &r("Cambriolages")),
        // Moved text counts where it went.
        format!(
            r#"<w:p><w:moveFrom w:id="1"><w:r><w:t>Ancienne place.</w:t></w:r></w:moveFrom><w:moveTo w:id="2">{}</w:moveTo></w:p>"#,
            r("Réaction : contrôles.")
        ),
        p("Fiche", &r("Sécurité routière")),
        // A group row across the table, ticks in Wingdings.
        format!(
            r#"<w:tbl><w:tr>{}{}</w:tr><w:tr><w:tc><w:tcPr><w:gridSpan w:val="2"/></w:tcPr>{}</w:tc></w:tr><w:tr>{}{}</w:tr></w:tbl>"#,
            cell(&r("Action")),
            cell(&r("Fait")),
            p("", &r("Prévention")),
            cell(&r("Campagne")),
            cell(&sym("F0FC"))
        ),
        picture("rId10", "Criminalité 2015-2019"),
    ]
    .concat();
    let rels = r#"<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId10" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/image" Target="media/image1.png"/></Relationships>"#;
    let imported = convert(
        &docx_parts(
            &body,
            &[
                ("word/styles.xml", styles.as_bytes()),
                ("word/numbering.xml", numbering.as_bytes()),
                ("word/_rels/document.xml.rels", rels.as_bytes()),
                ("word/media/image1.png", PNG),
            ],
        ),
        "plan.docx",
    )
    .unwrap();
    let md = &imported.markdown;
    // The table of contents is gone: each heading is there once.
    assert_eq!(md.matches("Contexte").count(), 2, "{md}"); // title and heading
    assert!(!md.contains("Priorités 5"), "{md}");
    assert!(!md.contains("Sommaire"), "{md}");
    assert!(md.contains("\n# 1. Contexte\n"), "{md}");
    assert!(md.contains("\n# 2. Priorités\n"), "{md}");
    assert!(md.contains("\n## 2.1 Cambriolages\n"), "{md}");
    assert!(md.contains("\nRéaction : contrôles.\n"), "{md}");
    assert!(!md.contains("Ancienne place"), "{md}");
    assert!(
        md.contains("\n## Fiche projet 4 – Sécurité routière\n"),
        "{md}"
    );
    assert!(
        md.contains(
            "| Action | Fait |\n|---|---|\n| Prévention | Prévention |\n| Campagne | ✓ |\n"
        ),
        "{md}"
    );
    assert!(!md.contains("period"), "{md}");
}

/// What documents from other producers showed: custom XML and content controls around blocks,
/// rows and cells, a form field showing its prompt, a field nested in another's instruction,
/// legacy form check boxes, a Title paragraph counted, a UTF-16 part.
#[test]
fn wrappers_prompts_fields_and_check_boxes() {
    let styles = format!(
        r#"<w:styles {W}>
        <w:style w:type="paragraph" w:styleId="Titel"><w:name w:val="Title"/></w:style>
        <w:style w:type="paragraph" w:styleId="Kop2"><w:name w:val="heading 2"/></w:style>
        <w:style w:type="character" w:styleId="Tekstvantijdelijkeaanduiding"><w:name w:val="Placeholder Text"/></w:style>
        </w:styles>"#
    );
    let field = |kind: &str| format!(r#"<w:r><w:fldChar w:fldCharType="{kind}"/></w:r>"#);
    let instr =
        |t: &str| format!(r#"<w:r><w:instrText xml:space="preserve">{t}</w:instrText></w:r>"#);
    let check_box = |ticked: bool| {
        format!(
            r#"<w:r><w:fldChar w:fldCharType="begin"><w:ffData><w:checkBox><w:sizeAuto/>{}</w:checkBox></w:ffData></w:fldChar></w:r>{}{}"#,
            if ticked { "<w:checked/>" } else { "" },
            instr(" FORMCHECKBOX "),
            field("end")
        )
    };
    let cell = |inner: &str| format!("<w:tc>{}</w:tc>", p("", inner));
    let body = [
        p("Titel", &r("Zonaal veiligheidsplan")),
        format!(r#"<w:customXml w:element="inleiding">{}</w:customXml>"#, p("", &r("Inleiding van het plan."))),
        format!(r#"<w:customXml w:element="prioriteit">{}</w:customXml>"#, p("Kop2", &r("Prioriteit 2: Diefstal"))),
        // A nested field in an IF's instruction shows nothing; the IF's result shows.
        [
            "<w:p>".to_string(),
            r("Type: "),
            field("begin"),
            instr(" IF "),
            field("begin"),
            instr(" DOCPROPERTY Zone "),
            field("separate"),
            r("ZP"),
            field("end"),
            instr(r#" = "ZP" "zone pluricommunale" "zone monocommunale" "#),
            field("separate"),
            r("zone pluricommunale"),
            field("end"),
            "</w:p>".to_string(),
        ]
        .concat(),
        // Rows in a content control, cells in custom XML, a prompt, check boxes.
        format!(
            r#"<w:tbl><w:tr>{}{}</w:tr><w:sdt><w:sdtPr/><w:sdtContent><w:tr>{}{}</w:tr></w:sdtContent></w:sdt><w:tr><w:customXml w:element="c">{}</w:customXml>{}</w:tr><w:tr>{}<w:tc><w:p><w:sdt><w:sdtPr><w:showingPlcHdr/><w:text/></w:sdtPr><w:sdtContent><w:r><w:rPr><w:rStyle w:val="Tekstvantijdelijkeaanduiding"/></w:rPr><w:t>Klik of tik om tekst in te voeren.</w:t></w:r></w:sdtContent></w:sdt></w:p></w:tc></w:tr></w:tbl>"#,
            cell(&r("Schakel")),
            cell(&r("Gedaan")),
            cell(&r("Preventie")),
            cell(&check_box(true)),
            cell(&r("Reactie")),
            cell(&check_box(false)),
            cell(&r("Nazorg"))
        ),
    ]
    .concat();
    let imported = convert(&docx(&body, &[("word/styles.xml", styles)]), "plan.docx").unwrap();
    let md = &imported.markdown;
    assert!(md.contains("title: \"Zonaal veiligheidsplan\""), "{md}");
    assert!(md.contains("\nInleiding van het plan.\n"), "{md}");
    assert!(md.contains("\n## Prioriteit 2: Diefstal\n"), "{md}");
    assert!(md.contains("\nType: zone pluricommunale\n"), "{md}");
    assert!(
        md.contains(
            "| Schakel | Gedaan |\n|---|---|\n| Preventie | ☒ |\n| Reactie | ☐ |\n| Nazorg |  |\n"
        ),
        "{md}"
    );
    assert!(!md.contains("Klik of tik"), "{md}");
    // The Title paragraph is counted: the heading is the third paragraph of text.
    let line = md
        .lines()
        .position(|l| l.starts_with("## Prioriteit 2"))
        .unwrap()
        + 1;
    assert_eq!(
        imported.landmarks.describe(line).unwrap(),
        "heading \"Prioriteit 2: Diefstal\" (paragraph 3)"
    );
    // The same document with its main part in UTF-16, as the package format allows.
    let xml = format!(
        r#"<?xml version="1.0" encoding="UTF-16"?><w:document {W} {DRAWING}><w:body>{}</w:body></w:document>"#,
        p("", &r("Preventie : buurtwerking."))
    );
    let mut utf16 = vec![0xFF, 0xFE];
    utf16.extend(xml.encode_utf16().flat_map(u16::to_le_bytes));
    let mut zip = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    zip.start_file(
        "word/document.xml",
        zip::write::SimpleFileOptions::default(),
    )
    .unwrap();
    zip.write_all(&utf16).unwrap();
    let bytes = zip.finish().unwrap().into_inner();
    let wide = convert(&bytes, "utf16.docx").unwrap();
    assert_has(&wide.markdown, "\nPreventie : buurtwerking.\n");
}
