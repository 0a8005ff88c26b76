//! The check of `chain/empty-stage`, whose text for users is its entry in the rule registry,
//! `rule::CHAIN_EMPTY_STAGE`, and nowhere else.
//!
//! It reads the plan's reading: a stage whose only evidence is a naming (heading, tag, label,
//! table row or column) with nothing, a placeholder or a cross-reference under it is one finding
//! at that naming.

use crate::check::{InPriority, PageCheck};
use crate::diagnostic::Diagnostic;

pub(super) fn check(cx: &PageCheck<'_>, out: &mut Vec<Diagnostic>) {
    let Some(reading) = cx.reading else { return };
    let lang = cx.page.lang.as_str();
    for priority in &reading.priorities {
        for (coverage, stage) in priority.stages.iter().zip(&cx.model.stages) {
            if coverage.evidence.is_some() {
                continue;
            }
            let name = stage.name_in(lang);
            for (offset, naming) in &coverage.empty_headings {
                let naming: String = naming.chars().take(80).collect();
                let message = cx.messages.get(
                    lang,
                    "empty_stage",
                    &[
                        ("stage", name),
                        ("priority", &priority.title),
                        ("naming", &naming),
                    ],
                );
                let help = cx
                    .messages
                    .get(lang, "empty_stage_help", &[("stage", name)]);
                out.push(
                    cx.finding(&crate::rule::CHAIN_EMPTY_STAGE, *offset, message)
                        .with_help(help)
                        .in_priority(priority, &stage.id),
                );
            }
        }
    }
}
