//! The notification centre's service: the caller's own notifications, a page at a time, and
//! marking them read. Who is told of what is decided where the change is written
//! (`db::tasks`, `db::reports`), in its transaction.

use super::db::{self, notifications::unread};
use super::{now, state::AppState};
use crate::domain::ids::UserId;
use crate::domain::notifications::{
    Kind, MailChoices, MailPreferences, MailState, NotificationPage, Outbox, PAGE_SIZE,
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

/// Which kinds the caller receives by email; administrators also see the outbox.
pub async fn mail_preferences(
    state: &AppState,
    permit: &Permit,
) -> Result<MailPreferences, AppError> {
    let Scope::OwnAccount(me) = permit.scope() else {
        return Err(AppError::Forbidden);
    };
    let off = db::mail::switched_off(&state.db, me).await?;
    let kinds = Kind::ALL.iter().map(|k| (*k, !off.contains(k))).collect();
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
    Ok(MailPreferences { kinds, outbox })
}

/// Saves which kinds the caller receives by email: the ticked ones, every other one off. An
/// unknown kind is refused.
pub async fn save_mail_preferences(
    state: &AppState,
    permit: &Permit,
    form: &MailChoices,
) -> Result<(), AppError> {
    let Scope::OwnAccount(me) = permit.scope() else {
        return Err(AppError::Forbidden);
    };
    let wanted = form
        .wanted
        .iter()
        .map(|k| Kind::parse(k).ok_or(AppError::BadRequest))
        .collect::<Result<Vec<_>, _>>()?;
    for kind in Kind::ALL {
        db::mail::set_wanted(&state.db, me, kind, wanted.contains(&kind)).await?;
    }
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
    db::mail::set_wanted(&state.db, UserId(user), kind, false).await?;
    tracing::info!(user, kind = kind.as_str(), "unsubscribed");
    Ok(())
}

/// The daily reminders of due dates for `today` (a calendar day in Bishkek): written, or with
/// `dry_run` only counted (the transaction is rolled back). Running it again the same day
/// writes nothing new. How many each kind wrote.
pub async fn remind(
    state: &AppState,
    today: time::Date,
    dry_run: bool,
) -> Result<Vec<(Kind, u64)>, AppError> {
    let mut tx = state.db.begin().await?;
    let written = db::notifications::remind(&mut tx, today, now()).await?;
    if dry_run {
        tx.rollback().await?;
    } else {
        tx.commit().await?;
    }
    Ok(written)
}
