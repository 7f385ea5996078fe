//! The dashboard's roll-ups (migrations 0008, 0010, 0011 and 0012): the concept codes each task
//! and activity serves as a bit mask, the report and activity tallies, and the scorecards'
//! report tally per organisation. This file owns their SQL: the rows a report or an activity
//! contributes, the deltas that keep the tallies in step inside the transactions that change
//! reports, activities and organisations, a full rebuild (after bulk loads) and a check of the
//! tallies against the rows they count.

use super::tx::Tx;
use super::{Db, on_db};
use std::collections::BTreeMap;
use std::sync::LazyLock;

/// What revision 1 of a task's report adds to a report tally, as 0/1 columns: submitted (any
/// status but draft), late, accepted (or superseded by a later accepted correction) and
/// accepted late; read from `reports r`. The dashboard's and the scorecards' tallies share it.
const REPORT_CONTRIBUTION: &str = "\
    case when r.status <> 'draft' then 1 else 0 end as submitted, \
    case when r.status <> 'draft' and r.is_late then 1 else 0 end as late, \
    case when r.status in ('accepted', 'superseded') then 1 else 0 end as accepted, \
    case when r.status in ('accepted', 'superseded') and r.is_late then 1 else 0 end \
    as accepted_late";

/// The rows something contributes to a tally: what they select, from where, and the condition
/// every such row meets (if any). A read narrows them with more conditions.
pub struct Rows {
    columns: String,
    from: &'static str,
    always: Option<&'static str>,
}

impl Rows {
    /// The rows, narrowed by `condition` too when given.
    pub fn sql(&self, condition: Option<&str>) -> String {
        let conditions: Vec<&str> = self.always.into_iter().chain(condition).collect();
        let filter = if conditions.is_empty() {
            String::new()
        } else {
            format!(" where {}", conditions.join(" and "))
        };
        format!("select {} from {}{filter}", self.columns, self.from)
    }
}

/// A tally: its table, the rows it adds up, its key columns and its count columns.
pub struct Tally {
    pub table: &'static str,
    pub rows: Rows,
    pub key: &'static str,
    pub counts: &'static [&'static str],
}

pub const REPORT_COUNTS: [&str; 4] = ["submitted", "late", "accepted", "accepted_late"];

/// One row per revision-1 report and concept code it counts under ('' for all): keyed by
/// period, code, place, the reporting organisation's kind, the task's category and the focus
/// the report recorded ('' where it has none).
pub static REPORTS: LazyLock<Tally> = LazyLock::new(|| Tally {
    table: "report_tallies",
    rows: Rows {
        columns: format!(
            "r.period_start as period_start, b.code as scope, \
             coalesce(t.region_code, '') as region_code, \
             coalesce(t.district_code, '') as district_code, o.kind as organization_kind, \
             t.category as category, coalesce(r.enforcement_focus, '') as enforcement_focus, \
             {REPORT_CONTRIBUTION}"
        ),
        from: "reports r join tasks t on t.task_id = r.task_id \
               join organizations o on o.organization_id = r.organization_id \
               join concept_bits b on b.bit = 0 or (t.concept_mask & b.bit) <> 0",
        always: Some("r.revision = 1"),
    },
    key: "period_start, scope, region_code, district_code, organization_kind, category, \
          enforcement_focus",
    counts: &REPORT_COUNTS,
});

/// One row per revision-1 report and code it counts under for the organisation scorecards
/// (migration 0011): '' for all and each objective (the scorecards filter by objective only),
/// keyed by the reporting organisation instead of its kind, and without the district.
pub static SCORECARD_REPORTS: LazyLock<Tally> = LazyLock::new(|| Tally {
    table: "scorecard_report_tallies",
    rows: Rows {
        columns: format!(
            "b.code as scope, r.period_start as period_start, \
             r.organization_id as organization_id, coalesce(t.region_code, '') as region_code, \
             t.category as category, {REPORT_CONTRIBUTION}"
        ),
        from: "reports r join tasks t on t.task_id = r.task_id \
               join concept_bits b on b.bit = 0 or (b.code like 'O%' and (t.concept_mask & b.bit) <> 0)",
        always: Some("r.revision = 1"),
    },
    key: "scope, period_start, organization_id, region_code, category",
    counts: &REPORT_COUNTS,
});

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

/// One row per activity and concept code it counts under: keyed by the month it started in
/// ('YYYY-MM-01' text, the same in both databases), place, the organisation's kind and whether
/// it is verified.
pub static ACTIVITIES: LazyLock<Tally> = LazyLock::new(|| Tally {
    table: "activity_tallies",
    rows: Rows {
        columns: "substr(cast(a.start_date as text), 1, 7) || '-01' as month_start, \
             b.code as scope, a.region_code as region_code, \
             coalesce(a.district_code, '') as district_code, o.kind as organization_kind, \
             case when a.status = 'verified' then 1 else 0 end as verified, 1 as activities, \
             coalesce(a.reached_total, 0) as reached_total, \
             coalesce(a.female_under_18, 0) as female_under_18, \
             coalesce(a.female_18_29, 0) as female_18_29, \
             coalesce(a.female_30_49, 0) as female_30_49, \
             coalesce(a.female_50_plus, 0) as female_50_plus, \
             coalesce(a.male_under_18, 0) as male_under_18, \
             coalesce(a.male_18_29, 0) as male_18_29, \
             coalesce(a.male_30_49, 0) as male_30_49, \
             coalesce(a.male_50_plus, 0) as male_50_plus"
            .to_owned(),
        from: "activities a join organizations o on o.organization_id = a.organization_id \
               join concept_bits b on b.bit = 0 or (a.concept_mask & b.bit) <> 0",
        always: None,
    },
    key: "month_start, scope, region_code, district_code, organization_kind, verified",
    counts: &ACTIVITY_COUNTS,
});

impl Tally {
    /// `insert … select` adding `$1` times the contributions of the rows matching `condition`
    /// (which binds `$2`), grouped so that one key is touched once.
    fn delta(&self, condition: &str) -> String {
        let (table, key) = (self.table, self.key);
        let columns = self.counts.join(", ");
        let sums = self
            .counts
            .iter()
            .map(|c| format!("$1 * sum({c})"))
            .collect::<Vec<_>>()
            .join(", ");
        let updates = self
            .counts
            .iter()
            .map(|c| format!("{c} = {table}.{c} + excluded.{c}"))
            .collect::<Vec<_>>()
            .join(", ");
        format!(
            "insert into {table} ({key}, {columns}) select {key}, {sums} from ({}) s \
             where true group by {key} on conflict ({key}) do update set {updates}",
            self.rows.sql(Some(condition))
        )
    }

    /// The rows added up by key.
    fn grouped(&self) -> String {
        let sums = self
            .counts
            .iter()
            .map(|c| format!("sum({c}) as {c}"))
            .collect::<Vec<_>>()
            .join(", ");
        format!(
            "select {key}, {sums} from ({}) s group by {key}",
            self.rows.sql(None),
            key = self.key
        )
    }
}

/// The deltas, made once.
static REPORT_DELTA: LazyLock<String> = LazyLock::new(|| REPORTS.delta("r.report_id = $2"));
static SCORECARD_REPORT_DELTA: LazyLock<String> =
    LazyLock::new(|| SCORECARD_REPORTS.delta("r.report_id = $2"));
static ORGANIZATION_REPORTS_DELTA: LazyLock<String> =
    LazyLock::new(|| REPORTS.delta("r.organization_id = $2"));
static ACTIVITY_DELTA: LazyLock<String> = LazyLock::new(|| ACTIVITIES.delta("a.activity_id = $2"));
static ORGANIZATION_ACTIVITIES_DELTA: LazyLock<String> =
    LazyLock::new(|| ACTIVITIES.delta("a.organization_id = $2"));

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

static TASK_MASK: LazyLock<String> = LazyLock::new(|| {
    format!(
        "update tasks set concept_mask = {} where task_id = $1",
        mask_of("task_objectives", "task_id", "tasks.task_id")
    )
});
static ACTIVITY_MASK: LazyLock<String> = LazyLock::new(|| {
    format!(
        "update activities set concept_mask = {} where activity_id = $1",
        mask_of(
            "activity_objectives",
            "activity_id",
            "activities.activity_id"
        )
    )
});

/// Sets task `id`'s concept mask from its objectives.
pub async fn set_task_mask(tx: &mut Tx, id: i64) -> Result<(), sqlx::Error> {
    tx.execute(&TASK_MASK, &[id.into()]).await.map(|_| ())
}

/// Sets activity `id`'s concept mask from its objectives.
pub async fn set_activity_mask(tx: &mut Tx, id: i64) -> Result<(), sqlx::Error> {
    tx.execute(&ACTIVITY_MASK, &[id.into()]).await.map(|_| ())
}

/// Adds `sign` (±1) times report `id`'s contribution to the tallies (the dashboard's and the
/// scorecards'). Call with -1 before a change and +1 after it, in the change's transaction.
pub async fn tally_report(tx: &mut Tx, id: i64, sign: i64) -> Result<(), sqlx::Error> {
    tx.execute(&REPORT_DELTA, &[sign.into(), id.into()]).await?;
    tx.execute(&SCORECARD_REPORT_DELTA, &[sign.into(), id.into()])
        .await?;
    Ok(())
}

/// Adds `sign` (±1) times activity `id`'s contribution to the activity tally.
pub async fn tally_activity(tx: &mut Tx, id: i64, sign: i64) -> Result<(), sqlx::Error> {
    tx.execute(&ACTIVITY_DELTA, &[sign.into(), id.into()])
        .await
        .map(|_| ())
}

/// Adds `sign` (±1) times everything organisation `id` reported and logged (around a change
/// of its kind).
pub async fn tally_organization(tx: &mut Tx, id: i64, sign: i64) -> Result<(), sqlx::Error> {
    tx.execute(&ORGANIZATION_REPORTS_DELTA, &[sign.into(), id.into()])
        .await?;
    tx.execute(&ORGANIZATION_ACTIVITIES_DELTA, &[sign.into(), id.into()])
        .await?;
    Ok(())
}

/// Recomputes every mask and all three tallies from the rows: after a bulk load.
pub async fn rebuild(db: &Db) -> Result<(), sqlx::Error> {
    let mut statements = vec![
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
    ];
    for tally in [&*REPORTS, &*SCORECARD_REPORTS, &*ACTIVITIES] {
        statements.push(format!("delete from {}", tally.table));
        statements.push(format!(
            "insert into {} ({}, {}) {}",
            tally.table,
            tally.key,
            tally.counts.join(", "),
            tally.grouped()
        ));
    }
    let mut tx = db.begin().await?;
    for sql in &statements {
        tx.execute(sql, &[]).await?;
    }
    tx.commit().await
}

/// A tally as text key → counts, leaving out all-zero entries (which deltas may leave behind).
type Table = BTreeMap<String, Vec<i64>>;

/// Reads a tally's rows (key columns as text, then counts) into a [`Table`].
fn collect<R: sqlx::Row>(
    rows: Vec<R>,
    key_columns: usize,
    counts: usize,
) -> Result<Table, sqlx::Error>
where
    usize: sqlx::ColumnIndex<R>,
    String: sqlx::Type<R::Database> + for<'r> sqlx::Decode<'r, R::Database>,
    i64: sqlx::Type<R::Database> + for<'r> sqlx::Decode<'r, R::Database>,
{
    let mut table = Table::new();
    for row in rows {
        let key = (0..key_columns)
            .map(|i| row.try_get::<String, _>(i))
            .collect::<Result<Vec<_>, _>>()?
            .join("|");
        let values = (key_columns..key_columns + counts)
            .map(|i| row.try_get::<i64, _>(i))
            .collect::<Result<Vec<_>, _>>()?;
        if values.iter().any(|v| *v != 0) {
            table.insert(key, values);
        }
    }
    Ok(table)
}

/// Reads `sql` (its key columns cast to text, then its counts) into a [`Table`].
async fn read(db: &Db, sql: &str, key_columns: usize, counts: usize) -> Result<Table, sqlx::Error> {
    on_db!(db, pool => collect(sqlx::query(sql).fetch_all(pool).await?, key_columns, counts))
}

/// The keys where a stored tally differs from what its rows add up to, as readable lines;
/// empty when the tallies are right.
pub async fn drift(db: &Db) -> Result<Vec<String>, sqlx::Error> {
    let mut found = Vec::new();
    for tally in [&*REPORTS, &*SCORECARD_REPORTS, &*ACTIVITIES] {
        let key_columns: Vec<&str> = tally.key.split(',').map(str::trim).collect();
        let width = key_columns.len();
        let key_text = key_columns
            .iter()
            .map(|c| format!("cast({c} as text)"))
            .collect::<Vec<_>>()
            .join(", ");
        let counts = tally
            .counts
            .iter()
            .map(|c| format!("cast({c} as bigint)"))
            .collect::<Vec<_>>()
            .join(", ");
        let stored = read(
            db,
            &format!("select {key_text}, {counts} from {}", tally.table),
            width,
            tally.counts.len(),
        )
        .await?;
        let expected = read(
            db,
            &format!("select {key_text}, {counts} from ({}) g", tally.grouped()),
            width,
            tally.counts.len(),
        )
        .await?;
        for (k, v) in &expected {
            if stored.get(k) != Some(v) {
                found.push(format!(
                    "{} {k}: stored {:?}, rows {v:?}",
                    tally.table,
                    stored.get(k)
                ));
            }
        }
        for (k, v) in &stored {
            if !expected.contains_key(k) {
                found.push(format!("{} {k}: stored {v:?}, rows none", tally.table));
            }
        }
    }
    Ok(found)
}
