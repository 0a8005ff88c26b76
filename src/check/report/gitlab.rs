//! `--format gitlab`: a GitLab Code Quality report, so findings show in merge requests.
//!
//! The report is a JSON array of issues, each with `description`, `check_name`, `fingerprint`,
//! `severity` and `location: {path, lines: {begin}}`. GitLab keys issues by their fingerprint,
//! so it must be stable across runs and unique within a report: it is SARIF's fingerprint (rule,
//! file, priority and stage, or the text of the flagged line; never the line number), and a
//! finding whose fingerprint an earlier one of the report already has gets it hashed again with
//! its rank among them.

use std::collections::HashMap;

use serde::Serialize;

use super::ReportContext;
use crate::diagnostic::{Diagnostic, Severity};

#[derive(Serialize)]
struct Issue<'a> {
    description: String,
    check_name: &'a str,
    fingerprint: String,
    severity: &'static str,
    location: Location,
}

#[derive(Serialize)]
struct Location {
    path: String,
    lines: Lines,
}

#[derive(Serialize)]
struct Lines {
    begin: usize,
}

/// GitLab's severity of a finding: an error (which fails `check`) is `major`, a warning
/// `minor`, an info `info`.
fn severity(s: Severity) -> &'static str {
    match s {
        Severity::Error => "major",
        Severity::Warning => "minor",
        Severity::Info => "info",
    }
}

/// Renders the report (an empty array when there is no finding).
pub(crate) fn render(diagnostics: &[Diagnostic], cx: &ReportContext<'_>) -> String {
    let mut seen: HashMap<String, usize> = HashMap::new();
    let issues: Vec<Issue> = diagnostics
        .iter()
        .map(|d| {
            let base = super::sarif::fingerprint(d, (cx.line_text)(d).as_deref());
            let rank = seen.entry(base.clone()).or_insert(0);
            *rank += 1;
            let fingerprint = match *rank {
                1 => base,
                n => format!(
                    "{:016x}",
                    crate::hash::fnv1a(format!("{base}/{n}").as_bytes())
                ),
            };
            let mut description = d.located_message();
            if let Some(help) = &d.help {
                description.push_str(" — ");
                description.push_str(help);
            }
            Issue {
                description,
                check_name: &d.rule,
                fingerprint,
                severity: severity(d.severity),
                location: Location {
                    path: d.file.to_string_lossy().replace('\\', "/"),
                    // A finding about a whole file, or in a document (which has no lines), is
                    // placed on its first line.
                    lines: Lines {
                        begin: d.line_column().map_or(1, |(line, _)| line),
                    },
                },
            }
        })
        .collect();
    let mut out = serde_json::to_string_pretty(&issues).unwrap_or_else(|_| "[]".into());
    out.push('\n');
    out
}
