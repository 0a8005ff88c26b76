//! Lists the files of `content/`, in a stable order.
//!
//! Names starting with `.` or `_` are skipped (editor backups, drafts folders), except the
//! `_index.md` files that define sections. Markdown files become pages; every other file is an
//! asset copied beside the pages, as Zola and Hugo do with colocated images.

use std::path::{Path, PathBuf};

use crate::error::{Error, Result};

/// What the walk found, paths relative to `content/` with `/` separators.
#[derive(Debug, Default)]
pub struct Listing {
    /// `*.md` files.
    pub markdown: Vec<String>,
    /// Every other file.
    pub assets: Vec<String>,
}

/// Walks `content_dir`. A missing folder is an empty site; an unreadable one is an error.
pub fn walk(content_dir: &Path) -> Result<Listing> {
    let mut listing = Listing::default();
    if !content_dir.exists() {
        return Ok(listing);
    }
    let walker = walkdir::WalkDir::new(content_dir)
        .follow_links(false)
        .sort_by_file_name()
        .into_iter()
        .filter_entry(|e| e.depth() == 0 || !skipped(e.file_name().to_string_lossy().as_ref()));
    for entry in walker {
        let entry = entry.map_err(|e| {
            let path = e
                .path()
                .map_or_else(|| content_dir.to_path_buf(), Path::to_path_buf);
            Error::io(path, e.into())
        })?;
        if !entry.file_type().is_file() {
            continue;
        }
        let rel = relative(content_dir, entry.path());
        if rel.ends_with(".md") {
            listing.markdown.push(rel);
        } else {
            listing.assets.push(rel);
        }
    }
    Ok(listing)
}

fn skipped(name: &str) -> bool {
    (name.starts_with('.') || name.starts_with('_')) && !name.starts_with("_index.")
}

fn relative(base: &Path, path: &Path) -> String {
    let rel: PathBuf = path.strip_prefix(base).unwrap_or(path).to_path_buf();
    rel.components()
        .map(|c| c.as_os_str().to_string_lossy())
        .collect::<Vec<_>>()
        .join("/")
}
