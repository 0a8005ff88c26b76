//! What the Zola and Hugo documentation sites themselves rely on: pages without a title,
//! escaped shortcodes shown as the shortcodes they escape (these sites document shortcodes),
//! and a config that lowers broken internal links to warnings.

use crate::common::assert_has;
use crate::foreign_sites::{hugo_site, zola_site};

/// Zola and Hugo need no title: such a page takes its file's (or bundle's) name, with no error.
#[test]
fn pages_without_a_title_build_on_a_site_moving_in() {
    let site = zola_site()
        .file("content/hello/index.md", "+++\n+++\n\nHello.\n")
        .file("content/bare.md", "+++\n+++\nText.\n");
    let run = site.build();
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(!run.stderr.contains("front-matter/title"), "{}", run.stderr);
    assert_has(&site.read("hello/index.html"), "<title>hello");
    assert_has(&site.read("bare/index.html"), "<title>bare");
}

/// `{{/* youtube(id="x") */}}` shows as `{{ youtube(id="x") }}` in Zola, `{{</* x */>}}` as
/// `{{< x >}}` in Hugo, in code and in text; an escape is no shortcode, and one does not hide a
/// real shortcode after it.
#[test]
fn escaped_shortcodes_show_as_the_shortcodes_they_escape() {
    let zola = zola_site().file(
        "content/shortcodes.md",
        "+++\ntitle = \"Shortcodes\"\n+++\n```md\n{{/* youtube(id=\"dQw4\") */}}\n{%/* quote(author=\"Vincent\") */%}\n```\n\nInline: {{/* gallery() */}}\n\n{{ gallery() }}\n",
    );
    let run = zola.build();
    assert_eq!(run.code, 0, "{}", run.stderr);
    let html = zola.read("shortcodes/index.html");
    assert_has(&html, "{{ youtube(id=\"dQw4\") }}");
    assert_has(&html, "{% quote(author=\"Vincent\") %}");
    assert_has(&html, "Inline: {{ gallery() }}");
    assert!(!html.contains("/*"), "{html}");
    // The real shortcode, and only it, is reported.
    assert_eq!(
        run.stderr.matches("warning[content/shortcode]").count(),
        1,
        "{}",
        run.stderr
    );
    assert_has(&run.stderr, "content/shortcodes.md:11:1");

    let hugo = hugo_site("").file(
        "content/docs.md",
        "---\ntitle: Docs\n---\n```go-html-template\n{{</* figure src=\"a.png\" */>}}\n{{%/* note */%}}\n```\n",
    );
    let run = hugo.build();
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(!run.stderr.contains("content/shortcode"), "{}", run.stderr);
    let html = hugo.read("docs/index.html");
    assert_has(&html, "{{&lt; figure src=\"a.png\" &gt;}}");
    assert_has(&html, "{{% note %}}");
}

/// Zola's `[link_checker] internal_level = "warn"` and Hugo's `refLinksErrorLevel = "warning"`
/// make broken internal links warnings there: here too. Without them, they are errors.
#[test]
fn a_config_lowering_internal_links_to_warnings_is_followed() {
    let page = "+++\ntitle = \"A\"\n+++\n[x](@/gone.md) [y](@/_index.md#nowhere)\n";
    let strict = zola_site().file("content/a.md", page);
    assert_eq!(strict.build().code, 1);
    let lenient = strict.file(
        "config.toml",
        "base_url = \"https://docs.example.org\"\ntitle = \"Docs\"\n[link_checker]\ninternal_level = \"warn\"\n",
    );
    let run = lenient.build();
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert_has(&run.stderr, "warning[links/broken]");
    assert_has(&run.stderr, "warning[links/anchor]");

    let page = "---\ntitle: A\n---\n[x]({{< ref \"gone.md\" >}})\n";
    assert_eq!(hugo_site("").file("content/a.md", page).build().code, 1);
    let hugo = hugo_site("refLinksErrorLevel = \"WARNING\"\n").file("content/a.md", page);
    let run = hugo.build();
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert_has(&run.stderr, "warning[links/broken]");
}

/// A page naming one of the site's own Zola templates (`templates/`, or a theme's) is not
/// told so page by page: the `config/imported` warning says those templates are not used. A
/// template found nowhere is still a warning, at its line.
#[test]
fn a_page_naming_the_site_s_own_template_is_not_a_warning() {
    let site = zola_site()
        .file("templates/theme.html", "{{ page.content | safe }}")
        .file(
            "themes/docs/templates/doc.html",
            "{{ page.content | safe }}",
        )
        .file(
            "content/a.md",
            "+++\ntitle = \"A\"\ntemplate = \"theme.html\"\n+++\n",
        )
        .file(
            "content/b.md",
            "+++\ntitle = \"B\"\ntemplate = \"doc.html\"\n+++\n",
        )
        .file(
            "content/c.md",
            "+++\ntitle = \"C\"\ntemplate = \"nowhere.html\"\n+++\n",
        );
    let run = site.build();
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert_eq!(
        run.stderr.matches("warning[front-matter/template]").count(),
        1,
        "{}",
        run.stderr
    );
    assert_has(&run.stderr, "content/c.md:3:1");
}
