//! Creating and editing organisations, with the territory checked against the database.

use super::{db, now, state::AppState};
use crate::domain::{
    ids::OrganizationId,
    inputs::{OrganizationForm, OrganizationInput},
};
use crate::error::{AppError, FormErrors, Problem};

/// The codes must name real places that contain one another.
async fn check_territory(
    state: &AppState,
    form: &OrganizationForm,
    input: &OrganizationInput,
) -> Result<(), AppError> {
    let mut errors = FormErrors::new();
    if let Some(region) = &input.region_code
        && !db::territory::region_exists(&state.db, region).await?
    {
        errors.add("region_code", Problem::UnknownChoice);
    }
    if input.kind.requires_territory()
        && input.district_code.is_none()
        && let Some(region) = &input.region_code
    {
        // Cities of republican significance (Bishkek, Osh) have no districts.
        if db::territory::district_count(&state.db, region).await? > 0 {
            errors.add("district_code", Problem::TerritoryRequired);
        }
    }
    if let Some(district) = &input.district_code {
        match db::territory::region_of_district(&state.db, district).await? {
            None => errors.add("district_code", Problem::UnknownChoice),
            Some(region) if input.region_code.as_ref() != Some(&region) => {
                errors.add("district_code", Problem::DistrictNotInRegion)
            }
            Some(_) => {}
        }
    }
    if let Some(municipality) = &input.municipality_code {
        match db::territory::district_of_municipality(&state.db, municipality).await? {
            None => errors.add("municipality_code", Problem::UnknownChoice),
            Some(district) if input.district_code.as_ref() != Some(&district) => {
                errors.add("municipality_code", Problem::MunicipalityNotInDistrict)
            }
            Some(_) => {}
        }
    }
    if errors.is_empty() {
        Ok(())
    } else {
        Err(form.fail(errors))
    }
}

pub async fn create(
    state: &AppState,
    form: &OrganizationForm,
    is_demo: bool,
) -> Result<OrganizationId, AppError> {
    let input = OrganizationInput::parse(form)?;
    check_territory(state, form, &input).await?;
    let id = db::organizations::insert(&state.db, &input, is_demo, now()).await?;
    tracing::info!(
        organization_id = id.0,
        kind = input.kind.as_str(),
        "organisation created"
    );
    Ok(id)
}

pub async fn update(
    state: &AppState,
    id: OrganizationId,
    form: &OrganizationForm,
) -> Result<(), AppError> {
    let input = OrganizationInput::parse(form)?;
    check_territory(state, form, &input).await?;
    if !db::organizations::update(&state.db, id, &input, now()).await? {
        return Err(AppError::NotFound);
    }
    tracing::info!(
        organization_id = id.0,
        active = input.is_active,
        "organisation updated"
    );
    Ok(())
}
