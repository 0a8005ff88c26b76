//! Front matter: the YAML (`---`) or TOML (`+++`) block at the top of a content file.
//!
//! Both formats deserialize into one [`FrontMatter`] struct, so the rest of the pipeline never
//! knows which one an author chose. Parse errors become diagnostics positioned in the file (the
//! parsers' positions are relative to the block, so the block's first line is added). Keys that
//! maillon does not know are reported as warnings rather than errors: sites moving in from Zola
//! or Hugo carry fields of their own, and a warning names them without blocking the move.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

use crate::diagnostic::Diagnostic;
use crate::source::{Position, SourceFile};

/// The kind of a page, which picks its template and whether the checker treats it as a plan.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default, Deserialize, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum PageKind {
    /// Framework texts and explanations (the default).
    #[default]
    Guidance,
    /// A good practice of a commune or police zone.
    Practice,
    /// A local security plan.
    Plan,
}

impl PageKind {
    /// The lowercase name used in templates and front matter.
    pub fn as_str(self) -> &'static str {
        match self {
            PageKind::Guidance => "guidance",
            PageKind::Practice => "practice",
            PageKind::Plan => "plan",
        }
    }
}

/// How a section orders its pages.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Deserialize, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum SortBy {
    /// By `weight`, then title (the default).
    #[default]
    Weight,
    /// Newest `date` first; undated pages last.
    Date,
    /// By title, accents folded.
    Title,
    /// Accepted for Zola sites: same as `weight`.
    None,
}

/// A date as written: a string (`2024-03-01`, YAML) or a TOML date.
#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(untagged)]
pub enum DateValue {
    /// `"2024-03-01"` or `"2024-03-01T10:00:00Z"`.
    Text(String),
    /// An unquoted TOML date or date-time.
    Toml(toml::value::Datetime),
}

impl DateValue {
    /// The `YYYY-MM-DD` day, if the value starts with a valid date.
    pub fn day(&self) -> Option<String> {
        let text = match self {
            DateValue::Text(s) => s.trim().to_string(),
            DateValue::Toml(d) => d.to_string(),
        };
        let day = text.get(..10)?;
        let b = day.as_bytes();
        let digits = |r: std::ops::Range<usize>| b[r].iter().all(u8::is_ascii_digit);
        let ok = digits(0..4) && b[4] == b'-' && digits(5..7) && b[7] == b'-' && digits(8..10);
        // Only digits and hyphens from here: the slices below fall on character boundaries.
        if !ok {
            return None;
        }
        let month: u32 = day[5..7].parse().ok()?;
        let dom: u32 = day[8..10].parse().ok()?;
        ((1..=12).contains(&month) && (1..=31).contains(&dom)).then(|| day.to_string())
    }
}

/// One `checks.allow` entry (used by the checker).
#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct Allow {
    /// Rule id to silence on this page.
    pub rule: String,
    /// Why; required.
    pub reason: String,
}

/// Per-page checker settings.
#[derive(Debug, Clone, Default, Deserialize, Serialize)]
#[serde(deny_unknown_fields, default)]
pub struct Checks {
    /// Rules silenced on this page, each with a reason.
    pub allow: Vec<Allow>,
}

/// Every field a page or section may set (the README's "Front matter" lists them).
#[derive(Debug, Clone, Default, Deserialize, Serialize)]
#[serde(default)]
pub struct FrontMatter {
    /// The page's title (required).
    pub title: Option<String>,
    /// One or two sentences, for lists, feeds and `<meta name="description">`.
    pub description: Option<String>,
    /// When it was published.
    pub date: Option<DateValue>,
    /// When it was last updated.
    pub updated: Option<DateValue>,
    /// Left out of builds unless `--drafts`.
    pub draft: bool,
    /// The last segment of its URL, instead of the file name's.
    pub slug: Option<String>,
    /// Its place in lists sorted by weight.
    pub weight: Option<i64>,
    /// Old URL paths redirecting to it.
    pub aliases: Vec<String>,
    /// The template to render it with.
    pub template: Option<String>,
    /// `guidance`, `practice` or `plan` (else its section's `page_kind`).
    pub kind: Option<PageKind>,
    /// Terms per taxonomy (`phenomena`, `stages`, `communes`…).
    pub taxonomies: BTreeMap<String, Vec<String>>,
    /// Free data, for templates and custom rules.
    pub extra: serde_json::Map<String, serde_json::Value>,
    /// Plans: priorities named in front matter, matched to `##` headings by text.
    pub priorities: Vec<String>,
    /// Suppressions of findings, with their reasons.
    pub checks: Checks,
    /// Sections: how their pages are sorted.
    pub sort_by: Option<SortBy>,
    /// Sections: pages per list page.
    pub paginate_by: Option<usize>,
    /// Sections: the kind of their pages.
    pub page_kind: Option<PageKind>,
    /// Top-level sections: whether the site's menu shows it (see the render stage's menu).
    pub in_menu: Option<bool>,
    /// Keys maillon does not know, reported as warnings.
    #[serde(flatten)]
    pub unknown: BTreeMap<String, serde_json::Value>,
}

/// The plan and practice fields of `extra` that authors also write at the top level
/// (`period: "2020-2025"` beside `title`): read as if written under `extra`.
const EXTRA_AT_TOP: &[&str] = &[
    "period",
    "zone",
    "plan_type",
    "approved_by",
    "partners",
    "results",
    "contact",
    "source",
];

/// Zola and Hugo fields accepted without a warning, and ignored.
const TOLERATED: &[&str] = &[
    // Zola
    "authors",
    "in_search_index",
    "render",
    "transparent",
    "insert_anchor_links",
    "generate_feeds",
    "page_template",
    "path",
    "redirect_to",
    // Hugo
    "author",
    "build",
    "cascade",
    "headless",
    "images",
    "isCJKLanguage",
    "keywords",
    "lastmod",
    "layout",
    "linkTitle",
    "markup",
    "menu",
    "outputs",
    "params",
    "publishDate",
    "expiryDate",
    "resources",
    "sitemap",
    "summary",
    "toc",
    "translationKey",
    "type",
    "url",
];

/// The result of splitting and parsing one file's front matter.
pub struct Parsed {
    /// The fields (defaults where the block was missing or invalid).
    pub front_matter: FrontMatter,
    /// Byte offset in the file where the Markdown body starts.
    pub body_start: usize,
    /// Errors and warnings about the block.
    pub diagnostics: Vec<Diagnostic>,
    /// Whether the block failed to parse (its fields are then defaults, not the author's).
    pub invalid: bool,
}

/// Splits `file` into front matter and body, and parses the front matter. A top-level key named
/// like one of `taxonomies` (Hugo writes `tags = [...]` there) is read as that taxonomy.
pub fn parse(file: &SourceFile, taxonomies: &[&str]) -> Parsed {
    let text = file.text();
    let mut diagnostics = Vec::new();
    let Some(block) = split(text) else {
        return Parsed {
            front_matter: FrontMatter::default(),
            body_start: text.strip_prefix('\u{feff}').map_or(0, |_| 3),
            diagnostics,
            invalid: false,
        };
    };
    let result: Result<FrontMatter, (Option<usize>, String)> = match block.format {
        Format::Yaml => {
            serde_saphyr::from_str::<FrontMatter>(&text[block.inner.clone()]).map_err(|e| {
                let inner = e.without_snippet();
                let offset = inner.location().map(|l| {
                    let line = l.line() as usize;
                    let col = l.column() as usize;
                    offset_of(&text[block.inner.clone()], line, col) + block.inner.start
                });
                (offset, first_line(&strip_location(&inner.to_string())))
            })
        }
        Format::Toml => toml::from_str::<FrontMatter>(&text[block.inner.clone()]).map_err(|e| {
            (
                e.span().map(|s| s.start + block.inner.start),
                first_line(e.message()),
            )
        }),
    };
    let invalid = result.is_err();
    let mut front_matter = match result {
        Ok(fm) => fm,
        Err((offset, message)) => {
            let at = file.position(offset.unwrap_or(block.open));
            diagnostics.push(
                Diagnostic::of(
                    &crate::rule::FRONT_MATTER_INVALID,
                    &file.path,
                    at,
                    format!("invalid front matter: {message}"),
                )
                .with_help(
                    "front matter is YAML between `---` lines or TOML between `+++` lines; the README (Front matter) lists the fields",
                ),
            );
            FrontMatter::default()
        }
    };
    let keys: Vec<String> = front_matter.unknown.keys().cloned().collect();
    for key in keys {
        if taxonomies.contains(&key.as_str()) && !front_matter.taxonomies.contains_key(&key) {
            let terms = front_matter.unknown.remove(&key).and_then(|v| terms_of(&v));
            if let Some(terms) = terms {
                front_matter.taxonomies.insert(key, terms);
                continue;
            }
        }
        if EXTRA_AT_TOP.contains(&key.as_str()) && !front_matter.extra.contains_key(&key) {
            if let Some(value) = front_matter.unknown.remove(&key) {
                front_matter.extra.insert(key, value);
            }
            continue;
        }
        if TOLERATED.contains(&key.as_str()) {
            continue;
        }
        let key = key.as_str();
        let at = find_key(text, block.inner.clone(), key)
            .map_or(file.position(block.open), |o| file.position(o));
        diagnostics.push(
            Diagnostic::of(
                &crate::rule::FRONT_MATTER_UNKNOWN_FIELD,
                &file.path,
                at,
                format!("unknown front matter field `{key}`; it is ignored"),
            )
            .with_help("free data belongs under `extra`, which templates read as `page.extra`"),
        );
    }
    Parsed {
        front_matter,
        body_start: block.body_start,
        diagnostics,
        invalid,
    }
}

/// A list of strings (or a single string) as taxonomy terms.
fn terms_of(value: &serde_json::Value) -> Option<Vec<String>> {
    match value {
        serde_json::Value::String(s) => Some(vec![s.clone()]),
        serde_json::Value::Array(items) => items
            .iter()
            .map(|i| i.as_str().map(str::to_string))
            .collect(),
        _ => None,
    }
}

enum Format {
    Yaml,
    Toml,
}

struct Block {
    format: Format,
    /// Offset of the opening fence.
    open: usize,
    /// The text between the fences.
    inner: std::ops::Range<usize>,
    body_start: usize,
}

/// Whether `text` opens with a front matter block (valid or not): plans converted from Word
/// often have none, which a check of a file on its own accepts.
pub fn present(text: &str) -> bool {
    split(text).is_some()
}

/// The front matter block of `text`: after a byte-order mark and blank lines, if any (Zola
/// reads a block that follows blank lines, and sites moving in have such pages), a `---` or
/// `+++` line, then the lines up to the same fence.
fn split(text: &str) -> Option<Block> {
    let bom = if text.starts_with('\u{feff}') { 3 } else { 0 };
    let blank = text[bom..].len()
        - text[bom..]
            .trim_start_matches(['\n', '\r', ' ', '\t'])
            .len();
    // Back to the start of the line the fence is on (blanks before it on its line are not
    // allowed: the fence must open its line).
    let open = bom + text[bom..bom + blank].rfind('\n').map_or(0, |n| n + 1);
    let rest = &text[open..];
    let (fence, format) = if rest.starts_with("---") {
        ("---", Format::Yaml)
    } else if rest.starts_with("+++") {
        ("+++", Format::Toml)
    } else {
        return None;
    };
    let first_break = rest.find('\n')?;
    if rest[..first_break].trim_end() != fence {
        return None;
    }
    let inner_start = open + first_break + 1;
    let mut pos = inner_start;
    for line in text[inner_start..].split_inclusive('\n') {
        if line.trim_end() == fence {
            return Some(Block {
                format,
                open,
                inner: inner_start..pos,
                body_start: pos + line.len(),
            });
        }
        pos += line.len();
    }
    None
}

/// Byte offset of 1-based `line`, 1-based character `col` inside `text`.
fn offset_of(text: &str, line: usize, col: usize) -> usize {
    let mut offset = 0;
    for (i, l) in text.split_inclusive('\n').enumerate() {
        if i + 1 == line {
            return offset
                + l.char_indices()
                    .nth(col.saturating_sub(1))
                    .map_or(l.len(), |(b, _)| b);
        }
        offset += l.len();
    }
    offset
}

fn find_key(text: &str, range: std::ops::Range<usize>, key: &str) -> Option<usize> {
    let mut pos = range.start;
    for line in text[range].split_inclusive('\n') {
        let trimmed = line.trim_start();
        if trimmed.starts_with(key) && trimmed[key.len()..].trim_start().starts_with([':', '=']) {
            return Some(pos + (line.len() - trimmed.len()));
        }
        pos += line.len();
    }
    None
}

fn first_line(message: &str) -> String {
    message.trim().lines().next().unwrap_or("").to_string()
}

/// serde-saphyr appends " at line X column Y"; the position is shown separately.
fn strip_location(message: &str) -> String {
    match message.find(" at line ") {
        Some(i) => message[..i].to_string(),
        None => message.to_string(),
    }
}

/// A position for diagnostics about the whole front matter (line 1, column 1).
pub fn top() -> Position {
    Position { line: 1, column: 1 }
}

/// Where the front matter of `file` first sets `field` (`field:` in YAML, `field =` in TOML,
/// at the start of a line, indented or not: `tags` may sit under `taxonomies`), else [`top`]:
/// a finding about one field points at its line.
pub fn field(file: &SourceFile, field: &str) -> Position {
    let text = file.text();
    let mut delimiters = 0;
    for (i, line) in text.lines().enumerate().take(500) {
        let trimmed = line.trim_start_matches('\u{feff}').trim_end();
        if trimmed == "---" || trimmed == "+++" {
            delimiters += 1;
            if delimiters == 2 {
                break;
            }
            continue;
        }
        if delimiters == 1
            && let Some(rest) = line.trim_start().strip_prefix(field)
            && matches!(rest.trim_start().chars().next(), Some(':' | '='))
        {
            return Position {
                line: i + 1,
                column: 1,
            };
        }
    }
    top()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_date_with_a_letter_of_two_bytes_is_no_date() {
        // Found by fuzzing: the month's slice fell inside `é`.
        assert_eq!(DateValue::Text("2024-1é-01".into()).day(), None);
        assert_eq!(DateValue::Text("2024-13-01".into()).day(), None);
        assert_eq!(
            DateValue::Text("2024-12-01T10:00".into()).day().as_deref(),
            Some("2024-12-01")
        );
    }
    use std::path::Path;

    fn parse_text(text: &str) -> Parsed {
        parse(
            &SourceFile::new(Path::new("content/a.md").into(), text.into()),
            &["tags"],
        )
    }

    #[test]
    fn a_block_after_blank_lines_is_front_matter_but_not_an_indented_fence() {
        let p = parse_text("\n\n+++\ntitle = \"Après un blanc\"\n+++\nCorps.\n");
        assert_eq!(p.front_matter.title.as_deref(), Some("Après un blanc"));
        assert!(p.diagnostics.is_empty(), "{:?}", p.diagnostics);
        assert_eq!(
            &"\n\n+++\ntitle = \"Après un blanc\"\n+++\nCorps.\n"[p.body_start..],
            "Corps.\n"
        );
        assert!(!present("\n  +++\ntitle = \"x\"\n+++\n"));
        assert!(present("\u{feff}\r\n---\ntitle: x\n---\n"));
    }

    #[test]
    fn yaml_and_toml_give_the_same_fields() {
        let y = parse_text(
            "---\ntitle: Plan\ndate: 2024-03-01\ntaxonomies:\n  stages: [suivi]\n---\nbody\n",
        );
        let t = parse_text(
            "+++\ntitle = \"Plan\"\ndate = 2024-03-01\n[taxonomies]\nstages = [\"suivi\"]\n+++\nbody\n",
        );
        for p in [&y, &t] {
            assert!(p.diagnostics.is_empty(), "{:?}", p.diagnostics);
            assert_eq!(p.front_matter.title.as_deref(), Some("Plan"));
            assert_eq!(
                p.front_matter
                    .date
                    .as_ref()
                    .and_then(DateValue::day)
                    .as_deref(),
                Some("2024-03-01")
            );
            assert_eq!(p.front_matter.taxonomies["stages"], vec!["suivi"]);
        }
        assert_eq!(&y.body_start, &(y.body_start));
        assert!(y.body_start > 0 && t.body_start > 0);
    }

    #[test]
    fn errors_are_positioned_in_the_file() {
        let p = parse_text("---\ntitle: Plan\nweight: [oops\n---\n");
        assert_eq!(p.diagnostics.len(), 1);
        assert_eq!(p.diagnostics[0].rule, "front-matter/invalid");
        assert!(p.diagnostics[0].line >= 3, "{:?}", p.diagnostics[0]);
        let p = parse_text("+++\ntitle = \"x\"\nweight = \"heavy\"\n+++\n");
        assert_eq!(p.diagnostics[0].line, 3, "{:?}", p.diagnostics[0]);
    }

    #[test]
    fn hugo_style_top_level_taxonomies_are_read() {
        let p = parse_text("+++\ntitle = \"x\"\ntags = [\"a\", \"b\"]\nlinkTitle = \"X\"\n+++\n");
        assert!(p.diagnostics.is_empty(), "{:?}", p.diagnostics);
        assert_eq!(p.front_matter.taxonomies["tags"], vec!["a", "b"]);
    }

    #[test]
    fn plan_fields_written_at_the_top_are_read_as_extra() {
        let p = parse_text(
            "---\ntitle: x\nperiod: \"2020-2025\"\nzone: Ardennes\nextra:\n  zone: Famenne\n---\n",
        );
        assert_eq!(p.front_matter.extra["period"], "2020-2025");
        // `extra` wins when both say it, and the other one is reported as ignored.
        assert_eq!(p.front_matter.extra["zone"], "Famenne");
        assert_eq!(p.diagnostics.len(), 1, "{:?}", p.diagnostics);
        assert_eq!(p.diagnostics[0].line, 4);
    }

    #[test]
    fn unknown_fields_warn_with_their_line() {
        let p = parse_text("---\ntitle: x\ncolour: blue\n---\n");
        assert_eq!(p.diagnostics.len(), 1);
        assert_eq!(p.diagnostics[0].rule, "front-matter/unknown-field");
        assert_eq!((p.diagnostics[0].line, p.diagnostics[0].column), (3, 1));
    }
}
