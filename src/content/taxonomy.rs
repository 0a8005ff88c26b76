//! Taxonomies: the terms pages are filed under (phenomena, stages, communes, actors, tags).
//!
//! Built per language after loading, from every page's front matter, so that a term page lists
//! only pages of its language. Terms are keyed by slug: `Sécurité routière` and
//! `securite routiere` are one term, shown with the first spelling met.

use std::collections::{BTreeMap, HashMap};

use rustc_hash::FxHashMap;

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
///
/// Pages are visited newest first, then by title, so each term's pages come out in display
/// order without a sort per term; each distinct term name is slugified once.
pub fn build(config: &Config, pages: &[Page]) -> Vec<Taxonomy> {
    let mut out = Vec::new();
    let title_keys: Vec<String> = pages.iter().map(|p| title_key(&p.title)).collect();
    let mut order: Vec<usize> = (0..pages.len())
        .filter(|&i| pages[i].role == Role::Page && !pages[i].meta.taxonomies.is_empty())
        .collect();
    order.sort_by(|&a, &b| {
        pages[b]
            .date
            .cmp(&pages[a].date)
            .then_with(|| title_keys[a].cmp(&title_keys[b]))
    });
    let mut slugs: FxHashMap<&str, String> = FxHashMap::default();
    for lang in config.language_codes() {
        for tc in &config.taxonomies {
            // Each term with the index of the first page (by path) naming it, whose spelling
            // the term keeps.
            let mut terms: BTreeMap<String, (Term, usize)> = BTreeMap::new();
            let url = format!("{}{}/", config.lang_root(lang), tc.name);
            for &i in &order {
                let page = &pages[i];
                if page.lang != lang {
                    continue;
                }
                let Some(names) = page.meta.taxonomies.get(&tc.name) else {
                    continue;
                };
                for name in names {
                    let slug = slugs.entry(name).or_insert_with(|| slugify(name));
                    if slug.is_empty() {
                        continue;
                    }
                    if let Some((term, first)) = terms.get_mut(slug.as_str()) {
                        if term.pages.last() != Some(&i) {
                            term.pages.push(i);
                        }
                        if i < *first {
                            term.name = name.trim().to_string();
                            *first = i;
                        }
                        continue;
                    }
                    let term = Term {
                        name: name.trim().to_string(),
                        url: format!("{url}{slug}/"),
                        slug: slug.clone(),
                        pages: vec![i],
                    };
                    terms.insert(slug.clone(), (term, i));
                }
            }
            if terms.is_empty() {
                continue;
            }
            let mut terms: Vec<Term> = terms.into_values().map(|(t, _)| t).collect();
            terms.sort_by_cached_key(|t| title_key(&t.name));
            out.push(Taxonomy {
                name: tc.name.clone(),
                lang: lang.to_string(),
                url,
                terms,
                paginate_by: tc.paginate_by.filter(|&n| n > 0),
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
