//! Watching the site's sources and turning bursts of file events into one rebuild each.
//!
//! `notify` reports every low-level step of a save (editors write a temporary file, then rename
//! it over the original; some delete first, some write twice), so events are gathered until the
//! folder has been quiet for [`QUIET`], then classified once: the strongest action wins (config,
//! then new, renamed or deleted content, then templates, static files, edited pages). Paths are
//! classified by where they live, never by what the event says, so a rename or an atomic save
//! is just "this path changed"; whether it still exists decides the rest. Templates are
//! reported by name, so only the pages using them are rendered again; a folder under
//! `templates/` (moved in or out whole) is reported by its own name, which names no template,
//! and an unknown name means every page.

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};
use std::sync::mpsc;
use std::time::Duration;

use notify::event::{AccessKind, AccessMode};
use notify::{EventKind, RecursiveMode, Watcher};

use crate::error::{Error, Result};

/// How long the sources must be quiet before a rebuild starts.
pub const QUIET: Duration = Duration::from_millis(25);

/// How long the sources must stay untouched before the watcher reports that it is idle, the
/// moment for work that may wait (the search index) without delaying the next save.
pub const IDLE: Duration = Duration::from_millis(700);

/// What the watcher reports.
pub enum Wake {
    /// Sources changed.
    Batch(Batch),
    /// Nothing changed for [`IDLE`] since the last report.
    Idle,
}

/// What a batch of changes calls for.
#[derive(Debug, Default, PartialEq, Eq)]
pub struct Batch {
    /// `maillon.toml` (or an asset, a new or deleted page): rebuild everything.
    pub full: bool,
    /// Templates changed, named as the theme names them: relative to their `templates/`
    /// folder (`plan.html`, `partials/facts.html`), whether the site's or the theme's.
    pub templates: BTreeSet<String>,
    /// UI strings (`i18n/`).
    pub strings: bool,
    /// Static files; `css_only` when they are all stylesheets.
    pub statics: bool,
    /// Whether every static file changed is a stylesheet.
    pub css_only: bool,
    /// Markdown files edited, relative to `content/`.
    pub pages: BTreeSet<String>,
}

impl Batch {
    /// Whether there is nothing to do.
    pub fn is_empty(&self) -> bool {
        !self.full
            && self.templates.is_empty()
            && !self.strings
            && !self.statics
            && self.pages.is_empty()
    }
}

/// Whether a file name is an editor's scratch file.
fn scratch(name: &str) -> bool {
    name.starts_with('.')
        || name.starts_with('#')
        || crate::import::is_owner_file(name)
        || name.ends_with('~')
        || name == "4913"
        || [
            ".swp",
            ".swx",
            ".swo",
            ".tmp",
            ".bak",
            ".part",
            ".crdownload",
        ]
        .iter()
        .any(|s| name.ends_with(s))
}

/// Adds the change of `path` (absolute, under `root`) to `batch`.
pub fn classify(root: &Path, path: &Path, batch: &mut Batch) {
    let Ok(rel) = path.strip_prefix(root) else {
        return;
    };
    let rel = rel.to_string_lossy().replace('\\', "/");
    let name = rel.rsplit('/').next().unwrap_or("");
    if rel.split('/').any(scratch) || scratch(name) {
        return;
    }
    let mut parts = rel.splitn(2, '/');
    let top = parts.next().unwrap_or("");
    let rest = parts.next().unwrap_or("");
    match top {
        "maillon.toml" | "config.toml" | "hugo.toml" | "chains" => batch.full = true,
        "content" if rest.ends_with(".md") => {
            batch.pages.insert(rest.to_string());
        }
        "content" if path.is_dir() => {}
        "content" => batch.full = true,
        "templates" => {
            batch.templates.insert(rest.to_string());
        }
        "i18n" => batch.strings = true,
        "static" => static_file(name, batch),
        "themes" => {
            // themes/<name>/<kind>/<file>
            let mut parts = rest.splitn(3, '/').skip(1);
            match (parts.next(), parts.next()) {
                (Some("templates"), file) => {
                    batch.templates.insert(file.unwrap_or_default().to_string());
                }
                (Some("i18n"), _) => batch.strings = true,
                (Some("static"), _) => static_file(name, batch),
                _ => {}
            }
        }
        _ => {}
    }
}

fn static_file(name: &str, batch: &mut Batch) {
    let css = name.ends_with(".css");
    batch.css_only = if batch.statics {
        batch.css_only && css
    } else {
        css
    };
    batch.statics = true;
}

/// The folders of a site that hold sources, each watched recursively.
const FOLDERS: [&str; 6] = ["content", "themes", "templates", "static", "i18n", "chains"];

/// Watches `root`'s sources; calls `on_wake` with each quiet batch, and once with
/// [`Wake::Idle`] after each batch when nothing follows it for [`IDLE`], forever (until the
/// process ends). Runs on the calling thread.
pub fn watch(root: &Path, mut on_wake: impl FnMut(Wake)) -> Result<()> {
    // Events name absolute paths (real ones, on some systems): a relative root, such as the
    // default `.`, would be the prefix of none of them, and every save would go unseen.
    let root = &root.canonicalize().map_err(|e| Error::io(root, e))?;
    let (tx, rx) = mpsc::channel::<PathBuf>();
    let mut watcher = notify::recommended_watcher(move |res: notify::Result<notify::Event>| {
        // Reading a file is an event too (inotify reports opens): only writes count, or every
        // rebuild, which reads the templates, would trigger the next.
        if let Ok(event) = res
            && !matches!(
                event.kind,
                EventKind::Access(a) if a != AccessKind::Close(AccessMode::Write)
            )
        {
            for p in event.paths {
                let _ = tx.send(p);
            }
        }
    })
    .map_err(|e| Error::Other(format!("cannot watch {}: {e}", root.display())))?;
    let mut watched: BTreeSet<&str> = BTreeSet::new();
    for name in FOLDERS {
        let dir = root.join(name);
        if dir.is_dir() {
            watcher
                .watch(&dir, RecursiveMode::Recursive)
                .map_err(|e| Error::Other(format!("cannot watch {}: {e}", dir.display())))?;
            watched.insert(name);
        }
    }
    // The root itself, not recursively: maillon.toml (saved atomically, so watch the folder).
    watcher
        .watch(root, RecursiveMode::NonRecursive)
        .map_err(|e| Error::Other(format!("cannot watch {}: {e}", root.display())))?;
    // A source folder created while serving (a first `templates/`) is watched from then on.
    let mut notice = |path: &Path, batch: &mut Batch| {
        classify(root, path, batch);
        let name = path.file_name().and_then(|n| n.to_str()).unwrap_or("");
        if path.parent() == Some(root.as_path())
            && let Some(&folder) = FOLDERS.iter().find(|f| **f == name)
            && !watched.contains(folder)
            && path.is_dir()
            && watcher.watch(path, RecursiveMode::Recursive).is_ok()
        {
            watched.insert(folder);
        }
    };
    let mut idle_due = false;
    loop {
        let first = if idle_due {
            match rx.recv_timeout(IDLE) {
                Ok(p) => p,
                Err(mpsc::RecvTimeoutError::Timeout) => {
                    idle_due = false;
                    on_wake(Wake::Idle);
                    continue;
                }
                Err(mpsc::RecvTimeoutError::Disconnected) => break,
            }
        } else {
            match rx.recv() {
                Ok(p) => p,
                Err(_) => break,
            }
        };
        let mut batch = Batch::default();
        notice(&first, &mut batch);
        while let Ok(p) = rx.recv_timeout(QUIET) {
            notice(&p, &mut batch);
        }
        if !batch.is_empty() {
            on_wake(Wake::Batch(batch));
            idle_due = true;
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn paths_are_classified() {
        let root = Path::new("/nonexistent-site");
        let mut b = Batch::default();
        classify(root, &root.join("content/plans/a.md"), &mut b);
        classify(root, &root.join("content/plans/.a.md.swp"), &mut b);
        classify(root, &root.join("content/plans/a.md~"), &mut b);
        classify(root, &root.join("public/index.html"), &mut b);
        assert_eq!(b.pages.len(), 1);
        assert!(!b.full && b.templates.is_empty() && !b.strings && !b.statics);
        classify(root, &root.join("themes/default/static/site.css"), &mut b);
        assert!(b.statics && b.css_only);
        classify(root, &root.join("static/logo.svg"), &mut b);
        assert!(!b.css_only);
        classify(
            root,
            &root.join("themes/default/templates/page.html"),
            &mut b,
        );
        classify(root, &root.join("templates/partials/facts.html"), &mut b);
        classify(
            root,
            &root.join("templates/partials/.facts.html.swp"),
            &mut b,
        );
        classify(root, &root.join("themes/default/templates"), &mut b);
        let names: Vec<&str> = b.templates.iter().map(String::as_str).collect();
        assert_eq!(names, ["", "page.html", "partials/facts.html"]);
        assert!(!b.strings);
        classify(root, &root.join("themes/default/i18n/fr.toml"), &mut b);
        assert!(b.strings);
        classify(root, &root.join("maillon.toml"), &mut b);
        assert!(b.full);
    }
}
