//! The dashboard: the concept's progress as the caller may see it, narrowed by the filter in
//! the URL.

use crate::domain::dashboard::{Dashboard, DashboardFilter};
use crate::error::AppError;
use leptos::prelude::*;

/// The dashboard for the filter.
#[server(endpoint = "dashboard")]
pub async fn get_dashboard(filter: DashboardFilter) -> Result<Dashboard, AppError> {
    use crate::domain::policy::Action;
    use crate::server::{auth, dashboard, state::state};
    let (_, scope) = auth::require(Action::ViewDashboard).await?;
    dashboard::dashboard(&state()?, scope, filter).await
}
