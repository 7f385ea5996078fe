//! National indicators: the catalogue, entered values and their review, progress.

/// Direction, frequency, breakdowns, value review and progress towards the target.
pub mod catalogue;
/// The catalogue form and the value form.
pub mod inputs;
/// The catalogue, an indicator's page, the form.
pub mod views;
