//! Internal links: `@/path.md#anchor` and relative `*.md` paths become page URLs.
//!
//! The lookup itself ([`Resolve`]) is given by the site, which knows every page's URL before any
//! page is rendered; this file only reads what the author wrote and says what is wrong with it.

use crate::config::LinkErrors;
use crate::diagnostic::Diagnostic;
use crate::source::SourceFile;

use super::AnchorRef;

/// How the render stage finds pages: `lookup(path relative to content/)` → (page index, URL),
/// preferring the linking page's language; `dir` is the linking page's folder.
pub(crate) struct Resolve<'a> {
    /// Folder of the linking page, relative to `content/`.
    pub dir: &'a str,
    /// Language of the linking page, for messages.
    pub lang: &'a str,
    /// Finds a page by its path relative to `content/`.
    pub lookup: &'a (dyn Fn(&str) -> Option<(usize, &'a str)> + Sync),
    /// Whether a path relative to `content/` is a draft left out of this build.
    pub is_draft: &'a (dyn Fn(&str) -> bool + Sync),
    /// The one page named so anywhere in the site (`installing`: `…/installing.md`, a bundle
    /// or section `…/installing/`), as Hugo's `ref` finds it; `None` if none or several.
    pub named: &'a (dyn Fn(&str) -> Option<String> + Sync),
    /// Which broken links are errors (see [`unchecked_there`]).
    pub errors: LinkErrors,
}

/// What a link turned out to be.
pub(crate) enum LinkTarget {
    /// A page of the site: its URL, and the anchor to check if any.
    Internal {
        /// The URL to write in the HTML.
        url: String,
        /// The anchor to check later.
        anchor: Option<AnchorRef>,
    },
    /// `javascript:` and friends: the page must go through the sanitiser.
    Unsafe,
    /// Anything else, left as written.
    External,
}

/// Schemes allowed in links and images; anything else is sanitised away.
const SAFE_SCHEMES: &[&str] = &["http", "https", "mailto", "tel", "ftp", "ftps", "sms"];

/// Whether `url` has a scheme outside [`SAFE_SCHEMES`].
pub(crate) fn is_unsafe(url: &str) -> bool {
    scheme(url).is_some_and(|s| !SAFE_SCHEMES.iter().any(|safe| s.eq_ignore_ascii_case(safe)))
}

fn scheme(url: &str) -> Option<&str> {
    let trimmed = url.trim_start();
    let colon = trimmed.find(':')?;
    let candidate = &trimmed[..colon];
    let valid = !candidate.is_empty()
        && candidate
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || matches!(c, '+' | '-' | '.'))
        && !candidate.contains('/');
    valid.then_some(candidate)
}

/// Whether `dest` is a link [`rewrite`] resolves against the site (an anchor, `@/…`, or a
/// relative path to a `.md` file) rather than one it leaves as written.
pub(crate) fn is_internal(dest: &str) -> bool {
    let path = dest.split_once('#').map_or(dest, |(p, _)| p);
    dest.starts_with('#')
        || dest.starts_with("@/")
        || (scheme(dest).is_none() && !dest.starts_with('/') && path.ends_with(".md"))
}

/// Whether a link written `dest` is one the site's generator never checked: on a site moving
/// in from Zola or Hugo, anything but an `@/` link (Zola checks those, and Hugo's refs become
/// them), or any link where its config says so. A broken link or missing anchor of that kind
/// is then a warning, not an error.
pub(crate) fn unchecked_there(errors: LinkErrors, dest: &str) -> bool {
    match errors {
        LinkErrors::All => false,
        LinkErrors::AtLinks => !dest.starts_with("@/"),
        LinkErrors::None => true,
    }
}

/// Reads one link destination. Broken internal links are reported into `diagnostics` and left
/// pointing at `#` so the page still renders.
pub(crate) fn rewrite(
    dest: &str,
    resolve: &Resolve<'_>,
    offset: usize,
    file: &SourceFile,
    page_url: &str,
    diagnostics: &mut Vec<Diagnostic>,
) -> LinkTarget {
    if let Some(anchor) = dest.strip_prefix('#') {
        return LinkTarget::Internal {
            url: dest.to_string(),
            anchor: (!anchor.is_empty()).then(|| AnchorRef {
                target: None,
                anchor: anchor.to_string(),
                offset,
                written: dest.to_string(),
            }),
        };
    }
    let (path, anchor) = match dest.split_once('#') {
        Some((p, a)) => (p, Some(a)),
        None => (dest, None),
    };
    let rel = if let Some(from_root) = dest.strip_prefix("@/") {
        let p = from_root.split('#').next().unwrap_or("");
        normalise("", p)
    } else if scheme(dest).is_none() && !dest.starts_with('/') && path.ends_with(".md") {
        normalise(resolve.dir, path)
    } else if is_unsafe(dest) {
        return LinkTarget::Unsafe;
    } else {
        return LinkTarget::External;
    };
    let found = rel.as_deref().and_then(|r| (resolve.lookup)(r));
    if let Some((index, url)) = found {
        LinkTarget::Internal {
            url: match anchor {
                Some(a) => format!("{url}#{a}"),
                None => url.to_string(),
            },
            anchor: anchor.filter(|a| !a.is_empty()).map(|a| AnchorRef {
                target: Some(index),
                anchor: a.to_string(),
                offset,
                written: dest.to_string(),
            }),
        }
    } else {
        let draft = rel.as_deref().is_some_and(|r| (resolve.is_draft)(r));
        let key = if draft { "link_draft" } else { "link_broken" };
        let messages = crate::messages::Messages::bundled();
        let lang = resolve.lang;
        diagnostics.push(
            Diagnostic::of(
                &crate::rule::LINKS_BROKEN,
                &file.path,
                file.position(offset),
                messages.get(lang, key, &[("dest", dest)]),
            )
            .with_help(messages.get(lang, &format!("{key}_help"), &[]))
            .with_page(page_url)
            .lowered_to_warning(unchecked_there(resolve.errors, dest)),
        );
        LinkTarget::Internal {
            url: "#".into(),
            anchor: None,
        }
    }
}

/// Joins `dir` and `path`, resolving `.` and `..`; `None` when the path climbs out of `content/`.
pub(crate) fn normalise(dir: &str, path: &str) -> Option<String> {
    let mut parts: Vec<&str> = dir.split('/').filter(|s| !s.is_empty()).collect();
    for seg in path.split('/') {
        match seg {
            "" | "." => {}
            ".." => {
                parts.pop()?;
            }
            s => parts.push(s),
        }
    }
    let decoded: Vec<String> = parts.iter().map(|p| percent_decode(p)).collect();
    Some(decoded.join("/"))
}

pub(crate) fn percent_decode(s: &str) -> String {
    if !s.contains('%') {
        return s.to_string();
    }
    let hex = |b: u8| (b as char).to_digit(16);
    let bytes = s.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        let decoded = (bytes[i] == b'%' && i + 2 < bytes.len())
            .then(|| Some(hex(bytes[i + 1])? * 16 + hex(bytes[i + 2])?))
            .flatten();
        if let Some(b) = decoded {
            out.push(b as u8);
            i += 3;
        } else {
            out.push(bytes[i]);
            i += 1;
        }
    }
    String::from_utf8_lossy(&out).into_owned()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn relative_paths_resolve_and_cannot_climb_out() {
        assert_eq!(
            normalise("plans", "../cadre/a.md").as_deref(),
            Some("cadre/a.md")
        );
        assert_eq!(normalise("", "./a.md").as_deref(), Some("a.md"));
        assert_eq!(normalise("plans", "../../a.md"), None);
        assert_eq!(normalise("", "r%C3%A9f.md").as_deref(), Some("réf.md"));
        assert_eq!(normalise("", "%aé%zz%").as_deref(), Some("%aé%zz%"));
    }

    #[test]
    fn schemes() {
        assert!(is_unsafe("javascript:alert(1)"));
        assert!(is_unsafe(" JavaScript:alert(1)"));
        assert!(!is_unsafe("https://example.org"));
        assert!(!is_unsafe("../a.md"));
        assert!(!is_unsafe("a.md#b:c"));
    }
}
