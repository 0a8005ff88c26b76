//! Reading one plan: its priorities, and for each the evidence of every stage.
//!
//! The plan's outline ([`Outline`]) says which blocks are its priorities, in whatever layout the
//! plan uses, and which chapters are never evidence; a plan without a priority is read as a
//! single unit. Inside a priority, evidence is taken strongest first: a head naming the stage
//! with real content under it; then a table row or column named by the stage, a paragraph or list
//! item opening with a stage tag (`**Suivi :**`) or closing on a stage label (`(prévention)`,
//! `– volet réactif`); then lexicon terms in the priority's text outside what a tag gives to a
//! stage (inferred); last, for a stage with nothing else, acts ([`super::acts`]). A stage named
//! over nothing, a placeholder or a cross-reference is empty, which outranks an inference but
//! not a real naming elsewhere. The result is plain data, which the rules, the coverage matrix
//! and custom rules all read.

use serde::{Deserialize, Serialize};

use super::heads::Role;
use super::label::{label_of, named, tag_of};
use super::model::ChainModel;
use super::outline::{Outline, Unit};
use super::table;
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
    /// A paragraph or list item opening with the stage's tag or closing on its label.
    Tag {
        /// Offset of the block.
        offset: usize,
    },
    /// A table row or column named by the stage.
    Table {
        /// Offset of the first cell with content.
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
            | Evidence::Table { offset }
            | Evidence::Lexicon { offset, .. } => *offset,
        }
    }
}

/// What was found for one stage in one priority.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
pub struct StageCoverage {
    /// The strongest evidence, if any.
    pub evidence: Option<Evidence>,
    /// Namings of the stage (heading, tag, table row or column) with nothing under them but a
    /// placeholder or a cross-reference: (offset, text naming it).
    pub empty_headings: Vec<(usize, String)>,
    /// The line the coverage matrix points at: the evidence's (a lexicon term's own line), else
    /// the first empty naming's. Kept with the reading, so that a cached plan's matrix needs no
    /// second read of its file.
    #[serde(default)]
    pub line: Option<usize>,
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
    /// Line of the heading (1 for a whole plan).
    #[serde(default)]
    pub line: usize,
    /// Coverage of each stage of the model, in model order.
    pub stages: Vec<StageCoverage>,
    /// Id of the nearest heading above each evidence, for links from the coverage matrix.
    pub evidence_anchors: Vec<Option<String>>,
    /// Whether this is the whole plan, read as one unit because it has no priority.
    #[serde(default)]
    pub whole: bool,
}

/// A plan, read.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
pub struct PlanReading {
    /// Its priorities (one, untitled, when the plan has none).
    pub priorities: Vec<Priority>,
    /// Whether the plan had no priority and was read as a whole.
    pub whole: bool,
    /// Front-matter priorities that match no heading or bold line.
    pub unmatched: Vec<String>,
}

/// Reads `page` (a plan) with `model`.
pub(crate) fn read_plan(page: &Page, model: &ChainModel) -> PlanReading {
    let blocks = &page.rendered.blocks;
    let listed: Vec<String> = page.meta.priorities.iter().map(|p| fold(p)).collect();
    let outline = Outline::read(blocks, model, &listed);
    let unmatched = page
        .meta
        .priorities
        .iter()
        .zip(&outline.matched)
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
    let reader = Reader {
        blocks,
        file: &page.file,
        model,
        outline: &outline,
        heading_id: &heading_id,
    };
    if outline.units.is_empty() {
        let whole = Unit {
            head: None,
            spans: vec![(0, blocks.len())],
        };
        return PlanReading {
            priorities: vec![Priority {
                title: page.title.clone(),
                whole: true,
                ..reader.unit(&whole)
            }],
            whole: true,
            unmatched,
        };
    }
    PlanReading {
        priorities: outline.units.iter().map(|u| reader.unit(u)).collect(),
        whole: false,
        unmatched,
    }
}

/// What one unit's reading needs.
struct Reader<'a> {
    blocks: &'a [Block],
    file: &'a crate::source::SourceFile,
    model: &'a ChainModel,
    outline: &'a Outline,
    heading_id: &'a dyn Fn(usize) -> Option<String>,
}

/// Evidence gathered in one unit, before the strongest is chosen.
struct Gathered<'a> {
    stages: Vec<StageCoverage>,
    anchors: Vec<Option<String>>,
    tags: Vec<Option<Evidence>>,
    lexicon: Vec<Option<Evidence>>,
    nearest_heading: Option<String>,
    /// The texts searched for lexicon terms, with their block's offset and nearest heading:
    /// searched again for acts only if a stage has no evidence at all once the unit is read.
    said: Vec<(usize, &'a str, Option<String>)>,
}

impl Gathered<'_> {
    /// A tag, label or table naming stage `s` at `offset`.
    fn tag(&mut self, s: usize, evidence: Evidence) {
        if self.tags[s].is_none() {
            self.tags[s] = Some(evidence);
            if self.stages[s].evidence.is_none() {
                self.anchors[s].clone_from(&self.nearest_heading);
            }
        }
    }

    /// A naming of stage `s` with nothing under it.
    fn empty(&mut self, s: usize, offset: usize, text: &str) {
        self.stages[s]
            .empty_headings
            .push((offset, text.trim().to_string()));
    }
}

impl<'a> Reader<'a> {
    /// Reads the unit `u`.
    fn unit(&self, u: &Unit) -> Priority {
        let n = self.model.stages.len();
        let mut g = Gathered {
            stages: vec![StageCoverage::default(); n],
            anchors: vec![None; n],
            tags: vec![None; n],
            lexicon: vec![None; n],
            nearest_heading: None,
            said: Vec::new(),
        };
        for &(from, to) in &u.spans {
            self.span(from, to, &mut g);
        }
        self.finish(u, g)
    }

    /// Gathers the evidence of blocks `from..to`.
    fn span(&self, from: usize, to: usize, g: &mut Gathered<'a>) {
        let blocks: &'a [Block] = self.blocks;
        let mut i = from;
        while i < to {
            let b = &blocks[i];
            if self.outline.excluded[i] || b.kind == BlockKind::Code {
                i += 1;
                continue;
            }
            if let BlockKind::Heading(_) = b.kind {
                g.nearest_heading = (self.heading_id)(b.offset);
            }
            if b.kind == BlockKind::Table {
                i = self.table(i, to, g);
                continue;
            }
            if let Some(k) = self.outline.head_of[i]
                && let Role::Stage(named) = &self.outline.heads[k].role
            {
                self.stage_head(k, named, to, g);
                i += 1;
                continue;
            }
            if let Some((named, end)) = self.item_label(i) {
                let under: Vec<&Block> = self.blocks[i + 1..end.min(to)].iter().collect();
                self.named_over(b, &named, &under, g);
                i += 1;
                continue;
            }
            let text = match b.kind {
                BlockKind::Heading(_) => Some(b.text.as_str()),
                _ => self.tagged(b, g),
            };
            if let Some(text) = text {
                self.lexicon_hits(b.offset, text, g);
            }
            i += 1;
        }
    }

    /// Chooses the strongest evidence of each stage of unit `u`.
    fn finish(&self, u: &Unit, mut g: Gathered<'a>) -> Priority {
        self.acts(&mut g);
        let mut stages = g.stages;
        for ((stage, tag), lexicon) in stages.iter_mut().zip(g.tags).zip(g.lexicon) {
            if stage.evidence.is_none() {
                // A stage named empty is not rescued by an inference.
                let inferred = lexicon.filter(|_| stage.empty_headings.is_empty());
                stage.evidence = tag.or(inferred);
            }
            stage.line = self.cell_line(stage);
        }
        let (title, anchor, offset) = match u.head {
            Some(h) => {
                let head = &self.blocks[h];
                (
                    head.text.trim().trim_end_matches(':').trim().to_string(),
                    (self.heading_id)(head.offset),
                    head.offset,
                )
            }
            None => (String::new(), None, 0),
        };
        Priority {
            title,
            anchor,
            offset,
            line: self.file.position(offset).line,
            stages,
            evidence_anchors: g.anchors,
            whole: false,
        }
    }

    /// The line a stage's cell points at: its evidence (a lexicon term's own line, as
    /// `chain/inferred-stage` names it), else the first empty naming.
    fn cell_line(&self, coverage: &StageCoverage) -> Option<usize> {
        let at = match &coverage.evidence {
            Some(Evidence::Lexicon { offset, term }) => {
                super::text::locate(self.file.text(), *offset, term).map_or(*offset, |(at, _)| at)
            }
            Some(evidence) => evidence.offset(),
            None => coverage.empty_headings.first()?.0,
        };
        Some(self.file.position(at).line)
    }

    /// A head naming `named` stages: evidence when real content sits under it, an empty stage
    /// when nothing, placeholders or a cross-reference do, nothing when it is plan monitoring.
    fn stage_head(&self, k: usize, named: &[usize], limit: usize, g: &mut Gathered<'a>) {
        let head = &self.blocks[self.outline.heads[k].block];
        let from = self.outline.heads[k].block + 1;
        let to = self.outline.stage_end(k, limit);
        let under: Vec<&Block> = (from..to)
            .filter(|&j| !self.outline.excluded[j])
            .map(|j| &self.blocks[j])
            .filter(|b| !matches!(b.kind, BlockKind::Heading(_) | BlockKind::Table))
            .collect();
        self.named_over(head, named, &under, g);
    }

    /// A list item that is only a stage's name, over the items nested under it
    /// (`- Prévention` then `  - Visites de technoprévention`): the stages it names and the
    /// index after its nested items, when it has any.
    fn item_label(&self, i: usize) -> Option<(Vec<usize>, usize)> {
        let b = &self.blocks[i];
        let text = b.text.trim().trim_end_matches(':').trim();
        if b.kind != BlockKind::Item || text.split_whitespace().count() > 6 {
            return None;
        }
        let named = super::heads::label_stages(self.model, text);
        let end = (i + 1..self.blocks.len())
            .find(|&j| {
                let next = &self.blocks[j];
                next.kind != BlockKind::Item || next.depth <= b.depth
            })
            .unwrap_or(self.blocks.len());
        (!named.is_empty() && end > i + 1).then_some((named, end))
    }

    /// Stages `named` by `head`, over the blocks `under` it: evidence, empty, or monitoring.
    fn named_over(&self, head: &Block, named: &[usize], under: &[&Block], g: &mut Gathered<'a>) {
        let real = under.iter().any(|b| {
            b.kind == BlockKind::Code
                || b.link
                || !self.model.says_nothing(&b.text)
                || self.model.words.is_tick(&b.text)
        });
        let text: Vec<&str> = under.iter().map(|b| b.text.as_str()).collect();
        let text = text.join(" ");
        let opening = under.first().map_or("", |b| b.text.as_str());
        // A stage marked `TBD` or `néant` is empty unless the rest of what it holds speaks of
        // the stage itself (`### Réaction`, `TBD`, then a debriefing: still empty).
        let marked_empty = under
            .iter()
            .any(|b| !b.text.trim().is_empty() && self.model.words.is_placeholder(&b.text));
        let terms = if marked_empty {
            self.model.lexicon.find(&fold(&text))
        } else {
            Vec::new()
        };
        for &s in named {
            let has_terms = || terms.iter().any(|(_, hit)| hit.stages.contains(&s));
            if !real || (marked_empty && !has_terms()) {
                g.empty(s, head.offset, &head.text);
            } else if self.model.is_monitoring(s, opening, &text) {
                // "### Suivi" over reports to the council: plan monitoring.
            } else if !matches!(g.stages[s].evidence, Some(Evidence::Heading { .. })) {
                g.stages[s].evidence = Some(Evidence::Heading {
                    offset: head.offset,
                    anchor: g.nearest_heading.clone().unwrap_or_default(),
                });
                g.anchors[s].clone_from(&g.nearest_heading);
            }
        }
    }

    /// Reads the tag or label of paragraph or item `b`, and returns the text left for lexicon
    /// terms: all of it when it has no tag; what the tag introduces when that is empty or plan
    /// monitoring (a stage's name in its own label is not a term); nothing when the tag holds its
    /// stage (the words are that stage's) or the block is never evidence (it opens with a
    /// section word: `Indicateur : …`, `Budget : …`).
    fn tagged<'b>(&self, b: &'b Block, g: &mut Gathered<'a>) -> Option<&'b str> {
        let opening = tag_of(&b.text);
        if opening.is_some_and(|(label, _)| self.model.words.is_section(label)) {
            return None;
        }
        let Some((stages, rest)) =
            named(self.model, opening).or_else(|| named(self.model, label_of(&b.text)))
        else {
            return Some(&b.text);
        };
        let mut taken = false;
        for s in stages {
            if !b.link && self.model.says_nothing(rest) {
                g.empty(s, b.offset, &b.text);
            } else if !self.model.is_monitoring(s, rest, rest) {
                g.tag(s, Evidence::Tag { offset: b.offset });
                taken = true;
            }
        }
        // What a tag says is that stage's: its words are no evidence of another one ("Aftercare:
        // young offenders are supported by a youth worker" is no prevention).
        (!taken).then_some(rest)
    }

    /// Reads the table starting at block `start` (its marker); returns the block after it.
    fn table(&self, start: usize, limit: usize, g: &mut Gathered<'a>) -> usize {
        let end = (start + 1..limit)
            .find(|&j| !matches!(self.blocks[j].kind, BlockKind::Cell { .. }))
            .unwrap_or(limit);
        let read = table::read(self.blocks, start + 1, end, self.model);
        for (s, finding) in &read.stages {
            match *finding {
                table::Finding::Covered(at) => g.tag(
                    *s,
                    Evidence::Table {
                        offset: self.blocks[at].offset,
                    },
                ),
                table::Finding::Empty(at, label) => {
                    let same = at == label;
                    let (cell, label) = (&self.blocks[at], &self.blocks[label]);
                    let naming = if same {
                        label.text.clone()
                    } else {
                        format!("{} | {}", label.text.trim(), cell.text.trim())
                    };
                    g.empty(*s, cell.offset, &naming);
                }
                table::Finding::Monitoring => {}
            }
        }
        let blocks: &'a [Block] = self.blocks;
        for (j, b) in blocks.iter().enumerate().take(end).skip(start + 1) {
            if !read.silent.contains(&j) && !self.outline.excluded[j] {
                self.lexicon_hits(b.offset, &b.text, g);
            }
        }
        end
    }

    /// Records the first lexicon term of each stage found in `text`, of the block at `offset`,
    /// and keeps the text for acts while a stage has no term.
    fn lexicon_hits(&self, offset: usize, text: &'a str, g: &mut Gathered<'a>) {
        for (_, hit) in self.model.lexicon.find(&fold(text)) {
            for &s in hit.stages {
                if g.lexicon[s].is_none() {
                    g.lexicon[s] = Some(Evidence::Lexicon {
                        offset,
                        term: hit.written.to_string(),
                    });
                    if g.stages[s].evidence.is_none() && g.tags[s].is_none() {
                        g.anchors[s].clone_from(&g.nearest_heading);
                    }
                }
            }
        }
        if g.lexicon.iter().any(Option::is_none) {
            g.said.push((offset, text, g.nearest_heading.clone()));
        }
    }

    /// For each stage with no evidence at all in the unit (no naming, even empty, no tag, no
    /// lexicon term), the first act of it in the texts searched, as lexicon evidence.
    fn acts(&self, g: &mut Gathered<'a>) {
        let bare = |g: &Gathered, s: usize| {
            g.stages[s].evidence.is_none()
                && g.stages[s].empty_headings.is_empty()
                && g.tags[s].is_none()
                && g.lexicon[s].is_none()
        };
        if self.model.acts.is_empty() || !(0..g.stages.len()).any(|s| bare(g, s)) {
            return;
        }
        for (offset, text, heading) in std::mem::take(&mut g.said) {
            for (s, term) in self.model.acts.find(text) {
                if bare(g, s) {
                    g.lexicon[s] = Some(Evidence::Lexicon {
                        offset,
                        term: term.to_string(),
                    });
                    g.anchors[s].clone_from(&heading);
                }
            }
            if !(0..g.stages.len()).any(|s| bare(g, s)) {
                return;
            }
        }
    }
}
