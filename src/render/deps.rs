//! Which templates read which, so that `serve` renders again only the pages a template edit
//! can change.
//!
//! Tera 2 has three ways for a template to read another: `{% extends "x" %}` and
//! `{% include "x" %}` (both take a plain string, never an expression), and components, which
//! are global: `{% component name(…) %}` in any file defines `name`, and `<name …/>` (in
//! `{{ }}`) or `{% <name …> %}…{% </name> %}` in any other file calls it. There is no `import`
//! and no macro any more: components replaced them, so "imports" are component calls resolved
//! by name to the file defining them. Tera keeps what it parsed private, so the sources are
//! scanned here, and the scan is deliberately loose: it over-approximates. A reference inside a
//! comment, a string or `{% raw %}` counts, and so does any `<ident` whose `ident` names a
//! component, even in plain HTML. A page rendered again for nothing costs a few milliseconds;
//! a page left stale is a wrong preview.
//!
//! The answer is "unknown" (render everything) whenever it cannot be trusted: a source whose
//! `extends`, `include` or `component` is not followed by a plain name, or a changed name the
//! graph does not hold (a template added or deleted can change which template a page picks).
//! The graph also keeps each template's text, so a caller can find what changed by comparing
//! two loads instead of trusting file events alone.

use std::collections::{BTreeMap, BTreeSet, HashMap};

/// The templates of a theme, with what each reads directly.
#[derive(Debug, Default, Clone)]
pub(crate) struct Graph {
    /// Name (`partials/facts.html`) → its text and the templates it reads.
    templates: BTreeMap<String, Node>,
    /// Whether some source had a reference the scan could not read.
    opaque: bool,
}

#[derive(Debug, Clone)]
struct Node {
    text: String,
    /// Its parent, its includes, and the files defining the components it calls.
    reads: BTreeSet<String>,
}

/// What one source refers to.
#[derive(Default)]
struct Scan<'a> {
    /// `extends` and `include` targets.
    refs: Vec<&'a str>,
    /// Components it defines.
    defines: Vec<&'a str>,
    /// Names written after `<`: component calls, among others.
    calls: Vec<&'a str>,
    /// A reference that could not be read.
    opaque: bool,
}

impl Graph {
    /// The graph of the templates `sources` (name, text).
    pub(crate) fn new<'a>(sources: impl IntoIterator<Item = (&'a str, &'a str)>) -> Graph {
        let sources: Vec<(&str, &str)> = sources.into_iter().collect();
        let scans: Vec<Scan<'_>> = sources.iter().map(|&(_, text)| scan(text)).collect();
        let mut definers: HashMap<&str, Vec<&str>> = HashMap::new();
        for (&(name, _), s) in sources.iter().zip(&scans) {
            for &component in &s.defines {
                definers.entry(component).or_default().push(name);
            }
        }
        let mut graph = Graph::default();
        for (&(name, text), s) in sources.iter().zip(&scans) {
            graph.opaque |= s.opaque;
            let mut reads: BTreeSet<String> = s.refs.iter().map(|r| r.to_string()).collect();
            for call in &s.calls {
                for &file in definers.get(call).into_iter().flatten() {
                    if file != name {
                        reads.insert(file.to_string());
                    }
                }
            }
            let text = text.to_string();
            graph
                .templates
                .insert(name.to_string(), Node { text, reads });
        }
        graph
    }

    /// Names whose text differs between `self` and `other`, or that only one of them has.
    pub(crate) fn changed_since(&self, other: &Graph) -> BTreeSet<String> {
        let differs = |a: &Graph, b: &Graph| -> Vec<String> {
            a.templates
                .iter()
                .filter(|(name, node)| b.templates.get(*name).is_none_or(|o| o.text != node.text))
                .map(|(name, _)| name.clone())
                .collect()
        };
        differs(self, other)
            .into_iter()
            .chain(differs(other, self))
            .collect()
    }

    /// The templates whose output may change when the templates `changed` change: those, and
    /// every template reading one of them directly or through others. `None` when that cannot
    /// be known: a changed name this graph does not hold, or a source it could not read.
    pub(crate) fn dependents<'a>(
        &self,
        changed: impl IntoIterator<Item = &'a str>,
    ) -> Option<BTreeSet<String>> {
        if self.opaque {
            return None;
        }
        let mut readers: HashMap<&str, Vec<&str>> = HashMap::new();
        for (name, node) in &self.templates {
            for read in &node.reads {
                readers
                    .entry(read.as_str())
                    .or_default()
                    .push(name.as_str());
            }
        }
        let mut found = BTreeSet::new();
        let mut todo = Vec::new();
        for name in changed {
            if !self.templates.contains_key(name) {
                return None;
            }
            todo.push(name);
        }
        while let Some(name) = todo.pop() {
            if found.insert(name.to_string()) {
                todo.extend(readers.get(name).into_iter().flatten().copied());
            }
        }
        Some(found)
    }
}

/// The references of one template source (see the module doc for how loose this is).
fn scan(source: &str) -> Scan<'_> {
    let mut s = Scan::default();
    for (at, _) in source.match_indices("{%") {
        let rest = &source[at + 2..];
        let rest = rest.strip_prefix('-').unwrap_or(rest).trim_start();
        let (word, after) = ident(rest);
        let after = after.trim_start();
        match word {
            "extends" | "include" => match string_literal(after) {
                Some(name) => s.refs.push(name),
                None => s.opaque = true,
            },
            "component" => match dotted(after) {
                Some(name) => s.defines.push(name),
                None => s.opaque = true,
            },
            _ => {}
        }
    }
    for (at, _) in source.match_indices('<') {
        if let Some(name) = dotted(source[at + 1..].trim_start()) {
            s.calls.push(name);
        }
    }
    s
}

/// The identifier `text` starts with (as Tera reads one: `_` or a letter, then `_`, letters
/// and digits; empty when there is none) and what follows it.
fn ident(text: &str) -> (&str, &str) {
    let len = text
        .bytes()
        .enumerate()
        .take_while(|&(i, c)| c == b'_' || c.is_ascii_alphabetic() || (i > 0 && c.is_ascii_digit()))
        .count();
    text.split_at(len)
}

/// The dotted name (`card` or `ui.card`) `text` starts with.
fn dotted(text: &str) -> Option<&str> {
    let mut len = 0;
    loop {
        let (part, after) = ident(&text[len..]);
        if part.is_empty() {
            return None;
        }
        len += part.len();
        if !after.starts_with('.') || ident(&after[1..]).0.is_empty() {
            return Some(&text[..len]);
        }
        len += 1;
    }
}

/// The text of the string literal `text` starts with, when it is plain (no escape).
fn string_literal(text: &str) -> Option<&str> {
    let quote = text
        .chars()
        .next()
        .filter(|c| matches!(c, '"' | '\'' | '`'))?;
    let body = &text[1..];
    let end = body.find(quote)?;
    Some(&body[..end]).filter(|name| !name.contains('\\'))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::render::theme::DEFAULT_THEME;

    fn set(names: &[&str]) -> BTreeSet<String> {
        names.iter().map(|n| n.to_string()).collect()
    }

    /// The templates of the default theme, as `(name, text)`.
    fn default_theme() -> Vec<(String, String)> {
        fn walk(dir: &include_dir::Dir<'static>, out: &mut Vec<(String, String)>) {
            for file in dir.files() {
                let path = file.path().to_string_lossy().replace('\\', "/");
                let name = path.trim_start_matches("templates/").to_string();
                let text = String::from_utf8_lossy(file.contents()).into_owned();
                out.push((name, text));
            }
            for sub in dir.dirs() {
                walk(sub, out);
            }
        }
        let mut out = Vec::new();
        walk(
            DEFAULT_THEME.get_dir("templates").expect("templates"),
            &mut out,
        );
        out
    }

    fn graph_of(sources: &[(String, String)]) -> Graph {
        Graph::new(sources.iter().map(|(n, t)| (n.as_str(), t.as_str())))
    }

    #[test]
    fn the_default_theme_is_read_through_extends_and_components() {
        let sources = default_theme();
        let graph = graph_of(&sources);
        // practice.html is read by nothing: only practice pages render with it.
        assert_eq!(
            graph.dependents(["practice.html"]),
            Some(set(&["practice.html"]))
        );
        // The facts box is a component called by the practice and plan templates only.
        assert_eq!(
            graph.dependents(["partials/facts.html"]),
            Some(set(&["partials/facts.html", "plan.html", "practice.html"]))
        );
        // The article layout is extended by the three single-page templates.
        assert_eq!(
            graph.dependents(["partials/article.html"]),
            Some(set(&[
                "page.html",
                "partials/article.html",
                "plan.html",
                "practice.html"
            ]))
        );
        // Every template a page renders with extends base.html, directly or not.
        let every: BTreeSet<String> = sources.iter().map(|(n, _)| n.clone()).collect();
        let from_base = graph.dependents(["base.html"]).expect("known");
        for page_template in every.iter().filter(|n| !n.starts_with("partials/")) {
            assert!(from_base.contains(page_template), "{page_template}");
        }
        // The breadcrumbs reach single pages through the article layout and lists directly;
        // neither base.html nor home.html calls them.
        let crumbs = graph
            .dependents(["partials/breadcrumbs.html"])
            .expect("known");
        for reader in [
            "plan.html",
            "page.html",
            "section.html",
            "taxonomy_term.html",
        ] {
            assert!(crumbs.contains(reader), "{reader}");
        }
        assert!(!crumbs.contains("base.html") && !crumbs.contains("home.html"));
    }

    #[test]
    fn includes_chains_and_dotted_components_are_followed() {
        let sources = [
            (
                "base.html",
                "<html>{% block content %}{% endblock content %}</html>",
            ),
            (
                "a.html",
                "{%- extends 'base.html' -%}{% block content %}{%include \"parts/x.html\"%}{% endblock content %}",
            ),
            (
                "b.html",
                "{% extends `base.html` %}{% block content %}{% <ui.box> %}hi{% </ui.box> %}{% endblock content %}",
            ),
            ("parts/x.html", "{{ < badge label='x' /> }}"),
            (
                "parts/badge.html",
                "{% component badge(label) %}{{ label }}{% endcomponent badge %}",
            ),
            (
                "parts/box.html",
                "{%- component ui.box() -%}<div>{{ body }}</div>{% endcomponent ui.box %}",
            ),
            ("lonely.html", "<p>not a component: <badger></p>"),
        ];
        let graph = Graph::new(sources);
        assert_eq!(
            graph.dependents(["parts/badge.html"]),
            Some(set(&["a.html", "parts/badge.html", "parts/x.html"]))
        );
        assert_eq!(
            graph.dependents(["parts/box.html"]),
            Some(set(&["b.html", "parts/box.html"]))
        );
        assert_eq!(
            graph.dependents(["base.html"]),
            Some(set(&["a.html", "b.html", "base.html"]))
        );
        assert_eq!(graph.dependents([]), Some(BTreeSet::new()));
    }

    #[test]
    fn what_cannot_be_known_is_unknown() {
        let graph = Graph::new([("a.html", "{% extends 'base.html' %}"), ("base.html", "")]);
        // A name the theme does not have: a template added or deleted.
        assert_eq!(graph.dependents(["new.html"]), None);
        // A reference that is not a plain name.
        for odd in [
            "{% include name %}",
            "{% extends \"a\\\"b.html\" %}",
            "{% component %}",
        ] {
            let graph = Graph::new([("a.html", odd), ("base.html", "")]);
            assert_eq!(graph.dependents(["base.html"]), None, "{odd}");
        }
    }

    #[test]
    fn changes_are_found_by_comparing_texts() {
        let before = Graph::new([("a.html", "A"), ("b.html", "B"), ("gone.html", "G")]);
        let after = Graph::new([("a.html", "A"), ("b.html", "B2"), ("new.html", "N")]);
        assert_eq!(
            after.changed_since(&before),
            set(&["b.html", "gone.html", "new.html"])
        );
        assert!(after.changed_since(&after).is_empty());
    }
}
