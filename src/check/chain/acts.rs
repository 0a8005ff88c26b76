//! Acts: a stage read from who a sentence is about and what is done to them.
//!
//! Plans often describe a measure without any word of its stage: "les personnes âgées volées
//! reçoivent la visite d'une assistante sociale", "Slachtoffers worden binnen 48 uur
//! gecontacteerd", "those who hit someone are arrested". A single word of such a sentence says
//! little (`contacted`, `informed`: to whom?), and listing every phrase in every inflection and
//! word order does not end. So a model may also describe a stage as acts: a list of people
//! (`who`: victims, offenders, residents) and a list of what is done (`does`: supported,
//! arrested, informed). One of each in the same sentence is inferred evidence of that stage, the
//! way a lexicon term is. The same verb serves several stages through different people ("victims
//! informed" is follow-up, "residents informed" prevention), which is why both are needed.
//!
//! Both lists are matched like lexicon terms (folded, Dutch and German by compound parts), in
//! one automaton for all acts, and excluded phrases still win ("réaction des riverains").

use super::text::{Matcher, fold};
pub(crate) use crate::config::chain::ActSpec;

/// Every act of a model, ready to search.
pub(crate) struct Acts {
    /// Who of act `a` is pattern meaning `2a`, what it does `2a + 1`.
    matcher: Matcher,
    /// By act: its stage.
    stage: Vec<usize>,
}

impl Acts {
    /// Acts from `(stage, act)` pairs; `excluded` phrases (with their language) never count.
    pub(crate) fn new<'a>(
        acts: impl IntoIterator<Item = (usize, &'a ActSpec)>,
        excluded: impl IntoIterator<Item = (&'a str, &'a str)>,
    ) -> Acts {
        let mut stage = Vec::new();
        let mut words: Vec<(&'a str, &'a str, usize)> = Vec::new();
        for (s, act) in acts {
            let a = stage.len();
            stage.push(s);
            for (list, id) in [(&act.who, 2 * a), (&act.does, 2 * a + 1)] {
                for (lang, terms) in list {
                    words.extend(terms.iter().map(|t| (lang.as_str(), t.as_str(), id)));
                }
            }
        }
        Acts {
            matcher: Matcher::new(words, excluded),
            stage,
        }
    }

    /// Whether the model has no acts.
    pub(crate) fn is_empty(&self) -> bool {
        self.stage.is_empty()
    }

    /// The stages whose acts `text` holds (someone, and what is done to them, in one sentence
    /// and at most [`MAX_GAP`] words apart), each with the first such "does" phrase as written
    /// in the model, in the order found.
    pub(crate) fn find(&self, text: &str) -> Vec<(usize, &str)> {
        let mut out: Vec<(usize, &str)> = Vec::new();
        if self.is_empty() {
            return out;
        }
        for sentence in sentences(text) {
            let folded = fold(sentence);
            // Word index of each hit, by act: who, then what is done.
            let mut who: Vec<Vec<usize>> = vec![Vec::new(); self.stage.len()];
            let mut does: Vec<Vec<(usize, &str)>> = vec![Vec::new(); self.stage.len()];
            for (at, hit) in self.matcher.find(&folded) {
                let word = folded.as_bytes()[..at]
                    .iter()
                    .filter(|&&b| b == b' ')
                    .count();
                for &id in hit.stages {
                    match id % 2 {
                        0 => who[id / 2].push(word),
                        _ => does[id / 2].push((word, hit.written)),
                    }
                }
            }
            for (a, done) in does.iter().enumerate() {
                let s = self.stage[a];
                if out.iter().any(|&(t, _)| t == s) {
                    continue;
                }
                let near = done
                    .iter()
                    .find(|(d, _)| who[a].iter().any(|w| w.abs_diff(*d) <= MAX_GAP));
                if let Some(&(_, written)) = near {
                    out.push((s, written));
                }
            }
        }
        out
    }
}

/// Most words from the person to what is done to them (German puts the verb last:
/// "Opfer werden vom Bezirksinspektor an die Opferhilfe weitervermittelt"); further apart,
/// the two are seldom about each other.
const MAX_GAP: usize = 16;

/// The sentences of `text`: cut after `.`, `!`, `?` or `;` followed by a space or a line
/// break, and at line breaks that start a new list item or paragraph.
fn sentences(text: &str) -> impl Iterator<Item = &str> {
    let bytes = text.as_bytes();
    let mut start = 0;
    let mut cuts = Vec::new();
    for (i, &b) in bytes.iter().enumerate() {
        let next = bytes.get(i + 1).copied();
        let end = matches!(b, b'.' | b'!' | b'?' | b';')
            && matches!(next, None | Some(b' ' | b'\n' | b'\t' | b'\r'));
        if end {
            cuts.push((start, i + 1));
            start = i + 1;
        }
    }
    cuts.push((start, text.len()));
    cuts.into_iter()
        .map(move |(a, b)| &text[a..b])
        .filter(|s| !s.trim().is_empty())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::config::chain::PerLanguage;

    fn acts() -> Acts {
        let list = |lang: &str, v: &[&str]| {
            let mut m = PerLanguage::new();
            m.insert(lang.to_string(), v.iter().map(|s| s.to_string()).collect());
            m
        };
        let victims = ActSpec {
            who: list("fr", &["victime", "personnes lésées"]),
            does: list("fr", &["contactée", "informée"]),
        };
        let residents = ActSpec {
            who: list("fr", &["habitants"]),
            does: list("fr", &["informés"]),
        };
        let offenders = ActSpec {
            who: list("nl", &["dader"]),
            does: list("nl", &["opgepakt"]),
        };
        Acts::new(
            [(2, &victims), (0, &residents), (1, &offenders)],
            [("fr", "réaction des habitants")],
        )
    }

    #[test]
    fn someone_and_what_is_done_in_one_sentence_is_an_act() {
        let a = acts();
        assert_eq!(
            a.find("Chaque victime est contactée dans les 48 heures."),
            vec![(2, "contactée")]
        );
        assert_eq!(
            a.find("Les habitants du quartier sont informés par courrier."),
            vec![(0, "informés")]
        );
        assert_eq!(
            a.find("Daders worden op heterdaad opgepakt"),
            vec![(1, "opgepakt")]
        );
    }

    #[test]
    fn the_person_alone_the_verb_alone_or_the_two_apart_are_not() {
        let a = acts();
        assert!(
            a.find("Les victimes sont surtout des personnes âgées.")
                .is_empty()
        );
        assert!(a.find("Le rapport est informé des chiffres.").is_empty());
        assert!(
            a.find("Les victimes sont nombreuses. Le collège sera contacté.")
                .is_empty()
        );
        assert!(a.find("La réaction des habitants informés").is_empty());
        assert!(
            a.find("Une victime, selon le rapport annuel que le collège a approuvé hier soir après un long débat, fut contactée.")
                .is_empty()
        );
    }
}
