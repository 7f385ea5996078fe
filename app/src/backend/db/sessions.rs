//! The session list in SQL: one row per signed-in session, keyed by the random handle kept in
//! the session itself. A request whose handle has no row is signed out, so deleting rows is how
//! a session (or all of a user's others) is ended.

use super::{Db, on_db};
use crate::domain::ids::UserId;
use time::OffsetDateTime;

/// One session as its list shows it.
#[derive(Clone, Debug, sqlx::FromRow)]
pub struct SessionRow {
    pub handle: String,
    pub started_at: OffsetDateTime,
    pub last_seen_at: OffsetDateTime,
    pub user_agent: String,
    pub client: String,
}

/// A new session's row.
pub struct NewSession<'a> {
    pub handle: &'a str,
    pub user: UserId,
    pub user_agent: &'a str,
    pub client: &'a str,
}

pub async fn insert(db: &Db, new: NewSession<'_>, now: OffsetDateTime) -> Result<(), sqlx::Error> {
    on_db!(db, pool => sqlx::query(
        "insert into user_sessions (handle, user_id, started_at, last_seen_at, user_agent, client) \
         values ($1, $2, $3, $3, $4, $5)",
    ).bind(new.handle).bind(new.user.0).bind(now).bind(new.user_agent).bind(new.client)
        .execute(pool).await.map(|_| ()))
}

/// Whether the session with this handle still belongs to the user (not ended).
pub async fn is_live(db: &Db, handle: &str, user: UserId) -> Result<bool, sqlx::Error> {
    let found: Option<i64> = on_db!(db, pool => sqlx::query_scalar(
        "select user_id from user_sessions where handle = $1 and user_id = $2",
    ).bind(handle).bind(user.0).fetch_optional(pool).await)?;
    Ok(found.is_some())
}

/// Records that the session was in use.
pub async fn touch(db: &Db, handle: &str, now: OffsetDateTime) -> Result<(), sqlx::Error> {
    on_db!(db, pool => sqlx::query("update user_sessions set last_seen_at = $2 where handle = $1")
        .bind(handle).bind(now).execute(pool).await.map(|_| ()))
}

/// A user's sessions still alive by `idle_since` and `started_since`, newest use first.
pub async fn list(
    db: &Db,
    user: UserId,
    idle_since: OffsetDateTime,
    started_since: OffsetDateTime,
) -> Result<Vec<SessionRow>, sqlx::Error> {
    on_db!(db, pool => sqlx::query_as(
        "select handle, started_at, last_seen_at, user_agent, client from user_sessions \
         where user_id = $1 and last_seen_at >= $2 and started_at >= $3 \
         order by last_seen_at desc, handle limit 100",
    ).bind(user.0).bind(idle_since).bind(started_since).fetch_all(pool).await)
}

/// Ends one of a user's sessions; whether it was there.
pub async fn end(db: &Db, user: UserId, handle: &str) -> Result<bool, sqlx::Error> {
    on_db!(db, pool => sqlx::query("delete from user_sessions where user_id = $1 and handle = $2")
        .bind(user.0).bind(handle).execute(pool).await.map(|r| r.rows_affected() == 1))
}

/// Takes a session off the list by its handle alone (its own sign-out).
pub async fn end_handle(db: &Db, handle: &str) -> Result<(), sqlx::Error> {
    on_db!(db, pool => sqlx::query("delete from user_sessions where handle = $1")
        .bind(handle).execute(pool).await.map(|_| ()))
}

/// Ends every session of a user but `keep` (if given); how many ended.
pub async fn end_all_but(db: &Db, user: UserId, keep: Option<&str>) -> Result<u64, sqlx::Error> {
    on_db!(db, pool => sqlx::query(
        "delete from user_sessions where user_id = $1 and handle <> $2",
    ).bind(user.0).bind(keep.unwrap_or("")).execute(pool).await.map(|r| r.rows_affected()))
}

/// Forgets sessions idle or older than their limits allow (they could not be used anyway).
pub async fn prune(
    db: &Db,
    idle_since: OffsetDateTime,
    started_since: OffsetDateTime,
) -> Result<u64, sqlx::Error> {
    on_db!(db, pool => sqlx::query(
        "delete from user_sessions where last_seen_at < $1 or started_at < $2",
    ).bind(idle_since).bind(started_since).execute(pool).await.map(|r| r.rows_affected()))
}
