//! The Concord server: settings from the environment, logging, the HTTP stack around the app,
//! and the command-line tasks. `main.rs` only parses the command line and calls in here.

pub mod audit_export;
/// The command line: `serve`, `migrate`, `create-admin`, `demo`.
pub mod cli;
/// The spreadsheet exports of the dashboard's selection (`GET /export/…`).
pub mod exports;
pub mod files;
/// One-click unsubscribe from notifications by email (`POST /mail/one-click`).
pub mod one_click;
/// Conditional requests for the public page (`ETag`, `Last-Modified`, `304`).
pub mod revalidation;
/// Request hygiene: CSRF refusal of cross-site posts, security headers, caching rules.
pub mod security;
/// The demonstration data set and the national-scale generator (`concord demo`,
/// `concord generate`), also loaded by the tests and benchmarks.
pub mod seed;
/// Typed settings read from the environment.
pub mod settings;
/// The router, the session layer, `/health`, and serving.
pub mod startup;
/// Structured logs.
pub mod telemetry;
pub mod warning_files;
