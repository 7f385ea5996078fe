//! The organisation directory, and the administrator's changes to it.
//!
//! The create and update functions take one argument per form field, so that the forms post
//! to them as plain HTML; the client functions the macro generates take as many.
#![allow(clippy::too_many_arguments)]

use crate::domain::{
    filters::{OrganizationFilter, Page},
    views::{Organization, OrganizationPage},
};
use crate::error::AppError;
use leptos::prelude::*;

/// One page of the directory. Every logged-in role may read it.
#[server(endpoint = "organizations/list")]
pub async fn list_organizations(
    filter: OrganizationFilter,
) -> Result<Page<Organization>, AppError> {
    use crate::domain::policy::Action;
    use crate::server::{auth, db, state::state};
    auth::require(Action::ViewOrganizations).await?;
    Ok(db::organizations::list(&state()?.db, &filter.normalized()).await?)
}

/// An organisation, with its people if the caller may see them.
#[server(endpoint = "organizations/page")]
pub async fn get_organization_page(organization_id: i64) -> Result<OrganizationPage, AppError> {
    use crate::domain::{filters::UserFilter, ids::OrganizationId, policy::Action};
    use crate::server::{auth, db, state::state};
    let permit = auth::require(Action::ViewOrganizations).await?;
    let db = &state()?.db;
    let id = OrganizationId(organization_id);
    let organization = db::organizations::get(db, id)
        .await?
        .ok_or(AppError::NotFound)?;
    let users_scope = permit.scope_of(Action::ViewUsers);
    let users = if users_scope.covers_organization(id) {
        let filter = UserFilter {
            organization_id: Some(id),
            page: 1,
            ..Default::default()
        };
        Some(
            db::users::list(db, users_scope.organization_filter(), &filter)
                .await?
                .rows,
        )
    } else {
        None
    };
    let can_manage = permit.may(Action::ManageOrganizations);
    Ok(OrganizationPage {
        organization,
        users,
        can_manage,
    })
}

/// Creates an organisation and opens its page.
#[server(endpoint = "organizations/create")]
pub async fn create_organization(
    kind: String,
    name_ky: String,
    name_ru: String,
    name_en: String,
    region_code: String,
    district_code: String,
    municipality_code: String,
    contact_email: String,
    contact_phone: String,
    address: String,
    is_active: Option<String>,
) -> Result<(), AppError> {
    use crate::domain::{inputs::OrganizationForm, policy::Action};
    use crate::server::{auth, organizations, state::state};
    auth::require(Action::ManageOrganizations).await?;
    let form = OrganizationForm {
        kind,
        name_ky,
        name_ru,
        name_en,
        region_code,
        district_code,
        municipality_code,
        contact_email,
        contact_phone,
        address,
        is_active: is_active.is_some(),
    };
    let id = organizations::create(&state()?, &form, false).await?;
    leptos_axum::redirect(&format!("/organizations/{id}?done=created"));
    Ok(())
}

/// Saves changes to an organisation.
#[server(endpoint = "organizations/update")]
pub async fn update_organization(
    organization_id: i64,
    kind: String,
    name_ky: String,
    name_ru: String,
    name_en: String,
    region_code: String,
    district_code: String,
    municipality_code: String,
    contact_email: String,
    contact_phone: String,
    address: String,
    is_active: Option<String>,
) -> Result<(), AppError> {
    use crate::domain::{ids::OrganizationId, inputs::OrganizationForm, policy::Action};
    use crate::server::{auth, organizations, state::state};
    auth::require(Action::ManageOrganizations).await?;
    let form = OrganizationForm {
        kind,
        name_ky,
        name_ru,
        name_en,
        region_code,
        district_code,
        municipality_code,
        contact_email,
        contact_phone,
        address,
        is_active: is_active.is_some(),
    };
    organizations::update(&state()?, OrganizationId(organization_id), &form).await?;
    leptos_axum::redirect(&format!("/organizations/{organization_id}?done=saved"));
    Ok(())
}
