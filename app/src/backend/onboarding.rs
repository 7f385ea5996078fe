//! Territory onboarding: registers, from the territory Concord holds, the local
//! self-government bodies (and, when asked, the state administrations) that are not yet
//! registered — idempotent, one transaction, one audit entry.

use super::audit::{self, Who};
use super::{db, now, state::AppState};
use crate::domain::{
    audit::AuditKind,
    onboarding::{OnboardingCounts, OnboardingPreview, TerritoryBody, TerritoryScope, bodies},
};
use crate::error::{AppError, FormErrors, Problem};

/// The bodies `scope` calls for and which of them exist; an unknown region is refused beside
/// its field.
async fn survey(
    state: &AppState,
    scope: &TerritoryScope,
) -> Result<(Vec<TerritoryBody>, Vec<bool>, OnboardingCounts), AppError> {
    let territory = state.territory().await?;
    if let Some(region) = scope.region_code()
        && !territory.regions.iter().any(|r| r.code == region)
    {
        return Err(AppError::Invalid(
            FormErrors::single_problem("region", Problem::UnknownChoice)
                .with_values([("region", region)]),
        ));
    }
    let wanted = bodies(&territory, scope);
    let registered = db::organizations::registered_bodies(&state.db).await?;
    let mut counts = OnboardingCounts::default();
    let exists: Vec<bool> = wanted.iter().map(|b| registered.has(b)).collect();
    for (body, exists) in wanted.iter().zip(&exists) {
        counts.count(body.level, *exists);
    }
    Ok((wanted, exists, counts))
}

/// What `scope` would register, level by level.
pub async fn preview(
    state: &AppState,
    scope: TerritoryScope,
) -> Result<OnboardingPreview, AppError> {
    let (_, _, counts) = survey(state, &scope).await?;
    Ok(OnboardingPreview {
        scope,
        counts,
        regions: state.territory().await?.regions,
    })
}

/// Registers what `scope` calls for and is missing; returns how many were registered.
pub async fn register(state: &AppState, by: &Who, scope: &TerritoryScope) -> Result<u64, AppError> {
    let (wanted, exists, counts) = survey(state, scope).await?;
    let missing: Vec<&TerritoryBody> = wanted
        .iter()
        .zip(&exists)
        .filter(|(_, exists)| !**exists)
        .map(|(body, _)| body)
        .collect();
    let registered = db::organizations::insert_bodies(&state.db, &missing, now()).await?;
    let mut entry = by.entry(AuditKind::Import);
    entry.detail = format!(
        "territory bodies: {}; registered: {registered}; already registered: {}",
        match scope.query() {
            query if query.is_empty() => "whole country".to_owned(),
            query => query,
        },
        counts.wanted() - registered as i64,
    );
    audit::record(state, entry).await?;
    tracing::info!(
        registered,
        wanted = counts.wanted(),
        region = scope.region_code().unwrap_or("all"),
        "territory bodies registered"
    );
    Ok(registered)
}
