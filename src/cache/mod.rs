//! `maillon check`'s cache: what reading and parsing each unchanged file produced last time.
//!
//! Checking a site means reading every file, because links need every page; most runs change
//! one file or none. So `check` keeps, per file, what depends on that file alone (its front
//! matter and body offset, its parse: headings, directives, internal links as written, and for
//! a plan its reading by the chain model) and, for a file whose size and modification time are
//! unchanged, takes that instead of reading, parsing and reading it as a plan again. Everything
//! that depends on other files (sections, URLs, link resolution, anchors) and every rule run
//! every time, so a cached run reports exactly what an uncached run would.
//!
//! Shaped for safety first: a file with any finding from reading or parsing is never cached (its
//! findings come from a fresh read every time); an entry is only trusted when the cache was
//! written by this very executable, for this root, with this configuration and chain model; a
//! file modified in the last two seconds is not cached (a second edit within the file system's
//! clock tick could keep its size and time); an unreadable or corrupt cache is an empty cache.
//! The file is JSON lines (a header, then one line per file): an entry is parsed only when its
//! file is found unchanged, and a person can read it. It lives in the user's cache folder
//! (`$MAILLON_CACHE_DIR`, else `$XDG_CACHE_HOME/maillon`, else `~/.cache/maillon`), never in the
//! site or its output.

use std::collections::HashSet;
use std::ops::Range;
use std::path::{Path, PathBuf};
use std::sync::Mutex;
use std::time::{Duration, SystemTime, UNIX_EPOCH};

use rayon::prelude::*;
use rustc_hash::FxHashMap as HashMap;
use serde::{Deserialize, Serialize};

mod entry;

use crate::check::{ChainModel, PlanReading};
use crate::config::Config;
use crate::content::{FrontMatter, Page, Site};
use crate::markdown::{Heading, LinkRef, Rendered};

/// Bumped whenever what an entry means changes.
const FORMAT: u32 = 3;

/// A file's size and modification time, as the file system reports them.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub(crate) struct Stamp {
    size: u64,
    /// Nanoseconds since the Unix epoch.
    modified: u128,
}

impl Stamp {
    /// The stamp of the file at `path`, if it can be read.
    pub(crate) fn of(path: &Path) -> Option<Stamp> {
        let meta = std::fs::metadata(path).ok()?;
        let modified = meta.modified().ok()?.duration_since(UNIX_EPOCH).ok()?;
        Some(Stamp {
            size: meta.len(),
            modified: modified.as_nanos(),
        })
    }
}

/// What the cache knows of one file (its path and stamp lead its line, outside the JSON, so
/// that a stale entry is recognised without being parsed).
#[derive(Debug, Serialize, Deserialize)]
struct Entry {
    /// The front matter as parsed (taxonomy keys already moved into `taxonomies`).
    #[serde(with = "entry::Kept")]
    front_matter: FrontMatter,
    /// Byte offset of the Markdown body.
    body_start: usize,
    /// The parse, when the page was parsed (drafts left out are not).
    parse: Option<Parse>,
}

/// The parts of [`Rendered`] a parse without HTML produces that the checker needs, and a plan's
/// reading instead of its blocks (which only that reading needs).
#[derive(Debug, Serialize, Deserialize)]
struct Parse {
    #[serde(with = "entry::headings")]
    headings: Vec<Heading>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    term_ids: Vec<String>,
    word_count: usize,
    plan: bool,
    reading: Option<PlanReading>,
    directives: Vec<(usize, String)>,
    #[serde(with = "entry::links")]
    links: Vec<LinkRef>,
}

impl Entry {
    /// The parse, as a [`Rendered`] marked as coming from the cache (no parse: the default).
    fn rendered(&mut self) -> Rendered {
        let Some(p) = self.parse.take() else {
            return Rendered::default();
        };
        // No table of contents: only rendering uses it, and `check` does not render.
        Rendered {
            headings: p.headings,
            term_ids: p.term_ids,
            word_count: p.word_count,
            plan: p.plan,
            directives: p.directives,
            links: p.links,
            from_cache: true,
            ..Rendered::default()
        }
    }
}

impl crate::content::Reuse for Cache {
    /// The entry of an unchanged file (its reading kept for [`Cache::reading`]).
    fn take(&self, rel: &str, on_disk: &Path) -> Option<crate::content::Known> {
        let mut entry = self.entry(rel, on_disk)?;
        let rendered = entry.rendered();
        Some(crate::content::Known {
            front_matter: entry.front_matter,
            body_start: entry.body_start,
            rendered,
        })
    }
}

/// What identifies the cache's writer: a cache written by another executable, for another
/// root or with another configuration, is not trusted.
#[derive(Debug, PartialEq, Serialize, Deserialize)]
struct Header {
    format: u32,
    version: String,
    executable: Option<Stamp>,
    root: PathBuf,
    config: String,
    model: String,
}

/// The cache of one site, loaded.
pub(crate) struct Cache {
    path: PathBuf,
    /// What identifies this run (written at the top of the file when it is saved).
    header: Header,
    /// What identified the run that wrote the file, if it could be read.
    written: Option<Header>,
    /// The file as read: entries are parsed only when their file is found unchanged, and
    /// written back as they were.
    text: String,
    /// rel → (its stamp, the range of its whole line in `text`, the range of its entry).
    lines: HashMap<String, (Stamp, Range<usize>, Range<usize>)>,
    /// The stamp of every file looked up, by rel.
    stamps: Mutex<HashMap<String, Stamp>>,
    /// Readings of the unchanged plans, by rel, until the checker takes them.
    readings: Mutex<HashMap<String, PlanReading>>,
}

impl Cache {
    /// The cache for the site at `root` with `config` as last written, its entries not yet
    /// trusted (see [`Cache::trusted`]): reading it needs no chain model, so it is read while
    /// the model is built. `None` when there is no cache folder to keep it in.
    pub(crate) fn read(root: &Path, config: &Config) -> Option<Cache> {
        let root = std::fs::canonicalize(root).ok()?;
        let path = folder()?.join(format!(
            "check-{:016x}.jsonl",
            crate::hash::fnv1a(root.as_os_str().as_encoded_bytes())
        ));
        let header = Header {
            format: FORMAT,
            version: env!("CARGO_PKG_VERSION").to_string(),
            executable: std::env::current_exe().ok().and_then(|p| Stamp::of(&p)),
            root,
            config: format!("{config:?}"),
            model: String::new(),
        };
        let text = std::fs::read_to_string(&path).unwrap_or_default();
        let (written, lines) = index(&text);
        Some(Cache {
            path,
            header,
            written,
            text,
            lines,
            stamps: Mutex::default(),
            readings: Mutex::default(),
        })
    }

    /// The cache with its entries kept only if it was written by this very executable, for this
    /// root, with this configuration and `model`; else empty.
    pub(crate) fn trusted(mut self, model: &ChainModel) -> Cache {
        self.header.model.clone_from(&model.fingerprint);
        if self.written.as_ref() != Some(&self.header) {
            self.lines.clear();
        }
        self
    }

    /// The entry for `rel` if the file at `path` is unchanged since it was cached. Notes the
    /// file's stamp either way, so that what is read now can be cached.
    fn entry(&self, rel: &str, path: &Path) -> Option<Entry> {
        let stamp = Stamp::of(path)?;
        lock(&self.stamps).insert(rel.to_string(), stamp);
        let (cached, _, entry) = self.lines.get(rel)?;
        if *cached != stamp {
            return None;
        }
        let mut entry: Entry = serde_json::from_str(&self.text[entry.clone()]).ok()?;
        if let Some(parse) = entry.parse.as_mut().filter(|p| p.plan) {
            // A plan is only of use with its reading (its blocks are not kept).
            let reading = parse.reading.take()?;
            lock(&self.readings).insert(rel.to_string(), reading);
        }
        Some(entry)
    }

    /// The reading of `page` as a plan, if the page is an unchanged plan taken from the cache
    /// (not parsed again in this run).
    pub(crate) fn reading(&self, page: &Page) -> Option<PlanReading> {
        if !(page.rendered.from_cache && page.rendered.plan) {
            return None;
        }
        lock(&self.readings).remove(&page.rel)
    }

    /// Writes the cache back for the pages of `site` and their `readings` (by page index),
    /// leaving out the `flagged` files (those with findings from reading or parsing). Writes
    /// nothing when every file was unchanged. Failing to write is not an error: the next run
    /// reads the files again.
    pub(crate) fn save(
        self,
        site: &Site,
        flagged: &HashSet<PathBuf>,
        readings: &[Option<PlanReading>],
    ) {
        let stamps = self.stamps.into_inner().unwrap_or_else(|e| e.into_inner());
        let settled = SystemTime::now()
            .checked_sub(Duration::from_secs(2))
            .and_then(|t| t.duration_since(UNIX_EPOCH).ok())
            .map_or(0, |d| d.as_nanos());
        let kept: Vec<(&Page, Stamp, Option<&PlanReading>)> = site
            .pages
            .iter()
            .zip(
                readings
                    .iter()
                    .map(Option::as_ref)
                    .chain(std::iter::repeat(None)),
            )
            .filter(|(p, _)| !p.synthetic && !flagged.contains(&p.file.path))
            .filter_map(|(p, r)| Some((p, *stamps.get(&p.rel)?, r)))
            .filter(|(p, stamp, _)| p.rendered.from_cache || stamp.modified <= settled)
            .collect();
        let unchanged =
            kept.len() == self.lines.len() && kept.iter().all(|(p, _, _)| p.rendered.from_cache);
        if unchanged {
            return;
        }
        let lines: Vec<String> = kept
            .par_iter()
            .filter_map(|&(page, stamp, reading)| {
                if page.rendered.from_cache {
                    let (_, line, _) = self.lines.get(&page.rel)?;
                    return Some(self.text[line.clone()].to_string());
                }
                let rel = serde_json::to_string(&page.rel).ok()?;
                let entry = serde_json::to_string(&entry_of(page, reading)).ok()?;
                Some(format!(
                    "{rel}\t{}\t{}\t{entry}",
                    stamp.size, stamp.modified
                ))
            })
            .collect();
        let Ok(header) = serde_json::to_string(&self.header) else {
            return;
        };
        let mut out = String::with_capacity(self.text.len().max(4096));
        out.push_str(&header);
        out.push('\n');
        for line in lines {
            out.push_str(&line);
            out.push('\n');
        }
        if let Some(dir) = self.path.parent() {
            let _ = std::fs::create_dir_all(dir);
        }
        let staging = self
            .path
            .with_extension(format!("tmp{}", std::process::id()));
        if std::fs::write(&staging, out).is_ok() && std::fs::rename(&staging, &self.path).is_err() {
            let _ = std::fs::remove_file(&staging);
        }
    }
}

/// The entry describing `page` as it was read, parsed and read as a plan in this run.
fn entry_of(page: &Page, reading: Option<&PlanReading>) -> Entry {
    let r = &page.rendered;
    Entry {
        front_matter: page.meta.clone(),
        body_start: page.body_start,
        parse: Some(Parse {
            headings: r.headings.clone(),
            term_ids: r.term_ids.clone(),
            word_count: r.word_count,
            plan: r.plan,
            reading: reading.filter(|_| r.plan).cloned(),
            directives: r.directives.clone(),
            links: r.links.clone(),
        }),
    }
}

/// The header of a cache file's `text` and its lines by rel. A line is
/// `"rel" TAB size TAB modified TAB {entry}`; a line that does not read so is skipped.
#[allow(clippy::type_complexity)]
fn index(
    text: &str,
) -> (
    Option<Header>,
    HashMap<String, (Stamp, Range<usize>, Range<usize>)>,
) {
    let mut lines = HashMap::default();
    let Some((first, _)) = text.split_once('\n') else {
        return (None, lines);
    };
    let Ok(header) = serde_json::from_str::<Header>(first) else {
        return (None, lines);
    };
    let mut start = first.len() + 1;
    // Lines found with `memchr`: the file is tens of megabytes at ten thousand pages.
    while start < text.len() {
        let end =
            memchr::memchr(b'\n', &text.as_bytes()[start..]).map_or(text.len(), |n| start + n);
        let line = &text[start..end];
        let mut fields = line.splitn(4, '\t');
        let parsed = (|| {
            let rel: String = serde_json::from_str(fields.next()?).ok()?;
            let size = fields.next()?.parse().ok()?;
            let modified = fields.next()?.parse().ok()?;
            let entry = fields.next()?;
            Some((rel, Stamp { size, modified }, end - entry.len()))
        })();
        if let Some((rel, stamp, entry_start)) = parsed {
            lines.insert(rel, (stamp, start..end, entry_start..end));
        }
        start = end + 1;
    }
    (Some(header), lines)
}

/// Where caches are kept, if anywhere: `$MAILLON_CACHE_DIR` (empty: nowhere), else
/// `$XDG_CACHE_HOME/maillon`, else `$HOME/.cache/maillon`.
fn folder() -> Option<PathBuf> {
    let set = |name| std::env::var_os(name).filter(|v| !v.is_empty());
    if let Some(dir) = std::env::var_os("MAILLON_CACHE_DIR") {
        return (!dir.is_empty()).then(|| PathBuf::from(dir));
    }
    if let Some(dir) = set("XDG_CACHE_HOME") {
        return Some(PathBuf::from(dir).join("maillon"));
    }
    set("HOME").map(|home| PathBuf::from(home).join(".cache").join("maillon"))
}

fn lock<T>(m: &Mutex<T>) -> std::sync::MutexGuard<'_, T> {
    m.lock().unwrap_or_else(|e| e.into_inner())
}

#[cfg(test)]
mod tests {
    use crate::content::front_matter;
    use crate::source::SourceFile;

    /// Every front matter a page can have survives the cache's JSON: TOML dates, nested
    /// `extra`, unknown keys, checks.
    #[test]
    fn front_matter_survives_the_round_trip() {
        let text = "+++\ntitle = \"Plan\"\ndate = 2024-03-01\nupdated = 2024-04-02T10:00:00Z\nkind = \"plan\"\npriorities = [\"Vols\"]\nlastmod = 2020-01-01\n[taxonomies]\ncommunes = [\"Liège\"]\n[extra]\nperiod = \"2020-2025\"\nbudget = { euros = 12000.5, items = [1, \"deux\"] }\n[checks]\nallow = [{ rule = \"chain/missing-stage\", reason = \"phase 2\" }]\n+++\nBody\n";
        let file = SourceFile::new("content/a.md".into(), text.into());
        let parsed = front_matter::parse(&file, &["communes"]);
        assert!(parsed.diagnostics.is_empty(), "{:?}", parsed.diagnostics);
        let json = serde_json::to_string(&parsed.front_matter).expect("serialise");
        let back: front_matter::FrontMatter = serde_json::from_str(&json).expect("deserialise");
        assert_eq!(
            format!("{back:?}"),
            format!("{:?}", parsed.front_matter),
            "{json}"
        );
        assert_eq!(
            back.date.and_then(|d| d.day()).as_deref(),
            Some("2024-03-01")
        );
    }
}
