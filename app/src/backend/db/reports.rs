//! Progress reports one at a time: the reporting calendar, starting a report (or a corrected
//! revision), saving its content and moving it with optimistic concurrency, its history and
//! its evidence files. Every move writes `report_history` in the same transaction.

use super::notifications::{self, Event, Recipients};
use super::tallies::tally_report;
use super::tasks::decode;
use super::tx::Tx;
use super::value::Value;
use super::{Db, on_db};
use crate::domain::{
    ids::{OrganizationId, ReportId, TaskId, UserId},
    notifications::Kind,
    reports::inputs::Reach,
    reports::periods::{Calendar, Period},
    reports::views::ReportContent,
    reports::workflow::ReportStatus,
    tasks::fields::{Category, EnforcementFocus},
};
use time::{Date, OffsetDateTime};

/// The columns holding a report's content, in [`ContentRow`]'s order.
pub const CONTENT: &str = "percent_complete, work_done, results, result_value, reached_total, \
     female_under_18, female_18_29, female_30_49, female_50_plus, \
     male_under_18, male_18_29, male_30_49, male_50_plus, problems, support_needed, \
     enforcement_focus";

/// A report's content as stored.
#[derive(sqlx::FromRow)]
pub struct ContentRow {
    percent_complete: Option<i64>,
    work_done: String,
    results: String,
    result_value: Option<f64>,
    reached_total: Option<i64>,
    female_under_18: Option<i64>,
    female_18_29: Option<i64>,
    female_30_49: Option<i64>,
    female_50_plus: Option<i64>,
    male_under_18: Option<i64>,
    male_18_29: Option<i64>,
    male_30_49: Option<i64>,
    male_50_plus: Option<i64>,
    problems: String,
    support_needed: String,
    enforcement_focus: Option<String>,
}

impl From<ContentRow> for ReportContent {
    fn from(r: ContentRow) -> Self {
        ReportContent {
            percent_complete: r.percent_complete,
            work_done: r.work_done,
            results: r.results,
            result_value: r.result_value,
            reach: Reach {
                total: r.reached_total,
                cells: [
                    r.female_under_18,
                    r.female_18_29,
                    r.female_30_49,
                    r.female_50_plus,
                    r.male_under_18,
                    r.male_18_29,
                    r.male_30_49,
                    r.male_50_plus,
                ],
            },
            problems: r.problems,
            support_needed: r.support_needed,
            enforcement_focus: r
                .enforcement_focus
                .as_deref()
                .and_then(EnforcementFocus::parse),
        }
    }
}

/// A [`ReportContent`] as the sixteen values of [`CONTENT`]'s columns, in order.
fn content_values(c: &ReportContent) -> Vec<Value> {
    let mut values: Vec<Value> = vec![
        c.percent_complete.into(),
        (&c.work_done).into(),
        (&c.results).into(),
        c.result_value.into(),
        c.reach.total.into(),
    ];
    values.extend(c.reach.cells.iter().map(|cell| Value::from(*cell)));
    values.extend([
        (&c.problems).into(),
        (&c.support_needed).into(),
        c.enforcement_focus.map(EnforcementFocus::as_str).into(),
    ]);
    values
}

/// Records a report's move (or a save, from a status to itself) in its history.
async fn record(
    tx: &mut Tx,
    id: i64,
    actor: UserId,
    from: &str,
    to: &str,
    note: &str,
    now: OffsetDateTime,
) -> Result<(), sqlx::Error> {
    tx.execute(
        "insert into report_history (report_id, actor_id, from_status, to_status, note, created_at) \
         values ($1, $2, $3, $4, $5, $6)",
        &[id.into(), actor.0.into(), from.into(), to.into(), note.into(), now.into()],
    )
    .await
    .map(|_| ())
}

// ---- The calendar ----

pub async fn calendar(db: &Db) -> Result<Calendar, sqlx::Error> {
    let (months, days): (i64, i64) = on_db!(db, pool => sqlx::query_as(
        "select period_months, deadline_days from reporting_calendar where calendar_id = 1",
    ).fetch_one(pool).await)?;
    Ok(Calendar {
        period_months: u8::try_from(months).unwrap_or(3),
        deadline_days: u16::try_from(days).unwrap_or(15),
    })
}

pub async fn set_calendar(
    db: &Db,
    calendar: Calendar,
    by: UserId,
    now: OffsetDateTime,
) -> Result<(), sqlx::Error> {
    on_db!(db, pool => sqlx::query(
        "update reporting_calendar set period_months = $1, deadline_days = $2, updated_by = $3, \
         updated_at = $4 where calendar_id = 1",
    )
    .bind(i64::from(calendar.period_months))
    .bind(i64::from(calendar.deadline_days))
    .bind(by.0)
    .bind(now)
    .execute(pool).await.map(|r| r.rows_affected()))?;
    Ok(())
}

// ---- One report ----

/// What deciding on a change to a report needs.
#[derive(Clone, Debug, sqlx::FromRow)]
pub struct ReportCore {
    pub report_id: i64,
    pub task_id: i64,
    pub organization_id: i64,
    pub period_start: Date,
    pub period_end: Date,
    pub deadline: Date,
    pub revision: i64,
    pub status: String,
    pub version: i64,
    pub submitted_at: Option<OffsetDateTime>,
    pub is_late: bool,
    pub review_comment: String,
    /// The task's category and focus (an enforcement task's reports record a focus too).
    pub task_category: String,
    pub task_focus: Option<String>,
}

impl ReportCore {
    pub fn id(&self) -> ReportId {
        ReportId(self.report_id)
    }

    pub fn organization(&self) -> OrganizationId {
        OrganizationId(self.organization_id)
    }

    pub fn status(&self) -> Result<ReportStatus, sqlx::Error> {
        ReportStatus::parse(&self.status).ok_or_else(|| decode("report status", &self.status))
    }

    /// Whether the report is on an enforcement task, whose reports record their focus.
    pub fn is_enforcement(&self) -> bool {
        Category::parse(&self.task_category) == Some(Category::Enforcement)
    }

    /// The task's focus, which a new report starts with.
    pub fn task_focus(&self) -> Option<EnforcementFocus> {
        self.task_focus.as_deref().and_then(EnforcementFocus::parse)
    }

    pub fn period(&self) -> Period {
        Period {
            start: self.period_start,
            end: self.period_end,
            deadline: self.deadline,
        }
    }
}

const CORE: &str = "select r.report_id, r.task_id, r.organization_id, r.period_start, \
                    r.period_end, r.deadline, r.revision, r.status, r.version, r.submitted_at, \
                    r.is_late, r.review_comment, t.category as task_category, \
                    t.enforcement_focus as task_focus \
                    from reports r join tasks t on t.task_id = r.task_id";

pub async fn core(db: &Db, id: ReportId) -> Result<Option<ReportCore>, sqlx::Error> {
    let sql = format!("{CORE} where r.report_id = $1");
    on_db!(db, pool => sqlx::query_as(&sql).bind(id.0).fetch_optional(pool).await)
}

/// Every revision of a task's report for the period starting on `start`, oldest first.
pub async fn revisions(db: &Db, task: TaskId, start: Date) -> Result<Vec<ReportCore>, sqlx::Error> {
    let sql = format!("{CORE} where r.task_id = $1 and r.period_start = $2 order by r.revision");
    on_db!(db, pool => sqlx::query_as(&sql).bind(task.0).bind(start).fetch_all(pool).await)
}

pub async fn content(db: &Db, id: ReportId) -> Result<ReportContent, sqlx::Error> {
    let sql = format!("select {CONTENT} from reports where report_id = $1");
    let row: ContentRow =
        on_db!(db, pool => sqlx::query_as(&sql).bind(id.0).fetch_one(pool).await)?;
    Ok(row.into())
}

/// A report to start: the first revision of a period, or a correction of an accepted one.
pub struct NewReport {
    pub task_id: TaskId,
    pub organization_id: OrganizationId,
    pub period: Period,
    pub revision: i64,
    pub content: ReportContent,
    /// The revision a correction copies its evidence from.
    pub corrects: Option<ReportId>,
    pub created_by: UserId,
    pub is_demo: bool,
}

/// Starts a report as a draft. A second start of the same revision (two tabs, say) fails the
/// unique constraint, which the caller turns into "changed meanwhile".
pub async fn insert(
    db: &Db,
    report: &NewReport,
    now: OffsetDateTime,
) -> Result<ReportId, sqlx::Error> {
    let sql = format!(
        "insert into reports (task_id, organization_id, period_start, period_end, deadline, revision, \
         status, {CONTENT}, is_demo, created_by, created_at, updated_at) values ($1, $2, $3, $4, $5, $6, \
         'draft', $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $18, $19, $20, $21, $22, $23, $24, $25, $25) \
         returning report_id"
    );
    let mut values: Vec<Value> = vec![
        report.task_id.0.into(),
        report.organization_id.0.into(),
        report.period.start.into(),
        report.period.end.into(),
        report.period.deadline.into(),
        report.revision.into(),
    ];
    values.extend(content_values(&report.content));
    values.extend([
        report.is_demo.into(),
        report.created_by.0.into(),
        now.into(),
    ]);
    let mut tx = db.begin().await?;
    let id: i64 = tx.fetch_scalar(&sql, &values).await?;
    if let Some(from) = report.corrects {
        tx.execute(
            "insert into evidence_files (report_id, kind, original_name, stored_name, size_bytes, \
             sha256, uploaded_by, uploaded_at) select $1, kind, original_name, stored_name, \
             size_bytes, sha256, uploaded_by, uploaded_at from evidence_files where report_id = $2 \
             order by file_id",
            &[id.into(), from.0.into()],
        )
        .await?;
    }
    record(&mut tx, id, report.created_by, "", "draft", "", now).await?;
    tx.commit().await?;
    Ok(ReportId(id))
}

/// Saves a draft's content if the report is still at `version` in `status`; false if it moved
/// on. The history records the save (a change from a status to itself).
pub async fn save_content(
    db: &Db,
    id: ReportId,
    version: i64,
    status: ReportStatus,
    content: &ReportContent,
    actor: UserId,
    now: OffsetDateTime,
) -> Result<bool, sqlx::Error> {
    let sql = "update reports set percent_complete = $1, work_done = $2, results = $3, \
               result_value = $4, reached_total = $5, female_under_18 = $6, female_18_29 = $7, \
               female_30_49 = $8, female_50_plus = $9, male_under_18 = $10, male_18_29 = $11, \
               male_30_49 = $12, male_50_plus = $13, problems = $14, support_needed = $15, \
               enforcement_focus = $16, version = version + 1, updated_at = $17 \
               where report_id = $18 and version = $19 and status = $20";
    let mut values = content_values(content);
    values.extend([
        now.into(),
        id.0.into(),
        version.into(),
        status.as_str().into(),
    ]);
    let mut tx = db.begin().await?;
    // The focus is part of a report's tally key: a returned report whose focus changes moves
    // its counts.
    tally_report(&mut tx, id.0, -1).await?;
    if tx.execute(sql, &values).await? != 1 {
        return Ok(false);
    }
    tally_report(&mut tx, id.0, 1).await?;
    let status = status.as_str();
    record(&mut tx, id.0, actor, status, status, "", now).await?;
    tx.commit().await?;
    Ok(true)
}

/// A move to record.
pub struct StatusChange<'a> {
    pub id: ReportId,
    pub version: i64,
    pub from: ReportStatus,
    pub to: ReportStatus,
    pub actor: UserId,
    pub note: &'a str,
    /// For a submission: whether it is late.
    pub late: Option<bool>,
    /// For an acceptance of a correction: the earlier accepted revisions it supersedes.
    pub supersedes: Option<(TaskId, Date, i64)>,
}

/// Moves a report if it is still at `version` in `from`; false if it moved on meanwhile.
pub async fn change_status(
    db: &Db,
    change: &StatusChange<'_>,
    now: OffsetDateTime,
) -> Result<bool, sqlx::Error> {
    let submitted = change.late.is_some();
    let reviewed = matches!(change.to, ReportStatus::Accepted | ReportStatus::Returned);
    let mut tx = db.begin().await?;
    // Only the status and lateness of revision 1 count in the tallies; supersession keeps a
    // revision counted as accepted.
    tally_report(&mut tx, change.id.0, -1).await?;
    let moved = tx
        .execute(
            "update reports set status = $1, version = version + 1, updated_at = $2, \
             submitted_at = case when $3 then $2 else submitted_at end, \
             is_late = case when $3 then $4 else is_late end, \
             reviewed_by = case when $5 then $6 else reviewed_by end, \
             reviewed_at = case when $5 then $2 else reviewed_at end, \
             review_comment = case when $5 then $7 else review_comment end \
             where report_id = $8 and version = $9 and status = $10",
            &[
                change.to.as_str().into(),
                now.into(),
                submitted.into(),
                change.late.unwrap_or(false).into(),
                reviewed.into(),
                change.actor.0.into(),
                change.note.into(),
                change.id.0.into(),
                change.version.into(),
                change.from.as_str().into(),
            ],
        )
        .await?;
    if moved != 1 {
        return Ok(false);
    }
    tally_report(&mut tx, change.id.0, 1).await?;
    if let Some((task, start, revision)) = change.supersedes {
        tx.execute(
            "update reports set status = 'superseded', version = version + 1, updated_at = $1 \
             where task_id = $2 and period_start = $3 and revision < $4 and status = 'accepted'",
            &[now.into(), task.0.into(), start.into(), revision.into()],
        )
        .await?;
    }
    record(
        &mut tx,
        change.id.0,
        change.actor,
        change.from.as_str(),
        change.to.as_str(),
        change.note,
        now,
    )
    .await?;
    // A submission waits for the task's coordinator; a review answers the reporters.
    let told = match change.to {
        ReportStatus::Submitted => Some((Kind::ReportSubmitted, false)),
        ReportStatus::Returned => Some((Kind::ReportReturned, true)),
        ReportStatus::Accepted => Some((Kind::ReportAccepted, true)),
        _ => None,
    };
    if let Some((kind, to_reporters)) = told {
        let (task, organization): (i64, i64) = tx
            .fetch_one(
                "select task_id, organization_id from reports where report_id = $1",
                &[change.id.0.into()],
            )
            .await?;
        let event = Event {
            kind,
            task: Some(TaskId(task)),
            report: Some(change.id),
            activity: None,
            actor: change.actor,
            note: change.note,
            key: format!(
                "report:{}:v{}:{}",
                change.id.0,
                change.version + 1,
                kind.as_str()
            ),
        };
        let to = if to_reporters {
            Recipients::ReportersOf(OrganizationId(organization))
        } else {
            Recipients::TaskCreator
        };
        notifications::record(&mut tx, &event, to, now).await?;
    }
    tx.commit().await?;
    Ok(true)
}

/// A report with its task and organisation, for its page.
#[derive(sqlx::FromRow)]
pub struct PageRow {
    pub task_title_ky: String,
    pub task_title_ru: String,
    pub task_title_en: String,
    pub task_status: String,
    pub target_value: Option<f64>,
    pub target_unit: String,
    pub org_ky: String,
    pub org_ru: String,
    pub org_en: String,
}

pub async fn page_row(db: &Db, id: ReportId) -> Result<PageRow, sqlx::Error> {
    on_db!(db, pool => sqlx::query_as(
        "select t.title_ky as task_title_ky, t.title_ru as task_title_ru, t.title_en as task_title_en, \
         t.status as task_status, t.target_value, t.target_unit, \
         o.name_ky as org_ky, o.name_ru as org_ru, o.name_en as org_en \
         from reports r join tasks t on t.task_id = r.task_id \
         join organizations o on o.organization_id = r.organization_id where r.report_id = $1",
    ).bind(id.0).fetch_one(pool).await)
}

#[derive(sqlx::FromRow)]
pub struct HistoryRow {
    pub full_name: String,
    pub from_status: String,
    pub to_status: String,
    pub note: String,
    pub created_at: OffsetDateTime,
}

pub async fn history(db: &Db, id: ReportId) -> Result<Vec<HistoryRow>, sqlx::Error> {
    on_db!(db, pool => sqlx::query_as(
        "select u.full_name, h.from_status, h.to_status, h.note, h.created_at \
         from report_history h join users u on u.user_id = h.actor_id \
         where h.report_id = $1 order by h.event_id",
    ).bind(id.0).fetch_all(pool).await)
}
