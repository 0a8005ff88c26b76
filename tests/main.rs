//! Every integration test in one binary: one link step, and one set of shared helpers (a site
//! builder, Word and LibreOffice documents, a preview server, a browser driver) that each suite
//! uses as it needs.

// A test may unwrap: a panic here is a failed test.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod browser;
mod common;
mod documents;
mod serve_support;

mod accessibility;
mod build_site;
mod bundled_site;
mod catalogue;
mod check_bundled;
mod check_cache;
mod check_cli;
mod check_fixtures;
mod check_single;
mod ci_recipes;
mod container;
mod dashboard;
mod documents_checked;
mod errors;
mod foreign_sites;
mod foreign_sites_docs;
mod fuzz_corpus;
mod hostile;
mod import_docx;
mod import_odt;
mod killed_builds;
mod layers;
mod lsp;
mod new_page;
mod output_snapshots;
mod rules_table;
mod search;
mod search_browser;
mod serve;
mod serve_config;
mod serve_limits;
mod serve_templates;
mod xss;
