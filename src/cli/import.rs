//! `maillon import FILE.docx|FILE.odt`: writes the document as a Markdown page, beside it or into a
//! folder, never over an existing file unless asked (`--force`). What could not be kept is
//! printed as warnings; a file that is no Word document is an error naming it.
//!
//! A document with pictures becomes a page bundle, `plan/index.md` with its pictures beside it,
//! so that the links `![…](image1.png)` resolve both in the Markdown and in the built site (a
//! bundle's files are published in its page's folder). `--lang nl` writes `plan.nl.md`, the
//! page's Dutch translation, unless Dutch is the default language of the site written into.

use std::path::{Path, PathBuf};

use crate::config::Config;
use crate::error::{Error, Result};

use super::{ImportArgs, SUCCESS};

pub(super) fn run(args: ImportArgs) -> Result<u8> {
    if let Some(lang) = &args.lang
        && !crate::content::looks_like_language(lang)
    {
        return Err(Error::Other(format!(
            "--lang {lang}: a language is a code such as fr, nl, de or en"
        )));
    }
    let imported = crate::import::import(&args.file).map_err(|e| Error::Other(e.0))?;
    let stem = args
        .file
        .file_stem()
        .map_or_else(|| "document".into(), |s| s.to_string_lossy().into_owned());
    let dir = match &args.into {
        Some(dir) => dir.clone(),
        None => args
            .file
            .parent()
            .map(Path::to_path_buf)
            .unwrap_or_default(),
    };
    let suffix = match &args.lang {
        Some(lang) if default_language_at(&dir).as_deref() != Some(lang.as_str()) => {
            format!(".{lang}")
        }
        _ => String::new(),
    };
    // Pictures make the page a bundle: its folder holds the page and them.
    let (folder, target) = if imported.images.is_empty() {
        (dir.clone(), dir.join(format!("{stem}{suffix}.md")))
    } else {
        let folder = dir.join(&stem);
        let page = folder.join(format!("index{suffix}.md"));
        (folder, page)
    };
    let pictures: Vec<PathBuf> = imported
        .images
        .iter()
        .map(|i| folder.join(&i.name))
        .collect();
    if !args.force
        && let Some(there) = std::iter::once(&target)
            .chain(&pictures)
            .find(|p| p.exists())
    {
        return Err(Error::Other(format!(
            "{} already exists; add --force to replace it",
            there.display()
        )));
    }
    std::fs::create_dir_all(&folder).map_err(|e| Error::io(&folder, e))?;
    for (image, path) in imported.images.iter().zip(&pictures) {
        std::fs::write(path, &image.bytes).map_err(|e| Error::io(path, e))?;
    }
    std::fs::write(&target, &imported.markdown).map_err(|e| Error::io(&target, e))?;
    for warning in &imported.warnings {
        eprintln!("warning: {}: {warning}", args.file.display());
    }
    let with = match pictures.len() {
        0 => String::new(),
        1 => " with 1 picture".to_string(),
        n => format!(" with {n} pictures"),
    };
    println!(
        "Imported {} into {}{with}",
        args.file.display(),
        target.display()
    );
    Ok(SUCCESS)
}

/// The default language of the site `dir` is in (the nearest `maillon.toml` above it), if any.
fn default_language_at(dir: &Path) -> Option<String> {
    let root = super::check_paths::site_of(dir)?;
    Config::load(&root).ok().map(|c| c.default_language)
}
