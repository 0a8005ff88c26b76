//! Hostile input: each case is a tiny site that first builds cleanly, then receives one bad
//! file (or link, template, config) and is built again. Whatever the case, the build must not
//! panic or hang, must exit with the documented code (0: built, warnings allowed; 1: the content
//! has errors; 2: the tool could not run), must name the file (and line, where there is one)
//! in what it says, must write nothing outside its output folder, and, when it fails, must
//! leave the previous output exactly as it was.
//!
//! The cases are data (`cases.rs`), grouped by what they attack, one test per group so they
//! run in parallel.

mod cases;

use std::path::Path;
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

/// A build that takes longer than this is taken for a hang.
const HANG: Duration = Duration::from_mins(2);

/// One hostile site.
pub(crate) struct Case {
    name: &'static str,
    files: Vec<(String, Vec<u8>)>,
    setup: Option<fn(&Path)>,
    code: i32,
    says: Vec<String>,
    check: Option<fn(&Path)>,
    command: &'static str,
    config: String,
}

/// A case named `name`; by default it expects exit 0 and says nothing in particular.
pub(crate) fn case(name: &'static str) -> Case {
    Case {
        name,
        files: Vec::new(),
        setup: None,
        code: 0,
        says: Vec::new(),
        check: None,
        command: "build",
        config: String::new(),
    }
}

impl Case {
    /// Writes `text` at `rel` (relative to the site).
    pub(crate) fn file(self, rel: &str, text: impl Into<String>) -> Self {
        self.bytes(rel, text.into().into_bytes())
    }

    /// Writes `bytes` at `rel`.
    pub(crate) fn bytes(mut self, rel: &str, bytes: impl Into<Vec<u8>>) -> Self {
        self.files.push((rel.to_string(), bytes.into()));
        self
    }

    /// Appends `toml` to the site's maillon.toml.
    pub(crate) fn config(self, toml: &str) -> Self {
        let mut case = self;
        case.config.push_str(toml);
        case
    }

    /// Does something to the site (given its root) after the files are written.
    pub(crate) fn setup(mut self, f: fn(&Path)) -> Self {
        self.setup = Some(f);
        self
    }

    /// The build exits with `code` and its output contains each of `says`.
    pub(crate) fn exits(mut self, code: i32, says: &[&str]) -> Self {
        self.code = code;
        self.says = says.iter().map(|s| (*s).to_string()).collect();
        self
    }

    /// Runs `maillon check` rather than `build` on the hostile site (what the checker says
    /// of plans, which a build only shows on its verification page).
    pub(crate) fn checked(mut self) -> Self {
        self.command = "check";
        self
    }

    /// More to check in the new output (given `public/`), when the build succeeds.
    pub(crate) fn then(mut self, f: fn(&Path)) -> Self {
        self.check = Some(f);
        self
    }
}

/// Runs `maillon <command>` on `root`, killing it after [`HANG`].
fn maillon(command: &str, root: &Path) -> (i32, String) {
    let out_dir = tempfile::tempdir().unwrap();
    let (stdout, stderr) = (out_dir.path().join("out"), out_dir.path().join("err"));
    let mut child = Command::new(env!("CARGO_BIN_EXE_maillon"))
        .args([command, "--root"])
        .arg(root)
        .env("NO_COLOR", "1")
        .env("MAILLON_CACHE_DIR", root.join(".cache"))
        .stdin(Stdio::null())
        .stdout(std::fs::File::create(&stdout).unwrap())
        .stderr(std::fs::File::create(&stderr).unwrap())
        .spawn()
        .unwrap();
    let start = Instant::now();
    let status = loop {
        if let Some(status) = child.try_wait().unwrap() {
            break status;
        }
        if start.elapsed() > HANG {
            let _ = child.kill();
            panic!("maillon build on {} hung", root.display());
        }
        std::thread::sleep(Duration::from_millis(20));
    };
    let said = format!(
        "{}{}",
        String::from_utf8_lossy(&std::fs::read(&stderr).unwrap()),
        String::from_utf8_lossy(&std::fs::read(&stdout).unwrap())
    );
    (status.code().unwrap_or(-1), said)
}

/// The site every case starts from: two languages, a section, a page.
fn base_site(root: &Path) {
    let write = |rel: &str, text: &str| {
        let path = root.join(rel);
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(path, text).unwrap();
    };
    write(
        "maillon.toml",
        "title = \"Test\"\nbase_url = \"https://example.be/\"\n[languages.fr]\n[languages.nl]\n",
    );
    write(
        "content/_index.md",
        "---\ntitle: Accueil\n---\nBienvenue.\n",
    );
    write(
        "content/bon.md",
        "---\ntitle: Bonne page\n---\n# Bonne page\n\nDu texte.\n",
    );
}

/// Runs one case; returns what went wrong, if anything.
fn run(case: &Case) -> Option<String> {
    let outer = tempfile::tempdir().unwrap();
    let root = outer.path().join("site");
    base_site(&root);
    std::fs::write(outer.path().join("secret.txt"), "secret-beside-the-site").unwrap();
    let (code, said) = maillon("build", &root);
    assert_eq!(code, 0, "{}: the clean site fails: {said}", case.name);
    let public = root.join("public");
    let before = crate::common::tree_hashes(&public, &[]);
    for (rel, bytes) in &case.files {
        let path = root.join(rel);
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(path, bytes).unwrap();
    }
    if !case.config.is_empty() {
        let toml = root.join("maillon.toml");
        let text = std::fs::read_to_string(&toml).unwrap();
        std::fs::write(&toml, format!("{text}{}", case.config)).unwrap();
    }
    if let Some(setup) = case.setup {
        setup(&root);
    }
    let skip = [public.clone(), root.join(".cache")];
    let outside = crate::common::tree_hashes(outer.path(), &skip);

    let (code, said) = maillon(case.command, &root);
    let name = case.name;
    let mut wrong = Vec::new();
    if said.contains("panicked") || code < 0 {
        wrong.push(format!("crashed (code {code})"));
    }
    if code != case.code {
        wrong.push(format!("exit {code}, expected {}", case.code));
    }
    for needle in &case.says {
        if !said.contains(needle.as_str()) {
            wrong.push(format!("does not say `{needle}`"));
        }
    }
    if crate::common::tree_hashes(outer.path(), &skip) != outside {
        wrong.push("wrote outside its output".to_string());
    }
    let leftovers: Vec<_> = std::fs::read_dir(&root)
        .unwrap()
        .filter_map(|e| e.ok())
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .filter(|n| n.contains("public") && n != "public")
        .collect();
    if !leftovers.is_empty() {
        wrong.push(format!("left {leftovers:?} beside the output"));
    }
    if code == 0 {
        if !public.join("index.html").is_file() || !public.join("bon/index.html").is_file() {
            wrong.push("the new output is incomplete".to_string());
        }
        if let Some(check) = case.check {
            let result = std::panic::catch_unwind(|| check(&public));
            if result.is_err() {
                wrong.push("its output check failed".to_string());
            }
        }
    } else if crate::common::tree_hashes(&public, &[]) != before {
        wrong.push("the previous output changed".to_string());
    }
    (!wrong.is_empty()).then(|| {
        let shown: String = said.chars().take(3000).collect();
        format!("{name}: {}\n{shown}", wrong.join("; "))
    })
}

/// Runs every case of a group and fails with all that went wrong.
fn run_all(cases: &[Case]) {
    let failures: Vec<String> = cases.iter().filter_map(run).collect();
    assert!(
        failures.is_empty(),
        "{} of {} cases went wrong:\n\n{}",
        failures.len(),
        cases.len(),
        failures.join("\n\n")
    );
}

#[test]
fn bytes_and_line_endings() {
    run_all(&cases::bytes());
}

#[test]
fn front_matter() {
    run_all(&cases::front_matter());
}

#[test]
fn paths_slugs_aliases_and_links() {
    run_all(&cases::paths());
}

#[test]
fn markdown_at_its_limits() {
    run_all(&cases::markdown());
}

#[test]
fn templates_config_and_plans() {
    run_all(&cases::templates_config_plans());
}

#[test]
fn there_are_at_least_sixty_cases() {
    let names: std::collections::BTreeSet<&str> = [
        cases::bytes(),
        cases::front_matter(),
        cases::paths(),
        cases::markdown(),
        cases::templates_config_plans(),
    ]
    .iter()
    .flatten()
    .map(|c| c.name)
    .collect();
    assert!(names.len() >= 60, "{} distinct cases", names.len());
}
