//! `chain/empty-stage`: a stage is named (a heading, a table row or column, a tag or label) but
//! holds nothing, only a placeholder (`néant`, `n.v.t.`, `—`) or only a cross-reference to
//! another document (`Voir PZS 2020-2025`).
//!
//! Why: an empty `### Suivi` or a `Suivi | néant` row promises a stage the plan never describes,
//! and a reader (or a reviewer skimming the table of contents) takes it as covered. Fix: write at
//! least one measure there, or remove the stage and say why it is absent.

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
