//! Request hygiene around the whole app.
//!
//! Leptos server functions are plain HTTP endpoints with no CSRF defence of their own, so every
//! state-changing request (anything but GET, HEAD, OPTIONS) whose `Sec-Fetch-Site` says it came
//! from another site, or whose `Origin` is not this site, is refused with 403; so is one that
//! carries the session cookie but neither `Origin` nor `Sec-Fetch-Site` (every browser sends
//! one of them, so such a request is not a browser's form). Same-origin fetches and plain HTML
//! form posts carry matching headers and pass. Session cookies are `SameSite=Lax` besides.
//!
//! Every response gets `nosniff`, a referrer policy and a Content-Security-Policy: HTML pages
//! the one from `app::backend::csp` with a nonce minted here per request (the shell stamps the
//! same nonce on the page's scripts), everything else one that allows nothing. Anything
//! answered to a logged-in browser is `Cache-Control: no-store`.

use app::backend::csp::{CspNonce, NON_PAGE_POLICY};
use axum::{
    body::Body,
    extract::Request,
    http::{HeaderMap, HeaderValue, Method, StatusCode, header},
    middleware::Next,
    response::{IntoResponse, Response},
};

/// Whether the request carries the cookie `name`.
pub(crate) fn has_cookie(headers: &HeaderMap, name: &str) -> bool {
    headers
        .get_all(header::COOKIE)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .flat_map(|cookies| cookies.split(';'))
        .any(|c| c.trim().starts_with(&format!("{name}=")))
}

/// Whether a state-changing request with these headers may proceed.
pub fn same_origin(
    method: &Method,
    headers: &HeaderMap,
    public_url: Option<&str>,
    session_cookie: &str,
) -> bool {
    if matches!(*method, Method::GET | Method::HEAD | Method::OPTIONS) {
        return true;
    }
    let get = |name: header::HeaderName| headers.get(name).and_then(|v| v.to_str().ok());
    if get(header::ORIGIN).is_none()
        && !headers.contains_key("sec-fetch-site")
        && has_cookie(headers, session_cookie)
    {
        return false;
    }
    if let Some(site) = headers.get("sec-fetch-site").and_then(|v| v.to_str().ok()) {
        // "none" is a user-initiated navigation (a bookmark), never a cross-site form.
        if !matches!(site, "same-origin" | "none") {
            return false;
        }
    }
    match get(header::ORIGIN) {
        None => true,
        Some(origin) => {
            let origin = origin.trim_end_matches('/');
            match public_url {
                Some(public) => origin.eq_ignore_ascii_case(public.trim_end_matches('/')),
                None => get(header::HOST).is_some_and(|host| {
                    origin.split_once("://").is_some_and(|(scheme, rest)| {
                        matches!(scheme, "http" | "https") && rest.eq_ignore_ascii_case(host)
                    })
                }),
            }
        }
    }
}

/// Refuses cross-site state-changing requests.
pub async fn refuse_cross_site(
    axum::extract::State((public_url, session_cookie)): axum::extract::State<(
        Option<String>,
        &'static str,
    )>,
    request: Request,
    next: Next,
) -> Response {
    if same_origin(
        request.method(),
        request.headers(),
        public_url.as_deref(),
        session_cookie,
    ) {
        return next.run(request).await;
    }
    tracing::warn!(method = %request.method(), path = request.uri().path(), "cross-site request refused");
    (StatusCode::FORBIDDEN, "Cross-site request refused / Запрос с другого сайта отклонён / Башка сайттан келген суроо-талап четке кагылды")
        .into_response()
}

/// Adds the security headers, and `no-store` for logged-in browsers.
pub async fn headers(
    cookie_name: &'static str,
    secure: bool,
    request: Request<Body>,
    next: Next,
) -> Response {
    let has_session = has_cookie(request.headers(), cookie_name);
    // Assets under /pkg/ are named by their content's hash: they never change.
    let static_asset = request.uri().path().starts_with("/pkg/");
    let icon = request.uri().path() == "/favicon.svg";
    let nonce = CspNonce::mint();
    let mut request = request;
    request.extensions_mut().insert(nonce.clone());
    let mut response = next.run(request).await;
    let succeeded = response.status().is_success();
    let not_modified = response.status() == StatusCode::NOT_MODIFIED;
    let is_page = response
        .headers()
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| v.starts_with("text/html"));
    let headers = response.headers_mut();
    headers.insert(
        header::X_CONTENT_TYPE_OPTIONS,
        HeaderValue::from_static("nosniff"),
    );
    headers.insert(
        header::REFERRER_POLICY,
        HeaderValue::from_static("same-origin"),
    );
    headers.insert(header::X_FRAME_OPTIONS, HeaderValue::from_static("DENY"));
    let policy = if is_page {
        HeaderValue::from_str(&nonce.page_policy()).ok()
    } else {
        None
    };
    // A 304 tells the browser to use the page it holds, whose scripts carry that page's nonce:
    // a new policy would block them.
    if !not_modified {
        headers.insert(
            header::CONTENT_SECURITY_POLICY,
            policy.unwrap_or(HeaderValue::from_static(NON_PAGE_POLICY)),
        );
    }
    if secure {
        headers.insert(
            header::STRICT_TRANSPORT_SECURITY,
            HeaderValue::from_static("max-age=31536000"),
        );
    }
    if static_asset && succeeded {
        headers.insert(
            header::CACHE_CONTROL,
            HeaderValue::from_static("public, max-age=31536000, immutable"),
        );
    } else if icon {
        headers
            .entry(header::CACHE_CONTROL)
            .or_insert(HeaderValue::from_static("public, max-age=86400"));
    } else if has_session || response.headers().contains_key(header::SET_COOKIE) {
        response
            .headers_mut()
            .insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    }
    response
}

#[cfg(test)]
mod tests {
    use super::*;

    fn headers(pairs: &[(&'static str, &'static str)]) -> HeaderMap {
        let mut map = HeaderMap::new();
        for (name, value) in pairs {
            map.insert(*name, HeaderValue::from_static(value));
        }
        map
    }

    #[test]
    fn reads_are_never_refused() {
        let cross = headers(&[
            ("sec-fetch-site", "cross-site"),
            ("origin", "https://evil.example"),
        ]);
        assert!(same_origin(&Method::GET, &cross, None, "concord_session"));
    }

    #[test]
    fn cross_site_posts_are_refused() {
        let post = Method::POST;
        assert!(!same_origin(
            &post,
            &headers(&[("sec-fetch-site", "cross-site")]),
            None,
            "concord_session"
        ));
        assert!(!same_origin(
            &post,
            &headers(&[("sec-fetch-site", "same-site")]),
            None,
            "concord_session"
        ));
        assert!(!same_origin(
            &post,
            &headers(&[("origin", "https://evil.example"), ("host", "concord.kg")]),
            None,
            "concord_session"
        ));
        assert!(!same_origin(
            &post,
            &headers(&[("origin", "null"), ("host", "concord.kg")]),
            None,
            "concord_session"
        ));
    }

    #[test]
    fn same_origin_posts_and_plain_clients_pass() {
        let post = Method::POST;
        assert!(same_origin(
            &post,
            &headers(&[
                ("sec-fetch-site", "same-origin"),
                ("origin", "http://127.0.0.1:3000"),
                ("host", "127.0.0.1:3000")
            ]),
            None,
            "concord_session"
        ));
        assert!(same_origin(
            &post,
            &headers(&[
                ("origin", "http://127.0.0.1:3000"),
                ("host", "127.0.0.1:3000")
            ]),
            None,
            "concord_session"
        ));
        assert!(same_origin(
            &post,
            &HeaderMap::new(),
            None,
            "concord_session"
        ));
        // A client that is not a browser, with the session cookie and neither header.
        assert!(!same_origin(
            &post,
            &headers(&[("cookie", "concord_lang=ru; concord_session=abc")]),
            None,
            "concord_session"
        ));
        assert!(same_origin(
            &post,
            &headers(&[("cookie", "concord_lang=ru")]),
            None,
            "concord_session"
        ));
        assert!(same_origin(
            &post,
            &headers(&[
                ("cookie", "concord_session=abc"),
                ("sec-fetch-site", "same-origin")
            ]),
            None,
            "concord_session"
        ));
        assert!(same_origin(
            &post,
            &headers(&[("origin", "https://concord.kg")]),
            Some("https://concord.kg/"),
            "concord_session"
        ));
        assert!(!same_origin(
            &post,
            &headers(&[("origin", "http://concord.kg")]),
            Some("https://concord.kg"),
            "concord_session"
        ));
    }
}
