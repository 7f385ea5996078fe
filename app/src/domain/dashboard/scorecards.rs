//! Organisation scorecards: for each organisation, over the dashboard's selection, the tasks
//! it leads (assigned, completed, verified, overdue), its on-time reporting rate and the
//! activities it logged; sortable by any of them, a page at a time.

use crate::domain::dashboard::figures::DashboardFilter;
use crate::domain::ids::OrganizationId;
use crate::domain::roles::OrgKind;
use crate::domain::tasks::fields::text_enum;
use crate::domain::views::Trilingual;
use serde::{Deserialize, Serialize};
use std::cmp::Ordering;

text_enum!(
    dashboard,
    /// What the scorecards are ordered by.
    ScoreSort {
        Name = "name" => score_name,
        Assigned = "assigned" => score_assigned,
        Completed = "completed" => score_completed,
        Verified = "verified" => score_verified,
        Overdue = "overdue" => score_overdue,
        OnTime = "on_time" => score_on_time,
        Activities = "activities" => score_activities,
    }
);

/// How many scorecards a page shows.
pub const PAGE_SIZE: usize = 50;

/// The last page a list may be asked for (beyond any real list, far from overflowing).
pub const MAX_PAGE: usize = 10_000;

/// The scorecards' query: the dashboard's filter, the order and the page.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct ScoreQuery {
    pub filter: DashboardFilter,
    pub sort: Option<ScoreSort>,
    /// Ascending rather than the sort's natural direction (names A–Z, numbers largest first).
    pub reverse: bool,
    /// From 1.
    pub page: usize,
}

impl ScoreQuery {
    pub fn parse(get: impl Fn(&str) -> Option<String>) -> Self {
        ScoreQuery {
            filter: DashboardFilter::parse(&get),
            sort: get("sort").and_then(|s| ScoreSort::parse(&s)),
            reverse: get("reverse").is_some_and(|r| r == "1"),
            page: get("page")
                .and_then(|p| p.trim().parse().ok())
                .filter(|p| (1..=MAX_PAGE).contains(p))
                .unwrap_or(1),
        }
    }

    /// The same query checked again (see [`DashboardFilter::normalized`]), its page within the
    /// pages a list can have.
    pub fn normalized(self) -> ScoreQuery {
        ScoreQuery {
            filter: self.filter.normalized(),
            page: self.page.clamp(1, MAX_PAGE),
            ..self
        }
    }

    /// The query string (without `?`).
    pub fn to_query(&self) -> String {
        let mut parts = vec![self.filter.to_query()];
        if let Some(sort) = self.sort {
            parts.push(format!("sort={}", sort.as_str()));
        }
        if self.reverse {
            parts.push("reverse=1".to_owned());
        }
        if self.page > 1 {
            parts.push(format!("page={}", self.page));
        }
        parts.retain(|p| !p.is_empty());
        parts.join("&")
    }
}

/// One organisation's figures over the selection.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Scorecard {
    pub organization_id: OrganizationId,
    pub name: Trilingual,
    pub kind: OrgKind,
    pub region: Option<Trilingual>,
    /// Tasks it leads overlapping the periods (not drafts).
    pub assigned: i64,
    /// Completed, awaiting verification or verified.
    pub completed: i64,
    pub verified: i64,
    pub overdue: i64,
    pub reports: i64,
    pub reports_on_time: i64,
    pub activities: i64,
}

impl Scorecard {
    /// The share of its reports submitted on time, in percent; `None` without reports.
    pub fn on_time_share(&self) -> Option<f64> {
        (self.reports > 0).then(|| self.reports_on_time as f64 * 100.0 / self.reports as f64)
    }
}

/// Orders scorecards by `sort` in its natural direction (names A–Z, numbers largest first,
/// organisations without reports last by rate), `reverse` turning it round; ties by name.
pub fn sort(cards: &mut [Scorecard], sort: ScoreSort, reverse: bool, lang: crate::i18n::Lang) {
    let by_name = |a: &Scorecard, b: &Scorecard| {
        a.name
            .get(lang)
            .to_lowercase()
            .cmp(&b.name.get(lang).to_lowercase())
    };
    cards.sort_by(|a, b| {
        let primary = match sort {
            ScoreSort::Name => Ordering::Equal,
            ScoreSort::Assigned => b.assigned.cmp(&a.assigned),
            ScoreSort::Completed => b.completed.cmp(&a.completed),
            ScoreSort::Verified => b.verified.cmp(&a.verified),
            ScoreSort::Overdue => b.overdue.cmp(&a.overdue),
            ScoreSort::Activities => b.activities.cmp(&a.activities),
            ScoreSort::OnTime => match (a.on_time_share(), b.on_time_share()) {
                (Some(x), Some(y)) => y.total_cmp(&x),
                (Some(_), None) => Ordering::Less,
                (None, Some(_)) => Ordering::Greater,
                (None, None) => Ordering::Equal,
            },
        };
        let order = primary.then_with(|| by_name(a, b));
        if reverse { order.reverse() } else { order }
    });
}

/// A page of scorecards with how many there are in all.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Scorecards {
    pub query: ScoreQuery,
    /// The periods one may choose from, oldest first.
    pub periods: Vec<crate::domain::reports::periods::Period>,
    pub from: crate::domain::reports::periods::Period,
    pub to: crate::domain::reports::periods::Period,
    pub audience: crate::domain::dashboard::figures::Audience,
    pub cards: Vec<Scorecard>,
    pub total: usize,
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::i18n::Lang;

    fn card(name: &str, assigned: i64, reports: i64, on_time: i64) -> Scorecard {
        Scorecard {
            organization_id: OrganizationId(assigned),
            name: Trilingual {
                ky: String::new(),
                ru: name.to_owned(),
                en: String::new(),
            },
            kind: OrgKind::LocalGovernment,
            region: None,
            assigned,
            completed: 0,
            verified: 0,
            overdue: 0,
            reports,
            reports_on_time: on_time,
            activities: 0,
        }
    }

    fn names(cards: &[Scorecard]) -> Vec<&str> {
        cards.iter().map(|c| c.name.ru.as_str()).collect()
    }

    #[test]
    fn numbers_sort_largest_first_with_ties_by_name() {
        let mut cards = vec![card("Б", 2, 0, 0), card("в", 5, 0, 0), card("А", 2, 0, 0)];
        sort(&mut cards, ScoreSort::Assigned, false, Lang::Ru);
        assert_eq!(names(&cards), ["в", "А", "Б"]);
        sort(&mut cards, ScoreSort::Assigned, true, Lang::Ru);
        assert_eq!(names(&cards), ["Б", "А", "в"]);
        sort(&mut cards, ScoreSort::Name, false, Lang::Ru);
        assert_eq!(names(&cards), ["А", "Б", "в"]);
    }

    #[test]
    fn the_on_time_rate_puts_those_without_reports_last() {
        let mut cards = vec![
            card("Нет отчётов", 1, 0, 0),
            card("Половина", 2, 4, 2),
            card("Все", 3, 2, 2),
        ];
        sort(&mut cards, ScoreSort::OnTime, false, Lang::Ru);
        assert_eq!(names(&cards), ["Все", "Половина", "Нет отчётов"]);
        assert_eq!(cards[1].on_time_share(), Some(50.0));
        assert_eq!(cards[2].on_time_share(), None);
    }

    #[test]
    fn the_query_round_trips_through_the_url() {
        let query = ScoreQuery::parse(|k| match k {
            "sort" => Some("overdue".into()),
            "reverse" => Some("1".into()),
            "page" => Some("3".into()),
            "objective" => Some("O2".into()),
            _ => None,
        });
        assert_eq!(query.sort, Some(ScoreSort::Overdue));
        assert!(query.reverse);
        assert_eq!(query.page, 3);
        assert_eq!(
            query.to_query(),
            "objective=O2&sort=overdue&reverse=1&page=3"
        );
        let bad = ScoreQuery::parse(|k| (k == "page").then(|| "-2".into()));
        assert_eq!(bad.page, 1);
    }
}
