//! The concept's framework, public to everyone (the principle of openness).

use crate::domain::views::{Framework, Territory};
use crate::error::AppError;
use leptos::prelude::*;

/// Directions, goals, objectives, aims and principles, with territory counts.
#[server(endpoint = "framework")]
pub async fn get_framework() -> Result<Framework, AppError> {
    crate::backend::state::state()?.framework().await
}

/// Every region, district and municipality, for choosing places in forms.
#[server(endpoint = "territory")]
pub async fn get_territory() -> Result<Territory, AppError> {
    use crate::backend::{auth, state::state};
    use crate::domain::policy::Action;
    auth::require(Action::ViewOrganizations).await?;
    state()?.territory().await
}
