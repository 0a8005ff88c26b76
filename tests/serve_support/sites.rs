//! The sites the `serve` tests run on: small, built with the tests' one site builder
//! (`common::TestSite`), with a copy of the default theme so templates and stylesheets can be
//! edited like a site's own.

use std::path::Path;

/// The text of `content/plans/a.md` with `text` as its body.
pub(crate) fn page_a(text: &str) -> String {
    format!("---\ntitle: Page A\ntaxonomies:\n  tags: [essai]\n---\n## Titre\n\n{text}\n")
}

/// The sites' `maillon.toml`, with `title` as the site's title.
pub(crate) fn config(title: &str) -> String {
    format!(
        "title = \"{title}\"\nbase_url = \"https://example.be/\"\n[languages.fr]\n[[taxonomies]]\nname = \"tags\"\n"
    )
}

/// A small site in a temporary folder, with a copy of the default theme (so templates and
/// stylesheets can be edited).
pub(crate) fn site() -> tempfile::TempDir {
    let site = crate::common::TestSite::new()
        .file("maillon.toml", &config("Essai"))
        .file(
            "content/_index.md",
            "---\ntitle: Accueil\n---\nBienvenue.\n",
        )
        .file("content/plans/_index.md", "---\ntitle: Plans\n---\n")
        .file("content/plans/a.md", &page_a("Texte initial"))
        .file(
            "content/plans/b.md",
            "---\ntitle: Page B\n---\nVoir [A](@/plans/a.md).\n",
        );
    let root = site.root();
    let theme = Path::new(env!("CARGO_MANIFEST_DIR")).join("themes/default");
    for entry in walkdir::WalkDir::new(&theme) {
        let entry = entry.expect("walk");
        let rel = entry.path().strip_prefix(&theme).expect("rel");
        let to = root.join("themes/default").join(rel);
        if entry.file_type().is_dir() {
            std::fs::create_dir_all(&to).expect("mkdir");
        } else {
            std::fs::copy(entry.path(), &to).expect("copy");
        }
    }
    site.dir
}

/// [`site`] with two practices and a plan, and the site's own `templates/practice.html` (the
/// theme's, showing `SURCHARGE-1`; see [`practice_template`]).
pub(crate) fn site_with_kinds() -> tempfile::TempDir {
    let dir = site();
    let root = dir.path();
    let page = |title: &str| format!("---\ntitle: {title}\n---\nTexte de {title}.\n");
    for (rel, text) in [
        (
            "content/pratiques/_index.md",
            "---\ntitle: Pratiques\npage_kind: practice\n---\n".to_string(),
        ),
        ("content/pratiques/p1.md", page("Pratique 1")),
        ("content/pratiques/p2.md", page("Pratique 2")),
        (
            "content/lsp/_index.md",
            "---\ntitle: Plans locaux\npage_kind: plan\n---\n".to_string(),
        ),
        ("content/lsp/liege.md", page("Plan de Liège")),
        ("templates/practice.html", practice_template("SURCHARGE-1")),
    ] {
        let p = root.join(rel);
        std::fs::create_dir_all(p.parent().expect("parent")).expect("mkdir");
        std::fs::write(p, text).expect("write");
    }
    dir
}

/// The theme's `practice.html` showing `marker` under the page's title.
pub(crate) fn practice_template(marker: &str) -> String {
    let theme = Path::new(env!("CARGO_MANIFEST_DIR")).join("themes/default/templates");
    let text = std::fs::read_to_string(theme.join("practice.html")).expect("practice.html");
    let block = "{% block badges %}";
    assert!(text.contains(block), "practice.html lost its badges block");
    text.replacen(block, &format!("{block}<p>{marker}</p>"), 1)
}
