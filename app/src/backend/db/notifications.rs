//! Notifications' SQL: telling the right people inside the transaction of the change that
//! causes it (one row per recipient, never two for one event), and the notification centre's
//! reads and marks.

use super::Db;
use super::tx::Tx;
use crate::domain::ids::{OrganizationId, ReportId, TaskId, UserId};
use crate::domain::notifications::{Kind, NotificationItem};
use crate::domain::views::Trilingual;
use crate::on_db;
use time::OffsetDateTime;

/// One thing that happened, to tell people about.
pub struct Event<'a> {
    pub kind: Kind,
    pub task: TaskId,
    pub report: Option<ReportId>,
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
}

/// A notification's email state as it is written, for recipient `u`: `off` when they do not
/// want its kind (`$1`) by email, else `pending`.
const EMAIL_STATE: &str = "case when exists (select 1 from notification_preferences p \
     where p.user_id = u.user_id and p.kind = $1 and p.delivery = 'off') \
     then 'off' else 'pending' end";

/// A kind as stored.
pub fn kind(value: &str) -> Result<Kind, sqlx::Error> {
    Kind::parse(value).ok_or_else(|| super::tasks::decode("kind", value))
}

/// Writes the event's notifications in `tx`; how many people it tells.
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
        Recipients::ReportersOf(_) => "u.role = 'reporter' and u.organization_id = $8",
        Recipients::TaskCreator => {
            "u.role = 'coordinator' and u.user_id = (select created_by from tasks where task_id = $2)"
        }
    };
    let sql = format!(
        "insert into notifications (user_id, kind, task_id, report_id, actor_id, note, event_key, \
             created_at, email_state) \
         select u.user_id, $1, $2, $3, $4, $5, $6, $7, {EMAIL_STATE} \
         from users u \
         where {who} and u.is_active and u.user_id <> $4 \
             and exists (select 1 from tasks t where t.task_id = $2 and t.status <> 'draft') \
         on conflict (event_key, user_id) do nothing"
    );
    let mut values = vec![
        event.kind.as_str().into(),
        event.task.0.into(),
        event.report.map(|r| r.0).into(),
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

#[derive(sqlx::FromRow)]
struct ItemRow {
    notification_id: i64,
    kind: String,
    task_id: i64,
    title_ky: String,
    title_ru: String,
    title_en: String,
    report_id: Option<i64>,
    actor: Option<String>,
    note: String,
    created_at: OffsetDateTime,
    read_at: Option<OffsetDateTime>,
}

/// The user's notifications older than `before` (all if `None`), newest first.
pub async fn list(
    db: &Db,
    user: UserId,
    before: Option<i64>,
    limit: i64,
) -> Result<Vec<NotificationItem>, sqlx::Error> {
    let sql = "select n.notification_id, n.kind, n.task_id, t.title_ky, t.title_ru, t.title_en, \
                   n.report_id, a.full_name as actor, n.note, n.created_at, n.read_at \
               from notifications n \
               join tasks t on t.task_id = n.task_id \
               left join users a on a.user_id = n.actor_id \
               where n.user_id = $1 and n.notification_id < $2 \
               order by n.notification_id desc limit $3";
    let rows: Vec<ItemRow> = on_db!(db, pool => sqlx::query_as(sql)
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
                task_id: TaskId(r.task_id),
                task_title: Trilingual {
                    ky: r.title_ky,
                    ru: r.title_ru,
                    en: r.title_en,
                },
                report_id: r.report_id.map(ReportId),
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

/// The open statuses: a task in one of them still owes work.
const OPEN: &str = "('assigned', 'accepted', 'in_progress', 'returned')";

/// Writes in `tx` the reminders due on `today`: for every open task due on the day each
/// reminder names, a notification to each active reporter of its lead organisation, keyed by the
/// task, its due date and the kind (a task rescheduled is recalled again for its new date).
/// How many each kind wrote.
pub async fn remind(
    tx: &mut Tx,
    today: time::Date,
    now: OffsetDateTime,
) -> Result<Vec<(Kind, u64)>, sqlx::Error> {
    let mut written = Vec::new();
    for (kind, days) in Kind::REMINDERS {
        let sql = format!(
            "insert into notifications (user_id, kind, task_id, report_id, actor_id, note, \
                 event_key, created_at, email_state) \
             select u.user_id, $1, t.task_id, null, null, '', \
                 'task:' || t.task_id || ':due:' || t.due_date || ':' || $1, $2, {EMAIL_STATE} \
             from tasks t \
             join users u on u.organization_id = t.lead_organization_id \
                 and u.role = 'reporter' and u.is_active \
             where t.due_date = $3 and t.status in {OPEN} and not t.is_group \
             on conflict (event_key, user_id) do nothing"
        );
        let n = tx
            .execute(
                &sql,
                &[
                    kind.as_str().into(),
                    now.into(),
                    (today + time::Duration::days(days)).into(),
                ],
            )
            .await?;
        written.push((kind, n));
    }
    Ok(written)
}
