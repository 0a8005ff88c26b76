//! What an OpenDocument text's styles say: bold, italic, hidden, title, numbered lists, and the
//! labels of numbered headings.
//!
//! LibreOffice writes a paragraph made bold as a whole (a plan's bold priority line) as an
//! automatic *paragraph* style with bold text properties, and a bold word as an automatic *text*
//! style on a span; named styles (`Strong Emphasis`, a custom `Priorité` style) live in
//! `styles.xml` and inherit through `style:parent-style-name`. Both files are read, each
//! property taken from the nearest style that sets it. Numbered headings take their words
//! (`Priorité 1 :`) from the outline style's prefix and suffix, counted here.

use std::collections::{HashMap, HashSet};

use roxmltree::Document;

use super::{FO, STYLE, TEXT};
use crate::import::page::Emphasis;

#[derive(Debug, Clone)]
struct Raw {
    parent: Option<String>,
    display: String,
    emphasis: Emphasis,
}

/// One level of the outline numbering.
#[derive(Debug, Clone, Default)]
struct Outline {
    prefix: String,
    suffix: String,
    format: String,
    start: usize,
    /// How many levels the number shows (`2` for `4.1`).
    display: usize,
}

/// The styles of one document, resolved.
#[derive(Debug, Default)]
pub(super) struct Styles {
    emphasis: HashMap<String, Emphasis>,
    titles: HashSet<String>,
    ordered: HashSet<String>,
    outline: HashMap<u8, Outline>,
    counts: [usize; 10],
    /// (list style, level) → how the level numbers its items.
    list_levels: HashMap<(String, u8), Outline>,
    /// list style → the count at each level, of the headings it numbers.
    list_counts: HashMap<String, [usize; 10]>,
}

impl Styles {
    /// Reads the styles of `content` (its automatic styles) and of `styles` (`styles.xml`).
    pub(super) fn read(content: &Document, styles: Option<&Document>) -> Styles {
        let mut raw: HashMap<String, Raw> = HashMap::new();
        let mut out = Styles::default();
        // styles.xml first: the content's automatic styles are nearer, and win a clash.
        for doc in styles.into_iter().chain(std::iter::once(content)) {
            for style in doc.descendants().filter(|n| is(n, STYLE, "style")) {
                let Some(name) = style.attribute((STYLE, "name")) else {
                    continue;
                };
                let props = style.children().find(|c| is(c, STYLE, "text-properties"));
                let attr = |ns: &str, a: &str| props.and_then(|p| p.attribute((ns, a)));
                let emphasis = Emphasis {
                    bold: attr(FO, "font-weight")
                        .map(|w| w == "bold" || w.parse::<u32>().is_ok_and(|n| n >= 600)),
                    italic: attr(FO, "font-style").map(|s| s == "italic" || s == "oblique"),
                    hidden: attr(TEXT, "display").map(|d| d == "none"),
                };
                raw.insert(
                    name.to_string(),
                    Raw {
                        parent: style
                            .attribute((STYLE, "parent-style-name"))
                            .map(str::to_string),
                        display: style
                            .attribute((STYLE, "display-name"))
                            .unwrap_or(name)
                            .to_string(),
                        emphasis,
                    },
                );
            }
            for list in doc.descendants().filter(|n| is(n, TEXT, "list-style")) {
                let Some(name) = list.attribute((STYLE, "name")) else {
                    continue;
                };
                let numbered = list
                    .children()
                    .find(|c| c.is_element())
                    .is_some_and(|l| l.tag_name().name() == "list-level-style-number");
                if numbered {
                    out.ordered.insert(name.to_string());
                }
                for level in list
                    .children()
                    .filter(|n| is(n, TEXT, "list-level-style-number"))
                {
                    if let Some((n, outline)) = Outline::of(level) {
                        out.list_levels.insert((name.to_string(), n), outline);
                    }
                }
            }
            for level in doc
                .descendants()
                .filter(|n| is(n, TEXT, "outline-level-style"))
            {
                if let Some((n, outline)) = Outline::of(level) {
                    out.outline.insert(n, outline);
                }
            }
        }
        for name in raw.keys() {
            let mut emphasis = Emphasis::default();
            let mut at = Some(name.as_str());
            for _ in 0..16 {
                let Some(style) = at.and_then(|a| raw.get(a)) else {
                    break;
                };
                emphasis = emphasis.over(style.emphasis);
                if style.display == "Title" || style.display == "Titre" {
                    out.titles.insert(name.clone());
                }
                at = style.parent.as_deref();
            }
            out.emphasis.insert(name.clone(), emphasis);
        }
        out
    }

    /// What style `name` sets.
    pub(super) fn emphasis(&self, name: Option<&str>) -> Emphasis {
        name.and_then(|n| self.emphasis.get(n))
            .copied()
            .unwrap_or_default()
    }

    /// Whether paragraph style `name` is the Title style, or based on it.
    pub(super) fn is_title(&self, name: Option<&str>) -> bool {
        name.is_some_and(|n| self.titles.contains(n))
    }

    /// Whether list style `name` numbers its items.
    pub(super) fn ordered(&self, name: &str) -> bool {
        self.ordered.contains(name)
    }

    /// Counts a heading at outline `level` and returns its label (`2`, `Priorité 2 :`) when the
    /// outline numbering shows one.
    pub(super) fn heading_label(&mut self, level: u8) -> Option<String> {
        let style = self.outline.get(&level).cloned().unwrap_or_default();
        label(&style, &mut self.counts, level)
    }

    /// Makes the next heading numbered by list style `style` at `level` number `start`.
    pub(super) fn restart_list(&mut self, style: &str, level: u8, start: usize) {
        let counts = self.list_counts.entry(style.to_string()).or_insert([0; 10]);
        let at = usize::from(level.clamp(1, 10)) - 1;
        counts[at] = start.saturating_sub(1);
    }

    /// Counts a heading numbered by list style `style` at `level` and returns its label.
    pub(super) fn list_label(&mut self, style: &str, level: u8) -> Option<String> {
        let numbering = self
            .list_levels
            .get(&(style.to_string(), level))
            .cloned()
            .unwrap_or_default();
        let counts = self.list_counts.entry(style.to_string()).or_insert([0; 10]);
        label(&numbering, counts, level)
    }
}

impl Outline {
    /// A `text:outline-level-style` or `text:list-level-style-number`, with its level.
    fn of(level: roxmltree::Node) -> Option<(u8, Outline)> {
        let n = level.attribute((TEXT, "level"))?.parse::<u8>().ok()?;
        let a = |name: &str| level.attribute((STYLE, name)).unwrap_or("").to_string();
        let number = |name: &str, default: usize| {
            level
                .attribute((TEXT, name))
                .and_then(|s| s.parse().ok())
                .unwrap_or(default)
        };
        Some((
            n,
            Outline {
                prefix: a("num-prefix"),
                suffix: a("num-suffix"),
                format: a("num-format"),
                start: number("start-value", 1),
                display: number("display-levels", 1),
            },
        ))
    }
}

/// Counts a heading at `level` in `counts` (deeper levels start again) and returns its label as
/// `style` writes it, `None` when the level shows no number.
fn label(style: &Outline, counts: &mut [usize; 10], level: u8) -> Option<String> {
    let at = usize::from(level.clamp(1, 10)) - 1;
    counts[at] = if counts[at] == 0 {
        style.start
    } else {
        counts[at] + 1
    };
    for deeper in counts.iter_mut().skip(at + 1) {
        *deeper = 0;
    }
    if style.format.is_empty() {
        return None;
    }
    let shown = |n: usize| match style.format.as_str() {
        "a" => char::from(b'a' + ((n.max(1) - 1) % 26) as u8).to_string(),
        "A" => char::from(b'A' + ((n.max(1) - 1) % 26) as u8).to_string(),
        _ => n.max(1).to_string(),
    };
    let first = (at + 1).saturating_sub(style.display.max(1));
    let number = counts[first..=at]
        .iter()
        .map(|&n| shown(n))
        .collect::<Vec<_>>()
        .join(".");
    Some(
        format!("{}{number}{}", style.prefix, style.suffix)
            .trim()
            .to_string(),
    )
}

fn is(node: &roxmltree::Node, ns: &str, name: &str) -> bool {
    node.tag_name().name() == name && node.tag_name().namespace() == Some(ns)
}
