//! `--format json`: one object, exactly as `docs/check-output.md` specifies.
//!
//! ```json
//! {"version": 1,
//!  "diagnostics": [{"rule": "chain/missing-stage", "severity": "warning",
//!                   "file": "content/plans/x.md", "line": 12, "column": 1,
//!                   "message": "…", "help": "…", "page": "/plans/x/",
//!                   "priority": "Priorité 2 : …", "stage": "follow-up"}],
//!  "summary": {"errors": 0, "warnings": 1, "infos": 0, "files": 42},
//!  "coverage": [{"file": "content/plans/x.md", "page": "/plans/x/", "model": "be-3", …}]}
//! ```
//! `file` is relative to the site root with `/` separators (as given, for files checked on their
//! own); `line` and `column` are 1-based (column in characters; both 0 for a finding about a
//! whole file). `coverage` is added after every field that came before it, so a reader of the
//! first version of this object reads the same fields; so is `landmark`, present only for a
//! finding in a Word or LibreOffice document (its place in words; `line` and `column` then count
//! in the Markdown it converts to).

use serde::Serialize;

use super::ReportContext;
use super::coverage::Coverage;
use crate::diagnostic::{Diagnostic, Summary, View};

#[derive(Serialize)]
struct Output<'a> {
    version: u32,
    diagnostics: Vec<View<'a>>,
    summary: SummaryOut,
    coverage: &'a [Coverage],
}

#[derive(Serialize)]
struct SummaryOut {
    errors: usize,
    warnings: usize,
    infos: usize,
    files: usize,
}

/// Renders the JSON report (pretty-printed, ending with a newline).
pub(crate) fn render(diagnostics: &[Diagnostic], cx: &ReportContext<'_>) -> String {
    let s = Summary::of(diagnostics);
    let out = Output {
        version: 1,
        diagnostics: diagnostics.iter().map(Diagnostic::view).collect(),
        summary: SummaryOut {
            errors: s.errors,
            warnings: s.warnings,
            infos: s.infos,
            files: cx.files,
        },
        coverage: cx.coverage,
    };
    let mut text =
        serde_json::to_string_pretty(&out).unwrap_or_else(|e| format!("{{\"error\": \"{e}\"}}"));
    text.push('\n');
    text
}
