//! Hugo's `ref` and `relref` shortcodes (`[texte]({{< ref "page.md" >}})`, or in raw HTML
//! `<a href="{{< relref "page" >}}">`, or bare in the text), read as the links they stand for, so
//! a Hugo site moving in keeps them. Hugo checks them, so a broken one is an error, as an `@/`
//! link is.
//!
//! Before the page is parsed, each such shortcode is replaced by a placeholder no longer than it,
//! padded with spaces (allowed between a link's destination and its `)`), so that every offset,
//! hence every line and column a finding names, stays where it was; the placeholder's number
//! finds the path written. A link's destination is resolved as any link is; a placeholder left
//! in text, code or raw HTML is filled with the page's URL, as Hugo writes it there.

use pulldown_cmark::{CowStr, Event};

use super::links::{self, LinkTarget, Resolve};
use super::{LinkRef, Pass, Rendered};
use crate::diagnostic::Diagnostic;
use crate::source::SourceFile;

/// How a placeholder starts; its number follows.
pub(super) const PLACEHOLDER: &str = "maillon-ref:";

/// A `ref`/`relref` shortcode replaced by a placeholder.
pub(super) struct Ref {
    /// The path written.
    pub path: String,
    /// Where the shortcode starts in the body, in bytes.
    pub at: usize,
    /// The shortcode's length, which its placeholder and padding take.
    len: usize,
}

/// `body` with every `ref`/`relref` shortcode replaced by a placeholder of its length, and the
/// refs, by number; `None` when there is none.
pub(super) fn replace(body: &str) -> Option<(String, Vec<Ref>)> {
    if !body.contains("ref") {
        return None;
    }
    let mut out = String::with_capacity(body.len());
    let mut refs = Vec::new();
    let mut from = 0;
    while let Some(at) = ["{{<", "{{%"]
        .iter()
        .filter_map(|open| body[from..].find(open))
        .min()
        .map(|a| a + from)
    {
        let placeholder = format!("{PLACEHOLDER}{}", refs.len());
        let found = parse(&body[at..]).filter(|&(_, len)| placeholder.len() <= len);
        if let Some((path, len)) = found {
            out.push_str(&body[from..at]);
            out.push_str(&placeholder);
            out.extend(std::iter::repeat_n(' ', len - placeholder.len()));
            refs.push(Ref {
                path: path.to_string(),
                at,
                len,
            });
            from = at + len;
        } else {
            out.push_str(&body[from..at + 3]);
            from = at + 3;
        }
    }
    out.push_str(&body[from..]);
    (!refs.is_empty()).then_some((out, refs))
}

/// `text` (of a text, code or raw HTML event) with each placeholder and its padding replaced by
/// what `url` gives for its ref's number; `None` when `text` holds none.
pub(super) fn fill(
    text: &str,
    refs: &[Ref],
    url: &mut dyn FnMut(usize) -> String,
) -> Option<String> {
    if !text.contains(PLACEHOLDER) {
        return None;
    }
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(at) = rest.find(PLACEHOLDER) {
        out.push_str(&rest[..at]);
        let after = &rest[at + PLACEHOLDER.len()..];
        let digits = after.len() - after.trim_start_matches(|c: char| c.is_ascii_digit()).len();
        let number = after[..digits].parse::<usize>().ok();
        if let Some(n) = number.filter(|&n| n < refs.len()) {
            out.push_str(&url(n));
            let pad = refs[n].len - PLACEHOLDER.len() - digits;
            let tail = &after[digits..];
            let spaces = tail.len() - tail.trim_start_matches(' ').len();
            rest = &tail[spaces.min(pad)..];
        } else {
            out.push_str(PLACEHOLDER);
            rest = after;
        }
    }
    out.push_str(rest);
    Some(out)
}

/// The path of the `ref` or `relref` shortcode `text` starts with, and the shortcode's length:
/// `{{< ref "a.md" >}}`, `{{% relref 'a.md#b' %}}`.
fn parse(text: &str) -> Option<(&str, usize)> {
    let close = if text.starts_with("{{<") {
        ">}}"
    } else {
        "%}}"
    };
    let rest = text[3..].trim_start();
    let rest = rest
        .strip_prefix("relref")
        .or_else(|| rest.strip_prefix("ref"))?;
    if !rest.starts_with(char::is_whitespace) {
        return None;
    }
    let rest = rest.trim_start();
    let quote = rest.chars().next().filter(|c| *c == '"' || *c == '\'')?;
    let path_len = rest[1..].find(quote)?;
    let path = &rest[1..=path_len];
    let after = rest[path_len + 2..].trim_start();
    after.starts_with(close).then(|| {
        let end = text.len() - after.len() + close.len();
        (path, end)
    })
}

/// The link a placeholder's path stands for, as an `@/` path from `content/`: tried relative to
/// the page's folder `dir` (unless it starts with `/`), then from the content root, as written,
/// with `.md`, as a bundle (`/index.md`) and as a section (`/_index.md`), `page.md` also as the
/// bundle `page/`; the first that `exists` wins. Then, as Hugo looks a page up anywhere in the
/// site by its name, the one page `named` finds for it; else the path as written (which then
/// reports as broken).
pub(super) fn destination(
    path: &str,
    dir: &str,
    exists: &dyn Fn(&str) -> bool,
    named: &dyn Fn(&str) -> Option<String>,
) -> String {
    let (file, anchor) = match path.split_once('#') {
        Some((f, a)) => (f, Some(a)),
        None => (path, None),
    };
    let anchor = anchor.map(|a| format!("#{a}")).unwrap_or_default();
    if file.is_empty() {
        return anchor;
    }
    let bases: Vec<String> = match file.strip_prefix('/') {
        Some(root) => vec![root.to_string()],
        None if dir.is_empty() => vec![file.to_string()],
        None => vec![format!("{dir}/{file}"), file.to_string()],
    };
    let trimmed = |b: &str| b.trim_end_matches('/').to_string();
    let candidates = bases.iter().flat_map(|b| {
        let b = trimmed(b);
        let stem = b.strip_suffix(".md").unwrap_or(&b).to_string();
        [
            b.clone(),
            format!("{b}.md"),
            format!("{stem}/index.md"),
            format!("{stem}/_index.md"),
        ]
    });
    let normalise = |p: &str| super::links::normalise("", p).unwrap_or_default();
    let found = candidates
        .map(|c| normalise(&c))
        .find(|c| c.ends_with(".md") && exists(c))
        .or_else(|| named(trimmed(file).trim_start_matches('/')));
    let chosen = found.unwrap_or_else(|| normalise(&bases[0]));
    format!("@/{chosen}{anchor}")
}

/// The `@/` link a Hugo ref stands for, from the linking page's folder.
pub(super) fn destination_of(r: &Ref, resolve: &Resolve<'_>) -> String {
    let exists = |rel: &str| (resolve.lookup)(rel).is_some();
    destination(&r.path, resolve.dir, &exists, resolve.named)
}

/// Fills the placeholders of Hugo refs left outside links' destinations (in text, code and raw
/// HTML) with their pages' URLs; checked as links are (recorded on the first pass, resolved and
/// reported on the rendering one).
#[allow(clippy::too_many_arguments)]
pub(super) fn fill_all(
    events: &mut [(Event<'_>, std::ops::Range<usize>)],
    ref_list: &[Ref],
    body_start: usize,
    pass: Pass<'_>,
    resolve: &Resolve<'_>,
    file: &SourceFile,
    page_url: &str,
    out: &mut Rendered,
    diagnostics: &mut Vec<Diagnostic>,
) {
    for (event, _) in events.iter_mut() {
        let (Event::Text(text) | Event::Code(text) | Event::Html(text) | Event::InlineHtml(text)) =
            event
        else {
            continue;
        };
        let filled = fill(text, ref_list, &mut |n| {
            let r = &ref_list[n];
            let dest = destination_of(r, resolve);
            let offset = body_start + r.at;
            if !pass.html {
                out.links.push(LinkRef {
                    offset,
                    dest: dest.clone(),
                });
                return dest;
            }
            match links::rewrite(&dest, resolve, offset, file, page_url, diagnostics) {
                LinkTarget::Internal { url, anchor } => {
                    out.anchor_refs.extend(anchor);
                    url
                }
                _ => dest,
            }
        });
        if let Some(filled) = filled {
            *text = CowStr::from(filled);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn refs_keep_their_length_wherever_they_are() {
        let body = "Voir [b]({{< ref \"b.md\" >}}) et [c]({{% relref 'c#x' %}}).\n{{< ref \"hors-lien.md\" >}}\n";
        let (out, refs) = replace(body).unwrap();
        assert_eq!(out.len(), body.len());
        let paths: Vec<&str> = refs.iter().map(|r| r.path.as_str()).collect();
        assert_eq!(paths, ["b.md", "c#x", "hors-lien.md"]);
        assert_eq!(refs[2].at, body.find("{{< ref \"hors").unwrap());
        let pad = "{{< ref \"b.md\" >}}".len() - "maillon-ref:0".len();
        assert!(
            out.starts_with(&format!(
                "Voir [b](maillon-ref:0{}) et [c](maillon-ref:1",
                " ".repeat(pad)
            )),
            "{out}"
        );
        assert!(replace("{{< figure src=\"x\" >}}").is_none());
    }

    #[test]
    fn placeholders_outside_links_are_filled_with_their_url() {
        let body = "Lire {{< ref \"a.md\" >}} puis <a href=\"{{< relref \"b\" >}}\">b</a>.";
        let (out, refs) = replace(body).unwrap();
        let urls = ["/a/", "/b/"];
        let filled = fill(&out, &refs, &mut |n| urls[n].to_string()).unwrap();
        assert_eq!(filled, "Lire /a/ puis <a href=\"/b/\">b</a>.");
        assert!(fill("rien", &refs, &mut |_| String::new()).is_none());
        // A number no ref has stays as written.
        let odd = fill("maillon-ref:9 x", &refs, &mut |_| String::new()).unwrap();
        assert_eq!(odd, "maillon-ref:9 x");
    }

    #[test]
    fn paths_resolve_relative_then_from_the_root_then_by_name() {
        let known = [
            "posts/b.md",
            "posts/c/index.md",
            "about.md",
            "docs/_index.md",
            "docs/getting-started/installing.md",
        ];
        let exists = |p: &str| known.contains(&p);
        let named = |name: &str| {
            let hits: Vec<&&str> = known
                .iter()
                .filter(|k| k.ends_with(&format!("/{name}.md")))
                .collect();
            (hits.len() == 1).then(|| hits[0].to_string())
        };
        let d = |path: &str, dir: &str| destination(path, dir, &exists, &named);
        assert_eq!(d("b.md", "posts"), "@/posts/b.md");
        assert_eq!(d("c#x", "posts"), "@/posts/c/index.md#x");
        assert_eq!(d("c.md", "posts"), "@/posts/c/index.md");
        assert_eq!(d("/about", "posts"), "@/about.md");
        assert_eq!(d("about.md", "posts"), "@/about.md");
        assert_eq!(d("/docs/", ""), "@/docs/_index.md");
        assert_eq!(d("#top", "posts"), "#top");
        assert_eq!(
            d("installing", "posts"),
            "@/docs/getting-started/installing.md"
        );
        assert_eq!(d("gone.md", "posts"), "@/posts/gone.md");
    }
}
