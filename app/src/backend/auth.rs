//! Who is asking: the session's user, checked on every call against the database (still
//! active, same session epoch, within the session's absolute lifetime; the row is kept at most
//! five seconds and dropped at once by a write through this instance, see [`super::cache`]),
//! and the one entry point server functions use to ask the policy for permission.

use super::db;
use super::state::{AppState, state};
use crate::domain::{
    ids::UserId,
    policy::{self, Action, Permit},
    views::Me,
};
use crate::error::AppError;
use tower_sessions::Session;

/// The session key holding the logged-in user's id.
pub const USER_ID: &str = "user_id";
const EPOCH: &str = "epoch";
const LOGIN_AT: &str = "login_at";
/// When the session was last seen in use (unix seconds), written at most every
/// [`touch_interval`], so that the idle timeout slides without a write on every request.
const SEEN_AT: &str = "seen_at";

/// How stale the session's "last seen" may get before a request records it again: a quarter
/// of the idle timeout, at most a minute.
pub fn touch_interval(idle_timeout: time::Duration) -> time::Duration {
    (idle_timeout / 4_i32).clamp(time::Duration::seconds(1), time::Duration::minutes(1))
}

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
    session
        .insert(SEEN_AT, super::now().unix_timestamp())
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
    let now = super::now().unix_timestamp();
    let age = now - login_at;
    // Idle means idle: the store's expiry moves only when the session is saved, so the last
    // use is kept in the session and checked here too.
    let seen_at = session.get::<i64>(SEEN_AT).await?.unwrap_or(login_at);
    let idle = now - seen_at;
    if idle > state.rules.idle_timeout.whole_seconds() {
        tracing::info!(user_id, "session ended: idle");
        session.flush().await?;
        return Ok(None);
    }
    if idle >= touch_interval(state.rules.idle_timeout).whole_seconds() {
        // Saving the session renews its expiry (`Expiry::OnInactivity`) in the store.
        session.insert(SEEN_AT, now).await?;
    }
    let user = state
        .caches
        .session_users
        .get_or_read(UserId(user_id), || {
            db::users::session_user(&state.db, UserId(user_id))
        })
        .await?;
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

/// The permit for the logged-in user to do `action`, or the reason it is refused. A user
/// holding a one-time password may do nothing but change it.
pub async fn require(action: Action) -> Result<Permit, AppError> {
    require_in(&state()?, &session().await?, action).await
}

/// [`require`] for a plain HTTP handler, which has the state and session at hand.
pub async fn require_in(
    state: &AppState,
    session: &Session,
    action: Action,
) -> Result<Permit, AppError> {
    let me = current_in(state, session)
        .await?
        .ok_or(AppError::Unauthenticated)?;
    if me.must_change_password && action != Action::ManageOwnAccount {
        return Err(AppError::PasswordChangeRequired);
    }
    let user_id = me.user_id.0;
    policy::permit(me, action).ok_or_else(|| {
        tracing::warn!(user_id, ?action, "refused by policy");
        AppError::Forbidden
    })
}

/// The client's address: the socket's peer, or the last `X-Forwarded-For` hop when the
/// settings say a trusted proxy is in front.
pub async fn client_address() -> String {
    use axum::extract::ConnectInfo;
    use std::net::SocketAddr;
    let trust = state()
        .map(|s| s.rules.trust_forwarded_for)
        .unwrap_or(false);
    let headers = leptos_axum::extract::<http::HeaderMap>()
        .await
        .unwrap_or_default();
    let peer = leptos_axum::extract::<ConnectInfo<SocketAddr>>()
        .await
        .ok()
        .map(|ConnectInfo(peer)| peer);
    address_of(trust, &headers, peer)
}

/// The caller of a server function as the audit log names them: the permit's user, from the
/// client's address.
pub async fn who(permit: &Permit) -> super::audit::Who {
    super::audit::Who::user(permit.me(), client_address().await)
}

/// The client's address from a request's headers and peer (see [`client_address`]), for plain
/// HTTP handlers.
pub fn address_of(
    trust_forwarded_for: bool,
    headers: &http::HeaderMap,
    peer: Option<std::net::SocketAddr>,
) -> String {
    if trust_forwarded_for {
        let forwarded = headers
            .get("x-forwarded-for")
            .and_then(|v| v.to_str().ok())
            .and_then(|v| v.rsplit(',').next())
            .map(|v| v.trim().to_owned())
            .filter(|v| !v.is_empty() && v.len() <= 64);
        if let Some(address) = forwarded {
            return address;
        }
    }
    peer.map_or_else(|| "unknown".to_owned(), |peer| peer.ip().to_string())
}

/// How long a one-time password waits to be shown to the administrator who issued it.
const REVEAL_WITHIN: i64 = 10 * 60;

fn reveal_cookie(user_id: UserId) -> String {
    format!("concord_reveal_{}", user_id.0)
}

/// Keeps a one-time password for the administrator's next view of that user's page, in two
/// halves that are nothing alone: the password XOR a random pad in the session (so the server
/// never stores it), and the pad in a short-lived cookie (so the browser never holds it
/// either). Shown once, it is gone; the account keeps only its hash.
pub async fn flash_one_time_password(user_id: UserId, password: &str) -> Result<(), AppError> {
    let pad: Vec<u8> = (0..password.len()).map(|_| rand::random::<u8>()).collect();
    let sealed: Vec<u8> = password.bytes().zip(&pad).map(|(p, k)| p ^ k).collect();
    session()
        .await?
        .insert(
            &format!("otp:{}", user_id.0),
            (hex::encode(sealed), super::now().unix_timestamp()),
        )
        .await?;
    let secure = state().map(|s| s.rules.secure_cookies).unwrap_or(false);
    crate::api::set_cookie(format!(
        "{}={}; Path=/; Max-Age={REVEAL_WITHIN}; HttpOnly; SameSite=Strict{}",
        reveal_cookie(user_id),
        hex::encode(pad),
        if secure { "; Secure" } else { "" }
    ));
    Ok(())
}

/// Takes (and forgets) a one-time password kept for this user's page, if both halves are
/// here and it was issued within the last minutes.
pub async fn take_one_time_password(user_id: UserId) -> Result<Option<String>, AppError> {
    let Some((sealed, issued)) = session()
        .await?
        .remove::<(String, i64)>(&format!("otp:{}", user_id.0))
        .await?
    else {
        return Ok(None);
    };
    let name = reveal_cookie(user_id);
    let pad = leptos::prelude::use_context::<http::request::Parts>().and_then(|parts| {
        parts
            .headers
            .get_all(http::header::COOKIE)
            .iter()
            .filter_map(|v| v.to_str().ok())
            .flat_map(|v| v.split(';'))
            .filter_map(|c| c.trim().split_once('='))
            .find(|(n, _)| *n == name)
            .and_then(|(_, v)| hex::decode(v).ok())
    });
    crate::api::set_cookie(format!(
        "{name}=; Path=/; Max-Age=0; HttpOnly; SameSite=Strict"
    ));
    let fresh = super::now().unix_timestamp() - issued <= REVEAL_WITHIN;
    let (Ok(sealed), Some(pad)) = (hex::decode(sealed), pad) else {
        return Ok(None);
    };
    if !fresh || pad.len() != sealed.len() {
        return Ok(None);
    }
    let plain: Vec<u8> = sealed.iter().zip(&pad).map(|(s, k)| s ^ k).collect();
    Ok(String::from_utf8(plain).ok())
}
