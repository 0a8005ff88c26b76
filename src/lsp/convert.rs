//! Between maillon's findings and LSP's: file URIs to paths, characters to UTF-16 columns.

use std::path::PathBuf;

use serde_json::{Value, json};

use crate::diagnostic::{Diagnostic, Severity};

/// The path of a `file://` URI (percent-decoded).
pub(super) fn path_of(uri: &str) -> Option<PathBuf> {
    let rest = uri.strip_prefix("file://")?;
    Some(PathBuf::from(crate::markdown::links::percent_decode(rest)))
}

/// The text of 0-based `line` of `text`, without its line break.
pub(super) fn line_of(text: &str, line: usize) -> &str {
    text.split('\n')
        .nth(line)
        .map_or("", |l| l.trim_end_matches('\r'))
}

/// The UTF-16 column of the character `chars` characters into `line`.
pub(super) fn utf16_column(line: &str, chars: usize) -> usize {
    line.chars().take(chars).map(char::len_utf16).sum()
}

/// An LSP diagnostic for `d` in a file whose text is `text`: from its place to the end of its
/// line (a finding about the whole file sits at its start), its rule as `code`, its help after
/// the message, and its stage and priority as `data` for the code actions.
pub(super) fn diagnostic(d: &Diagnostic, text: &str) -> Value {
    let (start, end) = match d.line_column() {
        Some((line, column)) => {
            let l = line - 1;
            let source = line_of(text, l);
            let from = utf16_column(source, column.saturating_sub(1));
            let to = source.encode_utf16().count().max(from);
            ((l, from), (l, to))
        }
        None => ((0, 0), (0, 0)),
    };
    let severity = match d.severity {
        Severity::Error => 1,
        Severity::Warning => 2,
        Severity::Info => 3,
    };
    let mut message = d.located_message();
    if let Some(help) = &d.help {
        message.push_str("\n\n");
        message.push_str(help);
    }
    json!({
        "range": {
            "start": { "line": start.0, "character": start.1 },
            "end": { "line": end.0, "character": end.1 },
        },
        "severity": severity,
        "code": d.rule.to_string(),
        "source": "maillon",
        "message": message,
        "data": { "stage": d.stage, "priority": d.priority },
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn uris_and_columns() {
        assert_eq!(
            path_of("file:///tmp/s%C3%A9curit%C3%A9/a%20b.md"),
            Some(PathBuf::from("/tmp/sécurité/a b.md"))
        );
        assert_eq!(path_of("untitled:1"), None);
        // `é` is one UTF-16 unit, `𝄞` two.
        assert_eq!(utf16_column("é𝄞x", 2), 3);
        assert_eq!(line_of("a\r\nbé\n", 1), "bé");
    }
}
