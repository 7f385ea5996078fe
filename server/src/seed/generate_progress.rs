//! The national-scale generator's second half: progress on the generated tasks. Every task
//! taken on gets a quarterly report for each of the last `report_quarters` ended quarters
//! (about 800,000 at national scale, whatever the task's own dates, so that the volume the
//! issue sizes is there to measure), mostly accepted, some late, returned or still
//! outstanding in the last quarter; the organisations log `activities` activities over four
//! years; and a catalogue of indicators gets a value for every quarter, nationally and by
//! region. Rows are built and inserted in chunks, so memory stays flat.

use super::generate::{Rng, Scale};
use app::backend::db::{self, bulk, value::Value};
use app::backend::state::AppState;
use app::domain::{
    activities::kinds::{ActivityType, TargetGroup},
    ids::UserId,
    reports::periods::{Calendar, Period},
};
use app::error::AppError;
use time::{Duration, OffsetDateTime};

/// What was generated.
#[derive(Clone, Copy, Debug, Default)]
pub struct Progress {
    pub reports: usize,
    pub activities: usize,
    pub indicator_values: usize,
}

/// Tasks per insert batch (each gives `report_quarters` reports).
const TASK_BATCH: usize = 1_000;

const REPORT_COLUMNS: [&str; 34] = [
    "report_id",
    "task_id",
    "organization_id",
    "period_start",
    "period_end",
    "deadline",
    "revision",
    "status",
    "percent_complete",
    "work_done",
    "results",
    "result_value",
    "reached_total",
    "female_under_18",
    "female_18_29",
    "female_30_49",
    "female_50_plus",
    "male_under_18",
    "male_18_29",
    "male_30_49",
    "male_50_plus",
    "problems",
    "support_needed",
    "enforcement_focus",
    "submitted_at",
    "is_late",
    "reviewed_by",
    "reviewed_at",
    "review_comment",
    "version",
    "is_demo",
    "created_by",
    "created_at",
    "updated_at",
];

fn at(date: time::Date, hours: i64) -> OffsetDateTime {
    OffsetDateTime::new_utc(date, time::Time::MIDNIGHT) + Duration::hours(hours)
}

/// Splits `total` people over the eight sex-and-age cells (never more than the total).
fn cells(rng: &mut Rng, total: i64) -> [Option<i64>; 8] {
    let weights: [i64; 8] = [3, 5, 3, 1, 3, 6, 4, 1];
    let mut out = [None; 8];
    let mut left = total;
    for (i, w) in weights.iter().enumerate() {
        let share = (total * w / 26 + rng.below(3) as i64 - 1).clamp(0, left);
        out[i] = Some(share);
        left -= share;
    }
    out
}

pub(crate) async fn generate(
    state: &AppState,
    scale: Scale,
    rng: &mut Rng,
    coordinators: &[UserId],
) -> Result<Progress, AppError> {
    let reports = reports(state, scale, rng, coordinators).await?;
    let activities = activities(state, scale, rng, coordinators).await?;
    let indicator_values = indicators(state, rng, coordinators).await?;
    Ok(Progress {
        reports,
        activities,
        indicator_values,
    })
}

async fn reports(
    state: &AppState,
    scale: Scale,
    rng: &mut Rng,
    coordinators: &[UserId],
) -> Result<usize, AppError> {
    let calendar = Calendar::default();
    let last = calendar.last_ended(app::backend::today());
    let mut periods: Vec<Period> = vec![last];
    while periods.len() < scale.report_quarters {
        let previous = calendar.previous(*periods.last().unwrap_or(&last));
        periods.push(previous);
    }
    periods.reverse();
    let tasks = db::tasks::generated_reporting(&state.db).await?;
    let writers = db::users::first_reporters(&state.db).await?;
    let mut next_id = bulk::max_id(&state.db, "reports", "report_id").await? + 1;
    let mut made = 0usize;
    let columns = &REPORT_COLUMNS;
    for batch in tasks.chunks(TASK_BATCH) {
        let mut rows: Vec<Vec<Value>> = Vec::with_capacity(batch.len() * periods.len());
        let mut history: Vec<Vec<Value>> = Vec::with_capacity(batch.len() * periods.len());
        for (task_id, org, focus) in batch {
            let Some(writer) = writers.iter().find(|(o, _)| o == org).map(|(_, u)| *u) else {
                continue;
            };
            for (i, period) in periods.iter().enumerate() {
                let newest = i + 1 == periods.len();
                let roll = rng.below(100);
                // The last quarter: some not yet reported, some awaiting review or returned.
                let status = match (newest, roll) {
                    (true, 0..15) => continue,
                    (true, 15..20) => "draft",
                    (true, 20..45) => "submitted",
                    (true, 45..50) => "returned",
                    (false, 0..2) => "returned",
                    _ => "accepted",
                };
                let late = status != "draft" && rng.below(100) < 12;
                let submitted_day = if late {
                    period.deadline + Duration::days(1 + rng.below(20) as i64)
                } else {
                    period.end + Duration::days(rng.below(15) as i64 + 1)
                };
                let submitted =
                    (status != "draft").then(|| at(submitted_day, 4 + rng.below(8) as i64));
                let reviewed = matches!(status, "accepted" | "returned")
                    .then(|| at(submitted_day + Duration::days(2 + rng.below(10) as i64), 5));
                let reviewer = *rng.pick(coordinators);
                let total = 10 + rng.below(300) as i64;
                let reach = cells(rng, total);
                let percent = ((i + 1) * 100 / periods.len()) as i64;
                let created = at(period.end, 3);
                let mut row = vec![
                    Value::from(next_id),
                    Value::from(*task_id),
                    Value::from(*org),
                    Value::from(period.start),
                    Value::from(period.end),
                    Value::from(period.deadline),
                    Value::from(1),
                    Value::from(status.to_owned()),
                    Value::from(Some(percent.min(100))),
                    Value::from("Проведены мероприятия по плану квартала.".to_owned()),
                    Value::from(String::new()),
                    Value::Float(None),
                    Value::from(Some(total)),
                ];
                row.extend(reach.iter().map(|c| Value::from(*c)));
                row.extend([
                    Value::from(String::new()),
                    Value::from(String::new()),
                    Value::from(focus.clone()),
                    Value::from(submitted),
                    Value::from(late),
                    Value::from(reviewed.map(|_| reviewer.0)),
                    Value::from(reviewed),
                    Value::from(if status == "returned" {
                        "Уточните охват.".to_owned()
                    } else {
                        String::new()
                    }),
                    Value::from(1),
                    Value::from(true),
                    Value::from(writer.0),
                    Value::from(created),
                    Value::from(reviewed.or(submitted).unwrap_or(created)),
                ]);
                rows.push(row);
                history.push(vec![
                    Value::from(next_id),
                    Value::from(reviewed.map_or(writer.0, |_| reviewer.0)),
                    Value::from(String::new()),
                    Value::from(status.to_owned()),
                    Value::from("generated".to_owned()),
                    Value::from(reviewed.or(submitted).unwrap_or(created)),
                ]);
                next_id += 1;
            }
        }
        made += rows.len();
        bulk::insert(&state.db, "reports", columns, &rows).await?;
        bulk::insert(
            &state.db,
            "report_history",
            &[
                "report_id",
                "actor_id",
                "from_status",
                "to_status",
                "note",
                "created_at",
            ],
            &history,
        )
        .await?;
    }
    bulk::move_sequence(&state.db, "reports", "report_id").await?;
    Ok(made)
}

const ACTIVITY_COLUMNS: [&str; 25] = [
    "activity_id",
    "organization_id",
    "activity_type",
    "title",
    "description",
    "start_date",
    "end_date",
    "region_code",
    "reached_total",
    "female_under_18",
    "female_18_29",
    "female_30_49",
    "female_50_plus",
    "male_under_18",
    "male_18_29",
    "male_30_49",
    "male_50_plus",
    "partners",
    "is_public",
    "status",
    "version",
    "is_demo",
    "created_by",
    "created_at",
    "updated_at",
];

async fn activities(
    state: &AppState,
    scale: Scale,
    rng: &mut Rng,
    _coordinators: &[UserId],
) -> Result<usize, AppError> {
    let loggers = db::users::generated_loggers(&state.db).await?;
    if loggers.is_empty() {
        return Ok(0);
    }
    let today = app::backend::today();
    let mut next_id = bulk::max_id(&state.db, "activities", "activity_id").await? + 1;
    let mut made = 0;
    while made < scale.activities {
        let batch = (scale.activities - made).min(5_000);
        let mut rows = Vec::with_capacity(batch);
        let mut groups = Vec::with_capacity(batch * 2);
        let mut objectives = Vec::with_capacity(batch);
        for _ in 0..batch {
            let (org, user, region) = rng.pick(&loggers).clone();
            let user: i64 = user;
            let kind = *rng.pick(ActivityType::ALL);
            let start = today - Duration::days(1 + rng.below(4 * 365) as i64);
            let end = start + Duration::days(rng.below(3) as i64);
            let total = 5 + rng.below(400) as i64;
            let reach = cells(rng, total);
            let status = match rng.below(100) {
                0..70 => "verified",
                70..95 => "logged",
                _ => "needs_clarification",
            };
            let created = at(end, 9);
            let mut row = vec![
                Value::from(next_id),
                Value::from(org),
                Value::from(kind.as_str().to_owned()),
                Value::from(format!("Мероприятие {next_id}")),
                Value::from(String::new()),
                Value::from(start),
                Value::from(end),
                Value::from(region),
                Value::from(Some(total)),
            ];
            row.extend(reach.iter().map(|c| Value::from(*c)));
            row.extend([
                Value::from(String::new()),
                Value::from(rng.below(100) < 60),
                Value::from(status.to_owned()),
                Value::from(1),
                Value::from(true),
                Value::from(user),
                Value::from(created),
                Value::from(created),
            ]);
            rows.push(row);
            let group = *rng.pick(TargetGroup::ALL);
            groups.push(vec![
                Value::from(next_id),
                Value::from(group.as_str().to_owned()),
            ]);
            objectives.push(vec![
                Value::from(next_id),
                Value::from(kind.objective().to_owned()),
            ]);
            next_id += 1;
        }
        bulk::insert(&state.db, "activities", &ACTIVITY_COLUMNS, &rows).await?;
        bulk::insert(
            &state.db,
            "activity_target_groups",
            &["activity_id", "target_group"],
            &groups,
        )
        .await?;
        bulk::insert(
            &state.db,
            "activity_objectives",
            &["activity_id", "objective_code"],
            &objectives,
        )
        .await?;
        made += batch;
    }
    bulk::move_sequence(&state.db, "activities", "activity_id").await?;
    Ok(made)
}

/// A catalogue of indicators by region, with a value for every quarter of four years,
/// nationally and for each region.
async fn indicators(
    state: &AppState,
    rng: &mut Rng,
    coordinators: &[UserId],
) -> Result<usize, AppError> {
    let regions = db::territory::load(&state.db).await?.regions;
    let body = db::users::organization_of(&state.db, coordinators[0]).await?;
    let calendar = Calendar::default();
    let last = calendar.last_ended(app::backend::today());
    let periods = calendar.periods_between(last.start - Duration::days(4 * 365), last.start);
    let mut made = 0;
    for (n, (objective, baseline, target)) in [
        ("O5", 9000.0, 7500.0),
        ("O1", 45000.0, 120000.0),
        ("O6", 1200.0, 2000.0),
        ("O4", 4500.0, 6000.0),
    ]
    .into_iter()
    .enumerate()
    {
        let input = app::domain::indicators::inputs::IndicatorInput::parse(
            &app::domain::indicators::inputs::IndicatorForm {
                code: format!("S-{:02}", n + 1),
                name_ru: format!("Показатель масштаба {}", n + 1),
                name_en: format!("Scale indicator {}", n + 1),
                objective_code: objective.to_owned(),
                direction: if target < baseline {
                    "lower_better"
                } else {
                    "higher_better"
                }
                .to_owned(),
                baseline_value: baseline.to_string(),
                baseline_year: "2023".to_owned(),
                target_value: target.to_string(),
                target_year: "2030".to_owned(),
                organization_id: body.to_string(),
                frequency: "quarterly".to_owned(),
                by_region: true,
                ..Default::default()
            },
            app::i18n::Lang::En,
        )?;
        let id = db::indicators::insert(
            &state.db,
            &input,
            coordinators[0],
            true,
            app::backend::now(),
        )
        .await?;
        let mut rows = Vec::new();
        for (i, period) in periods.iter().enumerate() {
            let value = baseline + (target - baseline) * (i as f64 / periods.len() as f64) * 0.5;
            let mut push = |region: &str, value: f64| {
                rows.push(vec![
                    Value::from(id.0),
                    Value::from(period.start),
                    Value::from(period.end),
                    Value::from(region.to_owned()),
                    Value::from(Some(value.round())),
                    Value::from("Генератор".to_owned()),
                    Value::from("accepted".to_owned()),
                    Value::from(coordinators[0].0),
                    Value::from(at(period.end, 30)),
                    Value::from(true),
                ]);
            };
            push("", value);
            for region in &regions {
                let share = 1.0 / regions.len() as f64 * (0.8 + rng.below(40) as f64 / 100.0);
                push(&region.code, value * share);
            }
        }
        made += rows.len();
        bulk::insert(
            &state.db,
            "indicator_values",
            &[
                "indicator_id",
                "period_start",
                "period_end",
                "region_code",
                "value",
                "source_note",
                "status",
                "entered_by",
                "entered_at",
                "is_demo",
            ],
            &rows,
        )
        .await?;
    }
    Ok(made)
}
