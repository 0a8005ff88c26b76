//! Lists the files of `content/`, in a stable order.
//!
//! Symbolic links are not followed (their target may lie outside the site, or loop back to a
//! folder above); they are listed, so the author is told.
//!
//! Names starting with `.` or `_` are skipped (editor backups, drafts folders), except the
//! `_index.md` files that define sections, and so are Word's `~$` owner files. Markdown files become pages; every other file is an
//! asset copied beside the pages, as Zola and Hugo do with colocated images. A Word or
//! LibreOffice document (`.docx`, `.odt`) is both: a page, converted, and its original, copied
//! for download.

use std::fs::FileType;
use std::path::Path;

use rayon::prelude::*;

use crate::error::{Error, Result};

/// What the walk found, paths relative to `content/` with `/` separators.
#[derive(Debug, Default)]
pub struct Listing {
    /// `*.md` files, and the `*.docx` and `*.odt` documents read as pages.
    pub markdown: Vec<String>,
    /// Every other file.
    pub assets: Vec<String>,
    /// Symbolic links, left out.
    pub symlinks: Vec<String>,
    /// Files and folders whose name is not valid UTF-8 (shown with `�`), left out.
    pub bad_names: Vec<String>,
}

/// Walks `content_dir`. A missing folder is an empty site; an unreadable one is an error. Each
/// top-level folder (a section, usually) is walked on its own thread; the order is the same as
/// one walk sorted by file name.
pub fn walk(content_dir: &Path) -> Result<Listing> {
    let mut listing = Listing::default();
    if !content_dir.exists() {
        return Ok(listing);
    }
    let top = entries(content_dir, "", &mut listing.bad_names)?;
    let parts: Vec<Result<Listing>> = top
        .par_iter()
        .map(|(name, kind)| {
            let mut one = Listing::default();
            if kind.is_dir() {
                walk_into(&content_dir.join(name), name, &mut one)?;
            } else {
                one.add(name.clone(), *kind);
            }
            Ok(one)
        })
        .collect();
    for part in parts {
        let part = part?;
        listing.markdown.extend(part.markdown);
        listing.assets.extend(part.assets);
        listing.symlinks.extend(part.symlinks);
        listing.bad_names.extend(part.bad_names);
    }
    Ok(listing)
}

/// The entries of `dir` (whose path relative to `content/` is `rel`, empty for `content/`
/// itself) that a site may hold, sorted by name (names read once, rather than each path parsed
/// again at every comparison as `walkdir`'s `sort_by_file_name` does, which was a tenth of a
/// cached `check`). Names that are not UTF-8 go to `bad_names`.
fn entries(dir: &Path, rel: &str, bad_names: &mut Vec<String>) -> Result<Vec<(String, FileType)>> {
    let io = |e| Error::io(dir.to_path_buf(), e);
    let mut entries = Vec::new();
    for entry in std::fs::read_dir(dir).map_err(io)? {
        let entry = entry.map_err(io)?;
        let name = entry.file_name().to_string_lossy().into_owned();
        if entry.file_name().to_str().is_none() {
            bad_names.push(child(rel, &name));
        } else if !skipped(&name) {
            entries.push((name, entry.file_type().map_err(io)?));
        }
    }
    entries.sort_unstable_by(|a, b| a.0.cmp(&b.0));
    Ok(entries)
}

/// Adds the files below `dir`, whose path relative to `content/` is `rel`, to `listing`, depth
/// first.
fn walk_into(dir: &Path, rel: &str, listing: &mut Listing) -> Result<()> {
    for (name, kind) in entries(dir, rel, &mut listing.bad_names)? {
        let child = child(rel, &name);
        if kind.is_dir() {
            walk_into(&dir.join(&name), &child, listing)?;
        } else {
            listing.add(child, kind);
        }
    }
    Ok(())
}

/// The path of `name` in the folder `rel` of `content/`.
fn child(rel: &str, name: &str) -> String {
    if rel.is_empty() {
        name.to_string()
    } else {
        format!("{rel}/{name}")
    }
}

impl Listing {
    /// Adds the entry at `rel` (not a folder): a page, an asset or a symbolic link.
    fn add(&mut self, rel: String, kind: FileType) {
        if kind.is_symlink() {
            self.symlinks.push(rel);
        } else if !kind.is_file() {
            // A socket or a device: nothing a site holds.
        } else if rel.ends_with(".md") {
            self.markdown.push(rel);
        } else if crate::import::is_document(&rel) {
            self.markdown.push(rel.clone());
            self.assets.push(rel);
        } else {
            self.assets.push(rel);
        }
    }
}

fn skipped(name: &str) -> bool {
    ((name.starts_with('.') || name.starts_with('_')) && !name.starts_with("_index."))
        || crate::import::is_owner_file(name)
}
