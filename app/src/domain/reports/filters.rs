//! The report list's filter and keyset cursor, parsed from the URL's query and written back
//! to it. Unknown or malformed values are dropped, never refused: a stale link still opens.

use crate::domain::filters::encode;
use crate::domain::ids::{OrganizationId, ReportId};
use crate::domain::reports::workflow::ReportStatus;
use crate::domain::tasks::inputs::{date_to_iso, parse_date, plausible_date};
use serde::{Deserialize, Serialize};
use time::Date;

/// How many reports a list page shows.
pub const REPORT_PAGE_SIZE: i64 = 50;

/// What the report list is narrowed to. Newest reports come first; `after` is the id of the
/// last report on the previous page.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct ReportFilter {
    /// The first day of the period.
    pub period: Option<Date>,
    pub status: Option<ReportStatus>,
    pub organization_id: Option<OrganizationId>,
    pub late: bool,
    pub after: Option<ReportId>,
}

impl ReportFilter {
    pub fn parse(get: impl Fn(&str) -> Option<String>) -> Self {
        ReportFilter {
            period: get("period").and_then(|d| parse_date(&d).ok()),
            status: get("status").and_then(|s| ReportStatus::parse(&s)),
            organization_id: get("organization")
                .and_then(|o| o.parse().ok())
                .filter(|o: &OrganizationId| o.0 > 0),
            late: get("late").is_some_and(|v| matches!(v.trim(), "1" | "on" | "true")),
            after: get("after")
                .and_then(|a| a.parse().ok())
                .filter(|a: &ReportId| a.0 > 0),
        }
    }

    /// The same filter checked again, as `parse` checks the URL's: for a filter that arrived
    /// in a server function's arguments.
    pub fn normalized(self) -> ReportFilter {
        ReportFilter {
            period: self.period.and_then(plausible_date),
            organization_id: self.organization_id.filter(|o| o.0 > 0),
            after: self.after.filter(|a| a.0 > 0),
            ..self
        }
    }

    /// The query string for this filter (without `?`), cursor included.
    pub fn to_query(&self) -> String {
        let pairs = [
            ("period", self.period.map(date_to_iso)),
            ("status", self.status.map(|s| s.as_str().to_owned())),
            ("organization", self.organization_id.map(|o| o.to_string())),
            ("late", self.late.then(|| "1".to_owned())),
            ("after", self.after.map(|a| a.to_string())),
        ];
        pairs
            .into_iter()
            .filter_map(|(k, v)| v.map(|v| format!("{k}={}", encode(&v))))
            .collect::<Vec<_>>()
            .join("&")
    }

    /// The same filter on its first page.
    pub fn first_page(&self) -> ReportFilter {
        ReportFilter {
            after: None,
            ..self.clone()
        }
    }

    /// Whether anything narrows the list.
    pub fn is_filtered(&self) -> bool {
        self.first_page() != ReportFilter::default()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use time::macros::date;

    #[test]
    fn the_filter_round_trips_through_the_url() {
        let filter = ReportFilter {
            period: Some(date!(2026 - 07 - 01)),
            status: Some(ReportStatus::Submitted),
            organization_id: Some(OrganizationId(12)),
            late: true,
            after: Some(ReportId(900)),
        };
        let query = filter.to_query();
        assert_eq!(
            query,
            "period=2026-07-01&status=submitted&organization=12&late=1&after=900"
        );
        let pairs: Vec<(String, String)> = query
            .split('&')
            .filter_map(|p| p.split_once('='))
            .map(|(k, v)| (k.to_owned(), v.to_owned()))
            .collect();
        let parsed =
            ReportFilter::parse(|k| pairs.iter().find(|(n, _)| n == k).map(|(_, v)| v.clone()));
        assert_eq!(parsed, filter);
        assert!(parsed.is_filtered());
        assert!(!ReportFilter::default().is_filtered());
    }

    #[test]
    fn malformed_values_are_dropped() {
        let parsed = ReportFilter::parse(|k| match k {
            "period" => Some("2026-13-01".into()),
            "status" => Some("approved".into()),
            "organization" => Some("-4".into()),
            "after" => Some("x".into()),
            _ => None,
        });
        assert_eq!(parsed, ReportFilter::default());
    }
}
