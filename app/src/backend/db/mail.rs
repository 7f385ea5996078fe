//! The mail outbox's SQL: leasing due notifications to one sender at a time, what a message
//! needs, recording a delivery or a refusal, the recipients' preferences, and the shared secret.

use super::Db;
use super::notifications::{SUBJECT_COLUMNS, SUBJECT_JOINS, SubjectRow};
use super::value::Params;
use crate::bind_all;
use crate::domain::ids::UserId;
use crate::domain::notifications::{Delivery, Kind, MailState, Subject};
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
    /// The user it goes to; `None` for an organisation's contact address.
    pub user_id: Option<UserId>,
    pub email: String,
    /// The recipient's name: the user's, or the organisation's.
    pub name: Trilingual,
    /// The user's language; `None` for a contact address, written to in Kyrgyz and Russian.
    pub lang: Option<Lang>,
    pub kind: Kind,
    pub subject: Subject,
    pub actor: Option<String>,
    pub note: String,
    pub attempts: i64,
}

#[derive(sqlx::FromRow)]
struct OutgoingRow {
    notification_id: i64,
    user_id: Option<i64>,
    email: Option<String>,
    full_name: Option<String>,
    language: Option<String>,
    org_ky: Option<String>,
    org_ru: Option<String>,
    org_en: Option<String>,
    kind: String,
    #[sqlx(flatten)]
    subject: SubjectRow,
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
        "select n.notification_id, n.user_id, coalesce(u.email, n.email_to) as email, \
             u.full_name, u.language, o.name_ky as org_ky, o.name_ru as org_ru, \
             o.name_en as org_en, n.kind, {SUBJECT_COLUMNS}, ac.full_name as actor, n.note, \
             n.email_attempts \
         from notifications n {SUBJECT_JOINS} \
         left join users u on u.user_id = n.user_id \
         left join users ac on ac.user_id = n.actor_id \
         where n.notification_id in ({}) and n.email_state = 'pending' \
         order by n.notification_id",
        params.list(ids.iter().copied())
    );
    let rows: Vec<OutgoingRow> = on_db!(db, pool =>
        bind_all!(sqlx::query_as(&sql), &params.values).fetch_all(pool).await)?;
    rows.into_iter()
        .map(|r| {
            let name = match r.full_name {
                Some(full) => Trilingual {
                    ky: full.clone(),
                    ru: full.clone(),
                    en: full,
                },
                None => Trilingual {
                    ky: r.org_ky.unwrap_or_default(),
                    ru: r.org_ru.unwrap_or_default(),
                    en: r.org_en.unwrap_or_default(),
                },
            };
            Ok(Outgoing {
                id: r.notification_id,
                user_id: r.user_id.map(UserId),
                email: r.email.unwrap_or_default(),
                name,
                lang: r.user_id.map(|_| {
                    r.language
                        .as_deref()
                        .and_then(Lang::parse)
                        .unwrap_or_default()
                }),
                kind: super::notifications::kind(&r.kind)?,
                subject: r.subject.into_subject(),
                actor: r.actor,
                note: r.note,
                attempts: r.email_attempts,
            })
        })
        .collect()
}

/// One notification a daily digest gathers.
#[derive(Clone, Debug)]
pub struct Gathered {
    pub kind: Kind,
    pub subject: Subject,
    pub actor: Option<String>,
    pub note: String,
    pub created_at: OffsetDateTime,
}

#[derive(sqlx::FromRow)]
struct GatheredRow {
    kind: String,
    #[sqlx(flatten)]
    subject: SubjectRow,
    actor: Option<String>,
    note: String,
    created_at: OffsetDateTime,
}

/// The notifications the daily digest `digest` gathers, oldest first.
pub async fn gathered(db: &Db, digest: i64) -> Result<Vec<Gathered>, sqlx::Error> {
    let sql = format!(
        "select n.kind, {SUBJECT_COLUMNS}, ac.full_name as actor, n.note, n.created_at \
         from notifications n {SUBJECT_JOINS} \
         left join users ac on ac.user_id = n.actor_id \
         where n.digest_id = $1 order by n.notification_id"
    );
    let rows: Vec<GatheredRow> =
        on_db!(db, pool => sqlx::query_as(&sql).bind(digest).fetch_all(pool).await)?;
    rows.into_iter()
        .map(|r| {
            Ok(Gathered {
                kind: super::notifications::kind(&r.kind)?,
                subject: r.subject.into_subject(),
                actor: r.actor,
                note: r.note,
                created_at: r.created_at,
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

/// Records a refusal: tried again at `retry_at`, or given up (`None`). A message given up
/// tells the active administrators, at most once a day each (`today` in Bishkek), unless it
/// was itself such a message: a broken mail server never feeds itself.
pub async fn refused(
    db: &Db,
    id: i64,
    error: &str,
    retry_at: Option<OffsetDateTime>,
    today: time::Date,
    now: OffsetDateTime,
) -> Result<(), sqlx::Error> {
    let state = if retry_at.is_some() {
        MailState::Pending
    } else {
        MailState::Failed
    };
    let mut tx = db.begin().await?;
    tx.execute(
        "update notifications set email_state = $1, email_next_at = $2, email_leased_until = null, \
            email_attempts = email_attempts + 1, email_error = $3 \
         where notification_id = $4",
        &[
            state.as_str().into(),
            retry_at.into(),
            error.into(),
            id.into(),
        ],
    )
    .await?;
    if retry_at.is_none() {
        let note: String = error.chars().take(300).collect();
        tx.execute(
            "insert into notifications (user_id, kind, note, event_key, created_at, email_state) \
             select u.user_id, 'mail_failed', $1, $2, $3, 'pending' \
             from users u where u.role = 'administrator' and u.is_active \
                 and exists (select 1 from notifications f \
                     where f.notification_id = $4 and f.kind <> 'mail_failed') \
             on conflict do nothing",
            &[
                note.as_str().into(),
                format!("mail_failed:{today}").into(),
                now.into(),
                id.into(),
            ],
        )
        .await?;
    }
    tx.commit().await
}

/// How `user` receives `kind` by email.
pub async fn delivery(db: &Db, user: UserId, kind: Kind) -> Result<Delivery, sqlx::Error> {
    let delivery: Option<String> = on_db!(db, pool => sqlx::query_scalar(
        "select delivery from notification_preferences where user_id = $1 and kind = $2")
        .bind(user.0).bind(kind.as_str()).fetch_optional(pool).await)?;
    Ok(delivery
        .as_deref()
        .and_then(Delivery::parse)
        .unwrap_or(Delivery::Immediate))
}

/// The kinds `user` has set otherwise than the default (immediately).
pub async fn deliveries(db: &Db, user: UserId) -> Result<Vec<(Kind, Delivery)>, sqlx::Error> {
    let rows: Vec<(String, String)> = on_db!(db, pool => sqlx::query_as(
        "select kind, delivery from notification_preferences where user_id = $1")
        .bind(user.0).fetch_all(pool).await)?;
    Ok(rows
        .iter()
        .filter_map(|(k, d)| Some((Kind::parse(k)?, Delivery::parse(d)?)))
        .collect())
}

/// Sets how `user` receives each of `choices` by email, in one transaction; messages of those
/// kinds not yet sent follow suit (switched off, held for the digest, or released from it).
pub async fn set_deliveries(
    db: &Db,
    user: UserId,
    choices: &[(Kind, Delivery)],
) -> Result<(), sqlx::Error> {
    let mut tx = db.begin().await?;
    for (kind, delivery) in choices {
        tx.execute(
            "insert into notification_preferences (user_id, kind, delivery) values ($1, $2, $3) \
             on conflict (user_id, kind) do update set delivery = excluded.delivery",
            &[
                user.0.into(),
                kind.as_str().into(),
                delivery.as_str().into(),
            ],
        )
        .await?;
        let state = match delivery {
            Delivery::Immediate => MailState::Pending,
            Delivery::Daily => MailState::Held,
            Delivery::Off => MailState::Off,
        };
        tx.execute(
            "update notifications set email_state = $1 \
             where user_id = $2 and kind = $3 and email_state in ('pending', 'held') \
                 and email_attempts = 0 and email_leased_until is null",
            &[state.as_str().into(), user.0.into(), kind.as_str().into()],
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
