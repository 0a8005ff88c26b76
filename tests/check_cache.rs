//! `maillon check`'s cache of unchanged files: a cached run reports exactly what a run that reads
//! everything reports, after every kind of change (an edit, a deleted link target, a section
//! that makes its pages plans, a new configuration, a corrupt cache), and an unchanged file is
//! really taken from the cache.

use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::{Duration, SystemTime};

/// A copy of the bundled site whose files were all last modified an hour ago (files modified in
/// the last two seconds are never cached), with its own cache folder.
struct Copy {
    dir: tempfile::TempDir,
}

impl Copy {
    fn new() -> Copy {
        let dir = tempfile::tempdir().expect("temp dir");
        let repo = Path::new(env!("CARGO_MANIFEST_DIR"));
        copy_tree(&repo.join("content"), &dir.path().join("site/content"));
        std::fs::copy(
            repo.join("maillon.toml"),
            dir.path().join("site/maillon.toml"),
        )
        .expect("copy maillon.toml");
        let copy = Copy { dir };
        for file in files(&copy.root()) {
            age(&file, 3600);
        }
        copy
    }

    fn root(&self) -> PathBuf {
        self.dir.path().join("site")
    }

    fn cache_dir(&self) -> PathBuf {
        self.dir.path().join("cache")
    }

    /// `maillon check --format json [extra]`: its exit code and output.
    fn check(&self, extra: &[&str]) -> (i32, String) {
        let out = Command::new(env!("CARGO_BIN_EXE_maillon"))
            .args(["check", "--format", "json"])
            .args(extra)
            .arg("--root")
            .arg(self.root())
            .env("MAILLON_CACHE_DIR", self.cache_dir())
            .output()
            .expect("run maillon");
        assert!(
            out.stderr.is_empty() || !String::from_utf8_lossy(&out.stderr).contains("panicked"),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
        (
            out.status.code().unwrap_or(-1),
            String::from_utf8_lossy(&out.stdout).into_owned(),
        )
    }

    /// Checks with the cache twice (filling it, then using it) and once without, and asserts
    /// the three agree; returns the output.
    fn check_agrees(&self) -> String {
        let filled = self.check(&[]);
        let cached = self.check(&[]);
        let fresh = self.check(&["--no-cache"]);
        assert_eq!(filled, fresh, "the run filling the cache differs");
        assert_eq!(cached, fresh, "the run using the cache differs");
        fresh.1
    }

    /// Cached entries: the cache file's lines after its header.
    fn entries(&self) -> usize {
        let Ok(list) = std::fs::read_dir(self.cache_dir()) else {
            return 0;
        };
        list.filter_map(Result::ok)
            .filter_map(|e| std::fs::read_to_string(e.path()).ok())
            .map(|t| t.lines().count().saturating_sub(1))
            .sum()
    }

    fn path(&self, rel: &str) -> PathBuf {
        self.root().join(rel)
    }

    /// Replaces `from` by `to` in `rel`, dating the file `seconds_ago`.
    fn edit(&self, rel: &str, from: &str, to: &str, seconds_ago: u64) {
        let path = self.path(rel);
        let text = std::fs::read_to_string(&path).expect("read");
        assert!(text.contains(from), "{rel} has no {from:?}");
        std::fs::write(&path, text.replacen(from, to, 1)).expect("write");
        age(&path, seconds_ago);
    }
}

fn copy_tree(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).expect("mkdir");
    for entry in std::fs::read_dir(from)
        .expect("read dir")
        .filter_map(Result::ok)
    {
        let target = to.join(entry.file_name());
        if entry.path().is_dir() {
            copy_tree(&entry.path(), &target);
        } else {
            std::fs::copy(entry.path(), &target).expect("copy");
        }
    }
}

fn files(dir: &Path) -> Vec<PathBuf> {
    let mut out = Vec::new();
    for entry in std::fs::read_dir(dir)
        .expect("read dir")
        .filter_map(Result::ok)
    {
        if entry.path().is_dir() {
            out.extend(files(&entry.path()));
        } else {
            out.push(entry.path());
        }
    }
    out
}

fn age(path: &Path, seconds_ago: u64) {
    let when = SystemTime::now() - Duration::from_secs(seconds_ago);
    std::fs::File::options()
        .write(true)
        .open(path)
        .and_then(|f| f.set_modified(when))
        .expect("set mtime");
}

fn count(json: &str, rule: &str) -> usize {
    json.matches(&format!("\"rule\": \"{rule}\"")).count()
}

#[test]
fn a_cached_run_reports_what_a_full_run_reports() {
    let site = Copy::new();
    let out = site.check_agrees();
    assert!(count(&out, "chain/missing-stage") > 0, "{out}");
    assert!(
        site.entries() > 30,
        "unchanged files are cached: {} entries",
        site.entries()
    );
}

#[test]
fn the_cache_is_really_used_for_an_unchanged_file() {
    let site = Copy::new();
    let (_, before) = site.check(&[]);
    // Same size, same time, different words: only a run that did not read the file misses it.
    let rel = "content/plans/pssp-hautmont-sur-sambre-2020-2025.md";
    let path = site.path(rel);
    let when = std::fs::metadata(&path)
        .and_then(|m| m.modified())
        .expect("mtime");
    let text = std::fs::read_to_string(&path).expect("read");
    let changed = text.replacen("### Suivi", "### Xxxxx", 1);
    assert_ne!(text, changed, "{rel} has a follow-up heading");
    assert_eq!(text.len(), changed.len());
    std::fs::write(&path, changed).expect("write");
    std::fs::File::options()
        .write(true)
        .open(&path)
        .and_then(|f| f.set_modified(when))
        .expect("set mtime");
    let (_, cached) = site.check(&[]);
    let (_, fresh) = site.check(&["--no-cache"]);
    assert_eq!(before, cached, "the unchanged stamp was trusted");
    assert_ne!(cached, fresh, "reading the file sees the edit");
}

#[test]
fn an_edit_is_seen_through_the_cache() {
    let site = Copy::new();
    let before = site.check_agrees();
    site.edit(
        "content/plans/pssp-hautmont-sur-sambre-2020-2025.md",
        "### Suivi",
        "### Autre chose",
        600,
    );
    let after = site.check_agrees();
    let about = |json: &str| {
        json.matches("\"file\": \"content/plans/pssp-hautmont-sur-sambre-2020-2025.md\"")
            .count()
    };
    assert!(
        about(&after) > about(&before),
        "a follow-up heading renamed is a finding: {after}"
    );
    // A file edited just now is read, not cached, until it has settled.
    site.edit(
        "content/plans/pssp-hautmont-sur-sambre-2020-2025.md",
        "### Autre chose",
        "### Suivi",
        0,
    );
    assert_eq!(site.check_agrees(), before);
}

#[test]
fn a_deleted_link_target_breaks_the_links_of_cached_pages() {
    let site = Copy::new();
    let before = site.check_agrees();
    assert_eq!(count(&before, "links/broken"), 0, "{before}");
    std::fs::remove_file(site.path("content/cadre/chaine-de-securite.md"))
        .expect("remove linked page");
    let after = site.check_agrees();
    assert!(count(&after, "links/broken") > 0, "{after}");
}

#[test]
fn pages_that_become_plans_are_read_as_plans() {
    let site = Copy::new();
    let before = site.check_agrees();
    site.edit(
        "content/bonnes-pratiques/_index.md",
        "page_kind: practice",
        "page_kind: plan",
        600,
    );
    let after = site.check_agrees();
    assert_ne!(before, after, "practices read as plans have other findings");
}

#[test]
fn a_new_configuration_or_a_corrupt_cache_starts_afresh() {
    let site = Copy::new();
    site.check_agrees();
    let toml = site.path("maillon.toml");
    let text = std::fs::read_to_string(&toml).expect("read");
    std::fs::write(&toml, format!("{text}\n[chain]\nmodel = \"nl-5\"\n")).expect("write");
    age(&toml, 600);
    let nl5 = site.check_agrees();
    assert!(
        nl5.contains("\"stage\": \"proaction\""),
        "nl-5 has a proaction stage: {nl5}"
    );
    for entry in std::fs::read_dir(site.cache_dir())
        .expect("cache dir")
        .filter_map(Result::ok)
    {
        std::fs::write(entry.path(), "{not json\n\"x\"\t1\t2\t{}\n").expect("corrupt");
    }
    assert_eq!(site.check_agrees(), nl5);
}

#[test]
fn an_edited_chain_model_file_starts_afresh() {
    let site = Copy::new();
    let model = std::fs::read_to_string(
        Path::new(env!("CARGO_MANIFEST_DIR")).join("data/chains/be-3.toml"),
    )
    .expect("bundled model");
    std::fs::write(site.path("model.toml"), &model).expect("write model");
    let toml = site.path("maillon.toml");
    let text = std::fs::read_to_string(&toml).expect("read");
    std::fs::write(&toml, format!("{text}\n[chain]\nmodel = \"model.toml\"\n")).expect("write");
    for file in [site.path("model.toml"), toml] {
        age(&file, 600);
    }
    let before = site.check_agrees();
    // Without its French priority words, French plans are read as a whole: other findings.
    let edited = model.replace(
        "priorities.fr = [\"priorité\",",
        "priorities.fr = [\"axe\",",
    );
    assert_ne!(edited, model);
    std::fs::write(site.path("model.toml"), edited).expect("write model");
    age(&site.path("model.toml"), 300);
    let after = site.check_agrees();
    assert_ne!(before, after);
}
