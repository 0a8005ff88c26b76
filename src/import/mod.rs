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
pub mod landmarks;
pub mod odt;
mod page;

use std::io::{Cursor, Read};
use std::path::Path;

use roxmltree::Document;

pub use landmarks::Landmarks;
pub use page::Image;

/// A document converted to a Markdown page.
#[derive(Debug, Clone)]
pub struct Imported {
    /// The whole page: front matter, then the body.
    pub markdown: String,
    /// What could not be kept as it was, one line each, naming its place.
    pub warnings: Vec<String>,
    /// Where each line of `markdown` comes from in the document.
    pub landmarks: Landmarks,
    /// The pictures the page links to, by their name beside it.
    pub images: Vec<Image>,
}

/// Whether a file named so is a document maillon converts (`.docx`, `.odt`), by its extension,
/// whatever its case (without allocating: this is asked of every file of a site).
pub fn is_document(name: &str) -> bool {
    name.rsplit_once('.')
        .is_some_and(|(_, ext)| is_document_extension(ext))
}

/// Whether `ext` (without its dot) is a document's: `docx`, `odt`, whatever its case.
pub fn is_document_extension(ext: &str) -> bool {
    ext.eq_ignore_ascii_case("docx") || ext.eq_ignore_ascii_case("odt")
}

/// Whether a file named so is a word processor's document, one maillon converts or one it
/// refuses with a reason (`.docm`, `.doc`), rather than text.
pub fn is_office_file(name: &str) -> bool {
    is_document(name)
        || name.rsplit_once('.').is_some_and(|(_, ext)| {
            ext.eq_ignore_ascii_case("docm") || ext.eq_ignore_ascii_case("doc")
        })
}

/// Whether a file named so is the owner file Word writes beside a document it has open
/// (`~$plan.docx`): a lock, neither a page nor an asset.
pub fn is_owner_file(name: &str) -> bool {
    name.starts_with("~$")
}

/// Why a document could not be converted.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{0}")]
pub struct ImportError(pub String);

/// Converts the document at `path`, by its extension.
/// Its errors name the file, for a message of their own.
pub fn import(path: &Path) -> Result<Imported, ImportError> {
    convert_file(path).map_err(|e| ImportError(format!("{}: {}", path.display(), e.0)))
}

/// [`import`], its errors not naming the file (for a finding, which names it already).
pub fn convert_file(path: &Path) -> Result<Imported, ImportError> {
    let name = path.file_name().map_or_else(
        || path.display().to_string(),
        |n| n.to_string_lossy().into_owned(),
    );
    converter(&name)?;
    let bytes =
        std::fs::read(path).map_err(|e| ImportError(format!("cannot read the file: {e}")))?;
    convert(&bytes, &name)
}

/// Converts the bytes of a document named `name` (its extension says its format; the name is
/// written in the page's front matter).
pub fn convert(bytes: &[u8], name: &str) -> Result<Imported, ImportError> {
    let convert = converter(name)?;
    if bytes.starts_with(&[0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1]) {
        return Err(ImportError(
            "the document is password-protected (encrypted), or an old Word 97-2003 file; \
             remove the password, or save it as .docx, and import it again"
                .into(),
        ));
    }
    convert(bytes, name)
}

type Converter = fn(&[u8], &str) -> Result<Imported, ImportError>;

/// The converter of a document by its name's extension.
fn converter(name: &str) -> Result<Converter, ImportError> {
    let ext = name
        .rsplit_once('.')
        .map(|(_, e)| e.to_ascii_lowercase())
        .unwrap_or_default();
    match ext.as_str() {
        "docx" => Ok(docx::convert),
        "odt" => Ok(odt::convert),
        "docm" => Err(ImportError(
            "a macro-enabled document (.docm) is not imported; save it as .docx first".into(),
        )),
        "doc" => Err(ImportError(
            "an old Word 97-2003 document (.doc) is not read; save it as .docx first".into(),
        )),
        _ => Err(ImportError(
            "only Word (.docx) and OpenDocument (.odt) documents are imported".into(),
        )),
    }
}

/// Largest expanded size of one part read: a decompression bomb stops here.
const MAX_PART: u64 = 64 * 1024 * 1024;
/// Largest expanded size of all the parts read from one document, pictures included.
const MAX_TOTAL: u64 = 256 * 1024 * 1024;
/// Deepest nesting of XML elements read (a Word table in a cell in a cell… adds three levels
/// a table): deeper documents are refused, so no reading of them can run out of stack.
const MAX_DEPTH: usize = 256;

/// A document's zip archive, read part by part.
pub struct Package<'b> {
    zip: zip::ZipArchive<Cursor<&'b [u8]>>,
    /// Bytes expanded so far.
    read: u64,
}

impl<'b> Package<'b> {
    /// Opens `bytes` as the archive of `what` ("a Word document").
    pub fn open(bytes: &'b [u8], what: &str) -> Result<Package<'b>, ImportError> {
        let zip = zip::ZipArchive::new(Cursor::new(bytes)).map_err(|_| {
            ImportError(format!("not {what} (not a zip archive, or a damaged one)"))
        })?;
        Ok(Package { zip, read: 0 })
    }

    /// Refuses a document holding macros (part `macros`): `advice` says how to save it.
    pub fn refuse_macros(&mut self, macros: &str, advice: &str) -> Result<(), ImportError> {
        if self.zip.by_name(macros).is_ok() {
            return Err(ImportError(format!("the document holds macros; {advice}")));
        }
        Ok(())
    }

    /// The text of part `name`, which a document of its kind (`what`) always has.
    pub fn main_part(&mut self, name: &str, what: &str) -> Result<String, ImportError> {
        self.part(name)?
            .ok_or_else(|| ImportError(format!("not {what} (no {name})")))
    }

    /// The text of part `name`, `None` when the archive has none; an error when it is not
    /// UTF-8 text or expands beyond the caps.
    pub fn part(&mut self, name: &str) -> Result<Option<String>, ImportError> {
        let Some(bytes) = self.bytes(name)? else {
            return Ok(None);
        };
        let damaged = || {
            ImportError(format!(
                "{name} is not UTF-8 or UTF-16 text; the document is damaged"
            ))
        };
        // A part may be UTF-16 (its byte order mark says so), which the package format allows.
        let utf16 = |bytes: &[u8], little: bool| {
            let units: Vec<u16> = bytes
                .chunks_exact(2)
                .map(|c| {
                    if little {
                        u16::from_le_bytes([c[0], c[1]])
                    } else {
                        u16::from_be_bytes([c[0], c[1]])
                    }
                })
                .collect();
            String::from_utf16(&units).ok()
        };
        let text = match bytes.get(..2) {
            Some([0xFF, 0xFE]) => utf16(&bytes[2..], true).ok_or_else(damaged)?,
            Some([0xFE, 0xFF]) => utf16(&bytes[2..], false).ok_or_else(damaged)?,
            _ => {
                let mut text = String::from_utf8(bytes).map_err(|_| damaged())?;
                if text.starts_with('\u{feff}') {
                    text.drain(..3);
                }
                return Ok(Some(text));
            }
        };
        // Now UTF-8 in memory, whatever its declaration said.
        Ok(Some(
            text.replacen("encoding=\"UTF-16\"", "encoding=\"UTF-8\"", 1)
                .replacen("encoding='UTF-16'", "encoding='UTF-8'", 1),
        ))
    }

    /// The bytes of part `name`, `None` when the archive has none; an error when it expands
    /// beyond `MAX_PART`, or the parts read so far beyond `MAX_TOTAL`, or it is damaged.
    pub fn bytes(&mut self, name: &str) -> Result<Option<Vec<u8>>, ImportError> {
        let Ok(file) = self.zip.by_name(name) else {
            return Ok(None);
        };
        let mut bytes = Vec::new();
        let left = (MAX_TOTAL - self.read).min(MAX_PART);
        file.take(left + 1).read_to_end(&mut bytes).map_err(|e| {
            ImportError(format!(
                "{name} cannot be read ({e}); the document is damaged"
            ))
        })?;
        let size = bytes.len() as u64;
        if size > left {
            return Err(ImportError(if left < MAX_PART {
                format!(
                    "the document expands beyond {} MiB; not imported",
                    MAX_TOTAL / 1024 / 1024
                )
            } else {
                format!(
                    "{name} expands beyond {} MiB; not imported",
                    MAX_PART / 1024 / 1024
                )
            }));
        }
        self.read += size;
        Ok(Some(bytes))
    }
}

/// Parses the XML `text` of part `name`, refusing elements nested deeper than `MAX_DEPTH`.
pub fn parse<'t>(text: &'t str, name: &str) -> Result<Document<'t>, ImportError> {
    let depth = depth(text);
    if depth > MAX_DEPTH {
        return Err(ImportError(format!(
            "{name} nests elements {depth} deep (tables in tables, lists in lists…), more than \
             {MAX_DEPTH}; not imported"
        )));
    }
    Document::parse(text).map_err(|e| ImportError(format!("{name} is not valid XML: {e}")))
}

/// How deep the elements of an XML text nest, by a scan of its tags (comments, processing
/// instructions and quoted attribute values skipped), before anything walks it.
fn depth(text: &str) -> usize {
    let bytes = text.as_bytes();
    let (mut depth, mut deepest, mut i) = (0usize, 0usize, 0usize);
    while let Some(at) = memchr::memchr(b'<', &bytes[i..]) {
        i += at + 1;
        match bytes.get(i) {
            Some(b'/') => depth = depth.saturating_sub(1),
            // Comments, character data and instructions hold no elements: skip to their end.
            Some(b'?' | b'!') => {
                let rest = &bytes[i..];
                let end: &[u8] = if rest.starts_with(b"!--") {
                    b"-->"
                } else if rest.starts_with(b"![CDATA[") {
                    b"]]>"
                } else {
                    b">"
                };
                i += memchr::memmem::find(rest, end).map_or(rest.len(), |at| at + end.len());
            }
            Some(_) => {
                // Find the tag's end, past quoted values, to see whether it closes itself.
                let mut quote = None;
                let mut j = i;
                while let Some(&b) = bytes.get(j) {
                    match (quote, b) {
                        (None, b'"' | b'\'') => quote = Some(b),
                        (Some(q), _) if b == q => quote = None,
                        (None, b'>') => break,
                        _ => {}
                    }
                    j += 1;
                }
                if bytes.get(j.wrapping_sub(1)) != Some(&b'/') {
                    depth += 1;
                    deepest = deepest.max(depth);
                }
                i = j;
            }
            None => break,
        }
    }
    deepest
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn documents_are_known_by_their_extension_in_any_case() {
        assert!(is_document("plans/pzs.docx") && is_document("PZS.DOCX") && is_document("a.Odt"));
        assert!(!is_document("plan.md") && !is_document("docx") && !is_document("a.docm"));
        assert!(is_office_file("a.DOCM") && is_office_file("a.doc") && !is_office_file("a.pdf"));
        assert_eq!(depth("<a><b/><c><d>x</d></c></a>"), 3);
        assert_eq!(depth(r#"<a t="<b>"><!-- <c> --></a>"#), 1);
    }
}
