//! Login throttling, per account and per client address. A few failures are free; after that
//! each further attempt must wait twice as long as the last (up to 15 minutes), so guessing is
//! slowed to a crawl while the rightful owner is never locked out for good. An hour without
//! failures forgets them.
//!
//! Every attempt is reserved before its password is checked, in one statement per key that
//! counts it and tells how many came before and when the last one was: parallel guesses each
//! see the ones before them, so at most the free attempts are ever checked at once. A
//! successful login gives its reservation back.

use super::db::{self, Db};
use crate::error::AppError;
use time::{Duration, OffsetDateTime};

/// Failures allowed per account before waiting is required.
pub const FREE_PER_ACCOUNT: i64 = 5;
/// Failures allowed per client address (which may be an office behind one address).
pub const FREE_PER_ADDRESS: i64 = 30;
const MAX_WAIT: Duration = Duration::minutes(15);
const FORGET_AFTER: Duration = Duration::hours(1);

/// How long after the last failure the next attempt must wait.
pub fn wait_after(failures: i64, free: i64) -> Duration {
    if failures < free {
        return Duration::ZERO;
    }
    let doublings = (failures - free).min(20) as u32;
    Duration::seconds(2_i64.pow(doublings)).min(MAX_WAIT)
}

/// Seconds left to wait, or 0 if an attempt may be made now. A stored time may have lost its
/// fraction of a second, so a wait counts from the second after the last failure: never shorter
/// than asked, at most a second longer.
pub fn remaining(
    failures: i64,
    last_failure: OffsetDateTime,
    free: i64,
    now: OffsetDateTime,
) -> u64 {
    if now - last_failure >= FORGET_AFTER {
        return 0;
    }
    let wait = wait_after(failures, free);
    if wait.is_zero() {
        return 0;
    }
    let until = last_failure + wait + Duration::SECOND;
    if until > now {
        (until - now).whole_seconds().max(1) as u64
    } else {
        0
    }
}

pub fn account_key(email: &str) -> String {
    format!("account:{email}")
}

pub fn address_key(address: &str) -> String {
    format!("address:{address}")
}

/// Reserves an attempt under each key and refuses it if either must still wait; a refused
/// attempt stays counted.
pub async fn attempt(db: &Db, keys: [(&str, i64); 2], now: OffsetDateTime) -> Result<(), AppError> {
    let mut wait = 0;
    for (key, free) in keys {
        let (failures, previous) = db::throttle::reserve(db, key, now, now - FORGET_AFTER).await?;
        // This attempt is the `failures`th: it waits on the ones before it.
        if let Some(previous) = previous {
            wait = wait.max(remaining(failures - 1, previous, free, now));
        }
    }
    if wait > 0 {
        Err(AppError::Throttled {
            retry_after_secs: wait,
        })
    } else {
        Ok(())
    }
}

/// After a successful login: the account starts afresh, and the address gets its reserved
/// attempt back (an office behind one address logs in many times a day).
pub async fn succeeded(db: &Db, account: &str, address: &str) -> Result<(), AppError> {
    db::throttle::clear(db, account).await?;
    db::throttle::release(db, address).await?;
    Ok(())
}

/// Forgets failures older than the quiet hour.
pub async fn prune(db: &Db, now: OffsetDateTime) -> Result<u64, AppError> {
    Ok(db::throttle::prune(db, now - FORGET_AFTER).await?)
}

#[cfg(test)]
mod tests {
    use super::*;
    use time::macros::datetime;

    #[test]
    fn the_first_failures_are_free_then_waits_double() {
        assert_eq!(wait_after(0, 5), Duration::ZERO);
        assert_eq!(wait_after(4, 5), Duration::ZERO);
        assert_eq!(wait_after(5, 5), Duration::seconds(1));
        assert_eq!(wait_after(6, 5), Duration::seconds(2));
        assert_eq!(wait_after(9, 5), Duration::seconds(16));
    }

    #[test]
    fn waits_never_exceed_fifteen_minutes() {
        assert_eq!(wait_after(50, 5), Duration::minutes(15));
        assert_eq!(wait_after(i64::MAX, 5), Duration::minutes(15));
    }

    #[test]
    fn remaining_time_counts_down_and_is_forgotten_after_an_hour() {
        let last = datetime!(2026-11-25 10:00:00 UTC);
        assert_eq!(remaining(9, last, 5, last + Duration::seconds(6)), 11);
        assert_eq!(remaining(9, last, 5, last + Duration::seconds(16)), 1);
        assert_eq!(remaining(9, last, 5, last + Duration::seconds(17)), 0);
        assert_eq!(remaining(3, last, 5, last), 0);
        // A failure stored as 10:00:00 may have happened at 10:00:00.999: a one-second wait
        // is still owed a second later.
        assert_eq!(remaining(5, last, 5, last + Duration::seconds(1)), 1);
        assert_eq!(remaining(60, last, 5, last + Duration::minutes(14)), 61);
        assert_eq!(remaining(60, last, 5, last + Duration::hours(1)), 0);
    }
}
