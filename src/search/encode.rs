//! The index as files: a manifest, shards, chunks of result data and filter sets.
//!
//! Everything a query needs is one fetch away once the manifest is loaded, and nothing else is
//! fetched. Files of one language (`{lang_root}search/`):
//!
//! ```text
//! manifest.json      {version, lang, docs, chunk, dir, keys, facets} (fetched with no-cache)
//! <dir>/s<i>.bin     shard i: the surface forms from keys[i] (inclusive) to keys[i+1]
//! <dir>/d<i>.json    result data of documents i*chunk .. (i+1)*chunk (see `Chunk`)
//! <dir>/f<i>.bin     the documents of one filter value (a kind, a phenomenon, a stage)
//! ```
//!
//! `<dir>` is a hash of every file in it, so all of them can be cached forever. Shards are
//! contiguous ranges of the sorted surface forms, cut when a shard reaches its byte budget;
//! `keys[i]` is the shortest prefix that separates shard i from the one before, so the manifest
//! stays small and the browser finds a word's shard by binary search. A shard holds the complete
//! postings of every term its surface forms map to (a term whose forms fall in two shards is
//! written in both), so a term is never split and one fetch answers a word.
//!
//! Binary layout (integers are LEB128 varints, `u8` is one byte):
//!
//! ```text
//! shard    = n_terms, postings * n_terms, n_surfaces, surface * n_surfaces
//! surface  = shared, len, bytes[len], n_refs, term * n_refs
//!            (UTF-8, front-coded: `shared` bytes of the previous surface, then `bytes`)
//! postings = n_scored, (delta_doc, u8 score) * n_scored, n_rest, [set of the rest]
//!            the `scored` best documents with their score, the others (a common word is in
//!            thousands of pages) only as a set: they match, ranked after the scored ones
//! set      = u8 0, delta_doc * n   |   u8 1, bitmap of ceil(docs / 8) bytes (bit d%8 of byte d/8)
//! filter   = n, set
//! ```
//! Deltas start from 0. `read.rs` decodes all of it, as `search.js` does.

use std::collections::BTreeMap;

use rayon::prelude::*;
use rustc_hash::FxHashMap;
use serde::{Deserialize, Serialize};

use super::index::{Index, Postings, utf16_cmp};
use super::{Facet, hash_hex};
use crate::content::Site;

/// Sizes of the files (`scored` is used by [`index::build`](super::index::build)).
#[derive(Debug, Clone, Copy)]
pub struct Options {
    /// A shard is closed once it holds this many bytes (a term is never split, so one holding
    /// a single huge term can be larger).
    pub shard_bytes: usize,
    /// Documents per chunk of result data.
    pub chunk_docs: usize,
    /// Documents of a term stored with their score; the others only as a set.
    pub scored: usize,
}

impl Default for Options {
    fn default() -> Self {
        Options {
            shard_bytes: 12_000,
            chunk_docs: 10,
            scored: 200,
        }
    }
}

/// The manifest of one language's index.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Manifest {
    /// Format version.
    pub version: u32,
    /// Language code.
    pub lang: String,
    /// Number of documents.
    pub docs: usize,
    /// Documents per chunk of result data.
    pub chunk: usize,
    /// Folder of the other files, relative to the manifest, ending in `/`.
    pub dir: String,
    /// First key of each shard; `keys[0]` is empty.
    pub keys: Vec<String>,
    /// Filter name (`kind`, `phenomena`, `stages`) → value slug → `[file number, documents]`.
    pub facets: BTreeMap<String, BTreeMap<String, [usize; 2]>>,
}

/// One chunk of result data: `{"s": [[title, url], ...], "d": [[section, path, title, kind,
/// filters, excerpt], ...]}`. `section` indexes `s` (-1: none); `path` is the document's URL,
/// relative to its section's URL unless it starts with `/`; `filters` are the file numbers of
/// the document's phenomena and stages (the manifest names them), so a term is not repeated in
/// every document.
#[derive(Serialize, Deserialize)]
pub struct Chunk {
    /// Sections of the chunk's documents: `[title, url]`.
    pub s: Vec<(String, String)>,
    /// Documents.
    pub d: Vec<(i32, String, String, String, Vec<usize>, String)>,
}

/// The files of one language's index, paths relative to its search folder.
pub struct Files {
    /// `manifest.json`.
    pub manifest: Manifest,
    /// (path, bytes), `manifest.json` excluded.
    pub files: Vec<(String, Vec<u8>)>,
}

/// Writes `value` as a LEB128 varint.
pub fn varint(out: &mut Vec<u8>, mut value: u64) {
    while value >= 0x80 {
        out.push((value as u8) | 0x80);
        value >>= 7;
    }
    out.push(value as u8);
}

/// A LEB128 varint at the start of `bytes`, and how many bytes it took.
pub(super) fn read_varint(bytes: &[u8]) -> (u64, usize) {
    let (mut value, mut shift) = (0u64, 0);
    for (i, &b) in bytes.iter().enumerate() {
        value |= u64::from(b & 0x7f) << shift;
        shift += 7;
        if b & 0x80 == 0 {
            return (value, i + 1);
        }
    }
    (value, bytes.len())
}

/// Writes a set of ascending document ids, as deltas or as a bitmap, whichever is smaller.
pub fn set(out: &mut Vec<u8>, docs: &[u32], n_docs: usize) {
    let mut deltas = Vec::with_capacity(docs.len() + 1);
    let mut previous = 0;
    for &d in docs {
        varint(&mut deltas, u64::from(d - previous));
        previous = d;
    }
    let bitmap_len = n_docs.div_ceil(8);
    if deltas.len() <= bitmap_len {
        out.push(0);
        out.extend_from_slice(&deltas);
    } else {
        out.push(1);
        let start = out.len();
        out.resize(start + bitmap_len, 0);
        for &d in docs {
            out[start + (d as usize >> 3)] |= 1 << (d & 7);
        }
    }
}

/// Encodes one term's postings.
pub fn postings(p: &Postings, n_docs: usize, scored: usize, out: &mut Vec<u8>) {
    let n = p.docs.len();
    let mut best: Vec<usize> = (0..n).collect();
    if n > scored {
        let by_score = |a: &usize, b: &usize| p.scores[*b].cmp(&p.scores[*a]).then(a.cmp(b));
        best.select_nth_unstable_by(scored.saturating_sub(1), by_score);
        best.truncate(scored);
        best.sort_unstable();
    }
    varint(out, best.len() as u64);
    let mut previous = 0;
    for &i in &best {
        varint(out, u64::from(p.docs[i] - previous));
        out.push(p.scores[i]);
        previous = p.docs[i];
    }
    let mut rest = Vec::with_capacity(n - best.len());
    let mut next = best.iter().peekable();
    for (i, &d) in p.docs.iter().enumerate() {
        if next.peek() == Some(&&i) {
            next.next();
        } else {
            rest.push(d);
        }
    }
    varint(out, rest.len() as u64);
    if !rest.is_empty() {
        set(out, &rest, n_docs);
    }
}

/// The shortest prefix of `next` that sorts after `previous` (`previous` < `next`).
fn separator(previous: &str, next: &str) -> String {
    let mut key = String::new();
    for c in next.chars() {
        key.push(c);
        if utf16_cmp(&key, previous).is_gt() {
            break;
        }
    }
    key
}

/// One shard being filled.
#[derive(Default)]
struct ShardBuilder {
    terms: FxHashMap<u32, u32>,
    term_bytes: Vec<u8>,
    surfaces: Vec<u8>,
    n_surfaces: usize,
    previous: String,
}

impl ShardBuilder {
    fn size(&self) -> usize {
        self.term_bytes.len() + self.surfaces.len()
    }

    fn cost(&self, text: &str, terms: &[u32], encoded: &[Vec<u8>]) -> usize {
        let new: usize = terms
            .iter()
            .filter(|t| !self.terms.contains_key(t))
            .map(|&t| encoded[t as usize].len())
            .sum();
        text.len() + 3 + 2 * terms.len() + new
    }

    fn add(&mut self, text: &str, terms: &[u32], encoded: &[Vec<u8>]) {
        let shared = text
            .bytes()
            .zip(self.previous.bytes())
            .take_while(|(a, b)| a == b)
            .count();
        varint(&mut self.surfaces, shared as u64);
        varint(&mut self.surfaces, (text.len() - shared) as u64);
        self.surfaces.extend_from_slice(&text.as_bytes()[shared..]);
        varint(&mut self.surfaces, terms.len() as u64);
        for &t in terms {
            let next = self.terms.len() as u32;
            let local = *self.terms.entry(t).or_insert(next);
            if local == next {
                self.term_bytes.extend_from_slice(&encoded[t as usize]);
            }
            varint(&mut self.surfaces, u64::from(local));
        }
        self.n_surfaces += 1;
        self.previous = text.to_string();
    }

    fn finish(self) -> Vec<u8> {
        let mut out = Vec::with_capacity(self.size() + 8);
        varint(&mut out, self.terms.len() as u64);
        out.extend_from_slice(&self.term_bytes);
        varint(&mut out, self.n_surfaces as u64);
        out.extend_from_slice(&self.surfaces);
        out
    }
}

/// Cuts the index into shards: their first keys and their bytes.
pub fn shards(index: &Index, options: &Options) -> (Vec<String>, Vec<Vec<u8>>) {
    let encoded = &index.terms;
    let mut keys = vec![String::new()];
    let mut shards = Vec::new();
    let mut current = ShardBuilder::default();
    for s in &index.surfaces {
        let cost = current.cost(&s.text, &s.terms, encoded);
        if current.n_surfaces > 0 && current.size() + cost > options.shard_bytes {
            keys.push(separator(&current.previous, &s.text));
            shards.push(std::mem::take(&mut current).finish());
        }
        current.add(&s.text, &s.terms, encoded);
    }
    shards.push(current.finish());
    (keys, shards)
}

/// Every file of one language's index.
pub fn encode(site: &Site, index: &Index, facets: &[Facet], options: &Options) -> Files {
    let n_docs = index.docs.len();
    let (keys, shard_bytes) = shards(index, options);
    let mut files: Vec<(String, Vec<u8>)> = shard_bytes
        .into_iter()
        .enumerate()
        .map(|(i, bytes)| (format!("s{i}.bin"), bytes))
        .collect();

    let doc_of: FxHashMap<usize, u32> = index
        .docs
        .iter()
        .enumerate()
        .map(|(d, &p)| (p, d as u32))
        .collect();
    let mut facet_map: BTreeMap<String, BTreeMap<String, [usize; 2]>> = BTreeMap::new();
    let mut filters_of: FxHashMap<u32, Vec<usize>> = FxHashMap::default();
    let mut n_filters = 0;
    for facet in facets {
        let values = facet_map.entry(facet.name.to_string()).or_default();
        for value in &facet.values {
            let mut docs: Vec<u32> = value
                .pages
                .iter()
                .filter_map(|p| doc_of.get(p).copied())
                .collect();
            docs.sort_unstable();
            docs.dedup();
            if facet.name != "kind" {
                for &d in &docs {
                    filters_of.entry(d).or_default().push(n_filters);
                }
            }
            let mut bytes = Vec::new();
            varint(&mut bytes, docs.len() as u64);
            set(&mut bytes, &docs, n_docs);
            files.push((format!("f{n_filters}.bin"), bytes));
            values.insert(value.slug.clone(), [n_filters, docs.len()]);
            n_filters += 1;
        }
    }

    let chunk = options.chunk_docs.max(1);
    let chunks: Vec<(String, Vec<u8>)> = index
        .docs
        .par_chunks(chunk)
        .enumerate()
        .map(|(c, pages)| {
            let mut data = Chunk {
                s: Vec::new(),
                d: Vec::new(),
            };
            for (k, &p) in pages.iter().enumerate() {
                let doc = c * chunk + k;
                let filters = filters_of.get(&(doc as u32)).cloned().unwrap_or_default();
                add_row(site, p, filters, &index.excerpts[doc], &mut data);
            }
            let json = serde_json::to_vec(&data).unwrap_or_default();
            (format!("d{c}.json"), json)
        })
        .collect();
    files.extend(chunks);

    let mut hash_input = Vec::new();
    for (name, bytes) in &files {
        hash_input.extend_from_slice(name.as_bytes());
        hash_input.extend_from_slice(&(bytes.len() as u64).to_le_bytes());
        hash_input.extend_from_slice(&crate::hash::fnv1a(bytes).to_le_bytes());
    }
    let dir = format!("{}/", hash_hex(&hash_input));
    let manifest = Manifest {
        version: 1,
        lang: index.lang.clone(),
        docs: n_docs,
        chunk,
        dir: dir.clone(),
        keys,
        facets: facet_map,
    };
    for (name, _) in &mut files {
        name.insert_str(0, &dir);
    }
    Files { manifest, files }
}

fn add_row(site: &Site, p: usize, filters: Vec<usize>, excerpt: &str, chunk: &mut Chunk) {
    let page = &site.pages[p];
    let mut section = -1;
    let mut path = page.url.clone();
    if let Some(s) = page.parent {
        let parent = &site.pages[site.sections[s].index];
        let at = chunk.s.iter().position(|(_, url)| *url == parent.url);
        let at = at.unwrap_or_else(|| {
            chunk.s.push((parent.title.clone(), parent.url.clone()));
            chunk.s.len() - 1
        });
        section = at as i32;
        if let Some(rest) = page.url.strip_prefix(parent.url.as_str())
            && !rest.starts_with('/')
        {
            path = rest.to_string();
        }
    }
    chunk.d.push((
        section,
        path,
        page.title.clone(),
        page.kind.as_str().to_string(),
        filters,
        excerpt.to_string(),
    ));
}
