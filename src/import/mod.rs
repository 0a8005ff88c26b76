//! `maillon import`: Word and LibreOffice documents into Markdown pages.
//!
//! Communes write their plans in Word, some administrations in LibreOffice; a `.docx` and an
//! `.odt` are both zips of XML parts. Reading it needs no
//! external program: the parts are read with caps on their expanded size (a decompression bomb
//! stops at the cap), parsed as XML trees, and walked once into blocks ([`docx`], [`odt`]) that one page writer
//! lays out. What cannot
//! be shown in Markdown is listed as warnings, naming the paragraph or table, so nothing is lost
//! silently. The result is a page with front matter (`title`, `kind: plan`, `extra.period` when
//! the title or the opening paragraphs carry one), ready for `content/plans/`.

pub mod docx;
pub mod odt;
mod page;

use std::io::{Cursor, Read};
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
    let convert: fn(&[u8], &str) -> Result<Imported, ImportError> = match ext.as_str() {
        "docx" => docx::convert,
        "odt" => odt::convert,
        "docm" => {
            return Err(ImportError(format!(
                "{}: a macro-enabled document (.docm) is not imported; save it as .docx first",
                path.display()
            )));
        }
        _ => {
            return Err(ImportError(format!(
                "{}: only Word (.docx) and OpenDocument (.odt) documents are imported",
                path.display()
            )));
        }
    };
    let bytes = std::fs::read(path)
        .map_err(|e| ImportError(format!("{}: cannot read the file: {e}", path.display())))?;
    convert(&bytes, &name).map_err(|e| ImportError(format!("{}: {}", path.display(), e.0)))
}

/// Largest expanded size of one XML part read: a decompression bomb stops here.
const MAX_PART: u64 = 64 * 1024 * 1024;

/// A document's zip archive, read part by part.
pub struct Package<'b> {
    zip: zip::ZipArchive<Cursor<&'b [u8]>>,
}

impl<'b> Package<'b> {
    /// Opens `bytes` as the archive of `what` ("a Word document").
    pub fn open(bytes: &'b [u8], what: &str) -> Result<Package<'b>, ImportError> {
        let zip = zip::ZipArchive::new(Cursor::new(bytes))
            .map_err(|_| ImportError(format!("not {what} (not a zip archive)")))?;
        Ok(Package { zip })
    }

    /// Whether the archive holds part `name`.
    pub fn has(&mut self, name: &str) -> bool {
        self.zip.by_name(name).is_ok()
    }

    /// The text of part `name`, `None` when the archive has none; an error when it expands
    /// beyond [`MAX_PART`] or is not text.
    pub fn part(&mut self, name: &str) -> Result<Option<String>, ImportError> {
        let Ok(file) = self.zip.by_name(name) else {
            return Ok(None);
        };
        let mut text = String::new();
        file.take(MAX_PART + 1)
            .read_to_string(&mut text)
            .map_err(|e| ImportError(format!("{name} cannot be read: {e}")))?;
        if text.len() as u64 > MAX_PART {
            return Err(ImportError(format!(
                "{name} expands beyond {} MiB; not imported",
                MAX_PART / 1024 / 1024
            )));
        }
        Ok(Some(text))
    }
}
