//! Word and LibreOffice documents built part by part, as the word processors write them, for
//! the tests of `maillon import` and of checking and publishing documents.

use std::io::Write;

/// A tiny PNG (one transparent pixel), for pictures.
pub(crate) const PNG: &[u8] = &[
    0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A, 0x00, 0x00, 0x00, 0x0D, 0x49, 0x48, 0x44, 0x52,
    0x00, 0x00, 0x00, 0x01, 0x00, 0x00, 0x00, 0x01, 0x08, 0x06, 0x00, 0x00, 0x00, 0x1F, 0x15, 0xC4,
    0x89, 0x00, 0x00, 0x00, 0x0D, 0x49, 0x44, 0x41, 0x54, 0x78, 0x9C, 0x63, 0x00, 0x01, 0x00, 0x00,
    0x05, 0x00, 0x01, 0x0D, 0x0A, 0x2D, 0xB4, 0x00, 0x00, 0x00, 0x00, 0x49, 0x45, 0x4E, 0x44, 0xAE,
    0x42, 0x60, 0x82,
];

pub(crate) const W: &str = r#"xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships""#;

/// A .docx holding `body` (the inside of w:body) and the given extra parts.
pub(crate) fn docx(body: &str, extra: &[(&str, String)]) -> Vec<u8> {
    let parts: Vec<(&str, &[u8])> = extra.iter().map(|(n, t)| (*n, t.as_bytes())).collect();
    docx_parts(body, &parts)
}

/// [`docx`] with parts of any bytes (pictures).
pub(crate) fn docx_parts(body: &str, extra: &[(&str, &[u8])]) -> Vec<u8> {
    let mut zip = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    let options = zip::write::SimpleFileOptions::default();
    let document = format!(
        r#"<?xml version="1.0" encoding="UTF-8"?><w:document {W} {DRAWING}><w:body>{body}</w:body></w:document>"#
    );
    let mut parts = vec![("word/document.xml", document.as_bytes())];
    parts.extend(extra.iter().copied());
    for (name, bytes) in parts {
        zip.start_file(name, options).unwrap();
        zip.write_all(bytes).unwrap();
    }
    zip.finish().unwrap().into_inner()
}

/// The namespaces of a picture in a Word document.
pub(crate) const DRAWING: &str = r#"xmlns:wp="http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing" xmlns:a="http://schemas.openxmlformats.org/drawingml/2006/main" xmlns:pic="http://schemas.openxmlformats.org/drawingml/2006/picture""#;

/// A paragraph holding the picture of relationship `rid`, described as `alt`, as Word writes it.
pub(crate) fn picture(rid: &str, alt: &str) -> String {
    format!(
        r#"<w:p><w:r><w:drawing><wp:inline><wp:docPr id="1" name="Image 1" descr="{alt}"/><a:graphic><a:graphicData uri="http://schemas.openxmlformats.org/drawingml/2006/picture"><pic:pic><pic:blipFill><a:blip r:embed="{rid}"/></pic:blipFill></pic:pic></a:graphicData></a:graphic></wp:inline></w:drawing></w:r></w:p>"#
    )
}

/// A paragraph holding a text box.
pub(crate) fn text_box(text: &str) -> String {
    format!(
        r#"<w:p><w:r><w:drawing><wp:anchor><a:graphic><a:graphicData uri="http://schemas.microsoft.com/office/word/2010/wordprocessingShape"><w:txbxContent><w:p><w:r><w:t>{text}</w:t></w:r></w:p></w:txbxContent></a:graphicData></a:graphic></wp:anchor></w:drawing></w:r></w:p>"#
    )
}

/// `depth` tables, each in the one cell of the one above.
pub(crate) fn nested_tables(depth: usize) -> String {
    let mut inner = r"<w:p><w:r><w:t>fond</w:t></w:r></w:p>".to_string();
    for _ in 0..depth {
        inner = format!("<w:tbl><w:tr><w:tc>{inner}</w:tc></w:tr></w:tbl><w:p/>");
    }
    inner
}

pub(crate) fn styles() -> String {
    format!(
        r#"<w:styles {W}>
        <w:style w:type="paragraph" w:styleId="Titre1"><w:name w:val="heading 1"/><w:pPr><w:outlineLvl w:val="0"/></w:pPr></w:style>
        <w:style w:type="paragraph" w:styleId="Kop2"><w:name w:val="Kop 2"/></w:style>
        <w:style w:type="paragraph" w:styleId="MonFiche"><w:name w:val="Fiche maison"/><w:basedOn w:val="Kop2"/></w:style>
        <w:style w:type="paragraph" w:styleId="Corps"><w:name w:val="Corps de texte"/></w:style>
        </w:styles>"#
    )
}

pub(crate) fn numbering() -> String {
    format!(
        r#"<w:numbering {W}>
        <w:abstractNum w:abstractNumId="0"><w:lvl w:ilvl="0"><w:numFmt w:val="bullet"/></w:lvl><w:lvl w:ilvl="1"><w:numFmt w:val="decimal"/></w:lvl></w:abstractNum>
        <w:num w:numId="1"><w:abstractNumId w:val="0"/></w:num>
        </w:numbering>"#
    )
}

pub(crate) fn p(style: &str, runs: &str) -> String {
    let props = if style.is_empty() {
        String::new()
    } else {
        format!(r#"<w:pPr><w:pStyle w:val="{style}"/></w:pPr>"#)
    };
    format!("<w:p>{props}{runs}</w:p>")
}

pub(crate) fn r(text: &str) -> String {
    format!(r#"<w:r><w:t xml:space="preserve">{text}</w:t></w:r>"#)
}

pub(crate) fn item(level: u8, text: &str) -> String {
    format!(
        r#"<w:p><w:pPr><w:numPr><w:ilvl w:val="{level}"/><w:numId w:val="1"/></w:numPr></w:pPr>{}</w:p>"#,
        r(text)
    )
}

pub(crate) fn plan() -> Vec<u8> {
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
        // A title row across the table, a header row, a cell merged across two columns.
        format!(
            r#"<w:tbl><w:tr><w:tc><w:tcPr><w:gridSpan w:val="3"/></w:tcPr>{}</w:tc></w:tr><w:tr><w:tc>{}</w:tc><w:tc>{}</w:tc><w:tc>{}</w:tc></w:tr><w:tr><w:tc>{}</w:tc><w:tc><w:tcPr><w:gridSpan w:val="2"/></w:tcPr>{}</w:tc></w:tr><w:tr><w:tc>{}</w:tc><w:tc>{}</w:tc><w:tc>{}</w:tc></w:tr></w:tbl>"#,
            p("", &r("Plan d'action 2024")),
            p("", &r("Maillon")),
            p("", &r("Actions")),
            p("", &r("Partenaires")),
            p("", &r("Prévention")),
            p("", &r("écoles | clubs")),
            p("", &r("Réaction")),
            p("", &r("Contrôles")),
            p("", &r("Police"))
        ),
    ]
    .concat();
    let body = format!(
        "{body}{}{}{}",
        picture("rId10", "Carte de la zone"),
        text_box("Encadré"),
        picture("rId10", "La même carte")
    );
    let rels = r#"<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId9" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/hyperlink" Target="https://example.be/aide" TargetMode="External"/><Relationship Id="rId10" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/image" Target="media/image1.png"/></Relationships>"#;
    let (styles, numbering) = (styles(), numbering());
    let notes = format!(
        r#"<w:footnotes {W}><w:footnote w:type="separator" w:id="-1"><w:p/></w:footnote><w:footnote w:id="2">{}</w:footnote></w:footnotes>"#,
        p("", &r("Note-cadre de sécurité intégrale, 2004."))
    );
    docx_parts(
        &body,
        &[
            ("word/styles.xml", styles.as_bytes()),
            ("word/numbering.xml", numbering.as_bytes()),
            ("word/_rels/document.xml.rels", rels.as_bytes()),
            ("word/footnotes.xml", notes.as_bytes()),
            ("word/media/image1.png", PNG),
        ],
    )
}

pub(crate) const NS: &str = r#"xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0" xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0" xmlns:style="urn:oasis:names:tc:opendocument:xmlns:style:1.0" xmlns:fo="urn:oasis:names:tc:opendocument:xmlns:xsl-fo-compatible:1.0" xmlns:xlink="http://www.w3.org/1999/xlink" xmlns:draw="urn:oasis:names:tc:opendocument:xmlns:drawing:1.0""#;

pub(crate) fn odt(body: &str, title: Option<&str>) -> Vec<u8> {
    odt_styled(body, title, "", None)
}

/// [`odt`] with more automatic styles in content.xml, and a styles.xml holding `named` (the
/// inside of office:document-styles).
pub(crate) fn odt_styled(
    body: &str,
    title: Option<&str>,
    automatic: &str,
    named: Option<&str>,
) -> Vec<u8> {
    let styles = format!(
        r#"<office:automatic-styles>{automatic}
      <style:style style:name="T1" style:family="text"><style:text-properties fo:font-weight="bold"/></style:style>
      <style:style style:name="T2" style:family="text"><style:text-properties fo:font-style="italic"/></style:style>
      <text:list-style style:name="L1"><text:list-level-style-number text:level="1"/></text:list-style>
      <text:list-style style:name="L2"><text:list-level-style-bullet text:level="1"/></text:list-style>
    </office:automatic-styles>"#
    );
    let content = format!(
        r#"<?xml version="1.0" encoding="UTF-8"?><office:document-content {NS}>{styles}<office:body><office:text>{body}</office:text></office:body></office:document-content>"#
    );
    let mut zip = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    let options = zip::write::SimpleFileOptions::default();
    zip.start_file("mimetype", options).unwrap();
    zip.write_all(b"application/vnd.oasis.opendocument.text")
        .unwrap();
    zip.start_file("content.xml", options).unwrap();
    zip.write_all(content.as_bytes()).unwrap();
    if let Some(named) = named {
        zip.start_file("styles.xml", options).unwrap();
        zip.write_all(
            format!(r#"<?xml version="1.0" encoding="UTF-8"?><office:document-styles {NS}>{named}</office:document-styles>"#)
                .as_bytes(),
        )
        .unwrap();
    }
    if let Some(title) = title {
        zip.start_file("meta.xml", options).unwrap();
        zip.write_all(
            format!(
                r#"<office:document-meta xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" xmlns:dc="http://purl.org/dc/elements/1.1/"><office:meta><dc:title>{title}</dc:title></office:meta></office:document-meta>"#
            )
            .as_bytes(),
        )
        .unwrap();
    }
    zip.finish().unwrap().into_inner()
}
