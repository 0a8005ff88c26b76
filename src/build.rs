//! The pipeline, start to end: load → parse → check → render → write.
//!
//! [`analyse`] is the part `check`, `build` and `serve` share (load the site, parse every page
//! once, run the checker), so their findings never differ; [`build`] adds rendering and the
//! atomic write. Diagnostics from every step are gathered, and the output is committed only when
//! none of them fails the build. [`analyse_given`] runs the same steps on plans given on their
//! own, outside any site, and says in one place what such a check leaves out.

use std::collections::HashSet;
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use crate::cache::Cache;
use crate::check::{Checker, Report};
use crate::config::Config;
use crate::content::{self, Given, LoadOptions, Site};
use crate::diagnostic::{Diagnostic, Severity};
use crate::error::Result;
use crate::output::Output;
use crate::parse;
use crate::render::{self, Theme};
use crate::rule::{self, Rule};

/// What `maillon build` was asked to do.
#[derive(Debug, Clone, Default)]
pub(crate) struct BuildOptions {
    /// Site root.
    pub root: PathBuf,
    /// Output folder (default `root/public`).
    pub output: Option<PathBuf>,
    /// Overrides `base_url`.
    pub base_url: Option<String>,
    /// Include drafts.
    pub drafts: bool,
    /// Warnings fail the build too.
    pub deny_warnings: bool,
}

/// What a build did.
pub(crate) struct BuildReport {
    /// The loaded site (for code frames in messages).
    pub site: Site,
    /// Every diagnostic, sorted.
    pub diagnostics: Vec<Diagnostic>,
    /// HTML pages written (0 when the build failed).
    pub pages: usize,
    /// Whether the output was replaced.
    pub written: bool,
    /// Where the output went.
    pub output: PathBuf,
    /// Wall time.
    pub elapsed: Duration,
    /// Time spent in each step, in order.
    pub steps: Vec<Step>,
}

/// One step of a run, as `MAILLON_TIMINGS` prints it.
#[derive(Debug, Clone)]
pub(crate) struct Step {
    /// What the step did.
    pub name: &'static str,
    /// How long it took.
    pub took: Duration,
    /// Resident memory at its end and the peak so far, in KiB (Linux only).
    pub memory: Option<(u64, u64)>,
}

impl std::fmt::Display for Step {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{:>8.1} ms  ", self.took.as_secs_f64() * 1000.0)?;
        if let Some((now, peak)) = self.memory {
            write!(f, "{:>6} MiB {:>6} MiB peak  ", now / 1024, peak / 1024)?;
        }
        f.write_str(self.name)
    }
}

/// Whether `MAILLON_TIMINGS` asks for the time (and memory) of each step.
pub(crate) fn timings() -> bool {
    std::env::var_os("MAILLON_TIMINGS").is_some()
}

/// Resident memory now and at its peak, in KiB, from `/proc/self/status`.
fn memory() -> Option<(u64, u64)> {
    let status = std::fs::read_to_string("/proc/self/status").ok()?;
    let field = |name: &str| {
        status
            .lines()
            .find_map(|l| l.strip_prefix(name))
            .and_then(|v| v.trim().trim_end_matches("kB").trim().parse().ok())
    };
    Some((field("VmRSS:")?, field("VmHWM:")?))
}

/// Records how long each step took.
struct Steps {
    list: Vec<Step>,
    lap: Instant,
    /// Whether to read memory after each step (`MAILLON_TIMINGS` is set).
    memory: bool,
}

impl Steps {
    fn new() -> Self {
        Steps {
            list: Vec::new(),
            lap: Instant::now(),
            memory: timings(),
        }
    }

    fn done(&mut self, name: &'static str) {
        let took = self.lap.elapsed();
        let memory = if self.memory { memory() } else { None };
        self.list.push(Step { name, took, memory });
        self.lap = Instant::now();
    }
}

/// A site loaded, parsed and checked.
pub(crate) struct Analysis {
    /// The site, every page parsed (and rendered to HTML when asked).
    pub site: Site,
    /// The checker's report: every finding of every stage, suppressions applied.
    pub report: Report,
    /// The checker, for report formats that list its rules.
    pub checker: Checker,
    /// The findings of loading and parsing, before the checker ran (`serve` keeps them, to
    /// replace one file's when that file is saved; empty for plans given on their own).
    pub earlier: Vec<Diagnostic>,
    /// Time spent in each step, in order.
    pub steps: Vec<Step>,
}

/// Loads the site at `root` with `config`, parses every page once (producing HTML when `html`),
/// and runs the checker. With `cache` (`maillon check`), unchanged files are taken from the
/// cache of the previous run, and the cache is written back for the next.
pub(crate) fn analyse(
    root: &Path,
    config: Config,
    drafts: bool,
    html: bool,
    cache: bool,
) -> Result<Analysis> {
    let mut steps = Steps::new();
    let mut analysis = analyse_timed(root, config, drafts, html, cache, &mut steps)?;
    analysis.steps = steps.list;
    Ok(analysis)
}

fn analyse_timed(
    root: &Path,
    config: Config,
    drafts: bool,
    html: bool,
    cache: bool,
    steps: &mut Steps,
) -> Result<Analysis> {
    // The cache file is read while the chain model is built; only then is it trusted.
    let (checker, cache) = rayon::join(
        || Checker::new(&config, root),
        || cache.then(|| Cache::read(root, &config)).flatten(),
    );
    let checker = checker?;
    let cache = cache.map(|c| c.trusted(&checker.model));
    steps.done("checker setup");
    let options = LoadOptions {
        drafts,
        cache: cache.as_ref().map(|c| c as &dyn content::Reuse),
        taxonomies: html,
    };
    let (site, diagnostics) = load_and_parse_timed(root, config, options, html, steps)?;
    let earlier = diagnostics.clone();
    let Some(cache) = cache else {
        let report = checker.run(&site, diagnostics);
        steps.done("check");
        return Ok(Analysis {
            site,
            report,
            checker,
            earlier,
            steps: Vec::new(),
        });
    };
    // Files with findings from reading or parsing are read again next time, never cached.
    let flagged = diagnostics.iter().map(|d| d.file.clone()).collect();
    let known = site.pages.iter().map(|page| cache.reading(page)).collect();
    let report = checker.run_with(&site, diagnostics, known);
    steps.done("check");
    cache.save(&site, &flagged, &report.readings);
    steps.done("save cache");
    Ok(Analysis {
        site,
        report,
        checker,
        earlier,
        steps: Vec::new(),
    })
}

/// Findings that mean nothing for files given on their own: a link to a file that was not given
/// cannot be resolved without a site, no URL of a virtual site is ever published, and only a
/// site's maillon.toml declares taxonomies.
const SITE_ONLY: &[&Rule] = &[
    &rule::LINKS_BROKEN,
    &rule::CONTENT_DUPLICATE_URL,
    &rule::FRONT_MATTER_UNKNOWN_TAXONOMY,
];

/// Titles each file given on its own that has no front matter by its first heading (unless that
/// opens a priority, or is a chapter below the title), and returns those files: documents, whose
/// front matter is made up by their conversion, and bare Markdown plans.
pub(crate) fn title_bare_plans(site: &mut Site, checker: &Checker) -> HashSet<PathBuf> {
    let mut bare = HashSet::new();
    for page in site.pages.iter_mut().filter(|p| !p.synthetic) {
        // A document carries no front matter of its own (its conversion's is made up), so it
        // is held to what a bare Markdown plan is.
        if page.file.is_document() {
            bare.insert(page.file.path.clone());
        } else if !content::front_matter::present(page.file.text()) {
            bare.insert(page.file.path.clone());
            use crate::check::chain::words::HeadWord;
            let first = page
                .rendered
                .headings
                .iter()
                .find(|h| !h.text.trim().is_empty());
            // A plan opening on its first priority, or on a chapter below its title, has no
            // title of its own; a level-1 heading that opens no priority is one.
            let words = &checker.model.words;
            let title = first.filter(|h| match words.classify(h.text.trim()) {
                HeadWord::Other => true,
                HeadWord::Priority | HeadWord::Project => false,
                HeadWord::Container | HeadWord::Section => h.level == 1,
            });
            if let Some(h) = title {
                page.title = h.text.trim().to_string();
            }
        }
    }
    bare
}

/// [`analyse`] for plans given on their own, outside any site (`maillon check plan.md`): the
/// same reading, parsing and checker, on a site of those files only ([`content::load_given`]),
/// with the default chain model and no cache. `earlier` are findings about files that could not
/// be read as text.
///
/// A file with no front matter at all (a plan converted from Word) is titled by its first
/// heading (unless that opens a priority), else its file name, and has neither
/// `front-matter/title` nor `plan/front-matter` findings. Findings name no page, there being no
/// site to publish one in.
pub(crate) fn analyse_given(files: Vec<Given>, earlier: Vec<Diagnostic>) -> Result<Analysis> {
    let mut steps = Steps::new();
    let config = Config::standalone();
    let checker = Checker::new(&config, Path::new("."))?;
    steps.done("checker setup");
    let (mut site, mut diagnostics) = content::load_given(config, files);
    steps.done("load content");
    diagnostics.extend(parse::render_pages(&mut site, false));
    steps.done("parse markdown");
    let bare = title_bare_plans(&mut site, &checker);
    let left_out = |d: &Diagnostic| {
        d.is_one_of(SITE_ONLY)
            || (bare.contains(&d.file)
                && d.is_one_of(&[&rule::FRONT_MATTER_TITLE, &rule::PLAN_FRONT_MATTER]))
    };
    diagnostics.retain(|d| !left_out(d));
    diagnostics.extend(earlier);
    let mut report = checker.run(&site, diagnostics);
    report.diagnostics.retain(|d| !left_out(d));
    for d in &mut report.diagnostics {
        d.page = None;
    }
    steps.done("check");
    Ok(Analysis {
        site,
        report,
        checker,
        earlier: Vec::new(),
        steps: steps.list,
    })
}

/// Loads the site and parses every page once (producing HTML when `html`): what every command
/// does before the checker. Returns the site and the findings so far (files, front matter,
/// links, anchors, an imported Zola or Hugo config).
fn load_and_parse_timed(
    root: &Path,
    config: Config,
    options: LoadOptions<'_>,
    html: bool,
    steps: &mut Steps,
) -> Result<(Site, Vec<Diagnostic>)> {
    let (mut site, mut diagnostics) = content::load(root, config, &options)?;
    if let Some(from) = &site.config.imported {
        diagnostics.push(
            Diagnostic::of(
                &crate::rule::CONFIG_IMPORTED,
                Path::new(&from.file),
                Default::default(),
                format!(
                    "no maillon.toml: title, base URL, languages and taxonomies read from this {} config; its templates and theme are not used",
                    from.generator
                ),
            )
            .with_help("run `maillon init` elsewhere and copy its maillon.toml here to configure the site fully"),
        );
    }
    steps.done("load content");
    diagnostics.extend(parse::render_pages(&mut site, html));
    steps.done(if html {
        "render markdown"
    } else {
        "parse markdown"
    });
    Ok((site, diagnostics))
}

/// Whether these findings fail a command.
pub(crate) fn fails(diagnostics: &[Diagnostic], deny_warnings: bool) -> bool {
    diagnostics.iter().any(|d| {
        d.severity == Severity::Error || (deny_warnings && d.severity == Severity::Warning)
    })
}

/// RENDER and INDEX: renders every page of the checked `site` into `sink` while the search index
/// is built on a thread of its own, then writes the index. `build` writes into the staging
/// folder, `serve` into memory: the same steps.
pub(crate) fn render_and_index(
    site: &Site,
    theme: &Theme,
    sink: &dyn crate::output::Sink,
    report: &Report,
    progress: &(dyn Fn(usize, usize) + Sync),
) -> Result<render::Rendered> {
    let (rendered, search) = std::thread::scope(|s| {
        let search = s.spawn(|| crate::search::build(site));
        let rendered = render::render_site(site, theme, sink, report, progress);
        (rendered, search.join())
    });
    let search = search.unwrap_or_else(|panic| std::panic::resume_unwind(panic));
    let rendered = rendered?;
    crate::search::write(&theme.search_client(), sink, search)?;
    Ok(rendered)
}

/// Runs a full build. `progress(done, total)` is called as pages are rendered.
pub(crate) fn build(
    options: &BuildOptions,
    progress: &(dyn Fn(usize, usize) + Sync),
) -> Result<BuildReport> {
    let started = Instant::now();
    let mut steps = Steps::new();
    let root = options.root.as_path();
    let mut config = Config::load(root)?;
    if let Some(url) = &options.base_url {
        config.base_url = if url.ends_with('/') {
            url.clone()
        } else {
            format!("{url}/")
        };
    }
    let theme = Theme::load(root, &config)?;
    steps.done("config and theme");
    let analysis = analyse_timed(root, config, options.drafts, true, false, &mut steps)?;
    let (site, mut report) = (analysis.site, analysis.report);

    let target = options
        .output
        .clone()
        .unwrap_or_else(|| root.join("public"));
    let output = Output::begin(&target, root)?;
    let rendered = render_and_index(&site, &theme, &output, &report, progress)?;
    steps.done("render templates and the search index, and write them");
    report.diagnostics.extend(rendered.diagnostics);
    report.diagnostics.extend(theme.diagnostics.iter().cloned());
    crate::diagnostic::sort(&mut report.diagnostics);

    let failed = fails(&report.diagnostics, options.deny_warnings);
    if !failed {
        output.commit()?;
    }
    steps.done("commit output");
    Ok(BuildReport {
        site,
        diagnostics: report.diagnostics,
        pages: if failed { 0 } else { rendered.pages },
        written: !failed,
        output: target,
        elapsed: started.elapsed(),
        steps: steps.list,
    })
}
