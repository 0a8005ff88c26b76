//! SEARCH: one static, sharded index per language, and the page that queries it in the browser.
//!
//! Search must stay small at any size: loading the search page and answering a one-word query on
//! a 10,000-page site downloads under 100 KB, never the whole index. So the index is cut into
//! files the browser fetches one by one, as a query needs them (see `encode.rs` for the layout):
//! a manifest, shards of surface forms with their postings, chunks of result data, filter sets.
//!
//! The browser never stems: each shard maps the folded words of the site to their index terms,
//! computed here with elasticlunr-rs's pipelines (`analyze.rs`), so there is one stemmer, in
//! Rust, and the JavaScript only folds and splits what is typed (`text.rs` says how).
//!
//! Modules, in pipeline order: `text` (words, folding, HTML to text), `analyze` (word → term),
//! `vocab` (interned words), `index` (the inverted index, with rayon), `encode` (the files),
//! `read` (decodes the files as `search.js` does: the tests' view of the browser).
//!
//! The build runs [`build`] on a thread of its own while the pages render, then `write`; the
//! render stage renders `search.html` at `{lang_root}search/` with [`page_value`]. Search sits
//! below render: what it needs of the theme (the client script's bytes) it is given.
//! `MAILLON_SEARCH=0` turns all of it off (to measure what search costs a build).

pub mod analyze;
pub mod encode;
pub mod index;
pub mod read;
pub mod text;
mod vocab;

use rayon::prelude::*;
use serde::Serialize;

use crate::content::{PageKind, Site};
use crate::error::Result;
use crate::output::Sink;

/// The client script in the theme's `static/` folder; written under a content-hashed name.
pub const CLIENT: &str = "search/search.js";

/// Taxonomies search results can be filtered by, besides the kind of page.
pub const FILTER_TAXONOMIES: [&str; 2] = ["phenomena", "stages"];

/// Whether search is built: yes unless the environment sets `MAILLON_SEARCH` to `0`, `off`,
/// `false` or `no`.
pub fn enabled() -> bool {
    match std::env::var("MAILLON_SEARCH") {
        Ok(v) => !matches!(
            v.trim().to_ascii_lowercase().as_str(),
            "0" | "off" | "false" | "no"
        ),
        Err(_) => true,
    }
}

/// Whether a theme static file is written by search (under a hashed name) rather than copied.
pub fn is_client_asset(rel: &str) -> bool {
    rel == CLIENT
}

/// Eight hex digits of the hash of `bytes`.
pub fn hash_hex(bytes: &[u8]) -> String {
    format!("{:08x}", crate::hash::fnv1a(bytes) >> 32)
}

/// One filter: a kind of page or a taxonomy, with the values the language's pages use.
pub struct Facet {
    /// `kind`, `phenomena` or `stages`.
    pub name: &'static str,
    /// Values in display order.
    pub values: Vec<FacetValue>,
}

/// One value of a filter.
pub struct FacetValue {
    /// Identifier in URLs and in the manifest.
    pub slug: String,
    /// Shown name (a kind's id: templates translate it).
    pub name: String,
    /// Indexes in `site.pages` of the pages it holds.
    pub pages: Vec<usize>,
}

/// The filters of `lang`: kinds present, then the terms of each filter taxonomy.
pub fn facets(site: &Site, lang: &str) -> Vec<Facet> {
    let docs = index::documents(site, lang);
    let kinds = [PageKind::Guidance, PageKind::Practice, PageKind::Plan]
        .into_iter()
        .map(|kind| FacetValue {
            slug: kind.as_str().to_string(),
            name: kind.as_str().to_string(),
            pages: docs
                .iter()
                .copied()
                .filter(|&p| site.pages[p].kind == kind)
                .collect(),
        })
        .filter(|v| !v.pages.is_empty())
        .collect();
    let mut out = vec![Facet {
        name: "kind",
        values: kinds,
    }];
    for name in FILTER_TAXONOMIES {
        let values = site
            .taxonomies
            .iter()
            .filter(|t| t.lang == lang && t.name == name)
            .flat_map(|t| &t.terms)
            .map(|term| FacetValue {
                slug: term.slug.clone(),
                name: term.name.clone(),
                pages: term.pages.clone(),
            })
            .collect();
        out.push(Facet { name, values });
    }
    out
}

/// Path of the client script in the output (relative to the base path): `search/search.<hash>.js`.
fn client_path(script: &[u8]) -> String {
    format!("search/search.{}.js", hash_hex(script))
}

/// The search folder of `lang`, relative to the base path (`search/`, `nl/search/`).
fn search_dir(site: &Site, lang: &str) -> String {
    let root = site.config.lang_root(lang);
    let base = site.config.base_path();
    format!("{}search/", root.strip_prefix(&base).unwrap_or(&root))
}

#[derive(Serialize)]
struct FacetView<'a> {
    name: &'a str,
    values: Vec<FacetValueView<'a>>,
}

#[derive(Serialize)]
struct FacetValueView<'a> {
    slug: &'a str,
    name: &'a str,
    count: usize,
}

#[derive(Serialize)]
struct PageView<'a> {
    script: String,
    manifest: String,
    facets: Vec<FacetView<'a>>,
}

/// `search` for `search.html`: `{script, manifest, facets: [{name, values: [{slug, name,
/// count}]}]}` (URL paths; facets with no value left out).
pub fn page_value(site: &Site, script: &[u8], lang: &str) -> tera::Value {
    let base = site.config.base_path();
    let facets = facets(site, lang);
    let view = PageView {
        script: format!("{base}{}", client_path(script)),
        manifest: format!("{base}{}manifest.json", search_dir(site, lang)),
        facets: facets
            .iter()
            .filter(|f| !f.values.is_empty())
            .map(|f| FacetView {
                name: f.name,
                values: f
                    .values
                    .iter()
                    .map(|v| FacetValueView {
                        slug: &v.slug,
                        name: &v.name,
                        count: v.pages.len(),
                    })
                    .collect(),
            })
            .collect(),
    };
    tera::Value::from_serializable(&view)
}

/// Whether `lang` gets a search page: search is on and the language has a home.
pub fn has_page(site: &Site, lang: &str) -> bool {
    enabled() && site.home(lang).is_some()
}

/// A file to write: path and bytes.
type File = (String, Vec<u8>);

/// Every language's index files, in memory, ready to write.
#[derive(Default)]
pub struct Built {
    /// (search folder of the language, its files), `manifest.json` included.
    files: Vec<(String, Vec<File>)>,
}

/// Builds every language's index files (nothing when search is disabled).
///
/// Meant to run on its own thread while the pages render: rendering spends much of its time
/// waiting on the file system, and this uses that time. So it runs on a pool of one thread of
/// its own, not on the pool that renders, which it would otherwise slow down.
pub fn build(site: &Site) -> Built {
    if !enabled() {
        return Built::default();
    }
    let run = || {
        let mut built = Built::default();
        for lang in site.config.language_codes() {
            if !has_page(site, lang) {
                continue;
            }
            let options = encode::Options::default();
            let index = index::build(site, lang, options.scored);
            let out = encode::encode(site, &index, &facets(site, lang), &options);
            let mut files = out.files;
            files.push((
                "manifest.json".to_string(),
                serde_json::to_vec(&out.manifest).unwrap_or_default(),
            ));
            built.files.push((search_dir(site, lang), files));
        }
        built
    };
    match rayon::ThreadPoolBuilder::new().num_threads(1).build() {
        Ok(pool) => pool.install(run),
        Err(_) => run(),
    }
}

/// Writes what [`build`] made, and the client script.
pub fn write(script: &[u8], output: &dyn Sink, built: Built) -> Result<()> {
    if !enabled() {
        return Ok(());
    }
    output.write(&client_path(script), script)?;
    for (dir, files) in &built.files {
        files
            .par_iter()
            .try_for_each(|(name, bytes)| output.write(&format!("{dir}{name}"), bytes))?;
    }
    Ok(())
}
