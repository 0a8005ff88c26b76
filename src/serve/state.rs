//! What `serve` keeps between saves, and how each kind of change is rebuilt.
//!
//! The loaded [`Site`] (every page parsed, its HTML kept), the `Theme`, the `Checker` and
//! its `Report` stay in memory. Editing a page's text takes the fast path: that one file is
//! read and its Markdown rendered again, the site's cheap tables are derived again
//! ([`content::relink`]), anchors and the checker run over the whole site (so findings never
//! differ from `maillon check`), and only the files that show the page are rendered again: the
//! page, its translations, its section and their parents up to the home, its taxonomy terms
//! and lists, the verification pages, feeds and sitemap. Anything that can change other pages'
//! URLs, kinds or lists (a new, renamed or deleted file, a draft flag, a slug, an `_index.md`,
//! a term appearing or vanishing) takes the slow path: a full rebuild into memory, which
//! replaces the served files wholesale so nothing stale survives. A template change reloads the
//! theme and renders again, without re-reading content, the pages whose templates read the
//! changed ones (`render::deps`: every page when that cannot be known, or after an i18n
//! change); a static file reloads the theme and rewrites static files only; `maillon.toml`
//! rebuilds everything.
//! A failure (bad config, template syntax) keeps the last good site served and is reported, and
//! the next change rebuilds everything ([`State::rebuild_owed`]) until one succeeds.

use std::collections::{BTreeSet, HashMap};
use std::path::{Path, PathBuf};

use crate::check::{Checker, Report};
use crate::config::Config;
use crate::content::{self, Role, Site};
use crate::diagnostic::{Diagnostic, Severity};
use crate::error::Result;
use crate::output::Sink;
use crate::parse;
use crate::render::{self, Selection, Theme, context};

use super::memory::{Collector, Entry};
use crate::rule::{self, Rule};

/// Diagnostics derived from the whole site (recomputed on every change, never kept per file).
const DERIVED: &[&Rule] = &[
    &rule::CONTENT_DUPLICATE_URL,
    &rule::FRONT_MATTER_UNKNOWN_TAXONOMY,
    &rule::LINKS_ANCHOR,
];

/// How serve was asked to build.
#[derive(Debug, Clone)]
pub struct BuildSettings {
    /// Site root.
    pub root: PathBuf,
    /// Include drafts.
    pub drafts: bool,
    /// Base URL of the preview (`http://127.0.0.1:1111/`).
    pub base_url: String,
}

/// A loaded, checked and rendered site.
pub struct State {
    settings: BuildSettings,
    /// The site.
    pub site: Site,
    theme: Theme,
    checker: Checker,
    /// The checker's report.
    pub report: Report,
    /// Findings tied to one file (reading it, its links), kept so one file's can be replaced.
    per_file: Vec<Diagnostic>,
    /// Diagnostics about the site's tables (duplicate URLs, unknown taxonomies).
    table_diags: Vec<Diagnostic>,
    /// Template errors of the last render.
    pub render_diags: Vec<Diagnostic>,
    /// Pages changed since the search index was last written.
    pub search_stale: bool,
    /// A rebuild failed (a bad config, a template that does not parse), or the last render met
    /// a template error: the next change rebuilds everything, which reports the error again
    /// until it is fixed instead of a partial render clearing it.
    pub rebuild_owed: bool,
}

/// What one rebuild changed.
pub struct Change {
    /// Files rendered.
    pub files: Vec<(String, Entry)>,
    /// Whether the files replace every served file (else they are added).
    pub replace_all: bool,
    /// Whether every page may have changed.
    pub all: bool,
    /// Whether only stylesheets changed.
    pub css_only: bool,
    /// What was done, for the terminal.
    pub what: String,
}

impl State {
    /// Loads, checks and renders the whole site into memory.
    pub fn full(settings: BuildSettings) -> Result<(State, Change)> {
        let root = settings.root.as_path();
        let mut config = Config::load(root)?;
        config.base_url.clone_from(&settings.base_url);
        let theme = Theme::load(root, &config)?;
        // The same steps as `maillon build`, into memory.
        let analysis = crate::build::analyse(root, config, settings.drafts, true, false)?;
        let (site, report, checker) = (analysis.site, analysis.report, analysis.checker);
        let (derived, per_file): (Vec<_>, Vec<_>) = analysis
            .earlier
            .into_iter()
            .partition(|d| d.is_one_of(DERIVED));
        let table_diags = derived
            .into_iter()
            .filter(|d| !d.is_one_of(&[&rule::LINKS_ANCHOR]))
            .collect();
        let collector = Collector::default();
        let rendered =
            crate::build::render_and_index(&site, &theme, &collector, &report, &|_, _| {})?;
        let change = Change {
            files: collector.into_files(),
            replace_all: true,
            all: true,
            css_only: false,
            what: format!("built {} pages", rendered.pages),
        };
        let rebuild_owed = crate::build::fails(&rendered.diagnostics, false);
        Ok((
            State {
                settings,
                site,
                theme,
                checker,
                report,
                per_file,
                table_diags,
                render_diags: rendered.diagnostics,
                search_stale: false,
                rebuild_owed,
            },
            change,
        ))
    }

    /// Rebuilds everything (config change, new or deleted files).
    pub fn rebuild(&mut self) -> Result<Change> {
        let (state, change) = State::full(self.settings.clone())?;
        *self = state;
        Ok(change)
    }

    /// Templates (`names`, relative to their `templates/` folder) or the UI strings changed:
    /// reload the theme and render again the pages whose templates read a changed one (see
    /// `render::deps`), or every page when the UI strings changed or that cannot be known.
    ///
    /// What changed is what the watcher saw and every template whose text differs from the
    /// last good load's: a save missed, or made while a syntax error kept the old theme, is
    /// caught up too. Both graphs are asked, as a template may stop reading a changed one.
    pub fn templates_changed(&mut self, names: &BTreeSet<String>, strings: bool) -> Result<Change> {
        let theme = Theme::load(&self.settings.root, &self.site.config)?;
        let old = std::mem::replace(&mut self.theme, theme);
        let (old, new) = (&old.graph, &self.theme.graph);
        let mut changed = names.clone();
        changed.extend(new.changed_since(old));
        let affected = if strings {
            None
        } else {
            let of = |g: &render::deps::Graph| g.dependents(changed.iter().map(String::as_str));
            of(old).zip(of(new)).map(|(mut a, b)| {
                a.extend(b);
                a
            })
        };
        let named: Vec<&str> = changed
            .iter()
            .map(String::as_str)
            .filter(|n| !n.is_empty())
            .collect();
        let shown = if strings {
            "UI strings".to_string()
        } else if named.is_empty() {
            "templates".to_string()
        } else {
            named.join(", ")
        };
        let selection = match affected {
            Some(templates) => Selection {
                templates,
                ..Default::default()
            },
            None => Selection {
                all: true,
                ..Default::default()
            },
        };
        self.render(selection, &format!("{shown} changed"))
    }

    /// Static files changed: reload the theme and write the static files again.
    pub fn static_changed(&mut self, css_only: bool) -> Result<Change> {
        self.theme = Theme::load(&self.settings.root, &self.site.config)?;
        let collector = Collector::default();
        for (rel, bytes) in &self.theme.static_files {
            collector.write(rel, bytes)?;
        }
        Ok(Change {
            files: collector.into_files(),
            replace_all: false,
            all: !css_only,
            css_only,
            what: "static files copied".into(),
        })
    }

    /// `rel` (relative to `content/`, a Markdown file) was saved. Takes the fast path when
    /// nothing but that page's own content changed, else rebuilds everything.
    pub fn content_changed(&mut self, rel: &str) -> Result<Change> {
        self.content_edited(rel, None)
    }

    /// [`State::content_changed`], the file's text being `unsaved` when given (an editor's
    /// buffer: `maillon lsp`) rather than what is on disk.
    pub fn content_edited(&mut self, rel: &str, unsaved: Option<String>) -> Result<Change> {
        let Some(&i) = self.site.by_rel.get(rel) else {
            return self.rebuild();
        };
        let (page, read_diags) =
            content::read_file(&self.settings.root, rel, &self.site.config, unsaved);
        let Some(mut page) = page else {
            return self.rebuild();
        };
        let old = &self.site.pages[i];
        let same_place = old.url == page.url
            && old.lang == page.lang
            && old.key == page.key
            && old.role == page.role
            && page.role == Role::Page
            && (!page.meta.draft || self.settings.drafts);
        if !same_place {
            return self.rebuild();
        }
        if page.meta.kind.is_none() {
            page.kind = old.kind;
        }
        page.parent = old.parent;
        // What lists and tables show of the page: when none of it changed, neither did they.
        let same_tables = old.title == page.title
            && old.date == page.date
            && old.updated == page.updated
            && old.meta.weight == page.meta.weight
            && old.meta.taxonomies == page.meta.taxonomies;
        let same_taxonomies = old.meta.taxonomies == page.meta.taxonomies;
        let same_title = old.title == page.title;
        let same_aliases = old.meta.aliases == page.meta.aliases;
        let old_words = old.rendered.word_count;
        let old_summary = context::page_summary(&self.site, i);
        let term_counts: Vec<usize> = self.site.taxonomies.iter().map(|t| t.terms.len()).collect();
        let before = self.terms_of(i);

        let t = std::time::Instant::now();
        let timed = crate::build::timings();
        let lap = |what: &str| {
            if timed {
                eprintln!("{:>8.1} ms  {what}", t.elapsed().as_secs_f64() * 1000.0);
            }
        };
        let (rendered, md_diags) = parse::render_page(&self.site, &page, true);
        page.rendered = rendered;
        let path = page.file.path.clone();
        self.site.pages[i] = page;
        if !same_tables {
            self.table_diags = content::relink(&mut self.site);
            let counts_now: Vec<usize> =
                self.site.taxonomies.iter().map(|t| t.terms.len()).collect();
            if counts_now != term_counts || !same_taxonomies {
                // A term appeared, vanished, gained or lost a page: its list pages (and their
                // number) change, so a partial render could leave a stale last page.
                return self.rebuild();
            }
        }
        lap("read, parse, relink");
        // Lists show the reading time, not the word count (see the module doc).
        let new_words = self.site.pages[i].rendered.word_count;
        let minutes = |w: usize| w.div_ceil(200).max(1);
        if minutes(new_words) == minutes(old_words) {
            self.site.pages[i].rendered.word_count = old_words;
        }
        let lists_changed = context::page_summary(&self.site, i) != old_summary;
        self.site.pages[i].rendered.word_count = new_words;
        let mut derived = self.table_diags.clone();
        derived.extend(parse::check_anchors(
            &self.site.pages,
            self.site.config.link_errors(),
        ));
        lap("anchors");
        self.per_file.retain(|d| d.file != path);
        self.per_file.extend(read_diags);
        self.per_file.extend(md_diags);
        let mut earlier = self.per_file.clone();
        earlier.extend(derived);
        // Only the saved page is read again: every other plan's reading stands.
        let mut known = std::mem::take(&mut self.report.readings);
        if let Some(own) = known.get_mut(i) {
            *own = None;
        }
        let report = self.checker.run_with(&self.site, earlier, known);
        let findings_changed = report.diagnostics != self.report.diagnostics;
        self.report = report;
        lap("check");

        let mut selection = Selection {
            verification: findings_changed,
            extras: lists_changed || !same_aliases,
            ..Default::default()
        };
        let key = self.site.pages[i].key.clone();
        selection.pages.insert(i);
        if !same_title && let Some(list) = self.site.translations.get(&key) {
            selection.pages.extend(list.iter().copied());
        }
        if !lists_changed {
            let r = self.render(selection, &format!("{rel} changed"));
            lap("render");
            return r;
        }
        for &p in &selection.pages.clone() {
            let mut section = self.site.pages[p].parent;
            while let Some(s) = section {
                if !selection.sections.insert(s) {
                    break;
                }
                section = self.site.sections[s].parent;
            }
        }
        for (t, term) in before.into_iter().chain(self.terms_of(i)) {
            selection.taxonomies.insert(t);
            selection.terms.insert((t, term));
        }
        let r = self.render(selection, &format!("{rel} changed"));
        lap("render");
        r
    }

    /// (taxonomy, term) indexes of the terms listing page `i`.
    fn terms_of(&self, i: usize) -> Vec<(usize, usize)> {
        let mut out = Vec::new();
        for (t, taxonomy) in self.site.taxonomies.iter().enumerate() {
            for (k, term) in taxonomy.terms.iter().enumerate() {
                if term.pages.contains(&i) {
                    out.push((t, k));
                }
            }
        }
        out
    }

    fn render(&mut self, selection: Selection, what: &str) -> Result<Change> {
        let collector = Collector::default();
        let rendered = render::render_selected(
            &self.site,
            &self.theme,
            &collector,
            &self.report,
            &selection,
        )?;
        self.render_diags = rendered.diagnostics;
        // A partial render only sees the errors of what it renders: while one stands, every
        // change renders everything, so no error leaves the overlay before it is fixed.
        self.rebuild_owed |= crate::build::fails(&self.render_diags, false);
        Ok(Change {
            files: collector.into_files(),
            replace_all: false,
            all: rendered.left_out == 0,
            css_only: false,
            what: format!("{what}: rendered {} pages", rendered.pages),
        })
    }

    /// The search index of the current site (every language), written after a page edit has
    /// been served, so the edited page is found under its new words.
    pub fn search_files(&self) -> Result<Vec<(String, Entry)>> {
        let collector = Collector::default();
        crate::search::write(
            &self.theme.search_client(),
            &collector,
            crate::search::build(&self.site),
        )?;
        Ok(collector.into_files())
    }

    /// Every finding shown in the preview: the checker's, the last render's and the theme's (as
    /// last loaded: a language lacking UI strings).
    pub fn diagnostics(&self) -> impl Iterator<Item = &Diagnostic> {
        self.report
            .diagnostics
            .iter()
            .chain(&self.render_diags)
            .chain(&self.theme.diagnostics)
    }

    /// Findings by page URL, plus those tied to no page (template errors).
    pub fn findings(&self) -> (HashMap<String, Vec<Diagnostic>>, Vec<Diagnostic>) {
        let mut by_page: HashMap<String, Vec<Diagnostic>> = HashMap::new();
        let mut global = Vec::new();
        let url_of = |file: &Path| self.site.page_at(file).map(|p| p.url.clone());
        for d in self.diagnostics() {
            let finding = d.clone();
            match d.page.clone().or_else(|| url_of(&d.file)) {
                Some(url) => by_page.entry(url).or_default().push(finding),
                None if d.severity == Severity::Error => global.push(finding),
                None => {}
            }
        }
        (by_page, global)
    }
}
