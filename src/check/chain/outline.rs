//! The outline of a plan: which blocks act as headings, which units are its priorities, and
//! which chapters are never evidence.
//!
//! A plan converted from Word carries its outline in headings of any level and in paragraphs
//! that are bold from end to end (or a short label ending with a colon), so both are "heads"
//! here. A head gets a depth on one scale: a real heading of level `h` is `2h`, a bold line
//! `2e + 1` where `e` is the level of the real heading above it, so it sits just below that
//! heading and above any deeper one (under no heading, it sits at the shallowest heading's
//! depth, which a later chapter heading then ends). Its opening words
//! ([`Vocabulary::classify`](super::words::Vocabulary::classify)) say whether it opens a
//! priority, a project (the level below), a chapter of priorities (a container) or a chapter
//! that is not a priority (a section); a head naming a stage is a stage head. Units are
//! found in one pass: a priority head opens a unit, which runs to the next head as deep or
//! shallower that is not a stage head (a flat Word outline puts `Prévention` at the priority's
//! level); a container's children at its shallowest depth are units whatever their words.
//! Sections are marked excluded to their end, wherever they sit.

use super::model::ChainModel;
use super::subject::{equal, same, subject};
use super::words::HeadWord;
use crate::markdown::{Block, BlockKind};

/// What a head is.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Role {
    /// Opens a priority (or names one listed in the front matter).
    Priority,
    /// Opens a project or operational objective.
    Project,
    /// A chapter of priorities.
    Container,
    /// A chapter that is never a priority nor evidence.
    Section,
    /// Names these stages.
    Stage(Vec<usize>),
    /// Another real heading.
    Other,
    /// A bold line with none of the above: a head only as a container's child.
    Weak,
}

/// A block acting as a heading.
#[derive(Debug, Clone)]
pub struct Head {
    /// Index of its block.
    pub block: usize,
    /// Depth: `2h` for a heading of level `h`, `2e + 1` for a bold line under a heading of
    /// level `e` (`2m` under none, `m` the shallowest heading level of the plan).
    pub depth: u8,
    /// What it is.
    pub role: Role,
}

/// A priority: a head and the blocks it runs over, its head excluded.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Unit {
    /// Block index of its head (`None` for a plan read as a whole).
    pub head: Option<usize>,
    /// Its body (`from..to`), then any action-plan chapter later in the plan on the same
    /// subject.
    pub spans: Vec<(usize, usize)>,
}

/// The outline of one plan.
pub struct Outline {
    /// Every head, in order.
    pub heads: Vec<Head>,
    /// By block: the index of its head in `heads`, if it is one.
    pub head_of: Vec<Option<usize>>,
    /// By block: whether it lies in a section that is never evidence.
    pub excluded: Vec<bool>,
    /// The priorities (empty when the plan has none).
    pub units: Vec<Unit>,
    /// By front-matter priority: whether a head matched it.
    pub matched: Vec<bool>,
    /// By unit: the words of its head's subject, folded once (see [`super::subject`]).
    pub subjects: Vec<Vec<String>>,
}

/// Longest bold line read as a head, in words (a bilingual title doubles its length).
const MAX_HEAD_WORDS: usize = 30;

/// Longest bold line with no telling word that may still be a container's child, in words; it
/// must not end like a sentence.
const MAX_WEAK_WORDS: usize = 16;

/// The stages a plain paragraph names when it is a label alone, above the measures it
/// introduces: `Prévention :`, `Volet préventif`, `Prévention / Preventie`. A line closed by a
/// colon may hold up to six words; one without must be made only of stage names and the words
/// that introduce them, so that `Präventionsprojekte an allen Schulen` is a measure.
fn label_line(model: &ChainModel, text: &str) -> Vec<usize> {
    let t = text.trim();
    if t.split_whitespace().nth(6).is_some() {
        return Vec::new();
    }
    if let Some(label) = t.strip_suffix(':') {
        if label.contains(':') || label.split_whitespace().count() > 6 {
            return Vec::new();
        }
        return label_stages(model, label);
    }
    // `[Reactie] -` is a tag over a placeholder, not a label over what follows.
    if t.contains(['[', ']']) || super::label::tag_of(t).is_some() {
        return Vec::new();
    }
    let words = super::text::fold(t);
    let words: Vec<&str> = words.split_whitespace().collect();
    let bare = !words.is_empty()
        && words.len() <= 6
        && words.iter().all(|w| {
            super::words::is_numbering(w)
                || model.words.is_introducer(w)
                || !model.stages_named(w).is_empty()
        });
    if bare {
        label_stages(model, t)
    } else {
        Vec::new()
    }
}

/// Whether a plain paragraph reads as a label over what follows (`Contexte`, `Actions :`,
/// `Maatregelen`): a few words, not a sentence, nothing after a colon.
fn is_label_like(text: &str) -> bool {
    let t = text.trim();
    let words = t.split_whitespace().count();
    match t.strip_suffix(':') {
        Some(label) => words <= 6 && !label.contains(':'),
        None => words <= 4 && !t.contains(':') && !t.ends_with(['.', '!', '?', ';']),
    }
}

/// The stages a short label names (`Prévention`, `Volet réactif`, `Maillon : suivi`).
pub fn label_stages(model: &ChainModel, text: &str) -> Vec<usize> {
    if text.split_whitespace().count() > 8 {
        return Vec::new();
    }
    model.stages_named(text)
}

/// The role of a heading (`real`) or bold line whose text is `text`, or `None` when a bold line
/// is no head at all (a sentence in bold, or a tag in bold: `**Suivi : néant**`). With
/// front-matter priorities (`listed`, folded), those alone open priorities; `matched` records
/// which were found.
fn role_of(
    model: &ChainModel,
    text: &str,
    real: bool,
    listed: &[String],
    matched: &mut [bool],
) -> Option<Role> {
    let words = &model.words;
    if !listed.is_empty() {
        let folded = super::text::fold(text);
        if let Some(p) = listed.iter().position(|p| folded.contains(p.as_str())) {
            matched[p] = true;
            return Some(Role::Priority);
        }
        let named = model.stages_named(text);
        return Some(if !named.is_empty() {
            Role::Stage(named)
        } else if words.is_section(text) {
            Role::Section
        } else if real {
            Role::Other
        } else {
            Role::Weak
        });
    }
    Some(match words.classify(text) {
        HeadWord::Priority => Role::Priority,
        HeadWord::Project => Role::Project,
        HeadWord::Container => Role::Container,
        HeadWord::Section => Role::Section,
        HeadWord::Other if real => match model.stages_named(text) {
            named if named.is_empty() => Role::Other,
            named => Role::Stage(named),
        },
        HeadWord::Other => {
            if super::label::tag_of(text).is_some_and(|(_, rest)| !rest.trim().is_empty()) {
                return None;
            }
            let named = label_stages(model, text);
            let sentence = text.ends_with(['.', '!', '?', ';'])
                || text.split_whitespace().count() > MAX_WEAK_WORDS;
            match named.is_empty() {
                false => Role::Stage(named),
                true if sentence => return None,
                true => Role::Weak,
            }
        }
    })
}

impl Outline {
    /// Reads the outline of `blocks`; `listed` are the folded front-matter priorities, which
    /// replace the priority words when given.
    pub fn read(blocks: &[Block], model: &ChainModel, listed: &[String]) -> Outline {
        let mut heads = Vec::new();
        let mut head_of = vec![None; blocks.len()];
        let mut matched = vec![false; listed.len()];
        // A bold line under no heading sits at the level of the shallowest heading of the plan,
        // so that such a heading, coming later, ends it.
        let shallowest = blocks
            .iter()
            .filter_map(|b| match b.kind {
                BlockKind::Heading(h) => Some(h),
                _ => None,
            })
            .min()
            .unwrap_or(1);
        let bold_depth = |enclosing: u8| match enclosing {
            0 => 2 * shallowest,
            e => 2 * e + 1,
        };
        let mut enclosing = 0u8;
        for (i, b) in blocks.iter().enumerate() {
            let (depth, real) = match b.kind {
                BlockKind::Heading(h) => {
                    enclosing = h;
                    (2 * h, true)
                }
                BlockKind::Paragraph
                    if b.bold && b.text.split_whitespace().count() <= MAX_HEAD_WORDS =>
                {
                    (bold_depth(enclosing), false)
                }
                // A plain label line is a head only when it names a stage.
                // A plain label line is a head only when it names a stage, or a section
                // (`Contexte`, `Indicateurs :`).
                BlockKind::Paragraph => {
                    let named = label_line(model, &b.text);
                    let role = if !named.is_empty() {
                        Role::Stage(named)
                    } else if is_label_like(&b.text)
                        && model.words.classify(b.text.trim().trim_end_matches(':'))
                            == HeadWord::Section
                    {
                        Role::Section
                    } else {
                        continue;
                    };
                    head_of[i] = Some(heads.len());
                    heads.push(Head {
                        block: i,
                        depth: bold_depth(enclosing),
                        role,
                    });
                    continue;
                }
                _ => continue,
            };
            let Some(role) = role_of(
                model,
                b.text.trim().trim_end_matches(':'),
                real,
                listed,
                &mut matched,
            ) else {
                continue;
            };
            head_of[i] = Some(heads.len());
            heads.push(Head {
                block: i,
                depth,
                role,
            });
        }
        let mut outline = Outline {
            heads,
            head_of,
            excluded: vec![false; blocks.len()],
            units: Vec::new(),
            matched,
            subjects: Vec::new(),
        };
        outline.mark_sections(blocks);
        outline.find_units(blocks, model);
        if listed.is_empty() {
            super::subject::attach_action_plans(&mut outline, blocks, model);
        }
        outline
    }

    /// Block index where head `k`'s extent ends (as a chapter: a stage head ends it only when
    /// it is shallower).
    pub fn chapter_end(&self, k: usize, len: usize) -> usize {
        let depth = self.heads[k].depth;
        self.end_of(k, len, |h| {
            !matches!(h.role, Role::Stage(_)) || h.depth < depth
        })
    }

    /// Block index where head `k`'s extent ends: the next head as deep or shallower for which
    /// `ends` holds, else `len`.
    fn end_of(&self, k: usize, len: usize, ends: impl Fn(&Head) -> bool) -> usize {
        let depth = self.heads[k].depth;
        self.heads[k + 1..]
            .iter()
            .find(|h| h.depth <= depth && h.role != Role::Weak && ends(h))
            .map_or(len, |h| h.block)
    }

    /// The block where the unit opened by head `k` ends: the next head as deep or shallower for
    /// which `ends` holds, a section line excepted. A unit opened by a bold line also ends at
    /// any real heading that `ends` (a plan that sets its priorities in bold keeps headings for
    /// its chapters).
    fn unit_end(
        &self,
        k: usize,
        len: usize,
        blocks: &[Block],
        ends: &dyn Fn(&Head) -> bool,
    ) -> usize {
        let real = |h: &Head| matches!(blocks[h.block].kind, BlockKind::Heading(_));
        let bold = !real(&self.heads[k]);
        let depth = self.heads[k].depth;
        // A section set as a bold or plain line (`Argumentation`, `**Indicateurs**`) is a part
        // of the priority it follows; a section heading is a chapter of its own.
        self.heads[k + 1..]
            .iter()
            .filter(|h| h.role != Role::Weak && ends(h) && (h.role != Role::Section || real(h)))
            .find(|h| h.depth <= depth || (bold && real(h)))
            .map_or(len, |h| h.block)
    }

    /// The block where the content under stage head `k` ends (bounded by `limit`).
    pub fn stage_end(&self, k: usize, limit: usize) -> usize {
        self.end_of(k, limit, |_| true).min(limit)
    }

    /// Marks every section excluded to its end: the next head as deep or shallower, a bold
    /// line of no telling word included (`**Argumentation**` then `**Maßnahmen**`). A section
    /// opened by a bold or plain line ends at a table or at the next label line too
    /// (`Contexte` … `Actions`): Word's bold "headings" introduce a paragraph or two, and what
    /// follows them is the priority's own.
    fn mark_sections(&mut self, blocks: &[Block]) {
        for k in 0..self.heads.len() {
            if self.heads[k].role != Role::Section {
                continue;
            }
            let (from, depth) = (self.heads[k].block, self.heads[k].depth);
            // A priority, a project or a chapter of priorities never belongs to a section,
            // however deep: `# Visie` then `## Speerpunt 1` is a vision, then a priority.
            let mut to = self.heads[k + 1..]
                .iter()
                .find(|h| {
                    h.depth <= depth
                        || matches!(h.role, Role::Priority | Role::Project | Role::Container)
                })
                .map_or(blocks.len(), |h| h.block);
            if !matches!(blocks[from].kind, BlockKind::Heading(_)) {
                to = (from + 1..to)
                    .find(|&j| {
                        blocks[j].kind == BlockKind::Table
                            || (blocks[j].kind == BlockKind::Paragraph
                                && (blocks[j].bold || is_label_like(&blocks[j].text)))
                    })
                    .unwrap_or(to);
            }
            self.excluded[from..to].iter_mut().for_each(|e| *e = true);
        }
    }

    fn find_units(&mut self, blocks: &[Block], model: &ChainModel) {
        let len = blocks.len();
        let has_priority = self
            .heads
            .iter()
            .any(|h| h.role == Role::Priority && !self.excluded[h.block]);
        let opens = |r: &Role| *r == Role::Priority || (!has_priority && *r == Role::Project);
        // What ends a unit: a head as deep or shallower that is not a stage named at the
        // priority's own level, nor a project inside a plan of priorities.
        let ends = |h: &Head| {
            !(matches!(h.role, Role::Stage(_)) || has_priority && h.role == Role::Project)
        };
        let mut k = 0;
        while k < self.heads.len() {
            let head = &self.heads[k];
            if self.excluded[head.block] {
                k += 1;
                continue;
            }
            if opens(&head.role) {
                let to = self.unit_end(k, len, blocks, &ends);
                // The same priority stated twice (a summary, then its measures) is one unit.
                let block = head.block;
                let mine = subject(&blocks[block].text, model);
                match self.subjects.iter().position(|theirs| equal(&mine, theirs)) {
                    Some(u) => self.units[u].spans.push((block + 1, to)),
                    None => self.push_unit(k, to, mine),
                }
                k = self.next_head_at(to);
            } else if head.role == Role::Container {
                let to = self.end_of(k, len, ends);
                self.container_units(k, to, &ends, blocks, model);
                k = self.next_head_at(to);
            } else {
                k += 1;
            }
        }
    }

    /// The children of container head `c` (whose chapter ends at block `to`) at its shallowest
    /// depth are units; bold lines are children only when no heading is. A child on the subject
    /// of a unit found before (action plans after objectives) adds its chapter to that unit.
    fn container_units(
        &mut self,
        c: usize,
        to: usize,
        ends: &dyn Fn(&Head) -> bool,
        blocks: &[Block],
        model: &ChainModel,
    ) {
        // Units found before this chapter (objectives, when this one holds the action plans).
        let earlier = self.subjects.len();
        let inner = |h: &Head, weak: bool| {
            h.block < to
                && !self.excluded[h.block]
                && !matches!(h.role, Role::Stage(_) | Role::Section)
                && ((h.role == Role::Weak) == weak)
        };
        let weak = !self.heads[c + 1..].iter().any(|h| inner(h, false));
        let Some(depth) = self.heads[c + 1..]
            .iter()
            .filter(|h| inner(h, weak))
            .map(|h| h.depth)
            .min()
        else {
            return;
        };
        let mut children: Vec<usize> = (c + 1..self.heads.len())
            .filter(|&k| inner(&self.heads[k], weak) && self.heads[k].depth == depth)
            .collect();
        for &k in &children {
            // A bold child stands as a head from now on, so that the next one ends it.
            self.heads[k].role = match self.heads[k].role {
                Role::Weak => Role::Other,
                ref r => r.clone(),
            };
        }
        // A priority head that no child holds is a unit too (a bold child ends at a real
        // heading: `### Strategisches Ziel 4` after three bold priorities is a fourth).
        let held: Vec<(usize, usize)> = children
            .iter()
            .map(|&k| {
                (
                    self.heads[k].block,
                    self.unit_end(k, to, blocks, ends).min(to),
                )
            })
            .collect();
        for k in c + 1..self.heads.len() {
            let h = &self.heads[k];
            if h.block < to
                && h.role == Role::Priority
                && !self.excluded[h.block]
                && !held
                    .iter()
                    .any(|&(from, end)| from <= h.block && h.block < end)
            {
                children.push(k);
            }
        }
        children.sort_unstable();
        for &k in &children {
            let end = self.unit_end(k, to, blocks, ends).min(to);
            let block = self.heads[k].block;
            let mine = subject(&blocks[block].text, model);
            match self.subjects[..earlier]
                .iter()
                .position(|theirs| same(&mine, theirs))
            {
                Some(u) => self.units[u].spans.push((block + 1, end)),
                None => self.push_unit(k, end, mine),
            }
        }
    }

    /// Adds the unit opened by head `k`, running to block `to`, whose subject is `subject`.
    fn push_unit(&mut self, k: usize, to: usize, subject: Vec<String>) {
        let block = self.heads[k].block;
        self.units.push(Unit {
            head: Some(block),
            spans: vec![(block + 1, to)],
        });
        self.subjects.push(subject);
    }

    /// Index of the first head at or after block `block`.
    fn next_head_at(&self, block: usize) -> usize {
        self.heads.partition_point(|h| h.block < block)
    }
}
