//! Tasks: the list, the task page, the form's choices, creating, moving and commenting, and
//! the inbox. Forms post here as plain HTML: a form's fields arrive as one struct argument
//! (`form[title_ru]`, lists as `form[objectives][]`), the task it acts on beside it.

use crate::domain::{
    tasks::filters::TaskFilter,
    tasks::inputs::{MoveForm, TaskForm},
    tasks::views::{Inbox, TaskFormChoices, TaskListPage, TaskPage},
};
use crate::error::AppError;
use leptos::prelude::*;

/// One page of the tasks the caller may see.
#[server(endpoint = "tasks/list")]
pub async fn list_tasks(filter: TaskFilter) -> Result<TaskListPage, AppError> {
    use crate::backend::{auth, rate_limit, state::state, tasks};
    use crate::domain::policy::Action;
    let permit = auth::require(Action::ViewTasks).await?;
    let state = state()?;
    let filter = filter.normalized();
    // A text search reads the whole list: it counts as a costly read.
    if filter.q.is_some() {
        let address = auth::client_address().await;
        rate_limit::check(
            &state,
            rate_limit::Costly::Read,
            Some(permit.me().user_id),
            &address,
        )
        .await?;
    }
    tasks::list(&state, &permit, &filter).await
}

/// A task with its thread, history, roll-up and the moves the caller may make.
#[server(endpoint = "tasks/page")]
pub async fn get_task_page(task_id: i64) -> Result<TaskPage, AppError> {
    use crate::backend::{auth, state::state, tasks};
    use crate::domain::{ids::TaskId, policy::Action};
    let permit = auth::require(Action::ViewTasks).await?;
    tasks::page(&state()?, &permit, TaskId(task_id)).await
}

/// What the task form offers: organisations, the concept, the territory.
#[server(endpoint = "tasks/choices")]
pub async fn get_task_form_choices() -> Result<TaskFormChoices, AppError> {
    use crate::backend::{auth, db, state::state, today};
    use crate::domain::{policy::Action, roles::OrgKind};
    auth::require(Action::ManageTasks).await?;
    let state = state()?;
    let organizations = db::tasks::assignable_organizations(&state.db)
        .await?
        .into_iter()
        .filter_map(|(org, kind)| OrgKind::parse(&kind).map(|k| (org, k)))
        .collect();
    Ok(TaskFormChoices {
        organizations,
        framework: state.framework().await?,
        territory: state.territory().await?,
        today: today(),
    })
}

/// Creates a task (or assigns one to many organisations) and opens it.
#[server(endpoint = "tasks/create")]
pub async fn create_task(form: TaskForm) -> Result<(), AppError> {
    use crate::backend::{auth, state::state, tasks};
    use crate::domain::policy::Action;
    let permit = auth::require(Action::ManageTasks).await?;
    let id = tasks::create(
        &state()?,
        &permit,
        &form,
        crate::backend::request_lang(),
        false,
    )
    .await?;
    leptos_axum::redirect(&format!("/tasks/{id}?done=created"));
    Ok(())
}

/// Saves a coordinator's edit of a draft; `intent=assign` assigns it too.
#[server(endpoint = "tasks/update")]
pub async fn update_task(task_id: i64, version: i64, form: TaskForm) -> Result<(), AppError> {
    use crate::backend::{auth, state::state, tasks};
    use crate::domain::{ids::TaskId, policy::Action};
    let permit = auth::require(Action::ManageTasks).await?;
    // A draft has one lead organisation; assigning to many is only for new tasks.
    let form = TaskForm {
        assign_to: "one".to_owned(),
        bulk_kind: String::new(),
        bulk_region: String::new(),
        bulk_district: String::new(),
        ..form
    };
    tasks::update_draft(
        &state()?,
        &permit,
        TaskId(task_id),
        version,
        &form,
        crate::backend::request_lang(),
    )
    .await?;
    let done = if form.intent == "draft" {
        "saved"
    } else {
        "assign"
    };
    leptos_axum::redirect(&format!("/tasks/{task_id}?done={done}"));
    Ok(())
}

/// Makes a move on a task: accept, decline, start, complete, verify, return, reassign,
/// reschedule or cancel. `version` is the task's version the form was shown with.
#[server(endpoint = "tasks/move")]
pub async fn move_task(task_id: i64, version: i64, form: MoveForm) -> Result<(), AppError> {
    use crate::backend::{auth, state::state, tasks};
    use crate::domain::{ids::TaskId, policy::Action, tasks::inputs::MoveInput};
    let permit = auth::require(Action::ViewTasks).await?;
    // Field problems name their move, so only that move's form on the page shows them.
    let name_the_move = |error: AppError| match error {
        AppError::Invalid(mut errors) => {
            errors.values.push(("mv".to_owned(), form.mv.clone()));
            AppError::Invalid(errors)
        }
        other => other,
    };
    let input = MoveInput::parse(&form, version).map_err(name_the_move)?;
    tasks::make_move(&state()?, &permit, TaskId(task_id), &input)
        .await
        .map_err(name_the_move)?;
    leptos_axum::redirect(&format!("/tasks/{task_id}?done={}", input.mv.as_str()));
    Ok(())
}

/// Adds a comment to a task's thread.
#[server(endpoint = "tasks/comment")]
pub async fn comment_task(task_id: i64, body: String) -> Result<(), AppError> {
    use crate::backend::{auth, state::state, tasks};
    use crate::domain::{ids::TaskId, policy::Action};
    let permit = auth::require(Action::ViewTasks).await?;
    tasks::comment(&state()?, &permit, TaskId(task_id), &body).await?;
    leptos_axum::redirect(&format!("/tasks/{task_id}?done=comment#comments"));
    Ok(())
}

/// What needs the caller's action now.
#[server(endpoint = "tasks/inbox")]
pub async fn get_inbox() -> Result<Inbox, AppError> {
    use crate::backend::{auth, state::state, tasks};
    use crate::domain::policy::Action;
    let permit = auth::require(Action::ViewTasks).await?;
    tasks::inbox(&state()?, &permit, tasks::INBOX_ROWS).await
}
