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
//! [`build::build`] strings them together. Findings about content are [`Diagnostic`]s,
//! collected from every stage; [`Error`] is for when the tool itself cannot run.

pub mod build;
pub mod cache;
pub mod check;
pub mod cli;
pub mod config;
pub mod content;
pub mod diagnostic;
pub mod error;
pub mod import;
pub mod markdown;
pub mod messages;
pub mod output;
pub mod parse;
pub mod render;
pub mod search;
pub mod serve;
pub mod slug;
pub mod source;

pub use config::Config;
pub use content::{Page, Section, Site};
pub use diagnostic::{Diagnostic, Severity};
pub use error::Error;
