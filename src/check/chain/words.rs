//! [`PlanWords`]: the words that give a plan its shape, as data.
//!
//! Real plans name their priorities in many ways (`Priorité 2`, `Objectif stratégique 3`,
//! `Actiefiche 2`, `Schwerpunkt 1`, a `## Priorités` chapter whose sub-headings are the
//! priorities), surround them with chapters that are not priorities (diagnostic, SWOT, budget,
//! evaluation), and mark a stage as empty with placeholders (`néant`, `n.v.t.`, `entfällt`) or a
//! cross-reference (`Voir PZS 2020-2025`). Those words live in the chain model file's `[plan]`
//! table, per language, and `[chain.plan]` in maillon.toml adds to them; this module compiles
//! them (all languages at once, since Brussels plans are bilingual) and classifies a heading.

use super::text::fold;
pub(crate) use crate::config::chain::{PerLanguage, PlanWords};

/// What a heading (or a bold line) is, by its opening words.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum HeadWord {
    /// Opens a priority.
    Priority,
    /// Opens a project or operational objective (the level below a priority).
    Project,
    /// A chapter of priorities.
    Container,
    /// A chapter that is not a priority.
    Section,
    /// None of these.
    Other,
}

/// [`PlanWords`], folded and ready to match.
#[derive(Debug, Clone, Default)]
pub(crate) struct Vocabulary {
    priorities: Vec<String>,
    projects: Vec<String>,
    containers: Vec<String>,
    sections: Vec<String>,
    cross_cutting: Vec<String>,
    introducers: Vec<String>,
    placeholders: Vec<String>,
    references: Vec<String>,
    ticks: Vec<String>,
}

fn folded(words: &PerLanguage<Vec<String>>) -> Vec<String> {
    let mut out: Vec<String> = words
        .values()
        .flatten()
        .map(|w| fold(w).trim().to_string())
        .filter(|w| !w.is_empty())
        .collect();
    // Longest first, so that "priority area" is tried before "priority".
    out.sort_by(|a, b| b.len().cmp(&a.len()).then_with(|| a.cmp(b)));
    out.dedup();
    out
}

/// Whether folded `text` starts with the folded word `w`, as whole words.
fn starts_with_word(text: &str, w: &str) -> bool {
    text.strip_prefix(w)
        .is_some_and(|rest| rest.is_empty() || rest.starts_with(' '))
}

/// Numbering words Word leaves before a title: `4.`, `3.1`, `IV.`, `A)`, `§ 2`.
pub(crate) fn is_numbering(word: &str) -> bool {
    const ROMAN: [&str; 12] = [
        "i", "ii", "iii", "iv", "v", "vi", "vii", "viii", "ix", "x", "xi", "xii",
    ];
    word.chars().all(|c| c.is_ascii_digit()) || ROMAN.contains(&word) || word.len() == 1
}

/// `text` folded, without its leading numbering (`4.2 Drogues` → `drogues`).
pub(crate) fn title_words(text: &str) -> String {
    let folded = fold(text);
    let mut rest = folded.trim();
    while let Some((first, tail)) = rest.split_once(' ') {
        if !is_numbering(first) {
            break;
        }
        rest = tail;
    }
    if is_numbering(rest) {
        rest = "";
    }
    rest.to_string()
}

impl Vocabulary {
    /// Compiles `words`.
    pub(crate) fn new(words: &PlanWords) -> Vocabulary {
        Vocabulary {
            priorities: folded(&words.priorities),
            projects: folded(&words.projects),
            containers: folded(&words.containers),
            sections: folded(&words.sections),
            // Padded, so that they match whole words of a padded title.
            cross_cutting: folded(&words.cross_cutting)
                .into_iter()
                .map(|w| format!(" {w} "))
                .collect(),
            introducers: folded(&words.introducers),
            placeholders: folded(&words.placeholders),
            references: folded(&words.references),
            ticks: words
                .ticks
                .iter()
                .map(|t| t.trim().to_lowercase())
                .collect(),
        }
    }

    /// What a heading or bold line whose text is `text` opens. Containers are tried before
    /// priorities, since `Priorités` and `Priority areas` start with a priority word.
    pub(crate) fn classify(&self, text: &str) -> HeadWord {
        let words = title_words(text);
        let any = |list: &[String]| list.iter().any(|w| starts_with_word(&words, w));
        let padded = format!(" {words} ");
        if self
            .cross_cutting
            .iter()
            .any(|w| padded.contains(w.as_str()))
        {
            return HeadWord::Section;
        }
        let container = self.containers.iter().find(|w| starts_with_word(&words, w));
        let priority = self.priorities.iter().find(|w| starts_with_word(&words, w));
        match (container, priority) {
            // "Priority areas" (container) against "Priority area 1 – …" (priority): the
            // longer match wins.
            (Some(c), Some(p)) if p.len() > c.len() => HeadWord::Priority,
            (Some(_), _) => HeadWord::Container,
            (None, Some(_)) => HeadWord::Priority,
            (None, None) if any(&self.projects) => HeadWord::Project,
            (None, None) if any(&self.sections) => HeadWord::Section,
            (None, None) if self.qualified_container(&words) => HeadWord::Container,
            _ => HeadWord::Other,
        }
    }

    /// Whether a short title names a chapter of priorities after a word or two that qualify
    /// it, as Dutch, German and English put them: `Zonale prioriteiten`, `Lokale
    /// Prioritäten`, `Our local priorities`.
    fn qualified_container(&self, words: &str) -> bool {
        let list: Vec<&str> = words.split(' ').collect();
        list.len() <= 6
            && (1..list.len().min(3)).any(|skip| {
                let rest = list[skip..].join(" ");
                self.containers.iter().any(|w| starts_with_word(&rest, w))
            })
    }

    /// The priority word a title opens with and the number after it, folded
    /// (`Thème 4 / Thema 4 : Drogues` → `("theme", "4")`, `Priorité 1.2` → `("priorite",
    /// "1 2")`), for a title that opens with a priority word.
    pub(crate) fn priority_number(&self, text: &str) -> Option<(String, String)> {
        let words = title_words(text);
        let word = self
            .priorities
            .iter()
            .find(|w| starts_with_word(&words, w))?;
        let number: Vec<&str> = words[word.len()..]
            .split_whitespace()
            .take_while(|w| {
                w.chars().all(|c| c.is_ascii_digit())
                    || (is_numbering(w) && w.chars().all(|c| "ivx".contains(c)))
            })
            .collect();
        Some((word.clone(), number.join(" ")))
    }

    /// Folded title `words` without the priority or project word it opens with
    /// (`objectif strategique 3 securite routiere` → `3 securite routiere`).
    pub(crate) fn strip_opening<'w>(&self, words: &'w str) -> &'w str {
        self.priorities
            .iter()
            .chain(&self.projects)
            .chain(&self.containers)
            .find(|w| starts_with_word(words, w))
            .map_or(words, |w| words[w.len()..].trim_start())
    }

    /// Whether folded `word` may stand beside a stage's name in a label.
    pub(crate) fn is_introducer(&self, word: &str) -> bool {
        self.introducers.iter().any(|w| w == word)
    }

    /// Whether `text` opens with a section word (`Indicateur : …`, `Budget : …`).
    pub(crate) fn is_section(&self, text: &str) -> bool {
        let words = title_words(text);
        self.sections.iter().any(|w| starts_with_word(&words, w))
    }

    /// Whether `text` says nothing: empty, punctuation, or a placeholder (`néant`, `n.v.t.`),
    /// also in two languages (`À compléter / nog te bepalen`).
    pub(crate) fn is_placeholder(&self, text: &str) -> bool {
        let one = |text: &str| {
            let words = fold(text);
            let words = words.trim();
            words.is_empty() || self.placeholders.iter().any(|p| p == words)
        };
        one(text) || (text.contains('/') && text.split('/').all(one))
    }

    /// Whether `text` is only a cross-reference to another document (`Voir PZS 2020-2025`,
    /// `zie zonaal veiligheidsplan`): a reference word first, a short text. Whether it also
    /// names a measure is for the caller to say (`has_terms`, asked only of a reference).
    pub(crate) fn is_reference(&self, text: &str, has_terms: impl FnOnce(&str) -> bool) -> bool {
        let words = fold(text);
        let trimmed = words.trim();
        trimmed.split(' ').count() <= 12
            && self.references.iter().any(|r| starts_with_word(trimmed, r))
            && !has_terms(&words)
    }

    /// Whether a table cell's `text` ticks its column (`x`, `✓`, `oui`).
    pub(crate) fn is_tick(&self, text: &str) -> bool {
        let t = text.trim().to_lowercase();
        !t.is_empty() && self.ticks.contains(&t)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn vocabulary() -> Vocabulary {
        let mut w = PlanWords::default();
        let fr = |v: &[&str]| {
            let mut m = PerLanguage::new();
            m.insert("fr".into(), v.iter().map(|s| s.to_string()).collect());
            m
        };
        w.priorities = fr(&["priorité", "priority", "priority area"]);
        w.containers = fr(&["priorités", "priority areas"]);
        w.projects = fr(&["fiche projet"]);
        w.sections = fr(&["diagnostic", "évaluation"]);
        w.cross_cutting = fr(&["transversal"]);
        w.placeholders = fr(&["néant", "n.v.t."]);
        w.references = fr(&["voir"]);
        w.ticks = vec!["x".into(), "✓".into()];
        Vocabulary::new(&w)
    }

    #[test]
    fn headings_are_classified_by_their_opening_words() {
        let v = vocabulary();
        assert_eq!(v.classify("Priorité 2 : Drogues"), HeadWord::Priority);
        assert_eq!(v.classify("4. Priorités"), HeadWord::Container);
        assert_eq!(v.classify("3. Priorités zonales"), HeadWord::Container);
        assert_eq!(v.classify("Priority areas"), HeadWord::Container);
        assert_eq!(v.classify("Priority area 1 – Burglary"), HeadWord::Priority);
        assert_eq!(v.classify("IV. Diagnostic"), HeadWord::Section);
        assert_eq!(v.classify("Fiche projet 4 : Vélos"), HeadWord::Project);
        assert_eq!(v.classify("4.2 Drogues"), HeadWord::Other);
        assert_eq!(v.classify("Prioritaire acties"), HeadWord::Other);
        assert_eq!(v.classify("4. Zonale priorités"), HeadWord::Container);
        assert_eq!(v.classify("Évaluation des priorités"), HeadWord::Section);
        assert_eq!(
            v.classify("Les trois grandes priorités du plan zonal 2020"),
            HeadWord::Other
        );
        assert_eq!(
            v.classify("Priorité transversal : victimes"),
            HeadWord::Section
        );
    }

    #[test]
    fn a_priority_title_gives_its_word_and_number() {
        let v = vocabulary();
        let pair = |w: &str, n: &str| Some((w.to_string(), n.to_string()));
        assert_eq!(
            v.priority_number("Priorité 4 : Drogues"),
            pair("priorite", "4")
        );
        assert_eq!(
            v.priority_number("3.2 Priorité 1.2 – Vols"),
            pair("priorite", "1 2")
        );
        assert_eq!(v.priority_number("Priorité II"), pair("priorite", "ii"));
        assert_eq!(
            v.priority_number("Priority area 2"),
            pair("priority area", "2")
        );
        assert_eq!(
            v.priority_number("Priorité : drogues"),
            pair("priorite", "")
        );
        assert_eq!(v.priority_number("4. Priorités"), None);
    }

    #[test]
    fn placeholders_references_and_ticks() {
        let v = vocabulary();
        for p in ["—", "-", "", "Néant.", "n.v.t.", "Néant / n.v.t."] {
            assert!(v.is_placeholder(p), "{p}");
        }
        assert!(!v.is_placeholder("Néant de mesures ? Non : des patrouilles."));
        assert!(v.is_reference("Voir PZS 2020-2025", |_| false));
        assert!(!v.is_reference("Voir PZS 2020-2025", |_| true));
        assert!(!v.is_reference("Patrouilles ciblées", |_| false));
        assert!(v.is_tick(" ✓ ") && v.is_tick("X") && !v.is_tick("xx"));
    }
}
