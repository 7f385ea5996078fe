//! The record of login attempts behind login throttling: one row per account or client
//! address, counting the attempts since the last quiet hour.

use super::{Db, on_db};
use time::OffsetDateTime;

/// Counts an attempt under `key` (starting afresh when the last was before `forget_before`) in
/// one statement, and gives the count with this one and when the one before it was made.
pub async fn reserve(
    db: &Db,
    key: &str,
    now: OffsetDateTime,
    forget_before: OffsetDateTime,
) -> Result<(i64, Option<OffsetDateTime>), sqlx::Error> {
    // In an update's `set`, column names read the row as it was before the update.
    let sql = "insert into login_failures (throttle_key, failures, last_failure_at, previous_failure_at) \
               values ($1, 1, $2, null) \
               on conflict (throttle_key) do update set \
                   failures = case when login_failures.last_failure_at < $3 then 1 \
                       else login_failures.failures + 1 end, \
                   previous_failure_at = case when login_failures.last_failure_at < $3 then null \
                       else login_failures.last_failure_at end, \
                   last_failure_at = excluded.last_failure_at \
               returning failures, previous_failure_at";
    on_db!(db, pool => sqlx::query_as(sql).bind(key).bind(now).bind(forget_before).fetch_one(pool).await)
}

/// Gives back one reserved attempt (a login that succeeded).
pub async fn release(db: &Db, key: &str) -> Result<(), sqlx::Error> {
    on_db!(db, pool =>
        sqlx::query("update login_failures set failures = failures - 1 where throttle_key = $1 and failures > 0")
            .bind(key).execute(pool).await.map(|r| r.rows_affected())
    )?;
    Ok(())
}

pub async fn clear(db: &Db, key: &str) -> Result<(), sqlx::Error> {
    on_db!(db, pool =>
        sqlx::query("delete from login_failures where throttle_key = $1").bind(key).execute(pool).await.map(|r| r.rows_affected())
    )?;
    Ok(())
}

/// Deletes the records of keys quiet since `before`; how many went.
pub async fn prune(db: &Db, before: OffsetDateTime) -> Result<u64, sqlx::Error> {
    on_db!(db, pool =>
        sqlx::query("delete from login_failures where last_failure_at < $1")
            .bind(before).execute(pool).await.map(|r| r.rows_affected())
    )
}
