//! National indicators: the catalogue and its form, an indicator's page, entering a value, and
//! the coordinators' decision on it.

use crate::domain::{
    indicators::inputs::{IndicatorForm, ValueForm},
    indicators::views::{IndicatorFormPage, IndicatorListPage, IndicatorPage},
};
use crate::error::AppError;
use leptos::prelude::*;

/// The catalogue with each indicator's latest value and progress.
#[server(endpoint = "indicators/list")]
pub async fn list_indicators() -> Result<IndicatorListPage, AppError> {
    use crate::backend::{auth, indicators, state::state};
    use crate::domain::policy::Action;
    let permit = auth::require(Action::ViewIndicators).await?;
    indicators::list(&state()?, &permit).await
}

/// An indicator with its series, entered values and what the caller may do.
#[server(endpoint = "indicators/page")]
pub async fn get_indicator_page(indicator_id: i64) -> Result<IndicatorPage, AppError> {
    use crate::backend::{auth, indicators, state::state};
    use crate::domain::{ids::IndicatorId, policy::Action};
    let permit = auth::require(Action::ViewIndicators).await?;
    indicators::page(&state()?, &permit, IndicatorId(indicator_id)).await
}

/// The catalogue form: empty, or filled with the entry `indicator_id`.
#[server(endpoint = "indicators/form")]
pub async fn get_indicator_form(indicator_id: Option<i64>) -> Result<IndicatorFormPage, AppError> {
    use crate::backend::{auth, indicators, state::state};
    use crate::domain::{ids::IndicatorId, policy::Action};
    let permit = auth::require(Action::ManageIndicators).await?;
    indicators::form_page(&state()?, &permit, indicator_id.map(IndicatorId)).await
}

/// Adds (no `indicator_id`) or edits a catalogue entry.
#[server(endpoint = "indicators/save")]
pub async fn save_indicator(
    indicator_id: Option<i64>,
    version: Option<i64>,
    form: IndicatorForm,
) -> Result<(), AppError> {
    use crate::backend::{auth, indicators, state::state};
    use crate::domain::{ids::IndicatorId, policy::Action};
    let permit = auth::require(Action::ManageIndicators).await?;
    let state = state()?;
    let id = match indicator_id {
        None => indicators::create(&state, &permit, &form, crate::backend::request_lang()).await?,
        Some(id) => {
            let id = IndicatorId(id);
            indicators::update(
                &state,
                &permit,
                id,
                version.unwrap_or_default(),
                &form,
                crate::backend::request_lang(),
            )
            .await?;
            id
        }
    };
    leptos_axum::redirect(&format!("/indicators/{id}?done=saved"));
    Ok(())
}

/// Enters a value for a period and breakdown, with its source.
#[server(endpoint = "indicators/enter")]
pub async fn enter_value(indicator_id: i64, form: ValueForm) -> Result<(), AppError> {
    use crate::backend::{auth, indicators, state::state};
    use crate::domain::{ids::IndicatorId, policy::Action};
    let permit = auth::require(Action::EnterIndicatorValues).await?;
    indicators::enter(
        &state()?,
        &permit,
        IndicatorId(indicator_id),
        &form,
        crate::backend::request_lang(),
    )
    .await?;
    leptos_axum::redirect(&format!("/indicators/{indicator_id}?done=entered#values"));
    Ok(())
}

/// Accepts or returns (with a comment) a submitted value.
#[server(endpoint = "indicators/decide")]
pub async fn decide_value(
    value_id: i64,
    version: i64,
    mv: String,
    note: Option<String>,
) -> Result<(), AppError> {
    use crate::backend::{auth, indicators, state::state};
    use crate::domain::{ids::ValueId, policy::Action};
    let permit = auth::require(Action::ReviewIndicatorValues).await?;
    let indicator = indicators::decide(
        &state()?,
        &permit,
        ValueId(value_id),
        version,
        &mv,
        note.as_deref().unwrap_or_default(),
    )
    .await
    .map_err(|error| match error {
        AppError::Invalid(mut errors) => {
            errors
                .values
                .push(("value_id".to_owned(), value_id.to_string()));
            errors.values.push(("mv".to_owned(), mv.clone()));
            AppError::Invalid(errors)
        }
        other => other,
    })?;
    leptos_axum::redirect(&format!("/indicators/{indicator}?done={mv}#values"));
    Ok(())
}
