//! The bundled site (this repository's `content/`) builds cleanly, every file becomes a page, and
//! it holds what the project promises: framework pages, at least 12 good practices, at least 8
//! plans, Dutch and German translations.

use std::path::Path;
use std::process::Command;

fn build_bundled(out: &Path) -> (i32, String, String) {
    let root = env!("CARGO_MANIFEST_DIR");
    let o = Command::new(env!("CARGO_BIN_EXE_maillon"))
        .args(["build", "--root", root, "--output"])
        .arg(out)
        .env("NO_COLOR", "1")
        .output()
        .expect("run maillon");
    (
        o.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&o.stdout).into_owned(),
        String::from_utf8_lossy(&o.stderr).into_owned(),
    )
}

/// The output file of `content/<rel>` (the bundled site sets no slugs).
fn expected_output(rel: &str) -> String {
    let stem = rel.trim_end_matches(".md");
    let (stem, lang) = match stem.rsplit_once('.') {
        Some((s, l)) => (s, Some(l)),
        None => (stem, None),
    };
    let prefix = lang.map(|l| format!("{l}/")).unwrap_or_default();
    let path = stem
        .strip_suffix("_index")
        .unwrap_or(&format!("{stem}/"))
        .to_string();
    format!("{prefix}{path}index.html")
}

#[test]
fn every_bundled_page_is_built_with_only_the_intended_findings() {
    let out = tempfile::tempdir().unwrap();
    let public = out.path().join("public");
    let (code, stdout, stderr) = build_bundled(&public);
    assert_eq!(code, 0, "{stdout}\n{stderr}");
    // The only findings are the plans' intended gaps (tests/check_bundled.rs checks them one by one).
    let kinds: Vec<&str> = stderr
        .lines()
        .filter(|l| l.starts_with("error") || l.starts_with("warning") || l.starts_with("info"))
        .map(|l| l.split(':').next().unwrap_or(""))
        .collect();
    assert!(
        kinds
            .iter()
            .all(|k| *k == "warning[chain/missing-stage]" || *k == "info[chain/inferred-stage]"),
        "{stderr}"
    );

    let content = Path::new(env!("CARGO_MANIFEST_DIR")).join("content");
    let files = crate::common::listing(&content);
    let md: Vec<&String> = files.iter().filter(|f| f.ends_with(".md")).collect();
    for rel in &md {
        let html = public.join(expected_output(rel));
        let text = std::fs::read_to_string(&html)
            .unwrap_or_else(|_| panic!("content/{rel} has no {}", html.display()));
        assert!(text.contains("<main"), "{} has no <main>", html.display());
    }

    // Pages of `dir` in a language: "fr" (no suffix), "nl" or "de".
    let count = |dir: &str, lang: &str| {
        md.iter()
            .filter(|f| f.starts_with(dir) && !f.contains("_index"))
            .filter(|f| match lang {
                "fr" => !f.ends_with(".nl.md") && !f.ends_with(".de.md"),
                other => f.ends_with(&format!(".{other}.md")),
            })
            .count()
    };
    assert!(
        count("bonnes-pratiques/", "fr") >= 12,
        "at least 12 good practices"
    );
    assert!(
        count("bonnes-pratiques/", "nl") >= 4,
        "at least 4 Dutch practices"
    );
    assert!(
        count("bonnes-pratiques/", "de") >= 4,
        "at least 4 German practices"
    );
    assert!(count("plans/", "fr") >= 8, "at least 8 plans");
    for page in [
        "_index.nl.md",
        "cadre/chaine-de-securite.nl.md",
        "_index.de.md",
        "cadre/chaine-de-securite.de.md",
        "cadre/note-cadre-2004.de.md",
        "guide/rediger-un-plan.md",
    ] {
        assert!(md.iter().any(|f| f.as_str() == page), "{page} missing");
    }

    // Translations point at each other, and the Dutch and German homes are in their language.
    let chain =
        std::fs::read_to_string(public.join("cadre/chaine-de-securite/index.html")).unwrap();
    assert!(chain.contains(r#"hreflang="nl""#));
    assert!(chain.contains(r#"hreflang="de""#));
    let nl_home = std::fs::read_to_string(public.join("nl/index.html")).unwrap();
    assert!(nl_home.contains(r#"<html lang="nl""#));
    let de_home = std::fs::read_to_string(public.join("de/index.html")).unwrap();
    assert!(de_home.contains(r#"<html lang="de""#));
    // Site-wide files.
    for f in [
        "sitemap.xml",
        "atom.xml",
        "nl/atom.xml",
        "robots.txt",
        "404.html",
    ] {
        assert!(public.join(f).is_file(), "{f} missing");
    }
}

#[test]
fn init_writes_a_site_that_builds_and_never_overwrites() {
    let dir = tempfile::tempdir().unwrap();
    let site = dir.path().join("ma-commune");
    let bin = env!("CARGO_BIN_EXE_maillon");
    let init = Command::new(bin).arg("init").arg(&site).output().unwrap();
    assert!(
        init.status.success(),
        "{}",
        String::from_utf8_lossy(&init.stderr)
    );
    let build = Command::new(bin)
        .args(["build", "--root"])
        .arg(&site)
        .output()
        .unwrap();
    assert!(
        build.status.success(),
        "{}",
        String::from_utf8_lossy(&build.stderr)
    );
    let plan = std::fs::read_to_string(site.join("public/plans/plan-local/index.html")).unwrap();
    assert!(plan.contains("Priorité 1 : Cambriolages"));

    std::fs::write(site.join("content/_index.md"), "mine").unwrap();
    let again = Command::new(bin).arg("init").arg(&site).output().unwrap();
    assert_eq!(again.status.code(), Some(2));
    assert_eq!(
        std::fs::read_to_string(site.join("content/_index.md")).unwrap(),
        "mine"
    );
}

#[test]
fn help_is_available_on_every_command() {
    let bin = env!("CARGO_BIN_EXE_maillon");
    for args in [
        vec!["--help"],
        vec!["build", "--help"],
        vec!["init", "--help"],
    ] {
        let o = Command::new(bin).args(&args).output().unwrap();
        assert!(o.status.success());
        assert!(
            String::from_utf8_lossy(&o.stdout).contains("Usage"),
            "{args:?}"
        );
    }
}
