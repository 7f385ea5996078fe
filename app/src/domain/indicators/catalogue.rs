//! National indicators: which way is better, how often values are due, how a value may be
//! broken down, the review of entered values, and progress from the baseline towards the
//! target.

use crate::domain::tasks::fields::text_enum;
use serde::{Deserialize, Serialize};

text_enum!(
    indicators,
    /// Whether a rising or a falling value is progress.
    Direction {
        HigherBetter = "higher_better" => direction_higher,
        LowerBetter = "lower_better" => direction_lower,
    }
);

text_enum!(
    indicators,
    /// How often the responsible organisation enters a value.
    Frequency {
        Quarterly = "quarterly" => frequency_quarterly,
        HalfYearly = "half_yearly" => frequency_half_yearly,
        Yearly = "yearly" => frequency_yearly,
    }
);

impl Frequency {
    /// The length of its periods in months.
    pub fn months(self) -> u8 {
        match self {
            Frequency::Quarterly => 3,
            Frequency::HalfYearly => 6,
            Frequency::Yearly => 12,
        }
    }
}

text_enum!(
    indicators,
    /// Where an entered value stands.
    ValueStatus {
        Submitted = "submitted" => value_submitted,
        Accepted = "accepted" => value_accepted,
        Returned = "returned" => value_returned,
    }
);

text_enum!(
    indicators,
    /// A coordinator's decision on an entered value.
    ValueDecision {
        Accept = "accept" => move_accept,
        Return = "return" => move_return,
    }
);

impl ValueDecision {
    pub fn target(self) -> ValueStatus {
        match self {
            ValueDecision::Accept => ValueStatus::Accepted,
            ValueDecision::Return => ValueStatus::Returned,
        }
    }
}

/// Which part of the whole a value counts: the total, or one sex, age group or region.
#[derive(Clone, Debug, Default, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
pub struct Cut {
    /// `female` or `male`, or empty.
    pub sex: String,
    /// One of the report age groups, or empty.
    pub age_group: String,
    /// A region's code, or empty.
    pub region_code: String,
}

impl Cut {
    pub fn is_total(&self) -> bool {
        self.sex.is_empty() && self.age_group.is_empty() && self.region_code.is_empty()
    }
}

/// Which breakdowns an indicator has.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Breakdowns {
    pub by_sex: bool,
    pub by_age: bool,
    pub by_region: bool,
}

impl Breakdowns {
    /// Whether a value for `cut` fits: the total, or one breakdown the indicator has (a single
    /// dimension at a time).
    pub fn allows(self, cut: &Cut) -> bool {
        let dimensions = [
            !cut.sex.is_empty(),
            !cut.age_group.is_empty(),
            !cut.region_code.is_empty(),
        ];
        match dimensions {
            [false, false, false] => true,
            [true, false, false] => self.by_sex && matches!(cut.sex.as_str(), "female" | "male"),
            [false, true, false] => {
                self.by_age
                    && crate::domain::reports::inputs::AGE_GROUPS.contains(&cut.age_group.as_str())
            }
            [false, false, true] => self.by_region,
            _ => false,
        }
    }
}

/// How far `value` has come from `baseline` towards `target`, in percent, 0 to 100 (a value
/// that moved the wrong way is 0; beyond the target is 100). `None` if baseline and target are
/// the same.
pub fn progress(baseline: f64, target: f64, value: f64) -> Option<f64> {
    let span = target - baseline;
    if span.abs() < f64::EPSILON {
        return None;
    }
    Some(((value - baseline) / span * 100.0).clamp(0.0, 100.0))
}

/// Whether `value` is better than `baseline` in `direction`.
pub fn improved(direction: Direction, baseline: f64, value: f64) -> bool {
    match direction {
        Direction::HigherBetter => value > baseline,
        Direction::LowerBetter => value < baseline,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn progress_runs_from_baseline_to_target_either_way() {
        assert_eq!(
            progress(9000.0, 7000.0, 8000.0),
            Some(50.0),
            "falling towards a lower target"
        );
        assert_eq!(
            progress(9000.0, 7000.0, 9500.0),
            Some(0.0),
            "the wrong way is no progress"
        );
        assert_eq!(
            progress(9000.0, 7000.0, 6000.0),
            Some(100.0),
            "beyond the target is done"
        );
        assert_eq!(
            progress(40.0, 80.0, 50.0),
            Some(25.0),
            "rising towards a higher target"
        );
        assert_eq!(progress(5.0, 5.0, 6.0), None);
        assert!(improved(Direction::LowerBetter, 9000.0, 8900.0));
        assert!(!improved(Direction::HigherBetter, 40.0, 39.0));
    }

    #[test]
    fn a_value_fits_one_breakdown_the_indicator_has() {
        let sex_only = Breakdowns {
            by_sex: true,
            by_age: false,
            by_region: false,
        };
        let total = Cut::default();
        let female = Cut {
            sex: "female".into(),
            ..Cut::default()
        };
        let young = Cut {
            age_group: "18_29".into(),
            ..Cut::default()
        };
        let both = Cut {
            sex: "male".into(),
            age_group: "18_29".into(),
            ..Cut::default()
        };
        assert!(sex_only.allows(&total));
        assert!(sex_only.allows(&female));
        assert!(!sex_only.allows(&young));
        let all = Breakdowns {
            by_sex: true,
            by_age: true,
            by_region: true,
        };
        assert!(all.allows(&young));
        assert!(!all.allows(&both), "one dimension at a time");
        assert!(!all.allows(&Cut {
            sex: "other".into(),
            ..Cut::default()
        }));
        assert!(!all.allows(&Cut {
            age_group: "60_plus".into(),
            ..Cut::default()
        }));
        assert!(total.is_total() && !female.is_total());
        assert_eq!(Frequency::HalfYearly.months(), 6);
    }
}
