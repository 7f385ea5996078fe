//! What the early-warning pages are sent: the signal list and form, the case list by stage,
//! one case with everything its stages hold, and a substance's signals over time and by region.

use super::cases::ScoreForm;
use super::kinds::{
    AmountUnit, CaseEvent, CasePurpose, Criterion, Measure, RiskLevel, SeenForm, SignalSource,
    Stage,
};
use super::signals::SignalForm;
use super::workflow::{CaseAct, Missing};
use crate::domain::ids::{CaseId, SignalId, TaskId, UserId};
use crate::domain::public::Count;
use crate::domain::reports::views::EvidenceItem;
use crate::domain::substances::kinds::NationalList;
use crate::domain::tasks::workflow::Status;
use crate::domain::views::{Place, Trilingual};
use crate::error::AppError;
use serde::{Deserialize, Serialize};
use time::{Date, OffsetDateTime};

/// A named thing to choose or link to.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Named {
    pub id: i64,
    pub name: Trilingual,
}

/// One signal as lists show it.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct SignalRow {
    pub id: SignalId,
    pub observed_on: Date,
    pub source: SignalSource,
    pub organization: Trilingual,
    pub region: Option<Trilingual>,
    pub district: Option<Trilingual>,
    pub form: SeenForm,
    pub amount: Option<(f64, AmountUnit)>,
    pub poisonings: i64,
    pub deaths: i64,
    /// The substance, or `None` when unidentified.
    pub substance: Option<Named>,
    pub description: String,
    pub case: Option<CaseId>,
}

/// What the signal list is narrowed by.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct SignalFilter {
    pub source: Option<SignalSource>,
    /// Only signals in no case yet.
    pub unlinked: bool,
    pub page: i64,
}

impl SignalFilter {
    pub fn parse(get: impl Fn(&str) -> Option<String>) -> SignalFilter {
        SignalFilter {
            source: get("source").and_then(|s| SignalSource::parse(&s)),
            unlinked: get("unlinked").is_some_and(|v| v == "1" || v == "on"),
            page: get("page")
                .and_then(|p| p.trim().parse::<i64>().ok())
                .filter(|p| (1..=10_000).contains(p))
                .unwrap_or(1),
        }
    }
}

/// How many signals a page of the list shows.
pub const SIGNALS_PER_PAGE: i64 = 50;

/// The signal list.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct SignalListPage {
    pub rows: Vec<SignalRow>,
    pub total: i64,
    pub may_record: bool,
    /// Coordinators open cases from the list: the substances to name.
    pub may_open_case: bool,
    pub substances: Vec<Named>,
    /// The first stage's usual deadline, for a case opened today.
    pub case_due: Option<Date>,
}

/// The signal form with its choices.
/// One signal with its evidence files.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct SignalPage {
    pub signal: SignalRow,
    pub evidence: Vec<EvidenceItem>,
    /// Whether the caller may add files (its organisation, or a coordinator).
    pub may_add_files: bool,
    /// The last upload's problems.
    pub upload_errors: Option<AppError>,
}

#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct SignalFormPage {
    pub form: SignalForm,
    /// The last recording's problems, with what was typed.
    pub errors: Option<AppError>,
    pub regions: Vec<Place>,
    pub districts: Vec<Place>,
    pub substances: Vec<Named>,
}

/// One case as the list shows it.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct CaseRow {
    pub id: CaseId,
    pub title: String,
    pub substance: Option<Trilingual>,
    pub stage: Stage,
    pub stage_due: Date,
    pub overdue: bool,
    pub risk: Option<RiskLevel>,
    pub signals: i64,
    pub opened_on: Date,
}

/// The case list: by stage, with how many cases each stage holds.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct CaseListPage {
    pub rows: Vec<CaseRow>,
    pub stage: Option<Stage>,
    pub counts: Vec<(Stage, i64)>,
    pub overdue: i64,
}

/// How many cases the list shows at most.
pub const CASES_SHOWN: i64 = 200;

/// A task the case asked for.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct CaseTaskRow {
    pub task_id: TaskId,
    pub purpose: CasePurpose,
    pub organization: Trilingual,
    pub title: Trilingual,
    pub status: Status,
    pub due_date: Date,
}

/// An assessor and what they scored.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct AssessorRow {
    pub user_id: UserId,
    pub name: String,
    pub organization: Trilingual,
    pub scores: Vec<(Criterion, RiskLevel, String)>,
}

/// One line of a case's history.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct CaseHistoryRow {
    pub at: OffsetDateTime,
    pub actor: Option<String>,
    pub event: CaseEvent,
    pub from: Option<Stage>,
    pub to: Option<Stage>,
    pub note: String,
}

/// A stage as the timeline shows it: when the case entered it and when it left.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct TimelineStep {
    pub stage: Stage,
    pub entered: OffsetDateTime,
    pub left: Option<OffsetDateTime>,
}

/// The decision as recorded.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct DecisionView {
    pub measure: Measure,
    pub list: Option<NationalList>,
    pub body: String,
    pub act: String,
    pub act_date: Option<Date>,
    pub effective_on: Option<Date>,
}

impl DecisionView {
    /// The control the decision puts the substance under, if its measure controls it: the
    /// list, the act as the register shows it, and the day it takes effect.
    pub fn control(&self) -> Option<(NationalList, String, Date)> {
        let decision = super::cases::Decision {
            measure: self.measure,
            list: self.list,
            body: self.body.clone(),
            act: self.act.clone(),
            act_date: self.act_date,
            effective_on: self.effective_on,
        };
        Some((
            decision.control_list()?,
            decision.act_line(),
            self.effective_on?,
        ))
    }
}

/// One case in full, with what the caller may do.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct CasePage {
    pub id: CaseId,
    pub version: i64,
    pub title: String,
    pub substance: Option<Named>,
    pub stage: Stage,
    pub stage_due: Date,
    pub overdue: bool,
    pub opened_at: OffsetDateTime,
    pub risk: Option<RiskLevel>,
    pub risk_note: String,
    pub suggested_risk: Option<RiskLevel>,
    pub decision: Option<DecisionView>,
    pub signals: Vec<SignalRow>,
    pub tasks: Vec<CaseTaskRow>,
    pub assessors: Vec<AssessorRow>,
    pub alerted: Vec<(Trilingual, OffsetDateTime)>,
    pub history: Vec<CaseHistoryRow>,
    /// The case's evidence files, oldest first; anyone taking part may add more.
    pub evidence: Vec<EvidenceItem>,
    /// The last upload's problems.
    pub upload_errors: Option<AppError>,
    pub timeline: Vec<TimelineStep>,
    pub missing: Vec<Missing>,
    /// What the caller may do now.
    pub acts: Vec<CaseAct>,
    /// The caller's own scores, when they assess the case.
    pub my_scores: Option<ScoreForm>,
    /// Choices for the coordinator's forms: expert organisations (requests), organisations to
    /// alert or give follow-up work, people who may assess, substances.
    pub experts: Vec<Named>,
    pub organizations: Vec<Named>,
    pub assessor_choices: Vec<(UserId, String, Trilingual)>,
    pub substances: Vec<Named>,
    /// The usual deadline of the next stage, and of a follow-up task, from today.
    pub next_due: Option<Date>,
    pub task_due: Date,
}

impl CasePage {
    pub fn may(&self, act: CaseAct) -> bool {
        self.acts.contains(&act)
    }
}

/// A substance's signals over time and by region (poisonings and deaths under the public
/// page's small-count rule), and its cases.
/// A substance's signals in one region, or in none: people counted under the small-count rule.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct RegionSignals {
    pub name: Option<Trilingual>,
    /// The region's centre: longitude, latitude.
    pub point: Option<(f64, f64)>,
    pub signals: i64,
    pub poisonings: Count,
    pub deaths: Count,
}

#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct SubstanceSignals {
    /// Year, signals, poisonings, deaths.
    pub by_year: Vec<(i32, i64, Count, Count)>,
    /// By region (the signals with none last), most signals first.
    pub by_region: Vec<RegionSignals>,
    pub cases: Vec<CaseRow>,
}
