//! The reads behind the dashboard's early-warning figures: yearly counts of signals, cases
//! opened and decided and substances placed under control (years in Bishkek time), and every
//! case's entries into stages from its history.

use super::{Backend, Db, on_db};
use crate::domain::early_warning::figures::{StageEntry, YearCount};
use crate::domain::early_warning::kinds::Stage;
use crate::i18n::BISHKEK;
use time::{Date, OffsetDateTime};

/// The year of a timestamp in Bishkek, as an integer.
fn year_of_time(expr: &str, backend: Backend) -> String {
    match backend {
        Backend::Sqlite => format!("cast(strftime('%Y', {expr}, '+6 hours') as integer)"),
        Backend::Postgres => {
            format!("cast(extract(year from {expr} at time zone 'Asia/Bishkek') as integer)")
        }
    }
}

/// The year of a date, as an integer.
fn year_of_date(expr: &str, backend: Backend) -> String {
    match backend {
        Backend::Sqlite => format!("cast(substr({expr}, 1, 4) as integer)"),
        Backend::Postgres => format!("cast(extract(year from {expr}) as integer)"),
    }
}

/// The yearly counts from the year of `since` on: (year, what, how many).
pub async fn yearly(db: &Db, since: Date) -> Result<Vec<(i32, YearCount, i64)>, sqlx::Error> {
    let backend = db.backend();
    let first = since.year();
    let opened = year_of_time("opened_at", backend);
    let closed = year_of_time("closed_at", backend);
    let observed = year_of_date("observed_on", backend);
    let effective = year_of_date("effective_on", backend);
    let sql = format!(
        "select {observed} as y, 'signals' as what, count(*) as n from signals \
          where observed_on >= $1 group by 1 \
         union all \
         select {opened}, 'opened', count(*) from warning_cases where {opened} >= $2 group by 1 \
         union all \
         select {closed}, 'decided', count(*) from warning_cases \
          where closed_at is not null and {closed} >= $2 group by 1 \
         union all \
         select {effective}, 'controlled', count(distinct substance_id) from warning_cases \
          where stage = 'closed' and measure in ('temporary_control', 'national_list') \
          and effective_on >= $1 group by 1"
    );
    let rows: Vec<(i32, String, i64)> = on_db!(db, pool => sqlx::query_as(&sql)
        .bind(since)
        .bind(first)
        .fetch_all(pool)
        .await)?;
    Ok(rows
        .into_iter()
        .filter_map(|(year, what, n)| Some((year, YearCount::parse(&what)?, n)))
        .collect())
}

/// Every case's entries into a stage (its opening, sign-offs and returns), by case and time.
pub async fn stage_entries(db: &Db) -> Result<Vec<StageEntry>, sqlx::Error> {
    let rows: Vec<(i64, OffsetDateTime, String)> = on_db!(db, pool => sqlx::query_as(
        "select case_id, at, to_stage from case_history where to_stage is not null \
         order by case_id, at, history_id",
    )
    .fetch_all(pool)
    .await)?;
    Ok(rows
        .into_iter()
        .filter_map(|(case, at, stage)| {
            Some(StageEntry {
                case,
                day: at.to_offset(BISHKEK).date(),
                stage: Stage::parse(&stage)?,
            })
        })
        .collect())
}
