//! The block structure of a page, for the checker: headings, paragraphs, list items, table
//! cells and code blocks, each with its file offset and plain text.
//!
//! It is read from the same event stream that renders the page (no second parse), and only for
//! pages the checker reads closely (plans). Inline code and HTML carry no text here, because
//! text in code and comments is never evidence; code blocks are kept, without text, because they
//! still count as content under a heading.

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
    /// A table cell.
    Cell,
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
}

/// Reads the blocks of a page from its events; `body_start` turns body offsets into file offsets.
pub fn collect(events: &[(Event<'_>, std::ops::Range<usize>)], body_start: usize) -> Vec<Block> {
    let mut blocks: Vec<Block> = Vec::new();
    let mut open: Vec<usize> = Vec::new();
    let mut in_code = false;
    let start = |blocks: &mut Vec<Block>, open: &mut Vec<usize>, kind, at: usize| {
        open.push(blocks.len());
        blocks.push(Block {
            kind,
            offset: body_start + at,
            text: String::new(),
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
                start(&mut blocks, &mut open, BlockKind::Paragraph, range.start)
            }
            Event::Start(Tag::Item) => start(&mut blocks, &mut open, BlockKind::Item, range.start),
            Event::Start(Tag::TableCell) => {
                start(&mut blocks, &mut open, BlockKind::Cell, range.start)
            }
            Event::Start(Tag::CodeBlock(_)) => {
                in_code = true;
                blocks.push(Block {
                    kind: BlockKind::Code,
                    offset: body_start + range.start,
                    text: String::new(),
                });
            }
            Event::End(TagEnd::CodeBlock) => in_code = false,
            Event::End(
                TagEnd::Heading(_) | TagEnd::Paragraph | TagEnd::Item | TagEnd::TableCell,
            ) => {
                open.pop();
            }
            // A nested list ends the item's own text: its items are blocks of their own.
            Event::Start(Tag::List(_)) => open.push(usize::MAX),
            Event::End(TagEnd::List(_)) => {
                open.pop();
            }
            Event::Text(t) if !in_code => {
                if let Some(&i) = open.last().filter(|&&i| i != usize::MAX) {
                    blocks[i].text.push_str(t);
                }
            }
            Event::SoftBreak | Event::HardBreak => {
                if let Some(&i) = open.last().filter(|&&i| i != usize::MAX) {
                    blocks[i].text.push(' ');
                }
            }
            _ => {}
        }
    }
    blocks.retain(|b| b.kind == BlockKind::Code || !b.text.trim().is_empty());
    blocks
}
