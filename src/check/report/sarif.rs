//! `--format sarif`: SARIF 2.1.0, the format code-scanning services read.
//!
//! Each rule of the registry (and each custom rule) is described in `tool.driver.rules` with its
//! help and a help URI; each result carries a `partialFingerprints` entry computed from what the
//! finding is about (rule, file, priority, stage, text of the flagged line) and never from its
//! line number, so an alert survives edits elsewhere in the file. Columns are Unicode code
//! points (`columnKind`), as everywhere in maillon.

use serde_json::{Value, json};

use super::{ReportContext, rule_url};
use crate::diagnostic::{Diagnostic, Severity};
use crate::rule::ALL;

fn level(s: Severity) -> &'static str {
    match s {
        Severity::Error => "error",
        Severity::Warning => "warning",
        Severity::Info => "note",
    }
}

/// The parts' hash, each part closed by a byte no UTF-8 text holds, as 16 hex digits.
fn fnv1a(parts: &[&str]) -> String {
    let hash = parts.iter().fold(crate::hash::START, |h, part| {
        crate::hash::fnv1a_from(crate::hash::fnv1a_from(h, part.as_bytes()), &[0xff])
    });
    format!("{hash:016x}")
}

/// The stable fingerprint of a finding.
pub(crate) fn fingerprint(d: &Diagnostic, line_text: Option<&str>) -> String {
    let file = d.file.to_string_lossy().replace('\\', "/");
    let anchor = match (&d.priority, &d.stage) {
        (None, None) => line_text.map_or(d.message.as_str(), str::trim).to_string(),
        _ => String::new(),
    };
    fnv1a(&[
        &d.rule,
        &file,
        d.priority.as_deref().unwrap_or(""),
        d.stage.as_deref().unwrap_or(""),
        &anchor,
    ])
}

/// Renders the SARIF log.
pub(crate) fn render(diagnostics: &[Diagnostic], cx: &ReportContext<'_>) -> String {
    let mut rules: Vec<Value> = ALL
        .iter()
        .map(|r| {
            json!({
                "id": r.id,
                "name": r.id,
                "shortDescription": {"text": r.summary},
                "fullDescription": {"text": r.summary},
                "help": {"text": r.help},
                "helpUri": rule_url(cx.base_url, r.id),
                "defaultConfiguration": {"level": level(r.severity)},
            })
        })
        .collect();
    for (id, severity) in &cx.custom {
        rules.push(json!({
            "id": id,
            "name": id,
            "shortDescription": {"text": format!("Custom rule {id} from maillon.toml")},
            "helpUri": rule_url(cx.base_url, id),
            "defaultConfiguration": {"level": level(*severity)},
        }));
    }
    let index_of = |id: &str| rules.iter().position(|r| r["id"] == id);
    let results: Vec<Value> = diagnostics
        .iter()
        .map(|d| {
            let mut location = json!({
                "physicalLocation": {
                    "artifactLocation": {
                        "uri": d.file.to_string_lossy().replace('\\', "/"),
                        "uriBaseId": "SITEROOT",
                    }
                }
            });
            // A document has no lines: its place is said in the message and as a logical
            // location, not as a region of the binary file.
            if let Some((line, column)) = d.line_column() {
                location["physicalLocation"]["region"] =
                    json!({"startLine": line, "startColumn": column.max(1)});
            }
            if let Some(landmark) = &d.landmark {
                location["logicalLocations"] = json!([{"name": landmark, "kind": "element"}]);
            }
            let mut text = d.located_message();
            if let Some(help) = &d.help {
                text.push(' ');
                text.push_str(help);
            }
            let mut result = json!({
                "ruleId": d.rule,
                "level": level(d.severity),
                "message": {"text": text},
                "locations": [location],
                "partialFingerprints": {
                    "maillonFingerprint/v1": fingerprint(d, (cx.line_text)(d).as_deref()),
                },
            });
            if let Some(i) = index_of(&d.rule) {
                result["ruleIndex"] = json!(i);
            }
            result
        })
        .collect();
    let root = cx.root.to_string_lossy().replace('\\', "/");
    let root_uri = format!("file://{}/", root.trim_end_matches('/'));
    let log = json!({
        "$schema": "https://json.schemastore.org/sarif-2.1.0.json",
        "version": "2.1.0",
        "runs": [{
            "tool": {"driver": {
                "name": "maillon",
                "version": env!("CARGO_PKG_VERSION"),
                "informationUri": rule_url(cx.base_url, "").trim_end_matches("#rule-").to_string(),
                "rules": rules,
            }},
            "columnKind": "unicodeCodePoints",
            "originalUriBaseIds": {"SITEROOT": {"uri": root_uri}},
            "results": results,
        }],
    });
    let mut text = serde_json::to_string_pretty(&log).unwrap_or_default();
    text.push('\n');
    text
}
