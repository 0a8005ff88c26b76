//! Hugo's `ref` and `relref` shortcodes as a link's destination (`[texte]({{< ref "page.md" >}})`),
//! read as the links they stand for, so a Hugo site moving in keeps them. Hugo checks them, so a
//! broken one is an error, as an `@/` link is.
//!
//! Before the page is parsed, each such shortcode is replaced by a placeholder no longer than it,
//! padded with spaces (allowed between a link's destination and its `)`), so that every offset,
//! hence every line and column a finding names, stays where it was; the placeholder's number
//! finds the path written. A shortcode anywhere else is left alone (and reported as a shortcode).

/// How a placeholder starts; its number follows.
pub(super) const PLACEHOLDER: &str = "maillon-ref:";

/// `body` with every `ref`/`relref` shortcode that is a link's destination replaced, and the
/// paths they name, by number; `None` when there is none.
pub(super) fn replace(body: &str) -> Option<(String, Vec<String>)> {
    if !body.contains("ref") {
        return None;
    }
    let mut out = String::with_capacity(body.len());
    let mut paths = Vec::new();
    let mut from = 0;
    while let Some(at) = ["{{<", "{{%"]
        .iter()
        .filter_map(|open| body[from..].find(open))
        .min()
        .map(|a| a + from)
    {
        let in_link = body[..at].trim_end().ends_with("](");
        let placeholder = format!("{PLACEHOLDER}{}", paths.len());
        let found = parse(&body[at..]).filter(|&(_, len)| in_link && placeholder.len() <= len);
        if let Some((path, len)) = found {
            out.push_str(&body[from..at]);
            out.push_str(&placeholder);
            out.extend(std::iter::repeat_n(' ', len - placeholder.len()));
            paths.push(path.to_string());
            from = at + len;
        } else {
            out.push_str(&body[from..at + 3]);
            from = at + 3;
        }
    }
    out.push_str(&body[from..]);
    (!paths.is_empty()).then_some((out, paths))
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
/// with `.md`, as a bundle (`/index.md`) and as a section (`/_index.md`); the first that `exists`
/// wins, else the path as written (which then reports as broken).
pub(super) fn destination(path: &str, dir: &str, exists: &dyn Fn(&str) -> bool) -> String {
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
        [
            b.clone(),
            format!("{b}.md"),
            format!("{b}/index.md"),
            format!("{b}/_index.md"),
        ]
    });
    let normalise = |p: &str| super::links::normalise("", p).unwrap_or_default();
    let found = candidates
        .map(|c| normalise(&c))
        .find(|c| c.ends_with(".md") && exists(c));
    let chosen = found.unwrap_or_else(|| normalise(&bases[0]));
    format!("@/{chosen}{anchor}")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn refs_in_link_destinations_keep_their_length() {
        let body = "Voir [b]({{< ref \"b.md\" >}}) et [c]({{% relref 'c#x' %}}).\n{{< ref \"hors-lien.md\" >}}\n";
        let (out, paths) = replace(body).unwrap();
        assert_eq!(out.len(), body.len());
        assert_eq!(paths, ["b.md", "c#x"]);
        let pad = "{{< ref \"b.md\" >}}".len() - "maillon-ref:0".len();
        assert!(
            out.starts_with(&format!(
                "Voir [b](maillon-ref:0{}) et [c](maillon-ref:1",
                " ".repeat(pad)
            )),
            "{out}"
        );
        // Outside a link destination: left as written.
        assert!(out.ends_with("{{< ref \"hors-lien.md\" >}}\n"));
        assert_eq!(replace("{{< figure src=\"x\" >}}"), None);
    }

    #[test]
    fn paths_resolve_relative_then_from_the_root() {
        let known = [
            "posts/b.md",
            "posts/c/index.md",
            "about.md",
            "docs/_index.md",
        ];
        let exists = |p: &str| known.contains(&p);
        assert_eq!(destination("b.md", "posts", &exists), "@/posts/b.md");
        assert_eq!(destination("c#x", "posts", &exists), "@/posts/c/index.md#x");
        assert_eq!(destination("/about", "posts", &exists), "@/about.md");
        assert_eq!(destination("about.md", "posts", &exists), "@/about.md");
        assert_eq!(destination("/docs/", "", &exists), "@/docs/_index.md");
        assert_eq!(destination("#top", "posts", &exists), "#top");
        assert_eq!(destination("gone.md", "posts", &exists), "@/posts/gone.md");
    }
}
