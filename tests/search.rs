//! The search index, read back as the browser reads it (`maillon::search::read`): stemming in
//! each language, one index per language, shards that never split a term and agree with their
//! manifest, and what `maillon build` writes.

use std::collections::{BTreeSet, HashMap};
use std::fmt::Write as _;

use crate::common::TestSite;
use maillon::search::encode::{self, Manifest, Options};
use maillon::search::{facets, index, read};

const CONFIG: &str = "title = \"T\"\nbase_url = \"https://example.be/\"\n\
    [languages.fr]\n[languages.nl]\n[languages.de]\n[languages.en]\n";

fn page(title: &str, kind: &str, taxonomies: &str, body: &str) -> String {
    format!("---\ntitle: \"{title}\"\nkind: {kind}\ntaxonomies:\n{taxonomies}---\n{body}\n")
}

/// A small site in four languages: each word of the issue appears in one form on one page and
/// in another form on another, so finding both pages takes stemming, not spelling.
fn site() -> TestSite {
    let practice = |title: &str, phenomenon: &str, body: &str| {
        page(
            title,
            "practice",
            &format!("  phenomena: [\"{phenomenon}\"]\n  stages: [\"prévention\"]\n"),
            body,
        )
    };
    TestSite::new()
        .file("maillon.toml", CONFIG)
        .file(
            "content/vols.md",
            &practice(
                "Prévenir les vols",
                "Vols",
                "Les cambriolages ont baissé dans le quartier grâce à la médiation.",
            ),
        )
        .file(
            "content/plan.md",
            &page(
                "Plan de Mosanval",
                "plan",
                "  phenomena: [\"Incivilités\"]\n",
                "## Priorité 1\n\nLes incivilités, un cambrioleur et le cambriolage.",
            ),
        )
        .file(
            "content/vols.nl.md",
            &practice("Woningen", "Wijk", "De inbraken in de wijk zijn gedaald."),
        )
        .file(
            "content/plan.nl.md",
            &practice("Plan", "Wijk", "Een plan tegen inbraak."),
        )
        .file(
            "content/vols.de.md",
            &practice("Vorbeugung", "Wohnung", "Die präventiven Maßnahmen wirken."),
        )
        .file(
            "content/plan.de.md",
            &practice("Plan", "Wohnung", "Ein Plan für Prävention."),
        )
        .file(
            "content/vols.en.md",
            &practice("Homes", "Home", "Burglaries fell in the neighbourhood."),
        )
        .file(
            "content/plan.en.md",
            &practice("Plan", "Home", "A plan against burglary."),
        )
}

fn load(site: &TestSite) -> maillon::Site {
    let config = maillon::Config::load(site.root()).expect("config");
    let (mut loaded, _) =
        maillon::content::load(site.root(), config, &Default::default()).expect("load");
    let _ = maillon::parse::render_pages(&mut loaded, true);
    loaded
}

/// One language's index files, in memory, with a loader as the browser's fetch.
struct Built {
    manifest: Manifest,
    files: HashMap<String, Vec<u8>>,
    index: index::Index,
}

fn build(site: &maillon::Site, lang: &str, options: &Options) -> Built {
    let idx = index::build(site, lang, options.scored);
    let out = encode::encode(site, &idx, &facets(site, lang), options);
    Built {
        manifest: out.manifest,
        files: out.files.into_iter().collect(),
        index: idx,
    }
}

impl Built {
    fn load(&self) -> impl Fn(&str) -> Option<Vec<u8>> + '_ {
        |path: &str| self.files.get(path).cloned()
    }

    /// URLs found for `query`, best first.
    fn urls(&self, query: &str) -> Vec<String> {
        let found = read::search(&self.manifest, &self.load(), query).expect("search");
        found
            .iter()
            .map(|&(doc, _)| {
                read::document(&self.manifest, &self.load(), doc)
                    .expect("document")
                    .url
            })
            .collect()
    }
}

fn sorted(mut urls: Vec<String>) -> Vec<String> {
    urls.sort();
    urls
}

#[test]
fn each_language_stems_its_own_words() {
    let site = load(&site());
    let options = Options::default();
    let fr = build(&site, "fr", &options);
    let both = ["/plan/", "/vols/"];
    assert_eq!(
        sorted(fr.urls("cambriolage")),
        both,
        "cambriolage → cambriolages"
    );
    assert_eq!(
        sorted(fr.urls("cambriolages")),
        both,
        "cambriolages → cambriolage"
    );
    assert_eq!(sorted(fr.urls("CAMBRIOLAGES")), both, "case ignored");
    assert_eq!(fr.urls("mediation"), ["/vols/"], "accents ignored");
    assert_eq!(fr.urls("les mediation"), ["/vols/"], "stop words ignored");
    assert_eq!(fr.urls("incivilite"), ["/plan/"]);
    assert_eq!(
        fr.urls("inbraak"),
        Vec::<String>::new(),
        "Dutch is not in French"
    );
    assert_eq!(
        fr.urls("cambriolages quartier"),
        ["/vols/"],
        "every word must match"
    );
    assert_eq!(fr.urls("quartier mosanval"), Vec::<String>::new());

    let nl = build(&site, "nl", &options);
    let both = ["/nl/plan/", "/nl/vols/"];
    assert_eq!(sorted(nl.urls("inbraak")), both, "inbraak → inbraken");
    assert_eq!(sorted(nl.urls("inbraken")), both, "inbraken → inbraak");
    assert_eq!(nl.urls("cambriolage"), Vec::<String>::new());
    let de = build(&site, "de", &options);
    let both = ["/de/plan/", "/de/vols/"];
    assert_eq!(
        sorted(de.urls("Prävention")),
        both,
        "Prävention → präventiven"
    );
    assert_eq!(
        sorted(de.urls("präventiven")),
        both,
        "präventiven → Prävention"
    );
    let en = build(&site, "en", &options);
    let both = ["/en/plan/", "/en/vols/"];
    assert_eq!(sorted(en.urls("burglary")), both, "burglary → burglaries");
    assert_eq!(sorted(en.urls("burglaries")), both, "burglaries → burglary");
}

#[test]
fn a_form_the_site_never_uses_finds_its_near_forms() {
    let site = load(&site());
    let fr = build(&site, "fr", &Options::default());
    // Not a word of the site, nor the start of one: near `cambrioleur`.
    assert_eq!(fr.urls("cambrioleurs mosanval"), ["/plan/"]);
    let de = build(&site, "de", &Options::default());
    assert_eq!(sorted(de.urls("Präventionen")).len(), 2);
    assert_eq!(de.urls("Prävalenz"), Vec::<String>::new(), "too far");
}

#[test]
fn the_last_word_is_also_a_prefix_and_titles_rank_first() {
    let site = load(&site());
    let fr = build(&site, "fr", &Options::default());
    // `cambri` starts `cambriolages` (a practice) and `cambrioleur` (a plan).
    let both = fr.urls("cambri");
    assert_eq!(both.len(), 2, "{both:?}");
    assert_eq!(
        fr.urls("cambri quartier"),
        Vec::<String>::new(),
        "only the last word"
    );
    assert_eq!(fr.urls("quartier cambri"), ["/vols/"]);
    assert_eq!(fr.urls("cambrioleu"), ["/plan/"]);
    // A word in a title outranks the same word in a body.
    assert_eq!(fr.urls("plan incivilites"), ["/plan/"]);
    let doc = read::document(&fr.manifest, &fr.load(), 0).expect("doc 0");
    assert!(!doc.excerpt.is_empty() && !doc.title.is_empty(), "{doc:?}");
}

/// A site of `n` pages drawing on a vocabulary with a long tail, so that small shards cut it
/// in many places.
fn many_pages(n: usize) -> TestSite {
    let syllables = [
        "ca", "mbri", "ola", "ge", "pre", "ven", "tion", "me", "dia", "quar", "tier",
    ];
    let mut site = TestSite::new().file("maillon.toml", CONFIG);
    let mut seed = 7u64;
    let mut next = move || {
        seed = seed
            .wrapping_mul(6_364_136_223_846_793_005)
            .wrapping_add(1_442_695_040_888_963_407);
        (seed >> 33) as usize
    };
    for i in 0..n {
        let mut body = String::new();
        for _ in 0..60 {
            let len = 1 + next() % 3;
            let word: String = (0..len)
                .map(|_| syllables[next() % syllables.len()])
                .collect();
            let suffix = ["", "s", "es", "ions"][next() % 4];
            let _ = write!(body, "{word}{suffix} ");
        }
        let kind = ["practice", "plan", "guidance"][i % 3];
        let phenomenon = ["Cambriolages", "Incivilités"][i % 2];
        site = site.file(
            &format!("content/p{i:03}.md"),
            &page(
                &format!("Page {i}"),
                kind,
                &format!("  phenomena: [\"{phenomenon}\"]\n"),
                &body,
            ),
        );
    }
    site
}

/// Shards small enough to cut [`many_pages`]'s vocabulary in many places.
const SMALL_SHARDS: Options = Options {
    shard_bytes: 300,
    chunk_docs: 4,
    scored: 3,
};

#[test]
fn shards_never_split_a_term_and_agree_with_the_manifest() {
    let site = load(&many_pages(90));
    let options = SMALL_SHARDS;
    let b = build(&site, "fr", &options);
    let m = &b.manifest;
    assert!(m.keys.len() > 10, "small shards: {}", m.keys.len());
    assert_eq!(m.keys[0], "");
    assert!(m.keys.windows(2).all(|k| k[0] < k[1]), "keys ascending");

    let mut seen = BTreeSet::new();
    for (i, key) in m.keys.iter().enumerate() {
        let bytes = &b.files[&format!("{}s{i}.bin", m.dir)];
        let shard = read::parse_shard(bytes, m.docs).expect("shard parses");
        assert!(!shard.surfaces.is_empty(), "shard {i} is empty");
        for (word, refs) in &shard.surfaces {
            assert!(word >= key, "{word} before its shard's key {key}");
            if let Some(next) = m.keys.get(i + 1) {
                assert!(word < next, "{word} after the next key {next}");
            }
            assert_eq!(read::shard_of(&m.keys, word), i, "{word} found elsewhere");
            assert!(seen.insert(word.clone()), "{word} in two shards");
            // Every term the word maps to is complete in this shard: same documents and
            // scores as the whole index.
            let at = b
                .index
                .surfaces
                .binary_search_by(|s| s.text.as_str().cmp(word))
                .expect("surface in the index");
            let global = &b.index.surfaces[at].terms;
            assert_eq!(refs.len(), global.len(), "{word}");
            for (local, &term) in refs.iter().zip(global) {
                let full = read::parse_postings(&b.index.terms[term as usize], m.docs)
                    .expect("postings parse");
                let part = &shard.terms[*local as usize];
                assert_eq!(part, &full, "{word}: term split");
                let scored = part.iter().filter(|&&(_, s)| s > 0).count();
                assert_eq!(scored, full.len().min(options.scored), "{word}");
            }
        }
    }
    assert_eq!(seen.len(), b.index.surfaces.len(), "every word in a shard");

    // Filters hold the documents of their value; chunks hold every document.
    for (name, values) in &m.facets {
        for (slug, [file, count]) in values {
            let set = read::parse_filter(&b.files[&format!("{}f{file}.bin", m.dir)], m.docs)
                .expect("filter parses");
            assert_eq!(set.len(), *count, "{name}/{slug}");
        }
    }
    assert_eq!(m.facets["kind"]["plan"][1], 30);
    for doc in 0..m.docs as u32 {
        let d = read::document(m, &b.load(), doc).expect("document");
        assert_eq!(d.url, site.pages[b.index.docs[doc as usize]].url);
    }
}

/// The index is collected in one range of documents per thread, then the ranges are joined:
/// the files are the same byte for byte whatever the number of threads.
#[test]
fn the_index_is_the_same_on_any_number_of_threads() {
    let site = load(&many_pages(90));
    let options = SMALL_SHARDS;
    let files = |threads: usize| {
        let pool = rayon::ThreadPoolBuilder::new()
            .num_threads(threads)
            .build()
            .expect("thread pool");
        let b = pool.install(|| build(&site, "fr", &options));
        let mut files: Vec<(String, Vec<u8>)> = b.files.into_iter().collect();
        files.sort();
        (serde_json::to_string(&b.manifest).expect("manifest"), files)
    };
    let one = files(1);
    assert!(one.1.len() > 10, "{} files", one.1.len());
    for threads in [2, 3, 7] {
        assert!(files(threads) == one, "{threads} threads");
    }
}

#[test]
fn build_writes_a_search_page_and_index_per_language() {
    let site = site();
    let run = site.build();
    assert_eq!(run.code, 0, "{}\n{}", run.stdout, run.stderr);
    for (lang_dir, lang) in [("", "fr"), ("nl/", "nl"), ("de/", "de"), ("en/", "en")] {
        let html = site.read(&format!("{lang_dir}search/index.html"));
        assert!(html.contains(&format!("<html lang=\"{lang}\"")), "{html}");
        assert!(html.contains(&format!(
            "data-manifest=\"/{lang_dir}search/manifest.json\""
        )));
        let script = html
            .split("<script src=\"/")
            .nth(1)
            .and_then(|s| s.split('"').next())
            .expect("script tag");
        assert!(
            script.starts_with("search/search.") && script.ends_with(".js") && site.exists(script),
            "{script}"
        );
        assert!(
            html.contains("<noscript>") && html.contains("/phenomena/"),
            "{html}"
        );
        let manifest: Manifest =
            serde_json::from_str(&site.read(&format!("{lang_dir}search/manifest.json")))
                .expect("manifest");
        assert_eq!(manifest.lang, lang);
        assert_eq!(manifest.docs, 2);
        assert!(site.exists(&format!("{lang_dir}search/{}s0.bin", manifest.dir)));
    }
    assert!(!site.exists("search/search.js"), "only the hashed script");

    let off = std::process::Command::new(env!("CARGO_BIN_EXE_maillon"))
        .args(["build", "--root"])
        .arg(site.root())
        .env("MAILLON_SEARCH", "0")
        .output()
        .expect("run");
    assert!(off.status.success());
    assert!(!site.exists("search/index.html") && !site.exists("search/manifest.json"));
}
