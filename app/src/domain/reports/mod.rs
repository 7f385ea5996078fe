//! Progress reports on tasks: their life, the reporting calendar, the form, the list's filter
//! and what the report pages are sent.

/// The report list's filter and keyset cursor.
pub mod filters;
/// The report form: percent complete, work done, quantity, people reached.
pub mod inputs;
/// The reporting calendar: periods and their submission deadlines.
pub mod periods;
/// Report rows and pages, evidence, history, missing reports, the calendar.
pub mod views;
/// Statuses, the moves between them and who may make each.
pub mod workflow;
