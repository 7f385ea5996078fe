//! The dashboard: the concept's progress as the caller may see it, narrowed by the filter in
//! the URL.

use crate::domain::dashboard::figures::{Dashboard, DashboardFilter};
use crate::error::AppError;
use leptos::prelude::*;

/// The dashboard for the filter.
#[server(endpoint = "dashboard")]
pub async fn get_dashboard(filter: DashboardFilter) -> Result<Dashboard, AppError> {
    use crate::backend::{auth, dashboard, rate_limit, state::state};
    use crate::domain::policy::Action;
    let permit = auth::require(Action::ViewDashboard).await?;
    let state = state()?;
    let address = auth::client_address().await;
    rate_limit::check(
        &state,
        rate_limit::Costly::Read,
        Some(permit.me().user_id),
        &address,
    )
    .await?;
    dashboard::dashboard(&state, permit.scope(), filter.normalized()).await
}
