//! A Word document's lists: whether each level numbers its items, and the labels it shows.
//!
//! A list paragraph names a numbering instance and a level; the instance points to an abstract
//! definition holding each level's format (`bullet`, `decimal`, `lowerLetter`…) and text
//! (`%1.`, `Priorité %1 :`). Markdown numbers its own ordered lists, so an item only needs to
//! know whether it is ordered. A heading does not: its number (`4.1`, `Objectif stratégique
//! %1 :`) is part of what a reader sees and names it by, so the label is computed, counting as
//! Word counts (a level restarts when a level above it advances; an instance that overrides a
//! level's start counts on its own).

use std::collections::HashMap;

use roxmltree::Document;

use super::{W, is};

#[derive(Debug, Clone)]
struct Level {
    format: String,
    text: String,
    start: usize,
}

/// The numbering of one document, with the counters of the headings met so far.
#[derive(Debug, Default)]
pub(super) struct Numbering {
    /// (numbering id, level) → its level definition.
    levels: HashMap<(String, u8), Level>,
    /// numbering id → the counter it advances: its abstract id (instances of one definition
    /// count together), or its own id when it restarts a level.
    abstracts: HashMap<String, String>,
    /// abstract id → the count at each level.
    counters: HashMap<String, [usize; 9]>,
}

impl Numbering {
    /// Reads `word/numbering.xml` (empty or broken: no lists).
    pub(super) fn read(xml: &str) -> Numbering {
        let mut out = Numbering::default();
        let Ok(doc) = Document::parse(xml) else {
            return out;
        };
        let mut definitions: HashMap<&str, HashMap<u8, Level>> = HashMap::new();
        for a in doc.descendants().filter(|n| is(n, "abstractNum")) {
            let Some(id) = a.attribute((W, "abstractNumId")) else {
                continue;
            };
            let levels = a
                .children()
                .filter(|n| is(n, "lvl"))
                .filter_map(|l| {
                    let level = l.attribute((W, "ilvl"))?.parse::<u8>().ok()?;
                    let val = |name: &str| {
                        l.children()
                            .find(|n| is(n, name))
                            .and_then(|f| f.attribute((W, "val")))
                    };
                    Some((
                        level,
                        Level {
                            format: val("numFmt").unwrap_or("bullet").to_string(),
                            text: val("lvlText").unwrap_or("").to_string(),
                            start: val("start").and_then(|s| s.parse().ok()).unwrap_or(1),
                        },
                    ))
                })
                .collect();
            definitions.insert(id, levels);
        }
        for num in doc.descendants().filter(|n| is(n, "num")) {
            let (Some(id), Some(abstract_id)) = (
                num.attribute((W, "numId")),
                num.children()
                    .find(|n| is(n, "abstractNumId"))
                    .and_then(|a| a.attribute((W, "val"))),
            ) else {
                continue;
            };
            for (level, def) in definitions.get(abstract_id).into_iter().flatten() {
                out.levels.insert((id.to_string(), *level), def.clone());
            }
            let mut restarts = false;
            for over in num.children().filter(|n| is(n, "lvlOverride")) {
                let level = over
                    .attribute((W, "ilvl"))
                    .and_then(|l| l.parse::<u8>().ok());
                let start = over
                    .children()
                    .find(|n| is(n, "startOverride"))
                    .and_then(|s| s.attribute((W, "val")))
                    .and_then(|v| v.parse::<usize>().ok());
                if let (Some(level), Some(start)) = (level, start)
                    && let Some(def) = out.levels.get_mut(&(id.to_string(), level))
                {
                    def.start = start;
                    restarts = true;
                }
            }
            let counter = if restarts { id } else { abstract_id };
            out.abstracts.insert(id.to_string(), counter.to_string());
        }
        out
    }

    /// Whether level `level` of list `id` numbers its items.
    pub(super) fn ordered(&self, id: &str, level: u8) -> bool {
        self.levels
            .get(&(id.to_string(), level))
            .is_some_and(|l| !matches!(l.format.as_str(), "bullet" | "none"))
    }

    /// Counts a numbered heading at `level` of list `id` and returns its label (`4.1`,
    /// `Priorité 2 :`), `None` when its level shows none.
    pub(super) fn heading_label(&mut self, id: &str, level: u8) -> Option<String> {
        let def = self.levels.get(&(id.to_string(), level))?.clone();
        let key = self
            .abstracts
            .get(id)
            .cloned()
            .unwrap_or_else(|| id.to_string());
        let counts = self.counters.entry(key).or_insert([0; 9]);
        let at = usize::from(level.min(8));
        counts[at] = if counts[at] == 0 {
            def.start
        } else {
            counts[at] + 1
        };
        for deeper in counts.iter_mut().skip(at + 1) {
            *deeper = 0;
        }
        let counts = *counts;
        if matches!(def.format.as_str(), "bullet") {
            return None;
        }
        let mut label = def.text.clone();
        for l in (0..=at).rev() {
            let format = self
                .levels
                .get(&(id.to_string(), l as u8))
                .map_or("decimal", |d| d.format.as_str());
            let n = counts[l].max(1);
            label = label.replace(&format!("%{}", l + 1), &shown(n, format));
        }
        let label = label.trim();
        (!label.is_empty()).then(|| label.to_string())
    }
}

/// `n` as a list level shows it.
fn shown(n: usize, format: &str) -> String {
    match format {
        "lowerLetter" | "upperLetter" => {
            let mut s = String::new();
            let mut k = n;
            while k > 0 {
                k -= 1;
                s.insert(0, char::from(b'a' + (k % 26) as u8));
                k /= 26;
            }
            if format == "upperLetter" {
                s.to_uppercase()
            } else {
                s
            }
        }
        "lowerRoman" | "upperRoman" => {
            let mut s = String::new();
            let mut k = n;
            for (value, digits) in [
                (1000, "m"),
                (900, "cm"),
                (500, "d"),
                (400, "cd"),
                (100, "c"),
                (90, "xc"),
                (50, "l"),
                (40, "xl"),
                (10, "x"),
                (9, "ix"),
                (5, "v"),
                (4, "iv"),
                (1, "i"),
            ] {
                while k >= value {
                    s.push_str(digits);
                    k -= value;
                }
            }
            if format == "upperRoman" {
                s.to_uppercase()
            } else {
                s
            }
        }
        "none" => String::new(),
        _ => n.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbers_show_as_their_format_says() {
        assert_eq!(shown(3, "decimal"), "3");
        assert_eq!(shown(28, "lowerLetter"), "ab");
        assert_eq!(shown(14, "upperRoman"), "XIV");
    }
}
