//! User accounts: the list each role may see, and the administrator's management of accounts.

use crate::domain::{
    filters::{Page, UserFilter},
    inputs::UserForm,
    views::{Organization, User, UserPage},
};
use crate::error::AppError;
use leptos::prelude::*;

/// One page of users, limited to what the caller's role may see (their own organisation's,
/// for reporters and observers) in the query itself.
#[server(endpoint = "users/list")]
pub async fn list_users(filter: UserFilter) -> Result<Page<User>, AppError> {
    use crate::backend::{auth, db, state::state};
    use crate::domain::policy::Action;
    let permit = auth::require(Action::ViewUsers).await?;
    Ok(db::users::list(
        &state()?.db,
        permit.organization_filter(),
        &filter.normalized(),
    )
    .await?)
}

/// A user's page; for an administrator, with a one-time password just issued, if any.
#[server(endpoint = "users/page")]
pub async fn get_user_page(user_id: i64) -> Result<UserPage, AppError> {
    use crate::backend::{auth, db, state::state};
    use crate::domain::{ids::UserId, policy::Action};
    let permit = auth::require(Action::ViewUsers).await?;
    let id = UserId(user_id);
    let user = db::users::get(&state()?.db, id, permit.organization_filter())
        .await?
        .ok_or(AppError::NotFound)?;
    let manages = permit.may(Action::ManageUsers);
    let (one_time_password, organization_choices) = if manages {
        let choices = db::organizations::all_active(&state()?.db).await?;
        (auth::take_one_time_password(id).await?, Some(choices))
    } else {
        (None, None)
    };
    Ok(UserPage {
        user,
        one_time_password,
        organization_choices,
    })
}

/// The organisations a user can be put in (administrators only).
#[server(endpoint = "users/organizations")]
pub async fn organization_choices() -> Result<Vec<Organization>, AppError> {
    use crate::backend::{auth, db, state::state};
    use crate::domain::policy::Action;
    auth::require(Action::ManageUsers).await?;
    Ok(db::organizations::all_active(&state()?.db).await?)
}

/// Creates an account with a one-time password and opens its page, which shows the password
/// once.
#[server(endpoint = "users/create")]
pub async fn create_user(form: UserForm) -> Result<(), AppError> {
    use crate::backend::{accounts, auth, state::state};
    use crate::domain::policy::Action;
    let permit = auth::require(Action::ManageUsers).await?;
    let by = auth::who(&permit).await;
    let (id, password) = accounts::create_user(&state()?, &by, &form, false).await?;
    auth::flash_one_time_password(id, &password).await?;
    leptos_axum::redirect(&format!("/users/{id}?done=created"));
    Ok(())
}

/// Saves changes to an account; deactivating it ends its sessions at once.
#[server(endpoint = "users/update")]
pub async fn update_user(user_id: i64, form: UserForm) -> Result<(), AppError> {
    use crate::backend::{accounts, auth, state::state};
    use crate::domain::{ids::UserId, policy::Action};
    let permit = auth::require(Action::ManageUsers).await?;
    let by = auth::who(&permit).await;
    accounts::update_user(&state()?, &by, permit.me(), UserId(user_id), &form).await?;
    leptos_axum::redirect(&format!("/users/{user_id}?done=saved"));
    Ok(())
}

/// Issues a new one-time password, ending the user's sessions.
#[server(endpoint = "users/reset-password")]
pub async fn reset_user_password(user_id: i64) -> Result<(), AppError> {
    use crate::backend::{accounts, auth, state::state};
    use crate::domain::{ids::UserId, policy::Action};
    let permit = auth::require(Action::ManageUsers).await?;
    let id = UserId(user_id);
    let password = accounts::reset_password(&state()?, &auth::who(&permit).await, id).await?;
    auth::flash_one_time_password(id, &password).await?;
    leptos_axum::redirect(&format!("/users/{user_id}?done=reset"));
    Ok(())
}
