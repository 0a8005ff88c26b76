//! The command line: one module per subcommand, each `run(args) -> Result<ExitCode>`.
//!
//! Exit codes live here, in one place: [`SUCCESS`] (warnings allowed), [`FINDINGS`] (errors in
//! the content), [`TOOL_ERROR`] (maillon could not run: bad config, unreadable root).

mod build;
mod check;
mod check_paths;
mod import;
mod init;
mod new;
mod serve;

use std::path::PathBuf;
use std::process::ExitCode;

use clap::{Parser, Subcommand};

/// The build or check succeeded (warnings allowed).
pub const SUCCESS: u8 = 0;
/// The content has errors (or warnings under `--deny warnings`).
pub const FINDINGS: u8 = 1;
/// maillon could not run.
pub const TOOL_ERROR: u8 = 2;

/// The version and the commit it was built from (`0.1.0 (3f2a1bc)`): `build.rs` reads the
/// commit from git, or from `MAILLON_COMMIT` where there is no repository (a container build).
const VERSION: &str = concat!(env!("CARGO_PKG_VERSION"), " (", env!("MAILLON_COMMIT"), ")");

/// maillon: a static site generator for integral-security knowledge.
#[derive(Debug, Parser)]
#[command(name = "maillon", version = VERSION, about, long_about = None)]
pub struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Debug, Subcommand)]
enum Command {
    /// Check, render and write the site into the output folder (replaced only on success).
    Build(BuildArgs),
    /// Run the rules checker only (chain coverage of plans, links, front matter); outside any
    /// site, check plan files on their own.
    Check(CheckArgs),
    /// Create a new site in DIR that builds at once.
    Init(InitArgs),
    /// Convert a Word (.docx) or LibreOffice (.odt) document into a Markdown page, ready for
    /// content/plans/.
    Import(ImportArgs),
    /// Build into memory, serve on localhost, and rebuild on every save (live preview).
    Serve(ServeArgs),
    /// Write a new plan, practice or page from the site's archetype (archetypes/KIND.md) or
    /// the built-in one, in the page's language.
    New(NewArgs),
    /// Print the completion script for a shell (bash, zsh, fish, powershell, elvish).
    Completions(CompletionsArgs),
    /// Run a Language Server over stdio: an editor shows the checker's findings on each change
    /// of a site's Markdown file, the coverage of a priority on hover, and quick fixes.
    Lsp,
}

/// Arguments of `maillon new`.
#[derive(Debug, clap::Args)]
pub struct NewArgs {
    /// What to write.
    #[arg(value_enum)]
    kind: new::Kind,
    /// The page, from `content/` (`plans/liege-2026`, `bonnes-pratiques/x.nl.md`); `.md` is
    /// added if missing; `x.nl.md` writes the Dutch archetype.
    path: PathBuf,
    /// Site root; default: the folder of the nearest maillon.toml above the current folder.
    #[arg(long, value_name = "DIR")]
    root: Option<PathBuf>,
    /// Title of the page (default: the file name in words).
    #[arg(long)]
    title: Option<String>,
}

/// Arguments of `maillon completions`.
#[derive(Debug, clap::Args)]
pub struct CompletionsArgs {
    /// The shell.
    #[arg(value_enum)]
    shell: clap_complete::Shell,
}

/// What `--deny` can make fatal.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum Deny {
    /// Warnings fail the command (exit code 1), as errors do.
    Warnings,
}

/// Arguments of `maillon check`.
#[derive(Debug, clap::Args)]
pub struct CheckArgs {
    /// Site root (the folder holding maillon.toml); default: the folder of the maillon.toml
    /// nearest above the PATHs, else the current folder.
    #[arg(long, value_name = "DIR")]
    root: Option<PathBuf>,
    /// Output format.
    #[arg(long, value_enum, default_value_t = crate::check::report::Format::Human)]
    format: crate::check::report::Format,
    /// Make warnings fatal: `--deny warnings`.
    #[arg(long, value_enum, value_name = "WHAT")]
    deny: Option<Deny>,
    /// Include pages marked `draft`.
    #[arg(long)]
    drafts: bool,
    /// Read and parse every file, ignoring and leaving alone the cache of unchanged files
    /// (kept in `$MAILLON_CACHE_DIR`, else `$XDG_CACHE_HOME/maillon`, else `~/.cache/maillon`).
    #[arg(long)]
    no_cache: bool,
    /// Language of the messages and of the coverage matrix for plans checked on their own
    /// (default: the language the file name, `plan.nl.md`, or the plan's text speaks). In a
    /// site it changes nothing: each page speaks its own language.
    #[arg(long, value_name = "LANG", value_parser = crate::config::STANDALONE_LANGUAGES)]
    lang: Option<String>,
    /// Files or folders. Inside a site (a maillon.toml in the path's folder or above, or
    /// --root): only their findings are reported (the whole site is still read, to resolve
    /// links), and the coverage matrix of each plan file named is printed. Outside any site:
    /// each file is checked on its own as a plan, with the default chain model, and its
    /// findings and coverage matrix are printed; a folder stands for every *.md file directly
    /// in it (not in its subfolders).
    #[arg(value_name = "PATH")]
    paths: Vec<PathBuf>,
}

/// Arguments of `maillon build`.
#[derive(Debug, clap::Args)]
pub struct BuildArgs {
    /// Site root (the folder holding maillon.toml); default: the current folder.
    #[arg(long, value_name = "DIR", default_value = ".")]
    root: PathBuf,
    /// Output folder; default: `public/` in the site root.
    #[arg(long, value_name = "DIR")]
    output: Option<PathBuf>,
    /// Base URL to use instead of `base_url` from maillon.toml.
    #[arg(long, value_name = "URL")]
    base_url: Option<String>,
    /// Include pages marked `draft`.
    #[arg(long)]
    drafts: bool,
    /// Make warnings fatal: `--deny warnings` (the output is then left unchanged).
    #[arg(long, value_enum, value_name = "WHAT")]
    deny: Option<Deny>,
}

/// Arguments of `maillon init`.
#[derive(Debug, clap::Args)]
pub struct InitArgs {
    /// Folder to create the site in (created if missing; must not hold a site already).
    dir: PathBuf,
}

/// Arguments of `maillon import`.
#[derive(Debug, clap::Args)]
pub struct ImportArgs {
    /// The document (.docx or .odt).
    file: PathBuf,
    /// Folder to write the page into (default: beside the document), e.g. content/plans.
    #[arg(long, value_name = "DIR")]
    into: Option<PathBuf>,
    /// Language of the document (fr, nl, de, en…): the page is written as `plan.LANG.md`, a
    /// translation, unless LANG is the default language of the site it is written into.
    #[arg(long, value_name = "LANG")]
    lang: Option<String>,
    /// Replace a page (and pictures) of the same name.
    #[arg(long)]
    force: bool,
}

/// Arguments of `maillon serve`.
#[derive(Debug, clap::Args)]
pub struct ServeArgs {
    /// Site root (the folder holding maillon.toml); default: the current folder.
    #[arg(long, value_name = "DIR", default_value = ".")]
    root: PathBuf,
    /// Address to listen on; anything but a loopback address prints a warning.
    #[arg(long, value_name = "ADDR", default_value = "127.0.0.1")]
    bind: std::net::IpAddr,
    /// Port to listen on (0: any free port).
    #[arg(long, default_value_t = 1111)]
    port: u16,
    /// Open the site in the browser.
    #[arg(long)]
    open: bool,
    /// Include pages marked `draft`.
    #[arg(long)]
    drafts: bool,
}

/// Parses the command line, runs the command, and returns the process exit code.
pub fn main() -> ExitCode {
    let cli = Cli::parse();
    let result = match cli.command {
        Command::Build(args) => build::run(args),
        Command::Check(args) => check::run(args),
        Command::Init(args) => init::run(args),
        Command::Import(args) => import::run(args),
        Command::Serve(args) => serve::run(args),
        Command::New(args) => new::run(args),
        Command::Lsp => crate::lsp::run().map(|()| SUCCESS),
        Command::Completions(args) => {
            use clap::CommandFactory;
            let mut command = Cli::command();
            clap_complete::generate(args.shell, &mut command, "maillon", &mut std::io::stdout());
            Ok(SUCCESS)
        }
    };
    match result {
        Ok(code) => ExitCode::from(code),
        Err(e) => {
            eprintln!("error: {e}");
            ExitCode::from(TOOL_ERROR)
        }
    }
}

/// `1234567` → `1,234,567`.
pub fn thousands(n: usize) -> String {
    let digits = n.to_string();
    let mut out = String::new();
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(c);
    }
    out
}
