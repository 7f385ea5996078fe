//! Server functions, one file per area. Each is thin: who is asking (through
//! `backend::auth::require`, which asks the policy), what they sent (parsed into domain types),
//! and one call into the server's services or data layer.

pub mod account;
pub mod activities;
pub mod audit;
pub mod dashboard;
pub mod early_warning;
pub mod framework;
pub mod indicators;
pub mod notifications;
pub mod organizations;
pub mod passkeys;
pub mod public;
pub mod reports;
pub mod scorecards;
pub mod security;
pub mod substances;
pub mod tasks;
pub mod users;

/// A path on this site to go to after logging in, or `/` for anything else (no open redirects).
///
/// Only a same-origin path is followed: browsers drop tabs and newlines from URLs and read a
/// backslash as a slash, so `/<TAB>/evil.example` or `/\evil.example` would become
/// `//evil.example`. Anything holding control characters, whitespace or backslashes is refused,
/// and what is left must still name this site once resolved against it.
#[cfg(feature = "ssr")]
pub fn safe_next(next: &str) -> &str {
    const SITE: &str = "https://concord.invalid/";
    let plain = next.starts_with('/')
        && !next.starts_with("//")
        && !next.starts_with("/api/")
        && !next
            .chars()
            .any(|c| c.is_control() || c.is_whitespace() || c == '\\');
    let same_site = plain
        && url::Url::parse(SITE)
            .and_then(|site| site.join(next))
            .is_ok_and(|target| {
                target.scheme() == "https"
                    && target.host_str() == Some("concord.invalid")
                    && target.port().is_none()
                    && target.username().is_empty()
                    && target.password().is_none()
            });
    if same_site { next } else { "/" }
}

/// Sets a response cookie (server only).
#[cfg(feature = "ssr")]
pub(crate) fn set_cookie(value: String) {
    use http::{HeaderValue, header::SET_COOKIE};
    if let (Some(response), Ok(value)) = (
        leptos::prelude::use_context::<leptos_axum::ResponseOptions>(),
        HeaderValue::from_str(&value),
    ) {
        response.append_header(SET_COOKIE, value);
    }
}

/// Remembers the interface language in a cookie for a year.
#[cfg(feature = "ssr")]
pub(crate) fn remember_language(lang: crate::i18n::Lang) {
    let secure = crate::backend::state::state()
        .map(|s| s.rules.secure_cookies)
        .unwrap_or(false);
    set_cookie(format!(
        "{}={}; Path=/; Max-Age=31536000; SameSite=Lax{}",
        crate::i18n::LANG_COOKIE,
        lang.code(),
        if secure { "; Secure" } else { "" }
    ));
}

#[cfg(all(test, feature = "ssr"))]
mod tests {
    use super::safe_next;

    #[test]
    fn only_local_paths_are_followed_after_login() {
        assert_eq!(
            safe_next("/organizations?kind=ngo"),
            "/organizations?kind=ngo"
        );
        assert_eq!(safe_next("//evil.example"), "/");
        assert_eq!(safe_next("/\\evil.example"), "/");
        assert_eq!(safe_next("https://evil.example"), "/");
        assert_eq!(safe_next("/api/logout"), "/");
        assert_eq!(safe_next(""), "/");
        // What browsers turn into another site: tabs, newlines and backslashes anywhere.
        for hostile in [
            "/\t/evil.example",
            "/\n/evil.example",
            "/\r\n/evil.example",
            "/ /evil.example",
            "\t//evil.example",
            "/\\/evil.example",
            "/tasks\\..\\..\\evil",
            "/\u{0}/evil.example",
            "/\u{a0}/evil.example",
            " /tasks",
        ] {
            assert_eq!(safe_next(hostile), "/", "{hostile:?}");
        }
        assert_eq!(safe_next("/tasks?q=a%20b"), "/tasks?q=a%20b");
        assert_eq!(safe_next("/%2F%2Fevil.example"), "/%2F%2Fevil.example");
    }
}
