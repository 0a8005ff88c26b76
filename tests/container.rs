//! The container recipe (`Dockerfile`): its shape, read as text everywhere; then, where a Docker
//! daemon answers, the image built and run on a copy of the bundled site. Without a daemon the
//! second test prints that it is skipped, unless `CI=true` and a daemon answers `docker info`.

use std::path::Path;
use std::process::Command;

const ROOT: &str = env!("CARGO_MANIFEST_DIR");

/// The instructions of the Dockerfile (comments and continuations joined), as (keyword, rest).
fn instructions() -> Vec<(String, String)> {
    let text = std::fs::read_to_string(Path::new(ROOT).join("Dockerfile")).unwrap();
    let joined = text
        .lines()
        .filter(|l| !l.trim_start().starts_with('#'))
        .collect::<Vec<_>>()
        .join("\n")
        .replace("\\\n", " ");
    joined
        .lines()
        .filter(|l| !l.trim().is_empty())
        .map(|l| {
            let (keyword, rest) = l.trim().split_once(' ').unwrap_or((l.trim(), ""));
            (keyword.to_uppercase(), rest.trim().to_string())
        })
        .collect()
}

#[test]
fn the_image_is_multi_stage_and_its_last_stage_holds_the_binary_run_by_a_non_root_user() {
    let steps = instructions();
    let stages: Vec<usize> = (0..steps.len()).filter(|&i| steps[i].0 == "FROM").collect();
    assert!(stages.len() >= 2, "{steps:?}");
    assert!(steps[stages[0]].1.ends_with(" AS build"), "{steps:?}");
    let last = &steps[*stages.last().unwrap()..];
    // Only the binary comes into the final image, from the build stage.
    let copies: Vec<&String> = last
        .iter()
        .filter(|s| s.0 == "COPY")
        .map(|s| &s.1)
        .collect();
    assert_eq!(
        copies,
        ["--from=build /src/target/release/maillon /usr/local/bin/maillon"]
    );
    let user = last.iter().rfind(|s| s.0 == "USER").expect("a USER");
    assert!(!["root", "0", "0:0"].contains(&user.1.as_str()), "{user:?}");
    assert!(
        last.iter()
            .any(|s| s.0 == "ENTRYPOINT" && s.1.contains("/usr/local/bin/maillon")),
        "{last:?}"
    );
    // The build context holds what the build stage copies, and not target/.
    let ignore = std::fs::read_to_string(Path::new(ROOT).join(".dockerignore")).unwrap();
    assert!(ignore.lines().any(|l| l.trim() == "*"));
    for step in steps[..stages[1]].iter().filter(|s| s.0 == "COPY") {
        for source in step.1.split_whitespace().rev().skip(1) {
            assert!(
                ignore.lines().any(|l| l.trim() == format!("!{source}")),
                "{source} is copied but left out of the context"
            );
        }
    }
}

/// Whether a Docker daemon answers.
fn docker() -> bool {
    Command::new("docker")
        .arg("info")
        .output()
        .is_ok_and(|o| o.status.success())
}

#[test]
fn the_image_builds_and_checks_and_builds_a_mounted_site() {
    if !docker() {
        // No daemon, under CI too: there is nothing to build the image with.
        println!("skipped: no Docker daemon answers `docker info`");
        return;
    }
    let tag = "maillon-test:latest";
    let built = Command::new("docker")
        .args(["build", "-q", "-t", tag, ROOT])
        .status()
        .unwrap();
    assert!(built.success(), "docker build failed");
    let site = tempfile::tempdir().unwrap();
    std::fs::copy(
        Path::new(ROOT).join("maillon.toml"),
        site.path().join("maillon.toml"),
    )
    .unwrap();
    let copied = Command::new("cp")
        .args(["-r", &format!("{ROOT}/content")])
        .arg(site.path())
        .status()
        .unwrap();
    assert!(copied.success());
    let mount = format!("{}:/site", site.path().display());
    let user = format!(
        "{}:{}",
        String::from_utf8(Command::new("id").arg("-u").output().unwrap().stdout)
            .unwrap()
            .trim(),
        String::from_utf8(Command::new("id").arg("-g").output().unwrap().stdout)
            .unwrap()
            .trim()
    );
    for args in [vec!["check"], vec!["build"], vec!["--version"]] {
        let o = Command::new("docker")
            .args(["run", "--rm", "--user", &user, "-v", &mount, tag])
            .args(&args)
            .output()
            .unwrap();
        assert!(
            o.status.success(),
            "maillon {args:?} in the container: {}",
            String::from_utf8_lossy(&o.stderr)
        );
    }
    assert!(site.path().join("public/index.html").is_file());
}
