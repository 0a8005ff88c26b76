//! The check of `plan/front-matter`, whose text for users is its entry in the rule registry,
//! `rule::PLAN_FRONT_MATTER`, and nowhere else.
//!
//! It reads the plan's front matter (title, period, communes or zone, at the top or under
//! `extra`) and matches its `priorities` list to the plan's headings.

use crate::check::PageCheck;
use crate::diagnostic::Diagnostic;

pub(super) fn check(cx: &PageCheck<'_>, out: &mut Vec<Diagnostic>) {
    let Some(reading) = cx.reading else { return };
    let meta = &cx.page.meta;
    let has = |key: &str| {
        meta.extra
            .get(key)
            .is_some_and(|v| !v.is_null() && v.as_str() != Some(""))
    };
    let mut missing = Vec::new();
    if meta.title.as_deref().is_none_or(|t| t.trim().is_empty()) {
        missing.push("title");
    }
    if !has("period") {
        missing.push("extra.period");
    }
    let communes = meta
        .taxonomies
        .get("communes")
        .is_some_and(|c| !c.is_empty());
    if !communes && !has("zone") {
        missing.push("taxonomies.communes | extra.zone");
    }
    let lang = cx.page.lang.as_str();
    if !missing.is_empty() {
        let fields = missing.join(", ");
        out.push(
            cx.finding(
                &crate::rule::PLAN_FRONT_MATTER,
                0,
                cx.messages
                    .get(lang, "plan_front_matter", &[("fields", &fields)]),
            )
            .with_help(
                cx.messages
                    .get(lang, &cx.key("plan_front_matter_help"), &[]),
            ),
        );
    }
    for name in &reading.unmatched {
        out.push(
            cx.finding(
                &crate::rule::PLAN_FRONT_MATTER,
                0,
                cx.messages
                    .get(lang, "priority_unmatched", &[("priority", name)]),
            )
            .with_help(cx.messages.get(lang, "priority_unmatched_help", &[])),
        );
    }
}
