//! A tiny harness: write a site's files into a temporary folder, run the real `maillon` binary
//! on it, and read back what it wrote. Each test states its files and expectations inline.

use std::collections::BTreeMap;
use std::hash::{DefaultHasher, Hash, Hasher};
use std::path::{Path, PathBuf};
use std::process::Command;

pub(crate) struct TestSite {
    pub dir: tempfile::TempDir,
}

pub(crate) struct Run {
    pub code: i32,
    pub stdout: String,
    pub stderr: String,
}

impl Default for TestSite {
    fn default() -> Self {
        Self::new()
    }
}

impl TestSite {
    /// A site with a minimal French/Dutch `maillon.toml`.
    pub(crate) fn new() -> Self {
        let site = TestSite {
            dir: tempfile::tempdir().expect("temp dir"),
        };
        site.file(
            "maillon.toml",
            "title = \"Test\"\nbase_url = \"https://example.be/\"\n[languages.fr]\n[languages.nl]\n",
        )
    }

    /// A folder with no `maillon.toml`, in it or above: files received on their own, outside
    /// any site.
    pub(crate) fn bare() -> Self {
        let site = TestSite {
            dir: tempfile::tempdir().expect("temp dir"),
        };
        if let Some(above) = site
            .root()
            .ancestors()
            .find(|d| d.join("maillon.toml").exists())
        {
            panic!(
                "{} holds a maillon.toml: set TMPDIR to a folder outside any site",
                above.display()
            );
        }
        site
    }

    pub(crate) fn root(&self) -> &Path {
        self.dir.path()
    }

    /// Writes `text` at `rel`, creating folders.
    pub(crate) fn file(self, rel: &str, text: &str) -> Self {
        let path = self.root().join(rel);
        std::fs::create_dir_all(path.parent().expect("parent")).expect("mkdir");
        std::fs::write(&path, text).expect("write");
        self
    }

    /// Appends `toml` to the site's `maillon.toml`.
    pub(crate) fn config(self, toml: &str) -> Self {
        let path = self.root().join("maillon.toml");
        let before = std::fs::read_to_string(&path).expect("maillon.toml");
        self.file("maillon.toml", &format!("{before}{toml}"))
    }

    /// Runs `maillon <args> --root <site>`.
    pub(crate) fn run(&self, args: &[&str]) -> Run {
        let mut command = self.command(args);
        command.arg("--root").arg(self.root());
        Self::finish(command)
    }

    /// Runs `maillon <args>` in the folder, as a person would type it there (no `--root`).
    pub(crate) fn run_in(&self, args: &[&str]) -> Run {
        let mut command = self.command(args);
        command.current_dir(self.root());
        Self::finish(command)
    }

    fn command(&self, args: &[&str]) -> Command {
        let mut command = Command::new(env!("CARGO_BIN_EXE_maillon"));
        command
            .args(args)
            .env("NO_COLOR", "1")
            .env("MAILLON_CACHE_DIR", self.root().join(".cache"));
        command
    }

    fn finish(mut command: Command) -> Run {
        let out = command.output().expect("run maillon");
        Run {
            code: out.status.code().unwrap_or(-1),
            stdout: String::from_utf8_lossy(&out.stdout).into_owned(),
            stderr: String::from_utf8_lossy(&out.stderr).into_owned(),
        }
    }

    pub(crate) fn build(&self) -> Run {
        self.run(&["build"])
    }

    pub(crate) fn public(&self) -> PathBuf {
        self.root().join("public")
    }

    /// The text of an output file; panics with the folder listing if it is missing.
    pub(crate) fn read(&self, rel: &str) -> String {
        let path = self.public().join(rel);
        std::fs::read_to_string(&path).unwrap_or_else(|_| {
            panic!(
                "{rel} missing; output has:\n{}",
                listing(&self.public()).join("\n")
            )
        })
    }

    pub(crate) fn exists(&self, rel: &str) -> bool {
        self.public().join(rel).exists()
    }
}

/// Every file under `dir`, relative, sorted.
pub(crate) fn listing(dir: &Path) -> Vec<String> {
    let mut out = Vec::new();
    for entry in walkdir::WalkDir::new(dir).sort_by_file_name() {
        let Ok(entry) = entry else { continue };
        if let (true, Ok(rel)) = (entry.file_type().is_file(), entry.path().strip_prefix(dir)) {
            out.push(rel.to_string_lossy().replace('\\', "/"));
        }
    }
    out
}

/// The `<main>` element of a page, to assert on content without the theme's chrome.
pub(crate) fn main_of(html: &str) -> &str {
    let start = html.find("<main").unwrap_or(0);
    let end = html.rfind("</main>").map_or(html.len(), |e| e + 7);
    &html[start..end]
}

/// Fails, showing all of `text`, unless it contains `needle`.
#[track_caller]
pub(crate) fn assert_has(text: &str, needle: &str) {
    assert!(text.contains(needle), "`{needle}` not found in:\n{text}");
}

/// Every file under `dir` but those under `skip`, with a hash of its bytes (symbolic links
/// by their target).
pub(crate) fn tree_hashes(dir: &Path, skip: &[PathBuf]) -> BTreeMap<PathBuf, u64> {
    let mut out = BTreeMap::new();
    let walk = walkdir::WalkDir::new(dir).follow_links(false).into_iter();
    for entry in walk.filter_entry(|e| !skip.iter().any(|s| e.path().starts_with(s))) {
        let Ok(entry) = entry else { continue };
        let mut h = DefaultHasher::new();
        if entry.path_is_symlink() {
            std::fs::read_link(entry.path()).ok().hash(&mut h);
        } else if entry.file_type().is_file() {
            std::fs::read(entry.path()).ok().hash(&mut h);
        } else {
            continue;
        }
        let rel = entry.path().strip_prefix(dir).unwrap_or(entry.path());
        out.insert(rel.to_path_buf(), h.finish());
    }
    out
}
