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

use std::path::{Path, PathBuf};

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
    let mut top: Vec<(String, PathBuf, std::fs::FileType)> = std::fs::read_dir(content_dir)
        .map_err(|e| Error::io(content_dir.to_path_buf(), e))?
        .filter_map(|entry| {
            let entry = entry.ok()?;
            let name = entry.file_name().to_string_lossy().into_owned();
            let kind = entry.file_type().ok()?;
            (!skipped(&name)).then(|| (name, entry.path(), kind))
        })
        .collect();
    let mut bad_names = Vec::new();
    top.retain(|(name, path, _)| {
        let good = path.file_name().is_some_and(|n| n.to_str().is_some());
        if !good {
            bad_names.push(name.clone());
        }
        good
    });
    top.sort_by(|a, b| a.0.cmp(&b.0));
    let parts: Vec<Result<Listing>> = top
        .par_iter()
        .map(|(name, path, kind)| {
            if kind.is_dir() {
                walk_tree(content_dir, path)
            } else {
                let mut one = Listing::default();
                one.add(name.clone(), *kind);
                Ok(one)
            }
        })
        .collect();
    for part in parts {
        let part = part?;
        listing.markdown.extend(part.markdown);
        listing.assets.extend(part.assets);
        listing.symlinks.extend(part.symlinks);
        listing.bad_names.extend(part.bad_names);
    }
    listing.bad_names.extend(bad_names);
    Ok(listing)
}

/// Walks one folder of `content_dir`: depth first, each folder's entries sorted by name (as
/// `walkdir`'s `sort_by_file_name` would, but comparing names read once rather than parsing
/// each path again at every comparison, which was a tenth of a cached `check`).
fn walk_tree(content_dir: &Path, dir: &Path) -> Result<Listing> {
    let mut listing = Listing::default();
    walk_into(dir, &relative(content_dir, dir), &mut listing)?;
    Ok(listing)
}

/// Adds the files below `dir`, whose path relative to `content/` is `rel`, to `listing`.
fn walk_into(dir: &Path, rel: &str, listing: &mut Listing) -> Result<()> {
    let io = |e| Error::io(dir.to_path_buf(), e);
    let mut entries = Vec::new();
    for entry in std::fs::read_dir(dir).map_err(io)? {
        let entry = entry.map_err(io)?;
        let name = entry.file_name().to_string_lossy().into_owned();
        if entry.file_name().to_str().is_none() {
            listing.bad_names.push(format!("{rel}/{name}"));
        } else if !skipped(&name) {
            entries.push((name, entry.file_type().map_err(io)?));
        }
    }
    entries.sort_unstable_by(|a, b| a.0.cmp(&b.0));
    for (name, kind) in entries {
        let child = format!("{rel}/{name}");
        if kind.is_dir() {
            walk_into(&dir.join(&name), &child, listing)?;
        } else {
            listing.add(child, kind);
        }
    }
    Ok(())
}

impl Listing {
    /// Adds the entry at `rel` (not a folder): a page, an asset or a symbolic link.
    fn add(&mut self, rel: String, kind: std::fs::FileType) {
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

fn relative(base: &Path, path: &Path) -> String {
    let rel: PathBuf = path.strip_prefix(base).unwrap_or(path).to_path_buf();
    rel.components()
        .map(|c| c.as_os_str().to_string_lossy())
        .collect::<Vec<_>>()
        .join("/")
}
