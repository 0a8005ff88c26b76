//! `maillon build` on small sites: what it writes, page by page.

use crate::common::{TestSite, assert_has, main_of};

const YAML_PAGE: &str = "---\ntitle: \"Technoprévention à domicile\"\ndescription: \"Des visites gratuites.\"\ndate: 2024-03-01\nweight: 2\ntaxonomies:\n  phenomena: [\"Cambriolages\"]\n  stages: [\"prévention\"]\naliases: [\"/ancien/techno/\"]\nextra:\n  contact: \"prevention@example.be\"\n---\nPremier paragraphe.\n\n<!-- more -->\n\n## Démarche\n\nVoir la [chaîne](@/cadre/chaine.md#suivi).\n";

const TOML_PAGE: &str = "+++\ntitle = \"La chaîne de sécurité\"\ndate = 2023-01-10\nweight = 1\n[taxonomies]\nstages = [\"prévention\", \"suivi\"]\n+++\nIntro.\n\n## Suivi\n\nRetour vers [la pratique](../pratiques/techno.md).\n";

fn basic_site() -> TestSite {
    TestSite::new()
        .file("content/_index.md", "---\ntitle: Accueil\n---\nBienvenue.\n")
        .file("content/_index.nl.md", "---\ntitle: Onthaal\n---\nWelkom.\n")
        .file("content/cadre/_index.md", "---\ntitle: Le cadre\nweight: 1\nsort_by: weight\n---\n")
        .file("content/cadre/chaine.md", TOML_PAGE)
        .file(
            "content/cadre/chaine.nl.md",
            "---\ntitle: De veiligheidsketen\n---\n## Nazorg\n\nZie [praktijk](@/pratiques/techno.md).\n",
        )
        .file(
            "content/pratiques/_index.md",
            "---\ntitle: Pratiques\nweight: 2\npage_kind: practice\nsort_by: date\npaginate_by: 1\n---\n",
        )
        .file("content/pratiques/techno.md", YAML_PAGE)
        .file("content/pratiques/brouillon.md", "---\ntitle: Brouillon\ndraft: true\n---\nPas encore.\n")
        .file("content/pratiques/ancienne.md", "---\ntitle: Ancienne\ndate: 2020-05-05\n---\nTexte.\n")
}

#[test]
fn builds_pages_sections_translations_and_feeds() {
    let site = basic_site();
    let run = site.build();
    assert_eq!(run.code, 0, "{}\n{}", run.stdout, run.stderr);
    assert!(run.stdout.starts_with("Built "), "{}", run.stdout);

    // YAML front matter, kind from the section, summary, links resolved to URLs.
    let techno = site.read("pratiques/techno/index.html");
    assert!(techno.contains("Technoprévention à domicile"));
    assert!(
        main_of(&techno).contains(r#"href="/cadre/chaine/#suivi""#),
        "{techno}"
    );
    assert!(techno.contains(r#"<h2 id="demarche">Démarche</h2>"#));
    // TOML front matter and a relative .md link.
    let chaine = site.read("cadre/chaine/index.html");
    assert!(chaine.contains("La chaîne de sécurité"));
    assert!(chaine.contains(r#"href="/pratiques/techno/""#));
    // The translation lives under /nl/, links to its French version and back (hreflang).
    let nl = site.read("nl/cadre/chaine/index.html");
    assert!(nl.contains("De veiligheidsketen"));
    assert!(nl.contains(r#"lang="nl""#));
    assert!(
        nl.contains(r#"hreflang="fr""#) && chaine.contains(r#"hreflang="nl""#),
        "{nl}"
    );
    // A Dutch page linking to a page with no Dutch version gets the French one.
    assert!(nl.contains(r#"href="/pratiques/techno/""#));

    // Drafts stay out; aliases redirect; taxonomies get list and term pages.
    assert!(!site.exists("pratiques/brouillon/index.html"));
    let alias = site.read("ancien/techno/index.html");
    assert!(
        alias.contains("url=https://example.be/pratiques/techno/"),
        "{alias}"
    );
    let term = site.read("phenomena/cambriolages/index.html");
    assert!(term.contains("/pratiques/techno/"));
    assert!(
        site.read("stages/index.html")
            .contains("/stages/prevention/")
    );

    // Pagination: one page per list page, newest first.
    let first = site.read("pratiques/index.html");
    let second = site.read("pratiques/page/2/index.html");
    assert!(first.contains("/pratiques/techno/") && !first.contains("/pratiques/ancienne/"));
    assert!(second.contains("/pratiques/ancienne/"));

    // Site-wide files.
    for f in [
        "sitemap.xml",
        "atom.xml",
        "nl/atom.xml",
        "robots.txt",
        "404.html",
        "style.css",
    ] {
        assert!(site.exists(f), "{f} missing");
    }
    let sitemap = site.read("sitemap.xml");
    assert!(sitemap.contains("<loc>https://example.be/nl/cadre/chaine/</loc>"));
    let atom = site.read("atom.xml");
    assert!(atom.contains("<title>Technoprévention à domicile</title>"));
    assert!(
        atom.find("techno").unwrap() < atom.find("ancienne").unwrap(),
        "newest first"
    );
    assert!(
        site.read("index.html")
            .contains(r#"rel="canonical" href="https://example.be/""#)
    );
}

#[test]
fn drafts_flag_includes_drafts() {
    let site = basic_site();
    let run = site.run(&["build", "--drafts"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(site.exists("pratiques/brouillon/index.html"));
}

#[test]
fn base_url_flag_moves_every_link_under_its_path() {
    let site = basic_site();
    let run = site.run(&["build", "--base-url", "https://ex.be/docs"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let page = site.read("pratiques/techno/index.html");
    assert!(
        page.contains(r#"href="/docs/cadre/chaine/#suivi""#),
        "{page}"
    );
    assert!(
        site.read("sitemap.xml")
            .contains("https://ex.be/docs/pratiques/techno/")
    );
}

#[test]
fn raw_html_is_sanitised_by_default_and_kept_when_allowed() {
    let page = "---\ntitle: X\n---\nTexte <script>alert(1)</script> <em>ok</em> <img src=x onerror=\"alert(2)\">\n";
    let site = TestSite::new().file("content/x.md", page);
    assert_eq!(site.build().code, 0);
    let html = site.read("x/index.html");
    assert!(
        !html.contains("alert(1)") && !html.contains("onerror"),
        "{html}"
    );
    assert!(html.contains("<em>ok</em>"));

    let site = TestSite::new().file("content/x.md", page).file(
        "maillon.toml",
        "title = \"T\"\n[markdown]\nraw_html = \"allow\"\n",
    );
    assert_eq!(site.build().code, 0);
    assert!(
        site.read("x/index.html")
            .contains("<script>alert(1)</script>")
    );
}

#[test]
fn site_templates_override_the_theme_file_by_file() {
    let site = TestSite::new()
        .file("content/x.md", "---\ntitle: Surcharge\n---\nCorps.\n")
        .file("templates/page.html", "<p id=\"mine\">{{ page.title }} / {{ t.skip_to_content }}</p>{{ page.content | safe }}");
    let run = site.build();
    assert_eq!(run.code, 0, "{}", run.stderr);
    let html = site.read("x/index.html");
    assert!(html.starts_with("<p id=\"mine\">Surcharge / "), "{html}");
    // Other templates still come from the theme.
    assert!(site.read("index.html").contains("<html"));
}

#[test]
fn template_errors_name_the_template_file_and_line() {
    let site = TestSite::new()
        .file("content/x.md", "---\ntitle: X\n---\n")
        .file("templates/page.html", "<p>\n{{ page.nope.deeper }}</p>\n");
    let run = site.build();
    assert_eq!(run.code, 1, "{}", run.stderr);
    assert_has(&run.stderr, "templates/page.html:2:");
    let site = TestSite::new()
        .file("content/x.md", "---\ntitle: X\n---\n")
        .file("templates/page.html", "<p>\n{% if %}</p>\n");
    let run = site.build();
    assert_eq!(run.code, 2, "{}", run.stderr);
    assert_has(&run.stderr, "templates/page.html:2:");
}

#[test]
fn slugs_and_paths_never_escape_the_output() {
    let site = TestSite::new()
        .file(
            "content/x.md",
            "---\ntitle: X\nslug: \"../../../evil\"\n---\n",
        )
        .file(
            "content/y.md",
            "---\ntitle: Y\naliases: [\"/../../outside/\"]\n---\n",
        );
    let run = site.build();
    assert_eq!(run.code, 1, "{}", run.stderr);
    assert_has(&run.stderr, "alias `/../../outside/`");
    assert!(!site.root().join("evil").exists() && !site.root().join("outside").exists());
    // The slug was folded to a safe segment.
    let site = TestSite::new().file(
        "content/x.md",
        "---\ntitle: X\nslug: \"../../../evil\"\n---\n",
    );
    assert_eq!(site.build().code, 0);
    assert!(site.exists("evil/index.html"));
}

#[test]
fn a_site_without_home_or_theme_still_builds() {
    let site = TestSite::new().file("content/seule.md", "Pas de front matter.\n");
    let run = site.build();
    assert_eq!(run.code, 1, "title is required: {}", run.stderr);
    assert_has(&run.stderr, "content/seule.md:1:1");
    let site = TestSite::new().file("content/seule.md", "---\ntitle: Seule\n---\n");
    assert_eq!(site.build().code, 0);
    assert!(site.read("index.html").contains("/seule/"));
}

#[test]
fn a_page_naming_a_missing_template_is_an_error() {
    let site = TestSite::new().file("content/x.md", "---\ntitle: X\ntemplate: nope.html\n---\n");
    let run = site.build();
    assert_eq!(run.code, 1, "{}", run.stderr);
    assert_has(
        &run.stderr,
        "error[front-matter/template]: template `nope.html` does not exist",
    );
    // At the line naming it.
    assert_has(&run.stderr, "content/x.md:3:1");
}

#[test]
fn plans_in_word_layouts_get_their_matrix_and_verification_links() {
    let plan = "---\ntitle: Plan de Fosses\ntaxonomies:\n  communes: [Fosses]\nextra:\n  period: \"2020-2025\"\n---\n**Priorité 2 – Drogues**\n\n- Ateliers dans les écoles (prévention)\n- Contrôles aux abords de la gare – volet réactif\n- Orientation vers l'aide aux victimes – maillon : suivi\n\n## 2. Objectifs stratégiques\n\n### Objectif stratégique 1 : Vols\n\n| Maillon | Actions |\n|---|---|\n| Prévention | Visites de technoprévention |\n| Réaction | Patrouilles ciblées |\n| Suivi | néant |\n";
    let site = TestSite::new()
        .file("content/_index.md", "---\ntitle: Accueil\n---\n")
        .file(
            "content/plans/_index.md",
            "---\ntitle: Plans\npage_kind: plan\n---\n",
        )
        .file("content/plans/fosses.md", plan);
    let run = site.build();
    assert_eq!(run.code, 0, "{}\n{}", run.stdout, run.stderr);
    let page = site.read("plans/fosses/index.html");
    // The matrix has a row per unit: the bold line (ended by the chapter heading after it) and
    // the level-3 objective of the container (linked).
    assert!(
        page.contains(
            r##"<a href="#objectif-strategique-1-vols">Objectif stratégique 1 : Vols</a>"##
        ),
        "{page}"
    );
    assert!(page.contains("Priorité 2 – Drogues"), "{page}");
    // Cells, then the legend's one sample of each status.
    assert_eq!(page.matches("cov cov--empty").count(), 1 + 1, "{page}");
    assert_eq!(page.matches("cov cov--covered").count(), 5 + 1, "{page}");
    // The verification page links the empty stage to its objective's heading.
    let verification = site.read("verification/index.html");
    assert!(
        verification.contains("/plans/fosses/#objectif-strategique-1-vols"),
        "{verification}"
    );
}

#[test]
fn stage_badges_come_from_the_chain_model() {
    let practice = "---\ntitle: Bibob\nkind: practice\ntaxonomies:\n  stages: [\"proaction\", \"répression\"]\n---\nTexte.\n";
    let be3 = TestSite::new().file("content/bibob.md", practice);
    assert_eq!(be3.build().code, 0);
    let html = be3.read("bibob/index.html");
    assert_eq!(html.matches("class=\"stage stage--").count(), 3, "{html}");
    assert!(html.contains("stage--follow-up stage--absent"), "{html}");
    // The same site on the five-stage Dutch model shows its five stages.
    let nl5 = TestSite::new()
        .file("content/bibob.md", practice)
        .config("[chain]\nmodel = \"nl-5\"\n");
    let build = nl5.build();
    assert_eq!(build.code, 0, "{}", build.stderr);
    let html = nl5.read("bibob/index.html");
    assert_eq!(html.matches("class=\"stage stage--").count(), 5, "{html}");
    assert!(html.contains("stage--proaction stage--present"), "{html}");
    assert!(html.contains("stage--repression stage--present"), "{html}");
    assert!(html.contains("stage--aftercare stage--absent"), "{html}");
}

/// The menu every page carries stays the same size however many sections the site has.
#[test]
fn the_menu_is_bounded_and_chosen_by_the_sections() {
    let nav = |html: &str| {
        let start = html.find("<nav class=\"site-nav\"").unwrap();
        let end = start + html[start..].find("</nav>").unwrap();
        html[start..end]
            .split("\">")
            .skip(1)
            .filter_map(|s| s.split('<').next())
            .filter(|s| !s.trim().is_empty())
            .map(str::to_string)
            .collect::<Vec<_>>()
    };
    let mut site = TestSite::new().file("content/_index.md", "---\ntitle: Accueil\n---\n");
    for n in 1..=12 {
        site = site.file(
            &format!("content/s{n}/_index.md"),
            &format!("---\ntitle: Section {n}\n---\n"),
        );
    }
    assert_eq!(site.build().code, 0);
    // The first eight by title, numbers by their value.
    assert_eq!(
        nav(&site.read("index.html")),
        (1..=8).map(|n| format!("Section {n}")).collect::<Vec<_>>()
    );
    // Sections that ask to be in it are the menu.
    let site = site
        .file(
            "content/s11/_index.md",
            "---\ntitle: Section 11\nin_menu: true\n---\n",
        )
        .file(
            "content/s3/_index.md",
            "---\ntitle: Section 3\nin_menu: true\n---\n",
        );
    assert_eq!(site.build().code, 0);
    assert_eq!(
        nav(&site.read("s1/index.html")),
        ["Section 3", "Section 11"]
    );
}

/// Term pages and long section lists are paginated by default, so no page grows with the site.
#[test]
fn long_lists_are_paginated_by_default() {
    let mut site = TestSite::new()
        .file("content/_index.md", "---\ntitle: Accueil\n---\n")
        .file("content/long/_index.md", "---\ntitle: Longue\n---\n")
        .file(
            "content/court/_index.md",
            "---\ntitle: Court\npaginate_by: 0\n---\n",
        );
    for n in 1..=120 {
        let page = format!("---\ntitle: Page {n}\ntaxonomies:\n  tags: [commun]\n---\nTexte.\n");
        site = site
            .file(&format!("content/long/p{n}.md"), &page)
            .file(&format!("content/court/p{n}.md"), &page);
    }
    let site = site.config("[[taxonomies]]\nname = \"tags\"\n");
    let build = site.build();
    assert_eq!(build.code, 0, "{}", build.stderr);
    // 120 pages: three list pages of at most 50.
    assert!(site.exists("long/page/3/index.html"));
    assert!(!site.exists("long/page/4/index.html"));
    let first = site.read("long/index.html");
    assert_eq!(
        first.matches("/long/p").count() - first.matches("/long/page/").count(),
        50
    );
    // A section that says so keeps one page.
    assert!(!site.exists("court/page/2/index.html"));
    // The term lists its 240 pages 50 at a time.
    assert!(site.exists("tags/commun/page/5/index.html"));
    assert!(!site.exists("tags/commun/page/6/index.html"));
}

/// A site's `i18n/<lang>.toml` adds to the theme's strings key by key, and a language lacking
/// some of the default language's strings is reported, with its keys, without failing.
#[test]
fn site_ui_strings_add_to_the_theme_and_missing_ones_are_reported() {
    let site = TestSite::new()
        .config("[languages.it]\n")
        .file("content/_index.md", "---\ntitle: Accueil\n---\n")
        .file("content/_index.nl.md", "---\ntitle: Onthaal\n---\n")
        .file("content/_index.it.md", "---\ntitle: Benvenuti\n---\n")
        // A key of the site's own in the default language only, and one Dutch word changed.
        .file("i18n/fr.toml", "site_motto = \"Chaque maillon compte\"\n")
        .file("i18n/nl.toml", "search_button = \"Zoek nu\"\n");
    let run = site.build();
    assert_eq!(run.code, 0, "{}\n{}", run.stdout, run.stderr);
    let out = format!("{}{}", run.stdout, run.stderr);
    // Dutch keeps every other string of the theme: only the site's new key is missing.
    assert_has(
        &out,
        "warning[theme/missing-string]: 1 UI string(s) missing in `nl`: `site_motto`",
    );
    assert_has(&out, "i18n/nl.toml:1:1");
    // Italian has no strings at all: every key is missing, the first ones named.
    assert_has(&out, "missing in `it`: `");
    assert_has(&out, "i18n/it.toml:1:1");
    assert!(!out.contains("missing in `fr`"), "{out}");
    let nl = site.read("nl/index.html");
    assert_has(&nl, ">Zoek nu</button>");
    assert_has(&nl, "lang=\"nl\"");
    // A Dutch string the site did not change is still the theme's Dutch, not French.
    assert_has(&nl, "Zoeken op de site");
    assert!(!nl.contains("Rechercher sur le site"), "{nl}");
}

/// The header's language switcher offers every language: the page's translation where there is
/// one, otherwise that language's home page, saying the page has no translation there.
#[test]
fn the_language_switcher_goes_to_the_translation_or_says_there_is_none() {
    let tagged = |title: &str| {
        format!("---\ntitle: {title}\ntaxonomies:\n  phenomena: [\"vols\"]\n---\nTexte.\n")
    };
    let site = TestSite::new()
        .config("[[taxonomies]]\nname = \"phenomena\"\n")
        .file("content/_index.md", "---\ntitle: Accueil\n---\n")
        .file("content/_index.nl.md", "---\ntitle: Onthaal\n---\n")
        .file("content/vols.md", &tagged("Vols"))
        .file("content/vols.nl.md", &tagged("Diefstallen"))
        .file(
            "content/seul.md",
            "---\ntitle: Seul\n---\nEn français seulement.\n",
        );
    let run = site.build();
    assert_eq!(run.code, 0, "{}\n{}", run.stdout, run.stderr);
    let switcher = |rel: &str| {
        let html = site.read(rel);
        let start = html.find("<nav class=\"lang-switch\"").expect("a switcher");
        let end = start + html[start..].find("</nav>").expect("end of nav");
        html[start..end].to_string()
    };
    let translated = switcher("vols/index.html");
    assert_has(
        &translated,
        "href=\"/nl/vols/\" hreflang=\"nl\" lang=\"nl\"",
    );
    assert!(!translated.contains("lang-links__none"), "{translated}");
    let alone = switcher("seul/index.html");
    assert_has(
        &alone,
        "class=\"lang-links__none\" href=\"/nl/\" hreflang=\"nl\"",
    );
    assert_has(&alone, "(pas de traduction de cette page : page d’accueil)");
    // From Dutch, the French original is there; the strings are Dutch.
    let back = switcher("nl/vols/index.html");
    assert_has(&back, "href=\"/vols/\" hreflang=\"fr\" lang=\"fr\"");
    // Pages that are not content have their counterpart too: search, a taxonomy, a term.
    assert_has(&switcher("search/index.html"), "href=\"/nl/search/\"");
    assert_has(
        &switcher("phenomena/index.html"),
        "href=\"/nl/phenomena/\" hreflang=\"nl\" lang",
    );
    assert_has(
        &switcher("phenomena/vols/index.html"),
        "href=\"/nl/phenomena/vols/\" hreflang=\"nl\" lang",
    );
}
