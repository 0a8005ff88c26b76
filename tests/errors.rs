//! Bad input: every error of a run is reported with `file:line:column`, nothing panics, and the
//! previous output is left exactly as it was.

use crate::common::{TestSite, assert_has, listing};

fn broken_site() -> TestSite {
    TestSite::new()
        .file("content/_index.md", "---\ntitle: Accueil\n---\n")
        .file(
            "content/a.md",
            "---\ntitle: A\n---\n## Réaction\n\nVoir [b](@/b.md#suivis) et [c](@/c.md).\n",
        )
        .file(
            "content/b.md",
            "---\ntitle: B\n---\n## Suivi\n\n[rel](./absent.md)\n",
        )
        .file("content/d.md", "---\ntitle: D\ndate: [1, 2\n---\n")
        .file(
            "content/e.md",
            "+++\ntitle = \"E\"\nweight = \"lourd\"\n+++\n",
        )
}

#[test]
fn every_error_is_reported_with_its_location() {
    let site = broken_site();
    let run = site.build();
    assert_eq!(run.code, 1);
    let expected = [
        // In the page's language (French, the site's default).
        "error[links/anchor]: L'ancre `#suivis` du lien `@/b.md#suivis`",
        "--> content/a.md:6:6",
        "error[links/broken]: Le lien vers `@/c.md` ne mène à aucune page.",
        "--> content/a.md:6:28",
        "error[links/broken]: Le lien vers `./absent.md` ne mène à aucune page.",
        "--> content/b.md:6:1",
        "error[front-matter/invalid]",
        "--> content/d.md:3:",
        "--> content/e.md:3:10",
    ];
    let mut at = 0;
    for e in expected {
        let found = run.stderr[at..]
            .find(e)
            .unwrap_or_else(|| panic!("`{e}` not found in order in:\n{}", run.stderr));
        at += found;
    }
    assert_has(&run.stdout, "Build failed: 5 errors");
    assert_has(&run.stderr, "Vouliez-vous dire `#suivi` ?");
    // A page's text is given back once it is rendered; its code frame reads the file again.
    assert_has(&run.stderr, "6 | Voir [b](@/b.md#suivis) et [c](@/c.md).");
}

#[test]
fn a_failed_build_leaves_the_previous_output_byte_for_byte() {
    let site = TestSite::new()
        .file("content/_index.md", "---\ntitle: Accueil\n---\n")
        .file("content/a.md", "---\ntitle: A\n---\nVersion 1.\n");
    assert_eq!(site.build().code, 0);
    let before: Vec<(String, Vec<u8>)> = listing(&site.public())
        .into_iter()
        .map(|f| {
            let bytes = std::fs::read(site.public().join(&f)).unwrap();
            (f, bytes)
        })
        .collect();
    let site = site.file(
        "content/a.md",
        "---\ntitle: A\n---\nVersion 2 [cassé](@/nope.md).\n",
    );
    assert_eq!(site.build().code, 1);
    let after: Vec<(String, Vec<u8>)> = listing(&site.public())
        .into_iter()
        .map(|f| {
            let bytes = std::fs::read(site.public().join(&f)).unwrap();
            (f, bytes)
        })
        .collect();
    assert_eq!(before, after);
    // No staging folder is left beside it.
    let names: Vec<String> = std::fs::read_dir(site.root())
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    assert!(names.iter().all(|n| !n.contains("maillon-")), "{names:?}");
}

#[test]
fn bad_config_is_a_tool_error_with_its_position() {
    let site = TestSite::new().file(
        "maillon.toml",
        "title = \"T\"\n\n[markdown]\nraw_htm = \"allow\"\n",
    );
    let run = site.build();
    assert_eq!(run.code, 2);
    assert_has(&run.stderr, "maillon.toml:4:1: unknown field `raw_htm`");
    let site = TestSite::new().file("maillon.toml", "title = \n");
    assert_eq!(site.build().code, 2);
}

#[test]
fn a_missing_root_is_a_tool_error() {
    let site = TestSite::new();
    std::fs::remove_file(site.root().join("maillon.toml")).unwrap();
    let run = site.build();
    assert_eq!(run.code, 2);
    assert_has(&run.stderr, "no maillon.toml");
}

#[test]
fn hostile_input_never_panics() {
    let cases = [
        "---\n",
        "+++\n",
        "---\ntitle: [\n---\n",
        "---\n&a [*a, *a, *a, *a, *a, *a, *a, *a, *a]\n---\n",
        "---\ntitle: x\ntaxonomies: 3\n---\n",
        "---\ntitle: x\ndate: 2024-13-45\n---\n",
        "\u{feff}---\ntitle: BOM\n---\n# ok\n",
        "---\ntitle: x\n---\n[a](@/../../../etc/passwd.md) [b](#) [c](@/) [d](%%%.md)\n",
        "---\ntitle: x\n---\n## \n\n##  {#}\n\n<!-- more\n",
    ];
    for (i, text) in cases.iter().enumerate() {
        let site = TestSite::new().file(&format!("content/p{i}.md"), text);
        let run = site.build();
        assert!(
            run.code == 0 || run.code == 1,
            "case {i}: code {} {}",
            run.code,
            run.stderr
        );
        assert!(!run.stderr.contains("panicked"), "case {i}: {}", run.stderr);
    }
    let site = TestSite::new();
    std::fs::create_dir_all(site.root().join("content")).unwrap();
    std::fs::write(site.root().join("content/bin.md"), [0xff, 0xfe, 0x00, 0x41]).unwrap();
    let run = site.build();
    assert_eq!(run.code, 1);
    assert_has(&run.stderr, "not valid UTF-8");
}
