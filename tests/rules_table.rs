//! The README's table of rules is the registry's (`src/rule.rs`): the same rules, severities and
//! summaries, in the same order, so the two never drift apart.

use std::fmt::Write as _;

/// The table as the registry writes it.
fn table() -> String {
    let mut out = String::from("| rule | severity | flags |\n|---|---|---|\n");
    for rule in maillon::rule::ALL {
        let _ = writeln!(
            out,
            "| `{}` | {} | {} |",
            rule.id,
            rule.severity.label(),
            rule.summary.replace('|', "\\|")
        );
    }
    out
}

#[test]
fn the_readme_lists_every_rule_as_the_registry_does() {
    let readme =
        std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/README.md")).unwrap();
    let begin = "<!-- rules: from src/rule.rs -->\n";
    let start = readme.find(begin).expect("the rules table's marker") + begin.len();
    let end = start + readme[start..].find("\n\n").unwrap_or(readme.len() - start) + 1;
    let written = &readme[start..end];
    let expected = table();
    assert_eq!(
        written, expected,
        "README.md's table of rules differs from src/rule.rs; write this under the marker:\n{expected}"
    );
}
