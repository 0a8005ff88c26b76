//! What the editor asks about a place: the coverage row of the priority under the cursor
//! (hover), and the fixes of a finding (code actions), in the page's language.

use serde_json::{Value, json};

use super::convert::{line_of, utf16_column};
use crate::messages::Messages;
use crate::serve::state::State;

/// The coverage row of the priority whose heading is on 1-based `line` of the page `rel`, as
/// Markdown: one cell per stage, its status as a symbol and a word.
pub(super) fn hover(state: &State, rel: &str, line: usize) -> Value {
    let Some(&i) = state.site.by_rel.get(rel) else {
        return Value::Null;
    };
    let Some(reading) = state.report.readings.get(i).and_then(Option::as_ref) else {
        return Value::Null;
    };
    let Some(priority) = reading
        .priorities
        .iter()
        .find(|p| !p.whole && p.line == line)
    else {
        return Value::Null;
    };
    let lang = state.site.pages[i].lang.as_str();
    let messages = Messages::bundled();
    let stages = &state.report.stages;
    let header: Vec<&str> = stages.iter().map(|s| s.name_in(lang)).collect();
    let cells: Vec<String> = priority
        .stages
        .iter()
        .map(|c| {
            let status = c.status().as_str();
            let symbol = match status {
                "covered" => "✓",
                "inferred" => "≈",
                "empty" => "∅",
                _ => "✗",
            };
            format!(
                "{symbol} {}",
                messages.get(lang, &format!("status_{status}"), &[])
            )
        })
        .collect();
    let value = format!(
        "**{}** « {} »\n\n| {} |\n|{}\n| {} |\n",
        messages.get(lang, "lsp_coverage", &[]),
        priority.title.trim(),
        header.join(" | "),
        "---|".repeat(header.len()),
        cells.join(" | "),
    );
    json!({ "contents": { "kind": "markdown", "value": value } })
}

/// The fixes of the maillon findings among `found` (the LSP diagnostics the client sends back):
/// a suppression comment on the line before the flagged one, with a reason to write; for a
/// missing stage, also the stage's sub-heading at the end of the priority.
pub(super) fn code_actions(
    state: &State,
    uri: &str,
    rel: &str,
    text: &str,
    found: &[Value],
) -> Value {
    let lang = state
        .site
        .by_rel
        .get(rel)
        .map_or("en", |&i| state.site.pages[i].lang.as_str());
    let messages = Messages::bundled();
    let mut actions = Vec::new();
    for d in found.iter().filter(|d| d["source"] == "maillon") {
        let (Some(rule), Some(line)) = (d["code"].as_str(), d["range"]["start"]["line"].as_u64())
        else {
            continue;
        };
        let line = line as usize;
        let edit = |at: (usize, usize), new_text: String| {
            json!({ "changes": { uri: [{
                "range": {
                    "start": { "line": at.0, "character": at.1 },
                    "end": { "line": at.0, "character": at.1 },
                },
                "newText": new_text,
            }] } })
        };
        if rule == "chain/missing-stage"
            && let Some(stage) = d["data"]["stage"].as_str()
            && let Some(stage) = state.report.stages.iter().find(|s| s.id == stage)
        {
            let name = capitalised(stage.name_in(lang));
            let (at, level) = end_of_section(text, line);
            // A blank line between the section's last text and the new heading.
            let prefix = if at.1 > 0 {
                "\n\n"
            } else if at.0 > 0 && !line_of(text, at.0 - 1).trim().is_empty() {
                "\n"
            } else {
                ""
            };
            actions.push(json!({
                "title": messages.get(lang, "lsp_add_stage", &[("stage", &name)]),
                "kind": "quickfix",
                "diagnostics": [d],
                "isPreferred": true,
                "edit": edit(at, format!(
                    "{prefix}{} {name}\n\n{}\n\n",
                    "#".repeat(level + 1),
                    messages.get(lang, "lsp_fill", &[])
                )),
            }));
        }
        actions.push(json!({
            "title": messages.get(lang, "lsp_suppress", &[("rule", rule)]),
            "kind": "quickfix",
            "diagnostics": [d],
            "edit": edit((line, 0), format!(
                "<!-- maillon-disable {rule}: {} -->\n",
                messages.get(lang, "lsp_reason", &[])
            )),
        }));
    }
    Value::Array(actions)
}

fn capitalised(name: &str) -> String {
    let mut chars = name.chars();
    chars
        .next()
        .map(|c| c.to_uppercase().chain(chars).collect())
        .unwrap_or_default()
}

/// Where the section of the heading on 0-based `line` ends (the start of the next heading of
/// its level or above, else the end of the text), as an LSP position, and the heading's level
/// (2 for a priority written as a bold line).
fn end_of_section(text: &str, line: usize) -> ((usize, usize), usize) {
    let level_of = |l: &str| {
        let hashes = l.len() - l.trim_start_matches('#').len();
        (hashes > 0 && hashes <= 6 && l[hashes..].starts_with(' ')).then_some(hashes)
    };
    let level = level_of(line_of(text, line)).unwrap_or(2);
    let count = text.split('\n').count();
    for l in line + 1..count {
        if level_of(line_of(text, l)).is_some_and(|n| n <= level) {
            return ((l, 0), level);
        }
    }
    // No heading after it: at the end of the last line.
    let last = count.saturating_sub(1);
    let end = line_of(text, last);
    ((last, utf16_column(end, end.chars().count())), level)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_section_ends_at_the_next_heading_of_its_level() {
        let text = "## Priorité 1 : Vols\n\n### Prévention\n\nX.\n\n## Priorité 2\n";
        assert_eq!(end_of_section(text, 0), ((6, 0), 2));
        let last = "## Priorité 1 : Vols\n\n### Prévention\n\nÉté.";
        assert_eq!(end_of_section(last, 0), ((4, 4), 2));
    }
}
