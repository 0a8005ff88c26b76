//! Matching stage words in text, whatever the case, accents or language.
//!
//! Text and patterns are folded the same way (lowercase ASCII words separated by single spaces,
//! padded with a space at each end) and every pattern of a model is searched at once with one
//! Aho-Corasick automaton, leftmost-longest: at a given place the longest phrase wins, which is
//! how an excluded phrase ("suivi et évaluation") beats the stage name inside it ("suivi").

use aho_corasick::{AhoCorasick, MatchKind};

/// Folds `text` to lowercase ASCII words separated by one space, with a space at each end (so
/// every word, the first and last included, starts and ends at a space).
pub fn fold(text: &str) -> String {
    let words = crate::slug::fold_words(text, ' ');
    if words.is_empty() {
        return " ".to_string();
    }
    format!(" {words} ")
}

/// What a pattern stands for.
#[derive(Debug, Clone)]
enum Meaning {
    /// Evidence for these stages (indexes into the model's stages).
    Stages(Vec<usize>),
    /// A phrase that never counts.
    Excluded,
}

/// A set of phrases searched together.
pub struct Matcher {
    /// `None` only if the automaton could not be built (absurdly many patterns): matches nothing.
    automaton: Option<AhoCorasick>,
    meanings: Vec<Meaning>,
    /// The phrase as first written, for messages.
    written: Vec<String>,
}

/// One accepted match.
#[derive(Debug, Clone, Copy)]
pub struct Hit<'m> {
    /// Stages it is evidence for.
    pub stages: &'m [usize],
    /// The phrase as written in the model.
    pub written: &'m str,
}

/// Letters a word may add after a phrase and still match it (`victime` → `victimes`).
const MAX_SUFFIX: usize = 3;

impl Matcher {
    /// Builds a matcher from (phrase, stage) evidence pairs and excluded phrases.
    pub fn new<'a>(
        evidence: impl IntoIterator<Item = (&'a str, usize)>,
        excluded: impl IntoIterator<Item = &'a str>,
    ) -> Matcher {
        let mut index: std::collections::HashMap<String, usize> = Default::default();
        let mut patterns: Vec<String> = Vec::new();
        let mut meanings: Vec<Meaning> = Vec::new();
        let mut written = Vec::new();
        for phrase in excluded {
            let folded = fold(phrase).trim().to_string();
            if folded.is_empty() {
                continue;
            }
            match index.get(&folded) {
                Some(&i) => meanings[i] = Meaning::Excluded,
                None => {
                    index.insert(folded.clone(), patterns.len());
                    patterns.push(folded);
                    meanings.push(Meaning::Excluded);
                    written.push(phrase.to_string());
                }
            }
        }
        for (phrase, stage) in evidence {
            let folded = fold(phrase).trim().to_string();
            if folded.is_empty() {
                continue;
            }
            match index.get(&folded) {
                Some(&i) => {
                    if let Meaning::Stages(list) = &mut meanings[i]
                        && !list.contains(&stage)
                    {
                        list.push(stage);
                    }
                }
                None => {
                    index.insert(folded.clone(), patterns.len());
                    patterns.push(folded);
                    meanings.push(Meaning::Stages(vec![stage]));
                    written.push(phrase.to_string());
                }
            }
        }
        let automaton = AhoCorasick::builder()
            .match_kind(MatchKind::LeftmostLongest)
            .build(&patterns)
            .ok();
        Matcher {
            automaton,
            meanings,
            written,
        }
    }

    /// Every accepted match in `folded` text (from [`fold`]), in order, with its byte offset in
    /// the folded text. Matches must start at a word start and end at a word end, or at most
    /// [`MAX_SUFFIX`] letters before it; excluded phrases are consumed and not returned.
    pub fn find<'m>(&'m self, folded: &str) -> Vec<(usize, Hit<'m>)> {
        let bytes = folded.as_bytes();
        let mut out = Vec::new();
        let Some(automaton) = &self.automaton else {
            return out;
        };
        for m in automaton.find_iter(folded) {
            let (s, e) = (m.start(), m.end());
            if s == 0 || bytes[s - 1] != b' ' {
                continue;
            }
            let suffix = bytes[e..].iter().take_while(|b| **b != b' ').count();
            if suffix > MAX_SUFFIX {
                continue;
            }
            let id = m.pattern().as_usize();
            if let Meaning::Stages(stages) = &self.meanings[id] {
                out.push((
                    s,
                    Hit {
                        stages,
                        written: &self.written[id],
                    },
                ));
            }
        }
        out
    }
}

/// Where a term matched in folded text sits in the original `text`: the first place at or after
/// byte `from` whose words fold to `term`'s (its last word may run on for [`MAX_SUFFIX`]
/// letters, as in [`Matcher::find`]), with the words as written there. Searches the next few
/// thousand bytes only (a block's length); `None` when it is not found there (the term was in
/// markup the folding removed).
pub fn locate<'t>(text: &'t str, from: usize, term: &str) -> Option<(usize, &'t str)> {
    const WINDOW: usize = 8000;
    let wanted: Vec<String> = fold(term).split_whitespace().map(str::to_string).collect();
    let (last, inner) = wanted.split_last()?;
    let mut end = (from + WINDOW).min(text.len());
    while !text.is_char_boundary(end) {
        end -= 1;
    }
    let start = from.min(end);
    let mut start_at = start;
    while !text.is_char_boundary(start_at) {
        start_at += 1;
    }
    // The last words read (offset, end, folded), checked against the term as each one comes, so
    // the scan stops at the first match (usually a few words into the block).
    let mut recent: std::collections::VecDeque<(usize, usize, String)> =
        std::collections::VecDeque::with_capacity(wanted.len());
    let matches = |recent: &std::collections::VecDeque<(usize, usize, String)>| {
        recent.len() == wanted.len()
            && recent.iter().zip(inner).all(|(w, t)| &w.2 == t)
            && recent.back().is_some_and(|(_, _, w)| {
                w.strip_prefix(last.as_str())
                    .is_some_and(|rest| rest.len() <= MAX_SUFFIX)
            })
    };
    let mut word_start = None;
    for (i, c) in text[start_at..end]
        .char_indices()
        .chain([(end - start_at, ' ')])
    {
        let at = start_at + i;
        match (c.is_alphanumeric(), word_start) {
            (true, None) => word_start = Some(at),
            (false, Some(s)) => {
                word_start = None;
                for piece in crate::slug::fold_words(&text[s..at], ' ').split(' ') {
                    if piece.is_empty() {
                        continue;
                    }
                    if recent.len() == wanted.len() {
                        recent.pop_front();
                    }
                    recent.push_back((s, at, piece.to_string()));
                    if matches(&recent) {
                        let first = recent.front().map_or(s, |w| w.0);
                        return Some((first, &text[first..at]));
                    }
                }
            }
            _ => {}
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn folding_ignores_case_accents_and_punctuation() {
        assert_eq!(
            fold("Prävention / Suivi-évaluation !"),
            " pravention suivi evaluation "
        );
        assert_eq!(fold("**Suivi :**"), " suivi ");
    }

    #[test]
    fn longest_phrase_wins_and_excluded_phrases_hide_names() {
        let m = Matcher::new(
            [("suivi", 2), ("victime", 2), ("prévention", 0)],
            ["suivi et évaluation", "service prévention"],
        );
        let stages = |t: &str| -> Vec<String> {
            m.find(&fold(t))
                .iter()
                .map(|(_, h)| h.written.to_string())
                .collect()
        };
        assert_eq!(stages("Suivi et évaluation du plan"), Vec::<String>::new());
        assert_eq!(
            stages("Le service prévention aide les victimes"),
            ["victime"]
        );
        assert_eq!(stages("Suivi des victimes"), ["suivi", "victime"]);
        assert_eq!(stages("victimisation"), Vec::<String>::new());
        assert_eq!(stages("préventions"), ["prévention"]);
    }

    #[test]
    fn a_term_is_located_as_written() {
        let text = "Intro.\n\nLes **Victimes** sont orientées\nvers l'Aide aux  victimes locale.\n";
        let from = text.find("Les").unwrap();
        let (at, written) = locate(text, from, "victime").unwrap();
        assert_eq!(written, "Victimes");
        assert_eq!(&text[at..at + 8], "Victimes");
        let (at, written) = locate(text, from, "aide aux victimes").unwrap();
        assert_eq!(written, "Aide aux  victimes");
        assert!(at > text.find('\n').unwrap());
        assert_eq!(locate(text, from, "victimisation"), None);
        assert_eq!(locate(text, from, "contrôle"), None);
        // Offsets inside a character do not panic.
        assert!(locate("é victime", 1, "victime").is_some());
    }
}
