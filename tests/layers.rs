//! The layer order declared in the crate documentation (`src/lib.rs`, under "Layers") holds:
//! no module of `src/` names, in code, a module listed after it.

use std::collections::HashMap;
use std::path::Path;

/// The modules in layer order, as `src/lib.rs` declares them.
fn layers(lib: &str) -> Vec<String> {
    let doc: Vec<&str> = lib.lines().filter_map(|l| l.strip_prefix("//!")).collect();
    let start = doc
        .iter()
        .position(|l| l.trim() == "# Layers")
        .expect("a Layers section in the crate doc");
    let mut fences = doc[start..]
        .iter()
        .enumerate()
        .filter(|(_, l)| l.trim().starts_with("```"))
        .map(|(i, _)| start + i);
    let (open, close) = (fences.next().unwrap(), fences.next().unwrap());
    let mut order = Vec::new();
    for line in &doc[open + 1..close] {
        // The module names open the line; two spaces or more, then what they are.
        let names = line.trim().split("  ").next().unwrap_or("");
        order.extend(names.split_whitespace().map(str::to_string));
    }
    order
}

/// The top-level module a file of `src/` belongs to.
fn module_of(rel: &Path) -> String {
    let first = rel
        .components()
        .next()
        .unwrap()
        .as_os_str()
        .to_string_lossy();
    first.trim_end_matches(".rs").to_string()
}

/// The code of a file, comments and the `#[cfg(test)]` tail left out.
fn code(text: &str) -> String {
    let text = match text.find("#[cfg(test)]\nmod tests") {
        Some(at) => &text[..at],
        None => text,
    };
    text.lines()
        .map(|l| match l.find("//") {
            Some(at) => &l[..at],
            None => l,
        })
        .collect::<Vec<_>>()
        .join("\n")
}

#[test]
fn every_module_uses_only_the_layers_before_it() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let lib = std::fs::read_to_string(root.join("src/lib.rs")).unwrap();
    let order = layers(&lib);
    let rank: HashMap<&str, usize> = order
        .iter()
        .enumerate()
        .map(|(i, m)| (m.as_str(), i))
        .collect();
    let src = root.join("src");
    // Every module of lib.rs has its place in the order.
    for line in lib
        .lines()
        .filter(|l| l.starts_with("pub mod ") || l.starts_with("mod "))
    {
        let name = line
            .split_whitespace()
            .last()
            .unwrap()
            .trim_end_matches(';');
        assert!(
            rank.contains_key(name),
            "module `{name}` is not in the layer order"
        );
    }
    let mut upward = Vec::new();
    for entry in walkdir::WalkDir::new(&src) {
        let entry = entry.unwrap();
        let path = entry.path();
        if path.extension().is_none_or(|e| e != "rs") {
            continue;
        }
        let rel = path.strip_prefix(&src).unwrap();
        let module = module_of(rel);
        let Some(&own) = rank.get(module.as_str()) else {
            continue; // lib.rs, main.rs: above every layer
        };
        let text = code(&std::fs::read_to_string(path).unwrap());
        for (at, _) in text.match_indices("crate::") {
            let name: String = text[at + 7..]
                .chars()
                .take_while(|c| c.is_ascii_alphanumeric() || *c == '_')
                .collect();
            if let Some(&used) = rank.get(name.as_str())
                && used > own
            {
                upward.push(format!("{} uses crate::{name}", rel.display()));
            }
        }
    }
    upward.sort();
    upward.dedup();
    assert!(
        upward.is_empty(),
        "these point up the layer order of src/lib.rs:\n{}",
        upward.join("\n")
    );
}

#[test]
fn the_order_is_read_as_written() {
    let lib = "//! # Layers\n//!\n//! ```text\n//! a b   leaves\n//! c     next\n//! ```\n";
    assert_eq!(layers(lib), ["a", "b", "c"]);
    assert_eq!(
        code("use x; // crate::up\n#[cfg(test)]\nmod tests { crate::up }"),
        "use x; "
    );
}
