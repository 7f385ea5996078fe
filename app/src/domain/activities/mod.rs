//! Civil-society activities logged by NGOs and other organisations.

/// The activity form.
pub mod inputs;
/// Kinds of activity, the groups they reach, and their verification.
pub mod kinds;
/// The list, an activity's page, and what the form offers.
pub mod views;
