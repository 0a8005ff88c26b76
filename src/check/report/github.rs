//! `--format github`: GitHub Actions workflow commands, one line per finding, so findings show
//! up as annotations on the pull request's files.

use std::fmt::Write as _;

use crate::diagnostic::{Diagnostic, Severity};

/// Escapes a message (`%`, CR, LF).
fn data(text: &str) -> String {
    text.replace('%', "%25")
        .replace('\r', "%0D")
        .replace('\n', "%0A")
}

/// Escapes a property value (also `:` and `,`).
fn property(text: &str) -> String {
    data(text).replace(':', "%3A").replace(',', "%2C")
}

/// Renders one `::level file=…,line=…,col=…,title=…::message` line per finding.
pub(crate) fn render(diagnostics: &[Diagnostic]) -> String {
    let mut out = String::new();
    for d in diagnostics {
        let level = match d.severity {
            Severity::Error => "error",
            Severity::Warning => "warning",
            Severity::Info => "notice",
        };
        let file = property(&d.file.to_string_lossy().replace('\\', "/"));
        let mut message = d.located_message();
        if let Some(help) = &d.help {
            message.push('\n');
            message.push_str(help);
        }
        let _ = write!(out, "::{level} file={file}");
        if let Some((line, column)) = d.line_column() {
            let _ = write!(out, ",line={line},col={column}");
        }
        let _ = writeln!(out, ",title={}::{}", property(&d.rule), data(&message));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::source::Position;

    #[test]
    fn escapes_properties_and_data() {
        let d = Diagnostic::of(
            &crate::rule::CHAIN_MISSING_STAGE,
            std::path::Path::new("content/a,b.md"),
            Position { line: 3, column: 1 },
            "100% : manque",
        )
        .with_help("ajoutez");
        assert_eq!(
            render(&[d]),
            "::warning file=content/a%2Cb.md,line=3,col=1,title=chain/missing-stage::100%25 : manque%0Aajoutez\n"
        );
    }
}
