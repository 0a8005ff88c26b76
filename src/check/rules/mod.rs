//! The rule registry: every rule id maillon reports, with its default severity and its
//! documentation, in one sorted table.
//!
//! Rules that read a page's content closely are functions here (one file each) and run once per
//! page; the others (links, front matter, templates) are found by the stage that sees the
//! problem and are listed here only for their metadata (SARIF, the documentation page).

mod chain_empty_stage;
mod chain_inferred_stage;
mod chain_missing_stage;
mod plan_front_matter;

use crate::diagnostic::{Diagnostic, Severity};

use super::PageCheck;

/// A page rule: reads one page, pushes its findings.
pub type Check = fn(&PageCheck<'_>, &mut Vec<Diagnostic>);

/// One rule of the registry.
pub struct Rule {
    /// Stable id.
    pub id: &'static str,
    /// Severity unless configured otherwise.
    pub severity: Severity,
    /// One line: what it flags.
    pub summary: &'static str,
    /// Why it matters and how to fix it.
    pub help: &'static str,
    /// The page check, for rules run by the checker.
    pub check: Option<Check>,
}

/// Every built-in rule, sorted by id.
pub const BUILTIN: &[Rule] = &[
    Rule {
        id: "chain/empty-stage",
        severity: Severity::Warning,
        summary: "A stage of a plan priority is named (heading, tag, label, table row or column) but holds nothing, a placeholder or only a cross-reference to another document.",
        help: "An empty stage (an empty heading, `Suivi : néant`, a `—` cell, `Voir PZS 2020-2025`) promises a stage the plan does not describe. Write at least one measure there (action, partner, indicator), or remove the stage and say why it is absent with a suppression.",
        check: Some(chain_empty_stage::check),
    },
    Rule {
        id: "chain/inferred-stage",
        severity: Severity::Info,
        summary: "A stage of a plan priority is found only through lexicon terms.",
        help: "The stage seems covered, but only because a term of its lexicon appears in the text. Make it explicit with a stage heading (### Suivi) or a tag (**Suivi :**).",
        check: Some(chain_inferred_stage::check),
    },
    Rule {
        id: "chain/missing-stage",
        severity: Severity::Warning,
        summary: "A plan priority (or a plan without priorities) leaves out a stage of the security chain.",
        help: "The framework note asks every priority to cover prevention, reaction and follow-up; the chain is as strong as its weakest link. Add a heading, a table row or a tagged paragraph for the missing stage under the priority, with at least one measure.",
        check: Some(chain_missing_stage::check),
    },
    Rule {
        id: "config/imported",
        severity: Severity::Warning,
        summary: "No maillon.toml: settings were read from a Zola or Hugo config.",
        help: "Add a maillon.toml to configure the site fully.",
        check: None,
    },
    Rule {
        id: "content/duplicate-url",
        severity: Severity::Error,
        summary: "Two pages would be written to the same URL.",
        help: "Give one of them another slug.",
        check: None,
    },
    Rule {
        id: "content/encoding",
        severity: Severity::Error,
        summary: "A content file is not valid UTF-8.",
        help: "Save the file as UTF-8.",
        check: None,
    },
    Rule {
        id: "content/shortcode",
        severity: Severity::Warning,
        summary: "A Zola or Hugo shortcode, which maillon shows as written.",
        help: "Replace it with Markdown or raw HTML.",
        check: None,
    },
    Rule {
        id: "content/unknown-language",
        severity: Severity::Warning,
        summary: "A file's language suffix is not a language of the site; the file is left out.",
        help: "Add the language to maillon.toml or rename the file.",
        check: None,
    },
    Rule {
        id: "content/unreadable",
        severity: Severity::Error,
        summary: "A content file cannot be read.",
        help: "Check the file's permissions.",
        check: None,
    },
    Rule {
        id: "front-matter/alias",
        severity: Severity::Error,
        summary: "An alias is not a path inside the site, or clashes with a page or another alias.",
        help: "Aliases are old paths such as /ancien/chemin/.",
        check: None,
    },
    Rule {
        id: "front-matter/date",
        severity: Severity::Error,
        summary: "A date is not a date.",
        help: "Write dates as YYYY-MM-DD.",
        check: None,
    },
    Rule {
        id: "front-matter/invalid",
        severity: Severity::Error,
        summary: "The front matter does not parse.",
        help: "YAML between --- lines or TOML between +++ lines.",
        check: None,
    },
    Rule {
        id: "front-matter/template",
        severity: Severity::Error,
        summary: "A page names a template that does not exist.",
        help: "Name a file of the theme's or the site's templates/.",
        check: None,
    },
    Rule {
        id: "front-matter/title",
        severity: Severity::Error,
        summary: "A page has no title.",
        help: "Add a title to the front matter.",
        check: None,
    },
    Rule {
        id: "front-matter/unknown-field",
        severity: Severity::Warning,
        summary: "A front matter field maillon does not know; it is ignored.",
        help: "Free data belongs under extra.",
        check: None,
    },
    Rule {
        id: "front-matter/unknown-taxonomy",
        severity: Severity::Warning,
        summary: "A taxonomy not declared in maillon.toml; its terms are ignored.",
        help: "Declare it with [[taxonomies]].",
        check: None,
    },
    Rule {
        id: "links/anchor",
        severity: Severity::Error,
        summary: "An internal link's #anchor matches no heading of its target.",
        help: "Heading ids fold accents and use hyphens: ## Priorité 1 is #priorite-1.",
        check: None,
    },
    Rule {
        id: "links/broken",
        severity: Severity::Error,
        summary: "An internal link (@/path.md or a relative .md path) resolves to nothing.",
        help: "Link to a file under content/, from content/ with @/ or relative to the page.",
        check: None,
    },
    Rule {
        id: "plan/front-matter",
        severity: Severity::Warning,
        summary: "A plan lacks a required field (title, period, communes or zone), or lists a priority with no heading.",
        help: "Plans give extra.period, and taxonomies.communes or extra.zone.",
        check: Some(plan_front_matter::check),
    },
    Rule {
        id: "suppress/invalid",
        severity: Severity::Error,
        summary: "A suppression without a reason, or naming an unknown rule; it is not applied.",
        help: "Write <!-- maillon-disable chain/missing-stage: the reason -->.",
        check: None,
    },
    Rule {
        id: "suppress/unused",
        severity: Severity::Warning,
        summary: "A suppression that suppresses nothing.",
        help: "Remove it: the finding it silenced is gone.",
        check: None,
    },
    Rule {
        id: "template/error",
        severity: Severity::Error,
        summary: "A template failed to render.",
        help: "The message names the template file and line.",
        check: None,
    },
];

/// The registry entry of `id`, if it is a built-in rule.
pub fn find(id: &str) -> Option<&'static Rule> {
    BUILTIN.iter().find(|r| r.id == id)
}

#[cfg(test)]
mod tests {
    #[test]
    fn registry_is_sorted_and_unique() {
        let ids: Vec<&str> = super::BUILTIN.iter().map(|r| r.id).collect();
        let mut sorted = ids.clone();
        sorted.sort_unstable();
        sorted.dedup();
        assert_eq!(ids, sorted);
    }
}
