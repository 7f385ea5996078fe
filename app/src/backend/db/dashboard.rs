//! The dashboard's reads: tasks grouped by status and concept mask (one pass over the tasks),
//! and reports and activities grouped by concept code from the tallies — or, for one
//! organisation, from its own rows through the same row definitions — so that no request
//! scans the reports or the activities.

use super::query::Query;
use super::tallies::{ACTIVITIES, REPORTS, Tally};
use super::{Db, on_db};
use crate::bind_all;
use crate::domain::{
    ids::OrganizationId, roles::OrgKind, tasks::fields::Category, tasks::workflow::Status,
};
use time::Date;

/// What to add up.
#[derive(Clone, Debug)]
pub struct Selection {
    /// The first and last day of the periods shown.
    pub from: Date,
    pub to: Date,
    pub today: Date,
    pub region_code: Option<String>,
    pub kind: Option<OrgKind>,
    pub category: Option<Category>,
    /// The bit of the chosen objective (tasks only: the tallies are read per code).
    pub objective_bit: Option<i64>,
    /// Only this organisation's (its tasks led, reports and activities).
    pub organization: Option<OrganizationId>,
    /// Only accepted reports and verified activities.
    pub published: bool,
}

pub(super) fn owing_sql() -> String {
    let list = Status::OWING_WORK
        .iter()
        .map(|s| format!("'{}'", s.as_str()))
        .collect::<Vec<_>>()
        .join(", ");
    format!("({list})")
}

/// The conditions tasks share: not drafts or groups, and the filters.
pub(super) fn task_query(s: &Selection, with_objective: bool) -> Query {
    let mut q = Query::default();
    task_filters(&mut q, s, with_objective);
    q
}

/// Adds the conditions of [`task_query`] to `q`, after the arguments it already holds.
pub(super) fn task_filters(q: &mut Query, s: &Selection, with_objective: bool) {
    q.when("t.is_group = false and t.status <> 'draft'".to_owned());
    s.narrow(
        q,
        &Narrow {
            region: "t.region_code",
            owner: "t.lead_organization_id",
            kind: None,
            category: Some("t.category"),
            mask: with_objective.then_some("t.concept_mask"),
        },
    );
}

/// The columns a table keeps what a selection narrows by.
pub(super) struct Narrow<'a> {
    pub region: &'a str,
    /// The organisation the row belongs to.
    pub owner: &'a str,
    /// A column holding that organisation's kind, if the query has one; otherwise the kind is
    /// looked up through `owner`.
    pub kind: Option<&'a str>,
    /// Where the table has a category, and a concept mask that the objective filter applies
    /// to (`None` leaves that filter to the caller).
    pub category: Option<&'a str>,
    pub mask: Option<&'a str>,
}

impl Selection {
    /// Adds the selection's region, organisation kind, category, objective and own
    /// organisation conditions on the columns `on` names.
    pub(super) fn narrow(&self, q: &mut Query, on: &Narrow<'_>) {
        if let Some(code) = &self.region_code {
            let p = q.arg(code.clone());
            q.when(format!("{} = {p}", on.region));
        }
        if let Some(kind) = self.kind {
            let p = q.arg(kind.as_str().to_owned());
            q.when(match on.kind {
                Some(column) => format!("{column} = {p}"),
                // Most organisations share a kind: the unary plus keeps SQLite from reading
                // the rows through an index on the owner instead of a covering one.
                None => format!(
                    "+{} in (select organization_id from organizations where kind = {p})",
                    on.owner
                ),
            });
        }
        if let (Some(category), Some(column)) = (self.category, on.category) {
            let p = q.arg(category.as_str().to_owned());
            q.when(format!("{column} = {p}"));
        }
        if let (Some(bit), Some(column)) = (self.objective_bit, on.mask) {
            let p = q.arg(bit);
            q.when(format!("({column} & {p}) <> 0"));
        }
        if let Some(org) = self.organization {
            let p = q.arg(org.0);
            q.when(format!("{} = {p}", on.owner));
        }
    }
}

/// Tasks overlapping the periods, grouped by status and concept mask, with how many of each
/// group are overdue today.
pub async fn tasks(db: &Db, s: &Selection) -> Result<Vec<(Status, i64, i64, i64)>, sqlx::Error> {
    let mut q = task_query(s, true);
    let to = q.arg(s.to);
    let from = q.arg(s.from);
    q.when(format!("t.start_date <= {to} and t.due_date >= {from}"));
    let today = q.arg(s.today);
    let sql = format!(
        "select t.status, cast(t.concept_mask as bigint), count(*), \
         cast(sum(case when t.status in {} and t.due_date < {today} then 1 else 0 end) as bigint) \
         from tasks t {} group by t.status, t.concept_mask",
        owing_sql(),
        q.where_clause()
    );
    let rows: Vec<(String, i64, i64, i64)> = on_db!(db, pool =>
        bind_all!(sqlx::query_as(&sql), q.args()).fetch_all(pool).await)?;
    Ok(rows
        .into_iter()
        .filter_map(|(status, mask, n, overdue)| {
            Status::parse(&status).map(|s| (s, mask, n, overdue))
        })
        .collect())
}

/// Tasks starting within the periods, by start date and direction bits (the objective
/// filter aside: this feeds the balance between the two directions).
pub async fn task_starts(db: &Db, s: &Selection) -> Result<Vec<(Date, i64, i64)>, sqlx::Error> {
    let mut q = task_query(s, false);
    let from = q.arg(s.from);
    let to = q.arg(s.to);
    q.when(format!("t.start_date >= {from} and t.start_date <= {to}"));
    let sql = format!(
        "select t.start_date, cast(t.concept_mask & 12288 as bigint) as directions, count(*) \
         from tasks t {} group by t.start_date, (t.concept_mask & 12288)",
        q.where_clause()
    );
    on_db!(db, pool => bind_all!(sqlx::query_as(&sql), q.args()).fetch_all(pool).await)
}

/// The tally (or, for one organisation, its own rows) to read, and the filters on it.
fn tally_query(s: &Selection, tally: &Tally, owner: &str, q: &mut Query) -> String {
    let source = match s.organization {
        Some(org) => {
            let p = q.arg(org.0);
            format!("({}) s", tally.rows.sql(Some(&format!("{owner} = {p}"))))
        }
        None => format!("{} s", tally.table),
    };
    if let Some(code) = &s.region_code {
        let p = q.arg(code.clone());
        q.when(format!("s.region_code = {p}"));
    }
    if let Some(kind) = s.kind {
        let p = q.arg(kind.as_str().to_owned());
        q.when(format!("s.organization_kind = {p}"));
    }
    source
}

/// The report tally (or the organisation's own rows) narrowed to the selection: the source
/// to read and its columns counting all reports and the late ones (for the public, the
/// accepted ones).
fn report_source(s: &Selection, q: &mut Query) -> (String, &'static str, &'static str) {
    let source = tally_query(s, &REPORTS, "r.organization_id", q);
    if let Some(category) = s.category {
        let p = q.arg(category.as_str().to_owned());
        q.when(format!("s.category = {p}"));
    }
    let from = q.arg(s.from);
    let to = q.arg(s.to);
    q.when(format!(
        "s.period_start >= {from} and s.period_start <= {to}"
    ));
    if s.published {
        (source, "accepted", "accepted_late")
    } else {
        (source, "submitted", "late")
    }
}

/// The activity tally (or the organisation's own rows) narrowed to the selection's months
/// (for the public, the verified activities).
fn activity_source(s: &Selection, q: &mut Query) -> String {
    let source = tally_query(s, &ACTIVITIES, "a.organization_id", q);
    let month = |d: Date| format!("{:04}-{:02}-01", d.year(), u8::from(d.month()));
    let from = q.arg(month(s.from));
    let to = q.arg(month(s.to));
    q.when(format!("s.month_start >= {from} and s.month_start <= {to}"));
    if s.published {
        q.when("s.verified = 1".to_owned());
    }
    source
}

/// Reports on the periods per concept code ('' for all): (code, on time, late).
pub async fn reports(db: &Db, s: &Selection) -> Result<Vec<(String, i64, i64)>, sqlx::Error> {
    let mut q = Query::default();
    let (source, all, late) = report_source(s, &mut q);
    let sql = format!(
        "select s.scope, cast(coalesce(sum(s.{all}), 0) - coalesce(sum(s.{late}), 0) as bigint), \
         cast(coalesce(sum(s.{late}), 0) as bigint) from {source} {} group by s.scope",
        q.where_clause()
    );
    on_db!(db, pool => bind_all!(sqlx::query_as(&sql), q.args()).fetch_all(pool).await)
}

/// Activities starting within the periods per concept code and month ('YYYY-MM-01'): the
/// count, the total reached and the 8 cells.
pub async fn activities(
    db: &Db,
    s: &Selection,
) -> Result<Vec<(String, String, [i64; 10])>, sqlx::Error> {
    let mut q = Query::default();
    let source = activity_source(s, &mut q);
    let sums = super::tallies::ACTIVITY_COUNTS
        .iter()
        .map(|c| format!("cast(sum(s.{c}) as bigint)"))
        .collect::<Vec<_>>()
        .join(", ");
    let sql = format!(
        "select s.scope, s.month_start, {sums} from {source} {} group by s.scope, s.month_start",
        q.where_clause()
    );
    on_db!(db, pool => bind_all!(sqlx::query(&sql), q.args())
        .fetch_all(pool)
        .await?
        .iter()
        .map(activity_row)
        .collect())
}

/// One row of [`activities`]: code, month, and the ten counts.
fn activity_row<R: sqlx::Row>(row: &R) -> Result<(String, String, [i64; 10]), sqlx::Error>
where
    usize: sqlx::ColumnIndex<R>,
    String: sqlx::Type<R::Database> + for<'r> sqlx::Decode<'r, R::Database>,
    i64: sqlx::Type<R::Database> + for<'r> sqlx::Decode<'r, R::Database>,
{
    let mut values = [0i64; 10];
    for (i, v) in values.iter_mut().enumerate() {
        *v = row.try_get(i + 2)?;
    }
    Ok((row.try_get(0)?, row.try_get(1)?, values))
}

/// Regions and districts with their coordinates, names and the region they lie in:
/// (code, region code, is a district, ky, ru, en, latitude, longitude).
pub type PlaceRow = (String, String, bool, String, String, String, f64, f64);

pub async fn places(db: &Db) -> Result<Vec<PlaceRow>, sqlx::Error> {
    // Regions in their display order, then districts by region and name.
    let sql = "select code, region, is_district, ky, ru, en, lat, lon from ( \
               select region_code as code, region_code as region, false as is_district, \
               name_ky as ky, name_ru as ru, name_en as en, \
               cast(latitude as double precision) as lat, cast(longitude as double precision) as lon, \
               position as ord from regions where latitude is not null and longitude is not null \
               union all \
               select d.district_code, d.region_code, true, d.name_ky, d.name_ru, d.name_en, \
               cast(d.latitude as double precision), cast(d.longitude as double precision), \
               r.position from districts d join regions r on r.region_code = d.region_code \
               where d.latitude is not null and d.longitude is not null) p \
               order by is_district, ord, ru";
    on_db!(db, pool => sqlx::query_as(sql).fetch_all(pool).await)
}

/// Figures by region and district ('' where there is none): (region, district, a, b).
pub type PlaceFigures = Vec<(String, String, i64, i64)>;

/// Tasks overlapping the periods by region and district: how many, and how many overdue.
/// The region filter is left out: the map shows every region.
pub async fn tasks_by_place(db: &Db, s: &Selection) -> Result<PlaceFigures, sqlx::Error> {
    let s = Selection {
        region_code: None,
        ..s.clone()
    };
    let mut q = task_query(&s, true);
    let to = q.arg(s.to);
    let from = q.arg(s.from);
    q.when(format!("t.start_date <= {to} and t.due_date >= {from}"));
    let today = q.arg(s.today);
    // Tasks without a region come back under '', which names no place. (Grouped by the
    // expressions, not the columns, so that SQLite reads the covering index by due date rather
    // than the place index for its order.)
    let sql = format!(
        "select coalesce(t.region_code, ''), coalesce(t.district_code, ''), count(*), \
         cast(sum(case when t.status in {} and t.due_date < {today} then 1 else 0 end) as bigint) \
         from tasks t {} group by coalesce(t.region_code, ''), coalesce(t.district_code, '')",
        owing_sql(),
        q.where_clause()
    );
    on_db!(db, pool => bind_all!(sqlx::query_as(&sql), q.args()).fetch_all(pool).await)
}

/// The tally scope read for the map and the scorecards: the chosen objective's, or '' for all.
pub(super) fn scope_code(s: &Selection) -> String {
    s.objective_bit
        .and_then(|bit| {
            crate::domain::dashboard::figures::CONCEPT_BITS
                .iter()
                .find(|(_, b)| *b == bit)
        })
        .map(|(code, _)| (*code).to_owned())
        .unwrap_or_default()
}

/// Reports on the periods by region and district: (submitted, on time).
pub async fn reports_by_place(db: &Db, s: &Selection) -> Result<PlaceFigures, sqlx::Error> {
    let s = Selection {
        region_code: None,
        ..s.clone()
    };
    let mut q = Query::default();
    let (source, all, late) = report_source(&s, &mut q);
    let scope = q.arg(scope_code(&s));
    q.when(format!("s.scope = {scope}"));
    q.when("s.region_code <> ''".to_owned());
    let sql = format!(
        "select s.region_code, s.district_code, cast(sum(s.{all}) as bigint), \
         cast(sum(s.{all}) - sum(s.{late}) as bigint) from {source} {} \
         group by s.region_code, s.district_code",
        q.where_clause()
    );
    on_db!(db, pool => bind_all!(sqlx::query_as(&sql), q.args()).fetch_all(pool).await)
}

/// Activities starting within the periods by region and district: (activities, reached).
pub async fn activities_by_place(db: &Db, s: &Selection) -> Result<PlaceFigures, sqlx::Error> {
    let s = Selection {
        region_code: None,
        ..s.clone()
    };
    let mut q = Query::default();
    let source = activity_source(&s, &mut q);
    let scope = q.arg(scope_code(&s));
    q.when(format!("s.scope = {scope}"));
    let sql = format!(
        "select s.region_code, s.district_code, cast(sum(s.activities) as bigint), \
         cast(sum(s.reached_total) as bigint) from {source} {} \
         group by s.region_code, s.district_code",
        q.where_clause()
    );
    on_db!(db, pool => bind_all!(sqlx::query_as(&sql), q.args()).fetch_all(pool).await)
}

/// Enforcement tasks overlapping the periods, by the focus each records ('' for none).
pub async fn enforcement_tasks(db: &Db, s: &Selection) -> Result<Vec<(String, i64)>, sqlx::Error> {
    let mut q = task_query(s, true);
    q.when("t.category = 'enforcement'".to_owned());
    let to = q.arg(s.to);
    let from = q.arg(s.from);
    q.when(format!("t.start_date <= {to} and t.due_date >= {from}"));
    let sql = format!(
        "select coalesce(t.enforcement_focus, ''), count(*) from tasks t {} \
         group by coalesce(t.enforcement_focus, '')",
        q.where_clause()
    );
    on_db!(db, pool => bind_all!(sqlx::query_as(&sql), q.args()).fetch_all(pool).await)
}

/// Reports on enforcement tasks for the periods (for the public, the accepted ones), by the
/// focus each report recorded ('' for none).
pub async fn enforcement_reports(
    db: &Db,
    s: &Selection,
) -> Result<Vec<(String, i64)>, sqlx::Error> {
    let mut q = Query::default();
    let (source, all, _) = report_source(s, &mut q);
    let scope = q.arg(scope_code(s));
    q.when(format!("s.scope = {scope}"));
    q.when("s.category = 'enforcement'".to_owned());
    let sql = format!(
        "select s.enforcement_focus, cast(coalesce(sum(s.{all}), 0) as bigint) from {source} {} \
         group by s.enforcement_focus",
        q.where_clause()
    );
    on_db!(db, pool => bind_all!(sqlx::query_as(&sql), q.args()).fetch_all(pool).await)
}

/// Tasks due within the periods, by due date and whether verified: (due, verified, count).
pub async fn tasks_due(db: &Db, s: &Selection) -> Result<Vec<(Date, bool, i64)>, sqlx::Error> {
    let mut q = task_query(s, true);
    let from = q.arg(s.from);
    let to = q.arg(s.to);
    q.when(format!("t.due_date >= {from} and t.due_date <= {to}"));
    let sql = format!(
        "select t.due_date, t.status = 'verified', count(*) from tasks t {} \
         group by t.due_date, t.status = 'verified'",
        q.where_clause()
    );
    on_db!(db, pool => bind_all!(sqlx::query_as(&sql), q.args()).fetch_all(pool).await)
}

/// Accepted indicator values without a breakdown by sex or age (national, or the chosen
/// region's) for periods starting within the range: (indicator code, period start, value).
pub async fn indicator_series(
    db: &Db,
    s: &Selection,
) -> Result<Vec<(String, Date, f64)>, sqlx::Error> {
    let mut q = Query::default();
    q.when("v.status = 'accepted' and v.sex = '' and v.age_group = ''".to_owned());
    let region = q.arg(s.region_code.clone().unwrap_or_default());
    q.when(format!("v.region_code = {region}"));
    let from = q.arg(s.from);
    let to = q.arg(s.to);
    q.when(format!(
        "v.period_start >= {from} and v.period_start <= {to}"
    ));
    let sql = format!(
        "select i.code, v.period_start, cast(v.value as double precision) \
         from indicator_values v join indicators i on i.indicator_id = v.indicator_id {} \
         order by i.code, v.period_start",
        q.where_clause()
    );
    on_db!(db, pool => bind_all!(sqlx::query_as(&sql), q.args()).fetch_all(pool).await)
}
