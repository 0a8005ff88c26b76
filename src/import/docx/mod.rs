//! A `.docx` (Office Open XML) document into Markdown.
//!
//! Headings come from the outline level of a paragraph or of its style (resolved through the
//! styles it is based on, `styles`), whatever the style is called, and failing that from the
//! usual style names in four languages (Heading 1, Titre 1, Kop 1, Überschrift 1); a heading
//! numbered with words (`Priorité %1 :`) keeps its label (`numbering`). The Title style gives
//! the page its title. Runs keep bold and italic, whether set on the run, by its character style
//! or by its paragraph's style, and runs Word split alike are joined again (`**Priorité 1 :
//! Vols**`, not `**Priorité** **1 : Vols**`); hidden text is dropped. Hyperlinks and footnote
//! references are kept (the notes follow the text as `[^n]:`); list paragraphs (numbering set on
//! the paragraph or by its style) become nested `-` or `1.` items by their level and format;
//! tables become GFM tables, a merged cell repeated in every cell it covers (with a warning
//! naming the table). Pictures are taken out of the document and linked (`![alt](image1.png)`),
//! to be written beside the page. Tracked insertions are kept and deletions dropped (changes
//! taken as accepted); field instructions, tables of contents and comments are dropped; page
//! headers and footers live in parts of their own, never read. Text boxes, charts and SmartArt
//! cannot be shown and are warnings naming their paragraph.

mod numbering;
mod parts;
mod styles;

use std::collections::HashMap;

use roxmltree::{Document, Node};

use numbering::Numbering;
use parts::{content_of, is_contents_title, paragraph_style, run, text_boxes, unshown, wrapped};
use styles::Styles;

use super::page::{Block, Emphasis, Page, Piece, escape, joined, plain};
use super::{ImportError, Imported, Package};

pub(super) const W: &str = "http://schemas.openxmlformats.org/wordprocessingml/2006/main";
const R: &str = "http://schemas.openxmlformats.org/officeDocument/2006/relationships";

/// Converts the bytes of a `.docx` file named `name` (for the front matter's comment).
pub fn convert(bytes: &[u8], name: &str) -> Result<Imported, ImportError> {
    let what = "a Word document";
    let mut package = Package::open(bytes, what)?;
    package.refuse_macros("word/vbaProject.bin", "save it as a plain .docx first")?;
    let document = package.main_part("word/document.xml", what)?;
    let styles = package.part("word/styles.xml")?.unwrap_or_default();
    let numbering = package.part("word/numbering.xml")?.unwrap_or_default();
    let rels = package
        .part("word/_rels/document.xml.rels")?
        .unwrap_or_default();
    let core = package.part("docProps/core.xml")?.unwrap_or_default();
    let notes = package.part("word/footnotes.xml")?.unwrap_or_default();

    let doc = super::parse(&document, "word/document.xml")?;
    let (links, pictures) = relationships(&rels);
    let mut images = HashMap::new();
    for (id, target) in pictures {
        let part = format!(
            "word/{}",
            target.trim_start_matches('/').trim_start_matches("word/")
        );
        if let Some(bytes) = package.bytes(&part)? {
            images.insert(id, (part, bytes));
        }
    }
    let mut reader = Reader {
        styles: Styles::read(&styles),
        numbering: Numbering::read(&numbering),
        links,
        images,
        title: None,
        fields: Vec::new(),
        instructions: Vec::new(),
        page: Page::default(),
    };
    let body = doc
        .root_element()
        .children()
        .find(|n| is(n, "body"))
        .ok_or_else(|| ImportError("the document has no body".into()))?;
    reader.blocks(body);
    // Footnotes, by their number in the text (separators and continuation marks are typed).
    let mut footnotes = Vec::new();
    if let Ok(notes) = super::parse(&notes, "word/footnotes.xml") {
        for note in notes.descendants().filter(|n| is(n, "footnote")) {
            let Some(id) = note.attribute((W, "id")) else {
                continue;
            };
            if note.attribute((W, "type")).is_some() {
                continue;
            }
            footnotes.push((id.to_string(), reader.paragraphs(note)));
        }
    }
    let title = reader.title.take().or_else(|| core_title(&core));
    Ok(reader.page.finish(title, name, &footnotes))
}

struct Reader {
    styles: Styles,
    numbering: Numbering,
    /// The text of the first paragraph in the Title style.
    title: Option<String>,
    /// The fields open at this point of the document, `true` for a table of contents.
    fields: Vec<bool>,
    /// The fields open at this point of the text, `true` while in their instruction (what
    /// comes before their result is not shown).
    instructions: Vec<bool>,
    /// Relationship id → hyperlink target.
    links: HashMap<String, String>,
    /// Relationship id → picture part and bytes.
    images: HashMap<String, (String, Vec<u8>)>,
    page: Page,
}

impl Reader {
    /// The blocks of a body, a cell or a content control.
    fn blocks(&mut self, parent: Node) {
        for node in parent.children().filter(Node::is_element) {
            match node.tag_name().name() {
                "p" if node.tag_name().namespace() == Some(W) => {
                    // A table of contents written as a field: its entries are not the text, nor
                    // is its title.
                    if self.in_toc(node) {
                        self.page.retract_paragraph(is_contents_title);
                        continue;
                    }
                    if let Some(block) = self.paragraph(node) {
                        self.page.push(block);
                    }
                    // A text box's paragraphs follow the paragraph it is anchored in.
                    for content in text_boxes(node) {
                        self.blocks(content);
                    }
                }
                "tbl" if node.tag_name().namespace() == Some(W) => {
                    self.table(node);
                }
                // Content controls: a table of contents is dropped, others read through.
                "sdt" if node.tag_name().namespace() == Some(W) => {
                    let toc = node.descendants().any(|d| {
                        is(&d, "docPartGallery")
                            && d.attribute((W, "val"))
                                .is_some_and(|v| v.contains("Table of Contents"))
                    });
                    if let Some(content) = content_of(node)
                        && !toc
                    {
                        self.blocks(content);
                    }
                }
                // Custom XML around paragraphs and tables: read through.
                "customXml" if node.tag_name().namespace() == Some(W) => self.blocks(node),
                _ => {}
            }
        }
    }

    /// Follows the fields opened and closed in paragraph `p` (`fldChar` begin and end, the
    /// instruction between them) and says whether it shows text inside a `TOC` field, or is
    /// laid out by a table of contents' style.
    fn in_toc(&mut self, p: Node) -> bool {
        let mut inside = false;
        for d in p
            .descendants()
            .filter(|d| d.tag_name().namespace() == Some(W))
        {
            match d.tag_name().name() {
                // Text shown while a table of contents is open is one of its entries.
                "t" => inside |= self.fields.contains(&true),
                "fldChar" => match d.attribute((W, "fldCharType")) {
                    Some("begin") => self.fields.push(false),
                    Some("end") => {
                        self.fields.pop();
                    }
                    _ => {}
                },
                "instrText" => {
                    let toc = d.text().is_some_and(|t| t.trim_start().starts_with("TOC"));
                    if let (true, Some(top)) = (toc, self.fields.last_mut()) {
                        *top = true;
                    }
                }
                _ => {}
            }
        }
        inside || self.styles.paragraph(paragraph_style(p)).toc
    }

    fn paragraph(&mut self, p: Node) -> Option<Block> {
        let props = p.children().find(|n| is(n, "pPr"));
        let child = |name: &str| props.and_then(|pp| pp.children().find(|n| is(n, name)));
        let val = |name: &str| child(name).and_then(|n| n.attribute((W, "val")));
        let style = self.styles.paragraph(val("pStyle")).clone();
        let outline = val("outlineLvl")
            .and_then(|v| v.parse::<u8>().ok())
            .filter(|&l| l < 9)
            .map(|l| l + 1);
        if let Some(what) = unshown(p) {
            let place = self.page.place();
            self.page.warn(format!("{place}: {what} is not imported"));
        }
        // The list: set on the paragraph (an id of 0 takes it out of its style's list), or by
        // its style.
        let num = child("numPr");
        let num_val = |name: &str| {
            num.and_then(|n| n.children().find(|c| is(c, name)))
                .and_then(|n| n.attribute((W, "val")))
        };
        let list = match num_val("numId") {
            Some("0") => None,
            Some(id) => Some((
                id.to_string(),
                num_val("ilvl")
                    .and_then(|v| v.parse::<u8>().ok())
                    .or(style.list.as_ref().map(|l| l.1))
                    .unwrap_or(0),
            )),
            None => style.list.clone().map(|(id, level)| {
                let level = num_val("ilvl")
                    .and_then(|v| v.parse().ok())
                    .unwrap_or(level);
                (id, level)
            }),
        };
        let text = self.runs(p, style.emphasis).trim().to_string();
        if text.is_empty() {
            return None;
        }
        if style.title && outline.is_none() {
            if self.title.is_none() {
                self.title = Some(plain(&text));
                self.page.count_paragraph();
                return None;
            }
            return Some(Block::Paragraph(text));
        }
        if let Some(level) = outline.or(style.level) {
            let label = list
                .as_ref()
                .and_then(|(id, l)| self.numbering.heading_label(id, *l));
            let text = match label {
                Some(label) => format!("{} {}", escape(&label), plain(&text)),
                None => plain(&text),
            };
            return Some(Block::Heading(level.min(6), text));
        }
        if let Some((id, depth)) = list {
            let ordered = self.numbering.ordered(&id, depth);
            return Some(Block::Item(depth.min(8), ordered, text));
        }
        Some(Block::Paragraph(text))
    }

    /// The paragraphs under `node` (a table cell, a footnote) on one line.
    fn paragraphs(&mut self, node: Node) -> String {
        let texts: Vec<String> = node
            .descendants()
            .filter(|d| is(d, "p"))
            .map(|p| {
                let emphasis = self.styles.paragraph(paragraph_style(p)).emphasis;
                self.runs(p, emphasis).trim().to_string()
            })
            .filter(|t| !t.is_empty())
            .collect();
        texts.join(" ")
    }

    /// The Markdown of the runs under `node`, bold and italic kept, over the paragraph style's
    /// `base` properties.
    fn runs(&mut self, node: Node, base: Emphasis) -> String {
        let mut pieces = Vec::new();
        self.pieces(node, base, &mut pieces);
        joined(pieces)
    }

    fn pieces(&mut self, node: Node, base: Emphasis, out: &mut Vec<Piece>) {
        for child in node.children().filter(Node::is_element) {
            match child.tag_name().name() {
                "r" => {
                    let props = child.children().find(|n| is(n, "rPr"));
                    let style = props
                        .and_then(|p| p.children().find(|n| is(n, "rStyle")))
                        .and_then(|s| s.attribute((W, "val")));
                    let emphasis = Emphasis::of(props)
                        .over(self.styles.character(style))
                        .over(base);
                    // Hidden text, and the prompt of an empty form field, are not the text.
                    if emphasis.hidden == Some(true) || self.styles.is_placeholder(style) {
                        continue;
                    }
                    run(child, emphasis, &mut self.instructions, out);
                    let pictures = self.pictures(child);
                    if !pictures.is_empty() {
                        out.push(Piece::Raw(pictures));
                    }
                }
                // Tracked insertions are taken; deletions (w:del) are not. Inline content
                // controls, smart tags and simple fields hold runs.
                // Text moved with tracked changes counts where it went (w:moveTo), not where it
                // came from (w:moveFrom).
                "ins" | "moveTo" | "smartTag" | "customXml" | "fldSimple" | "dir" | "bdo" => {
                    self.pieces(child, base, out);
                }
                "sdt" => {
                    if let Some(content) = content_of(child) {
                        self.pieces(content, base, out);
                    }
                }
                "hyperlink" => {
                    let text = self.runs(child, base);
                    match child.attribute((R, "id")).and_then(|id| self.links.get(id)) {
                        Some(url) if !text.trim().is_empty() => {
                            out.push(Piece::Raw(format!("[{}]({url})", text.trim())));
                        }
                        _ => out.push(Piece::Raw(text)),
                    }
                }
                _ => {}
            }
        }
    }

    /// The pictures of a run, as Markdown images (DrawingML `a:blip` or VML `v:imagedata`).
    fn pictures(&mut self, r: Node) -> String {
        let mut out = String::new();
        // Of alternative content, the first choice only (its fallback repeats it); the
        // pictures of a text box are read with its paragraphs.
        let elsewhere = |d: &Node| {
            d.ancestors()
                .take_while(|a| *a != r)
                .any(|a| a.tag_name().name() == "Fallback" || is(&a, "txbxContent"))
        };
        for d in r.descendants().filter(|d| !elsewhere(d)) {
            let id = match d.tag_name().name() {
                "blip" => d.attribute((R, "embed")),
                "imagedata" => d.attribute((R, "id")),
                _ => None,
            };
            let Some((part, bytes)) = id.and_then(|id| self.images.get_mut(id)) else {
                continue;
            };
            let alt = d
                .ancestors()
                .find(|a| a.tag_name().name() == "inline" || a.tag_name().name() == "anchor")
                .and_then(|a| a.children().find(|c| c.tag_name().name() == "docPr"))
                .and_then(|p| p.attribute("descr").or_else(|| p.attribute("title")))
                .unwrap_or("");
            let markdown = self.page.image(part, bytes, alt);
            out.push_str(&markdown);
        }
        out
    }

    fn table(&mut self, tbl: Node) {
        let place = self.page.table_place();
        let mut rows: Vec<Vec<String>> = Vec::new();
        let mut captions = Vec::new();
        let mut merged = false;
        for tr in wrapped(tbl, "tr") {
            let mut row = Vec::new();
            let cells: Vec<Node> = wrapped(tr, "tc");
            let mut spanned = false;
            for &tc in &cells {
                let props = tc.children().find(|c| is(c, "tcPr"));
                let prop = |name: &str| props.and_then(|p| p.children().find(|c| is(c, name)));
                let span = prop("gridSpan")
                    .and_then(|g| g.attribute((W, "val")))
                    .and_then(|v| v.parse::<usize>().ok())
                    .unwrap_or(1)
                    .clamp(1, 64);
                let continued = prop("vMerge")
                    .is_some_and(|v| v.attribute((W, "val")).is_none_or(|v| v == "continue"));
                if tc.descendants().skip(1).any(|d| is(&d, "tbl")) {
                    self.page
                        .warn(format!("{place}: a table inside a cell is flattened"));
                }
                let text = if continued {
                    merged = true;
                    rows.last()
                        .and_then(|above| above.get(row.len()))
                        .cloned()
                        .unwrap_or_default()
                } else {
                    self.paragraphs(tc)
                };
                spanned |= span > 1;
                for _ in 0..span {
                    row.push(text.clone());
                }
            }
            // One cell across the whole table is a caption; other merged cells are repeated.
            let caption = cells.len() == 1 && spanned;
            merged |= spanned && !caption;
            captions.push(caption);
            rows.push(row);
        }
        if merged {
            self.page.warn(format!(
                "{place}: merged cells are repeated in every cell they cover"
            ));
        }
        self.page.table(rows, &captions);
    }
}

pub(super) fn is(node: &Node, name: &str) -> bool {
    node.tag_name().name() == name && node.tag_name().namespace() == Some(W)
}

/// Relationship id → target, for hyperlinks and for pictures.
type Targets = HashMap<String, String>;

fn relationships(rels: &str) -> (Targets, Targets) {
    let (mut links, mut pictures) = (HashMap::new(), HashMap::new());
    let Ok(doc) = Document::parse(rels) else {
        return (links, pictures);
    };
    for n in doc
        .descendants()
        .filter(|n| n.tag_name().name() == "Relationship")
    {
        let (Some(id), Some(target), Some(kind)) = (
            n.attribute("Id"),
            n.attribute("Target"),
            n.attribute("Type"),
        ) else {
            continue;
        };
        let external = n.attribute("TargetMode") == Some("External");
        if kind.ends_with("/hyperlink") {
            links.insert(id.to_string(), target.to_string());
        } else if kind.ends_with("/image") && !external {
            pictures.insert(id.to_string(), target.to_string());
        }
    }
    (links, pictures)
}

/// The document's title property.
fn core_title(core: &str) -> Option<String> {
    let doc = Document::parse(core).ok()?;
    doc.descendants()
        .find(|n| n.tag_name().name() == "title")
        .and_then(|n| n.text())
        .map(str::trim)
        .filter(|t| !t.is_empty())
        .map(str::to_string)
}
