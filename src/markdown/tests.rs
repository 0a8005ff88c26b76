use std::path::Path;

use super::*;

fn run(body: &str, raw_html: RawHtml) -> (Rendered, Vec<Diagnostic>) {
    let file = SourceFile::new(Path::new("content/plans/a.md").into(), body.to_string());
    let lookup = |rel: &str| match rel {
        "cadre/chaine.md" => Some((7usize, "/cadre/chaine/")),
        "plans/b.md" => Some((8usize, "/plans/b/")),
        _ => None,
    };
    let is_draft = |rel: &str| rel == "plans/draft.md";
    let named = |_: &str| None;
    let resolve = Resolve {
        dir: "plans",
        lang: "fr",
        lookup: &lookup,
        is_draft: &is_draft,
        named: &named,
        errors: crate::config::LinkErrors::All,
    };
    let options = MarkdownConfig {
        raw_html,
        smart_punctuation: false,
        definition_lists: false,
        heading_ids: crate::slug::HeadingIds::Maillon,
        definition_term_ids: false,
        hugo_refs: false,
        shortcode_escapes: false,
    };
    let pass = Pass {
        markdown: &options,
        html: true,
        blocks: true,
    };
    let mut diags = Vec::new();
    let r = render(&file, 0, pass, &resolve, "/plans/a/", &mut diags);
    (r, diags)
}

#[test]
fn heading_ids_fold_accents_and_stay_unique() {
    let (r, _) = run(
        "## Priorité 1 : Vols\n\n### Prévention\n\n## Priorité 1 : Vols\n\n## Custom {#mine}\n",
        RawHtml::Sanitize,
    );
    let ids: Vec<_> = r.headings.iter().map(|h| h.id.as_str()).collect();
    assert_eq!(
        ids,
        ["priorite-1-vols", "prevention", "priorite-1-vols-1", "mine"]
    );
    assert!(
        r.html
            .contains(r#"<h2 id="priorite-1-vols">Priorité 1 : Vols</h2>"#),
        "{}",
        r.html
    );
    assert_eq!(r.toc.len(), 3);
    assert_eq!(r.toc[0].children[0].id, "prevention");
}

#[test]
fn internal_links_become_urls_and_broken_ones_are_located() {
    let body = "Voir [la chaîne](@/cadre/chaine.md#suivi) et [B](b.md).\n\nPuis [rien](@/nope.md)\net [brouillon](draft.md).\n";
    let (r, d) = run(body, RawHtml::Sanitize);
    assert!(
        r.html.contains(r#"href="/cadre/chaine/#suivi""#),
        "{}",
        r.html
    );
    assert!(r.html.contains(r#"href="/plans/b/""#));
    assert_eq!(r.anchor_refs.len(), 1);
    assert_eq!(r.anchor_refs[0].target, Some(7));
    assert_eq!(d.len(), 2, "{d:?}");
    assert_eq!(
        (&*d[0].rule, d[0].line, d[0].column),
        ("links/broken", 3, 6)
    );
    assert_eq!((d[1].line, d[1].column), (4, 4));
    assert!(d[1].message.contains("draft"));
}

#[test]
fn raw_html_is_sanitised_unless_allowed() {
    let body = "Texte <script>alert(1)</script> <b>gras</b>\n\n[x](javascript:alert(2))\n";
    let (r, _) = run(body, RawHtml::Sanitize);
    assert!(!r.html.contains("<script"), "{}", r.html);
    assert!(!r.html.contains("javascript:"), "{}", r.html);
    assert!(r.html.contains("<b>gras</b>"));
    let (r, _) = run(body, RawHtml::Allow);
    assert!(r.html.contains("<script>alert(1)</script>"));
}

#[test]
fn summary_stops_at_the_more_marker_and_comments_are_dropped() {
    let (r, _) = run(
        "Premier paragraphe.\n\n<!-- more -->\n\nLa suite.\n<!-- note -->\n",
        RawHtml::Sanitize,
    );
    assert_eq!(r.summary.as_deref(), Some("<p>Premier paragraphe.</p>\n"));
    assert!(r.html.contains("La suite."));
    assert!(!r.html.contains("<!--"));
    assert_eq!(r.word_count, 4);
}

#[test]
fn gfm_extensions_render() {
    let body = "| a | b |\n|---|:-:|\n| 1 | 2 |\n\n~~barré~~\n\n- [x] fait\n\nNote[^1].\n\n[^1]: La note.\n";
    let (r, _) = run(body, RawHtml::Sanitize);
    assert!(r.html.contains("<table>"));
    assert!(r.html.contains("<del>barré</del>"));
    assert!(r.html.contains("checkbox"));
    assert!(r.html.contains("footnote"));
}

#[test]
fn shortcodes_are_reported_not_run() {
    let (r, d) = run(
        "Avant {{< figure src=\"x.png\" >}} après.\n\n{{ youtube(id=\"abc\") }}\n\n`{{< code >}}`\n",
        RawHtml::Sanitize,
    );
    let rules: Vec<_> = d.iter().map(|d| (&*d.rule, d.line, d.column)).collect();
    assert_eq!(
        rules,
        [("content/shortcode", 1, 7), ("content/shortcode", 3, 1)]
    );
    assert!(r.html.contains("{{&lt; figure"));
}

#[test]
fn blocks_and_directives_are_collected_without_code() {
    let body = "## Priorité 1\n\n<!-- maillon-disable chain/missing-stage: raison -->\n### Suivi\n\n- **Suivi :** aide `code` aux victimes\n  - imbriqué\n\n```\nréaction\n```\n";
    let (r, _) = run(body, RawHtml::Sanitize);
    let kinds: Vec<_> = r
        .blocks
        .iter()
        .map(|b| (b.kind, b.text.trim().to_string()))
        .collect();
    assert_eq!(
        kinds,
        [
            (BlockKind::Heading(2), "Priorité 1".to_string()),
            (BlockKind::Heading(3), "Suivi".to_string()),
            (BlockKind::Item, "Suivi : aide  aux victimes".to_string()),
            (BlockKind::Item, "imbriqué".to_string()),
            (BlockKind::Code, String::new()),
        ]
    );
    assert_eq!(r.directives.len(), 1);
    assert_eq!(
        r.directives[0].1,
        "maillon-disable chain/missing-stage: raison"
    );
}

#[test]
fn code_blocks_take_the_keyboard_focus_so_a_wide_one_can_be_scrolled() {
    let (r, _) = run(
        "Texte `en ligne`.\n\n```yaml\ntitle: \"<pre><code>\"\n```\n\n    indenté\n\n<p>brut</p>\n",
        RawHtml::Sanitize,
    );
    assert!(
        r.html.contains(
            "<pre tabindex=\"0\"><code class=\"language-yaml\">title: \"&lt;pre&gt;&lt;code&gt;\""
        ),
        "{}",
        r.html
    );
    assert_eq!(
        r.html.matches("<pre tabindex=\"0\"><code>").count(),
        1,
        "{}",
        r.html
    );
    assert!(!r.html.contains("<pre><code"), "{}", r.html);
    let (plain, _) = run("Texte `en ligne` seulement.\n", RawHtml::Sanitize);
    assert!(!plain.html.contains("tabindex"), "{}", plain.html);
}
