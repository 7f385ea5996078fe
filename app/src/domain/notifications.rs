//! Notifications: what Concord tells a person about work that concerns them, the kinds there
//! are, who each kind goes to, and what the notification centre is sent.

use crate::domain::ids::{ActivityId, CaseId, IndicatorId, OrganizationId, ReportId, TaskId};
use crate::domain::reports::periods::Period;
use crate::domain::views::Trilingual;
use serde::{Deserialize, Serialize};
use time::{Date, OffsetDateTime};

/// What happened. Task kinds go to the reporters of the organisation that leads the task (for a
/// reassignment, the one that led it before too); `ReportSubmitted` and comments go to the
/// coordinator who created the task; the other report kinds to the reporters of the report's
/// organisation; reminders of reports due go once per organisation and period. The person who
/// made the change is never told of it.
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
    /// A task the recipient's organisation leads is due in [`DUE_SOON_DAYS`] days.
    TaskDueSoon,
    /// A task the recipient's organisation leads is due today.
    TaskDueToday,
    /// A task the recipient's organisation leads is [`OVERDUE_DAYS`] days past its due date.
    TaskOverdue,
    /// A task is [`ESCALATION_DAYS`] days past its due date: told to the organisation's
    /// contact address and, in their daily digest, to the coordinator who created it.
    TaskEscalated,
    /// A report on a task the recipient created waits for review.
    ReportSubmitted,
    /// A report of the recipient's organisation was returned for correction.
    ReportReturned,
    /// A report of the recipient's organisation was accepted.
    ReportAccepted,
    /// The recipient's organisation owes reports for a period due in [`DUE_SOON_DAYS`] days.
    ReportDueSoon,
    /// … due today.
    ReportDueToday,
    /// … [`OVERDUE_DAYS`] days overdue.
    ReportOverdue,
    /// … [`ESCALATION_DAYS`] days overdue: told to the organisation's contact address and, in
    /// their daily digest, to the coordinators whose tasks are owed.
    ReportEscalated,
    /// A value of an indicator the recipient's organisation reports is due in
    /// [`DUE_SOON_DAYS`] days and not yet entered.
    IndicatorDue,
    /// An activity was logged and waits for the coordinators' review.
    ActivityLogged,
    /// An activity of the recipient's organisation was sent back for clarification.
    ActivityReturned,
    /// The day's notifications the recipient chose to receive together (email only).
    DailyDigest,
    /// For coordinators, every Monday: what is overdue, by region and organisation.
    WeeklyDigest,
    /// For administrators, at most once a day: messages could not be delivered.
    MailFailed,
    /// An early-warning case found a high risk: the recipient's organisation is alerted.
    CaseAlert,
    /// The recipient was named to assess an early-warning case.
    CaseAssessorNamed,
    /// The stage of an early-warning case the recipient opened falls due (a week before, on
    /// the day, three days after).
    CaseStageDue,
}

/// How many days before its due date open work is recalled.
pub const DUE_SOON_DAYS: i64 = 7;
/// How many days after its due date open work is recalled again.
pub const OVERDUE_DAYS: i64 = 3;
/// How many days after its due date open work is escalated to the organisation's head.
pub const ESCALATION_DAYS: i64 = 7;

/// How a person receives a kind by email.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum Delivery {
    /// One message each, as it happens.
    Immediate,
    /// Gathered into one message a day (08:00 in Bishkek).
    Daily,
    /// Not by email (it still shows in the notification centre).
    Off,
}

impl Delivery {
    pub const ALL: [Delivery; 3] = [Delivery::Immediate, Delivery::Daily, Delivery::Off];

    pub fn as_str(self) -> &'static str {
        match self {
            Delivery::Immediate => "immediate",
            Delivery::Daily => "daily",
            Delivery::Off => "off",
        }
    }

    pub fn parse(value: &str) -> Option<Delivery> {
        Delivery::ALL.into_iter().find(|d| d.as_str() == value)
    }

    pub fn label(self, t: &crate::i18n::Texts) -> &'static str {
        match self {
            Delivery::Immediate => t.mail.immediately,
            Delivery::Daily => t.mail.daily,
            Delivery::Off => t.mail.not_by_email,
        }
    }
}

impl Kind {
    pub const ALL: [Kind; 26] = [
        Kind::TaskAssigned,
        Kind::TaskReturned,
        Kind::TaskReassigned,
        Kind::TaskRescheduled,
        Kind::TaskCancelled,
        Kind::TaskCommented,
        Kind::TaskDueSoon,
        Kind::TaskDueToday,
        Kind::TaskOverdue,
        Kind::TaskEscalated,
        Kind::ReportSubmitted,
        Kind::ReportReturned,
        Kind::ReportAccepted,
        Kind::ReportDueSoon,
        Kind::ReportDueToday,
        Kind::ReportOverdue,
        Kind::ReportEscalated,
        Kind::IndicatorDue,
        Kind::ActivityLogged,
        Kind::ActivityReturned,
        Kind::DailyDigest,
        Kind::WeeklyDigest,
        Kind::MailFailed,
        Kind::CaseAlert,
        Kind::CaseAssessorNamed,
        Kind::CaseStageDue,
    ];

    /// The reminders of a task's due date, with how many days from today the due date is on
    /// the day each is sent.
    pub const REMINDERS: [(Kind, i64); 3] = [
        (Kind::TaskDueSoon, DUE_SOON_DAYS),
        (Kind::TaskDueToday, 0),
        (Kind::TaskOverdue, -OVERDUE_DAYS),
    ];

    /// The reminders of a period's reports deadline, likewise; the last is the escalation.
    pub const REPORT_REMINDERS: [(Kind, i64); 4] = [
        (Kind::ReportDueSoon, DUE_SOON_DAYS),
        (Kind::ReportDueToday, 0),
        (Kind::ReportOverdue, -OVERDUE_DAYS),
        (Kind::ReportEscalated, -ESCALATION_DAYS),
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            Kind::TaskAssigned => "task_assigned",
            Kind::TaskReturned => "task_returned",
            Kind::TaskReassigned => "task_reassigned",
            Kind::TaskRescheduled => "task_rescheduled",
            Kind::TaskCancelled => "task_cancelled",
            Kind::TaskCommented => "task_commented",
            Kind::TaskDueSoon => "task_due_soon",
            Kind::TaskDueToday => "task_due_today",
            Kind::TaskOverdue => "task_overdue",
            Kind::TaskEscalated => "task_escalated",
            Kind::ReportSubmitted => "report_submitted",
            Kind::ReportReturned => "report_returned",
            Kind::ReportAccepted => "report_accepted",
            Kind::ReportDueSoon => "report_due_soon",
            Kind::ReportDueToday => "report_due_today",
            Kind::ReportOverdue => "report_overdue",
            Kind::ReportEscalated => "report_escalated",
            Kind::IndicatorDue => "indicator_due",
            Kind::ActivityLogged => "activity_logged",
            Kind::ActivityReturned => "activity_returned",
            Kind::DailyDigest => "daily_digest",
            Kind::WeeklyDigest => "weekly_digest",
            Kind::MailFailed => "mail_failed",
            Kind::CaseAlert => "case_alert",
            Kind::CaseAssessorNamed => "case_assessor_named",
            Kind::CaseStageDue => "case_stage_due",
        }
    }

    pub fn parse(value: &str) -> Option<Kind> {
        Kind::ALL.into_iter().find(|k| k.as_str() == value)
    }

    /// How a person may choose to receive this kind by email. Empty for the kinds that always
    /// come at once and cannot be switched off (escalations, overdue work, failed mail) and for
    /// the daily digest itself.
    pub fn choices(self) -> &'static [Delivery] {
        match self {
            Kind::TaskOverdue
            | Kind::TaskEscalated
            | Kind::ReportOverdue
            | Kind::ReportEscalated
            | Kind::MailFailed
            | Kind::DailyDigest => &[],
            Kind::WeeklyDigest => &[Delivery::Immediate, Delivery::Off],
            _ => &Delivery::ALL,
        }
    }

    /// Whether people of `role` can receive this kind (the preferences list only these).
    pub fn for_role(self, role: crate::domain::roles::Role) -> bool {
        use crate::domain::roles::Role;
        match self {
            Kind::TaskCommented => matches!(role, Role::Reporter | Role::Coordinator),
            Kind::ReportSubmitted
            | Kind::ActivityLogged
            | Kind::TaskEscalated
            | Kind::ReportEscalated
            | Kind::WeeklyDigest
            | Kind::CaseStageDue => role == Role::Coordinator,
            Kind::MailFailed => role == Role::Administrator,
            Kind::DailyDigest => false,
            _ => role == Role::Reporter,
        }
    }

    /// Whether this kind recalls work at a deadline (its message names the due date).
    pub fn is_reminder(self) -> bool {
        matches!(
            self,
            Kind::TaskDueSoon
                | Kind::TaskDueToday
                | Kind::TaskOverdue
                | Kind::TaskEscalated
                | Kind::ReportDueSoon
                | Kind::ReportDueToday
                | Kind::ReportOverdue
                | Kind::ReportEscalated
                | Kind::IndicatorDue
                | Kind::CaseStageDue
        )
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
            Kind::TaskDueSoon => n.task_due_soon,
            Kind::TaskDueToday => n.task_due_today,
            Kind::TaskOverdue => n.task_overdue,
            Kind::TaskEscalated => n.task_escalated,
            Kind::ReportSubmitted => n.report_submitted,
            Kind::ReportReturned => n.report_returned,
            Kind::ReportAccepted => n.report_accepted,
            Kind::ReportDueSoon => n.report_due_soon,
            Kind::ReportDueToday => n.report_due_today,
            Kind::ReportOverdue => n.report_overdue,
            Kind::ReportEscalated => n.report_escalated,
            Kind::IndicatorDue => n.indicator_due,
            Kind::ActivityLogged => n.activity_logged,
            Kind::ActivityReturned => n.activity_returned,
            Kind::DailyDigest => n.daily_digest,
            Kind::WeeklyDigest => n.weekly_digest,
            Kind::MailFailed => n.mail_failed_kind,
            Kind::CaseAlert => t.warning.notice_case_alert,
            Kind::CaseAssessorNamed => t.warning.notice_assessor_named,
            Kind::CaseStageDue => t.warning.notice_stage_due,
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
    /// Waiting for the recipient's daily digest.
    Held,
    /// Sent as part of a daily digest.
    Digested,
}

impl MailState {
    pub const ALL: [MailState; 6] = [
        MailState::Pending,
        MailState::Sent,
        MailState::Failed,
        MailState::Off,
        MailState::Held,
        MailState::Digested,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            MailState::Pending => "pending",
            MailState::Sent => "sent",
            MailState::Failed => "failed",
            MailState::Off => "off",
            MailState::Held => "held",
            MailState::Digested => "digested",
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
            MailState::Held => n.mail_held,
            MailState::Digested => n.mail_digested,
        }
    }
}

/// What a notification concerns: the thing it names (at most one of task, report, activity,
/// indicator; an organisation's reports for a period; or nothing, for digests and mail
/// failures), its name, and the dates a reminder recalls.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct Subject {
    pub task: Option<TaskId>,
    pub report: Option<ReportId>,
    pub activity: Option<ActivityId>,
    pub indicator: Option<IndicatorId>,
    /// An early-warning case.
    #[serde(default)]
    pub case: Option<CaseId>,
    pub organization: Option<OrganizationId>,
    /// The task's, activity's or indicator's name, else the organisation's; empty for none.
    pub title: Trilingual,
    /// The reporting period a reminder of reports or indicator values is about.
    pub period: Option<Period>,
    /// The day the work is (or was) due, for a reminder.
    pub due_date: Option<Date>,
}

impl Subject {
    /// The subject as a line of text in `lang`: the title, with the period when there is one.
    pub fn line(&self, lang: crate::i18n::Lang) -> String {
        let t = &self.title;
        let title = [t.get(lang), &t.ru, &t.ky, &t.en]
            .into_iter()
            .find(|s| !s.is_empty())
            .unwrap_or("");
        match (&self.period, title.is_empty()) {
            (Some(p), false) => format!("{title}, {}", p.label()),
            (Some(p), true) => p.label(),
            (None, _) => title.to_owned(),
        }
    }
}

/// Where a notification leads: the report, the task (its discussion for a comment), the
/// activity or indicator, or the list where the kind's work is found.
pub fn href_of(kind: Kind, s: &Subject) -> String {
    if let Some(report) = s.report {
        return format!("/reports/{}", report.0);
    }
    if let Some(task) = s.task {
        return match kind {
            Kind::TaskCommented => format!("/tasks/{}#comments", task.0),
            _ => format!("/tasks/{}", task.0),
        };
    }
    if let Some(activity) = s.activity {
        return format!("/activities/{}", activity.0);
    }
    if let Some(indicator) = s.indicator {
        return format!("/indicators/{}", indicator.0);
    }
    if let Some(case) = s.case {
        return format!("/cases/{}", case.0);
    }
    match (kind, s.period, s.organization) {
        (Kind::ReportEscalated, Some(p), Some(org)) => format!(
            "/reports/missing?period={}&organization={}",
            crate::domain::tasks::inputs::date_to_iso(p.start),
            org.0
        ),
        (Kind::WeeklyDigest, ..) => "/dashboard/organizations".to_owned(),
        (Kind::MailFailed, ..) => "/notifications#email".to_owned(),
        (Kind::DailyDigest, ..) => "/notifications".to_owned(),
        _ => "/inbox".to_owned(),
    }
}

/// One notification as the centre lists it.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct NotificationItem {
    pub id: i64,
    pub kind: Kind,
    pub subject: Subject,
    /// Who made the change (their name), if it was a person.
    pub actor: Option<String>,
    pub note: String,
    pub created_at: OffsetDateTime,
    pub read: bool,
}

impl NotificationItem {
    /// Where the notification leads.
    pub fn href(&self) -> String {
        href_of(self.kind, &self.subject)
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
    /// The kinds the caller can receive, with how each is sent by email.
    pub kinds: Vec<(Kind, Delivery)>,
    /// Administrators only: whether an SMTP server is configured, and messages by state.
    pub outbox: Option<Outbox>,
    /// Reporters: their organisation and its contact address for escalations.
    pub contact: Option<EscalationContact>,
}

/// An organisation's contact address for escalations (its head's, or a shared one).
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct EscalationContact {
    pub organization: Trilingual,
    pub email: String,
}

/// The form that sets the caller's organisation's contact address for escalations.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct ContactForm {
    pub contact_email: String,
}

impl ContactForm {
    /// The address, or none when left empty; a malformed one is a problem beside the field,
    /// with what was typed kept.
    pub fn parse(&self) -> Result<Option<crate::domain::inputs::Email>, crate::error::AppError> {
        let typed = &self.contact_email;
        let checked = if typed.chars().any(char::is_control) {
            // No field a browser shows sends tabs or line breaks.
            Err(crate::error::Problem::ControlCharacters)
        } else if typed.trim().is_empty() {
            return Ok(None);
        } else {
            crate::domain::inputs::Email::parse(typed).map(Some)
        };
        checked.map_err(|problem| {
            let mut errors = crate::error::FormErrors::new();
            errors.add("contact_email", problem);
            crate::error::AppError::Invalid(
                errors.with_values([("contact_email", self.contact_email.as_str())]),
            )
        })
    }
}

/// How the outbox stands, for administrators.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct Outbox {
    pub configured: bool,
    pub by_state: Vec<(MailState, i64)>,
}

/// The preferences form as posted: a delivery per kind (one radio group per kind, named
/// `choices[kind]`). Kinds not posted keep their setting.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct MailChoices {
    pub choices: std::collections::BTreeMap<String, String>,
}

impl MailChoices {
    /// The choices as kinds and deliveries; `None` if any names an unknown kind or delivery,
    /// or one the kind does not allow.
    pub fn parse(&self) -> Option<Vec<(Kind, Delivery)>> {
        self.choices
            .iter()
            .map(|(k, d)| {
                let kind = Kind::parse(k)?;
                let delivery = Delivery::parse(d)?;
                kind.choices()
                    .contains(&delivery)
                    .then_some((kind, delivery))
            })
            .collect()
    }
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
                "{}/../migrations/{dir}/0019_case_stage_reminders.sql",
                env!("CARGO_MANIFEST_DIR")
            ))
            .expect("migration");
            // SQLite's edit names only the kind it adds; the table's text is 0018's.
            let sql = if dir == "sqlite" {
                sql + &std::fs::read_to_string(format!(
                    "{}/../migrations/{dir}/0018_early_warning.sql",
                    env!("CARGO_MANIFEST_DIR")
                ))
                .expect("migration")
            } else {
                sql
            };
            for kind in Kind::ALL {
                assert!(
                    sql.contains(&format!("'{}'", kind.as_str())),
                    "{kind:?} in {dir}"
                );
            }
        }
    }

    #[test]
    fn a_notification_leads_to_its_thing() {
        let task = Subject {
            task: Some(TaskId(7)),
            ..Subject::default()
        };
        assert_eq!(href_of(Kind::TaskAssigned, &task), "/tasks/7");
        assert_eq!(href_of(Kind::TaskCommented, &task), "/tasks/7#comments");
        let report = Subject {
            task: Some(TaskId(7)),
            report: Some(ReportId(3)),
            ..Subject::default()
        };
        assert_eq!(href_of(Kind::ReportReturned, &report), "/reports/3");
        let activity = Subject {
            activity: Some(ActivityId(5)),
            ..Subject::default()
        };
        assert_eq!(href_of(Kind::ActivityReturned, &activity), "/activities/5");
        let period = crate::domain::reports::periods::Calendar::default()
            .period_of(time::macros::date!(2026 - 08 - 10));
        let owed = Subject {
            organization: Some(OrganizationId(4)),
            period: Some(period),
            ..Subject::default()
        };
        assert_eq!(href_of(Kind::ReportDueSoon, &owed), "/inbox");
        assert_eq!(
            href_of(Kind::ReportEscalated, &owed),
            "/reports/missing?period=2026-07-01&organization=4"
        );
        assert_eq!(
            href_of(Kind::DailyDigest, &Subject::default()),
            "/notifications"
        );
    }

    #[test]
    fn escalations_cannot_be_switched_off() {
        for kind in [
            Kind::TaskEscalated,
            Kind::ReportEscalated,
            Kind::TaskOverdue,
            Kind::MailFailed,
        ] {
            assert!(kind.choices().is_empty(), "{kind:?}");
        }
        let choose = |k: &str, d: &str| MailChoices {
            choices: [(k.to_owned(), d.to_owned())].into(),
        };
        assert_eq!(
            choose("task_assigned", "daily").parse(),
            Some(vec![(Kind::TaskAssigned, Delivery::Daily)])
        );
        assert_eq!(choose("task_escalated", "off").parse(), None);
        assert_eq!(choose("weekly_digest", "daily").parse(), None);
        assert_eq!(choose("task_assigned", "hourly").parse(), None);
        assert_eq!(choose("task_deleted", "off").parse(), None);
    }

    #[test]
    fn a_contact_address_is_checked_and_may_be_left_empty() {
        let form = |email: &str| ContactForm {
            contact_email: email.to_owned(),
        };
        assert_eq!(form("  ").parse().ok(), Some(None));
        assert!(form(" \t\r\n ").parse().is_err());
        assert_eq!(
            form("Head@Aiyl.KG")
                .parse()
                .ok()
                .flatten()
                .map(|e| e.as_str().to_owned()),
            Some("head@aiyl.kg".to_owned())
        );
        let refused = form("head at aiyl").parse().expect_err("refused");
        let errors = refused.form_errors().expect("beside the field");
        assert!(errors.problem("contact_email").is_some());
        assert_eq!(errors.value("contact_email"), Some("head at aiyl"));
    }

    #[test]
    fn every_role_that_works_hears_of_its_work() {
        use crate::domain::roles::Role;
        assert!(Kind::TaskAssigned.for_role(Role::Reporter));
        assert!(!Kind::TaskAssigned.for_role(Role::Coordinator));
        assert!(Kind::WeeklyDigest.for_role(Role::Coordinator));
        assert!(Kind::MailFailed.for_role(Role::Administrator));
        assert!(Kind::ALL.iter().all(|k| !k.for_role(Role::Observer)));
    }
}
