//! The mail outbox's SQL: leasing due notifications to one sender at a time, what a message
//! needs, recording a delivery or a refusal, the recipients' preferences, and the shared secret.

use super::Db;
use super::value::Params;
use crate::bind_all;
use crate::domain::ids::{ReportId, TaskId, UserId};
use crate::domain::notifications::{Kind, MailState};
use crate::domain::views::Trilingual;
use crate::i18n::Lang;
use crate::on_db;
use time::{Duration, OffsetDateTime};

/// Takes up to `limit` pending messages that are due and not leased to another sender, for
/// `lease`; their ids. On PostgreSQL rows another instance is leasing are skipped, not waited
/// for; SQLite has one writer at a time anyway.
pub async fn lease(
    db: &Db,
    now: OffsetDateTime,
    lease: Duration,
    limit: i64,
) -> Result<Vec<i64>, sqlx::Error> {
    let due = "select notification_id from notifications \
               where email_state = 'pending' and (email_next_at is null or email_next_at <= $2) \
                 and (email_leased_until is null or email_leased_until < $2) \
               order by notification_id limit $3";
    match db {
        Db::Sqlite(pool) => {
            sqlx::query_scalar(&format!(
                "update notifications set email_leased_until = $1 \
                 where notification_id in ({due}) returning notification_id"
            ))
            .bind(now + lease)
            .bind(now)
            .bind(limit)
            .fetch_all(pool)
            .await
        }
        Db::Postgres(pool) => {
            sqlx::query_scalar(&format!(
                "update notifications set email_leased_until = $1 \
                 where notification_id in ({due} for update skip locked) returning notification_id"
            ))
            .bind(now + lease)
            .bind(now)
            .bind(limit)
            .fetch_all(pool)
            .await
        }
    }
}

/// What one message is made of.
#[derive(Clone, Debug)]
pub struct Outgoing {
    pub id: i64,
    pub user_id: UserId,
    pub email: String,
    pub full_name: String,
    pub lang: Lang,
    pub kind: Kind,
    pub task_id: TaskId,
    pub task_title: Trilingual,
    pub report_id: Option<ReportId>,
    pub actor: Option<String>,
    pub note: String,
    pub attempts: i64,
}

#[derive(sqlx::FromRow)]
struct OutgoingRow {
    notification_id: i64,
    user_id: i64,
    email: String,
    full_name: String,
    language: String,
    kind: String,
    task_id: i64,
    title_ky: String,
    title_ru: String,
    title_en: String,
    report_id: Option<i64>,
    actor: Option<String>,
    note: String,
    email_attempts: i64,
}

/// The messages of the notifications `ids` that are still to be sent, in one query.
pub async fn outgoing(db: &Db, ids: &[i64]) -> Result<Vec<Outgoing>, sqlx::Error> {
    if ids.is_empty() {
        return Ok(Vec::new());
    }
    let mut params = Params::default();
    let sql = format!(
        "select n.notification_id, n.user_id, u.email, u.full_name, u.language, n.kind, \
             n.task_id, t.title_ky, t.title_ru, t.title_en, n.report_id, \
             a.full_name as actor, n.note, n.email_attempts \
         from notifications n \
         join users u on u.user_id = n.user_id \
         join tasks t on t.task_id = n.task_id \
         left join users a on a.user_id = n.actor_id \
         where n.notification_id in ({}) and n.email_state = 'pending' \
         order by n.notification_id",
        params.list(ids.iter().copied())
    );
    let rows: Vec<OutgoingRow> = on_db!(db, pool =>
        bind_all!(sqlx::query_as(&sql), &params.values).fetch_all(pool).await)?;
    rows.into_iter()
        .map(|r| {
            Ok(Outgoing {
                id: r.notification_id,
                user_id: UserId(r.user_id),
                email: r.email,
                full_name: r.full_name,
                lang: Lang::parse(&r.language).unwrap_or_default(),
                kind: super::notifications::kind(&r.kind)?,
                task_id: TaskId(r.task_id),
                task_title: Trilingual {
                    ky: r.title_ky,
                    ru: r.title_ru,
                    en: r.title_en,
                },
                report_id: r.report_id.map(ReportId),
                actor: r.actor,
                note: r.note,
                attempts: r.email_attempts,
            })
        })
        .collect()
}

/// Records that the server accepted the message.
pub async fn sent(db: &Db, id: i64, now: OffsetDateTime) -> Result<(), sqlx::Error> {
    on_db!(db, pool => sqlx::query(
        "update notifications set email_state = 'sent', email_sent_at = $1, \
            email_leased_until = null, email_attempts = email_attempts + 1, email_error = '' \
         where notification_id = $2")
        .bind(now).bind(id).execute(pool).await.map(|_| ()))
}

/// Records a refusal: tried again at `retry_at`, or given up (`None`).
pub async fn refused(
    db: &Db,
    id: i64,
    error: &str,
    retry_at: Option<OffsetDateTime>,
) -> Result<(), sqlx::Error> {
    let state = if retry_at.is_some() {
        MailState::Pending
    } else {
        MailState::Failed
    };
    on_db!(db, pool => sqlx::query(
        "update notifications set email_state = $1, email_next_at = $2, email_leased_until = null, \
            email_attempts = email_attempts + 1, email_error = $3 \
         where notification_id = $4")
        .bind(state.as_str()).bind(retry_at).bind(error).bind(id).execute(pool).await.map(|_| ()))
}

/// Whether `user` gets `kind` by email.
pub async fn wants(db: &Db, user: UserId, kind: Kind) -> Result<bool, sqlx::Error> {
    let delivery: Option<String> = on_db!(db, pool => sqlx::query_scalar(
        "select delivery from notification_preferences where user_id = $1 and kind = $2")
        .bind(user.0).bind(kind.as_str()).fetch_optional(pool).await)?;
    Ok(delivery.as_deref() != Some("off"))
}

/// The kinds `user` has switched off.
pub async fn switched_off(db: &Db, user: UserId) -> Result<Vec<Kind>, sqlx::Error> {
    let kinds: Vec<String> = on_db!(db, pool => sqlx::query_scalar(
        "select kind from notification_preferences where user_id = $1 and delivery = 'off'")
        .bind(user.0).fetch_all(pool).await)?;
    Ok(kinds.iter().filter_map(|k| Kind::parse(k)).collect())
}

/// Sets whether `user` gets `kind` by email; messages of that kind not yet sent follow suit.
pub async fn set_wanted(
    db: &Db,
    user: UserId,
    kind: Kind,
    wanted: bool,
) -> Result<(), sqlx::Error> {
    let mut tx = db.begin().await?;
    let delivery = if wanted { "immediate" } else { "off" };
    tx.execute(
        "insert into notification_preferences (user_id, kind, delivery) values ($1, $2, $3) \
         on conflict (user_id, kind) do update set delivery = excluded.delivery",
        &[user.0.into(), kind.as_str().into(), delivery.into()],
    )
    .await?;
    if !wanted {
        tx.execute(
            "update notifications set email_state = 'off' \
             where user_id = $1 and kind = $2 and email_state = 'pending'",
            &[user.0.into(), kind.as_str().into()],
        )
        .await?;
    }
    tx.commit().await
}

/// The outbox's figures: messages by state.
pub async fn counts(db: &Db) -> Result<Vec<(String, i64)>, sqlx::Error> {
    on_db!(db, pool => sqlx::query_as(
        "select email_state, count(*) from notifications group by email_state order by email_state")
        .fetch_all(pool).await)
}

/// The secret called `name`, made from `fresh` the first time any instance asks.
pub async fn secret(
    db: &Db,
    name: &str,
    fresh: &str,
    now: OffsetDateTime,
) -> Result<String, sqlx::Error> {
    on_db!(db, pool => sqlx::query(
        "insert into instance_secrets (name, value, created_at) values ($1, $2, $3) \
         on conflict (name) do nothing")
        .bind(name).bind(fresh).bind(now).execute(pool).await.map(|r| r.rows_affected()))?;
    on_db!(db, pool => sqlx::query_scalar("select value from instance_secrets where name = $1")
        .bind(name).fetch_one(pool).await)
}
