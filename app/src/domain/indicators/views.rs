//! What the indicator services return to the pages: the catalogue with each indicator's
//! latest value and progress, an indicator's page with its series and entered values, and the
//! catalogue form.

use crate::domain::ids::{IndicatorId, ValueId};
use crate::domain::indicators::catalogue::{
    Breakdowns, Cut, Direction, Frequency, ValueDecision, ValueStatus,
};
use crate::domain::indicators::inputs::IndicatorForm;
use crate::domain::reports::periods::Period;
use crate::domain::tasks::views::{CodeName, OrgRef};
use crate::domain::views::{Place, Trilingual};
use serde::{Deserialize, Serialize};
use time::OffsetDateTime;

/// An indicator in the catalogue.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct IndicatorRow {
    pub id: IndicatorId,
    pub code: String,
    pub name: Trilingual,
    pub unit: Trilingual,
    pub objective_code: String,
    pub direction: Direction,
    pub baseline: (f64, i32),
    pub target: (f64, i32),
    pub organization: OrgRef,
    pub frequency: Frequency,
    pub breakdowns: Breakdowns,
    /// The latest accepted total and its period.
    pub latest: Option<(Period, f64)>,
    /// Progress from baseline to target, in percent, by the latest value.
    pub progress: Option<f64>,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct IndicatorListPage {
    pub rows: Vec<IndicatorRow>,
    pub may_manage: bool,
}

/// One entered value.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct ValueRow {
    pub id: ValueId,
    pub version: i64,
    pub period: Period,
    pub cut: Cut,
    pub value: f64,
    pub source_note: String,
    pub status: ValueStatus,
    pub review_comment: String,
    pub entered_by: String,
    #[serde(with = "time::serde::timestamp")]
    pub entered_at: OffsetDateTime,
    pub decisions: Vec<ValueDecision>,
}

/// An indicator's page.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct IndicatorPage {
    pub row: IndicatorRow,
    pub objective: Option<CodeName>,
    /// Accepted totals by period, oldest first.
    pub series: Vec<(Period, f64)>,
    /// Every value the caller may see, newest period first.
    pub values: Vec<ValueRow>,
    pub may_enter: bool,
    pub may_manage: bool,
    /// The periods a value may be entered for, newest first.
    pub periods: Vec<Period>,
    pub regions: Vec<Place>,
    pub version: i64,
}

/// The catalogue form, new or editing.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct IndicatorFormPage {
    pub id: Option<IndicatorId>,
    pub version: i64,
    pub form: IndicatorForm,
    pub objectives: Vec<CodeName>,
    pub organizations: Vec<OrgRef>,
}
