//! The audit log in SQL: an entry written, a page of entries by the administrators' filter, newest first by id, the rows of
//! a download, and the pruning of entries past the retention (the only deletion the database's
//! trigger lets through, and only for entries older than three years).

use super::query::Query;
use super::value::Value;
use super::{Db, on_db};
use crate::bind_all;
use crate::domain::audit::{AuditEntry, AuditFilter, AuditKind};
use crate::domain::ids::{OrganizationId, UserId};
use time::{Date, OffsetDateTime};

/// What one entry records.
#[derive(Clone, Debug, Default)]
pub struct NewEntry {
    pub kind: Option<AuditKind>,
    pub actor: Option<UserId>,
    /// The email typed at a failed sign-in (else the actor's own is shown).
    pub actor_email: String,
    /// The actor's organisation.
    pub organization: Option<OrganizationId>,
    pub subject_user: Option<UserId>,
    pub subject_organization: Option<OrganizationId>,
    pub detail: String,
    pub client: String,
}

const INSERT: &str = "insert into audit_log (at, kind, actor_id, actor_email, organization_id, \
     subject_user_id, subject_organization_id, detail, client) \
     values ($1, $2, $3, $4, $5, $6, $7, $8, $9)";

fn values(entry: &NewEntry, at: OffsetDateTime) -> Vec<Value> {
    vec![
        at.into(),
        entry.kind.map(AuditKind::as_str).into(),
        entry.actor.map(|u| u.0).into(),
        entry.actor_email.as_str().into(),
        entry.organization.map(|o| o.0).into(),
        entry.subject_user.map(|u| u.0).into(),
        entry.subject_organization.map(|o| o.0).into(),
        entry.detail.as_str().into(),
        entry.client.as_str().into(),
    ]
}

/// Writes an entry on its own.
pub async fn insert(db: &Db, entry: &NewEntry, at: OffsetDateTime) -> Result<(), sqlx::Error> {
    let values = values(entry, at);
    on_db!(db, pool => bind_all!(sqlx::query(INSERT), &values).execute(pool).await.map(|_| ()))
}

/// The columns of an entry as shown: the actor's name and email (or the email typed), their
/// organisation, and the person or organisation acted on.
const SELECT: &str = "select a.entry_id, a.at, a.kind, \
     coalesce(u.full_name || ' <' || u.email || '>', a.actor_email) as actor, \
     o.name_ru as org_ru, o.name_ky as org_ky, o.name_en as org_en, \
     coalesce(su.full_name || ' <' || su.email || '>', so.name_ru) as subject, \
     a.detail, a.client \
     from audit_log a \
     left join users u on u.user_id = a.actor_id \
     left join organizations o on o.organization_id = a.organization_id \
     left join users su on su.user_id = a.subject_user_id \
     left join organizations so on so.organization_id = a.subject_organization_id";

#[derive(sqlx::FromRow)]
struct Row {
    entry_id: i64,
    at: OffsetDateTime,
    kind: String,
    actor: Option<String>,
    org_ru: Option<String>,
    org_ky: Option<String>,
    org_en: Option<String>,
    subject: Option<String>,
    detail: String,
    client: String,
}

impl Row {
    fn into_entry(self, lang: crate::i18n::Lang) -> Result<AuditEntry, sqlx::Error> {
        let organization = super::tasks::trilingual(self.org_ky, self.org_ru, self.org_en)
            .map(|name| name.get(lang).to_owned());
        Ok(AuditEntry {
            id: self.entry_id,
            at: self.at,
            kind: AuditKind::parse(&self.kind)
                .ok_or_else(|| super::tasks::decode("audit kind", &self.kind))?,
            actor: self.actor.unwrap_or_default(),
            organization,
            subject: self.subject,
            detail: self.detail,
            client: self.client,
        })
    }
}

/// The filter's conditions; `day` turns a Bishkek calendar day into the first instant (UTC)
/// of it.
fn conditions(filter: &AuditFilter, day: impl Fn(Date) -> OffsetDateTime) -> Query {
    let mut q = Query::default();
    if let Some(person) = &filter.person {
        let p = q.arg(crate::domain::filters::like_pattern(&person.to_lowercase()));
        q.when(format!(
            "(u.search_text like {p} escape '\\' or su.search_text like {p} escape '\\' \
             or lower(a.actor_email) like {p} escape '\\')"
        ));
    }
    if let Some(org) = filter.organization {
        let p = q.arg(org);
        q.when(format!(
            "(a.organization_id = {p} or a.subject_organization_id = {p})"
        ));
    }
    if let Some(kind) = filter.kind {
        let p = q.arg(kind.as_str());
        q.when(format!("a.kind = {p}"));
    }
    if let Some(from) = filter.from {
        let p = q.arg(day(from));
        q.when(format!("a.at >= {p}"));
    }
    if let Some(to) = filter.to {
        let p = q.arg(day(to + time::Duration::days(1)));
        q.when(format!("a.at < {p}"));
    }
    if let Some(before) = filter.before {
        let p = q.arg(before);
        q.when(format!("a.entry_id < {p}"));
    }
    q
}

/// Up to `limit` entries the filter finds, newest first.
pub async fn list(
    db: &Db,
    filter: &AuditFilter,
    limit: i64,
    day: impl Fn(Date) -> OffsetDateTime,
    lang: crate::i18n::Lang,
) -> Result<Vec<AuditEntry>, sqlx::Error> {
    let mut q = conditions(filter, day);
    let limit = q.arg(limit);
    let sql = format!(
        "{SELECT} {} order by a.entry_id desc limit {limit}",
        q.where_clause()
    );
    let rows: Vec<Row> =
        on_db!(db, pool => bind_all!(sqlx::query_as(&sql), q.args()).fetch_all(pool).await)?;
    rows.into_iter().map(|r| r.into_entry(lang)).collect()
}

/// Deletes the entries written before `before`; how many went.
pub async fn prune(db: &Db, before: OffsetDateTime) -> Result<u64, sqlx::Error> {
    on_db!(db, pool => sqlx::query("delete from audit_log where at < $1")
        .bind(before).execute(pool).await.map(|r| r.rows_affected()))
}
