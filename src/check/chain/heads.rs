//! What acts as a heading in a plan converted from Word, and what each such head is.
//!
//! Word leaves its outline in real headings of any level, in paragraphs bold from end to end,
//! and in short label lines (`Prévention :`, `Contexte`), so all three are "heads". A head gets
//! a depth on one scale: a real heading of level `h` is `2h`, a bold or label line `2e + 1`
//! where `e` is the level of the real heading above it, so it sits just below that heading and
//! above any deeper one (under no heading, it sits at the shallowest heading's depth, which a
//! later chapter heading then ends). Its opening words
//! ([`Vocabulary::classify`](super::words::Vocabulary::classify)) give its [`Role`]. Kept apart
//! from [`super::outline`], which only reads units and sections off the heads found here.

use super::model::ChainModel;
use super::words::HeadWord;
use crate::markdown::{Block, BlockKind};

/// What a head is.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum Role {
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
pub(crate) struct Head {
    /// Index of its block.
    pub block: usize,
    /// Depth: `2h` for a heading of level `h`, `2e + 1` for a bold line under a heading of
    /// level `e` (`2m` under none, `m` the shallowest heading level of the plan).
    pub depth: u8,
    /// What it is.
    pub role: Role,
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
pub(crate) fn is_label_like(text: &str) -> bool {
    let t = text.trim();
    let words = t.split_whitespace().count();
    match t.strip_suffix(':') {
        Some(label) => words <= 6 && !label.contains(':'),
        None => words <= 4 && !t.contains(':') && !t.ends_with(['.', '!', '?', ';']),
    }
}

/// The stages a short label names (`Prévention`, `Volet réactif`, `Maillon : suivi`).
pub(crate) fn label_stages(model: &ChainModel, text: &str) -> Vec<usize> {
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

/// A priority head deeper than the priority it sits in, opening with the same word and the next
/// number, is that priority's sibling, not its child: Word's outlines slip a level
/// (`## Thème 3` then `**Thème 4**`, `## Priorité 3` then `### Priorité 4`). It takes its
/// sibling's depth. A number that extends the other's (`Priorité 1.2` in `Priorité 1`), a
/// different word (a fiche projet in an objectif stratégique) or no number keeps it a child.
fn same_series_as_siblings(heads: &mut [Head], blocks: &[Block], model: &ChainModel) {
    let number = |h: &Head| {
        model
            .words
            .priority_number(blocks[h.block].text.trim())
            .filter(|(_, n)| !n.is_empty())
    };
    for k in 0..heads.len() {
        if heads[k].role != Role::Priority {
            continue;
        }
        let Some((word, mine)) = number(&heads[k]) else {
            continue;
        };
        let depth = heads[k].depth;
        // The priority it sits in: the nearest priority above and shallower, still open (no
        // head between as shallow as it), stage heads, projects and weak lines let through.
        let mut shallowest_between = u8::MAX;
        let mut found = None;
        for h in heads[..k].iter().rev() {
            if h.role == Role::Priority && h.depth < depth {
                found = Some(h).filter(|h| h.depth < shallowest_between);
                break;
            }
            if !matches!(h.role, Role::Weak | Role::Stage(_) | Role::Project) {
                shallowest_between = shallowest_between.min(h.depth);
            }
        }
        let Some(parent) = found else {
            continue;
        };
        if let Some((theirs, n)) = number(parent)
            && theirs == word
            && !mine.starts_with(&format!("{n} "))
        {
            heads[k].depth = parent.depth;
        }
    }
}

/// A priority set as a bold line right after a stage heading of the priority above (`####
/// Nachsorge`, its measures, then `**Priorität: Gewalt im Nachtleben**`) is that priority's
/// sibling: a part of a priority comes before its stages, not after them. It takes its
/// sibling's depth.
fn after_stages_as_siblings(heads: &mut [Head], blocks: &[Block]) {
    let real = |h: &Head| matches!(blocks[h.block].kind, BlockKind::Heading(_));
    for k in 0..heads.len() {
        if heads[k].role != Role::Priority || real(&heads[k]) {
            continue;
        }
        let Some(enclosing) = heads[..k].iter().rev().find(|h| real(h)) else {
            continue;
        };
        if !matches!(enclosing.role, Role::Stage(_)) {
            continue;
        }
        let parent = heads[..k]
            .iter()
            .rev()
            .find(|h| h.role == Role::Priority && h.depth < heads[k].depth && real(h));
        if let Some(depth) = parent.map(|p| p.depth) {
            heads[k].depth = depth;
        }
    }
}

/// The heads of `blocks`, by block the index of each in that list, and by front-matter
/// priority (`listed`, folded; they replace the priority words when given) whether a head
/// matched it.
pub(crate) fn read_heads(
    blocks: &[Block],
    model: &ChainModel,
    listed: &[String],
) -> (Vec<Head>, Vec<Option<usize>>, Vec<bool>) {
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
    same_series_as_siblings(&mut heads, blocks, model);
    after_stages_as_siblings(&mut heads, blocks);
    (heads, head_of, matched)
}
