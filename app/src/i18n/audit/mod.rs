//! The texts of the audit log, one constant per language; reached from [`super::Texts`] as
//! `t.audit`.

mod en;
mod ky;
mod ru;

pub use en::EN;
pub use ky::KY;
pub use ru::RU;

/// Every user-visible text of the audit log in one language.
pub struct AuditTexts {
    pub kind_sign_in: &'static str,
    pub kind_sign_in_failed: &'static str,
    pub kind_sign_out: &'static str,
    pub kind_password_changed: &'static str,
    pub kind_password_reset: &'static str,
    pub kind_session_ended: &'static str,
    pub kind_user_created: &'static str,
    pub kind_user_changed: &'static str,
    pub kind_organization_created: &'static str,
    pub kind_organization_changed: &'static str,
    pub kind_calendar_changed: &'static str,
    pub kind_export: &'static str,
    pub kind_evidence_download: &'static str,
    pub kind_import: &'static str,
    pub kind_second_factor_enrolled: &'static str,
    pub kind_second_factor_reset: &'static str,
    pub kind_recovery_code_used: &'static str,
    pub kind_passkey_registered: &'static str,
    pub kind_token_created: &'static str,
    pub kind_token_revoked: &'static str,
    pub kind_audit_pruned: &'static str,
    pub kind_second_factor_removed: &'static str,
    pub kind_recovery_codes_renewed: &'static str,
    pub kind_security_policy_changed: &'static str,
    pub title: &'static str,
    pub intro: &'static str,
    pub person: &'static str,
    pub organization: &'static str,
    pub kind: &'static str,
    pub all_kinds: &'static str,
    pub all_organizations: &'static str,
    pub from: &'static str,
    pub to: &'static str,
    pub search: &'static str,
    pub when: &'static str,
    pub who: &'static str,
    pub subject: &'static str,
    pub detail: &'static str,
    pub client: &'static str,
    pub none_found: &'static str,
    pub older: &'static str,
    pub download: &'static str,
    pub nav: &'static str,
    pub reason_password: &'static str,
    pub reason_unknown: &'static str,
    pub reason_inactive: &'static str,
    pub reason_expired: &'static str,
    pub reason_throttled: &'static str,
}
