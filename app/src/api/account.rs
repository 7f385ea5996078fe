//! The session and one's own account: who is logged in, login, logout, language, password.

use crate::domain::views::SessionInfo;
use crate::error::AppError;
use leptos::prelude::*;

/// Who is logged in (if anyone), and whether demo data is loaded. Anyone may ask.
#[server(endpoint = "session")]
pub async fn get_session() -> Result<SessionInfo, AppError> {
    use crate::backend::{auth, db, state::state};
    let state = state()?;
    let me = auth::current().await?;
    let demo_loaded = state
        .caches
        .demo_loaded
        .get_or_read((), || db::organizations::demo_loaded(&state.db))
        .await?;
    use crate::domain::policy::{self, Action};
    // Everyone who may see tasks has an inbox count (empty for those with nothing to act on).
    let inbox_count = match me
        .clone()
        .filter(|me| !me.must_change_password && !me.must_enrol)
        .and_then(|me| policy::permit(me, Action::ViewTasks))
    {
        Some(permit) => {
            state
                .caches
                .inbox_counts
                .get_or_read(permit.me().user_id, || async {
                    Ok::<_, AppError>(
                        crate::backend::tasks::inbox(&state, &permit, 0)
                            .await?
                            .count(),
                    )
                })
                .await?
        }
        None => 0,
    };
    let notification_count = match me
        .clone()
        .filter(|me| !me.must_change_password && !me.must_enrol)
        .and_then(|me| policy::permit(me, Action::ReadNotifications))
    {
        Some(permit) => crate::backend::notifications::unread_count(&state, &permit).await?,
        None => 0,
    };
    let abilities = me
        .as_ref()
        .filter(|me| !me.must_change_password && !me.must_enrol)
        .map(|me| policy::abilities(&me.actor()))
        .unwrap_or_default();
    Ok(SessionInfo {
        me,
        demo_loaded,
        inbox_count,
        notification_count,
        may: abilities,
    })
}

/// Logs in and goes to `next` (or first to the second factor's page when the user has one, to
/// the password page when a one-time password was used, or to enrolment when a second factor
/// is required and the grace is spent).
#[server(endpoint = "login")]
pub async fn login(email: String, password: String, next: Option<String>) -> Result<(), AppError> {
    use crate::backend::{accounts, auth, rate_limit, state::state};
    let state = state()?;
    let session = auth::session().await?;
    let address = auth::client_address().await;
    let user_agent = auth::user_agent().await;
    rate_limit::check(&state, rate_limit::Costly::Login, None, &address).await?;
    let client = accounts::Client {
        address: &address,
        user_agent: &user_agent,
    };
    let logged_in = accounts::login(&state, &session, &email, password, &client)
        .await
        .map_err(|error| match error {
            AppError::Invalid(errors) => {
                AppError::Invalid(errors.with_values([("email", email.as_str())]))
            }
            other => other,
        })?;
    super::remember_language(logged_in.language);
    let target = logged_in.next_page(super::safe_next(next.as_deref().unwrap_or("/")));
    leptos_axum::redirect(&target);
    Ok(())
}

/// Logs out: the session's server-side record is deleted.
#[server(endpoint = "logout")]
pub async fn logout() -> Result<(), AppError> {
    use crate::backend::{audit, auth, state::state};
    use crate::domain::audit::AuditKind;
    let state = state()?;
    let session = auth::session().await?;
    if let Some(me) = auth::current().await? {
        tracing::info!(user_id = me.user_id.0, "logged out");
        let who = audit::Who::user(&me, auth::client_address().await);
        audit::record(&state, who.entry(AuditKind::SignOut)).await?;
    }
    auth::end(&state, &session).await?;
    leptos_axum::redirect("/");
    Ok(())
}

/// Switches the interface language, for anyone; a logged-in user's profile remembers it too.
/// Posted by a plain form, so the page reloads in the new language (with or without JS).
#[server(endpoint = "language")]
pub async fn set_language(lang: String) -> Result<(), AppError> {
    use crate::backend::{auth, db, now, state::state};
    use crate::i18n::Lang;
    let lang = Lang::parse(&lang).ok_or(AppError::BadRequest)?;
    super::remember_language(lang);
    if let Some(me) = auth::current().await? {
        db::users::set_language(&state()?.db, me.user_id, lang, now()).await?;
    }
    Ok(())
}

/// Changes one's own password (the current one is required); other sessions end.
#[server(endpoint = "account/password")]
pub async fn change_password(
    current_password: String,
    new_password: String,
    confirm_password: String,
) -> Result<(), AppError> {
    use crate::backend::{accounts, auth, state::state};
    use crate::domain::policy::Action;
    let permit = auth::require(Action::ManageOwnAccount).await?;
    let session = auth::session().await?;
    accounts::change_password(
        &state()?,
        &session,
        &auth::who(&permit).await,
        permit.me(),
        current_password,
        new_password,
        confirm_password,
    )
    .await?;
    leptos_axum::redirect(
        if permit.me().must_change_password && permit.me().must_enrol {
            "/account/second-factor"
        } else if permit.me().must_change_password {
            "/?welcome=1"
        } else {
            "/account?done=password"
        },
    );
    Ok(())
}
