//! The organisation directory, and the administrator's changes to it.
//!
//! The create and update functions take the form as one struct, which plain HTML forms post
//! as `form[name_ru]` fields.

use crate::domain::{
    filters::{OrganizationFilter, Page},
    inputs::OrganizationForm,
    views::{Organization, OrganizationPage},
};
use crate::error::AppError;
use leptos::prelude::*;

/// One page of the directory. Every logged-in role may read it.
#[server(endpoint = "organizations/list")]
pub async fn list_organizations(
    filter: OrganizationFilter,
) -> Result<Page<Organization>, AppError> {
    use crate::backend::{auth, db, state::state};
    use crate::domain::policy::Action;
    auth::require(Action::ViewOrganizations).await?;
    Ok(db::organizations::list(&state()?.db, &filter.normalized()).await?)
}

/// An organisation, with its people if the caller may see them.
#[server(endpoint = "organizations/page")]
pub async fn get_organization_page(organization_id: i64) -> Result<OrganizationPage, AppError> {
    use crate::backend::{auth, db, state::state};
    use crate::domain::{filters::UserFilter, ids::OrganizationId, policy::Action};
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
pub async fn create_organization(form: OrganizationForm) -> Result<(), AppError> {
    use crate::backend::{auth, organizations, state::state};
    use crate::domain::policy::Action;
    let permit = auth::require(Action::ManageOrganizations).await?;
    let by = auth::who(&permit).await;
    let id = organizations::create(&state()?, &by, &form, false).await?;
    leptos_axum::redirect(&format!("/organizations/{id}?done=created"));
    Ok(())
}

/// Saves changes to an organisation.
#[server(endpoint = "organizations/update")]
pub async fn update_organization(
    organization_id: i64,
    form: OrganizationForm,
) -> Result<(), AppError> {
    use crate::backend::{auth, organizations, state::state};
    use crate::domain::{ids::OrganizationId, policy::Action};
    let permit = auth::require(Action::ManageOrganizations).await?;
    let by = auth::who(&permit).await;
    organizations::update(&state()?, &by, OrganizationId(organization_id), &form).await?;
    leptos_axum::redirect(&format!("/organizations/{organization_id}?done=saved"));
    Ok(())
}

/// What registering the territory's bodies for `scope` would do, level by level.
#[server(endpoint = "organizations/onboard/preview")]
pub async fn get_onboarding_preview(
    scope: crate::domain::onboarding::TerritoryScope,
) -> Result<crate::domain::onboarding::OnboardingPreview, AppError> {
    use crate::backend::{auth, onboarding, state::state};
    use crate::domain::policy::Action;
    auth::require(Action::ManageOrganizations).await?;
    onboarding::preview(&state()?, scope).await
}

/// Registers the territory's missing bodies for `scope`, then shows the page again with how
/// many were registered.
#[server(endpoint = "organizations/onboard")]
pub async fn onboard_territory(
    scope: crate::domain::onboarding::TerritoryScope,
) -> Result<u64, AppError> {
    use crate::backend::{auth, onboarding, state::state};
    use crate::domain::policy::Action;
    let permit = auth::require(Action::ManageOrganizations).await?;
    let by = auth::who(&permit).await;
    let registered = onboarding::register(&state()?, &by, &scope).await?;
    let query = scope.query();
    let separator = if query.is_empty() { "" } else { "&" };
    leptos_axum::redirect(&format!(
        "/organizations/onboard?{query}{separator}registered={registered}"
    ));
    Ok(registered)
}
