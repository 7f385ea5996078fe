//! Concord: the web application of the coordinating body for the Kyrgyz Republic's state drug
//! policy. This crate is both the browser's WebAssembly (feature `hydrate`) and the server's
//! library (feature `ssr`); a guided tour:

// Deeply nested views make deep types; release builds of the wasm need the headroom.
#![recursion_limit = "256"]

/// Server functions: the only doors from the browser to the server, one file per area.
pub mod api;
/// `<App/>`, the HTML shell and the route table.
pub mod app;
/// Server-only code: state, database, sessions, passwords, services.
#[cfg(feature = "ssr")]
pub mod backend;
/// Reusable pieces of pages: the layout, form fields with their errors, error pages.
pub mod components;
/// Domain types and rules shared by both targets: ids, roles, the policy, input parsers.
pub mod domain;
/// `AppError`, the one error type.
pub mod error;
/// Kyrgyz, Russian and English texts, and formatting for each language.
pub mod i18n;
/// One component per page.
pub mod pages;

/// Starts the browser side: the page is the server's; only its islands come to life.
#[cfg(feature = "hydrate")]
#[wasm_bindgen::prelude::wasm_bindgen]
pub fn hydrate() {
    console_error_panic_hook::set_once();
    leptos::mount::hydrate_islands();
}
