//! `maillon import FILE.docx|FILE.odt`: writes the document as a Markdown page, beside it or into a
//! folder, never over an existing file unless asked (`--force`). What could not be kept is
//! printed as warnings; a file that is no Word document is an error naming it.

use crate::error::{Error, Result};

use super::{ImportArgs, SUCCESS};

pub fn run(args: ImportArgs) -> Result<u8> {
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
            .map(std::path::Path::to_path_buf)
            .unwrap_or_default(),
    };
    let target = dir.join(format!("{stem}.md"));
    if target.exists() && !args.force {
        return Err(Error::Other(format!(
            "{} already exists; add --force to replace it",
            target.display()
        )));
    }
    std::fs::create_dir_all(&dir).map_err(|e| Error::io(&dir, e))?;
    std::fs::write(&target, &imported.markdown).map_err(|e| Error::io(&target, e))?;
    for warning in &imported.warnings {
        eprintln!("warning: {}: {warning}", args.file.display());
    }
    println!("Imported {} into {}", args.file.display(), target.display());
    Ok(SUCCESS)
}
