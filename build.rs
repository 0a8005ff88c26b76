//! Rebuilds the binary when the data it embeds changes: the default theme, the chain models,
//! the checker's messages, the `init` scaffold and the `new` archetypes are compiled in with
//! `include_dir!`, which does not tell cargo about files added later.
//!
//! Also gives `--version` its commit: `MAILLON_COMMIT` when set (a build from a source archive or
//! a container, which has no repository), else `git rev-parse --short HEAD`, else `unknown`.

use std::process::Command;

fn main() {
    println!("cargo:rerun-if-changed=themes/default");
    println!("cargo:rerun-if-changed=data");
    println!("cargo:rerun-if-env-changed=MAILLON_COMMIT");
    // A new commit moves HEAD or the branch it points to (a loose ref, or one packed in
    // packed-refs after a clone). Only files that exist are watched: cargo reruns a build
    // script that watches a missing one at every build.
    let mut watched = vec![".git/HEAD".to_string(), ".git/packed-refs".to_string()];
    if let Ok(head) = std::fs::read_to_string(".git/HEAD")
        && let Some(branch) = head.trim().strip_prefix("ref: ")
    {
        watched.push(format!(".git/{branch}"));
    }
    for path in watched.iter().filter(|p| std::path::Path::new(p).exists()) {
        println!("cargo:rerun-if-changed={path}");
    }
    let commit = std::env::var("MAILLON_COMMIT")
        .ok()
        .filter(|c| !c.trim().is_empty())
        .or_else(|| {
            let out = Command::new("git")
                .args(["rev-parse", "--short=10", "HEAD"])
                .output()
                .ok()?;
            out.status
                .success()
                .then(|| String::from_utf8_lossy(&out.stdout).trim().to_string())
                .filter(|c| !c.is_empty())
        })
        .unwrap_or_else(|| "unknown".into());
    println!("cargo:rustc-env=MAILLON_COMMIT={commit}");
}
