//! Source files and positions.
//!
//! Every diagnostic names `file:line:column`, so each file's line starts are computed once, the
//! first time a position in it is asked for (most files never have a finding, so most never pay
//! for it), and byte offsets found later (by the front-matter parser, the Markdown parser or the
//! checker) are turned into positions by a binary search. Lines and columns are 1-based; columns
//! count characters, not bytes, so a caret lands under the right letter on a line with accents.
//!
//! A file's text may itself be left on disk: `maillon check` reuses what its cache knows of an
//! unchanged file and reads the text again only if a finding needs a position or a code frame.
//!
//! A Word or LibreOffice document is a source file too: its text is the Markdown it converts to,
//! and its [`Landmarks`] name a line as the document's author finds it (the heading above, the
//! paragraph's number), since the document itself has no lines.

use std::path::PathBuf;
use std::sync::OnceLock;

use crate::import::{Image, Imported, Landmarks};

/// A position in a source file, 1-based, the column counted in characters.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Default)]
pub struct Position {
    /// 1-based line number.
    pub line: usize,
    /// 1-based column, in characters (not bytes).
    pub column: usize,
}

/// The byte offset of each line start in one text.
#[derive(Debug, Clone, Default)]
pub(crate) struct LineIndex {
    starts: Vec<usize>,
}

impl LineIndex {
    /// Indexes `text` (one pass over its bytes).
    pub(crate) fn new(text: &str) -> Self {
        let mut starts = Vec::with_capacity(text.len() / 40 + 1);
        starts.push(0);
        starts.extend(memchr::memchr_iter(b'\n', text.as_bytes()).map(|i| i + 1));
        LineIndex { starts }
    }

    /// The position of byte `offset` in `text` (the same text given to [`LineIndex::new`]).
    /// An offset past the end, or inside a character, is clamped to a valid position.
    pub(crate) fn position(&self, text: &str, offset: usize) -> Position {
        let offset = offset.min(text.len());
        let line = match self.starts.binary_search(&offset) {
            Ok(i) => i,
            Err(i) => i - 1,
        };
        let start = self.starts[line];
        let mut end = offset;
        while end > start && !text.is_char_boundary(end) {
            end -= 1;
        }
        let column = text[start..end].chars().count() + 1;
        Position {
            line: line + 1,
            column,
        }
    }

    /// The byte offset where 1-based `line` starts, if it exists.
    pub(crate) fn line_start(&self, line: usize) -> Option<usize> {
        line.checked_sub(1)
            .and_then(|l| self.starts.get(l).copied())
    }
}

/// One file of the site: its path relative to the site root (as shown to users), its text, and
/// its line index, both made when first needed.
#[derive(Debug)]
pub struct SourceFile {
    /// Path relative to the site root, with `/` separators, as shown in diagnostics.
    pub path: PathBuf,
    /// Where to read the text from when it was not given (`None`: it was given).
    on_disk: Option<PathBuf>,
    /// Whether the file is a document converted to Markdown (`.docx`, `.odt`).
    document: bool,
    text: OnceLock<String>,
    lines: OnceLock<LineIndex>,
    landmarks: OnceLock<Landmarks>,
    images: OnceLock<Vec<Image>>,
}

impl SourceFile {
    /// Wraps a file's text.
    pub fn new(path: PathBuf, text: String) -> Self {
        SourceFile {
            path,
            on_disk: None,
            document: false,
            text: OnceLock::from(text),
            lines: OnceLock::new(),
            landmarks: OnceLock::new(),
            images: OnceLock::new(),
        }
    }

    /// A file read from `on_disk`, with its `text`: [`SourceFile::release`] may give the text
    /// back, to be read again from disk if something asks for it.
    pub fn read(path: PathBuf, on_disk: PathBuf, text: String) -> Self {
        SourceFile {
            on_disk: Some(on_disk),
            ..SourceFile::new(path, text)
        }
    }

    /// Gives back the text of a Markdown file read from disk (and its line index): once a page is
    /// rendered, only plans and findings need it, and those are few. Holding every page's text
    /// with its HTML doubled a build's memory; a finding's code frame reads the file again.
    /// Documents keep theirs (converting again costs more than it saves).
    pub fn release(&mut self) {
        if self.on_disk.is_some() && !self.document {
            self.text = OnceLock::new();
            self.lines = OnceLock::new();
        }
    }

    /// A converted document: its Markdown, the places its lines come from, its pictures.
    pub fn document(path: PathBuf, imported: Imported) -> Self {
        SourceFile {
            images: OnceLock::from(imported.images),
            ..SourceFile::converted(path, imported.markdown, imported.landmarks)
        }
    }

    /// A converted document known by its Markdown and the places its lines come from only (a
    /// plan checked on its own publishes no pictures).
    pub fn converted(path: PathBuf, markdown: String, landmarks: Landmarks) -> Self {
        SourceFile {
            document: true,
            landmarks: OnceLock::from(landmarks),
            ..SourceFile::new(path, markdown)
        }
    }

    /// A file whose text stays at `on_disk` until something asks for it (a document, `.docx`
    /// or `.odt`, is converted then). If it cannot be read then (deleted since), its text is
    /// empty and its positions are `1:1`.
    pub fn on_disk(path: PathBuf, on_disk: PathBuf) -> Self {
        let document = on_disk
            .extension()
            .and_then(|e| e.to_str())
            .is_some_and(crate::import::is_document_extension);
        SourceFile {
            path,
            on_disk: Some(on_disk),
            document,
            text: OnceLock::new(),
            lines: OnceLock::new(),
            landmarks: OnceLock::new(),
            images: OnceLock::new(),
        }
    }

    /// The whole file (for a document, the Markdown it converts to).
    pub fn text(&self) -> &str {
        self.text.get_or_init(|| {
            let Some(path) = &self.on_disk else {
                return String::new();
            };
            if !self.document {
                return std::fs::read_to_string(path).unwrap_or_default();
            }
            match crate::import::convert_file(path) {
                Ok(imported) => {
                    let _ = self.landmarks.set(imported.landmarks);
                    let _ = self.images.set(imported.images);
                    imported.markdown
                }
                Err(_) => String::new(),
            }
        })
    }

    /// Whether the file is a Word or LibreOffice document, read as the Markdown it converts to.
    pub fn is_document(&self) -> bool {
        self.document
    }

    /// Where the lines of a converted document come from.
    pub fn landmarks(&self) -> Option<&Landmarks> {
        if !self.document {
            return None;
        }
        self.text();
        self.landmarks.get()
    }

    /// The pictures of a converted document, to be published beside its page.
    pub fn images(&self) -> &[Image] {
        if !self.document {
            return &[];
        }
        self.text();
        self.images.get().map_or(&[], Vec::as_slice)
    }

    /// Where 1-based `line` sits in the document this file was converted from, in the words
    /// its author would look for it (`heading "Priorité 2", paragraph 14`); `None` for a
    /// Markdown file or line 0.
    pub fn landmark(&self, line: usize) -> Option<String> {
        self.landmarks()?.describe(line)
    }

    /// Whether the text has been read (or was given).
    pub fn is_loaded(&self) -> bool {
        self.text.get().is_some()
    }

    fn lines(&self) -> &LineIndex {
        self.lines.get_or_init(|| LineIndex::new(self.text()))
    }

    /// The position of byte `offset` in this file.
    pub fn position(&self, offset: usize) -> Position {
        self.lines().position(self.text(), offset)
    }

    /// The text of 1-based `line`, without its line break.
    pub fn line_text(&self, line: usize) -> &str {
        let lines = self.lines();
        let Some(start) = lines.line_start(line) else {
            return "";
        };
        let text = self.text();
        let end = lines.line_start(line + 1).unwrap_or(text.len());
        text[start..end].trim_end_matches(['\n', '\r'])
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn positions_count_characters_not_bytes() {
        let text = "ab\nprévention x\n";
        let idx = LineIndex::new(text);
        assert_eq!(idx.position(text, 0), Position { line: 1, column: 1 });
        let x = text.find('x').unwrap();
        assert_eq!(
            idx.position(text, x),
            Position {
                line: 2,
                column: 12
            }
        );
        assert_eq!(idx.position(text, 999), Position { line: 3, column: 1 });
    }
}
