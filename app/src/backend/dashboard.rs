//! The dashboard service: turns the filter into the periods and selection to add up, reads
//! what the caller's scope allows (everything, their organisation's, or what is published),
//! and folds it into figures for the whole selection, each direction, goal and objective,
//! and the balance between the two directions over time.

use super::db::{self, dashboard::Selection};
use super::{indicators, state::AppState, today};
use crate::domain::{
    dashboard::figures::{
        ActivityCounts, Audience, BalancePoint, ConceptFigures, Dashboard, DashboardFilter,
        EffortMix, Figures, IndicatorTrend, Level, ReportCounts, Trends, balance_tasks, bit_of,
        fold_due, fold_tasks, fold_values, period_index,
    },
    dashboard::map::MapData,
    policy::Scope,
    reports::periods::{Calendar, Period},
    views::Trilingual,
};
use crate::error::AppError;
use std::collections::BTreeMap;
use time::Date;

/// How many periods back the range may start.
const PERIODS_BACK: usize = 24;
/// How many ended periods an unfiltered dashboard shows.
const DEFAULT_PERIODS: usize = 4;

/// What a filter resolves to for a caller: whose figures, the periods one may choose from,
/// the chosen range (clamped to them) and the selection to add up.
pub struct Resolved {
    pub audience: Audience,
    pub calendar: Calendar,
    pub periods: Vec<Period>,
    pub from: Period,
    pub to: Period,
    pub today: Date,
    pub selection: Selection,
}

/// Resolves `filter` for a caller whose [`crate::domain::policy::Action::ViewDashboard`]
/// scope is `scope` (or [`crate::domain::policy::PUBLIC`]): the dashboard, the exports and
/// the printable report all read this.
pub async fn resolve(
    state: &AppState,
    scope: Scope,
    filter: &DashboardFilter,
) -> Result<Resolved, AppError> {
    let (audience, organization) = match scope {
        Scope::All => (Audience::Everything, None),
        Scope::Organization(org) => (Audience::OwnOrganization, Some(org)),
        Scope::Published => (Audience::Published, None),
        Scope::OwnAccount(_) | Scope::Nothing => return Err(AppError::Forbidden),
    };
    let calendar = super::reports::calendar(state).await?;
    let today = today();
    let current = calendar.period_of(today);
    let mut periods = vec![current];
    while periods.len() < PERIODS_BACK {
        let previous = calendar.previous(periods[periods.len() - 1]);
        periods.push(previous);
    }
    periods.reverse();
    let last_ended = calendar.last_ended(today);
    let mut default_from = last_ended;
    for _ in 1..DEFAULT_PERIODS {
        default_from = calendar.previous(default_from);
    }
    let mut from = filter
        .from
        .map(|d| calendar.period_of(d))
        .unwrap_or(default_from);
    let mut to = filter
        .to
        .map(|d| calendar.period_of(d))
        .unwrap_or(last_ended);
    if to.start < from.start {
        std::mem::swap(&mut from, &mut to);
    }
    // Within the periods one may choose from.
    let (first, last) = (periods[0], current);
    if from.start < first.start {
        from = first;
    }
    if to.start > last.start {
        to = last;
    }
    if from.start > last.start {
        from = last;
    }
    if to.start < first.start {
        to = first;
    }
    let selection = Selection {
        from: from.start,
        to: to.end,
        today,
        region_code: filter.region_code.clone(),
        kind: filter.kind,
        category: filter.category,
        objective_bit: filter.objective.as_deref().and_then(bit_of),
        organization,
        published: audience == Audience::Published,
    };
    Ok(Resolved {
        audience,
        calendar,
        periods: periods.into_iter().filter(|p| p.start <= today).collect(),
        from,
        to,
        today,
        selection,
    })
}

/// The dashboard for a caller whose [`crate::domain::policy::Action::ViewDashboard`] scope is
/// `scope` (or for the public page, [`crate::domain::policy::PUBLIC`]), narrowed by `filter`.
pub async fn dashboard(
    state: &AppState,
    scope: Scope,
    filter: DashboardFilter,
) -> Result<Dashboard, AppError> {
    let key = format!("{:?}", (scope, &filter));
    state
        .caches
        .dashboards
        .get_or_read(key, || read(state, scope, filter))
        .await
}

/// Reads the dashboard afresh.
async fn read(
    state: &AppState,
    scope: Scope,
    filter: DashboardFilter,
) -> Result<Dashboard, AppError> {
    let Resolved {
        audience,
        calendar,
        periods,
        from,
        to,
        today,
        selection,
    } = resolve(state, scope, &filter).await?;
    // The reads are independent: run them together (each on its own pooled connection).
    let db = &state.db;
    let s = &selection;
    let (task_rows, starts, report_rows, activity_rows, due_rows, series) = tokio::try_join!(
        db::dashboard::tasks(db, s),
        db::dashboard::task_starts(db, s),
        db::dashboard::reports(db, s),
        db::dashboard::activities(db, s),
        db::dashboard::tasks_due(db, s),
        db::dashboard::indicator_series(db, s),
    )?;
    let places = state.places().await?;
    let (tasks_by_place, reports_by_place, activities_by_place, focus_tasks, focus_reports) = tokio::try_join!(
        db::dashboard::tasks_by_place(db, s),
        db::dashboard::reports_by_place(db, s),
        db::dashboard::activities_by_place(db, s),
        db::dashboard::enforcement_tasks(db, s),
        db::dashboard::enforcement_reports(db, s),
    )?;
    let spots = places
        .into_iter()
        .map(|(code, region, is_district, ky, ru, en, lat, lon)| {
            (
                code,
                region,
                is_district,
                Trilingual { ky, ru, en },
                lat,
                lon,
            )
        })
        .collect();
    let map = MapData::assemble(
        spots,
        &tasks_by_place,
        &reports_by_place,
        &activities_by_place,
    );

    let (task_total, tasks_by_code) = fold_tasks(&task_rows);
    let reports: BTreeMap<&str, ReportCounts> = report_rows
        .iter()
        .map(|(code, on_time, late)| {
            (
                code.as_str(),
                ReportCounts {
                    on_time: *on_time,
                    late: *late,
                },
            )
        })
        .collect();
    let shown = calendar.periods_between(from.start, to.start);
    let mut activities: BTreeMap<&str, ActivityCounts> = BTreeMap::new();
    let mut balance_activities = vec![[0i64; 2]; shown.len()];
    let mut balance_reached = vec![[0i64; 2]; shown.len()];
    for (code, month, values) in &activity_rows {
        activities.entry(code.as_str()).or_default().add(values);
        let side = match code.as_str() {
            "D1" => 0,
            "D2" => 1,
            _ => continue,
        };
        let day = crate::domain::tasks::inputs::parse_date(month).ok();
        if let Some(i) = day.and_then(|d| period_index(&shown, d)) {
            balance_activities[i][side] += values[0];
            balance_reached[i][side] += values[1];
        }
    }
    let balance_task_counts = balance_tasks(&shown, &starts);
    let balance = shown
        .iter()
        .enumerate()
        .map(|(i, period)| BalancePoint {
            period: *period,
            tasks: balance_task_counts[i],
            activities: balance_activities[i],
            reached: balance_reached[i],
        })
        .collect();

    let effort = EffortMix::fold(
        &focus_tasks,
        &focus_reports,
        activities.get("O5").copied().unwrap_or_default(),
        activities.get("O6").copied().unwrap_or_default(),
    );

    // With an objective chosen, its own tallies are the total.
    let total_code = filter.objective.as_deref().unwrap_or("");
    let total = Figures {
        tasks: task_total,
        reports: reports.get(total_code).copied().unwrap_or_default(),
        activities: activities.get(total_code).copied().unwrap_or_default(),
    };
    let framework = state.framework().await?;
    let mut catalogue = indicators::catalogue(state).await?;

    // The series over the periods shown.
    let mut trend_activities = vec![0i64; shown.len()];
    let mut trend_reached = vec![0i64; shown.len()];
    for (code, month, values) in &activity_rows {
        let day = crate::domain::tasks::inputs::parse_date(month).ok();
        if code == total_code
            && let Some(i) = day.and_then(|d| period_index(&shown, d))
        {
            trend_activities[i] += values[0];
            trend_reached[i] += values[1];
        }
    }
    let (tasks_due, tasks_verified) = fold_due(&shown, &due_rows);
    let indicator_trends = catalogue
        .iter()
        .filter(|row| {
            filter
                .objective
                .as_deref()
                .is_none_or(|chosen| chosen == row.objective_code)
        })
        .map(|row| {
            let values: Vec<(Date, f64)> = series
                .iter()
                .filter(|(code, _, _)| *code == row.code)
                .map(|(_, start, value)| (*start, *value))
                .collect();
            IndicatorTrend {
                code: row.code.clone(),
                name: row.name.clone(),
                unit: row.unit.clone(),
                values: fold_values(&shown, &values),
            }
        })
        .collect();
    let trends = Trends {
        periods: shown.clone(),
        tasks_due,
        tasks_verified,
        activities: trend_activities,
        reached: trend_reached,
        indicators: indicator_trends,
    };
    let items = framework
        .directions
        .iter()
        .chain(framework.goals.iter().map(|g| &g.item))
        .chain(framework.objectives.iter().map(|o| &o.item));
    let concept = items
        .filter(|item| {
            filter
                .objective
                .as_deref()
                .is_none_or(|chosen| chosen == item.code)
        })
        .map(|item| {
            let code = item.code.as_str();
            let level = Level::of(code);
            let (mine, rest) = std::mem::take(&mut catalogue)
                .into_iter()
                .partition(|row| level == Level::Objective && row.objective_code == code);
            catalogue = rest;
            ConceptFigures {
                code: item.code.clone(),
                level,
                name: item.name.clone(),
                figures: Figures {
                    tasks: tasks_by_code.get(code).copied().unwrap_or_default(),
                    reports: reports.get(code).copied().unwrap_or_default(),
                    activities: activities.get(code).copied().unwrap_or_default(),
                },
                indicators: mine,
            }
        })
        .collect();
    Ok(Dashboard {
        filter,
        audience,
        periods,
        from,
        to,
        today,
        total,
        concept,
        balance,
        effort,
        map,
        trends,
    })
}
