//! The texts of the notification centre, one constant per language; reached from
//! [`super::Texts`] as `t.notifications`.

mod en;
mod ky;
mod ru;

pub use en::EN;
pub use ky::KY;
pub use ru::RU;

/// Every user-visible text of the notification centre in one language.
pub struct NotificationTexts {
    pub nav_notifications: &'static str,
    pub unread_label: &'static str,
    pub title: &'static str,
    pub intro: &'static str,
    pub none: &'static str,
    pub unread_count: &'static str,
    pub unread_badge: &'static str,
    pub mark_read: &'static str,
    pub mark_all_read: &'static str,
    pub marked_read: &'static str,
    pub older: &'static str,
    pub newest: &'static str,
    pub by: &'static str,
    pub open: &'static str,
    // The outbox, for administrators
    pub outbox_title: &'static str,
    pub outbox_configured: &'static str,
    pub outbox_not_configured: &'static str,
    pub mail_pending: &'static str,
    pub mail_sent: &'static str,
    pub mail_failed: &'static str,
    pub mail_off: &'static str,
    pub mail_held: &'static str,
    pub mail_digested: &'static str,
    // What happened, one per kind
    pub task_assigned: &'static str,
    pub task_returned: &'static str,
    pub task_reassigned: &'static str,
    pub task_rescheduled: &'static str,
    pub task_cancelled: &'static str,
    pub task_commented: &'static str,
    pub report_submitted: &'static str,
    pub report_returned: &'static str,
    pub report_accepted: &'static str,
    pub task_due_soon: &'static str,
    pub task_due_today: &'static str,
    pub task_overdue: &'static str,
    pub task_escalated: &'static str,
    pub report_due_soon: &'static str,
    pub report_due_today: &'static str,
    pub report_overdue: &'static str,
    pub report_escalated: &'static str,
    pub indicator_due: &'static str,
    pub activity_logged: &'static str,
    pub activity_returned: &'static str,
    pub daily_digest: &'static str,
    pub weekly_digest: &'static str,
    pub mail_failed_kind: &'static str,
}
