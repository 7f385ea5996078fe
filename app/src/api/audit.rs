//! The audit log's server function: a page of entries for administrators, by the filter in
//! the address. (The download is the server's `GET /audit.csv`.)

use crate::domain::audit::AuditPage;
use crate::error::AppError;
use leptos::prelude::*;

/// A page of the audit log, newest first.
#[server(endpoint = "audit/page")]
pub async fn get_audit(
    person: Option<String>,
    organization: Option<String>,
    kind: Option<String>,
    from: Option<String>,
    to: Option<String>,
    before: Option<String>,
) -> Result<AuditPage, AppError> {
    use crate::backend::{audit, auth, request_lang, state::state};
    use crate::domain::{audit::AuditFilter, policy::Action};
    let permit = auth::require(Action::ViewAudit).await?;
    let filter = AuditFilter::parse(|k| match k {
        "person" => person.clone(),
        "organization" => organization.clone(),
        "kind" => kind.clone(),
        "from" => from.clone(),
        "to" => to.clone(),
        "before" => before.clone(),
        _ => None,
    });
    audit::page(&state()?, &permit, &filter, request_lang()).await
}
