//! What a Word document's XML says below the paragraph: the text a run shows (fields, symbols,
//! check boxes), what wraps paragraphs, rows and cells (content controls, custom XML), text boxes,
//! what cannot be shown, and the title of a table of contents. Small readers of the tree, kept
//! apart from the walk of the document (`docx/mod.rs`) that calls them.

use roxmltree::Node;

use super::super::page::{Piece, escape};
use super::{W, is};
use crate::import::page::Emphasis;

/// The text of one run, escaped, as pieces with its emphasis. `fields` follows the fields
/// opened and closed (`true` while in an instruction, whose text is not shown, nested fields
/// included); a legacy form check box shows as ☒ or ☐.
pub(super) fn run(r: Node, emphasis: Emphasis, fields: &mut Vec<bool>, out: &mut Vec<Piece>) {
    let (bold, italic) = (
        emphasis.bold.unwrap_or(false),
        emphasis.italic.unwrap_or(false),
    );
    let mut text = String::new();
    for child in r.children().filter(Node::is_element) {
        let shown = !fields.contains(&true);
        match child.tag_name().name() {
            "fldChar" => match child.attribute((W, "fldCharType")) {
                Some("begin") => {
                    if shown && let Some(checked) = check_box(child) {
                        text.push(if checked { '☒' } else { '☐' });
                    }
                    fields.push(true);
                }
                Some("separate") => {
                    if let Some(top) = fields.last_mut() {
                        *top = false;
                    }
                }
                Some("end") => {
                    fields.pop();
                }
                _ => {}
            },
            _ if !shown => {}
            "t" => text.push_str(&escape(child.text().unwrap_or(""))),
            "tab" | "br" | "cr" => text.push(' '),
            "noBreakHyphen" => text.push('-'),
            "sym" => {
                let font = child.attribute((W, "font")).unwrap_or("");
                let code = child.attribute((W, "char")).unwrap_or("");
                if let Some(c) = symbol(font, code) {
                    text.push(c);
                }
            }
            "footnoteReference" => {
                if let Some(id) = child.attribute((W, "id")) {
                    out.push(Piece::Text(std::mem::take(&mut text), bold, italic));
                    out.push(Piece::Raw(format!("[^{id}]")));
                }
            }
            _ => {}
        }
    }
    out.push(Piece::Text(text, bold, italic));
}

/// Whether the legacy form check box a field begins with is ticked (`None`: not a check box).
pub(super) fn check_box(begin: Node) -> Option<bool> {
    let check = begin.descendants().find(|d| is(d, "checkBox"))?;
    let flag = |name: &str| {
        check.children().find(|c| is(c, name)).map(|n| {
            n.attribute((W, "val"))
                .is_none_or(|v| !matches!(v, "0" | "false" | "off"))
        })
    };
    Some(flag("checked").or_else(|| flag("default")).unwrap_or(false))
}

/// The content of a content control, `None` when it shows only its prompt ("Click or tap
/// here to enter text"), which is not the document's text.
pub(super) fn content_of<'a, 'i>(sdt: Node<'a, 'i>) -> Option<Node<'a, 'i>> {
    let prompt = sdt
        .children()
        .find(|n| is(n, "sdtPr"))
        .is_some_and(|pr| pr.children().any(|n| is(&n, "showingPlcHdr")));
    if prompt {
        return None;
    }
    sdt.children().find(|n| is(n, "sdtContent"))
}

/// The children `name` of `parent` (rows of a table, cells of a row), through the content
/// controls and custom XML that may wrap them.
pub(super) fn wrapped<'a, 'i>(parent: Node<'a, 'i>, name: &str) -> Vec<Node<'a, 'i>> {
    let mut out = Vec::new();
    for child in parent.children().filter(Node::is_element) {
        if is(&child, name) {
            out.push(child);
        } else if is(&child, "customXml") {
            out.extend(wrapped(child, name));
        } else if is(&child, "sdt")
            && let Some(content) = content_of(child)
        {
            out.extend(wrapped(content, name));
        }
    }
    out
}

/// The text boxes anchored in paragraph `p`: their contents, each once (the VML fallback Word
/// writes beside a box repeats it), not those inside another box (read with it).
pub(super) fn text_boxes<'a, 'i>(p: Node<'a, 'i>) -> Vec<Node<'a, 'i>> {
    p.descendants()
        .filter(|d| is(d, "txbxContent"))
        .filter(|d| {
            !d.ancestors()
                .skip(1)
                .take_while(|a| *a != p)
                .any(|a| a.tag_name().name() == "Fallback" || is(&a, "txbxContent"))
        })
        .collect()
}

/// Whether `text` is the title of a table of contents, in the four languages.
pub(super) fn is_contents_title(text: &str) -> bool {
    matches!(
        text.trim()
            .trim_end_matches(':')
            .trim()
            .to_lowercase()
            .as_str(),
        "table des matières"
            | "sommaire"
            | "inhoudsopgave"
            | "inhoud"
            | "inhoudstafel"
            | "inhaltsverzeichnis"
            | "inhalt"
            | "contents"
            | "table of contents"
    )
}

/// The style id a paragraph names.
pub(super) fn paragraph_style<'a>(p: Node<'a, '_>) -> Option<&'a str> {
    p.children()
        .find(|n| is(n, "pPr"))
        .and_then(|pp| pp.children().find(|n| is(n, "pStyle")))
        .and_then(|s| s.attribute((W, "val")))
}

/// The character a symbol of a symbol font shows (Word's `w:sym`): the ticks, crosses and
/// boxes of stage tables, bullets; `None` for a symbol with no plain equivalent.
pub(super) fn symbol(font: &str, code: &str) -> Option<char> {
    let code = u32::from_str_radix(code, 16).ok()?;
    // Symbol fonts are stored at U+F000 and above, or as their byte.
    let byte = if code >= 0xF000 { code - 0xF000 } else { code };
    let font = font.to_ascii_lowercase();
    let c = match (font.as_str(), byte) {
        ("wingdings", 0xFC) | ("wingdings 2", 0x50) => '✓',
        ("wingdings", 0xFB) | ("wingdings 2", 0x4F) => '✗',
        ("wingdings", 0xFE) | ("wingdings 2", 0x52) => '☑',
        ("wingdings", 0xFD) | ("wingdings 2", 0x54 | 0x53) => '☒',
        ("wingdings", 0xA8 | 0x6F) | ("wingdings 2", 0xA3 | 0x2A) => '☐',
        ("wingdings", 0x9F | 0x6C) | ("symbol", 0xB7) => '•',
        ("wingdings", 0xD8 | 0xE0) | ("symbol", 0xAE) => '→',
        ("symbol", b) if (0x20..0x7F).contains(&b) => char::from_u32(b)?,
        _ => return None,
    };
    Some(c)
}

/// What a paragraph holds that cannot be shown in Markdown: a text box, a chart, SmartArt.
pub(super) fn unshown(p: Node) -> Option<&'static str> {
    if p.descendants().any(|d| is(&d, "object")) {
        return Some("an embedded object");
    }
    p.descendants()
        .filter(|d| d.tag_name().name() == "graphicData")
        .find_map(|d| match d.attribute("uri").unwrap_or("") {
            // A text box, read as paragraphs of its own.
            u if u.ends_with("/wordprocessingShape")
                && d.descendants().any(|t| is(&t, "txbxContent")) =>
            {
                None
            }
            u if u.ends_with("/diagram") => Some("a SmartArt diagram"),
            u if u.ends_with("/chart") => Some("a chart"),
            u if u.ends_with("/picture") => None,
            _ => Some("a drawing"),
        })
}
