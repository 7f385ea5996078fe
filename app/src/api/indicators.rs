//! National indicators: the catalogue and its form, an indicator's page, entering a value, and
//! the coordinators' decision on it.
#![allow(clippy::too_many_arguments)]

use crate::domain::indicator_views::{IndicatorFormPage, IndicatorListPage, IndicatorPage};
use crate::error::AppError;
use leptos::prelude::*;

/// The catalogue with each indicator's latest value and progress.
#[server(endpoint = "indicators/list")]
pub async fn list_indicators() -> Result<IndicatorListPage, AppError> {
    use crate::domain::policy::Action;
    use crate::server::{auth, indicators, state::state};
    let permit = auth::require(Action::ViewIndicators).await?;
    indicators::list(&state()?, &permit).await
}

/// An indicator with its series, entered values and what the caller may do.
#[server(endpoint = "indicators/page")]
pub async fn get_indicator_page(indicator_id: i64) -> Result<IndicatorPage, AppError> {
    use crate::domain::{ids::IndicatorId, policy::Action};
    use crate::server::{auth, indicators, state::state};
    let permit = auth::require(Action::ViewIndicators).await?;
    indicators::page(&state()?, &permit, IndicatorId(indicator_id)).await
}

/// The catalogue form: empty, or filled with the entry `indicator_id`.
#[server(endpoint = "indicators/form")]
pub async fn get_indicator_form(indicator_id: Option<i64>) -> Result<IndicatorFormPage, AppError> {
    use crate::domain::{ids::IndicatorId, policy::Action};
    use crate::server::{auth, indicators, state::state};
    let permit = auth::require(Action::ManageIndicators).await?;
    indicators::form_page(&state()?, &permit, indicator_id.map(IndicatorId)).await
}

/// Adds (no `indicator_id`) or edits a catalogue entry.
#[server(endpoint = "indicators/save")]
pub async fn save_indicator(
    indicator_id: Option<i64>,
    version: Option<i64>,
    code: String,
    name_ky: String,
    name_ru: String,
    name_en: String,
    unit_ky: String,
    unit_ru: String,
    unit_en: String,
    objective_code: String,
    direction: String,
    baseline_value: String,
    baseline_year: String,
    target_value: String,
    target_year: String,
    organization_id: String,
    frequency: String,
    by_sex: Option<String>,
    by_age: Option<String>,
    by_region: Option<String>,
) -> Result<(), AppError> {
    use crate::domain::{ids::IndicatorId, indicator_inputs::IndicatorForm, policy::Action};
    use crate::server::{auth, indicators, state::state};
    let permit = auth::require(Action::ManageIndicators).await?;
    let form = IndicatorForm {
        code,
        name_ky,
        name_ru,
        name_en,
        unit_ky,
        unit_ru,
        unit_en,
        objective_code,
        direction,
        baseline_value,
        baseline_year,
        target_value,
        target_year,
        organization_id,
        frequency,
        by_sex: by_sex.is_some(),
        by_age: by_age.is_some(),
        by_region: by_region.is_some(),
    };
    let state = state()?;
    let id = match indicator_id {
        None => indicators::create(&state, &permit, &form, crate::server::request_lang()).await?,
        Some(id) => {
            let id = IndicatorId(id);
            indicators::update(
                &state,
                &permit,
                id,
                version.unwrap_or_default(),
                &form,
                crate::server::request_lang(),
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
pub async fn enter_value(
    indicator_id: i64,
    period: String,
    cut: String,
    value: String,
    source_note: String,
) -> Result<(), AppError> {
    use crate::domain::{ids::IndicatorId, indicator_inputs::ValueForm, policy::Action};
    use crate::server::{auth, indicators, state::state};
    let permit = auth::require(Action::EnterIndicatorValues).await?;
    let form = ValueForm {
        period,
        cut,
        value,
        source_note,
    };
    indicators::enter(
        &state()?,
        &permit,
        IndicatorId(indicator_id),
        &form,
        crate::server::request_lang(),
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
    use crate::domain::{ids::ValueId, policy::Action};
    use crate::server::{auth, indicators, state::state};
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
