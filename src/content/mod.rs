//! LOAD: `content/` → [`Site`].
//!
//! Files are read and their front matter parsed in parallel; then, in one cheap sequential pass,
//! every page gets its language, URL, section and kind, and the sections and taxonomies are
//! built. Nothing here renders Markdown: URLs come from paths and front matter alone, so the
//! render stage can resolve any link while rendering each page exactly once. Problems with the
//! content are collected as diagnostics and never stop the load.

pub mod front_matter;
pub mod page;
pub mod section;
pub mod taxonomy;
pub mod walk;

use std::collections::{HashMap, HashSet};
use std::path::{Path, PathBuf};

use rayon::prelude::*;

pub use front_matter::{FrontMatter, PageKind, SortBy};
pub use page::{Page, PageRef, Role};
pub use section::Section;
pub use taxonomy::{Taxonomy, Term};

use crate::config::Config;
use crate::diagnostic::Diagnostic;
use crate::error::Result;
use crate::slug::slugify;
use crate::source::SourceFile;

/// Options that change what is loaded.
#[derive(Debug, Clone, Default)]
pub struct LoadOptions {
    /// Include pages marked `draft`.
    pub drafts: bool,
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
    pub drafts: HashSet<String>,
    /// Translation key → pages in each language, default language first.
    pub translations: HashMap<String, Vec<usize>>,
    /// Path relative to `content/` → page index.
    pub by_rel: HashMap<String, usize>,
    /// (language, taxonomy, term slug) → URL of the term page.
    pub term_urls: HashMap<(String, String, String), String>,
}

impl Site {
    /// The home section of `lang`, if the site has pages in that language.
    pub fn home(&self, lang: &str) -> Option<usize> {
        self.sections
            .iter()
            .position(|s| s.parent.is_none() && s.lang == lang)
    }

    /// The file behind a diagnostic, for code frames.
    pub fn source(&self, path: &Path) -> Option<&SourceFile> {
        let rel = path.strip_prefix("content").ok()?;
        let rel = rel.to_string_lossy().replace('\\', "/");
        self.by_rel.get(&rel).map(|&i| &self.pages[i].file)
    }
}

/// Reads `content/` under `root`. Returns the site and every diagnostic about its content; an
/// `Err` only when the folder cannot be read at all.
pub fn load(root: &Path, config: Config, options: &LoadOptions) -> Result<(Site, Vec<Diagnostic>)> {
    let content_dir = root.join("content");
    let listing = walk::walk(&content_dir)?;
    let languages: HashSet<&str> = config.language_codes().into_iter().collect();

    let loaded: Vec<(Option<Page>, Vec<Diagnostic>)> = listing
        .markdown
        .par_iter()
        .map(|rel| read_page(&content_dir, rel, &config, &languages))
        .collect();

    let mut diagnostics = Vec::new();
    let mut pages = Vec::with_capacity(loaded.len());
    let mut drafts = HashSet::new();
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
            pages.push(synthetic_home(&config, lang));
        }
    }
    pages.sort_by(|a, b| a.rel.cmp(&b.rel));

    let sections = build_sections(&mut pages);
    check_unique_urls(&pages, &mut diagnostics);

    let taxonomies = taxonomy::build(&config, &pages);
    let known: HashSet<&str> = config.taxonomies.iter().map(|t| t.name.as_str()).collect();
    for page in &pages {
        for name in page.meta.taxonomies.keys() {
            if !known.contains(name.as_str()) {
                diagnostics.push(
                    Diagnostic::warning(
                        "front-matter/unknown-taxonomy",
                        &page.file.path,
                        front_matter::top(),
                        format!("taxonomy `{name}` is not declared in maillon.toml; its terms are ignored"),
                    )
                    .with_help(format!("add `[[taxonomies]]\\nname = \"{name}\"` to maillon.toml")),
                );
            }
        }
    }

    let mut translations: HashMap<String, Vec<usize>> = HashMap::new();
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
    let by_rel = pages
        .iter()
        .enumerate()
        .map(|(i, p)| (p.rel.clone(), i))
        .collect();

    let term_urls = taxonomy::term_urls(&taxonomies);
    let site = Site {
        root: root.to_path_buf(),
        config,
        pages,
        sections,
        taxonomies,
        assets: listing.assets,
        drafts,
        translations,
        by_rel,
        term_urls,
    };
    Ok((site, diagnostics))
}

/// Reads one file and derives what its path and front matter say.
fn read_page(
    content_dir: &Path,
    rel: &str,
    config: &Config,
    languages: &HashSet<&str>,
) -> (Option<Page>, Vec<Diagnostic>) {
    let shown = Path::new("content").join(rel);
    let mut diagnostics = Vec::new();
    let text = match std::fs::read(content_dir.join(rel)) {
        Ok(bytes) => match String::from_utf8(bytes) {
            Ok(t) => t,
            Err(e) => {
                let at = SourceFile::new(
                    shown.clone(),
                    String::from_utf8_lossy(&e.as_bytes()[..e.utf8_error().valid_up_to()]).into(),
                );
                let pos = at.position(at.text.len());
                diagnostics.push(
                    Diagnostic::error("content/encoding", &shown, pos, "file is not valid UTF-8")
                        .with_help("save the file as UTF-8"),
                );
                return (None, diagnostics);
            }
        },
        Err(e) => {
            diagnostics.push(Diagnostic::error(
                "content/unreadable",
                &shown,
                Default::default(),
                format!("cannot read the file: {e}"),
            ));
            return (None, diagnostics);
        }
    };
    let file = SourceFile::new(shown.clone(), text);

    let (dir, file_name) = match rel.rsplit_once('/') {
        Some((d, f)) => (d.to_string(), f),
        None => (String::new(), rel),
    };
    let stem = file_name.trim_end_matches(".md");
    let (base, lang) = match stem.rsplit_once('.') {
        Some((b, l)) if languages.contains(l) => (b, l.to_string()),
        Some((_, l)) if looks_like_language(l) => {
            diagnostics.push(
                Diagnostic::warning(
                    "content/unknown-language",
                    &shown,
                    Default::default(),
                    format!("language `{l}` is not in maillon.toml; the file is left out"),
                )
                .with_help(format!("add `[languages.{l}]` to maillon.toml")),
            );
            return (None, diagnostics);
        }
        _ => (stem, config.default_language.clone()),
    };
    let key = if dir.is_empty() {
        format!("{base}.md")
    } else {
        format!("{dir}/{base}.md")
    };
    let role = if base == "_index" {
        Role::Section
    } else {
        Role::Page
    };

    let taxonomy_names: Vec<&str> = config.taxonomies.iter().map(|t| t.name.as_str()).collect();
    let parsed = front_matter::parse(&file, &taxonomy_names);
    diagnostics.extend(parsed.diagnostics);
    let meta = parsed.front_matter;
    let title = match meta.title.clone().filter(|t| !t.trim().is_empty()) {
        Some(t) => t,
        None => {
            if !parsed.invalid {
                diagnostics.push(
                    Diagnostic::error(
                        "front-matter/title",
                        &shown,
                        front_matter::top(),
                        "the page has no `title`",
                    )
                    .with_help("add `title: ...` to the front matter"),
                );
            }
            if role == Role::Section && dir.is_empty() {
                config.title_in(&lang).to_string()
            } else {
                base.to_string()
            }
        }
    };
    let date = day_of(&meta.date, "date", &file, &mut diagnostics);
    let updated = day_of(&meta.updated, "updated", &file, &mut diagnostics);

    let dir_segments: Vec<String> = dir
        .split('/')
        .filter(|s| !s.is_empty())
        .map(slugify)
        .collect();
    let lang_root = config.lang_root(&lang);
    let (slug, url) = match role {
        Role::Section => {
            let slug = dir_segments.last().cloned().unwrap_or_default();
            (slug, url_of(&lang_root, &dir_segments, None))
        }
        Role::Page if base == "index" && !dir_segments.is_empty() => {
            // A leaf bundle (`x/index.md`) takes its folder's URL.
            let slug = meta
                .slug
                .as_deref()
                .map(slugify)
                .unwrap_or_else(|| dir_segments.last().cloned().unwrap_or_default());
            let parent = &dir_segments[..dir_segments.len() - 1];
            (slug.clone(), url_of(&lang_root, parent, Some(&slug)))
        }
        Role::Page => {
            let slug = meta
                .slug
                .as_deref()
                .map(slugify)
                .filter(|s| !s.is_empty())
                .unwrap_or_else(|| slugify(base));
            let slug = if slug.is_empty() {
                "page".to_string()
            } else {
                slug
            };
            (slug.clone(), url_of(&lang_root, &dir_segments, Some(&slug)))
        }
    };

    let page = Page {
        file,
        rel: rel.to_string(),
        key,
        dir,
        lang,
        role,
        kind: meta.kind.unwrap_or_default(),
        meta,
        body_start: parsed.body_start,
        title,
        slug,
        url,
        date,
        updated,
        parent: None,
        rendered: Default::default(),
    };
    (Some(page), diagnostics)
}

fn looks_like_language(s: &str) -> bool {
    let (main, region) = s.split_once('-').unwrap_or((s, "ab"));
    main.len() == 2
        && main.bytes().all(|b| b.is_ascii_lowercase())
        && (2..=4).contains(&region.len())
        && region.bytes().all(|b| b.is_ascii_alphabetic())
}

fn url_of(lang_root: &str, dirs: &[String], slug: Option<&str>) -> String {
    let mut url = lang_root.to_string();
    for d in dirs.iter().map(String::as_str).chain(slug) {
        if d.is_empty() {
            continue;
        }
        url.push_str(d);
        url.push('/');
    }
    url
}

fn day_of(
    value: &Option<front_matter::DateValue>,
    field: &str,
    file: &SourceFile,
    diagnostics: &mut Vec<Diagnostic>,
) -> Option<String> {
    let value = value.as_ref()?;
    let day = value.day();
    if day.is_none() {
        diagnostics.push(
            Diagnostic::error(
                "front-matter/date",
                &file.path,
                front_matter::top(),
                format!("`{field}` is not a date"),
            )
            .with_help("write dates as YYYY-MM-DD, for example 2024-03-01"),
        );
    }
    day
}

fn synthetic_home(config: &Config, lang: &str) -> Page {
    let rel = if lang == config.default_language {
        "_index.md".to_string()
    } else {
        format!("_index.{lang}.md")
    };
    Page {
        file: SourceFile::new(Path::new("content").join(&rel), String::new()),
        key: "_index.md".into(),
        rel,
        dir: String::new(),
        lang: lang.to_string(),
        role: Role::Section,
        meta: FrontMatter::default(),
        body_start: 0,
        title: config.title_in(lang).to_string(),
        slug: String::new(),
        url: config.lang_root(lang),
        kind: PageKind::Guidance,
        date: None,
        updated: None,
        parent: None,
        rendered: Default::default(),
    }
}

/// Creates one section per `_index` page, links every page to its section, and sorts listings.
fn build_sections(pages: &mut [Page]) -> Vec<Section> {
    let mut sections = Vec::new();
    let mut by_dir: HashMap<(String, String), usize> = HashMap::new();
    // Homes first, so `Site::home` finds them fast and parents come before children.
    let mut indexes: Vec<usize> = (0..pages.len())
        .filter(|&i| pages[i].role == Role::Section)
        .collect();
    indexes.sort_by_key(|&i| {
        (
            pages[i].dir.matches('/').count() + usize::from(!pages[i].dir.is_empty()),
            pages[i].rel.clone(),
        )
    });
    for i in indexes {
        let p = &pages[i];
        by_dir.insert((p.dir.clone(), p.lang.clone()), sections.len());
        sections.push(Section {
            index: i,
            dir: p.dir.clone(),
            lang: p.lang.clone(),
            pages: Vec::new(),
            subsections: Vec::new(),
            parent: None,
            paginate_by: p.meta.paginate_by.filter(|&n| n > 0),
        });
    }
    let find = |dir: &str, lang: &str, skip_self: bool| -> Option<usize> {
        let mut d = dir.to_string();
        let mut first = true;
        loop {
            if !(first && skip_self)
                && let Some(&s) = by_dir.get(&(d.clone(), lang.to_string()))
            {
                return Some(s);
            }
            first = false;
            if d.is_empty() {
                return None;
            }
            d = d
                .rsplit_once('/')
                .map_or(String::new(), |(p, _)| p.to_string());
        }
    };
    for i in 0..pages.len() {
        let is_section = pages[i].role == Role::Section;
        let parent = if is_section && pages[i].dir.is_empty() {
            None
        } else {
            find(&pages[i].dir, &pages[i].lang, is_section)
        };
        pages[i].parent = parent;
        match (parent, is_section) {
            (Some(s), false) => {
                if pages[i].meta.kind.is_none() {
                    let section_page = sections[s].index;
                    pages[i].kind = pages[section_page].meta.page_kind.unwrap_or_default();
                }
                sections[s].pages.push(i);
            }
            (Some(s), true) => {
                let me = by_dir[&(pages[i].dir.clone(), pages[i].lang.clone())];
                sections[me].parent = Some(s);
                sections[s].subsections.push(me);
            }
            _ => {}
        }
    }
    for s in 0..sections.len() {
        let sort_by = pages[sections[s].index].meta.sort_by.unwrap_or_default();
        let mut list = std::mem::take(&mut sections[s].pages);
        section::sort_pages(&mut list, pages, sort_by);
        sections[s].pages = list;
        let mut subs = std::mem::take(&mut sections[s].subsections);
        subs.sort_by_cached_key(|&c| {
            let p = &pages[sections[c].index];
            (
                p.meta.weight.unwrap_or(i64::MAX),
                section::title_key(&p.title),
            )
        });
        sections[s].subsections = subs;
    }
    sections
}

fn check_unique_urls(pages: &[Page], diagnostics: &mut Vec<Diagnostic>) {
    let mut seen: HashMap<&str, usize> = HashMap::new();
    for (i, p) in pages.iter().enumerate() {
        if let Some(&first) = seen.get(p.url.as_str()) {
            diagnostics.push(
                Diagnostic::error(
                    "content/duplicate-url",
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
