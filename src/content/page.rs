//! [`Page`]: one Markdown file of `content/`, a page or a section's `_index.md`.
//!
//! A page is read and its front matter parsed once, in parallel with the others; its URL is
//! derived from its path alone, so every link in the site can be resolved before any Markdown
//! is rendered. The Markdown body is rendered later, once, into `Rendered`.

use serde::Serialize;

use super::front_matter::{FrontMatter, PageKind};
use crate::markdown::Rendered;
use crate::source::SourceFile;

/// Whether a file is a page or a section index.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Role {
    /// Any `*.md` other than `_index.md`.
    Page,
    /// `_index.md` (or `_index.<lang>.md`): the text of a section.
    Section,
}

/// One content file with everything derived from its path and front matter.
#[derive(Debug)]
pub struct Page {
    /// The file (path relative to the site root, text, line index).
    pub file: SourceFile,
    /// Path relative to `content/`, `/`-separated, as written (`plans/liege.nl.md`).
    pub rel: String,
    /// Translation key: `rel` without the language suffix (`plans/liege.md`).
    pub key: String,
    /// Folder relative to `content/` (`plans`, or empty for the root).
    pub dir: String,
    /// Language code.
    pub lang: String,
    /// Page or section index.
    pub role: Role,
    /// Parsed front matter.
    pub meta: FrontMatter,
    /// Byte offset of the Markdown body in the file's text.
    pub body_start: usize,
    /// Title (front matter, else the file name).
    pub title: String,
    /// Last URL segment.
    pub slug: String,
    /// URL path, starting and ending with `/` (includes the base path).
    pub url: String,
    /// Kind (front matter, else the section's `page_kind`, else guidance).
    pub kind: PageKind,
    /// `YYYY-MM-DD`.
    pub date: Option<String>,
    /// `YYYY-MM-DD`.
    pub updated: Option<String>,
    /// Index in `Site::sections` of the section that lists this page (for a section index: its
    /// parent section).
    pub parent: Option<usize>,
    /// Rendered Markdown, once the render stage has run.
    pub rendered: Rendered,
    /// A home made up for a language without `_index.md`: no file behind it.
    pub synthetic: bool,
}

impl Page {
    /// The Markdown body. Empty if the file, read again from disk, no longer reaches where its
    /// body started when it was loaded (edited in between), rather than a panic.
    pub fn body(&self) -> &str {
        self.file.text().get(self.body_start..).unwrap_or_default()
    }
}

/// A link to a page, for templates.
#[derive(Debug, Clone, Serialize)]
pub struct PageRef {
    /// Title.
    pub title: String,
    /// URL path.
    pub url: String,
}
