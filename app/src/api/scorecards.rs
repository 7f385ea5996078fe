//! Organisation scorecards over the dashboard's selection, as the caller may see them.

use crate::domain::scorecards::{ScoreQuery, Scorecards};
use crate::error::AppError;
use crate::i18n::Lang;
use leptos::prelude::*;

/// A page of scorecards for the query (names sorted as `lang` spells them).
#[server(endpoint = "scorecards")]
pub async fn get_scorecards(query: ScoreQuery, lang: Lang) -> Result<Scorecards, AppError> {
    use crate::domain::policy::Action;
    use crate::server::{auth, scorecards, state::state};
    let (_, scope) = auth::require(Action::ViewDashboard).await?;
    scorecards::scorecards(&state()?, scope, query, lang).await
}
