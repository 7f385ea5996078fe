//! The register of new psychoactive substances: searching it, one substance, and its form.

use crate::domain::substances::{
    inputs::SubstanceForm,
    views::{Substance, SubstanceFormPage, SubstanceListPage},
};
use crate::error::AppError;
use leptos::prelude::*;

/// The substances found by any name or identifier (`q`) and chemical group.
#[server(endpoint = "substances/list")]
pub async fn list_substances(
    q: Option<String>,
    group: Option<String>,
) -> Result<SubstanceListPage, AppError> {
    use crate::backend::{auth, state::state, substances};
    use crate::domain::{policy::Action, substances::views::SubstanceFilter};
    let permit = auth::require(Action::ViewSubstances).await?;
    let filter = SubstanceFilter::parse(|k| match k {
        "q" => q.clone(),
        "group" => group.clone(),
        _ => None,
    });
    substances::list(&state()?, &permit, &filter).await
}

/// One substance in full.
#[server(endpoint = "substances/page")]
pub async fn get_substance(substance_id: i64) -> Result<Substance, AppError> {
    use crate::backend::{auth, state::state, substances};
    use crate::domain::{ids::SubstanceId, policy::Action};
    let permit = auth::require(Action::ViewSubstances).await?;
    substances::page(&state()?, &permit, SubstanceId(substance_id)).await
}

/// The register form: empty, or filled with the entry `substance_id`.
#[server(endpoint = "substances/form")]
pub async fn get_substance_form(substance_id: Option<i64>) -> Result<SubstanceFormPage, AppError> {
    use crate::backend::{auth, state::state, substances};
    use crate::domain::{ids::SubstanceId, policy::Action};
    let permit = auth::require(Action::ManageSubstances).await?;
    substances::form_page(&state()?, &permit, substance_id.map(SubstanceId)).await
}

/// Adds (no `substance_id`) or edits an entry; to its page.
#[server(endpoint = "substances/save")]
pub async fn save_substance(
    substance_id: Option<i64>,
    version: Option<i64>,
    form: SubstanceForm,
) -> Result<(), AppError> {
    use crate::backend::{auth, state::state, substances};
    use crate::domain::{ids::SubstanceId, policy::Action};
    let permit = auth::require(Action::ManageSubstances).await?;
    let state = state()?;
    let id = match substance_id {
        None => substances::create(&state, &permit, &form).await?,
        Some(id) => {
            let id = SubstanceId(id);
            substances::update(&state, &permit, id, version.unwrap_or_default(), &form).await?;
            id
        }
    };
    leptos_axum::redirect(&format!("/substances/{id}?done=saved"));
    Ok(())
}
