//! The outline of a plan: which heads open its priorities (units), and which chapters are
//! never evidence.
//!
//! The heads and their depths come from [`super::heads`]. Units are found in one pass: a
//! priority head opens a unit, which runs to the next head as deep or shallower that is not a
//! stage head (a flat Word outline puts `Prévention` at the priority's level); a container's
//! children at its shallowest depth are units whatever their words, unless they only group
//! priorities. Sections are marked excluded to their end, wherever they sit.

use super::heads::{Head, Role, is_label_like, read_heads};
use super::model::ChainModel;
use super::subject::{equal, same, subject};
use crate::markdown::{Block, BlockKind};

/// A priority: a head and the blocks it runs over, its head excluded.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Unit {
    /// Block index of its head (`None` for a plan read as a whole).
    pub head: Option<usize>,
    /// Its body (`from..to`), then any action-plan chapter later in the plan on the same
    /// subject.
    pub spans: Vec<(usize, usize)>,
}

/// The outline of one plan.
pub(crate) struct Outline {
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

impl Outline {
    /// Reads the outline of `blocks`; `listed` are the folded front-matter priorities, which
    /// replace the priority words when given.
    pub(crate) fn read(blocks: &[Block], model: &ChainModel, listed: &[String]) -> Outline {
        let (heads, head_of, matched) = read_heads(blocks, model, listed);
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
    pub(crate) fn chapter_end(&self, k: usize, len: usize) -> usize {
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
    pub(crate) fn stage_end(&self, k: usize, limit: usize) -> usize {
        self.end_of(k, limit, |_| true).min(limit)
    }

    /// Marks every section excluded to its end: the next head as deep or shallower, a bold
    /// line of no telling word included (`**Argumentation**` then `**Maßnahmen**`). A section
    /// opened by a bold or plain line ends at a table, a real heading or the next label line too
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
                        matches!(blocks[j].kind, BlockKind::Table | BlockKind::Heading(_))
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
        // A child that is no priority but holds priority heads either only groups them (`### 4.1
        // Cluster eigendomscriminaliteit` over `#### Actiefiche 1`, with no more than a line of
        // its own before them), and gives way to them, or is a priority of its own, and the
        // next priority was set one level down (`## 4.3 Drugs`, its measures, then
        // `**Prioriteit 4 – …**`): those are its siblings and end it.
        let mut siblings = Vec::new();
        children.retain(|&k| {
            if matches!(self.heads[k].role, Role::Priority | Role::Project) {
                return true;
            }
            let (from, end) = self.extent(k, to, blocks, ends);
            let held: Vec<usize> = (k + 1..self.heads.len())
                .filter(|&j| {
                    let h = &self.heads[j];
                    from < h.block && h.block < end && self.open_priority(h)
                })
                .collect();
            let Some(&first) = held.first() else {
                return true;
            };
            if only_a_line(&blocks[from + 1..self.heads[first].block]) {
                return false;
            }
            let top = held.iter().map(|&j| self.heads[j].depth).min();
            siblings.extend(
                held.into_iter()
                    .filter(|&j| Some(self.heads[j].depth) == top),
            );
            true
        });
        for j in siblings {
            self.heads[j].depth = depth;
        }
        // A priority head that no child holds is a unit too (a bold child ends at a real
        // heading: `### Strategisches Ziel 4` after three bold priorities is a fourth), unless
        // a priority taken before holds it.
        let mut held: Vec<(usize, usize)> = children
            .iter()
            .map(|&k| self.extent(k, to, blocks, ends))
            .collect();
        for k in c + 1..self.heads.len() {
            let h = &self.heads[k];
            if h.block < to
                && self.open_priority(h)
                && !held
                    .iter()
                    .any(|&(from, end)| from <= h.block && h.block < end)
            {
                children.push(k);
                held.push(self.extent(k, to, blocks, ends));
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

    /// The blocks a child of a chapter ending at block `to` runs over: from its head to its
    /// unit's end.
    fn extent(
        &self,
        k: usize,
        to: usize,
        blocks: &[Block],
        ends: &dyn Fn(&Head) -> bool,
    ) -> (usize, usize) {
        (
            self.heads[k].block,
            self.unit_end(k, to, blocks, ends).min(to),
        )
    }

    /// Whether `h` opens a priority outside every section.
    fn open_priority(&self, h: &Head) -> bool {
        h.role == Role::Priority && !self.excluded[h.block]
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

/// Whether `blocks` (what a chapter says before its first priority) are at most a line of
/// introduction: one short paragraph, no list, no table.
fn only_a_line(blocks: &[Block]) -> bool {
    const WORDS: usize = 40;
    let said: Vec<&Block> = blocks
        .iter()
        .filter(|b| !matches!(b.kind, BlockKind::Heading(_)))
        .collect();
    match said.as_slice() {
        [] => true,
        [b] => b.kind == BlockKind::Paragraph && b.text.split_whitespace().count() <= WORDS,
        _ => false,
    }
}
