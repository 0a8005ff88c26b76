//! The block structure of a page, for the checker: headings, paragraphs, list items, tables and
//! their cells, code blocks, each with its file offset and plain text.
//!
//! It is read from the same event stream that renders the page (no second parse), and only for
//! pages the checker reads closely (plans). Plans converted from Word carry their structure in
//! more than headings, so a block also says what a reader sees of its shape: a paragraph that is
//! bold from end to end (a heading in all but name), and a table cell's row and column (a table
//! per priority, stages as rows or columns). Inline code and HTML carry no text here, because
//! text in code and comments is never evidence; code blocks are kept, without text, because they
//! still count as content under a heading; empty cells are kept, because an empty stage column
//! or row is a finding.

use pulldown_cmark::{Event, Tag, TagEnd};
use serde::{Deserialize, Serialize};

/// What kind of block.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum BlockKind {
    /// A heading of the given level (1 to 6).
    Heading(u8),
    /// A paragraph.
    Paragraph,
    /// A list item's own text (a loose item's paragraphs are blocks of their own).
    Item,
    /// The start of a table (no text); its cells follow.
    Table,
    /// A table cell: row 0 is the header row.
    Cell {
        /// Row, from 0 (the header).
        row: u16,
        /// Column, from 0.
        col: u16,
    },
    /// A fenced or indented code block (no text).
    Code,
}

/// One block.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Block {
    /// Kind.
    pub kind: BlockKind,
    /// Byte offset in the file.
    pub offset: usize,
    /// Plain text, without inline code or HTML.
    pub text: String,
    /// A paragraph outside any list whose text is all bold (`**Priorité 1 – Vols**`).
    pub bold: bool,
    /// Whether the block holds a link (a reference one can follow is not an empty one).
    pub link: bool,
    /// For a list item, how deep its list is nested (1 for a top-level list).
    pub depth: u8,
}

/// Bold-tracking state of the block being read.
#[derive(Default)]
struct Emphasis {
    /// Depth of `Strong` inside the open paragraph.
    strong: usize,
    /// Text seen inside bold.
    inside: bool,
    /// Text seen outside bold.
    outside: bool,
}

/// Reads the blocks of a page from its events; `body_start` turns body offsets into file offsets.
pub(super) fn collect(
    events: &[(Event<'_>, std::ops::Range<usize>)],
    body_start: usize,
) -> Vec<Block> {
    let mut blocks: Vec<Block> = Vec::new();
    let mut open: Vec<usize> = Vec::new();
    let mut in_code = false;
    let mut lists = 0usize;
    let mut emphasis = Emphasis::default();
    let (mut row, mut col) = (0u16, 0u16);
    let start = |blocks: &mut Vec<Block>, open: &mut Vec<usize>, kind, at: usize| {
        open.push(blocks.len());
        blocks.push(Block {
            kind,
            offset: body_start + at,
            text: String::new(),
            bold: false,
            link: false,
            depth: 0,
        });
    };
    for (event, range) in events {
        match event {
            Event::Start(Tag::Heading { level, .. }) => start(
                &mut blocks,
                &mut open,
                BlockKind::Heading(*level as u8),
                range.start,
            ),
            Event::Start(Tag::Paragraph) => {
                emphasis = Emphasis::default();
                start(&mut blocks, &mut open, BlockKind::Paragraph, range.start);
            }
            Event::Start(Tag::Item) => {
                start(&mut blocks, &mut open, BlockKind::Item, range.start);
                if let Some(item) = blocks.last_mut() {
                    item.depth = u8::try_from(lists).unwrap_or(u8::MAX);
                }
            }
            Event::Start(Tag::Table(_)) => {
                row = 0;
                blocks.push(Block {
                    kind: BlockKind::Table,
                    offset: body_start + range.start,
                    text: String::new(),
                    bold: false,
                    link: false,
                    depth: 0,
                });
            }
            Event::Start(Tag::TableHead | Tag::TableRow) => col = 0,
            Event::End(TagEnd::TableHead | TagEnd::TableRow) => row = row.saturating_add(1),
            Event::Start(Tag::TableCell) => {
                start(
                    &mut blocks,
                    &mut open,
                    BlockKind::Cell { row, col },
                    range.start,
                );
                col = col.saturating_add(1);
            }
            Event::Start(Tag::CodeBlock(_)) => {
                in_code = true;
                blocks.push(Block {
                    kind: BlockKind::Code,
                    offset: body_start + range.start,
                    text: String::new(),
                    bold: false,
                    link: false,
                    depth: 0,
                });
            }
            Event::End(TagEnd::CodeBlock) => in_code = false,
            Event::Start(Tag::Strong) => emphasis.strong += 1,
            Event::Start(Tag::Link { .. }) => {
                if let Some(&i) = open.last().filter(|&&i| i != usize::MAX) {
                    blocks[i].link = true;
                }
            }
            Event::End(TagEnd::Strong) => emphasis.strong = emphasis.strong.saturating_sub(1),
            Event::End(TagEnd::Paragraph) => {
                if let Some(i) = open.pop().filter(|&i| i != usize::MAX)
                    && lists == 0
                {
                    blocks[i].bold = emphasis.inside && !emphasis.outside;
                }
            }
            Event::End(TagEnd::Heading(_) | TagEnd::Item | TagEnd::TableCell) => {
                open.pop();
            }
            // A nested list ends the item's own text: its items are blocks of their own.
            Event::Start(Tag::List(_)) => {
                lists += 1;
                open.push(usize::MAX);
            }
            Event::End(TagEnd::List(_)) => {
                lists = lists.saturating_sub(1);
                open.pop();
            }
            Event::Text(t) if !in_code => {
                if let Some(&i) = open.last().filter(|&&i| i != usize::MAX) {
                    blocks[i].text.push_str(t);
                    if !t.trim().is_empty() {
                        if emphasis.strong > 0 {
                            emphasis.inside = true;
                        } else {
                            emphasis.outside = true;
                        }
                    }
                }
            }
            // Inline code or HTML in a paragraph: it is not bold text.
            Event::Code(_) | Event::InlineHtml(_) => emphasis.outside |= emphasis.strong == 0,
            Event::SoftBreak | Event::HardBreak => {
                if let Some(&i) = open.last().filter(|&&i| i != usize::MAX) {
                    blocks[i].text.push(' ');
                }
            }
            _ => {}
        }
    }
    for b in &mut blocks {
        if b.text.contains('{') {
            b.text = without_attributes(&b.text);
        }
    }
    blocks.retain(|b| {
        matches!(
            b.kind,
            BlockKind::Code | BlockKind::Table | BlockKind::Cell { .. }
        ) || !b.text.trim().is_empty()
    });
    blocks
}

/// `text` without the attribute groups a Word-to-Markdown converter leaves, which a reader
/// never sees: Word's bookmarks (`[]{#_Toc41502230 .anchor}`), and `{#id}` or `{.class}` after
/// a span or a heading. Other braces stay.
fn without_attributes(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(at) = rest.find('{') {
        let group = rest[at..].find('}').map(|end| &rest[at..=at + end]);
        match group {
            Some(g)
                if g[1..].starts_with(['#', '.']) && !g[1..g.len() - 1].contains(['{', '\n']) =>
            {
                let before = &rest[..at];
                out.push_str(before.strip_suffix("[]").unwrap_or(before));
                rest = &rest[at + g.len()..];
            }
            _ => {
                out.push_str(&rest[..=at]);
                rest = &rest[at + 1..];
            }
        }
    }
    out.push_str(rest);
    out
}

#[cfg(test)]
mod tests {
    use super::without_attributes;

    #[test]
    fn converter_attributes_are_not_text() {
        assert_eq!(
            without_attributes("[]{#_Toc41502230 .anchor}4. Priorités zonales"),
            "4. Priorités zonales"
        );
        assert_eq!(
            without_attributes("[Prévention]{.mark} Ateliers"),
            "[Prévention] Ateliers"
        );
        assert_eq!(without_attributes("Drogues {#drogues}"), "Drogues ");
        assert_eq!(
            without_attributes("Budget {2020-2025} et {x}"),
            "Budget {2020-2025} et {x}"
        );
        assert_eq!(without_attributes("a { b"), "a { b");
    }
}
