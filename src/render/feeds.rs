//! The files around the pages: `sitemap.xml`, one Atom feed per language, `robots.txt`, and the
//! redirect pages of aliases.
//!
//! They are plain, fixed formats, so they are written by code rather than templates: a theme
//! cannot break them, and they cost nothing to render. Aliases are checked here (no `..`, no
//! clash with a real page), and a bad one is a diagnostic, not a write outside the output.

use std::collections::HashSet;
use std::fmt::Write as _;

use crate::content::{Page, Role, Site};
use crate::diagnostic::Diagnostic;
use crate::error::Result;
use crate::output::{Sink, page_file};

/// Writes the sitemap, feeds, robots.txt and alias redirects; returns diagnostics about aliases.
pub(super) fn write_extras(site: &Site, output: &dyn Sink) -> Result<Vec<Diagnostic>> {
    let config = &site.config;
    output.write("sitemap.xml", sitemap(site).as_bytes())?;
    output.write(
        "robots.txt",
        format!(
            "User-agent: *\nAllow: /\nSitemap: {}sitemap.xml\n",
            config.base_url
        )
        .as_bytes(),
    )?;
    if config.generate_feeds {
        for lang in config.language_codes() {
            if site.home(lang).is_none() {
                continue;
            }
            let root = config.lang_root(lang);
            let rel = root.strip_prefix(&config.base_path()).unwrap_or(&root);
            output.write(&format!("{rel}atom.xml"), atom(site, lang).as_bytes())?;
        }
    }
    aliases(site, output)
}

fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&apos;"),
            c => out.push(c),
        }
    }
    out
}

fn sitemap(site: &Site) -> String {
    let mut out = String::from(
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<urlset xmlns=\"http://www.sitemaps.org/schemas/sitemap/0.9\">\n",
    );
    let mut entry = |url: &str, lastmod: Option<&str>| {
        let _ = write!(
            out,
            "  <url>\n    <loc>{}</loc>\n",
            escape(&site.config.permalink(url))
        );
        if let Some(day) = lastmod {
            let _ = writeln!(out, "    <lastmod>{day}</lastmod>");
        }
        out.push_str("  </url>\n");
    };
    for p in &site.pages {
        entry(&p.url, p.updated.as_deref().or(p.date.as_deref()));
    }
    for t in &site.taxonomies {
        entry(&t.url, None);
        for term in &t.terms {
            entry(&term.url, None);
        }
    }
    out.push_str("</urlset>\n");
    out
}

fn atom(site: &Site, lang: &str) -> String {
    let config = &site.config;
    let mut dated: Vec<&Page> = site
        .pages
        .iter()
        .filter(|p| p.lang == lang && p.role == Role::Page && p.date.is_some())
        .collect();
    dated.sort_by(|a, b| {
        b.updated
            .as_ref()
            .or(b.date.as_ref())
            .cmp(&a.updated.as_ref().or(a.date.as_ref()))
            .then_with(|| a.url.cmp(&b.url))
    });
    dated.truncate(config.feed_limit);
    let home = config.permalink(&config.lang_root(lang));
    let newest = dated
        .first()
        .and_then(|p| p.updated.as_deref().or(p.date.as_deref()))
        .unwrap_or("1970-01-01");
    let mut out = String::new();
    let _ = write!(
        out,
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<feed xmlns=\"http://www.w3.org/2005/Atom\" xml:lang=\"{lang}\">\n  <title>{}</title>\n  <link href=\"{home}atom.xml\" rel=\"self\" type=\"application/atom+xml\"/>\n  <link href=\"{home}\"/>\n  <updated>{newest}T00:00:00Z</updated>\n  <id>{home}</id>\n",
        escape(config.title_in(lang)),
    );
    for p in dated {
        let link = config.permalink(&p.url);
        let updated = p.updated.as_deref().or(p.date.as_deref()).unwrap_or(newest);
        let _ = write!(
            out,
            "  <entry xml:lang=\"{}\">\n    <title>{}</title>\n    <link href=\"{}\" type=\"text/html\"/>\n    <id>{}</id>\n    <published>{}T00:00:00Z</published>\n    <updated>{updated}T00:00:00Z</updated>\n",
            p.lang,
            escape(&p.title),
            escape(&link),
            escape(&link),
            p.date.as_deref().unwrap_or(updated),
        );
        let summary = p
            .rendered
            .summary
            .as_deref()
            .map(str::to_string)
            .or_else(|| p.meta.description.as_ref().map(|d| escape(d)));
        if let Some(s) = summary {
            let _ = writeln!(out, "    <summary type=\"html\">{}</summary>", escape(&s));
        }
        out.push_str("  </entry>\n");
    }
    out.push_str("</feed>\n");
    out
}

/// Why an alias is refused when an earlier page has it.
const SHARED: &str = "is already the alias of another page";

fn aliases(site: &Site, output: &dyn Sink) -> Result<Vec<Diagnostic>> {
    let config = &site.config;
    let base = config.base_path();
    let taken: HashSet<String> = site
        .pages
        .iter()
        .map(|p| page_file(p.url.strip_prefix(&base).unwrap_or(&p.url)))
        .collect();
    let mut written = HashSet::new();
    let mut diagnostics = Vec::new();
    for page in &site.pages {
        for alias in &page.meta.aliases {
            let clean = alias.trim().trim_start_matches('/');
            let file = page_file(clean);
            let bad_part = clean
                .split('/')
                .any(|s| s == ".." || s == "." || s.contains(['\\', ':', '\0']));
            let problem = if clean.is_empty() || bad_part {
                Some("must be a path inside the site, such as `/ancien/chemin/`")
            } else if taken.contains(&file) {
                Some("is the URL of an existing page")
            } else if !written.insert(file.clone()) {
                Some(SHARED)
            } else {
                None
            };
            if let Some(why) = problem {
                // Hugo keeps the first page's redirect when two pages share an alias: on a site
                // moving in from it, that is a warning (the first redirect is kept here too).
                diagnostics.push(
                    Diagnostic::of(
                        &crate::rule::FRONT_MATTER_ALIAS,
                        &page.file.path,
                        crate::content::front_matter::field(&page.file, "aliases"),
                        format!("alias `{alias}` {why}"),
                    )
                    .with_help("aliases are old paths that redirect to this page")
                    .lowered_to_warning(why == SHARED && config.imported.is_some()),
                );
                continue;
            }
            let target = escape(&config.permalink(&page.url));
            let html = format!(
                "<!DOCTYPE html>\n<html lang=\"{}\"><head><meta charset=\"utf-8\"><title>{}</title><link rel=\"canonical\" href=\"{target}\"><meta name=\"robots\" content=\"noindex\"><meta http-equiv=\"refresh\" content=\"0; url={target}\"></head><body><p><a href=\"{target}\">{}</a></p></body></html>\n",
                page.lang,
                escape(&page.title),
                escape(&page.title),
            );
            output.write(&file, html.as_bytes())?;
        }
    }
    Ok(diagnostics)
}
