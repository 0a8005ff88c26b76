//! The `verification/` page: every finding of the site, grouped by page and linked, and the
//! reference of every rule (the target of the help links in SARIF output).
//!
//! One page per language lists the findings of that language's pages (the default language's
//! page also lists findings about files that are not pages, such as the config); each finding's
//! message is already in its page's language.

use serde::Serialize;
use tera::Value;

use crate::check::Report;
use crate::content::Site;
use crate::diagnostic::{Severity, Summary};
use crate::rule::ALL;

#[derive(Serialize)]
struct Finding<'a> {
    #[serde(flatten)]
    view: crate::diagnostic::View<'a>,
    rule_anchor: String,
    /// Link to the place on the page: the priority's heading when known.
    url: Option<String>,
}

#[derive(Serialize)]
struct PageFindings<'a> {
    title: String,
    url: Option<&'a str>,
    file: String,
    findings: Vec<Finding<'a>>,
}

#[derive(Serialize)]
struct RuleDoc {
    id: &'static str,
    anchor: String,
    severity: &'static str,
    summary: &'static str,
    help: &'static str,
}

#[derive(Serialize)]
struct VerificationValue<'a> {
    summary: Summary,
    pages: Vec<PageFindings<'a>>,
    rules: Vec<RuleDoc>,
}

fn anchor(rule: &str) -> String {
    format!("rule-{}", crate::slug::slugify(rule))
}

/// `verification` for the page of `lang`.
pub(super) fn value(site: &Site, report: &Report, lang: &str) -> Value {
    let default = lang == site.config.default_language;
    let mut groups: Vec<PageFindings> = Vec::new();
    let mut summary = Summary::default();
    for d in &report.diagnostics {
        let page = site.page_at(&d.file);
        let in_lang = page.map_or(default, |p| p.lang == lang);
        if !in_lang {
            continue;
        }
        match d.severity {
            Severity::Error => summary.errors += 1,
            Severity::Warning => summary.warnings += 1,
            Severity::Info => summary.infos += 1,
        }
        let file = d.file.to_string_lossy().replace('\\', "/");
        let priority_anchor = page.and_then(|p| {
            let title = d.priority.as_deref()?;
            p.rendered
                .headings
                .iter()
                // A priority is a heading of any level (a bold line has no anchor: the page).
                .find(|h| h.text.trim().trim_end_matches(':').trim() == title)
                .map(|h| format!("{}#{}", p.url, h.id))
        });
        let finding = Finding {
            view: d.view(),
            rule_anchor: anchor(&d.rule),
            url: priority_anchor.or_else(|| page.map(|p| p.url.clone())),
        };
        match groups.last_mut().filter(|g| g.file == file) {
            Some(g) => g.findings.push(finding),
            None => groups.push(PageFindings {
                title: page.map_or_else(|| file.clone(), |p| p.title.clone()),
                url: page.map(|p| p.url.as_str()),
                file,
                findings: vec![finding],
            }),
        }
    }
    let rules = ALL
        .iter()
        .map(|r| RuleDoc {
            id: r.id,
            anchor: anchor(r.id),
            severity: r.severity.label(),
            summary: r.summary,
            help: r.help,
        })
        .collect();
    Value::from_serializable(&VerificationValue {
        summary,
        pages: groups,
        rules,
    })
}
