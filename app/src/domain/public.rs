//! The public transparency page: what it shows (aggregate progress per goal and objective,
//! the indicators, and the activities their organisations marked public and the coordinating
//! body verified) and the small-cell rule that keeps anyone from being identified: a count of
//! people from 1 to 9 is shown as "<10", and where a breakdown would then give a hidden cell
//! away by subtraction from its total, the next smallest cell is hidden too.

use super::activities::kinds::ActivityType;
use super::dashboard::figures::{ConceptFigures, Figures, Level, ReachCounts};
use super::dashboard::map::MapData;
use super::ids::ActivityId;
use super::indicators::views::IndicatorRow;
use super::reports::periods::Period;
use super::views::Trilingual;
use serde::{Deserialize, Serialize};
use time::{Date, OffsetDateTime};

/// The smallest count of people shown as it is (besides zero).
pub const SMALLEST_SHOWN: i64 = 10;

/// A count of people as the public sees it.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum Count {
    Exact(i64),
    /// Between 1 and 9, or hidden so that such a cell cannot be worked out.
    Hidden,
}

impl Count {
    /// The primary rule: 1 to 9 people are hidden.
    pub fn of(n: i64) -> Count {
        if (1..SMALLEST_SHOWN).contains(&n) {
            Count::Hidden
        } else {
            Count::Exact(n)
        }
    }
}

/// People reached by sex and age group, with small cells hidden.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct PublicReach {
    pub total: Count,
    pub cells: [Count; 8],
}

impl PublicReach {
    /// Hides cells of 1–9 people; if that hides exactly one non-zero cell while the total is
    /// shown, hides the next smallest non-zero cell too, so that no hidden cell is the total
    /// minus the cells shown. (Cells need not add up to the total, since not everyone's sex
    /// and age is known; the rule holds either way.)
    pub fn of(reach: &ReachCounts) -> PublicReach {
        let total = Count::of(reach.total);
        let cells = protect(&reach.cells, total != Count::Hidden);
        PublicReach {
            total,
            cells: std::array::from_fn(|i| cells[i]),
        }
    }
}

/// The small-cell rule over a set of counts: 1 to 9 are hidden, and if that hides exactly
/// one non-zero count while the set's total is shown, the next smallest non-zero count is
/// hidden too, so that no hidden count is the total minus the ones shown.
pub fn protect(values: &[i64], total_shown: bool) -> Vec<Count> {
    let mut counts: Vec<Count> = values.iter().map(|n| Count::of(*n)).collect();
    let hidden = counts.iter().filter(|c| **c == Count::Hidden).count();
    if hidden == 1 && total_shown {
        let next = values
            .iter()
            .enumerate()
            .filter(|(i, n)| **n > 0 && counts[*i] != Count::Hidden)
            .min_by_key(|(_, n)| **n)
            .map(|(i, _)| i);
        if let Some(i) = next {
            counts[i] = Count::Hidden;
        }
    }
    counts
}

/// The map as the public sees it: people reached per region, and per district within each
/// region, under the small-cell rule.
pub fn public_map(map: &MapData) -> MapData {
    let exact = |c: Count| match c {
        Count::Exact(n) => n,
        Count::Hidden => 0,
    };
    let mut out = map.clone();
    let regions: Vec<i64> = map.regions.iter().map(|p| exact(p.reached)).collect();
    for (place, count) in out.regions.iter_mut().zip(protect(&regions, true)) {
        place.reached = count;
    }
    for region in &out.regions {
        let shown = region.reached != Count::Hidden;
        let mine: Vec<usize> = (0..out.districts.len())
            .filter(|i| out.districts[*i].region_code == region.code)
            .collect();
        let values: Vec<i64> = mine
            .iter()
            .map(|i| exact(map.districts[*i].reached))
            .collect();
        for (i, count) in mine.iter().zip(protect(&values, shown)) {
            out.districts[*i].reached = count;
        }
    }
    out
}

/// The public figures of one selection: no counts of people below ten.
#[derive(Clone, Copy, Debug, PartialEq, Serialize, Deserialize)]
pub struct PublicFigures {
    pub tasks: i64,
    pub verified_share: Option<f64>,
    pub overdue: i64,
    pub reports_on_time_share: Option<f64>,
    pub reports: i64,
    pub activities: i64,
    pub reach: PublicReach,
}

impl PublicFigures {
    pub fn of(f: &Figures) -> PublicFigures {
        PublicFigures {
            tasks: f.tasks.total(),
            verified_share: f.tasks.verified_share(),
            overdue: f.tasks.overdue,
            reports_on_time_share: f.reports.on_time_share(),
            reports: f.reports.total(),
            activities: f.activities.activities,
            reach: PublicReach::of(&f.activities.reach),
        }
    }
}

/// A goal or objective on the public page.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct PublicConcept {
    pub code: String,
    pub level: Level,
    pub name: Trilingual,
    pub figures: PublicFigures,
}

impl PublicConcept {
    pub fn of(c: &ConceptFigures) -> PublicConcept {
        PublicConcept {
            code: c.code.clone(),
            level: c.level,
            name: c.name.clone(),
            figures: PublicFigures::of(&c.figures),
        }
    }
}

/// An activity its organisation marked public and the coordinating body verified: no
/// description, no partners, no files, and its reach under the small-cell rule.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct PublicActivity {
    pub id: ActivityId,
    pub title: String,
    pub activity_type: ActivityType,
    pub organization: Trilingual,
    pub start_date: Date,
    pub end_date: Date,
    pub region: Trilingual,
    pub reached: Option<Count>,
}

/// The public page.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct PublicPage {
    pub from: Period,
    pub to: Period,
    /// When the figures were read (they are cached for a few minutes).
    pub generated_at: OffsetDateTime,
    pub total: PublicFigures,
    /// Directions, goals and objectives in order.
    pub concept: Vec<PublicConcept>,
    pub indicators: Vec<IndicatorRow>,
    pub activities: Vec<PublicActivity>,
    /// Every region and district, people reached under the small-cell rule.
    pub map: MapData,
    /// The substances placed under national control, latest first.
    pub controlled: Vec<crate::domain::substances::views::ControlledSubstance>,
}

#[cfg(test)]
mod tests {
    use super::*;

    fn reach(total: i64, cells: [i64; 8]) -> PublicReach {
        PublicReach::of(&ReachCounts { total, cells })
    }

    #[test]
    fn one_to_nine_people_are_hidden_zero_and_ten_are_not() {
        assert_eq!(Count::of(0), Count::Exact(0));
        assert_eq!(Count::of(1), Count::Hidden);
        assert_eq!(Count::of(9), Count::Hidden);
        assert_eq!(Count::of(10), Count::Exact(10));
    }

    #[test]
    fn a_lone_hidden_cell_takes_the_next_smallest_with_it() {
        let r = reach(60, [30, 4, 0, 12, 14, 0, 0, 0]);
        assert_eq!(r.total, Count::Exact(60));
        assert_eq!(r.cells[1], Count::Hidden);
        // 12 is the next smallest non-zero cell: hidden too, so 4 cannot be worked out.
        assert_eq!(r.cells[3], Count::Hidden);
        assert_eq!(r.cells[0], Count::Exact(30));
        assert_eq!(r.cells[2], Count::Exact(0));
    }

    #[test]
    fn two_hidden_cells_or_a_hidden_total_need_nothing_more() {
        let r = reach(40, [3, 5, 0, 32, 0, 0, 0, 0]);
        assert_eq!(r.cells[3], Count::Exact(32));
        let r = reach(7, [7, 0, 0, 0, 0, 0, 0, 0]);
        assert_eq!(r.total, Count::Hidden);
        assert_eq!(r.cells[0], Count::Hidden);
        let r = reach(50, [20, 30, 0, 0, 0, 0, 0, 0]);
        assert!(r.cells.iter().all(|c| *c != Count::Hidden));
    }

    #[test]
    fn the_map_hides_small_reach_and_what_would_give_it_away() {
        use crate::domain::dashboard::map::{MapData, Place};
        let place = |code: &str, region: &str, reached: i64| Place {
            code: code.into(),
            name: Trilingual::default(),
            region_code: region.into(),
            latitude: 42.0,
            longitude: 74.0,
            tasks: 0,
            overdue: 0,
            activities: 0,
            reached: Count::Exact(reached),
            reports: 0,
            reports_on_time: 0,
        };
        let map = MapData {
            regions: vec![place("R1", "R1", 60), place("R2", "R2", 4)],
            districts: vec![
                place("D1", "R1", 3),
                place("D2", "R1", 12),
                place("D3", "R1", 45),
                place("D4", "R2", 4),
            ],
        };
        let public = public_map(&map);
        let reached: Vec<Count> = public.regions.iter().map(|p| p.reached).collect();
        // R2 is hidden, so the next smallest region is too.
        assert_eq!(reached, [Count::Hidden, Count::Hidden]);
        let reached: Vec<Count> = public.districts.iter().map(|p| p.reached).collect();
        // In R1 (hidden too) one small district alone; R2's only district is small.
        assert_eq!(
            reached,
            [
                Count::Hidden,
                Count::Exact(12),
                Count::Exact(45),
                Count::Hidden
            ]
        );
    }
}
