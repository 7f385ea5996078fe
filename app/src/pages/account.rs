//! My account: who I am, changing my password (forced after a one-time password), my second
//! factor and my sessions.

use crate::api::account::ChangePassword;
use crate::components::{
    form::{FormAlert, Notice, TextField, form_error},
    layout::use_session,
    outcome::error_view,
};
use crate::domain::views::Me;
use crate::error::AppError;
use crate::i18n::{format_datetime, use_lang, use_texts};
use crate::pages::security::AccountSecurity;
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::use_query_map;

#[component]
pub fn AccountPage() -> impl IntoView {
    let t = use_texts();
    let session = use_session();
    view! {
        <Title text=t.account_title/>
        <Suspense fallback=move || view! { <p>{t.loading}</p> }>
            {move || Suspend::new(async move {
                match session.await.map(|info| info.me) {
                    Ok(Some(me)) => view! { <Account me/> }.into_any(),
                    Ok(None) => error_view(AppError::Unauthenticated),
                    Err(error) => error_view(error),
                }
            })}
        </Suspense>
    }
}

#[component]
fn Account(me: Me) -> impl IntoView {
    let t = use_texts();
    let lang = use_lang();
    let query = use_query_map();
    let change = ServerAction::<ChangePassword>::new();
    let error = form_error(change);
    let done = Signal::derive(move || match query.read().get("done").as_deref() {
        Some("password") => Some(t.password_changed),
        Some("session") => Some(t.security.session_ended),
        Some("second-factor-off") => Some(t.security.turned_off),
        Some("passkey") => Some(t.security.passkey_registered),
        Some("passkey-removed") => Some(t.security.passkey_removed),
        _ => None,
    });
    let last_login = me
        .last_login_at
        .map(|at| format_datetime(lang, at))
        .unwrap_or_else(|| t.never.to_owned());
    view! {
        <h1>{t.account_title}</h1>
        <Notice text=done/>
        {me.must_change_password.then(|| view! { <p class="form-alert" role="alert">{t.must_change_password}</p> })}
        {(me.must_enrol && !me.must_change_password).then(|| view! {
            <p class="form-alert" role="alert">
                {t.security.must_enrol} " " <a href="/account/second-factor">{t.security.set_up}</a>
            </p>
        })}
        <dl class="details">
            <div><dt>{t.full_name}</dt><dd>{me.full_name.clone()}</dd></div>
            <div><dt>{t.email}</dt><dd>{me.email.clone()}</dd></div>
            <div><dt>{t.organization}</dt><dd>{me.organization_name.get(lang).to_owned()}</dd></div>
            <div><dt>{t.role}</dt><dd>{me.role.label(t)}</dd></div>
            <div><dt>{t.preferred_language}</dt><dd>{me.language.native_name()}</dd></div>
            <div><dt>{t.last_login}</dt><dd>{last_login}</dd></div>
        </dl>
        <section class="narrow" aria-labelledby="password-heading">
            <h2 id="password-heading">{t.change_password}</h2>
            <ActionForm action=change attr:class="stack" attr:novalidate=true>
                <FormAlert error/>
                <TextField
                    label=t.current_password
                    name="current_password"
                    input_type="password"
                    autocomplete="current-password"
                    required=true
                    error
                />
                <TextField
                    label=t.new_password
                    name="new_password"
                    input_type="password"
                    autocomplete="new-password"
                    required=true
                    hint=t.password_hint
                    error
                />
                <TextField
                    label=t.confirm_password
                    name="confirm_password"
                    input_type="password"
                    autocomplete="new-password"
                    required=true
                    error
                />
                <button type="submit" class="primary">{t.change_password}</button>
            </ActionForm>
        </section>
        {(!me.must_change_password).then(|| view! { <AccountSecurity/> })}
    }
}
