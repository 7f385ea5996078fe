//! Rate limits on the costly endpoints — login, exports, and the reads that add up much data
//! (the dashboard, scorecards, the task list's text search) — per user and per client address.
//! The counts live in the database (`rate_limits`, one row per bucket and fixed window), so that
//! several instances share them; a request over the limit is refused with 429 and how long to
//! wait. The limits ([`super::state::Limits`]) are far above what a person does.

use super::state::AppState;
use super::{db, now};
use crate::domain::ids::UserId;
use crate::error::AppError;
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
        let hits = db::rate_limits::hit(&state.db, &bucket, start).await?;
        if hits > i64::from(costly.limit(state, by_address)) {
            let wait = (start + costly.window() - at).whole_seconds().max(1);
            tracing::warn!(bucket, hits, "rate limit reached");
            return Err(AppError::RateLimited {
                retry_after_secs: u64::try_from(wait).unwrap_or(1),
            });
        }
    }
    Ok(())
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
