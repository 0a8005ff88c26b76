//! `maillon import` on OpenDocument texts built here as LibreOffice writes them: outline-level
//! headings, automatic styles for bold and italic, numbered and bulleted lists, a table with a
//! spanning cell, a link, a note, a table of contents, a title in the metadata.

use std::io::Write;

use maillon::import::odt::convert;

use crate::documents::*;

#[test]
fn a_libreoffice_plan_becomes_a_page_with_its_structure() {
    let body = r#"
      <text:table-of-content><text:index-body><text:p>Sommaire 1</text:p></text:index-body></text:table-of-content>
      <text:h text:outline-level="1">Plan stratégique de sécurité et de prévention</text:h>
      <text:p>Toute la <text:span text:style-name="T1">chaîne</text:span>, <text:span text:style-name="T2">entière</text:span>, voir la <text:a xlink:href="https://example.be/note">note-cadre</text:a><text:note text:note-class="footnote"><text:note-citation>1</text:note-citation><text:note-body><text:p>Note-cadre de 2004.</text:p></text:note-body></text:note>.</text:p>
      <text:h text:outline-level="2">Priorité 1 : Cambriolages</text:h>
      <text:list text:style-name="L2">
        <text:list-item><text:p>Visites de technoprévention</text:p>
          <text:list text:style-name="L1"><text:list-item><text:p>Patrouilles ciblées</text:p></text:list-item></text:list>
        </text:list-item>
      </text:list>
      <table:table table:name="Tableau1">
        <table:table-row><table:table-cell><text:p>Maillon</text:p></table:table-cell><table:table-cell><text:p>Actions</text:p></table:table-cell><table:table-cell><text:p>Partenaires</text:p></table:table-cell></table:table-row>
        <table:table-row><table:table-cell table:number-columns-spanned="2"><text:p>Suivi</text:p></table:table-cell><table:covered-table-cell/><table:table-cell><text:p>CPAS</text:p></table:table-cell></table:table-row>
      </table:table>
    "#;
    let imported = convert(
        &odt(body, Some("PSSP 2020-2025 – Ville Exemple")),
        "pssp.odt",
    )
    .expect("converts");
    let md = &imported.markdown;
    assert!(
        md.contains("title: \"PSSP 2020-2025 – Ville Exemple\"\n"),
        "{md}"
    );
    assert!(md.contains("extra:\n  period: \"2020-2025\"\n"), "{md}");
    assert!(
        md.contains("\n# Plan stratégique de sécurité et de prévention\n"),
        "{md}"
    );
    assert!(md.contains("\n## Priorité 1 : Cambriolages\n"), "{md}");
    assert!(
        md.contains(
            "Toute la **chaîne**, *entière*, voir la [note-cadre](https://example.be/note)[^1]."
        ),
        "{md}"
    );
    assert!(md.ends_with("\n[^1]: Note-cadre de 2004.\n"), "{md}");
    assert!(
        md.contains("- Visites de technoprévention\n   1. Patrouilles ciblées\n"),
        "{md}"
    );
    assert!(
        md.contains("| Maillon | Actions | Partenaires |\n|---|---|---|\n| Suivi | Suivi | CPAS |"),
        "{md}"
    );
    assert!(
        imported
            .warnings
            .iter()
            .any(|w| w.starts_with("table 1 (under \"Priorité 1 : Cambriolages\"): merged")),
        "{:?}",
        imported.warnings
    );
    assert!(!md.contains("Sommaire"), "{md}");
}

#[test]
fn what_is_not_an_opendocument_text_is_refused_clearly() {
    assert!(
        convert(b"plain", "a.odt")
            .unwrap_err()
            .0
            .contains("not a zip")
    );
    let mut zip = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    zip.start_file("x.txt", zip::write::SimpleFileOptions::default())
        .unwrap();
    zip.write_all(b"x").unwrap();
    let empty = zip.finish().unwrap().into_inner();
    assert!(
        convert(&empty, "a.odt")
            .unwrap_err()
            .0
            .contains("no content.xml")
    );
}

#[test]
fn spans_down_and_tables_in_cells_keep_the_grid() {
    let body = r#"
      <text:h text:outline-level="2">Priorité 1 : Drogues</text:h>
      <text:p>Texte<office:annotation><text:p>Commentaire de relecture</text:p></office:annotation> suivi.</text:p>
      <table:table table:name="T">
        <table:table-header-rows><table:table-row><table:table-cell><text:p>Maillon</text:p></table:table-cell><table:table-cell><text:p>Action</text:p></table:table-cell><table:table-cell><text:p>Partenaire</text:p></table:table-cell></table:table-row></table:table-header-rows>
        <table:table-row><table:table-cell table:number-rows-spanned="2"><text:p>Prévention</text:p></table:table-cell><table:table-cell><text:p>Écoles</text:p></table:table-cell><table:table-cell><text:p>PSSP</text:p></table:table-cell></table:table-row>
        <table:table-row><table:covered-table-cell/><table:table-cell><text:p>Clubs</text:p></table:table-cell><table:table-cell>
          <table:table><table:table-row><table:table-cell><text:p>AMO</text:p></table:table-cell><table:table-cell><text:p>CPAS</text:p></table:table-cell></table:table-row></table:table>
        </table:table-cell></table:table-row>
      </table:table>
    "#;
    let imported = convert(&odt(body, None), "p.odt").expect("converts");
    let md = &imported.markdown;
    // A cell spanning two rows is repeated below; the rows of a table in a cell are not rows of
    // the table around it, their text stays in their cell.
    assert!(
        md.contains(
            "| Maillon | Action | Partenaire |\n|---|---|---|\n| Prévention | Écoles | PSSP |\n| Prévention | Clubs | AMO CPAS |\n\n"
        ) || md.ends_with("| Prévention | Clubs | AMO CPAS |\n"),
        "{md}"
    );
    assert!(
        imported
            .warnings
            .iter()
            .any(|w| w.contains("a table inside a cell is flattened")),
        "{:?}",
        imported.warnings
    );
    // Comments are not the text.
    assert!(md.contains("Texte suivi."), "{md}");
    assert!(!md.contains("Commentaire"), "{md}");
}

/// Formatting as LibreOffice stores it: a paragraph made bold as a whole (an automatic paragraph
/// style), a named style inherited, spans split alike, hidden text, the Title style, headings
/// numbered with words by the outline style.
#[test]
fn formatting_from_styles_reads_as_the_reader_sees_it() {
    let automatic = r#"
      <style:style style:name="P1" style:family="paragraph" style:parent-style-name="Standard"><style:text-properties fo:font-weight="bold"/></style:style>
      <style:style style:name="P2" style:family="paragraph" style:parent-style-name="Title"/>
      <style:style style:name="T9" style:family="text"><style:text-properties text:display="none"/></style:style>
      <style:style style:name="T8" style:family="text" style:parent-style-name="Strong_20_Emphasis"/>"#;
    let named = r#"<office:styles>
      <style:style style:name="Standard" style:family="paragraph"/>
      <style:style style:name="Title" style:display-name="Title" style:family="paragraph"><style:text-properties fo:font-weight="bold"/></style:style>
      <style:style style:name="Strong_20_Emphasis" style:display-name="Strong Emphasis" style:family="text"><style:text-properties fo:font-weight="bold"/></style:style>
      <text:outline-style style:name="Outline">
        <text:outline-level-style text:level="2" style:num-prefix="Priorité " style:num-suffix=" :" style:num-format="1"/>
      </text:outline-style>
    </office:styles>"#;
    let body = r#"
      <text:p text:style-name="P2">Plan stratégique de sécurité et de prévention 2020-2025</text:p>
      <text:p text:style-name="P1">Objectif stratégique 1 : Vols</text:p>
      <text:p><text:span text:style-name="T1">Objectif</text:span> <text:span text:style-name="T1">stratégique 2 : Drogues</text:span></text:p>
      <text:p><text:span text:style-name="T8">Prévention :</text:span> campagnes<text:span text:style-name="T9"> cachées</text:span>.</text:p>
      <text:h text:outline-level="2">Cambriolages</text:h>
      <text:h text:outline-level="2">Nuisances</text:h>
    "#;
    let imported = convert(&odt_styled(body, None, automatic, Some(named)), "p.odt").unwrap();
    let md = &imported.markdown;
    assert!(
        md.contains("title: \"Plan stratégique de sécurité et de prévention 2020-2025\"\n"),
        "{md}"
    );
    assert!(!md.contains("\n**Plan"), "{md}");
    assert!(md.contains("\n**Objectif stratégique 1 : Vols**\n"), "{md}");
    assert!(
        md.contains("\n**Objectif stratégique 2 : Drogues**\n"),
        "{md}"
    );
    assert!(md.contains("\n**Prévention :** campagnes.\n"), "{md}");
    assert!(md.contains("\n## Priorité 1 : Cambriolages\n"), "{md}");
    assert!(md.contains("\n## Priorité 2 : Nuisances\n"), "{md}");
}

/// Headings numbered by a list style, as LibreOffice writes them (and Word files it converts),
/// and a text box anchored in a paragraph.
#[test]
fn headings_in_lists_and_text_boxes() {
    let automatic = r#"
      <text:list-style style:name="L9"><text:list-level-style-number text:level="1" style:num-prefix="Priorité " style:num-suffix=" :" style:num-format="1"/></text:list-style>"#;
    let body = r#"
      <text:list xml:id="list1" text:style-name="L9"><text:list-item><text:h text:outline-level="2">Cambriolages</text:h></text:list-item></text:list>
      <text:p>Prévention : conseils.</text:p>
      <text:p>Voir l'encadré.<draw:frame draw:name="Cadre1"><draw:text-box><text:p>Suivi : aide aux victimes.</text:p></draw:text-box></draw:frame></text:p>
      <text:list text:style-name="L9"><text:list-item><text:h text:outline-level="2">Drogues</text:h></text:list-item></text:list>
      <text:list text:style-name="L9"><text:list-item text:start-value="7"><text:h text:outline-level="2">Vols</text:h></text:list-item></text:list>
    "#;
    let imported = convert(&odt_styled(body, None, automatic, None), "p.odt").unwrap();
    let md = &imported.markdown;
    assert!(md.contains("\n## Priorité 1 : Cambriolages\n"), "{md}");
    assert!(md.contains("\n## Priorité 2 : Drogues\n"), "{md}");
    assert!(md.contains("\n## Priorité 7 : Vols\n"), "{md}");
    assert!(
        md.contains("\nVoir l'encadré.\n\nSuivi : aide aux victimes.\n"),
        "{md}"
    );
    assert!(imported.warnings.is_empty(), "{:?}", imported.warnings);
}

/// Fields show their values, a list header is kept, a note in a table cell is written once.
#[test]
fn fields_list_headers_and_notes_in_cells() {
    let body = r#"
      <text:p>Laufzeit: <text:user-field-get text:name="Laufzeit">2026–2031</text:user-field-get>, <text:variable-get text:name="Zone">Zone Eifel</text:variable-get>, <text:author-name>Dienst</text:author-name><text:placeholder text:placeholder-type="text">&lt;Text eingeben&gt;</text:placeholder>.</text:p>
      <text:list text:style-name="L2"><text:list-header><text:p>Maßnahmen ohne Aufzählungszeichen</text:p></text:list-header><text:list-item><text:p>Streifen</text:p></text:list-item></text:list>
      <table:table table:name="T">
        <table:table-row><table:table-cell><text:p>Bereich</text:p></table:table-cell><table:table-cell><text:p>Maßnahme</text:p></table:table-cell></table:table-row>
        <table:table-row><table:table-cell><text:p>Reaktion</text:p></table:table-cell><table:table-cell><text:p>Vorladung<text:note text:note-class="footnote"><text:note-citation>1</text:note-citation><text:note-body><text:p>Gemäß COL 1/2020.</text:p></text:note-body></text:note></text:p></table:table-cell></table:table-row>
      </table:table>
    "#;
    let imported = convert(&odt(body, None), "p.odt").unwrap();
    let md = &imported.markdown;
    assert!(
        md.contains("\nLaufzeit: 2026–2031, Zone Eifel, Dienst.\n"),
        "{md}"
    );
    assert!(
        md.contains("\n- Maßnahmen ohne Aufzählungszeichen\n- Streifen\n"),
        "{md}"
    );
    assert!(md.contains("| Reaktion | Vorladung[^1] |\n"), "{md}");
    assert_eq!(md.matches("Gemäß COL").count(), 1, "{md}");
}
