//! The schema of `[chain]` in maillon.toml and of a chain model file: stages with their names,
//! aliases, lexicon, excluded phrases and acts, per language, and the `[plan]` words that give a
//! plan its shape.
//!
//! Config owns every table of maillon.toml, this one included, so that reading the
//! configuration needs nothing of the checker; the checker compiles these words into matchers
//! (`check::chain`).

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

/// Words per language code.
pub type PerLanguage<T> = BTreeMap<String, T>;

/// One stage as written in a model file.
#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct StageSpec {
    /// Stable id, used in JSON output and `chain/missing-stage` findings (`follow-up`).
    pub id: String,
    /// Display name per language.
    pub names: PerLanguage<String>,
    /// Other words that name the stage in a heading or a tag.
    #[serde(default)]
    pub aliases: PerLanguage<Vec<String>>,
    /// Words that suggest the stage in running text (inferred evidence).
    #[serde(default)]
    pub lexicon: PerLanguage<Vec<String>>,
    /// Phrases that never count, for this stage or any other.
    #[serde(default)]
    pub exclude: PerLanguage<Vec<String>>,
    /// Who is done what in one sentence, as inferred evidence (see the checker's acts).
    #[serde(default)]
    pub acts: Vec<ActSpec>,
    /// Whether the stage's names also name the plan's own monitoring (`suivi`, `opvolging`): a
    /// heading or tag naming it counts only if what it introduces is not plan monitoring .
    #[serde(default)]
    pub confused_with_monitoring: bool,
}

/// Words added to a stage of a model (`[[chain.extend]]` in maillon.toml).
#[derive(Debug, Clone, Default, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct StageExtension {
    /// Id of the stage to extend.
    pub stage: String,
    /// More aliases.
    #[serde(default)]
    pub aliases: PerLanguage<Vec<String>>,
    /// More lexicon terms.
    #[serde(default)]
    pub lexicon: PerLanguage<Vec<String>>,
    /// More excluded phrases.
    #[serde(default)]
    pub exclude: PerLanguage<Vec<String>>,
    /// More acts.
    #[serde(default)]
    pub acts: Vec<ActSpec>,
}

/// One act as written in a model file (`[[stages.acts]]`).
#[derive(Debug, Clone, Default, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct ActSpec {
    /// Who the sentence is about, per language.
    #[serde(default)]
    pub who: PerLanguage<Vec<String>>,
    /// What is done, per language.
    #[serde(default)]
    pub does: PerLanguage<Vec<String>>,
}

/// The `[plan]` table of a model file, or `[chain.plan]` in maillon.toml (added to the model's).
#[derive(Debug, Clone, Default, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct PlanWords {
    /// Words that open a priority when a heading or bold line starts with them (`Priorité`,
    /// `Objectif stratégique`, `Speerpunt`, `Schwerpunkt`, `Priority area`).
    #[serde(default)]
    pub priorities: PerLanguage<Vec<String>>,
    /// Words of the level below a priority (`Fiche projet`, `Objectif opérationnel`,
    /// `Actiefiche`): they open priorities only in a plan that has none of the above, and
    /// otherwise belong to the priority they follow.
    #[serde(default)]
    pub projects: PerLanguage<Vec<String>>,
    /// Chapters whose sub-headings are the priorities (`Priorités`, `Prioriteiten`,
    /// `Objectifs stratégiques`).
    #[serde(default)]
    pub containers: PerLanguage<Vec<String>>,
    /// Chapters that are never priorities and whose text is never evidence (diagnostic, SWOT,
    /// vision, budget, communication, approval, evaluation, attentions particulières).
    #[serde(default)]
    pub sections: PerLanguage<Vec<String>>,
    /// Words that make any heading a cross-cutting chapter, outside every priority, wherever
    /// they stand in it (`Thème transversal`, `Transversale doelstellingen`).
    #[serde(default)]
    pub cross_cutting: PerLanguage<Vec<String>>,
    /// Words that may stand beside a stage's name in a label (`Volet`, `Actions de`, `Luik`,
    /// `Bereich`): a short line made only of these and stage names is a label.
    #[serde(default)]
    pub introducers: PerLanguage<Vec<String>>,
    /// What a named stage holds when it holds nothing (`néant`, `à définir`, `n.v.t.`, `TBD`).
    #[serde(default)]
    pub placeholders: PerLanguage<Vec<String>>,
    /// Words opening a cross-reference to another document (`voir`, `zie`, `siehe`, `see`).
    #[serde(default)]
    pub references: PerLanguage<Vec<String>>,
    /// Cell contents that tick a stage in a table (`x`, `✓`, `oui`, `ja`).
    #[serde(default)]
    pub ticks: Vec<String>,
}

impl PlanWords {
    /// Adds `more` to these words.
    pub fn extend(&mut self, more: &PlanWords) {
        for (target, extra) in [
            (&mut self.priorities, &more.priorities),
            (&mut self.projects, &more.projects),
            (&mut self.containers, &more.containers),
            (&mut self.sections, &more.sections),
            (&mut self.cross_cutting, &more.cross_cutting),
            (&mut self.introducers, &more.introducers),
            (&mut self.placeholders, &more.placeholders),
            (&mut self.references, &more.references),
        ] {
            for (lang, words) in extra {
                target
                    .entry(lang.clone())
                    .or_default()
                    .extend(words.iter().cloned());
            }
        }
        self.ticks.extend(more.ticks.iter().cloned());
    }
}

/// `[chain]` in maillon.toml.
#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields, default)]
pub struct ChainConfig {
    /// A bundled model id (`be-3`, `nl-5`) or a path, relative to the site root, to a model file.
    pub model: String,
    /// Stages replacing the model's, when given.
    pub stages: Option<Vec<StageSpec>>,
    /// Words added to the model's stages.
    pub extend: Vec<StageExtension>,
    /// Words added to the model's `[plan]` words (priorities, containers, sections…).
    pub plan: PlanWords,
}

impl Default for ChainConfig {
    fn default() -> Self {
        ChainConfig {
            model: "be-3".into(),
            stages: None,
            extend: Vec::new(),
            plan: PlanWords::default(),
        }
    }
}
