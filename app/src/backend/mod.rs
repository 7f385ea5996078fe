//! Everything that runs only on the server: application state, the database (all SQL lives in
//! `db`), sessions and the current user, password hashing, login throttling, and the services
//! that do multi-step work.

pub mod accounts;
pub mod activities;
pub mod audit;
pub mod auth;
pub mod cache;
pub mod cases;
pub mod csp;
pub mod dashboard;
pub mod db;
pub mod evidence;
pub mod export;
pub mod indicators;
pub mod mail;
pub mod notifications;
pub mod onboarding;
pub mod organizations;
pub mod passkeys;
pub mod passwords;
pub mod public;
pub mod rate_limit;
pub mod reminders;
pub mod reports;
pub mod scorecards;
pub mod second_factor;
pub mod session_store;
pub mod signals;
pub mod spreadsheet;
pub mod state;
pub mod substances;
pub mod tasks;
pub mod throttle;
pub mod totp;

/// Whether the request this code runs for has ended: its context (which every request's
/// render and server function has, holding the request's head) is gone.
pub fn request_ended() -> bool {
    leptos::prelude::use_context::<http::request::Parts>().is_none()
}

/// The language of the current request (the one its pages are printed in), for reading what
/// its user typed; Russian outside a request.
pub fn request_lang() -> crate::i18n::Lang {
    leptos::prelude::use_context::<http::request::Parts>()
        .map(|parts| crate::i18n::lang_of_headers(&parts.headers))
        .unwrap_or_default()
}

/// Text for HTML written by hand (messages, the multipart forms' fallback pages): `<`, `>`, `&`
/// and quotes escaped.
pub fn escape_html(text: &str) -> String {
    text.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;")
}

/// The current moment in UTC, truncated to whole seconds (the way timestamps are stored).
pub fn now() -> time::OffsetDateTime {
    time::OffsetDateTime::now_utc()
        .replace_nanosecond(0)
        .unwrap_or_else(|_| time::OffsetDateTime::now_utc())
}

/// Today's calendar date in Bishkek (UTC+6), which deadlines are counted in.
pub fn today() -> time::Date {
    time::OffsetDateTime::now_utc()
        .to_offset(crate::i18n::BISHKEK)
        .date()
}
