//! Sites moving in from Zola or Hugo: when a folder has no `maillon.toml` but a Zola or Hugo
//! configuration, the settings maillon understands (title, base URL, languages, taxonomies) are
//! read from it, so `maillon build` works on such a site as it stands. Everything else in that
//! file is left aside, and the build says so in a warning rather than failing on keys it does not
//! know.

use std::path::Path;

use serde_json::Value;

use super::{Config, LanguageConfig, TaxonomyConfig};
use crate::error::{Error, Result};

/// Configuration files tried, in order, when `maillon.toml` is absent.
const CANDIDATES: &[&str] = &["config.toml", "hugo.toml", "hugo.yaml", "config.yaml"];

/// Where imported settings came from, for the warning the build prints.
#[derive(Debug, Clone)]
pub struct Imported {
    /// File name (`config.toml`).
    pub file: String,
    /// `Zola` or `Hugo`.
    pub generator: &'static str,
    /// Whether the generator fails a build on a broken internal link (Zola's `@/` links,
    /// Hugo's refs), as it does unless its config lowers them to warnings (Zola's
    /// `[link_checker] internal_level = "warn"`, Hugo's `refLinksErrorLevel = "warning"`).
    pub checks_internal_links: bool,
}

/// Reads a Zola or Hugo config from `root`, if there is one.
pub(super) fn import(root: &Path) -> Result<Option<Config>> {
    for name in CANDIDATES {
        let path = root.join(name);
        if !path.is_file() {
            continue;
        }
        let text = std::fs::read_to_string(&path).map_err(|e| Error::io(&path, e))?;
        let value: Value = if name.ends_with(".toml") {
            toml::from_str(&text).map_err(|e| Error::Config(format!("{name}: {}", e.message())))?
        } else {
            serde_saphyr::from_str(&text).map_err(|e| Error::Config(format!("{name}: {e}")))?
        };
        let Some(table) = value.as_object() else {
            continue;
        };
        let get = |key: &str| {
            table
                .iter()
                .find(|(k, _)| k.eq_ignore_ascii_case(key))
                .map(|(_, v)| v)
        };
        let text_of = |key: &str| get(key).and_then(Value::as_str).map(str::to_string);
        let hugo = get("baseURL").is_some() || name.starts_with("hugo");
        let mut config = Config::default();
        if let Some(title) = text_of("title") {
            config.title = title;
        }
        config.description = text_of("description");
        if let Some(url) = text_of(if hugo { "baseURL" } else { "base_url" }) {
            config.base_url = url;
        }
        let default_language = if hugo {
            text_of("defaultContentLanguage")
                .or_else(|| text_of("languageCode").map(|c| c.chars().take(2).collect()))
                .unwrap_or_else(|| "en".into())
        } else {
            text_of("default_language").unwrap_or_else(|| "en".into())
        };
        config.default_language = default_language.to_lowercase();
        if let Some(langs) = get("languages").and_then(Value::as_object) {
            for (code, settings) in langs {
                let title = settings
                    .get("title")
                    .and_then(Value::as_str)
                    .map(str::to_string);
                config.languages.insert(
                    code.to_lowercase(),
                    LanguageConfig {
                        title,
                        description: None,
                    },
                );
            }
        }
        config.taxonomies = if hugo {
            match get("taxonomies").and_then(Value::as_object) {
                Some(map) => map
                    .values()
                    .filter_map(Value::as_str)
                    .map(TaxonomyConfig::named)
                    .collect(),
                None => vec![
                    TaxonomyConfig::named("tags"),
                    TaxonomyConfig::named("categories"),
                ],
            }
        } else {
            get("taxonomies")
                .and_then(Value::as_array)
                .map(|list| {
                    list.iter()
                        .filter_map(|t| t.get("name").and_then(Value::as_str))
                        .map(TaxonomyConfig::named)
                        .collect()
                })
                .unwrap_or_default()
        };
        config
            .taxonomies
            .retain(|t| crate::slug::slugify(&t.name) == t.name);
        // Hugo's Markdown (Goldmark), as its `markup.goldmark` settings have it.
        let goldmark = |pointer: &str| {
            get("markup")
                .and_then(|m| m.pointer(&format!("/goldmark/{pointer}")))
                .filter(|_| hugo)
        };
        if hugo {
            // Heading ids: `github` by default.
            let kind = goldmark("parser/autoHeadingIDType")
                .and_then(Value::as_str)
                .unwrap_or("github");
            config.markdown.heading_ids = match kind.to_ascii_lowercase().as_str() {
                "github-ascii" => crate::slug::HeadingIds::GithubAscii,
                "blackfriday" => crate::slug::HeadingIds::Blackfriday,
                _ => crate::slug::HeadingIds::Github,
            };
        }
        config.markdown.hugo_refs = hugo;
        config.markdown.shortcode_escapes = true;
        let level = if hugo {
            text_of("refLinksErrorLevel")
        } else {
            get("link_checker")
                .and_then(|l| l.get("internal_level"))
                .and_then(Value::as_str)
                .map(str::to_string)
        };
        let lowered = level.is_some_and(|l| l.to_ascii_lowercase().starts_with("warn"));
        // Ids on definition terms: off by default; definition lists: on unless turned off.
        config.markdown.definition_term_ids = goldmark("parser/autoDefinitionTermID")
            .and_then(Value::as_bool)
            .unwrap_or(false);
        config.markdown.definition_lists = hugo
            && goldmark("extensions/definitionList")
                .and_then(Value::as_bool)
                .unwrap_or(true);
        config.imported = Some(Imported {
            file: (*name).to_string(),
            generator: if hugo { "Hugo" } else { "Zola" },
            checks_internal_links: !lowered,
        });
        config
            .normalise()
            .map_err(|invalid| Error::Config(invalid.located(&text, name)))?;
        return Ok(Some(config));
    }
    Ok(None)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn zola_and_hugo_settings_are_read() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(
            dir.path().join("config.toml"),
            "base_url = \"https://z.example\"\ntitle = \"Z\"\ndefault_language = \"fr\"\ncompile_sass = true\n[[taxonomies]]\nname = \"tags\"\n[languages.nl]\ntitle = \"Z nl\"\n",
        )
        .unwrap();
        let c = import(dir.path()).unwrap().unwrap();
        assert_eq!(
            (c.title.as_str(), c.base_url.as_str()),
            ("Z", "https://z.example/")
        );
        assert_eq!(c.language_codes(), vec!["fr", "nl"]);
        assert_eq!(c.taxonomies[0].name, "tags");
        assert_eq!(c.imported.unwrap().generator, "Zola");

        let dir = tempfile::tempdir().unwrap();
        std::fs::write(
            dir.path().join("hugo.toml"),
            "baseURL = \"https://h.example/\"\nlanguageCode = \"nl-be\"\ntitle = \"H\"\n[taxonomies]\ntag = \"tags\"\nseries = \"series\"\n",
        )
        .unwrap();
        let c = import(dir.path()).unwrap().unwrap();
        assert_eq!(c.default_language, "nl");
        let names: Vec<_> = c.taxonomies.iter().map(|t| t.name.as_str()).collect();
        assert_eq!(names, ["series", "tags"]);
    }
}
