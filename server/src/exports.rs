//! The export downloads, `GET /export/{dataset}.{csv|xlsx}?from=…&to=…&region=…&kind=…&
//! category=…&objective=…&lang=…`: the dashboard's filter (for signals and cases: the days and
//! the region) in the query string, the headings
//! and labels in `lang` (else the interface language). Plain links, so they work without
//! JavaScript; the file streams out as the database gives its rows.

use crate::files::refusal_page;
use app::backend::{
    audit::{self, Who},
    auth, export,
    rate_limit::{self, Costly},
    state::AppState,
};
use app::domain::{
    audit::AuditKind, dashboard::export::parse_file, dashboard::figures::DashboardFilter,
    evidence::attachment_header,
};
use app::error::AppError;
use app::i18n::{Lang, lang_of_headers};
use axum::{
    Router,
    body::Body,
    extract::{ConnectInfo, Path, Query},
    http::{HeaderMap, HeaderValue, header},
    response::{IntoResponse, Response},
    routing::get,
};
use futures::StreamExt;
use std::{collections::HashMap, net::SocketAddr};
use tower_sessions::Session;

/// The export route.
pub fn routes(state: AppState) -> Router {
    Router::new().route(
        "/export/{file}",
        get(move |path, query, headers, peer, session| {
            download(state.clone(), path, query, headers, peer, session)
        }),
    )
}

/// The language a download is written in: `lang` in its query, else the interface language.
pub(crate) fn query_lang(query: &HashMap<String, String>, headers: &HeaderMap) -> Lang {
    query
        .get("lang")
        .and_then(|code| Lang::parse(code))
        .unwrap_or_else(|| lang_of_headers(headers))
}

/// The headers of a file download named `name`: its type, offered as an attachment, never
/// cached.
pub(crate) fn attachment(
    name: &str,
    media_type: &'static str,
) -> [(header::HeaderName, HeaderValue); 3] {
    let disposition = HeaderValue::from_str(&attachment_header(name))
        .unwrap_or_else(|_| HeaderValue::from_static("attachment"));
    [
        (header::CONTENT_TYPE, HeaderValue::from_static(media_type)),
        (header::CONTENT_DISPOSITION, disposition),
        (
            header::CACHE_CONTROL,
            HeaderValue::from_static("private, no-store"),
        ),
    ]
}

async fn download(
    state: AppState,
    Path(file): Path<String>,
    Query(query): Query<HashMap<String, String>>,
    headers: HeaderMap,
    ConnectInfo(peer): ConnectInfo<SocketAddr>,
    session: Session,
) -> Response {
    let lang = query_lang(&query, &headers);
    let Some((dataset, format)) = parse_file(&file) else {
        return refusal_page(AppError::NotFound, lang);
    };
    let permit = match auth::require_in(&state, &session, dataset.action()).await {
        Ok(permit) => permit,
        Err(error) => return refusal_page(error, lang),
    };
    let address = auth::address_of(state.rules.trust_forwarded_for, &headers, Some(peer));
    if let Err(error) =
        rate_limit::check(&state, Costly::Export, Some(permit.me().user_id), &address).await
    {
        return refusal_page(error, lang);
    }
    let filter = DashboardFilter::parse(|name| query.get(name).cloned());
    let download = match export::export(&state, &permit, &filter, dataset, format, lang).await {
        Ok(download) => download,
        Err(error) => return refusal_page(error, lang),
    };
    let mut entry = Who::user(permit.me(), address).entry(AuditKind::Export);
    entry.detail = format!("{file}?{}", filter.to_query());
    if let Err(error) = audit::record(&state, entry).await {
        return refusal_page(error, lang);
    }
    (
        attachment(&download.file_name, download.media_type),
        // Fused: a compressing layer may ask once more after the end.
        Body::from_stream(
            futures::stream::unfold(download.chunks, |mut chunks| async move {
                chunks.recv().await.map(|chunk| (chunk, chunks))
            })
            .fuse(),
        ),
    )
        .into_response()
}
