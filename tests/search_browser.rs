//! Search in a real headless Chromium, against a built site served on 127.0.0.1: typing, the
//! keyboard, filters, `?q=`, the Dutch page, no JavaScript, no request leaving the site.
//!
//! Chromium is driven through the DevTools protocol (`tests/browser/`), so keys are real key
//! events. Without Chromium these tests print that they are skipped, unless `CI=true`, where a
//! missing Chromium fails them.

use crate::browser::{browser, serve};
use crate::common::TestSite;
use serde_json::json;

fn practice(title: &str, phenomenon: &str, stage: &str, body: &str) -> String {
    format!(
        "---\ntitle: \"{title}\"\ntaxonomies:\n  phenomena: [\"{phenomenon}\"]\n  stages: [\"{stage}\"]\n---\n{body}\n"
    )
}

/// Three practices and a plan in French, one practice in Dutch.
fn site() -> TestSite {
    let site = TestSite::new()
        .file("content/_index.md", "---\ntitle: Accueil\n---\n")
        .file(
            "content/pratiques/_index.md",
            "---\ntitle: Bonnes pratiques\npage_kind: practice\n---\n",
        )
        .file(
            "content/pratiques/techno.md",
            &practice(
                "Technoprévention contre les cambriolages",
                "Cambriolages",
                "prévention",
                "Des conseillers en technoprévention visitent les habitations.",
            ),
        )
        .file(
            "content/pratiques/veille.md",
            &practice(
                "Veille après un cambriolage",
                "Cambriolages",
                "suivi",
                "Les victimes reçoivent une visite de suivi.",
            ),
        )
        .file(
            "content/pratiques/mediation.md",
            &practice(
                "Médiation de quartier",
                "Incivilités",
                "réaction",
                "La médiation règle les conflits de voisinage.",
            ),
        )
        .file(
            "content/plans/_index.md",
            "---\ntitle: Plans\npage_kind: plan\n---\n",
        )
        .file(
            "content/plans/liege.md",
            "---\ntitle: Plan de Liège\ntaxonomies:\n  phenomena: [\"Cambriolages\"]\n---\n## Priorité 1 : Cambriolages\n\nPatrouilles et conseils.\n",
        )
        .file(
            "content/pratiques/techno.nl.md",
            &practice(
                "Technopreventie tegen inbraken",
                "Inbraak",
                "preventie",
                "Adviseurs bezoeken woningen.",
            ),
        );
    let run = site.build();
    assert_eq!(run.code, 0, "{}\n{}", run.stdout, run.stderr);
    site
}

const INPUT: &str = "document.getElementById('m-search-page-q')";

// ---- The tests --------------------------------------------------------------------------------

#[test]
fn typing_shows_results_and_the_keyboard_moves_through_them() {
    let Some(mut b) = browser() else { return };
    let site = site();
    let origin = serve(site.public());
    b.open(&format!("{origin}/search/"));
    b.answered("");
    assert_eq!(
        b.eval("document.activeElement.id"),
        json!("m-search-page-q")
    );

    // While typing, the last word is a prefix.
    b.type_text("cambrio");
    b.answered("cambrio");
    let mut found = b.results();
    found.sort();
    assert_eq!(
        found,
        ["/plans/liege/", "/pratiques/techno/", "/pratiques/veille/"]
    );
    b.type_text("lages");
    b.answered("cambriolages");
    assert_eq!(b.results().len(), 3);
    assert_eq!(b.eval("location.search"), json!("?q=cambriolages"));
    let status = b.eval("document.querySelector('[role=status]').textContent");
    assert_eq!(status, json!("3 résultats pour « cambriolages »."));
    assert!(
        b.eval("document.querySelectorAll('.search__results mark').length")
            .as_u64()
            .is_some_and(|n| n >= 1)
    );

    // Arrow keys go down the results and back to the field; Escape returns to it.
    let first = b.results()[0].clone();
    let second = b.results()[1].clone();
    b.key("ArrowDown", 40);
    assert_eq!(
        b.eval("document.activeElement.getAttribute('href')"),
        json!(first)
    );
    b.key("ArrowDown", 40);
    assert_eq!(
        b.eval("document.activeElement.getAttribute('href')"),
        json!(second)
    );
    b.key("ArrowUp", 38);
    b.key("ArrowUp", 38);
    assert_eq!(
        b.eval("document.activeElement.id"),
        json!("m-search-page-q")
    );
    b.key("ArrowDown", 40);
    b.key("Escape", 27);
    assert_eq!(
        b.eval("document.activeElement.id"),
        json!("m-search-page-q")
    );

    // Enter searches at once; filters narrow the results.
    b.eval(&format!("{INPUT}.value = ''"));
    b.type_text("mediation");
    b.key("Enter", 13);
    b.answered("mediation");
    assert_eq!(b.results(), ["/pratiques/mediation/"]);
    b.eval(&format!("{INPUT}.value = ''"));
    b.type_text("cambriolage");
    b.answered("cambriolage");
    assert_eq!(b.results().len(), 3);
    b.eval("document.querySelector('input[data-facet=kind][value=plan]').click()");
    b.answered("cambriolage");
    assert_eq!(b.results(), ["/plans/liege/"]);
    b.eval("document.querySelector('input[data-facet=kind][value=plan]').click()");
    b.eval("document.querySelector('input[data-facet=stages][value=suivi]').click()");
    b.answered("cambriolage");
    assert_eq!(b.results(), ["/pratiques/veille/"]);
    assert_eq!(
        b.eval("location.search"),
        json!("?q=cambriolage&stages=suivi")
    );
    b.eval("document.querySelector('input[data-facet=phenomena][value=incivilites]').click()");
    b.answered("cambriolage");
    assert!(b.results().is_empty(), "phenomena and stages both apply");
}

#[test]
fn the_url_query_works_and_the_dutch_page_searches_dutch_pages_only() {
    let Some(mut b) = browser() else { return };
    let site = site();
    let origin = serve(site.public());
    b.open(&format!("{origin}/search/?q=cambriolages"));
    b.answered("cambriolages");
    assert_eq!(b.results().len(), 3);
    assert_eq!(b.eval(&format!("{INPUT}.value")), json!("cambriolages"));
    let ms: f64 = b
        .eval("document.querySelector('[data-search]').dataset.queryMs")
        .as_str()
        .and_then(|s| s.parse().ok())
        .expect("query time");
    assert!(ms < 50.0, "query took {ms} ms");

    // A filter in the URL is ticked and applied.
    b.open(&format!("{origin}/search/?q=cambriolages&kind=plan"));
    b.answered("cambriolages");
    assert_eq!(b.results(), ["/plans/liege/"]);

    b.open(&format!("{origin}/nl/search/?q=inbraak"));
    b.answered("inbraak");
    assert_eq!(b.results(), ["/nl/pratiques/techno/"]);
    assert_eq!(b.eval("document.documentElement.lang"), json!("nl"));
    b.open(&format!("{origin}/nl/search/?q=cambriolages"));
    b.answered("cambriolages");
    assert!(
        b.results().is_empty(),
        "French pages are not in the Dutch index"
    );
    let status = b.eval("document.querySelector('[role=status]').textContent");
    assert_eq!(status, json!("Geen resultaten voor „cambriolages”."));
}

#[test]
fn no_request_leaves_the_site_and_without_javascript_the_page_says_so() {
    let Some(mut b) = browser() else { return };
    let site = site();
    let origin = serve(site.public());
    b.call("Network.enable", json!({}));
    b.open(&format!("{origin}/search/?q=veille"));
    b.answered("veille");
    assert_eq!(b.results(), ["/pratiques/veille/"]);
    let urls: Vec<String> = b
        .events
        .iter()
        .filter(|e| e["method"] == "Network.requestWillBeSent")
        .filter_map(|e| e["params"]["request"]["url"].as_str().map(String::from))
        .collect();
    assert!(urls.iter().any(|u| u.ends_with(".bin")), "{urls:?}");
    for url in &urls {
        assert!(url.starts_with(&origin), "request outside the site: {url}");
    }

    b.call(
        "Emulation.setScriptExecutionDisabled",
        json!({"value": true}),
    );
    b.open(&format!("{origin}/nl/search/"));
    let text = b.eval("document.querySelector('main').innerText");
    assert!(
        text.as_str()
            .is_some_and(|t| t.contains("Zoeken werkt met JavaScript")),
        "{text}"
    );
    assert_eq!(
        b.eval("document.querySelector('[data-search]').hidden"),
        json!(true)
    );
    assert_eq!(
        b.eval("!!document.querySelector('main a[href=\"/nl/phenomena/\"]')"),
        json!(true)
    );
}
