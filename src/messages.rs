//! The messages of findings, in the page's language, from `data/messages/<lang>.toml`.
//!
//! Messages are data so that a translator edits TOML, not Rust. They sit below every stage that
//! reports findings (the Markdown parse reports broken links, the checker its rules), so that
//! none of those stages depends on another for its words. A language without a file, or a
//! key missing from it, falls back to English, then to the key itself.

use std::collections::{BTreeMap, HashMap};

use include_dir::{Dir, include_dir};

static MESSAGES: Dir<'static> = include_dir!("$CARGO_MANIFEST_DIR/data/messages");

/// Messages of every bundled language.
pub(crate) struct Messages {
    by_lang: HashMap<String, BTreeMap<String, String>>,
}

impl Messages {
    /// Loads the bundled message files (a file that does not parse is skipped: English covers it).
    pub(crate) fn load() -> Messages {
        let by_lang = MESSAGES
            .files()
            .filter_map(|f| {
                let lang = f.path().file_stem()?.to_string_lossy().into_owned();
                let map = toml::from_str(&String::from_utf8_lossy(f.contents())).ok()?;
                Some((lang, map))
            })
            .collect();
        Messages { by_lang }
    }

    /// The bundled messages, loaded once per process (link checks need them page by page).
    pub(crate) fn bundled() -> &'static Messages {
        static BUNDLED: std::sync::OnceLock<Messages> = std::sync::OnceLock::new();
        BUNDLED.get_or_init(Messages::load)
    }

    /// Message `key` in `lang` with `{name}` placeholders filled from `args`.
    pub(crate) fn get(&self, lang: &str, key: &str, args: &[(&str, &str)]) -> String {
        let template = self
            .by_lang
            .get(lang)
            .and_then(|m| m.get(key))
            .or_else(|| self.by_lang.get("en").and_then(|m| m.get(key)))
            .map_or(key, String::as_str);
        let mut out = template.to_string();
        for (name, value) in args {
            out = out.replace(&format!("{{{name}}}"), value);
        }
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A message file that does not parse would silently fall back to English: every bundled
    /// file parses and has every English key.
    #[test]
    fn every_language_has_every_message() {
        let messages = Messages::load();
        let english = messages.by_lang.get("en").expect("en.toml");
        for lang in ["fr", "nl", "de"] {
            let map = messages
                .by_lang
                .get(lang)
                .unwrap_or_else(|| panic!("{lang}.toml is missing or does not parse"));
            let missing: Vec<&String> = english.keys().filter(|k| !map.contains_key(*k)).collect();
            assert!(missing.is_empty(), "{lang}.toml lacks {missing:?}");
        }
    }
}
