//! PARSE: every page's Markdown rendered in parallel against the site's URL table, then the
//! anchors they link to checked.
//!
//! The Markdown of one page is `markdown`'s, which knows nothing of the site; this stage gives
//! it the site's lookups (a page by its path, a draft left out) and stores each result in its
//! page. Rendering needs only read access to the site's URL table, so pages are rendered on all cores
//! with no lock; each page's result is stored in the page itself. Anchors into other pages are
//! checked afterwards, when every page's heading ids are known.

use rayon::prelude::*;

use crate::content::{Page, Site};
use crate::diagnostic::Diagnostic;

use crate::content::PageKind;
use crate::markdown::links::{self, LinkTarget};
use crate::markdown::{AnchorRef, Pass, Rendered, Resolve, render};

/// Pages rendered between two releases of their texts.
const RELEASE_CHUNK: usize = 2048;

/// Renders every page of `site` and returns the diagnostics about links and anchors. Without
/// `html`, pages are only parsed (for `maillon check`), and a page whose parse came from the
/// cache is not parsed again unless it must now be read as a plan and was not.
pub fn render_pages(site: &mut Site, html: bool) -> Vec<Diagnostic> {
    let mut diagnostics = Vec::new();
    // In chunks: once a chunk's pages have their HTML, the text of those that are not plans is
    // given back (`SourceFile::release`) before the next chunk renders, so a build never holds
    // every page's text and every page's HTML at once.
    for start in (0..site.pages.len()).step_by(RELEASE_CHUNK) {
        let end = (start + RELEASE_CHUNK).min(site.pages.len());
        let results: Vec<Option<(Rendered, Vec<Diagnostic>)>> = site.pages[start..end]
            .par_iter()
            .map(|page| {
                let reusable = !html
                    && page.rendered.from_cache
                    && page.rendered.plan == (page.kind == PageKind::Plan);
                (!reusable).then(|| render_page(site, page, html))
            })
            .collect();
        for (page, result) in site.pages[start..end].iter_mut().zip(results) {
            if let Some((rendered, mut diags)) = result {
                page.rendered = rendered;
                diagnostics.append(&mut diags);
            }
            if html && page.kind != PageKind::Plan {
                page.file.release();
            }
        }
    }
    if !html {
        let resolved: Vec<(Vec<AnchorRef>, Vec<Diagnostic>)> = site
            .pages
            .par_iter()
            .map(|page| resolve_links(site, page))
            .collect();
        for (page, (anchors, mut diags)) in site.pages.iter_mut().zip(resolved) {
            page.rendered.anchor_refs = anchors;
            diagnostics.append(&mut diags);
        }
    }
    diagnostics.extend(check_anchors(&site.pages, site.config.link_errors()));
    diagnostics
}

/// Renders one page's Markdown against the site's URL table (`page` need not be in `site`:
/// `serve` renders a page read again before it replaces the old one). Returns the result and
/// the diagnostics about its links (anchors are checked by [`check_anchors`]; without `html`,
/// links are only collected, for `resolve_links`).
pub fn render_page(site: &Site, page: &Page, html: bool) -> (Rendered, Vec<Diagnostic>) {
    let mut diagnostics = Vec::new();
    let pass = Pass {
        markdown: &site.config.markdown,
        html,
        blocks: page.kind == PageKind::Plan,
    };
    let rendered = with_resolve(site, page, |resolve| {
        render(
            &page.file,
            page.body_start,
            pass,
            resolve,
            &page.url,
            &mut diagnostics,
        )
    });
    (rendered, diagnostics)
}

/// Resolves the links a page parsed without HTML collected: the anchors to check, and the
/// diagnostics about links that resolve to nothing.
fn resolve_links(site: &Site, page: &Page) -> (Vec<AnchorRef>, Vec<Diagnostic>) {
    let mut anchors = Vec::new();
    let mut diagnostics = Vec::new();
    with_resolve(site, page, |resolve| {
        for link in &page.rendered.links {
            let target = links::rewrite(
                &link.dest,
                resolve,
                link.offset,
                &page.file,
                &page.url,
                &mut diagnostics,
            );
            if let LinkTarget::Internal {
                anchor: Some(anchor),
                ..
            } = target
            {
                anchors.push(anchor);
            }
        }
    });
    (anchors, diagnostics)
}

/// Calls `f` with the site's URL table as seen from `page`.
fn with_resolve<T>(site: &Site, page: &Page, f: impl FnOnce(&Resolve<'_>) -> T) -> T {
    let (pages, by_rel, translations, drafts) =
        (&site.pages, &site.by_rel, &site.translations, &site.drafts);
    let lookup = |rel: &str| -> Option<(usize, &str)> {
        let &found = by_rel.get(rel)?;
        // Prefer the linking page's language when the target has that translation.
        let index = if pages[found].lang == page.lang {
            found
        } else {
            translations
                .get(&pages[found].key)
                .and_then(|list| list.iter().copied().find(|&i| pages[i].lang == page.lang))
                .unwrap_or(found)
        };
        Some((index, pages[index].url.as_str()))
    };
    let is_draft = |rel: &str| drafts.contains(rel);
    // Only Hugo refs that name no path ask this: a scan of the site's paths is cheap enough.
    let named = |name: &str| -> Option<String> {
        let endings = [
            format!("/{name}.md"),
            format!("/{name}/index.md"),
            format!("/{name}/_index.md"),
        ];
        let mut hits = by_rel.keys().filter(|rel| {
            endings
                .iter()
                .any(|e| rel.ends_with(e.as_str()) || rel.as_str() == &e[1..])
        });
        let first = hits.next()?;
        hits.next().is_none().then(|| first.clone())
    };
    f(&Resolve {
        dir: &page.dir,
        lang: &page.lang,
        lookup: &lookup,
        is_draft: &is_draft,
        named: &named,
        errors: site.config.link_errors(),
    })
}

/// Checks every anchor the pages link to, once every page's heading ids are known. A missing
/// anchor the site's generator never checked (`errors`: on a site moving in from Zola or Hugo)
/// is a warning ([`links::unchecked_there`]).
pub fn check_anchors(pages: &[Page], errors: crate::config::LinkErrors) -> Vec<Diagnostic> {
    let mut diagnostics = Vec::new();
    // A page has a few dozen headings at most: scanning them costs less than a set of ids per
    // page, which `serve` would build again for every page of the site at each save.
    let ids = |page: usize| {
        let r = &pages[page].rendered;
        r.headings
            .iter()
            .map(|h| h.id.as_str())
            .chain(r.term_ids.iter().map(String::as_str))
    };
    for (i, page) in pages.iter().enumerate() {
        for r in &page.rendered.anchor_refs {
            let target = r.target.unwrap_or(i);
            if ids(target).any(|id| id == r.anchor) {
                continue;
            }
            let mut known: Vec<&str> = ids(target).collect();
            known.sort_unstable();
            known.dedup();
            let messages = crate::messages::Messages::bundled();
            let lang = page.lang.as_str();
            let help = match closest(&r.anchor, &known) {
                Some(s) => messages.get(lang, "anchor_suggestion_help", &[("suggestion", s)]),
                None => messages.get(lang, "anchor_missing_help", &[]),
            };
            let target_file = pages[target].file.path.display().to_string();
            let message = messages.get(
                lang,
                "anchor_missing",
                &[
                    ("anchor", &r.anchor),
                    ("link", &r.written),
                    ("file", &target_file),
                ],
            );
            diagnostics.push(
                Diagnostic::of(
                    &crate::rule::LINKS_ANCHOR,
                    &page.file.path,
                    page.file.position(r.offset),
                    message,
                )
                .with_help(help)
                .with_page(&page.url)
                .lowered_to_warning(links::unchecked_there(errors, &r.written)),
            );
        }
    }
    diagnostics
}

/// The known id sharing the longest prefix with `wanted`, if any shares at least 3 characters.
fn closest<'a>(wanted: &str, known: &[&'a str]) -> Option<&'a str> {
    let wanted = crate::slug::slugify(wanted);
    known
        .iter()
        .map(|k| {
            (
                k,
                k.chars()
                    .zip(wanted.chars())
                    .take_while(|(a, b)| a == b)
                    .count(),
            )
        })
        .filter(|(_, n)| *n >= 3)
        .max_by_key(|(_, n)| *n)
        .map(|(k, _)| *k)
}
