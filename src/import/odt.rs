//! An `.odt` (OpenDocument text, LibreOffice) document into Markdown.
//!
//! Headings are `text:h` elements with their outline level; paragraphs, lists (nested, ordered
//! when the list style numbers them), tables (a cell spanning columns repeated in each), links
//! and notes are read from `content.xml`; bold and italic come from the automatic text styles a
//! span names. Tracked changes are taken as accepted (deletions sit apart, in the change list,
//! and are not read); a table of contents is dropped; frames and drawings are warnings naming
//! their paragraph.

use std::collections::{HashMap, HashSet};

use roxmltree::{Document, Node};

use super::page::{Block, Page};
use super::{ImportError, Imported, Package};

const OFFICE: &str = "urn:oasis:names:tc:opendocument:xmlns:office:1.0";
const TEXT: &str = "urn:oasis:names:tc:opendocument:xmlns:text:1.0";
const TABLE: &str = "urn:oasis:names:tc:opendocument:xmlns:table:1.0";
const STYLE: &str = "urn:oasis:names:tc:opendocument:xmlns:style:1.0";
const FO: &str = "urn:oasis:names:tc:opendocument:xmlns:xsl-fo-compatible:1.0";
const XLINK: &str = "http://www.w3.org/1999/xlink";
const DC: &str = "http://purl.org/dc/elements/1.1/";
const DRAW: &str = "urn:oasis:names:tc:opendocument:xmlns:drawing:1.0";

/// Converts the bytes of an `.odt` file named `name`.
pub fn convert(bytes: &[u8], name: &str) -> Result<Imported, ImportError> {
    let mut package = Package::open(bytes, "an OpenDocument text")?;
    if package.has("Basic/script-lc.xml") {
        return Err(ImportError(
            "the document holds macros; save it without them first".into(),
        ));
    }
    let content = package
        .part("content.xml")?
        .ok_or_else(|| ImportError("not an OpenDocument text (no content.xml)".into()))?;
    let meta = package.part("meta.xml")?.unwrap_or_default();
    let doc = super::parse(&content, "content.xml")?;
    let mut images = HashMap::new();
    for image in doc
        .descendants()
        .filter(|n| n.tag_name().name() == "image" && n.tag_name().namespace() == Some(DRAW))
    {
        let Some(href) = image.attribute((XLINK, "href")) else {
            continue;
        };
        // Pictures stored in the document; a link to a file elsewhere is not followed.
        if href.contains(':') || images.contains_key(href) {
            continue;
        }
        if let Some(bytes) = package.bytes(href.trim_start_matches("./"))? {
            images.insert(href.to_string(), bytes);
        }
    }
    let mut reader = Reader {
        emphasis: emphasis_styles(&doc),
        ordered: ordered_lists(&doc),
        notes: Vec::new(),
        images,
        page: Page::default(),
    };
    let body = doc
        .descendants()
        .find(|n| n.tag_name().name() == "text" && n.tag_name().namespace() == Some(OFFICE))
        .ok_or_else(|| ImportError("the document has no text body".into()))?;
    reader.blocks(body, 0);
    let title = Document::parse(&meta).ok().and_then(|m| {
        m.descendants()
            .find(|n| n.tag_name().name() == "title" && n.tag_name().namespace() == Some(DC))
            .and_then(|n| n.text())
            .map(|t| t.trim().to_string())
            .filter(|t| !t.is_empty())
    });
    let notes = std::mem::take(&mut reader.notes);
    Ok(reader.page.finish(title, name, &notes))
}

struct Reader {
    /// Automatic text style name → (bold, italic).
    emphasis: HashMap<String, (bool, bool)>,
    /// List style names that number their items.
    ordered: HashSet<String>,
    /// Notes met in the text: (number, text).
    notes: Vec<(String, String)>,
    /// Picture path in the archive → bytes.
    images: HashMap<String, Vec<u8>>,
    page: Page,
}

impl Reader {
    fn blocks(&mut self, parent: Node, depth: u8) {
        for node in parent.children().filter(Node::is_element) {
            let ns = node.tag_name().namespace();
            match (node.tag_name().name(), ns) {
                ("h", Some(TEXT)) => {
                    let level = node
                        .attribute((TEXT, "outline-level"))
                        .and_then(|l| l.parse::<u8>().ok())
                        .unwrap_or(1)
                        .clamp(1, 6);
                    let text = self.inline(node);
                    self.page.push(Block::Heading(level, text));
                }
                ("p", Some(TEXT)) => {
                    self.warn_frames(node);
                    let text = self.inline(node);
                    self.page.push(Block::Paragraph(text));
                }
                ("list", Some(TEXT)) => self.list(node, depth, false),
                ("table", Some(TABLE)) => self.table(node),
                ("section", Some(TEXT)) => self.blocks(node, depth),
                // A table of contents, an index, tracked-change records: not the text.
                _ => {}
            }
        }
    }

    fn list(&mut self, list: Node, depth: u8, inherited: bool) {
        let ordered = list
            .attribute((TEXT, "style-name"))
            .map_or(inherited, |s| self.ordered.contains(s));
        for item in list
            .children()
            .filter(|n| n.tag_name().name() == "list-item")
        {
            let mut first = true;
            for child in item.children().filter(Node::is_element) {
                match child.tag_name().name() {
                    "p" | "h" if first => {
                        let text = self.inline(child);
                        self.page.push(Block::Item(depth, ordered, text));
                        first = false;
                    }
                    "p" | "h" => {
                        let text = self.inline(child);
                        self.page.push(Block::Item(depth + 1, false, text));
                    }
                    "list" => self.list(child, depth + 1, ordered),
                    _ => {}
                }
            }
        }
    }

    fn table(&mut self, table: Node) {
        let place = self.page.table_place();
        let mut rows: Vec<Vec<String>> = Vec::new();
        let mut merged = false;
        let is_table =
            |n: &Node| n.tag_name().name() == "table" && n.tag_name().namespace() == Some(TABLE);
        // This table's rows (header rows and row groups included), not those of a table in a cell.
        let row_nodes = table.descendants().filter(|d| {
            d.tag_name().name() == "table-row"
                && d.tag_name().namespace() == Some(TABLE)
                && d.ancestors().find(is_table) == Some(table)
        });
        for tr in row_nodes {
            let mut row: Vec<String> = Vec::new();
            // Every cell, covered or not, is one column of the grid.
            for (column, tc) in tr.children().filter(Node::is_element).enumerate() {
                match tc.tag_name().name() {
                    "table-cell" => {
                        let span = tc
                            .attribute((TABLE, "number-columns-spanned"))
                            .and_then(|v| v.parse::<usize>().ok())
                            .unwrap_or(1)
                            .clamp(1, 64);
                        merged |=
                            span > 1 || tc.attribute((TABLE, "number-rows-spanned")).is_some();
                        if tc.descendants().skip(1).any(|d| is_table(&d)) {
                            self.page
                                .warn(format!("{place}: a table inside a cell is flattened"));
                        }
                        let text = self.cell(tc);
                        for _ in 0..span {
                            row.push(text.clone());
                        }
                    }
                    // Covered by a cell to its left (already repeated), or by the cell above.
                    "covered-table-cell" if row.len() <= column => {
                        let above = rows
                            .last()
                            .and_then(|r| r.get(row.len()))
                            .cloned()
                            .unwrap_or_default();
                        row.push(above);
                    }
                    _ => {}
                }
            }
            rows.push(row);
        }
        if merged {
            self.page.warn(format!(
                "{place}: merged cells are repeated in every cell they cover"
            ));
        }
        self.page.push(Block::Table(rows));
    }

    /// Warns of what a paragraph holds that cannot be shown: a text box, a drawing, a chart.
    fn warn_frames(&mut self, p: Node) {
        let unshown = p.descendants().find_map(|d| match d.tag_name().name() {
            "text-box" => Some("a text box"),
            "object" | "object-ole" => Some("an embedded object (a chart, a formula…)"),
            "custom-shape" | "rect" | "line" | "ellipse" | "polygon" | "path" | "g" => {
                Some("a drawing")
            }
            _ => None,
        });
        if let Some(what) = unshown {
            let place = self.page.place();
            self.page.warn(format!("{place}: {what} is not imported"));
        }
    }

    /// A cell's paragraphs on one line, those of a table inside it included.
    fn cell(&mut self, tc: Node) -> String {
        let texts: Vec<String> = tc
            .descendants()
            .filter(|d| {
                matches!(d.tag_name().name(), "p" | "h") && d.tag_name().namespace() == Some(TEXT)
            })
            .map(|p| self.inline(p))
            .filter(|t| !t.is_empty())
            .collect();
        texts.join(" ")
    }

    /// The paragraphs directly under `node` (a table cell, a note's body) on one line.
    fn paragraphs(&mut self, node: Node) -> String {
        let texts: Vec<String> = node
            .children()
            .filter(|c| matches!(c.tag_name().name(), "p" | "h"))
            .map(|p| self.inline(p))
            .filter(|t| !t.is_empty())
            .collect();
        texts.join(" ")
    }

    /// The Markdown of a paragraph's content.
    fn inline(&mut self, node: Node) -> String {
        let mut out = String::new();
        self.inline_into(node, (false, false), &mut out);
        out.split_whitespace().collect::<Vec<_>>().join(" ")
    }

    fn inline_into(&mut self, node: Node, emphasis: (bool, bool), out: &mut String) {
        for child in node.children() {
            if child.is_text() {
                let text = super::page::escape(child.text().unwrap_or(""));
                out.push_str(&super::page::emphasised(&text, emphasis.0, emphasis.1));
                continue;
            }
            match child.tag_name().name() {
                "span" => {
                    let own = child
                        .attribute((TEXT, "style-name"))
                        .and_then(|s| self.emphasis.get(s))
                        .copied()
                        .unwrap_or((false, false));
                    self.inline_into(child, (emphasis.0 || own.0, emphasis.1 || own.1), out);
                }
                "a" => {
                    let mut text = String::new();
                    self.inline_into(child, emphasis, &mut text);
                    match child.attribute((XLINK, "href")) {
                        Some(url) if !text.trim().is_empty() => {
                            out.push_str(&format!("[{}]({url})", text.trim()))
                        }
                        _ => out.push_str(&text),
                    }
                }
                // A frame holds a picture (kept), or a text box or object (warned about).
                "frame" => {
                    let alt = child
                        .children()
                        .find(|c| c.tag_name().name() == "desc" || c.tag_name().name() == "title")
                        .and_then(|c| c.text())
                        .unwrap_or("")
                        .to_string();
                    for image in child.children().filter(|c| c.tag_name().name() == "image") {
                        let href = image.attribute((XLINK, "href")).unwrap_or("");
                        if let Some(bytes) = self.images.get(href) {
                            let markdown = self.page.image(href, bytes, &alt);
                            out.push_str(&markdown);
                        }
                    }
                }
                "s" => out.push(' '),
                "tab" | "line-break" => out.push(' '),
                "note" => {
                    let number = (self.notes.len() + 1).to_string();
                    let text = child
                        .children()
                        .find(|c| c.tag_name().name() == "note-body")
                        .map_or(String::new(), |body| self.paragraphs(body));
                    out.push_str(&format!("[^{number}]"));
                    self.notes.push((number, text));
                }
                // Tracked changes: the marks of an insertion carry no text; a deletion's text
                // sits in the change list, not here. Bookmarks and soft page breaks: nothing.
                _ => {}
            }
        }
    }
}

/// Automatic text styles that make a span bold or italic.
fn emphasis_styles(doc: &Document) -> HashMap<String, (bool, bool)> {
    doc.descendants()
        .filter(|n| n.tag_name().name() == "style" && n.tag_name().namespace() == Some(STYLE))
        .filter_map(|style| {
            let name = style.attribute((STYLE, "name"))?;
            let props = style
                .children()
                .find(|c| c.tag_name().name() == "text-properties")?;
            let bold = props
                .attribute((FO, "font-weight"))
                .is_some_and(|w| w == "bold" || w.parse::<u32>().is_ok_and(|n| n >= 600));
            let italic = props
                .attribute((FO, "font-style"))
                .is_some_and(|s| s == "italic" || s == "oblique");
            (bold || italic).then(|| (name.to_string(), (bold, italic)))
        })
        .collect()
}

/// List styles whose first level numbers its items.
fn ordered_lists(doc: &Document) -> HashSet<String> {
    doc.descendants()
        .filter(|n| n.tag_name().name() == "list-style" && n.tag_name().namespace() == Some(TEXT))
        .filter(|style| {
            style
                .children()
                .find(|c| c.is_element())
                .is_some_and(|level| level.tag_name().name() == "list-level-style-number")
        })
        .filter_map(|style| style.attribute((STYLE, "name")).map(str::to_string))
        .collect()
}
