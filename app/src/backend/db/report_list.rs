//! Reading many reports: the filtered, keyset-paginated list; a task's reports; the reports
//! still owed for a period (per organisation, and per task for one organisation); the report
//! sections of the inbox. The caller's scope is always part of the query.

use super::query::Query;
use super::tasks::decode;
use super::value::Value;
use super::{Db, on_db};
use crate::bind_all;
use crate::domain::{
    ids::{OrganizationId, ReportId, TaskId},
    policy::Scope,
    reports::filters::ReportFilter,
    reports::periods::Period,
    reports::views::{MissingByOrganization, ReportRow},
    reports::workflow::ReportStatus,
    tasks::views::OrgRef,
    views::Trilingual,
};
use time::{Date, OffsetDateTime};

/// The task statuses in which reports are owed, as SQL (see `domain::reports::workflow::REPORTABLE`).
pub(super) const REPORTABLE: &str = "('accepted', 'in_progress', 'returned', 'completed')";

const ROW: &str = "select r.report_id, r.task_id, t.title_ky, t.title_ru, t.title_en, r.organization_id, \
                   o.name_ky as org_ky, o.name_ru as org_ru, o.name_en as org_en, r.period_start, \
                   r.period_end, r.deadline, r.revision, r.status, r.percent_complete, r.is_late, \
                   r.submitted_at from reports r join tasks t on t.task_id = r.task_id \
                   join organizations o on o.organization_id = r.organization_id";

#[derive(sqlx::FromRow)]
struct Row {
    report_id: i64,
    task_id: i64,
    title_ky: String,
    title_ru: String,
    title_en: String,
    organization_id: i64,
    org_ky: String,
    org_ru: String,
    org_en: String,
    period_start: Date,
    period_end: Date,
    deadline: Date,
    revision: i64,
    status: String,
    percent_complete: Option<i64>,
    is_late: bool,
    submitted_at: Option<OffsetDateTime>,
}

impl Row {
    fn into_view(self) -> Result<ReportRow, sqlx::Error> {
        Ok(ReportRow {
            id: Some(ReportId(self.report_id)),
            task_id: TaskId(self.task_id),
            task_title: Trilingual {
                ky: self.title_ky,
                ru: self.title_ru,
                en: self.title_en,
            },
            organization: OrgRef {
                id: OrganizationId(self.organization_id),
                name: Trilingual {
                    ky: self.org_ky,
                    ru: self.org_ru,
                    en: self.org_en,
                },
            },
            period: Period {
                start: self.period_start,
                end: self.period_end,
                deadline: self.deadline,
            },
            revision: self.revision,
            status: Some(
                ReportStatus::parse(&self.status)
                    .ok_or_else(|| decode("report status", &self.status))?,
            ),
            percent_complete: self.percent_complete,
            is_late: self.is_late,
            submitted_at: self.submitted_at,
        })
    }
}

/// Narrows `q` to the reports `scope` may see (the rule of `policy::may_see_report`); false
/// if it may see none.
fn visible(q: &mut Query, scope: Scope) -> bool {
    match scope {
        Scope::All => q.when("r.status <> 'draft'".to_owned()),
        Scope::Published => q.when("r.status = 'accepted'".to_owned()),
        Scope::Organization(own) => {
            let p = q.arg(own.0);
            q.when(format!("r.organization_id = {p}"));
        }
        Scope::OwnAccount(_) | Scope::Nothing => return false,
    }
    true
}

async fn rows(db: &Db, sql: &str, args: &[Value]) -> Result<Vec<ReportRow>, sqlx::Error> {
    let rows: Vec<Row> =
        on_db!(db, pool => bind_all!(sqlx::query_as(sql), args).fetch_all(pool).await)?;
    rows.into_iter().map(Row::into_view).collect()
}

/// One page of reports, newest first, after the filter's cursor.
pub async fn list(
    db: &Db,
    scope: Scope,
    filter: &ReportFilter,
    limit: i64,
) -> Result<Vec<ReportRow>, sqlx::Error> {
    let mut q = Query::default();
    if !visible(&mut q, scope) {
        return Ok(Vec::new());
    }
    if let Some(period) = filter.period {
        let p = q.arg(period);
        q.when(format!("r.period_start = {p}"));
    }
    if let Some(status) = filter.status {
        let p = q.arg(status.as_str().to_owned());
        q.when(format!("r.status = {p}"));
    }
    if let Some(org) = filter.organization_id {
        let p = q.arg(org.0);
        q.when(format!("r.organization_id = {p}"));
    }
    if filter.late {
        q.when("r.is_late = true".to_owned());
    }
    if let Some(after) = filter.after {
        let p = q.arg(after.0);
        q.when(format!("r.report_id < {p}"));
    }
    let p = q.arg(limit);
    let sql = format!(
        "{ROW} {} order by r.report_id desc limit {p}",
        q.where_clause()
    );
    rows(db, &sql, q.args()).await
}

/// The reports of one task that `scope` may see, newest period and revision first.
pub async fn of_task(db: &Db, scope: Scope, task: TaskId) -> Result<Vec<ReportRow>, sqlx::Error> {
    let mut q = Query::default();
    if !visible(&mut q, scope) {
        return Ok(Vec::new());
    }
    let p = q.arg(task.0);
    q.when(format!("r.task_id = {p}"));
    let sql = format!(
        "{ROW} {} order by r.period_start desc, r.revision desc limit 200",
        q.where_clause()
    );
    rows(db, &sql, q.args()).await
}

/// The period starts for which a task already has a report (of any status or revision).
pub async fn periods_reported(db: &Db, task: TaskId) -> Result<Vec<Date>, sqlx::Error> {
    on_db!(db, pool => sqlx::query_scalar(
        "select distinct period_start from reports where task_id = $1",
    ).bind(task.0).fetch_all(pool).await)
}

#[derive(sqlx::FromRow)]
struct MissingRow {
    organization_id: i64,
    name_ky: String,
    name_ru: String,
    name_en: String,
    required: i64,
    missing: i64,
    late: i64,
}

/// Per organisation: how many of its open tasks owe a report for `period`, how many have none
/// submitted yet, and how many came late. A task owes one if it is open now and started by the
/// period's last day. Organisations with nothing missing come last.
pub async fn missing_by_organization(
    db: &Db,
    period: &Period,
) -> Result<Vec<MissingByOrganization>, sqlx::Error> {
    let sql = format!(
        "select t.lead_organization_id as organization_id, o.name_ky, o.name_ru, o.name_en, \
         count(*) as required, \
         sum(case when d.task_id is null then 1 else 0 end) as missing, \
         sum(coalesce(d.late, 0)) as late \
         from tasks t join organizations o on o.organization_id = t.lead_organization_id \
         left join (select task_id, max(case when is_late then 1 else 0 end) as late from reports \
             where period_start = $1 and status <> 'draft' group by task_id) d on d.task_id = t.task_id \
         where t.is_group = false and t.status in {REPORTABLE} and t.start_date <= $2 \
         group by t.lead_organization_id, o.name_ky, o.name_ru, o.name_en \
         order by missing desc, o.name_ru, t.lead_organization_id"
    );
    let rows: Vec<MissingRow> = on_db!(db, pool => sqlx::query_as(&sql)
        .bind(period.start).bind(period.end).fetch_all(pool).await)?;
    Ok(rows
        .into_iter()
        .map(|r| MissingByOrganization {
            organization: OrgRef {
                id: OrganizationId(r.organization_id),
                name: Trilingual {
                    ky: r.name_ky,
                    ru: r.name_ru,
                    en: r.name_en,
                },
            },
            required: r.required,
            missing: r.missing,
            late: r.late,
        })
        .collect())
}

#[derive(sqlx::FromRow)]
struct OwedRow {
    task_id: i64,
    title_ky: String,
    title_ru: String,
    title_en: String,
    organization_id: i64,
    org_ky: String,
    org_ru: String,
    org_en: String,
    draft_id: Option<i64>,
}

const OWED: &str = "from tasks t join organizations o on o.organization_id = t.lead_organization_id \
                    where t.is_group = false and t.status in ('accepted', 'in_progress', 'returned', 'completed') \
                    and t.start_date <= $2 and t.lead_organization_id = $3 \
                    and not exists (select 1 from reports r where r.task_id = t.task_id \
                        and r.period_start = $1 and r.status <> 'draft')";

/// The tasks of `organization` still owing a report for `period` (with the draft already
/// started, if any), earliest due first.
pub async fn owed(
    db: &Db,
    period: &Period,
    organization: OrganizationId,
    limit: i64,
) -> Result<Vec<ReportRow>, sqlx::Error> {
    let sql = format!(
        "select t.task_id, t.title_ky, t.title_ru, t.title_en, t.lead_organization_id as organization_id, \
         o.name_ky as org_ky, o.name_ru as org_ru, o.name_en as org_en, \
         (select max(r.report_id) from reports r where r.task_id = t.task_id and r.period_start = $1) as draft_id \
         {OWED} order by t.due_date, t.task_id limit $4"
    );
    let rows: Vec<OwedRow> = on_db!(db, pool => sqlx::query_as(&sql)
        .bind(period.start).bind(period.end).bind(organization.0).bind(limit)
        .fetch_all(pool).await)?;
    Ok(rows
        .into_iter()
        .map(|r| ReportRow {
            id: r.draft_id.map(ReportId),
            task_id: TaskId(r.task_id),
            task_title: Trilingual {
                ky: r.title_ky,
                ru: r.title_ru,
                en: r.title_en,
            },
            organization: OrgRef {
                id: OrganizationId(r.organization_id),
                name: Trilingual {
                    ky: r.org_ky,
                    ru: r.org_ru,
                    en: r.org_en,
                },
            },
            period: *period,
            revision: 1,
            status: r.draft_id.map(|_| ReportStatus::Draft),
            percent_complete: None,
            is_late: false,
            submitted_at: None,
        })
        .collect())
}

/// How many tasks of `organization` still owe a report for `period`.
pub async fn owed_count(
    db: &Db,
    period: &Period,
    organization: OrganizationId,
) -> Result<i64, sqlx::Error> {
    let sql = format!("select count(*) {OWED}");
    on_db!(db, pool => sqlx::query_scalar(&sql)
        .bind(period.start).bind(period.end).bind(organization.0).fetch_one(pool).await)
}

/// Reports in `status` (of one organisation, or all), newest first: returned ones for their
/// writers, submitted ones for the coordinators.
pub async fn in_status(
    db: &Db,
    status: ReportStatus,
    organization: Option<OrganizationId>,
    limit: i64,
) -> Result<(i64, Vec<ReportRow>), sqlx::Error> {
    let mut q = Query::default();
    let p = q.arg(status.as_str().to_owned());
    q.when(format!("r.status = {p}"));
    if let Some(org) = organization {
        let p = q.arg(org.0);
        q.when(format!("r.organization_id = {p}"));
    }
    let count_sql = format!("select count(*) from reports r {}", q.where_clause());
    let total: i64 = on_db!(db, pool => bind_all!(sqlx::query_scalar(&count_sql), q.args()).fetch_one(pool).await)?;
    if total == 0 || limit == 0 {
        return Ok((total, Vec::new()));
    }
    let p = q.arg(limit);
    let sql = format!(
        "{ROW} {} order by r.report_id desc limit {p}",
        q.where_clause()
    );
    Ok((total, rows(db, &sql, q.args()).await?))
}
