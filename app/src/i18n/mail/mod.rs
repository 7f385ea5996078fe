//! The texts of the messages Concord sends by email, and of the page that stops them, one
//! constant per language; reached from [`super::Texts`] as `t.mail`. What happened is the
//! notification centre's text for the kind (`t.notifications`).

mod en;
mod ky;
mod ru;

pub use en::EN;
pub use ky::KY;
pub use ru::RU;

/// Every text of a message and of the unsubscribe page in one language.
pub struct MailTexts {
    /// `{name}` is the recipient's name.
    pub greeting: &'static str,
    pub by: &'static str,
    pub when: &'static str,
    pub note: &'static str,
    pub open: &'static str,
    pub why: &'static str,
    pub unsubscribe: &'static str,
    /// The footer of a message to an organisation's contact address.
    pub why_contact: &'static str,
    pub due: &'static str,
    // The weekly summary
    pub overdue_by_region: &'static str,
    pub overdue_by_organization: &'static str,
    pub nothing_overdue: &'static str,
    pub national_level: &'static str,
    // The preferences on the account page
    pub preferences_title: &'static str,
    pub preferences_intro: &'static str,
    pub by_email: &'static str,
    pub preferences_saved: &'static str,
    // The organisation's contact address for escalations
    pub contact_title: &'static str,
    pub contact_hint: &'static str,
    pub contact_saved: &'static str,
    pub notification: &'static str,
    pub immediately: &'static str,
    pub daily: &'static str,
    pub not_by_email: &'static str,
    pub always: &'static str,
    // The unsubscribe page
    pub unsubscribe_title: &'static str,
    pub unsubscribe_question: &'static str,
    pub unsubscribe_confirm: &'static str,
    pub unsubscribed: &'static str,
    pub unsubscribe_invalid: &'static str,
}
