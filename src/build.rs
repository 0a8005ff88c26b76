//! The build pipeline, start to end: load → render Markdown → render templates → write.
//!
//! Each step is one call; diagnostics from every step are gathered, and the output is committed
//! only when none of them is an error, so a failed build leaves the previous output untouched.

use std::path::PathBuf;
use std::time::{Duration, Instant};

use crate::config::Config;
use crate::content::{self, LoadOptions, Site};
use crate::diagnostic::{self, Diagnostic, Severity};
use crate::error::Result;
use crate::markdown;
use crate::output::Output;
use crate::render::{self, Theme};

/// What `maillon build` was asked to do.
#[derive(Debug, Clone, Default)]
pub struct BuildOptions {
    /// Site root.
    pub root: PathBuf,
    /// Output folder (default `root/public`).
    pub output: Option<PathBuf>,
    /// Overrides `base_url`.
    pub base_url: Option<String>,
    /// Include drafts.
    pub drafts: bool,
}

/// What a build did.
pub struct BuildReport {
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
    pub steps: Vec<(&'static str, Duration)>,
}

/// Runs a full build. `progress(done, total)` is called as pages are rendered.
pub fn build(
    options: &BuildOptions,
    progress: &(dyn Fn(usize, usize) + Sync),
) -> Result<BuildReport> {
    let started = Instant::now();
    let mut steps = Vec::new();
    let mut lap = Instant::now();
    let mut step = |name: &'static str| {
        steps.push((name, lap.elapsed()));
        lap = Instant::now();
    };
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
    step("config and theme");
    let (mut site, mut diagnostics) = content::load(
        root,
        config,
        &LoadOptions {
            drafts: options.drafts,
        },
    )?;
    if let Some(from) = &site.config.imported {
        diagnostics.push(
            Diagnostic::warning(
                "config/imported",
                std::path::Path::new(&from.file),
                Default::default(),
                format!(
                    "no maillon.toml: title, base URL, languages and taxonomies read from this {} config; its templates and theme are not used",
                    from.generator
                ),
            )
            .with_help("run `maillon init` elsewhere and copy its maillon.toml here to configure the site fully"),
        );
    }
    step("load content");
    diagnostics.extend(markdown::render_pages(&mut site));
    step("render markdown");

    let target = options
        .output
        .clone()
        .unwrap_or_else(|| root.join("public"));
    let output = Output::begin(&target, root)?;
    // The search index is built on a thread of its own while the pages render.
    let (rendered, search) = std::thread::scope(|s| {
        let search = s.spawn(|| crate::search::build(&site));
        let rendered = render::render_site(&site, &theme, &output, progress);
        (rendered, search.join())
    });
    let search = search.unwrap_or_else(|panic| std::panic::resume_unwind(panic));
    let rendered = rendered?;
    step("render templates and write, search index alongside");
    crate::search::write(&theme, &output, search)?;
    step("write search index");
    diagnostics.extend(rendered.diagnostics);
    diagnostic::sort(&mut diagnostics);

    let failed = diagnostics.iter().any(|d| d.severity == Severity::Error);
    if !failed {
        output.commit()?;
    }
    step("commit output");
    Ok(BuildReport {
        site,
        diagnostics,
        pages: if failed { 0 } else { rendered.pages },
        written: !failed,
        output: target,
        elapsed: started.elapsed(),
        steps,
    })
}
