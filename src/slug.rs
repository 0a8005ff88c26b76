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

/// How heading ids are made from their text: maillon's own slugs, or the rules of Hugo's
/// Markdown (Goldmark), so a site moving in from Hugo keeps the anchors its links were written
/// against.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, serde::Deserialize, serde::Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum HeadingIds {
    /// Accents folded, lowercase ASCII words joined by hyphens (`Priorité 1` → `priorite-1`).
    #[default]
    Maillon,
    /// Hugo's default (`autoHeadingIDType = "github"`): lowercase letters (accents kept), digits,
    /// `_` and `-`; each space a hyphen; the rest dropped (`Site.Params` → `siteparams`).
    Github,
    /// As `github`, accents folded and other non-ASCII characters dropped.
    GithubAscii,
    /// Hugo's older rule: runs of letters and digits, lowercase, joined by single hyphens.
    Blackfriday,
}

/// The id of a heading whose text is `text`, by `style` (empty when nothing is left).
pub(crate) fn heading_id(text: &str, style: HeadingIds) -> String {
    match style {
        HeadingIds::Maillon => slugify(text),
        HeadingIds::Github | HeadingIds::GithubAscii => {
            let folded;
            let text = if style == HeadingIds::GithubAscii {
                folded = deunicode::deunicode(text);
                folded.as_str()
            } else {
                text
            };
            let mut out = String::with_capacity(text.len());
            for c in text.trim().chars() {
                match c {
                    _ if style == HeadingIds::GithubAscii && !c.is_ascii() => {}
                    '-' | ' ' => out.push('-'),
                    _ if c == '_' || c.is_alphanumeric() => out.extend(c.to_lowercase()),
                    _ => {}
                }
            }
            out
        }
        HeadingIds::Blackfriday => {
            let mut out = String::with_capacity(text.len());
            let mut dash = false;
            for c in text.chars() {
                if c.is_alphanumeric() {
                    if dash && !out.is_empty() {
                        out.push('-');
                    }
                    dash = false;
                    out.extend(c.to_lowercase());
                } else {
                    dash = true;
                }
            }
            out
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

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

    #[test]
    fn heading_ids_by_style() {
        let text = "Priorité 1 : Site.Params & co_op";
        assert_eq!(
            heading_id(text, HeadingIds::Maillon),
            "priorite-1-site-params-co-op"
        );
        assert_eq!(
            heading_id(text, HeadingIds::Github),
            "priorité-1--siteparams--co_op"
        );
        assert_eq!(
            heading_id(text, HeadingIds::GithubAscii),
            "priorite-1--siteparams--co_op"
        );
        assert_eq!(
            heading_id(text, HeadingIds::Blackfriday),
            "priorité-1-site-params-co-op"
        );
    }
}
