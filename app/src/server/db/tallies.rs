//! The dashboard's roll-ups (migrations 0008, 0010 and 0011): the concept codes each task and
//! activity serves as a bit mask, the report and activity tallies, and the scorecards' report
//! tally per organisation. This file owns their SQL: the rows a
//! report or an activity contributes, the deltas that keep the tallies in step inside the
//! transactions that change reports, activities and organisations, a full rebuild (after bulk
//! loads) and a check of the tallies against the rows they count.

use super::Db;
use crate::on_db;
use std::collections::BTreeMap;
use std::sync::LazyLock;

/// What revision 1 of a task's report adds to a report tally, as 0/1 columns: submitted (any
/// status but draft), late, accepted (or superseded by a later accepted correction) and
/// accepted late; read from `reports r`. The dashboard's and the scorecards' tallies share it.
macro_rules! report_contribution {
    () => {
        "case when r.status <> 'draft' then 1 else 0 end as submitted, \
         case when r.status <> 'draft' and r.is_late then 1 else 0 end as late, \
         case when r.status in ('accepted', 'superseded') then 1 else 0 end as accepted, \
         case when r.status in ('accepted', 'superseded') and r.is_late then 1 else 0 end \
         as accepted_late"
    };
}

/// One row per revision-1 report and concept code it counts under ('' for all): the report
/// tally's key (with the enforcement focus the report recorded, '' where it has none) and its
/// 0/1 contributions.
pub const REPORT_ROWS: &str = concat!(
    "select r.period_start as period_start, b.code as scope, \
     coalesce(t.region_code, '') as region_code, coalesce(t.district_code, '') as district_code, \
     o.kind as organization_kind, t.category as category, \
     coalesce(r.enforcement_focus, '') as enforcement_focus, ",
    report_contribution!(),
    " from reports r join tasks t on t.task_id = r.task_id \
     join organizations o on o.organization_id = r.organization_id \
     join concept_bits b on b.bit = 0 or (t.concept_mask & b.bit) <> 0 \
     where r.revision = 1"
);

pub const REPORT_KEY: &str = "period_start, scope, region_code, district_code, organization_kind, category, enforcement_focus";
pub const REPORT_COUNTS: [&str; 4] = ["submitted", "late", "accepted", "accepted_late"];

/// One row per revision-1 report and code it counts under for the organisation scorecards
/// (migration 0011): '' for all and each objective (the scorecards filter by objective only),
/// keyed by the reporting organisation instead of its kind, and without the district.
pub const SCORECARD_REPORT_ROWS: &str = concat!(
    "select b.code as scope, r.period_start as period_start, \
     r.organization_id as organization_id, coalesce(t.region_code, '') as region_code, \
     t.category as category, ",
    report_contribution!(),
    " from reports r join tasks t on t.task_id = r.task_id \
     join concept_bits b on b.bit = 0 or (b.code like 'O%' and (t.concept_mask & b.bit) <> 0) \
     where r.revision = 1"
);

pub const SCORECARD_REPORT_KEY: &str =
    "scope, period_start, organization_id, region_code, category";

/// One row per activity and concept code it counts under: the activity tally's key (the month
/// it started in as 'YYYY-MM-01' text, the same in both databases) and what it adds.
pub const ACTIVITY_ROWS: &str = "select substr(cast(a.start_date as text), 1, 7) || '-01' as month_start, \
     b.code as scope, a.region_code as region_code, \
     coalesce(a.district_code, '') as district_code, o.kind as organization_kind, \
     case when a.status = 'verified' then 1 else 0 end as verified, 1 as activities, \
     coalesce(a.reached_total, 0) as reached_total, \
     coalesce(a.female_under_18, 0) as female_under_18, coalesce(a.female_18_29, 0) as female_18_29, \
     coalesce(a.female_30_49, 0) as female_30_49, coalesce(a.female_50_plus, 0) as female_50_plus, \
     coalesce(a.male_under_18, 0) as male_under_18, coalesce(a.male_18_29, 0) as male_18_29, \
     coalesce(a.male_30_49, 0) as male_30_49, coalesce(a.male_50_plus, 0) as male_50_plus \
     from activities a join organizations o on o.organization_id = a.organization_id \
     join concept_bits b on b.bit = 0 or (a.concept_mask & b.bit) <> 0 \
     where 1 = 1";

pub const ACTIVITY_KEY: &str =
    "month_start, scope, region_code, district_code, organization_kind, verified";
pub const ACTIVITY_COUNTS: [&str; 10] = [
    "activities",
    "reached_total",
    "female_under_18",
    "female_18_29",
    "female_30_49",
    "female_50_plus",
    "male_under_18",
    "male_18_29",
    "male_30_49",
    "male_50_plus",
];

/// `insert … select` adding `$1` times the contributions of the rows matching `condition`
/// (which binds `$2`) to `table`, grouped so that one key is touched once.
fn delta(table: &str, rows: &str, key: &str, counts: &[&str], condition: &str) -> String {
    let columns = counts.join(", ");
    let sums = counts
        .iter()
        .map(|c| format!("$1 * sum({c})"))
        .collect::<Vec<_>>()
        .join(", ");
    let updates = counts
        .iter()
        .map(|c| format!("{c} = {table}.{c} + excluded.{c}"))
        .collect::<Vec<_>>()
        .join(", ");
    format!(
        "insert into {table} ({key}, {columns}) select {key}, {sums} from ({rows} and {condition}) s \
         where true group by {key} on conflict ({key}) do update set {updates}"
    )
}

/// Adds `$1` (±1) times report `$2`'s contribution.
pub static REPORT_DELTA: LazyLock<String> = LazyLock::new(|| {
    delta(
        "report_tallies",
        REPORT_ROWS,
        REPORT_KEY,
        &REPORT_COUNTS,
        "r.report_id = $2",
    )
});
/// Adds `$1` (±1) times report `$2`'s contribution to the scorecards' tally.
pub static SCORECARD_REPORT_DELTA: LazyLock<String> = LazyLock::new(|| {
    delta(
        "scorecard_report_tallies",
        SCORECARD_REPORT_ROWS,
        SCORECARD_REPORT_KEY,
        &REPORT_COUNTS,
        "r.report_id = $2",
    )
});
/// Adds `$1` (±1) times the contribution of every report of organisation `$2`.
pub static ORGANIZATION_REPORTS_DELTA: LazyLock<String> = LazyLock::new(|| {
    delta(
        "report_tallies",
        REPORT_ROWS,
        REPORT_KEY,
        &REPORT_COUNTS,
        "r.organization_id = $2",
    )
});
/// Adds `$1` (±1) times activity `$2`'s contribution.
pub static ACTIVITY_DELTA: LazyLock<String> = LazyLock::new(|| {
    delta(
        "activity_tallies",
        ACTIVITY_ROWS,
        ACTIVITY_KEY,
        &ACTIVITY_COUNTS,
        "a.activity_id = $2",
    )
});
/// Adds `$1` (±1) times the contribution of every activity of organisation `$2`.
pub static ORGANIZATION_ACTIVITIES_DELTA: LazyLock<String> = LazyLock::new(|| {
    delta(
        "activity_tallies",
        ACTIVITY_ROWS,
        ACTIVITY_KEY,
        &ACTIVITY_COUNTS,
        "a.organization_id = $2",
    )
});

/// The concept codes (objectives, and their goals and directions) of the links in `links`
/// whose `key` column equals `owner`, as a sum of their bits.
fn mask_of(links: &str, key: &str, owner: &str) -> String {
    format!(
        "(select coalesce(sum(b.bit), 0) from concept_bits b where b.code in ( \
           select x.objective_code from {links} x where x.{key} = {owner} \
           union select g.goal_code from {links} x join objective_goals g \
             on g.objective_code = x.objective_code where x.{key} = {owner} \
           union select d.direction_code from {links} x join objective_directions d \
             on d.objective_code = x.objective_code where x.{key} = {owner}))"
    )
}

/// Sets task `$1`'s concept mask from its objectives.
pub static TASK_MASK: LazyLock<String> = LazyLock::new(|| {
    format!(
        "update tasks set concept_mask = {} where task_id = $1",
        mask_of("task_objectives", "task_id", "tasks.task_id")
    )
});
/// Sets activity `$1`'s concept mask from its objectives.
pub static ACTIVITY_MASK: LazyLock<String> = LazyLock::new(|| {
    format!(
        "update activities set concept_mask = {} where activity_id = $1",
        mask_of(
            "activity_objectives",
            "activity_id",
            "activities.activity_id"
        )
    )
});

/// Within transaction `$tx`: adds `$sign` (±1) times report `$id`'s contribution to the
/// tallies (the dashboard's and the scorecards'). Call with -1 before a change and +1 after it.
macro_rules! tally_report {
    ($tx:ident, $id:expr, $sign:expr) => {
        for delta in [
            &*$crate::server::db::tallies::REPORT_DELTA,
            &*$crate::server::db::tallies::SCORECARD_REPORT_DELTA,
        ] {
            sqlx::query(delta)
                .bind($sign as i64)
                .bind($id)
                .execute(&mut *$tx)
                .await?;
        }
    };
}
pub(crate) use tally_report;

/// Within transaction `$tx`: adds `$sign` (±1) times activity `$id`'s contribution.
macro_rules! tally_activity {
    ($tx:ident, $id:expr, $sign:expr) => {
        sqlx::query(&$crate::server::db::tallies::ACTIVITY_DELTA)
            .bind($sign as i64)
            .bind($id)
            .execute(&mut *$tx)
            .await?
    };
}
pub(crate) use tally_activity;

/// Within transaction `$tx`: adds `$sign` (±1) times everything organisation `$id` reported
/// and logged (around a change of its kind).
macro_rules! tally_organization {
    ($tx:ident, $id:expr, $sign:expr) => {
        sqlx::query(&$crate::server::db::tallies::ORGANIZATION_REPORTS_DELTA)
            .bind($sign as i64)
            .bind($id)
            .execute(&mut *$tx)
            .await?;
        sqlx::query(&$crate::server::db::tallies::ORGANIZATION_ACTIVITIES_DELTA)
            .bind($sign as i64)
            .bind($id)
            .execute(&mut *$tx)
            .await?
    };
}
pub(crate) use tally_organization;

fn grouped(rows: &str, key: &str, counts: &[&str]) -> String {
    let sums = counts
        .iter()
        .map(|c| format!("sum({c}) as {c}"))
        .collect::<Vec<_>>()
        .join(", ");
    format!("select {key}, {sums} from ({rows}) s group by {key}")
}

/// Recomputes every mask and both tallies from the rows: after a bulk load.
pub async fn rebuild(db: &Db) -> Result<(), sqlx::Error> {
    let statements = [
        format!(
            "update tasks set concept_mask = {}",
            mask_of("task_objectives", "task_id", "tasks.task_id")
        ),
        format!(
            "update activities set concept_mask = {}",
            mask_of(
                "activity_objectives",
                "activity_id",
                "activities.activity_id"
            )
        ),
        "delete from report_tallies".to_owned(),
        "delete from scorecard_report_tallies".to_owned(),
        "delete from activity_tallies".to_owned(),
        format!(
            "insert into report_tallies ({REPORT_KEY}, {}) {}",
            REPORT_COUNTS.join(", "),
            grouped(REPORT_ROWS, REPORT_KEY, &REPORT_COUNTS)
        ),
        format!(
            "insert into scorecard_report_tallies ({SCORECARD_REPORT_KEY}, {}) {}",
            REPORT_COUNTS.join(", "),
            grouped(SCORECARD_REPORT_ROWS, SCORECARD_REPORT_KEY, &REPORT_COUNTS)
        ),
        format!(
            "insert into activity_tallies ({ACTIVITY_KEY}, {}) {}",
            ACTIVITY_COUNTS.join(", "),
            grouped(ACTIVITY_ROWS, ACTIVITY_KEY, &ACTIVITY_COUNTS)
        ),
    ];
    on_db!(db, pool => {
        let mut tx = pool.begin().await?;
        for sql in &statements {
            sqlx::query(sql).execute(&mut *tx).await?;
        }
        tx.commit().await
    })
}

/// A tally as text key → counts, leaving out all-zero entries (which deltas may leave behind).
type Table = BTreeMap<String, Vec<i64>>;

async fn read(db: &Db, sql: &str, key_columns: usize, counts: usize) -> Result<Table, sqlx::Error> {
    use sqlx::Row;
    let mut table = Table::new();
    macro_rules! collect {
        ($rows:expr) => {
            for row in $rows {
                let key = (0..key_columns)
                    .map(|i| {
                        row.try_get::<String, _>(i)
                            .or_else(|_| row.try_get::<i64, _>(i).map(|v| v.to_string()))
                            .or_else(|_| row.try_get::<i32, _>(i).map(|v| v.to_string()))
                            .or_else(|_| row.try_get::<time::Date, _>(i).map(|v| v.to_string()))
                    })
                    .collect::<Result<Vec<_>, _>>()?
                    .join("|");
                let values = (key_columns..key_columns + counts)
                    .map(|i| row.try_get::<i64, _>(i))
                    .collect::<Result<Vec<_>, _>>()?;
                if values.iter().any(|v| *v != 0) {
                    table.insert(key, values);
                }
            }
        };
    }
    match db {
        Db::Sqlite(pool) => collect!(sqlx::query(sql).fetch_all(pool).await?),
        Db::Postgres(pool) => collect!(sqlx::query(sql).fetch_all(pool).await?),
    }
    Ok(table)
}

/// The keys where a stored tally differs from what its rows add up to, as readable lines;
/// empty when the tallies are right.
pub async fn drift(db: &Db) -> Result<Vec<String>, sqlx::Error> {
    let mut found = Vec::new();
    for (table, rows, key, counts) in [
        (
            "report_tallies",
            REPORT_ROWS,
            REPORT_KEY,
            &REPORT_COUNTS[..],
        ),
        (
            "scorecard_report_tallies",
            SCORECARD_REPORT_ROWS,
            SCORECARD_REPORT_KEY,
            &REPORT_COUNTS[..],
        ),
        (
            "activity_tallies",
            ACTIVITY_ROWS,
            ACTIVITY_KEY,
            &ACTIVITY_COUNTS[..],
        ),
    ] {
        let width = key.split(", ").count();
        let columns = counts
            .iter()
            .map(|c| format!("cast({c} as bigint)"))
            .collect::<Vec<_>>()
            .join(", ");
        let stored = read(
            db,
            &format!("select {key}, {columns} from {table}"),
            width,
            counts.len(),
        )
        .await?;
        let expected = read(
            db,
            &format!(
                "select {key}, {columns} from ({}) g",
                grouped(rows, key, counts)
            ),
            width,
            counts.len(),
        )
        .await?;
        for (k, v) in &expected {
            if stored.get(k) != Some(v) {
                found.push(format!(
                    "{table} {k}: stored {:?}, rows {v:?}",
                    stored.get(k)
                ));
            }
        }
        for (k, v) in &stored {
            if !expected.contains_key(k) {
                found.push(format!("{table} {k}: stored {v:?}, rows none"));
            }
        }
    }
    Ok(found)
}
