//! What the activity services return to the pages: the list with its filter, an activity's
//! page, and what the form offers.

use crate::domain::activities::inputs::ActivityForm;
use crate::domain::activities::kinds::{ActivityStatus, ActivityType, TargetGroup, Verification};
use crate::domain::filters::encode;
use crate::domain::ids::{ActivityId, OrganizationId};
use crate::domain::reports::inputs::Reach;
use crate::domain::reports::views::{EvidenceItem, StatusEvent};
use crate::domain::tasks::inputs::{date_to_iso, parse_date, plausible_date};
use crate::domain::tasks::views::{CodeName, OrgRef};
use crate::domain::views::{Territory, Trilingual};
use crate::error::AppError;
use serde::{Deserialize, Serialize};
use time::Date;

/// How many activities a list page shows.
pub const ACTIVITY_PAGE_SIZE: i64 = 50;

/// What the activity list is narrowed to; newest first, `after` the last id of the page before.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct ActivityFilter {
    pub activity_type: Option<ActivityType>,
    pub objective: Option<String>,
    pub region_code: Option<String>,
    pub organization_id: Option<OrganizationId>,
    /// Activities that took place from this day …
    pub from: Option<Date>,
    /// … to this day.
    pub to: Option<Date>,
    pub status: Option<ActivityStatus>,
    pub after: Option<ActivityId>,
}

impl ActivityFilter {
    pub fn parse(get: impl Fn(&str) -> Option<String>) -> Self {
        let code = |raw: Option<String>, ok: fn(&str) -> bool| {
            raw.map(|c| c.trim().to_owned()).filter(|c| ok(c))
        };
        ActivityFilter {
            activity_type: get("type").and_then(|t| ActivityType::parse(&t)),
            objective: code(get("objective"), |c| {
                c.strip_prefix('O')
                    .and_then(|n| n.parse::<u8>().ok())
                    .is_some_and(|n| (1..=9).contains(&n))
            }),
            region_code: code(get("region"), |c| {
                c.len() == 13 && c.starts_with("KG") && c[2..].bytes().all(|b| b.is_ascii_digit())
            }),
            organization_id: get("organization")
                .and_then(|o| o.parse().ok())
                .filter(|o: &OrganizationId| o.0 > 0),
            from: get("from").and_then(|d| parse_date(&d).ok()),
            to: get("to").and_then(|d| parse_date(&d).ok()),
            status: get("status").and_then(|s| ActivityStatus::parse(&s)),
            after: get("after")
                .and_then(|a| a.parse().ok())
                .filter(|a: &ActivityId| a.0 > 0),
        }
    }

    /// The same filter checked again, as `parse` checks the URL's: for a filter that arrived
    /// in a server function's arguments.
    pub fn normalized(self) -> ActivityFilter {
        ActivityFilter {
            objective: self.objective.filter(|c| {
                c.starts_with('O') && crate::domain::dashboard::figures::bit_of(c).is_some()
            }),
            region_code: self
                .region_code
                .filter(|c| crate::domain::dashboard::figures::is_region_code(c)),
            organization_id: self.organization_id.filter(|o| o.0 > 0),
            from: self.from.and_then(plausible_date),
            to: self.to.and_then(plausible_date),
            after: self.after.filter(|a| a.0 > 0),
            ..self
        }
    }

    /// The query string for this filter (without `?`), cursor included.
    pub fn to_query(&self) -> String {
        [
            ("type", self.activity_type.map(|t| t.as_str().to_owned())),
            ("objective", self.objective.clone()),
            ("region", self.region_code.clone()),
            ("organization", self.organization_id.map(|o| o.to_string())),
            ("from", self.from.map(date_to_iso)),
            ("to", self.to.map(date_to_iso)),
            ("status", self.status.map(|s| s.as_str().to_owned())),
            ("after", self.after.map(|a| a.to_string())),
        ]
        .into_iter()
        .filter_map(|(k, v)| v.map(|v| format!("{k}={}", encode(&v))))
        .collect::<Vec<_>>()
        .join("&")
    }

    pub fn first_page(&self) -> ActivityFilter {
        ActivityFilter {
            after: None,
            ..self.clone()
        }
    }

    pub fn is_filtered(&self) -> bool {
        self.first_page() != ActivityFilter::default()
    }
}

/// An activity in a list.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct ActivityRow {
    pub id: ActivityId,
    pub title: String,
    pub activity_type: ActivityType,
    pub organization: OrgRef,
    pub start_date: Date,
    pub end_date: Date,
    pub place: Option<Trilingual>,
    pub reached_total: Option<i64>,
    pub status: ActivityStatus,
}

/// One page of activities; `next` is the query of the following page, if any.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct ActivityListPage {
    pub rows: Vec<ActivityRow>,
    pub next: Option<String>,
    pub may_log: bool,
    /// The organisation filtered by, named.
    pub organization: Option<OrgRef>,
}

/// An activity's page.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct ActivityPage {
    pub id: ActivityId,
    pub version: i64,
    pub row: ActivityRow,
    pub description: String,
    pub target_groups: Vec<TargetGroup>,
    pub reach: Reach,
    pub partners: String,
    pub objectives: Vec<CodeName>,
    pub principles: Vec<CodeName>,
    pub is_public: bool,
    pub review_comment: String,
    pub evidence: Vec<EvidenceItem>,
    pub decisions: Vec<Verification>,
    pub may_edit: bool,
    pub history: Vec<ActivityEvent>,
}

/// A status change of an activity (the same shape as a report's).
pub type ActivityEvent = StatusEvent<ActivityStatus>;

/// What the activity form offers, and the activity it edits (if any) with the problems of the
/// last save.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct ActivityFormPage {
    pub id: Option<ActivityId>,
    pub version: i64,
    pub form: ActivityForm,
    pub errors: Option<AppError>,
    pub evidence: Vec<EvidenceItem>,
    pub objectives: Vec<CodeName>,
    pub principles: Vec<CodeName>,
    pub territory: Territory,
}
