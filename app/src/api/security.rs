//! Second factors and sessions: the sign-in's second step, one's own second factor and
//! sessions, and the administrators' reset, session ending and second-factor requirement.

use crate::domain::security::{Enrolment, SecondFactorPolicy, Security};
use crate::error::AppError;
use leptos::prelude::*;

/// Whether a sign-in waits for its second factor in this session. Anyone may ask.
#[server(endpoint = "login/pending")]
pub async fn get_pending_sign_in() -> Result<bool, AppError> {
    use crate::backend::auth;
    let session = auth::session().await?;
    Ok(auth::pending_second_factor(&session).await?.is_some())
}

/// The sign-in's second step: a code from the app or a recovery code, then `next`.
#[server(endpoint = "login/code")]
pub async fn sign_in_with_code(code: String, next: Option<String>) -> Result<(), AppError> {
    use crate::backend::{accounts::Client, auth, rate_limit, second_factor, state::state};
    let state = state()?;
    let session = auth::session().await?;
    let address = auth::client_address().await;
    let user_agent = auth::user_agent().await;
    rate_limit::check(&state, rate_limit::Costly::Login, None, &address).await?;
    let client = Client {
        address: &address,
        user_agent: &user_agent,
    };
    let signed_in = second_factor::sign_in_with_code(&state, &session, &code, &client).await?;
    super::remember_language(signed_in.language);
    let target = signed_in.next_page(super::safe_next(next.as_deref().unwrap_or("/")));
    leptos_axum::redirect(&target);
    Ok(())
}

/// One's own second factor and sessions.
#[server(endpoint = "account/security")]
pub async fn get_security() -> Result<Security, AppError> {
    use crate::backend::{auth, second_factor, state::state};
    use crate::domain::policy::Action;
    let permit = auth::require(Action::ManageOwnAccount).await?;
    let me = permit.me();
    let current = auth::handle(&auth::session().await?).await?;
    second_factor::security(
        &state()?,
        me.user_id,
        me.second_factor,
        me.second_factor_required,
        current.as_deref(),
    )
    .await
}

/// The authenticator app's enrolment: its QR code and key (started if none waits).
#[server(endpoint = "account/second-factor")]
pub async fn get_enrolment() -> Result<Enrolment, AppError> {
    use crate::backend::{auth, second_factor, state::state};
    use crate::domain::policy::Action;
    let permit = auth::require(Action::ManageOwnAccount).await?;
    let session = auth::session().await?;
    second_factor::enrolment(&state()?, &session, permit.me()).await
}

/// Turns the second factor on with the app's first code, and shows the recovery codes once.
#[server(endpoint = "account/second-factor/confirm")]
pub async fn confirm_second_factor(code: String) -> Result<(), AppError> {
    use crate::backend::{auth, second_factor, state::state};
    use crate::domain::policy::Action;
    let permit = auth::require(Action::ManageOwnAccount).await?;
    let who = auth::who(&permit).await;
    let session = auth::session().await?;
    let codes = second_factor::confirm(&state()?, &session, &who, permit.me(), &code).await?;
    auth::flash_recovery_codes(&codes).await?;
    leptos_axum::redirect("/account/recovery-codes");
    Ok(())
}

/// New recovery codes (for a code from the app), shown once.
#[server(endpoint = "account/recovery-codes/renew")]
pub async fn renew_recovery_codes(code: String) -> Result<(), AppError> {
    use crate::backend::{auth, second_factor, state::state};
    use crate::domain::policy::Action;
    let permit = auth::require(Action::ManageOwnAccount).await?;
    let who = auth::who(&permit).await;
    let codes = second_factor::renew_codes(&state()?, &who, permit.me(), &code).await?;
    auth::flash_recovery_codes(&codes).await?;
    leptos_axum::redirect("/account/recovery-codes");
    Ok(())
}

/// The recovery codes just made, once; empty when they were shown already.
#[server(endpoint = "account/recovery-codes")]
pub async fn take_recovery_codes() -> Result<Vec<String>, AppError> {
    use crate::backend::auth;
    use crate::domain::policy::Action;
    auth::require(Action::ManageOwnAccount).await?;
    auth::take_recovery_codes().await
}

/// Turns one's own second factor off (for a code), where nothing requires it.
#[server(endpoint = "account/second-factor/off")]
pub async fn turn_off_second_factor(code: String) -> Result<(), AppError> {
    use crate::backend::{auth, second_factor, state::state};
    use crate::domain::policy::Action;
    let permit = auth::require(Action::ManageOwnAccount).await?;
    let who = auth::who(&permit).await;
    second_factor::turn_off(&state()?, &who, permit.me(), &code).await?;
    leptos_axum::redirect("/account?done=second-factor-off");
    Ok(())
}

/// Ends one of one's own sessions.
#[server(endpoint = "account/sessions/end")]
pub async fn end_my_session(handle: String) -> Result<(), AppError> {
    use crate::backend::{auth, second_factor, state::state};
    use crate::domain::policy::Action;
    let permit = auth::require(Action::ManageOwnAccount).await?;
    let who = auth::who(&permit).await;
    second_factor::end_session(&state()?, &who, permit.me().user_id, &handle).await?;
    leptos_axum::redirect("/account?done=session#sessions");
    Ok(())
}

/// Ends every session of one's own but this one.
#[server(endpoint = "account/sessions/end-others")]
pub async fn end_my_other_sessions() -> Result<(), AppError> {
    use crate::backend::{auth, second_factor, state::state};
    use crate::domain::policy::Action;
    let permit = auth::require(Action::ManageOwnAccount).await?;
    let who = auth::who(&permit).await;
    let current = auth::handle(&auth::session().await?).await?;
    second_factor::end_sessions(&state()?, &who, permit.me().user_id, current.as_deref()).await?;
    leptos_axum::redirect("/account?done=session#sessions");
    Ok(())
}

/// A user's second factor and sessions (administrators).
#[server(endpoint = "users/security")]
pub async fn get_user_security(user_id: i64) -> Result<Security, AppError> {
    use crate::backend::{auth, db, second_factor, state::state};
    use crate::domain::{ids::UserId, policy::Action};
    let permit = auth::require(Action::ManageUsers).await?;
    let state = state()?;
    let id = UserId(user_id);
    let user = db::users::session_user(&state.db, id)
        .await?
        .ok_or(AppError::NotFound)?;
    let current = auth::handle(&auth::session().await?).await?;
    let current = (id == permit.me().user_id).then_some(current).flatten();
    second_factor::security(
        &state,
        id,
        user.me.second_factor,
        user.me.second_factor_required,
        current.as_deref(),
    )
    .await
}

/// Resets a user's second factor and ends their sessions (administrators).
#[server(endpoint = "users/second-factor/reset")]
pub async fn reset_second_factor(user_id: i64) -> Result<(), AppError> {
    use crate::backend::{auth, second_factor, state::state};
    use crate::domain::{ids::UserId, policy::Action};
    let permit = auth::require(Action::ManageUsers).await?;
    let who = auth::who(&permit).await;
    second_factor::reset(&state()?, &who, UserId(user_id)).await?;
    leptos_axum::redirect(&format!("/users/{user_id}?done=second-factor#security"));
    Ok(())
}

/// Ends one of a user's sessions (administrators).
#[server(endpoint = "users/sessions/end")]
pub async fn end_user_session(user_id: i64, handle: String) -> Result<(), AppError> {
    use crate::backend::{auth, second_factor, state::state};
    use crate::domain::{ids::UserId, policy::Action};
    let permit = auth::require(Action::ManageUsers).await?;
    let who = auth::who(&permit).await;
    second_factor::end_session(&state()?, &who, UserId(user_id), &handle).await?;
    leptos_axum::redirect(&format!("/users/{user_id}?done=session#security"));
    Ok(())
}

/// Ends every session of a user (administrators).
#[server(endpoint = "users/sessions/end-all")]
pub async fn end_user_sessions(user_id: i64) -> Result<(), AppError> {
    use crate::backend::{auth, db, second_factor, state::state};
    use crate::domain::{ids::UserId, policy::Action};
    let permit = auth::require(Action::ManageUsers).await?;
    let who = auth::who(&permit).await;
    let state = state()?;
    db::users::get(&state.db, UserId(user_id), None)
        .await?
        .ok_or(AppError::NotFound)?;
    second_factor::end_sessions(&state, &who, UserId(user_id), None).await?;
    leptos_axum::redirect(&format!("/users/{user_id}?done=session#security"));
    Ok(())
}

/// Which roles and organisations require a second factor (administrators).
#[server(endpoint = "security/policy")]
pub async fn get_second_factor_policy() -> Result<SecondFactorPolicy, AppError> {
    use crate::backend::{auth, second_factor, state::state};
    use crate::domain::policy::Action;
    auth::require(Action::ManageUsers).await?;
    second_factor::policy(&state()?).await
}

/// Sets which roles must use a second factor: each ticked role's box is sent as `on`, and the
/// form says what it saves (`save=roles`) so that an empty post changes nothing
/// (administrators).
#[server(endpoint = "security/roles")]
pub async fn set_second_factor_roles(
    save: String,
    administrator: Option<String>,
    coordinator: Option<String>,
    reporter: Option<String>,
    observer: Option<String>,
) -> Result<(), AppError> {
    use crate::backend::{auth, second_factor, state::state};
    use crate::domain::{policy::Action, roles::Role};
    let permit = auth::require(Action::ManageUsers).await?;
    let who = auth::who(&permit).await;
    let boxes = [&administrator, &coordinator, &reporter, &observer];
    if save != "roles"
        || boxes
            .iter()
            .any(|b| b.as_deref().is_some_and(|v| v != "on"))
    {
        return Err(AppError::BadRequest);
    }
    let ticked = [
        (Role::Administrator, administrator),
        (Role::Coordinator, coordinator),
        (Role::Reporter, reporter),
        (Role::Observer, observer),
    ];
    let required: Vec<Role> = ticked
        .into_iter()
        .filter(|(_, value)| value.is_some())
        .map(|(role, _)| role)
        .collect();
    second_factor::set_roles(&state()?, &who, &required).await?;
    leptos_axum::redirect("/security?done=saved");
    Ok(())
}

/// Sets whether an organisation requires a second factor of all its users (administrators).
#[server(endpoint = "security/organization")]
pub async fn set_organization_second_factor(
    organization_id: String,
    required: String,
) -> Result<(), AppError> {
    use crate::backend::{auth, second_factor, state::state};
    use crate::domain::{ids::OrganizationId, policy::Action};
    use crate::error::{FormErrors, Problem};
    let permit = auth::require(Action::ManageUsers).await?;
    let who = auth::who(&permit).await;
    let id = organization_id
        .trim()
        .parse::<i64>()
        .map_err(|_| FormErrors::single("organization_id", Problem::UnknownChoice))?;
    let required = match required.as_str() {
        "true" => true,
        "false" => false,
        _ => return Err(AppError::BadRequest),
    };
    second_factor::set_organization(&state()?, &who, OrganizationId(id), required)
        .await
        .map_err(|error| match error {
            AppError::NotFound => FormErrors::single("organization_id", Problem::UnknownChoice),
            other => other,
        })?;
    leptos_axum::redirect("/security?done=saved");
    Ok(())
}
