//! Tags and labels: the words that name a stage at the edge of a paragraph or list item.
//!
//! A tag opens the block (`[Prévention] …`, `**Suivi :** …`, `Nazorg: …`, `Prévention – …`); a
//! label closes it (`… (prévention)`, `… – volet réactif`, `… – schakel: nazorg`). Both are short,
//! so a long clause before a colon or after a dash is not taken for one. What they introduce is
//! returned too, because a tag over a placeholder is an empty stage and a stage's name inside its
//! own label is not a lexicon term.

use super::model::ChainModel;

/// The dashes Word leaves between a measure and its label, or a label and its text.
const DASHES: [&str; 3] = [" – ", " — ", " - "];

/// The stages a tag or label found in a block names, with the text it introduces.
pub(crate) fn named<'t>(
    model: &ChainModel,
    found: Option<(&str, &'t str)>,
) -> Option<(Vec<usize>, &'t str)> {
    let (label, rest) = found?;
    let stages = super::heads::label_stages(model, label);
    (!stages.is_empty()).then_some((stages, rest))
}

/// The tag a block opens with, and the text after it: `[Prévention] …`, `Suivi : …`,
/// `**Nazorg:** …`, `Prévention – …`.
pub(crate) fn tag_of(text: &str) -> Option<(&str, &str)> {
    let t = text.trim_start();
    let (label, rest) = if let Some(inner) = t.strip_prefix('[') {
        let end = inner.find(']')?;
        (&inner[..end], &inner[end + 1..])
    } else if let Some((end, _)) = t.char_indices().take(80).find(|(_, c)| *c == ':') {
        (&t[..end], &t[end + 1..])
    } else {
        let (end, sep) = DASHES
            .iter()
            .filter_map(|sep| t.find(sep).map(|at| (at, *sep)))
            .min()?;
        let label = &t[..end];
        if label.split_whitespace().count() > 4 {
            return None;
        }
        (label, &t[end + sep.len()..])
    };
    (label.split_whitespace().count() <= 6).then_some((label, rest))
}

/// The label a block closes on, and the text before it: `… (prévention)`, `… – volet réactif`,
/// `… – maillon : suivi`, `… – schakel: nazorg`.
pub(crate) fn label_of(text: &str) -> Option<(&str, &str)> {
    let t = text.trim_end().trim_end_matches(['.', ';', ',']).trim_end();
    let (rest, label) = if let Some(inner) = t.strip_suffix(')') {
        let open = inner.rfind('(')?;
        (&t[..open], &inner[open + 1..])
    } else {
        let (at, sep) = DASHES
            .iter()
            .filter_map(|sep| t.rfind(sep).map(|at| (at, *sep)))
            .max()?;
        (&t[..at], &t[at + sep.len()..])
    };
    (label.split_whitespace().count() <= 5 && !rest.trim().is_empty()).then_some((label, rest))
}

#[cfg(test)]
mod tests {
    use super::{label_of, tag_of};

    #[test]
    fn tags_open_a_block() {
        assert_eq!(
            tag_of("[Prévention] Affiches"),
            Some(("Prévention", " Affiches"))
        );
        assert_eq!(tag_of("Suivi : néant"), Some(("Suivi ", " néant")));
        assert_eq!(
            tag_of("Prévention – campagne"),
            Some(("Prévention", "campagne"))
        );
        // A long clause before the dash is no tag.
        assert_eq!(
            tag_of("Contrôles d'alcoolémie les nuits de week-end – volet réactif"),
            None
        );
        assert_eq!(tag_of("Sans étiquette"), None);
    }

    #[test]
    fn labels_close_a_block() {
        assert_eq!(
            label_of("Gravure des vélos au marché (prévention)."),
            Some(("prévention", "Gravure des vélos au marché "))
        );
        assert_eq!(
            label_of("Contrôles d'alcoolémie – volet réactif"),
            Some(("volet réactif", "Contrôles d'alcoolémie"))
        );
        assert_eq!(
            label_of("Doorverwijzing naar het CAW – schakel: nazorg"),
            Some(("schakel: nazorg", "Doorverwijzing naar het CAW"))
        );
        assert_eq!(label_of("(prévention)"), None);
    }
}
