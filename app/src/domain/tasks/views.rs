//! What the task server functions send to pages: list rows, the task page with its thread,
//! history and roll-up, and the inbox.

use crate::domain::ids::{OrganizationId, TaskId};
use crate::domain::tasks::fields::{Category, Coverage, EnforcementFocus, Priority};
use crate::domain::tasks::workflow::{Move, Status};
use crate::domain::views::Trilingual;
use crate::i18n::Lang;
use serde::{Deserialize, Serialize};
use time::{Date, OffsetDateTime};

/// A task's title in `lang`, or "untitled" when it has none in that language (pages and
/// messages alike).
pub fn task_title(title: &Trilingual, lang: Lang, t: &crate::i18n::Texts) -> String {
    let text = title.get(lang);
    if text.is_empty() {
        t.tasks.untitled.to_owned()
    } else {
        text.to_owned()
    }
}

/// An organisation as a task names it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct OrgRef {
    pub id: OrganizationId,
    pub name: Trilingual,
}

/// A task in a list.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct TaskRow {
    pub id: TaskId,
    pub title: Trilingual,
    pub status: Status,
    pub overdue: bool,
    pub is_group: bool,
    pub category: Category,
    pub priority: Priority,
    pub due_date: Date,
    pub lead: Option<OrgRef>,
}

/// One page of the task list; `next` is the cursor of the following page, if any.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct TaskListPage {
    pub rows: Vec<TaskRow>,
    pub next: Option<String>,
    pub can_create: bool,
}

/// How the tasks of a bulk assignment stand.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Rollup {
    pub total: i64,
    /// Tasks per status, in [`Status::ALL`] order, zero counts left out.
    pub by_status: Vec<(Status, i64)>,
    pub overdue: i64,
}

impl Rollup {
    pub fn count(&self, status: Status) -> i64 {
        self.by_status
            .iter()
            .find(|(s, _)| *s == status)
            .map_or(0, |(_, n)| *n)
    }
}

/// A comment in a task's thread.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Comment {
    pub author: String,
    pub organization: Trilingual,
    #[serde(with = "time::serde::timestamp")]
    pub created_at: OffsetDateTime,
    pub body: String,
}

/// What a recorded change was about.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum HistoryField {
    Created,
    /// A draft's details were edited.
    Edited,
    Status,
    Lead,
    DueDate,
    Result,
}

impl HistoryField {
    pub fn as_str(self) -> &'static str {
        match self {
            HistoryField::Created => "created",
            HistoryField::Edited => "edited",
            HistoryField::Status => "status",
            HistoryField::Lead => "lead",
            HistoryField::DueDate => "due_date",
            HistoryField::Result => "result",
        }
    }

    pub fn parse(s: &str) -> Option<HistoryField> {
        [
            HistoryField::Created,
            HistoryField::Edited,
            HistoryField::Status,
            HistoryField::Lead,
            HistoryField::DueDate,
            HistoryField::Result,
        ]
        .into_iter()
        .find(|f| f.as_str() == s)
    }
}

/// An old or new value in the history, ready to show in any language.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum HistoryValue {
    None,
    Text(String),
    Status(Status),
    Date(Date),
    Organization(Trilingual),
}

/// One recorded change of a task.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct HistoryEvent {
    pub actor: String,
    #[serde(with = "time::serde::timestamp")]
    pub created_at: OffsetDateTime,
    pub field: HistoryField,
    pub old_value: HistoryValue,
    pub new_value: HistoryValue,
    pub note: String,
}

/// A code of the concept with its name.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct CodeName {
    pub code: String,
    pub name: Trilingual,
}

/// Everything the task page shows, cut to what the caller may see and do.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct TaskPage {
    pub id: TaskId,
    pub parent: Option<(TaskId, Trilingual)>,
    pub is_group: bool,
    pub written_in: Lang,
    pub title: Trilingual,
    pub description: Trilingual,
    pub category: Category,
    pub objectives: Vec<CodeName>,
    pub goals: Vec<CodeName>,
    pub directions: Vec<CodeName>,
    pub principles: Vec<CodeName>,
    pub lead: Option<OrgRef>,
    pub supporting: Vec<OrgRef>,
    pub coverage: Coverage,
    pub place: Option<Trilingual>,
    pub start_date: Date,
    pub due_date: Date,
    pub priority: Priority,
    pub expected_result: String,
    pub target: Option<(f64, String)>,
    /// What an enforcement task is aimed at.
    pub enforcement_focus: Option<EnforcementFocus>,
    pub result_statement: String,
    pub status: Status,
    pub overdue: bool,
    pub version: i64,
    pub created_by: String,
    #[serde(with = "time::serde::timestamp")]
    pub created_at: OffsetDateTime,
    pub rollup: Option<Rollup>,
    pub children: Vec<TaskRow>,
    pub comments: Vec<Comment>,
    pub history: Vec<HistoryEvent>,
    /// The moves the caller may make now.
    pub moves: Vec<Move>,
    pub may_comment: bool,
    /// Organisations a reassignment may go to, when the caller may reassign.
    pub reassign_choices: Vec<OrgRef>,
    /// The draft as its form shows it, when the caller may edit it (coordinators, drafts only).
    pub draft_form: Option<crate::domain::tasks::inputs::TaskForm>,
}

/// The task form's choices: organisations to assign to, the concept, the territory.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct TaskFormChoices {
    pub organizations: Vec<(OrgRef, crate::domain::roles::OrgKind)>,
    pub framework: crate::domain::views::Framework,
    pub territory: crate::domain::views::Territory,
    /// Today in Bishkek, the default start date.
    pub today: Date,
}

/// What kind of attention an inbox section asks for.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum InboxKind {
    /// Assigned to the caller's organisation, to accept or decline.
    ToAccept,
    /// Returned by the coordinators, to work on again.
    Returned,
    /// Completed, for a coordinator to verify or return.
    ToVerify,
    /// Declined, for a coordinator to reassign or cancel.
    Declined,
    /// Past due while work is owed.
    Overdue,
    /// Due within [`DUE_SOON_DAYS`] days.
    DueSoon,
}

/// How far ahead "due soon" looks.
pub const DUE_SOON_DAYS: i64 = 14;

/// One section of the inbox: its first rows (oldest due first) and how many there are.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct InboxSection {
    pub kind: InboxKind,
    pub rows: Vec<TaskRow>,
    pub total: i64,
}

/// What needs the caller's action now; sections do not overlap.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct Inbox {
    pub sections: Vec<InboxSection>,
    pub reports: Vec<crate::domain::reports::views::ReportSection>,
}

impl Inbox {
    /// The number shown in the navigation.
    pub fn count(&self) -> i64 {
        self.sections.iter().map(|s| s.total).sum::<i64>()
            + self.reports.iter().map(|s| s.total).sum::<i64>()
    }
}
