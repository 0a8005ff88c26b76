//! `maillon new plan|practice|page PATH`: writes a new page from an archetype, so a plan starts
//! laid out as the checker reads it (one priority, its stages as sub-headings) and a practice
//! with the front matter and headings of the site's other practices.
//!
//! The archetype is the site's own `archetypes/<kind>.md` if it has one, else the built-in one
//! (`data/archetypes/<kind>.<lang>.md`, compiled in) in the page's language: the one its file
//! name gives (`liege.nl.md`), else the site's default language, else English. `{title}` and
//! `{date}` in an archetype become the title (`--title`, else the file name in words) and
//! today's date. Nothing is ever overwritten.

use std::path::{Path, PathBuf};

use include_dir::{Dir, include_dir};

use crate::config::Config;
use crate::error::{Error, Result};

use super::{NewArgs, SUCCESS};

static ARCHETYPES: Dir<'static> = include_dir!("$CARGO_MANIFEST_DIR/data/archetypes");

/// What `maillon new` can write.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub(super) enum Kind {
    /// A local security plan: one priority with its stages as sub-headings.
    Plan,
    /// A good practice: its front matter (communes, phenomena, stages, actors, partners…) and
    /// headings.
    Practice,
    /// A guidance page.
    Page,
}

impl Kind {
    fn name(self) -> &'static str {
        match self {
            Kind::Plan => "plan",
            Kind::Practice => "practice",
            Kind::Page => "page",
        }
    }
}

pub(super) fn run(args: NewArgs) -> Result<u8> {
    let root = match &args.root {
        Some(root) => root.clone(),
        None => super::check_paths::site_of(Path::new(".")).ok_or_else(|| {
            Error::Other(
                "no maillon.toml here or above: run maillon new inside a site, or give --root"
                    .into(),
            )
        })?,
    };
    let config = Config::load(&root)?;
    let rel = content_path(&args.path);
    let path = root.join("content").join(&rel);
    if path.exists() {
        return Err(Error::Other(format!(
            "{} already exists; maillon new never overwrites a file",
            path.display()
        )));
    }
    let lang = language_of(&rel, &config);
    let (archetype, from) = archetype(&root, args.kind, &lang)?;
    let title = args.title.unwrap_or_else(|| title_from(&rel));
    let text = archetype
        .replace("{title}", &title.replace('\\', "\\\\").replace('"', "\\\""))
        .replace("{date}", &today());
    if let Some(dir) = path.parent() {
        std::fs::create_dir_all(dir).map_err(|e| Error::io(dir, e))?;
    }
    std::fs::write(&path, text).map_err(|e| Error::io(&path, e))?;
    println!(
        "Created content/{} ({}, from {from}). Next: fill it in, then maillon check {}",
        rel.display(),
        args.kind.name(),
        Path::new("content").join(&rel).display()
    );
    Ok(SUCCESS)
}

/// `PATH` relative to `content/`, ending in `.md`: `content/plans/liege` and `plans/liege.md`
/// both give `plans/liege.md`.
fn content_path(path: &Path) -> PathBuf {
    let rel = path.strip_prefix("content").unwrap_or(path);
    if rel.extension().is_some_and(|e| e == "md") {
        rel.to_path_buf()
    } else {
        let mut name = rel.as_os_str().to_os_string();
        name.push(".md");
        PathBuf::from(name)
    }
}

/// The page's language: its file name's suffix (`liege.nl.md`) when the site has that
/// language, else the site's default language.
fn language_of(rel: &Path, config: &Config) -> String {
    let stem = rel.file_stem().and_then(|s| s.to_str()).unwrap_or("");
    match stem.rsplit_once('.') {
        Some((_, lang)) if config.language_codes().contains(&lang) => lang.to_string(),
        _ => config.default_language.clone(),
    }
}

/// The archetype for `kind` and where it comes from: the site's `archetypes/<kind>.md`, else
/// the built-in one in `lang`, else in English.
fn archetype(root: &Path, kind: Kind, lang: &str) -> Result<(String, String)> {
    let own = root.join("archetypes").join(format!("{}.md", kind.name()));
    if own.is_file() {
        let text = std::fs::read_to_string(&own).map_err(|e| Error::io(&own, e))?;
        return Ok((text, format!("archetypes/{}.md", kind.name())));
    }
    [lang, "en"]
        .iter()
        .find_map(|l| {
            let file = ARCHETYPES.get_file(format!("{}.{l}.md", kind.name()))?;
            let text = file.contents_utf8()?.to_string();
            Some((text, format!("the built-in {} archetype", kind.name())))
        })
        .ok_or_else(|| Error::Other(format!("no built-in archetype for {}", kind.name())))
}

/// A title from a file name: `plan-zonal-liege-2026.nl.md` → `Plan zonal liege 2026`.
fn title_from(rel: &Path) -> String {
    let stem = rel.file_stem().and_then(|s| s.to_str()).unwrap_or("page");
    let base = stem.split('.').next().unwrap_or(stem);
    let words = base.replace(['-', '_'], " ");
    let mut chars = words.trim().chars();
    match chars.next() {
        Some(first) => first.to_uppercase().chain(chars).collect(),
        None => "Page".into(),
    }
}

/// Today's date, `YYYY-MM-DD` (UTC).
fn today() -> String {
    let days = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| d.as_secs() / 86_400) as i64;
    let (y, m, d) = civil_from_days(days);
    format!("{y:04}-{m:02}-{d:02}")
}

/// The proleptic Gregorian date of a day counted from 1970-01-01 (Howard Hinnant's algorithm).
fn civil_from_days(days: i64) -> (i64, i64, i64) {
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z.rem_euclid(146_097);
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = doy - (153 * mp + 2) / 5 + 1;
    let m = if mp < 10 { mp + 3 } else { mp - 9 };
    (yoe + era * 400 + i64::from(m <= 2), m, d)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn days_become_dates() {
        assert_eq!(civil_from_days(0), (1970, 1, 1));
        assert_eq!(civil_from_days(11_016), (2000, 2, 29));
        assert_eq!(civil_from_days(20_790), (2026, 12, 3));
    }

    #[test]
    fn paths_and_titles() {
        assert_eq!(
            content_path(Path::new("content/plans/liege")),
            PathBuf::from("plans/liege.md")
        );
        assert_eq!(
            content_path(Path::new("plans/liege.nl.md")),
            PathBuf::from("plans/liege.nl.md")
        );
        assert_eq!(
            title_from(Path::new("plans/plan-zonal-liege-2026.nl.md")),
            "Plan zonal liege 2026"
        );
    }
}
