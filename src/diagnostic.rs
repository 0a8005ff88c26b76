//! Findings about the user's content.
//!
//! A [`Diagnostic`] is data: a rule id, a severity, a place (`file:line:column`) and words for
//! the user. Every stage of the pipeline pushes diagnostics into a list instead of returning
//! early, so one run reports every broken link and every bad front matter at once. The list is
//! sorted before it is shown, so output is deterministic whatever order the parallel stages
//! finished in. Rendering them for a terminal lives here; other formats live with the checker.

use std::fmt::Write as _;
use std::io::IsTerminal;
use std::path::{Path, PathBuf};

use serde::Serialize;

pub use crate::rule::Severity;
use crate::source::{Position, SourceFile};

/// A rule's id: a built-in rule's is a constant; a custom rule's (from maillon.toml) is owned,
/// so that reloading the configuration leaks nothing.
pub(crate) type RuleId = std::borrow::Cow<'static, str>;

/// One finding about one place in the user's content.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Diagnostic {
    /// Stable rule id, such as `links/broken` or `front-matter/invalid`.
    pub rule: RuleId,
    /// How serious it is.
    pub severity: Severity,
    /// File relative to the site root.
    pub file: PathBuf,
    /// 1-based line (0 when the finding concerns the whole file).
    pub line: usize,
    /// 1-based column in characters (0 when the finding concerns the whole file).
    pub column: usize,
    /// What is wrong, in one sentence.
    pub message: String,
    /// How to fix it.
    pub help: Option<String>,
    /// URL path of the page concerned, when there is one.
    pub page: Option<String>,
    /// Title of the plan priority concerned (chain rules).
    pub priority: Option<String>,
    /// Id of the stage concerned (chain rules), such as `follow-up`.
    pub stage: Option<String>,
    /// For a Word or LibreOffice document, which has no lines, where the finding is in the
    /// author's terms: `heading "Priorité 2 : Drogues", paragraph 14`. `line` and `column`
    /// then count in the Markdown the document converts to (as `maillon import` writes it).
    pub landmark: Option<String>,
}

impl Diagnostic {
    /// A finding at `at` in `file`.
    pub fn new(
        rule: impl Into<RuleId>,
        severity: Severity,
        file: &Path,
        at: Position,
        message: impl Into<String>,
    ) -> Self {
        Diagnostic {
            rule: rule.into(),
            severity,
            file: file.to_path_buf(),
            line: at.line,
            column: at.column,
            message: message.into(),
            help: None,
            page: None,
            priority: None,
            stage: None,
            landmark: None,
        }
    }

    /// Whether the finding is one of `rules`.
    pub fn is_one_of(&self, rules: &[&crate::rule::Rule]) -> bool {
        rules.iter().any(|r| r.id == self.rule)
    }

    /// A finding of built-in rule `rule`, at its severity.
    pub fn of(
        rule: &crate::rule::Rule,
        file: &Path,
        at: Position,
        message: impl Into<String>,
    ) -> Self {
        Self::new(rule.id, rule.severity, file, at, message)
    }

    /// Adds the help line.
    #[must_use]
    pub fn with_help(mut self, help: impl Into<String>) -> Self {
        self.help = Some(help.into());
        self
    }

    /// The finding as a warning when `lowered` (a rule that is an error on a maillon site and
    /// only a warning on a site moving in from Zola or Hugo).
    #[must_use]
    pub fn lowered_to_warning(mut self, lowered: bool) -> Self {
        if lowered {
            self.severity = Severity::Warning;
        }
        self
    }

    /// Names the page concerned.
    #[must_use]
    pub fn with_page(mut self, url: impl Into<String>) -> Self {
        self.page = Some(url.into());
        self
    }
}

/// A finding as every output shows it: the JSON report, the verification page, the preview's
/// overlay. One view, so that a field added to findings reaches all of them.
#[derive(Debug, Clone, Serialize)]
pub struct View<'a> {
    /// Rule id.
    pub rule: &'a str,
    /// `error`, `warning` or `info`.
    pub severity: &'a str,
    /// File relative to the site root, `/`-separated.
    pub file: String,
    /// 1-based line, 0 for the whole file.
    pub line: usize,
    /// 1-based column in characters, 0 for the whole file.
    pub column: usize,
    /// What is wrong.
    pub message: &'a str,
    /// How to fix it.
    pub help: Option<&'a str>,
    /// URL path of the page concerned.
    pub page: Option<&'a str>,
    /// Priority concerned (chain rules).
    pub priority: Option<&'a str>,
    /// Stage concerned (chain rules).
    pub stage: Option<&'a str>,
    /// Its place in a Word or LibreOffice document (absent for Markdown).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub landmark: Option<&'a str>,
}

impl Diagnostic {
    /// The line and column a report can point at: none for the whole file, nor in a converted
    /// document, whose lines are its Markdown's (its place is said in words instead).
    pub fn line_column(&self) -> Option<(usize, usize)> {
        (self.line > 0 && self.landmark.is_none()).then_some((self.line, self.column))
    }

    /// The message, after the finding's place in words when it is in a converted document.
    pub fn located_message(&self) -> String {
        match &self.landmark {
            Some(landmark) => format!("{landmark}: {}", self.message),
            None => self.message.clone(),
        }
    }

    /// The finding as outputs show it.
    pub fn view(&self) -> View<'_> {
        View {
            rule: &self.rule,
            severity: self.severity.label(),
            file: self.file.to_string_lossy().replace('\\', "/"),
            line: self.line,
            column: self.column,
            message: &self.message,
            help: self.help.as_deref(),
            page: self.page.as_deref(),
            priority: self.priority.as_deref(),
            stage: self.stage.as_deref(),
            landmark: self.landmark.as_deref(),
        }
    }
}

/// Sorts diagnostics by file, line, column, then rule, so output never depends on thread timing.
pub(crate) fn sort(diagnostics: &mut [Diagnostic]) {
    diagnostics.sort_by(|a, b| {
        (&a.file, a.line, a.column, &a.rule, &a.message)
            .cmp(&(&b.file, b.line, b.column, &b.rule, &b.message))
    });
}

/// Counts of each severity.
#[derive(Debug, Default, Clone, Copy, PartialEq, Eq, Serialize)]
pub(crate) struct Summary {
    /// Number of errors.
    pub errors: usize,
    /// Number of warnings.
    pub warnings: usize,
    /// Number of infos.
    pub infos: usize,
}

impl Summary {
    /// Counts `diagnostics`.
    pub(crate) fn of(diagnostics: &[Diagnostic]) -> Self {
        let mut s = Summary::default();
        for d in diagnostics {
            match d.severity {
                Severity::Error => s.errors += 1,
                Severity::Warning => s.warnings += 1,
                Severity::Info => s.infos += 1,
            }
        }
        s
    }
}

/// Renders diagnostics the way compilers do: a header, `--> file:line:column`, the source line
/// with a caret under the column, and the help. `source` finds a file's text by its path; colour
/// is used only when `colour` is true.
pub(crate) fn render_human<'a>(
    diagnostics: &[Diagnostic],
    source: &dyn Fn(&Path) -> Option<&'a SourceFile>,
    colour: bool,
) -> String {
    let mut out = String::new();
    let paint = |code: &str, text: &str| {
        if colour {
            format!("\x1b[{code}m{text}\x1b[0m")
        } else {
            text.to_string()
        }
    };
    for d in diagnostics {
        let (code, label) = match d.severity {
            Severity::Error => ("1;31", d.severity.label()),
            Severity::Warning => ("1;33", d.severity.label()),
            Severity::Info => ("1;36", d.severity.label()),
        };
        let _ = writeln!(
            out,
            "{}{} {}",
            paint(code, &format!("{label}[{}]", d.rule)),
            paint("1", ":"),
            paint("1", &d.message)
        );
        let file = d.file.display().to_string().replace('\\', "/");
        let line_text = source(&d.file).map(|f| f.line_text(d.line));
        if let Some(landmark) = &d.landmark {
            // A document has no lines: its place, then the converted line's text.
            let bar = paint("1;34", "|");
            let _ = writeln!(out, " {} {file}: {landmark}", paint("1;34", "-->"));
            if let Some(text) = line_text.filter(|t| !t.trim().is_empty()) {
                let _ = writeln!(out, "  {bar} {text}");
            }
            if let Some(help) = &d.help {
                let _ = writeln!(out, "  {} help: {help}", paint("1;34", "="));
            }
            out.push('\n');
            continue;
        }
        let gutter = d.line.to_string().len().max(1);
        if d.line == 0 {
            let _ = writeln!(out, "{:gutter$}{} {file}", "", paint("1;34", "-->"));
        } else {
            let _ = writeln!(
                out,
                "{:gutter$}{} {file}:{}:{}",
                "",
                paint("1;34", "-->"),
                d.line,
                d.column
            );
        }
        if let Some(text) = line_text.filter(|_| d.line > 0) {
            let bar = paint("1;34", "|");
            let _ = writeln!(out, "{:gutter$} {bar}", "");
            let _ = writeln!(out, "{} {bar} {text}", paint("1;34", &d.line.to_string()));
            let pad: String = text
                .chars()
                .take(d.column.saturating_sub(1))
                .map(|c| if c == '\t' { '\t' } else { ' ' })
                .collect();
            let _ = writeln!(out, "{:gutter$} {bar} {pad}{}", "", paint(code, "^"));
        }
        if let Some(help) = &d.help {
            let _ = writeln!(out, "{:gutter$} {} help: {help}", "", paint("1;34", "="));
        }
        out.push('\n');
    }
    out
}

/// Whether standard error is a terminal that takes colour (and `NO_COLOR` is not set).
pub(crate) fn stderr_wants_colour() -> bool {
    std::io::stderr().is_terminal() && std::env::var_os("NO_COLOR").is_none()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn human_output_points_at_the_column() {
        let file = SourceFile::new("content/a.md".into(), "# T\nvoir [x](@/nope.md)\n".into());
        let d = Diagnostic::of(
            &crate::rule::LINKS_BROKEN,
            Path::new("content/a.md"),
            Position { line: 2, column: 6 },
            "link to `@/nope.md` resolves to nothing",
        )
        .with_help("check the path");
        let out = render_human(&[d], &|_| Some(&file), false);
        assert_eq!(
            out,
            "error[links/broken]: link to `@/nope.md` resolves to nothing\n \
             --> content/a.md:2:6\n  |\n2 | voir [x](@/nope.md)\n  |      ^\n  = help: check the path\n\n"
        );
    }
}
