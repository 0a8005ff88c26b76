//! The coverage matrix of a plan as a plain terminal table, printed by `maillon check` after
//! the findings.
//!
//! It shows the same [`Coverage`] as the JSON output, in the plan's language (the words come
//! from `data/messages/`, as the findings' do): one row per priority with the line of its
//! heading, one column per stage, each cell a symbol and a word (`✓ couvert`, `≈ déduit`,
//! `∅ vide`, `✗ manquant`), so it reads without colour, on a screen reader or in a log. Columns
//! are padded by characters, not bytes; colour is added only when asked, after padding.

use std::fmt::Write as _;

use super::coverage::Coverage;
use crate::check::Messages;
use crate::check::chain::Status;

/// Longest priority title shown, in characters; longer ones end with `…`.
const TITLE_WIDTH: usize = 48;

/// The symbol, message key and colour of a status.
fn look(status: Status) -> (&'static str, &'static str, &'static str) {
    match status {
        Status::Covered => ("✓", "status_covered", "32"),
        Status::Inferred => ("≈", "status_inferred", "36"),
        Status::Empty => ("∅", "status_empty", "33"),
        Status::Missing => ("✗", "status_missing", "31"),
    }
}

/// `text` cut to `width` characters, ending with `…` when it was longer.
fn truncate(text: &str, width: usize) -> String {
    if text.chars().count() <= width {
        return text.to_string();
    }
    let kept: String = text.chars().take(width.saturating_sub(1)).collect();
    format!("{}…", kept.trim_end())
}

fn width(text: &str) -> usize {
    text.chars().count()
}

/// Renders the table of one plan, ending with a blank line.
pub(crate) fn render(coverage: &Coverage, messages: &Messages, colour: bool) -> String {
    let lang = coverage.lang.as_str();
    let paint = |code: &str, text: &str| {
        if colour {
            format!("\x1b[{code}m{text}\x1b[0m")
        } else {
            text.to_string()
        }
    };
    let word = |key: &str| messages.get(lang, key, &[]);

    // The cells as plain text first, to measure the columns.
    // A document has no lines: its priorities are found by their paragraph number.
    let document = coverage.priorities.iter().any(|p| p.paragraph.is_some());
    let place = if document {
        "matrix_paragraph"
    } else {
        "matrix_line"
    };
    let mut header = vec![word(place), word("matrix_priority")];
    header.extend(coverage.stages.iter().map(|s| s.name.clone()));
    let rows: Vec<Vec<(String, Option<&str>)>> = coverage
        .priorities
        .iter()
        .map(|p| {
            let mut row = vec![
                (p.paragraph.unwrap_or(p.line).to_string(), None),
                (truncate(p.title.trim(), TITLE_WIDTH), None),
            ];
            row.extend(p.cells.iter().map(|c| {
                let (symbol, key, code) = look(c.status);
                (format!("{symbol} {}", word(key)), Some(code))
            }));
            row
        })
        .collect();
    let mut widths: Vec<usize> = header.iter().map(|h| width(h)).collect();
    for row in &rows {
        for (w, (text, _)) in widths.iter_mut().zip(row) {
            *w = (*w).max(width(text));
        }
    }

    let mut out = String::new();
    let title = messages.get(
        lang,
        "matrix_title",
        &[("title", coverage.title.trim()), ("file", &coverage.file)],
    );
    let _ = writeln!(out, "{}", paint("1", &title));
    let line = |cells: Vec<String>| {
        let last = cells.len().saturating_sub(1);
        let mut text = String::new();
        for (i, cell) in cells.into_iter().enumerate() {
            text.push_str(&cell);
            if i < last {
                text.push_str("  ");
            }
        }
        text.trim_end().to_string()
    };
    let pad = |text: &str, w: usize, right: bool| {
        let fill = " ".repeat(w.saturating_sub(width(text)));
        if right {
            format!("{fill}{text}")
        } else {
            format!("{text}{fill}")
        }
    };
    let _ = writeln!(
        out,
        "{}",
        line(
            header
                .iter()
                .zip(&widths)
                .enumerate()
                .map(|(i, (h, w))| pad(h, *w, i == 0))
                .collect()
        )
    );
    let _ = writeln!(
        out,
        "{}",
        line(widths.iter().map(|w| "-".repeat(*w)).collect())
    );
    for row in &rows {
        let cells = row
            .iter()
            .zip(&widths)
            .enumerate()
            .map(|(i, ((text, code), w))| {
                let padded = pad(text, *w, i == 0);
                match code {
                    // Paint the words only, so the padding stays plain.
                    Some(code) => padded.replacen(text.as_str(), &paint(code, text), 1),
                    None => padded,
                }
            })
            .collect();
        let _ = writeln!(out, "{}", line(cells));
    }
    if coverage.whole {
        let _ = writeln!(out, "{}", word("matrix_whole"));
    }
    out.push('\n');
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::check::report::coverage::{Cell, Row, StageName};

    fn plan() -> Coverage {
        let cell = |stage: &str, status, line| Cell {
            stage: stage.into(),
            status,
            line,
        };
        Coverage {
            file: "plans/vols.md".into(),
            page: None,
            model: "be-3".into(),
            stages: ["prévention", "réaction", "suivi"]
                .iter()
                .zip(["prevention", "reaction", "follow-up"])
                .map(|(name, id)| StageName {
                    id: id.into(),
                    name: (*name).into(),
                })
                .collect(),
            whole: false,
            priorities: vec![
                Row {
                    title: "Priorité 1 : Vols".into(),
                    line: 9,
                    paragraph: None,
                    anchor: Some("priorite-1-vols".into()),
                    cells: vec![
                        cell("prevention", Status::Covered, Some(11)),
                        cell("reaction", Status::Inferred, Some(15)),
                        cell("follow-up", Status::Missing, None),
                    ],
                },
                Row {
                    title: format!("Priorité 2 : {}", "très ".repeat(20)),
                    line: 120,
                    paragraph: None,
                    anchor: Some("priorite-2".into()),
                    cells: vec![
                        cell("prevention", Status::Empty, Some(122)),
                        cell("reaction", Status::Covered, Some(125)),
                        cell("follow-up", Status::Covered, Some(130)),
                    ],
                },
            ],
            title: "Plan de Testville".into(),
            lang: "fr".into(),
        }
    }

    #[test]
    fn a_plain_table_in_the_plan_language() {
        let out = render(&plan(), &Messages::load(), false);
        let long = format!("Priorité 2 : {}…", "très ".repeat(7).trim_end());
        let expected = [
            "Couverture de la chaîne de sécurité : Plan de Testville (plans/vols.md)".to_string(),
            format!("ligne  {:48}  prévention  réaction   suivi", "Priorité"),
            format!(
                "-----  {}  ----------  ---------  ----------",
                "-".repeat(48)
            ),
            format!(
                "    9  {:48}  ✓ couvert   ≈ déduit   ✗ manquant",
                "Priorité 1 : Vols"
            ),
            format!("  120  {long:48}  ∅ vide      ✓ couvert  ✓ couvert"),
            String::new(),
        ];
        assert_eq!(out, expected.join("\n") + "\n");
    }

    #[test]
    fn colour_paints_the_words_not_the_padding() {
        let out = render(&plan(), &Messages::load(), true);
        assert!(
            out.contains("\x1b[32m✓ couvert\x1b[0m   \x1b[36m≈ déduit\x1b[0m"),
            "{out}"
        );
        assert!(!render(&plan(), &Messages::load(), false).contains('\x1b'));
    }
}
