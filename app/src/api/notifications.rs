//! Notifications: the caller's notification centre and marking notifications read. Only ever
//! the caller's own: the policy gives everyone who is logged in their own account's scope.

use crate::domain::notifications::{ContactForm, MailChoices, MailPreferences, NotificationPage};
use crate::error::AppError;
use leptos::prelude::*;

/// A page of the caller's notifications, newest first, from below `older` if given.
#[server(endpoint = "notifications/list")]
pub async fn get_notifications(older: Option<i64>) -> Result<NotificationPage, AppError> {
    use crate::backend::{auth, notifications, state::state};
    use crate::domain::policy::Action;
    let permit = auth::require(Action::ReadNotifications).await?;
    notifications::page(&state()?, &permit, older).await
}

/// Marks one notification read, or (`all=on`) every one up to it; back to the centre.
#[server(endpoint = "notifications/read")]
pub async fn mark_notifications_read(id: i64, all: Option<String>) -> Result<(), AppError> {
    use crate::backend::{auth, notifications, state::state};
    use crate::domain::policy::Action;
    let permit = auth::require(Action::ReadNotifications).await?;
    let all = match all.as_deref() {
        None => false,
        Some("on") => true,
        Some(_) => return Err(AppError::BadRequest),
    };
    notifications::mark_read(&state()?, &permit, id, all).await?;
    leptos_axum::redirect("/notifications?done=read");
    Ok(())
}

/// Which kinds the caller receives by email (and, for administrators, the outbox's state).
#[server(endpoint = "notifications/mail")]
pub async fn get_mail_preferences() -> Result<MailPreferences, AppError> {
    use crate::backend::{auth, notifications, state::state};
    use crate::domain::policy::Action;
    let permit = auth::require(Action::ReadNotifications).await?;
    notifications::mail_preferences(&state()?, &permit).await
}

/// Saves which kinds the caller receives by email; back to the centre.
#[server(endpoint = "notifications/mail/save")]
pub async fn save_mail_preferences(form: MailChoices) -> Result<(), AppError> {
    use crate::backend::{auth, notifications, state::state};
    use crate::domain::policy::Action;
    let permit = auth::require(Action::ReadNotifications).await?;
    notifications::save_mail_preferences(&state()?, &permit, &form).await?;
    leptos_axum::redirect("/notifications?done=preferences#email");
    Ok(())
}

/// Sets the caller's organisation's contact address for escalations; back to the centre.
#[server(endpoint = "notifications/contact/save")]
pub async fn save_escalation_contact(form: ContactForm) -> Result<(), AppError> {
    use crate::backend::{auth, notifications, state::state};
    use crate::domain::policy::Action;
    let permit = auth::require(Action::SetEscalationContact).await?;
    notifications::save_escalation_contact(&state()?, &permit, &form).await?;
    leptos_axum::redirect("/notifications?done=contact#contact");
    Ok(())
}

/// Stops one kind of message for the user a signed link names (from the message itself, so
/// without logging in); back to the page that says so.
#[server(endpoint = "mail/unsubscribe")]
pub async fn unsubscribe(user: i64, kind: String, sig: String) -> Result<(), AppError> {
    use crate::backend::{notifications, state::state};
    notifications::unsubscribe(&state()?, user, &kind, &sig).await?;
    leptos_axum::redirect("/mail/unsubscribe?done=1");
    Ok(())
}
