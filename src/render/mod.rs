//! RENDER: the loaded, rendered site → HTML files in the output.
//!
//! Everything to write is first listed as a [`Job`] (a page, one list page of a section or a
//! term, a taxonomy list, the 404), then jobs run on all cores, each rendering its template and
//! writing its file straight into the staging output, so no page's HTML is held longer than its
//! write. Template errors are collected (once per distinct error, not once per page) as
//! diagnostics naming the template file and line.

mod catalogue;
pub(crate) mod context;
mod dashboard;
pub(crate) mod deps;
mod feeds;
mod languages;
pub(crate) mod theme;
mod verification;

use std::collections::{BTreeSet, HashMap, HashSet};
use std::sync::atomic::{AtomicUsize, Ordering};

use rayon::prelude::*;
use tera::{Context, Value};

pub(crate) use theme::Theme;

use crate::content::{PageKind, Role, Site};
use crate::diagnostic::Diagnostic;
use crate::error::Result;
use crate::output::Sink;
use context::LangGlobals;

/// One file to render.
enum Job<'a> {
    Page(usize),
    Section {
        section: usize,
        pager: usize,
    },
    TaxonomyList(usize),
    Term {
        taxonomy: usize,
        term: usize,
        pager: usize,
    },
    Verification(&'a str),
    /// The coverage dashboard of a language.
    Dashboard(&'a str),
    NotFound,
    /// The search page of a language.
    Search(&'a str),
}

/// What rendering produced.
pub(crate) struct Rendered {
    /// HTML pages written.
    pub pages: usize,
    /// Pages a partial render left out (0: every page was rendered).
    pub left_out: usize,
    /// Problems found while rendering (template errors, bad aliases).
    pub diagnostics: Vec<Diagnostic>,
}

/// Renders every page of `site` with `theme` into `output`. `progress` is called after each job.
pub(crate) fn render_site(
    site: &Site,
    theme: &Theme,
    output: &dyn Sink,
    report: &crate::check::Report,
    progress: &(dyn Fn(usize, usize) + Sync),
) -> Result<Rendered> {
    render_jobs(site, theme, output, report, progress, None)
}

/// Which files to render again (for `serve`'s incremental rebuilds): jobs by index, with
/// every pager of a chosen section or term.
#[derive(Debug, Default, Clone)]
pub(crate) struct Selection {
    /// Every job (as `render_site`), but the theme's and content's static files are not copied.
    pub all: bool,
    /// Pages, by page index.
    pub pages: HashSet<usize>,
    /// Sections, by section index.
    pub sections: HashSet<usize>,
    /// Taxonomy list pages, by taxonomy index.
    pub taxonomies: HashSet<usize>,
    /// Term pages, by (taxonomy, term) index.
    pub terms: HashSet<(usize, usize)>,
    /// Every page rendering with one of these templates (`practice.html`).
    pub templates: BTreeSet<String>,
    /// The verification pages.
    pub verification: bool,
    /// Feeds, sitemap and alias pages.
    pub extras: bool,
}

impl Selection {
    fn wants(&self, job: &Job<'_>, site: &Site, theme: &Theme) -> bool {
        self.all
            || (!self.templates.is_empty()
                && self.templates.contains(&template_of(job, site, theme)))
            || match *job {
                Job::Page(i) => self.pages.contains(&i),
                Job::Section { section, .. } => self.sections.contains(&section),
                Job::TaxonomyList(t) => self.taxonomies.contains(&t),
                Job::Term { taxonomy, term, .. } => self.terms.contains(&(taxonomy, term)),
                Job::Verification(_) | Job::Dashboard(_) => self.verification,
                Job::Search(_) | Job::NotFound => false,
            }
    }
}

/// Renders the jobs of `selection` (and the feeds, sitemap and aliases) through the same
/// [`run`] as a full build.
pub(crate) fn render_selected(
    site: &Site,
    theme: &Theme,
    output: &dyn Sink,
    report: &crate::check::Report,
    selection: &Selection,
) -> Result<Rendered> {
    render_jobs(site, theme, output, report, &|_, _| {}, Some(selection))
}

fn render_jobs(
    site: &Site,
    theme: &Theme,
    output: &dyn Sink,
    report: &crate::check::Report,
    progress: &(dyn Fn(usize, usize) + Sync),
    selection: Option<&Selection>,
) -> Result<Rendered> {
    let languages = site.config.language_codes();
    let globals: HashMap<&str, LangGlobals> = languages
        .iter()
        .map(|&l| {
            let empty = Default::default();
            let strings = theme.strings.get(l).unwrap_or(&empty);
            let mut g = context::lang_globals(site, strings, &report.stages, l);
            if let Some(url) = dashboard::rendered_at(site, theme, l) {
                g.dashboard_url = Value::from(url);
            }
            (l, g)
        })
        .collect();
    let related = catalogue::Related::new(site, &report.stages);
    let mut jobs = list_jobs(site, theme);
    let listed_jobs = jobs.len();
    if let Some(selection) = selection {
        jobs.retain(|j| selection.wants(j, site, theme));
    }
    let mut diagnostics = missing_templates(site, theme);
    let done = AtomicUsize::new(0);
    let total = jobs.len();
    let results: Vec<std::result::Result<Option<Diagnostic>, crate::error::Error>> = jobs
        .par_iter()
        .map(|job| {
            let r = run(job, site, theme, &globals, (report, &related), output);
            progress(done.fetch_add(1, Ordering::Relaxed) + 1, total);
            r
        })
        .collect();
    let mut seen = HashSet::new();
    for r in results {
        if let Some(d) = r?
            && seen.insert((d.file.clone(), d.line, d.column, d.message.clone()))
        {
            diagnostics.push(d);
        }
    }
    if selection.is_none_or(|s| s.all || s.extras) {
        diagnostics.extend(feeds::write_extras(site, output)?);
    }
    if selection.is_some() {
        return Ok(Rendered {
            pages: total,
            left_out: listed_jobs - total,
            diagnostics,
        });
    }
    for (rel, bytes) in &theme.static_files {
        if crate::search::is_client_asset(rel) {
            continue;
        }
        output.write(rel, bytes)?;
    }
    let content = site.root.join("content");
    for rel in &site.assets {
        output.copy(&content.join(rel), rel)?;
    }
    // The pictures of a Word or LibreOffice page, in its page's folder as its links expect.
    let base = site.config.base_path();
    for page in site.pages.iter().filter(|p| p.file.is_document()) {
        let dir = page.url.strip_prefix(&base).unwrap_or(&page.url);
        for image in page.file.images() {
            output.write(&format!("{dir}{}", image.name), &image.bytes)?;
        }
    }
    Ok(Rendered {
        pages: total,
        left_out: 0,
        diagnostics,
    })
}

/// The template a page names in its front matter, if the theme has it.
fn chosen(theme: &Theme, named: Option<&String>) -> Option<String> {
    named.filter(|t| theme.has(t)).cloned()
}

/// Pages naming a template that does not exist: an error on a maillon site; on a site moving in
/// from Zola or Hugo (whose templates are not used), a warning, and the default template is used;
/// nothing when the template is one of that site's own (its `templates/`, or a Zola theme's),
/// which the `config/imported` warning already says are not used.
fn missing_templates(site: &Site, theme: &Theme) -> Vec<Diagnostic> {
    let imported = site.config.imported.is_some();
    // The site's own template folders, listed once (only a site moving in has them).
    let own_folders: Vec<std::path::PathBuf> = if imported {
        let themes = std::fs::read_dir(site.root.join("themes"))
            .into_iter()
            .flatten()
            .flatten()
            .map(|t| t.path().join("templates"));
        std::iter::once(site.root.join("templates"))
            .chain(themes)
            .collect()
    } else {
        Vec::new()
    };
    site.pages
        .iter()
        .filter_map(|p| {
            let name = p.meta.template.as_ref().filter(|t| !theme.has(t))?;
            if own_folders.iter().any(|f| f.join(name).is_file()) {
                return None;
            }
            Some(
                Diagnostic::of(
                    &crate::rule::FRONT_MATTER_TEMPLATE,
                    &p.file.path,
                    crate::content::front_matter::field(&p.file, "template"),
                    format!("template `{name}` does not exist; the default template is used"),
                )
                .with_help("name a file of the theme's templates/ or of the site's templates/")
                .lowered_to_warning(imported),
            )
        })
        .collect()
}

fn list_jobs<'a>(site: &'a Site, theme: &Theme) -> Vec<Job<'a>> {
    let mut jobs = Vec::with_capacity(site.pages.len() + site.sections.len());
    for (i, p) in site.pages.iter().enumerate() {
        if p.role == Role::Page {
            jobs.push(Job::Page(i));
        }
    }
    for (s, section) in site.sections.iter().enumerate() {
        let pagers = section
            .paginate_by
            .map_or(1, |per| section.pages.len().div_ceil(per).max(1));
        for pager in 1..=pagers {
            jobs.push(Job::Section { section: s, pager });
        }
    }
    for (t, taxonomy) in site.taxonomies.iter().enumerate() {
        jobs.push(Job::TaxonomyList(t));
        for (term_index, term) in taxonomy.terms.iter().enumerate() {
            let pagers = taxonomy
                .paginate_by
                .map_or(1, |per| term.pages.len().div_ceil(per).max(1));
            for pager in 1..=pagers {
                jobs.push(Job::Term {
                    taxonomy: t,
                    term: term_index,
                    pager,
                });
            }
        }
    }
    for lang in site.config.language_codes() {
        if site.home(lang).is_some() {
            jobs.push(Job::Verification(lang));
            if dashboard::rendered_at(site, theme, lang).is_some() {
                jobs.push(Job::Dashboard(lang));
            }
        }
    }
    jobs.push(Job::NotFound);
    for lang in site.config.language_codes() {
        let url = format!("{}search/", site.config.lang_root(lang));
        let free = !site.pages.iter().any(|p| p.url == url);
        if free && theme.has("search.html") && crate::search::has_page(site, lang) {
            jobs.push(Job::Search(lang));
        }
    }
    jobs
}

/// The template a job renders with: the one its page names, else the one for its kind.
fn template_of(job: &Job<'_>, site: &Site, theme: &Theme) -> String {
    match *job {
        Job::Page(i) => {
            let page = &site.pages[i];
            chosen(theme, page.meta.template.as_ref()).unwrap_or_else(|| {
                let by_kind = format!("{}.html", page.kind.as_str());
                if page.kind != PageKind::Guidance && theme.has(&by_kind) {
                    by_kind
                } else {
                    "page.html".into()
                }
            })
        }
        Job::Section { section, .. } => {
            let page = &site.pages[site.sections[section].index];
            chosen(theme, page.meta.template.as_ref()).unwrap_or_else(|| {
                if page.dir.is_empty() {
                    "home.html"
                } else {
                    "section.html"
                }
                .into()
            })
        }
        Job::TaxonomyList(_) => "taxonomy_list.html".into(),
        Job::Term { .. } => "taxonomy_term.html".into(),
        Job::Verification(_) => "verification.html".into(),
        Job::Dashboard(_) => "dashboard.html".into(),
        Job::Search(_) => "search.html".into(),
        Job::NotFound => "404.html".into(),
    }
}

/// Renders one job and writes its file. A template error becomes a diagnostic; only an I/O
/// failure is an `Err`.
fn run(
    job: &Job<'_>,
    site: &Site,
    theme: &Theme,
    globals: &HashMap<&str, LangGlobals>,
    (report, related): (&crate::check::Report, &catalogue::Related<'_>),
    output: &dyn Sink,
) -> Result<Option<Diagnostic>> {
    let config = &site.config;
    let template = template_of(job, site, theme);
    let (lang, url, mut ctx, translations_of) = match *job {
        Job::Page(i) => {
            let page = &site.pages[i];
            let mut ctx = Context::new();
            let coverage = report.readings[i]
                .as_ref()
                .map(|r| context::coverage(r, &report.stages, &page.lang));
            let related = related.of(i);
            ctx.insert_value("page", context::page_full(site, i, coverage, &related));
            (page.lang.as_str(), page.url.clone(), ctx, Some(i))
        }
        Job::Section { section, pager } => {
            let s = &site.sections[section];
            let page = &site.pages[s.index];
            let mut ctx = Context::new();
            ctx.insert_value("section", context::section_value(site, section));
            let url = context::pager_url(&page.url, pager);
            match s.paginate_by {
                Some(per) => ctx.insert_value(
                    "paginator",
                    context::paginator(site, &page.url, &s.pages, per, pager),
                ),
                None => ctx.insert_value("paginator", Value::none()),
            }
            (s.lang.as_str(), url, ctx, (pager == 1).then_some(s.index))
        }
        Job::TaxonomyList(t) => {
            let taxonomy = &site.taxonomies[t];
            let mut ctx = Context::new();
            ctx.insert_value("taxonomy", context::taxonomy_value(taxonomy, true));
            (taxonomy.lang.as_str(), taxonomy.url.clone(), ctx, None)
        }
        Job::Term {
            taxonomy: t,
            term,
            pager,
        } => {
            let taxonomy = &site.taxonomies[t];
            let term = &taxonomy.terms[term];
            let mut ctx = Context::new();
            ctx.insert_value("taxonomy", context::taxonomy_value(taxonomy, false));
            let pages: Vec<Value> = match taxonomy.paginate_by {
                Some(_) => Vec::new(),
                None => context::summaries(site, &term.pages),
            };
            ctx.insert_value("term", context::term_value(term, pages));
            match taxonomy.paginate_by {
                Some(per) => ctx.insert_value(
                    "paginator",
                    context::paginator(site, &term.url, &term.pages, per, pager),
                ),
                None => ctx.insert_value("paginator", Value::none()),
            }
            let url = context::pager_url(&term.url, pager);
            (taxonomy.lang.as_str(), url, ctx, None)
        }
        Job::Verification(lang) => {
            let mut ctx = Context::new();
            ctx.insert_value("verification", verification::value(site, report, lang));
            let url = format!("{}verification/", config.lang_root(lang));
            (lang, url, ctx, None)
        }
        Job::Search(lang) => {
            let mut ctx = Context::new();
            ctx.insert_value(
                "search",
                crate::search::page_value(site, &theme.search_client(), lang),
            );
            let url = format!("{}search/", config.lang_root(lang));
            (lang, url, ctx, None)
        }
        Job::Dashboard(lang) => {
            let mut ctx = Context::new();
            ctx.insert_value("dashboard", dashboard::value(site, report, lang));
            (lang, dashboard::url(site, theme, lang), ctx, None)
        }
        Job::NotFound => (
            config.default_language.as_str(),
            format!("{}404.html", config.base_path()),
            Context::new(),
            None,
        ),
    };
    let Some(g) = globals.get(lang) else {
        return Ok(None);
    };
    ctx.insert_value("config", g.config.clone());
    ctx.insert_value("t", g.strings.clone());
    ctx.insert_value("taxonomies", g.taxonomies.clone());
    ctx.insert_value("stages", g.stages.clone());
    ctx.insert("lang", lang);
    ctx.insert("lang_root", &g.lang_root);
    ctx.insert_value("menu", context::menu_value(g, &url));
    ctx.insert("current_url", &url);
    // The footer links to the coverage dashboard where there is one.
    ctx.insert_value("dashboard_url", g.dashboard_url.clone());
    ctx.insert("permalink", &config.permalink(&url));
    ctx.insert_value(
        "translations",
        match translations_of {
            Some(i) => languages::translations(site, i),
            None => Value::from(Vec::<Value>::new()),
        },
    );
    // The same page in another language: a content page's translation, the same taxonomy or
    // term (by slug), the search and verification pages; the 404 page has none.
    let same = |l: &str| -> Option<(String, &str)> {
        let taxonomy_in = |t: usize| {
            let name = &site.taxonomies[t].name;
            site.taxonomies
                .iter()
                .find(|x| x.lang == l && &x.name == name)
        };
        match *job {
            Job::Page(_) | Job::Section { .. } => {
                translations_of.and_then(|i| languages::version_in(site, i, l))
            }
            Job::TaxonomyList(t) => taxonomy_in(t).map(|x| (x.url.clone(), "")),
            Job::Term { taxonomy, term, .. } => {
                let t = &site.taxonomies[taxonomy];
                let url = site
                    .term_urls
                    .get(l)?
                    .get(&t.name)?
                    .get(&t.terms[term].slug)?;
                Some((url.clone(), ""))
            }
            Job::Verification(_) => Some((format!("{}verification/", config.lang_root(l)), "")),
            Job::Dashboard(_) => Some((dashboard::url(site, theme, l), "")),
            Job::Search(_) => crate::search::has_page(site, l)
                .then(|| (format!("{}search/", config.lang_root(l)), "")),
            Job::NotFound => None,
        }
    };
    ctx.insert_value(
        "languages",
        languages::languages(&g.homes, lang, &url, &same),
    );
    match theme.tera.render(&template, &ctx) {
        Ok(html) => {
            let rel = url.strip_prefix(&config.base_path()).unwrap_or(&url);
            output.write_page(rel, html.as_bytes())?;
            Ok(None)
        }
        Err(e) => {
            let mut d = theme::template_diagnostic(&e, &theme.template_files);
            d.help = Some(format!("while rendering {url} with {template}"));
            Ok(Some(d))
        }
    }
}
