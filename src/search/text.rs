//! Words as both the indexer and the browser see them.
//!
//! The browser never stems. It folds what is typed and splits it into words, then looks each
//! word up in the shards, which map every folded word of the site (a *surface form*) to its index
//! terms. So the only code that must agree between Rust and JavaScript is the little in this
//! file, mirrored line for line by `words` and `fold` in `themes/default/static/search/search.js`:
//!
//! - a word is a run of letters, digits and combining marks (JS: split on `[^\p{L}\p{N}]+` once
//!   the marks are gone);
//! - folding is NFD, combining marks dropped, lowercase, then `ß`→`ss`, `œ`→`oe`, `æ`→`ae`.
//!
//! Body text comes from each page's rendered HTML: tags are skipped and every entity becomes a
//! space (pulldown-cmark only escapes `& < > "`, which separate words anyway), in one pass.

use unicode_normalization::UnicodeNormalization;
use unicode_normalization::char::is_combining_mark;

/// Words longer than this (in bytes) are not indexed: hashes, encoded data, not words.
pub const MAX_WORD: usize = 40;

/// Whether `c` belongs to a word.
pub fn is_word_char(c: char) -> bool {
    c.is_alphanumeric() || is_combining_mark(c)
}

/// The words of `text`, as written (case and accents kept).
pub fn words(text: &str) -> Vec<&str> {
    let mut out = Vec::new();
    scan(text, false, |start, end| out.push(&text[start..end]));
    out
}

/// Calls `f` with each word of `text`, in order.
pub fn for_each_word<'a>(text: &'a str, mut f: impl FnMut(&'a str)) {
    scan(text, false, |start, end| f(&text[start..end]));
}

/// Calls `f` with each word of the text of rendered HTML: tags are skipped, and an entity
/// separates words (pulldown-cmark only writes them for `& < > "`).
pub fn for_each_html_word<'a>(html: &'a str, mut f: impl FnMut(&'a str)) {
    scan(html, true, |start, end| f(&html[start..end]));
}

/// Calls `f(start, end)` with the byte range of each word of `text` (of the text of rendered
/// HTML with `html`), for a caller that reads the bytes around a word (`Vocab::id_in`).
pub fn for_each_word_range(text: &str, html: bool, f: impl FnMut(usize, usize)) {
    scan(text, html, f);
}

/// Byte classes: 0 separator, 1 ASCII letter or digit, 2 part of a non-ASCII character,
/// 3 `<`, 4 `&`.
const CLASS: [u8; 256] = {
    let mut t = [0u8; 256];
    let mut b = 0;
    while b < 256 {
        t[b] = match b as u8 {
            b'<' => 3,
            b'&' => 4,
            c if c >= 0x80 => 2,
            c if c.is_ascii_alphanumeric() => 1,
            _ => 0,
        };
        b += 1;
    }
    t
};

/// Whether the character starting at byte `i` (not ASCII) belongs to a word, and its length.
#[inline]
fn non_ascii(text: &str, i: usize) -> (bool, usize) {
    let bytes = text.as_bytes();
    // U+00C0..=U+00FF (`C3 xx`): letters, but × and ÷. The most common case in French, Dutch
    // and German after ASCII, so it skips the Unicode tables.
    if bytes[i] == 0xC3
        && let Some(&next) = bytes.get(i + 1)
    {
        return (next != 0x97 && next != 0xB7, 2);
    }
    match text.get(i..).and_then(|t| t.chars().next()) {
        Some(c) => (is_word_char(c), c.len_utf8()),
        None => (false, 1),
    }
}

/// One pass over the bytes of `text`: words are runs of word characters; with `html`, tags
/// are skipped and entities end words. Two tight loops, one over what separates words and one
/// over a word, so a run of ASCII letters costs a table lookup a byte.
fn scan(text: &str, html: bool, mut f: impl FnMut(usize, usize)) {
    let bytes = text.as_bytes();
    let len = bytes.len();
    let mut i = 0;
    loop {
        // Between words.
        while i < len {
            match CLASS[bytes[i] as usize] {
                1 => break,
                2 => {
                    let (inside, n) = non_ascii(text, i);
                    if inside {
                        break;
                    }
                    i += n;
                }
                3 if html => {
                    i = memchr::memchr(b'>', &bytes[i..]).map_or(len, |j| i + j + 1);
                }
                4 if html => i = entity_end(bytes, i),
                _ => i += 1,
            }
        }
        if i >= len {
            return;
        }
        // A word.
        let start = i;
        while i < len {
            i += ascii_alnum_run(&bytes[i..]);
            if i >= len {
                break;
            }
            match CLASS[bytes[i] as usize] {
                1 => i += 1,
                2 => {
                    let (inside, n) = non_ascii(text, i);
                    if !inside {
                        break;
                    }
                    i += n;
                }
                _ => break,
            }
        }
        if i - start <= MAX_WORD {
            f(start, i);
        }
    }
}

/// How many bytes at the start of `bytes` are ASCII letters or digits: eight at a time, tested
/// with integer arithmetic (no branch a byte), so a word costs about one step, then a byte at
/// a time for the last few.
#[inline]
fn ascii_alnum_run(bytes: &[u8]) -> usize {
    const ONES: u64 = 0x0101_0101_0101_0101;
    const HIGH: u64 = 0x8080_8080_8080_8080;
    // The high bit of each byte of the result is set where that byte of `low7` (a byte < 0x80)
    // lies in `lo..=hi`: adding `0x80 - lo` reaches the high bit when it is `>= lo`, adding
    // `0x7F - hi` when it is `> hi`, and neither sum carries into the next byte.
    let in_range = |low7: u64, lo: u64, hi: u64| {
        ((low7 + (0x80 - lo) * ONES) & !(low7 + (0x7F - hi) * ONES)) & HIGH
    };
    let mut n = 0;
    while let Some(chunk) = bytes.get(n..n + 8) {
        let word = u64::from_le_bytes(chunk.try_into().unwrap_or_default());
        let low7 = word & !HIGH;
        let letter = in_range(low7 | (0x20 * ONES), u64::from(b'a'), u64::from(b'z'));
        let digit = in_range(low7, u64::from(b'0'), u64::from(b'9'));
        let alnum = (letter | digit) & !word;
        let run = (!alnum & HIGH).trailing_zeros() as usize / 8;
        n += run;
        if run < 8 {
            return n;
        }
    }
    while n < bytes.len() && CLASS[bytes[n] as usize] == 1 {
        n += 1;
    }
    n
}

/// Where the entity starting at `&` (byte `i`) ends: after its `;` within a few bytes, else
/// right after the `&`.
fn entity_end(bytes: &[u8], i: usize) -> usize {
    let window = &bytes[i + 1..bytes.len().min(i + 12)];
    match window
        .iter()
        .position(|&b| b == b';' || b.is_ascii_whitespace())
    {
        Some(j) if window[j] == b';' => i + j + 2,
        _ => i + 1,
    }
}

/// A word folded for lookup: accents and case ignored (`Prévention` → `prevention`).
pub fn fold(word: &str) -> String {
    if word.is_ascii() {
        return word.to_ascii_lowercase();
    }
    let stripped: String = word.nfd().filter(|&c| !is_combining_mark(c)).collect();
    let lower = stripped.to_lowercase();
    if lower.contains(['ß', 'œ', 'æ']) {
        lower
            .replace('ß', "ss")
            .replace('œ', "oe")
            .replace('æ', "ae")
    } else {
        lower
    }
}

/// Calls `f` with each run of text of rendered HTML, between tags and entities (an entity
/// separates words: pulldown-cmark only writes them for `& < > "`). Nothing is copied.
/// `f` returns whether to go on.
pub fn html_text<'a>(html: &'a str, mut f: impl FnMut(&'a str) -> bool) {
    let mut rest = html;
    while let Some(i) = memchr::memchr2(b'<', b'&', rest.as_bytes()) {
        if i > 0 && !f(&rest[..i]) {
            return;
        }
        let tail = &rest[i..];
        let end = if tail.starts_with('<') {
            memchr::memchr(b'>', tail.as_bytes())
        } else {
            // An entity ends at `;` within a few bytes; a lone `&` is just a separator.
            tail.char_indices()
                .take(12)
                .find(|&(_, c)| c == ';' || c.is_whitespace())
                .filter(|&(_, c)| c == ';')
                .map(|(j, _)| j)
                .or(Some(0))
        };
        match end {
            Some(j) => rest = &tail[j + 1..],
            None => return,
        }
    }
    if !rest.is_empty() {
        f(rest);
    }
}

/// The text of rendered HTML, each tag and entity turned into a space.
pub fn strip_html(html: &str) -> String {
    let mut out = String::with_capacity(html.len());
    html_text(html, |t| {
        out.push_str(t);
        out.push(' ');
        true
    });
    out
}

/// [`excerpt`] of the text of rendered HTML, reading no further than it needs.
pub fn html_excerpt(html: &str, max: usize) -> String {
    let mut text = String::new();
    html_text(html, |t| {
        text.push_str(t);
        text.push(' ');
        text.len() <= 2 * max + 16
    });
    excerpt(&text, max)
}

/// A short plain-text excerpt: the first `max` bytes of `text`, cut at a word boundary, with
/// whitespace collapsed and an ellipsis when something was left out.
pub fn excerpt(text: &str, max: usize) -> String {
    let mut out = String::with_capacity(max + 4);
    for word in text.split_whitespace() {
        if out.len() + word.len() + 1 > max {
            if out.is_empty() {
                // One very long word: cut it on a character boundary.
                let cut = (0..=max.min(word.len()))
                    .rev()
                    .find(|&i| word.is_char_boundary(i))
                    .unwrap_or(0);
                out.push_str(&word[..cut]);
            }
            out.push('…');
            return out;
        }
        if !out.is_empty() {
            out.push(' ');
        }
        out.push_str(word);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn folds_case_accents_and_ligatures() {
        assert_eq!(fold("Prévention"), "prevention");
        assert_eq!(fold("PRÄVENTIVEN"), "praventiven");
        assert_eq!(fold("Straße"), "strasse");
        assert_eq!(fold("Œuvre"), "oeuvre");
        assert_eq!(fold("e\u{301}te\u{301}"), "ete");
        assert_eq!(fold("ΟΔΟΣ"), "οδος");
    }

    #[test]
    fn splits_on_punctuation_and_elisions() {
        let w = words("L'habitation — aujourd’hui: 2 vols/jour, co-production.");
        assert_eq!(
            w,
            [
                "L",
                "habitation",
                "aujourd",
                "hui",
                "2",
                "vols",
                "jour",
                "co",
                "production"
            ]
        );
        assert_eq!(words("e\u{301}te\u{301} x").len(), 2, "marks stay in words");
        let mut html = Vec::new();
        for_each_html_word(
            "<p>Vols &amp; <a href=\"x\">cambriolages</a>&lt;l&#39;été&gt;",
            |w| html.push(w),
        );
        assert_eq!(html, ["Vols", "cambriolages", "l", "été"]);
    }

    #[test]
    fn runs_of_ascii_letters_and_digits_are_counted_byte_for_byte() {
        // Every byte value, in every position of an eight-byte step and of the tail.
        for b in 0..=255u8 {
            for at in 0..12 {
                let mut bytes = b"aZ09azAZ09zA".to_vec();
                bytes[at] = b;
                let expected = bytes
                    .iter()
                    .position(|c| !c.is_ascii_alphanumeric())
                    .unwrap_or(bytes.len());
                assert_eq!(ascii_alnum_run(&bytes), expected, "byte {b:#x} at {at}");
            }
        }
        assert_eq!(ascii_alnum_run(b""), 0);
    }

    #[test]
    fn strips_tags_and_entities() {
        let text = strip_html("<p>Vols &amp; cambriolages</p><p>l&#39;été</p>");
        assert_eq!(words(&text), ["Vols", "cambriolages", "l", "été"]);
        assert_eq!(strip_html("<p>un</p><p>deux</p>"), "un deux ");
        assert_eq!(strip_html("a & b < c"), "a   b  ");
        assert_eq!(strip_html("x <b"), "x  ");
    }

    #[test]
    fn html_excerpts_read_only_the_start() {
        let long = format!(
            "<p>Un <em>texte</em> &amp; suite</p>{}",
            "<p>mot</p>".repeat(1000)
        );
        assert_eq!(html_excerpt(&long, 14), "Un texte suite…");
    }

    #[test]
    fn excerpts_cut_at_words() {
        assert_eq!(excerpt("un  deux\ntrois", 50), "un deux trois");
        assert_eq!(excerpt("un deux trois", 8), "un deux…");
        assert_eq!(excerpt("éééé", 3), "é…");
    }
}
