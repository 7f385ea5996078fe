//! The scorecards' reads: per organisation, the tasks it leads, its revision-1 reports and
//! the activities it logged over the dashboard's selection, each one grouped pass (read from
//! the covering indexes of migration 0010), and the organisations' names.

use super::dashboard::{Selection, owing_sql, task_query};
use super::query::{Arg, Query, bind_all};
use super::{Db, on_db};

/// Per organisation: tasks led, completed (or verified), verified, overdue.
pub async fn tasks(db: &Db, s: &Selection) -> Result<Vec<(i64, i64, i64, i64, i64)>, sqlx::Error> {
    let mut q = task_query(s, true);
    let to = q.arg(Arg::Date(s.to));
    let from = q.arg(Arg::Date(s.from));
    q.when(format!("t.start_date <= {to} and t.due_date >= {from}"));
    let today = q.arg(Arg::Date(s.today));
    let sql = format!(
        "select t.lead_organization_id, count(*), \
         cast(sum(case when t.status in ('completed', 'verified') then 1 else 0 end) as bigint), \
         cast(sum(case when t.status = 'verified' then 1 else 0 end) as bigint), \
         cast(sum(case when t.status in {} and t.due_date < {today} then 1 else 0 end) as bigint) \
         from tasks t {} group by t.lead_organization_id",
        owing_sql(),
        q.where_clause()
    );
    on_db!(db, pool => bind_all!(sqlx::query_as(&sql), &q.args).fetch_all(pool).await)
}

/// Per organisation: its revision-1 reports on the periods, and how many were on time
/// (for the public, the accepted ones only).
pub async fn reports(db: &Db, s: &Selection) -> Result<Vec<(i64, i64, i64)>, sqlx::Error> {
    let mut q = Query::default();
    q.when("r.revision = 1".to_owned());
    q.when(if s.published {
        "r.status in ('accepted', 'superseded')".to_owned()
    } else {
        "r.status <> 'draft'".to_owned()
    });
    let from = q.arg(Arg::Date(s.from));
    let to = q.arg(Arg::Date(s.to));
    q.when(format!(
        "r.period_start >= {from} and r.period_start <= {to}"
    ));
    let mut join_task = false;
    if let Some(code) = &s.region_code {
        let p = q.arg(Arg::Text(code.clone()));
        q.when(format!("t.region_code = {p}"));
        join_task = true;
    }
    if let Some(category) = s.category {
        let p = q.arg(Arg::Text(category.as_str().to_owned()));
        q.when(format!("t.category = {p}"));
        join_task = true;
    }
    if let Some(bit) = s.objective_bit {
        let p = q.arg(Arg::Int(bit));
        q.when(format!("(t.concept_mask & {p}) <> 0"));
        join_task = true;
    }
    if let Some(kind) = s.kind {
        let p = q.arg(Arg::Text(kind.as_str().to_owned()));
        q.when(format!(
            "r.organization_id in (select organization_id from organizations where kind = {p})"
        ));
    }
    if let Some(org) = s.organization {
        let p = q.arg(Arg::Int(org.0));
        q.when(format!("r.organization_id = {p}"));
    }
    let join = if join_task {
        "join tasks t on t.task_id = r.task_id"
    } else {
        ""
    };
    let sql = format!(
        "select r.organization_id, count(*), \
         cast(sum(case when r.is_late then 0 else 1 end) as bigint) \
         from reports r {join} {} group by r.organization_id",
        q.where_clause()
    );
    on_db!(db, pool => bind_all!(sqlx::query_as(&sql), &q.args).fetch_all(pool).await)
}

/// Per organisation: the activities it logged starting within the periods (for the public,
/// the verified ones).
pub async fn activities(db: &Db, s: &Selection) -> Result<Vec<(i64, i64)>, sqlx::Error> {
    let mut q = Query::default();
    let from = q.arg(Arg::Date(s.from));
    let to = q.arg(Arg::Date(s.to));
    q.when(format!("a.start_date >= {from} and a.start_date <= {to}"));
    if let Some(code) = &s.region_code {
        let p = q.arg(Arg::Text(code.clone()));
        q.when(format!("a.region_code = {p}"));
    }
    if let Some(kind) = s.kind {
        let p = q.arg(Arg::Text(kind.as_str().to_owned()));
        q.when(format!(
            "a.organization_id in (select organization_id from organizations where kind = {p})"
        ));
    }
    if let Some(bit) = s.objective_bit {
        let p = q.arg(Arg::Int(bit));
        q.when(format!("(a.concept_mask & {p}) <> 0"));
    }
    if let Some(org) = s.organization {
        let p = q.arg(Arg::Int(org.0));
        q.when(format!("a.organization_id = {p}"));
    }
    if s.published {
        q.when("a.status = 'verified'".to_owned());
    }
    let sql = format!(
        "select a.organization_id, count(*) from activities a {} group by a.organization_id",
        q.where_clause()
    );
    on_db!(db, pool => bind_all!(sqlx::query_as(&sql), &q.args).fetch_all(pool).await)
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
