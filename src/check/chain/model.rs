//! [`ChainModel`]: the stages of the security chain, as data.
//!
//! Models are TOML files (`data/chains/be-3.toml`, `nl-5.toml`, compiled into the binary, or a
//! site's own file), so a new word or a new chain is an edit to data, not to code. Each stage
//! has per-language names, aliases (words that name the stage in a heading or a tag), lexicon
//! terms (words that only suggest it) and excluded phrases (which never count). Every language's
//! words are matched on every page: Brussels plans are bilingual, and a Dutch plan may sit in a
//! French site.

use std::path::Path;

use include_dir::{Dir, include_dir};
use serde::Deserialize;

use super::acts::Acts;
use super::text::{Matcher, fold};
use super::words::Vocabulary;
pub(crate) use crate::config::chain::{ChainConfig, PerLanguage, PlanWords, StageSpec};
use crate::error::{Error, Result};

static BUNDLED: Dir<'static> = include_dir!("$CARGO_MANIFEST_DIR/data/chains");

/// A model file.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
struct ModelFile {
    id: String,
    /// The model's name for people, in the file for whoever reads it; maillon shows its id.
    #[allow(dead_code)]
    name: String,
    /// Older files list priority words here; they are added to `[plan] priorities`.
    #[serde(default)]
    priority_words: Vec<String>,
    /// The words that give a plan its shape; a model without them takes the bundled `be-3`'s.
    plan: Option<PlanWords>,
    /// Words of the plan's own monitoring (reports, indicators, dashboards), per language.
    #[serde(default)]
    monitoring: PerLanguage<Vec<String>>,
    stages: Vec<StageSpec>,
}

/// One stage, ready to use.
#[derive(Debug, Clone)]
pub struct Stage {
    /// Stable id.
    pub id: String,
    /// Display name per language.
    pub names: PerLanguage<String>,
}

impl Stage {
    /// The stage's name in `lang`, else in English, else its id.
    pub fn name_in(&self, lang: &str) -> &str {
        self.names
            .get(lang)
            .or_else(|| self.names.get("en"))
            .map_or(self.id.as_str(), String::as_str)
    }
}

/// A chain model with its matchers built.
pub(crate) struct ChainModel {
    /// Model id.
    pub id: String,
    /// The stages, in chain order.
    pub stages: Vec<Stage>,
    /// The words that give a plan its shape.
    pub words: Vocabulary,
    /// Names and aliases: what headings and tags may say.
    pub names: Matcher,
    /// Lexicon terms: inferred evidence.
    pub lexicon: Matcher,
    /// Acts (someone and what is done to them): inferred evidence too.
    pub acts: Acts,
    /// Words of plan monitoring (stage index unused).
    monitoring: Matcher,
    /// By stage: whether its names also name plan monitoring.
    confused_with_monitoring: Vec<bool>,
    /// Everything the model says, as text: two models read plans alike when these are equal.
    pub fingerprint: String,
}

impl ChainModel {
    /// Loads the model `config` names, for the site at `root`, and applies its extensions.
    pub(crate) fn load(config: &ChainConfig, root: &Path) -> Result<ChainModel> {
        let mut file = read_model(&config.model, root)?;
        if let Some(stages) = &config.stages {
            file.stages.clone_from(stages);
        }
        for ext in &config.extend {
            let Some(stage) = file.stages.iter_mut().find(|s| s.id == ext.stage) else {
                let known: Vec<&str> = file.stages.iter().map(|s| s.id.as_str()).collect();
                return Err(Error::Config(format!(
                    "maillon.toml: [[chain.extend]] names stage `{}`, which model `{}` does not have (it has {})",
                    ext.stage,
                    file.id,
                    known.join(", ")
                )));
            };
            stage.acts.extend(ext.acts.iter().cloned());
            for (target, more) in [
                (&mut stage.aliases, &ext.aliases),
                (&mut stage.lexicon, &ext.lexicon),
                (&mut stage.exclude, &ext.exclude),
            ] {
                for (lang, words) in more {
                    target
                        .entry(lang.clone())
                        .or_default()
                        .extend(words.iter().cloned());
                }
            }
        }
        let mut plan = match file.plan.take() {
            Some(plan) => plan,
            None => read_model("be-3", root)?.plan.unwrap_or_default(),
        };
        plan.priorities
            .entry("any".into())
            .or_default()
            .append(&mut file.priority_words);
        plan.extend(&config.plan);
        file.plan = Some(plan);
        Ok(Self::build(file))
    }

    fn build(file: ModelFile) -> ChainModel {
        let fingerprint = format!("{file:?}");
        // Every word goes with its language: Dutch and German words also match inside compounds.
        let excluded: Vec<(&str, &str)> = file
            .stages
            .iter()
            .flat_map(|s| with_language(&s.exclude))
            .collect();
        let names = Matcher::new(
            file.stages.iter().enumerate().flat_map(|(i, s)| {
                s.names
                    .iter()
                    .map(|(lang, w)| (lang.as_str(), w.as_str()))
                    .chain(with_language(&s.aliases))
                    .map(move |(lang, w)| (lang, w, i))
            }),
            excluded.iter().copied(),
        );
        let lexicon = Matcher::new(
            file.stages
                .iter()
                .enumerate()
                .flat_map(|(i, s)| with_language(&s.lexicon).map(move |(lang, w)| (lang, w, i))),
            excluded.iter().copied(),
        );
        let acts = Acts::new(
            file.stages
                .iter()
                .enumerate()
                .flat_map(|(i, s)| s.acts.iter().map(move |a| (i, a))),
            excluded.iter().copied(),
        );
        let monitoring = Matcher::new(
            with_language(&file.monitoring).map(|(lang, w)| (lang, w, 0)),
            std::iter::empty(),
        );
        let confused_with_monitoring = file
            .stages
            .iter()
            .map(|s| s.confused_with_monitoring)
            .collect();
        ChainModel {
            id: file.id,
            stages: file
                .stages
                .into_iter()
                .map(|s| Stage {
                    id: s.id,
                    names: s.names,
                })
                .collect(),
            words: Vocabulary::new(&file.plan.unwrap_or_default()),
            names,
            lexicon,
            acts,
            monitoring,
            confused_with_monitoring,
            fingerprint,
        }
    }

    /// Whether `text` holds nothing real: a placeholder, or a cross-reference naming no measure.
    /// A placeholder and a reference together say nothing either (`TBD (see the zone's plan)`,
    /// `Néant – voir PZS`), nor does a reference in two languages (`Voir PZS / Zie ZVP`).
    pub(crate) fn says_nothing(&self, text: &str) -> bool {
        let one = |t: &str| {
            self.words.is_placeholder(t)
                || self
                    .words
                    .is_reference(t, |folded| !self.lexicon.find(folded).is_empty())
        };
        if one(text) {
            return true;
        }
        let parts: Vec<&str> = text
            .split(['(', ')', ';', '–', '—', '/'])
            .filter(|p| !p.trim().is_empty())
            .collect();
        parts.len() > 1 && parts.iter().all(|p| one(p))
    }

    /// Stages a heading or label names (names and aliases, excluded phrases winning).
    pub(crate) fn stages_named(&self, text: &str) -> Vec<usize> {
        let mut out: Vec<usize> = self
            .names
            .find(&fold(text))
            .into_iter()
            .flat_map(|(_, hit)| hit.stages.iter().copied())
            .collect();
        out.sort_unstable();
        out.dedup();
        out
    }

    /// Whether `stage`'s names also name the plan's own monitoring.
    pub(crate) fn confused_with_monitoring(&self, stage: usize) -> bool {
        self.confused_with_monitoring
            .get(stage)
            .copied()
            .unwrap_or(false)
    }

    /// Whether what a heading or tag naming `stage` introduces is the plan's own monitoring
    /// rather than that stage: the stage's names are ambiguous, its `opening` (the tagged block,
    /// or the first block under the heading) has a monitoring word, and the `whole` of it has
    /// none of the stage's lexicon. `**Suivi :** rapport trimestriel au collège` is monitoring;
    /// `**Suivi :** rapport d'aide aux victimes` is not, nor is a `### Suivi` opening on a
    /// measure and closing on its indicator.
    pub(crate) fn is_monitoring(&self, stage: usize, opening: &str, whole: &str) -> bool {
        if !self.confused_with_monitoring(stage) || self.monitoring.find(&fold(opening)).is_empty()
        {
            return false;
        }
        !self
            .lexicon
            .find(&fold(whole))
            .iter()
            .any(|(_, hit)| hit.stages.contains(&stage))
    }
}

/// Every word of `words` with its language code.
fn with_language(words: &PerLanguage<Vec<String>>) -> impl Iterator<Item = (&str, &str)> {
    words
        .iter()
        .flat_map(|(lang, list)| list.iter().map(move |w| (lang.as_str(), w.as_str())))
}

fn read_model(name: &str, root: &Path) -> Result<ModelFile> {
    let (text, shown) = if let Some(f) = BUNDLED.get_file(format!("{name}.toml")) {
        (
            String::from_utf8_lossy(f.contents()).into_owned(),
            format!("(built-in) data/chains/{name}.toml"),
        )
    } else {
        let path = root.join(name);
        let text = std::fs::read_to_string(&path).map_err(|e| {
            // Where maillon.toml names the model, when it does.
            let place = std::fs::read_to_string(root.join("maillon.toml"))
                .ok()
                .and_then(|config| {
                    let at = config.find(&format!("\"{name}\""))?;
                    let p = crate::source::LineIndex::new(&config).position(&config, at);
                    Some(format!("maillon.toml:{}:{}", p.line, p.column))
                })
                .unwrap_or_else(|| "maillon.toml".to_string());
            Error::Config(format!(
                "{place}: chain model `{name}` is neither a bundled model (be-3, nl-5) nor a readable file: {e}"
            ))
        })?;
        (text, name.to_string())
    };
    toml::from_str(&text).map_err(|e| crate::config::toml_error(&e, &text, &shown))
}
