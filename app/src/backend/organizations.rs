//! Creating and editing organisations, with the territory checked against the database; each
//! change is written in the audit log, field by field.

use super::audit::{self, Who};
use super::{db, now, state::AppState};
use crate::domain::{
    audit::{AuditKind, changes, created},
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

/// An organisation's fields as the audit log writes them.
fn fields(input: &OrganizationInput) -> [(&'static str, String); 11] {
    let text = |v: &Option<String>| v.clone().unwrap_or_default();
    [
        ("kind", input.kind.as_str().to_owned()),
        ("name_ky", input.name_ky.clone()),
        ("name_ru", input.name_ru.clone()),
        ("name_en", input.name_en.clone()),
        ("region", text(&input.region_code)),
        ("district", text(&input.district_code)),
        ("municipality", text(&input.municipality_code)),
        (
            "contact_email",
            input
                .contact_email
                .as_ref()
                .map(|e| e.as_str().to_owned())
                .unwrap_or_default(),
        ),
        ("contact_phone", text(&input.contact_phone)),
        ("address", text(&input.address)),
        ("active", input.is_active.to_string()),
    ]
}

pub async fn create(
    state: &AppState,
    by: &Who,
    form: &OrganizationForm,
    is_demo: bool,
) -> Result<OrganizationId, AppError> {
    let input = OrganizationInput::parse(form)?;
    check_territory(state, form, &input).await?;
    let id = db::organizations::insert(&state.db, &input, is_demo, now()).await?;
    let mut entry = by.entry(AuditKind::OrganizationCreated);
    entry.subject_organization = Some(id);
    entry.detail = created(fields(&input));
    audit::record(state, entry).await?;
    tracing::info!(
        organization_id = id.0,
        kind = input.kind.as_str(),
        "organisation created"
    );
    Ok(id)
}

pub async fn update(
    state: &AppState,
    by: &Who,
    id: OrganizationId,
    form: &OrganizationForm,
) -> Result<(), AppError> {
    let input = OrganizationInput::parse(form)?;
    check_territory(state, form, &input).await?;
    let before = db::organizations::get(&state.db, id)
        .await?
        .ok_or(AppError::NotFound)?;
    if !db::organizations::update(&state.db, id, &input, now()).await? {
        return Err(AppError::NotFound);
    }
    let old = OrganizationInput {
        kind: before.kind,
        name_ky: before.name.ky,
        name_ru: before.name.ru,
        name_en: before.name.en,
        region_code: before.region_code,
        district_code: before.district_code,
        municipality_code: before.municipality_code,
        contact_email: before
            .contact_email
            .as_deref()
            .and_then(|e| crate::domain::inputs::Email::parse(e).ok()),
        contact_phone: before.contact_phone,
        address: before.address,
        is_active: before.is_active,
    };
    let detail = changes(
        fields(&old)
            .into_iter()
            .zip(fields(&input))
            .map(|((field, old), (_, new))| (field, old, new)),
    );
    if !detail.is_empty() {
        let mut entry = by.entry(AuditKind::OrganizationChanged);
        entry.subject_organization = Some(id);
        entry.detail = detail;
        audit::record(state, entry).await?;
    }
    tracing::info!(
        organization_id = id.0,
        active = input.is_active,
        "organisation updated"
    );
    Ok(())
}
