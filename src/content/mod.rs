//! LOAD: `content/` → [`Site`].
//!
//! Files are read and their front matter parsed in parallel; then, in one cheap sequential pass,
//! every page gets its language, URL, section and kind, and the sections and taxonomies are
//! built. Nothing here renders Markdown: URLs come from paths and front matter alone, so the
//! render stage can resolve any link while rendering each page exactly once. Problems with the
//! content are collected as diagnostics and never stop the load.
//!
//! Files given on their own, outside any site (`maillon check plan.md`), are loaded by
//! [`load_given`] into a site of their own through the same reading and the same tables: a
//! virtual site, in memory, with no `content/` folder behind it.

pub mod front_matter;
pub mod page;
mod read;
pub mod section;
pub mod taxonomy;
pub mod walk;

use std::collections::{HashMap, HashSet};
use std::path::{Path, PathBuf};

use rayon::prelude::*;
use rustc_hash::{FxHashMap, FxHashSet};

pub use front_matter::{FrontMatter, PageKind, SortBy};
pub use page::{Page, PageRef, Role};
pub use read::{decode, looks_like_language, read_document};
pub use section::Section;
pub use taxonomy::{Taxonomy, Term};

use crate::config::Config;
use crate::diagnostic::Diagnostic;
use crate::error::Result;
use crate::source::SourceFile;

/// Options that change what is loaded.
#[derive(Clone, Copy, Default)]
pub struct LoadOptions<'a> {
    /// Include pages marked `draft`.
    pub drafts: bool,
    /// Take unchanged files from what a previous run knew of them instead of reading them
    /// (`maillon check`'s cache implements [`Reuse`]).
    pub cache: Option<&'a dyn Reuse>,
    /// Build the taxonomies' term lists: rendering needs them, checking does not (the checker
    /// reads each page's own terms).
    pub taxonomies: bool,
}

/// What a previous run knew of a file that has not changed since: its front matter, where its
/// body starts and its parse, so the load need not read nor parse it again.
pub struct Known {
    /// The front matter as parsed (taxonomy keys already moved into `taxonomies`).
    pub front_matter: FrontMatter,
    /// Byte offset of the Markdown body.
    pub body_start: usize,
    /// The parse, marked as coming from earlier (`from_cache`), or the default.
    pub rendered: crate::markdown::Rendered,
}

/// The hook through which a load reuses what an earlier run knew of unchanged files. The load
/// asks; whoever keeps such knowledge (`maillon check`'s cache, a stage above this one) answers.
pub trait Reuse: Sync {
    /// What is known of the file `rel` (relative to `content/`, on disk at `on_disk`) if it is
    /// unchanged since it was learnt.
    fn take(&self, rel: &str, on_disk: &Path) -> Option<Known>;
}

/// The whole site, loaded: config, pages, sections, taxonomies.
#[derive(Debug)]
pub struct Site {
    /// Site root folder.
    pub root: PathBuf,
    /// Parsed `maillon.toml`.
    pub config: Config,
    /// Every page and section index, ordered by path.
    pub pages: Vec<Page>,
    /// Every section, homes first.
    pub sections: Vec<Section>,
    /// Taxonomies per language.
    pub taxonomies: Vec<Taxonomy>,
    /// Files of `content/` that are not Markdown, relative to `content/`.
    pub assets: Vec<String>,
    /// Relative paths (to `content/`) of drafts left out of this build.
    pub drafts: FxHashSet<String>,
    /// Translation key → pages in each language, default language first.
    pub translations: FxHashMap<String, Vec<usize>>,
    /// Path relative to `content/` → page index.
    pub by_rel: FxHashMap<String, usize>,
    /// Language → taxonomy → term slug → URL of the term page.
    pub term_urls: taxonomy::TermUrls,
    /// Whether the pages are files given on their own, outside any site ([`load_given`]):
    /// files are then named as the user gave them, not from the site root.
    pub standalone: bool,
}

/// A file to check on its own, outside any site (`maillon check plan.md`), read as a plan.
#[derive(Debug, Clone)]
pub struct Given {
    /// The path as the user gave it: findings name the file so.
    pub shown: PathBuf,
    /// Its place in the virtual site, as if under `content/` (`/`-separated, unique among the
    /// files given together, so that links between them resolve).
    pub rel: String,
    /// The language of its messages.
    pub lang: String,
    /// Its text (for a Word or LibreOffice document, the Markdown it converts to).
    pub text: String,
    /// For a document, where each line of `text` comes from.
    pub landmarks: Option<crate::import::Landmarks>,
}

impl Site {
    /// The home section of `lang`, if the site has pages in that language.
    pub fn home(&self, lang: &str) -> Option<usize> {
        self.sections
            .iter()
            .position(|s| s.parent.is_none() && s.lang == lang)
    }

    /// The page read from `path` (relative to the site root, as diagnostics name files).
    pub fn page_at(&self, path: &Path) -> Option<&Page> {
        let rel = path.strip_prefix("content").ok()?;
        let rel = rel.to_string_lossy().replace('\\', "/");
        self.by_rel.get(&rel).map(|&i| &self.pages[i])
    }

    /// Names the place of each finding in a Word or LibreOffice document as its author finds
    /// it (the heading above, the paragraph's number), a document having no lines.
    pub fn name_places(&self, diagnostics: &mut [Diagnostic]) {
        for d in diagnostics
            .iter_mut()
            .filter(|d| d.line > 0 && d.landmark.is_none())
        {
            if let Some(file) = self.source(&d.file).filter(|f| f.is_document()) {
                d.landmark = file.landmark(d.line);
            }
        }
    }

    /// The file behind a diagnostic, for code frames.
    pub fn source(&self, path: &Path) -> Option<&SourceFile> {
        if self.standalone {
            return self
                .pages
                .iter()
                .find(|p| p.file.path == path)
                .map(|p| &p.file);
        }
        self.page_at(path).map(|p| &p.file)
    }
}

/// Reads `content/` under `root`. Returns the site and every diagnostic about its content; an
/// `Err` only when the folder cannot be read at all.
pub fn load(root: &Path, config: Config, options: &LoadOptions) -> Result<(Site, Vec<Diagnostic>)> {
    let content_dir = root.join("content");
    let listing = walk::walk(&content_dir)?;
    let languages: HashSet<&str> = config.language_codes().into_iter().collect();

    let mut loaded: Vec<(Option<Page>, Vec<Diagnostic>)> = listing
        .markdown
        .par_iter()
        .map(|rel| read::read_page(&content_dir, rel, &config, &languages, options.cache))
        .collect();
    for link in &listing.symlinks {
        let target = std::fs::read_link(content_dir.join(link))
            .map(|t| t.display().to_string())
            .unwrap_or_default();
        let diagnostic = Diagnostic::of(
            &crate::rule::CONTENT_SYMLINK,
            &Path::new("content").join(link),
            Default::default(),
            format!("a symbolic link (to `{target}`) is not followed; it is left out"),
        )
        .with_help("copy the file or folder into content/");
        loaded.push((None, vec![diagnostic]));
    }
    for name in &listing.bad_names {
        let diagnostic = Diagnostic::of(
            &crate::rule::CONTENT_UNREADABLE,
            &Path::new("content").join(name),
            Default::default(),
            "the name is not valid UTF-8 (shown with `�`): the file or folder cannot be read",
        )
        .with_help("rename it with letters, digits and hyphens");
        loaded.push((None, vec![diagnostic]));
    }
    Ok(assemble(
        root,
        config,
        loaded,
        listing.assets,
        options,
        false,
    ))
}

/// Builds a site of the `files` given on their own, each read as a plan in its own language,
/// and returns it with every diagnostic about them. Drafts are kept: the user named them.
pub fn load_given(config: Config, files: Vec<Given>) -> (Site, Vec<Diagnostic>) {
    let languages: HashSet<&str> = config.language_codes().into_iter().collect();
    let loaded: Vec<(Option<Page>, Vec<Diagnostic>)> = files
        .into_par_iter()
        .map(|given| read::given_page(given, &config, &languages))
        .collect();
    let options = LoadOptions {
        drafts: true,
        cache: None,
        taxonomies: false,
    };
    assemble(Path::new("."), config, loaded, Vec::new(), &options, true)
}

/// Makes a site of the pages read: drafts set aside, a home for every language, the tables.
fn assemble(
    root: &Path,
    config: Config,
    loaded: Vec<(Option<Page>, Vec<Diagnostic>)>,
    assets: Vec<String>,
    options: &LoadOptions,
    standalone: bool,
) -> (Site, Vec<Diagnostic>) {
    let mut diagnostics = Vec::new();
    let mut pages = Vec::with_capacity(loaded.len());
    let mut drafts = FxHashSet::default();
    for (page, mut diags) in loaded {
        diagnostics.append(&mut diags);
        match page {
            Some(p) if p.meta.draft && !options.drafts => {
                drafts.insert(p.rel.clone());
            }
            Some(p) => pages.push(p),
            None => {}
        }
    }

    // Every language with content gets a home, even without `_index.md`.
    for lang in config.language_codes() {
        let has_pages = pages.iter().any(|p| p.lang == lang);
        let has_home = pages
            .iter()
            .any(|p| p.lang == lang && p.role == Role::Section && p.dir.is_empty());
        if (has_pages || lang == config.default_language) && !has_home {
            pages.push(read::synthetic_home(&config, lang));
        }
    }
    pages.sort_by(|a, b| a.rel.cmp(&b.rel));
    let mut site = Site {
        root: root.to_path_buf(),
        config,
        pages,
        sections: Vec::new(),
        taxonomies: Vec::new(),
        assets,
        drafts,
        translations: FxHashMap::default(),
        by_rel: FxHashMap::default(),
        term_urls: HashMap::new(),
        standalone,
    };
    diagnostics.extend(relink_with(&mut site, options.taxonomies));
    (site, diagnostics)
}

/// Reads one content file (`rel` relative to `content/`), as [`load`] does for each; its text
/// is `unsaved` when given (an editor's buffer) instead of what is on disk.
pub fn read_file(
    root: &Path,
    rel: &str,
    config: &Config,
    unsaved: Option<String>,
) -> (Option<Page>, Vec<Diagnostic>) {
    let languages: HashSet<&str> = config.language_codes().into_iter().collect();
    read::read_page_as(
        &root.join("content"),
        rel,
        config,
        &languages,
        None,
        unsaved,
    )
}

/// Derives the site's tables (sections, kinds from sections, taxonomies, translations, paths,
/// term URLs) from its pages, which must be sorted by `rel`. [`load`] calls it once; `serve`
/// calls it again after replacing one page, which costs milliseconds, not a reload. Returns the
/// diagnostics about the tables (duplicate URLs, unknown taxonomies).
pub fn relink(site: &mut Site) -> Vec<Diagnostic> {
    relink_with(site, true)
}

/// [`relink`], leaving `Site::taxonomies` and `Site::term_urls` empty unless `taxonomies`.
fn relink_with(site: &mut Site, taxonomies: bool) -> Vec<Diagnostic> {
    let (config, pages) = (&site.config, &mut site.pages);
    let mut diagnostics = Vec::new();
    let sections = section::build_sections(pages);
    check_unique_urls(pages, &mut diagnostics);

    let taxonomies = if taxonomies {
        taxonomy::build(config, pages)
    } else {
        Vec::new()
    };
    let known: HashSet<&str> = config.taxonomies.iter().map(|t| t.name.as_str()).collect();
    for page in pages.iter() {
        for name in page.meta.taxonomies.keys() {
            if !known.contains(name.as_str()) {
                diagnostics.push(
                    Diagnostic::of(
                        &crate::rule::FRONT_MATTER_UNKNOWN_TAXONOMY,
                        &page.file.path,
                        front_matter::top(),
                        format!("taxonomy `{name}` is not declared in maillon.toml; its terms are ignored"),
                    )
                    .with_help(format!("add `[[taxonomies]]\\nname = \"{name}\"` to maillon.toml")),
                );
            }
        }
    }

    let mut translations: FxHashMap<String, Vec<usize>> = FxHashMap::default();
    let order: HashMap<&str, usize> = config
        .language_codes()
        .into_iter()
        .enumerate()
        .map(|(i, l)| (l, i))
        .collect();
    for (i, p) in pages.iter().enumerate() {
        translations.entry(p.key.clone()).or_default().push(i);
    }
    for list in translations.values_mut() {
        list.sort_by_key(|&i| {
            order
                .get(pages[i].lang.as_str())
                .copied()
                .unwrap_or(usize::MAX)
        });
    }
    site.by_rel = pages
        .iter()
        .enumerate()
        .map(|(i, p)| (p.rel.clone(), i))
        .collect();
    site.term_urls = taxonomy::term_urls(&taxonomies);
    site.sections = sections;
    site.taxonomies = taxonomies;
    site.translations = translations;
    diagnostics
}

fn check_unique_urls(pages: &[Page], diagnostics: &mut Vec<Diagnostic>) {
    let mut seen: HashMap<&str, usize> = HashMap::new();
    for (i, p) in pages.iter().enumerate() {
        if let Some(&first) = seen.get(p.url.as_str()) {
            diagnostics.push(
                Diagnostic::of(
                    &crate::rule::CONTENT_DUPLICATE_URL,
                    &p.file.path,
                    front_matter::top(),
                    format!(
                        "this page has the same URL `{}` as {}",
                        p.url,
                        pages[first].file.path.display()
                    ),
                )
                .with_help("give one of them another `slug`"),
            );
        } else {
            seen.insert(&p.url, i);
        }
    }
}
