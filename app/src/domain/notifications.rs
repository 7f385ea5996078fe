//! Notifications: what Concord tells a person about work that concerns them, the kinds there
//! are, who each kind goes to, and what the notification centre is sent.

use crate::domain::ids::{ReportId, TaskId};
use crate::domain::views::Trilingual;
use serde::{Deserialize, Serialize};
use time::OffsetDateTime;

/// What happened. Task kinds go to the reporters of the organisation that leads the task (for a
/// reassignment, the one that led it before too); `ReportSubmitted` goes to the coordinator who
/// created the task; the other report kinds to the reporters of the report's organisation. The
/// person who made the change is never told of it.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum Kind {
    /// A task was assigned to the recipient's organisation (new, or reassigned to it).
    TaskAssigned,
    /// The coordinators returned the task for more work.
    TaskReturned,
    /// The task was given to another organisation.
    TaskReassigned,
    /// The task's due date moved.
    TaskRescheduled,
    /// The task was cancelled.
    TaskCancelled,
    /// Someone commented on the task.
    TaskCommented,
    /// A report on a task the recipient created waits for review.
    ReportSubmitted,
    /// A report of the recipient's organisation was returned for correction.
    ReportReturned,
    /// A report of the recipient's organisation was accepted.
    ReportAccepted,
    /// A task the recipient's organisation leads is due in [`DUE_SOON_DAYS`] days.
    TaskDueSoon,
    /// A task the recipient's organisation leads is due today.
    TaskDueToday,
    /// A task the recipient's organisation leads is [`OVERDUE_DAYS`] days past its due date.
    TaskOverdue,
}

/// How many days before its due date an open task is recalled.
pub const DUE_SOON_DAYS: i64 = 7;
/// How many days after its due date an open task is recalled again.
pub const OVERDUE_DAYS: i64 = 3;

impl Kind {
    pub const ALL: [Kind; 12] = [
        Kind::TaskAssigned,
        Kind::TaskReturned,
        Kind::TaskReassigned,
        Kind::TaskRescheduled,
        Kind::TaskCancelled,
        Kind::TaskCommented,
        Kind::ReportSubmitted,
        Kind::ReportReturned,
        Kind::ReportAccepted,
        Kind::TaskDueSoon,
        Kind::TaskDueToday,
        Kind::TaskOverdue,
    ];

    /// The reminders of a task's due date, with how many days from today the due date is on
    /// the day each is sent.
    pub const REMINDERS: [(Kind, i64); 3] = [
        (Kind::TaskDueSoon, DUE_SOON_DAYS),
        (Kind::TaskDueToday, 0),
        (Kind::TaskOverdue, -OVERDUE_DAYS),
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            Kind::TaskAssigned => "task_assigned",
            Kind::TaskReturned => "task_returned",
            Kind::TaskReassigned => "task_reassigned",
            Kind::TaskRescheduled => "task_rescheduled",
            Kind::TaskCancelled => "task_cancelled",
            Kind::TaskCommented => "task_commented",
            Kind::ReportSubmitted => "report_submitted",
            Kind::ReportReturned => "report_returned",
            Kind::ReportAccepted => "report_accepted",
            Kind::TaskDueSoon => "task_due_soon",
            Kind::TaskDueToday => "task_due_today",
            Kind::TaskOverdue => "task_overdue",
        }
    }

    pub fn parse(value: &str) -> Option<Kind> {
        Kind::ALL.into_iter().find(|k| k.as_str() == value)
    }

    pub fn label(self, t: &crate::i18n::Texts) -> &'static str {
        let n = t.notifications;
        match self {
            Kind::TaskAssigned => n.task_assigned,
            Kind::TaskReturned => n.task_returned,
            Kind::TaskReassigned => n.task_reassigned,
            Kind::TaskRescheduled => n.task_rescheduled,
            Kind::TaskCancelled => n.task_cancelled,
            Kind::TaskCommented => n.task_commented,
            Kind::ReportSubmitted => n.report_submitted,
            Kind::ReportReturned => n.report_returned,
            Kind::ReportAccepted => n.report_accepted,
            Kind::TaskDueSoon => n.task_due_soon,
            Kind::TaskDueToday => n.task_due_today,
            Kind::TaskOverdue => n.task_overdue,
        }
    }
}

/// Where a notification's message stands in the outbox.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum MailState {
    /// Waiting for a sender (or for the SMTP server to be configured).
    Pending,
    /// Accepted by the SMTP server.
    Sent,
    /// Refused too many times; the administrators see it.
    Failed,
    /// The recipient does not want this kind by email.
    Off,
}

impl MailState {
    pub const ALL: [MailState; 4] = [
        MailState::Pending,
        MailState::Sent,
        MailState::Failed,
        MailState::Off,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            MailState::Pending => "pending",
            MailState::Sent => "sent",
            MailState::Failed => "failed",
            MailState::Off => "off",
        }
    }

    pub fn parse(value: &str) -> Option<MailState> {
        MailState::ALL.into_iter().find(|s| s.as_str() == value)
    }

    pub fn label(self, t: &crate::i18n::Texts) -> &'static str {
        let n = t.notifications;
        match self {
            MailState::Pending => n.mail_pending,
            MailState::Sent => n.mail_sent,
            MailState::Failed => n.mail_failed,
            MailState::Off => n.mail_off,
        }
    }
}

/// Where a notification leads: the report, or the task (its discussion for a comment).
pub fn href_of(kind: Kind, task: TaskId, report: Option<ReportId>) -> String {
    match (kind, report) {
        (_, Some(report)) => format!("/reports/{}", report.0),
        (Kind::TaskCommented, None) => format!("/tasks/{}#comments", task.0),
        _ => format!("/tasks/{}", task.0),
    }
}

/// One notification as the centre lists it.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct NotificationItem {
    pub id: i64,
    pub kind: Kind,
    pub task_id: TaskId,
    pub task_title: Trilingual,
    pub report_id: Option<ReportId>,
    /// Who made the change (their name), if it was a person.
    pub actor: Option<String>,
    pub note: String,
    pub created_at: OffsetDateTime,
    pub read: bool,
}

impl NotificationItem {
    /// Where the notification leads: the report, or the task (its comments for a comment).
    pub fn href(&self) -> String {
        href_of(self.kind, self.task_id, self.report_id)
    }
}

/// How many notifications the centre shows at once.
pub const PAGE_SIZE: i64 = 50;

/// One page of the caller's notifications, newest first; `older` is the id to continue below.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct NotificationPage {
    pub items: Vec<NotificationItem>,
    pub unread: i64,
    pub older: Option<i64>,
}

/// Which kinds the caller receives by email, and (for administrators) how the outbox stands.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct MailPreferences {
    /// Every kind, with whether it is sent by email.
    pub kinds: Vec<(Kind, bool)>,
    /// Administrators only: whether an SMTP server is configured, and messages by state.
    pub outbox: Option<Outbox>,
}

/// How the outbox stands, for administrators.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct Outbox {
    pub configured: bool,
    pub by_state: Vec<(MailState, i64)>,
}

/// The preferences form as posted: the kinds ticked to be sent by email.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct MailChoices {
    pub wanted: Vec<String>,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn kinds_read_back_from_their_names() {
        for kind in Kind::ALL {
            assert_eq!(Kind::parse(kind.as_str()), Some(kind));
        }
        assert_eq!(Kind::parse("task_deleted"), None);
    }

    #[test]
    fn kinds_match_the_migrations_check() {
        for dir in ["sqlite", "postgres"] {
            let sql = std::fs::read_to_string(format!(
                "{}/../migrations/{dir}/0014_notifications.sql",
                env!("CARGO_MANIFEST_DIR")
            ))
            .expect("migration");
            for kind in Kind::ALL {
                assert!(
                    sql.contains(&format!("'{}'", kind.as_str())),
                    "{kind:?} in {dir}"
                );
            }
        }
    }

    #[test]
    fn a_notification_leads_to_its_report_or_task() {
        let item = |kind, report_id| NotificationItem {
            id: 1,
            kind,
            task_id: TaskId(7),
            task_title: Trilingual::default(),
            report_id,
            actor: None,
            note: String::new(),
            created_at: OffsetDateTime::UNIX_EPOCH,
            read: false,
        };
        assert_eq!(item(Kind::TaskAssigned, None).href(), "/tasks/7");
        assert_eq!(item(Kind::TaskCommented, None).href(), "/tasks/7#comments");
        assert_eq!(
            item(Kind::ReportReturned, Some(ReportId(3))).href(),
            "/reports/3"
        );
    }
}
