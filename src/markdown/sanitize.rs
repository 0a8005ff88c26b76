//! Raw HTML policy: ammonia with the tags and attributes that Markdown itself produces.
//!
//! The builder is made once and shared by every thread. It keeps heading ids, code-language
//! classes, footnote links and task-list checkboxes, so a sanitised page looks exactly like an
//! unsanitised one except for what was unsafe.

use std::sync::OnceLock;

fn builder() -> &'static ammonia::Builder<'static> {
    static BUILDER: OnceLock<ammonia::Builder<'static>> = OnceLock::new();
    BUILDER.get_or_init(|| {
        let mut b = ammonia::Builder::default();
        b.add_generic_attributes(["id", "class"])
            .add_tags(["input"])
            .add_tag_attributes("input", ["type", "checked", "disabled"])
            .add_tag_attributes("ol", ["start"])
            .add_tag_attributes("td", ["style"])
            .add_tag_attributes("th", ["style"])
            .filter_style_properties(["text-align"].into_iter().collect());
        b
    })
}

/// Removes unsafe tags, attributes and URL schemes from `html`.
pub(super) fn clean(html: &str) -> String {
    builder().clean(html).to_string()
}
