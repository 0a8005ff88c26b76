//! The hostile site: every payload calls `__xss('<id>')` (or `alert`) if it ever runs, and its
//! id is also a plain word near it, so a search for the id lists the page that holds it.

/// Payloads written in the body of a page of their own (`content/cas/<id>.md`, titled with the
/// id): raw HTML, Markdown links and images, heading attributes, template-looking text.
pub(super) const BODY: &[(&str, &str)] = &[
    ("xss01", "<script>__xss('xss01')</script>"),
    ("xss02", "<img src=x onerror=\"__xss('xss02')\">"),
    (
        "xss03",
        "<svg onload=\"__xss('xss03')\"><circle r=1 /></svg>",
    ),
    ("xss04", "<svg><script>__xss('xss04')</script></svg>"),
    (
        "xss05",
        "<math><mtext><table><mglyph><style><img src=x onerror=__xss('xss05')></style></mglyph></table></mtext></math>",
    ),
    (
        "xss06",
        "<svg></p><style><a id=\"</style><img src=x onerror=__xss('xss06')>\">",
    ),
    (
        "xss07",
        "<iframe srcdoc=\"<script>parent.__xss('xss07')</script>\"></iframe>",
    ),
    (
        "xss08",
        "<object data=\"javascript:__xss('xss08')\"></object><embed src=\"javascript:__xss('xss08')\">",
    ),
    (
        "xss09",
        "<a href=\"javascript:__xss('xss09')\">lien xss09</a>",
    ),
    (
        "xss10",
        "<a href=\"jAvAsCrIpT&colon;__xss('xss10')\">un</a> <a href=\"&#106;ava&#x09;script:__xss('xss10')\">deux</a>",
    ),
    (
        "xss11",
        "<form action=\"javascript:__xss('xss11')\"><button formaction=\"javascript:__xss('xss11')\">envoyer</button></form>",
    ),
    (
        "xss12",
        "<details open ontoggle=\"__xss('xss12')\"><summary>xss12</summary>texte</details>",
    ),
    (
        "xss13",
        "<style>@import 'javascript:__xss(1)'; body { background: url(\"javascript:__xss('xss13')\") }</style>",
    ),
    (
        "xss14",
        "<div style=\"background:url(javascript:__xss('xss14'));width:expression(__xss('xss14'))\">bloc xss14</div>",
    ),
    (
        "xss15",
        "<base href=\"javascript:__xss('xss15')//\">\n\n[relatif](relatif/page/)",
    ),
    (
        "xss16",
        "<meta http-equiv=\"refresh\" content=\"0;url=javascript:__xss('xss16')\">",
    ),
    (
        "xss17",
        "<noscript><p title=\"</noscript><img src=x onerror=__xss('xss17')>\"></noscript>",
    ),
    (
        "xss18",
        "Gabarit {{ 7*7 }} {% raw %}<img src=x onerror=__xss('xss18')>{% endraw %} {{ x(y=\"<img src=x onerror=__xss('xss18')>\") }}",
    ),
    ("xss19", "[clic xss19](javascript:__xss('xss19'))"),
    (
        // The document: <script>parent.__xss('xss20')</script>
        "xss20",
        "[donnees xss20](data:text/html;base64,PHNjcmlwdD5wYXJlbnQuX194c3MoJ3hzczIwJyk8L3NjcmlwdD4=)",
    ),
    (
        "xss21",
        "![image](javascript:__xss('xss21')) ![autre](x\"onerror=\"__xss('xss21'))",
    ),
    ("xss22", "<javascript:__xss('xss22')>"),
    (
        "xss23",
        "[par reference][r23]\n\n[r23]: javascript:__xss('xss23') \"titre\"",
    ),
    (
        "xss24",
        "[titre](https://example.be/ \"a\\\" onmouseover=\\\"__xss('xss24')\")",
    ),
    (
        "xss25",
        "## Titre <img src=x onerror=__xss('xss25')> xss25\n\n## Autre {#x\"onfocus=__xss('xss25')}\n\nTexte.",
    ),
    (
        "xss26",
        "## Attributs {tabindex=0 autofocus=autofocus onfocus=__xss('xss26')}\n\n## Survol {onmouseover=__xss('xss26')}\n\nTexte.",
    ),
    (
        "xss27",
        "<IMG SRC=x OnErRoR=__xss('xss27')> <img/src=x/onerror=__xss('xss27')>",
    ),
    (
        "xss28",
        "<svg><a xlink:href=\"javascript:__xss('xss28')\"><text y=10>xss28</text></a></svg> <a href=\"vbscript:__xss('xss28')\">vb</a>",
    ),
    (
        "xss29",
        "<svg><animate onbegin=__xss('xss29') attributeName=x dur=1s /></svg>",
    ),
    (
        "xss30",
        "<input autofocus onfocus=__xss('xss30')> <input type=image src=x onerror=__xss('xss30')>",
    ),
    (
        "xss31",
        "<video><source onerror=__xss('xss31')></video> <audio src=x onerror=__xss('xss31')></audio>",
    ),
    (
        "xss32",
        "<body onload=__xss('xss32')> <marquee onstart=__xss('xss32')>xss32</marquee>",
    ),
    (
        "xss33",
        "| a | b |\n|---|---|\n| <span style=\"x:expression(__xss('xss33'))\">c</span> | d |\n\n<table><tr><td style=\"text-align:left;background:url(javascript:__xss('xss33'))\">e</td></tr></table>",
    ),
    (
        "xss34",
        "<iframe src=\"javascript:__xss('xss34')\"></iframe><title><img src=x onerror=__xss('xss34')></title>",
    ),
    (
        "xss35",
        "Note[^n35].\n\n[^n35]: <img src=x onerror=__xss('xss35')> dans une note.",
    ),
    (
        "xss36",
        "Code `<script>__xss('xss36')</script>` montré tel quel.",
    ),
    (
        "xss37",
        "<!--><img src=x onerror=__xss('xss37')>--> <!-- x --><img src=x onerror=__xss('xss37')>",
    ),
];

/// Payloads in front matter, the site's configuration, plans and the checker's messages: the
/// id and where it is. Each is written by [`super::hostile_site`].
pub(super) const ELSEWHERE: &[(&str, &str)] = &[
    ("xss40", "site title (maillon.toml)"),
    ("xss41", "site description (maillon.toml)"),
    ("xss42", "section title (_index.md)"),
    ("xss43", "page title, attribute breakout"),
    ("xss44", "page description"),
    ("xss45", "taxonomy term (tags)"),
    ("xss46", "taxonomy term (phenomena)"),
    ("xss47", "taxonomy term (communes)"),
    ("xss48", "extra.partners, a link to javascript:"),
    ("xss49", "extra.contact, a javascript: string"),
    ("xss50", "extra.source, an address with a quote breakout"),
    ("xss51", "extra.period, a quote breakout"),
    ("xss52", "extra.results, a map"),
    ("xss53", "slug"),
    (
        "xss54",
        "unknown front matter field (its name in a checker message)",
    ),
    ("xss55", "summary before <!-- more --> (section lists)"),
    (
        "xss56",
        "plan priority heading (checker message, coverage table)",
    ),
    ("xss57", "plan priority as a bold line"),
    (
        "xss58",
        "plan priorities listed in front matter without a heading",
    ),
    ("xss59", "Dutch translation's title (language switcher)"),
    ("xss60", "alias redirect page (title)"),
    ("xss61", "date"),
    (
        "xss62",
        "preview only: a broken internal link (error in the panel)",
    ),
];
