//! Conditional requests for the public page: an anonymous visitor's browser (or a proxy) that
//! already holds the page gets `304 Not Modified` while the figures it shows are the ones kept
//! (see `app::backend::public`), without the page being drawn again. The validator names the
//! figures' reading time, the page's language and the build, so a new reading, another language
//! or a new release is a new page. Visitors with a session get their page afresh (`no-store`).

use app::backend::{public::MAX_AGE, state::AppState};
use axum::{
    body::Body,
    extract::{Request, State},
    http::{HeaderMap, HeaderValue, StatusCode, header},
    middleware::Next,
    response::{IntoResponse, Response},
};
use std::time::SystemTime;
use time::OffsetDateTime;

/// The path whose answers carry validators.
const PUBLIC: &str = "/public";

/// What a browser may do with the page: keep it, but ask before each use.
const CACHE_CONTROL: &str = "public, no-cache";

/// The build's identity: the hashes in the site's asset names (which a page refers to), or the
/// version when the assets carry none.
fn build() -> &'static str {
    static BUILD: std::sync::OnceLock<String> = std::sync::OnceLock::new();
    BUILD.get_or_init(|| {
        let hashes = std::env::current_exe()
            .ok()
            .and_then(|exe| std::fs::read_to_string(exe.with_file_name("hash.txt")).ok())
            .unwrap_or_default();
        let digest = hashes.bytes().fold(0xcbf2_9ce4_8422_2325_u64, |h, b| {
            (h ^ u64::from(b)).wrapping_mul(0x0100_0000_01b3)
        });
        format!("{}.{digest:x}", env!("CARGO_PKG_VERSION"))
    })
}

/// The validator of the page read at `at` in `lang`.
fn etag(at: OffsetDateTime, lang: &str) -> String {
    format!("\"{lang}-{}-{}\"", at.unix_timestamp(), build())
}

fn http_date(at: OffsetDateTime) -> String {
    httpdate::fmt_http_date(SystemTime::from(at))
}

/// Whether the request's validators say the browser's copy is the current one.
fn unchanged(headers: &HeaderMap, etag: &str, at: OffsetDateTime) -> bool {
    if let Some(tags) = headers.get(header::IF_NONE_MATCH) {
        let tags = tags.to_str().unwrap_or("");
        return tags
            .split(',')
            .map(|t| t.trim().trim_start_matches("W/"))
            .any(|t| t == etag || t == "*");
    }
    headers
        .get(header::IF_MODIFIED_SINCE)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| httpdate::parse_http_date(v).ok())
        .is_some_and(|since| SystemTime::from(at) <= since)
}

fn validators(headers: &mut HeaderMap, etag: &str, at: OffsetDateTime) {
    let pairs = [
        (header::ETAG, etag.to_owned()),
        (header::LAST_MODIFIED, http_date(at)),
        (header::CACHE_CONTROL, CACHE_CONTROL.to_owned()),
        (header::VARY, "Cookie, Accept-Language".to_owned()),
    ];
    for (name, value) in pairs {
        if let Ok(value) = HeaderValue::from_str(&value) {
            headers.insert(name, value);
        }
    }
}

/// Answers a revalidation of the public page with 304 when the figures are unchanged, and gives
/// a fresh page its validators.
pub async fn public_page(
    State((state, cookie_name)): State<(AppState, &'static str)>,
    request: Request<Body>,
    next: Next,
) -> Response {
    let anonymous = request.uri().path() == PUBLIC
        && matches!(*request.method(), http::Method::GET | http::Method::HEAD)
        && !crate::security::has_cookie(request.headers(), cookie_name);
    if !anonymous {
        return next.run(request).await;
    }
    let lang = app::i18n::lang_of_headers(request.headers()).code();
    let kept = state.public_read_at(MAX_AGE).await;
    if let Some(at) = kept {
        let etag = etag(at, lang);
        if unchanged(request.headers(), &etag, at) {
            let mut response = StatusCode::NOT_MODIFIED.into_response();
            validators(response.headers_mut(), &etag, at);
            return response;
        }
    }
    let mut response = next.run(request).await;
    // The page is drawn from the figures kept; validators only when it is certain which.
    let drawn_from = state.public_read_at(MAX_AGE).await;
    if response.status() == StatusCode::OK
        && let Some(at) = drawn_from
        && (kept.is_none() || kept == drawn_from)
    {
        validators(response.headers_mut(), &etag(at, lang), at);
    }
    response
}

#[cfg(test)]
mod tests {
    use super::*;

    fn with(name: header::HeaderName, value: &str) -> HeaderMap {
        let mut headers = HeaderMap::new();
        headers.insert(name, HeaderValue::from_str(value).expect("value"));
        headers
    }

    #[test]
    fn an_etag_matches_itself_weak_or_strong_and_in_a_list() {
        let at = time::macros::datetime!(2026-11-28 10:00:00 UTC);
        let tag = etag(at, "ky");
        assert!(unchanged(&with(header::IF_NONE_MATCH, &tag), &tag, at));
        assert!(unchanged(
            &with(header::IF_NONE_MATCH, &format!("\"x\", W/{tag}")),
            &tag,
            at
        ));
        assert!(!unchanged(
            &with(header::IF_NONE_MATCH, &etag(at, "ru")),
            &tag,
            at
        ));
        let later = at + time::Duration::minutes(5);
        assert!(!unchanged(
            &with(header::IF_NONE_MATCH, &tag),
            &etag(later, "ky"),
            later
        ));
    }

    #[test]
    fn a_date_validator_is_honoured_only_without_an_etag() {
        let at = time::macros::datetime!(2026-11-28 10:00:00 UTC);
        let tag = etag(at, "en");
        assert!(unchanged(
            &with(header::IF_MODIFIED_SINCE, &http_date(at)),
            &tag,
            at
        ));
        assert!(!unchanged(
            &with(
                header::IF_MODIFIED_SINCE,
                &http_date(at - time::Duration::seconds(1))
            ),
            &tag,
            at
        ));
    }
}
