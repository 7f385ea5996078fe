//! The scorecards' reads: per organisation, the tasks it leads, its revision-1 reports (from
//! the scorecards' tally, migration 0011) and the activities it logged (from the covering
//! index of migration 0010) over the dashboard's selection, each one grouped pass, and the
//! organisations' names. The tasks and activities are grouped by `+organization`: the unary
//! plus keeps SQLite from walking every row through the index on the organisation for its
//! order, instead of reading the covering index over the periods.

use super::dashboard::{Narrow, Selection, owing_sql, scope_code, task_query};
use super::query::Query;
use super::{Db, on_db};
use crate::bind_all;

/// Per organisation: tasks led, completed (or verified), verified, overdue.
pub async fn tasks(db: &Db, s: &Selection) -> Result<Vec<(i64, i64, i64, i64, i64)>, sqlx::Error> {
    let mut q = task_query(s, true);
    let to = q.arg(s.to);
    let from = q.arg(s.from);
    q.when(format!("t.start_date <= {to} and t.due_date >= {from}"));
    let today = q.arg(s.today);
    let sql = format!(
        "select +t.lead_organization_id, count(*), \
         cast(sum(case when t.status in ('completed', 'verified') then 1 else 0 end) as bigint), \
         cast(sum(case when t.status = 'verified' then 1 else 0 end) as bigint), \
         cast(sum(case when t.status in {} and t.due_date < {today} then 1 else 0 end) as bigint) \
         from tasks t {} group by +t.lead_organization_id",
        owing_sql(),
        q.where_clause()
    );
    on_db!(db, pool => bind_all!(sqlx::query_as(&sql), q.args()).fetch_all(pool).await)
}

/// Per organisation: its revision-1 reports on the periods, and how many were on time
/// (for the public, the accepted ones only), from the scorecards' tally.
pub async fn reports(db: &Db, s: &Selection) -> Result<Vec<(i64, i64, i64)>, sqlx::Error> {
    let mut q = Query::default();
    let scope = q.arg(scope_code(s));
    q.when(format!("s.scope = {scope}"));
    let from = q.arg(s.from);
    let to = q.arg(s.to);
    q.when(format!(
        "s.period_start >= {from} and s.period_start <= {to}"
    ));
    s.narrow(
        &mut q,
        &Narrow {
            region: "s.region_code",
            owner: "s.organization_id",
            kind: None,
            category: Some("s.category"),
            // The tally is read for the objective's code instead.
            mask: None,
        },
    );
    let (all, late) = if s.published {
        ("accepted", "accepted_late")
    } else {
        ("submitted", "late")
    };
    let sql = format!(
        "select s.organization_id, cast(sum(s.{all}) as bigint), \
         cast(sum(s.{all}) - sum(s.{late}) as bigint) \
         from scorecard_report_tallies s {} group by s.organization_id having sum(s.{all}) > 0",
        q.where_clause()
    );
    on_db!(db, pool => bind_all!(sqlx::query_as(&sql), q.args()).fetch_all(pool).await)
}

/// Per organisation: the activities it logged starting within the periods (for the public,
/// the verified ones).
pub async fn activities(db: &Db, s: &Selection) -> Result<Vec<(i64, i64)>, sqlx::Error> {
    let mut q = Query::default();
    let from = q.arg(s.from);
    let to = q.arg(s.to);
    q.when(format!("a.start_date >= {from} and a.start_date <= {to}"));
    s.narrow(
        &mut q,
        &Narrow {
            region: "a.region_code",
            owner: "a.organization_id",
            kind: None,
            category: None,
            mask: Some("a.concept_mask"),
        },
    );
    if s.published {
        q.when("a.status = 'verified'".to_owned());
    }
    let sql = format!(
        "select +a.organization_id, count(*) from activities a {} group by +a.organization_id",
        q.where_clause()
    );
    on_db!(db, pool => bind_all!(sqlx::query_as(&sql), q.args()).fetch_all(pool).await)
}

/// An organisation's id, kind, names and its region's names (empty without one).
pub type OrganizationRow = (
    i64,
    String,
    String,
    String,
    String,
    Option<String>,
    Option<String>,
    Option<String>,
);

/// Every organisation with its kind and names.
pub async fn organizations(db: &Db) -> Result<Vec<OrganizationRow>, sqlx::Error> {
    let sql = "select o.organization_id, o.kind, o.name_ky, o.name_ru, o.name_en, \
               r.name_ky, r.name_ru, r.name_en \
               from organizations o left join regions r on r.region_code = o.region_code";
    on_db!(db, pool => sqlx::query_as(sql).fetch_all(pool).await)
}
