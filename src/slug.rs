//! Slugs for URLs and heading ids.
//!
//! French and Dutch titles are full of accents; URLs and anchors stay readable when accents are
//! folded to their base letter (`Priorité 1` → `priorite-1`) rather than percent-encoded. The
//! same function serves file names, front-matter slugs, taxonomy terms and heading ids, so a link
//! written by hand (`#priorite-1`) matches the id the renderer gives.

/// Folds `text` to a lowercase ASCII slug: letters and digits kept, everything else turned into
/// single hyphens, no leading or trailing hyphen. Never returns a string containing `/`, `.` or
/// `\`, so a slug can never climb out of its folder.
pub fn slugify(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut pending_hyphen = false;
    for c in text.chars() {
        if c.is_ascii_alphanumeric() {
            push(&mut out, &mut pending_hyphen, c.to_ascii_lowercase());
        } else if c.is_ascii() {
            pending_hyphen = true;
        } else {
            match deunicode::deunicode_char(c) {
                Some(folded) => {
                    for f in folded.chars() {
                        if f.is_ascii_alphanumeric() {
                            push(&mut out, &mut pending_hyphen, f.to_ascii_lowercase());
                        } else {
                            pending_hyphen = true;
                        }
                    }
                }
                None => pending_hyphen = true,
            }
        }
    }
    out
}

fn push(out: &mut String, pending_hyphen: &mut bool, c: char) {
    if *pending_hyphen && !out.is_empty() {
        out.push('-');
    }
    *pending_hyphen = false;
    out.push(c);
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
