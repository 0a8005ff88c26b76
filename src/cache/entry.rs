//! How an entry of the cache is written, where the types' own serde derives would be slow to
//! read back: reading entries is most of what a `check` of unchanged files costs.
//!
//! - The front matter ([`Kept`]): the same fields as [`FrontMatter`], through serde's `remote`
//!   derive, so that a field added there and forgotten here fails to compile. `FrontMatter`'s own
//!   derive gathers unknown keys with `#[serde(flatten)]`, which makes serde buffer every key
//!   before reading it, and writes every empty field. A cached file never has unknown keys (a
//!   file with findings is not cached), so here they are skipped, and so is every empty field.
//! - Headings and links ([`headings`], [`links`]), the bulk of an entry: arrays rather than
//!   objects (`[2, "budget", "Budget", 940]`, `[2582, "@/a.md#b"]`), no key to write or match.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

use crate::content::front_matter::{Checks, DateValue, FrontMatter, PageKind, SortBy};
use crate::markdown::{Heading, LinkRef};

// serde's `skip_serializing_if` passes a reference.
#[allow(clippy::trivially_copy_pass_by_ref)]
fn is_false(b: &bool) -> bool {
    !*b
}

fn no_checks(c: &Checks) -> bool {
    c.allow.is_empty()
}

#[derive(Serialize, Deserialize)]
#[serde(remote = "FrontMatter")]
pub(super) struct Kept {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    title: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    description: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    date: Option<DateValue>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    updated: Option<DateValue>,
    #[serde(default, skip_serializing_if = "is_false")]
    draft: bool,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    slug: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    weight: Option<i64>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    aliases: Vec<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    template: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    kind: Option<PageKind>,
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    taxonomies: BTreeMap<String, Vec<String>>,
    #[serde(default, skip_serializing_if = "serde_json::Map::is_empty")]
    extra: serde_json::Map<String, serde_json::Value>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    priorities: Vec<String>,
    #[serde(default, skip_serializing_if = "no_checks")]
    checks: Checks,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    sort_by: Option<SortBy>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    paginate_by: Option<usize>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    page_kind: Option<PageKind>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    in_menu: Option<bool>,
    #[serde(skip)]
    unknown: BTreeMap<String, serde_json::Value>,
}

/// A page's headings as `[level, id, text, offset]` arrays.
pub(super) mod headings {
    use serde::{Deserialize, Deserializer, Serializer};

    use super::Heading;

    pub(in crate::cache) fn serialize<S: Serializer>(
        headings: &[Heading],
        s: S,
    ) -> Result<S::Ok, S::Error> {
        s.collect_seq(headings.iter().map(|h| (h.level, &h.id, &h.text, h.offset)))
    }

    pub(in crate::cache) fn deserialize<'de, D: Deserializer<'de>>(
        d: D,
    ) -> Result<Vec<Heading>, D::Error> {
        let rows: Vec<(u8, String, String, usize)> = Vec::deserialize(d)?;
        Ok(rows
            .into_iter()
            .map(|(level, id, text, offset)| Heading {
                level,
                id,
                text,
                offset,
            })
            .collect())
    }
}

/// A page's internal links as `[offset, destination]` arrays.
pub(super) mod links {
    use serde::{Deserialize, Deserializer, Serializer};

    use super::LinkRef;

    pub(in crate::cache) fn serialize<S: Serializer>(
        links: &[LinkRef],
        s: S,
    ) -> Result<S::Ok, S::Error> {
        s.collect_seq(links.iter().map(|l| (l.offset, &l.dest)))
    }

    pub(in crate::cache) fn deserialize<'de, D: Deserializer<'de>>(
        d: D,
    ) -> Result<Vec<LinkRef>, D::Error> {
        let rows: Vec<(usize, String)> = Vec::deserialize(d)?;
        Ok(rows
            .into_iter()
            .map(|(offset, dest)| LinkRef { offset, dest })
            .collect())
    }
}
