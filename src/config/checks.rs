//! The schema of `[checks]` in maillon.toml: custom rules, as written. The checker compiles
//! their expressions (`check::custom`).

use serde::{Deserialize, Serialize};

use crate::diagnostic::Severity;

/// One `[[checks.rules]]` entry.
#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct CustomRuleConfig {
    /// Rule id, used in output and suppressions (`practice/contact`).
    pub id: String,
    /// `error`, `warning` (default) or `info`.
    #[serde(default = "default_severity")]
    pub severity: Severity,
    /// Expression: which pages the rule applies to (default: all).
    #[serde(default)]
    pub when: Option<toml::Spanned<String>>,
    /// Expression that must be true on those pages.
    pub require: toml::Spanned<String>,
    /// Template of the message, rendered with `page`.
    pub message: toml::Spanned<String>,
    /// Help line.
    #[serde(default)]
    pub help: Option<String>,
}

fn default_severity() -> Severity {
    Severity::Warning
}

/// `[checks]` in maillon.toml.
#[derive(Debug, Clone, Default, Deserialize, Serialize)]
#[serde(deny_unknown_fields, default)]
pub struct ChecksConfig {
    /// Custom rules.
    pub rules: Vec<CustomRuleConfig>,
}
