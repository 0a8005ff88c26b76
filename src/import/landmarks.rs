//! Where a line of an imported page sits in the document it came from.
//!
//! A Word or LibreOffice file has no lines: its author finds a place by the heading above it and
//! by counting paragraphs. So each block the importer writes records its place in those terms
//! (the paragraph's number among the document's paragraphs of text, or a table's number and
//! row, and the heading it sits under), keyed by the line where the block starts in the
//! Markdown. A finding at a line of the converted page is then named as the author would look
//! for it: `heading "Priorité 2 : Drogues", paragraph 14`.

/// What one block of the page is, in the document's terms.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Spot {
    /// The front matter: the document's title and properties.
    Properties,
    /// The n-th paragraph of text (headings and list items count), from 1.
    Paragraph(usize),
    /// The n-th paragraph of text, a heading (recorded with `Landmarks::heading` first).
    Heading(usize),
    /// Table n (from 1), row r (from 1, the header row first).
    Row(usize, usize),
    /// Note n, written after the text.
    Note(usize),
}

#[derive(Debug, Clone)]
struct Mark {
    line: usize,
    spot: Spot,
    /// Index of the heading above, in `headings`.
    heading: Option<usize>,
}

/// The places of an imported page's lines.
#[derive(Debug, Clone, Default)]
pub struct Landmarks {
    marks: Vec<Mark>,
    headings: Vec<String>,
}

impl Landmarks {
    /// Records that the block starting at 1-based `line` is `spot`, under the last heading
    /// recorded with [`Landmarks::heading`].
    pub(super) fn mark(&mut self, line: usize, spot: Spot) {
        let heading = self.headings.len().checked_sub(1);
        let heading = if matches!(spot, Spot::Properties | Spot::Note(_)) {
            None
        } else {
            heading
        };
        self.marks.push(Mark {
            line,
            spot,
            heading,
        });
    }

    /// The paragraph number of the heading or paragraph holding 1-based `line`, if it is one.
    pub fn paragraph(&self, line: usize) -> Option<usize> {
        match self.spot(line)? {
            Spot::Heading(n) | Spot::Paragraph(n) => Some(n),
            _ => None,
        }
    }

    /// What the block holding 1-based `line` is, `None` for line 0.
    pub fn spot(&self, line: usize) -> Option<Spot> {
        self.mark_at(line).map(|m| m.spot)
    }

    fn mark_at(&self, line: usize) -> Option<&Mark> {
        if line == 0 {
            return None;
        }
        let at = self
            .marks
            .partition_point(|m| m.line <= line)
            .checked_sub(1)?;
        self.marks.get(at)
    }

    /// Records a heading: the blocks marked after it sit under it.
    pub(super) fn heading(&mut self, text: &str) {
        self.headings.push(unescaped(text));
    }

    /// The place of 1-based `line`, in words: `heading "…", paragraph 14`, `table 2, row 3
    /// under heading "…"`, `note 1`, `the document's properties`. `None` for line 0 (the whole
    /// file) or a page with no marks.
    pub fn describe(&self, line: usize) -> Option<String> {
        let mark = self.mark_at(line)?;
        let under = mark.heading.and_then(|h| self.headings.get(h));
        Some(match (mark.spot, under) {
            (Spot::Properties, _) => "the document's properties (title)".to_string(),
            (Spot::Note(n), _) => format!("note {n}"),
            (Spot::Heading(n), Some(h)) => format!("heading \"{h}\" (paragraph {n})"),
            (Spot::Paragraph(n), Some(h)) => format!("heading \"{h}\", paragraph {n}"),
            (Spot::Paragraph(n) | Spot::Heading(n), None) => format!("paragraph {n}"),
            (Spot::Row(t, r), Some(h)) => format!("heading \"{h}\", table {t}, row {r}"),
            (Spot::Row(t, r), None) => format!("table {t}, row {r}"),
        })
    }
}

/// Markdown escapes taken out, for showing a heading as its author wrote it.
pub(super) fn unescaped(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut chars = text.chars();
    while let Some(c) = chars.next() {
        if c == '\\' {
            if let Some(next) = chars.next() {
                out.push(next);
            }
        } else {
            out.push(c);
        }
    }
    out
}
