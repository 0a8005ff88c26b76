//! `chain/empty-stage`: a heading names a stage of the chain but has nothing under it.
//!
//! Why: an empty `### Suivi` promises a stage the plan never describes, and a reader (or a
//! reviewer skimming the table of contents) takes it as covered. Fix: write at least one measure
//! under the heading, or remove it.

use crate::check::{InPriority, PageCheck};
use crate::diagnostic::Diagnostic;

pub fn check(cx: &PageCheck<'_>, out: &mut Vec<Diagnostic>) {
    let Some(reading) = cx.reading else { return };
    let lang = cx.page.lang.as_str();
    for priority in &reading.priorities {
        for (coverage, stage) in priority.stages.iter().zip(&cx.model.stages) {
            if coverage.evidence.is_some() {
                continue;
            }
            let name = stage.name_in(lang);
            for (offset, _) in &coverage.empty_headings {
                let message = cx.messages.get(
                    lang,
                    "empty_stage",
                    &[("stage", name), ("priority", &priority.title)],
                );
                let help = cx
                    .messages
                    .get(lang, "empty_stage_help", &[("stage", name)]);
                out.push(
                    cx.finding("chain/empty-stage", *offset, message)
                        .with_help(help)
                        .in_priority(priority, &stage.id),
                );
            }
        }
    }
}
