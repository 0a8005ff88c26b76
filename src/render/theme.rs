//! The theme: Tera templates, UI strings and static files.
//!
//! A site uses `themes/<name>/` when that folder exists, else the default theme embedded in the
//! binary, so an installed `maillon` builds a site that has no theme of its own. The site's own
//! `templates/` override the theme's files one by one (same name wins). Every template is parsed
//! once, up front; a template that does not parse stops the build with its file and line.

use std::borrow::Cow;
use std::collections::{BTreeMap, HashMap};
use std::path::{Path, PathBuf};

use include_dir::{Dir, include_dir};

use super::deps::Graph;
use crate::config::Config;
use crate::diagnostic::Diagnostic;
use crate::error::{Error, Result};
use crate::source::Position;

/// The default theme, compiled into the binary.
pub(crate) static DEFAULT_THEME: Dir<'static> = include_dir!("$CARGO_MANIFEST_DIR/themes/default");

/// Where a theme's files come from.
enum Files {
    Folder(PathBuf),
    Embedded(&'static Dir<'static>),
}

impl Files {
    /// Every file under `sub` (`templates`, `static`, `i18n`), as (path below `sub`, bytes).
    fn list(&self, sub: &str) -> Result<Vec<(String, Cow<'static, [u8]>)>> {
        let mut out = Vec::new();
        match self {
            Files::Folder(dir) => {
                let base = dir.join(sub);
                if !base.is_dir() {
                    return Ok(out);
                }
                for entry in walkdir::WalkDir::new(&base).sort_by_file_name() {
                    let entry = entry.map_err(|e| Error::io(&base, e.into()))?;
                    if !entry.file_type().is_file() {
                        continue;
                    }
                    let rel = rel_name(&base, entry.path());
                    let bytes =
                        std::fs::read(entry.path()).map_err(|e| Error::io(entry.path(), e))?;
                    out.push((rel, Cow::Owned(bytes)));
                }
            }
            Files::Embedded(dir) => {
                if let Some(sub_dir) = dir.get_dir(sub) {
                    collect_embedded(sub_dir, sub, &mut out);
                }
            }
        }
        out.sort_by(|a, b| a.0.cmp(&b.0));
        Ok(out)
    }
}

fn collect_embedded(
    dir: &'static Dir<'static>,
    prefix: &str,
    out: &mut Vec<(String, Cow<'static, [u8]>)>,
) {
    for file in dir.files() {
        let path = file.path().to_string_lossy().replace('\\', "/");
        let rel = path
            .strip_prefix(prefix)
            .unwrap_or(&path)
            .trim_start_matches('/')
            .to_string();
        out.push((rel, Cow::Borrowed(file.contents())));
    }
    for sub in dir.dirs() {
        collect_embedded(sub, prefix, out);
    }
}

fn rel_name(base: &Path, path: &Path) -> String {
    path.strip_prefix(base)
        .unwrap_or(path)
        .components()
        .map(|c| c.as_os_str().to_string_lossy())
        .collect::<Vec<_>>()
        .join("/")
}

/// A loaded theme, ready to render.
pub(crate) struct Theme {
    /// Parsed templates.
    pub tera: tera::Tera,
    /// Template name → file shown in messages.
    pub template_files: HashMap<String, PathBuf>,
    /// Which templates read which (for `serve`'s partial renders).
    pub graph: Graph,
    /// UI strings per language, already merged with the default language's.
    pub strings: HashMap<String, BTreeMap<String, String>>,
    /// Static files to copy: (path in the output, bytes); the site's `static/` wins.
    pub static_files: Vec<(String, Cow<'static, [u8]>)>,
    /// Findings about the theme itself (a language lacking UI strings).
    pub diagnostics: Vec<Diagnostic>,
}

impl Theme {
    /// The search client script's bytes: the theme's (or the site's `static/`), else the
    /// built-in one.
    pub(crate) fn search_client(&self) -> Cow<'static, [u8]> {
        let client = crate::search::CLIENT;
        self.static_files
            .iter()
            .find(|(rel, _)| rel == client)
            .map(|(_, bytes)| bytes.clone())
            .or_else(|| {
                DEFAULT_THEME
                    .get_file(format!("static/{client}"))
                    .map(|f| Cow::Borrowed(f.contents()))
            })
            .unwrap_or(Cow::Borrowed(b""))
    }

    /// Loads the theme named in `config` for the site at `root`.
    pub(crate) fn load(root: &Path, config: &Config) -> Result<Theme> {
        let folder = root.join("themes").join(&config.theme);
        // A Zola or Hugo site's own templates and themes are written for another engine.
        let own = config.imported.is_none();
        let (files, shown_root) = if own && folder.join("templates").is_dir() {
            (
                Files::Folder(folder),
                PathBuf::from("themes").join(&config.theme),
            )
        } else if config.theme == "default" || !own {
            (
                Files::Embedded(&DEFAULT_THEME),
                PathBuf::from("(built-in) themes/default"),
            )
        } else {
            return Err(Error::Theme(format!(
                "maillon.toml: theme `{}` not found (no folder themes/{})",
                config.theme, config.theme
            )));
        };

        let mut sources: BTreeMap<String, (PathBuf, String)> = BTreeMap::new();
        for (name, bytes) in files.list("templates")? {
            let shown = shown_root.join("templates").join(&name);
            sources.insert(name, (shown, String::from_utf8_lossy(&bytes).into_owned()));
        }
        let site_templates = if own {
            Files::Folder(root.to_path_buf()).list("templates")?
        } else {
            Vec::new()
        };
        for (name, bytes) in site_templates {
            let shown = PathBuf::from("templates").join(&name);
            sources.insert(name, (shown, String::from_utf8_lossy(&bytes).into_owned()));
        }
        let graph = Graph::new(
            sources
                .iter()
                .map(|(n, (_, text))| (n.as_str(), text.as_str())),
        );
        let mut tera = tera::Tera::new();
        tera.autoescape_on(vec![".html", ".htm", ".xml"]);
        let template_files: HashMap<String, PathBuf> = sources
            .iter()
            .map(|(n, (p, _))| (n.clone(), p.clone()))
            .collect();
        tera.add_raw_templates(
            sources
                .iter()
                .map(|(n, (_, text))| (n.as_str(), text.as_str())),
        )
        .map_err(|e| {
            let d = template_diagnostic(&e, &template_files);
            let place = if d.line > 0 {
                format!("{}:{}:{}", d.file.display(), d.line, d.column)
            } else {
                d.file.display().to_string()
            };
            Error::Theme(format!("{place}: {}", d.message))
        })?;

        let (strings, diagnostics) = ui_strings(&files, root, &shown_root, config)?;

        let mut static_files: BTreeMap<String, Cow<'static, [u8]>> =
            files.list("static")?.into_iter().collect();
        static_files.extend(Files::Folder(root.to_path_buf()).list("static")?);
        Ok(Theme {
            tera,
            template_files,
            graph,
            strings,
            static_files: static_files.into_iter().collect(),
            diagnostics,
        })
    }

    /// Whether a template of that name exists.
    pub(crate) fn has(&self, name: &str) -> bool {
        self.tera.contains_template(name)
    }
}

/// UI strings by language, then by key.
type Strings = HashMap<String, BTreeMap<String, String>>;

/// UI strings per language: the theme's `i18n/<lang>.toml`, then the site's, key by key (a site
/// file that changes one string keeps the theme's others), then the default language's for any
/// key still missing. Each language missing some of the default language's keys gets a
/// `theme/missing-string` warning naming them: its pages would show those words in another
/// language.
fn ui_strings(
    files: &Files,
    root: &Path,
    shown_root: &Path,
    config: &Config,
) -> Result<(Strings, Vec<Diagnostic>)> {
    let theme_files: HashMap<String, Cow<'static, [u8]>> =
        files.list("i18n")?.into_iter().collect();
    let site_files: HashMap<String, Cow<'static, [u8]>> = Files::Folder(root.to_path_buf())
        .list("i18n")?
        .into_iter()
        .collect();
    let parse = |from: &HashMap<String, Cow<'static, [u8]>>,
                 lang: &str|
     -> Result<BTreeMap<String, String>> {
        let Some(bytes) = from.get(&format!("{lang}.toml")) else {
            return Ok(BTreeMap::new());
        };
        toml::from_str(&String::from_utf8_lossy(bytes)).map_err(|e| {
            Error::Theme(format!(
                "{}: i18n/{lang}.toml: {}",
                shown_root.display(),
                e.message()
            ))
        })
    };
    let own = |lang: &str| -> Result<BTreeMap<String, String>> {
        let mut strings = parse(&theme_files, lang)?;
        strings.extend(parse(&site_files, lang)?);
        Ok(strings)
    };
    let default_lang = config.default_language.as_str();
    let default_strings = own(default_lang)?;
    let mut strings = HashMap::new();
    let mut diagnostics = Vec::new();
    for lang in config.language_codes() {
        let mut merged = default_strings.clone();
        if lang != default_lang {
            let own = own(lang)?;
            let missing: Vec<&str> = default_strings
                .keys()
                .filter(|k| !own.contains_key(*k))
                .map(String::as_str)
                .collect();
            if !missing.is_empty() {
                diagnostics.push(missing_strings(lang, default_lang, &missing));
            }
            merged.extend(own);
        }
        strings.insert(lang.to_string(), merged);
    }
    Ok((strings, diagnostics))
}

/// The `theme/missing-string` warning of `lang`, naming up to twelve of its `missing` keys.
fn missing_strings(lang: &str, default_lang: &str, missing: &[&str]) -> Diagnostic {
    let shown: Vec<String> = missing.iter().take(12).map(|k| format!("`{k}`")).collect();
    let more = if missing.len() > shown.len() {
        format!(" and {} more", missing.len() - shown.len())
    } else {
        String::new()
    };
    Diagnostic::of(
        &crate::rule::THEME_MISSING_STRING,
        &Path::new("i18n").join(format!("{lang}.toml")),
        Position { line: 1, column: 1 },
        format!(
            "{} UI string(s) missing in `{lang}`: {}{more}; pages in `{lang}` show them in `{default_lang}`",
            missing.len(),
            shown.join(", ")
        ),
    )
    .with_help(format!(
        "add them to i18n/{lang}.toml at the site's root (it adds to the theme's strings, key by key)"
    ))
}

/// Turns a Tera error into a diagnostic that names the template file and line.
pub(crate) fn template_diagnostic(
    err: &tera::Error,
    files: &HashMap<String, PathBuf>,
) -> Diagnostic {
    if let tera::ErrorKind::SyntaxError(r) | tera::ErrorKind::RenderingError(r) = err.kind() {
        let file = files
            .get(r.filename())
            .cloned()
            .unwrap_or_else(|| PathBuf::from(r.filename()));
        let span = r.span();
        return Diagnostic::of(
            &crate::rule::TEMPLATE_ERROR,
            &file,
            Position {
                line: span.start_line,
                column: span.start_col + 1,
            },
            r.message().to_string(),
        );
    }
    // A loop of includes or extends names its first template in quotes: the file shown is
    // that template's.
    let message = err.to_string();
    let file = message
        .split('\'')
        .skip(1)
        .step_by(2)
        .find_map(|name| files.get(name))
        .map_or_else(|| PathBuf::from("templates"), Clone::clone);
    Diagnostic::of(
        &crate::rule::TEMPLATE_ERROR,
        &file,
        Position::default(),
        message,
    )
}
