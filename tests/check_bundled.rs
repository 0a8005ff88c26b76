//! The bundled plans are flagged exactly where their authors left a stage out (see
//! tests/expected-bundled-findings.md), and nowhere else.

use std::process::Command;

#[test]
fn bundled_plans_are_flagged_where_their_authors_left_a_stage_out() {
    let root = env!("CARGO_MANIFEST_DIR");
    let out = Command::new(env!("CARGO_BIN_EXE_maillon"))
        .args(["check", "--format", "json", "--root", root])
        .env("MAILLON_CACHE_DIR", "")
        .output()
        .expect("run maillon");
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let json: serde_json::Value = serde_json::from_slice(&out.stdout).expect("JSON");
    let mut found: Vec<(String, String, u64, String)> = json["diagnostics"]
        .as_array()
        .expect("diagnostics")
        .iter()
        .map(|d| {
            (
                d["rule"].as_str().unwrap_or("").to_string(),
                d["file"]
                    .as_str()
                    .unwrap_or("")
                    .trim_start_matches("content/plans/")
                    .to_string(),
                d["line"].as_u64().unwrap_or(0),
                d["stage"].as_str().unwrap_or("").to_string(),
            )
        })
        .collect();
    found.sort();
    let expected = [
        (
            "chain/inferred-stage",
            "pssp-vauchelles-sur-ourthe-2020-2025.md",
            87,
            "follow-up",
        ),
        (
            "chain/missing-stage",
            "pssp-vauchelles-sur-ourthe-2020-2025.md",
            66,
            "follow-up",
        ),
        (
            "chain/missing-stage",
            "pssp-vauchelles-sur-ourthe-2020-2025.md",
            107,
            "reaction",
        ),
        (
            "chain/missing-stage",
            "pzs-samme-et-thines-2020-2025.md",
            88,
            "follow-up",
        ),
        (
            "chain/missing-stage",
            "pzs-samme-et-thines-2020-2025.md",
            131,
            "prevention",
        ),
        (
            "chain/missing-stage",
            "pzs-vierre-et-sure-2020-2025.md",
            86,
            "follow-up",
        ),
        (
            "chain/missing-stage",
            "pzs-vierre-et-sure-2020-2025.md",
            134,
            "follow-up",
        ),
        (
            "chain/missing-stage",
            "pzs-vierre-et-sure-2020-2025.md",
            134,
            "prevention",
        ),
        (
            "chain/missing-stage",
            "zvp-kempenrode-2020-2025.md",
            122,
            "prevention",
        ),
    ];
    let mut expected: Vec<(String, String, u64, String)> = expected
        .iter()
        .map(|(r, f, l, s)| (r.to_string(), f.to_string(), *l, s.to_string()))
        .collect();
    expected.sort();
    assert_eq!(found, expected);
    assert_eq!(json["summary"]["warnings"], 8);
    assert_eq!(json["summary"]["infos"], 1);
}
