//! The inverted index of one language, built from the rendered pages.
//!
//! Three passes, each shaped for time and memory at ten thousand pages and more. They use
//! rayon: all cores when called alone; the build runs them on a pool of one thread of its own
//! while the pages render (see `search::build`), so they use the time rendering waits on files.
//!
//! 1. **Collect** (parallel, one contiguous range of documents per thread): each page's fields
//!    are cut into words (`text::for_each_word_range`, one pass over the HTML), interned as
//!    written in the range's `Vocab` (a short word is its own key) and counted with field
//!    boosts in the word's `Tally`, then appended to its postings list, two or three bytes a
//!    posting. The ranges are joined in document order, a list appended to a list. On the
//!    build's one-thread pool there is a single range and nothing to join (small batches, each
//!    with its own vocabulary, would look every word up again in each batch and once more
//!    when merged).
//! 2. **Analyze** (parallel): each distinct word is folded into its surface form, lowercased and
//!    run once through its language's pipeline (`analyze.rs`) to get its term; `Titre` and
//!    `titre` are two words of one term, merged when the term is scored.
//! 3. **Score** (parallel): the postings of the words of each term are merged and scored with
//!    BM25 (field boosts folded into the term frequency), quantized to one byte, so the browser
//!    only adds numbers.

use std::borrow::Cow;

use rayon::prelude::*;
use rustc_hash::FxHashMap;
use unicode_normalization::UnicodeNormalization;

use super::analyze::Analyzer;
use super::text;
use super::vocab::Vocab;
use crate::content::{Page, Role, Site};

/// Field boosts: a word counts this many times per occurrence in the field.
const TITLE: u32 = 5;
const DESCRIPTION: u32 = 2;
const TAXONOMIES: u32 = 3;
const HEADINGS: u32 = 2;
const BODY: u32 = 1;
/// BM25 parameters.
const K1: f32 = 1.2;
const B: f32 = 0.75;
/// A score of 1.0 is stored as this many units of the score byte.
pub const SCORE_SCALE: f32 = 8.0;
/// Bytes of an excerpt source.
pub const EXCERPT_BYTES: usize = 110;

/// The index of one language.
pub struct Index {
    /// Language code.
    pub lang: String,
    /// Document id → index in `site.pages`.
    pub docs: Vec<usize>,
    /// Document id → excerpt source (description, summary or start of the text).
    pub excerpts: Vec<String>,
    /// Term id → its postings, scored and encoded (`encode::postings`): about a byte each, so
    /// the index of ten thousand pages stays a few megabytes while the pages render.
    pub terms: Vec<Vec<u8>>,
    /// Every folded word of the language, sorted in UTF-16 order (the browser's `<`), with the
    /// terms it stands for; none for a word the pipeline drops (a stop word).
    pub surfaces: Vec<Surface>,
}

/// The documents of one term, ascending, with a score byte each (1 to 255).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Postings {
    /// Document ids, ascending.
    pub docs: Vec<u32>,
    /// Quantized scores, one per document.
    pub scores: Vec<u8>,
}

/// A folded word and the terms it maps to.
#[derive(Debug, Clone)]
pub struct Surface {
    /// The folded word.
    pub text: String,
    /// Term ids, ascending.
    pub terms: Vec<u32>,
}

/// Orders strings as JavaScript's `<` does (by UTF-16 code units).
pub fn utf16_cmp(a: &str, b: &str) -> std::cmp::Ordering {
    if a.is_ascii() || b.is_ascii() {
        // The first difference involves an ASCII character: code point order is UTF-16 order.
        return a.cmp(b);
    }
    a.encode_utf16().cmp(b.encode_utf16())
}

/// The pages of `lang` that search covers, in `site.pages` order: their position is their id.
/// Section indexes are left out: they list pages (and would all show as `guidance`).
pub fn documents(site: &Site, lang: &str) -> Vec<usize> {
    (0..site.pages.len())
        .filter(|&i| site.pages[i].lang == lang && site.pages[i].role == Role::Page)
        .collect()
}

/// The words of a contiguous range of documents, counted into the range's own vocabulary
/// (words as written: case is merged later, per term). Ranges are merged in document order.
#[derive(Default)]
struct Collected {
    vocab: Vocab,
    /// Per word id: what the range knows of it.
    words: Vec<Tally>,
    /// Per word id: its boosted count in the document being read (0: not seen in it yet).
    /// Apart from the tallies: four bytes a word, so the array every occurrence touches stays
    /// in the processor's cache where the tallies (32 bytes a word) do not.
    counts: Vec<u32>,
    lengths: Vec<u32>,
    excerpts: Vec<String>,
}

/// One word of a range: its postings so far, touched once per document that has the word.
#[derive(Default)]
struct Tally {
    /// Its last document + 1 (0: none yet).
    last: u32,
    /// `(doc + 1 - previous doc + 1, tf)` as a varint and a byte, documents ascending (two or
    /// three bytes a posting, where a `u32` would take four). A range's first posting of a
    /// word holds `doc + 1`.
    postings: Vec<u8>,
}

impl Collected {
    /// Appends the next range: its words are found in this vocabulary, their postings lists
    /// appended (only the first posting of each is re-encoded, as a delta from this range's
    /// last document of the word).
    fn append(&mut self, next: Collected) {
        for (local, mut tally) in next.words.into_iter().enumerate() {
            let word = next.vocab.word(local as u32);
            let id = self.vocab.id(word) as usize;
            if id == self.words.len() {
                self.words.push(Tally::default());
                self.counts.push(0);
            }
            let (first, used) = super::encode::read_varint(&tally.postings);
            let own = &mut self.words[id];
            if own.postings.is_empty() {
                std::mem::swap(&mut own.postings, &mut tally.postings);
            } else {
                super::encode::varint(&mut own.postings, first - u64::from(own.last));
                own.postings.extend_from_slice(&tally.postings[used..]);
            }
            own.last = tally.last;
        }
        self.lengths.extend(next.lengths);
        self.excerpts.extend(next.excerpts);
    }
}

/// Builds the index of `lang`; `scored` is how many documents of a term keep their score.
pub fn build(site: &Site, lang: &str, scored: usize) -> Index {
    let docs = documents(site, lang);
    // One contiguous range of documents per thread: each counts into its own vocabulary and
    // postings, then the ranges are appended in order. On the build's own one-thread pool
    // this is a single range, with nothing to merge.
    let threads = rayon::current_num_threads().max(1);
    let range = docs.len().div_ceil(threads).max(1);
    let mut ranges = docs
        .par_chunks(range)
        .enumerate()
        .map(|(r, pages)| collect(site, pages, (r * range) as u32))
        .collect::<Vec<Collected>>()
        .into_iter();
    let mut merged = ranges.next().unwrap_or_default();
    for next in ranges {
        merged.append(next);
    }
    let Collected {
        vocab,
        words: tallies,
        lengths,
        excerpts,
        ..
    } = merged;
    let postings = tallies.into_iter().map(|t| t.postings);

    let words: Vec<&str> = vocab.words().collect();
    let analyzed: Vec<(String, Option<String>)> = words
        .par_iter()
        .map_init(
            || Analyzer::new(lang),
            |analyzer, word| {
                let lower: Cow<str> = if word.is_ascii() {
                    Cow::Owned(word.to_ascii_lowercase())
                } else {
                    Cow::Owned(word.nfc().collect::<String>().to_lowercase())
                };
                (text::fold(word), analyzer.term(&lower))
            },
        )
        .collect();
    drop(words);

    let mut term_ids: FxHashMap<String, u32> = FxHashMap::default();
    let mut by_surface: FxHashMap<String, Vec<u32>> = FxHashMap::default();
    let mut by_term: Vec<Vec<Vec<u8>>> = Vec::new();
    for ((surface, term), list) in analyzed.into_iter().zip(postings) {
        let refs = by_surface.entry(surface).or_default();
        let Some(term) = term else { continue };
        let next = term_ids.len() as u32;
        let id = *term_ids.entry(term).or_insert(next);
        if id == next {
            by_term.push(Vec::new());
        }
        by_term[id as usize].push(list);
        if !refs.contains(&id) {
            refs.push(id);
        }
    }
    drop(term_ids);

    let total: u64 = lengths.iter().map(|&l| u64::from(l)).sum();
    let average = (total as f32 / lengths.len().max(1) as f32).max(1.0);
    let norms: Vec<f32> = lengths
        .iter()
        .map(|&l| K1 * (1.0 - B + B * l as f32 / average))
        .collect();
    let n = docs.len();
    let terms: Vec<Vec<u8>> = by_term
        .into_par_iter()
        .map(|lists| {
            let mut out = Vec::new();
            super::encode::postings(&score(lists, &norms, n), n, scored, &mut out);
            out
        })
        .collect();

    let mut surfaces: Vec<Surface> = by_surface
        .into_iter()
        .map(|(text, mut terms)| {
            terms.sort_unstable();
            Surface { text, terms }
        })
        .collect();
    surfaces.par_sort_unstable_by(|a, b| utf16_cmp(&a.text, &b.text));
    Index {
        lang: lang.to_string(),
        docs,
        excerpts,
        terms,
        surfaces,
    }
}

/// Counts the words of the pages `pages` (documents `first..`) into one vocabulary: one lookup
/// per occurrence, counted in the word's tally, then one posting per distinct word of the
/// document.
fn collect(site: &Site, pages: &[usize], first: u32) -> Collected {
    let mut out = Collected {
        lengths: Vec::with_capacity(pages.len()),
        excerpts: Vec::with_capacity(pages.len()),
        ..Collected::default()
    };
    let mut touched: Vec<u32> = Vec::new();
    for (k, &p) in pages.iter().enumerate() {
        let page = &site.pages[p];
        let mut length = 0;
        let Collected {
            vocab,
            words,
            counts,
            ..
        } = &mut out;
        let mut count = |id: u32, boost: u32| {
            if id as usize == counts.len() {
                counts.push(0);
                words.push(Tally::default());
            }
            let count = &mut counts[id as usize];
            if *count == 0 {
                touched.push(id);
            }
            *count += boost;
            length += 1;
        };
        text::for_each_word(&page.title, |w| count(vocab.id(w), TITLE));
        if let Some(description) = &page.meta.description {
            text::for_each_word(description, |w| count(vocab.id(w), DESCRIPTION));
        }
        for values in page.meta.taxonomies.values() {
            for value in values {
                text::for_each_word(value, |w| count(vocab.id(w), TAXONOMIES));
            }
        }
        for heading in &page.rendered.headings {
            text::for_each_word(&heading.text, |w| count(vocab.id(w), HEADINGS));
        }
        let html = &page.rendered.html;
        text::for_each_word_range(html, true, |start, end| {
            count(vocab.id_in(html, start, end), BODY);
        });
        let doc = first + k as u32 + 1;
        for id in touched.drain(..) {
            let tally = &mut words[id as usize];
            let count = std::mem::take(&mut counts[id as usize]);
            super::encode::varint(&mut tally.postings, u64::from(doc - tally.last));
            tally.postings.push(count.min(255) as u8);
            tally.last = doc;
        }
        out.lengths.push(length);
        out.excerpts.push(excerpt_source(page));
    }
    out
}

/// The text a result shows: the description, else the summary, else the start of the body.
fn excerpt_source(page: &Page) -> String {
    if let Some(d) = page
        .meta
        .description
        .as_deref()
        .filter(|d| !d.trim().is_empty())
    {
        return text::excerpt(d, EXCERPT_BYTES);
    }
    let html = page.rendered.summary.as_deref();
    text::html_excerpt(html.unwrap_or(&page.rendered.html), EXCERPT_BYTES)
}

/// One word's postings, decoded: `doc << 8 | tf`.
fn unpack(list: &[u8], out: &mut Vec<u32>) {
    let (mut at, mut doc) = (0, 0u32);
    while let Some(rest) = list.get(at..).filter(|rest| !rest.is_empty()) {
        let (delta, used) = super::encode::read_varint(rest);
        at += used;
        doc += delta as u32;
        let tf = list.get(at).copied().unwrap_or(0);
        at += 1;
        out.push((doc - 1) << 8 | u32::from(tf));
    }
}

/// Merges two runs of `doc << 8 | tf` in document order: `Titre` and `titre` in one document
/// make one posting, their counts added.
fn merge_runs(a: &[u32], b: &[u32]) -> Vec<u32> {
    let mut out = Vec::with_capacity(a.len() + b.len());
    let (mut i, mut j) = (0, 0);
    while let (Some(&x), Some(&y)) = (a.get(i), b.get(j)) {
        match (x >> 8).cmp(&(y >> 8)) {
            std::cmp::Ordering::Less => {
                out.push(x);
                i += 1;
            }
            std::cmp::Ordering::Greater => {
                out.push(y);
                j += 1;
            }
            std::cmp::Ordering::Equal => {
                out.push((x & !255) | ((x & 255) + (y & 255)).min(255));
                i += 1;
                j += 1;
            }
        }
    }
    out.extend_from_slice(&a[i..]);
    out.extend_from_slice(&b[j..]);
    out
}

/// Merges the postings of a term's words and scores them (BM25).
fn score(lists: Vec<Vec<u8>>, norms: &[f32], n: usize) -> Postings {
    // Each word's list is in document order: merged two by two (a term has a few words, a
    // common one a few dozen), never sorted.
    let mut runs: Vec<Vec<u32>> = lists
        .iter()
        .map(|list| {
            let mut run = Vec::new();
            unpack(list, &mut run);
            run
        })
        .collect();
    drop(lists);
    while runs.len() > 1 {
        let mut merged = Vec::with_capacity(runs.len().div_ceil(2));
        let mut pairs = runs.into_iter();
        while let Some(a) = pairs.next() {
            merged.push(match pairs.next() {
                Some(b) => merge_runs(&a, &b),
                None => a,
            });
        }
        runs = merged;
    }
    let packed = runs.pop().unwrap_or_default();
    // ln(1 + N/df): never near zero, so a word found in every page still ranks its pages by
    // where and how often it appears (a title first).
    let idf = (1.0 + n as f32 / packed.len().max(1) as f32).ln();
    let mut postings = Postings {
        docs: Vec::with_capacity(packed.len()),
        scores: Vec::with_capacity(packed.len()),
    };
    for p in packed {
        let (doc, tf) = (p >> 8, (p & 255) as f32);
        let norm = norms.get(doc as usize).copied().unwrap_or(K1);
        let s = idf * tf * (K1 + 1.0) / (tf + norm);
        postings.docs.push(doc);
        postings
            .scores
            .push((s * SCORE_SCALE).round().clamp(1.0, 255.0) as u8);
    }
    postings
}

#[cfg(test)]
mod tests {
    use super::merge_runs;

    #[test]
    fn runs_merge_in_document_order_adding_counts() {
        let posting = |doc: u32, tf: u32| doc << 8 | tf;
        let a = [posting(1, 2), posting(4, 1), posting(9, 250)];
        let b = [posting(0, 1), posting(4, 3), posting(9, 10), posting(12, 1)];
        assert_eq!(
            merge_runs(&a, &b),
            [
                posting(0, 1),
                posting(1, 2),
                posting(4, 4),
                posting(9, 255),
                posting(12, 1)
            ]
        );
        assert_eq!(merge_runs(&[], &b), b);
    }
}
