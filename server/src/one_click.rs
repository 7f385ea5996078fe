//! One-click unsubscribe (RFC 8058): the address in a message's `List-Unsubscribe` header. A
//! mail client POSTs `List-Unsubscribe=One-Click` to it and the kind of message stops, with no
//! login and no page; a person who opens it in a browser is sent to the page that asks first.
//! The signature in the address is what proves it came from the message.

use app::backend::state::AppState;
use axum::{
    Router,
    extract::{Query, RawQuery, State},
    http::StatusCode,
    response::{IntoResponse, Redirect, Response},
    routing::get,
};
use serde::Deserialize;

#[derive(Deserialize)]
struct Link {
    user: i64,
    kind: String,
    sig: String,
}

pub fn routes(state: AppState) -> Router {
    Router::new()
        .route("/mail/one-click", get(open).post(stop))
        .with_state(state)
}

async fn open(RawQuery(query): RawQuery) -> Redirect {
    Redirect::to(&format!("/mail/unsubscribe?{}", query.unwrap_or_default()))
}

async fn stop(
    State(state): State<AppState>,
    link: Result<Query<Link>, axum::extract::rejection::QueryRejection>,
) -> Response {
    let Ok(Query(link)) = link else {
        return StatusCode::BAD_REQUEST.into_response();
    };
    match app::backend::notifications::unsubscribe(&state, link.user, &link.kind, &link.sig).await {
        Ok(()) => (StatusCode::OK, "unsubscribed").into_response(),
        Err(app::error::AppError::NotFound) => StatusCode::NOT_FOUND.into_response(),
        Err(error) => {
            tracing::error!(%error, "one-click unsubscribe failed");
            StatusCode::SERVICE_UNAVAILABLE.into_response()
        }
    }
}
