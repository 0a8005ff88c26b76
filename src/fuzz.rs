//! Entry points for fuzzing: one function per target, each taking arbitrary bytes.
//!
//! The fuzz targets in `fuzz/` (run with `cargo fuzz`) and the replay of their corpora in
//! `tests/fuzz_corpus.rs` (run by `cargo test`) call these same functions, so an input found by
//! the fuzzer and replayed as a regression test runs exactly the same code. Each function feeds
//! the bytes through the real stages a user's file goes through and throws the results away:
//!
//! - [`front_matter`]: splitting and parsing the block, then deriving a page from it (title,
//!   dates, slug, URL) and the code frames of its findings;
//! - [`markdown`]: one page rendered inside a small in-memory site, so that `@/` links, relative
//!   `.md` links, translations and `#anchors` are resolved and checked, both as `maillon check`
//!   parses it and as `maillon build` renders it;
//! - [`plan`]: the text read as a plan given on its own (`maillon check plan.md`): the chain
//!   model's reading of priorities, stages, tables and labels, every rule, the coverage matrix and
//!   the report formats;
//! - [`word`]: the bytes converted as a Word and as a LibreOffice document, and a converted
//!   document checked as a plan, its findings named by the document's landmarks. A zip's parts
//!   are compressed and checksummed, so a byte changed in one is almost always refused before any
//!   XML is read; an input that is not a zip is therefore read as the parts of one, in plain text
//!   (see [`word`]), and zipped here, so that the fuzzer reaches the XML readers too.
//!
//! None of them panics on its own: a panic found by the fuzzer is a bug in maillon. Nothing is
//! written to disk, and the chain model is built once per process (it costs far more than one
//! input).

use std::path::{Path, PathBuf};
use std::sync::OnceLock;

use rustc_hash::{FxHashMap, FxHashSet};

use crate::check::Checker;
use crate::check::report::{ReportContext, coverage, json, matrix};
use crate::config::{Config, STANDALONE_LANGUAGES};
use crate::content::{self, Given, Site};
use crate::diagnostic::{Diagnostic, render_human};
use crate::source::SourceFile;

/// The taxonomies of the bundled site, as a site's `maillon.toml` declares them: a top-level key
/// named like one is read as its terms.
const TAXONOMIES: &[&str] = &["phenomena", "stages", "communes", "actors", "tags"];

/// Front matter: the bytes as a content file's text (invalid UTF-8 replaced), split and parsed,
/// then read as a page of a site, and its findings written with their code frames.
pub fn front_matter(data: &[u8]) {
    let text = String::from_utf8_lossy(data).into_owned();
    let file = SourceFile::new(PathBuf::from("content/plans/page.md"), text.clone());
    let parsed = content::front_matter::parse(&file, TAXONOMIES);
    let _ = content::front_matter::present(file.text());
    for key in ["title", "date", "updated", "slug", "kind"] {
        let _ = content::front_matter::field(&file, key);
    }
    for date in [&parsed.front_matter.date, &parsed.front_matter.updated]
        .into_iter()
        .flatten()
    {
        let _ = date.day();
    }
    let _ = render_human(&parsed.diagnostics, &|_| Some(&file), false);

    // The same text as a page and as a section index of a site, in memory.
    let config = Config::standalone();
    for rel in ["plans/page.md", "plans/_index.nl.md"] {
        let (page, diagnostics) =
            content::read_file(Path::new(SITE_ROOT), rel, &config, Some(text.clone()));
        if let Some(page) = page {
            let _ = page.body();
            let _ = render_human(&diagnostics, &|_| Some(&page.file), false);
        }
    }
}

/// Where the in-memory sites pretend to be: nothing is read from there, every text being given.
const SITE_ROOT: &str = "/nonexistent/maillon-fuzz";

/// The pages around the one fuzzed in [`markdown`]: a home, a section of plans with a plan and
/// its Dutch translation (headings to link to), a draft, and the fuzzed page's own section.
const SITE: &[(&str, &str)] = &[
    ("_index.md", "---\ntitle: Accueil\n---\nBienvenue.\n"),
    (
        "plans/_index.md",
        "---\ntitle: Plans\npage_kind: plan\nsort_by: date\n---\n",
    ),
    (
        "plans/liege.md",
        "---\ntitle: Liège\ndate: 2024-03-01\n---\n## Priorité 1 : Cambriolages {#vols}\n\n### Prévention\n\nVisites.\n\n### Réaction\n\n### Suivi\n\n## Priorité 2\n",
    ),
    (
        "plans/liege.nl.md",
        "---\ntitle: Luik\n---\n## Prioriteit 1 : Inbraken\n\n### Preventie\n",
    ),
    (
        "plans/brouillon.md",
        "---\ntitle: Brouillon\ndraft: true\n---\n",
    ),
    ("guide/_index.md", "---\ntitle: Guide\nweight: 2\n---\n"),
    (
        "guide/chaine.md",
        "---\ntitle: La chaîne\nslug: chaine-de-securite\n---\n# La chaîne\n\n## Maillons\n",
    ),
];

/// Where the fuzzed page sits in [`SITE`].
const PAGE: &str = "guide/page.md";

/// Markdown rendering with link resolution: the bytes as the text of a page (front matter
/// included) of a small site, parsed as `maillon check` parses it (links resolved, anchors
/// checked), then rendered to HTML as `maillon build` renders it.
pub fn markdown(data: &[u8]) {
    let text = String::from_utf8_lossy(data).into_owned();
    let config = Config::standalone();
    let mut pages = Vec::with_capacity(SITE.len() + 1);
    let mut diagnostics = Vec::new();
    let texts = SITE
        .iter()
        .map(|(rel, text)| (*rel, (*text).to_string()))
        .chain([(PAGE, text)]);
    for (rel, text) in texts {
        let (page, mut found) = content::read_file(Path::new(SITE_ROOT), rel, &config, Some(text));
        diagnostics.append(&mut found);
        if let Some(mut page) = page {
            // Held in memory for good: rendering gives back the text of a file it could read
            // again from disk, and there is no disk behind this site.
            let text = page.file.text().to_string();
            page.file = SourceFile::new(page.file.path.clone(), text);
            if page.meta.draft {
                continue;
            }
            pages.push(page);
        }
    }
    pages.sort_by(|a, b| a.rel.cmp(&b.rel));
    let mut site = Site {
        root: PathBuf::from(SITE_ROOT),
        config,
        pages,
        sections: Vec::new(),
        taxonomies: Vec::new(),
        assets: Vec::new(),
        drafts: FxHashSet::from_iter(["plans/brouillon.md".to_string()]),
        translations: FxHashMap::default(),
        by_rel: FxHashMap::default(),
        term_urls: Default::default(),
        standalone: false,
    };
    diagnostics.extend(content::relink(&mut site));
    diagnostics.extend(crate::parse::render_pages(&mut site, false));
    diagnostics.extend(crate::parse::render_pages(&mut site, true));
    let _ = render_human(&diagnostics, &|p| site.source(p), false);
}

/// The checker, with the default chain model, as `maillon check` builds it for plans given on
/// their own (`None` if the bundled model cannot be loaded, which the tests rule out).
fn checker() -> Option<&'static Checker> {
    static CHECKER: OnceLock<Option<Checker>> = OnceLock::new();
    CHECKER
        .get_or_init(|| Checker::new(&Config::standalone(), Path::new(".")).ok())
        .as_ref()
}

/// A plan given on its own (`maillon check plan.md`): the bytes as the file's text, read in the
/// language its text speaks, checked, and reported in the human and JSON formats with its
/// coverage matrix. A file that is not UTF-8 is a finding, then read with its invalid bytes
/// replaced so that the rest of the reading still runs.
pub fn plan(data: &[u8]) {
    let shown = Path::new("plan.md");
    let mut earlier = Vec::new();
    let text = content::decode(data.to_vec(), shown, &mut earlier)
        .unwrap_or_else(|| String::from_utf8_lossy(data).into_owned());
    check_given("plan.md", text, None, earlier);
}

/// Word import: the bytes converted as a `.docx` and as an `.odt` (a document of either kind
/// fails early as the other), and each conversion that succeeds checked as a plan given on its
/// own, as `maillon check plan.docx` does, its findings named by the document's landmarks.
///
/// Bytes that open as a zip (`PK`) are the document. Any others are the parts of one in plain
/// text, each opened by a line `#part NAME` (`#part word/document.xml`) and running to the next
/// such line, zipped without compression before they are converted.
pub fn word(data: &[u8]) {
    let zipped;
    let document = if data.starts_with(b"PK") {
        data
    } else {
        let Some(bytes) = zip_parts(data) else {
            return;
        };
        zipped = bytes;
        &zipped
    };
    for name in ["plan.docx", "plan.odt"] {
        let Ok(imported) = crate::import::convert(document, name) else {
            continue;
        };
        let shown = Path::new(name);
        let earlier: Vec<Diagnostic> = imported
            .warnings
            .iter()
            .map(|w| {
                Diagnostic::of(
                    &crate::rule::CONTENT_DOCUMENT_LOSS,
                    shown,
                    Default::default(),
                    w.clone(),
                )
            })
            .collect();
        let _ = imported.landmarks.describe(1);
        check_given(name, imported.markdown, Some(imported.landmarks), earlier);
    }
}

/// The line that opens a part in [`word`]'s plain-text form.
const PART: &[u8] = b"#part ";

/// A zip of the parts written in plain text in `data` (see [`word`]), stored uncompressed; `None`
/// when the zip cannot be written (two parts of one name).
fn zip_parts(data: &[u8]) -> Option<Vec<u8>> {
    use std::io::Write;
    // Where each part's line starts: at the start of the input or of a line.
    let starts: Vec<usize> = (0..data.len())
        .filter(|&i| (i == 0 || data[i - 1] == b'\n') && data[i..].starts_with(PART))
        .collect();
    let mut zip = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    let options =
        zip::write::SimpleFileOptions::default().compression_method(zip::CompressionMethod::Stored);
    for (n, &start) in starts.iter().enumerate() {
        let end = starts.get(n + 1).copied().unwrap_or(data.len());
        let part = &data[start + PART.len()..end];
        let (name, bytes) = match part.iter().position(|&b| b == b'\n') {
            Some(at) => (&part[..at], &part[at + 1..]),
            None => (part, &[][..]),
        };
        let name = String::from_utf8_lossy(name);
        zip.start_file(name.trim(), options).ok()?;
        zip.write_all(bytes).ok()?;
    }
    Some(zip.finish().ok()?.into_inner())
}

/// Checks `text` as the file `name` given on its own: what `build::analyse_given` does, with the
/// checker built once, followed by what `maillon check` prints, written to strings.
fn check_given(
    name: &str,
    text: String,
    landmarks: Option<crate::import::Landmarks>,
    earlier: Vec<Diagnostic>,
) {
    let Some(checker) = checker() else {
        return;
    };
    let lang = crate::check::language::guess(&text).unwrap_or(STANDALONE_LANGUAGES[0]);
    let given = Given {
        shown: PathBuf::from(name),
        rel: name.to_string(),
        lang: lang.to_string(),
        text,
        landmarks,
    };
    let (mut site, mut diagnostics) = content::load_given(Config::standalone(), vec![given]);
    diagnostics.extend(crate::parse::render_pages(&mut site, false));
    crate::build::title_bare_plans(&mut site, checker);
    diagnostics.extend(earlier);
    let report = checker.run(&site, diagnostics);
    let plans = coverage::of_plans(&site, &report, &checker.model, &|_| true);
    let _ = render_human(&report.diagnostics, &|p| site.source(p), false);
    for plan in &plans {
        let _ = matrix::render(plan, checker.messages, false);
    }
    let line_text = |d: &Diagnostic| {
        site.source(&d.file)
            .map(|f| f.line_text(d.line).to_string())
    };
    let cx = ReportContext {
        files: 1,
        root: Path::new("."),
        base_url: &site.config.base_url,
        custom: checker.custom.ids().collect(),
        line_text: &line_text,
        coverage: &plans,
    };
    let _ = json::render(&report.diagnostics, &cx);
}
