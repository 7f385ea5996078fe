//! Notifications' SQL: telling the right people inside the transaction of the change that
//! causes it (one row per recipient, never two for one event), what a notification concerns,
//! and the notification centre's reads and marks. The scheduled ones (reminders, escalations,
//! digests) are in `reminders`.

use super::Db;
use super::tx::Tx;
use crate::domain::ids::{
    ActivityId, CaseId, IndicatorId, OrganizationId, ReportId, TaskId, UserId,
};
use crate::domain::notifications::{Kind, NotificationItem, Subject};
use crate::domain::reports::periods::Period;
use crate::domain::views::Trilingual;
use crate::on_db;
use time::{Date, OffsetDateTime};

/// One thing that happened, to tell people about: to a task (and its report) or an activity.
pub struct Event<'a> {
    pub kind: Kind,
    pub task: Option<TaskId>,
    pub report: Option<ReportId>,
    pub activity: Option<ActivityId>,
    /// Who made the change; they are never told of it.
    pub actor: UserId,
    pub note: &'a str,
    /// Unique per event: recording the same event again tells nobody twice.
    pub key: String,
}

/// Who an event goes to.
pub enum Recipients {
    /// The active reporters of the organisation leading the task (after the change).
    LeadReporters,
    /// The active reporters of this organisation.
    ReportersOf(OrganizationId),
    /// The coordinator who created the task, while active.
    TaskCreator,
    /// Every active coordinator.
    Coordinators,
}

/// A notification's email state as it is written for recipient `u`, the kind being the
/// parameter `kind`: `off` or `held` (for the daily digest) as they chose, else `pending`.
pub fn email_state(kind: &str) -> String {
    format!(
        "coalesce((select case p.delivery when 'off' then 'off' when 'daily' then 'held' end \
             from notification_preferences p where p.user_id = u.user_id and p.kind = {kind}), \
             'pending')"
    )
}

/// A kind as stored.
pub fn kind(value: &str) -> Result<Kind, sqlx::Error> {
    Kind::parse(value).ok_or_else(|| super::tasks::decode("kind", value))
}

/// Writes the event's notifications in `tx`; how many people it tells. An event about a task
/// still in draft tells nobody.
pub async fn record(
    tx: &mut Tx,
    event: &Event<'_>,
    to: Recipients,
    now: OffsetDateTime,
) -> Result<u64, sqlx::Error> {
    let who = match to {
        Recipients::LeadReporters => {
            "u.role = 'reporter' and u.organization_id = \
                (select lead_organization_id from tasks where task_id = $2)"
        }
        Recipients::ReportersOf(_) => "u.role = 'reporter' and u.organization_id = $9",
        Recipients::TaskCreator => {
            "u.role = 'coordinator' and u.user_id = (select created_by from tasks where task_id = $2)"
        }
        Recipients::Coordinators => "u.role = 'coordinator'",
    };
    let state = email_state("$1");
    let sql = format!(
        "insert into notifications (user_id, kind, task_id, report_id, activity_id, actor_id, \
             note, event_key, created_at, email_state) \
         select u.user_id, $1, $2, $3, $4, $5, $6, $7, $8, {state} \
         from users u \
         where {who} and u.is_active and u.user_id <> $5 \
             and ($2 is null or exists (select 1 from tasks t where t.task_id = $2 and t.status <> 'draft')) \
         on conflict do nothing"
    );
    let mut values = vec![
        event.kind.as_str().into(),
        event.task.map(|t| t.0).into(),
        event.report.map(|r| r.0).into(),
        event.activity.map(|a| a.0).into(),
        event.actor.0.into(),
        event.note.into(),
        event.key.as_str().into(),
        now.into(),
    ];
    if let Recipients::ReportersOf(org) = to {
        values.push(org.0.into());
    }
    tx.execute(&sql, &values).await
}

/// Who hears of an early-warning case.
pub enum CaseRecipients {
    /// The active reporters of an organisation (an alert).
    ReportersOf(OrganizationId),
    /// One person (named to assess), while active.
    User(UserId),
}

/// Writes notifications of `kind` about `case` in `tx`; how many people it tells. `key` is
/// unique per event, so the same event tells nobody twice.
pub async fn record_case(
    tx: &mut Tx,
    kind: Kind,
    case: CaseId,
    to: CaseRecipients,
    actor: UserId,
    key: &str,
    now: OffsetDateTime,
) -> Result<u64, sqlx::Error> {
    let (who, id) = match to {
        CaseRecipients::ReportersOf(org) => {
            ("u.role = 'reporter' and u.organization_id = $6", org.0)
        }
        CaseRecipients::User(user) => ("u.user_id = $6", user.0),
    };
    let state = email_state("$1");
    let sql = format!(
        "insert into notifications (user_id, kind, case_id, actor_id, note, event_key, \
             created_at, email_state) \
         select u.user_id, $1, $2, $3, '', $4, $5, {state} \
         from users u where {who} and u.is_active and u.user_id <> $3 \
         on conflict do nothing"
    );
    tx.execute(
        &sql,
        &[
            kind.as_str().into(),
            case.0.into(),
            actor.0.into(),
            key.into(),
            now.into(),
            id.into(),
        ],
    )
    .await
}

/// The columns that say what a notification concerns (see [`SubjectRow`]), from
/// `notifications n` and [`SUBJECT_JOINS`].
pub const SUBJECT_COLUMNS: &str = "n.task_id, n.report_id, n.activity_id, n.indicator_id, \
     n.case_id, n.organization_id, n.period_start, n.period_end, n.due_date, \
     coalesce(t.title_ky, i.name_ky, a.title, wc.title, o.name_ky, '') as title_ky, \
     coalesce(t.title_ru, i.name_ru, a.title, wc.title, o.name_ru, '') as title_ru, \
     coalesce(t.title_en, i.name_en, a.title, wc.title, o.name_en, '') as title_en";

/// The joins [`SUBJECT_COLUMNS`] read from.
pub const SUBJECT_JOINS: &str = "left join tasks t on t.task_id = n.task_id \
     left join activities a on a.activity_id = n.activity_id \
     left join indicators i on i.indicator_id = n.indicator_id \
     left join warning_cases wc on wc.case_id = n.case_id \
     left join organizations o on o.organization_id = n.organization_id";

/// What a notification concerns, as read by [`SUBJECT_COLUMNS`].
#[derive(sqlx::FromRow)]
pub struct SubjectRow {
    task_id: Option<i64>,
    report_id: Option<i64>,
    activity_id: Option<i64>,
    indicator_id: Option<i64>,
    case_id: Option<i64>,
    organization_id: Option<i64>,
    period_start: Option<Date>,
    period_end: Option<Date>,
    due_date: Option<Date>,
    title_ky: String,
    title_ru: String,
    title_en: String,
}

impl SubjectRow {
    pub fn into_subject(self) -> Subject {
        Subject {
            task: self.task_id.map(TaskId),
            report: self.report_id.map(ReportId),
            activity: self.activity_id.map(ActivityId),
            indicator: self.indicator_id.map(IndicatorId),
            case: self.case_id.map(CaseId),
            organization: self.organization_id.map(OrganizationId),
            title: Trilingual {
                ky: self.title_ky,
                ru: self.title_ru,
                en: self.title_en,
            },
            period: match (self.period_start, self.period_end) {
                (Some(start), Some(end)) => Some(Period {
                    start,
                    end,
                    deadline: self.due_date.unwrap_or(end),
                }),
                _ => None,
            },
            due_date: self.due_date,
        }
    }
}

#[derive(sqlx::FromRow)]
struct ItemRow {
    notification_id: i64,
    kind: String,
    #[sqlx(flatten)]
    subject: SubjectRow,
    actor: Option<String>,
    note: String,
    created_at: OffsetDateTime,
    read_at: Option<OffsetDateTime>,
}

/// The user's notifications older than `before` (all if `None`), newest first. Daily digests
/// are email only: the notifications they gather are listed themselves.
pub async fn list(
    db: &Db,
    user: UserId,
    before: Option<i64>,
    limit: i64,
) -> Result<Vec<NotificationItem>, sqlx::Error> {
    let sql = format!(
        "select n.notification_id, n.kind, {SUBJECT_COLUMNS}, \
             ac.full_name as actor, n.note, n.created_at, n.read_at \
         from notifications n {SUBJECT_JOINS} \
         left join users ac on ac.user_id = n.actor_id \
         where n.user_id = $1 and n.notification_id < $2 and n.kind <> 'daily_digest' \
         order by n.notification_id desc limit $3"
    );
    let rows: Vec<ItemRow> = on_db!(db, pool => sqlx::query_as(&sql)
        .bind(user.0)
        .bind(before.unwrap_or(i64::MAX))
        .bind(limit)
        .fetch_all(pool)
        .await)?;
    rows.into_iter()
        .map(|r| {
            Ok(NotificationItem {
                id: r.notification_id,
                kind: kind(&r.kind)?,
                subject: r.subject.into_subject(),
                actor: r.actor,
                note: r.note,
                created_at: r.created_at,
                read: r.read_at.is_some(),
            })
        })
        .collect()
}

/// How many of the user's notifications are unread.
pub async fn unread(db: &Db, user: UserId) -> Result<i64, sqlx::Error> {
    on_db!(db, pool => sqlx::query_scalar(
        "select count(*) from notifications where user_id = $1 and read_at is null")
        .bind(user.0)
        .fetch_one(pool)
        .await)
}

/// Whether notification `id` is the user's.
pub async fn belongs_to(db: &Db, id: i64, user: UserId) -> Result<bool, sqlx::Error> {
    on_db!(db, pool => sqlx::query_scalar(
        "select count(*) from notifications where notification_id = $1 and user_id = $2")
        .bind(id)
        .bind(user.0)
        .fetch_one(pool)
        .await
        .map(|n: i64| n > 0))
}

/// Marks the user's notification `id` read, or all of them up to `id` when `all`; a
/// notification of someone else's is never touched. How many changed.
pub async fn mark_read(
    db: &Db,
    user: UserId,
    id: i64,
    all: bool,
    now: OffsetDateTime,
) -> Result<u64, sqlx::Error> {
    let sql = if all {
        "update notifications set read_at = $1 \
         where user_id = $2 and notification_id <= $3 and read_at is null"
    } else {
        "update notifications set read_at = $1 \
         where user_id = $2 and notification_id = $3 and read_at is null"
    };
    on_db!(db, pool => sqlx::query(sql)
        .bind(now)
        .bind(user.0)
        .bind(id)
        .execute(pool)
        .await
        .map(|r| r.rows_affected()))
}
