//! The second factor and the session list as work: the sign-in's second step, enrolling an
//! authenticator app (QR code, first code, recovery codes), renewing the codes, turning the
//! factor off, an administrator's reset, ending sessions, and which roles and organisations
//! require a second factor. Every code typed is throttled like a password, and every change is
//! written in the audit log.

use super::accounts::{Client, LoggedIn, finish_sign_in};
use super::audit::{self, Who};
use super::{auth, db, now, state::AppState, throttle, totp};
use crate::domain::{
    audit::{AuditKind, changes},
    ids::{OrganizationId, UserId},
    roles::Role,
    security::{Enrolment, SecondFactorPolicy, Security, SessionView, describe_agent},
    views::Me,
};
use crate::error::{AppError, FormErrors, Problem};
use tower_sessions::Session;

/// The form field every code is typed into.
const CODE: &str = "code";
/// Wrong codes allowed per user before waiting is required.
const FREE_CODES: i64 = 5;

fn code_key(user: UserId) -> String {
    format!("second-factor:{}", user.0)
}

/// A typed code's attempt, reserved under the throttle like a password's (per user and per
/// address) once it is not blank: the two throttle keys.
async fn reserve_attempt(
    state: &AppState,
    user: UserId,
    code: &str,
    address: &str,
) -> Result<(String, String), AppError> {
    if code.trim().is_empty() {
        return Err(FormErrors::single(CODE, Problem::Required));
    }
    let key = code_key(user);
    let address_key = throttle::address_key(address);
    let keys = [
        (key.as_str(), FREE_CODES),
        (address_key.as_str(), throttle::FREE_PER_ADDRESS),
    ];
    throttle::attempt(&state.db, keys, now()).await?;
    Ok((key, address_key))
}

/// New recovery codes as shown, and their hashes as stored.
fn recovery_codes() -> (Vec<String>, Vec<String>) {
    let codes = totp::new_recovery_codes();
    let hashes = codes
        .iter()
        .filter_map(|c| totp::recovery_code_hash(c))
        .collect();
    (codes, hashes)
}

/// How a code was good.
enum Used {
    App,
    RecoveryCode,
}

/// Checks a code typed by `user` (an app code, or where `recovery` allows, a recovery code)
/// under the throttle, and uses it up. A refusal names the field.
async fn use_code(
    state: &AppState,
    user: UserId,
    secret: &str,
    last_step: i64,
    code: &str,
    recovery: bool,
    address: &str,
) -> Result<Used, AppError> {
    let (key, address_key) = reserve_attempt(state, user, code, address).await?;
    let unix = now().unix_timestamp().max(0) as u64;
    let used = if totp::digits_of(code).is_some() {
        match totp::check(secret, code, unix, last_step) {
            Ok(step) if db::second_factors::use_step(&state.db, user, step).await? => Ok(Used::App),
            Ok(_) | Err(totp::CodeRefusal::Used) => Err(Problem::CodeUsed),
            Err(totp::CodeRefusal::Wrong) => Err(Problem::WrongCode),
        }
    } else {
        match totp::recovery_code_hash(code) {
            Some(hash)
                if recovery
                    && db::second_factors::use_recovery_code(&state.db, user, &hash, now())
                        .await? =>
            {
                Ok(Used::RecoveryCode)
            }
            _ => Err(Problem::WrongCode),
        }
    };
    match used {
        Ok(used) => {
            throttle::succeeded(&state.db, &key, &address_key).await?;
            Ok(used)
        }
        Err(problem) => {
            tracing::warn!(user_id = user.0, ?problem, "second-factor code refused");
            Err(FormErrors::single(CODE, problem))
        }
    }
}

/// The sign-in's second step: the code of the user whose password was right a moment ago.
pub async fn sign_in_with_code(
    state: &AppState,
    session: &Session,
    code: &str,
    client: &Client<'_>,
) -> Result<LoggedIn, AppError> {
    let (user_id, epoch) = auth::pending_second_factor(session)
        .await?
        .ok_or(AppError::Unauthenticated)?;
    let factor = db::second_factors::get(&state.db, user_id)
        .await?
        .ok_or(AppError::Unauthenticated)?;
    let user = db::users::session_user(&state.db, user_id)
        .await?
        .filter(|u| u.is_active && u.organization_active && u.session_epoch == epoch)
        .ok_or(AppError::Unauthenticated)?;
    let used = use_code(
        state,
        user_id,
        &factor.totp_secret,
        factor.last_step,
        code,
        true,
        client.address,
    )
    .await;
    let who = Who::user(&user.me, client.address);
    let used = match used {
        Ok(used) => used,
        Err(error) => {
            let mut entry = who.entry(AuditKind::SignInFailed);
            entry.detail = match &error {
                AppError::Throttled { .. } => "second factor throttled",
                _ => "second factor",
            }
            .to_owned();
            audit::record(state, entry).await?;
            return Err(error);
        }
    };
    let how = match used {
        Used::App => "password and authenticator app",
        Used::RecoveryCode => {
            let mut entry = who.entry(AuditKind::RecoveryCodeUsed);
            entry.subject_user = Some(user_id);
            let left = db::second_factors::unused_codes(&state.db, user_id).await?;
            entry.detail = format!("unused: {left}");
            audit::record(state, entry).await?;
            "password and recovery code"
        }
    };
    auth::forget_pending(session).await?;
    finish_sign_in(state, session, &user, client, how, true).await
}

/// A user's second factor and live sessions; `current` marks the session asking.
pub async fn security(
    state: &AppState,
    user: UserId,
    second_factor: bool,
    required: bool,
    current: Option<&str>,
) -> Result<Security, AppError> {
    let at = now();
    let rows = db::sessions::list(
        &state.db,
        user,
        at - state.rules.idle_timeout,
        at - state.rules.absolute_lifetime,
    )
    .await?;
    let sessions = rows
        .into_iter()
        .map(|row| {
            let (browser, system) = describe_agent(&row.user_agent);
            SessionView {
                current: current == Some(row.handle.as_str()),
                handle: row.handle,
                started_at: row.started_at,
                last_seen_at: row.last_seen_at,
                browser,
                system,
                client: row.client,
            }
        })
        .collect();
    Ok(Security {
        second_factor,
        required,
        unused_codes: if second_factor {
            db::second_factors::unused_codes(&state.db, user).await?
        } else {
            0
        },
        passkeys: super::passkeys::list(state, user).await?,
        sessions,
    })
}

/// The session key of the secret an enrolment waits to confirm. It stays in the session (on
/// the server) until its first code comes, so nothing is stored for an enrolment left halfway.
const ENROLMENT: &str = "enrolment_secret";

/// The enrolment waiting for its first code, started now if none waits; `Conflict` when the
/// user already has a second factor.
pub async fn enrolment(
    state: &AppState,
    session: &Session,
    me: &Me,
) -> Result<Enrolment, AppError> {
    if db::second_factors::get(&state.db, me.user_id)
        .await?
        .is_some()
    {
        return Err(AppError::Conflict);
    }
    let secret = match session.get::<String>(ENROLMENT).await? {
        Some(secret) => secret,
        None => {
            let secret = totp::new_secret();
            session.insert(ENROLMENT, &secret).await?;
            secret
        }
    };
    let address = totp::enrolment_address(&secret, &me.email).ok_or_else(|| {
        tracing::error!(
            user_id = me.user_id.0,
            "enrolment address could not be made"
        );
        AppError::Internal
    })?;
    let t = me.language.texts();
    let qr_svg = totp::qr_svg(&address, t.security.qr_label).ok_or_else(|| {
        tracing::error!(user_id = me.user_id.0, "QR code could not be drawn");
        AppError::Internal
    })?;
    Ok(Enrolment {
        secret: totp::grouped(&secret),
        qr_svg,
        required: me.second_factor_required,
    })
}

/// Turns the second factor on with the app's first code; the new recovery codes, to show once.
/// `Conflict` when no enrolment waits in this session (or the user has a second factor).
pub async fn confirm(
    state: &AppState,
    session: &Session,
    by: &Who,
    me: &Me,
    code: &str,
) -> Result<Vec<String>, AppError> {
    let secret = session
        .get::<String>(ENROLMENT)
        .await?
        .ok_or(AppError::Conflict)?;
    if db::second_factors::get(&state.db, me.user_id)
        .await?
        .is_some()
    {
        return Err(AppError::Conflict);
    }
    let (key, address_key) = reserve_attempt(state, me.user_id, code, &by.client).await?;
    let unix = now().unix_timestamp().max(0) as u64;
    let step = totp::check(&secret, code, unix, 0)
        .map_err(|_| FormErrors::single(CODE, Problem::WrongCode))?;
    let (codes, hashes) = recovery_codes();
    if !db::second_factors::enrol(&state.db, me.user_id, &secret, step, &hashes, now()).await? {
        return Err(AppError::Conflict);
    }
    session.remove_value(ENROLMENT).await?;
    throttle::succeeded(&state.db, &key, &address_key).await?;
    let mut entry = by.entry(AuditKind::SecondFactorEnrolled);
    entry.subject_user = Some(me.user_id);
    entry.detail = "authenticator app".to_owned();
    audit::record(state, entry).await?;
    tracing::info!(user_id = me.user_id.0, "second factor enrolled");
    Ok(codes)
}

/// The user's confirmed factor, or `Conflict` without one.
async fn confirmed(state: &AppState, user: UserId) -> Result<db::second_factors::Factor, AppError> {
    db::second_factors::get(&state.db, user)
        .await?
        .ok_or(AppError::Conflict)
}

/// New recovery codes for a code from the app; the old ones stop working.
pub async fn renew_codes(
    state: &AppState,
    by: &Who,
    me: &Me,
    code: &str,
) -> Result<Vec<String>, AppError> {
    let factor = confirmed(state, me.user_id).await?;
    let address = by.client.clone();
    use_code(
        state,
        me.user_id,
        &factor.totp_secret,
        factor.last_step,
        code,
        false,
        &address,
    )
    .await?;
    let (codes, hashes) = recovery_codes();
    db::second_factors::replace_recovery_codes(&state.db, me.user_id, &hashes).await?;
    let mut entry = by.entry(AuditKind::RecoveryCodesRenewed);
    entry.subject_user = Some(me.user_id);
    audit::record(state, entry).await?;
    Ok(codes)
}

/// Turns one's own second factor off, for a code, unless one's role or organisation requires it.
pub async fn turn_off(state: &AppState, by: &Who, me: &Me, code: &str) -> Result<(), AppError> {
    if me.second_factor_required {
        return Err(FormErrors::single(CODE, Problem::SecondFactorKept));
    }
    let factor = confirmed(state, me.user_id).await?;
    let address = by.client.clone();
    use_code(
        state,
        me.user_id,
        &factor.totp_secret,
        factor.last_step,
        code,
        true,
        &address,
    )
    .await?;
    db::second_factors::remove(&state.db, me.user_id).await?;
    let mut entry = by.entry(AuditKind::SecondFactorRemoved);
    entry.subject_user = Some(me.user_id);
    audit::record(state, entry).await?;
    tracing::info!(user_id = me.user_id.0, "second factor turned off");
    Ok(())
}

/// An administrator's reset of a user's second factor: the app, the codes and the passkeys are
/// gone, and every session of the user ends.
pub async fn reset(state: &AppState, by: &Who, user: UserId) -> Result<(), AppError> {
    db::users::get(&state.db, user, None)
        .await?
        .ok_or(AppError::NotFound)?;
    let had = db::second_factors::remove(&state.db, user).await?;
    let passkeys = db::passkeys::remove_all(&state.db, user).await?;
    let ended = db::sessions::end_all_but(&state.db, user, None).await?;
    let mut entry = by.entry(AuditKind::SecondFactorReset);
    entry.subject_user = Some(user);
    entry.detail = format!(
        "{}; passkeys removed: {passkeys}; sessions ended: {ended}",
        if had {
            "authenticator app removed"
        } else {
            "no authenticator app"
        }
    );
    audit::record(state, entry).await?;
    tracing::info!(user_id = user.0, ended, "second factor reset");
    Ok(())
}

/// Ends one session of `user` (their own, or by an administrator); `NotFound` if it is not
/// theirs or already ended.
pub async fn end_session(
    state: &AppState,
    by: &Who,
    user: UserId,
    handle: &str,
) -> Result<(), AppError> {
    // A handle is 32 hex digits; anything else names no session (and never reaches SQL).
    let well_formed = handle.len() == 32 && handle.bytes().all(|b| b.is_ascii_hexdigit());
    if !well_formed || !db::sessions::end(&state.db, user, handle).await? {
        return Err(AppError::NotFound);
    }
    let mut entry = by.entry(AuditKind::SessionEnded);
    entry.subject_user = Some(user);
    entry.detail = "one session".to_owned();
    audit::record(state, entry).await?;
    Ok(())
}

/// Ends every session of `user` but `keep`; how many ended.
pub async fn end_sessions(
    state: &AppState,
    by: &Who,
    user: UserId,
    keep: Option<&str>,
) -> Result<u64, AppError> {
    let ended = db::sessions::end_all_but(&state.db, user, keep).await?;
    let mut entry = by.entry(AuditKind::SessionEnded);
    entry.subject_user = Some(user);
    entry.detail = format!(
        "{}: {ended}",
        if keep.is_some() { "all others" } else { "all" }
    );
    audit::record(state, entry).await?;
    Ok(ended)
}

/// Which roles must use a second factor, and which organisations require it of everyone.
pub async fn policy(state: &AppState) -> Result<SecondFactorPolicy, AppError> {
    let requiring = db::second_factors::requiring_organizations(&state.db).await?;
    let choices = db::organizations::all_active(&state.db).await?;
    let organizations = choices
        .iter()
        .filter(|o| requiring.contains(&o.organization_id))
        .cloned()
        .collect();
    Ok(SecondFactorPolicy {
        roles: db::second_factors::required_roles(&state.db).await?,
        organizations,
        choices,
    })
}

/// Sets which roles must use a second factor, writing what changed.
pub async fn set_roles(state: &AppState, by: &Who, required: &[Role]) -> Result<(), AppError> {
    let before = db::second_factors::required_roles(&state.db).await?;
    let mut fields = Vec::new();
    for (role, was) in before {
        let now_required = required.contains(&role);
        if was != now_required {
            db::second_factors::set_role_required(&state.db, role, now_required).await?;
        }
        fields.push((role.as_str(), was.to_string(), now_required.to_string()));
    }
    let detail = changes(fields);
    if !detail.is_empty() {
        let mut entry = by.entry(AuditKind::SecurityPolicyChanged);
        entry.detail = detail;
        audit::record(state, entry).await?;
    }
    Ok(())
}

/// Sets whether an organisation requires a second factor of all its users.
pub async fn set_organization(
    state: &AppState,
    by: &Who,
    organization: OrganizationId,
    required: bool,
) -> Result<(), AppError> {
    let was = db::second_factors::organization_requires(&state.db, organization).await?;
    if !db::second_factors::set_organization_requires(&state.db, organization, required).await? {
        return Err(AppError::NotFound);
    }
    if was != required {
        let mut entry = by.entry(AuditKind::SecurityPolicyChanged);
        entry.subject_organization = Some(organization);
        entry.detail = changes([(
            "requires_second_factor",
            was.to_string(),
            required.to_string(),
        )]);
        audit::record(state, entry).await?;
    }
    Ok(())
}
