//! Passkeys: registering one on one's account and removing it, and signing in with one alone.
//! The ceremonies need JavaScript (the browser's `navigator.credentials`); removing a passkey is
//! a plain form.

use crate::error::AppError;
use leptos::prelude::*;

/// Begins registering a passkey, for the current password: the options for
/// `navigator.credentials.create`, as JSON.
#[server(endpoint = "account/passkeys/start")]
pub async fn start_passkey_registration(password: String) -> Result<String, AppError> {
    use crate::backend::{auth, passkeys, state::state};
    use crate::domain::policy::Action;
    let permit = auth::require(Action::ManageOwnAccount).await?;
    let who = auth::who(&permit).await;
    let session = auth::session().await?;
    let host = auth::host().await;
    passkeys::start_registration(&state()?, &session, &who, permit.me(), &host, password).await
}

/// Finishes registering a passkey with the browser's new credential (JSON) and its name.
#[server(endpoint = "account/passkeys/finish")]
pub async fn finish_passkey_registration(name: String, credential: String) -> Result<(), AppError> {
    use crate::backend::{auth, passkeys, state::state};
    use crate::domain::policy::Action;
    let permit = auth::require(Action::ManageOwnAccount).await?;
    let who = auth::who(&permit).await;
    let session = auth::session().await?;
    let host = auth::host().await;
    let user_agent = auth::user_agent().await;
    let new = passkeys::NewCredential {
        name: &name,
        credential: &credential,
        host: &host,
        user_agent: &user_agent,
    };
    passkeys::finish_registration(&state()?, &session, &who, permit.me(), new).await
}

/// Removes one of one's own passkeys.
#[server(endpoint = "account/passkeys/remove")]
pub async fn remove_passkey(passkey_id: i64) -> Result<(), AppError> {
    use crate::backend::{auth, passkeys, state::state};
    use crate::domain::policy::Action;
    let permit = auth::require(Action::ManageOwnAccount).await?;
    let who = auth::who(&permit).await;
    passkeys::remove(&state()?, &who, permit.me().user_id, passkey_id).await?;
    leptos_axum::redirect("/account?done=passkey-removed#passkeys");
    Ok(())
}

/// Begins a sign-in with a passkey: the options for `navigator.credentials.get`, as JSON.
/// Anyone may ask (it is a sign-in), under the sign-in rate limit.
#[server(endpoint = "login/passkey/start")]
pub async fn start_passkey_sign_in() -> Result<String, AppError> {
    use crate::backend::{auth, passkeys, rate_limit, state::state};
    let state = state()?;
    let address = auth::client_address().await;
    rate_limit::check(&state, rate_limit::Costly::Login, None, &address).await?;
    let session = auth::session().await?;
    let host = auth::host().await;
    passkeys::start_sign_in(&state, &session, &host).await
}

/// Signs in with the browser's signed challenge (JSON); the page to go to next.
#[server(endpoint = "login/passkey/finish")]
pub async fn finish_passkey_sign_in(
    credential: String,
    next: Option<String>,
) -> Result<String, AppError> {
    use crate::backend::{accounts::Client, auth, passkeys, rate_limit, state::state};
    let state = state()?;
    let address = auth::client_address().await;
    rate_limit::check(&state, rate_limit::Costly::Login, None, &address).await?;
    let session = auth::session().await?;
    let host = auth::host().await;
    let user_agent = auth::user_agent().await;
    let client = Client {
        address: &address,
        user_agent: &user_agent,
    };
    let signed_in =
        passkeys::finish_sign_in_with(&state, &session, &host, &credential, &client).await?;
    super::remember_language(signed_in.language);
    Ok(signed_in.next_page(super::safe_next(next.as_deref().unwrap_or("/"))))
}
