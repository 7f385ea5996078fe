//! The public transparency page's service: the dashboard as the policy's public scope sees it
//! (accepted reports, verified activities) over the last four ended periods, with small counts
//! of people hidden, the indicators, and the newest public verified activities. The result is
//! kept for a few minutes, so anonymous visitors cost no database work.

use super::db;
use super::state::AppState;
use crate::domain::{
    dashboard::figures::DashboardFilter,
    policy,
    public::{PublicConcept, PublicFigures, PublicPage, public_map},
};
use crate::error::AppError;
use std::time::Duration;

/// How long the figures are kept before they are read again.
pub const MAX_AGE: Duration = Duration::from_secs(300);
/// How many public activities the page lists.
const ACTIVITIES: i64 = 20;

/// The public page, from the copy kept if it is recent enough.
pub async fn page(state: &AppState) -> Result<PublicPage, AppError> {
    state.public_page(MAX_AGE, || read(state)).await
}

/// Reads the public page afresh.
pub async fn read(state: &AppState) -> Result<PublicPage, AppError> {
    let dashboard =
        super::dashboard::dashboard(state, policy::PUBLIC, DashboardFilter::default()).await?;
    let indicators = dashboard
        .concept
        .iter()
        .flat_map(|c| c.indicators.iter().cloned())
        .collect();
    Ok(PublicPage {
        from: dashboard.from,
        to: dashboard.to,
        generated_at: super::now(),
        total: PublicFigures::of(&dashboard.total),
        concept: dashboard.concept.iter().map(PublicConcept::of).collect(),
        indicators,
        activities: db::activities::public(&state.db, ACTIVITIES).await?,
        map: public_map(&dashboard.map),
        controlled: db::substances::controlled(&state.db).await?,
    })
}
