//! The check of `chain/inferred-stage` (info), whose text for users is its entry in the rule
//! registry, `rule::CHAIN_INFERRED_STAGE`, and nowhere else.
//!
//! It reads the plan's reading: a stage whose only evidence is a lexicon term or an act is one
//! finding, naming the term and its place (a line, or a document's paragraph).

use crate::check::chain::Evidence;
use crate::check::{InPriority, PageCheck};
use crate::diagnostic::Diagnostic;

pub(super) fn check(cx: &PageCheck<'_>, out: &mut Vec<Diagnostic>) {
    let Some(reading) = cx.reading else { return };
    let lang = cx.page.lang.as_str();
    for priority in &reading.priorities {
        for (coverage, stage) in priority.stages.iter().zip(&cx.model.stages) {
            let Some(Evidence::Lexicon { offset, term }) = &coverage.evidence else {
                continue;
            };
            let name = stage.name_in(lang);
            // The term's own line and words, when they can be found in the block's text.
            let (term_at, term) =
                crate::check::chain::text::locate(cx.page.file.text(), *offset, term)
                    .unwrap_or((*offset, term.as_str()));
            let line = cx.page.file.position(term_at).line;
            let args = [
                ("stage", name),
                ("priority", &priority.title),
                ("term", term),
            ];
            // A document says where the term is by its paragraph, a Markdown page by its line.
            let message = match cx.place(line) {
                Some(place) => cx.messages.get(
                    lang,
                    "inferred_stage_document",
                    &[&args[..], &[("place", &place)]].concat(),
                ),
                None => cx.messages.get(
                    lang,
                    "inferred_stage",
                    &[&args[..], &[("line", &line.to_string())]].concat(),
                ),
            };
            let help = cx
                .messages
                .get(lang, &cx.key("inferred_stage_help"), &[("stage", name)]);
            let at = if reading.whole {
                *offset
            } else {
                priority.offset
            };
            out.push(
                cx.finding(&crate::rule::CHAIN_INFERRED_STAGE, at, message)
                    .with_help(help)
                    .in_priority(priority, &stage.id),
            );
        }
    }
}
