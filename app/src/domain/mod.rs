//! The domain, shared by the server and the browser, with no I/O: identifiers, roles and the
//! permission policy, parsers that turn raw form input into valid values, and the view types
//! that server functions return.

pub mod activities;
pub mod activity_inputs;
pub mod activity_views;
pub mod dashboard;
pub mod evidence;
pub mod export;
pub mod filters;
pub mod ids;
pub mod indicator_inputs;
pub mod indicator_views;
pub mod indicators;
pub mod inputs;
pub mod map;
pub mod numbers;
pub mod outline;
pub mod password;
pub mod periods;
pub mod policy;
pub mod public;
pub mod report_filters;
pub mod report_inputs;
pub mod report_views;
pub mod reports;
pub mod roles;
pub mod scorecards;
pub mod task_fields;
pub mod task_filters;
pub mod task_inputs;
pub mod task_views;
pub mod views;
pub mod workflow;
