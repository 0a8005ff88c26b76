//! Slugs for URLs and heading ids.
//!
//! French and Dutch titles are full of accents; URLs and anchors stay readable when accents are
//! folded to their base letter (`Priorité 1` → `priorite-1`) rather than percent-encoded. The
//! same function serves file names, front-matter slugs, taxonomy terms and heading ids, so a link
//! written by hand (`#priorite-1`) matches the id the renderer gives.

/// Folds `text` to a lowercase ASCII slug: letters and digits kept, everything else turned into
/// single hyphens, no leading or trailing hyphen. Never returns a string containing `/`, `.` or
/// `\\`, so a slug can never climb out of its folder.
pub(crate) fn slugify(text: &str) -> String {
    fold_words(text, '-')
}

/// Folds `text` to lowercase ASCII words (accents folded to their base letter, `ß` to `ss`)
/// joined by `separator`, without a leading or trailing one. The one folding behind slugs,
/// heading ids and the checker's word matching, so they always agree.
pub(crate) fn fold_words(text: &str, separator: char) -> String {
    let mut out = String::with_capacity(text.len());
    let mut pending = false;
    let mut push = |c: char, out: &mut String| {
        if c.is_ascii_alphanumeric() {
            if pending && !out.is_empty() {
                out.push(separator);
            }
            pending = false;
            out.push(c.to_ascii_lowercase());
        } else {
            pending = true;
        }
    };
    for c in text.chars() {
        if c.is_ascii() {
            push(c, &mut out);
        } else {
            match deunicode::deunicode_char(c) {
                Some(folded) => folded.chars().for_each(|f| push(f, &mut out)),
                None => push(' ', &mut out),
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::slugify;

    #[test]
    fn folds_accents_and_punctuation() {
        assert_eq!(
            slugify("Priorité 1 : Cambriolages"),
            "priorite-1-cambriolages"
        );
        assert_eq!(slugify("  Prävention & Nachsorge!"), "pravention-nachsorge");
        assert_eq!(slugify("../../etc/passwd"), "etc-passwd");
        assert_eq!(slugify("Œuvre — l'été"), "oeuvre-l-ete");
        assert_eq!(slugify("???"), "");
    }
}
