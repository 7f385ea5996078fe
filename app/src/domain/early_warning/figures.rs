//! The early-warning system's figures for the dashboard: per year, the signals recorded, the
//! cases opened and decided and the substances a decision placed under control; and how long
//! cases stay in each stage (the median of the days each case spent there, counting a stage
//! a case was returned to once, with all its visits, and only once the case has left it).

use super::kinds::Stage;
use serde::{Deserialize, Serialize};
use std::collections::HashMap;
use time::Date;

/// The figures of one year.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct WarningYear {
    pub year: i32,
    pub signals: i64,
    pub opened: i64,
    pub decided: i64,
    /// Distinct substances a decision placed under control, by the year it took effect.
    pub controlled: i64,
}

/// How long cases stayed in a stage.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct StageTime {
    pub stage: Stage,
    /// The median of the days each case spent in the stage, if any case has left it.
    pub median_days: Option<f64>,
    /// How many cases have left the stage.
    pub cases: usize,
}

/// The dashboard's early-warning figures.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct WarningFigures {
    /// The years shown, oldest first.
    pub years: Vec<WarningYear>,
    /// The open stages, in order.
    pub stages: Vec<StageTime>,
}

impl WarningFigures {
    pub fn is_empty(&self) -> bool {
        self.years
            .iter()
            .all(|y| y.signals + y.opened + y.decided + y.controlled == 0)
    }
}

/// A case entering a stage on a day (its opening, a sign-off or a return), as its history
/// records it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct StageEntry {
    pub case: i64,
    pub day: Date,
    pub stage: Stage,
}

/// The median days per open stage from every case's entries, ordered by case and time.
pub fn stage_times(entries: &[StageEntry]) -> Vec<StageTime> {
    let mut days: HashMap<Stage, Vec<i64>> = HashMap::new();
    for case in entries.chunk_by(|a, b| a.case == b.case) {
        let mut spent: HashMap<Stage, i64> = HashMap::new();
        for pair in case.windows(2) {
            let (this, next) = (pair[0], pair[1]);
            *spent.entry(this.stage).or_default() += (next.day - this.day).whole_days().max(0);
        }
        // The stage the case is in now is not finished: its time so far is left out.
        let current = case.last().map(|e| e.stage);
        for (stage, total) in spent {
            if Some(stage) != current {
                days.entry(stage).or_default().push(total);
            }
        }
    }
    Stage::OPEN
        .into_iter()
        .map(|stage| {
            let mut values = days.remove(&stage).unwrap_or_default();
            StageTime {
                stage,
                median_days: median(&mut values),
                cases: values.len(),
            }
        })
        .collect()
}

/// The median of whole numbers: the middle one, or the mean of the middle two.
pub fn median(values: &mut [i64]) -> Option<f64> {
    if values.is_empty() {
        return None;
    }
    values.sort_unstable();
    let middle = values.len() / 2;
    Some(if values.len() % 2 == 1 {
        values[middle] as f64
    } else {
        (values[middle - 1] + values[middle]) as f64 / 2.0
    })
}

/// The years from `first` to `last` with the counts found for each (missing years are zero).
pub fn years(first: i32, last: i32, counts: &[(i32, YearCount, i64)]) -> Vec<WarningYear> {
    (first..=last)
        .map(|year| {
            let mut row = WarningYear {
                year,
                ..WarningYear::default()
            };
            for (y, what, n) in counts {
                if *y == year {
                    match what {
                        YearCount::Signals => row.signals += n,
                        YearCount::Opened => row.opened += n,
                        YearCount::Decided => row.decided += n,
                        YearCount::Controlled => row.controlled += n,
                    }
                }
            }
            row
        })
        .collect()
}

/// Which yearly count a database row gives.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum YearCount {
    Signals,
    Opened,
    Decided,
    Controlled,
}

impl YearCount {
    pub fn parse(text: &str) -> Option<YearCount> {
        Some(match text {
            "signals" => YearCount::Signals,
            "opened" => YearCount::Opened,
            "decided" => YearCount::Decided,
            "controlled" => YearCount::Controlled,
            _ => return None,
        })
    }
}

/// How many years the dashboard shows, the current one included.
pub const YEARS_SHOWN: i32 = 6;

#[cfg(test)]
mod tests {
    use super::*;
    use time::macros::date;

    fn entry(case: i64, day: Date, stage: Stage) -> StageEntry {
        StageEntry { case, day, stage }
    }

    #[test]
    fn medians_of_odd_and_even_counts() {
        assert_eq!(median(&mut []), None);
        assert_eq!(median(&mut [7]), Some(7.0));
        assert_eq!(median(&mut [9, 1, 5]), Some(5.0));
        assert_eq!(median(&mut [4, 1, 10, 3]), Some(3.5));
    }

    #[test]
    fn a_stage_counts_once_left_and_returns_add_to_it() {
        let entries = [
            // Case 1: 10 days of primary data, 20 of assessment, now in decision.
            entry(1, date!(2026 - 01 - 01), Stage::PrimaryData),
            entry(1, date!(2026 - 01 - 11), Stage::Assessment),
            entry(1, date!(2026 - 01 - 31), Stage::Decision),
            // Case 2: 4 days of primary data, returned from assessment after 2 days, then 6
            // more of primary data (10 in all) and 30 of assessment, then closed.
            entry(2, date!(2026 - 02 - 01), Stage::PrimaryData),
            entry(2, date!(2026 - 02 - 05), Stage::Assessment),
            entry(2, date!(2026 - 02 - 07), Stage::PrimaryData),
            entry(2, date!(2026 - 02 - 13), Stage::Assessment),
            entry(2, date!(2026 - 03 - 15), Stage::Decision),
            entry(2, date!(2026 - 03 - 25), Stage::Closed),
            // Case 3: still gathering primary data; its time so far is not counted.
            entry(3, date!(2026 - 03 - 01), Stage::PrimaryData),
        ];
        let times = stage_times(&entries);
        assert_eq!(
            times,
            vec![
                StageTime {
                    stage: Stage::PrimaryData,
                    median_days: Some(10.0),
                    cases: 2
                },
                StageTime {
                    stage: Stage::Assessment,
                    median_days: Some(26.0),
                    cases: 2
                },
                StageTime {
                    stage: Stage::Decision,
                    median_days: Some(10.0),
                    cases: 1
                },
            ]
        );
    }

    #[test]
    fn years_are_filled_with_zeros() {
        let rows = years(
            2024,
            2026,
            &[
                (2024, YearCount::Signals, 5),
                (2026, YearCount::Opened, 2),
                (2026, YearCount::Controlled, 1),
                (2023, YearCount::Decided, 9),
            ],
        );
        assert_eq!(rows.len(), 3);
        assert_eq!(rows[0].signals, 5);
        assert_eq!(
            rows[1],
            WarningYear {
                year: 2025,
                ..WarningYear::default()
            }
        );
        assert_eq!(
            (rows[2].opened, rows[2].controlled, rows[2].decided),
            (2, 1, 0)
        );
    }
}
