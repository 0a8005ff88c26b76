//! A `.docx` (Office Open XML) document into Markdown.
//!
//! Headings come from the outline level of a paragraph or of its style (resolved through the
//! styles it is based on), whatever the style is called, and failing that from the usual style
//! names in four languages (Heading 1, Titre 1, Kop 1, Überschrift 1). Runs keep bold and
//! italic, hyperlinks and footnote references (the notes follow the text as `[^n]:`); list paragraphs (numbering) become nested `-` or `1.` items by their level and format;
//! tables become GFM tables, a merged cell repeated in every cell it covers (with a warning
//! naming the table). Pictures are taken out of the document and linked (`![alt](image1.png)`),
//! to be written beside the page. Tracked insertions are kept and deletions dropped (changes
//! taken as accepted); field instructions, tables of contents and comments are dropped; page
//! headers and footers live in parts of their own, never read. Text boxes, charts and SmartArt
//! cannot be shown and are warnings naming their paragraph.

use std::collections::HashMap;

use roxmltree::{Document, Node};

use super::page::{Block, Page, emphasised, escape};
use super::{ImportError, Imported, Package};

const W: &str = "http://schemas.openxmlformats.org/wordprocessingml/2006/main";
const R: &str = "http://schemas.openxmlformats.org/officeDocument/2006/relationships";

/// Converts the bytes of a `.docx` file named `name` (for the front matter's comment).
pub fn convert(bytes: &[u8], name: &str) -> Result<Imported, ImportError> {
    let mut package = Package::open(bytes, "a Word document")?;
    if package.has("word/vbaProject.bin") {
        return Err(ImportError(
            "the document holds macros; save it as a plain .docx first".into(),
        ));
    }
    let document = package
        .part("word/document.xml")?
        .ok_or_else(|| ImportError("not a Word document (no word/document.xml)".into()))?;
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
        headings: heading_levels(&styles),
        lists: list_formats(&numbering),
        links,
        images,
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
    let title = core_title(&core);
    Ok(reader.page.finish(title, name, &footnotes))
}

struct Reader {
    /// Paragraph style id → heading level (1-6).
    headings: HashMap<String, u8>,
    /// (numbering id, level) → ordered.
    lists: HashMap<(String, u8), bool>,
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
                    if let Some(block) = self.paragraph(node) {
                        self.page.push(block);
                    }
                }
                "tbl" if node.tag_name().namespace() == Some(W) => {
                    let table = self.table(node);
                    self.page.push(table);
                }
                // Content controls: a table of contents is dropped, others read through.
                "sdt" if node.tag_name().namespace() == Some(W) => {
                    let toc = node.descendants().any(|d| {
                        is(&d, "docPartGallery")
                            && d.attribute((W, "val"))
                                .is_some_and(|v| v.contains("Table of Contents"))
                    });
                    if let Some(content) = node.children().find(|n| is(n, "sdtContent"))
                        && !toc
                    {
                        self.blocks(content);
                    }
                }
                _ => {}
            }
        }
    }

    fn paragraph(&mut self, p: Node) -> Option<Block> {
        let props = p.children().find(|n| is(n, "pPr"));
        let child = |name: &str| props.and_then(|pp| pp.children().find(|n| is(n, name)));
        let style = child("pStyle").and_then(|s| s.attribute((W, "val")));
        let outline = child("outlineLvl")
            .and_then(|o| o.attribute((W, "val")))
            .and_then(|v| v.parse::<u8>().ok())
            .filter(|&l| l < 9)
            .map(|l| l + 1);
        if let Some(what) = unshown(p) {
            let place = self.page.place();
            self.page.warn(format!("{place}: {what} is not imported"));
        }
        let text = self.runs(p).trim().to_string();
        if text.is_empty() {
            return None;
        }
        let level = outline.or_else(|| style.and_then(|s| self.headings.get(s).copied()));
        if let Some(level) = level {
            return Some(Block::Heading(level.min(6), plain(&text)));
        }
        if let Some(num) = child("numPr") {
            let id = num
                .children()
                .find(|n| is(n, "numId"))
                .and_then(|n| n.attribute((W, "val")))
                .unwrap_or("0");
            let depth = num
                .children()
                .find(|n| is(n, "ilvl"))
                .and_then(|n| n.attribute((W, "val")))
                .and_then(|v| v.parse::<u8>().ok())
                .unwrap_or(0);
            if id != "0" {
                let ordered = self
                    .lists
                    .get(&(id.to_string(), depth))
                    .copied()
                    .unwrap_or(false);
                return Some(Block::Item(depth, ordered, text));
            }
        }
        Some(Block::Paragraph(text))
    }

    /// The paragraphs under `node` (a table cell, a footnote) on one line.
    fn paragraphs(&mut self, node: Node) -> String {
        let texts: Vec<String> = node
            .descendants()
            .filter(|d| is(d, "p"))
            .map(|p| self.runs(p).trim().to_string())
            .filter(|t| !t.is_empty())
            .collect();
        texts.join(" ")
    }

    /// The Markdown of the runs under `node`, bold and italic kept.
    fn runs(&mut self, node: Node) -> String {
        let mut out = String::new();
        for child in node.children().filter(Node::is_element) {
            match child.tag_name().name() {
                "r" => {
                    out.push_str(&run(child));
                    out.push_str(&self.pictures(child));
                }
                // Tracked insertions are taken; deletions (w:del) are not.
                "ins" | "smartTag" | "customXml" | "fldSimple" => out.push_str(&self.runs(child)),
                "hyperlink" => {
                    let text = self.runs(child);
                    match child.attribute((R, "id")).and_then(|id| self.links.get(id)) {
                        Some(url) if !text.trim().is_empty() => {
                            out.push_str(&format!("[{}]({url})", text.trim()))
                        }
                        _ => out.push_str(&text),
                    }
                }
                _ => {}
            }
        }
        out
    }

    /// The pictures of a run, as Markdown images (DrawingML `a:blip` or VML `v:imagedata`).
    fn pictures(&mut self, r: Node) -> String {
        let mut out = String::new();
        for d in r.descendants() {
            let id = match d.tag_name().name() {
                "blip" => d.attribute((R, "embed")),
                "imagedata" => d.attribute((R, "id")),
                _ => None,
            };
            let Some((part, bytes)) = id.and_then(|id| self.images.get(id)) else {
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

    fn table(&mut self, tbl: Node) -> Block {
        let place = self.page.table_place();
        let mut rows: Vec<Vec<String>> = Vec::new();
        let mut merged = false;
        for tr in tbl.children().filter(|c| is(c, "tr")) {
            let mut row = Vec::new();
            for tc in tr.children().filter(|c| is(c, "tc")) {
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
                merged |= span > 1;
                for _ in 0..span {
                    row.push(text.clone());
                }
            }
            rows.push(row);
        }
        if merged {
            self.page.warn(format!(
                "{place}: merged cells are repeated in every cell they cover"
            ));
        }
        Block::Table(rows)
    }
}

/// One run's text, wrapped in `**` or `*` as it is bold or italic.
fn run(r: Node) -> String {
    let props = r.children().find(|n| is(n, "rPr"));
    let on = |name: &str| {
        props
            .and_then(|p| p.children().find(|n| is(n, name)))
            .is_some_and(|n| {
                n.attribute((W, "val"))
                    .is_none_or(|v| !matches!(v, "0" | "false" | "none"))
            })
    };
    let mut text = String::new();
    for child in r.children().filter(Node::is_element) {
        match child.tag_name().name() {
            "t" => text.push_str(&escape(child.text().unwrap_or(""))),
            "tab" => text.push(' '),
            "br" | "cr" => text.push(' '),
            "footnoteReference" => {
                if let Some(id) = child.attribute((W, "id")) {
                    text.push_str(&format!("[^{id}]"));
                }
            }
            _ => {}
        }
    }
    emphasised(&text, on("b"), on("i"))
}

/// What a paragraph holds that cannot be shown in Markdown: a text box, a chart, SmartArt.
fn unshown(p: Node) -> Option<&'static str> {
    if p.descendants()
        .any(|d| matches!(d.tag_name().name(), "txbxContent" | "textbox"))
    {
        return Some("a text box");
    }
    if p.descendants().any(|d| is(&d, "object")) {
        return Some("an embedded object");
    }
    p.descendants()
        .filter(|d| d.tag_name().name() == "graphicData")
        .find_map(|d| match d.attribute("uri").unwrap_or("") {
            u if u.ends_with("/diagram") => Some("a SmartArt diagram"),
            u if u.ends_with("/chart") => Some("a chart"),
            u if u.ends_with("/picture") => None,
            _ => Some("a drawing"),
        })
}

/// A heading's text without emphasis marks (a heading is bold already).
fn plain(text: &str) -> String {
    text.replace("***", "").replace("**", "")
}

fn is(node: &Node, name: &str) -> bool {
    node.tag_name().name() == name && node.tag_name().namespace() == Some(W)
}

/// Paragraph style id → heading level, from outline levels (through `basedOn`) or names.
fn heading_levels(styles: &str) -> HashMap<String, u8> {
    let mut out = HashMap::new();
    let Ok(doc) = Document::parse(styles) else {
        return out;
    };
    // id → (own outline level, based on, name)
    let mut all: HashMap<String, (Option<u8>, Option<String>, String)> = HashMap::new();
    for style in doc.descendants().filter(|n| is(n, "style")) {
        if style.attribute((W, "type")) != Some("paragraph") {
            continue;
        }
        let Some(id) = style.attribute((W, "styleId")) else {
            continue;
        };
        let find = |name: &str| style.descendants().find(|n| is(n, name));
        let outline = find("outlineLvl")
            .and_then(|o| o.attribute((W, "val")))
            .and_then(|v| v.parse::<u8>().ok())
            .filter(|&l| l < 9)
            .map(|l| l + 1);
        let based = find("basedOn")
            .and_then(|b| b.attribute((W, "val")))
            .map(str::to_string);
        let name = find("name")
            .and_then(|n| n.attribute((W, "val")))
            .unwrap_or(id)
            .to_string();
        all.insert(id.to_string(), (outline, based, name));
    }
    for id in all.keys() {
        let mut at = Some(id.as_str());
        let mut level = None;
        for _ in 0..16 {
            let Some((outline, based, name)) = at.and_then(|a| all.get(a)) else {
                break;
            };
            level = outline.or_else(|| level_by_name(name));
            if level.is_some() {
                break;
            }
            at = based.as_deref();
        }
        if let Some(level) = level {
            out.insert(id.clone(), level);
        }
    }
    out
}

/// `Heading 2`, `Titre 2`, `Kop 2`, `Überschrift 2` → 2.
fn level_by_name(name: &str) -> Option<u8> {
    let lower = name.to_lowercase();
    let (word, number) = lower.rsplit_once(' ')?;
    let level: u8 = number.parse().ok()?;
    matches!(
        word,
        "heading" | "titre" | "kop" | "überschrift" | "uberschrift"
    )
    .then_some(level)
    .filter(|l| (1..=9).contains(l))
}

/// (numbering id, level) → whether the list is ordered.
fn list_formats(numbering: &str) -> HashMap<(String, u8), bool> {
    let mut out = HashMap::new();
    let Ok(doc) = Document::parse(numbering) else {
        return out;
    };
    let mut abstracts: HashMap<&str, HashMap<u8, bool>> = HashMap::new();
    for a in doc.descendants().filter(|n| is(n, "abstractNum")) {
        let Some(id) = a.attribute((W, "abstractNumId")) else {
            continue;
        };
        let levels = a
            .children()
            .filter(|n| is(n, "lvl"))
            .filter_map(|l| {
                let level = l.attribute((W, "ilvl"))?.parse::<u8>().ok()?;
                let format = l
                    .children()
                    .find(|n| is(n, "numFmt"))
                    .and_then(|f| f.attribute((W, "val")))
                    .unwrap_or("bullet");
                Some((level, !matches!(format, "bullet" | "none")))
            })
            .collect();
        abstracts.insert(id, levels);
    }
    for num in doc.descendants().filter(|n| is(n, "num")) {
        let (Some(id), Some(abstract_id)) = (
            num.attribute((W, "numId")),
            num.children()
                .find(|n| is(n, "abstractNumId"))
                .and_then(|a| a.attribute((W, "val"))),
        ) else {
            continue;
        };
        for (level, ordered) in abstracts.get(abstract_id).into_iter().flatten() {
            out.insert((id.to_string(), *level), *ordered);
        }
    }
    out
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
