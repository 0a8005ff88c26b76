//! The coverage dashboard (`/couverture/`, `/nl/dekking/`, …): how the plans of one language
//! cover the security chain, per stage, per phenomenon, per commune and per type of plan.
//!
//! Everything is counted here, from the checker's readings of the plans (the ones their coverage
//! matrices show), so the figures and the matrices never disagree. The template draws the charts
//! as inline SVG from the shares and offsets given, so the page needs no JavaScript, and puts
//! each chart's data table beside it. The page's size is bounded: a chart shows the
//! [`CHARTED`] weakest rows, and a bar links to at most [`LINKS`] priorities or plans (the table
//! gives every row its counts).

use std::collections::BTreeMap;

use serde::Serialize;
use tera::Value;

use crate::check::Report;
use crate::check::chain::text::fold;
use crate::check::chain::{Stage, Status};
use crate::content::{PageKind, Role, Site};

/// Rows a group's chart shows (the weakest first); its table has them all.
pub(crate) const CHARTED: usize = 15;
/// Priorities or plans a bar links to; the rest are counted.
pub(crate) const LINKS: usize = 12;
/// The statuses in the order the stacked bars show them.
const STATUSES: [Status; 4] = [
    Status::Covered,
    Status::Inferred,
    Status::Empty,
    Status::Missing,
];

#[derive(Serialize)]
struct DashboardValue<'a> {
    /// Plans read, priorities found in them, and priorities where every stage is covered
    /// (named or inferred).
    plans: usize,
    priorities: usize,
    complete: usize,
    /// `complete` in percent of `priorities`.
    complete_share: f64,
    stages: Vec<StageRow<'a>>,
    groups: Vec<Group<'a>>,
}

/// A link to a plan or to one of its priorities.
#[derive(Serialize)]
struct Link<'a> {
    title: &'a str,
    /// The plan's title, for a priority.
    plan: Option<&'a str>,
    url: String,
}

/// One stage: how the priorities stand on it.
#[derive(Serialize)]
struct StageRow<'a> {
    id: &'a str,
    name: &'a str,
    /// Covered and inferred, in percent of the priorities.
    share: f64,
    /// One segment per status (covered, inferred, empty, missing): its count, its width and its
    /// start along the bar, in percent.
    segments: Vec<Segment>,
    /// The priorities where the stage is empty or missing (the first [`LINKS`]).
    gaps: Vec<Link<'a>>,
    /// How many more there are.
    more: usize,
}

#[derive(Serialize)]
struct Segment {
    status: &'static str,
    count: usize,
    share: f64,
    offset: f64,
}

/// Priorities grouped by the phenomenon, the commune or the type of their plan. A priority
/// whose title names one of its plan's phenomena counts for those only (the burglary priority of
/// a plan on burglaries and drugs is not a drug priority); else for all of them.
#[derive(Serialize)]
struct Group<'a> {
    /// `phenomena`, `communes` or `plan_type`.
    name: &'static str,
    /// Weakest first: the lowest share of complete priorities, then the most priorities.
    rows: Vec<GroupRow<'a>>,
    /// How many of `rows` the chart shows.
    charted: usize,
}

#[derive(Serialize)]
struct GroupRow<'a> {
    label: &'a str,
    /// The term's page, for a taxonomy.
    url: Option<&'a str>,
    /// The plans behind the bar (the first [`LINKS`]) and how many more.
    plans: Vec<Link<'a>>,
    more: usize,
    priorities: usize,
    complete: usize,
    share: f64,
    /// Per stage of the model, the priorities where it is empty or missing.
    gaps: Vec<usize>,
}

/// One decimal of a percentage.
fn percent(part: usize, whole: usize) -> f64 {
    if whole == 0 {
        0.0
    } else {
        (part as f64 * 1000.0 / whole as f64).round() / 10.0
    }
}

fn is_gap(status: Status) -> bool {
    matches!(status, Status::Empty | Status::Missing)
}

/// Counts of one group row while plans are read.
#[derive(Default)]
struct Tally {
    plans: Vec<usize>,
    priorities: usize,
    complete: usize,
    gaps: Vec<usize>,
}

/// The dashboard's URL in `lang`: the language's root and the theme's `dashboard_path` string
/// (`couverture`, `dekking`, …), else `coverage`.
pub(super) fn url(site: &Site, theme: &super::Theme, lang: &str) -> String {
    let path = theme
        .strings
        .get(lang)
        .and_then(|s| s.get("dashboard_path"))
        .map_or("coverage", |p| p.trim_matches('/'));
    format!("{}{path}/", site.config.lang_root(lang))
}

/// The dashboard's URL in `lang` when it is rendered: the theme has `dashboard.html`, the
/// language has a home page, and no page of the site has that URL already.
pub(super) fn rendered_at(site: &Site, theme: &super::Theme, lang: &str) -> Option<String> {
    let url = url(site, theme, lang);
    (theme.has("dashboard.html")
        && site.home(lang).is_some()
        && !site.pages.iter().any(|p| p.url == url))
    .then_some(url)
}

/// `dashboard` for the page of `lang`.
pub(super) fn value(site: &Site, report: &Report, lang: &str) -> Value {
    let stages = &report.stages;
    let plans: Vec<usize> = (0..site.pages.len())
        .filter(|&i| {
            let p = &site.pages[i];
            p.lang == lang && p.kind == PageKind::Plan && p.role == Role::Page
        })
        .filter(|&i| report.readings.get(i).is_some_and(Option::is_some))
        .collect();
    let reading = |i: usize| report.readings[i].as_ref();

    let mut counts = vec![[0usize; 4]; stages.len()];
    let mut gaps: Vec<Vec<Link>> = (0..stages.len()).map(|_| Vec::new()).collect();
    let mut gap_totals = vec![0usize; stages.len()];
    let (mut priorities, mut complete) = (0, 0);
    for &i in &plans {
        let page = &site.pages[i];
        for priority in reading(i).map_or(&[][..], |r| &r.priorities) {
            priorities += 1;
            let mut whole = true;
            for (s, coverage) in priority.stages.iter().enumerate().take(stages.len()) {
                let status = coverage.status();
                counts[s][STATUSES.iter().position(|&x| x == status).unwrap_or(3)] += 1;
                if is_gap(status) {
                    whole = false;
                    gap_totals[s] += 1;
                    if gaps[s].len() < LINKS {
                        gaps[s].push(Link {
                            title: &priority.title,
                            plan: (!priority.whole).then_some(page.title.as_str()),
                            url: match &priority.anchor {
                                Some(a) => format!("{}#{a}", page.url),
                                None => page.url.clone(),
                            },
                        });
                    }
                }
            }
            complete += usize::from(whole);
        }
    }
    let stage_rows = stages
        .iter()
        .zip(counts)
        .zip(gaps.into_iter().zip(gap_totals))
        .map(|((stage, counts), (gaps, total))| stage_row(stage, lang, counts, gaps, total))
        .collect();

    let groups = vec![
        group(site, report, &plans, "phenomena", lang),
        group(site, report, &plans, "communes", lang),
        group(site, report, &plans, "plan_type", lang),
    ];
    Value::from_serializable(&DashboardValue {
        plans: plans.len(),
        priorities,
        complete,
        complete_share: percent(complete, priorities),
        stages: stage_rows,
        groups: groups.into_iter().filter(|g| !g.rows.is_empty()).collect(),
    })
}

fn stage_row<'a>(
    stage: &'a Stage,
    lang: &str,
    counts: [usize; 4],
    gaps: Vec<Link<'a>>,
    gap_total: usize,
) -> StageRow<'a> {
    let all: usize = counts.iter().sum();
    let mut offset = 0.0;
    let segments = STATUSES
        .iter()
        .zip(counts)
        .map(|(status, count)| {
            let share = percent(count, all);
            let segment = Segment {
                status: status.as_str(),
                count,
                share,
                offset,
            };
            offset += share;
            segment
        })
        .collect();
    StageRow {
        id: &stage.id,
        name: stage.name_in(lang),
        share: percent(counts[0] + counts[1], all),
        segments,
        more: gap_total - gaps.len(),
        gaps,
    }
}

/// The plans grouped by `name`: a taxonomy's terms, or `plan_type` (`extra.plan_type`).
fn group<'a>(
    site: &'a Site,
    report: &'a Report,
    plans: &[usize],
    name: &'static str,
    lang: &str,
) -> Group<'a> {
    let urls = site.term_urls.get(lang).and_then(|t| t.get(name));
    // label → (term URL, tally)
    let mut rows: BTreeMap<&str, (Option<&str>, Tally)> = BTreeMap::new();
    for &i in plans {
        let page = &site.pages[i];
        let Some(reading) = report.readings[i].as_ref() else {
            continue;
        };
        let mut labels: Vec<&str> = if name == "plan_type" {
            page.meta
                .extra
                .get("plan_type")
                .and_then(|v| v.as_str())
                .into_iter()
                .collect()
        } else {
            page.meta
                .taxonomies
                .get(name)
                .map(|terms| terms.iter().map(|t| t.trim()).collect())
                .unwrap_or_default()
        };
        labels.retain(|l| !l.is_empty());
        labels.sort_unstable();
        labels.dedup();
        // A priority counts for the phenomena its title names (as the checker matches words:
        // whole words, accents and case folded), else for all the plan's.
        let phenomena = name == "phenomena";
        let folded: Vec<String> = labels
            .iter()
            .filter(|_| phenomena)
            .map(|l| fold(l))
            .collect();
        for priority in &reading.priorities {
            let title = if phenomena {
                fold(&priority.title)
            } else {
                String::new()
            };
            let named: Vec<usize> = (0..folded.len())
                .filter(|&l| !folded[l].trim().is_empty() && title.contains(&folded[l]))
                .collect();
            let chosen = if named.is_empty() {
                (0..labels.len()).collect()
            } else {
                named
            };
            for l in chosen {
                let label = labels[l];
                let (_, tally) = rows.entry(label).or_insert_with(|| {
                    let url = urls
                        .and_then(|u| u.get(&crate::slug::slugify(label)))
                        .map(String::as_str);
                    let tally = Tally {
                        gaps: vec![0; report.stages.len()],
                        ..Tally::default()
                    };
                    (url, tally)
                });
                if tally.plans.last() != Some(&i) {
                    tally.plans.push(i);
                }
                tally.priorities += 1;
                let mut whole = true;
                for (s, c) in priority.stages.iter().enumerate().take(tally.gaps.len()) {
                    if is_gap(c.status()) {
                        tally.gaps[s] += 1;
                        whole = false;
                    }
                }
                tally.complete += usize::from(whole);
            }
        }
    }
    let mut rows: Vec<GroupRow> = rows
        .into_iter()
        .map(|(label, (url, tally))| GroupRow {
            label,
            url,
            more: tally.plans.len().saturating_sub(LINKS),
            plans: tally
                .plans
                .iter()
                .take(LINKS)
                .map(|&i| Link {
                    title: &site.pages[i].title,
                    plan: None,
                    url: site.pages[i].url.clone(),
                })
                .collect(),
            priorities: tally.priorities,
            complete: tally.complete,
            share: percent(tally.complete, tally.priorities),
            gaps: tally.gaps,
        })
        .collect();
    rows.sort_by(|a, b| {
        a.share
            .total_cmp(&b.share)
            .then(b.priorities.cmp(&a.priorities))
    });
    Group {
        name,
        charted: rows.len().min(CHARTED),
        rows,
    }
}
