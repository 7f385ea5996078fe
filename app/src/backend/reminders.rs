//! The scheduled pass: every few minutes each instance writes what the day (in Bishkek) calls
//! for — reminders of tasks, reports, indicator values and early-warning case stages due, escalations of work a week
//! overdue, from 08:00 the daily digests, and on Mondays from 09:00 the coordinators' weekly
//! digest. Every row is keyed by its thing and day, so passes repeated by one instance or run
//! by several at once write each notification once; the mail senders deliver them.

use super::db::{self, reminders::Written};
use super::state::AppState;
use crate::error::AppError;
use crate::i18n::BISHKEK;
use time::{OffsetDateTime, Time, Weekday};

/// When the daily digests go out, in Bishkek.
pub const DAILY_DIGEST_AT: Time = time::macros::time!(08:00);
/// When the weekly digest goes out on Mondays, in Bishkek.
pub const WEEKLY_DIGEST_AT: Time = time::macros::time!(09:00);

/// Runs the pass as of `at`: written, or with `dry_run` only counted (the transaction is rolled
/// back). Running it again the same day writes nothing new. How many each kind wrote.
pub async fn pass(
    state: &AppState,
    at: OffsetDateTime,
    dry_run: bool,
) -> Result<Written, AppError> {
    let local = at.to_offset(BISHKEK);
    let today = local.date();
    let calendar = super::reports::calendar(state).await?;
    let now = super::now();
    let mut tx = state.db.begin().await?;
    let mut written = db::reminders::tasks(&mut tx, today, now).await?;
    written.extend(db::reminders::reports(&mut tx, calendar, today, now).await?);
    written.extend(db::reminders::indicators(&mut tx, calendar, today, now).await?);
    written.extend(db::reminders::cases(&mut tx, today, now).await?);
    if local.time() >= DAILY_DIGEST_AT {
        let cutoff = today.with_time(DAILY_DIGEST_AT).assume_offset(BISHKEK);
        let made = db::reminders::daily_digests(&mut tx, today, cutoff, now).await?;
        written.push((crate::domain::notifications::Kind::DailyDigest, made));
    }
    if today.weekday() == Weekday::Monday && local.time() >= WEEKLY_DIGEST_AT {
        let made = db::reminders::weekly_digests(&mut tx, today, now).await?;
        written.push((crate::domain::notifications::Kind::WeeklyDigest, made));
    }
    if dry_run {
        tx.rollback().await?;
    } else {
        tx.commit().await?;
        if written.iter().any(|(_, n)| *n > 0) {
            super::cache::writes().written();
        }
    }
    Ok(written)
}
