//! The audit log's domain: what kinds of event it records, how a change is written (field by
//! field, old → new), the filter administrators search it with, and how long entries are kept
//! (never less than three years: the database refuses to delete a younger entry).

use super::tasks::fields::text_enum;
use super::tasks::inputs::parse_date;
use serde::{Deserialize, Serialize};
use time::{Date, OffsetDateTime};

text_enum!(
    audit,
    /// What an audit entry records.
    AuditKind {
        SignIn = "sign_in" => kind_sign_in,
        SignInFailed = "sign_in_failed" => kind_sign_in_failed,
        SignOut = "sign_out" => kind_sign_out,
        PasswordChanged = "password_changed" => kind_password_changed,
        PasswordReset = "password_reset" => kind_password_reset,
        SessionEnded = "session_ended" => kind_session_ended,
        UserCreated = "user_created" => kind_user_created,
        UserChanged = "user_changed" => kind_user_changed,
        OrganizationCreated = "organization_created" => kind_organization_created,
        OrganizationChanged = "organization_changed" => kind_organization_changed,
        CalendarChanged = "calendar_changed" => kind_calendar_changed,
        Export = "export" => kind_export,
        EvidenceDownload = "evidence_download" => kind_evidence_download,
        Import = "import" => kind_import,
        SecondFactorEnrolled = "second_factor_enrolled" => kind_second_factor_enrolled,
        SecondFactorReset = "second_factor_reset" => kind_second_factor_reset,
        RecoveryCodeUsed = "recovery_code_used" => kind_recovery_code_used,
        PasskeyRegistered = "passkey_registered" => kind_passkey_registered,
        TokenCreated = "token_created" => kind_token_created,
        TokenRevoked = "token_revoked" => kind_token_revoked,
        AuditPruned = "audit_pruned" => kind_audit_pruned,
        SecondFactorRemoved = "second_factor_removed" => kind_second_factor_removed,
        RecoveryCodesRenewed = "recovery_codes_renewed" => kind_recovery_codes_renewed,
        SecurityPolicyChanged = "security_policy_changed" => kind_security_policy_changed,
    }
);

/// The shortest retention the database allows, in years.
pub const MIN_RETENTION_YEARS: u32 = 3;
/// Entries on one page of the log.
pub const ENTRIES_PER_PAGE: i64 = 50;
/// The most entries one download holds.
pub const EXPORT_MAX: i64 = 100_000;

/// A change written field by field: `field: old → new; …`, naming only the fields that
/// changed, in the order given. Empty when nothing changed.
pub fn changes<'a>(fields: impl IntoIterator<Item = (&'a str, String, String)>) -> String {
    fields
        .into_iter()
        .filter(|(_, old, new)| old != new)
        .map(|(field, old, new)| format!("{field}: {old} → {new}"))
        .collect::<Vec<_>>()
        .join("; ")
}

/// The fields of a new record: `field: value; …`, the empty ones left out.
pub fn created<'a>(fields: impl IntoIterator<Item = (&'a str, String)>) -> String {
    changes(
        fields
            .into_iter()
            .filter(|(_, value)| !value.is_empty())
            .map(|(field, value)| (field, String::new(), value)),
    )
    .replace(":  → ", ": ")
}

/// What administrators search the log by; every part optional.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct AuditFilter {
    /// Part of a person's name or email (the actor, the person acted on, or the email typed).
    pub person: Option<String>,
    pub organization: Option<i64>,
    pub kind: Option<AuditKind>,
    /// Calendar days in Asia/Bishkek, both included.
    pub from: Option<Date>,
    pub to: Option<Date>,
    /// Entries older than this one (the next page).
    pub before: Option<i64>,
}

impl AuditFilter {
    /// The filter from a query string's values; what does not parse is left out.
    pub fn parse(get: impl Fn(&str) -> Option<String>) -> AuditFilter {
        let text = |k: &str| {
            get(k)
                .map(|v| v.trim().to_owned())
                .filter(|v| !v.is_empty())
        };
        AuditFilter {
            person: text("person").map(|p| p.chars().take(100).collect()),
            organization: text("organization").and_then(|v| v.parse().ok()),
            kind: text("kind").and_then(|v| AuditKind::parse(&v)),
            from: text("from").and_then(|v| parse_date(&v).ok()),
            to: text("to").and_then(|v| parse_date(&v).ok()),
            before: text("before")
                .and_then(|v| v.parse().ok())
                .filter(|v| *v > 0),
        }
    }

    /// The filter as a query string (without the page), for links and the download.
    pub fn to_query(&self) -> String {
        let mut parts = Vec::new();
        if let Some(p) = &self.person {
            parts.push(format!("person={}", super::filters::encode(p)));
        }
        if let Some(o) = self.organization {
            parts.push(format!("organization={o}"));
        }
        if let Some(k) = self.kind {
            parts.push(format!("kind={}", k.as_str()));
        }
        if let Some(d) = self.from {
            parts.push(format!("from={}", super::tasks::inputs::date_to_iso(d)));
        }
        if let Some(d) = self.to {
            parts.push(format!("to={}", super::tasks::inputs::date_to_iso(d)));
        }
        parts.join("&")
    }
}

/// One entry as the log page shows it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct AuditEntry {
    pub id: i64,
    #[serde(with = "time::serde::timestamp")]
    pub at: OffsetDateTime,
    pub kind: AuditKind,
    /// The actor's name and email, or the email typed at a failed sign-in.
    pub actor: String,
    pub organization: Option<String>,
    /// Who or what was acted on.
    pub subject: Option<String>,
    pub detail: String,
    pub client: String,
}

/// A page of the log with the filter's choices.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct AuditPage {
    pub entries: Vec<AuditEntry>,
    /// The id to ask `before` for the next page, when there is one.
    pub next: Option<i64>,
    /// Organisations to filter by: id and name in the page's language.
    pub organizations: Vec<(i64, super::views::Trilingual)>,
}

/// An instant as a Bishkek wall-clock time, `2026-11-29 10:15:00`.
pub fn bishkek_time(at: OffsetDateTime) -> String {
    let local = at.to_offset(crate::i18n::BISHKEK);
    format!(
        "{} {:02}:{:02}:{:02}",
        super::tasks::inputs::date_to_iso(local.date()),
        local.hour(),
        local.minute(),
        local.second()
    )
}

/// The entries as a CSV file (UTF-8 with its byte-order mark), headings in `t`'s language
/// and times in Bishkek.
pub fn csv(entries: &[AuditEntry], t: &crate::i18n::Texts) -> String {
    use super::dashboard::export::{CSV_BOM, Cell, write_csv_row};
    let a = t.audit;
    let mut out = String::from(CSV_BOM);
    let heads = [
        "id",
        a.when,
        a.kind,
        a.who,
        a.organization,
        a.subject,
        a.detail,
        a.client,
    ];
    write_csv_row(&heads.map(|h| Cell::Text(h.to_owned())), &mut out);
    let text = |s: &str| Cell::Text(s.to_owned());
    for e in entries {
        write_csv_row(
            &[
                Cell::Int(e.id),
                text(&bishkek_time(e.at)),
                text(e.kind.label(t)),
                text(&e.actor),
                text(e.organization.as_deref().unwrap_or_default()),
                text(e.subject.as_deref().unwrap_or_default()),
                text(&e.detail),
                text(&e.client),
            ],
            &mut out,
        );
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_download_has_a_heading_and_a_line_per_entry() {
        let entry = AuditEntry {
            id: 7,
            at: time::macros::datetime!(2026-11-29 04:15:00 UTC),
            kind: AuditKind::SignInFailed,
            actor: "x@y.kg".to_owned(),
            organization: None,
            subject: None,
            detail: "password".to_owned(),
            client: "10.0.0.1".to_owned(),
        };
        let file = csv(&[entry], crate::i18n::Lang::En.texts());
        let lines: Vec<&str> = file.trim_start_matches('\u{feff}').lines().collect();
        assert_eq!(lines.len(), 2);
        assert_eq!(
            lines[1],
            "7,2026-11-29 10:15:00,Sign-in failed,x@y.kg,,,password,10.0.0.1"
        );
    }

    #[test]
    fn a_change_names_only_the_fields_that_changed() {
        let written = changes([
            ("role", "reporter".to_owned(), "coordinator".to_owned()),
            ("email", "a@b.kg".to_owned(), "a@b.kg".to_owned()),
            ("active", "true".to_owned(), "false".to_owned()),
        ]);
        assert_eq!(
            written,
            "role: reporter → coordinator; active: true → false"
        );
        assert_eq!(changes([("x", "1".to_owned(), "1".to_owned())]), "");
    }

    #[test]
    fn a_new_record_lists_its_filled_fields() {
        let written = created([
            ("email", "a@b.kg".to_owned()),
            ("phone", String::new()),
            ("role", "observer".to_owned()),
        ]);
        assert_eq!(written, "email: a@b.kg; role: observer");
    }

    #[test]
    fn the_filter_keeps_what_parses_and_round_trips() {
        let query = [
            ("person", " Айгүл "),
            ("organization", "12"),
            ("kind", "sign_in_failed"),
            ("from", "2026-01-01"),
            ("to", "not a date"),
            ("before", "-3"),
        ];
        let get = |k: &str| {
            query
                .iter()
                .find(|(name, _)| *name == k)
                .map(|(_, v)| v.to_string())
        };
        let filter = AuditFilter::parse(get);
        assert_eq!(filter.person.as_deref(), Some("Айгүл"));
        assert_eq!(filter.organization, Some(12));
        assert_eq!(filter.kind, Some(AuditKind::SignInFailed));
        assert_eq!(filter.to, None);
        assert_eq!(filter.before, None);
        assert_eq!(
            filter.to_query(),
            "person=%D0%90%D0%B9%D0%B3%D2%AF%D0%BB&organization=12&kind=sign_in_failed&from=2026-01-01"
        );
    }
}
