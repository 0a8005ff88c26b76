//! The coverage matrix of each plan (priority × stage), as data that both the terminal table
//! ([`super::matrix`]) and `--format json` show, so the two never disagree.
//!
//! It is made from the plan's reading and nothing else: a cell is [`Status`] as the reading says
//! (`StageCoverage::status`), with the line of its evidence (the heading, tag, table cell or
//! lexicon term), or of the empty heading that names the stage. Lines, not offsets, because a
//! person or a script opens the file at a line.

use std::path::Path;

use serde::Serialize;

use crate::check::Report;
use crate::check::chain::{ChainModel, PlanReading, Status};
use crate::content::{Page, Site};

/// The coverage of one plan.
#[derive(Debug, Clone, Serialize)]
pub(crate) struct Coverage {
    /// The file, named as in the findings.
    pub file: String,
    /// URL path of the page in the site (`None` for a plan checked on its own).
    pub page: Option<String>,
    /// Id of the chain model the plan was read with (`be-3`).
    pub model: String,
    /// The columns: the model's stages, named in the plan's language.
    pub stages: Vec<StageName>,
    /// Whether the plan had no priority and was read as a whole (one row, the plan).
    pub whole: bool,
    /// The rows.
    pub priorities: Vec<Row>,
    /// The plan's title (for the terminal table's heading).
    #[serde(skip)]
    pub title: String,
    /// The plan's language (for the terminal table's words).
    #[serde(skip)]
    pub lang: String,
}

/// One column.
#[derive(Debug, Clone, Serialize)]
pub(crate) struct StageName {
    /// Stage id (`follow-up`).
    pub id: String,
    /// Its name in the plan's language.
    pub name: String,
}

/// One priority (or the whole plan).
#[derive(Debug, Clone, Serialize)]
pub(crate) struct Row {
    /// Heading text (the plan's title for a plan read as a whole).
    pub title: String,
    /// Line of the heading (1 for a plan read as a whole).
    pub line: usize,
    /// In a Word or LibreOffice document, the heading's paragraph number (lines then count in
    /// the Markdown it converts to).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub paragraph: Option<usize>,
    /// Heading id (`None` for a plan read as a whole).
    pub anchor: Option<String>,
    /// One cell per stage, in column order.
    pub cells: Vec<Cell>,
}

/// One cell.
#[derive(Debug, Clone, Serialize)]
pub(crate) struct Cell {
    /// Stage id.
    pub stage: String,
    /// How the stage stands in this priority.
    pub status: Status,
    /// Line of the evidence, or of the empty heading; absent for a missing stage.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub line: Option<usize>,
}

/// The coverage of page `index` of `site`, read as `reading` with `model`.
pub(crate) fn of(site: &Site, index: usize, reading: &PlanReading, model: &ChainModel) -> Coverage {
    let page = &site.pages[index];
    let lang = page.lang.as_str();
    let landmarks = page.file.landmarks();
    let paragraph = |line: usize| landmarks?.paragraph(line);
    Coverage {
        file: page.file.path.to_string_lossy().replace('\\', "/"),
        page: (!site.standalone).then(|| page.url.clone()),
        model: model.id.clone(),
        stages: model
            .stages
            .iter()
            .map(|s| StageName {
                id: s.id.clone(),
                name: s.name_in(lang).to_string(),
            })
            .collect(),
        whole: reading.whole,
        priorities: reading
            .priorities
            .iter()
            .map(|p| Row {
                title: p.title.clone(),
                line: p.line,
                paragraph: paragraph(p.line),
                anchor: p.anchor.clone(),
                cells: p
                    .stages
                    .iter()
                    .zip(&model.stages)
                    .map(|(c, s)| Cell {
                        stage: s.id.clone(),
                        status: c.status(),
                        line: c.line,
                    })
                    .collect(),
            })
            .collect(),
        title: page.title.clone(),
        lang: lang.to_string(),
    }
}

/// The coverage of every plan of `site` that `wanted` keeps, sorted by file.
pub(crate) fn of_plans(
    site: &Site,
    report: &Report,
    model: &ChainModel,
    wanted: &dyn Fn(&Page) -> bool,
) -> Vec<Coverage> {
    let mut out: Vec<Coverage> = site
        .pages
        .iter()
        .enumerate()
        .filter(|(_, p)| !p.synthetic && wanted(p))
        .filter_map(|(i, _)| {
            let reading = report.readings.get(i)?.as_ref()?;
            Some(of(site, i, reading, model))
        })
        .collect();
    // In the order of the findings, which sort files as paths.
    out.sort_by(|a, b| Path::new(&a.file).cmp(Path::new(&b.file)));
    out
}
