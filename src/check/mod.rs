//! CHECK: the rules checker, run on the loaded and parsed site.
//!
//! The same [`Checker`] runs inside `check`, `build` and `serve`, so their findings never differ.
//! Plans are read once ([`chain::read_plan`]); every page rule then reads the same
//! [`PageCheck`], built once per page, and pushes [`Diagnostic`]s. Suppressions are applied last,
//! to every finding of the run (links included), and a suppression that suppressed nothing is
//! itself a finding.

pub(crate) mod chain;
pub(crate) mod custom;
pub(crate) mod language;
pub(crate) mod report;
pub(crate) mod rules;
mod suppress;

use std::path::Path;

use rayon::prelude::*;

pub(crate) use crate::messages::Messages;
pub(crate) use chain::{ChainModel, PlanReading};

use crate::config::Config;
use crate::content::{Page, PageKind, Site};
use crate::diagnostic::Diagnostic;
use crate::error::Result;

/// Everything the checker needs, loaded once per run.
pub(crate) struct Checker {
    /// The chain model.
    pub model: ChainModel,
    /// Custom rules from maillon.toml.
    pub custom: custom::CustomRules,
    /// Messages in every language (loaded once per process).
    pub messages: &'static Messages,
}

/// What one page rule sees.
pub(crate) struct PageCheck<'a> {
    /// The page.
    pub page: &'a Page,
    /// The chain model.
    pub model: &'a ChainModel,
    /// The plan's reading, for plans.
    pub reading: Option<&'a PlanReading>,
    /// Messages.
    pub messages: &'a Messages,
}

impl PageCheck<'_> {
    /// A finding of `rule` (severity from the registry) at byte `offset` of the page's file;
    /// offset 0 means the top of the file.
    /// The message key `key`, or its `_document` form for a Word or LibreOffice document (its
    /// advice speaks of title styles, not of Markdown).
    pub(crate) fn key(&self, key: &str) -> String {
        if self.page.file.is_document() {
            format!("{key}_document")
        } else {
            key.to_string()
        }
    }

    /// The paragraph or table row holding `line` of a document, in the page's language
    /// (`paragraphe 5`); `None` for a Markdown page.
    pub(crate) fn place(&self, line: usize) -> Option<String> {
        use crate::import::landmarks::Spot;
        let lang = self.page.lang.as_str();
        let spot = self.page.file.landmarks()?.spot(line)?;
        Some(match spot {
            Spot::Paragraph(n) | Spot::Heading(n) | Spot::Note(n) => {
                self.messages
                    .get(lang, "place_paragraph", &[("n", &n.to_string())])
            }
            Spot::Row(table, row) => self.messages.get(
                lang,
                "place_row",
                &[("table", &table.to_string()), ("row", &row.to_string())],
            ),
            Spot::Properties => return None,
        })
    }

    /// A finding of `rule` at byte `offset` of the page.
    pub(crate) fn finding(
        &self,
        rule: &crate::rule::Rule,
        offset: usize,
        message: String,
    ) -> Diagnostic {
        let at = self.page.file.position(offset);
        Diagnostic::of(rule, &self.page.file.path, at, message).with_page(&self.page.url)
    }
}

/// Sets the chain fields of a finding.
pub(crate) trait InPriority {
    /// Names the priority (unless the plan is read as a whole) and the stage id.
    #[must_use]
    fn in_priority(self, priority: &chain::Priority, stage: &str) -> Self;
}

impl InPriority for Diagnostic {
    fn in_priority(mut self, priority: &chain::Priority, stage: &str) -> Self {
        self.priority = (!priority.whole).then(|| priority.title.clone());
        self.stage = Some(stage.to_string());
        self
    }
}

/// What a check run found.
pub struct Report {
    /// Every finding, suppressions applied, sorted.
    pub diagnostics: Vec<Diagnostic>,
    /// The reading of each plan, by page index (for the coverage matrix).
    pub readings: Vec<Option<PlanReading>>,
    /// The stages of the model the plans were read with.
    pub stages: Vec<chain::Stage>,
}

impl Checker {
    /// Loads the chain model, the custom rules and the messages for the site at `root`.
    pub(crate) fn new(config: &Config, root: &Path) -> Result<Checker> {
        Ok(Checker {
            model: ChainModel::load(&config.chain, root)?,
            custom: custom::CustomRules::compile(config)?,
            messages: Messages::bundled(),
        })
    }

    /// Runs every rule on every page of `site`; `earlier` are the findings of the stages before
    /// (links, front matter), to which suppressions apply too.
    pub(crate) fn run(&self, site: &Site, earlier: Vec<Diagnostic>) -> Report {
        self.run_with(site, earlier, Vec::new())
    }

    /// [`Checker::run`], given the readings already known, by page index (`maillon check`'s
    /// cache of unchanged plans, `serve`'s readings of the plans a save left alone), all read
    /// with this checker's model; the other plans are read. `known` may be shorter than the
    /// site's pages.
    pub(crate) fn run_with(
        &self,
        site: &Site,
        earlier: Vec<Diagnostic>,
        mut known: Vec<Option<PlanReading>>,
    ) -> Report {
        known.resize_with(site.pages.len(), || None);
        let readings: Vec<Option<PlanReading>> = site
            .pages
            .par_iter()
            .zip(known)
            .map(|(p, known)| {
                (p.kind == PageKind::Plan)
                    .then(|| known.unwrap_or_else(|| chain::read_plan(p, &self.model)))
            })
            .collect();
        let custom = self.custom.prepare();
        let found: Vec<Vec<Diagnostic>> = site
            .pages
            .par_iter()
            .zip(&readings)
            .map(|(page, reading)| {
                let cx = PageCheck {
                    page,
                    model: &self.model,
                    reading: reading.as_ref(),
                    messages: self.messages,
                };
                let mut out = Vec::new();
                for check in rules::CHECKS {
                    check(&cx, &mut out);
                }
                custom.check(&cx, &mut out);
                out
            })
            .collect();
        let mut diagnostics = earlier;
        diagnostics.extend(found.into_iter().flatten());
        let mut diagnostics = suppress::apply(site, diagnostics, &self.custom, self.messages);
        crate::diagnostic::sort(&mut diagnostics);
        site.name_places(&mut diagnostics);
        Report {
            diagnostics,
            readings,
            stages: self.model.stages.clone(),
        }
    }
}
