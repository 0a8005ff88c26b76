//! Custom rules from maillon.toml: `when` and `require` are MiniJinja expressions over the page,
//! `message` is a MiniJinja template.
//!
//! ```toml
//! [[checks.rules]]
//! id = "practice/contact"
//! when = "page.kind == 'practice'"
//! require = "page.extra.contact is defined"
//! message = "La bonne pratique {{ page.title }} ne donne aucun contact"
//! ```
//!
//! Every expression is validated when the checker starts, so a typo is a config error naming its
//! `maillon.toml:line:column` before any page is read; each run then compiles every expression
//! and template once ([`CustomRules::prepare`]) and evaluates them on every page. The page data an expression sees is
//! documented on [`PageData`]; for plans it includes the priorities and the stages found.

use minijinja::Environment;
use serde::Serialize;

use super::PageCheck;
use super::chain::Evidence;
use crate::config::Config;
use crate::diagnostic::{Diagnostic, Severity};
use crate::error::{Error, Result};
use crate::source::LineIndex;

/// The page as custom rules see it (`page.…`).
#[derive(Serialize)]
pub(crate) struct PageData<'a> {
    /// `guidance`, `practice` or `plan`.
    pub kind: &'a str,
    /// Title.
    pub title: &'a str,
    /// Description, if any.
    pub description: Option<&'a str>,
    /// Language code.
    pub lang: &'a str,
    /// Path relative to content/.
    pub path: &'a str,
    /// URL path.
    pub url: &'a str,
    /// `YYYY-MM-DD`.
    pub date: Option<&'a str>,
    /// Taxonomies as written.
    pub taxonomies: &'a std::collections::BTreeMap<String, Vec<String>>,
    /// `extra` as written.
    pub extra: &'a serde_json::Map<String, serde_json::Value>,
    /// Plans: each priority with the stage ids found (`stages`), found only by inference
    /// (`inferred`) and missing (`missing`).
    pub priorities: Vec<PriorityData<'a>>,
}

/// One priority, for custom rules.
#[derive(Serialize)]
pub(crate) struct PriorityData<'a> {
    /// Heading text.
    pub title: &'a str,
    /// Stage ids with evidence.
    pub stages: Vec<&'a str>,
    /// Stage ids with lexicon evidence only.
    pub inferred: Vec<&'a str>,
    /// Stage ids without evidence.
    pub missing: Vec<&'a str>,
}

struct Compiled {
    id: String,
    severity: Severity,
    when: Option<String>,
    require: String,
    message: String,
    help: Option<String>,
}

/// The custom rules of a site, validated.
pub(crate) struct CustomRules {
    env: Environment<'static>,
    rules: Vec<Compiled>,
}

impl CustomRules {
    /// Validates every expression and template of `config`'s custom rules.
    pub(crate) fn compile(config: &Config) -> Result<CustomRules> {
        let env = Environment::new();
        let at = |span: std::ops::Range<usize>| {
            let text = &config.source;
            let p = LineIndex::new(text).position(text, span.start);
            format!("maillon.toml:{}:{}", p.line, p.column)
        };
        let mut rules = Vec::new();
        for r in &config.checks.rules {
            if crate::rule::find(&r.id).is_some() {
                return Err(Error::Config(format!(
                    "maillon.toml: custom rule id `{}` is a built-in rule",
                    r.id
                )));
            }
            for expr in r.when.iter().chain(std::iter::once(&r.require)) {
                if let Err(e) = env.compile_expression(expr.get_ref()) {
                    return Err(Error::Config(format!(
                        "{}: invalid expression in rule `{}`: {}",
                        at(expr.span()),
                        r.id,
                        e.detail().unwrap_or("syntax error")
                    )));
                }
            }
            if let Err(e) = env.template_from_str(r.message.get_ref()) {
                return Err(Error::Config(format!(
                    "{}: invalid message template in rule `{}`: {}",
                    at(r.message.span()),
                    r.id,
                    e.detail().unwrap_or("syntax error")
                )));
            }
            rules.push(Compiled {
                id: r.id.clone(),
                severity: r.severity,
                when: r.when.as_ref().map(|w| w.get_ref().clone()),
                require: r.require.get_ref().clone(),
                message: r.message.get_ref().clone(),
                help: r.help.clone(),
            });
        }
        Ok(CustomRules { env, rules })
    }

    /// Whether `id` is one of these rules.
    pub(crate) fn has(&self, id: &str) -> bool {
        self.rules.iter().any(|r| r.id == id)
    }

    /// Ids and severities, for reports.
    pub(crate) fn ids(&self) -> impl Iterator<Item = (&str, Severity)> {
        self.rules.iter().map(|r| (r.id.as_str(), r.severity))
    }

    /// The rules compiled for one run: every expression and template once, whatever the
    /// number of pages. (They were validated by [`CustomRules::compile`], so none fails here;
    /// one that would is left out.)
    pub(crate) fn prepare(&self) -> Prepared<'_> {
        let rules = self
            .rules
            .iter()
            .filter_map(|rule| {
                let when = match &rule.when {
                    Some(w) => Some(self.env.compile_expression(w).ok()?),
                    None => None,
                };
                Some(PreparedRule {
                    rule,
                    when,
                    require: self.env.compile_expression(&rule.require).ok()?,
                    message: self.env.template_from_str(&rule.message).ok()?,
                })
            })
            .collect();
        Prepared { rules }
    }
}

/// The custom rules of one run, compiled.
pub(crate) struct Prepared<'r> {
    rules: Vec<PreparedRule<'r>>,
}

struct PreparedRule<'r> {
    rule: &'r Compiled,
    when: Option<minijinja::Expression<'r, 'r>>,
    require: minijinja::Expression<'r, 'r>,
    message: minijinja::Template<'r, 'r>,
}

impl Prepared<'_> {
    /// Runs every custom rule on one page.
    pub(crate) fn check(&self, cx: &PageCheck<'_>, out: &mut Vec<Diagnostic>) {
        if self.rules.is_empty() {
            return;
        }
        let data = page_data(cx);
        let ctx =
            minijinja::context! { page => minijinja::Value::from(minijinja::value::Serde(&data)) };
        for prepared in &self.rules {
            let rule = prepared.rule;
            let truth = |expr: &minijinja::Expression<'_, '_>| expr.eval(&ctx).map(|v| v.is_true());
            let applies = prepared.when.as_ref().map_or(Ok(true), truth);
            let outcome = applies.and_then(|a| {
                if a {
                    truth(&prepared.require).map(|ok| !ok)
                } else {
                    Ok(false)
                }
            });
            let message = match outcome {
                Ok(false) => continue,
                Ok(true) => prepared
                    .message
                    .render(&ctx)
                    .unwrap_or_else(|e| format!("{} (message template failed: {e})", rule.id)),
                Err(e) => format!(
                    "rule `{}` could not be evaluated on this page: {e}",
                    rule.id
                ),
            };
            let mut d = Diagnostic::new(
                rule.id.clone(),
                rule.severity,
                &cx.page.file.path,
                crate::content::front_matter::top(),
                message,
            )
            .with_page(&cx.page.url);
            d.help.clone_from(&rule.help);
            out.push(d);
        }
    }
}

fn page_data<'a>(cx: &'a PageCheck<'_>) -> PageData<'a> {
    let page = cx.page;
    let priorities = cx
        .reading
        .map(|r| {
            r.priorities
                .iter()
                .map(|p| {
                    let mut data = PriorityData {
                        title: &p.title,
                        stages: Vec::new(),
                        inferred: Vec::new(),
                        missing: Vec::new(),
                    };
                    for (c, s) in p.stages.iter().zip(&cx.model.stages) {
                        match &c.evidence {
                            Some(Evidence::Lexicon { .. }) => {
                                data.stages.push(&s.id);
                                data.inferred.push(&s.id);
                            }
                            Some(_) => data.stages.push(&s.id),
                            None => data.missing.push(&s.id),
                        }
                    }
                    data
                })
                .collect()
        })
        .unwrap_or_default();
    PageData {
        kind: page.kind.as_str(),
        title: &page.title,
        description: page.meta.description.as_deref(),
        lang: &page.lang,
        path: &page.rel,
        url: &page.url,
        date: page.date.as_deref(),
        taxonomies: &page.meta.taxonomies,
        extra: &page.meta.extra,
        priorities,
    }
}
