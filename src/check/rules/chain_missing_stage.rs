//! The check of `chain/missing-stage`, whose text for users (what it flags, why, how to fix it)
//! is its entry in the rule registry, `rule::CHAIN_MISSING_STAGE`, and nowhere else.
//!
//! It reads the plan's reading: a stage with no evidence in a priority (or in a plan read as a
//! whole) is one finding at the priority's heading, naming the stages that were found, in the
//! page's language.

use crate::check::{InPriority, PageCheck};
use crate::diagnostic::Diagnostic;

pub(super) fn check(cx: &PageCheck<'_>, out: &mut Vec<Diagnostic>) {
    let Some(reading) = cx.reading else { return };
    let lang = cx.page.lang.as_str();
    let none = cx.messages.get(lang, "none_found", &[]);
    for priority in &reading.priorities {
        let found: Vec<&str> = priority
            .stages
            .iter()
            .zip(&cx.model.stages)
            .filter(|(c, _)| c.evidence.is_some() || !c.empty_headings.is_empty())
            .map(|(_, s)| s.name_in(lang))
            .collect();
        let found = if found.is_empty() {
            none.clone()
        } else {
            found.join(", ")
        };
        for (coverage, stage) in priority.stages.iter().zip(&cx.model.stages) {
            // An empty stage heading is reported by chain/empty-stage, not twice.
            if coverage.evidence.is_some() || !coverage.empty_headings.is_empty() {
                continue;
            }
            let name = stage.name_in(lang);
            let message = if reading.whole {
                cx.messages.get(
                    lang,
                    "missing_stage_plan",
                    &[("stage", name), ("found", &found)],
                )
            } else {
                cx.messages.get(
                    lang,
                    "missing_stage",
                    &[
                        ("priority", &priority.title),
                        ("stage", name),
                        ("found", &found),
                    ],
                )
            };
            let help = cx
                .messages
                .get(lang, &cx.key("missing_stage_help"), &[("stage", name)]);
            out.push(
                cx.finding(&crate::rule::CHAIN_MISSING_STAGE, priority.offset, message)
                    .with_help(help)
                    .in_priority(priority, &stage.id),
            );
        }
    }
}
