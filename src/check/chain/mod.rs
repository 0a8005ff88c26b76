//! The security chain: its model (data), text matching, the outline of a plan, and the reading
//! of a plan.

pub mod acts;
pub mod analysis;
pub mod heads;
pub(crate) mod label;
pub mod model;
pub mod outline;
mod subject;
pub mod table;
pub mod text;
pub mod words;

pub use analysis::{Evidence, PlanReading, Priority, StageCoverage, Status, read_plan};
pub use model::{ChainConfig, ChainModel, Stage, StageExtension, StageSpec};
