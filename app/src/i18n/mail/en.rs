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
    preferences_title: "Notifications by email",
    preferences_intro: "Choose which notifications you receive by email. All of them stay on Concord's notifications page.",
    by_email: "By email",
    preferences_saved: "Preferences saved.",
    unsubscribe_title: "Stop messages",
    unsubscribe_question: "Stop receiving notifications like this by email?",
    unsubscribe_confirm: "Stop them",
    unsubscribed: "Messages like this will no longer be sent. You can switch them on again on your account page.",
    unsubscribe_invalid: "This link is not valid or has expired.",
};
