//! Reusable pieces of pages.

pub mod charts;
pub mod form;
pub mod layout;
pub mod outcome;
pub mod passkeys;
pub mod route;
pub mod switches;
