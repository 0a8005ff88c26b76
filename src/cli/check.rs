//! `maillon check`: the rules checker alone, in the format a person or a CI service wants.
//!
//! It reads the whole site (links need every page) but renders no HTML, and prints the findings
//! of the requested paths only. Exit code 1 when an error is found, or a warning under
//! `--deny warnings`.

use std::path::{Path, PathBuf};

use crate::build::{analyse, fails};
use crate::check::report::{Format, ReportContext, github, json, sarif};
use crate::config::Config;
use crate::diagnostic::{Diagnostic, Summary, render_human};
use crate::error::Result;

use super::{CheckArgs, FINDINGS, SUCCESS, thousands};

pub fn run(args: CheckArgs) -> Result<u8> {
    let config = Config::load(&args.root)?;
    let analysis = analyse(&args.root, config, args.drafts, false, !args.no_cache)?;
    let site = &analysis.site;
    if std::env::var_os("MAILLON_TIMINGS").is_some() {
        for (name, took) in &analysis.steps {
            eprintln!("{:>8.1} ms  {name}", took.as_secs_f64() * 1000.0);
        }
    }
    let root_abs = std::path::absolute(&args.root).unwrap_or_else(|_| args.root.clone());
    let wanted: Vec<PathBuf> = args
        .paths
        .iter()
        .map(|p| std::path::absolute(p).unwrap_or_else(|_| p.clone()))
        .collect();
    let selected = |file: &Path| {
        wanted.is_empty() || wanted.iter().any(|w| root_abs.join(file).starts_with(w))
    };
    let diagnostics: Vec<Diagnostic> = analysis
        .report
        .diagnostics
        .iter()
        .filter(|d| selected(&d.file))
        .cloned()
        .collect();
    let files = site
        .pages
        .iter()
        .filter(|p| !p.synthetic)
        .filter(|p| selected(&p.file.path))
        .count();

    let line_text = |d: &Diagnostic| {
        site.source(&d.file)
            .map(|f| f.line_text(d.line).to_string())
    };
    let cx = ReportContext {
        files,
        root: &root_abs,
        base_url: &site.config.base_url,
        custom: analysis.checker.custom.ids().collect(),
        line_text: &line_text,
    };
    match args.format {
        Format::Human => {
            let colour = crate::diagnostic::stderr_wants_colour();
            print!(
                "{}",
                render_human(&diagnostics, &|p| site.source(p), colour)
            );
            let s = Summary::of(&diagnostics);
            println!(
                "{} errors, {} warnings, {} infos in {} files",
                thousands(s.errors),
                thousands(s.warnings),
                thousands(s.infos),
                thousands(files)
            );
        }
        Format::Json => print!("{}", json::render(&diagnostics, &cx)),
        Format::Sarif => print!("{}", sarif::render(&diagnostics, &cx)),
        Format::Github => print!("{}", github::render(&diagnostics)),
    }
    let code = if fails(&diagnostics, args.deny.is_some()) {
        FINDINGS
    } else {
        SUCCESS
    };
    // The process ends here: freeing ten thousand pages one by one would only delay the exit.
    std::mem::forget(analysis);
    Ok(code)
}
