//! Suppressions: `<!-- maillon-disable RULE[, RULE]: reason -->` on the line before what it
//! silences, and front matter `checks.allow = [{rule, reason}]` for a whole page.
//!
//! They apply after every rule has run, to every finding of the run, so a suppression works the
//! same for chain rules, link rules and custom rules. A suppression needs a reason and a known
//! rule; one that silences nothing is reported, so stale ones do not pile up.

use super::Messages;
use super::custom::CustomRules;
use crate::content::Site;
use crate::diagnostic::Diagnostic;

struct Suppression {
    file: std::path::PathBuf,
    page: String,
    lang: String,
    /// Line it applies to (1-based); `None` for a whole page (front matter).
    line: Option<usize>,
    rules: Vec<String>,
    /// Where the suppression is written (line, column).
    at: crate::source::Position,
    used: bool,
}

/// Applies every suppression of `site` to `diagnostics`; returns what remains plus the findings
/// about suppressions themselves.
pub(super) fn apply(
    site: &Site,
    diagnostics: Vec<Diagnostic>,
    custom: &CustomRules,
    messages: &Messages,
) -> Vec<Diagnostic> {
    let known = |id: &str| crate::rule::find(id).is_some() || custom.has(id);
    let mut suppressions = Vec::new();
    let mut problems = Vec::new();
    for page in &site.pages {
        let file = &page.file;
        for (offset, directive) in &page.rendered.directives {
            let Some(rest) = directive.strip_prefix("maillon-disable") else {
                continue;
            };
            let at = file.position(*offset);
            let (list, reason) = rest.split_once(':').unwrap_or((rest, ""));
            let ids: Vec<String> = list
                .split([',', ' '])
                .map(str::trim)
                .filter(|s| !s.is_empty())
                .map(str::to_string)
                .collect();
            let lang = page.lang.as_str();
            let mut invalid = |key: &str, rule: &str| {
                problems.push(
                    Diagnostic::of(
                        &crate::rule::SUPPRESS_INVALID,
                        &file.path,
                        at,
                        messages.get(lang, key, &[("rule", rule)]),
                    )
                    .with_help(messages.get(lang, &format!("{key}_help"), &[]))
                    .with_page(&page.url),
                );
            };
            if ids.is_empty() {
                invalid("suppression_unknown_rule", "");
                continue;
            }
            if let Some(bad) = ids.iter().find(|id| !known(id)) {
                invalid("suppression_unknown_rule", bad);
                continue;
            }
            if reason.trim().is_empty() {
                invalid("suppression_without_reason", &ids.join(", "));
                continue;
            }
            suppressions.push(Suppression {
                file: file.path.clone(),
                page: page.url.clone(),
                lang: page.lang.clone(),
                line: Some(target_line(file.text(), *offset)),
                rules: ids,
                at,
                used: false,
            });
        }
        for allow in &page.meta.checks.allow {
            let at = crate::content::front_matter::top();
            if !known(&allow.rule) || allow.reason.trim().is_empty() {
                let key = if known(&allow.rule) {
                    "suppression_without_reason"
                } else {
                    "suppression_unknown_rule"
                };
                let lang = page.lang.as_str();
                problems.push(
                    Diagnostic::of(
                        &crate::rule::SUPPRESS_INVALID,
                        &file.path,
                        at,
                        messages.get(lang, key, &[("rule", &allow.rule)]),
                    )
                    .with_help(messages.get(lang, &format!("{key}_help"), &[]))
                    .with_page(&page.url),
                );
                continue;
            }
            suppressions.push(Suppression {
                file: file.path.clone(),
                page: page.url.clone(),
                lang: page.lang.clone(),
                line: None,
                rules: vec![allow.rule.clone()],
                at,
                used: false,
            });
        }
    }

    let unsuppressible: &[&crate::rule::Rule] = &[
        &crate::rule::SUPPRESS_INVALID,
        &crate::rule::SUPPRESS_UNUSED,
    ];
    let mut kept = Vec::with_capacity(diagnostics.len());
    for d in diagnostics {
        let hit = (!d.is_one_of(unsuppressible))
            .then(|| {
                suppressions.iter_mut().find(|s| {
                    s.file == d.file
                        && s.rules.iter().any(|r| *r == *d.rule)
                        && s.line.is_none_or(|l| l == d.line)
                })
            })
            .flatten();
        match hit {
            Some(s) => s.used = true,
            None => kept.push(d),
        }
    }
    for s in suppressions.iter().filter(|s| !s.used) {
        let rules = s.rules.join(", ");
        kept.push(
            Diagnostic::of(
                &crate::rule::SUPPRESS_UNUSED,
                &s.file,
                s.at,
                messages.get(&s.lang, "unused_suppression", &[("rule", &rules)]),
            )
            .with_help(messages.get(&s.lang, "unused_suppression_help", &[]))
            .with_page(&s.page),
        );
    }
    kept.extend(problems);
    kept
}

/// The line a comment at `offset` applies to: the first non-blank line after the comment.
fn target_line(text: &str, offset: usize) -> usize {
    let end = text[offset..]
        .find("-->")
        .map_or(text.len(), |e| offset + e + 3);
    let mut line = text[..end].matches('\n').count() + 1;
    for l in text[end..].split('\n').skip(1) {
        line += 1;
        if !l.trim().is_empty() {
            return line;
        }
    }
    line
}

#[cfg(test)]
mod tests {
    #[test]
    fn target_is_the_next_non_blank_line() {
        let text = "a\n<!-- maillon-disable x: y -->\n\n## Titre\n";
        assert_eq!(super::target_line(text, 2), 4);
        let text = "<!-- maillon-disable x: y -->\n## Titre\n";
        assert_eq!(super::target_line(text, 0), 2);
    }
}
