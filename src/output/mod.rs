//! WRITE: the output folder, replaced only when a build succeeds.
//!
//! A build writes into a hidden sibling folder (`.public.maillon-<pid>`); [`Output::commit`]
//! swaps it with the old output in one atomic exchange of the two names (Linux's `renameat2`),
//! so at every instant `public/` is either the old output or the new one, whole, even if the
//! build is killed; where the exchange is not available, by two renames, and a build finding
//! the old output set aside by a build killed between them puts it back. A build that fails or
//! is interrupted simply drops the staging folder, so the previous `public/` stays byte for
//! byte as it was. Every path written is checked here, in one place: it must stay inside the
//! staging folder whatever a slug, alias or asset name says.

use std::path::{Component, Path, PathBuf};

use crate::error::{Error, Result};

/// A staging folder that becomes the output on [`Output::commit`].
pub(crate) struct Output {
    target: PathBuf,
    staging: PathBuf,
    committed: bool,
    /// Folders made so far: each is made once, not once per file written into it (a `mkdir`
    /// that finds the folder there costs a failed call and a `stat`).
    made: std::sync::Mutex<std::collections::HashSet<PathBuf>>,
}

impl Output {
    /// Prepares to replace `target`. Refuses targets that would destroy the site itself.
    pub(crate) fn begin(target: &Path, site_root: &Path) -> Result<Output> {
        guard(target, site_root)?;
        let parent = target
            .parent()
            .filter(|p| !p.as_os_str().is_empty())
            .unwrap_or(Path::new("."));
        std::fs::create_dir_all(parent).map_err(|e| Error::io(parent, e))?;
        let name = target
            .file_name()
            .map_or_else(|| "public".into(), |n| n.to_string_lossy().into_owned());
        remove_stale(parent, &name);
        let staging = parent.join(format!(".{name}.maillon-{}", std::process::id()));
        if staging.exists() {
            std::fs::remove_dir_all(&staging).map_err(|e| Error::io(&staging, e))?;
        }
        std::fs::create_dir_all(&staging).map_err(|e| Error::io(&staging, e))?;
        Ok(Output {
            target: target.to_path_buf(),
            staging,
            committed: false,
            made: Default::default(),
        })
    }

    /// Writes `bytes` at `rel` (a `/`-separated path inside the output).
    pub(crate) fn write(&self, rel: &str, bytes: &[u8]) -> Result<()> {
        let path = self.resolve(rel)?;
        self.make_parent(&path)?;
        std::fs::write(&path, bytes).map_err(|e| Error::io(&path, e))
    }

    /// Makes the folder `path` goes in, unless this build already made it.
    fn make_parent(&self, path: &Path) -> Result<()> {
        let Some(dir) = path.parent() else {
            return Ok(());
        };
        if self.made.lock().is_ok_and(|set| set.contains(dir)) {
            return Ok(());
        }
        std::fs::create_dir_all(dir).map_err(|e| Error::io(dir, e))?;
        if let Ok(mut set) = self.made.lock() {
            set.insert(dir.to_path_buf());
        }
        Ok(())
    }

    /// Copies a file from disk to `rel`.
    pub(crate) fn copy(&self, from: &Path, rel: &str) -> Result<()> {
        let path = self.resolve(rel)?;
        self.make_parent(&path)?;
        std::fs::copy(from, &path)
            .map(|_| ())
            .map_err(|e| Error::io(from, e))
    }

    fn resolve(&self, rel: &str) -> Result<PathBuf> {
        safe_join(&self.staging, rel)
    }

    /// Swaps the staging folder in place of the target.
    pub(crate) fn commit(mut self) -> Result<()> {
        if self.target.is_dir() && exchange(&self.staging, &self.target) {
            // The staging name now holds the old output; a build killed while it is removed
            // leaves it to the next build's `remove_stale`.
            self.committed = true;
            remove_parallel(&self.staging);
            return Ok(());
        }
        let old = self.target.with_file_name(format!(
            ".{}.maillon-old-{}",
            self.target
                .file_name()
                .map(|n| n.to_string_lossy().into_owned())
                .unwrap_or_default(),
            std::process::id()
        ));
        let had_old = self.target.exists();
        if had_old {
            std::fs::rename(&self.target, &old).map_err(|e| Error::io(&self.target, e))?;
        }
        if let Err(e) = std::fs::rename(&self.staging, &self.target) {
            if had_old {
                let _ = std::fs::rename(&old, &self.target);
            }
            return Err(Error::io(&self.target, e));
        }
        self.committed = true;
        if had_old {
            remove_parallel(&old);
        }
        Ok(())
    }
}

impl Drop for Output {
    fn drop(&mut self) {
        if !self.committed {
            let _ = std::fs::remove_dir_all(&self.staging);
        }
    }
}

/// Exchanges the names of two folders atomically; false where the system cannot.
#[cfg(target_os = "linux")]
fn exchange(a: &Path, b: &Path) -> bool {
    use rustix::fs::{CWD, RenameFlags, renameat_with};
    renameat_with(CWD, a, CWD, b, RenameFlags::EXCHANGE).is_ok()
}

/// Exchanges the names of two folders atomically; false where the system cannot.
#[cfg(not(target_os = "linux"))]
fn exchange(_: &Path, _: &Path) -> bool {
    false
}

/// Removes staging folders left by builds that were killed (their process no longer exists), so
/// an interrupted build leaves nothing behind for long; an old output set aside by a build
/// killed between its two renames is put back first, when the output is missing. Only where
/// `/proc` tells which processes live; elsewhere they stay.
fn remove_stale(parent: &Path, name: &str) {
    if !Path::new("/proc/self").exists() {
        return;
    }
    let Ok(entries) = std::fs::read_dir(parent) else {
        return;
    };
    let prefix = format!(".{name}.maillon-");
    for entry in entries.flatten() {
        let file_name = entry.file_name().to_string_lossy().into_owned();
        let Some(rest) = file_name.strip_prefix(&prefix) else {
            continue;
        };
        let pid = rest.strip_prefix("old-").unwrap_or(rest);
        let alive = pid
            .parse::<u32>()
            .is_ok_and(|p| Path::new(&format!("/proc/{p}")).exists());
        if pid.parse::<u32>().is_ok() && !alive {
            let target = parent.join(name);
            let set_aside = rest.starts_with("old-");
            if set_aside && !target.exists() && std::fs::rename(entry.path(), &target).is_ok() {
                continue;
            }
            remove_parallel(&entry.path());
        }
    }
}

/// Removes a folder tree, its top-level entries on all cores (an old output of ten thousand
/// pages takes as long to delete as to write). Best effort: what cannot be removed stays.
fn remove_parallel(dir: &Path) {
    use rayon::prelude::*;
    if let Ok(entries) = std::fs::read_dir(dir) {
        let paths: Vec<PathBuf> = entries.filter_map(|e| e.ok().map(|e| e.path())).collect();
        paths.par_iter().for_each(|p| {
            if p.is_dir() && !p.is_symlink() {
                remove_parallel(p);
            } else {
                let _ = std::fs::remove_file(p);
            }
        });
    }
    let _ = std::fs::remove_dir(dir);
}

/// Where rendered files go: the staging folder of a build ([`Output`]), or memory while
/// serving. Rendering writes through this trait only, so `build` and `serve` share one render
/// path.
pub trait Sink: Sync {
    /// Writes `bytes` at `rel` (a `/`-separated path inside the output).
    fn write(&self, rel: &str, bytes: &[u8]) -> Result<()>;
    /// Copies a file from disk to `rel`.
    fn copy(&self, from: &Path, rel: &str) -> Result<()>;
    /// Writes the page at URL path `url_rel` (see [`page_file`]).
    fn write_page(&self, url_rel: &str, html: &[u8]) -> Result<()> {
        self.write(&page_file(url_rel), html)
    }
}

impl Sink for Output {
    fn write(&self, rel: &str, bytes: &[u8]) -> Result<()> {
        Output::write(self, rel, bytes)
    }
    fn copy(&self, from: &Path, rel: &str) -> Result<()> {
        Output::copy(self, from, rel)
    }
}

/// The file for a URL path relative to the base path.
pub(crate) fn page_file(url_rel: &str) -> String {
    let trimmed = url_rel.trim_matches('/');
    if trimmed.ends_with(".html") || trimmed.ends_with(".xml") {
        trimmed.to_string()
    } else if trimmed.is_empty() {
        "index.html".to_string()
    } else {
        format!("{trimmed}/index.html")
    }
}

/// Joins `rel` under `base`, refusing anything that could land outside it.
pub(crate) fn safe_join(base: &Path, rel: &str) -> Result<PathBuf> {
    let mut path = base.to_path_buf();
    let mut any = false;
    for part in rel.split('/') {
        if part.is_empty() {
            continue;
        }
        let ok = part != "."
            && part != ".."
            && !part.contains(['\\', '\0', ':'])
            && matches!(
                Path::new(part).components().next(),
                Some(Component::Normal(_))
            );
        if !ok {
            return Err(Error::Other(format!(
                "refusing to write `{rel}`: the path would leave the output folder"
            )));
        }
        path.push(part);
        any = true;
    }
    if !any {
        return Err(Error::Other(format!(
            "refusing to write `{rel}`: empty path"
        )));
    }
    Ok(path)
}

/// Refuses an output that is the site itself, one of its source folders, or an ancestor, and
/// one that already holds something other than a built site.
fn guard(target: &Path, site_root: &Path) -> Result<()> {
    let abs = |p: &Path| std::path::absolute(p).map_or_else(|_| p.to_path_buf(), |a| normalise(&a));
    let (t, r) = (abs(target), abs(site_root));
    let sources = ["content", "templates", "themes", "static"];
    let bad = r.starts_with(&t) || sources.iter().any(|s| t.starts_with(r.join(s)));
    if bad {
        return Err(Error::Other(format!(
            "refusing to use {} as the output: it would replace the site's own files",
            target.display()
        )));
    }
    for marker in ["maillon.toml", "content", ".git", "Cargo.toml"] {
        if t.join(marker).exists() {
            return Err(Error::Other(format!(
                "refusing to replace {}: it holds `{marker}`, so it is not a built site",
                target.display()
            )));
        }
    }
    Ok(())
}

fn normalise(p: &Path) -> PathBuf {
    let mut out = PathBuf::new();
    for c in p.components() {
        match c {
            Component::ParentDir => {
                out.pop();
            }
            Component::CurDir => {}
            other => out.push(other),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn paths_cannot_escape() {
        let base = Path::new("/out");
        assert_eq!(
            safe_join(base, "a/b/index.html").unwrap(),
            Path::new("/out/a/b/index.html")
        );
        assert!(safe_join(base, "../x").is_err());
        assert!(safe_join(base, "a/../../x").is_err());
        assert!(safe_join(base, "a\\..\\x").is_err());
        assert!(safe_join(base, "").is_err());
        assert_eq!(safe_join(base, "/abs/x").unwrap(), Path::new("/out/abs/x"));
    }

    #[test]
    fn page_files() {
        assert_eq!(page_file(""), "index.html");
        assert_eq!(page_file("nl/cadre/"), "nl/cadre/index.html");
        assert_eq!(page_file("old/page.html"), "old/page.html");
    }

    #[test]
    fn a_failed_build_leaves_the_old_output() {
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path().join("site");
        std::fs::create_dir_all(&root).unwrap();
        let target = root.join("public");
        let out = Output::begin(&target, &root).unwrap();
        out.write("index.html", b"v1").unwrap();
        out.commit().unwrap();
        let out = Output::begin(&target, &root).unwrap();
        out.write("index.html", b"v2").unwrap();
        drop(out);
        assert_eq!(std::fs::read(target.join("index.html")).unwrap(), b"v1");
        assert_eq!(
            std::fs::read_dir(&root).unwrap().count(),
            1,
            "staging left behind"
        );
        assert!(Output::begin(&root, &root).is_err());
        // A staging folder of a killed build (a pid that cannot exist) is cleaned up.
        let stale = root.join(".public.maillon-4294967295");
        std::fs::create_dir_all(stale.join("x")).unwrap();
        let out = Output::begin(&target, &root).unwrap();
        drop(out);
        assert!(!stale.exists());
        assert!(Output::begin(&root.join("content/x"), &root).is_err());
    }
}
