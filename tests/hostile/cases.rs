//! The hostile sites, by what they attack. Each names what the build must say: the file, and
//! `file:line` where the problem has a line.

use std::fmt::Write as _;
use std::path::Path;

use super::{Case, case};

/// Front matter for a page titled `title`, then `body`.
fn page(title: &str, body: &str) -> String {
    format!("---\ntitle: {title}\n---\n{body}")
}

fn read(public: &Path, rel: &str) -> String {
    std::fs::read_to_string(public.join(rel)).unwrap()
}

/// Whether any output file holds `needle`.
fn anywhere(public: &Path, needle: &str) -> bool {
    walkdir::WalkDir::new(public)
        .into_iter()
        .filter_map(Result::ok)
        .filter(|e| e.file_type().is_file())
        .any(|e| {
            std::fs::read(e.path()).is_ok_and(|b| String::from_utf8_lossy(&b).contains(needle))
        })
}

pub(super) fn bytes() -> Vec<Case> {
    let mut png = b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR".to_vec();
    png.extend([0u8; 64]);
    vec![
        case("invalid UTF-8 in the body")
            .bytes(
                "content/mal.md",
                b"---\ntitle: X\n---\nun \xff\xfe texte\n".to_vec(),
            )
            .exits(1, &["content/mal.md:4", "not valid UTF-8"]),
        case("invalid UTF-8 in the front matter")
            .bytes("content/mal.md", b"---\ntitle: \xc3\x28\n---\n".to_vec())
            .exits(1, &["content/mal.md:2", "not valid UTF-8"]),
        case("a binary file named .md")
            .bytes("content/image.md", png)
            .exits(1, &["content/image.md:1", "not valid UTF-8"]),
        case("a byte order mark before the front matter")
            .file(
                "content/bom.md",
                "\u{feff}---\ntitle: Avec BOM\n---\n# ok\n",
            )
            .then(|p| assert!(read(p, "bom/index.html").contains("Avec BOM"))),
        case("a byte order mark alone")
            .file("content/bom.md", "\u{feff}")
            .exits(1, &["content/bom.md", "no `title`"]),
        case("CRLF line endings")
            .file(
                "content/crlf.md",
                "---\r\ntitle: Fins CRLF\r\n---\r\n# Titre\r\n\r\nTexte.\r\n",
            )
            .then(|p| assert!(read(p, "crlf/index.html").contains("Fins CRLF"))),
        case("mixed line endings")
            .file(
                "content/mixte.md",
                "---\ntitle: Mixte\r\n---\r\n# Titre\n\rTexte\r\nfin\n",
            )
            .then(|p| assert!(read(p, "mixte/index.html").contains("Mixte"))),
        case("old Mac line endings only")
            .file("content/cr.md", "---\rtitle: CR\r---\rTexte\r")
            .exits(1, &["content/cr.md"]),
        case("NUL characters in the text").file("content/nul.md", page("Nul", "a\u{0}b\u{0}\n")),
        case("an empty file")
            .file("content/vide.md", "")
            .exits(1, &["content/vide.md", "no `title`"]),
        case("only blank lines and tabs")
            .file("content/blanc.md", "   \n\n\t\n")
            .exits(1, &["content/blanc.md", "no `title`"]),
        case("a 5 MB line").file("content/ligne.md", page("Ligne", &"mot ".repeat(1_250_000))),
        case("a 10 MB page")
            .file(
                "content/grande.md",
                page(
                    "Grande",
                    &"Un paragraphe de texte assez long pour compter.\n\n".repeat(210_000),
                ),
            )
            .then(|p| assert!(p.join("grande/index.html").metadata().unwrap().len() > 10_000_000)),
        case("control characters in the title").file(
            "content/ctl.md",
            "+++\ntitle = \"a\\u0007b\\u001bc\"\n+++\nok\n",
        ),
    ]
}

pub(super) fn front_matter() -> Vec<Case> {
    let anchors = "---\ntitle: x\na: &a [\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\"]\nb: &b [*a,*a,*a,*a,*a,*a,*a,*a,*a]\nc: &c [*b,*b,*b,*b,*b,*b,*b,*b,*b]\nd: &d [*c,*c,*c,*c,*c,*c,*c,*c,*c]\ne: &e [*d,*d,*d,*d,*d,*d,*d,*d,*d]\nf: &f [*e,*e,*e,*e,*e,*e,*e,*e,*e]\ng: &g [*f,*f,*f,*f,*f,*f,*f,*f,*f]\n---\n";
    vec![
        case("unterminated YAML front matter")
            .file("content/x.md", "---\ntitle: X\nLe texte commence.\n")
            .exits(1, &["content/x.md:1"]),
        case("unterminated TOML front matter")
            .file("content/x.md", "+++\ntitle = \"X\"\nLe texte.\n")
            .exits(1, &["content/x.md:1"]),
        case("empty front matter")
            .file("content/x.md", "---\n---\nTexte.\n")
            .exits(1, &["content/x.md", "no `title`"]),
        case("YAML that does not parse")
            .file("content/x.md", "---\ntitle: [\n---\n")
            .exits(1, &["content/x.md:", "front-matter/invalid"]),
        case("TOML that does not parse")
            .file("content/x.md", "+++\ntitle =\n+++\n")
            .exits(1, &["content/x.md:2", "front-matter/invalid"]),
        case("a title of the wrong type")
            .file("content/x.md", "---\ntitle: [1, 2]\n---\n")
            .exits(1, &["content/x.md:2"]),
        case("taxonomies of the wrong type")
            .file("content/x.md", "---\ntitle: x\ntaxonomies: 3\n---\n")
            .exits(1, &["content/x.md:3"]),
        case("a month that does not exist")
            .file("content/x.md", "---\ntitle: x\ndate: 2024-13-45\n---\n")
            .exits(1, &["content/x.md:3:1", "front-matter/date"]),
        case("a date with a letter of two bytes where a digit goes")
            .file("content/x.md", "---\ntitle: x\ndate: 2024-1é-01\n---\n")
            .exits(1, &["content/x.md:3:1", "front-matter/date"]),
        case("a date in words")
            .file("content/x.md", "+++\ntitle = \"x\"\ndate = \"hier\"\n+++\n")
            .exits(1, &["content/x.md:3:1", "front-matter/date"]),
        case("a weight in words")
            .file("content/x.md", "---\ntitle: x\nweight: lourd\n---\n")
            .exits(1, &["content/x.md:3"]),
        case("draft as a word")
            .file("content/x.md", "---\ntitle: x\ndraft: peut-être\n---\n")
            .exits(1, &["content/x.md:3"]),
        case("an unknown field")
            .file("content/x.md", "---\ntitle: x\ncouleur: bleu\n---\n")
            .exits(
                0,
                &["content/x.md", "couleur", "front-matter/unknown-field"],
            ),
        case("a key given twice")
            .file("content/x.md", "---\ntitle: a\ntitle: b\n---\n")
            .exits(1, &["content/x.md:3"]),
        case("YAML anchors multiplying")
            .file("content/x.md", anchors)
            .exits(1, &["content/x.md"]),
        case("YAML nested 10,000 deep")
            .file(
                "content/x.md",
                format!("---\ntitle: x\nextra: {}\n---\n", "[".repeat(10_000)),
            )
            .exits(1, &["content/x.md"]),
        case("TOML nested 10,000 deep")
            .file(
                "content/x.md",
                format!(
                    "+++\ntitle = \"x\"\n[extra]\na = {}\n+++\n",
                    "[".repeat(10_000)
                ),
            )
            .exits(1, &["content/x.md"]),
        case("a 1 MB title").file("content/x.md", page(&"T".repeat(1_000_000), "ok\n")),
        case("an unknown taxonomy")
            .file(
                "content/x.md",
                "---\ntitle: x\ntaxonomies:\n  couleurs: [bleu]\n---\n",
            )
            .exits(0, &["content/x.md", "front-matter/unknown-taxonomy"]),
        case("taxonomy terms of punctuation only")
            .file(
                "content/x.md",
                "---\ntitle: x\ntaxonomies:\n  tags: [\"!!!\", \"ok\"]\n---\n",
            )
            .config("[[taxonomies]]\nname = \"tags\"\n")
            .exits(0, &["content/x.md:4:", "front-matter/term", "`!!!`"])
            .then(|p| assert!(p.join("tags/ok/index.html").is_file())),
        case("a template that does not exist")
            .file(
                "content/x.md",
                "---\ntitle: x\ntemplate: nulle-part.html\n---\n",
            )
            .exits(1, &["content/x.md", "front-matter/template"]),
    ]
}

pub(super) fn paths() -> Vec<Case> {
    vec![
        case("two pages with one slug")
            .file("content/a.md", "---\ntitle: A\nslug: meme\n---\n")
            .file("content/b.md", "---\ntitle: B\nslug: meme\n---\n")
            .exits(
                1,
                &["content/a.md", "content/b.md", "content/duplicate-url"],
            ),
        case("paths differing only in case")
            .file("content/Page.md", page("Grande", ""))
            .file("content/page.md", page("Petite", ""))
            .exits(
                1,
                &[
                    "content/Page.md",
                    "content/page.md",
                    "content/duplicate-url",
                ],
            ),
        case("NFC and NFD twins")
            .file("content/\u{e9}t\u{e9}.md", page("NFC", ""))
            .file("content/e\u{301}te\u{301}.md", page("NFD", ""))
            .exits(1, &["content/duplicate-url"]),
        case("a file name not in NFC")
            .file("content/cafe\u{301}.md", page("Café", ""))
            .then(|p| assert!(p.join("cafe/index.html").is_file())),
        case("a file name that is not UTF-8")
            .setup(|root| {
                use std::os::unix::ffi::OsStrExt;
                let name = std::ffi::OsStr::from_bytes(b"mauvais-\xff.md");
                std::fs::write(root.join("content").join(name), "---\ntitle: X\n---\n").unwrap();
            })
            .exits(1, &["content/mauvais-\u{fffd}.md", "not valid UTF-8"]),
        case("a file name with quotes and brackets")
            .file("content/a \"b\" <c>.md", page("Bizarre", ""))
            .then(|p| assert!(p.join("a-b-c/index.html").is_file())),
        case("a slug climbing out")
            .file("content/a.md", "---\ntitle: A\nslug: ../../../evade\n---\n")
            .exits(0, &["content/a.md:3:1", "front-matter/slug", "`/evade/`"]),
        case("an absolute slug")
            .file("content/a.md", "---\ntitle: A\nslug: /etc/passwd\n---\n")
            .exits(
                0,
                &["content/a.md:3:1", "front-matter/slug", "`/etc-passwd/`"],
            ),
        case("a slug holding NUL")
            .file(
                "content/a.md",
                "+++\ntitle = \"A\"\nslug = \"a\\u0000b\"\n+++\n",
            )
            .exits(0, &["content/a.md:3:1", "front-matter/slug", "`/a-b/`"]),
        case("a slug with backslashes")
            .file(
                "content/a.md",
                "---\ntitle: A\nslug: '..\\..\\evade'\n---\n",
            )
            .exits(0, &["content/a.md:3:1", "front-matter/slug", "`/evade/`"]),
        case("a slug of punctuation")
            .file("content/a.md", "---\ntitle: A\nslug: \"!!!\"\n---\n")
            .exits(0, &["content/a.md:3:1", "front-matter/slug", "`/a/`"]),
        case("a bundle's slug climbing out")
            .file(
                "content/dossier/index.md",
                "---\ntitle: D\nslug: ../..\n---\n",
            )
            .exits(
                0,
                &[
                    "content/dossier/index.md:3:1",
                    "front-matter/slug",
                    "`/dossier/`",
                ],
            ),
        case("an alias climbing out")
            .file(
                "content/a.md",
                "---\ntitle: A\naliases: [\"../../../evade/\"]\n---\n",
            )
            .exits(1, &["content/a.md:3:1", "front-matter/alias"]),
        case("an alias holding NUL")
            .file(
                "content/a.md",
                "+++\ntitle = \"A\"\naliases = [\"a\\u0000b/\"]\n+++\n",
            )
            .exits(1, &["content/a.md:3:1", "front-matter/alias"]),
        case("a Windows path as alias")
            .file(
                "content/a.md",
                "---\ntitle: A\naliases: ['C:\\Windows\\']\n---\n",
            )
            .exits(1, &["content/a.md:3:1", "front-matter/alias"]),
        case("an alias onto a page")
            .file("content/a.md", "---\ntitle: A\naliases: [/bon/]\n---\n")
            .exits(1, &["content/a.md:3:1", "existing page"]),
        case("circular aliases")
            .file("content/a.md", "---\ntitle: A\naliases: [/b/]\n---\n")
            .file("content/b.md", "---\ntitle: B\naliases: [/a/]\n---\n")
            .exits(
                1,
                &["content/a.md:3:1", "content/b.md:3:1", "front-matter/alias"],
            ),
        case("one alias for two pages")
            .file("content/a.md", "---\ntitle: A\naliases: [/ancien/]\n---\n")
            .file("content/b.md", "---\ntitle: B\naliases: [/ancien/]\n---\n")
            .exits(1, &["content/b.md:3:1", "front-matter/alias"]),
        case("a symbolic link out of the site")
            .setup(|root| link("../../secret.txt", &root.join("content/fuite.md")))
            .exits(0, &["content/fuite.md", "content/symlink"])
            .then(|p| assert!(!anywhere(p, "secret-beside-the-site"))),
        case("a symbolic link to a folder out of the site")
            .setup(|root| link("../..", &root.join("content/dehors")))
            .exits(0, &["content/dehors", "content/symlink"])
            .then(|p| assert!(!anywhere(p, "secret-beside-the-site"))),
        case("a symbolic link looping to its folder")
            .setup(|root| {
                std::fs::create_dir_all(root.join("content/boucle")).unwrap();
                link("..", &root.join("content/boucle/encore"));
            })
            .exits(0, &["content/boucle/encore", "content/symlink"]),
        case("a dangling symbolic link")
            .setup(|root| link("nulle-part.md", &root.join("content/perdu.md")))
            .exits(0, &["content/perdu.md", "content/symlink"]),
        case("folders 60 deep")
            .file(
                &format!("content/{}fond.md", "d/".repeat(60)),
                page("Fond", "ok\n"),
            )
            .then(|p| {
                assert!(
                    p.join(format!("{}fond/index.html", "d/".repeat(60)))
                        .is_file()
                );
            }),
        case("a language the site does not have")
            .file("content/x.zz.md", page("Zz", ""))
            .exits(0, &["content/x.zz.md", "content/unknown-language"]),
        case("a link climbing out")
            .file("content/x.md", page("X", "[a](@/../../../etc/passwd.md)\n"))
            .exits(1, &["content/x.md:4", "links/broken"]),
        case("a link to an anchor that is not there")
            .file("content/x.md", page("X", "[a](@/bon.md#nulle-part)\n"))
            .exits(1, &["content/x.md:4", "links/anchor"]),
        case("an image reaching out of the site")
            .file("content/x.md", page("X", "![a](../../secret.txt)\n"))
            .then(|p| assert!(!anywhere(p, "secret-beside-the-site"))),
    ]
}

#[cfg(unix)]
fn link(target: &str, at: &Path) {
    std::os::unix::fs::symlink(target, at).unwrap();
}

pub(super) fn markdown() -> Vec<Case> {
    let row = |cells: usize, text: &str| format!("|{}\n", format!(" {text} |").repeat(cells));
    let table = format!("{}{}{}", row(5000, "h"), row(5000, "---"), row(5000, "c"));
    vec![
        case("lists nested 10,000 deep").file(
            "content/x.md",
            page(
                "Listes",
                &(0..10_000).fold(String::new(), |mut list, i| {
                    let _ = writeln!(list, "{}- a", "  ".repeat(i));
                    list
                }),
            ),
        ),
        case("block quotes nested 10,000 deep").file(
            "content/x.md",
            page("Citations", &format!("{} fin\n", ">".repeat(10_000))),
        ),
        case("a table of 5,000 columns").file("content/x.md", page("Table", &table)),
        case("100,000 opening brackets")
            .file("content/x.md", page("Crochets", &"[".repeat(100_000))),
        case("emphasis that never closes").file(
            "content/x.md",
            page("Emphase", &"*a **b _c __d ".repeat(20_000)),
        ),
        case("an unterminated code fence")
            .file("content/x.md", page("Code", "```rust\nfn main() {\n")),
        case("an unterminated HTML comment").file(
            "content/x.md",
            page("Commentaire", "Texte <!-- jamais fermé\n\n# Titre\n"),
        ),
        case("a thousand headings with one name")
            .file(
                "content/x.md",
                page("Titres", &"## Même titre\n\n".repeat(1000)),
            )
            .then(|p| assert!(read(p, "x/index.html").contains("id=\"meme-titre-999\""))),
        case("raw script and handlers")
            .file(
                "content/x.md",
                page(
                    "Brut",
                    "<script>alert(1)</script><img src=x onerror=alert(2)>\n",
                ),
            )
            .then(|p| {
                let html = read(p, "x/index.html");
                assert!(!html.contains("alert(1)") && !html.contains("onerror"));
            }),
        case("headings 10,000 hashes deep").file(
            "content/x.md",
            page("Dièses", &format!("{} trop\n", "#".repeat(10_000))),
        ),
        case("a link definition ten thousand times").file(
            "content/x.md",
            page("Définitions", &"[a]: /x\n".repeat(10_000)),
        ),
    ]
}

pub(super) fn templates_config_plans() -> Vec<Case> {
    let mut priorities = String::from("---\ntitle: Plan\nkind: plan\n---\n# Plan\n\n");
    for i in 1..=10_000 {
        let _ = write!(
            priorities,
            "## Priorité {i} : vols\n\n### Prévention\n\nPatrouilles.\n\n"
        );
    }
    vec![
        case("a template that does not parse")
            .file("templates/page.html", "{{ page.title \n{% if %}")
            .exits(2, &["templates/page.html:"]),
        case("a template including itself")
            .file("templates/page.html", "{% include \"page.html\" %}")
            .exits(2, &["templates/page.html", "Circular"]),
        case("a template extending itself")
            .file("templates/page.html", "{% extends \"page.html\" %}")
            .exits(2, &["templates/page.html", "Circular"]),
        case("a template failing as it renders")
            .file("templates/page.html", "{{ page.nulle.part.plus }}")
            .exits(1, &["templates/page.html:1", "template/error"]),
        case("a template that is not UTF-8")
            .bytes("templates/page.html", b"<p>\xff\xfe</p>".to_vec())
            .exits(0, &[]),
        case("a chain model that does not exist")
            .config("[chain]\nmodel = \"nulle-part\"\n")
            .exits(2, &["maillon.toml:6:9", "chain model"]),
        case("a chain model that does not parse")
            .file("chaine.toml", "[[stages]\nid = \n")
            .config("[chain]\nmodel = \"chaine.toml\"\n")
            .exits(2, &["chaine.toml:1"]),
        case("a chain model with no stage")
            .file("chaine.toml", "id = \"vide\"\n")
            .config("[chain]\nmodel = \"chaine.toml\"\n")
            .exits(2, &["chaine.toml"]),
        case("a custom rule that does not parse")
            .config("[[checks.rules]]\nid = \"x/y\"\nseverity = \"warning\"\nwhen = \"page.kind ==\"\nrequire = \"true\"\nmessage = \"m\"\n")
            .exits(2, &["maillon.toml:8:8", "x/y"]),
        case("a config that does not parse")
            .config("[markdown\n")
            .exits(2, &["maillon.toml:5"]),
        case("a config that is not UTF-8")
            .setup(|root| {
                let mut bytes = std::fs::read(root.join("maillon.toml")).unwrap();
                bytes.extend(b"# \xff\n");
                std::fs::write(root.join("maillon.toml"), bytes).unwrap();
            })
            .exits(2, &["maillon.toml"]),
        case("an unknown config key")
            .config("couleur = \"bleu\"\n")
            .exits(2, &["maillon.toml", "couleur"]),
        case("a plan of 10,000 priorities")
            .file("content/plan.md", priorities)
            .checked()
            .exits(0, &["content/plan.md:7", "chain/missing-stage"]),
        case("an empty plan")
            .file("content/plan.md", "---\ntitle: Plan\nkind: plan\n---\n")
            .checked()
            .exits(0, &["content/plan.md", "chain/missing-stage"]),
        case("a plan's suppression without a reason")
            .file("content/plan.md", "---\ntitle: Plan\nkind: plan\n---\n<!-- maillon-disable chain/missing-stage -->\n## Priorité 1 : vols\n\n### Prévention\n\nPatrouilles.\n")
            .exits(1, &["content/plan.md:5", "suppress/invalid"]),
    ]
}
