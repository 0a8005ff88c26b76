//! Output formats of the checker, one file each, all rendering the same `&[Diagnostic]`.
//!
//! `human` is the compiler-style text of `crate::diagnostic::render_human`, followed by the
//! coverage matrix of plans ([`matrix`]); `json` follows the schema of `docs/check-output.md`
//! exactly, the matrix under `coverage`; `sarif` is SARIF 2.1.0 for code-scanning services;
//! `github` prints workflow annotations. Every format is deterministic: diagnostics arrive
//! sorted, and so do the plans' [`coverage`].

pub(crate) mod coverage;
pub(crate) mod github;
pub(crate) mod gitlab;
pub(crate) mod json;
pub(crate) mod matrix;
pub(crate) mod sarif;

use crate::diagnostic::Diagnostic;

/// `--format`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, clap::ValueEnum)]
pub(crate) enum Format {
    /// Compiler-style text with code frames (colour on a terminal).
    #[default]
    Human,
    /// One JSON object (schema in docs/check-output.md).
    Json,
    /// SARIF 2.1.0.
    Sarif,
    /// GitHub Actions workflow annotations.
    Github,
    /// GitLab Code Quality report.
    Gitlab,
}

/// What every format may need besides the diagnostics.
pub(crate) struct ReportContext<'a> {
    /// Files checked.
    pub files: usize,
    /// Absolute site root, for SARIF's base URI.
    pub root: &'a std::path::Path,
    /// Site base URL, for rule help links.
    pub base_url: &'a str,
    /// Custom rules: (id, severity).
    pub custom: Vec<(&'a str, crate::Severity)>,
    /// Source line text for a diagnostic (for fingerprints), if known.
    pub line_text: &'a dyn Fn(&Diagnostic) -> Option<String>,
    /// The coverage of the plans among the files reported, sorted by file.
    pub coverage: &'a [coverage::Coverage],
}

/// The help URL of a rule: its entry on the site's verification page.
pub(crate) fn rule_url(base_url: &str, rule: &str) -> String {
    format!(
        "{base_url}verification/#rule-{}",
        crate::slug::slugify(rule)
    )
}
