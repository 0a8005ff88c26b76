//! `maillon.toml` → [`Config`] (or, for a site moving in, its Zola or Hugo config: `import`).
//!
//! The config is read once, before anything else, and a mistake in it stops the command (exit 2)
//! with `maillon.toml:line:column`: every table denies unknown keys, so a typo such as
//! `defualt_language` is named instead of silently ignored. Defaults make an empty file a valid
//! French site.

pub mod chain;
pub mod checks;
mod import;

use std::collections::BTreeMap;
use std::path::Path;

use serde::{Deserialize, Serialize};

use crate::error::{Error, Result};
use crate::source::LineIndex;

/// A config that parses but says something impossible: the message, and the text it is about
/// (the first of `near` found, its `nth` occurrence), to give the message a line and column.
#[derive(Debug)]
pub(crate) struct Invalid {
    message: String,
    near: Vec<String>,
    nth: usize,
}

impl Invalid {
    /// `name:line:column: message` when the text it is about is found in `text`, else
    /// `name: message`.
    pub(crate) fn located(&self, text: &str, name: &str) -> String {
        let offset = self.near.iter().find_map(|needle| {
            text.match_indices(needle.as_str())
                .nth(self.nth)
                .map(|(at, _)| at)
        });
        match offset {
            Some(at) => {
                let p = LineIndex::new(text).position(text, at);
                format!("{name}:{}:{}: {}", p.line, p.column, self.message)
            }
            None => format!("{name}: {}", self.message),
        }
    }
}

/// Which broken internal links and missing anchors are errors, the others being warnings: on a
/// maillon site all of them; on a site moving in, those its generator checks.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum LinkErrors {
    /// Every internal link (maillon).
    All,
    /// `@/` links only, which Zola checks and Hugo's refs become.
    AtLinks,
    /// None: the generator's config lowers them to warnings.
    None,
}

/// The site's configuration.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct Config {
    /// Site title, shown in every page's header.
    pub title: String,
    /// One-sentence description for feeds and the home page.
    pub description: Option<String>,
    /// Absolute URL the site is served from, ending in `/`.
    pub base_url: String,
    /// Language of files without a language suffix.
    pub default_language: String,
    /// Theme folder name under `themes/`; the embedded default theme when the folder is absent.
    pub theme: String,
    /// Languages of the site, by code; the default language is always included.
    pub languages: BTreeMap<String, LanguageConfig>,
    /// Taxonomies pages may use.
    pub taxonomies: Vec<TaxonomyConfig>,
    /// Markdown options.
    pub markdown: MarkdownConfig,
    /// Whether to write an Atom feed per language.
    pub generate_feeds: bool,
    /// How many entries a feed holds.
    pub feed_limit: usize,
    /// Free data for templates (`config.extra`).
    pub extra: toml::Table,
    /// The security chain model (`[chain]`).
    pub chain: chain::ChainConfig,
    /// Checker settings and custom rules (`[checks]`).
    pub checks: checks::ChecksConfig,
    /// The text of maillon.toml, to position errors found after parsing.
    #[serde(skip)]
    pub source: String,
    /// Set when the settings were read from a Zola or Hugo config (no maillon.toml).
    #[serde(skip)]
    pub imported: Option<import::Imported>,
}

/// Per-language overrides.
#[derive(Debug, Clone, Default, Deserialize, Serialize)]
#[serde(deny_unknown_fields, default)]
pub struct LanguageConfig {
    /// Site title in this language.
    pub title: Option<String>,
    /// Site description in this language.
    pub description: Option<String>,
}

/// One taxonomy.
#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct TaxonomyConfig {
    /// Front-matter key and URL segment (`phenomena` → `/phenomena/`).
    pub name: String,
    /// Pages per term page ([`LIST_PAGE`] unless set; `0`: all on one page).
    #[serde(default = "list_page")]
    pub paginate_by: Option<usize>,
}

impl TaxonomyConfig {
    /// The taxonomy `name` with the default settings.
    pub fn named(name: &str) -> Self {
        TaxonomyConfig {
            name: name.to_string(),
            paginate_by: list_page(),
        }
    }
}

/// Pages per list page by default: a term's pages, and a long section's (one of more than
/// [`LONG_LIST`] pages). Lists are paginated so that no page's size grows with the site.
pub const LIST_PAGE: usize = 50;

/// A section listing more pages than this is paginated by [`LIST_PAGE`] unless it sets
/// `paginate_by` (`0`: all on one page).
pub const LONG_LIST: usize = 100;

// The default of `paginate_by` for a taxonomy (serde asks for a function).
#[allow(clippy::unnecessary_wraps)]
fn list_page() -> Option<usize> {
    Some(LIST_PAGE)
}

/// What to do with raw HTML written inside Markdown.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Deserialize, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum RawHtml {
    /// Keep safe tags and attributes only (default).
    #[default]
    Sanitize,
    /// Keep it as written: only for sites whose every author is trusted.
    Allow,
}

/// Markdown options.
#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields, default)]
pub struct MarkdownConfig {
    /// Raw HTML policy.
    pub raw_html: RawHtml,
    /// Curly quotes and dashes.
    pub smart_punctuation: bool,
    /// Definition lists (`Term` then `: definition`), as Hugo has them by default.
    pub definition_lists: bool,
    /// How heading ids are made: `maillon` (accents folded), or Hugo's `github`,
    /// `github-ascii` or `blackfriday`.
    pub heading_ids: crate::slug::HeadingIds,
    /// Definition terms get ids as headings do (Hugo's `autoDefinitionTermID`).
    pub definition_term_ids: bool,
    /// Hugo's `ref`/`relref` shortcodes as link destinations are links (set for a Hugo site
    /// moving in; not a setting of maillon.toml).
    #[serde(skip)]
    pub hugo_refs: bool,
    /// Zola's and Hugo's escaped shortcodes (`{{/* x() */}}`, `{{</* x */>}}`) are shown as
    /// the shortcodes they escape, as those generators show them (set for a site moving in).
    #[serde(skip)]
    pub shortcode_escapes: bool,
}

impl Default for MarkdownConfig {
    fn default() -> Self {
        MarkdownConfig {
            raw_html: RawHtml::Sanitize,
            smart_punctuation: false,
            definition_lists: false,
            heading_ids: crate::slug::HeadingIds::Maillon,
            definition_term_ids: false,
            hugo_refs: false,
            shortcode_escapes: false,
        }
    }
}

impl Default for Config {
    fn default() -> Self {
        Config {
            title: String::new(),
            description: None,
            base_url: "/".into(),
            default_language: "fr".into(),
            theme: "default".into(),
            languages: BTreeMap::new(),
            taxonomies: ["phenomena", "stages", "communes", "actors", "tags"]
                .into_iter()
                .map(TaxonomyConfig::named)
                .collect(),
            markdown: MarkdownConfig::default(),
            generate_feeds: true,
            feed_limit: 20,
            extra: toml::Table::new(),
            chain: Default::default(),
            checks: Default::default(),
            source: String::new(),
            imported: None,
        }
    }
}

/// A TOML error as `name:line:column: message`, positioned in `text`.
pub fn toml_error(e: &toml::de::Error, text: &str, name: &str) -> Error {
    let at = e
        .span()
        .map(|s| LineIndex::new(text).position(text, s.start))
        .unwrap_or_default();
    Error::Config(format!(
        "{name}:{}:{}: {}",
        at.line,
        at.column,
        e.message().trim()
    ))
}

/// Name of the config file in a site's root.
pub const FILE_NAME: &str = "maillon.toml";

/// The languages of plans checked on their own ([`Config::standalone`]).
pub const STANDALONE_LANGUAGES: [&str; 4] = ["fr", "nl", "de", "en"];

impl Config {
    /// Which broken internal links are errors (see [`LinkErrors`]).
    pub fn link_errors(&self) -> LinkErrors {
        match &self.imported {
            None => LinkErrors::All,
            Some(from) if from.checks_internal_links => LinkErrors::AtLinks,
            Some(_) => LinkErrors::None,
        }
    }

    /// Reads `root/maillon.toml`; without it, a Zola or Hugo config in `root` (see `import`).
    /// A folder with neither is not a site: an error.
    pub fn load(root: &Path) -> Result<Config> {
        let path = root.join(FILE_NAME);
        if !path.is_file() {
            if let Some(config) = import::import(root)? {
                return Ok(config);
            }
            return Err(Error::Config(format!(
                "{}: no maillon.toml here; run `maillon init DIR` to create a site, or pass --root",
                root.display()
            )));
        }
        let text = std::fs::read_to_string(&path).map_err(|e| Error::io(&path, e))?;
        Config::parse(&text, FILE_NAME)
    }

    /// The settings of plans checked on their own, outside any site (`maillon check plan.md`):
    /// the defaults of an empty maillon.toml (so the default chain model), in the four
    /// languages of Belgian plans, French first.
    pub fn standalone() -> Config {
        let mut config = Config::default();
        for code in STANDALONE_LANGUAGES {
            config
                .languages
                .insert(code.to_string(), LanguageConfig::default());
        }
        config
    }

    /// Parses config text; `name` is used in messages.
    pub fn parse(text: &str, name: &str) -> Result<Config> {
        let mut config: Config = toml::from_str(text).map_err(|e| toml_error(&e, text, name))?;
        config
            .normalise()
            .map_err(|invalid| Error::Config(invalid.located(text, name)))?;
        config.source = text.to_string();
        Ok(config)
    }

    pub(crate) fn normalise(&mut self) -> std::result::Result<(), Invalid> {
        if !self.base_url.ends_with('/') {
            self.base_url.push('/');
        }
        for code in self.languages.keys() {
            if code.is_empty() || !code.chars().all(|c| c.is_ascii_alphanumeric() || c == '-') {
                return Err(Invalid {
                    message: format!("language code `{code}` must be letters, digits or `-`"),
                    near: vec![format!("languages.{code}"), format!("languages.\"{code}\"")],
                    nth: 0,
                });
            }
        }
        self.languages
            .entry(self.default_language.clone())
            .or_default();
        let mut seen = std::collections::HashSet::new();
        for t in &self.taxonomies {
            let quoted = vec![format!("\"{}\"", t.name), format!("'{}'", t.name)];
            if crate::slug::slugify(&t.name) != t.name {
                return Err(Invalid {
                    message: format!(
                        "taxonomy name `{}` must be a lowercase slug (letters, digits, `-`)",
                        t.name
                    ),
                    near: quoted,
                    nth: 0,
                });
            }
            if !seen.insert(t.name.as_str()) {
                return Err(Invalid {
                    message: format!("taxonomy `{}` is declared twice", t.name),
                    near: quoted,
                    nth: 1,
                });
            }
        }
        Ok(())
    }

    /// The path part of `base_url`, starting and ending with `/` (`/` for a site at the root).
    pub fn base_path(&self) -> String {
        let after_scheme = self
            .base_url
            .split_once("://")
            .map_or(self.base_url.as_str(), |(_, rest)| rest);
        let path = after_scheme.find('/').map_or("/", |i| &after_scheme[i..]);
        if path.ends_with('/') {
            path.to_string()
        } else {
            format!("{path}/")
        }
    }

    /// The site's languages, the default first, then the others by code.
    pub fn language_codes(&self) -> Vec<&str> {
        let mut codes = vec![self.default_language.as_str()];
        codes.extend(
            self.languages
                .keys()
                .map(String::as_str)
                .filter(|c| *c != self.default_language),
        );
        codes
    }

    /// The site title in `lang`.
    pub fn title_in(&self, lang: &str) -> &str {
        self.languages
            .get(lang)
            .and_then(|l| l.title.as_deref())
            .unwrap_or(&self.title)
    }

    /// The site description in `lang`.
    pub fn description_in(&self, lang: &str) -> Option<&str> {
        self.languages
            .get(lang)
            .and_then(|l| l.description.as_deref())
            .or(self.description.as_deref())
    }

    /// The URL path of `lang`'s home: `base_path` for the default language, `base_path/lang/`
    /// for the others.
    pub fn lang_root(&self, lang: &str) -> String {
        if lang == self.default_language {
            self.base_path()
        } else {
            format!("{}{lang}/", self.base_path())
        }
    }

    /// The absolute URL of a URL path produced by this site.
    pub fn permalink(&self, url_path: &str) -> String {
        let base = self.base_url.trim_end_matches('/');
        let origin_end = base.split_once("://").map_or(0, |(scheme, rest)| {
            scheme.len() + 3 + rest.find('/').unwrap_or(rest.len())
        });
        format!("{}{url_path}", &base[..origin_end])
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn unknown_key_is_named_with_its_position() {
        let err = Config::parse("title = \"x\"\ndefualt_language = \"nl\"\n", "maillon.toml")
            .unwrap_err()
            .to_string();
        assert!(
            err.starts_with("maillon.toml:2:1: unknown field `defualt_language`"),
            "{err}"
        );
    }

    #[test]
    fn impossible_settings_are_named_with_their_position() {
        let err = |text: &str| Config::parse(text, "maillon.toml").unwrap_err().to_string();
        assert_eq!(
            err("title = \"x\"\n[languages.fr]\n[languages.\"n l\"]\n"),
            "maillon.toml:3:2: language code `n l` must be letters, digits or `-`"
        );
        assert_eq!(
            err("[[taxonomies]]\nname = \"tags\"\n[[taxonomies]]\nname = \"tags\"\n"),
            "maillon.toml:4:8: taxonomy `tags` is declared twice"
        );
        assert_eq!(
            err("[[taxonomies]]\nname = \"Tags\"\n"),
            "maillon.toml:2:8: taxonomy name `Tags` must be a lowercase slug (letters, digits, `-`)"
        );
    }

    #[test]
    fn base_path_and_permalinks() {
        let c = Config::parse("base_url = \"https://ex.be/docs\"", "m").unwrap();
        assert_eq!(c.base_path(), "/docs/");
        assert_eq!(c.lang_root("nl"), "/docs/nl/");
        assert_eq!(c.permalink("/docs/a/"), "https://ex.be/docs/a/");
        assert_eq!(c.language_codes(), vec!["fr"]);
    }
}
