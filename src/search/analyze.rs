//! Word → index term, with elasticlunr-rs's pipelines (trimmer, stop words, Snowball stemmer).
//!
//! A pipeline runs once per distinct word of a language, never once per occurrence: the index
//! collects each language's vocabulary first, then stems it (see `index.rs`), so ten thousand
//! pages cost tens of thousands of stemmer calls, not millions. Terms are folded after stemming
//! (`prévent` → `prevent`), so accents never split a term.
//!
//! Languages map to elasticlunr's codes (`nl` is its `du`); a language it does not know keeps
//! every word whole (folded, no stop words, no stemming). German gets one step more, appended
//! to elasticlunr's own pipeline: Snowball leaves the Latin suffixes `-ion` and `-iv` alone, so
//! `Prävention` (`pravention`) and `präventiven` (`praventiv`) would be two terms, where the
//! French stemmer already makes `prévention` and `préventif` one; the step removes them when a
//! stem of five letters or more remains (`pravent`).

use elasticlunr::lang;
use elasticlunr::pipeline::{FnWrapper, Pipeline};

use super::text;

/// The text pipeline of one language. Not `Send`: make one per thread.
pub struct Analyzer {
    language: Option<Stages>,
}

/// A language's pipeline, and which of its stages is the trimmer.
struct Stages {
    pipeline: Pipeline,
    trimmer: Option<usize>,
}

/// elasticlunr's pipeline for `language`, with this module's German step appended.
fn pipeline(language: &dyn lang::Language) -> Pipeline {
    let mut pipeline = language.make_pipeline();
    if language.code() == "de" {
        pipeline.queue.push(Box::new(FnWrapper(
            "latin-suffixes-de".into(),
            german_latin_suffixes,
        )));
    }
    pipeline
}

/// elasticlunr's code for a site language code (`nl-BE` → `du`).
fn elasticlunr_code(lang: &str) -> Option<&'static str> {
    let base = lang.split(['-', '_']).next().unwrap_or(lang);
    match base.to_ascii_lowercase().as_str() {
        "fr" => Some("fr"),
        "nl" => Some("du"),
        "de" => Some("de"),
        "en" => Some("en"),
        _ => None,
    }
}

impl Analyzer {
    /// The analyzer for a site language code.
    pub fn new(lang: &str) -> Analyzer {
        let language = elasticlunr_code(lang)
            .and_then(lang::from_code)
            .map(|language| {
                let pipeline = pipeline(language.as_ref());
                let trimmer = pipeline
                    .queue
                    .iter()
                    .position(|stage| stage.name().starts_with("trimmer"));
                Stages { pipeline, trimmer }
            });
        Analyzer { language }
    }

    /// Whether words are stemmed in this language.
    pub fn stems(&self) -> bool {
        self.language.is_some()
    }

    /// The folded index term of a lowercase word of `text::words`, or `None` when the pipeline
    /// drops it (a stop word, or nothing left once trimmed).
    ///
    /// The same term as elasticlunr's `pipeline.run(language.tokenize(word))`, for less: the
    /// tokenizer splits at whitespace and hyphens and lowercases, and such a word has neither
    /// and is lowercase already, so it is its own token; the trimmer (a regular expression that
    /// strips what is not a Latin letter at either end) leaves a word of ASCII letters as it
    /// is, so such a word skips it. Tokenizer and trimmer were a sixth of the pipeline's cost
    /// (tens of thousands of distinct words a site); the Snowball stemmer is the rest.
    pub fn term(&self, word: &str) -> Option<String> {
        let Some(Stages { pipeline, trimmer }) = &self.language else {
            return Some(text::fold(word));
        };
        let letters = word.bytes().all(|b| b.is_ascii_alphabetic());
        let mut token = word.to_string();
        for (i, stage) in pipeline.queue.iter().enumerate() {
            if letters && Some(i) == *trimmer {
                continue;
            }
            token = stage.filter(token)?;
        }
        Some(token)
            .filter(|t| !t.is_empty())
            .map(|t| text::fold(&t))
    }
}

// A stage of the stemming pipeline, whose stages may drop a token (`None`); this one never does.
#[allow(clippy::unnecessary_wraps)]
fn german_latin_suffixes(token: String) -> Option<String> {
    for suffix in ["ion", "iv"] {
        if let Some(stem) = token.strip_suffix(suffix)
            && stem.chars().count() >= 5
        {
            return Some(stem.to_string());
        }
    }
    Some(token)
}

#[cfg(test)]
mod tests {
    use super::Analyzer;

    fn same_term(lang: &str, a: &str, b: &str) {
        let an = Analyzer::new(lang);
        let (ta, tb) = (an.term(&a.to_lowercase()), an.term(&b.to_lowercase()));
        assert!(
            ta.is_some() && ta == tb,
            "{lang}: {a} → {ta:?}, {b} → {tb:?}"
        );
    }

    #[test]
    fn stems_each_language() {
        same_term("fr", "cambriolage", "cambriolages");
        same_term("fr", "Prévention", "préventive");
        same_term("nl", "inbraak", "inbraken");
        same_term("nl", "gemeente", "gemeenten");
        same_term("de", "Prävention", "präventiven");
        same_term("de", "Einbruch", "Einbrüche");
        same_term("en", "burglary", "burglaries");
        same_term("it", "Sicurezza", "sicurezza");
    }

    #[test]
    fn terms_are_those_of_the_whole_elasticlunr_pipeline() {
        let words = [
            "cambriolages",
            "prévention",
            "l",
            "les",
            "2023",
            "a1",
            "été",
            "Ω",
            "οδος",
            "straße",
            "inbraken",
            "gemeenten",
            "de",
            "präventiven",
            "und",
            "the",
            "burglaries",
            "x",
            "ça",
            "œuvre",
            "ijs",
            "e\u{301}te\u{301}",
            "naïveté",
            "covid19",
            "ﬁn",
            "zürich",
        ];
        for code in ["fr", "nl", "de", "en"] {
            let analyzer = Analyzer::new(code);
            let language =
                elasticlunr::lang::from_code(super::elasticlunr_code(code).unwrap()).unwrap();
            let pipeline = super::pipeline(language.as_ref());
            for word in words {
                let lower = word.to_lowercase();
                let whole = pipeline
                    .run(language.tokenize(&lower))
                    .into_iter()
                    .find(|t| !t.is_empty())
                    .map(|t| crate::search::text::fold(&t));
                assert_eq!(analyzer.term(&lower), whole, "{code}: {word}");
            }
        }
    }

    #[test]
    fn drops_stop_words_and_folds_terms() {
        let fr = Analyzer::new("fr");
        assert_eq!(fr.term("les"), None);
        assert_eq!(fr.term("sécurité").as_deref(), Some("secur"));
        assert_eq!(Analyzer::new("nl").term("de"), None);
        assert_eq!(Analyzer::new("de").term("und"), None);
        assert_eq!(Analyzer::new("en").term("the"), None);
        assert_eq!(
            Analyzer::new("de").term("million").as_deref(),
            Some("million")
        );
    }
}
