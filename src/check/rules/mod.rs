//! The checks that read a page closely, one file each, each naming its rule in the registry
//! (`crate::rule`), which holds every rule's id, severity and text. The other rules
//! (links, front matter, templates) are found by the stage that sees the problem.

mod chain_empty_stage;
mod chain_inferred_stage;
mod chain_missing_stage;
mod plan_front_matter;

use crate::diagnostic::Diagnostic;

use super::PageCheck;

/// A page rule: reads one page, pushes its findings.
pub(crate) type Check = fn(&PageCheck<'_>, &mut Vec<Diagnostic>);

/// The page checks, run in this order on every page.
pub(crate) const CHECKS: &[Check] = &[
    chain_empty_stage::check,
    chain_inferred_stage::check,
    chain_missing_stage::check,
    plan_front_matter::check,
];
