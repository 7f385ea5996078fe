//! English texts of the messages sent by email.

use super::MailTexts;

pub const EN: MailTexts = MailTexts {
    greeting: "Hello, {name}!",
    by: "By",
    when: "When",
    note: "Note",
    open: "Open in Concord",
    why: "Concord sent you this message because it concerns you or your organisation.",
    unsubscribe: "Stop messages like this",
    why_contact: "Concord sent this message to your organisation's contact address for escalations, set by the administrators.",
    due: "Due",
    overdue_by_region: "Open tasks past their due date, by region",
    overdue_by_organization: "Open tasks past their due date, by lead organisation (most first)",
    nothing_overdue: "None.",
    national_level: "National level",
    preferences_title: "Notifications by email",
    preferences_intro: "Choose how you receive each kind of notification by email: at once, gathered into one message a day, or not at all. Escalations cannot be switched off. Every notification stays on this page.",
    by_email: "By email",
    preferences_saved: "Preferences saved.",
    notification: "Notification",
    immediately: "Immediately",
    daily: "Daily digest (08:00)",
    not_by_email: "Not by email",
    always: "Always, immediately",
    unsubscribe_title: "Stop messages",
    unsubscribe_question: "Stop receiving notifications like this by email?",
    unsubscribe_confirm: "Stop them",
    unsubscribed: "Messages like this will no longer be sent. You can switch them on again on your account page.",
    unsubscribe_invalid: "This link is not valid or has expired.",
};
