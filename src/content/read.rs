//! Reading one content file: its language, translation key, role, front matter, title, dates,
//! slug and URL, all derived from the path and the front matter, before any Markdown is parsed.
//!
//! A file of `content/` and a file given on its own (`maillon check plan.md`) go through the
//! same [`page_of`]: only where the text comes from, and the language, differ.

use std::collections::HashSet;
use std::path::Path;

use super::Given;
use super::front_matter::{self, FrontMatter, PageKind};
use super::page::{Page, Role};
use crate::config::Config;
use crate::diagnostic::Diagnostic;
use crate::slug::slugify;
use crate::source::SourceFile;

/// Reads one file and derives what its path and front matter say. With a `cache`, an unchanged
/// file is not read: its front matter and parse come from the cache, its text stays on disk.
pub(super) fn read_page(
    content_dir: &Path,
    rel: &str,
    config: &Config,
    languages: &HashSet<&str>,
    cache: Option<&dyn super::Reuse>,
) -> (Option<Page>, Vec<Diagnostic>) {
    read_page_as(content_dir, rel, config, languages, cache, None)
}

/// [`read_page`], with the file's text given (`unsaved`: an editor's buffer, not yet on disk)
/// instead of read.
pub(super) fn read_page_as(
    content_dir: &Path,
    rel: &str,
    config: &Config,
    languages: &HashSet<&str>,
    cache: Option<&dyn super::Reuse>,
    unsaved: Option<String>,
) -> (Option<Page>, Vec<Diagnostic>) {
    let shown = Path::new("content").join(rel);
    let on_disk = content_dir.join(rel);
    let mut diagnostics = Vec::new();
    // What a cache knows is of the file on disk, not of an editor's text.
    let known = cache
        .filter(|_| unsaved.is_none())
        .and_then(|c| c.take(rel, &on_disk));
    let document = crate::import::is_document(rel);
    let file = match (&known, unsaved) {
        (_, Some(text)) if !document => SourceFile::read(shown, on_disk, text),
        (Some(_), _) => SourceFile::on_disk(shown, on_disk),
        (None, _) if document => match read_document(&on_disk, &shown, &mut diagnostics) {
            Some(imported) => SourceFile::document(shown, imported),
            None => return (None, diagnostics),
        },
        (None, _) => match read_text(&on_disk, &shown, &mut diagnostics) {
            Some(text) => SourceFile::read(shown, on_disk, text),
            None => return (None, diagnostics),
        },
    };
    let mut page = page_of(file, rel, config, languages, known, None, &mut diagnostics);
    // In a site, a document is of its section's kind (a plan in `plans/`, a practice among the
    // practices), whatever its conversion says on its own.
    if document && let Some(page) = &mut page {
        page.meta.kind = None;
    }
    (page, diagnostics)
}

/// Converts the document at `on_disk` (a `.docx` or `.odt`, shown as `shown`): what could not be
/// kept becomes `content/document-loss` infos naming their place, and a document that cannot be
/// converted a `content/document` error (and `None`).
pub fn read_document(
    on_disk: &Path,
    shown: &Path,
    diagnostics: &mut Vec<Diagnostic>,
) -> Option<crate::import::Imported> {
    match crate::import::convert_file(on_disk).map_err(|e| e.0) {
        Ok(mut imported) => {
            diagnostics.extend(imported.warnings.drain(..).map(|w| {
                Diagnostic::of(
                    &crate::rule::CONTENT_DOCUMENT_LOSS,
                    shown,
                    Default::default(),
                    w,
                )
            }));
            Some(imported)
        }
        Err(message) => {
            diagnostics.push(
                Diagnostic::of(
                    &crate::rule::CONTENT_DOCUMENT,
                    shown,
                    Default::default(),
                    message,
                )
                .with_help("open it in Word or LibreOffice and save it again as .docx or .odt"),
            );
            None
        }
    }
}

/// A file given on its own (outside any site), read as [`read_page`] reads a file of
/// `content/`: in the language chosen for it whatever its name says, and as a plan whatever its
/// front matter says.
pub(super) fn given_page(
    given: Given,
    config: &Config,
    languages: &HashSet<&str>,
) -> (Option<Page>, Vec<Diagnostic>) {
    let mut diagnostics = Vec::new();
    let file = match given.landmarks {
        Some(landmarks) => SourceFile::converted(given.shown, given.text, landmarks),
        None => SourceFile::new(given.shown, given.text),
    };
    let page = page_of(
        file,
        &given.rel,
        config,
        languages,
        None,
        Some(&given.lang),
        &mut diagnostics,
    );
    let page = page.map(|mut p| {
        p.meta.kind = Some(PageKind::Plan);
        p.kind = PageKind::Plan;
        p
    });
    (page, diagnostics)
}

/// Derives a page from its file: `rel` (relative to `content/`) gives its folder, language and
/// URL, unless `lang` is forced; `known` is what the cache knows of it.
fn page_of(
    file: SourceFile,
    rel: &str,
    config: &Config,
    languages: &HashSet<&str>,
    known: Option<super::Known>,
    lang: Option<&str>,
    diagnostics: &mut Vec<Diagnostic>,
) -> Option<Page> {
    let shown = file.path.clone();
    let (dir, file_name) = match rel.rsplit_once('/') {
        Some((d, f)) => (d.to_string(), f),
        None => (String::new(), rel),
    };
    let stem = match file_name.rsplit_once('.') {
        Some((stem, ext)) if ext == "md" || crate::import::is_document_extension(ext) => stem,
        _ => file_name,
    };
    let (base, lang) = match (lang, stem.rsplit_once('.')) {
        (Some(forced), _) => (stem, forced.to_string()),
        (None, Some((b, l))) if languages.contains(l) => (b, l.to_string()),
        (None, Some((_, l))) if looks_like_language(l) => {
            diagnostics.push(
                Diagnostic::of(
                    &crate::rule::CONTENT_UNKNOWN_LANGUAGE,
                    &shown,
                    Default::default(),
                    format!("language `{l}` is not in maillon.toml; the file is left out"),
                )
                .with_help(format!("add `[languages.{l}]` to maillon.toml")),
            );
            return None;
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

    let (meta, body_start, invalid, rendered) = if let Some(known) = known {
        (known.front_matter, known.body_start, false, known.rendered)
    } else {
        let taxonomy_names: Vec<&str> = config.taxonomies.iter().map(|t| t.name.as_str()).collect();
        let parsed = front_matter::parse(&file, &taxonomy_names);
        diagnostics.extend(parsed.diagnostics);
        let (fm, start, invalid) = (parsed.front_matter, parsed.body_start, parsed.invalid);
        (fm, start, invalid, Default::default())
    };
    let title = if let Some(t) = meta.title.clone().filter(|t| !t.trim().is_empty()) {
        t
    } else {
        // Zola and Hugo require no title (a `redirect_to` section, a folder of pages, a page
        // whose template needs none): on a site moving in from them, a section takes its
        // folder's name and a page its file's (a bundle its folder's), with no error.
        let untitled_ok = config.imported.is_some();
        if !invalid && !untitled_ok {
            diagnostics.push(
                Diagnostic::of(
                    &crate::rule::FRONT_MATTER_TITLE,
                    &shown,
                    front_matter::top(),
                    "the page has no `title`",
                )
                .with_help("add `title: ...` to the front matter"),
            );
        }
        if role == Role::Section && dir.is_empty() {
            config.title_in(&lang).to_string()
        } else if role == Role::Section || (base == "index" && !dir.is_empty()) {
            // A section, or a bundle: its folder's name.
            dir.rsplit('/').next().unwrap_or(&dir).to_string()
        } else {
            base.to_string()
        }
    };
    let date = day_of(meta.date.as_ref(), "date", &file, diagnostics);
    let updated = day_of(meta.updated.as_ref(), "updated", &file, diagnostics);

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
                .filter(|s| !s.is_empty())
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

    if let Some(written) = meta.slug.as_deref().filter(|_| role == Role::Page) {
        check_slug(written, &url, &file, diagnostics);
    }
    check_terms(&meta.taxonomies, &file, diagnostics);

    let page = Page {
        file,
        rel: rel.to_string(),
        key,
        dir,
        lang,
        role,
        kind: meta.kind.unwrap_or_default(),
        meta,
        body_start,
        title,
        slug,
        url,
        date,
        updated,
        parent: None,
        rendered,
        synthetic: false,
    };
    Some(page)
}

/// The text of the file at `on_disk`, or `None` with a diagnostic when it cannot be read or is
/// not UTF-8.
fn read_text(on_disk: &Path, shown: &Path, diagnostics: &mut Vec<Diagnostic>) -> Option<String> {
    match std::fs::read(on_disk) {
        Ok(bytes) => decode(bytes, shown, diagnostics),
        Err(e) => {
            diagnostics.push(Diagnostic::of(
                &crate::rule::CONTENT_UNREADABLE,
                shown,
                Default::default(),
                format!("cannot read the file: {e}"),
            ));
            None
        }
    }
}

/// The bytes of the file `shown` as text, or `None` with a `content/encoding` diagnostic at the
/// first invalid byte when they are not UTF-8.
pub fn decode(bytes: Vec<u8>, shown: &Path, diagnostics: &mut Vec<Diagnostic>) -> Option<String> {
    match String::from_utf8(bytes) {
        Ok(t) => Some(t),
        Err(e) => {
            let at = SourceFile::new(
                shown.to_path_buf(),
                String::from_utf8_lossy(&e.as_bytes()[..e.utf8_error().valid_up_to()]).into(),
            );
            let pos = at.position(at.text().len());
            diagnostics.push(
                Diagnostic::of(
                    &crate::rule::CONTENT_ENCODING,
                    shown,
                    pos,
                    "file is not valid UTF-8",
                )
                .with_help("save the file as UTF-8"),
            );
            None
        }
    }
}

/// Whether `s` looks like a language code: `fr`, `nl`, `pt-br`.
pub fn looks_like_language(s: &str) -> bool {
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

/// A slug is one URL segment: one holding a path, a NUL or nothing a URL can use was turned
/// into another, which the author is told, with the URL used.
fn check_slug(written: &str, url: &str, file: &SourceFile, diagnostics: &mut Vec<Diagnostic>) {
    let why = if written.contains(['/', '\\', '\0']) || written.contains("..") {
        "is not one URL segment (it holds `/`, `..`, a backslash or a NUL)"
    } else if slugify(written).is_empty() {
        "has no letter or digit"
    } else {
        return;
    };
    let shown = written.replace('\0', "\\0");
    diagnostics.push(
        Diagnostic::of(
            &crate::rule::FRONT_MATTER_SLUG,
            &file.path,
            front_matter::field(file, "slug"),
            format!("`slug` `{shown}` {why}: the page is at `{url}`"),
        )
        .with_help("a slug is one URL segment, such as plan-2025; a page moves with its file"),
    );
}

/// A taxonomy term whose slug is empty has no URL: the taxonomies leave it out, which the
/// author is told. (A term holding an ASCII letter or digit always has a slug: no need to
/// fold it.)
fn check_terms(
    taxonomies: &std::collections::BTreeMap<String, Vec<String>>,
    file: &SourceFile,
    diagnostics: &mut Vec<Diagnostic>,
) {
    for (taxonomy, terms) in taxonomies {
        let empty =
            |t: &&String| !t.bytes().any(|b| b.is_ascii_alphanumeric()) && slugify(t).is_empty();
        for term in terms.iter().filter(empty) {
            diagnostics.push(
                Diagnostic::of(
                    &crate::rule::FRONT_MATTER_TERM,
                    &file.path,
                    front_matter::field(file, taxonomy),
                    format!("`{taxonomy}` term `{term}` has no letter or digit, so no URL: it is left out"),
                )
                .with_help("name terms with words, such as cambriolages"),
            );
        }
    }
}

fn day_of(
    value: Option<&front_matter::DateValue>,
    field: &str,
    file: &SourceFile,
    diagnostics: &mut Vec<Diagnostic>,
) -> Option<String> {
    let value = value.as_ref()?;
    let day = value.day();
    if day.is_none() {
        diagnostics.push(
            Diagnostic::of(
                &crate::rule::FRONT_MATTER_DATE,
                &file.path,
                front_matter::field(file, field),
                format!("`{field}` is not a date"),
            )
            .with_help("write dates as YYYY-MM-DD, for example 2024-03-01"),
        );
    }
    day
}

pub(super) fn synthetic_home(config: &Config, lang: &str) -> Page {
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
        synthetic: true,
    }
}

#[cfg(test)]
mod tests {
    use std::collections::HashSet;

    use super::read_page;
    use crate::config::Config;

    /// A file cut short after it was loaded: read again, its body is empty, not a panic.
    #[test]
    fn a_file_cut_short_after_loading_has_an_empty_body() {
        let dir = tempfile::tempdir().expect("temp dir");
        let file = dir.path().join("page.md");
        let body = "Un long texte qui commence bien après la fin du nouveau fichier.\n";
        std::fs::write(&file, format!("---\ntitle: Page\n---\n{body}")).expect("write");
        let languages = HashSet::from(["fr"]);
        let (page, _) = read_page(dir.path(), "page.md", &Config::default(), &languages, None);
        let mut page = page.expect("a page");
        assert_eq!(page.body(), body);
        std::fs::write(&file, "---\n").expect("write");
        page.file.release();
        assert_eq!(page.body(), "");
    }
}
