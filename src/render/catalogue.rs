//! The practice catalogue: the filters of a section of practices (`section.facets`) and the
//! practices related to one practice (`page.related`).
//!
//! Both are read off the taxonomies the pages already carry, so a catalogue needs nothing an
//! author does not already write. Filters are only given where every card is on one page
//! (a paginated list cannot be filtered in the browser); the theme then also links each value to
//! its taxonomy page, which is what a reader without JavaScript follows.
//!
//! Related practices are chosen to complete the security chain: same phenomenon, and first
//! those that cover a stage the practice itself does not. [`Related`] reads, once per render and
//! only if a practice is rendered, every page's stages as a bit set, so choosing is a short walk
//! over a few term lists, not a scan of the site for each page.

use std::collections::BTreeMap;
use std::sync::OnceLock;

use rayon::prelude::*;
use rustc_hash::FxHashSet;
use serde::Serialize;

use crate::check::chain::Stage;
use crate::content::{PageKind, Role, Site};
use crate::slug::slugify;

/// The taxonomy whose terms make practices related.
const PHENOMENA: &str = "phenomena";
/// The taxonomy naming the stages a practice covers.
const STAGES: &str = "stages";
/// How many related practices a practice shows.
const RELATED: usize = 4;
/// How many pages of each of its phenomena are looked at for one practice: enough for every
/// site people write by hand, and a bound on the work per page at 100,000 pages.
const SCAN: usize = 400;

/// One filter of a catalogue: a taxonomy and the terms its pages use.
#[derive(Serialize)]
pub(crate) struct Facet<'a> {
    /// The taxonomy's name (`phenomena`, `stages`, …).
    name: &'a str,
    /// Its terms used by the section's pages, by name.
    values: Vec<FacetValue<'a>>,
}

/// One term of a filter.
#[derive(Serialize)]
struct FacetValue<'a> {
    slug: String,
    name: &'a str,
    /// How many of the section's pages carry it.
    count: usize,
    /// Its taxonomy page.
    url: &'a str,
}

/// The filters of section `s`: for a section of practices (`page_kind: practice`) that lists
/// all its pages on one page, every taxonomy of its language (in the site's order) with the
/// terms its pages use; else none.
pub(crate) fn facets(site: &Site, s: usize) -> Vec<Facet<'_>> {
    let section = &site.sections[s];
    let index = &site.pages[section.index];
    if index.meta.page_kind != Some(PageKind::Practice) || section.paginate_by.is_some() {
        return Vec::new();
    }
    let Some(urls) = site.term_urls.get(&section.lang) else {
        return Vec::new();
    };
    site.taxonomies
        .iter()
        .filter(|t| t.lang == section.lang)
        .filter_map(|taxonomy| {
            let urls = urls.get(&taxonomy.name)?;
            // slug → (name as first written, pages carrying it)
            let mut used: BTreeMap<String, (&str, usize)> = BTreeMap::new();
            for &p in &section.pages {
                let terms = site.pages[p].meta.taxonomies.get(&taxonomy.name);
                let mut seen = FxHashSet::default();
                for term in terms.into_iter().flatten() {
                    let slug = slugify(term);
                    if seen.insert(slug.clone()) {
                        used.entry(slug).or_insert((term.trim(), 0)).1 += 1;
                    }
                }
            }
            let mut values: Vec<FacetValue> = used
                .into_iter()
                .filter_map(|(slug, (name, count))| {
                    let url = urls.get(&slug)?;
                    Some(FacetValue {
                        slug,
                        name,
                        count,
                        url,
                    })
                })
                .collect();
            values.sort_by_cached_key(|v| crate::content::section::title_key(v.name));
            (!values.is_empty()).then_some(Facet {
                name: &taxonomy.name,
                values,
            })
        })
        .collect()
}

/// What choosing related practices needs of every page: read once per render, on the first
/// practice rendered (a preview's render of a few pages that holds none never reads it).
pub(crate) struct Related<'a> {
    site: &'a Site,
    model: &'a [Stage],
    /// Per page: the stages of the chain model its `stages` terms name, one bit each.
    stages: OnceLock<Vec<u64>>,
}

impl<'a> Related<'a> {
    /// Related practices of `site`'s pages, their stages read against the chain model's.
    pub(crate) fn new(site: &'a Site, model: &'a [Stage]) -> Related<'a> {
        Related {
            site,
            model,
            stages: OnceLock::new(),
        }
    }

    /// Every page's stages, read on first use.
    fn stages(&self) -> &[u64] {
        self.stages.get_or_init(|| {
            // Every way a stage is written as a term: its id and its name in each language.
            let names: Vec<Vec<String>> = self
                .model
                .iter()
                .map(|s| {
                    std::iter::once(slugify(&s.id))
                        .chain(s.names.values().map(|n| slugify(n)))
                        .collect()
                })
                .collect();
            self.site
                .pages
                .par_iter()
                .map(|page| {
                    let Some(terms) = page.meta.taxonomies.get(STAGES) else {
                        return 0;
                    };
                    terms.iter().fold(0u64, |mask, term| {
                        let slug = slugify(term);
                        names
                            .iter()
                            .take(64)
                            .position(|n| n.contains(&slug))
                            .map_or(mask, |i| mask | (1 << i))
                    })
                })
                .collect()
        })
    }

    /// Up to four practices related to practice `index`: of its language, sharing one of its
    /// phenomena; first those that cover a stage it does not (the more such stages, the
    /// earlier), then those sharing more of its phenomena, then in the terms' order. None for a
    /// page that is not a practice.
    pub(crate) fn of(&self, index: usize) -> Vec<usize> {
        let site = self.site;
        let page = &site.pages[index];
        if page.kind != PageKind::Practice || page.role != Role::Page {
            return Vec::new();
        }
        let Some(taxonomy) = site
            .taxonomies
            .iter()
            .find(|t| t.lang == page.lang && t.name == PHENOMENA)
        else {
            return Vec::new();
        };
        let stages = self.stages();
        let own = stages[index];
        // page → (phenomena shared, first seen)
        let mut candidates: BTreeMap<usize, (usize, usize)> = BTreeMap::new();
        let mut order = 0;
        for term in page.meta.taxonomies.get(PHENOMENA).into_iter().flatten() {
            let slug = slugify(term);
            let Some(term) = taxonomy.terms.iter().find(|t| t.slug == slug) else {
                continue;
            };
            for &p in term.pages.iter().take(SCAN) {
                let other = &site.pages[p];
                if p == index || other.kind != PageKind::Practice || other.role != Role::Page {
                    continue;
                }
                let entry = candidates.entry(p).or_insert((0, order));
                entry.0 += 1;
                order += 1;
            }
        }
        let mut ranked: Vec<(usize, (usize, usize))> = candidates.into_iter().collect();
        ranked.sort_by_key(|&(p, (shared, first))| {
            let completes = (stages[p] & !own).count_ones();
            (
                std::cmp::Reverse(completes),
                std::cmp::Reverse(shared),
                first,
            )
        });
        ranked.into_iter().take(RELATED).map(|(p, _)| p).collect()
    }
}
