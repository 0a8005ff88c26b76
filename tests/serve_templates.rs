//! Which pages `serve` renders again after a template edit, asked of its rebuild state directly
//! (no server, no watcher, so no timing): a site using the built-in theme with its own
//! `templates/practice.html`, whose templates are edited, added and deleted on disk between
//! calls, as an editor would.

use std::collections::BTreeSet;

use crate::common::TestSite;
use maillon::serve::state::{BuildSettings, Change, State};

/// A template of the built-in theme.
fn theme_template(name: &str) -> String {
    let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("themes/default/templates")
        .join(name);
    std::fs::read_to_string(&path).expect("theme template")
}

/// A home, guidance pages, two practices and a plan; `practice.html` overridden by the site.
fn site() -> TestSite {
    let page = |title: &str| format!("---\ntitle: {title}\n---\nTexte de {title}.\n");
    TestSite::new()
        .file("content/_index.md", "---\ntitle: Accueil\n---\n")
        .file("content/guide/_index.md", "---\ntitle: Guide\n---\n")
        .file("content/guide/intro.md", &page("Introduction"))
        .file(
            "content/pratiques/_index.md",
            "---\ntitle: Pratiques\npage_kind: practice\n---\n",
        )
        .file("content/pratiques/a.md", &page("Pratique A"))
        .file("content/pratiques/b.md", &page("Pratique B"))
        .file(
            "content/plans/_index.md",
            "---\ntitle: Plans\npage_kind: plan\n---\n",
        )
        .file("content/plans/liege.md", &page("Plan de Liège"))
        .file(
            "templates/practice.html",
            &marked(&theme_template("practice.html"), "SURCHARGE-1"),
        )
}

/// `template` (practice.html) with `marker` shown under the page's title.
fn marked(template: &str, marker: &str) -> String {
    let block = "{% block badges %}";
    assert!(
        template.contains(block),
        "practice.html lost its badges block"
    );
    template.replacen(block, &format!("{block}<p>{marker}</p>"), 1)
}

fn start(site: &TestSite) -> State {
    let settings = BuildSettings {
        root: site.root().to_path_buf(),
        drafts: false,
        base_url: "http://127.0.0.1:1111/".into(),
    };
    State::full(settings).expect("first build").0
}

/// The HTML files a change rendered.
fn pages(change: &Change) -> BTreeSet<&str> {
    change
        .files
        .iter()
        .map(|(rel, _)| rel.as_str())
        .filter(|rel| rel.ends_with(".html"))
        .collect()
}

fn text_of(change: &Change, rel: &str) -> String {
    let (_, entry) = change
        .files
        .iter()
        .find(|(r, _)| r == rel)
        .unwrap_or_else(|| panic!("{rel} was not rendered"));
    String::from_utf8_lossy(&entry.plain()).into_owned()
}

fn names(list: &[&str]) -> BTreeSet<String> {
    list.iter().map(|n| n.to_string()).collect()
}

const PRACTICES: [&str; 2] = ["pratiques/a/index.html", "pratiques/b/index.html"];

#[test]
fn a_template_edit_renders_the_pages_using_it() {
    let site = site();
    let mut state = start(&site);
    let write = |rel: &str, text: &str| {
        let path = site.root().join(rel);
        std::fs::create_dir_all(path.parent().expect("parent")).expect("mkdir");
        std::fs::write(path, text).expect("write");
    };

    // The site's practice.html: the practices, nothing else.
    let practice = marked(&theme_template("practice.html"), "SURCHARGE-2");
    write("templates/practice.html", &practice);
    let change = state
        .templates_changed(&names(&["practice.html"]), false)
        .expect("render");
    assert_eq!(pages(&change), BTreeSet::from(PRACTICES));
    assert!(text_of(&change, PRACTICES[0]).contains("SURCHARGE-2"));
    assert!(!change.all && change.what.contains("rendered 2 pages"));

    // A component file, overridden by the site: the templates calling it (practice and plan).
    let facts = theme_template("partials/facts.html").replacen(
        "{% component facts(rows, @t) -%}",
        "{% component facts(rows, @t) -%}<p>FAITS</p>",
        1,
    );
    assert!(facts.contains("FAITS"), "the facts component moved");
    write("templates/partials/facts.html", &facts);
    let change = state
        .templates_changed(&names(&["partials/facts.html"]), false)
        .expect("render");
    let mut expected = BTreeSet::from(PRACTICES);
    expected.insert("plans/liege/index.html");
    assert_eq!(pages(&change), expected);
    assert!(text_of(&change, "plans/liege/index.html").contains("FAITS"));

    // A save the watcher did not name is found by comparing the templates' texts.
    write("templates/practice.html", &marked(&practice, "SURCHARGE-3"));
    let change = state
        .templates_changed(&BTreeSet::new(), false)
        .expect("render");
    assert_eq!(pages(&change), BTreeSet::from(PRACTICES));
    assert!(text_of(&change, PRACTICES[1]).contains("SURCHARGE-3"));

    // Deleting the override brings back the theme's practice.html, on the practices only.
    std::fs::remove_file(site.root().join("templates/practice.html")).expect("delete");
    let change = state
        .templates_changed(&names(&["practice.html"]), false)
        .expect("render");
    assert_eq!(pages(&change), BTreeSet::from(PRACTICES));
    assert!(!text_of(&change, PRACTICES[0]).contains("SURCHARGE"));

    // base.html is extended by every template: every page, and the event says so.
    write(
        "templates/base.html",
        &theme_template("base.html").replacen("</body>", "<p>BASE</p></body>", 1),
    );
    let change = state
        .templates_changed(&names(&["base.html"]), false)
        .expect("render");
    for rel in ["index.html", "guide/intro/index.html", "plans/index.html"] {
        assert!(text_of(&change, rel).contains("BASE"), "{rel}");
    }
    assert!(pages(&change).contains("404.html"));
    assert!(change.all, "{}", change.what);
}

#[test]
fn what_cannot_be_narrowed_renders_every_page() {
    let site = site();
    let mut state = start(&site);
    let every = pages(&state.rebuild().expect("rebuild")).len();
    let count = |change: &Change| pages(change).len();

    // A new template may be picked by pages that named it, or by a kind: every page.
    std::fs::write(
        site.root().join("templates/special.html"),
        "{{ page.title }}",
    )
    .expect("write");
    let change = state
        .templates_changed(&names(&["special.html"]), false)
        .expect("render");
    assert_eq!(count(&change), every);
    assert!(change.all);

    // A name that is no template (a folder moved in whole): every page.
    let change = state
        .templates_changed(&names(&["partials"]), false)
        .expect("render");
    assert_eq!(count(&change), every);

    // UI strings: every page.
    let change = state
        .templates_changed(&BTreeSet::new(), true)
        .expect("render");
    assert_eq!(count(&change), every);
    assert!(change.what.starts_with("UI strings changed"));
}

#[test]
fn a_template_error_keeps_every_change_a_full_rebuild_until_it_is_fixed() {
    let broken = "{% extends \"base.html\" %}{% block content %}<p>\n{{ page.nope.deeper }}</p>{% endblock %}";
    let fixed =
        "{% extends \"base.html\" %}{% block content %}<p>{{ page.title }}</p>{% endblock %}";
    let site = site().file("templates/plan.html", broken);
    let plan_errors = |state: &State| {
        state
            .render_diags
            .iter()
            .filter(|d| d.file.to_string_lossy().ends_with("templates/plan.html"))
            .count()
    };
    let write = |rel: &str, text: &str| std::fs::write(site.root().join(rel), text).expect("write");
    let mut state = start(&site);
    assert_eq!(plan_errors(&state), 1, "{:?}", state.render_diags);
    // A partial render (a practice saved) would only see the practice's errors, so while the
    // plan's stands the next change must rebuild everything, which reports it again.
    assert!(state.rebuild_owed, "a template error is standing");
    write(
        "content/pratiques/a.md",
        "---\ntitle: Pratique A\n---\nTexte revu.\n",
    );
    state.rebuild().expect("rebuild");
    assert_eq!(plan_errors(&state), 1, "{:?}", state.render_diags);
    assert!(state.rebuild_owed);
    // Fixed: nothing reported, nothing owed.
    write("templates/plan.html", fixed);
    state.rebuild().expect("rebuild");
    assert_eq!(plan_errors(&state), 0, "{:?}", state.render_diags);
    assert!(!state.rebuild_owed);
    // Broken again by a template edit, which renders only the plan: owed again.
    write("templates/plan.html", broken);
    state
        .templates_changed(&names(&["plan.html"]), false)
        .expect("template edit");
    assert_eq!(plan_errors(&state), 1, "{:?}", state.render_diags);
    assert!(state.rebuild_owed);
}

/// The preview shows a language lacking UI strings, as `build` reports it, and stops once the
/// strings are added and reloaded.
#[test]
fn the_preview_reports_missing_ui_strings_until_they_are_added() {
    let site = site()
        .file("content/_index.nl.md", "---\ntitle: Onthaal\n---\n")
        .file("i18n/fr.toml", "site_motto = \"Chaque maillon compte\"\n");
    let missing = |state: &State| {
        state
            .diagnostics()
            .filter(|d| d.rule == "theme/missing-string")
            .map(|d| d.message.clone())
            .collect::<Vec<_>>()
    };
    let mut state = start(&site);
    let found = missing(&state);
    assert_eq!(found.len(), 1, "{found:?}");
    assert!(
        found[0].contains("missing in `nl`: `site_motto`"),
        "{found:?}"
    );
    std::fs::write(
        site.root().join("i18n/nl.toml"),
        "site_motto = \"Elke schakel telt\"\n",
    )
    .expect("write nl.toml");
    state
        .templates_changed(&BTreeSet::new(), true)
        .expect("render");
    assert_eq!(missing(&state), Vec::<String>::new());
}
