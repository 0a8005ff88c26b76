//! The fuzzers' corpora replayed: every input kept in `fuzz/corpus/<target>/`, and every input
//! that once made a target fail (`fuzz/regressions/<target>/`), run through the same entry point
//! the fuzz target calls (`maillon::fuzz`). A panic fails the test; an empty or missing corpus
//! fails it too, rather than passing on nothing.

use std::path::{Path, PathBuf};

/// The files of `fuzz/<folder>/<target>/`, sorted (none when the folder does not exist).
fn inputs(folder: &str, target: &str) -> Vec<PathBuf> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("fuzz")
        .join(folder)
        .join(target);
    let Ok(entries) = std::fs::read_dir(&dir) else {
        return Vec::new();
    };
    let mut files: Vec<PathBuf> = entries
        .map(|e| e.unwrap().path())
        .filter(|p| p.is_file())
        .collect();
    files.sort();
    files
}

/// Runs every input of `target`'s corpus and regressions through `run`.
fn replay(target: &str, run: fn(&[u8])) {
    let corpus = inputs("corpus", target);
    assert!(
        !corpus.is_empty(),
        "fuzz/corpus/{target}/ is empty or missing"
    );
    for file in corpus.iter().chain(&inputs("regressions", target)) {
        let data = std::fs::read(file).unwrap();
        // Named on the way in, so that a panic's output says which input caused it.
        eprintln!("{}", file.display());
        run(&data);
    }
}

#[test]
fn front_matter_corpus() {
    replay("front_matter", maillon::fuzz::front_matter);
}

#[test]
fn markdown_corpus() {
    replay("markdown", maillon::fuzz::markdown);
}

#[test]
fn plan_corpus() {
    replay("plan", maillon::fuzz::plan);
}

#[test]
fn word_corpus() {
    replay("word", maillon::fuzz::word);
}
