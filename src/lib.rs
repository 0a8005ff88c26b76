//! maillon turns a folder of Markdown pages about integral security into a static site.
//!
//! The pipeline runs one way, one module per stage:
//!
//! ```text
//! config::Config::load        maillon.toml
//! content::load               LOAD    files → Site (pages, sections, taxonomies, URLs)
//! parse::render_pages         PARSE   each page once (markdown) → HTML, headings, links checked
//! render::render_site         RENDER  templates, feeds, sitemap, aliases → staging folder
//! output::Output::commit      WRITE   swap the staging folder in, only if nothing failed
//! ```
//!
//! `build::build` strings them together. Findings about content are [`Diagnostic`]s,
//! collected from every stage; [`Error`] is for when the tool itself cannot run.
//!
//! # Layers
//!
//! Dependencies point one way: each module uses only modules listed before it here, so a stage
//! never reaches into the one that runs after it (`tests/layers.rs` fails on any `crate::…` that
//! points the other way):
//!
//! ```text
//! error hash slug import output       leaves: errors, hashes, slugs, Word and LibreOffice import, the output folder
//! source rule diagnostic messages     files and positions, rules, findings, their words
//! config                              maillon.toml, every table of it
//! markdown                            one page's Markdown, knowing nothing of the site
//! content                             LOAD: files → Site (reusing what the cache knows through a hook)
//! parse                               PARSE: every page's Markdown against the site's URLs
//! check                               CHECK: the chain model, the rules, the report formats
//! cache                               check's cache of unchanged files
//! search                              INDEX: the search index (given what it needs of the theme)
//! render                              RENDER: theme, templates, feeds
//! build                               the pipeline, step by step
//! serve lsp cli fuzz                  the preview server, the language server, the commands, the fuzz targets
//! ```

mod build;
mod cache;
mod check;
pub mod cli;
pub mod config;
pub mod content;
mod diagnostic;
mod error;
#[doc(hidden)]
pub mod fuzz;
mod hash;
pub mod import;
mod lsp;
mod markdown;
mod messages;
mod output;
pub mod parse;
mod render;
pub mod rule;
pub mod search;
pub mod serve;
mod slug;
mod source;

pub use config::Config;
pub use content::{Page, Section, Site};
pub use diagnostic::{Diagnostic, Severity};
pub use error::Error;
