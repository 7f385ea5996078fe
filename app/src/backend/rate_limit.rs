//! Rate limits on the costly endpoints — login, exports, and the reads that add up much data
//! (the dashboard, scorecards, the task list's text search) — per user and per client address.
//! The counts live in the database (`rate_limits`, one row per bucket and fixed window), so that
//! several instances share them; a request over the limit is refused with 429 and how long to
//! wait. The limits ([`super::state::Limits`]) are far above what a person does.
//!
//! An instance does not write a count for every request: it counts here and adds its share to
//! the database after a twentieth of the limit or a second, whichever comes first (and on a
//! bucket's first request, to learn what the others counted). One instance alone is exact; with
//! several, a client may get at most a twentieth of the limit and a second's worth more per
//! instance. At ten logins a minute every login is written at once.

use super::state::AppState;
use super::{db, now};
use crate::domain::ids::UserId;
use crate::error::AppError;
use std::collections::HashMap;
use std::sync::Mutex;
use std::time::Instant;
use time::{Duration, OffsetDateTime};

/// The kinds of costly request, each with its own window and limits.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Costly {
    Login,
    Export,
    Read,
}

/// An address stands for many users behind one office's router: it gets this many times the
/// limit of one user.
const ADDRESS_FACTOR: u32 = 10;

impl Costly {
    fn name(self) -> &'static str {
        match self {
            Costly::Login => "login",
            Costly::Export => "export",
            Costly::Read => "read",
        }
    }

    fn window(self) -> Duration {
        match self {
            Costly::Login | Costly::Read => Duration::minutes(1),
            Costly::Export => Duration::hours(1),
        }
    }

    /// The most requests a user (or, with `address`, a client address) may make per window.
    fn limit(self, state: &AppState, address: bool) -> u32 {
        let limits = state.limits;
        match (self, address) {
            (Costly::Login, _) => limits.logins_per_minute,
            (Costly::Export, false) => limits.exports_per_hour,
            (Costly::Export, true) => limits.exports_per_hour.saturating_mul(ADDRESS_FACTOR),
            (Costly::Read, false) => limits.reads_per_minute,
            (Costly::Read, true) => limits.reads_per_minute.saturating_mul(ADDRESS_FACTOR),
        }
    }
}

/// The start of the fixed window `at` falls in.
pub fn window_start(at: OffsetDateTime, window: Duration) -> OffsetDateTime {
    let seconds = window.whole_seconds().max(1);
    let start = at.unix_timestamp() - at.unix_timestamp().rem_euclid(seconds);
    OffsetDateTime::from_unix_timestamp(start).unwrap_or(at)
}

/// Counts a request of kind `costly` from `user` (if logged in) at `address`, refusing it with
/// [`AppError::RateLimited`] when either is over its limit for the current window.
pub async fn check(
    state: &AppState,
    costly: Costly,
    user: Option<UserId>,
    address: &str,
) -> Result<(), AppError> {
    let at = now();
    let start = window_start(at, costly.window());
    let mut buckets = vec![(format!("{}:address:{address}", costly.name()), true)];
    if let Some(user) = user {
        buckets.push((format!("{}:user:{}", costly.name(), user.0), false));
    }
    for (bucket, by_address) in buckets {
        let limit = i64::from(costly.limit(state, by_address));
        let hits = state
            .rate_counts
            .count(&state.db, &bucket, start, limit)
            .await?;
        if hits > limit {
            let wait = (start + costly.window() - at).whole_seconds().max(1);
            tracing::warn!(bucket, hits, "rate limit reached");
            return Err(AppError::RateLimited {
                retry_after_secs: u64::try_from(wait).unwrap_or(1),
            });
        }
    }
    Ok(())
}

/// After how large a share of the limit an instance adds its count to the database.
const SEND_SHARE: i64 = 20;
/// The longest an instance keeps a count to itself.
const SEND_EVERY: std::time::Duration = std::time::Duration::from_secs(1);
/// Buckets an instance remembers before it forgets those idle for an hour.
const REMEMBERED: usize = 10_000;

/// This instance's counts, per bucket: what the database held when it last added to it, and
/// what it has counted since.
#[derive(Debug, Default)]
pub struct Counts(Mutex<HashMap<String, Local>>);

#[derive(Debug)]
struct Local {
    window_start: OffsetDateTime,
    known: i64,
    unsent: i64,
    sent_at: Instant,
}

impl Local {
    fn new(window_start: OffsetDateTime) -> Local {
        let now = Instant::now();
        Local {
            window_start,
            known: 0,
            unsent: 0,
            // Never sent: the first request is sent at once.
            sent_at: now.checked_sub(SEND_EVERY).unwrap_or(now),
        }
    }
}

impl Counts {
    fn locked(&self) -> std::sync::MutexGuard<'_, HashMap<String, Local>> {
        self.0.lock().unwrap_or_else(|e| e.into_inner())
    }

    /// Counts one request in `bucket`'s window starting at `start`; the window's count as far
    /// as this instance knows it, this request included.
    async fn count(
        &self,
        db: &db::Db,
        bucket: &str,
        start: OffsetDateTime,
        limit: i64,
    ) -> Result<i64, sqlx::Error> {
        let batch = (limit / SEND_SHARE).max(1);
        let send = {
            let mut counts = self.locked();
            if counts.len() >= REMEMBERED && !counts.contains_key(bucket) {
                counts.retain(|_, local| {
                    local.sent_at.elapsed() < std::time::Duration::from_secs(3600)
                });
            }
            let local = counts
                .entry(bucket.to_owned())
                .or_insert_with(|| Local::new(start));
            if local.window_start != start {
                *local = Local::new(start);
            }
            local.unsent += 1;
            if local.unsent < batch && local.sent_at.elapsed() < SEND_EVERY {
                return Ok(local.known + local.unsent);
            }
            let send = local.unsent;
            local.unsent = 0;
            local.sent_at = Instant::now();
            send
        };
        let total = db::rate_limits::add(db, bucket, start, send).await?;
        let mut counts = self.locked();
        match counts.get_mut(bucket) {
            Some(local) if local.window_start == start => {
                local.known = local.known.max(total);
                Ok(local.known + local.unsent)
            }
            _ => Ok(total),
        }
    }
}

/// Deletes the counts of windows long past; how many went.
pub async fn prune(state: &AppState) -> Result<u64, AppError> {
    Ok(db::rate_limits::prune(&state.db, now() - Duration::days(1)).await?)
}

#[cfg(test)]
mod tests {
    use super::*;
    use time::macros::datetime;

    #[test]
    fn windows_are_fixed_and_aligned() {
        let at = datetime!(2026-11-28 10:17:42 UTC);
        assert_eq!(
            window_start(at, Duration::minutes(1)),
            datetime!(2026-11-28 10:17:00 UTC)
        );
        assert_eq!(
            window_start(at, Duration::hours(1)),
            datetime!(2026-11-28 10:00:00 UTC)
        );
    }
}
