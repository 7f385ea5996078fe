//! Notifications: the caller's notification centre and marking notifications read. Only ever
//! the caller's own: the policy gives everyone who is logged in their own account's scope.

use crate::domain::notifications::NotificationPage;
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
