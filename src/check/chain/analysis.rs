//! Reading one plan: its priorities, and for each the evidence of every stage.
//!
//! A priority is a level-2 heading that starts with a priority word (or one named in the front
//! matter `priorities`) and runs to the next level-2 heading; a plan without one is read as a
//! single unit. Inside a priority, evidence is taken strongest first: a deeper heading naming
//! the stage with content under it, then a paragraph or list item opening with a stage tag, then
//! lexicon terms anywhere in the priority's text (inferred). The result is plain data, which the
//! rules, the coverage matrix and custom rules all read.

use serde::{Deserialize, Serialize};

use super::model::ChainModel;
use super::text::fold;
use crate::content::Page;
use crate::markdown::{Block, BlockKind};

/// How a stage was found.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "lowercase")]
pub enum Evidence {
    /// A heading naming the stage, with content under it.
    Heading {
        /// Offset of the heading in the file.
        offset: usize,
        /// Its id.
        anchor: String,
    },
    /// A paragraph or list item opening with the stage's tag.
    Tag {
        /// Offset of the block.
        offset: usize,
    },
    /// A lexicon term in the priority's text.
    Lexicon {
        /// Offset of the block holding the term.
        offset: usize,
        /// The term as written in the model.
        term: String,
    },
}

impl Evidence {
    /// Where the evidence is.
    pub fn offset(&self) -> usize {
        match self {
            Evidence::Heading { offset, .. }
            | Evidence::Tag { offset }
            | Evidence::Lexicon { offset, .. } => *offset,
        }
    }
}

/// What was found for one stage in one priority.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
pub struct StageCoverage {
    /// The strongest evidence, if any.
    pub evidence: Option<Evidence>,
    /// Stage headings with nothing under them: (offset, heading text).
    pub empty_headings: Vec<(usize, String)>,
}

/// How a stage stands in one priority: the cell of the coverage matrix.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Status {
    /// Named by a heading, a tag, a label or a table, with real content.
    Covered,
    /// Found only through lexicon terms.
    Inferred,
    /// Named, but holding nothing, a placeholder or a cross-reference.
    Empty,
    /// Nothing at all.
    Missing,
}

impl Status {
    /// The status as the matrix, JSON output and theme name it.
    pub fn as_str(self) -> &'static str {
        match self {
            Status::Covered => "covered",
            Status::Inferred => "inferred",
            Status::Empty => "empty",
            Status::Missing => "missing",
        }
    }
}

impl StageCoverage {
    /// Where the stage stands: evidence first, then an empty naming, else missing.
    pub fn status(&self) -> Status {
        match &self.evidence {
            Some(Evidence::Lexicon { .. }) => Status::Inferred,
            Some(_) => Status::Covered,
            None if !self.empty_headings.is_empty() => Status::Empty,
            None => Status::Missing,
        }
    }
}

/// One priority of a plan (or the whole plan, when it has none).
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Priority {
    /// Heading text (the page title for a plan read as a whole).
    pub title: String,
    /// Heading id, `None` for a plan read as a whole.
    pub anchor: Option<String>,
    /// Offset of the heading (0 for a whole plan).
    pub offset: usize,
    /// Coverage of each stage of the model, in model order.
    pub stages: Vec<StageCoverage>,
    /// Id of the nearest heading above each evidence, for links from the coverage matrix.
    pub evidence_anchors: Vec<Option<String>>,
}

/// A plan, read.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
pub struct PlanReading {
    /// Its priorities (one, untitled, when the plan has none).
    pub priorities: Vec<Priority>,
    /// Whether the plan had no priority and was read as a whole.
    pub whole: bool,
    /// Front-matter priorities that match no `##` heading.
    pub unmatched: Vec<String>,
}

/// Reads `page` (a plan) with `model`.
pub fn read_plan(page: &Page, model: &ChainModel) -> PlanReading {
    let blocks = &page.rendered.blocks;
    let listed: Vec<String> = page.meta.priorities.iter().map(|p| fold(p)).collect();
    let mut matched = vec![false; listed.len()];
    let mut starts: Vec<usize> = Vec::new();
    for (i, b) in blocks.iter().enumerate() {
        if b.kind != BlockKind::Heading(2) {
            continue;
        }
        let folded = fold(&b.text);
        let by_list = listed.iter().position(|p| folded.contains(p.as_str()));
        if let Some(p) = by_list {
            matched[p] = true;
        }
        if by_list.is_some() || (listed.is_empty() && model.opens_priority(&b.text)) {
            starts.push(i);
        }
    }
    let unmatched = page
        .meta
        .priorities
        .iter()
        .zip(&matched)
        .filter(|(_, m)| !**m)
        .map(|(p, _)| p.clone())
        .collect();

    let heading_id = |offset: usize| {
        page.rendered
            .headings
            .iter()
            .find(|h| h.offset == offset)
            .map(|h| h.id.clone())
    };
    if starts.is_empty() {
        let whole = read_priority(blocks, 0, blocks.len(), model, &heading_id);
        return PlanReading {
            priorities: vec![Priority {
                title: page.title.clone(),
                anchor: None,
                offset: 0,
                ..whole
            }],
            whole: true,
            unmatched,
        };
    }
    let priorities = starts
        .iter()
        .map(|&start| {
            let end = blocks[start + 1..]
                .iter()
                .position(|b| matches!(b.kind, BlockKind::Heading(l) if l <= 2))
                .map_or(blocks.len(), |p| start + 1 + p);
            let head = &blocks[start];
            let read = read_priority(blocks, start + 1, end, model, &heading_id);
            Priority {
                title: head.text.trim().to_string(),
                anchor: heading_id(head.offset),
                offset: head.offset,
                ..read
            }
        })
        .collect();
    PlanReading {
        priorities,
        whole: false,
        unmatched,
    }
}

/// Collects the evidence of every stage in `blocks[from..to]`.
fn read_priority(
    blocks: &[Block],
    from: usize,
    to: usize,
    model: &ChainModel,
    heading_id: &dyn Fn(usize) -> Option<String>,
) -> Priority {
    let n = model.stages.len();
    let mut stages = vec![StageCoverage::default(); n];
    let mut anchors: Vec<Option<String>> = vec![None; n];
    let mut tags: Vec<Option<Evidence>> = vec![None; n];
    let mut lexicon: Vec<Option<Evidence>> = vec![None; n];
    let mut nearest_heading: Option<String> = None;

    for i in from..to {
        let b = &blocks[i];
        match b.kind {
            BlockKind::Code => continue,
            BlockKind::Heading(level) => {
                nearest_heading = heading_id(b.offset);
                let named = stages_named(model, &b.text);
                // A heading that names no stage is still text of the priority (lexicon below).
                if !named.is_empty() {
                    let below = &blocks[i + 1..to];
                    let under = &below[..below
                        .iter()
                        .position(|next| matches!(next.kind, BlockKind::Heading(l) if l <= level))
                        .unwrap_or(below.len())];
                    let has_content = under
                        .iter()
                        .any(|next| !matches!(next.kind, BlockKind::Heading(_)));
                    let monitoring = |s: usize| {
                        model.confused_with_monitoring(s) && {
                            let text: Vec<&str> = under.iter().map(|b| b.text.as_str()).collect();
                            let opening = under
                                .iter()
                                .find(|b| !matches!(b.kind, BlockKind::Heading(_)))
                                .map_or("", |b| b.text.as_str());
                            model.is_monitoring(s, opening, &text.join(" "))
                        }
                    };
                    for s in named {
                        if has_content && monitoring(s) {
                            // "### Suivi" over reports to the council: plan monitoring.
                            continue;
                        }
                        if !has_content {
                            stages[s]
                                .empty_headings
                                .push((b.offset, b.text.trim().to_string()));
                        } else if !matches!(stages[s].evidence, Some(Evidence::Heading { .. })) {
                            stages[s].evidence = Some(Evidence::Heading {
                                offset: b.offset,
                                anchor: nearest_heading.clone().unwrap_or_default(),
                            });
                            anchors[s] = nearest_heading.clone();
                        }
                    }
                    continue;
                }
            }
            _ => {
                for s in tag_of(model, &b.text) {
                    if tags[s].is_none() && !model.is_monitoring(s, &b.text, &b.text) {
                        tags[s] = Some(Evidence::Tag { offset: b.offset });
                        if stages[s].evidence.is_none() {
                            anchors[s] = nearest_heading.clone();
                        }
                    }
                }
            }
        }
        lexicon_hits(
            model,
            b,
            &nearest_heading,
            &stages,
            &tags,
            &mut lexicon,
            &mut anchors,
        );
    }
    for s in 0..n {
        if stages[s].evidence.is_none() {
            stages[s].evidence = tags[s].take().or_else(|| lexicon[s].take());
        }
    }
    Priority {
        title: String::new(),
        anchor: None,
        offset: 0,
        stages,
        evidence_anchors: anchors,
    }
}

/// Records the first lexicon term of each stage found in block `b`.
fn lexicon_hits(
    model: &ChainModel,
    b: &Block,
    nearest_heading: &Option<String>,
    stages: &[StageCoverage],
    tags: &[Option<Evidence>],
    lexicon: &mut [Option<Evidence>],
    anchors: &mut [Option<String>],
) {
    for (_, hit) in model.lexicon.find(&fold(&b.text)) {
        for &s in hit.stages {
            if lexicon[s].is_none() {
                lexicon[s] = Some(Evidence::Lexicon {
                    offset: b.offset,
                    term: hit.written.to_string(),
                });
                if stages[s].evidence.is_none() && tags[s].is_none() {
                    anchors[s] = nearest_heading.clone();
                }
            }
        }
    }
}

/// Stages a heading names (names and aliases, excluded phrases winning).
fn stages_named(model: &ChainModel, text: &str) -> Vec<usize> {
    let mut out: Vec<usize> = model
        .names
        .find(&fold(text))
        .into_iter()
        .flat_map(|(_, hit)| hit.stages.iter().copied())
        .collect();
    out.sort_unstable();
    out.dedup();
    out
}

/// Stages a block opens with as a tag: `[Prévention] …`, `Suivi : …`, `**Nazorg:** …`.
fn tag_of(model: &ChainModel, text: &str) -> Vec<usize> {
    let t = text.trim_start();
    let label = if let Some(rest) = t.strip_prefix('[') {
        match rest.find(']') {
            Some(end) => &rest[..end],
            None => return Vec::new(),
        }
    } else {
        match t.char_indices().take(80).find(|(_, c)| *c == ':') {
            Some((end, _)) => &t[..end],
            None => return Vec::new(),
        }
    };
    if label.split_whitespace().count() > 6 {
        return Vec::new();
    }
    stages_named(model, label)
}
