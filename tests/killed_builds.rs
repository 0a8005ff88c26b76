//! A build killed at any moment loses nothing: `public/` is always either the previous output or
//! the new one, whole, and the next build cleans what the killed one left. The build is killed
//! with SIGKILL (nothing of it runs after) at many points of its write, found by watching its
//! staging folder fill, and once just as it swaps the new output in.

use std::path::Path;
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use crate::common::tree_hashes;

/// Writes a site of `pages` pages whose text says `version`.
fn write_site(root: &Path, pages: usize, version: &str) {
    std::fs::create_dir_all(root.join("content/guide")).unwrap();
    std::fs::write(
        root.join("maillon.toml"),
        "title = \"Test\"\nbase_url = \"https://example.be/\"\n[languages.fr]\n",
    )
    .unwrap();
    std::fs::write(
        root.join("content/guide/_index.md"),
        "---\ntitle: Guide\n---\n",
    )
    .unwrap();
    for i in 0..pages {
        let text = format!(
            "---\ntitle: Page {i}\ntaxonomies:\n  phenomenes: [vols]\n---\n# Page {i}\n\n{}\n",
            format!("Texte de la {version} sur la prévention des vols. ").repeat(40)
        );
        std::fs::write(root.join(format!("content/guide/page-{i}.md")), text).unwrap();
    }
}

fn start(root: &Path, output: &Path) -> Child {
    Command::new(env!("CARGO_BIN_EXE_maillon"))
        .args(["build", "--root"])
        .arg(root)
        .arg("--output")
        .arg(output)
        .env("NO_COLOR", "1")
        .env("MAILLON_CACHE_DIR", "")
        .stdin(Stdio::null())
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .unwrap()
}

fn build(root: &Path, output: &Path) {
    let status = start(root, output).wait().unwrap();
    assert!(status.success(), "the build failed");
}

/// Files in the staging folders beside `public` (a build's own, `.public.maillon-<pid>`).
fn staged(parent: &Path) -> usize {
    std::fs::read_dir(parent)
        .unwrap()
        .filter_map(Result::ok)
        .filter(|e| {
            e.file_name()
                .to_string_lossy()
                .starts_with(".public.maillon-")
        })
        .map(|e| {
            walkdir::WalkDir::new(e.path())
                .into_iter()
                .filter_map(Result::ok)
                .filter(|f| f.file_type().is_file())
                .count()
        })
        .sum()
}

fn leftovers(parent: &Path) -> Vec<String> {
    std::fs::read_dir(parent)
        .unwrap()
        .filter_map(Result::ok)
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .filter(|n| n.starts_with(".public."))
        .collect()
}

#[test]
fn a_killed_build_leaves_the_old_output_or_the_new_one_whole() {
    let dir = tempfile::tempdir().unwrap();
    let (old_site, new_site) = (dir.path().join("old"), dir.path().join("new"));
    write_site(&old_site, 300, "version 1");
    write_site(&new_site, 300, "version 2");
    // What each version's output is, built without interruption elsewhere.
    let out = dir.path().join("out");
    std::fs::create_dir_all(&out).unwrap();
    build(&old_site, &out.join("public"));
    let old = tree_hashes(&out.join("public"), &[]);
    build(&new_site, &dir.path().join("reference"));
    let new = tree_hashes(&dir.path().join("reference"), &[]);
    assert_ne!(old, new);
    let total = new.len();
    assert!(total > 300, "{total} files");

    let public = out.join("public");
    let mut outcomes = Vec::new();
    // Kill when the staging folder holds 0 %, 10 %, … 90 % of the files, and when it holds
    // them all (around the swap).
    for tenth in 0..=10 {
        let wanted = total * tenth / 10;
        let mut child = start(&new_site, &public);
        let began = Instant::now();
        while staged(&out) < wanted && began.elapsed() < Duration::from_mins(1) {
            if child.try_wait().unwrap().is_some() {
                break;
            }
            std::thread::sleep(Duration::from_millis(1));
        }
        let _ = child.kill();
        let _ = child.wait();
        let now = tree_hashes(&public, &[]);
        let outcome = if now == old {
            "old"
        } else if now == new {
            "new"
        } else {
            panic!(
                "killed at {wanted} of {total} files: public/ is neither output ({} files)",
                now.len()
            )
        };
        outcomes.push((wanted, outcome));
        if outcome == "new" {
            // Back to the old output for the next kill.
            build(&old_site, &public);
            assert_eq!(tree_hashes(&public, &[]), old);
        }
    }
    assert!(
        outcomes.iter().filter(|(_, o)| *o == "old").count() >= 8,
        "most kills must land during the write: {outcomes:?}"
    );

    eprintln!("kills (files staged, output found): {outcomes:?}");

    // A build killed halfway leaves its staging folder; the next one finishes and removes it.
    let mut child = start(&new_site, &public);
    while staged(&out) < total / 2 && child.try_wait().unwrap().is_none() {
        std::thread::sleep(Duration::from_millis(1));
    }
    let _ = child.kill();
    let _ = child.wait();
    assert_eq!(tree_hashes(&public, &[]), old);
    assert_eq!(leftovers(&out).len(), 1, "{:?}", leftovers(&out));
    build(&new_site, &public);
    assert_eq!(tree_hashes(&public, &[]), new);
    assert_eq!(leftovers(&out), Vec::<String>::new());
}
