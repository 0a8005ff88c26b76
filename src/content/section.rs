//! [`Section`]: a folder with an `_index.md`, in one language, and the pages it lists.
//!
//! Sections form the tree that navigation, breadcrumbs and listings follow. Each section keeps
//! its pages already sorted (by its `sort_by`), so templates and pagination never sort.

use super::front_matter::SortBy;
use super::page::Page;

/// One section in one language.
#[derive(Debug)]
pub struct Section {
    /// Index in `Site::pages` of its `_index.md` (possibly synthesised for a missing home).
    pub index: usize,
    /// Folder relative to `content/` (empty for the home).
    pub dir: String,
    /// Language code.
    pub lang: String,
    /// Pages listed, in display order (indexes in `Site::pages`).
    pub pages: Vec<usize>,
    /// Child sections (indexes in `Site::sections`), by weight then title.
    pub subsections: Vec<usize>,
    /// Parent section, `None` for a language's home.
    pub parent: Option<usize>,
    /// Pages per list page, if paginated.
    pub paginate_by: Option<usize>,
}

/// Orders `pages` (indexes into `all`) by `sort_by`.
pub fn sort_pages(pages: &mut [usize], all: &[Page], sort_by: SortBy) {
    match sort_by {
        SortBy::Date => pages.sort_by(|&a, &b| {
            let (a, b) = (&all[a], &all[b]);
            b.date
                .cmp(&a.date)
                .then_with(|| title_key(&a.title).cmp(&title_key(&b.title)))
        }),
        SortBy::Title => {
            pages.sort_by_cached_key(|&p| (title_key(&all[p].title), all[p].rel.clone()))
        }
        SortBy::Weight | SortBy::None => pages.sort_by_cached_key(|&p| {
            let page = &all[p];
            (page.meta.weight.unwrap_or(i64::MAX), title_key(&page.title))
        }),
    }
}

/// A sort key that ignores case and accents (`Écoles` sorts with `ecoles`).
pub fn title_key(title: &str) -> String {
    deunicode::deunicode(title).to_lowercase()
}
