//! The audit log's download, `GET /audit.csv?person=…&organization=…&kind=…&from=…&to=…&lang=…`
//! (administrators): what the page's filter finds, newest first, as CSV in the chosen
//! language. The download is itself written in the log.

use crate::exports::{attachment, query_lang};
use crate::files::refusal_page;
use app::backend::{audit, auth, state::AppState};
use app::domain::{
    audit::{AuditFilter, csv},
    policy::Action,
};
use axum::{
    Router,
    extract::{ConnectInfo, Query},
    http::HeaderMap,
    response::{IntoResponse, Response},
    routing::get,
};
use std::{collections::HashMap, net::SocketAddr};
use tower_sessions::Session;

/// The download route.
pub fn routes(state: AppState) -> Router {
    Router::new().route(
        "/audit.csv",
        get(move |query, headers, peer, session| {
            download(state.clone(), query, headers, peer, session)
        }),
    )
}

async fn download(
    state: AppState,
    Query(query): Query<HashMap<String, String>>,
    headers: HeaderMap,
    ConnectInfo(peer): ConnectInfo<SocketAddr>,
    session: Session,
) -> Response {
    let lang = query_lang(&query, &headers);
    let permit = match auth::require_in(&state, &session, Action::ViewAudit).await {
        Ok(permit) => permit,
        Err(error) => return refusal_page(error, lang),
    };
    let address = auth::address_of(state.rules.trust_forwarded_for, &headers, Some(peer));
    let filter = AuditFilter::parse(|name| query.get(name).cloned());
    let entries = match audit::export(&state, &permit, &filter, &address, lang).await {
        Ok(entries) => entries,
        Err(error) => return refusal_page(error, lang),
    };
    let name = format!("audit-{}.csv", app::backend::today());
    (
        attachment(&name, "text/csv; charset=utf-8"),
        csv(&entries, lang.texts()),
    )
        .into_response()
}
