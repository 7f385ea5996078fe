//! The national early-warning system for new psychoactive substances, after the register
//! (`domain::substances`): signals (first information), and cases that take them through
//! primary data, criteria-based assessment and decision.

pub mod cases;
pub mod figures;
pub mod kinds;
pub mod personal;
pub mod signals;
pub mod views;
pub mod workflow;
