//! The record of failed logins behind login throttling.

use super::{Db, on_db};
use time::OffsetDateTime;

/// Failures recorded under a key, and when the last one happened.
pub async fn get(db: &Db, key: &str) -> Result<Option<(i64, OffsetDateTime)>, sqlx::Error> {
    on_db!(db, pool =>
        sqlx::query_as("select failures, last_failure_at from login_failures where throttle_key = $1")
            .bind(key)
            .fetch_optional(pool)
            .await
    )
}

pub async fn set(db: &Db, key: &str, failures: i64, at: OffsetDateTime) -> Result<(), sqlx::Error> {
    on_db!(db, pool =>
        sqlx::query(
            "insert into login_failures (throttle_key, failures, last_failure_at) values ($1, $2, $3) \
             on conflict (throttle_key) do update set failures = excluded.failures, \
                 last_failure_at = excluded.last_failure_at",
        )
        .bind(key)
        .bind(failures)
        .bind(at)
        .execute(pool)
        .await
        .map(|r| r.rows_affected())
    )?;
    Ok(())
}

pub async fn clear(db: &Db, key: &str) -> Result<(), sqlx::Error> {
    on_db!(db, pool =>
        sqlx::query("delete from login_failures where throttle_key = $1").bind(key).execute(pool).await.map(|r| r.rows_affected())
    )?;
    Ok(())
}
