//! The scorecards service: the dashboard's selection resolved for the caller (every
//! organisation for coordinators, published figures for observers, one's own organisation
//! otherwise), each organisation's figures put together, sorted and cut to a page.

use super::dashboard::resolve;
use super::db;
use super::state::AppState;
use crate::domain::{
    dashboard::scorecards::{PAGE_SIZE, ScoreQuery, ScoreSort, Scorecard, Scorecards, sort},
    ids::OrganizationId,
    policy::Scope,
    roles::OrgKind,
    views::Trilingual,
};
use crate::error::AppError;
use crate::i18n::Lang;
use std::collections::BTreeMap;

/// Organisations' ids with their kind, names and region names.
type Names = BTreeMap<i64, db::scorecards::OrganizationRow>;

/// The scorecard of organisation `id`, started empty the first time it is asked for.
fn card<'a>(
    cards: &'a mut BTreeMap<i64, Scorecard>,
    names: &Names,
    id: i64,
) -> Option<&'a mut Scorecard> {
    use std::collections::btree_map::Entry;
    match cards.entry(id) {
        Entry::Occupied(entry) => Some(entry.into_mut()),
        Entry::Vacant(entry) => {
            let (_, kind, ky, ru, en, region_ky, region_ru, region_en) = names.get(&id)?.clone();
            let region = region_ru.map(|ru| Trilingual {
                ky: region_ky.unwrap_or_default(),
                ru,
                en: region_en.unwrap_or_default(),
            });
            Some(entry.insert(Scorecard {
                organization_id: OrganizationId(id),
                name: Trilingual { ky, ru, en },
                kind: OrgKind::parse(&kind)?,
                region,
                assigned: 0,
                completed: 0,
                verified: 0,
                overdue: 0,
                reports: 0,
                reports_on_time: 0,
                activities: 0,
            }))
        }
    }
}

/// The page of scorecards `query` asks for.
pub async fn scorecards(
    state: &AppState,
    scope: Scope,
    query: ScoreQuery,
    lang: Lang,
) -> Result<Scorecards, AppError> {
    let key = format!("{:?}", (scope, &query, lang));
    state
        .caches
        .scorecards
        .get_or_read(key, || read(state, scope, query, lang))
        .await
}

/// Reads the scorecards afresh.
async fn read(
    state: &AppState,
    scope: Scope,
    query: ScoreQuery,
    lang: Lang,
) -> Result<Scorecards, AppError> {
    let resolved = resolve(state, scope, &query.filter).await?;
    let s = &resolved.selection;
    let mut cards: BTreeMap<i64, Scorecard> = BTreeMap::new();
    let (organizations, tasks, reports, activities) = tokio::try_join!(
        db::scorecards::organizations(&state.db),
        db::scorecards::tasks(&state.db, s),
        db::scorecards::reports(&state.db, s),
        db::scorecards::activities(&state.db, s),
    )?;
    let names: Names = organizations.into_iter().map(|row| (row.0, row)).collect();
    for (id, assigned, completed, verified, overdue) in tasks {
        if let Some(c) = card(&mut cards, &names, id) {
            (c.assigned, c.completed, c.verified, c.overdue) =
                (assigned, completed, verified, overdue);
        }
    }
    for (id, reports, on_time) in reports {
        if let Some(c) = card(&mut cards, &names, id) {
            (c.reports, c.reports_on_time) = (reports, on_time);
        }
    }
    for (id, activities) in activities {
        if let Some(c) = card(&mut cards, &names, id) {
            c.activities = activities;
        }
    }
    let mut cards: Vec<Scorecard> = cards.into_values().collect();
    sort(
        &mut cards,
        query.sort.unwrap_or(ScoreSort::Assigned),
        query.reverse,
        lang,
    );
    let total = cards.len();
    let pages = total.div_ceil(PAGE_SIZE).max(1);
    let query = ScoreQuery {
        page: query.page.clamp(1, pages),
        ..query
    };
    let cards = cards
        .into_iter()
        .skip((query.page - 1) * PAGE_SIZE)
        .take(PAGE_SIZE)
        .collect();
    Ok(Scorecards {
        query,
        periods: resolved.periods,
        from: resolved.from,
        to: resolved.to,
        audience: resolved.audience,
        cards,
        total,
    })
}
