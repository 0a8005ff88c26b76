//! The Markdown page both importers write: blocks in order, front matter, footnotes.
//!
//! A Word or OpenDocument reader only says what each block is; how a page is laid out (front
//! matter with the title and period, a blank line between blocks, list items together, GFM
//! tables, notes after the text) is written once, here, and so is the count of paragraphs and
//! tables that names a place in the document, for warnings and for [`Landmarks`].

use std::collections::HashSet;
use std::fmt::Write as _;

use super::Imported;
use super::landmarks::{Landmarks, Spot};

/// One block of the page.
#[derive(Debug)]
pub(super) enum Block {
    Heading(u8, String),
    Paragraph(String),
    /// Depth from 0, ordered, text.
    Item(u8, bool, String),
    /// Rows of cells, the first row the header.
    Table(Vec<Vec<String>>),
}

impl Block {
    pub(super) fn text(&self) -> &str {
        match self {
            Block::Heading(_, t) | Block::Paragraph(t) | Block::Item(_, _, t) => t,
            Block::Table(_) => "",
        }
    }

    pub(super) fn markdown(&self) -> String {
        match self {
            Block::Heading(level, text) => {
                format!("{} {text}", "#".repeat(usize::from(*level)))
            }
            Block::Paragraph(text) => text.clone(),
            Block::Item(depth, ordered, text) => format!(
                // Three spaces a level: past the content column of `- ` and of `1. `.
                "{}{} {text}",
                "   ".repeat(usize::from(*depth)),
                if *ordered { "1." } else { "-" }
            ),
            Block::Table(rows) => {
                let width = rows.iter().map(Vec::len).max().unwrap_or(0);
                if width == 0 {
                    return String::new();
                }
                let line = |row: &[String]| {
                    let cells: Vec<String> = (0..width)
                        .map(|i| row.get(i).map_or(String::new(), |c| c.replace('|', "\\|")))
                        .collect();
                    format!("| {} |", cells.join(" | "))
                };
                let mut out = vec![line(rows.first().map_or(&[][..], Vec::as_slice))];
                out.push(format!("|{}", "---|".repeat(width)));
                out.extend(rows.iter().skip(1).map(|r| line(r)));
                out.join("\n")
            }
        }
    }
}

/// A picture taken out of the document, written beside the page.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Image {
    /// Its file name beside the page, unique in the page (`image1.png`).
    pub name: String,
    /// Its bytes, as stored in the document.
    pub bytes: Vec<u8>,
}

/// A page being written: its blocks, its pictures and what could not be kept.
#[derive(Debug, Default)]
pub(super) struct Page {
    /// Each block with its number: its paragraph's among the paragraphs of text, or its
    /// table's among the tables.
    blocks: Vec<(Block, usize)>,
    warnings: Vec<String>,
    images: Vec<(String, Image)>,
    /// Paragraphs of text and tables pushed so far.
    paragraphs: usize,
    tables: usize,
}

impl Page {
    /// Adds a block; a heading, paragraph or item with no text, or a table with no cell, is
    /// left out.
    pub(super) fn push(&mut self, block: Block) {
        let number = match &block {
            Block::Table(rows) if rows.iter().all(Vec::is_empty) => return,
            Block::Table(_) => {
                self.tables += 1;
                self.tables
            }
            b if b.text().trim().is_empty() => return,
            _ => {
                self.paragraphs += 1;
                self.paragraphs
            }
        };
        self.blocks.push((block, number));
    }

    /// Counts a paragraph of text that is not written in the body (the title, which goes to
    /// the front matter), so that the paragraphs after it have the numbers a reader counts.
    pub(super) fn count_paragraph(&mut self) {
        self.paragraphs += 1;
    }

    /// Adds a table whose rows marked in `captions` are one cell across the whole table. Those
    /// that open it are its title (`Plan d'action 2024`): written once, as a plain paragraph
    /// above it (its emphasis dropped, so that a title naming a priority is not read as one),
    /// so that the row under it is read as the header it is. A row across the table further
    /// down (a group, `Prévention`) stays a row, its text in every cell.
    pub(super) fn table(&mut self, mut rows: Vec<Vec<String>>, captions: &[bool]) {
        let width = rows.iter().map(Vec::len).max().unwrap_or(0);
        let titles = rows
            .iter()
            .zip(captions)
            .take_while(|(row, caption)| width > 1 && **caption && row.len() == width)
            .count();
        if titles < rows.len() {
            for title in rows.drain(..titles) {
                let text = unemphasised(title.first().map_or("", String::as_str));
                self.push(Block::Paragraph(text));
            }
        }
        self.push(Block::Table(rows));
    }

    /// Takes back the last block when it is a paragraph whose text `unwanted` says is not
    /// wanted after all (the title a table of contents turned out to have).
    pub(super) fn retract_paragraph(&mut self, unwanted: impl Fn(&str) -> bool) {
        if let Some((Block::Paragraph(text), _)) = self.blocks.last()
            && unwanted(&unemphasised(text))
        {
            self.blocks.pop();
            self.paragraphs -= 1;
        }
    }

    /// Records what could not be kept.
    pub(super) fn warn(&mut self, warning: String) {
        self.warnings.push(warning);
    }

    /// Where the next paragraph goes, for a warning: `paragraph 12 (under "Priorité 2")`.
    pub(super) fn place(&self) -> String {
        self.under(format!("paragraph {}", self.paragraphs + 1))
    }

    /// Where the next table goes, for a warning: `table 3 (under "Priorité 2")`.
    pub(super) fn table_place(&self) -> String {
        self.under(format!("table {}", self.tables + 1))
    }

    /// `what`, under the last heading pushed (warnings are few: it is looked up, not kept).
    fn under(&self, what: String) -> String {
        let heading = self.blocks.iter().rev().find_map(|(b, _)| match b {
            Block::Heading(_, text) => Some(text),
            _ => None,
        });
        match heading {
            Some(h) => format!("{what} (under \"{}\")", super::landmarks::unescaped(h)),
            None => what,
        }
    }

    /// Keeps the picture stored at `part` in the document and returns its Markdown, `![alt](name)`.
    /// A picture used twice is written once. Its `bytes` are taken, not copied (a document's
    /// pictures may weigh hundreds of megabytes); they are only read the first time.
    pub(super) fn image(&mut self, part: &str, bytes: &mut Vec<u8>, alt: &str) -> String {
        let name = if let Some((_, image)) = self.images.iter().find(|(p, _)| p == part) {
            image.name.clone()
        } else {
            let base: String = part
                .rsplit('/')
                .next()
                .unwrap_or(part)
                .chars()
                .map(|c| {
                    if c.is_ascii_alphanumeric() || matches!(c, '.' | '-' | '_') {
                        c
                    } else {
                        '-'
                    }
                })
                .collect();
            let base = base.trim_start_matches(['.', '-', '_']);
            let base = if base.is_empty() { "image" } else { base };
            let mut name = base.to_string();
            let mut n = 1;
            while self.images.iter().any(|(_, i)| i.name == name) {
                n += 1;
                name = format!("{n}-{base}");
            }
            self.images.push((
                part.to_string(),
                Image {
                    name: name.clone(),
                    bytes: std::mem::take(bytes),
                },
            ));
            name
        };
        format!("![{}]({name})", escape(alt.trim()))
    }

    /// The page: front matter (`title`, else the first heading, else the file's name; the
    /// period the title or opening blocks give), the blocks, then the `notes` (number, text)
    /// that the text refers to; with the place in the document of each block's first line.
    pub(super) fn finish(
        self,
        title: Option<String>,
        name: &str,
        notes: &[(String, String)],
    ) -> Imported {
        let (blocks, numbers): (Vec<Block>, Vec<usize>) = self.blocks.into_iter().unzip();
        let title = title
            .or_else(|| {
                blocks
                    .iter()
                    .find_map(|b| matches!(b, Block::Heading(..)).then(|| b.text().to_string()))
            })
            .unwrap_or_else(|| {
                name.rsplit_once('.')
                    .map_or(name, |(stem, _)| stem)
                    .to_string()
            });
        let opening: Vec<&str> = std::iter::once(title.as_str())
            .chain(blocks.iter().take(12).map(Block::text))
            .collect();
        // Not from a picture's description: a chart of 2015-2019 figures is no period.
        let period = opening
            .iter()
            .filter(|t| !t.starts_with("!["))
            .find_map(|t| period_in(t));
        let mut landmarks = Landmarks::default();
        landmarks.mark(1, Spot::Properties);
        let mut markdown = String::from("---\n");
        let _ = writeln!(markdown, "# Imported from {name} by maillon import.");
        let _ = writeln!(markdown, "title: {}", quoted(&title));
        markdown.push_str("kind: plan\n");
        if let Some(period) = period {
            let _ = writeln!(markdown, "extra:\n  period: {}", quoted(&period));
        }
        markdown.push_str("---\n");
        // Blocks are separated by a blank line, list items of one list by a line break.
        let mut line = 1 + markdown.matches('\n').count();
        let mut previous_item = false;
        for (i, block) in blocks.iter().enumerate() {
            let item = matches!(block, Block::Item(..));
            if i > 0 {
                markdown.push('\n');
                line += 1;
            }
            if !(item && previous_item) {
                markdown.push('\n');
                line += 1;
            }
            match block {
                Block::Heading(_, text) => {
                    landmarks.heading(text);
                    landmarks.mark(line, Spot::Heading(numbers[i]));
                }
                Block::Paragraph(_) | Block::Item(..) => {
                    landmarks.mark(line, Spot::Paragraph(numbers[i]));
                }
                Block::Table(rows) => {
                    // The header row, the delimiter row, then the others.
                    for row in 0..rows.len() {
                        landmarks.mark(
                            line + row + usize::from(row > 0),
                            Spot::Row(numbers[i], row + 1),
                        );
                    }
                }
            }
            let text = block.markdown();
            line += text.matches('\n').count();
            markdown.push_str(&text);
            previous_item = item;
        }
        markdown.push('\n');
        line += 1;
        // The notes cited, found in one pass (a note may cite another written after it).
        let mut cited: HashSet<String> = citations(&markdown).map(str::to_owned).collect();
        for (number, text) in notes {
            if cited.contains(number) {
                landmarks.mark(line + 1, Spot::Note(number.parse().unwrap_or(0)));
                let _ = writeln!(markdown, "\n[^{number}]: {text}");
                cited.extend(citations(text).map(str::to_owned));
                line += 2;
            }
        }
        Imported {
            markdown,
            warnings: self.warnings,
            landmarks,
            images: self.images.into_iter().map(|(_, image)| image).collect(),
        }
    }
}

/// The labels of the notes `text` cites (`[^3]` cites `3`).
fn citations(text: &str) -> impl Iterator<Item = &str> {
    text.match_indices("[^").filter_map(|(at, _)| {
        let label = &text[at + 2..];
        label.find(']').map(|end| &label[..end])
    })
}

/// Bold, italic, hidden, each as a run or style sets it (`Some`) or leaves it to what is below
/// (its style, its parent style): the same in both formats.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub(super) struct Emphasis {
    pub bold: Option<bool>,
    pub italic: Option<bool>,
    pub hidden: Option<bool>,
}

impl Emphasis {
    /// `self`, with what it leaves unset taken from `below`.
    pub(super) fn over(self, below: Emphasis) -> Emphasis {
        Emphasis {
            bold: self.bold.or(below.bold),
            italic: self.italic.or(below.italic),
            hidden: self.hidden.or(below.hidden),
        }
    }
}

/// A piece of a paragraph: text with its emphasis (joined with its neighbours before it is
/// marked), or Markdown already made (a link, a picture, a note reference).
pub(super) enum Piece {
    Text(String, bool, bool),
    Raw(String),
}

/// The pieces as Markdown: neighbouring text of the same emphasis joined under one mark (word
/// processors split runs at every edit), spaces between two marked runs kept inside the mark.
pub(super) fn joined(pieces: Vec<Piece>) -> String {
    let mut out = String::new();
    let mut group: Option<(String, bool, bool)> = None;
    // Marks the group, knowing what comes before and after it.
    let flush = |out: &mut String, group: Option<(String, bool, bool)>, after: Option<char>| {
        if let Some((g, b, i)) = group {
            let before = out.chars().last();
            out.push_str(&emphasised(&g, b, i, before, after));
        }
    };
    for piece in pieces {
        match piece {
            Piece::Text(text, bold, italic) => match &mut group {
                Some((g, b, i)) if (*b, *i) == (bold, italic) || text.trim().is_empty() => {
                    g.push_str(&text);
                }
                Some((g, b, i)) if g.trim().is_empty() => {
                    let lead = std::mem::take(g);
                    *g = lead + &text;
                    (*b, *i) = (bold, italic);
                }
                _ => {
                    flush(&mut out, group.take(), text.chars().next());
                    group = Some((text, bold, italic));
                }
            },
            Piece::Raw(markdown) => {
                flush(&mut out, group.take(), markdown.chars().next());
                out.push_str(&markdown);
            }
        }
    }
    flush(&mut out, group, None);
    out
}

/// A heading's or title's text without bold marks (a heading is bold already).
pub(super) fn plain(text: &str) -> String {
    text.replace("***", "").replace("**", "")
}

/// Markdown `text` without its emphasis marks (escaped asterisks kept).
fn unemphasised(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut chars = text.chars();
    while let Some(c) = chars.next() {
        match c {
            '\\' => {
                out.push(c);
                out.extend(chars.next());
            }
            '*' => {}
            _ => out.push(c),
        }
    }
    out
}

/// `text` wrapped in `**`, `*` or `***` as it is bold, italic or both (spaces kept outside),
/// between the character `before` it and the one `after` it, so that the marks take effect: Markdown ignores `**` between a letter and a punctuation mark (`**Prévention
/// :**ateliers`, `GAS-**boetes**`), so punctuation at such an edge is left outside the marks,
/// and text of punctuation alone is not marked.
fn emphasised(
    text: &str,
    bold: bool,
    italic: bool,
    before: Option<char>,
    after: Option<char>,
) -> String {
    let marks = match (bold, italic) {
        (true, true) => "***",
        (true, false) => "**",
        (false, true) => "*",
        (false, false) => "",
    };
    let (lead, core, trail) = split_space(text);
    if marks.is_empty() || !core.chars().any(char::is_alphanumeric) {
        return text.to_string();
    }
    let touches = |outside: Option<char>, space: &str| {
        space.is_empty() && outside.is_some_and(char::is_alphanumeric)
    };
    let start = if touches(before, lead) {
        core.find(char::is_alphanumeric).unwrap_or(0)
    } else {
        0
    };
    let end = if touches(after, trail) {
        core.rfind(char::is_alphanumeric).map_or(core.len(), |i| {
            i + core[i..].chars().next().map_or(1, char::len_utf8)
        })
    } else {
        core.len()
    };
    let (pre, inner, post) = (&core[..start], &core[start..end], &core[end..]);
    format!("{lead}{pre}{marks}{inner}{marks}{post}{trail}")
}

fn split_space(text: &str) -> (&str, &str, &str) {
    let core = text.trim();
    let start = text.len() - text.trim_start().len();
    (&text[..start], core, &text[start + core.len()..])
}

/// `text` with the characters Markdown would read as markup escaped.
pub(super) fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        if matches!(c, '\\' | '*' | '_' | '[' | ']' | '<' | '`') {
            out.push('\\');
        }
        out.push(c);
    }
    out
}

/// A period such as `2020-2025` (or `2020 – 2025`) in `text`.
fn period_in(text: &str) -> Option<String> {
    let chars: Vec<char> = text.chars().collect();
    let year = |at: usize| {
        chars
            .get(at..at + 4)
            .filter(|d| d.iter().all(char::is_ascii_digit))
            .map(|d| d.iter().collect::<String>())
    };
    for i in 0..chars.len() {
        let Some(from) = year(i) else { continue };
        let mut j = i + 4;
        while chars.get(j) == Some(&' ') {
            j += 1;
        }
        if !matches!(chars.get(j), Some('-' | '–' | '—')) {
            continue;
        }
        j += 1;
        while chars.get(j) == Some(&' ') {
            j += 1;
        }
        if let Some(to) = year(j)
            && from < to
        {
            return Some(format!("{from}-{to}"));
        }
    }
    None
}

/// `text` as a YAML double-quoted string.
fn quoted(text: &str) -> String {
    format!("\"{}\"", text.replace('\\', "\\\\").replace('"', "\\\""))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_cited_notes_are_written_even_when_a_note_cites_a_later_one() {
        let mut page = Page::default();
        page.push(Block::Paragraph("Voir[^1].".into()));
        let notes = [
            ("1".to_string(), "Aussi[^3].".to_string()),
            ("2".to_string(), "Jamais citée.".to_string()),
            ("3".to_string(), "Citée par la note 1.".to_string()),
        ];
        let md = page.finish(None, "plan.docx", &notes).markdown;
        assert!(md.contains("[^1]: Aussi[^3]."), "{md}");
        assert!(md.contains("[^3]: Citée par la note 1."), "{md}");
        assert!(!md.contains("Jamais"), "{md}");
    }

    fn text(t: &str, bold: bool) -> Piece {
        Piece::Text(t.into(), bold, false)
    }

    #[test]
    fn marks_take_effect_beside_letters_and_punctuation() {
        let j = |pieces| joined(pieces);
        assert_eq!(
            j(vec![text("Prévention :", true), text("ateliers", false)]),
            "**Prévention** :ateliers"
        );
        assert_eq!(
            j(vec![
                text("Deux", false),
                text(":", true),
                text(" points", false)
            ]),
            "Deux: points"
        );
        assert_eq!(
            j(vec![text("GAS-", true), text("boetes", false)]),
            "**GAS**-boetes"
        );
        assert_eq!(
            j(vec![
                text("Prio", true),
                text("rité 1", true),
                text(" : Vols", true)
            ]),
            "**Priorité 1 : Vols**"
        );
        assert_eq!(
            j(vec![text("Prévention :", true), text(" campagnes", false)]),
            "**Prévention :** campagnes"
        );
    }
}
