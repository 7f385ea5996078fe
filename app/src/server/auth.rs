//! Who is asking: the session's user, checked on every call against the database (still
//! active, same session epoch, within the session's absolute lifetime), and the one entry point
//! server functions use to ask the policy for permission.

use super::db;
use super::state::{AppState, state};
use crate::domain::{
    ids::UserId,
    policy::{self, Action, Scope},
    views::Me,
};
use crate::error::AppError;
use tower_sessions::Session;

/// The session key holding the logged-in user's id.
pub const USER_ID: &str = "user_id";
const EPOCH: &str = "epoch";
const LOGIN_AT: &str = "login_at";

/// The session of the current request.
pub async fn session() -> Result<Session, AppError> {
    leptos_axum::extract::<Session>().await.map_err(|error| {
        if super::request_ended() {
            tracing::debug!("request ended before its work: stopped");
        } else {
            tracing::error!(%error, "no session layer");
        }
        AppError::Internal
    })
}

/// Starts a fresh session for `user_id` (a new id, so a planted one is useless).
pub async fn begin(session: &Session, user_id: UserId, epoch: i64) -> Result<(), AppError> {
    session.cycle_id().await?;
    session.insert(USER_ID, user_id.0).await?;
    session.insert(EPOCH, epoch).await?;
    session
        .insert(LOGIN_AT, super::now().unix_timestamp())
        .await?;
    Ok(())
}

/// Keeps the current session valid after the user's epoch moved (own password change).
pub async fn renew(session: &Session, epoch: i64) -> Result<(), AppError> {
    session.cycle_id().await?;
    session.insert(EPOCH, epoch).await?;
    Ok(())
}

/// Ends the session and deletes its server-side record.
pub async fn end(session: &Session) -> Result<(), AppError> {
    session.flush().await?;
    Ok(())
}

/// The logged-in user, or `None` for an anonymous visitor or a session that has ended.
pub async fn current() -> Result<Option<Me>, AppError> {
    let state = state()?;
    let session = session().await?;
    current_in(&state, &session).await
}

async fn current_in(state: &AppState, session: &Session) -> Result<Option<Me>, AppError> {
    let Some(user_id) = session.get::<i64>(USER_ID).await? else {
        return Ok(None);
    };
    let epoch = session.get::<i64>(EPOCH).await?.unwrap_or(-1);
    let login_at = session.get::<i64>(LOGIN_AT).await?.unwrap_or(0);
    let age = super::now().unix_timestamp() - login_at;
    let user = db::users::session_user(&state.db, UserId(user_id)).await?;
    match user {
        Some(user)
            if user.is_active
                && user.organization_active
                && user.session_epoch == epoch
                && age <= state.rules.absolute_lifetime.whole_seconds() =>
        {
            Ok(Some(user.me))
        }
        _ => {
            tracing::info!(
                user_id,
                "session ended: user inactive, epoch moved or lifetime over"
            );
            session.flush().await?;
            Ok(None)
        }
    }
}

/// The logged-in user and what `action` reaches for them, or the reason it is refused. A user
/// holding a one-time password may do nothing but change it.
pub async fn require(action: Action) -> Result<(Me, Scope), AppError> {
    require_in(&state()?, &session().await?, action).await
}

/// [`require`] for a plain HTTP handler, which has the state and session at hand.
pub async fn require_in(
    state: &AppState,
    session: &Session,
    action: Action,
) -> Result<(Me, Scope), AppError> {
    let me = current_in(state, session)
        .await?
        .ok_or(AppError::Unauthenticated)?;
    if me.must_change_password && action != Action::ManageOwnAccount {
        return Err(AppError::PasswordChangeRequired);
    }
    let scope = policy::scope(Some(&me.actor()), action);
    if !scope.is_allowed() {
        tracing::warn!(user_id = me.user_id.0, ?action, "refused by policy");
        return Err(AppError::Forbidden);
    }
    Ok((me, scope))
}

/// The client's address: the socket's peer, or the last `X-Forwarded-For` hop when the
/// settings say a trusted proxy is in front.
pub async fn client_address() -> String {
    use axum::extract::ConnectInfo;
    use std::net::SocketAddr;
    let trust = state()
        .map(|s| s.rules.trust_forwarded_for)
        .unwrap_or(false);
    if trust && let Ok(headers) = leptos_axum::extract::<http::HeaderMap>().await {
        let forwarded = headers
            .get("x-forwarded-for")
            .and_then(|v| v.to_str().ok())
            .and_then(|v| v.rsplit(',').next())
            .map(|v| v.trim().to_owned())
            .filter(|v| !v.is_empty());
        if let Some(address) = forwarded {
            return address;
        }
    }
    match leptos_axum::extract::<ConnectInfo<SocketAddr>>().await {
        Ok(ConnectInfo(peer)) => peer.ip().to_string(),
        Err(_) => "unknown".to_owned(),
    }
}

/// Stores a one-time password for the administrator's next view of that user's page.
pub async fn flash_one_time_password(user_id: UserId, password: &str) -> Result<(), AppError> {
    session()
        .await?
        .insert(&format!("otp:{}", user_id.0), password)
        .await?;
    Ok(())
}

/// Takes (and forgets) a one-time password stored for this user's page.
pub async fn take_one_time_password(user_id: UserId) -> Result<Option<String>, AppError> {
    Ok(session()
        .await?
        .remove::<String>(&format!("otp:{}", user_id.0))
        .await?)
}
