//! [`Section`]: a folder with an `_index.md`, in one language, and the pages it lists.
//!
//! Sections form the tree that navigation, breadcrumbs and listings follow. Each section keeps
//! its pages already sorted (by its `sort_by`), so templates and pagination never sort.

use std::collections::HashMap;

use super::front_matter::SortBy;
use super::page::{Page, Role};

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
        SortBy::Date => pages.sort_by_cached_key(|&p| {
            // Newest first: dated pages before undated ones, each group by title.
            let page = &all[p];
            (std::cmp::Reverse(page.date.clone()), title_key(&page.title))
        }),
        SortBy::Title => {
            pages.sort_by_cached_key(|&p| (title_key(&all[p].title), all[p].rel.clone()));
        }
        SortBy::Weight | SortBy::None => pages.sort_by_cached_key(|&p| {
            let page = &all[p];
            (page.meta.weight.unwrap_or(i64::MAX), title_key(&page.title))
        }),
    }
}

/// A sort key that ignores case and accents (`Écoles` sorts with `ecoles`) and orders numbers by
/// their value (`Section 2` before `Section 10`, `Priorité 9` before `Priorité 12`): each run of
/// digits is padded to a fixed width.
pub fn title_key(title: &str) -> String {
    let folded = deunicode::deunicode(title).to_lowercase();
    let mut key = String::with_capacity(folded.len() + 8);
    let mut digits = String::new();
    let flush = |digits: &mut String, key: &mut String| {
        if !digits.is_empty() {
            let value = digits.trim_start_matches('0');
            let value = if value.is_empty() { "0" } else { value };
            for _ in value.len()..20 {
                key.push('0');
            }
            key.push_str(value);
            digits.clear();
        }
    };
    for c in folded.chars() {
        if c.is_ascii_digit() {
            digits.push(c);
        } else {
            flush(&mut digits, &mut key);
            key.push(c);
        }
    }
    flush(&mut digits, &mut key);
    key
}

/// Creates one section per `_index` page, links every page to its section, and sorts listings.
pub(super) fn build_sections(pages: &mut [Page]) -> Vec<Section> {
    let mut sections = Vec::new();
    let mut by_dir: HashMap<(String, String), usize> = HashMap::new();
    // Homes first, so `Site::home` finds them fast and parents come before children.
    let mut indexes: Vec<usize> = (0..pages.len())
        .filter(|&i| pages[i].role == Role::Section)
        .collect();
    indexes.sort_by_key(|&i| {
        (
            pages[i].dir.matches('/').count() + usize::from(!pages[i].dir.is_empty()),
            pages[i].rel.clone(),
        )
    });
    for i in indexes {
        let p = &pages[i];
        by_dir.insert((p.dir.clone(), p.lang.clone()), sections.len());
        sections.push(Section {
            index: i,
            dir: p.dir.clone(),
            lang: p.lang.clone(),
            pages: Vec::new(),
            subsections: Vec::new(),
            parent: None,
            paginate_by: p.meta.paginate_by.filter(|&n| n > 0),
        });
    }
    let find = |dir: &str, lang: &str, skip_self: bool| -> Option<usize> {
        let mut d = dir.to_string();
        let mut first = true;
        loop {
            if !(first && skip_self)
                && let Some(&s) = by_dir.get(&(d.clone(), lang.to_string()))
            {
                return Some(s);
            }
            first = false;
            if d.is_empty() {
                return None;
            }
            d = d
                .rsplit_once('/')
                .map_or(String::new(), |(p, _)| p.to_string());
        }
    };
    for i in 0..pages.len() {
        let is_section = pages[i].role == Role::Section;
        let parent = if is_section && pages[i].dir.is_empty() {
            None
        } else {
            find(&pages[i].dir, &pages[i].lang, is_section)
        };
        pages[i].parent = parent;
        match (parent, is_section) {
            (Some(s), false) => {
                if pages[i].meta.kind.is_none() {
                    let section_page = sections[s].index;
                    pages[i].kind = pages[section_page].meta.page_kind.unwrap_or_default();
                }
                sections[s].pages.push(i);
            }
            (Some(s), true) => {
                let me = by_dir[&(pages[i].dir.clone(), pages[i].lang.clone())];
                sections[me].parent = Some(s);
                sections[s].subsections.push(me);
            }
            _ => {}
        }
    }
    for s in 0..sections.len() {
        let meta = &pages[sections[s].index].meta;
        let sort_by = meta.sort_by.unwrap_or_default();
        // A long list is paginated unless the section says how (`paginate_by: 0`: not at all).
        if meta.paginate_by.is_none() && sections[s].pages.len() > crate::config::LONG_LIST {
            sections[s].paginate_by = Some(crate::config::LIST_PAGE);
        }
        let mut list = std::mem::take(&mut sections[s].pages);
        sort_pages(&mut list, pages, sort_by);
        sections[s].pages = list;
        let mut subs = std::mem::take(&mut sections[s].subsections);
        subs.sort_by_cached_key(|&c| {
            let p = &pages[sections[c].index];
            (p.meta.weight.unwrap_or(i64::MAX), title_key(&p.title))
        });
        sections[s].subsections = subs;
    }
    sections
}

#[cfg(test)]
mod tests {
    use super::title_key;

    #[test]
    fn titles_sort_by_their_numbers_values() {
        let mut titles = [
            "Section 10",
            "section 2",
            "Section 1",
            "Écoles 3",
            "ecoles 20",
        ];
        titles.sort_by_key(|t| title_key(t));
        assert_eq!(
            titles,
            [
                "Écoles 3",
                "ecoles 20",
                "Section 1",
                "section 2",
                "Section 10"
            ]
        );
    }
}
