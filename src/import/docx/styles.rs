//! What a Word document's styles say of a paragraph or a run: heading level, list, bold, italic.
//!
//! Word stores formatting at three places: on the run itself, in the run's character style
//! (`Strong`, `Fort`), and in the paragraph's style (a custom `Priorité` style, bold, with no
//! outline level, is how many plans write their bold priority lines). Styles inherit through
//! `basedOn`; each property is taken from the nearest style that sets it. So everything a reader
//! sees is resolved here, once per style, and the walk of the document only asks.

use std::collections::HashMap;

use roxmltree::{Document, Node};

use super::{W, is};
use crate::import::page::Emphasis;

impl Emphasis {
    /// The properties of a `w:rPr` element.
    pub(super) fn of(rpr: Option<Node>) -> Emphasis {
        let Some(rpr) = rpr else {
            return Emphasis::default();
        };
        let flag = |name: &str| {
            rpr.children().find(|n| is(n, name)).map(|n| {
                n.attribute((W, "val"))
                    .is_none_or(|v| !matches!(v, "0" | "false" | "off" | "none"))
            })
        };
        Emphasis {
            bold: flag("b"),
            italic: flag("i"),
            hidden: flag("vanish"),
        }
    }
}

/// A paragraph style, resolved through the styles it is based on.
#[derive(Debug, Clone, Default)]
pub(super) struct ParagraphStyle {
    /// Heading level (1-9), from an outline level or a heading style's name.
    pub level: Option<u8>,
    /// Whether it is the document's Title style.
    pub title: bool,
    /// Whether it lays out a table of contents (`toc 1`, `TOC Heading`).
    pub toc: bool,
    /// The list it numbers its paragraphs with: (numbering id, level).
    pub list: Option<(String, u8)>,
    /// The run properties it gives its text.
    pub emphasis: Emphasis,
}

/// The styles of one document.
#[derive(Debug, Default)]
pub(super) struct Styles {
    paragraphs: HashMap<String, ParagraphStyle>,
    characters: HashMap<String, Emphasis>,
    /// Character styles of a form field's prompt (`Placeholder Text`).
    placeholders: std::collections::HashSet<String>,
    /// The style of a paragraph that names none (`Normal`).
    default: ParagraphStyle,
}

struct Raw {
    based: Option<String>,
    name: String,
    level: Option<u8>,
    list: Option<(Option<String>, Option<u8>)>,
    emphasis: Emphasis,
}

impl Styles {
    /// Reads `word/styles.xml` (empty or broken: no styles).
    pub(super) fn read(xml: &str) -> Styles {
        let Ok(doc) = Document::parse(xml) else {
            return Styles::default();
        };
        let mut paragraph_raw: HashMap<String, Raw> = HashMap::new();
        let mut character_raw: HashMap<String, Raw> = HashMap::new();
        let mut default_id = None;
        let mut placeholder_ids = Vec::new();
        for style in doc.descendants().filter(|n| is(n, "style")) {
            let Some(id) = style.attribute((W, "styleId")) else {
                continue;
            };
            let ppr = child(Some(style), "pPr");
            let val = |n: Option<Node>| n.and_then(|n| n.attribute((W, "val"))).map(str::to_string);
            let num = child(ppr, "numPr");
            let raw = Raw {
                based: val(child(Some(style), "basedOn")),
                name: val(child(Some(style), "name")).unwrap_or_else(|| id.to_string()),
                level: val(child(ppr, "outlineLvl"))
                    .and_then(|v| v.parse::<u8>().ok())
                    .filter(|&l| l < 9)
                    .map(|l| l + 1),
                list: num.map(|n| {
                    (
                        val(child(Some(n), "numId")),
                        val(child(Some(n), "ilvl")).and_then(|v| v.parse().ok()),
                    )
                }),
                emphasis: Emphasis::of(child(Some(style), "rPr")),
            };
            match style.attribute((W, "type")) {
                Some("paragraph") => {
                    if style
                        .attribute((W, "default"))
                        .is_some_and(|v| v == "1" || v == "true")
                    {
                        default_id = Some(id.to_string());
                    }
                    paragraph_raw.insert(id.to_string(), raw);
                }
                Some("character") => {
                    if raw.name.eq_ignore_ascii_case("placeholder text") {
                        placeholder_ids.push(id.to_string());
                    }
                    character_raw.insert(id.to_string(), raw);
                }
                _ => {}
            }
        }
        let mut styles = Styles::default();
        for id in paragraph_raw.keys() {
            let chain = chain(&paragraph_raw, id);
            let mut style = ParagraphStyle {
                level: chain
                    .iter()
                    .find_map(|r| r.level.or_else(|| level_by_name(&r.name))),
                title: chain.iter().any(|r| is_title(&r.name)),
                toc: chain.first().is_some_and(|r| is_toc(&r.name)),
                ..ParagraphStyle::default()
            };
            let (mut num, mut ilvl) = (None, None);
            for raw in &chain {
                style.emphasis = style.emphasis.over(raw.emphasis);
                if let Some((n, l)) = &raw.list {
                    num = num.or_else(|| n.clone());
                    ilvl = ilvl.or(*l);
                }
            }
            style.list = num.filter(|n| n != "0").map(|n| (n, ilvl.unwrap_or(0)));
            styles.paragraphs.insert(id.clone(), style);
        }
        for id in character_raw.keys() {
            let emphasis = chain(&character_raw, id)
                .iter()
                .fold(Emphasis::default(), |e, r| e.over(r.emphasis));
            styles.characters.insert(id.clone(), emphasis);
        }
        styles.placeholders.extend(placeholder_ids);
        if let Some(style) = default_id.and_then(|id| styles.paragraphs.get(&id)) {
            styles.default = style.clone();
        }
        styles
    }

    /// The paragraph style `id` (no style, or an unknown one: the default style).
    pub(super) fn paragraph(&self, id: Option<&str>) -> &ParagraphStyle {
        id.and_then(|id| self.paragraphs.get(id))
            .unwrap_or(&self.default)
    }

    /// Whether character style `id` marks a form field's prompt (`Placeholder Text`, whatever
    /// its id in the document's language).
    pub(super) fn is_placeholder(&self, id: Option<&str>) -> bool {
        id.is_some_and(|id| id == "PlaceholderText" || self.placeholders.contains(id))
    }

    /// The run properties of character style `id`.
    pub(super) fn character(&self, id: Option<&str>) -> Emphasis {
        id.and_then(|id| self.characters.get(id))
            .copied()
            .unwrap_or_default()
    }
}

/// The child element `name` of `parent`.
fn child<'a, 'i>(parent: Option<Node<'a, 'i>>, name: &str) -> Option<Node<'a, 'i>> {
    parent.and_then(|p| p.children().find(|n| is(n, name)))
}

/// Style `id`, then the styles it is based on, nearest first (at most 16: a loop stops).
fn chain<'r>(all: &'r HashMap<String, Raw>, id: &str) -> Vec<&'r Raw> {
    let mut out = Vec::new();
    let mut at = Some(id.to_string());
    while let Some(raw) = at.as_deref().and_then(|a| all.get(a)) {
        if out.len() >= 16 {
            break;
        }
        out.push(raw);
        at = raw.based.clone();
    }
    out
}

/// `Heading 2`, `heading 2` (Word's built-in name whatever its language), `Titre 2`, `Kop 2`,
/// `Überschrift 2` → 2.
fn level_by_name(name: &str) -> Option<u8> {
    let lower = name.to_lowercase();
    let (word, number) = lower.rsplit_once(' ')?;
    let level: u8 = number.parse().ok()?;
    matches!(
        word,
        "heading" | "titre" | "kop" | "überschrift" | "uberschrift"
    )
    .then_some(level)
    .filter(|l| (1..=9).contains(l))
}

/// A table of contents' styles, by Word's built-in names (`toc 1`…`toc 9`, `TOC Heading`).
fn is_toc(name: &str) -> bool {
    let lower = name.to_lowercase();
    lower == "toc heading"
        || lower
            .strip_prefix("toc ")
            .is_some_and(|n| n.len() == 1 && n.chars().all(|c| c.is_ascii_digit()))
}

/// Word's Title style, by its built-in name or a localised one.
fn is_title(name: &str) -> bool {
    matches!(name.to_lowercase().as_str(), "title" | "titre" | "titel")
}
