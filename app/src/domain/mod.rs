//! The domain, shared by the server and the browser, with no I/O: identifiers, roles and the
//! permission policy, parsers that turn raw form input into valid values, and the view types
//! that server functions return. Each concept has its folder (its life, its form, its list
//! filter, what its pages are sent); what several concepts share sits at this level.

pub mod activities;
pub mod audit;
pub mod dashboard;
pub mod early_warning;
pub mod evidence;
pub mod filters;
pub mod ids;
pub mod indicators;
pub mod inputs;
pub mod notifications;
pub mod numbers;
pub mod onboarding;
pub mod password;
pub mod policy;
pub mod public;
pub mod reports;
pub mod roles;
pub mod security;
pub mod substances;
pub mod tasks;
pub mod views;
