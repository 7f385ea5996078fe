//! Tasks the coordinating body assigns: their life, how they are described, the form, the
//! list's filter and what the task pages are sent.

/// The closed lists a task is described with: category, priority, coverage, enforcement focus.
pub mod fields;
/// The task list's filter, sort and keyset cursor.
pub mod filters;
/// The task form, a move with its note, a comment, and calendar dates.
pub mod inputs;
/// List rows, the task page, the inbox.
pub mod views;
/// Statuses, the moves between them and who may make each.
pub mod workflow;
