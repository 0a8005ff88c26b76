//! Taxonomies: the terms pages are filed under (phenomena, stages, communes, actors, tags).
//!
//! Built per language after loading, from every page's front matter, so that a term page lists
//! only pages of its language. Terms are keyed by slug: `Sécurité routière` and
//! `securite routiere` are one term, shown with the first spelling met.

use std::collections::{BTreeMap, HashMap};

use super::page::{Page, Role};
use super::section::title_key;
use crate::config::Config;
use crate::slug::slugify;

/// One taxonomy in one language.
#[derive(Debug)]
pub struct Taxonomy {
    /// Name from the config (`phenomena`).
    pub name: String,
    /// Language code.
    pub lang: String,
    /// URL path of the list of terms.
    pub url: String,
    /// Terms, by folded name.
    pub terms: Vec<Term>,
    /// Pages per term page, if paginated.
    pub paginate_by: Option<usize>,
}

/// One term and its pages.
#[derive(Debug)]
pub struct Term {
    /// The name as first written.
    pub name: String,
    /// URL segment.
    pub slug: String,
    /// URL path.
    pub url: String,
    /// Pages, newest first, then by title.
    pub pages: Vec<usize>,
}

/// Builds every configured taxonomy in every language that uses it.
pub fn build(config: &Config, pages: &[Page]) -> Vec<Taxonomy> {
    let mut out = Vec::new();
    // Sort keys computed once per page, not once per comparison.
    let title_keys: Vec<String> = pages.iter().map(|p| title_key(&p.title)).collect();
    for lang in config.language_codes() {
        for tc in &config.taxonomies {
            let mut terms: BTreeMap<String, Term> = BTreeMap::new();
            let url = format!("{}{}/", config.lang_root(lang), tc.name);
            for (i, page) in pages.iter().enumerate() {
                if page.lang != lang || page.role != Role::Page {
                    continue;
                }
                let Some(names) = page.meta.taxonomies.get(&tc.name) else {
                    continue;
                };
                for name in names {
                    let slug = slugify(name);
                    if slug.is_empty() {
                        continue;
                    }
                    let term = terms.entry(slug.clone()).or_insert_with(|| Term {
                        name: name.trim().to_string(),
                        url: format!("{url}{slug}/"),
                        slug,
                        pages: Vec::new(),
                    });
                    if term.pages.last() != Some(&i) {
                        term.pages.push(i);
                    }
                }
            }
            if terms.is_empty() {
                continue;
            }
            let mut terms: Vec<Term> = terms.into_values().collect();
            for term in &mut terms {
                term.pages.sort_by(|&a, &b| {
                    pages[b]
                        .date
                        .cmp(&pages[a].date)
                        .then_with(|| title_keys[a].cmp(&title_keys[b]))
                });
            }
            terms.sort_by_cached_key(|t| title_key(&t.name));
            out.push(Taxonomy {
                name: tc.name.clone(),
                lang: lang.to_string(),
                url,
                terms,
                paginate_by: tc.paginate_by,
            });
        }
    }
    out
}

/// Term page URLs by language, taxonomy and term slug, so a page finds the URL of each of its
/// terms without building a key.
pub type TermUrls = HashMap<String, HashMap<String, HashMap<String, String>>>;

/// Indexes the URL of every term of `taxonomies`.
pub fn term_urls(taxonomies: &[Taxonomy]) -> TermUrls {
    let mut map = TermUrls::new();
    for t in taxonomies {
        let by_slug = map
            .entry(t.lang.clone())
            .or_default()
            .entry(t.name.clone())
            .or_default();
        for term in &t.terms {
            by_slug.insert(term.slug.clone(), term.url.clone());
        }
    }
    map
}
