//! Organisation scorecards over the dashboard's selection, as the caller may see them.

use crate::domain::dashboard::scorecards::{ScoreQuery, Scorecards};
use crate::error::AppError;
use crate::i18n::Lang;
use leptos::prelude::*;

/// A page of scorecards for the query (names sorted as `lang` spells them).
#[server(endpoint = "scorecards")]
pub async fn get_scorecards(query: ScoreQuery, lang: Lang) -> Result<Scorecards, AppError> {
    use crate::backend::{auth, rate_limit, scorecards, state::state};
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
    scorecards::scorecards(&state, permit.scope(), query.normalized(), lang).await
}
