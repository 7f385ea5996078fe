//! What the report services return to the pages: report rows and pages, the evidence list, a
//! report's history and what changed since acceptance, the missing-reports view, and the
//! reporting calendar.

use crate::domain::evidence::FileKind;
use crate::domain::ids::{FileId, ReportId, TaskId};
use crate::domain::reports::inputs::{Reach, ReportForm};
use crate::domain::reports::periods::{Calendar, Period};
use crate::domain::reports::workflow::{ReportMove, ReportStatus};
use crate::domain::tasks::fields::EnforcementFocus;
use crate::domain::tasks::views::OrgRef;
use crate::domain::tasks::workflow::Status;
use crate::domain::views::Trilingual;
use crate::error::AppError;
use serde::{Deserialize, Serialize};
use time::{Date, OffsetDateTime};

/// A report in a list, or (with no `id`) a report still to be written for a task and period.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct ReportRow {
    pub id: Option<ReportId>,
    pub task_id: TaskId,
    pub task_title: Trilingual,
    pub organization: OrgRef,
    pub period: Period,
    pub revision: i64,
    pub status: Option<ReportStatus>,
    pub percent_complete: Option<i64>,
    pub is_late: bool,
    #[serde(with = "time::serde::timestamp::option")]
    pub submitted_at: Option<OffsetDateTime>,
}

/// One page of the report list; `next` is the cursor of the following page, if any.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct ReportListPage {
    pub rows: Vec<ReportRow>,
    pub next: Option<String>,
    /// The periods to filter by, newest first.
    pub periods: Vec<Period>,
    /// Whether the caller reviews reports (and so sees which are missing).
    pub may_review: bool,
}

/// What a report says.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct ReportContent {
    pub percent_complete: Option<i64>,
    pub work_done: String,
    pub results: String,
    pub result_value: Option<f64>,
    pub reach: Reach,
    pub problems: String,
    pub support_needed: String,
    /// What the period's enforcement work was aimed at (reports on enforcement tasks).
    pub enforcement_focus: Option<EnforcementFocus>,
}

/// An evidence file as listed on its report.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct EvidenceItem {
    pub id: FileId,
    pub name: String,
    pub kind: FileKind,
    pub size_bytes: i64,
    pub uploaded_by: String,
    #[serde(with = "time::serde::timestamp")]
    pub uploaded_at: OffsetDateTime,
}

/// One status change in a report's or an activity's history.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct StatusEvent<S> {
    pub actor: String,
    pub from: Option<S>,
    pub to: S,
    pub note: String,
    #[serde(with = "time::serde::timestamp")]
    pub at: OffsetDateTime,
}

/// One move in a report's history.
pub type ReportEvent = StatusEvent<ReportStatus>;

/// A part of a report, for telling what a correction changed.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum ReportField {
    Percent,
    WorkDone,
    Results,
    ResultValue,
    ReachedTotal,
    /// A breakdown cell, by its index (female under 18 … male 50 and over).
    Cell(usize),
    Problems,
    SupportNeeded,
    EnforcementFocus,
    Evidence,
}

/// One field a correction changed: its value when accepted, and now.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct ReportChange {
    pub field: ReportField,
    pub before: String,
    pub after: String,
}

/// Another revision of the same task and period.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct RevisionRef {
    pub id: ReportId,
    pub revision: i64,
    pub status: ReportStatus,
}

/// A report page: the report, its task, evidence, history, the moves the viewer may make and,
/// for a correction, what changed since the accepted revision.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct ReportPage {
    pub id: ReportId,
    pub version: i64,
    pub task_id: TaskId,
    pub task_title: Trilingual,
    pub task_status: Status,
    pub target: Option<(f64, String)>,
    /// The task is an enforcement task: its reports record their focus.
    pub is_enforcement: bool,
    pub organization: OrgRef,
    pub period: Period,
    pub revision: i64,
    pub status: ReportStatus,
    pub content: ReportContent,
    pub is_late: bool,
    #[serde(with = "time::serde::timestamp::option")]
    pub submitted_at: Option<OffsetDateTime>,
    pub review_comment: String,
    pub evidence: Vec<EvidenceItem>,
    pub moves: Vec<ReportMove>,
    pub may_edit: bool,
    pub history: Vec<ReportEvent>,
    pub changes: Vec<ReportChange>,
    pub revisions: Vec<RevisionRef>,
}

/// The report form page: the report as it stands, and any problems of the last save.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct ReportEditPage {
    pub page: ReportPage,
    pub form: ReportForm,
    pub errors: Option<AppError>,
}

/// The reports of one task, and the periods its lead organisation may write a report for now.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct TaskReports {
    pub rows: Vec<ReportRow>,
    /// Periods with no report yet that the viewer may start one for, newest first.
    pub may_start: Vec<Period>,
}

/// An organisation's standing for a period in the missing-reports view.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct MissingByOrganization {
    pub organization: OrgRef,
    pub required: i64,
    pub missing: i64,
    pub late: i64,
}

/// Which organisations have not reported on which tasks for a period.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct MissingReports {
    pub period: Period,
    pub periods: Vec<Period>,
    pub today: Date,
    pub required: i64,
    pub missing: i64,
    pub late: i64,
    pub organizations: Vec<MissingByOrganization>,
    /// With an organisation chosen: its tasks still without a report.
    pub organization: Option<OrgRef>,
    pub tasks: Vec<ReportRow>,
}

/// The reporting calendar with the period it makes current, for the administrator's page.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct CalendarPage {
    pub calendar: Calendar,
    pub current: Period,
    pub last_ended: Period,
    pub may_edit: bool,
}

/// A report section of the inbox.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum ReportInboxKind {
    /// Reports the caller's organisation owes for the period that ended last.
    Due,
    /// The organisation's reports returned by the coordinators, to fix and resubmit.
    Returned,
    /// Submitted reports waiting for a coordinator.
    ToReview,
}

/// One report section of the inbox, with up to a few rows and the total.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct ReportSection {
    pub kind: ReportInboxKind,
    pub period: Option<Period>,
    pub rows: Vec<ReportRow>,
    pub total: i64,
}
