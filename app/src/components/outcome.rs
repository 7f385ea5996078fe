//! What a page shows when its data cannot be had: a login redirect for anonymous visitors, the
//! password page for one-time passwords, and 403, 404 or error pages with the right status.

use crate::error::AppError;
use crate::i18n::use_texts;
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::{components::Redirect, hooks::use_location};

/// Asks the client to wait `seconds` before trying again (`Retry-After`), during server
/// rendering.
pub fn set_retry_after(seconds: u64) {
    #[cfg(feature = "ssr")]
    if let (Some(response), Ok(value)) = (
        use_context::<leptos_axum::ResponseOptions>(),
        http::HeaderValue::from_str(&seconds.to_string()),
    ) {
        response.insert_header(http::header::RETRY_AFTER, value);
    }
    #[cfg(not(feature = "ssr"))]
    let _ = seconds;
}

/// Sets the response status during server rendering.
pub fn set_status(status: u16) {
    #[cfg(feature = "ssr")]
    if let (Some(response), Ok(code)) = (
        use_context::<leptos_axum::ResponseOptions>(),
        http::StatusCode::from_u16(status),
    ) {
        response.set_status(code);
    }
    #[cfg(not(feature = "ssr"))]
    let _ = status;
}

/// The view for a failed page load.
pub fn error_view(error: AppError) -> AnyView {
    match error {
        AppError::Unauthenticated => {
            let location = use_location();
            let here = format!(
                "{}{}",
                location.pathname.get_untracked(),
                location.search.get_untracked()
            );
            let search = if here.is_empty() || here == "/" {
                String::new()
            } else {
                format!("?next={}", crate::domain::filters::encode_path(&here))
            };
            // A page request is a navigation: answer it with a real 302 even when the client
            // did not say it accepts HTML.
            set_status(302);
            view! { <Redirect path=format!("/login{search}")/> }.into_any()
        }
        AppError::PasswordChangeRequired => {
            set_status(302);
            view! { <Redirect path="/account"/> }.into_any()
        }
        AppError::SecondFactorRequired => {
            set_status(302);
            view! { <Redirect path="/account/second-factor"/> }.into_any()
        }
        AppError::Forbidden => view! { <ForbiddenPage/> }.into_any(),
        AppError::NotFound => view! { <NotFound/> }.into_any(),
        other => {
            set_status(other.status());
            if let Some(wait) = other.retry_after() {
                set_retry_after(wait);
            }
            let t = use_texts();
            view! { <p class="form-alert" role="alert">{other.message(t)}</p> }.into_any()
        }
    }
}

#[component]
pub fn ForbiddenPage() -> impl IntoView {
    set_status(403);
    let t = use_texts();
    view! {
        <Title text=t.forbidden_title/>
        <section class="status-page">
            <h1>{t.forbidden_title}</h1>
            <p>{t.forbidden_body}</p>
            <p><a href="/">{t.go_home}</a></p>
        </section>
    }
}

#[component]
pub fn NotFound() -> impl IntoView {
    set_status(404);
    let t = use_texts();
    view! {
        <Title text=t.not_found_title/>
        <section class="status-page">
            <h1>{t.not_found_title}</h1>
            <p>{t.not_found_body}</p>
            <p><a href="/">{t.go_home}</a></p>
        </section>
    }
}

#[cfg(test)]
mod tests {
    use crate::domain::filters::encode_path as encode_component;

    #[test]
    fn next_paths_are_encoded() {
        assert_eq!(
            encode_component("/users?role=observer&q=ош"),
            "/users%3Frole%3Dobserver%26q%3D%D0%BE%D1%88"
        );
    }
}
