//! Account work that takes several steps: logging in (with throttling and constant-time
//! answers, then the second factor where the user has one), changing a password, and the
//! administrator's creation and editing of users; each is written in the audit log.

use super::audit::{self, Who};
use super::{auth, db, now, passwords::generate_one_time, state::AppState, throttle};
use crate::domain::{
    audit::{AuditKind, changes, created},
    ids::{OrganizationId, UserId},
    inputs::{Email, UserForm, UserInput},
    views::Me,
};
use crate::error::{AppError, FormErrors, Problem};
use crate::i18n::Lang;
use tower_sessions::Session;

/// What a successful login tells the page.
pub struct LoggedIn {
    pub language: Lang,
    /// Logged in with a one-time password: the next page is the password form.
    pub must_change_password: bool,
    /// The password was right and the user has a second factor: the next page asks for it.
    pub second_factor_needed: bool,
    /// Must set up a second factor before doing anything else.
    pub must_enrol: bool,
}

impl LoggedIn {
    /// The page to go to after this sign-in, given the page asked for (already made safe):
    /// the second step, the password form or the enrolment before anything else.
    pub fn next_page(&self, next: &str) -> String {
        if self.second_factor_needed {
            format!(
                "/login/code?next={}",
                crate::domain::filters::encode_path(next)
            )
        } else if self.must_change_password {
            "/account".to_owned()
        } else if self.must_enrol {
            "/account/second-factor".to_owned()
        } else {
            next.to_owned()
        }
    }
}

/// Where a sign-in comes from.
pub struct Client<'a> {
    pub address: &'a str,
    pub user_agent: &'a str,
}

/// Checks the credentials and starts a session. Unknown emails, inactive accounts and wrong
/// passwords all take the same time and get the same answer.
pub async fn login(
    state: &AppState,
    session: &Session,
    email: &str,
    password: String,
    client: &Client<'_>,
) -> Result<LoggedIn, AppError> {
    let address = client.address;
    let email = Email::parse(email).map_err(|problem| FormErrors::single("email", problem))?;
    if password.is_empty() {
        return Err(FormErrors::single("password", Problem::Required));
    }
    let account_key = throttle::account_key(email.as_str());
    let address_key = throttle::address_key(address);
    let at = now();
    // A failed sign-in, in the log with the email typed and why (the answer does not say).
    let failed = |user: Option<i64>, reason: &'static str| {
        let entry = db::audit::NewEntry {
            kind: Some(AuditKind::SignInFailed),
            actor: user.map(UserId),
            actor_email: email.as_str().to_owned(),
            detail: reason.to_owned(),
            client: address.to_owned(),
            ..Default::default()
        };
        audit::record(state, entry)
    };
    let throttled = throttle::attempt(
        &state.db,
        [
            (&account_key, throttle::FREE_PER_ACCOUNT),
            (&address_key, throttle::FREE_PER_ADDRESS),
        ],
        at,
    )
    .await;
    if let Err(error) = throttled {
        tracing::warn!(address, "login refused: throttled");
        failed(None, "throttled").await?;
        return Err(error);
    }

    let credentials = db::users::credentials(&state.db, &email).await?;
    let hash = credentials.as_ref().map(|c| c.hash());
    let matches = state
        .passwords
        .verify(password.clone(), hash.clone())
        .await?;
    let user = match credentials {
        Some(user) if matches && user.is_active && !user.one_time_password_expired(at) => user,
        other => {
            // The attempt stays counted against both keys.
            let expired = other
                .as_ref()
                .is_some_and(|u| matches && u.one_time_password_expired(at));
            tracing::warn!(
                address,
                known_account = other.is_some(),
                expired_one_time_password = expired,
                "login failed"
            );
            let reason = match &other {
                None => "unknown",
                Some(_) if expired => "expired",
                Some(u) if matches && !u.is_active => "inactive",
                Some(_) => "password",
            };
            failed(other.map(|u| u.user_id), reason).await?;
            return Err(AppError::InvalidCredentials);
        }
    };
    let user_id = UserId(user.user_id);
    let session_user = db::users::session_user(&state.db, user_id)
        .await?
        .ok_or(AppError::InvalidCredentials)?;
    if !session_user.organization_active {
        tracing::warn!(
            user_id = user.user_id,
            "login refused: organisation inactive"
        );
        failed(Some(user.user_id), "inactive").await?;
        return Err(AppError::InvalidCredentials);
    }
    throttle::succeeded(&state.db, &account_key, &address_key).await?;
    // A hash made with weaker parameters than today's is made again while the password is known.
    if let Some(old) = hash.filter(super::passwords::is_outdated) {
        let new = state.passwords.hash(password).await?;
        if db::users::replace_password_hash(&state.db, user_id, &old, &new).await? {
            tracing::info!(user_id = user.user_id, "password hash strengthened");
        }
    }
    if session_user.me.second_factor {
        auth::await_second_factor(session, user_id, user.session_epoch).await?;
        tracing::info!(
            user_id = user.user_id,
            "password right; second factor asked"
        );
        return Ok(LoggedIn {
            language: session_user.me.language,
            must_change_password: false,
            second_factor_needed: true,
            must_enrol: false,
        });
    }
    finish_sign_in(state, session, &session_user, client, "password", false).await
}

/// Starts the session of a user whose factors were all right, and records the sign-in. A
/// user who must use a second factor and signed in without one (`multi_factor`: a second
/// factor or a passkey was used) gets one sign-in of grace; after it, the session may do
/// nothing but enrol.
pub(super) async fn finish_sign_in(
    state: &AppState,
    session: &Session,
    user: &db::users::SessionUser,
    client: &Client<'_>,
    how: &str,
    multi_factor: bool,
) -> Result<LoggedIn, AppError> {
    let me = &user.me;
    let at = now();
    let must_enrol = me.second_factor_required
        && !multi_factor
        && !me.second_factor
        && !db::second_factors::take_grace(&state.db, me.user_id, at).await?;
    let start = auth::Start {
        user_id: me.user_id,
        epoch: user.session_epoch,
        client: client.address,
        user_agent: client.user_agent,
        must_enrol,
    };
    auth::begin(state, session, start).await?;
    db::users::record_login(&state.db, me.user_id, at).await?;
    let mut entry = Who::user(me, client.address).entry(AuditKind::SignIn);
    entry.detail = how.to_owned();
    audit::record(state, entry).await?;
    tracing::info!(user_id = me.user_id.0, how, must_enrol, "logged in");
    Ok(LoggedIn {
        language: me.language,
        must_change_password: me.must_change_password,
        second_factor_needed: false,
        must_enrol,
    })
}

/// Changes the caller's own password; every other session of theirs ends, this one goes on.
pub async fn change_password(
    state: &AppState,
    session: &Session,
    by: &Who,
    me: &Me,
    current: String,
    new: String,
    confirm: String,
) -> Result<(), AppError> {
    let mut errors = FormErrors::new();
    if current.is_empty() {
        errors.add("current_password", Problem::Required);
    }
    if new != confirm {
        errors.add("confirm_password", Problem::PasswordMismatch);
    }
    if !current.is_empty() && new == current {
        errors.add("new_password", Problem::PasswordUnchanged);
    }
    let inputs = vec![me.full_name.clone(), me.email.clone()];
    if let Some(problem) = state.passwords.problem(new.clone(), inputs).await? {
        errors.add("new_password", problem);
    }
    errors.into_result()?;
    let hash = db::users::password_hash(&state.db, me.user_id).await?;
    if !state.passwords.verify(current, hash).await? {
        tracing::warn!(
            user_id = me.user_id.0,
            "password change refused: wrong current password"
        );
        return Err(FormErrors::single(
            "current_password",
            Problem::WrongCurrentPassword,
        ));
    }
    let hash = state.passwords.hash(new).await?;
    let epoch = db::users::set_password(&state.db, me.user_id, &hash, None, now())
        .await?
        .ok_or(AppError::NotFound)?;
    auth::renew(session, epoch).await?;
    let current = auth::handle(session).await?;
    db::sessions::end_all_but(&state.db, me.user_id, current.as_deref()).await?;
    audit::record(state, by.entry(AuditKind::PasswordChanged)).await?;
    tracing::info!(
        user_id = me.user_id.0,
        "password changed; other sessions ended"
    );
    Ok(())
}

/// Checks what the database must confirm about a user: the organisation exists, is active,
/// and fits the role.
async fn check_organization(
    state: &AppState,
    form: &UserForm,
    input: &UserInput,
) -> Result<(), AppError> {
    let mut errors = FormErrors::new();
    match db::organizations::kind_and_activity(&state.db, input.organization_id).await? {
        None => errors.add("organization_id", Problem::UnknownChoice),
        Some((kind, active)) => {
            if !active && input.is_active {
                errors.add("organization_id", Problem::OrganizationInactive);
            }
            if input.role.requires_coordinating_body()
                && kind != crate::domain::roles::OrgKind::CoordinatingBody
            {
                errors.add("role", Problem::RoleNeedsCoordinatingBody);
            }
        }
    }
    if errors.is_empty() {
        Ok(())
    } else {
        Err(form.fail(errors))
    }
}

fn email_taken(form: &UserForm, error: sqlx::Error) -> AppError {
    if db::is_unique_violation(&error) {
        let mut errors = FormErrors::new();
        errors.add("email", Problem::EmailTaken);
        form.fail(errors)
    } else {
        error.into()
    }
}

/// Creates an account with a one-time password, which the caller shows once.
pub async fn create_user(
    state: &AppState,
    by: &Who,
    form: &UserForm,
    is_demo: bool,
) -> Result<(UserId, String), AppError> {
    let input = UserInput::parse(form)?;
    check_organization(state, form, &input).await?;
    let password = generate_one_time();
    let hash = state.passwords.hash(password.clone()).await?;
    let new_user = db::users::NewUser {
        input: &input,
        password_hash: &hash,
        one_time_until: Some(now() + state.limits.one_time_password_lifetime),
        is_demo,
    };
    let user_id = db::users::insert(&state.db, new_user, now())
        .await
        .map_err(|e| email_taken(form, e))?;
    let mut entry = by.entry(AuditKind::UserCreated);
    entry.subject_user = Some(user_id);
    entry.detail = created(user_fields(&input));
    audit::record(state, entry).await?;
    tracing::info!(
        user_id = user_id.0,
        role = input.role.as_str(),
        "user created"
    );
    Ok((user_id, password))
}

/// Saves an administrator's changes to an account. An administrator cannot lock themselves
/// out: no deactivating or demoting oneself.
pub async fn update_user(
    state: &AppState,
    by: &Who,
    me: &Me,
    user_id: UserId,
    form: &UserForm,
) -> Result<(), AppError> {
    let input = UserInput::parse(form)?;
    if user_id == me.user_id {
        let mut errors = FormErrors::new();
        if !input.is_active {
            errors.add("is_active", Problem::CannotDeactivateSelf);
        }
        if input.role != me.role {
            errors.add("role", Problem::CannotDemoteSelf);
        }
        if !errors.is_empty() {
            return Err(form.fail(errors));
        }
    }
    check_organization(state, form, &input).await?;
    let before = db::users::get(&state.db, user_id, None)
        .await?
        .ok_or(AppError::NotFound)?;
    let found = db::users::update(&state.db, user_id, &input, now())
        .await
        .map_err(|e| email_taken(form, e))?;
    if !found {
        return Err(AppError::NotFound);
    }
    if !input.is_active {
        db::sessions::end_all_but(&state.db, user_id, None).await?;
    }
    let old = [
        ("full_name", before.full_name.clone()),
        ("email", before.email.clone()),
        ("organization", before.organization_id.to_string()),
        ("role", before.role.as_str().to_owned()),
        ("language", before.language.code().to_owned()),
        ("active", before.is_active.to_string()),
    ];
    let detail = changes(
        old.into_iter()
            .zip(user_fields(&input))
            .map(|((field, old), (_, new))| (field, old, new)),
    );
    if !detail.is_empty() {
        let mut entry = by.entry(AuditKind::UserChanged);
        entry.subject_user = Some(user_id);
        entry.detail = detail;
        audit::record(state, entry).await?;
    }
    tracing::info!(
        user_id = user_id.0,
        active = input.is_active,
        "user updated"
    );
    Ok(())
}

/// A user's fields as the audit log writes them.
fn user_fields(input: &UserInput) -> [(&'static str, String); 6] {
    [
        ("full_name", input.full_name.clone()),
        ("email", input.email.as_str().to_owned()),
        ("organization", input.organization_id.to_string()),
        ("role", input.role.as_str().to_owned()),
        ("language", input.language.code().to_owned()),
        ("active", input.is_active.to_string()),
    ]
}

/// Replaces a user's password with a new one-time password, ending their sessions.
pub async fn reset_password(
    state: &AppState,
    by: &Who,
    user_id: UserId,
) -> Result<String, AppError> {
    let password = generate_one_time();
    let hash = state.passwords.hash(password.clone()).await?;
    let until = now() + state.limits.one_time_password_lifetime;
    db::users::set_password(&state.db, user_id, &hash, Some(until), now())
        .await?
        .ok_or(AppError::NotFound)?;
    db::sessions::end_all_but(&state.db, user_id, None).await?;
    let mut entry = by.entry(AuditKind::PasswordReset);
    entry.subject_user = Some(user_id);
    audit::record(state, entry).await?;
    tracing::info!(user_id = user_id.0, "one-time password issued");
    Ok(password)
}

/// The first administrator of a fresh installation, made from the command line.
pub async fn create_administrator(
    state: &AppState,
    full_name: &str,
    email: &str,
    organization_id: OrganizationId,
    language: Lang,
) -> Result<(UserId, String), AppError> {
    let form = UserForm {
        full_name: full_name.to_owned(),
        email: email.to_owned(),
        organization_id: organization_id.to_string(),
        role: "administrator".to_owned(),
        language: language.code().to_owned(),
        is_active: true,
    };
    create_user(state, &Who::system("command line"), &form, false).await
}
