//! The audit log's services: who acts (a user from an address, or the system), writing an
//! entry, the administrators' page and download, and pruning past the retention. Every
//! security and administration event goes through [`record`], just after the change it records.

use super::db::{self, audit::NewEntry};
use super::now;
use super::state::AppState;
use crate::domain::audit::{
    AuditEntry, AuditFilter, AuditKind, AuditPage, ENTRIES_PER_PAGE, EXPORT_MAX,
    MIN_RETENTION_YEARS,
};
use crate::domain::ids::{OrganizationId, UserId};
use crate::domain::policy::{Action, Permit};
use crate::domain::views::Me;
use crate::error::AppError;
use crate::i18n::{BISHKEK, Lang};
use time::{Date, OffsetDateTime, Time};

/// Who acts: a user (with their organisation) from a client address, or the system (the
/// command line, the scheduled pass), named in `client`.
#[derive(Clone, Debug, Default)]
pub struct Who {
    pub user: Option<UserId>,
    pub organization: Option<OrganizationId>,
    pub client: String,
}

impl Who {
    pub fn user(me: &Me, client: impl Into<String>) -> Who {
        Who {
            user: Some(me.user_id),
            organization: Some(me.organization_id),
            client: client.into(),
        }
    }

    /// The system itself: `what` says which part (`command line`, `scheduled pass`).
    pub fn system(what: &str) -> Who {
        Who {
            user: None,
            organization: None,
            client: what.to_owned(),
        }
    }

    /// An entry of `kind` by this actor.
    pub fn entry(&self, kind: AuditKind) -> NewEntry {
        NewEntry {
            kind: Some(kind),
            actor: self.user,
            organization: self.organization,
            client: self.client.clone(),
            ..NewEntry::default()
        }
    }
}

/// Writes an entry. A write that cannot be recorded fails with it: nothing audited happens
/// unrecorded.
pub async fn record(state: &AppState, entry: NewEntry) -> Result<(), AppError> {
    db::audit::insert(&state.db, &entry, now()).await?;
    Ok(())
}

/// The first instant (UTC) of a Bishkek calendar day.
fn day_start(day: Date) -> OffsetDateTime {
    day.with_time(Time::MIDNIGHT).assume_offset(BISHKEK)
}

/// A page of the log (administrators).
pub async fn page(
    state: &AppState,
    permit: &Permit,
    filter: &AuditFilter,
    lang: Lang,
) -> Result<AuditPage, AppError> {
    if permit.action() != Action::ViewAudit {
        return Err(AppError::Forbidden);
    }
    let mut entries =
        db::audit::list(&state.db, filter, ENTRIES_PER_PAGE + 1, day_start, lang).await?;
    let next = (entries.len() as i64 > ENTRIES_PER_PAGE).then(|| {
        entries.truncate(ENTRIES_PER_PAGE as usize);
        entries.last().map(|e| e.id)
    });
    let organizations = db::organizations::names(&state.db).await?;
    Ok(AuditPage {
        entries,
        next: next.flatten(),
        organizations,
    })
}

/// The entries of a download (administrators), newest first, at most [`EXPORT_MAX`]; the
/// download itself is recorded.
pub async fn export(
    state: &AppState,
    permit: &Permit,
    filter: &AuditFilter,
    client: &str,
    lang: Lang,
) -> Result<Vec<AuditEntry>, AppError> {
    if permit.action() != Action::ViewAudit {
        return Err(AppError::Forbidden);
    }
    let filter = AuditFilter {
        before: None,
        ..filter.clone()
    };
    let entries = db::audit::list(&state.db, &filter, EXPORT_MAX, day_start, lang).await?;
    let mut entry = Who::user(permit.me(), client).entry(AuditKind::Export);
    entry.detail = format!(
        "audit.csv?{} ({} entries)",
        filter.to_query(),
        entries.len()
    );
    record(state, entry).await?;
    Ok(entries)
}

/// Deletes the entries older than `years` (never fewer than three), recording how many went.
pub async fn prune(state: &AppState, years: u32) -> Result<u64, AppError> {
    let years = years.max(MIN_RETENTION_YEARS);
    let now = now();
    let cutoff = now
        .replace_year(now.year() - years as i32)
        .unwrap_or_else(|_| now - time::Duration::days(366 * i64::from(years)));
    let pruned = db::audit::prune(&state.db, cutoff).await?;
    if pruned > 0 {
        let mut entry = Who::system("scheduled pass").entry(AuditKind::AuditPruned);
        entry.detail = format!("{pruned} entries older than {years} years");
        record(state, entry).await?;
        tracing::info!(pruned, years, "audit log pruned");
    }
    Ok(pruned)
}
