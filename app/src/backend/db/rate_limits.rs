//! The counts behind the rate limits: one row per bucket and window.

use super::{Db, on_db};
use time::OffsetDateTime;

/// Counts `hits` requests in `bucket` for the window starting at `window_start`, in one
/// statement; the window's count with these (every instance's).
pub async fn add(
    db: &Db,
    bucket: &str,
    window_start: OffsetDateTime,
    hits: i64,
) -> Result<i64, sqlx::Error> {
    let sql = "insert into rate_limits (bucket, window_start, hits) values ($1, $2, $3) \
               on conflict (bucket, window_start) do update set hits = rate_limits.hits + $3 \
               returning hits";
    on_db!(db, pool => sqlx::query_scalar(sql).bind(bucket).bind(window_start).bind(hits).fetch_one(pool).await)
}

/// Deletes the counts of windows that started before `before`.
pub async fn prune(db: &Db, before: OffsetDateTime) -> Result<u64, sqlx::Error> {
    on_db!(db, pool =>
        sqlx::query("delete from rate_limits where window_start < $1")
            .bind(before)
            .execute(pool)
            .await
            .map(|r| r.rows_affected())
    )
}
