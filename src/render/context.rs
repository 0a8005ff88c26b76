//! The data templates receive (see `docs/templates.md`, the contract this file implements).
//!
//! Each page's summary (what a list shows) is turned into a Tera value once, before rendering;
//! Tera values share their arrays and maps behind `Arc`, so a section, a term page and the home
//! can all list the same page without copying it again. Only the page's own render serialises
//! its full HTML body.

use std::collections::BTreeMap;

use serde::Serialize;
use tera::Value;

use crate::check::PlanReading;
use crate::check::chain::Stage;
use crate::content::{Page, PageRef, Role, Site, Taxonomy, Term};
use crate::markdown::TocEntry;

/// Per-language values shared by every template of that language.
pub(crate) struct LangGlobals {
    /// `config`.
    pub config: Value,
    /// `t`.
    pub strings: Value,
    /// `taxonomies`: `[{name, url}]`.
    pub taxonomies: Value,
    /// `stages`: the chain model's stages, `[{id, name}]`, names in the language.
    pub stages: Value,
    /// Top-level sections: (title, url).
    pub menu: Vec<PageRef>,
    /// `lang_root`.
    pub lang_root: String,
    /// Every language of the site that has a home page, in order, with its root: the language
    /// switcher's entries (computed once, not for every page).
    pub homes: Vec<(String, String)>,
    /// `dashboard_url`: the coverage dashboard's URL, or none (set by the render stage, which
    /// knows whether the theme has one).
    pub dashboard_url: Value,
}

#[derive(Serialize)]
struct ConfigValue<'a> {
    title: &'a str,
    description: Option<&'a str>,
    base_url: &'a str,
    base_path: String,
    default_language: &'a str,
    languages: Vec<&'a str>,
    extra: &'a toml::Table,
}

#[derive(Serialize)]
struct MenuItem<'a> {
    title: &'a str,
    url: &'a str,
    active: bool,
}

#[derive(Serialize)]
struct TaxonomyLink<'a> {
    name: &'a str,
    url: &'a str,
}

/// Builds the per-language globals.
pub(crate) fn lang_globals(
    site: &Site,
    strings: &BTreeMap<String, String>,
    stages: &[Stage],
    lang: &str,
) -> LangGlobals {
    let config = &site.config;
    let config_value = ConfigValue {
        title: config.title_in(lang),
        description: config.description_in(lang),
        base_url: &config.base_url,
        base_path: config.base_path(),
        default_language: &config.default_language,
        languages: config.language_codes(),
        extra: &config.extra,
    };
    let menu = site.home(lang).map_or_else(Vec::new, |h| menu_of(site, h));
    let taxonomies: Vec<TaxonomyLink> = site
        .taxonomies
        .iter()
        .filter(|t| t.lang == lang)
        .map(|t| TaxonomyLink {
            name: &t.name,
            url: &t.url,
        })
        .collect();
    LangGlobals {
        config: Value::from_serializable(&config_value),
        strings: Value::from_serializable(strings),
        taxonomies: Value::from_serializable(&taxonomies),
        stages: Value::from_serializable(&stage_columns(stages, lang)),
        menu,
        lang_root: config.lang_root(lang),
        homes: config
            .language_codes()
            .into_iter()
            .filter(|&l| site.home(l).is_some())
            .map(|l| (l.to_string(), config.lang_root(l)))
            .collect(),
        dashboard_url: Value::none(),
    }
}

/// How many top-level sections the menu shows when none says `in_menu: true`: every page carries
/// the menu, so it must not grow with the site.
pub(crate) const MENU_LIMIT: usize = 8;

/// The menu of the home section `home`: the top-level sections that say `in_menu: true` if any
/// does; else the first [`MENU_LIMIT`] of them in their order (weight, then title), leaving out
/// those that say `in_menu: false`.
fn menu_of(site: &Site, home: usize) -> Vec<PageRef> {
    let subsections = &site.sections[home].subsections;
    let in_menu = |s: usize| site.pages[site.sections[s].index].meta.in_menu;
    let chosen = subsections.iter().any(|&s| in_menu(s) == Some(true));
    subsections
        .iter()
        .filter(|&&s| in_menu(s).unwrap_or(!chosen))
        .take(if chosen { usize::MAX } else { MENU_LIMIT })
        .map(|&s| section_ref(site, s))
        .collect()
}

/// The menu with `active` set for the item the current URL lies under.
pub(crate) fn menu_value(globals: &LangGlobals, current_url: &str) -> Value {
    let items: Vec<MenuItem> = globals
        .menu
        .iter()
        .map(|m| MenuItem {
            title: &m.title,
            url: &m.url,
            active: current_url.starts_with(m.url.as_str()),
        })
        .collect();
    Value::from_serializable(&items)
}

/// A term as a page lists it.
#[derive(Serialize)]
struct TermLink<'a> {
    name: &'a str,
    /// Its slug: the value a catalogue's filter gives it.
    slug: &'a str,
    url: &'a str,
}

#[derive(Serialize)]
struct PageValue<'a> {
    title: &'a str,
    description: Option<&'a str>,
    date: Option<&'a str>,
    updated: Option<&'a str>,
    kind: &'a str,
    url: &'a str,
    permalink: String,
    lang: &'a str,
    slug: &'a str,
    path: &'a str,
    summary: Option<&'a str>,
    taxonomies: BTreeMap<&'a str, Vec<TermLink<'a>>>,
    extra: &'a serde_json::Map<String, serde_json::Value>,
    word_count: usize,
    reading_time: usize,
    section: Option<PageRef>,
    ancestors: Vec<PageRef>,
    weight: Option<i64>,
    /// For a page converted from a Word or LibreOffice document, the URL of that document
    /// (published beside the page).
    source: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    content: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    toc: Option<&'a [TocEntry]>,
    #[serde(skip_serializing_if = "Option::is_none")]
    coverage: Option<Value>,
    /// A practice's related practices (summaries).
    #[serde(skip_serializing_if = "Option::is_none")]
    related: Option<Vec<Value>>,
}

/// `page` as a list shows it (no body, no table of contents).
pub(crate) fn page_summary(site: &Site, index: usize) -> Value {
    Value::from_serializable(&page_value(site, index, false, None))
}

/// The summaries of `pages` (indexes in `site.pages`), in order, for one list. They are made
/// when a list shows them and dropped with it: a summary is a map of maps of some 8 KB, and
/// holding one for every page while the lists rendered took a gigabyte at 100,000 pages, where
/// making one takes a few microseconds.
pub(crate) fn summaries(site: &Site, pages: &[usize]) -> Vec<Value> {
    pages.iter().map(|&i| page_summary(site, i)).collect()
}

/// `page` as its own template receives it; `coverage` for plans, the `related` practices
/// (indexes in `site.pages`) of a practice.
pub(crate) fn page_full(
    site: &Site,
    index: usize,
    coverage: Option<Value>,
    related: &[usize],
) -> Value {
    let mut value = page_value(site, index, true, coverage);
    if site.pages[index].kind == crate::content::PageKind::Practice {
        value.related = Some(summaries(site, related));
    }
    Value::from_serializable(&value)
}

fn page_value(site: &Site, index: usize, full: bool, coverage: Option<Value>) -> PageValue<'_> {
    let page = &site.pages[index];
    let taxonomies = page
        .meta
        .taxonomies
        .iter()
        .filter_map(|(name, terms)| {
            let urls = site.term_urls.get(&page.lang)?.get(name)?;
            let links: Vec<TermLink> = terms
                .iter()
                .filter_map(|term| {
                    urls.get_key_value(&crate::slug::slugify(term))
                        .map(|(slug, url)| TermLink {
                            name: term.trim(),
                            slug,
                            url,
                        })
                })
                .collect();
            (!links.is_empty()).then_some((name.as_str(), links))
        })
        .collect();
    let words = page.rendered.word_count;
    PageValue {
        title: &page.title,
        description: page.meta.description.as_deref(),
        date: page.date.as_deref(),
        updated: page.updated.as_deref(),
        kind: page.kind.as_str(),
        url: &page.url,
        permalink: site.config.permalink(&page.url),
        lang: &page.lang,
        slug: &page.slug,
        path: &page.rel,
        summary: page.rendered.summary.as_deref(),
        taxonomies,
        extra: &page.meta.extra,
        word_count: words,
        reading_time: words.div_ceil(200).max(1),
        section: page.parent.map(|s| section_ref(site, s)),
        ancestors: ancestors(site, page),
        weight: page.meta.weight,
        source: (page.file.is_document() && !site.standalone)
            .then(|| format!("{}{}", site.config.base_path(), page.rel)),
        content: full.then_some(page.rendered.html.as_str()),
        toc: full.then_some(page.rendered.toc.as_slice()),
        coverage,
        related: None,
    }
}

#[derive(Serialize)]
struct StageColumn<'a> {
    id: &'a str,
    name: &'a str,
}

#[derive(Serialize)]
struct CoverageRow<'a> {
    title: &'a str,
    anchor: Option<&'a str>,
    cells: Vec<CoverageCell<'a>>,
}

#[derive(Serialize)]
struct CoverageCell<'a> {
    stage: &'a str,
    status: &'static str,
    evidence_anchor: Option<&'a str>,
}

#[derive(Serialize)]
struct CoverageValue<'a> {
    stages: Vec<StageColumn<'a>>,
    priorities: Vec<CoverageRow<'a>>,
}

/// The stages of the chain model as templates see them, names in `lang`.
fn stage_columns<'s>(stages: &'s [Stage], lang: &str) -> Vec<StageColumn<'s>> {
    stages
        .iter()
        .map(|s| StageColumn {
            id: &s.id,
            name: s.name_in(lang),
        })
        .collect()
}

/// `page.coverage` of a plan: priorities × stages, each cell covered, inferred or missing.
pub(crate) fn coverage(reading: &PlanReading, stages: &[Stage], lang: &str) -> Value {
    let value = CoverageValue {
        stages: stage_columns(stages, lang),
        priorities: reading
            .priorities
            .iter()
            .map(|p| CoverageRow {
                title: &p.title,
                anchor: p.anchor.as_deref(),
                cells: p
                    .stages
                    .iter()
                    .zip(stages)
                    .zip(&p.evidence_anchors)
                    .map(|((c, s), anchor)| CoverageCell {
                        stage: &s.id,
                        status: c.status().as_str(),
                        evidence_anchor: c.evidence.as_ref().and(anchor.as_deref()),
                    })
                    .collect(),
            })
            .collect(),
    };
    Value::from_serializable(&value)
}

fn section_ref(site: &Site, section: usize) -> PageRef {
    let p = &site.pages[site.sections[section].index];
    PageRef {
        title: p.title.clone(),
        url: p.url.clone(),
    }
}

/// Breadcrumbs: the sections from the home down to the page's parent.
pub(crate) fn ancestors(site: &Site, page: &Page) -> Vec<PageRef> {
    let mut chain = Vec::new();
    let mut next = page.parent;
    while let Some(s) = next {
        chain.push(section_ref(site, s));
        next = site.sections[s].parent;
    }
    chain.reverse();
    chain
}

#[derive(Serialize)]
struct Subsection<'a> {
    title: &'a str,
    description: Option<&'a str>,
    url: &'a str,
    page_count: usize,
}

#[derive(Serialize)]
struct SectionValue<'a> {
    title: &'a str,
    description: Option<&'a str>,
    url: &'a str,
    permalink: String,
    lang: &'a str,
    content: &'a str,
    extra: &'a serde_json::Map<String, serde_json::Value>,
    ancestors: Vec<PageRef>,
    pages: Vec<Value>,
    subsections: Vec<Subsection<'a>>,
    /// A catalogue's filters (see `catalogue.rs`).
    facets: Vec<super::catalogue::Facet<'a>>,
}

/// `section` for section `s`; `pages` is left empty when the section is paginated.
pub(crate) fn section_value(site: &Site, s: usize) -> Value {
    let section = &site.sections[s];
    let page = &site.pages[section.index];
    debug_assert_eq!(page.role, Role::Section);
    let pages = if section.paginate_by.is_some() {
        Vec::new()
    } else {
        summaries(site, &section.pages)
    };
    let subsections = section
        .subsections
        .iter()
        .map(|&c| {
            let sub = &site.sections[c];
            let p = &site.pages[sub.index];
            Subsection {
                title: &p.title,
                description: p.meta.description.as_deref(),
                url: &p.url,
                page_count: sub.pages.len(),
            }
        })
        .collect();
    Value::from_serializable(&SectionValue {
        title: &page.title,
        description: page.meta.description.as_deref(),
        url: &page.url,
        permalink: site.config.permalink(&page.url),
        lang: &page.lang,
        content: &page.rendered.html,
        extra: &page.meta.extra,
        ancestors: ancestors(site, page),
        pages,
        subsections,
        facets: super::catalogue::facets(site, s),
    })
}

#[derive(Serialize)]
struct Paginator<'a> {
    current_index: usize,
    number_pagers: usize,
    total_pages: usize,
    first: &'a str,
    last: String,
    previous: Option<String>,
    next: Option<String>,
    pages: Vec<Value>,
}

/// URL of list page `n` (1-based) of a list at `base`.
pub(crate) fn pager_url(base: &str, n: usize) -> String {
    if n <= 1 {
        base.to_string()
    } else {
        format!("{base}page/{n}/")
    }
}

/// `paginator` for list page `n` (1-based) of `items` at `base`, `per` items a page.
pub(crate) fn paginator(site: &Site, base: &str, items: &[usize], per: usize, n: usize) -> Value {
    let pagers = items.len().div_ceil(per).max(1);
    let slice = &items[((n - 1) * per).min(items.len())..(n * per).min(items.len())];
    Value::from_serializable(&Paginator {
        current_index: n,
        number_pagers: pagers,
        total_pages: items.len(),
        first: base,
        last: pager_url(base, pagers),
        previous: (n > 1).then(|| pager_url(base, n - 1)),
        next: (n < pagers).then(|| pager_url(base, n + 1)),
        pages: summaries(site, slice),
    })
}

#[derive(Serialize)]
struct TermValue<'a> {
    name: &'a str,
    slug: &'a str,
    url: &'a str,
    count: usize,
    #[serde(skip_serializing_if = "Option::is_none")]
    pages: Option<Vec<Value>>,
}

fn term_ref(term: &Term, pages: Option<Vec<Value>>) -> TermValue<'_> {
    TermValue {
        name: &term.name,
        slug: &term.slug,
        url: &term.url,
        count: term.pages.len(),
        pages,
    }
}

/// `term` for a term page, with the summaries of its pages (empty when paginated).
pub(crate) fn term_value(term: &Term, pages: Vec<Value>) -> Value {
    Value::from_serializable(&term_ref(term, Some(pages)))
}

#[derive(Serialize)]
struct TaxonomyValue<'a> {
    name: &'a str,
    url: &'a str,
    terms: Vec<TermValue<'a>>,
}

/// `taxonomy`, with its terms only when `with_terms` (the list page).
pub(crate) fn taxonomy_value(taxonomy: &Taxonomy, with_terms: bool) -> Value {
    let terms = if with_terms {
        taxonomy.terms.iter().map(|t| term_ref(t, None)).collect()
    } else {
        Vec::new()
    };
    Value::from_serializable(&TaxonomyValue {
        name: &taxonomy.name,
        url: &taxonomy.url,
        terms,
    })
}
