//! A vocabulary: words interned in one buffer, found by hash without allocating.
//!
//! Counting the words of ten thousand pages is ten million lookups; what they cost is mostly
//! the comparison of the found key, so keys live side by side in one `String` (a few hundred
//! kilobytes, in cache) rather than wherever each word first appeared, and the table holds only
//! word ids. Each word's hash is kept, so growing the table never hashes a word again, and the
//! hash travels with the word when one vocabulary is merged into another.

use std::hash::BuildHasher;

use hashbrown::HashTable;
use rustc_hash::FxBuildHasher;

/// Interned words, ids from 0 in order of first appearance.
#[derive(Default)]
pub(super) struct Vocab {
    text: String,
    spans: Vec<(u32, u32)>,
    hashes: Vec<u64>,
    table: HashTable<u32>,
}

/// The hash a vocabulary uses for `word`.
pub(super) fn hash(word: &str) -> u64 {
    FxBuildHasher.hash_one(word)
}

impl Vocab {
    /// Word `id`.
    pub(super) fn word(&self, id: u32) -> &str {
        let (start, end) = self.spans[id as usize];
        &self.text[start as usize..end as usize]
    }

    /// Hash of word `id`.
    pub(super) fn hash_of(&self, id: u32) -> u64 {
        self.hashes[id as usize]
    }

    /// The id of `word` (whose hash is `h`), added if new.
    pub(super) fn id(&mut self, word: &str, h: u64) -> u32 {
        let Vocab {
            text,
            spans,
            hashes,
            table,
        } = self;
        let same = |&id: &u32| {
            let (start, end) = spans[id as usize];
            &text[start as usize..end as usize] == word
        };
        if let Some(&id) = table.find(h, same) {
            return id;
        }
        let id = spans.len() as u32;
        let start = text.len() as u32;
        text.push_str(word);
        spans.push((start, text.len() as u32));
        hashes.push(h);
        table.insert_unique(h, id, |&i| hashes[i as usize]);
        id
    }

    /// Every word, by id.
    pub(super) fn words(&self) -> impl Iterator<Item = &str> {
        (0..self.spans.len() as u32).map(|id| self.word(id))
    }
}

#[cfg(test)]
mod tests {
    use super::{Vocab, hash};

    #[test]
    fn interns_words_once() {
        let mut v = Vocab::default();
        let ids: Vec<u32> = ["vol", "vols", "vol", "Vol"]
            .iter()
            .map(|w| v.id(w, hash(w)))
            .collect();
        assert_eq!(ids, [0, 1, 0, 2]);
        assert_eq!(v.words().collect::<Vec<_>>(), ["vol", "vols", "Vol"]);
        assert_eq!(v.hash_of(1), hash("vols"));
    }
}
