//! The language values templates receive: `translations` (the versions of a page) and
//! `languages` (the language switcher, which also covers pages that have no translation).
//!
//! Apart from the page values in `context.rs` because they look across languages: what they
//! need is the site's translation table and each language's home, not the page itself.

use serde::Serialize;
use tera::Value;

use crate::content::Site;

#[derive(Serialize)]
struct Translation<'a> {
    lang: &'a str,
    url: &'a str,
    permalink: String,
    title: &'a str,
    current: bool,
    /// Always true: the component that shows these also shows [`languages`].
    translated: bool,
}

/// Every language version of `page` (itself included); empty when it has none.
pub(crate) fn translations(site: &Site, index: usize) -> Value {
    let page = &site.pages[index];
    let list = site
        .translations
        .get(&page.key)
        .map_or(&[][..], Vec::as_slice);
    if list.len() < 2 {
        return Value::from(Vec::<Value>::new());
    }
    let items: Vec<Translation> = list
        .iter()
        .map(|&i| {
            let p = &site.pages[i];
            Translation {
                lang: &p.lang,
                url: &p.url,
                permalink: site.config.permalink(&p.url),
                title: &p.title,
                current: i == index,
                translated: true,
            }
        })
        .collect();
    Value::from_serializable(&items)
}

/// One entry of the language switcher.
#[derive(Serialize)]
struct Language<'a> {
    lang: &'a str,
    url: String,
    /// The title of the page in this language ("" when it has none).
    title: &'a str,
    current: bool,
    /// False when the page has no version in this language: `url` is then its home page.
    translated: bool,
}

/// The language switcher's entries: every language of `homes` (those with a home page, and
/// their roots): `same(lang)` gives the URL and title of this page's version in that language
/// if it has one; else the entry leads to that language's home page, marked `translated: false`
/// so the switcher can say the page has no translation there.
pub(crate) fn languages<'a>(
    homes: &'a [(String, String)],
    lang: &str,
    url: &str,
    same: &dyn Fn(&str) -> Option<(String, &'a str)>,
) -> Value {
    let items: Vec<Language> = homes
        .iter()
        .map(|(l, root)| {
            let (url, title, translated) = match same(l) {
                _ if l == lang => (url.to_string(), "", true),
                Some((url, title)) => (url, title, true),
                None => (root.clone(), "", false),
            };
            Language {
                lang: l,
                url,
                title,
                current: l == lang,
                translated,
            }
        })
        .collect();
    Value::from_serializable(&items)
}

/// The version of page `index` in `lang`: its URL and title.
pub(crate) fn version_in<'a>(
    site: &'a Site,
    index: usize,
    lang: &str,
) -> Option<(String, &'a str)> {
    site.translations
        .get(&site.pages[index].key)?
        .iter()
        .map(|&i| &site.pages[i])
        .find(|p| p.lang == lang)
        .map(|p| (p.url.clone(), p.title.as_str()))
}
