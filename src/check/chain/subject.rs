//! Action-plan chapters: a zone plan often states its priorities in a chapter of strategic
//! objectives (`## 4.1 Cambriolages`, two lines of aims) and describes the measures much later,
//! in its action plans (`## 7.1 Plan d'action : cambriolages`). A head outside every priority,
//! after it, whose subject is the priority's (the title's words once numbering, priority words
//! and the words of "action plan" are set aside) lends its chapter to that priority.

use super::heads::Role;
use super::model::ChainModel;
use super::outline::Outline;
use super::words::title_words;
use crate::markdown::Block;

/// Words that say a chapter is an action plan, not what it is about.
const GENERIC: &[&str] = &[
    "plan",
    "plans",
    "action",
    "actions",
    "actie",
    "acties",
    "actieplan",
    "actieplannen",
    "aktionsplan",
    "aktion",
    "aktionen",
    "massnahmen",
    "massnahme",
    "mesures",
    "mesure",
    "measures",
    "measure",
    "maatregelen",
    "fiche",
    "fiches",
    "les",
    "des",
    "dans",
    "pour",
    "van",
    "het",
    "voor",
    "der",
    "die",
    "das",
    "und",
    "and",
    "the",
    "for",
    "with",
    "met",
];

/// The words that say what a title is about.
pub(super) fn subject(title: &str, model: &ChainModel) -> Vec<String> {
    let words = title_words(title);
    let words = model.words.strip_opening(&words);
    words
        .split(' ')
        .filter(|w| w.len() >= 4 && !GENERIC.contains(w) && !w.chars().all(|c| c.is_ascii_digit()))
        .map(str::to_string)
        .collect()
}

/// Whether two subjects are the same: one's words all stand in the other.
pub(super) fn same(mine: &[String], theirs: &[String]) -> bool {
    !mine.is_empty()
        && !theirs.is_empty()
        && (theirs.iter().all(|w| mine.contains(w)) || mine.iter().all(|w| theirs.contains(w)))
}

/// Whether two subjects are the very same words: two priorities of one plan never are.
pub(super) fn equal(mine: &[String], theirs: &[String]) -> bool {
    !mine.is_empty() && mine.len() == theirs.len() && mine.iter().all(|w| theirs.contains(w))
}

/// Adds to each unit of `outline` the later chapters on its subject.
pub(super) fn attach_action_plans(outline: &mut Outline, blocks: &[Block], model: &ChainModel) {
    if outline.units.is_empty() {
        return;
    }
    let inside = |outline: &Outline, block: usize| {
        outline.units.iter().any(|u| {
            u.spans
                .iter()
                .any(|&(from, to)| from <= block + 1 && block < to)
        })
    };
    let mut taken_to = 0;
    for k in 0..outline.heads.len() {
        let head = &outline.heads[k];
        if head.block < taken_to
            || outline.excluded[head.block]
            || matches!(
                head.role,
                Role::Stage(_) | Role::Section | Role::Weak | Role::Container
            )
            || inside(outline, head.block)
        {
            continue;
        }
        let mine = subject(&blocks[head.block].text, model);
        if mine.is_empty() {
            continue;
        }
        let matching: Vec<usize> = (0..outline.units.len())
            .filter(|&u| same(&mine, &outline.subjects[u]))
            .filter(|&u| outline.units[u].head.is_some_and(|h| h < head.block))
            .collect();
        if let [u] = matching[..] {
            let from = head.block + 1;
            let to = outline.chapter_end(k, blocks.len());
            outline.units[u].spans.push((from, to));
            taken_to = to;
        }
    }
}
