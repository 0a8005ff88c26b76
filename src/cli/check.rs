//! `maillon check`: the rules checker alone, in the format a person or a CI service wants.
//!
//! In a site it reads the whole site (links need every page) but renders no HTML, and prints the
//! findings of the requested paths only. Plans outside any site (`maillon check plan.md`) are
//! checked on their own ([`check_paths`](super::check_paths) tells the two apart). Either way
//! the findings, then the coverage matrix of the plans asked for, go through one printer, so the
//! two modes print alike. Exit code 1 when an error is found, or a warning under
//! `--deny warnings`.

use std::collections::HashSet;
use std::path::{Path, PathBuf};

use crate::build::{Analysis, analyse, analyse_given, fails};
use crate::check::Messages;
use crate::check::report::coverage::{self, Coverage};
use crate::check::report::{Format, ReportContext, github, gitlab, json, matrix, sarif};
use crate::config::Config;
use crate::diagnostic::{Diagnostic, Summary, render_human};
use crate::error::Result;

use super::check_paths::{self, Target};
use super::{CheckArgs, FINDINGS, SUCCESS, thousands};

pub(super) fn run(args: CheckArgs) -> Result<u8> {
    match check_paths::target(args.root.as_deref(), &args.paths)? {
        Target::Site(root) => site(&args, &root),
        Target::Plans => plans(&args),
    }
}

/// Checks the site at `root`, reporting the findings in `args.paths` (all when none).
fn site(args: &CheckArgs, root: &Path) -> Result<u8> {
    if args.lang.is_some() {
        eprintln!(
            "note: --lang is for plans checked on their own; in a site each page speaks the language of its file name or the site's default_language"
        );
    }
    let config = Config::load(root)?;
    let analysis = analyse(root, config, args.drafts, false, !args.no_cache)?;
    let site = &analysis.site;
    let root_abs = std::path::absolute(root).unwrap_or_else(|_| root.to_path_buf());
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
    let plans = coverage::of_plans(site, &analysis.report, &analysis.checker.model, &|p| {
        selected(&p.file.path)
    });
    // The plans named one by one get their matrix printed; a folder's do not.
    let named = named_files(root, &args.paths);
    let matrices: Vec<&Coverage> = plans.iter().filter(|c| named.contains(&c.file)).collect();
    let files = site
        .pages
        .iter()
        .filter(|p| !p.synthetic)
        .filter(|p| selected(&p.file.path))
        .count();
    let code = report(
        args,
        &analysis,
        &diagnostics,
        &plans,
        &matrices,
        files,
        &root_abs,
    );
    // The process ends here: freeing ten thousand pages one by one would only delay the exit.
    std::mem::forget(analysis);
    Ok(code)
}

/// Checks the plans `args.paths` names, each on its own, and prints every matrix.
fn plans(args: &CheckArgs) -> Result<u8> {
    let (files, earlier) = check_paths::read_plans(&args.paths, args.lang.as_deref())?;
    let analysis = analyse_given(files, earlier)?;
    let site = &analysis.site;
    let plans = coverage::of_plans(site, &analysis.report, &analysis.checker.model, &|_| true);
    let matrices: Vec<&Coverage> = plans.iter().collect();
    let files = site.pages.iter().filter(|p| !p.synthetic).count();
    let here = std::path::absolute(".").unwrap_or_default();
    let diagnostics = &analysis.report.diagnostics;
    Ok(report(
        args,
        &analysis,
        diagnostics,
        &plans,
        &matrices,
        files,
        &here,
    ))
}

/// The files (relative to the site root, as findings name them) that `paths` names one by one.
fn named_files(root: &Path, paths: &[PathBuf]) -> HashSet<String> {
    let Ok(root) = std::fs::canonicalize(root) else {
        return HashSet::new();
    };
    paths
        .iter()
        .filter(|p| p.is_file())
        .filter_map(|p| std::fs::canonicalize(p).ok())
        .filter_map(|p| {
            let rel = p.strip_prefix(&root).ok()?;
            Some(rel.to_string_lossy().replace('\\', "/"))
        })
        .collect()
}

/// Prints the findings in the format asked for (the human format followed by `matrices`), and
/// returns the exit code.
fn report(
    args: &CheckArgs,
    analysis: &Analysis,
    diagnostics: &[Diagnostic],
    plans: &[Coverage],
    matrices: &[&Coverage],
    files: usize,
    root_abs: &Path,
) -> u8 {
    let site = &analysis.site;
    if crate::build::timings() {
        for step in &analysis.steps {
            eprintln!("{step}");
        }
    }
    let line_text = |d: &Diagnostic| {
        site.source(&d.file)
            .map(|f| f.line_text(d.line).to_string())
    };
    let cx = ReportContext {
        files,
        root: root_abs,
        base_url: &site.config.base_url,
        custom: analysis.checker.custom.ids().collect(),
        line_text: &line_text,
        coverage: plans,
    };
    match args.format {
        Format::Human => {
            let colour = crate::diagnostic::stderr_wants_colour();
            print!("{}", render_human(diagnostics, &|p| site.source(p), colour));
            for plan in matrices {
                print!("{}", matrix::render(plan, Messages::bundled(), colour));
            }
            let s = Summary::of(diagnostics);
            println!(
                "{} errors, {} warnings, {} infos in {} files",
                thousands(s.errors),
                thousands(s.warnings),
                thousands(s.infos),
                thousands(files)
            );
        }
        Format::Json => print!("{}", json::render(diagnostics, &cx)),
        Format::Sarif => print!("{}", sarif::render(diagnostics, &cx)),
        Format::Github => print!("{}", github::render(diagnostics)),
        Format::Gitlab => print!("{}", gitlab::render(diagnostics, &cx)),
    }
    if fails(diagnostics, args.deny.is_some()) {
        FINDINGS
    } else {
        SUCCESS
    }
}
