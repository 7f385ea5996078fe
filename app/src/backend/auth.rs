//! Who is asking: the session's user, checked on every call against the database (its session
//! still listed, the user still active, same session epoch, within the session's absolute
//! lifetime; the user's row is kept at most five seconds and dropped at once by a write through
//! this instance, see [`super::cache`]), and the one entry point server functions use to ask the
//! policy for permission. A sign-in waiting for its second factor is kept apart from a signed-in
//! session: it names the user but grants nothing.

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
/// The random handle naming this session's row in the session list (`user_sessions`).
const HANDLE: &str = "handle";
/// Set when the user must enrol a second factor before doing anything else.
const ENROL: &str = "enrol";
/// A sign-in whose password was right, waiting for its second factor: (user, epoch, when).
const PENDING: &str = "pending_second_factor";
/// How long a sign-in waits for its second factor.
const PENDING_FOR: i64 = 5 * 60;

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

/// How a new session came to be, for its row in the session list.
pub struct Start<'a> {
    pub user_id: UserId,
    pub epoch: i64,
    pub client: &'a str,
    pub user_agent: &'a str,
    /// The user must enrol a second factor before doing anything else.
    pub must_enrol: bool,
}

/// Starts a fresh session (a new id, so a planted one is useless) and lists it.
pub async fn begin(state: &AppState, session: &Session, start: Start<'_>) -> Result<(), AppError> {
    let handle = hex::encode(rand::random::<[u8; 16]>());
    let now = super::now();
    db::sessions::insert(
        &state.db,
        db::sessions::NewSession {
            handle: &handle,
            user: start.user_id,
            user_agent: start.user_agent,
            client: start.client,
        },
        now,
    )
    .await?;
    session.cycle_id().await?;
    session.remove_value(PENDING).await?;
    super::passkeys::forget(session).await?;
    session.insert(USER_ID, start.user_id.0).await?;
    session.insert(EPOCH, start.epoch).await?;
    session.insert(HANDLE, handle).await?;
    session.insert(ENROL, start.must_enrol).await?;
    session.insert(LOGIN_AT, now.unix_timestamp()).await?;
    session.insert(SEEN_AT, now.unix_timestamp()).await?;
    Ok(())
}

/// Keeps a sign-in whose password was right until its second factor comes (a new session id,
/// and nothing it grants yet).
pub async fn await_second_factor(
    session: &Session,
    user_id: UserId,
    epoch: i64,
) -> Result<(), AppError> {
    session.cycle_id().await?;
    session.remove_value(USER_ID).await?;
    session
        .insert(PENDING, (user_id.0, epoch, super::now().unix_timestamp()))
        .await?;
    Ok(())
}

/// The sign-in waiting for its second factor, if one is and it is recent: (user, epoch).
pub async fn pending_second_factor(session: &Session) -> Result<Option<(UserId, i64)>, AppError> {
    let pending = session.get::<(i64, i64, i64)>(PENDING).await?;
    Ok(pending
        .filter(|(_, _, at)| super::now().unix_timestamp() - at <= PENDING_FOR)
        .map(|(user, epoch, _)| (UserId(user), epoch)))
}

/// Forgets a sign-in that waited for its second factor.
pub async fn forget_pending(session: &Session) -> Result<(), AppError> {
    session.remove_value(PENDING).await?;
    Ok(())
}

/// The handle of this session's row in the session list.
pub async fn handle(session: &Session) -> Result<Option<String>, AppError> {
    Ok(session.get::<String>(HANDLE).await?)
}

/// The address the browser asked for (the `Host` header), which passkeys are bound to where no
/// public address is configured; empty when there is none.
pub async fn host() -> String {
    leptos_axum::extract::<http::HeaderMap>()
        .await
        .ok()
        .and_then(|headers| {
            headers
                .get(http::header::HOST)
                .and_then(|v| v.to_str().ok())
                .map(str::to_owned)
        })
        .unwrap_or_default()
}

/// The user agent of the current request, cut to a length worth keeping.
pub async fn user_agent() -> String {
    leptos_axum::extract::<http::HeaderMap>()
        .await
        .ok()
        .and_then(|headers| {
            headers
                .get(http::header::USER_AGENT)
                .and_then(|v| v.to_str().ok())
                .map(|v| v.chars().take(300).collect())
        })
        .unwrap_or_default()
}

/// Keeps the current session valid after the user's epoch moved (own password change).
pub async fn renew(session: &Session, epoch: i64) -> Result<(), AppError> {
    session.cycle_id().await?;
    session.insert(EPOCH, epoch).await?;
    Ok(())
}

/// Ends the session: its server-side record and its row in the session list are deleted.
pub async fn end(state: &AppState, session: &Session) -> Result<(), AppError> {
    forget(state, session).await
}

/// Deletes the session's record and takes it off the session list (signing out, or a session
/// found idle, too old or of a changed account).
async fn forget(state: &AppState, session: &Session) -> Result<(), AppError> {
    if let Some(handle) = session.get::<String>(HANDLE).await? {
        db::sessions::end_handle(&state.db, &handle).await?;
    }
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
    let Some(handle) = session.get::<String>(HANDLE).await? else {
        // A session from before the session list: it is not listed, so it ends.
        session.flush().await?;
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
        forget(state, session).await?;
        return Ok(None);
    }
    if !db::sessions::is_live(&state.db, &handle, UserId(user_id)).await? {
        tracing::info!(user_id, "session ended: taken off the session list");
        session.flush().await?;
        return Ok(None);
    }
    if idle >= touch_interval(state.rules.idle_timeout).whole_seconds() {
        // Saving the session renews its expiry (`Expiry::OnInactivity`) in the store.
        session.insert(SEEN_AT, now).await?;
        db::sessions::touch(&state.db, &handle, super::now()).await?;
    }
    let enrol = session.get::<bool>(ENROL).await?.unwrap_or(false);
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
            let mut me = user.me;
            me.must_enrol = enrol && me.second_factor_required && !me.second_factor;
            Ok(Some(me))
        }
        _ => {
            tracing::info!(
                user_id,
                "session ended: user inactive, epoch moved or lifetime over"
            );
            forget(state, session).await?;
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
    if me.must_enrol && action != Action::ManageOwnAccount {
        return Err(AppError::SecondFactorRequired);
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

/// How long a secret kept for its one showing waits (a one-time password for the
/// administrator who issued it, recovery codes for their owner).
const REVEAL_WITHIN: i64 = 10 * 60;

/// Keeps a secret for the next page that shows it, in two halves that are nothing alone: the
/// secret XOR a random pad in the session (so the server never stores it), and the pad in a
/// short-lived cookie (so the browser never holds it either). Shown once, it is gone.
async fn seal(name: &str, secret: &str) -> Result<(), AppError> {
    let pad: Vec<u8> = (0..secret.len()).map(|_| rand::random::<u8>()).collect();
    let sealed: Vec<u8> = secret.bytes().zip(&pad).map(|(p, k)| p ^ k).collect();
    session()
        .await?
        .insert(
            &format!("sealed:{name}"),
            (hex::encode(sealed), super::now().unix_timestamp()),
        )
        .await?;
    let secure = state().map(|s| s.rules.secure_cookies).unwrap_or(false);
    crate::api::set_cookie(format!(
        "concord_reveal_{name}={}; Path=/; Max-Age={REVEAL_WITHIN}; HttpOnly; SameSite=Strict{}",
        hex::encode(pad),
        if secure { "; Secure" } else { "" }
    ));
    Ok(())
}

/// Takes (and forgets) a secret kept by [`seal`], if both halves are here and it was kept
/// within the last minutes.
async fn unseal(name: &str) -> Result<Option<String>, AppError> {
    let Some((sealed, kept)) = session()
        .await?
        .remove::<(String, i64)>(&format!("sealed:{name}"))
        .await?
    else {
        return Ok(None);
    };
    let cookie = format!("concord_reveal_{name}");
    let pad = leptos::prelude::use_context::<http::request::Parts>().and_then(|parts| {
        parts
            .headers
            .get_all(http::header::COOKIE)
            .iter()
            .filter_map(|v| v.to_str().ok())
            .flat_map(|v| v.split(';'))
            .filter_map(|c| c.trim().split_once('='))
            .find(|(n, _)| *n == cookie)
            .and_then(|(_, v)| hex::decode(v).ok())
    });
    crate::api::set_cookie(format!(
        "{cookie}=; Path=/; Max-Age=0; HttpOnly; SameSite=Strict"
    ));
    let fresh = super::now().unix_timestamp() - kept <= REVEAL_WITHIN;
    let (Ok(sealed), Some(pad)) = (hex::decode(sealed), pad) else {
        return Ok(None);
    };
    if !fresh || pad.len() != sealed.len() {
        return Ok(None);
    }
    let plain: Vec<u8> = sealed.iter().zip(&pad).map(|(s, k)| s ^ k).collect();
    Ok(String::from_utf8(plain).ok())
}

/// Keeps a one-time password for the administrator's next view of that user's page (see
/// [`seal`]); the account keeps only its hash.
pub async fn flash_one_time_password(user_id: UserId, password: &str) -> Result<(), AppError> {
    seal(&user_id.0.to_string(), password).await
}

/// Takes (and forgets) a one-time password kept for this user's page.
pub async fn take_one_time_password(user_id: UserId) -> Result<Option<String>, AppError> {
    unseal(&user_id.0.to_string()).await
}

/// Keeps new recovery codes for the one page that shows them to their owner.
pub async fn flash_recovery_codes(codes: &[String]) -> Result<(), AppError> {
    seal("codes", &codes.join(" ")).await
}

/// Takes (and forgets) recovery codes kept for their one showing.
pub async fn take_recovery_codes() -> Result<Vec<String>, AppError> {
    Ok(unseal("codes")
        .await?
        .map(|codes| codes.split(' ').map(str::to_owned).collect())
        .unwrap_or_default())
}
