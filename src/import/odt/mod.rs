//! An `.odt` (OpenDocument text, LibreOffice) document into Markdown.
//!
//! Headings are `text:h` elements with their outline level (and the words of their outline
//! numbering, `Priorité 1 :`); paragraphs, lists (nested, ordered when the list style numbers
//! them), tables (a cell spanning columns or rows repeated in each), links and notes are read
//! from `content.xml`; bold, italic and hidden text come from the styles a paragraph or span
//! names, automatic or named (`styles`), and spans alike are joined under one mark. The
//! paragraph in the Title style gives the page its title. Tracked changes are taken as accepted (deletions sit apart, in the change list,
//! and are not read); a table of contents is dropped; frames and drawings are warnings naming
//! their paragraph.

mod styles;

use std::collections::HashMap;

use roxmltree::{Document, Node};

use super::page::{Block, Page, Piece, escape, joined, plain};
use super::{ImportError, Imported, Package};
use styles::Styles;

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
    let what = "an OpenDocument text";
    let mut package = Package::open(bytes, what)?;
    package.refuse_macros("Basic/script-lc.xml", "save it without them first")?;
    let content = package.main_part("content.xml", what)?;
    let meta = package.part("meta.xml")?.unwrap_or_default();
    let styles_xml = package.part("styles.xml")?.unwrap_or_default();
    let doc = super::parse(&content, "content.xml")?;
    let styles_doc = Document::parse(&styles_xml).ok();
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
        styles: Styles::read(&doc, styles_doc.as_ref()),
        title: None,
        notes: Vec::new(),
        images,
        page: Page::default(),
    };
    let body = doc
        .descendants()
        .find(|n| n.tag_name().name() == "text" && n.tag_name().namespace() == Some(OFFICE))
        .ok_or_else(|| ImportError("the document has no text body".into()))?;
    reader.blocks(body, 0);
    let title = reader.title.take().or_else(|| {
        let m = Document::parse(&meta).ok()?;
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
    styles: Styles,
    /// The text of the first paragraph in the Title style.
    title: Option<String>,
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
                    let text = plain(&self.inline(node));
                    let text = match self.styles.heading_label(level) {
                        Some(label) => format!("{} {text}", escape(&label)),
                        None => text,
                    };
                    self.page.push(Block::Heading(level, text));
                }
                ("p", Some(TEXT)) => {
                    self.warn_frames(node);
                    let text = self.inline(node);
                    let style = node.attribute((TEXT, "style-name"));
                    if self.title.is_none() && self.styles.is_title(style) && !text.is_empty() {
                        self.title = Some(plain(&text));
                        self.page.count_paragraph();
                        continue;
                    }
                    self.page.push(Block::Paragraph(text));
                    // A text box's paragraphs follow the paragraph it is anchored in.
                    for text_box in text_boxes(node) {
                        self.blocks(text_box, depth);
                    }
                }
                ("list", Some(TEXT)) => self.list(node, depth, None),
                ("table", Some(TABLE)) => self.table(node),
                ("section", Some(TEXT)) => self.blocks(node, depth),
                // A table of contents, an index, tracked-change records: not the text.
                _ => {}
            }
        }
    }

    /// A list: its items, nested; `inherited` is the list style of the list around it.
    fn list(&mut self, list: Node, depth: u8, inherited: Option<&str>) {
        let style = list.attribute((TEXT, "style-name")).or(inherited);
        let ordered = style.is_some_and(|s| self.styles.ordered(s));
        for item in list
            .children()
            .filter(|n| matches!(n.tag_name().name(), "list-item" | "list-header"))
        {
            let mut first = true;
            for child in item.children().filter(Node::is_element) {
                match child.tag_name().name() {
                    // A heading numbered by a list (`Priorité 1 : …`) is a heading. Such
                    // headings sit one to a list, and count on from list to list whatever the
                    // lists say, as a reader counts them, unless an item sets its number.
                    "h" => {
                        let start = item
                            .attribute((TEXT, "start-value"))
                            .and_then(|v| v.parse::<usize>().ok());
                        if let (Some(style), Some(start)) = (style, start) {
                            self.styles.restart_list(style, depth + 1, start);
                        }
                        let level = child
                            .attribute((TEXT, "outline-level"))
                            .and_then(|l| l.parse::<u8>().ok())
                            .unwrap_or(depth + 1)
                            .clamp(1, 6);
                        let text = plain(&self.inline(child));
                        let label = style.and_then(|s| self.styles.list_label(s, depth + 1));
                        let text = match label {
                            Some(label) => format!("{} {text}", escape(&label)),
                            None => text,
                        };
                        self.page.push(Block::Heading(level, text));
                        first = false;
                    }
                    // A list header is an item without a number or bullet of its own.
                    "p" if first => {
                        let text = self.inline(child);
                        let numbered = ordered && item.tag_name().name() == "list-item";
                        self.page.push(Block::Item(depth, numbered, text));
                        first = false;
                    }
                    "p" => {
                        let text = self.inline(child);
                        self.page.push(Block::Item(depth + 1, false, text));
                    }
                    "list" => self.list(child, depth + 1, style),
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
        let mut captions = Vec::new();
        for tr in row_nodes {
            let mut row: Vec<String> = Vec::new();
            let mut cells = 0;
            let mut spanned = false;
            // Every cell, covered or not, is one column of the grid.
            for (column, tc) in tr.children().filter(Node::is_element).enumerate() {
                match tc.tag_name().name() {
                    "table-cell" => {
                        let span = tc
                            .attribute((TABLE, "number-columns-spanned"))
                            .and_then(|v| v.parse::<usize>().ok())
                            .unwrap_or(1)
                            .clamp(1, 64);
                        cells += 1;
                        spanned |= span > 1;
                        merged |= tc.attribute((TABLE, "number-rows-spanned")).is_some();
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
            // One cell across the whole table is a caption; other merged cells are repeated.
            let caption = cells == 1 && spanned;
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

    /// Warns of what a paragraph holds that cannot be shown: a text box, a drawing, a chart.
    fn warn_frames(&mut self, p: Node) {
        let unshown = p.descendants().find_map(|d| match d.tag_name().name() {
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
        // A note's paragraphs are its own (written after the text), not the cell's.
        let in_note = |d: &Node| {
            d.ancestors()
                .take_while(|a| *a != tc)
                .any(|a| a.tag_name().name() == "note")
        };
        let texts: Vec<String> = tc
            .descendants()
            .filter(|d| {
                matches!(d.tag_name().name(), "p" | "h")
                    && d.tag_name().namespace() == Some(TEXT)
                    && !in_note(d)
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

    /// The Markdown of a paragraph's content, over its style's emphasis.
    fn inline(&mut self, node: Node) -> String {
        let own = self.styles.emphasis(node.attribute((TEXT, "style-name")));
        let mut pieces = Vec::new();
        let base = (own.bold.unwrap_or(false), own.italic.unwrap_or(false));
        self.inline_into(node, base, &mut pieces);
        joined(pieces)
            .split_whitespace()
            .collect::<Vec<_>>()
            .join(" ")
    }

    fn inline_into(&mut self, node: Node, emphasis: (bool, bool), out: &mut Vec<Piece>) {
        for child in node.children() {
            if child.is_text() {
                let text = escape(child.text().unwrap_or(""));
                out.push(Piece::Text(text, emphasis.0, emphasis.1));
                continue;
            }
            match child.tag_name().name() {
                "span" => {
                    let own = self.styles.emphasis(child.attribute((TEXT, "style-name")));
                    if own.hidden == Some(true) {
                        continue;
                    }
                    let emphasis = (
                        own.bold.unwrap_or(emphasis.0),
                        own.italic.unwrap_or(emphasis.1),
                    );
                    self.inline_into(child, emphasis, out);
                }
                "a" => {
                    let mut inner = Vec::new();
                    self.inline_into(child, emphasis, &mut inner);
                    let text = joined(inner);
                    match child.attribute((XLINK, "href")) {
                        Some(url) if !text.trim().is_empty() => {
                            out.push(Piece::Raw(format!("[{}]({url})", text.trim())));
                        }
                        _ => out.push(Piece::Raw(text)),
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
                        if let Some(bytes) = self.images.get_mut(href) {
                            let markdown = self.page.image(href, bytes, &alt);
                            out.push(Piece::Raw(markdown));
                        }
                    }
                }
                "s" | "tab" | "line-break" => {
                    out.push(Piece::Text(" ".into(), emphasis.0, emphasis.1));
                }
                // A form field showing its prompt is not the text.
                "content-control"
                    if child
                        .attributes()
                        .any(|a| a.name() == "showing-place-holder" && a.value() == "true") => {}
                "note" => {
                    let number = (self.notes.len() + 1).to_string();
                    let text = child
                        .children()
                        .find(|c| c.tag_name().name() == "note-body")
                        .map_or(String::new(), |body| self.paragraphs(body));
                    out.push(Piece::Raw(format!("[^{number}]")));
                    self.notes.push((number, text));
                }
                // A field shows its value as its text (dates, variables, user fields,
                // references, conditional text, content controls): read through. Not the
                // prompt of an empty field, a ruby's annotation, nor a hidden text. Tracked
                // changes: the marks of an insertion carry no text; a deletion's text sits in
                // the change list, not here. Bookmarks and soft page breaks hold no text.
                "placeholder" | "ruby-text" | "hidden-text" | "note-citation" => {}
                _ if child
                    .tag_name()
                    .namespace()
                    .is_some_and(|ns| ns == TEXT || ns.contains("libreoffice")) =>
                {
                    self.inline_into(child, emphasis, out);
                }
                _ => {}
            }
        }
    }
}

/// The text boxes anchored in paragraph `p` (`draw:text-box`), not those inside another box.
fn text_boxes<'a, 'i>(p: Node<'a, 'i>) -> Vec<Node<'a, 'i>> {
    let is_box =
        |n: &Node| n.tag_name().name() == "text-box" && n.tag_name().namespace() == Some(DRAW);
    p.descendants()
        .filter(is_box)
        .filter(|d| {
            !d.ancestors()
                .skip(1)
                .take_while(|a| *a != p)
                .any(|a| is_box(&a))
        })
        .collect()
}
