//! `maillon init DIR`: writes a small site that builds at once with the built-in theme.
//!
//! The files come from `data/init/`, compiled into the binary. Nothing is ever overwritten: a
//! folder that already holds a site, or any of the files, is refused before anything is written.

use std::path::Path;

use include_dir::{Dir, include_dir};

use crate::error::{Error, Result};

use super::{InitArgs, SUCCESS};

static SCAFFOLD: Dir<'static> = include_dir!("$CARGO_MANIFEST_DIR/data/init");

pub(super) fn run(args: InitArgs) -> Result<u8> {
    let files = files(&SCAFFOLD);
    for (rel, _) in &files {
        let path = args.dir.join(rel);
        if path.exists() {
            return Err(Error::Other(format!(
                "{} already exists; maillon init never overwrites files",
                path.display()
            )));
        }
    }
    for (rel, bytes) in &files {
        let path = args.dir.join(rel);
        if let Some(dir) = path.parent() {
            std::fs::create_dir_all(dir).map_err(|e| Error::io(dir, e))?;
        }
        std::fs::write(&path, bytes).map_err(|e| Error::io(&path, e))?;
    }
    println!(
        "Created a site in {}. Next: maillon build --root {}",
        args.dir.display(),
        args.dir.display()
    );
    Ok(SUCCESS)
}

fn files(dir: &'static Dir<'static>) -> Vec<(&'static Path, &'static [u8])> {
    let mut out: Vec<_> = dir.files().map(|f| (f.path(), f.contents())).collect();
    for sub in dir.dirs() {
        out.extend(files(sub));
    }
    out
}
