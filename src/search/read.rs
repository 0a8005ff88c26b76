//! Reads a language's index files back, step by step as `search.js` does.
//!
//! This is the browser's side of the format, in Rust, so the tests can check the index without
//! a browser: a word is folded, its shard found from the manifest keys, its surface form looked
//! up, its terms' postings decoded and intersected with the other words'. `search.js` follows
//! the same steps; the browser tests check that it finds what this finds.

use super::encode::{Chunk, Manifest};
use super::index::utf16_cmp;
use super::text;

/// A decoded shard.
#[derive(Debug, Default)]
pub struct Shard {
    /// Term (local id) → `(doc, score)` ascending by doc; score 0 for an unscored document.
    pub terms: Vec<Vec<(u32, u8)>>,
    /// Surface forms in order, with their local term ids.
    pub surfaces: Vec<(String, Vec<u32>)>,
}

/// Weight of a term reached through the exact word, and through a prefix of a longer word.
pub const EXACT: u32 = 2;
/// See [`EXACT`].
pub const PREFIX: u32 = 1;
/// Surface forms a prefix expands to, at most.
pub const MAX_EXPANSIONS: usize = 100;
/// A word the site never uses (`Präventionen`) matches the site's words that share all but its
/// last [`NEAR_DIFFERENT`] letters, and at least [`NEAR_SHARED`] (`präventiven`, `Prävention`).
pub const NEAR_SHARED: usize = 5;
/// See [`NEAR_SHARED`].
pub const NEAR_DIFFERENT: usize = 3;

/// Length of the common prefix of two strings, in UTF-16 code units (as JavaScript counts).
pub fn common_prefix(a: &str, b: &str) -> usize {
    a.encode_utf16()
        .zip(b.encode_utf16())
        .take_while(|(x, y)| x == y)
        .count()
}

struct Reader<'a> {
    bytes: &'a [u8],
    pos: usize,
}

impl<'a> Reader<'a> {
    fn byte(&mut self) -> Result<u8, String> {
        let b = *self.bytes.get(self.pos).ok_or("truncated")?;
        self.pos += 1;
        Ok(b)
    }

    fn varint(&mut self) -> Result<u64, String> {
        let (mut value, mut shift) = (0u64, 0);
        loop {
            let b = self.byte()?;
            value |= u64::from(b & 0x7f).checked_shl(shift).ok_or("bad varint")?;
            if b & 0x80 == 0 {
                return Ok(value);
            }
            shift += 7;
        }
    }

    fn take(&mut self, n: usize) -> Result<&'a [u8], String> {
        let end = self.pos.checked_add(n).ok_or("overflow")?;
        let out = self.bytes.get(self.pos..end).ok_or("truncated")?;
        self.pos = end;
        Ok(out)
    }
}

fn read_set(r: &mut Reader, n: usize, n_docs: usize) -> Result<Vec<u32>, String> {
    let mut out = Vec::with_capacity(n);
    match r.byte()? {
        0 => {
            let mut doc = 0u64;
            for _ in 0..n {
                doc += r.varint()?;
                out.push(u32::try_from(doc).map_err(|e| e.to_string())?);
            }
        }
        1 => {
            for (i, &byte) in r.take(n_docs.div_ceil(8))?.iter().enumerate() {
                for bit in 0..8 {
                    if byte & (1 << bit) != 0 {
                        out.push((i * 8 + bit) as u32);
                    }
                }
            }
        }
        mode => return Err(format!("unknown set mode {mode}")),
    }
    Ok(out)
}

fn read_postings(r: &mut Reader, n_docs: usize) -> Result<Vec<(u32, u8)>, String> {
    let n_scored = r.varint()? as usize;
    let mut out = Vec::with_capacity(n_scored);
    let mut doc = 0u64;
    for _ in 0..n_scored {
        doc += r.varint()?;
        out.push((u32::try_from(doc).map_err(|e| e.to_string())?, r.byte()?));
    }
    let n_rest = r.varint()? as usize;
    if n_rest > 0 {
        out.extend(read_set(r, n_rest, n_docs)?.into_iter().map(|d| (d, 0)));
        out.sort_unstable();
    }
    Ok(out)
}

/// Decodes one term's postings (as `Index::terms` holds them).
pub fn parse_postings(bytes: &[u8], n_docs: usize) -> Result<Vec<(u32, u8)>, String> {
    let mut r = Reader { bytes, pos: 0 };
    let out = read_postings(&mut r, n_docs)?;
    if r.pos != bytes.len() {
        return Err("trailing bytes".into());
    }
    Ok(out)
}

/// Decodes a shard file.
pub fn parse_shard(bytes: &[u8], n_docs: usize) -> Result<Shard, String> {
    let mut r = Reader { bytes, pos: 0 };
    let mut shard = Shard::default();
    for _ in 0..r.varint()? {
        shard.terms.push(read_postings(&mut r, n_docs)?);
    }
    let mut previous: Vec<u8> = Vec::new();
    for _ in 0..r.varint()? {
        let shared = r.varint()? as usize;
        let len = r.varint()? as usize;
        let mut word = previous.get(..shared).ok_or("bad prefix")?.to_vec();
        word.extend_from_slice(r.take(len)?);
        let refs = (0..r.varint()?)
            .map(|_| r.varint().map(|t| t as u32))
            .collect::<Result<Vec<u32>, String>>()?;
        let text = String::from_utf8(word.clone()).map_err(|e| e.to_string())?;
        shard.surfaces.push((text, refs));
        previous = word;
    }
    if r.pos != bytes.len() {
        return Err("trailing bytes".into());
    }
    Ok(shard)
}

/// Decodes a filter file: the documents of one filter value.
pub fn parse_filter(bytes: &[u8], n_docs: usize) -> Result<Vec<u32>, String> {
    let mut r = Reader { bytes, pos: 0 };
    let n = r.varint()? as usize;
    read_set(&mut r, n, n_docs)
}

/// The shard a folded word belongs to: the last whose key sorts at or before it.
pub fn shard_of(keys: &[String], word: &str) -> usize {
    keys.partition_point(|k| utf16_cmp(k, word).is_le())
        .saturating_sub(1)
}

/// Runs a query like the browser: every word must match (a stop word is skipped); the last one
/// may also be the start of a longer word; a word the site never uses matches its near words
/// (see [`NEAR_SHARED`]). Returns `(doc, score)`, best first.
pub fn search(
    manifest: &Manifest,
    load: &dyn Fn(&str) -> Option<Vec<u8>>,
    query: &str,
) -> Result<Vec<(u32, u32)>, String> {
    let words: Vec<String> = text::words(query).into_iter().map(text::fold).collect();
    let mut matched: Option<Vec<(u32, u32)>> = None;
    for (i, word) in words.iter().enumerate() {
        let s = shard_of(&manifest.keys, word);
        let path = format!("{}s{s}.bin", manifest.dir);
        let bytes = load(&path).ok_or_else(|| format!("missing {path}"))?;
        let shard = parse_shard(&bytes, manifest.docs)?;
        let at = shard
            .surfaces
            .partition_point(|(t, _)| utf16_cmp(t, word).is_lt());
        let exact = shard.surfaces.get(at).filter(|(t, _)| t == word);
        if exact.is_some_and(|(_, refs)| refs.is_empty()) {
            continue;
        }
        let mut weights: Vec<(u32, u32)> = exact
            .map(|(_, refs)| refs.iter().map(|&t| (t, EXACT)).collect())
            .unwrap_or_default();
        let mut add = |refs: &[u32]| {
            for &t in refs {
                if !weights.iter().any(|&(w, _)| w == t) {
                    weights.push((t, PREFIX));
                }
            }
        };
        let len = word.encode_utf16().count();
        let start = at + usize::from(exact.is_some());
        let prefixed = shard
            .surfaces
            .get(start)
            .is_some_and(|(t, _)| t.starts_with(word.as_str()));
        if i + 1 == words.len() && len >= 2 {
            for (text, refs) in shard.surfaces[start..].iter().take(MAX_EXPANSIONS) {
                if !text.starts_with(word.as_str()) {
                    break;
                }
                add(refs);
            }
        }
        if exact.is_none() && !prefixed && len > NEAR_SHARED {
            let need = NEAR_SHARED.max(len - NEAR_DIFFERENT);
            let near = |j: &usize| common_prefix(&shard.surfaces[*j].0, word) >= need;
            let before = (at.saturating_sub(MAX_EXPANSIONS)..at)
                .rev()
                .take_while(near);
            let after = (at..shard.surfaces.len().min(at + MAX_EXPANSIONS)).take_while(near);
            for j in before.chain(after) {
                add(&shard.surfaces[j].1);
            }
        }
        let mut scores: std::collections::BTreeMap<u32, u32> = Default::default();
        for (t, weight) in weights {
            for &(doc, score) in shard.terms.get(t as usize).ok_or("bad term")? {
                let s = scores.entry(doc).or_default();
                *s = (*s).max(u32::from(score) * weight);
            }
        }
        matched = Some(match matched {
            None => scores.into_iter().collect(),
            Some(before) => before
                .into_iter()
                .filter_map(|(doc, s)| scores.get(&doc).map(|t| (doc, s + t)))
                .collect(),
        });
    }
    let mut out = matched.unwrap_or_default();
    out.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(&b.0)));
    Ok(out)
}

/// What a result shows of a document.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Document {
    /// URL path.
    pub url: String,
    /// Title.
    pub title: String,
    /// Title of its section, if any.
    pub section: Option<String>,
    /// `guidance`, `practice` or `plan`.
    pub kind: String,
    /// Filter file numbers of its phenomena and stages.
    pub filters: Vec<usize>,
    /// Excerpt source.
    pub excerpt: String,
}

/// The result data of document `doc`.
pub fn document(
    manifest: &Manifest,
    load: &dyn Fn(&str) -> Option<Vec<u8>>,
    doc: u32,
) -> Result<Document, String> {
    let chunk = doc as usize / manifest.chunk.max(1);
    let path = format!("{}d{chunk}.json", manifest.dir);
    let bytes = load(&path).ok_or_else(|| format!("missing {path}"))?;
    let data: Chunk = serde_json::from_slice(&bytes).map_err(|e| e.to_string())?;
    let (section, path, title, kind, filters, excerpt) = data
        .d
        .get(doc as usize % manifest.chunk.max(1))
        .cloned()
        .ok_or_else(|| format!("no document {doc}"))?;
    let section = usize::try_from(section).ok().and_then(|s| data.s.get(s));
    let url = match section {
        Some((_, base)) if !path.starts_with('/') => format!("{base}{path}"),
        _ => path,
    };
    Ok(Document {
        url,
        title,
        section: section.map(|(t, _)| t.clone()),
        kind,
        filters,
        excerpt,
    })
}
