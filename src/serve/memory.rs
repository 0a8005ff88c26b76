//! The served site, in memory: rendered files keyed by their path in the output.
//!
//! Rendering writes through a [`Collector`] (a `Sink`): each render thread encodes its file
//! (live-reload script injected into HTML, text gzipped at the fastest level) outside any lock,
//! then pushes it onto a short list; the whole batch is swapped into the [`MemorySite`] in one
//! write-locked step, so readers never wait on a render and never see half a rebuild. Text is
//! kept gzipped because a 10,000-page site is ~400 MB of HTML but ~40 MB compressed: serving must
//! stay within 1.5× a build's memory. Browsers get the gzip bytes as they are.

use std::collections::HashMap;
use std::io::{Read, Write};
use std::path::Path;
use std::sync::{Mutex, RwLock};

use axum::body::Bytes;
use flate2::Compression;

use crate::error::{Error, Result};
use crate::output::{Sink, safe_join};

/// The tag injected before `</body>` of every served HTML page.
pub const SCRIPT_TAG: &str = "<script src=\"/__maillon/live.js\" defer></script>";

/// One served file.
#[derive(Clone, Debug)]
pub struct Entry {
    /// The bytes, gzipped when `gzip`.
    pub body: Bytes,
    /// Whether `body` is gzip-compressed.
    pub gzip: bool,
}

impl Entry {
    /// The file's bytes, uncompressed.
    pub fn plain(&self) -> Vec<u8> {
        if !self.gzip {
            return self.body.to_vec();
        }
        let mut out = Vec::new();
        let _ = flate2::read::GzDecoder::new(&self.body[..]).read_to_end(&mut out);
        out
    }
}

/// Whether files with this name are worth compressing.
fn compressible(rel: &str) -> bool {
    let ext = rel.rsplit_once('.').map_or("", |(_, e)| e);
    matches!(
        ext,
        "html" | "css" | "js" | "xml" | "json" | "txt" | "svg" | "map"
    )
}

/// Encodes one file for serving.
pub fn encode(rel: &str, bytes: &[u8]) -> Entry {
    let injected;
    let bytes = if rel.ends_with(".html") {
        let text = String::from_utf8_lossy(bytes);
        injected = match text.rfind("</body>") {
            Some(at) => format!("{}{SCRIPT_TAG}{}", &text[..at], &text[at..]),
            None => format!("{text}{SCRIPT_TAG}"),
        };
        injected.as_bytes()
    } else {
        bytes
    };
    if compressible(rel) {
        let mut enc =
            flate2::write::GzEncoder::new(Vec::with_capacity(bytes.len() / 4), Compression::fast());
        if enc.write_all(bytes).is_ok()
            && let Ok(out) = enc.finish()
        {
            return Entry {
                body: Bytes::from(out),
                gzip: true,
            };
        }
    }
    Entry {
        body: Bytes::copy_from_slice(bytes),
        gzip: false,
    }
}

/// Collects the files of one (full or partial) render.
#[derive(Default)]
pub struct Collector {
    files: Mutex<Vec<(String, Entry)>>,
}

impl Collector {
    /// The files collected, by path.
    pub fn into_files(self) -> Vec<(String, Entry)> {
        self.files.into_inner().unwrap_or_else(|e| e.into_inner())
    }
}

impl Sink for Collector {
    fn write(&self, rel: &str, bytes: &[u8]) -> Result<()> {
        // The same check as on disk: a path that would leave the output is refused.
        safe_join(Path::new("/"), rel)?;
        let key = rel.trim_start_matches('/').to_string();
        let entry = encode(&key, bytes);
        self.files
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .push((key, entry));
        Ok(())
    }

    fn copy(&self, from: &Path, rel: &str) -> Result<()> {
        let bytes = std::fs::read(from).map_err(|e| Error::io(from, e))?;
        self.write(rel, &bytes)
    }
}

/// The site being served.
#[derive(Default)]
pub struct MemorySite {
    files: RwLock<HashMap<String, Entry>>,
}

impl MemorySite {
    /// The file at `rel`, if any.
    pub fn get(&self, rel: &str) -> Option<Entry> {
        self.files
            .read()
            .unwrap_or_else(|e| e.into_inner())
            .get(rel)
            .cloned()
    }

    /// Whether a file exists at `rel`.
    pub fn has(&self, rel: &str) -> bool {
        self.files
            .read()
            .unwrap_or_else(|e| e.into_inner())
            .contains_key(rel)
    }

    /// Replaces every file (a full rebuild: files no longer rendered disappear).
    pub fn replace_all(&self, files: Vec<(String, Entry)>) {
        let map: HashMap<String, Entry> = files.into_iter().collect();
        *self.files.write().unwrap_or_else(|e| e.into_inner()) = map;
    }

    /// Adds or replaces these files (a partial rebuild).
    pub fn update(&self, files: Vec<(String, Entry)>) {
        let mut map = self.files.write().unwrap_or_else(|e| e.into_inner());
        for (k, v) in files {
            map.insert(k, v);
        }
    }

    /// Number of files.
    pub fn len(&self) -> usize {
        self.files.read().unwrap_or_else(|e| e.into_inner()).len()
    }

    /// Whether no file is served.
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn html_gets_the_script_and_round_trips() {
        let e = encode("a/index.html", b"<html><body><p>x</p></body></html>");
        assert!(e.gzip);
        let plain = String::from_utf8(e.plain()).unwrap();
        assert_eq!(
            plain,
            format!("<html><body><p>x</p>{SCRIPT_TAG}</body></html>")
        );
        let png = encode("a.png", b"\x89PNG");
        assert!(!png.gzip);
        assert_eq!(png.plain(), b"\x89PNG");
    }

    #[test]
    fn collector_refuses_escapes() {
        let c = Collector::default();
        assert!(c.write("../x", b"").is_err());
        assert!(c.write("a/b.css", b"x").is_ok());
        assert_eq!(c.into_files()[0].0, "a/b.css");
    }
}
