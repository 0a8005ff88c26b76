//! `maillon build`: runs the pipeline, prints every diagnostic, and one summary line.

use std::fmt::Write as _;
use std::io::IsTerminal;
use std::sync::OnceLock;

use crate::build::{BuildOptions, build};
use crate::diagnostic::{Summary, render_human, stderr_wants_colour};
use crate::error::Result;

use super::{BuildArgs, FINDINGS, SUCCESS, thousands};

/// Pages above which a progress bar is worth drawing.
const PROGRESS_THRESHOLD: usize = 500;

pub(super) fn run(args: BuildArgs) -> Result<u8> {
    let options = BuildOptions {
        root: args.root,
        output: args.output,
        base_url: args.base_url,
        drafts: args.drafts,
        deny_warnings: args.deny.is_some(),
    };
    // The bar is created on first use; ProgressBar is itself thread-safe, so the render
    // threads update it without a lock of ours.
    let bar: OnceLock<indicatif::ProgressBar> = OnceLock::new();
    let show_bar = std::io::stderr().is_terminal();
    let progress = |done: usize, total: usize| {
        if !show_bar || total < PROGRESS_THRESHOLD {
            return;
        }
        let b = bar.get_or_init(|| {
            let b = indicatif::ProgressBar::new(total as u64);
            if let Ok(style) = indicatif::ProgressStyle::with_template(
                "{spinner} Rendering {bar:30} {pos}/{len} pages",
            ) {
                b.set_style(style);
            }
            b
        });
        b.set_position(done as u64);
    };
    let report = build(&options, &progress)?;
    if let Some(b) = bar.get() {
        b.finish_and_clear();
    }
    let text = render_human(
        &report.diagnostics,
        &|p| report.site.source(p),
        stderr_wants_colour(),
    );
    eprint!("{text}");
    if crate::build::timings() {
        for step in &report.steps {
            eprintln!("{step}");
        }
    }
    let summary = Summary::of(&report.diagnostics);
    let secs = report.elapsed.as_secs_f64();
    if report.written {
        let mut line = format!("Built {} pages in {secs:.2} s", thousands(report.pages));
        if summary.warnings > 0 {
            let _ = write!(line, " ({} warnings)", thousands(summary.warnings));
        }
        println!("{line}");
        Ok(SUCCESS)
    } else {
        println!(
            "Build failed: {} errors, {} warnings in {secs:.2} s; {} left unchanged",
            thousands(summary.errors),
            thousands(summary.warnings),
            report.output.display()
        );
        Ok(FINDINGS)
    }
}
