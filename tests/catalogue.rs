//! The practice catalogue: the filters of a section of practices (links to the taxonomy pages
//! in the HTML, checkboxes with `catalogue.js`), the stages on each card and the related
//! practices of a practice, in the built files and, driven by the keyboard alone, in headless
//! Chromium (skipped without it, except under `CI=true`).

use crate::browser::{browser, serve};
use crate::common::{TestSite, assert_has, main_of};
use serde_json::json;

fn practice(title: &str, phenomena: &[&str], stages: &[&str], commune: &str) -> String {
    format!(
        "---\ntitle: \"{title}\"\ntaxonomies:\n  phenomena: {phenomena:?}\n  stages: {stages:?}\n  communes: [\"{commune}\"]\n  tags: [\"{title}\"]\n---\nUne action locale.\n"
    )
}

/// A site with a section of practices whose `_index.md` also says `more` (front matter lines).
fn practices(more: &str) -> TestSite {
    TestSite::new()
        .file("content/_index.md", "---\ntitle: Accueil\n---\n")
        .file(
            "content/pratiques/_index.md",
            &format!("---\ntitle: Bonnes pratiques\npage_kind: practice\n{more}---\n"),
        )
}

/// Four practices: two on burglaries (prevention; follow-up), one on burglaries and incivilities
/// (reaction), one on incivilities (prevention); a plan on burglaries.
fn site() -> TestSite {
    let site = practices("")
        .file(
            "content/pratiques/techno.md",
            &practice(
                "Technoprévention",
                &["Cambriolages"],
                &["prévention"],
                "Namur",
            ),
        )
        .file(
            "content/pratiques/visite.md",
            &practice("Visite aux victimes", &["Cambriolages"], &["suivi"], "Liège"),
        )
        .file(
            "content/pratiques/patrouilles.md",
            &practice(
                "Patrouilles ciblées",
                &["Cambriolages", "Incivilités"],
                &["réaction"],
                "Namur",
            ),
        )
        .file(
            "content/pratiques/mediation.md",
            &practice("Médiation", &["Incivilités"], &["prévention"], "Liège"),
        )
        .file(
            "content/plans/_index.md",
            "---\ntitle: Plans\npage_kind: plan\n---\n",
        )
        .file(
            "content/plans/namur.md",
            "---\ntitle: Plan de Namur\ntaxonomies:\n  phenomena: [\"Cambriolages\"]\n---\n## Priorité 1 : Cambriolages\n\n### Prévention\n\nConseils.\n\n### Réaction\n\nPatrouilles.\n\n### Suivi\n\nVisites.\n",
        );
    let run = site.build();
    assert_eq!(run.code, 0, "{}\n{}", run.stdout, run.stderr);
    site
}

/// The value of `attr` on each card of a list, in order.
fn card_attrs(html: &str, attr: &str) -> Vec<String> {
    html.split("<li ")
        .skip(1)
        .filter_map(|li| {
            let start = li.find(&format!("{attr}=\""))? + attr.len() + 2;
            let end = li[start..].find('"')? + start;
            Some(li[start..end].to_string())
        })
        .collect()
}

#[test]
fn a_practice_section_lists_its_filters_as_links_and_each_card_its_values() {
    let site = site();
    let html = site.read("pratiques/index.html");
    let main = main_of(&html);
    // Without JavaScript: each value links to its taxonomy page, with its count.
    assert_has(
        main,
        "<a href=\"/phenomena/cambriolages/\">Cambriolages</a> <span class=\"catalogue__count\">(3)</span>",
    );
    assert_has(
        main,
        "<a href=\"/communes/namur/\">Namur</a> <span class=\"catalogue__count\">(2)</span>",
    );
    assert_has(main, "<a href=\"/stages/suivi/\">suivi</a>");
    // The checkboxes wait, hidden, for the script; free tags are not a filter.
    assert_has(main, "<form class=\"catalogue__form\" data-facets hidden");
    assert_has(
        main,
        "<input type=\"checkbox\" name=\"stages\" value=\"reaction\">",
    );
    assert!(!main.contains("name=\"tags\""), "{main}");
    assert_has(&html, "<script src=\"/catalogue.js\" defer></script>");
    assert!(site.exists("catalogue.js"));
    // Cards in title order; `data-f0` the phenomena, `data-f1` the stages.
    assert_eq!(
        card_attrs(main, "data-f0"),
        [
            "incivilites",
            "cambriolages incivilites",
            "cambriolages",
            "cambriolages"
        ]
    );
    assert_eq!(
        card_attrs(main, "data-f1"),
        ["prevention", "reaction", "prevention", "suivi"]
    );
    // Each practice card names its stages.
    assert_has(main, "<span class=\"badge badge--stage\">réaction</span>");

    // A section of plans has no filters, nor the script.
    let plans = site.read("plans/index.html");
    assert!(!plans.contains("data-facets"), "{plans}");
    assert!(!plans.contains("catalogue.js"), "{plans}");
}

#[test]
fn a_paginated_catalogue_keeps_only_the_links() {
    let site = practices("paginate_by: 1\n")
        .file(
            "content/pratiques/a.md",
            &practice("A", &["Drogues"], &["suivi"], "Gand"),
        )
        .file(
            "content/pratiques/b.md",
            &practice("B", &["Drogues"], &["réaction"], "Gand"),
        );
    assert_eq!(site.build().code, 0);
    // Filtering one page of two would hide what the other holds.
    let html = site.read("pratiques/index.html");
    assert!(!html.contains("data-facets"), "{html}");
    assert!(!html.contains("catalogue.js"), "{html}");
}

/// The related practices of the page at `rel`: their section's HTML and their links, in order.
fn related_of(site: &TestSite, rel: &str) -> (String, Vec<String>) {
    let html = site.read(rel);
    let main = main_of(&html);
    let related = &main[main.find("class=\"related\"").expect("related")..];
    let links = related
        .split("class=\"card__title\"><a href=\"")
        .skip(1)
        .filter_map(|s| s.split('"').next())
        .map(str::to_string)
        .collect();
    (related.to_string(), links)
}

#[test]
fn a_practice_links_to_practices_on_its_phenomena_that_complete_its_chain_first() {
    let site = site();
    let (related, links) = related_of(&site, "pratiques/techno/index.html");
    // Both cover a stage technoprévention lacks; the one sharing more phenomena would come
    // first, but each shares one (burglaries): then the terms' order. Médiation (other
    // phenomenon) and the plan (not a practice) are not related.
    assert_eq!(links.len(), 2, "{related}");
    assert!(links.iter().any(|l| l == "/pratiques/visite/"), "{links:?}");
    assert!(
        links.iter().any(|l| l == "/pratiques/patrouilles/"),
        "{links:?}"
    );

    // Médiation (incivilities, prevention): patrouilles covers reaction, which it lacks.
    let (related, _) = related_of(&site, "pratiques/mediation/index.html");
    assert_has(&related, "/pratiques/patrouilles/");
    assert!(!related.contains("/pratiques/techno/"), "{related}");

    // Guidance and plans have no related practices.
    let plan = site.read("plans/namur/index.html");
    assert!(!plan.contains("class=\"related\""), "{plan}");
}

#[test]
fn a_practice_lacking_a_stage_is_first_shown_the_practice_that_covers_it() {
    let site = practices("")
        .file(
            "content/pratiques/a.md",
            &practice("A", &["Drogues"], &["prévention"], "Gand"),
        )
        // Same stage as A, two shared phenomena: after C, which covers another stage.
        .file(
            "content/pratiques/b.md",
            &practice("B", &["Drogues"], &["prévention"], "Gand"),
        )
        .file(
            "content/pratiques/c.md",
            &practice("C", &["Drogues"], &["réaction", "suivi"], "Gand"),
        )
        .file(
            "content/pratiques/d.md",
            &practice("D", &["Drogues"], &["suivi"], "Gand"),
        );
    assert_eq!(site.build().code, 0);
    let (related, links) = related_of(&site, "pratiques/a/index.html");
    // C covers two stages A lacks, D one, B none.
    assert_eq!(
        links,
        ["/pratiques/c/", "/pratiques/d/", "/pratiques/b/"],
        "{related}"
    );
}

// ---- In the browser, by keyboard alone --------------------------------------------------------

const SHOWN: &str = "[...document.querySelectorAll('[data-facets-list] > li')].filter(li => !li.hidden).map(li => li.querySelector('a').getAttribute('href'))";
const STATUS: &str = "document.querySelector('[data-facets-status]').textContent";

#[test]
fn the_keyboard_alone_filters_the_cards_and_the_url_keeps_the_filters() {
    let Some(mut b) = browser() else { return };
    let site = site();
    let origin = serve(site.public());
    b.open(&format!("{origin}/pratiques/"));
    b.wait("!document.querySelector('form[data-facets]').hidden");
    assert_eq!(
        b.eval("document.querySelector('[data-facets-links]').hidden"),
        json!(true)
    );
    assert_eq!(b.eval(STATUS), json!("Fiches affichées : 4 sur 4"));

    // The first facet (phenomena) is open: tick "Incivilités" with the space bar.
    b.tab_to("input[name=phenomena][value=incivilites]");
    b.key(" ", 32);
    b.wait_for(STATUS, "2 sur 4");
    assert_eq!(
        b.eval(SHOWN),
        json!(["/pratiques/mediation/", "/pratiques/patrouilles/"])
    );
    assert_eq!(b.eval("location.search"), json!("?f0=incivilites"));

    // Stages are closed: open them with Enter on their summary, then tick "réaction".
    b.tab_to("details[data-facet='1'] > summary");
    b.key("Enter", 13);
    b.wait("document.querySelector(\"details[data-facet='1']\").open");
    b.tab_to("input[name=stages][value=reaction]");
    b.key(" ", 32);
    b.wait_for(STATUS, "1 sur 4");
    assert_eq!(b.eval(SHOWN), json!(["/pratiques/patrouilles/"]));
    assert_eq!(
        b.eval("location.search"),
        json!("?f0=incivilites&f1=reaction")
    );

    // The URL brings the same filters back.
    b.open(&format!("{origin}/pratiques/?f0=incivilites&f1=reaction"));
    b.wait_for(STATUS, "1 sur 4");
    assert_eq!(b.eval(SHOWN), json!(["/pratiques/patrouilles/"]));

    // The reset button, reached by Tab and pressed with Enter, shows every card again.
    b.tab_to("button[type=reset]");
    b.key("Enter", 13);
    b.wait_for(STATUS, "4 sur 4");
    assert_eq!(b.eval("location.search"), json!(""));
}
