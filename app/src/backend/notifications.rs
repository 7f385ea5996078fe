//! The notification centre's service: the caller's own notifications, a page at a time, and
//! marking them read. Who is told of what is decided where the change is written
//! (`db::tasks`, `db::reports`), in its transaction.

use super::db::{self, notifications::unread};
use super::{now, state::AppState};
use crate::domain::ids::UserId;
use crate::domain::notifications::{
    ContactForm, Delivery, EscalationContact, Kind, MailChoices, MailPreferences, MailState,
    NotificationPage, Outbox, PAGE_SIZE,
};
use crate::domain::policy::{Action, Permit, Scope};
use crate::error::AppError;

/// The caller's notifications older than `older` (the newest when `None`).
pub async fn page(
    state: &AppState,
    permit: &Permit,
    older: Option<i64>,
) -> Result<NotificationPage, AppError> {
    let Scope::OwnAccount(me) = permit.scope() else {
        return Err(AppError::Forbidden);
    };
    let mut items = db::notifications::list(&state.db, me, older, PAGE_SIZE + 1).await?;
    let older = (items.len() as i64 > PAGE_SIZE).then(|| {
        items.truncate(PAGE_SIZE as usize);
        items.last().map(|i| i.id)
    });
    Ok(NotificationPage {
        items,
        unread: unread(&state.db, me).await?,
        older: older.flatten(),
    })
}

/// How many of the caller's notifications are unread (the count in the navigation).
pub async fn unread_count(state: &AppState, permit: &Permit) -> Result<i64, AppError> {
    let Scope::OwnAccount(me) = permit.scope() else {
        return Err(AppError::Forbidden);
    };
    state
        .caches
        .unread_notifications
        .get_or_read(me, || async {
            Ok::<_, AppError>(unread(&state.db, me).await?)
        })
        .await
}

/// Marks the caller's notification `id` read, or every one up to it when `all`. Someone
/// else's notification (or one that does not exist) is not found.
pub async fn mark_read(
    state: &AppState,
    permit: &Permit,
    id: i64,
    all: bool,
) -> Result<u64, AppError> {
    let Scope::OwnAccount(me) = permit.scope() else {
        return Err(AppError::Forbidden);
    };
    if !db::notifications::belongs_to(&state.db, id, me).await? {
        return Err(AppError::NotFound);
    }
    let changed = db::notifications::mark_read(&state.db, me, id, all, now()).await?;
    if changed > 0 {
        super::cache::writes().written();
    }
    Ok(changed)
}

/// How the caller receives each kind that can reach them by email; administrators also see
/// the outbox.
pub async fn mail_preferences(
    state: &AppState,
    permit: &Permit,
) -> Result<MailPreferences, AppError> {
    let Scope::OwnAccount(me) = permit.scope() else {
        return Err(AppError::Forbidden);
    };
    let set = db::mail::deliveries(&state.db, me).await?;
    let role = permit.me().role;
    let kinds = Kind::ALL
        .into_iter()
        .filter(|k| k.for_role(role))
        .map(|k| {
            let chosen = set.iter().find(|(s, _)| *s == k).map(|(_, d)| *d);
            (k, chosen.unwrap_or(Delivery::Immediate))
        })
        .collect();
    let outbox = if permit.may(Action::ManageUsers) {
        let by_state = db::mail::counts(&state.db)
            .await?
            .into_iter()
            .filter_map(|(s, n)| MailState::parse(&s).map(|s| (s, n)))
            .collect();
        Some(Outbox {
            configured: state.mail_configured,
            by_state,
        })
    } else {
        None
    };
    let contact = match permit.scope_of(Action::SetEscalationContact) {
        Scope::Organization(org) => {
            let org = db::organizations::get(&state.db, org)
                .await?
                .ok_or(AppError::NotFound)?;
            Some(EscalationContact {
                organization: org.name,
                email: org.contact_email.unwrap_or_default(),
            })
        }
        _ => None,
    };
    Ok(MailPreferences {
        kinds,
        outbox,
        contact,
    })
}

/// Sets the caller's organisation's contact address for escalations (its reporters may, as
/// administrators may for any organisation on its page); empty clears it.
pub async fn save_escalation_contact(
    state: &AppState,
    permit: &Permit,
    form: &ContactForm,
) -> Result<(), AppError> {
    let org = match permit.scope() {
        Scope::Organization(org) => org,
        Scope::All => permit.me().organization_id,
        _ => return Err(AppError::Forbidden),
    };
    let email = form.parse()?;
    let email = email.as_ref().map(|e| e.as_str());
    if !db::organizations::set_contact_email(&state.db, org, email, now()).await? {
        return Err(AppError::NotFound);
    }
    super::cache::writes().written();
    tracing::info!(organization = org.0, "escalation contact set");
    Ok(())
}

/// Saves how the caller receives the kinds posted. An unknown kind or delivery, or one the
/// kind does not allow (an escalation cannot be switched off), is refused and nothing is saved.
pub async fn save_mail_preferences(
    state: &AppState,
    permit: &Permit,
    form: &MailChoices,
) -> Result<(), AppError> {
    let Scope::OwnAccount(me) = permit.scope() else {
        return Err(AppError::Forbidden);
    };
    let choices = form.parse().ok_or(AppError::BadRequest)?;
    db::mail::set_deliveries(&state.db, me, &choices).await?;
    Ok(())
}

/// Stops `kind` by email for `user`, if `signature` is the one the message carried.
pub async fn unsubscribe(
    state: &AppState,
    user: i64,
    kind: &str,
    signature: &str,
) -> Result<(), AppError> {
    let kind = Kind::parse(kind).ok_or(AppError::NotFound)?;
    let secret = super::mail::secret(state).await?;
    if !super::mail::unsubscribe_signed(&secret, user, kind, signature) {
        return Err(AppError::NotFound);
    }
    if kind.choices().is_empty() {
        return Err(AppError::NotFound);
    }
    db::mail::set_deliveries(&state.db, UserId(user), &[(kind, Delivery::Off)]).await?;
    tracing::info!(user, kind = kind.as_str(), "unsubscribed");
    Ok(())
}
