//! Structured logs with `tracing`: human-readable by default, JSON when `CONCORD_LOG_FORMAT=json`;
//! the level comes from `RUST_LOG` (default `info`). Each request gets a span with its id and,
//! once known, the user's id; no secrets, cookies or session ids are logged.

use tracing_subscriber::{EnvFilter, fmt, prelude::*};

pub fn init(format: crate::settings::LogFormat) {
    let filter = EnvFilter::try_from_default_env()
        .unwrap_or_else(|_| EnvFilter::new("info,sqlx=warn,tower_sessions=warn,leptos=warn"));
    let json = format == crate::settings::LogFormat::Json;
    let registry = tracing_subscriber::registry().with(filter);
    let result = if json {
        registry
            .with(fmt::layer().json().with_current_span(true))
            .try_init()
    } else {
        registry.with(fmt::layer().with_target(false)).try_init()
    };
    // A second initialisation (tests) is harmless.
    let _ = result;
}

/// Runs the rest of the request inside a `user` span carrying the session's user id (never the
/// session id), so every event logged for a logged-in user says who it was.
pub async fn record_user(
    request: axum::extract::Request,
    next: axum::middleware::Next,
) -> axum::response::Response {
    use tracing::Instrument;
    let user_id = match request.extensions().get::<tower_sessions::Session>() {
        Some(session) => session
            .get::<i64>(app::backend::auth::USER_ID)
            .await
            .ok()
            .flatten(),
        None => None,
    };
    match user_id {
        Some(user_id) => {
            next.run(request)
                .instrument(tracing::info_span!("user", user_id))
                .await
        }
        None => next.run(request).await,
    }
}
