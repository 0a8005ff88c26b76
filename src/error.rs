//! Failures of the tool itself, as opposed to findings about the user's content.
//!
//! A [`crate::Diagnostic`] says something about a page and is collected, so one run reports
//! every problem. An [`Error`] means maillon could not do its job at all (an unreadable root, a
//! config it cannot parse, an output it cannot write): it stops the command and maps to exit code
//! 2. Each variant carries the path it concerns.

use std::path::PathBuf;

/// Why a command could not run.
#[derive(Debug, thiserror::Error)]
pub enum Error {
    /// A file or folder could not be read or written.
    #[error("{path}: {source}")]
    Io {
        /// The file or folder concerned.
        path: PathBuf,
        /// What the system said.
        source: std::io::Error,
    },
    /// `maillon.toml` is missing or invalid; the message carries `file:line:column`.
    #[error("{0}")]
    Config(String),
    /// The theme could not be loaded (a template that does not parse, a missing base template).
    #[error("{0}")]
    Theme(String),
    /// Anything else that prevents the command from running.
    #[error("{0}")]
    Other(String),
}

impl Error {
    /// An I/O error about `path`.
    pub fn io(path: impl Into<PathBuf>, source: std::io::Error) -> Self {
        Error::Io {
            path: path.into(),
            source,
        }
    }
}

/// The result of an operation that may fail as a whole.
pub(crate) type Result<T, E = Error> = std::result::Result<T, E>;
