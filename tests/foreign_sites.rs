//! Sites laid out for Zola or Hugo, as their authors left them (no maillon.toml): maillon builds
//! them with its own theme, and says clearly what it leaves aside.

use crate::common::{TestSite, assert_has};

/// A Zola site (its `config.toml` and a home page), no maillon.toml.
pub(crate) fn zola_site() -> TestSite {
    without_maillon_toml(TestSite::new())
        .file(
            "config.toml",
            "base_url = \"https://docs.example.org\"\ntitle = \"Docs\"\n",
        )
        .file("content/_index.md", "+++\ntitle = \"Home\"\n+++\n")
}

/// A Hugo site: its `hugo.toml`, with `config` appended; no maillon.toml.
pub(crate) fn hugo_site(config: &str) -> TestSite {
    without_maillon_toml(TestSite::new()).file(
        "hugo.toml",
        &format!("baseURL = \"https://blog.example.org/\"\ntitle = \"Blog\"\n{config}"),
    )
}

fn without_maillon_toml(site: TestSite) -> TestSite {
    std::fs::remove_file(site.root().join("maillon.toml"))
        .unwrap_or_else(|e| panic!("remove maillon.toml: {e}"));
    site
}

#[test]
fn a_zola_site_builds_with_warnings_for_what_is_left_aside() {
    let site = without_maillon_toml(TestSite::new())
        .file(
            "config.toml",
            "base_url = \"https://docs.example.org\"\ntitle = \"Docs\"\ncompile_sass = true\nbuild_search_index = true\n\n[markdown]\nhighlight_code = true\n\n[[taxonomies]]\nname = \"tags\"\n\n[extra]\nauthor = \"x\"\n",
        )
        .file("templates/index.html", "{% import \"macros.html\" as m %}{{ m::x() }}{{ get_url(path=\"a\") }}")
        .file("content/_index.md", "+++\ntitle = \"Home\"\nsort_by = \"weight\"\ntemplate = \"index.html\"\n+++\n")
        .file("content/docs/_index.md", "+++\ntitle = \"Docs\"\ntransparent = true\ninsert_anchor_links = \"right\"\n+++\n")
        .file(
            "content/docs/intro.md",
            "+++\ntitle = \"Intro\"\nweight = 1\n[taxonomies]\ntags = [\"start\"]\n[extra]\nicon = \"x\"\n+++\nSee [next](@/docs/next.md).\n\n{{ youtube(id=\"abc\") }}\n",
        )
        .file("content/docs/next.md", "+++\ntitle = \"Next\"\ndate = 2024-02-03T10:00:00Z\n+++\n## Part\n");
    let run = site.build();
    assert_eq!(run.code, 0, "{}\n{}", run.stdout, run.stderr);
    assert_has(&run.stderr, "warning[config/imported]");
    assert_has(&run.stderr, "Zola config");
    assert_has(&run.stderr, "warning[content/shortcode]");
    // `index.html` is the site's own Zola template: the config/imported warning covers it.
    assert!(
        !run.stderr.contains("front-matter/template"),
        "{}",
        run.stderr
    );
    assert_has(&run.stderr, "content/docs/intro.md:11:1");
    assert!(
        site.read("docs/intro/index.html")
            .contains(r#"href="/docs/next/""#)
    );
    assert!(site.exists("tags/start/index.html"));
    // The Zola template was not used (it would not render), the built-in theme was.
    assert!(site.read("index.html").contains("<main"));
}

#[test]
fn a_hugo_site_builds_with_its_top_level_taxonomies() {
    let site = without_maillon_toml(TestSite::new())
        .file(
            "hugo.toml",
            "baseURL = \"https://blog.example.org/\"\nlanguageCode = \"en-us\"\ntitle = \"Blog\"\ntheme = \"ananke\"\n[params]\nx = 1\n[taxonomies]\ntag = \"tags\"\ncategory = \"categories\"\n",
        )
        .file("themes/ananke/layouts/_default/single.html", "{{ .Content }}")
        .file("layouts/partials/head.html", "<meta>")
        .file(
            "content/posts/first.md",
            "---\ntitle: \"First post\"\ndate: 2023-05-01T09:00:00+02:00\ntags: [\"news\", \"Road Safety\"]\ncategories: General\nlinkTitle: First\nmenu: main\n---\nHello {{< ref \"second.md\" >}} and [second](second.md).\n",
        )
        .file("content/posts/second/index.md", "---\ntitle: Second\ndraft: false\n---\n![pic](pic.png)\n")
        .file("content/posts/second/pic.png", "PNG")
        .file("static/favicon.ico", "ico");
    let run = site.build();
    // Hugo checks no Markdown link: a broken one is a warning that says where.
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert_has(&run.stderr, "warning[links/broken]");
    assert_has(&run.stderr, "content/posts/first.md:9:");

    let site = site.file(
        "content/posts/first.md",
        "---\ntitle: \"First post\"\ndate: 2023-05-01T09:00:00+02:00\ntags: [\"news\", \"Road Safety\"]\ncategories: General\n---\nHello [second](second/index.md).\n",
    );
    let run = site.build();
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert_has(&run.stderr, "Hugo config");
    assert!(
        !run.stderr.contains("unknown front matter field"),
        "{}",
        run.stderr
    );
    assert!(
        site.read("posts/first/index.html")
            .contains(r#"href="/posts/second/""#)
    );
    assert!(site.exists("tags/road-safety/index.html"));
    assert!(site.exists("categories/general/index.html"));
    assert!(site.exists("posts/second/pic.png") && site.exists("favicon.ico"));
    assert!(site.read("index.html").contains(r#"<html lang="en""#));
}

/// Zola reads a front matter block that follows blank lines; such pages keep their title.
#[test]
fn a_zola_page_whose_front_matter_follows_blank_lines_keeps_it() {
    let site = zola_site().file(
        "content/docs/blank.md",
        "\n\n+++\ntitle = \"After two blank lines\"\nweight = 2\n+++\n\nBody text.\n",
    );
    let run = site.build();
    assert_eq!(run.code, 0, "{}\n{}", run.stdout, run.stderr);
    assert!(!run.stderr.contains("front-matter/title"), "{}", run.stderr);
    let html = site.read("docs/blank/index.html");
    assert_has(&html, "<h1>After two blank lines</h1>");
    assert!(!html.contains("+++"), "{html}");
}

/// Zola sections may have no title (a `redirect_to` section): they take their folder's name, with
/// no error; a maillon site still wants one.
#[test]
fn an_untitled_zola_section_takes_its_folder_s_name() {
    let site = zola_site()
        .file(
            "content/documentation/_index.md",
            "+++\nredirect_to = \"documentation/getting-started\"\n+++\n",
        )
        .file(
            "content/documentation/getting-started.md",
            "+++\ntitle = \"Getting started\"\n+++\nText.\n",
        );
    let run = site.build();
    assert_eq!(run.code, 0, "{}\n{}", run.stdout, run.stderr);
    assert!(!run.stderr.contains("front-matter/title"), "{}", run.stderr);
    assert_has(
        &site.read("documentation/index.html"),
        "<h1>documentation</h1>",
    );

    let native = TestSite::new().file("content/documentation/_index.md", "---\nweight: 1\n---\n");
    let run = native.build();
    assert_has(&run.stderr, "front-matter/title");
}

/// Zola checks `@/` links and never a relative `.md` link (nor does Hugo): on a site moving in,
/// a broken relative link is a warning, a broken `@/` link an error as Zola has it.
#[test]
fn only_the_links_zola_checks_are_errors_on_a_zola_site() {
    let zola = |body: &str| {
        zola_site().file(
            "content/docs/a.md",
            &format!("+++\ntitle = \"A\"\n+++\n{body}\n"),
        )
    };
    let relative = zola("See [gone](../gone.md).");
    let run = relative.build();
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert_has(&run.stderr, "warning[links/broken]");

    let checked = zola("See [gone](@/gone.md).");
    let run = checked.build();
    assert_eq!(run.code, 1, "{}", run.stderr);
    assert_has(&run.stderr, "error[links/broken]");

    // On a maillon site, both are errors.
    let native = TestSite::new().file("content/a.md", "---\ntitle: A\n---\nSee [gone](gone.md).\n");
    assert_eq!(native.build().code, 1);
}

/// Two pages sharing an alias: Hugo keeps one redirect and builds; on a site moving in from it,
/// a warning; on a maillon site, an error.
#[test]
fn a_shared_alias_is_a_warning_on_a_hugo_site() {
    let hugo = hugo_site("")
        .file("content/a.md", "---\ntitle: A\naliases: [/old/]\n---\nA.\n")
        .file("content/b.md", "---\ntitle: B\naliases: [/old/]\n---\nB.\n");
    let run = hugo.build();
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert_has(&run.stderr, "warning[front-matter/alias]");
    assert_has(&hugo.read("old/index.html"), "/a/");

    let native = TestSite::new()
        .file("content/a.md", "---\ntitle: A\naliases: [/old/]\n---\nA.\n")
        .file("content/b.md", "---\ntitle: B\naliases: [/old/]\n---\nB.\n");
    let run = native.build();
    assert_eq!(run.code, 1);
    assert_has(&run.stderr, "error[front-matter/alias]");
}

/// Hugo's Markdown has definition lists: a Hugo site moving in keeps them; a maillon site has
/// them when `markdown.definition_lists` says so.
#[test]
fn definition_lists_on_a_hugo_site_and_where_a_site_asks() {
    let page =
        "---\ntitle: Glossaire\n---\nPSSP\n: Plan stratégique de sécurité et de prévention.\n";
    let hugo = hugo_site("").file("content/glossaire.md", page);
    assert_eq!(hugo.build().code, 0);
    assert_has(
        &hugo.read("glossaire/index.html"),
        "<dl>\n<dt>PSSP</dt>\n<dd>Plan stratégique de sécurité et de prévention.</dd>\n</dl>",
    );

    let native = TestSite::new().file("content/glossaire.md", page);
    assert_eq!(native.build().code, 0);
    assert!(!native.read("glossaire/index.html").contains("<dl>"));
    let asked = native.config("\n[markdown]\ndefinition_lists = true\n");
    assert_eq!(asked.build().code, 0);
    assert_has(&asked.read("glossaire/index.html"), "<dt>PSSP</dt>");

    // A Hugo site that turns them off.
    let off = hugo_site("[markup.goldmark.extensions]\ndefinitionList = false\n")
        .file("content/glossaire.md", page);
    assert_eq!(off.build().code, 0);
    assert!(!off.read("glossaire/index.html").contains("<dl>"));
}

/// Hugo's heading ids (`autoHeadingIDType`, `github` by default) on a Hugo site moving in, so
/// the anchors its links were written against exist; a maillon site may ask for them too.
#[test]
fn heading_ids_follow_hugo_on_a_hugo_site() {
    let page = "---\ntitle: Params\n---\n## Site.Params et l'été\n\nVoir [plus haut](#siteparams-et-lété).\n";
    let hugo = hugo_site("").file("content/params.md", page);
    let run = hugo.build();
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(!run.stderr.contains("links/anchor"), "{}", run.stderr);
    assert_has(&hugo.read("params/index.html"), "id=\"siteparams-et-lété\"");

    let blackfriday = hugo_site("[markup.goldmark.parser]\nautoHeadingIDType = \"blackfriday\"\n")
        .file(
            "content/params.md",
            &page.replace("#siteparams-et-lété", "#site-params-et-l-été"),
        );
    let run = blackfriday.build();
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert_has(
        &blackfriday.read("params/index.html"),
        "id=\"site-params-et-l-été\"",
    );

    // maillon's own ids fold accents: the Hugo-style anchor is broken there, unless asked for.
    let native = TestSite::new().file("content/params.md", page);
    let run = native.build();
    assert_eq!(run.code, 1);
    assert_has(&run.stderr, "links/anchor");
    let asked = native.config("\n[markdown]\nheading_ids = \"github\"\n");
    assert_eq!(asked.build().code, 0);
}

/// Hugo's `autoDefinitionTermID`: terms get ids, and links to them resolve; an anchor Hugo
/// would not check is a warning on a site moving in, an `@/` one (Zola checks those) an error.
#[test]
fn definition_terms_get_ids_where_hugo_gives_them_and_unchecked_anchors_are_warnings() {
    let page = "---\ntitle: Glossaire\n---\nPSSP\n: Plan stratégique.\n\nZone de police\n: Territoire.\n\nVoir [PSSP](#pssp) et [zone](#zone-de-police).\n";
    let ids = hugo_site("[markup.goldmark.parser]\nautoDefinitionTermID = true\n")
        .file("content/glossaire.md", page);
    let run = ids.build();
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(!run.stderr.contains("links/anchor"), "{}", run.stderr);
    let html = ids.read("glossaire/index.html");
    assert_has(&html, "<dt id=\"pssp\">PSSP</dt>");
    assert_has(&html, "<dt id=\"zone-de-police\">Zone de police</dt>");
    // `check` agrees, from its cache too.
    assert_eq!(ids.run(&["check"]).code, 0);
    assert_eq!(ids.run(&["check"]).code, 0);

    // Without the option the terms have no id: the anchors are missing, which Hugo never
    // checks: warnings.
    let plain = hugo_site("").file("content/glossaire.md", page);
    let run = plain.build();
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert_has(&run.stderr, "warning[links/anchor]");

    // Zola checks an anchor in an `@/` link: still an error there.
    let zola = zola_site()
        .file("content/a.md", "+++\ntitle = \"A\"\n+++\n## Un\n")
        .file(
            "content/b.md",
            "+++\ntitle = \"B\"\n+++\n[a](@/a.md#deux)\n",
        );
    let run = zola.build();
    assert_eq!(run.code, 1, "{}", run.stderr);
    assert_has(&run.stderr, "error[links/anchor]");
}

/// Hugo's `ref` and `relref` shortcodes as link destinations become the links they stand for,
/// at the same lines and columns; Hugo checks them, so a broken one is an error.
#[test]
fn hugo_ref_shortcodes_become_links() {
    let page = "---\ntitle: First\n---\nSee [second]({{< ref \"second\" >}}), [about]({{< relref \"/about.md#team\" >}}).\n";
    let site = hugo_site("")
        .file("content/about.md", "---\ntitle: About\n---\n## Team\n")
        .file("content/posts/first.md", page)
        .file(
            "content/posts/second/index.md",
            "---\ntitle: Second\n---\nHi.\n",
        );
    let run = site.build();
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(!run.stderr.contains("content/shortcode"), "{}", run.stderr);
    let html = site.read("posts/first/index.html");
    assert_has(&html, "<a href=\"/posts/second/\">second</a>");
    assert_has(&html, "<a href=\"/about/#team\">about</a>");
    assert_eq!(site.run(&["check"]).code, 0);

    // A ref to nothing: an error at the link, as Hugo has it.
    let broken = site.file(
        "content/posts/first.md",
        "---\ntitle: First\n---\nSee [gone]({{< ref \"gone.md\" >}}).\n",
    );
    let run = broken.build();
    assert_eq!(run.code, 1, "{}", run.stderr);
    assert_has(&run.stderr, "error[links/broken]");
    assert_has(&run.stderr, "content/posts/first.md:4:5");
    let check = broken.run(&["check"]);
    assert_eq!(check.code, 1, "{}", check.stdout);
}

/// Hugo writes a `ref` found outside a link's destination (bare in the text, in raw HTML) as the
/// page's URL, and finds a page named without its path anywhere in the site when only one page
/// has that name.
#[test]
fn hugo_refs_outside_links_and_by_name_become_urls() {
    let page = "---\ntitle: First\n---\nVoir {{< ref \"second.md\" >}} et <a href=\"{{< relref \"installing\" >}}\">installer</a>.\n\n`{{< ref \"/about\" >}}`\n";
    let site = hugo_site("")
        .file("content/about.md", "---\ntitle: About\n---\nHi.\n")
        .file("content/posts/first.md", page)
        .file(
            "content/posts/second/index.md",
            "---\ntitle: Second\n---\nHi.\n",
        )
        .file(
            "content/docs/getting-started/installing.md",
            "---\ntitle: Installing\n---\nHi.\n",
        );
    let run = site.build();
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(!run.stderr.contains("content/shortcode"), "{}", run.stderr);
    let html = site.read("posts/first/index.html");
    assert_has(&html, "Voir /posts/second/ et");
    // Raw HTML goes through the sanitiser, which adds `rel`.
    assert_has(&html, "<a href=\"/docs/getting-started/installing/\"");
    assert_has(&html, "<code>/about/</code>");

    // Two pages of one name: Hugo calls the ref ambiguous; here it is broken, where it stands.
    let twice = site.file(
        "content/blog/installing.md",
        "---\ntitle: Installing too\n---\nHi.\n",
    );
    let run = twice.build();
    assert_eq!(run.code, 1, "{}", run.stderr);
    assert_has(&run.stderr, "error[links/broken]");
    assert_has(&run.stderr, "content/posts/first.md:4:");
    assert_eq!(twice.run(&["check"]).code, 1);
}
