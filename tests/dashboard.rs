//! The coverage dashboard: per language, the plans' coverage of the chain per stage, phenomenon,
//! commune and type of plan, as inline SVG charts with their tables and links, following the
//! chain model.

use crate::common::{TestSite, assert_has, main_of};

/// Two French plans (three priorities: one complete, one without follow-up, one without
/// prevention nor follow-up) and a Dutch plan (complete).
fn site() -> TestSite {
    let site = TestSite::new()
        .file("content/_index.md", "---\ntitle: Accueil\n---\n")
        .file("content/_index.nl.md", "---\ntitle: Start\n---\n")
        .file(
            "content/plans/_index.md",
            "---\ntitle: Plans\npage_kind: plan\n---\n",
        )
        .file(
            "content/plans/namur.md",
            "---\ntitle: Plan de Namur\nplan_type: PSSP\ntaxonomies:\n  phenomena: [\"Cambriolages\", \"Drogues\"]\n  communes: [\"Namur\"]\n---\n\
## Priorité 1 : Cambriolages\n\n### Prévention\n\nConseils de technoprévention.\n\n### Réaction\n\nPatrouilles ciblées.\n\n### Suivi\n\nVisite aux victimes.\n\n\
## Priorité 2 : Drogues\n\n### Prévention\n\nAteliers dans les écoles.\n\n### Réaction\n\nContrôles aux abords des gares.\n",
        )
        .file(
            "content/plans/_index.nl.md",
            "---\ntitle: Plannen\npage_kind: plan\n---\n",
        )
        .file(
            "content/plans/liege.md",
            "---\ntitle: Plan de Liège\nplan_type: PZS\ntaxonomies:\n  phenomena: [\"Drogues\"]\n  communes: [\"Liège\"]\n---\n\
## Priorité 1 : Drogues\n\n### Réaction\n\nContrôles et saisies dans les quartiers.\n",
        )
        .file(
            "content/plans/namur.nl.md",
            "---\ntitle: Plan van Namen\ntaxonomies:\n  phenomena: [\"Inbraken\"]\n---\n\
## Prioriteit 1: Inbraken\n\n### Preventie\n\nAdvies over inbraakpreventie.\n\n### Reactie\n\nGerichte patrouilles.\n\n### Nazorg\n\nBezoek aan de slachtoffers.\n",
        );
    let run = site.build();
    assert_eq!(run.code, 0, "{}\n{}", run.stdout, run.stderr);
    site
}

/// The cells of the table row whose header is `row`, as text.
fn row(html: &str, header: &str) -> Vec<String> {
    let at = html
        .find(&format!(">{header}</th>"))
        .unwrap_or_else(|| panic!("no row {header}"));
    let start = html[..at].rfind("<tr>").expect("row start");
    let end = at + html[at..].find("</tr>").expect("row end");
    html[start..end]
        .split("<td")
        .skip(1)
        .map(|cell| {
            let cell = &cell[cell.find('>').map_or(0, |i| i + 1)..];
            let mut text = String::new();
            let mut tag = false;
            for c in cell.chars() {
                match c {
                    '<' => tag = true,
                    '>' => tag = false,
                    c if !tag => text.push(c),
                    _ => {}
                }
            }
            text.split_whitespace().collect::<Vec<_>>().join(" ")
        })
        .collect()
}

#[test]
fn the_dashboard_counts_each_stage_and_links_the_priorities_that_lack_it() {
    let site = site();
    let html = site.read("couverture/index.html");
    let main = main_of(&html);
    assert_has(
        main,
        "2 plans, 3 priorités, dont 1 (33,3 %) traitent tous les maillons.",
    );
    // Stage rows: covered, inferred, empty, missing, share, gaps.
    assert_eq!(row(main, "Prévention")[..5], ["2", "0", "0", "1", "66,7 %"]);
    assert_eq!(row(main, "Réaction")[..5], ["3", "0", "0", "0", "100 %"]);
    assert_eq!(row(main, "Suivi")[..5], ["1", "0", "0", "2", "33,3 %"]);
    // The priorities behind the follow-up gap, linked to their heading.
    let suivi = &row(main, "Suivi")[5];
    assert!(
        suivi.contains("Plan de Namur — Priorité 2 : Drogues"),
        "{suivi}"
    );
    assert!(
        suivi.contains("Plan de Liège — Priorité 1 : Drogues"),
        "{suivi}"
    );
    assert_has(main, "<a href=\"/plans/namur/#priorite-2-drogues\">");
    assert_has(main, "<a href=\"/plans/liege/#priorite-1-drogues\">");
    // The chart: one bar per stage, its segments as wide as their share.
    assert_eq!(
        main.matches("<svg class=\"chart__bar\"").count(),
        3 + 2 + 2 + 2
    );
    assert_has(
        main,
        "<rect class=\"chart__seg chart__seg--covered\" x=\"0.0\" y=\"0\" width=\"33.3\" height=\"10\"/><rect class=\"chart__seg chart__seg--missing\" x=\"33.3\" y=\"0\" width=\"66.7\" height=\"10\"/>",
    );
    // Hidden from screen readers: the tables say the same, with the links.
    assert_eq!(
        main.matches("<div class=\"chart\" aria-hidden=\"true\">")
            .count(),
        4
    );
}

#[test]
fn the_dashboard_groups_plans_by_phenomenon_commune_and_type_weakest_first() {
    let site = site();
    let html = site.read("couverture/index.html");
    let main = main_of(&html);
    // Drogues: two priorities (Namur 2, Liège 1), none complete; Cambriolages: one, complete.
    let phenomena = &main[main.find("id=\"d-phenomena-title\"").expect("phenomena")..];
    let phenomena = &phenomena[..phenomena.find("</section>").expect("end")];
    let drogues = phenomena.find(">Drogues</a>").expect("drogues");
    let cambriolages = phenomena.find(">Cambriolages</a>").expect("cambriolages");
    assert!(drogues < cambriolages, "weakest first: {phenomena}");
    assert_has(phenomena, "<a href=\"/phenomena/drogues/\">Drogues</a>");
    // Priorities, complete, without prevention / reaction / follow-up, plans.
    assert_eq!(
        row(phenomena, "<a href=\"/phenomena/drogues/\">Drogues</a>"),
        ["2", "0 (0 %)", "1", "0", "2", "Plan de Liège Plan de Namur"]
    );
    assert_has(main, "id=\"d-communes-title\">Par commune</h2>");
    assert_has(main, "id=\"d-plan_type-title\">Par type de plan</h2>");
    assert_eq!(
        row(main, "PZS"),
        ["1", "0 (0 %)", "1", "0", "1", "Plan de Liège"]
    );
}

#[test]
fn each_language_has_its_dashboard_linked_from_every_page() {
    let site = site();
    let nl = site.read("nl/dekking/index.html");
    assert_has(
        main_of(&nl),
        "1 plannen, 1 prioriteiten, waarvan 1 (100%) alle schakels behandelen.",
    );
    // The language switcher goes from one to the other; every page's footer links to it.
    let fr = site.read("couverture/index.html");
    assert_has(&fr, "href=\"/nl/dekking/\"");
    assert_has(&nl, "href=\"/couverture/\"");
    assert_has(
        &site.read("index.html"),
        "<a href=\"/couverture/\">Couverture de la chaîne</a>",
    );
    assert_has(
        &site.read("nl/index.html"),
        "<a href=\"/nl/dekking/\">Dekking van de keten</a>",
    );
}

#[test]
fn the_dashboard_follows_the_chain_model() {
    let site = TestSite::new()
        .file("content/_index.md", "---\ntitle: Accueil\n---\n")
        .file(
            "content/plan.md",
            "---\ntitle: Plan\nkind: plan\n---\n## Priorité 1 : Drogues\n\n### Prévention\n\nAteliers.\n",
        )
        .config("[chain]\nmodel = \"nl-5\"\n");
    let run = site.build();
    assert_eq!(run.code, 0, "{}", run.stderr);
    let main = main_of(&site.read("couverture/index.html")).to_string();
    let stages = &main[..main.find("id=\"d-phenomena-title\"").unwrap_or(main.len())];
    // Five stages: five bars and five rows.
    assert_eq!(
        stages.matches("<svg class=\"chart__bar\"").count(),
        5,
        "{stages}"
    );
    assert_eq!(
        stages
            .matches("<th scope=\"row\" class=\"stage-col")
            .count(),
        5,
        "{stages}"
    );
}

#[test]
fn a_site_without_plans_says_so() {
    let site = TestSite::new().file("content/_index.md", "---\ntitle: Accueil\n---\n");
    assert_eq!(site.build().code, 0);
    let html = site.read("couverture/index.html");
    assert_has(main_of(&html), "Aucun plan n&#39;a encore été lu.");
    assert!(!html.contains("<svg class=\"chart__bar\""), "{html}");
}
