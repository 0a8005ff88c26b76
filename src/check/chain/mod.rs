//! The security chain: its model (data), text matching, and the reading of a plan.

pub mod analysis;
pub mod model;
pub mod text;

pub use analysis::{Evidence, PlanReading, Priority, StageCoverage, Status, read_plan};
pub use model::{ChainConfig, ChainModel, Stage, StageExtension, StageSpec};
