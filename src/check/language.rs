//! Guessing the language of a plan checked on its own, which has no file name suffix or site to
//! say it (`maillon check plan.md`).
//!
//! The language only decides the words of the messages and of the coverage matrix (evidence is
//! matched in every language anyway), so a small count of stop words is enough: each language
//! has a short list of frequent words that the others do not use (`de`, `en`, `die`, `in`, `is`,
//! `des`, `on`, `an` are left out, being words of two of them), and the language with the most of
//! them in the text wins. Words are compared in lowercase; text in front matter and code counts too, being rare.

/// Frequent words of each language, found in none of the others' lists.
const STOP_WORDS: &[(&str, &[&str])] = &[
    (
        "fr",
        &[
            "le", "la", "les", "du", "et", "un", "une", "est", "pour", "dans", "par", "sur", "que",
            "qui", "au", "aux", "avec", "pas", "sont", "ce", "cette", "à", "ou", "leur",
        ],
    ),
    (
        "nl",
        &[
            "het", "een", "van", "op", "te", "dat", "voor", "met", "zijn", "niet", "aan", "om",
            "ook", "bij", "door", "naar", "worden", "wordt", "deze", "wij", "onze",
        ],
    ),
    (
        "de",
        &[
            "der", "das", "und", "ist", "nicht", "mit", "von", "dem", "zu", "ein", "eine", "für",
            "auf", "auch", "sich", "im", "werden", "wird", "oder", "sind", "zur", "zum",
        ],
    ),
    (
        "en",
        &[
            "the", "and", "of", "to", "for", "with", "that", "by", "are", "be", "this", "from",
            "will", "or", "it", "as", "our", "their",
        ],
    ),
];

/// The language (`fr`, `nl`, `de` or `en`) whose stop words `text` uses most; `None` when it
/// uses none. A tie goes to the language listed first (French, then Dutch, German, English).
pub(crate) fn guess(text: &str) -> Option<&'static str> {
    let mut counts = [0usize; STOP_WORDS.len()];
    for word in text.split(|c: char| !c.is_alphabetic()) {
        if word.is_empty() || word.len() > 6 {
            continue;
        }
        let word = word.to_lowercase();
        for (count, (_, words)) in counts.iter_mut().zip(STOP_WORDS) {
            if words.contains(&word.as_str()) {
                *count += 1;
            }
        }
    }
    let mut best: Option<(usize, &'static str)> = None;
    for (count, (lang, _)) in counts.iter().zip(STOP_WORDS) {
        if *count > 0 && best.is_none_or(|(n, _)| *count > n) {
            best = Some((*count, lang));
        }
    }
    best.map(|(_, lang)| lang)
}

#[cfg(test)]
mod tests {
    use super::guess;

    #[test]
    fn each_language_is_recognised() {
        assert_eq!(
            guess(
                "## Priorité 1 : Cambriolages\n\nLa police renforce les patrouilles dans le quartier de la gare et informe les habitants."
            ),
            Some("fr")
        );
        assert_eq!(
            guess(
                "## Prioriteit 1: Woninginbraken\n\nDe politie voert extra patrouilles uit en het CAW begeleidt de slachtoffers van een inbraak."
            ),
            Some("nl")
        );
        assert_eq!(
            guess(
                "## Priorität 1: Einbrüche\n\nDie Polizei verstärkt die Streifen und der Opferhilfedienst ist für die Betroffenen da."
            ),
            Some("de")
        );
        assert_eq!(
            guess(
                "## Priority 1: Burglaries\n\nThe police step up patrols in the station area and victims are referred to the support service."
            ),
            Some("en")
        );
    }

    #[test]
    fn words_shared_by_two_languages_decide_nothing() {
        // `de`, `en`, `in`, `is`, `die` are French, Dutch, German or English alike.
        assert_eq!(guess("de en in is die"), None);
        assert_eq!(guess(""), None);
        assert_eq!(guess("## 2020-2025\n\n- PSSP\n- PZS"), None);
    }

    #[test]
    fn the_language_most_used_wins_and_case_is_ignored() {
        // A Brussels plan: mostly Dutch with a French title.
        let text = "# Plan de sécurité\n\nHET plan van de zone wordt door de raad goedgekeurd en is voor vier jaar.";
        assert_eq!(guess(text), Some("nl"));
        // A tie goes to the language listed first.
        assert_eq!(guess("le het"), Some("fr"));
    }
}
