//! Civil-society activities: the list, an activity's page and form, the coordinators'
//! verification, and taking evidence off. The form itself (text and files together) posts as
//! multipart to the server's `/activities/save` and `/activities/{id}/save` routes.

use crate::domain::activities::views::{
    ActivityFilter, ActivityFormPage, ActivityListPage, ActivityPage,
};
use crate::error::AppError;
use leptos::prelude::*;

/// The session key under which the activity form's last problems wait for the form page.
pub const FORM_FLASH: &str = "activity-form";

/// One page of the activities the caller may see.
#[server(endpoint = "activities/list")]
pub async fn list_activities(filter: ActivityFilter) -> Result<ActivityListPage, AppError> {
    use crate::backend::{activities, auth, state::state};
    use crate::domain::policy::Action;
    let permit = auth::require(Action::ViewActivities).await?;
    activities::list(&state()?, &permit, &filter.normalized()).await
}

/// An activity with its evidence, history and the decisions the caller may make.
#[server(endpoint = "activities/page")]
pub async fn get_activity_page(activity_id: i64) -> Result<ActivityPage, AppError> {
    use crate::backend::{activities, auth, state::state};
    use crate::domain::{ids::ActivityId, policy::Action};
    let permit = auth::require(Action::ViewActivities).await?;
    activities::page(&state()?, &permit, ActivityId(activity_id)).await
}

/// The activity form (new when `activity_id` is absent), with the last save's problems.
#[server(endpoint = "activities/form")]
pub async fn get_activity_form(activity_id: Option<i64>) -> Result<ActivityFormPage, AppError> {
    use crate::backend::{activities, auth, state::state};
    use crate::domain::{ids::ActivityId, policy::Action};
    let permit = auth::require(Action::LogActivities).await?;
    let key = match activity_id {
        Some(id) => format!("{FORM_FLASH}:{id}"),
        None => format!("{FORM_FLASH}:new"),
    };
    let flash = auth::session().await?.remove::<AppError>(&key).await?;
    activities::form_page(&state()?, &permit, activity_id.map(ActivityId), flash).await
}

/// Verifies an activity or asks for clarification (with a comment).
#[server(endpoint = "activities/decide")]
pub async fn decide_activity(
    activity_id: i64,
    version: i64,
    mv: String,
    note: Option<String>,
) -> Result<(), AppError> {
    use crate::backend::{activities, auth, state::state};
    use crate::domain::{ids::ActivityId, policy::Action};
    let permit = auth::require(Action::VerifyActivities).await?;
    activities::decide(
        &state()?,
        &permit,
        ActivityId(activity_id),
        version,
        &mv,
        note.as_deref().unwrap_or_default(),
    )
    .await?;
    leptos_axum::redirect(&format!("/activities/{activity_id}?done={mv}"));
    Ok(())
}

/// Takes an evidence file off an activity that is not yet verified.
#[server(endpoint = "activities/remove_file")]
pub async fn remove_activity_file(activity_id: i64, file_id: i64) -> Result<(), AppError> {
    use crate::backend::{activities, auth, state::state};
    use crate::domain::{
        ids::{ActivityId, FileId},
        policy::Action,
    };
    let permit = auth::require(Action::LogActivities).await?;
    let state = state()?;
    if let Some(stored) =
        activities::detach(&state, &permit, ActivityId(activity_id), FileId(file_id)).await?
    {
        state.files.delete(&stored).await;
    }
    leptos_axum::redirect(&format!("/activities/{activity_id}/edit"));
    Ok(())
}
