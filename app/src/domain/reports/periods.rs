//! The reporting calendar: periods of 1, 3, 6 or 12 months starting in January, each with a
//! submission deadline a number of days after it ends. All dates are calendar dates in Bishkek.

use serde::{Deserialize, Serialize};
use time::{Date, Duration, Month};

/// How the administrator has set reporting up.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Calendar {
    /// The length of a period in months: 1, 3 (the default), 6 or 12.
    pub period_months: u8,
    /// Reports are due this many days after their period ends.
    pub deadline_days: u16,
}

impl Default for Calendar {
    fn default() -> Self {
        Calendar {
            period_months: 3,
            deadline_days: 15,
        }
    }
}

/// The period lengths the calendar allows.
pub const PERIOD_MONTHS: [u8; 4] = [1, 3, 6, 12];
/// The longest deadline after a period's end, in days.
pub const DEADLINE_DAYS_MAX: u16 = 90;

/// One reporting period: its first and last day and the day reports on it are due.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
pub struct Period {
    pub start: Date,
    pub end: Date,
    pub deadline: Date,
}

/// The first day of a month, `month0` months (0-based, may pass December) into `year`; the
/// calendar's last day past its end, so that arithmetic at the edges never overflows.
fn first_of(year: i32, month0: u8) -> Date {
    let month = Month::try_from(month0 % 12 + 1).unwrap_or(Month::January);
    let year = year.saturating_add(i32::from(month0 / 12));
    Date::from_calendar_date(year, month, 1).unwrap_or(if year > 0 { Date::MAX } else { Date::MIN })
}

impl Calendar {
    /// Whether both settings are among the allowed values.
    pub fn is_valid(self) -> bool {
        PERIOD_MONTHS.contains(&self.period_months) && self.deadline_days <= DEADLINE_DAYS_MAX
    }

    /// The period `date` falls in.
    pub fn period_of(self, date: Date) -> Period {
        let months = self.period_months.max(1);
        let month0 = u8::from(date.month()) - 1;
        let start0 = month0 - month0 % months;
        let start = first_of(date.year(), start0);
        let after = first_of(date.year(), start0 + months);
        let end = if after == Date::MAX {
            Date::MAX
        } else {
            after.saturating_sub(Duration::days(1))
        };
        Period {
            start,
            end,
            deadline: end.saturating_add(Duration::days(i64::from(self.deadline_days))),
        }
    }

    /// The period starting on `start`, if a period of this calendar starts that day.
    pub fn period_starting(self, start: Date) -> Option<Period> {
        let period = self.period_of(start);
        (period.start == start).then_some(period)
    }

    /// The period before `period` (the first one itself at the calendar's very start).
    pub fn previous(self, period: Period) -> Period {
        self.period_of(period.start.saturating_sub(Duration::days(1)))
    }

    /// The period after `period` (the last one itself at the calendar's very end).
    pub fn next(self, period: Period) -> Period {
        self.period_of(period.end.saturating_add(Duration::days(1)))
    }

    /// The latest period that has ended by `today`: the one reports are due on now.
    pub fn last_ended(self, today: Date) -> Period {
        self.previous(self.period_of(today))
    }

    /// The periods from the one holding `from` to the one holding `to`, oldest first.
    pub fn periods_between(self, from: Date, to: Date) -> Vec<Period> {
        let mut periods = Vec::new();
        let mut period = self.period_of(from);
        while period.start <= to {
            periods.push(period);
            let next = self.next(period);
            if next.start <= period.start {
                break;
            }
            period = next;
        }
        periods
    }
}

impl Period {
    /// A short name: `2026` for a year, `2026 H2`, `2026 Q3`, or `2026-07` for a month.
    pub fn label(&self) -> String {
        let year = self.start.year();
        let first = u8::from(self.start.month());
        let months = (i32::from(u8::from(self.end.month())) - i32::from(first)) + 1;
        match months {
            12 => format!("{year}"),
            6 => format!("{year} H{}", (first - 1) / 6 + 1),
            3 => format!("{year} Q{}", (first - 1) / 3 + 1),
            _ => format!("{year}-{first:02}"),
        }
    }

    /// Whether something submitted on `day` is late.
    pub fn is_late_on(&self, day: Date) -> bool {
        day > self.deadline
    }

    /// Whether a task running from `start` to `due` overlaps this period.
    pub fn overlaps(&self, start: Date, due: Date) -> bool {
        start <= self.end && due >= self.start
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use time::macros::date;

    fn quarterly() -> Calendar {
        Calendar::default()
    }

    #[test]
    fn quarters_run_from_january_and_end_on_their_last_day() {
        let q = quarterly().period_of(date!(2026 - 08 - 15));
        assert_eq!(q.start, date!(2026 - 07 - 01));
        assert_eq!(q.end, date!(2026 - 09 - 30));
        assert_eq!(q.deadline, date!(2026 - 10 - 15));
        assert_eq!(q.label(), "2026 Q3");
        let q4 = quarterly().period_of(date!(2026 - 12 - 31));
        assert_eq!(
            (q4.start, q4.end),
            (date!(2026 - 10 - 01), date!(2026 - 12 - 31))
        );
        assert_eq!(q4.deadline, date!(2027 - 01 - 15));
    }

    #[test]
    fn the_first_and_last_day_belong_to_their_own_period() {
        let c = quarterly();
        assert_eq!(c.period_of(date!(2026 - 07 - 01)).label(), "2026 Q3");
        assert_eq!(c.period_of(date!(2026 - 06 - 30)).label(), "2026 Q2");
        assert_eq!(c.last_ended(date!(2026 - 07 - 01)).label(), "2026 Q2");
        assert_eq!(c.last_ended(date!(2026 - 06 - 30)).label(), "2026 Q1");
        assert_eq!(c.last_ended(date!(2026 - 01 - 01)).label(), "2025 Q4");
    }

    #[test]
    fn other_period_lengths() {
        let monthly = Calendar {
            period_months: 1,
            deadline_days: 0,
        };
        let feb = monthly.period_of(date!(2028 - 02 - 10));
        assert_eq!(feb.end, date!(2028 - 02 - 29), "leap year");
        assert_eq!(feb.deadline, feb.end);
        assert_eq!(feb.label(), "2028-02");
        let half = Calendar {
            period_months: 6,
            deadline_days: 30,
        };
        assert_eq!(half.period_of(date!(2026 - 07 - 01)).label(), "2026 H2");
        let year = Calendar {
            period_months: 12,
            deadline_days: 31,
        };
        let y = year.period_of(date!(2026 - 03 - 03));
        assert_eq!(
            (y.start, y.end),
            (date!(2026 - 01 - 01), date!(2026 - 12 - 31))
        );
        assert_eq!(y.deadline, date!(2027 - 01 - 31));
        assert_eq!(y.label(), "2026");
    }

    #[test]
    fn stepping_and_ranges() {
        let c = quarterly();
        let q1 = c.period_of(date!(2026 - 02 - 01));
        assert_eq!(c.previous(q1).label(), "2025 Q4");
        assert_eq!(c.next(c.previous(q1)), q1);
        let all = c.periods_between(date!(2023 - 01 - 01), date!(2026 - 12 - 31));
        assert_eq!(all.len(), 16);
        assert_eq!(all[0].label(), "2023 Q1");
        assert_eq!(all[15].label(), "2026 Q4");
        assert_eq!(
            c.period_starting(date!(2026 - 04 - 01)).map(|p| p.label()),
            Some("2026 Q2".into())
        );
        assert_eq!(c.period_starting(date!(2026 - 04 - 02)), None);
    }

    #[test]
    fn lateness_and_overlap_count_whole_days() {
        let q = quarterly().period_of(date!(2026 - 08 - 15));
        assert!(!q.is_late_on(date!(2026 - 10 - 15)));
        assert!(q.is_late_on(date!(2026 - 10 - 16)));
        assert!(q.overlaps(date!(2026 - 09 - 30), date!(2026 - 12 - 01)));
        assert!(!q.overlaps(date!(2026 - 10 - 01), date!(2026 - 12 - 01)));
        assert!(q.overlaps(date!(2026 - 01 - 01), date!(2026 - 07 - 01)));
        assert!(!q.overlaps(date!(2026 - 01 - 01), date!(2026 - 06 - 30)));
    }

    #[test]
    fn only_allowed_settings_are_valid() {
        assert!(quarterly().is_valid());
        assert!(
            !Calendar {
                period_months: 2,
                deadline_days: 10
            }
            .is_valid()
        );
        assert!(
            !Calendar {
                period_months: 3,
                deadline_days: 91
            }
            .is_valid()
        );
    }

    #[test]
    fn arithmetic_at_the_calendars_edges_never_overflows() {
        for calendar in PERIOD_MONTHS.map(|m| Calendar {
            period_months: m,
            deadline_days: DEADLINE_DAYS_MAX,
        }) {
            for day in [
                Date::MAX,
                Date::MIN,
                date!(9999 - 12 - 31),
                date!(-9999 - 01 - 01),
            ] {
                let period = calendar.period_of(day);
                assert!(
                    period.start <= day && day <= period.end,
                    "{day} in {period:?}"
                );
                let _ = calendar.previous(period);
                let _ = calendar.next(period);
                let _ = calendar.last_ended(day);
            }
            assert_eq!(calendar.periods_between(Date::MAX, Date::MAX).len(), 1);
            assert!(
                !calendar
                    .periods_between(date!(9999 - 01 - 01), Date::MAX)
                    .is_empty()
            );
        }
    }
}
