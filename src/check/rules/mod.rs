//! The checks that read a page closely, one file each, each paired with its rule in the
//! registry (`crate::rule`), which holds every rule's id, severity and text. The other rules
//! (links, front matter, templates) are found by the stage that sees the problem.

mod chain_empty_stage;
mod chain_inferred_stage;
mod chain_missing_stage;
mod plan_front_matter;

use crate::diagnostic::Diagnostic;
use crate::rule::{self, Rule};

use super::PageCheck;

/// A page rule: reads one page, pushes its findings.
pub(crate) type Check = fn(&PageCheck<'_>, &mut Vec<Diagnostic>);

/// The page checks, each with its rule, run in this order on every page.
pub(crate) const CHECKS: &[(&Rule, Check)] = &[
    (&rule::CHAIN_EMPTY_STAGE, chain_empty_stage::check),
    (&rule::CHAIN_INFERRED_STAGE, chain_inferred_stage::check),
    (&rule::CHAIN_MISSING_STAGE, chain_missing_stage::check),
    (&rule::PLAN_FRONT_MATTER, plan_front_matter::check),
];
