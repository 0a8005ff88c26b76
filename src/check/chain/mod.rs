//! The security chain: its model (data), text matching, the outline of a plan, and the reading
//! of a plan.

pub(crate) mod acts;
pub(crate) mod analysis;
pub(crate) mod heads;
pub(crate) mod label;
pub(crate) mod model;
pub(crate) mod outline;
mod subject;
pub(crate) mod table;
pub(crate) mod text;
pub(crate) mod words;

pub(crate) use analysis::{Evidence, PlanReading, Priority, Status, read_plan};
pub(crate) use model::{ChainModel, Stage};
