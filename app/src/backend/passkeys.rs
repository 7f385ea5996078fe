//! Passkeys as work: registering one on one's account, signing in with one alone (the browser
//! offers the site's passkeys, so no email is typed and nothing tells whether an account has
//! one), removing one, and listing them. The WebAuthn checks (challenge, origin, signature, user
//! verification, signature counter) are `webauthn-rs`'s; what waits between a ceremony's two
//! requests is kept in the server-side session. Every registration, removal and sign-in is in
//! the audit log.

use super::accounts::{Client, LoggedIn, finish_sign_in};
use super::audit::{self, Who};
use super::{db, now, state::AppState, throttle};
use crate::domain::{
    ids::UserId,
    security::{PasskeyView, agent_name, describe_agent},
    views::Me,
};
use crate::error::{AppError, FormErrors, Problem};
use base64::{Engine, engine::general_purpose::URL_SAFE_NO_PAD};
use tower_sessions::Session;
use webauthn_rs::prelude::{
    DiscoverableAuthentication, Passkey, PasskeyRegistration, PublicKeyCredential,
    RegisterPublicKeyCredential, Url, Uuid, Webauthn, WebauthnBuilder,
};

/// The session key of a registration waiting for the browser's new credential.
const REGISTRATION: &str = "passkey_registration";
/// The session key of a sign-in waiting for the browser's signed challenge.
const SIGN_IN: &str = "passkey_sign_in";

/// Forgets any ceremony waiting in the session (a new sign-in starts clean).
pub async fn forget(session: &Session) -> Result<(), AppError> {
    session.remove_value(REGISTRATION).await?;
    session.remove_value(SIGN_IN).await?;
    Ok(())
}
/// How long a ceremony's challenge stays good, in seconds.
const CEREMONY_FOR: i64 = 300;
/// The longest name a passkey may be given.
const NAME_MAX: usize = 60;
/// The field a ceremony's refusal is shown at.
const FIELD: &str = "passkey";

/// The relying party: the site's public address (`CONCORD_PUBLIC_URL`). Without one, only a
/// site opened as `localhost` over http (how a newcomer runs Concord) can have passkeys:
/// browsers offer WebAuthn only on https or localhost, and behind a proxy the address the
/// browser used cannot be told from the request safely. WebAuthn needs a host name, so an
/// address such as 127.0.0.1 cannot have passkeys either.
fn relying_party(state: &AppState, host: &str) -> Result<Webauthn, AppError> {
    let origin = match &state.public_url {
        Some(public) => Url::parse(public),
        None => Url::parse(&format!("http://{host}")),
    }
    .map_err(|_| AppError::BadRequest)?;
    let name = match origin.host() {
        Some(url::Host::Domain(name))
            if state.public_url.is_some()
                || name == "localhost"
                || name.ends_with(".localhost") =>
        {
            name.to_owned()
        }
        _ => return Err(FormErrors::single(FIELD, Problem::PasskeyNeedsHostName)),
    };
    WebauthnBuilder::new(&name, &origin)
        .and_then(|builder| builder.rp_name("Concord").build())
        .map_err(|error| {
            tracing::warn!(%error, host, "no relying party for this address");
            FormErrors::single(FIELD, Problem::PasskeyNeedsHostName)
        })
}

/// A ceremony's state with the time it began, as kept in the session.
type Waiting<T> = (T, i64);

async fn keep<T: serde::Serialize>(session: &Session, key: &str, state: T) -> Result<(), AppError> {
    let waiting: Waiting<T> = (state, now().unix_timestamp());
    session.insert(key, waiting).await?;
    Ok(())
}

/// The ceremony waiting in the session under `key`, taken out (a challenge is answered once);
/// `Conflict` when none waits or it is too old.
async fn take<T: serde::de::DeserializeOwned>(session: &Session, key: &str) -> Result<T, AppError> {
    let waiting: Option<Waiting<T>> = session.remove(key).await?;
    match waiting {
        Some((state, at)) if now().unix_timestamp() - at <= CEREMONY_FOR => Ok(state),
        _ => Err(AppError::Conflict),
    }
}

fn refused(problem: Problem) -> AppError {
    FormErrors::single(FIELD, problem)
}

fn credential_key(id: &[u8]) -> String {
    URL_SAFE_NO_PAD.encode(id)
}

/// A user's passkeys as their account page lists them.
pub async fn list(state: &AppState, user: UserId) -> Result<Vec<PasskeyView>, AppError> {
    let rows = db::passkeys::of_user(&state.db, user).await?;
    Ok(rows
        .into_iter()
        .map(|row| PasskeyView {
            passkey_id: row.passkey_id,
            name: row.name,
            created_at: row.created_at,
            last_used_at: row.last_used_at,
        })
        .collect())
}

/// Checks the user's current password before a passkey is added (a passkey signs in on its
/// own, so a session left open must not be enough to plant one), throttled like a sign-in.
async fn confirm_password(
    state: &AppState,
    me: &Me,
    password: String,
    address: &str,
) -> Result<(), AppError> {
    if password.is_empty() {
        return Err(FormErrors::single("password", Problem::Required));
    }
    let account_key = throttle::account_key(&me.email);
    let address_key = throttle::address_key(address);
    throttle::attempt(
        &state.db,
        [
            (account_key.as_str(), throttle::FREE_PER_ACCOUNT),
            (address_key.as_str(), throttle::FREE_PER_ADDRESS),
        ],
        now(),
    )
    .await?;
    let hash = db::users::password_hash(&state.db, me.user_id).await?;
    if !state.passwords.verify(password, hash).await? {
        tracing::warn!(user_id = me.user_id.0, "passkey refused: wrong password");
        return Err(FormErrors::single(
            "password",
            Problem::WrongCurrentPassword,
        ));
    }
    throttle::succeeded(&state.db, &account_key, &address_key).await?;
    Ok(())
}

/// Begins registering a passkey for `me`, once their current password is confirmed: the
/// options the browser's `navigator.credentials.create` takes, as JSON. The browser is asked
/// for a discoverable credential, so that it can offer it at sign-in without an email typed.
pub async fn start_registration(
    state: &AppState,
    session: &Session,
    by: &Who,
    me: &Me,
    host: &str,
    password: String,
) -> Result<String, AppError> {
    let webauthn = relying_party(state, host)?;
    confirm_password(state, me, password, &by.client).await?;
    // A user's first passkey gets a new handle, stored only when the registration finishes.
    let handle = match db::passkeys::handle_of(&state.db, me.user_id).await? {
        Some(stored) => Uuid::parse_str(&stored).map_err(|_| {
            tracing::error!(
                user_id = me.user_id.0,
                "stored passkey handle is not a UUID"
            );
            AppError::Internal
        })?,
        None => Uuid::new_v4(),
    };
    let existing = db::passkeys::of_user(&state.db, me.user_id)
        .await?
        .iter()
        .filter_map(|row| serde_json::from_str::<Passkey>(&row.credential).ok())
        .map(|passkey| passkey.cred_id().clone())
        .collect::<Vec<_>>();
    let (options, registration) = webauthn
        .start_passkey_registration(handle, &me.email, &me.full_name, Some(existing))
        .map_err(|error| {
            tracing::error!(%error, "passkey registration could not start");
            AppError::Internal
        })?;
    let mut options = serde_json::to_value(&options).map_err(|_| AppError::Internal)?;
    if let Some(selection) = options
        .pointer_mut("/publicKey/authenticatorSelection")
        .and_then(|v| v.as_object_mut())
    {
        selection.insert("residentKey".into(), "required".into());
        selection.insert("requireResidentKey".into(), true.into());
    }
    let waiting = (registration, handle, me.user_id.0);
    keep::<(PasskeyRegistration, Uuid, i64)>(session, REGISTRATION, waiting).await?;
    Ok(options.to_string())
}

/// What the browser sent back from a registration.
pub struct NewCredential<'a> {
    /// The name the user gave the passkey (blank: named after the browser and system).
    pub name: &'a str,
    /// The browser's new credential, as JSON.
    pub credential: &'a str,
    /// The address the browser asked for (see [`relying_party`]).
    pub host: &'a str,
    pub user_agent: &'a str,
}

/// Finishes a registration with the browser's new credential.
pub async fn finish_registration(
    state: &AppState,
    session: &Session,
    by: &Who,
    me: &Me,
    new: NewCredential<'_>,
) -> Result<(), AppError> {
    let NewCredential {
        name,
        credential,
        host,
        user_agent,
    } = new;
    let name = name.trim();
    if name.chars().count() > NAME_MAX {
        return Err(FormErrors::single("name", Problem::TooLong));
    }
    if name.chars().any(char::is_control) {
        return Err(FormErrors::single("name", Problem::ControlCharacters));
    }
    let name = if name.is_empty() {
        let (browser, system) = describe_agent(user_agent);
        agent_name(&browser, &system).unwrap_or_else(|| "Passkey".to_owned())
    } else {
        name.to_owned()
    };
    let (registration, handle, user): (PasskeyRegistration, Uuid, i64) =
        take(session, REGISTRATION).await?;
    if user != me.user_id.0 {
        return Err(AppError::Conflict);
    }
    let credential: RegisterPublicKeyCredential =
        serde_json::from_str(credential).map_err(|_| refused(Problem::PasskeyNotAccepted))?;
    let webauthn = relying_party(state, host)?;
    let passkey = webauthn
        .finish_passkey_registration(&credential, &registration)
        .map_err(|error| {
            tracing::warn!(user_id = me.user_id.0, %error, "passkey registration refused");
            refused(Problem::PasskeyNotAccepted)
        })?;
    // Two registrations begun at once may have made two first handles: the one kept wins.
    let handle = handle.to_string();
    if db::passkeys::keep_handle(&state.db, me.user_id, &handle).await? != handle {
        return Err(refused(Problem::PasskeyNotAccepted));
    }
    let stored = serde_json::to_string(&passkey).map_err(|_| AppError::Internal)?;
    let new = db::passkeys::NewPasskey {
        user: me.user_id,
        credential_id: &credential_key(passkey.cred_id()),
        name: &name,
        credential: &stored,
    };
    if !db::passkeys::insert(&state.db, new, now()).await? {
        return Err(refused(Problem::PasskeyTaken));
    }
    let mut entry = by.entry(crate::domain::audit::AuditKind::PasskeyRegistered);
    entry.subject_user = Some(me.user_id);
    entry.detail = name;
    audit::record(state, entry).await?;
    tracing::info!(user_id = me.user_id.0, "passkey registered");
    Ok(())
}

/// Removes one of one's own passkeys; `NotFound` if it is not theirs.
pub async fn remove(
    state: &AppState,
    by: &Who,
    user: UserId,
    passkey: i64,
) -> Result<(), AppError> {
    let name = db::passkeys::remove(&state.db, user, passkey)
        .await?
        .ok_or(AppError::NotFound)?;
    let mut entry = by.entry(crate::domain::audit::AuditKind::SecondFactorRemoved);
    entry.subject_user = Some(user);
    entry.detail = format!("passkey: {name}");
    audit::record(state, entry).await?;
    Ok(())
}

/// Begins a sign-in with a passkey: the options `navigator.credentials.get` takes, as JSON.
/// They name no credential, so the browser offers whichever of this site's passkeys it holds.
pub async fn start_sign_in(
    state: &AppState,
    session: &Session,
    host: &str,
) -> Result<String, AppError> {
    let webauthn = relying_party(state, host)?;
    let (mut options, authentication) =
        webauthn
            .start_discoverable_authentication()
            .map_err(|error| {
                tracing::error!(%error, "passkey sign-in could not start");
                AppError::Internal
            })?;
    // A button asks for it, so the browser may show its dialogue (not only autofill).
    options.mediation = None;
    keep::<DiscoverableAuthentication>(session, SIGN_IN, authentication).await?;
    serde_json::to_string(&options).map_err(|_| AppError::Internal)
}

/// Finishes a sign-in with the browser's signed challenge (JSON): the passkey must be one
/// registered here, of an active user in an active organisation, and its signature good.
pub async fn finish_sign_in_with(
    state: &AppState,
    session: &Session,
    host: &str,
    credential: &str,
    client: &Client<'_>,
) -> Result<LoggedIn, AppError> {
    let authentication: DiscoverableAuthentication = take(session, SIGN_IN).await?;
    let failed = |user: Option<UserId>, reason: &'static str| {
        let entry = db::audit::NewEntry {
            kind: Some(crate::domain::audit::AuditKind::SignInFailed),
            actor: user,
            detail: format!("passkey: {reason}"),
            client: client.address.to_owned(),
            ..Default::default()
        };
        audit::record(state, entry)
    };
    let Ok(credential) = serde_json::from_str::<PublicKeyCredential>(credential) else {
        failed(None, "malformed").await?;
        return Err(refused(Problem::PasskeyUnknown));
    };
    let webauthn = relying_party(state, host)?;
    let identified = webauthn.identify_discoverable_authentication(&credential);
    let Ok((handle, credential_id)) = identified else {
        failed(None, "no user handle").await?;
        return Err(refused(Problem::PasskeyUnknown));
    };
    let row = db::passkeys::by_credential(&state.db, &credential_key(credential_id)).await?;
    let owner = db::passkeys::user_of_handle(&state.db, &handle.to_string()).await?;
    let (row, user_id) = match (row, owner) {
        (Some(row), Some(owner)) if owner.0 == row.user_id => (row, owner),
        _ => {
            failed(None, "unknown").await?;
            return Err(refused(Problem::PasskeyUnknown));
        }
    };
    let mut passkey: Passkey = serde_json::from_str(&row.credential).map_err(|error| {
        tracing::error!(passkey_id = row.passkey_id, %error, "stored passkey unreadable");
        AppError::Internal
    })?;
    let result =
        match webauthn.finish_discoverable_authentication_v2(&credential, authentication, &passkey)
        {
            Ok(result) => result,
            Err(error) => {
                tracing::warn!(user_id = user_id.0, %error, "passkey sign-in refused");
                failed(Some(user_id), "signature").await?;
                return Err(refused(Problem::PasskeyUnknown));
            }
        };
    let user = db::users::session_user(&state.db, user_id)
        .await?
        .filter(|u| u.is_active && u.organization_active);
    let Some(user) = user else {
        failed(Some(user_id), "inactive").await?;
        return Err(refused(Problem::PasskeyUnknown));
    };
    passkey.update_credential(&result);
    let stored = serde_json::to_string(&passkey).map_err(|_| AppError::Internal)?;
    db::passkeys::used(&state.db, row.passkey_id, &stored, now()).await?;
    finish_sign_in(state, session, &user, client, "passkey", true).await
}
