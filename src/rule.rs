//! The rules: every finding maillon reports has its rule here, with its default severity, its
//! one-line summary and its help, once.
//!
//! Every stage that finds something names the rule by its constant (`rule::LINKS_BROKEN`), so an
//! id is never retyped and a severity never chosen twice; the verification page, SARIF's rule
//! metadata and the README's table of rules all come from [`ALL`] (a test holds the README to
//! it). The checks that read pages closely live with the checker (`check::rules`), which pairs
//! them with these entries. Custom rules from maillon.toml are not here: their ids are the
//! site's.

use serde::Serialize;

/// How serious a finding is. Errors fail a build; warnings fail it only under `--deny warnings`.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, serde::Deserialize,
)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    /// Fails the command (exit code 1).
    Error,
    /// Reported; fails only under `--deny warnings`.
    Warning,
    /// Reported for information.
    Info,
}

impl Severity {
    /// `error`, `warning` or `info`.
    pub fn label(self) -> &'static str {
        match self {
            Severity::Error => "error",
            Severity::Warning => "warning",
            Severity::Info => "info",
        }
    }
}

/// One built-in rule.
#[derive(Debug)]
pub struct Rule {
    /// Stable id, such as `links/broken`.
    pub id: &'static str,
    /// Severity unless configured otherwise.
    pub severity: Severity,
    /// One line: what it flags.
    pub summary: &'static str,
    /// Why it matters and how to fix it.
    pub help: &'static str,
}

/// `chain/empty-stage`.
pub const CHAIN_EMPTY_STAGE: Rule = Rule {
    id: "chain/empty-stage",
    severity: Severity::Warning,
    summary: "A stage of a plan priority named (heading, tag, label, table row or column) but holding nothing, a placeholder or only a cross-reference to another document; at that heading, block or cell.",
    help: "An empty stage (an empty heading, `Suivi : néant`, a `—` cell, `Voir PZS 2020-2025`) promises a stage the plan does not describe. Write at least one measure there (action, partner, indicator), or remove the stage and say why it is absent with a suppression.",
};

/// `chain/inferred-stage`.
pub const CHAIN_INFERRED_STAGE: Rule = Rule {
    id: "chain/inferred-stage",
    severity: Severity::Info,
    summary: "A stage of a plan priority found only through a lexicon term or an act (the term and its place are named).",
    help: "The stage seems covered, but only because a term of its lexicon appears in the text. Make it explicit with a stage heading (### Suivi) or a tag (**Suivi :**).",
};

/// `chain/missing-stage`.
pub const CHAIN_MISSING_STAGE: Rule = Rule {
    id: "chain/missing-stage",
    severity: Severity::Warning,
    summary: "A plan priority (or a plan without priorities) with no evidence for a stage of the security chain; at the priority heading, in the page's language, naming the stages found.",
    help: "The framework note asks every priority to cover prevention, reaction and follow-up; the chain is as strong as its weakest link. Add a heading, a table row or a tagged paragraph for the missing stage under the priority, with at least one measure.",
};

/// `config/imported`.
pub const CONFIG_IMPORTED: Rule = Rule {
    id: "config/imported",
    severity: Severity::Warning,
    summary: "No maillon.toml: settings were read from a Zola or Hugo config.",
    help: "Add a maillon.toml to configure the site fully.",
};

/// `content/document`.
pub const CONTENT_DOCUMENT: Rule = Rule {
    id: "content/document",
    severity: Severity::Error,
    summary: "A Word or LibreOffice document cannot be read: not a document, damaged, password-protected, holding macros, or beyond the size and nesting caps.",
    help: "Open it in Word or LibreOffice and save it again as .docx or .odt; the message says which.",
};

/// `content/document-loss`.
pub const CONTENT_DOCUMENT_LOSS: Rule = Rule {
    id: "content/document-loss",
    severity: Severity::Info,
    summary: "What a Word or LibreOffice document holds that a page cannot show (a chart, SmartArt, merged cells repeated), named by its place.",
    help: "Nothing is lost silently: check the place named, and describe in words what a chart or diagram showed.",
};

/// `content/duplicate-url`.
pub const CONTENT_DUPLICATE_URL: Rule = Rule {
    id: "content/duplicate-url",
    severity: Severity::Error,
    summary: "Two pages would be written to the same URL.",
    help: "Give one of them another slug.",
};

/// `content/encoding`.
pub const CONTENT_ENCODING: Rule = Rule {
    id: "content/encoding",
    severity: Severity::Error,
    summary: "A content file is not valid UTF-8.",
    help: "Save the file as UTF-8.",
};

/// `content/shortcode`.
pub const CONTENT_SHORTCODE: Rule = Rule {
    id: "content/shortcode",
    severity: Severity::Warning,
    summary: "A Zola or Hugo shortcode, which maillon shows as written.",
    help: "Replace it with Markdown or raw HTML.",
};

/// `content/symlink`.
pub const CONTENT_SYMLINK: Rule = Rule {
    id: "content/symlink",
    severity: Severity::Warning,
    summary: "A symbolic link in content/, which is not followed (its target may lie outside the site or loop); it is left out.",
    help: "Copy the file or folder into content/.",
};

/// `content/unknown-language`.
pub const CONTENT_UNKNOWN_LANGUAGE: Rule = Rule {
    id: "content/unknown-language",
    severity: Severity::Warning,
    summary: "A file's language suffix is not a language of the site; the file is left out.",
    help: "Add the language to maillon.toml or rename the file.",
};

/// `content/unreadable`.
pub const CONTENT_UNREADABLE: Rule = Rule {
    id: "content/unreadable",
    severity: Severity::Error,
    summary: "A content file cannot be read.",
    help: "Check the file's permissions.",
};

/// `front-matter/alias`.
pub const FRONT_MATTER_ALIAS: Rule = Rule {
    id: "front-matter/alias",
    severity: Severity::Error,
    summary: "An alias is not a path inside the site, or clashes with a page or another alias.",
    help: "Aliases are old paths such as /ancien/chemin/.",
};

/// `front-matter/date`.
pub const FRONT_MATTER_DATE: Rule = Rule {
    id: "front-matter/date",
    severity: Severity::Error,
    summary: "A date is not a date.",
    help: "Write dates as YYYY-MM-DD.",
};

/// `front-matter/invalid`.
pub const FRONT_MATTER_INVALID: Rule = Rule {
    id: "front-matter/invalid",
    severity: Severity::Error,
    summary: "The front matter does not parse.",
    help: "YAML between --- lines or TOML between +++ lines.",
};

/// `front-matter/slug`.
pub const FRONT_MATTER_SLUG: Rule = Rule {
    id: "front-matter/slug",
    severity: Severity::Warning,
    summary: "A slug is not one URL segment (it holds `/`, `..`, a backslash or a NUL) or has no letter or digit; the URL used is named.",
    help: "A slug is one URL segment, such as plan-2025; a page moves with its file.",
};

/// `front-matter/term`.
pub const FRONT_MATTER_TERM: Rule = Rule {
    id: "front-matter/term",
    severity: Severity::Warning,
    summary: "A taxonomy term has no letter or digit, so no URL; it is left out.",
    help: "Name terms with words, such as cambriolages.",
};

/// `front-matter/template`.
pub const FRONT_MATTER_TEMPLATE: Rule = Rule {
    id: "front-matter/template",
    severity: Severity::Error,
    summary: "A page names a template that does not exist.",
    help: "Name a file of the theme's or the site's templates/.",
};

/// `front-matter/title`.
pub const FRONT_MATTER_TITLE: Rule = Rule {
    id: "front-matter/title",
    severity: Severity::Error,
    summary: "A page has no title.",
    help: "Add a title to the front matter.",
};

/// `front-matter/unknown-field`.
pub const FRONT_MATTER_UNKNOWN_FIELD: Rule = Rule {
    id: "front-matter/unknown-field",
    severity: Severity::Warning,
    summary: "A front matter field maillon does not know; it is ignored.",
    help: "Free data belongs under extra.",
};

/// `front-matter/unknown-taxonomy`.
pub const FRONT_MATTER_UNKNOWN_TAXONOMY: Rule = Rule {
    id: "front-matter/unknown-taxonomy",
    severity: Severity::Warning,
    summary: "A taxonomy not declared in maillon.toml; its terms are ignored.",
    help: "Declare it with [[taxonomies]].",
};

/// `links/anchor`.
pub const LINKS_ANCHOR: Rule = Rule {
    id: "links/anchor",
    severity: Severity::Error,
    summary: "An internal link's #anchor matches no heading of its target.",
    help: "Heading ids fold accents and use hyphens: ## Priorité 1 is #priorite-1.",
};

/// `links/broken`.
pub const LINKS_BROKEN: Rule = Rule {
    id: "links/broken",
    severity: Severity::Error,
    summary: "An internal link (@/path.md or a relative .md path) resolves to nothing.",
    help: "Link to a file under content/, from content/ with @/ or relative to the page.",
};

/// `plan/front-matter`.
pub const PLAN_FRONT_MATTER: Rule = Rule {
    id: "plan/front-matter",
    severity: Severity::Warning,
    summary: "A plan lacks a required field (title, period, communes or zone), or lists a priority with no heading.",
    help: "Plans give extra.period, and taxonomies.communes or extra.zone.",
};

/// `suppress/invalid`.
pub const SUPPRESS_INVALID: Rule = Rule {
    id: "suppress/invalid",
    severity: Severity::Error,
    summary: "A suppression without a reason, or naming an unknown rule; it is not applied.",
    help: "Write <!-- maillon-disable chain/missing-stage: the reason -->.",
};

/// `suppress/unused`.
pub const SUPPRESS_UNUSED: Rule = Rule {
    id: "suppress/unused",
    severity: Severity::Warning,
    summary: "A suppression that suppresses nothing.",
    help: "Remove it: the finding it silenced is gone.",
};

/// `template/error`.
pub const TEMPLATE_ERROR: Rule = Rule {
    id: "template/error",
    severity: Severity::Error,
    summary: "A template failed to render.",
    help: "The message names the template file and line.",
};

/// `theme/missing-string`.
pub const THEME_MISSING_STRING: Rule = Rule {
    id: "theme/missing-string",
    severity: Severity::Warning,
    summary: "A language of the site lacks some of the theme's UI strings; its pages show them in the default language.",
    help: "Add the keys to i18n/<lang>.toml at the site's root.",
};

/// Every built-in rule, sorted by id.
pub const ALL: &[&Rule] = &[
    &CHAIN_EMPTY_STAGE,
    &CHAIN_INFERRED_STAGE,
    &CHAIN_MISSING_STAGE,
    &CONFIG_IMPORTED,
    &CONTENT_DOCUMENT,
    &CONTENT_DOCUMENT_LOSS,
    &CONTENT_DUPLICATE_URL,
    &CONTENT_ENCODING,
    &CONTENT_SHORTCODE,
    &CONTENT_SYMLINK,
    &CONTENT_UNKNOWN_LANGUAGE,
    &CONTENT_UNREADABLE,
    &FRONT_MATTER_ALIAS,
    &FRONT_MATTER_DATE,
    &FRONT_MATTER_INVALID,
    &FRONT_MATTER_SLUG,
    &FRONT_MATTER_TEMPLATE,
    &FRONT_MATTER_TERM,
    &FRONT_MATTER_TITLE,
    &FRONT_MATTER_UNKNOWN_FIELD,
    &FRONT_MATTER_UNKNOWN_TAXONOMY,
    &LINKS_ANCHOR,
    &LINKS_BROKEN,
    &PLAN_FRONT_MATTER,
    &SUPPRESS_INVALID,
    &SUPPRESS_UNUSED,
    &TEMPLATE_ERROR,
    &THEME_MISSING_STRING,
];

/// The rule `id`, if it is a built-in one.
pub fn find(id: &str) -> Option<&'static Rule> {
    ALL.iter().copied().find(|r| r.id == id)
}

#[cfg(test)]
mod tests {
    #[test]
    fn rules_are_sorted_and_unique() {
        let ids: Vec<&str> = super::ALL.iter().map(|r| r.id).collect();
        let mut sorted = ids.clone();
        sorted.sort_unstable();
        sorted.dedup();
        assert_eq!(ids, sorted);
    }
}
