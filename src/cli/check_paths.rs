//! What `maillon check PATH…` is asked to check: a site, or plans on their own.
//!
//! Federal staff receive plans as single files, outside any site. A path is inside a site when a
//! `maillon.toml` sits in its folder or above; then the site is checked as always and the paths
//! only choose what is reported. When no path is inside a site (and no `--root` is given), each
//! file is read as a plan on its own, in a virtual site of the files given together. Telling the
//! two apart and reading the given files is all this module does: the checking itself is the
//! pipeline's (`build::analyse`, `build::analyse_given`).

use std::path::{Component, Path, PathBuf};

use crate::check::language;
use crate::config::{FILE_NAME, STANDALONE_LANGUAGES};
use crate::content::{self, Given};
use crate::diagnostic::Diagnostic;
use crate::error::{Error, Result};

/// What a `check` run is about.
#[derive(Debug, PartialEq, Eq)]
pub(super) enum Target {
    /// The site in this folder.
    Site(PathBuf),
    /// These files or folders, outside any site.
    Plans,
}

/// Decides what to check: the `--root` site if given; else, with no path, the current folder
/// (exit 2 there when it is not a site, as always); else the site holding every path, or plans
/// on their own when no path is in a site. A path that does not exist, paths in two sites, or
/// paths inside and outside a site stop the command.
pub(super) fn target(root: Option<&Path>, paths: &[PathBuf]) -> Result<Target> {
    if let Some(root) = root {
        for path in paths {
            std::fs::metadata(path).map_err(|e| Error::io(path, e))?;
        }
        return Ok(Target::Site(root.to_path_buf()));
    }
    if paths.is_empty() {
        return Ok(Target::Site(PathBuf::from(".")));
    }
    let mut sites: Vec<(&PathBuf, Option<PathBuf>)> = Vec::new();
    for path in paths {
        std::fs::metadata(path).map_err(|e| Error::io(path, e))?;
        sites.push((path, site_of(path)));
    }
    let (first, first_site) = &sites[0];
    for (path, site) in &sites[1..] {
        if site != first_site {
            let place = |s: &Option<PathBuf>| match s {
                Some(root) => format!("in the site at {}", root.display()),
                None => "outside any site".to_string(),
            };
            return Err(Error::Other(format!(
                "{} is {} but {} is {}: check them in separate runs",
                first.display(),
                place(first_site),
                path.display(),
                place(site)
            )));
        }
    }
    Ok(match first_site {
        Some(root) => Target::Site(root.clone()),
        None => Target::Plans,
    })
}

/// The folder holding the `maillon.toml` nearest to `path` (its own folder, or a folder above).
pub(super) fn site_of(path: &Path) -> Option<PathBuf> {
    let absolute = lexical(&std::path::absolute(path).ok()?);
    let start = if absolute.is_dir() {
        absolute.as_path()
    } else {
        absolute.parent()?
    };
    start
        .ancestors()
        .find(|dir| dir.join(FILE_NAME).is_file())
        .map(Path::to_path_buf)
}

/// `path` with `.` and `..` resolved by name, as a person reads it (`a/../b` is `b`).
fn lexical(path: &Path) -> PathBuf {
    let mut out = PathBuf::new();
    for part in path.components() {
        match part {
            Component::CurDir => {}
            Component::ParentDir => {
                out.pop();
            }
            other => out.push(other),
        }
    }
    out
}

/// Reads the plans named by `paths` (a folder: every `*.md` file directly in it, not in its
/// subfolders; names starting with `.` are skipped), each in `lang` when given, else in the
/// language its file name (`plan.nl.md`) or, failing that, its text speaks. A file that cannot
/// be read, or a folder with no `*.md` file, stops the command; a file that is not UTF-8 is a
/// finding (returned beside the files), as in a site.
pub(super) fn read_plans(
    paths: &[PathBuf],
    lang: Option<&str>,
) -> Result<(Vec<Given>, Vec<Diagnostic>)> {
    let mut named: Vec<(PathBuf, PathBuf)> = Vec::new();
    for path in paths {
        let files = if path.is_dir() {
            markdown_in(path)?
        } else {
            vec![path.clone()]
        };
        for file in files {
            let real = std::fs::canonicalize(&file).map_err(|e| Error::io(&file, e))?;
            if !named.iter().any(|(_, known)| *known == real) {
                named.push((file, real));
            }
        }
    }
    let common = common_folder(named.iter().map(|(_, real)| real.as_path()));
    let mut given = Vec::new();
    let mut findings = Vec::new();
    for (shown, real) in named {
        let (text, landmarks) = if crate::import::is_office_file(&shown.to_string_lossy()) {
            // A Word or LibreOffice plan is checked as the Markdown it converts to.
            let Some(imported) = content::read_document(&real, &shown, &mut findings) else {
                continue;
            };
            (imported.markdown, Some(imported.landmarks))
        } else {
            let bytes = std::fs::read(&real).map_err(|e| Error::io(&shown, e))?;
            let Some(text) = content::decode(bytes, &shown, &mut findings) else {
                continue;
            };
            (text, None)
        };
        let rel = relative(&real, common.as_deref());
        let lang = lang
            .or_else(|| suffix_language(&rel))
            .or_else(|| language::guess(&text))
            .unwrap_or(STANDALONE_LANGUAGES[0]);
        given.push(Given {
            shown,
            rel,
            lang: lang.to_string(),
            text,
            landmarks,
        });
    }
    Ok((given, findings))
}

/// The `*.md` files and word-processor documents directly in `dir`, sorted by name.
fn markdown_in(dir: &Path) -> Result<Vec<PathBuf>> {
    let mut files = Vec::new();
    for entry in std::fs::read_dir(dir).map_err(|e| Error::io(dir, e))? {
        let entry = entry.map_err(|e| Error::io(dir, e))?;
        let name = entry.file_name().to_string_lossy().into_owned();
        let wanted = name.ends_with(".md") || crate::import::is_office_file(&name);
        if name.starts_with('.')
            || crate::import::is_owner_file(&name)
            || !wanted
            || !entry.path().is_file()
        {
            continue;
        }
        // `maillon check .` names `plan.md`, not `./plan.md`.
        files.push(if dir == Path::new(".") {
            PathBuf::from(&name)
        } else {
            dir.join(&name)
        });
    }
    if files.is_empty() {
        return Err(Error::Other(format!(
            "{}: no *.md, *.docx or *.odt file in this folder to check",
            dir.display()
        )));
    }
    files.sort();
    Ok(files)
}

/// The deepest folder holding every one of `files` (absolute paths).
fn common_folder<'a>(mut files: impl Iterator<Item = &'a Path>) -> Option<PathBuf> {
    let mut common = files.next()?.parent()?.to_path_buf();
    for file in files {
        while !file.starts_with(&common) {
            if !common.pop() {
                break;
            }
        }
    }
    Some(common)
}

/// `file` relative to `folder`, `/`-separated (the file name alone without a folder).
fn relative(file: &Path, folder: Option<&Path>) -> String {
    let rel = folder
        .and_then(|f| file.strip_prefix(f).ok())
        .unwrap_or_else(|| Path::new(file.file_name().unwrap_or_default()));
    rel.components()
        .map(|c| c.as_os_str().to_string_lossy())
        .collect::<Vec<_>>()
        .join("/")
}

/// The language a file name names (`plan.nl.md`, `plan.nl.docx` → `nl`), if it is one of the
/// four.
fn suffix_language(rel: &str) -> Option<&'static str> {
    let name = rel.rsplit('/').next()?;
    let stem = [".md", ".docx", ".odt"]
        .iter()
        .find_map(|ext| name.strip_suffix(ext))?;
    let (_, code) = stem.rsplit_once('.')?;
    STANDALONE_LANGUAGES.into_iter().find(|l| *l == code)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_say_their_language_and_folders_their_place() {
        assert_eq!(suffix_language("a/plan.nl.md"), Some("nl"));
        assert_eq!(suffix_language("plan.es.md"), None);
        assert_eq!(suffix_language("plan.md"), None);
        let files = [Path::new("/x/a/p.md"), Path::new("/x/b/c/q.md")];
        let common = common_folder(files.into_iter());
        assert_eq!(common.as_deref(), Some(Path::new("/x")));
        assert_eq!(relative(files[1], common.as_deref()), "b/c/q.md");
        assert_eq!(
            lexical(Path::new("/x/a/../b/./c.md")),
            Path::new("/x/b/c.md")
        );
    }
}
