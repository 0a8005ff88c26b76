//! Zola's and Hugo's shortcodes, which maillon does not run: each one outside code is reported
//! where it stands, and an escaped one (`{{/* x() */}}`, `{{</* x */>}}`), which those sites use
//! to show a shortcode, is shown as the shortcode it escapes, as they show it.

use crate::diagnostic::Diagnostic;
use crate::source::SourceFile;

/// Warns about every shortcode outside code: maillon shows them as written.
pub(super) fn report(
    body: &str,
    code: &[std::ops::Range<usize>],
    body_start: usize,
    file: &SourceFile,
    diagnostics: &mut Vec<Diagnostic>,
) {
    if !body.contains("{{") && !body.contains("{%") {
        return;
    }
    let mut from = 0;
    while let Some(at) = shortcode_at(&body[from..]).map(|a| a + from) {
        if !code.iter().any(|r| r.contains(&at)) {
            diagnostics.push(
                Diagnostic::of(
                    &crate::rule::CONTENT_SHORTCODE,
                    &file.path,
                    file.position(body_start + at),
                    "Zola or Hugo shortcode: maillon has no shortcodes, so it is shown as written",
                )
                .with_help("replace it with Markdown (a link, an image) or raw HTML"),
            );
        }
        from = at + 2;
    }
}

/// Where a Hugo (`{{< x >}}`, `{{% x %}}`) or Zola (`{{ x(...) }}`, `{% x(...) %}`) shortcode
/// starts in `text`, if one does. Every opening is tried, so a `{{` that opens none (an
/// escaped shortcode, `{{/* x() */}}`, or a template example) hides none after it.
fn shortcode_at(text: &str) -> Option<usize> {
    let first = |open: &str, opens: &dyn Fn(&str) -> bool| {
        text.match_indices(open)
            .map(|(start, _)| start)
            .find(|&start| opens(&text[start + open.len()..]))
    };
    let hugo = |rest: &str| !rest.trim_start().starts_with("/*");
    let zola = |rest: &str| {
        let rest = rest.trim_start();
        let name_len = rest
            .find(|c: char| !(c.is_ascii_alphanumeric() || c == '_'))
            .unwrap_or(rest.len());
        name_len > 0 && rest[name_len..].starts_with('(')
    };
    [
        first("{{<", &hugo),
        first("{{%", &hugo),
        first("{{", &zola),
        first("{%", &zola),
    ]
    .into_iter()
    .flatten()
    .min()
}

/// Zola's and Hugo's escaped shortcodes (`{{/* x() */}}`, `{%/* x() */%}`, `{{</* x */>}}`,
/// `{{%/* x */%}}`), shown as the shortcodes they escape, as those generators show them. Done
/// on the page's HTML, where the text of an escape is whole (the parser may cut it in pieces
/// at its `*`) and Hugo's `<` and `>` are escaped.
pub(super) fn unescape(html: String) -> String {
    if !html.contains("/*") {
        return html;
    }
    // Hugo's forms first: each of Zola's is a part of one of them.
    const ESCAPES: [(&str, &str); 8] = [
        ("{{&lt;/*", "{{&lt;"),
        ("*/&gt;}}", "&gt;}}"),
        ("{{%/*", "{{%"),
        ("*/%}}", "%}}"),
        ("{{/*", "{{"),
        ("*/}}", "}}"),
        ("{%/*", "{%"),
        ("*/%}", "%}"),
    ];
    ESCAPES
        .iter()
        .fold(html, |text, (escaped, shown)| text.replace(escaped, shown))
}
