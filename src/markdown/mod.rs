//! PARSE: one page's Markdown → HTML, table of contents, heading ids, links to check.
//!
//! Each page is parsed exactly once, with byte ranges, so every finding carries
//! `file:line:column`. The event stream is walked twice in memory (no re-parse): first to give
//! every heading a unique id from its text, then to rewrite internal links (`@/path.md#anchor`
//! and relative `*.md`) to URLs. Anchors into other pages cannot be checked until every page is
//! rendered, so they are handed back as [`AnchorRef`]s. Raw HTML and unsafe URL schemes are
//! sanitised with ammonia, and only on the pages that contain them, so ordinary pages pay nothing.

mod blocks;
pub(crate) mod links;
mod refs;
mod sanitize;
mod shortcodes;

use std::collections::HashSet;

use pulldown_cmark::{CowStr, Event, HeadingLevel, Options, Parser, Tag, TagEnd};
use serde::{Deserialize, Serialize};

pub(crate) use blocks::{Block, BlockKind};
pub(crate) use links::{LinkTarget, Resolve};

use crate::config::{MarkdownConfig, RawHtml};
use crate::diagnostic::Diagnostic;
use crate::source::SourceFile;

/// What rendering one page produced.
#[derive(Debug, Default)]
pub struct Rendered {
    /// The page body as HTML.
    pub html: String,
    /// HTML before `<!-- more -->`, if the marker is there.
    pub summary: Option<String>,
    /// Headings, in order.
    pub headings: Vec<Heading>,
    /// Other ids links may point at: definition terms, when the site gives them ids.
    pub term_ids: Vec<String>,
    /// Table of contents (headings nested by level).
    pub toc: Vec<TocEntry>,
    /// Words of text (code excluded).
    pub word_count: usize,
    /// Anchors this page links to, to check once every page is rendered.
    pub anchor_refs: Vec<AnchorRef>,
    /// Block structure, for pages the checker reads closely (empty otherwise).
    pub blocks: Vec<Block>,
    /// `<!-- maillon-... -->` comments: (file offset, text inside the comment markers).
    pub directives: Vec<(usize, String)>,
    /// Internal links as written, resolved after parsing (only without HTML: a page rendered to
    /// HTML has its links rewritten while it renders).
    pub links: Vec<LinkRef>,
    /// Whether `blocks` was collected (the page was parsed as a plan).
    pub plan: bool,
    /// Whether this came from `maillon check`'s cache instead of a parse in this run.
    pub from_cache: bool,
}

/// An internal link as written, at a byte offset in the file.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct LinkRef {
    /// Byte offset of the link in the file.
    pub offset: usize,
    /// The destination as written.
    pub dest: String,
}

/// What one pass over a page produces besides links and headings.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Pass<'a> {
    /// Markdown options.
    pub markdown: &'a MarkdownConfig,
    /// Produce HTML (false for `maillon check`, which only needs structure and links).
    pub html: bool,
    /// Collect the block structure (plans).
    pub blocks: bool,
}

/// One heading of a page.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Heading {
    /// 1 to 6.
    pub level: u8,
    /// Unique id within the page.
    pub id: String,
    /// Plain text.
    pub text: String,
    /// Byte offset in the file (not the body).
    pub offset: usize,
}

/// One entry of a table of contents.
#[derive(Debug, Clone, Serialize)]
pub struct TocEntry {
    /// 1 to 6.
    pub level: u8,
    /// Heading id.
    pub id: String,
    /// Plain text.
    pub title: String,
    /// Deeper headings under this one.
    pub children: Vec<TocEntry>,
}

/// A link to `#anchor` in a page, to check against that page's heading ids.
#[derive(Debug, Clone)]
pub struct AnchorRef {
    /// Target page index; `None` for the page itself.
    pub target: Option<usize>,
    /// The anchor, without `#`.
    pub anchor: String,
    /// Byte offset of the link in the file.
    pub offset: usize,
    /// The link as written, for messages.
    pub written: String,
}

/// Renders `file`'s body (from `body_start`) and returns what it found; diagnostics about broken
/// links go to `diagnostics`.
pub(crate) fn render(
    file: &SourceFile,
    body_start: usize,
    pass: Pass<'_>,
    resolve: &Resolve<'_>,
    page_url: &str,
    diagnostics: &mut Vec<Diagnostic>,
) -> Rendered {
    let options = pass.markdown;
    let body = &file.text()[body_start..];
    // Hugo's `ref` shortcodes, replaced by placeholders of their length.
    let refs = if options.hugo_refs {
        refs::replace(body)
    } else {
        None
    };
    let (body, ref_list): (&str, &[refs::Ref]) = match &refs {
        Some((text, list)) => (text.as_str(), list.as_slice()),
        None => (body, &[]),
    };
    let mut opts = Options::ENABLE_TABLES
        | Options::ENABLE_FOOTNOTES
        | Options::ENABLE_STRIKETHROUGH
        | Options::ENABLE_TASKLISTS
        | Options::ENABLE_HEADING_ATTRIBUTES
        | Options::ENABLE_GFM;
    if options.smart_punctuation {
        opts |= Options::ENABLE_SMART_PUNCTUATION;
    }
    if options.definition_lists {
        opts |= Options::ENABLE_DEFINITION_LIST;
    }
    let mut events: Vec<(Event<'_>, std::ops::Range<usize>)> =
        Parser::new_ext(body, opts).into_offset_iter().collect();

    let mut out = Rendered {
        plan: pass.blocks,
        ..Rendered::default()
    };
    if !ref_list.is_empty() {
        refs::fill_all(
            &mut events,
            ref_list,
            body_start,
            pass,
            resolve,
            file,
            page_url,
            &mut out,
            diagnostics,
        );
    }
    name_headings(
        &mut events,
        body_start,
        options.heading_ids,
        &mut out.headings,
    );
    if options.definition_term_ids {
        name_terms(
            &mut events,
            &out.headings,
            options.heading_ids,
            &mut out.term_ids,
        );
    }
    if pass.blocks {
        out.blocks = blocks::collect(&events, body_start);
    }

    let mut needs_sanitizing = false;
    let mut more_at = None;
    let mut in_comment = false;
    let mut in_code = false;
    let mut code_blocks = false;
    let mut keep = vec![true; events.len()];
    let mut code: Vec<std::ops::Range<usize>> = Vec::new();
    for (i, (event, range)) in events.iter_mut().enumerate() {
        match event {
            Event::Start(Tag::Link { dest_url, .. }) => {
                let offset = body_start + range.start;
                if let Some(r) = dest_url
                    .strip_prefix(refs::PLACEHOLDER)
                    .and_then(|n| n.parse::<usize>().ok())
                    .and_then(|n| ref_list.get(n))
                {
                    *dest_url = CowStr::from(refs::destination_of(r, resolve));
                }
                if !pass.html {
                    // Resolved once every page is known; external links need nothing.
                    if links::is_internal(dest_url) {
                        let dest = dest_url.to_string();
                        out.links.push(LinkRef { offset, dest });
                    }
                    continue;
                }
                match links::rewrite(dest_url, resolve, offset, file, page_url, diagnostics) {
                    LinkTarget::Internal { url, anchor } => {
                        if let Some(anchor) = anchor {
                            out.anchor_refs.push(anchor);
                        }
                        *dest_url = CowStr::from(url);
                    }
                    LinkTarget::Unsafe => needs_sanitizing |= options.raw_html == RawHtml::Sanitize,
                    LinkTarget::External => {}
                }
            }
            Event::Start(Tag::Image { dest_url, .. }) if links::is_unsafe(dest_url) => {
                needs_sanitizing |= options.raw_html == RawHtml::Sanitize;
            }
            // `## Titre {onfocus=…}`: pulldown-cmark writes a heading's `key=value` attributes
            // as they are, so a page with any goes through the sanitiser (which keeps ids and
            // classes).
            Event::Start(Tag::Heading { attrs, .. }) if !attrs.is_empty() => {
                needs_sanitizing |= options.raw_html == RawHtml::Sanitize;
            }
            Event::Start(Tag::CodeBlock(_)) => {
                in_code = true;
                code_blocks = true;
                code.push(range.clone());
            }
            Event::End(TagEnd::CodeBlock) => in_code = false,
            Event::Html(html) | Event::InlineHtml(html) => {
                let t = html.trim();
                if let Some(directive) = t
                    .strip_prefix("<!--")
                    .and_then(|c| c.trim_end().strip_suffix("-->"))
                    .map(str::trim)
                    .filter(|c| c.starts_with("maillon-"))
                {
                    out.directives
                        .push((body_start + range.start, directive.to_string()));
                }
                if in_comment || t.starts_with("<!--") {
                    in_comment = !t.contains("-->");
                    let after = t.rsplit_once("-->").map_or("", |(_, a)| a.trim());
                    if t.starts_with("<!--")
                        && t.trim_start_matches("<!--").trim_end_matches("-->").trim() == "more"
                    {
                        more_at = Some(i);
                    }
                    if after.is_empty() {
                        keep[i] = false;
                        continue;
                    }
                }
                if options.raw_html == RawHtml::Sanitize {
                    needs_sanitizing = true;
                }
            }
            Event::Text(text) if !in_code => out.word_count += text.split_whitespace().count(),
            Event::Code(_) => code.push(range.clone()),
            _ => {}
        }
    }

    shortcodes::report(body, &code, body_start, file, diagnostics);

    out.toc = toc(&out.headings);
    if !pass.html {
        return out;
    }
    let cut = more_at.map(|m| keep[..m].iter().filter(|k| **k).count());
    let mut kept: Vec<Event<'_>> = events
        .into_iter()
        .zip(keep)
        .filter_map(|((e, _), k)| k.then_some(e))
        .collect();
    // Written into this thread's buffer, which keeps its capacity from page to page, then
    // copied at its exact size: every page's HTML is held until the site is written, and a
    // buffer grown by doubling would hold up to twice that (an allocator shrinks such a buffer
    // in place, keeping the memory, so `shrink_to_fit` would not give it back).
    let (html, summary) = BUFFER.with_borrow_mut(|buffer| {
        buffer.clear();
        let mut summary = None;
        if let Some(cut) = cut {
            pulldown_cmark::html::push_html(buffer, kept.drain(..cut));
            summary = Some(buffer.clone());
        }
        pulldown_cmark::html::push_html(buffer, kept.into_iter());
        if needs_sanitizing {
            (
                sanitize::clean(buffer),
                summary.map(|s| sanitize::clean(&s)),
            )
        } else {
            (buffer.as_str().to_owned(), summary)
        }
    });
    let (html, summary) = if options.shortcode_escapes {
        (
            shortcodes::unescape(html),
            summary.map(shortcodes::unescape),
        )
    } else {
        (html, summary)
    };
    out.html = focusable_code(html, code_blocks);
    out.summary = summary.map(|s| focusable_code(s, code_blocks));
    out
}

/// A code block scrolls sideways when its lines are longer than the screen is wide: it must
/// then take the keyboard's focus, or a keyboard user cannot scroll it (WCAG 2.1.1). Code is
/// escaped, so `<pre><code` is only ever the tag pulldown-cmark writes for a block.
fn focusable_code(html: String, code_blocks: bool) -> String {
    if code_blocks {
        html.replace("<pre><code", "<pre tabindex=\"0\"><code")
    } else {
        html
    }
}

thread_local! {
    /// The HTML of the page being rendered on this thread.
    static BUFFER: std::cell::RefCell<String> = const { std::cell::RefCell::new(String::new()) };
}

/// Gives every heading a unique id (its explicit `{#id}`, else its slugified text) and records it.
fn name_headings(
    events: &mut [(Event<'_>, std::ops::Range<usize>)],
    body_start: usize,
    style: crate::slug::HeadingIds,
    headings: &mut Vec<Heading>,
) {
    let mut used: HashSet<String> = HashSet::new();
    each_element(
        events,
        |e| matches!(e, Event::Start(Tag::Heading { .. })),
        |e| matches!(e, Event::End(TagEnd::Heading(_))),
        |events, start, _, text| {
            let offset = body_start + events[start].1.start;
            if let Event::Start(Tag::Heading { level, id, .. }) = &mut events[start].0 {
                let base = match id {
                    Some(explicit) => explicit.to_string(),
                    None => Some(crate::slug::heading_id(&text, style))
                        .filter(|s| !s.is_empty())
                        .unwrap_or_else(|| "section".to_string()),
                };
                let unique = unique_id(base, &mut used);
                *id = Some(CowStr::from(unique.clone()));
                headings.push(Heading {
                    level: level_number(*level),
                    id: unique,
                    text: text.trim().to_string(),
                    offset,
                });
            }
        },
    );
}

/// Gives every definition term an id from its text, unique among the page's headings and
/// terms (Hugo's `autoDefinitionTermID`): its `<dt>` is written with the id, and the id recorded
/// so links to it resolve. The id needs no escaping: `heading_id` keeps only letters, digits,
/// `-` and `_`.
fn name_terms(
    events: &mut [(Event<'_>, std::ops::Range<usize>)],
    headings: &[Heading],
    style: crate::slug::HeadingIds,
    ids: &mut Vec<String>,
) {
    let mut used: HashSet<String> = headings.iter().map(|h| h.id.clone()).collect();
    each_element(
        events,
        |e| matches!(e, Event::Start(Tag::DefinitionListTitle)),
        |e| matches!(e, Event::End(TagEnd::DefinitionListTitle)),
        |events, start, end, text| {
            let base = crate::slug::heading_id(&text, style);
            if base.is_empty() {
                return;
            }
            let unique = unique_id(base, &mut used);
            events[start].0 = Event::Html(CowStr::from(format!("<dt id=\"{unique}\">")));
            events[end].0 = Event::Html(CowStr::from("</dt>\n"));
            ids.push(unique);
        },
    );
}

/// Calls `f(events, start, end, text)` for each element opened by an event `opens` accepts and
/// closed by one `closes` accepts, with the text inside it (code spans included).
fn each_element<'a>(
    events: &mut [(Event<'a>, std::ops::Range<usize>)],
    opens: impl Fn(&Event<'a>) -> bool,
    closes: impl Fn(&Event<'a>) -> bool,
    mut f: impl FnMut(&mut [(Event<'a>, std::ops::Range<usize>)], usize, usize, String),
) {
    let mut open: Option<(usize, String)> = None;
    for i in 0..events.len() {
        let event = &events[i].0;
        if opens(event) {
            open = Some((i, String::new()));
        } else if closes(event) {
            if let Some((start, text)) = open.take() {
                f(events, start, i, text);
            }
        } else if let (Event::Text(t) | Event::Code(t), Some((_, text))) = (event, open.as_mut()) {
            text.push_str(t);
        }
    }
}

/// `base`, or `base-1`, `base-2`… the first not in `used`, which it joins.
fn unique_id(base: String, used: &mut HashSet<String>) -> String {
    let mut unique = base.clone();
    let mut n = 1;
    while !used.insert(unique.clone()) {
        unique = format!("{base}-{n}");
        n += 1;
    }
    unique
}

fn level_number(level: HeadingLevel) -> u8 {
    match level {
        HeadingLevel::H1 => 1,
        HeadingLevel::H2 => 2,
        HeadingLevel::H3 => 3,
        HeadingLevel::H4 => 4,
        HeadingLevel::H5 => 5,
        HeadingLevel::H6 => 6,
    }
}

/// Nests headings by level: each heading holds the deeper ones that follow it.
pub(crate) fn toc(headings: &[Heading]) -> Vec<TocEntry> {
    fn build(items: &[Heading], i: &mut usize, min_level: u8) -> Vec<TocEntry> {
        let mut out = Vec::new();
        while *i < items.len() && items[*i].level >= min_level {
            let h = &items[*i];
            *i += 1;
            let children = build(items, i, h.level + 1);
            out.push(TocEntry {
                level: h.level,
                id: h.id.clone(),
                title: h.text.clone(),
                children,
            });
        }
        out
    }
    let min = headings.iter().map(|h| h.level).min().unwrap_or(1);
    let mut i = 0;
    let mut out = Vec::new();
    while i < headings.len() {
        out.extend(build(headings, &mut i, min));
        if i < headings.len() && headings[i].level < min {
            i += 1;
        }
    }
    out
}

#[cfg(test)]
mod tests;
