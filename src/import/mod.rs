//! `maillon import`: Word documents into Markdown pages.
//!
//! Communes write their plans in Word; a `.docx` is a zip of XML parts. Reading it needs no
//! external program: the parts are read with caps on their expanded size (a decompression bomb
//! stops at the cap), parsed as XML trees, and walked once into Markdown ([`docx`]). What cannot
//! be shown in Markdown is listed as warnings, naming the paragraph or table, so nothing is lost
//! silently. The result is a page with front matter (`title`, `kind: plan`, `extra.period` when
//! the title or the opening paragraphs carry one), ready for `content/plans/`.

pub mod docx;

use std::path::Path;

/// A document converted to a Markdown page.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Imported {
    /// The whole page: front matter, then the body.
    pub markdown: String,
    /// What could not be kept as it was, one line each.
    pub warnings: Vec<String>,
}

/// Why a document could not be converted.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{0}")]
pub struct ImportError(pub String);

/// Converts the document at `path`, by its extension.
pub fn import(path: &Path) -> Result<Imported, ImportError> {
    let name = path.file_name().map_or_else(
        || path.display().to_string(),
        |n| n.to_string_lossy().into_owned(),
    );
    let ext = path
        .extension()
        .map(|e| e.to_string_lossy().to_lowercase())
        .unwrap_or_default();
    match ext.as_str() {
        "docx" => {
            let bytes = std::fs::read(path).map_err(|e| {
                ImportError(format!("{}: cannot read the file: {e}", path.display()))
            })?;
            docx::convert(&bytes, &name)
                .map_err(|e| ImportError(format!("{}: {}", path.display(), e.0)))
        }
        "docm" => Err(ImportError(format!(
            "{}: a macro-enabled document (.docm) is not imported; save it as .docx first",
            path.display()
        ))),
        _ => Err(ImportError(format!(
            "{}: only Word documents (.docx) are imported",
            path.display()
        ))),
    }
}
