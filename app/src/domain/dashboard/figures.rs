//! The dashboard: its filter (kept in the URL), the figures it shows for the whole selection
//! and for each direction, goal and objective of the concept, the balance between the two
//! directions over time, and the arithmetic that folds the database's grouped rows into them.

use crate::domain::dashboard::map::{MapData, Measure};
use crate::domain::indicators::views::IndicatorRow;
use crate::domain::reports::periods::Period;
use crate::domain::roles::OrgKind;
use crate::domain::tasks::fields::{Category, EnforcementFocus};
use crate::domain::tasks::inputs::{date_to_iso, parse_date, plausible_date};
use crate::domain::tasks::workflow::Status;
use crate::domain::views::Trilingual;
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;
use time::Date;

/// The concept codes the tallies count under, with their bits in a task's or activity's
/// concept mask (the same as the `concept_bits` table of migration 0008), in display order.
pub const CONCEPT_BITS: [(&str, i64); 14] = [
    ("D1", 4096),
    ("D2", 8192),
    ("G1", 512),
    ("G2", 1024),
    ("G3", 2048),
    ("O1", 1),
    ("O2", 2),
    ("O3", 4),
    ("O4", 8),
    ("O5", 16),
    ("O6", 32),
    ("O7", 64),
    ("O8", 128),
    ("O9", 256),
];

/// The bit of a concept code, if it is one.
pub fn bit_of(code: &str) -> Option<i64> {
    CONCEPT_BITS
        .iter()
        .find(|(c, _)| *c == code)
        .map(|(_, b)| *b)
}

/// The concept codes a mask holds, in display order.
pub fn codes_in(mask: i64) -> impl Iterator<Item = &'static str> {
    CONCEPT_BITS
        .iter()
        .filter(move |(_, b)| mask & b != 0)
        .map(|(c, _)| *c)
}

/// Whether `code` looks like an official territory code (`KG` and eleven digits).
pub fn is_region_code(code: &str) -> bool {
    code.len() == 13 && code.starts_with("KG") && code[2..].bytes().all(|b| b.is_ascii_digit())
}

/// What the dashboard is narrowed to. Every field is optional; an empty filter shows the
/// last four ended periods of everything the caller may see.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct DashboardFilter {
    /// The first period's start.
    pub from: Option<Date>,
    /// The last period's start.
    pub to: Option<Date>,
    pub region_code: Option<String>,
    pub kind: Option<OrgKind>,
    pub category: Option<Category>,
    pub objective: Option<String>,
    /// What the map's symbols are sized by (overdue tasks when not chosen).
    pub measure: Option<Measure>,
}

impl DashboardFilter {
    pub fn parse(get: impl Fn(&str) -> Option<String>) -> Self {
        DashboardFilter {
            from: get("from").and_then(|d| parse_date(&d).ok()),
            to: get("to").and_then(|d| parse_date(&d).ok()),
            region_code: get("region")
                .map(|c| c.trim().to_owned())
                .filter(|c| is_region_code(c)),
            kind: get("kind").and_then(|k| OrgKind::parse(k.trim())),
            category: get("category").and_then(|c| Category::parse(&c)),
            objective: get("objective")
                .map(|c| c.trim().to_owned())
                .filter(|c| c.starts_with('O') && bit_of(c).is_some()),
            measure: get("measure").and_then(|m| Measure::parse(&m)),
        }
    }

    /// The query string for this filter (without `?`).
    pub fn to_query(&self) -> String {
        [
            ("from", self.from.map(date_to_iso)),
            ("to", self.to.map(date_to_iso)),
            ("region", self.region_code.clone()),
            ("kind", self.kind.map(|k| k.as_str().to_owned())),
            ("category", self.category.map(|c| c.as_str().to_owned())),
            ("objective", self.objective.clone()),
            ("measure", self.measure.map(|m| m.as_str().to_owned())),
        ]
        .into_iter()
        .filter_map(|(k, v)| v.map(|v| format!("{k}={v}")))
        .collect::<Vec<_>>()
        .join("&")
    }

    /// The same filter with every value checked again, as `parse` checks the URL's: for a
    /// filter that arrived in a server function's arguments.
    pub fn normalized(self) -> DashboardFilter {
        DashboardFilter {
            from: self.from.and_then(plausible_date),
            to: self.to.and_then(plausible_date),
            region_code: self.region_code.filter(|c| is_region_code(c)),
            objective: self
                .objective
                .filter(|c| c.starts_with('O') && bit_of(c).is_some()),
            ..self
        }
    }

    /// This filter narrowed to one objective.
    pub fn with_objective(&self, code: &str) -> DashboardFilter {
        DashboardFilter {
            objective: Some(code.to_owned()),
            ..self.clone()
        }
    }

    /// This filter narrowed to one region.
    pub fn with_region(&self, code: &str) -> DashboardFilter {
        DashboardFilter {
            region_code: Some(code.to_owned()),
            ..self.clone()
        }
    }

    pub fn is_filtered(&self) -> bool {
        *self != DashboardFilter::default()
    }
}

/// Whose figures the dashboard adds up, as the policy decides.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum Audience {
    /// Every organisation's submitted reports and logged activities (coordinators).
    Everything,
    /// The caller's own organisation's (reporters).
    OwnOrganization,
    /// Accepted reports and verified activities only (administrators, observers).
    Published,
}

/// Tasks by status, and how many are overdue.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct TaskCounts {
    /// Counts in the order of [`Status::ALL`].
    pub by_status: [i64; 9],
    pub overdue: i64,
}

impl TaskCounts {
    pub fn add(&mut self, status: Status, count: i64, overdue: i64) {
        if let Some(i) = Status::ALL.iter().position(|s| *s == status) {
            self.by_status[i] += count;
        }
        self.overdue += overdue;
    }

    pub fn total(&self) -> i64 {
        self.by_status.iter().sum()
    }

    pub fn of(&self, status: Status) -> i64 {
        Status::ALL
            .iter()
            .position(|s| *s == status)
            .map_or(0, |i| self.by_status[i])
    }

    /// The share of tasks verified complete, in percent, among those not cancelled or
    /// declined; `None` when there are none.
    pub fn verified_share(&self) -> Option<f64> {
        let counted = self.total() - self.of(Status::Cancelled) - self.of(Status::Declined);
        (counted > 0).then(|| self.of(Status::Verified) as f64 * 100.0 / counted as f64)
    }
}

/// Reports submitted on time and late (revision 1 of each task's report for a period).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct ReportCounts {
    pub on_time: i64,
    pub late: i64,
}

impl ReportCounts {
    pub fn total(&self) -> i64 {
        self.on_time + self.late
    }

    /// The share on time, in percent; `None` when nothing was submitted.
    pub fn on_time_share(&self) -> Option<f64> {
        (self.total() > 0).then(|| self.on_time as f64 * 100.0 / self.total() as f64)
    }
}

/// People reached: the total and the cells by sex and age group, in the order of
/// [`crate::domain::reports::inputs::CELL_FIELDS`].
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct ReachCounts {
    pub total: i64,
    pub cells: [i64; 8],
}

/// Activities logged and the people they reached.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct ActivityCounts {
    pub activities: i64,
    pub reach: ReachCounts,
}

impl ActivityCounts {
    /// Adds a grouped row: `values` are the activity count, the total reached and the 8 cells.
    pub fn add(&mut self, values: &[i64; 10]) {
        self.activities += values[0];
        self.reach.total += values[1];
        for (cell, v) in self.reach.cells.iter_mut().zip(&values[2..]) {
            *cell += v;
        }
    }
}

/// Everything the dashboard counts for one selection.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Figures {
    pub tasks: TaskCounts,
    pub reports: ReportCounts,
    pub activities: ActivityCounts,
}

/// Which level of the concept a code belongs to.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum Level {
    Direction,
    Goal,
    Objective,
}

impl Level {
    pub fn of(code: &str) -> Level {
        match code.as_bytes().first() {
            Some(b'D') => Level::Direction,
            Some(b'G') => Level::Goal,
            _ => Level::Objective,
        }
    }
}

/// The figures of one direction, goal or objective.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct ConceptFigures {
    pub code: String,
    pub level: Level,
    pub name: Trilingual,
    pub figures: Figures,
    /// The objective's indicators (empty for directions and goals).
    pub indicators: Vec<IndicatorRow>,
}

/// One period of the balance between supply reduction (D1) and demand and harm reduction (D2).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct BalancePoint {
    pub period: Period,
    /// Tasks starting in the period, [D1, D2].
    pub tasks: [i64; 2],
    /// Activities starting in the period, [D1, D2].
    pub activities: [i64; 2],
    /// People those activities reached, [D1, D2].
    pub reached: [i64; 2],
}

/// Enforcement effort aimed at one focus: enforcement tasks over the periods shown (by the
/// task's focus) and their reports on those periods (by the focus each report recorded).
/// `focus` is `None` for work that records none (recorded before focuses were kept).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct FocusEffort {
    pub focus: Option<EnforcementFocus>,
    pub tasks: i64,
    pub reports: i64,
}

/// Where effort goes, for the concept's critique that almost all of it goes against people who
/// use drugs and none is left for dealers: enforcement by focus, next to what demand and harm
/// reduction (D2) reached through treatment (O5) and harm reduction (O6).
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct EffortMix {
    /// Every focus in order, then the work that records none when there is any.
    pub enforcement: Vec<FocusEffort>,
    pub treatment: ActivityCounts,
    pub harm_reduction: ActivityCounts,
}

impl EffortMix {
    /// Folds grouped counts by focus text ('' for none) into every focus in order.
    pub fn fold(
        tasks: &[(String, i64)],
        reports: &[(String, i64)],
        treatment: ActivityCounts,
        harm_reduction: ActivityCounts,
    ) -> EffortMix {
        let count = |rows: &[(String, i64)], focus: Option<EnforcementFocus>| {
            rows.iter()
                .filter(|(f, _)| EnforcementFocus::parse(f) == focus)
                .map(|(_, n)| n)
                .sum::<i64>()
        };
        let mut enforcement: Vec<FocusEffort> = EnforcementFocus::ALL
            .iter()
            .map(|f| Some(*f))
            .chain([None])
            .map(|focus| FocusEffort {
                focus,
                tasks: count(tasks, focus),
                reports: count(reports, focus),
            })
            .collect();
        if enforcement
            .last()
            .is_some_and(|e| e.tasks == 0 && e.reports == 0)
        {
            enforcement.pop();
        }
        EffortMix {
            enforcement,
            treatment,
            harm_reduction,
        }
    }
}

/// The dashboard as the page shows it.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Dashboard {
    pub filter: DashboardFilter,
    pub audience: Audience,
    /// The periods one may choose from, oldest first.
    pub periods: Vec<Period>,
    /// The periods shown.
    pub from: Period,
    pub to: Period,
    pub today: Date,
    pub total: Figures,
    /// Directions, goals and objectives in order; only the chosen objective when filtered.
    pub concept: Vec<ConceptFigures>,
    /// The two directions over the periods shown (the objective filter aside).
    pub balance: Vec<BalancePoint>,
    /// Enforcement effort by focus, and treatment and harm-reduction reach.
    pub effort: EffortMix,
    /// Every region and district with its figures (the region filter aside).
    pub map: MapData,
    /// The series over the periods shown.
    pub trends: Trends,
}

/// Series over the periods shown, one value per period.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct Trends {
    pub periods: Vec<Period>,
    /// Tasks due in each period, and how many of those are verified complete.
    pub tasks_due: Vec<i64>,
    pub tasks_verified: Vec<i64>,
    /// Activities started in each period, and the people they reached.
    pub activities: Vec<i64>,
    pub reached: Vec<i64>,
    /// Each indicator's accepted value for each period (without breakdown), where entered.
    pub indicators: Vec<IndicatorTrend>,
}

/// One indicator's values over the periods.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct IndicatorTrend {
    pub code: String,
    pub name: Trilingual,
    pub unit: Trilingual,
    pub values: Vec<Option<f64>>,
}

/// Tasks due per period and how many of them are verified, from grouped rows
/// `(due date, verified, count)`.
pub fn fold_due(periods: &[Period], rows: &[(Date, bool, i64)]) -> (Vec<i64>, Vec<i64>) {
    let mut due = vec![0; periods.len()];
    let mut verified = vec![0; periods.len()];
    for &(day, is_verified, count) in rows {
        if let Some(i) = period_index(periods, day) {
            due[i] += count;
            if is_verified {
                verified[i] += count;
            }
        }
    }
    (due, verified)
}

/// An indicator's values per period from `(period start, value)` rows: a value counts for the
/// period its own period starts in; of several (monthly values in a quarter), the latest.
pub fn fold_values(periods: &[Period], rows: &[(Date, f64)]) -> Vec<Option<f64>> {
    let mut out: Vec<Option<(Date, f64)>> = vec![None; periods.len()];
    for &(start, value) in rows {
        if let Some(i) = period_index(periods, start)
            && out[i].is_none_or(|(seen, _)| seen <= start)
        {
            out[i] = Some((start, value));
        }
    }
    out.into_iter().map(|v| v.map(|(_, value)| value)).collect()
}

/// Grouped task rows `(status, concept mask, count, overdue)` folded into the total and the
/// figures per concept code.
pub fn fold_tasks(
    rows: &[(Status, i64, i64, i64)],
) -> (TaskCounts, BTreeMap<&'static str, TaskCounts>) {
    let mut total = TaskCounts::default();
    let mut by_code: BTreeMap<&'static str, TaskCounts> = BTreeMap::new();
    for &(status, mask, count, overdue) in rows {
        total.add(status, count, overdue);
        for code in codes_in(mask) {
            by_code.entry(code).or_default().add(status, count, overdue);
        }
    }
    (total, by_code)
}

/// The index of the period in `periods` that holds `day`.
pub fn period_index(periods: &[Period], day: Date) -> Option<usize> {
    periods.iter().position(|p| p.start <= day && day <= p.end)
}

/// Tasks starting per period and direction, from grouped rows `(start date, mask, count)`.
pub fn balance_tasks(periods: &[Period], rows: &[(Date, i64, i64)]) -> Vec<[i64; 2]> {
    let mut out = vec![[0; 2]; periods.len()];
    for &(start, mask, count) in rows {
        if let Some(i) = period_index(periods, start) {
            for (side, code) in ["D1", "D2"].iter().enumerate() {
                if bit_of(code).is_some_and(|b| mask & b != 0) {
                    out[i][side] += count;
                }
            }
        }
    }
    out
}

#[cfg(test)]
mod trend_tests {
    use super::*;
    use time::macros::date;

    fn quarters() -> Vec<Period> {
        let calendar = crate::domain::reports::periods::Calendar::default();
        let first = calendar.period_of(date!(2026 - 01 - 15));
        vec![first, calendar.next(first)]
    }

    #[test]
    fn tasks_due_fall_in_the_period_of_their_due_date() {
        let rows = [
            (date!(2026 - 03 - 31), true, 2),
            (date!(2026 - 03 - 31), false, 3),
            (date!(2026 - 04 - 01), true, 1),
            (date!(2025 - 12 - 31), true, 9),
        ];
        assert_eq!(fold_due(&quarters(), &rows), (vec![5, 1], vec![2, 1]));
    }

    #[test]
    fn an_indicator_takes_the_latest_value_within_a_period() {
        let rows = [
            (date!(2026 - 02 - 01), 7.0),
            (date!(2026 - 01 - 01), 5.0),
            (date!(2027 - 01 - 01), 1.0),
        ];
        assert_eq!(fold_values(&quarters(), &rows), vec![Some(7.0), None]);
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use time::macros::date;

    /// The `concept_bits` rows a migration inserts (the empty code's 0 included).
    fn bits_in_migration(sql: &str) -> Vec<(String, i64)> {
        let values = sql
            .split("insert into concept_bits (code, bit) values")
            .nth(1)
            .and_then(|rest| rest.split(';').next())
            .expect("the migration fills concept_bits");
        values
            .split("),")
            .map(|row| {
                let row = row.trim().trim_start_matches('(').trim_end_matches(')');
                let (code, bit) = row.split_once(',').expect("(code, bit)");
                let code = code.trim().trim_matches('\'').to_owned();
                (code, bit.trim().parse().expect("a number"))
            })
            .collect()
    }

    #[test]
    fn the_migrations_write_the_same_bits_as_the_domain() {
        let mut expected: Vec<(String, i64)> = CONCEPT_BITS
            .iter()
            .map(|(code, bit)| ((*code).to_owned(), *bit))
            .collect();
        expected.push((String::new(), 0));
        expected.sort();
        for sql in [
            include_str!("../../../../migrations/sqlite/0008_tallies.sql"),
            include_str!("../../../../migrations/postgres/0008_tallies.sql"),
        ] {
            let mut found = bits_in_migration(sql);
            found.sort();
            assert_eq!(found, expected);
        }
    }

    #[test]
    fn the_bits_match_the_concept_and_do_not_overlap() {
        let mut seen = 0;
        for (code, bit) in CONCEPT_BITS {
            assert_eq!(bit.count_ones(), 1, "{code}");
            assert_eq!(seen & bit, 0, "{code}");
            seen |= bit;
        }
        assert_eq!(
            codes_in(1 | 4096 | 512).collect::<Vec<_>>(),
            ["D1", "G1", "O1"]
        );
        assert_eq!(bit_of("O9"), Some(256));
        assert_eq!(bit_of("O10"), None);
    }

    #[test]
    fn a_filter_reads_back_what_it_writes_and_drops_nonsense() {
        let f = DashboardFilter::parse(|k| {
            Some(
                match k {
                    "from" => "2025-01-01",
                    "to" => "2025-10-01",
                    "region" => "KG02000000000",
                    "kind" => "ngo",
                    "category" => "treatment",
                    "objective" => "O5",
                    _ => return None,
                }
                .to_owned(),
            )
        });
        assert_eq!(f.from, Some(date!(2025 - 01 - 01)));
        assert_eq!(f.kind, Some(OrgKind::Ngo));
        let back = DashboardFilter::parse(|k| {
            f.to_query()
                .split('&')
                .find_map(|kv| kv.strip_prefix(&format!("{k}=")).map(str::to_owned))
        });
        assert_eq!(back, f);
        let junk = DashboardFilter::parse(|k| {
            Some(
                match k {
                    "from" => "yesterday",
                    "region" => "KG02'; drop",
                    "kind" => "army",
                    "objective" => "D1",
                    _ => "x",
                }
                .to_owned(),
            )
        });
        assert_eq!(junk, DashboardFilter::default());
        assert!(!junk.is_filtered());
    }

    #[test]
    fn tasks_fold_into_every_code_they_serve() {
        let rows = [
            (Status::Verified, 1 | 4096 | 512, 3, 0), // O1 only
            (Status::InProgress, 1 | 2 | 4096 | 8192 | 512 | 1024, 2, 1),
            (Status::Cancelled, 2 | 8192 | 1024, 1, 0),
        ];
        let (total, by_code) = fold_tasks(&rows);
        assert_eq!(total.total(), 6);
        assert_eq!(total.overdue, 1);
        assert_eq!(by_code["O1"].total(), 5);
        assert_eq!(by_code["O2"].total(), 3);
        assert_eq!(by_code["D2"].of(Status::Cancelled), 1);
        assert!(!by_code.contains_key("O3"));
        // Verified among the not cancelled or declined: 3 of 5.
        assert_eq!(total.verified_share(), Some(60.0));
        assert_eq!(TaskCounts::default().verified_share(), None);
    }

    #[test]
    fn report_and_activity_counts_add_up() {
        let r = ReportCounts {
            on_time: 3,
            late: 1,
        };
        assert_eq!(r.on_time_share(), Some(75.0));
        assert_eq!(ReportCounts::default().on_time_share(), None);
        let mut a = ActivityCounts::default();
        a.add(&[2, 30, 1, 2, 3, 4, 5, 6, 7, 0]);
        a.add(&[1, 5, 1, 0, 0, 0, 0, 0, 0, 1]);
        assert_eq!(a.activities, 3);
        assert_eq!(a.reach.total, 35);
        assert_eq!(a.reach.cells, [2, 2, 3, 4, 5, 6, 7, 1]);
    }

    #[test]
    fn task_starts_fall_into_their_periods_and_directions() {
        let q = |start: Date, end: Date| Period {
            start,
            end,
            deadline: end,
        };
        let periods = [
            q(date!(2025 - 01 - 01), date!(2025 - 03 - 31)),
            q(date!(2025 - 04 - 01), date!(2025 - 06 - 30)),
        ];
        let rows = [
            (date!(2025 - 03 - 31), 4096, 2),
            (date!(2025 - 04 - 01), 4096 | 8192, 1),
            (date!(2024 - 12 - 31), 8192, 9),
        ];
        assert_eq!(balance_tasks(&periods, &rows), vec![[2, 0], [1, 1]]);
    }

    #[test]
    fn enforcement_effort_is_folded_by_focus() {
        let tasks = [
            ("possession".to_owned(), 7),
            ("trafficking".to_owned(), 2),
            ("".to_owned(), 1),
        ];
        let reports = [("possession".to_owned(), 20), ("precursors".to_owned(), 1)];
        let mix = EffortMix::fold(
            &tasks,
            &reports,
            ActivityCounts::default(),
            ActivityCounts::default(),
        );
        let focuses: Vec<_> = mix.enforcement.iter().map(|e| e.focus).collect();
        assert_eq!(
            focuses,
            [
                Some(EnforcementFocus::Trafficking),
                Some(EnforcementFocus::Production),
                Some(EnforcementFocus::Precursors),
                Some(EnforcementFocus::Possession),
                Some(EnforcementFocus::Other),
                None
            ]
        );
        assert_eq!(
            (mix.enforcement[3].tasks, mix.enforcement[3].reports),
            (7, 20)
        );
        assert_eq!(
            (mix.enforcement[5].tasks, mix.enforcement[5].reports),
            (1, 0)
        );
        let without = EffortMix::fold(
            &tasks[..2],
            &reports,
            ActivityCounts::default(),
            ActivityCounts::default(),
        );
        assert_eq!(
            without.enforcement.len(),
            5,
            "no row for unrecorded focus when there is none"
        );
    }
}
