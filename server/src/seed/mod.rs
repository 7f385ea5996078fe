//! Data that Concord makes for itself, never for production use, always marked as demo: the
//! demonstration data set (a believable year of work by the demo accounts) and the generator
//! of a national-scale data set for benchmarks. Both go through the same service and data
//! functions as the pages, so what they make obeys the same rules.

/// The demo accounts, organisations, indicators and activities, and the loading order.
pub mod demo;
/// The demo reports: a history of periods reported, returned, resubmitted and accepted.
pub mod demo_progress;
/// The demo's substances in the register of new psychoactive substances.
pub mod demo_substances;
/// The demo tasks, each walked to its status through the workflow's own moves.
pub mod demo_tasks;
/// The demo early-warning system: signals, and a case at each stage of the pipeline.
pub mod demo_warning;
/// The national data set: every municipality's body with tasks, reports and activities.
pub mod generate;
/// The national data set's reports, indicator values and activities.
pub mod generate_progress;
/// The national data set's early-warning system: substances, signals and cases.
pub mod generate_warning;
