//! Matching stage words in text, whatever the case, accents or language.
//!
//! Text and patterns are folded the same way (lowercase ASCII words separated by single spaces,
//! padded with a space at each end), and every pattern of a matcher is searched at once with one
//! Aho-Corasick automaton. A pattern matches at a word start, and its last word may run on for
//! [`MAX_SUFFIX`] letters (`victime` → `victimes`).
//!
//! Dutch and German glue words together (`Drugspreventie`, `Verkehrskontrollen`,
//! `Opferhilfedienst`), so a pattern written in one of those languages ([`glues`]) also matches
//! inside a compound, by its parts: when its first word has at least [`MIN_PART`] letters it may
//! start after at least [`MIN_HEAD`] letters of the same word, and when its last word has at least
//! [`MIN_PART`] letters it may run on into the next part. French and English patterns match whole
//! words only, so `préventive` never matches `préventivement`. Excluded phrases, whatever their
//! language, reach inside compounds as Dutch and German parts do: a compound holding one is that
//! thing (`toegangscontrole`, `Erfolgskontrolle`, `drugscontroleur`), and it hides the term inside
//! it (`controle`, `Kontrolle`).
//!
//! The automaton reports every occurrence, overlapping ones included: an occurrence its language
//! does not allow (a Dutch part inside a French word, a short part inside a word) must not hide
//! one that is allowed. The allowed ones are then chosen leftmost-longest: the first to start
//! wins, and at a given place the longest phrase, which is how an excluded phrase ("suivi et
//! évaluation") beats the stage name inside it ("suivi"). One automaton per matcher, built once
//! per model, serves both whole words and compounds.

use std::collections::VecDeque;

use aho_corasick::AhoCorasick;

/// Folds `text` to lowercase ASCII words separated by one space, with a space at each end (so
/// every word, the first and last included, starts and ends at a space).
pub(crate) fn fold(text: &str) -> String {
    let words = crate::slug::fold_words(text, ' ');
    if words.is_empty() {
        return " ".to_string();
    }
    format!(" {words} ")
}

/// Letters a word may add after a phrase and still match it (`victime` → `victimes`).
const MAX_SUFFIX: usize = 3;

/// Letters a word of a phrase needs to be matched as a part of a compound: shorter words
/// (`hulp`, `Haft`) sit inside too many unrelated words.
const MIN_PART: usize = 5;

/// Letters a compound must have before a part for the part to match there: `Vermittlung` is not
/// a compound of `Ermittlung`, `Abstreifen` not one of `Streife`.
const MIN_HEAD: usize = 3;

/// Whether words of language `lang` (an ISO 639-1 code) are glued into compounds: Dutch and
/// German.
pub(crate) fn glues(lang: &str) -> bool {
    matches!(lang, "nl" | "de")
}

/// What a pattern stands for.
#[derive(Debug, Clone)]
enum Meaning {
    /// Evidence for these stages (indexes into the model's stages).
    Stages(Vec<usize>),
    /// A phrase that never counts.
    Excluded,
}

/// Where inside a word a pattern may match, beyond a word start and a short suffix.
#[derive(Debug, Clone, Copy, Default)]
struct Reach {
    /// It may start inside a word (its first word is a compound's later part).
    starts_inside: bool,
    /// It may run on into a compound's next part.
    runs_on: bool,
}

impl Reach {
    /// The reach of folded `pattern`, a part of compounds or not.
    fn of(pattern: &str, part: bool) -> Reach {
        if !part {
            return Reach::default();
        }
        let long = |word: Option<&str>| word.is_some_and(|w| w.len() >= MIN_PART);
        Reach {
            starts_inside: long(pattern.split(' ').next()),
            runs_on: long(pattern.rsplit(' ').next()),
        }
    }

    /// The reach of a pattern written the same way in two languages (`controle`, `patrouille`).
    fn or(self, other: Reach) -> Reach {
        Reach {
            starts_inside: self.starts_inside || other.starts_inside,
            runs_on: self.runs_on || other.runs_on,
        }
    }
}

/// A set of phrases searched together.
pub(crate) struct Matcher {
    /// The folded phrases, until the automaton is built from them.
    patterns: Vec<String>,
    /// Built on the first search: a `check` that finds every plan in its cache searches none.
    /// `None` inside only if it could not be built (absurdly many patterns): matches nothing.
    automaton: std::sync::OnceLock<Option<AhoCorasick>>,
    meanings: Vec<Meaning>,
    reach: Vec<Reach>,
    /// The phrase as first written, for messages.
    written: Vec<String>,
}

/// One accepted match.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Hit<'m> {
    /// Stages it is evidence for.
    pub stages: &'m [usize],
    /// The phrase as written in the model.
    pub written: &'m str,
}

impl Matcher {
    /// Builds a matcher from `(language, phrase, stage)` evidence and `(language, phrase)`
    /// excluded phrases; the language decides whether the phrase also matches inside compounds.
    pub(crate) fn new<'a>(
        evidence: impl IntoIterator<Item = (&'a str, &'a str, usize)>,
        excluded: impl IntoIterator<Item = (&'a str, &'a str)>,
    ) -> Matcher {
        let mut index: std::collections::HashMap<String, usize> = Default::default();
        let mut m = Matcher {
            patterns: Vec::new(),
            automaton: std::sync::OnceLock::new(),
            meanings: Vec::new(),
            reach: Vec::new(),
            written: Vec::new(),
        };
        let mut patterns: Vec<String> = Vec::new();
        let excluded = excluded.into_iter().map(|(lang, p)| (lang, p, None));
        let evidence = evidence.into_iter().map(|(lang, p, s)| (lang, p, Some(s)));
        // Excluded phrases first: a phrase both excluded and evidence stays excluded.
        for (lang, phrase, stage) in excluded.chain(evidence) {
            let folded = fold(phrase).trim().to_string();
            if folded.is_empty() {
                continue;
            }
            let reach = Reach::of(&folded, stage.is_none() || glues(lang));
            let i = *index.entry(folded.clone()).or_insert_with(|| {
                patterns.push(folded);
                m.meanings.push(match stage {
                    Some(_) => Meaning::Stages(Vec::new()),
                    None => Meaning::Excluded,
                });
                m.reach.push(Reach::default());
                m.written.push(phrase.to_string());
                patterns.len() - 1
            });
            m.reach[i] = m.reach[i].or(reach);
            if let (Meaning::Stages(list), Some(stage)) = (&mut m.meanings[i], stage)
                && !list.contains(&stage)
            {
                list.push(stage);
            }
        }
        m.patterns = patterns;
        m
    }

    /// The automaton, built on first use. A DFA: every block of every plan is searched for
    /// every occurrence, and a model's thousand-odd short phrases make a small one.
    fn automaton(&self) -> Option<&AhoCorasick> {
        self.automaton
            .get_or_init(|| {
                AhoCorasick::builder()
                    .kind(Some(aho_corasick::AhoCorasickKind::DFA))
                    .build(&self.patterns)
                    .ok()
            })
            .as_ref()
    }

    /// Every accepted match in `folded` text (from [`fold`]), in order, with its byte offset in
    /// the folded text. Matches start at a word start or, for a compound's part, inside a word,
    /// and end at a word end, at most [`MAX_SUFFIX`] letters before it, or before a compound's
    /// next part; the first to start wins, then the longest. Excluded phrases are consumed and
    /// not returned.
    pub(crate) fn find<'m>(&'m self, folded: &str) -> Vec<(usize, Hit<'m>)> {
        let mut out = Vec::new();
        let Some(automaton) = self.automaton() else {
            return out;
        };
        let bytes = folded.as_bytes();
        let mut allowed: Vec<(usize, usize, usize)> = automaton
            .find_overlapping_iter(folded)
            .map(|m| (m.start(), m.end(), m.pattern().as_usize()))
            .filter(|&(s, e, id)| self.allowed(bytes, s, e, id))
            .collect();
        allowed.sort_unstable_by_key(|&(s, e, _)| (s, std::cmp::Reverse(e)));
        let mut free_from = 0;
        for (s, e, id) in allowed {
            if s < free_from {
                continue;
            }
            free_from = e;
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

    /// Whether pattern `id` found at `s..e` sits where its language lets it match.
    fn allowed(&self, bytes: &[u8], s: usize, e: usize, id: usize) -> bool {
        let head = bytes[..s].iter().rev().take_while(|b| **b != b' ').count();
        let tail = bytes[e..].iter().take_while(|b| **b != b' ').count();
        let reach = self.reach[id];
        (head == 0 || (reach.starts_inside && head >= MIN_HEAD))
            && (tail <= MAX_SUFFIX || reach.runs_on)
    }
}

/// Where a term matched in folded text sits in the original `text`: the first place at or after
/// byte `from` whose words fold to `term`'s (its last word may run on for [`MAX_SUFFIX`]
/// letters, as in [`Matcher::find`]), with the words as written there; failing that, the first
/// compound holding it as a part (`Snelheidscontroles` for `controle`), whole; both first in the
/// block at `from` (to the next blank line), then in the next few thousand bytes. `None` when it
/// is not found there (the term was in markup the folding removed).
pub(crate) fn locate<'t>(text: &'t str, from: usize, term: &str) -> Option<(usize, &'t str)> {
    const WINDOW: usize = 8000;
    let wanted: Vec<String> = fold(term).split_whitespace().map(str::to_string).collect();
    if wanted.is_empty() {
        return None;
    }
    let mut end = (from + WINDOW).min(text.len());
    while !text.is_char_boundary(end) {
        end -= 1;
    }
    let mut start = from.min(end);
    while !text.is_char_boundary(start) {
        start += 1;
    }
    // The block the term was found in ends at the first blank line: look there first, whole
    // words then compounds (`Verkehrskontrollen` on this line, not `Kontrollen` three items
    // further), then in the rest of the window.
    let block_end = text[start..end].find("\n\n").map_or(end, |at| start + at);
    let within = |end| Window {
        text,
        start,
        end,
        wanted: &wanted,
    };
    let (block, window) = (within(block_end), within(end));
    block
        .scan(false)
        .or_else(|| block.scan(true))
        .or_else(|| window.scan(false))
        .or_else(|| window.scan(true))
}

/// The part of a text [`locate`] searches, and the folded words of the term it looks for.
struct Window<'t, 'w> {
    text: &'t str,
    start: usize,
    end: usize,
    wanted: &'w [String],
}

impl<'t> Window<'t, '_> {
    /// The first run of words matching the term, as written; `compounds` lets its first word end
    /// a compound and its last word start one, as [`Matcher::find`] does for Dutch and German.
    fn scan(&self, compounds: bool) -> Option<(usize, &'t str)> {
        let n = self.wanted.len();
        // The last words read (offset, folded), checked against the term as each one comes, so
        // the scan stops at the first match (usually a few words into the block).
        let mut recent: VecDeque<(usize, String)> = VecDeque::with_capacity(n);
        let mut word_start = None;
        let (text, start_at, end) = (self.text, self.start, self.end);
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
                        if recent.len() == n {
                            recent.pop_front();
                        }
                        recent.push_back((s, piece.to_string()));
                        if recent.len() == n && self.fits(&recent, compounds) {
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

    /// Whether the `recent` words (as many as the term has) are the term's.
    fn fits(&self, recent: &VecDeque<(usize, String)>, compounds: bool) -> bool {
        let n = self.wanted.len();
        recent
            .iter()
            .zip(self.wanted)
            .enumerate()
            .all(|(i, (word, want))| {
                let word = word.1.as_str();
                let (first, last) = (i == 0, i + 1 == n);
                let part = compounds && want.len() >= MIN_PART;
                let at = if first && part {
                    word.find(want.as_str())
                        .filter(|&p| p == 0 || p >= MIN_HEAD)
                } else {
                    word.starts_with(want.as_str()).then_some(0)
                };
                let Some(at) = at else { return false };
                let rest = word.len() - at - want.len();
                rest == 0 || (last && (rest <= MAX_SUFFIX || part))
            })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The phrases (as written in the matcher) found in `text`.
    fn found(m: &Matcher, text: &str) -> Vec<String> {
        m.find(&fold(text))
            .iter()
            .map(|(_, h)| h.written.to_string())
            .collect()
    }

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
            [
                ("fr", "suivi", 2),
                ("fr", "victime", 2),
                ("fr", "prévention", 0),
            ],
            [("fr", "suivi et évaluation"), ("fr", "service prévention")],
        );
        assert_eq!(
            found(&m, "Suivi et évaluation du plan"),
            Vec::<String>::new()
        );
        assert_eq!(
            found(&m, "Le service prévention aide les victimes"),
            ["victime"]
        );
        assert_eq!(found(&m, "Suivi des victimes"), ["suivi", "victime"]);
        assert_eq!(found(&m, "victimisation"), Vec::<String>::new());
        assert_eq!(found(&m, "préventions"), ["prévention"]);
    }

    /// A matcher with Dutch, German, French and English words of the three stages.
    fn compounds() -> Matcher {
        Matcher::new(
            [
                ("nl", "preventie", 0),
                ("nl", "buurtbemiddeling", 0),
                ("nl", "voorkomen", 0),
                ("nl", "controle", 1),
                ("nl", "boete", 1),
                ("nl", "hulp", 2),
                ("nl", "nazorg", 2),
                ("de", "Prävention", 0),
                ("de", "Kontrolle", 1),
                ("de", "Ermittlung", 1),
                ("de", "Opferhilfe", 2),
                ("fr", "contrôle", 1),
                ("fr", "préventive", 0),
                ("en", "prevention", 0),
            ],
            [
                ("nl", "toegangscontrole"),
                ("nl", "kwaliteitscontrole"),
                ("nl", "voorkomende"),
                ("de", "Erfolgskontrolle"),
                ("de", "Qualitätskontrolle"),
                ("de", "Vermittlung"),
                ("fr", "contrôleur"),
            ],
        )
    }

    #[test]
    fn dutch_and_german_words_match_inside_compounds_by_their_parts() {
        let m = compounds();
        for (text, term) in [
            ("Preventielessen in de scholen", "preventie"),
            ("Drugspreventie", "preventie"),
            ("Snelheidscontroles op de invalswegen", "controle"),
            ("een buurtbemiddelingsproject", "buurtbemiddeling"),
            ("verkeersboetes", "boete"),
            ("Nazorggesprek met het slachtoffer", "nazorg"),
            ("Verkehrskontrollen", "Kontrolle"),
            ("Präventionsmaßnahmen", "Prävention"),
            ("an den Opferhilfedienst", "Opferhilfe"),
            ("Drogenpräventionsprojekte", "Prävention"),
        ] {
            assert_eq!(found(&m, text), [term], "{text}");
        }
    }

    #[test]
    fn excluded_phrases_win_inside_compounds_too() {
        let m = compounds();
        for text in [
            "toegangscontrole aan de ingang",
            "kwaliteitscontroles",
            "fietstoegangscontrole",
            "veel voorkomende feiten",
            "veelvoorkomende feiten",
            "Erfolgskontrolle",
            "jährliche Qualitätskontrollen",
            // A part in a word that merely contains it.
            "Konfliktvermittlung",
            "Vermittlung",
        ] {
            assert_eq!(found(&m, text), Vec::<String>::new(), "{text}");
        }
        // The longest phrase still wins where a compound starts with it.
        assert_eq!(found(&m, "inbraken voorkomen"), ["voorkomen"]);
    }

    #[test]
    fn only_long_parts_match_inside_words() {
        let m = compounds();
        // `hulp` is four letters: not a part, only a word.
        assert_eq!(found(&m, "drughulp"), Vec::<String>::new());
        assert_eq!(found(&m, "hulp aan slachtoffers"), ["hulp"]);
        assert_eq!(found(&m, "hulpverlening"), Vec::<String>::new());
        // Two letters before a part are no compound's head.
        let m = Matcher::new([("de", "Streife", 1)], std::iter::empty());
        assert_eq!(found(&m, "abstreifen"), Vec::<String>::new());
        assert_eq!(found(&m, "Fußstreifen"), ["Streife"]);
    }

    #[test]
    fn french_and_english_words_match_whole_words_only() {
        let m = compounds();
        // A French or English term never runs on or starts inside a word...
        assert_eq!(found(&m, "préventivement"), Vec::<String>::new());
        assert_eq!(found(&m, "crimeprevention"), Vec::<String>::new());
        assert_eq!(found(&m, "préventives"), ["préventive"]);
        // ...but a Dutch word written the same way does, which is why a French word holding one
        // is excluded where it means something else: a contrôleur is an actor, not a check.
        assert_eq!(found(&m, "contrôles"), ["controle"]);
        assert_eq!(found(&m, "contrôleurs"), Vec::<String>::new());
        assert_eq!(found(&m, "drugscontroleurs"), Vec::<String>::new());
        let french = Matcher::new([("fr", "contrôle", 1)], std::iter::empty());
        assert_eq!(found(&french, "autocontrôle"), Vec::<String>::new());
        assert_eq!(found(&french, "contrôlerons"), Vec::<String>::new());
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

    #[test]
    fn a_part_is_located_as_its_whole_compound() {
        let text = "Toegang.\n\nWekelijkse Snelheidscontroles en een controle.\n";
        let (at, written) = locate(text, 0, "controle").unwrap();
        // A whole word is preferred to a compound that comes first.
        assert_eq!(written, "controle");
        assert_eq!(&text[at..at + 8], "controle");
        let text = "Wekelijkse Snelheidscontroles.\n";
        assert_eq!(
            locate(text, 0, "controle"),
            Some((11, "Snelheidscontroles"))
        );
        let text = "Die Präventionsmaßnahmen der Gemeinde.\n";
        assert_eq!(
            locate(text, 0, "Prävention").map(|(_, w)| w),
            Some("Präventionsmaßnahmen")
        );
        assert_eq!(locate("Vermittlung", 0, "Ermittlung"), None);
        // A compound in the block comes before the whole word further on.
        let text =
            "- Verkehrskontrollen an Schulwegen.\n\n#### Reaktion\n\n- Gemeinsame Kontrollen.\n";
        assert_eq!(
            locate(text, 0, "Kontrollen").map(|(_, w)| w),
            Some("Verkehrskontrollen")
        );
    }
}
