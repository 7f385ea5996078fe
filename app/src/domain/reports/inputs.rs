//! Parsers for a progress report as typed: percent complete, what was done and achieved, the
//! quantity against the task's target, people reached by sex and age group, problems and
//! support needed. A draft may be partial; submitting needs the percent and what was done.
//! Every problem is reported at once by field name, with what was typed kept.

use crate::domain::inputs::{check, choice, text};
use crate::domain::numbers::{parse_decimal, parse_whole};
use crate::domain::tasks::fields::EnforcementFocus;
use crate::domain::tasks::inputs::TEXT_MAX;
use crate::error::{AppError, FormErrors, Problem};
use crate::i18n::Lang;
use serde::{Deserialize, Serialize};

/// The age groups people reached are counted in.
pub const AGE_GROUPS: [&str; 4] = ["under_18", "18_29", "30_49", "50_plus"];

/// The form fields of the breakdown cells: female under 18 … 50 and over, then male.
pub const CELL_FIELDS: [&str; 8] = [
    "female_under_18",
    "female_18_29",
    "female_30_49",
    "female_50_plus",
    "male_under_18",
    "male_18_29",
    "male_30_49",
    "male_50_plus",
];

/// The form field of one breakdown cell, e.g. `female_18_29`.
pub fn cell_field(sex: usize, age: usize) -> &'static str {
    CELL_FIELDS[sex * 4 + age]
}

/// People reached: a total and a breakdown by sex and age group (female cells first), any of
/// which may be unknown. The breakdown never adds up to more than the total.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Reach {
    pub total: Option<i64>,
    pub cells: [Option<i64>; 8],
}

impl Reach {
    /// The sum of the known cells.
    pub fn breakdown_sum(&self) -> i64 {
        self.cells.iter().flatten().sum()
    }

    /// The sum of one sex's known cells (0 female, 1 male).
    pub fn sex_sum(&self, sex: usize) -> i64 {
        self.cells[sex * 4..sex * 4 + 4].iter().flatten().sum()
    }

    pub fn is_empty(&self) -> bool {
        self.total.is_none() && self.cells.iter().all(Option::is_none)
    }
}

/// The largest count of people or quantity accepted in one field.
pub const COUNT_MAX: i64 = 100_000_000;

/// A whole number of people, 0 or more, as typed in `lang`; blank is unknown.
pub fn parse_count(raw: &str, lang: Lang) -> Result<Option<i64>, Problem> {
    match parse_whole(raw, lang)? {
        Some(n) if !(0..=COUNT_MAX).contains(&n) => Err(Problem::InvalidNumber),
        n => Ok(n),
    }
}

/// A quantity, 0 or more, as typed in `lang`; blank is none.
pub fn parse_quantity(raw: &str, lang: Lang) -> Result<Option<f64>, Problem> {
    match parse_decimal(raw, lang)? {
        Some(n) if !(0.0..=COUNT_MAX as f64).contains(&n) => Err(Problem::InvalidNumber),
        n => Ok(n),
    }
}

/// Parses the people-reached fields of a form (`reached_total` and the eight cells, by the
/// names [`cell_field`] gives) into `errors`. A blank total with a breakdown takes the sum.
pub fn parse_reach(errors: &mut FormErrors, total: &str, cells: &[String; 8], lang: Lang) -> Reach {
    let mut reach = Reach {
        total: check(errors, "reached_total", parse_count(total, lang)).flatten(),
        cells: [None; 8],
    };
    for (i, raw) in cells.iter().enumerate() {
        reach.cells[i] = check(errors, CELL_FIELDS[i], parse_count(raw, lang)).flatten();
    }
    match reach.total {
        Some(total) if reach.breakdown_sum() > total => {
            errors.add("reached_total", Problem::BreakdownExceedsTotal)
        }
        None if reach.cells.iter().any(Option::is_some) => {
            reach.total = Some(reach.breakdown_sum())
        }
        _ => {}
    }
    reach
}

/// What the report form sends.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct ReportForm {
    pub percent_complete: String,
    pub work_done: String,
    pub results: String,
    pub result_value: String,
    pub reached_total: String,
    /// female under 18, 18–29, 30–49, 50+, then male in the same order.
    pub cells: [String; 8],
    pub problems: String,
    pub support_needed: String,
    /// What the period's work was aimed at (reports on enforcement tasks).
    pub enforcement_focus: String,
    /// `save` keeps a draft; `submit` sends it for review.
    pub intent: String,
}

/// A valid report's content.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct ReportInput {
    pub percent_complete: Option<i64>,
    pub work_done: String,
    pub results: String,
    pub result_value: Option<f64>,
    pub reach: Reach,
    pub problems: String,
    pub support_needed: String,
    pub enforcement_focus: Option<EnforcementFocus>,
    pub submit: bool,
}

impl ReportForm {
    /// Sets one of the form's fields by its name; unknown names are ignored.
    pub fn set(&mut self, name: &str, value: String) {
        match name {
            "percent_complete" => self.percent_complete = value,
            "work_done" => self.work_done = value,
            "results" => self.results = value,
            "result_value" => self.result_value = value,
            "reached_total" => self.reached_total = value,
            "problems" => self.problems = value,
            "support_needed" => self.support_needed = value,
            "enforcement_focus" => self.enforcement_focus = value,
            "intent" => self.intent = value,
            other => {
                if let Some(i) = CELL_FIELDS.iter().position(|f| *f == other) {
                    self.cells[i] = value;
                }
            }
        }
    }

    /// What the user typed, to show again after a failed submit.
    pub fn values(&self) -> Vec<(String, String)> {
        let mut values = vec![
            ("percent_complete".to_owned(), self.percent_complete.clone()),
            ("work_done".to_owned(), self.work_done.clone()),
            ("results".to_owned(), self.results.clone()),
            ("result_value".to_owned(), self.result_value.clone()),
            ("reached_total".to_owned(), self.reached_total.clone()),
            ("problems".to_owned(), self.problems.clone()),
            ("support_needed".to_owned(), self.support_needed.clone()),
            (
                "enforcement_focus".to_owned(),
                self.enforcement_focus.clone(),
            ),
        ];
        for (i, cell) in self.cells.iter().enumerate() {
            values.push((CELL_FIELDS[i].to_owned(), cell.clone()));
        }
        values
    }

    /// These errors, with what the user typed.
    pub fn fail(&self, errors: FormErrors) -> AppError {
        AppError::Invalid(errors.with_owned_values(self.values()))
    }
}

fn percent(raw: &str, required: bool, lang: Lang) -> Result<Option<i64>, Problem> {
    let raw = raw.trim().trim_end_matches('%').trim();
    match parse_whole(raw, lang) {
        Ok(None) if required => Err(Problem::Required),
        Ok(None) => Ok(None),
        Ok(Some(n)) if (0..=100).contains(&n) => Ok(Some(n)),
        _ => Err(Problem::PercentOutOfRange),
    }
}

impl ReportInput {
    /// Parses the form as typed in `lang`; submitting needs the percent complete and what was
    /// done.
    pub fn parse(form: &ReportForm, lang: Lang) -> Result<ReportInput, AppError> {
        let submit = match form.intent.trim() {
            "submit" => true,
            "save" | "" => false,
            _ => return Err(AppError::BadRequest),
        };
        let mut errors = FormErrors::new();
        let long = |raw: &str, required: bool| {
            text(raw, TEXT_MAX, required).map(Option::unwrap_or_default)
        };
        let percent_complete = check(
            &mut errors,
            "percent_complete",
            percent(&form.percent_complete, submit, lang),
        )
        .flatten();
        let work_done = check(&mut errors, "work_done", long(&form.work_done, submit));
        let results = check(&mut errors, "results", long(&form.results, false));
        let result_value = check(
            &mut errors,
            "result_value",
            parse_quantity(&form.result_value, lang),
        )
        .flatten();
        let reach = parse_reach(&mut errors, &form.reached_total, &form.cells, lang);
        let problems = check(&mut errors, "problems", long(&form.problems, false));
        let support_needed = check(
            &mut errors,
            "support_needed",
            long(&form.support_needed, false),
        );
        let enforcement_focus = if form.enforcement_focus.trim().is_empty() {
            None
        } else {
            check(
                &mut errors,
                "enforcement_focus",
                choice(&form.enforcement_focus, EnforcementFocus::parse),
            )
        };
        if !errors.is_empty() {
            return Err(form.fail(errors));
        }
        Ok(ReportInput {
            percent_complete,
            work_done: work_done.unwrap_or_default(),
            results: results.unwrap_or_default(),
            result_value,
            reach,
            problems: problems.unwrap_or_default(),
            support_needed: support_needed.unwrap_or_default(),
            enforcement_focus,
            submit,
        })
    }

    /// The form showing this content again (for editing a saved draft).
    pub fn to_form(&self) -> ReportForm {
        let count = |n: Option<i64>| n.map(|n| n.to_string()).unwrap_or_default();
        ReportForm {
            percent_complete: count(self.percent_complete),
            work_done: self.work_done.clone(),
            results: self.results.clone(),
            result_value: self.result_value.map(|v| v.to_string()).unwrap_or_default(),
            reached_total: count(self.reach.total),
            cells: self.reach.cells.map(count),
            problems: self.problems.clone(),
            support_needed: self.support_needed.clone(),
            enforcement_focus: self
                .enforcement_focus
                .map(|f| f.as_str().to_owned())
                .unwrap_or_default(),
            intent: String::new(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn form(intent: &str) -> ReportForm {
        ReportForm {
            percent_complete: "40".into(),
            work_done: "Two school sessions held".into(),
            reached_total: "120".into(),
            cells: ["30", "10", "", "", "40", "20", "", ""].map(String::from),
            intent: intent.into(),
            ..ReportForm::default()
        }
    }

    fn problem(form: &ReportForm, field: &str) -> Option<Problem> {
        match ReportInput::parse(form, Lang::Ru) {
            Err(AppError::Invalid(errors)) => errors.problem(field),
            _ => None,
        }
    }

    #[test]
    fn a_complete_report_parses() {
        let input = ReportInput::parse(&form("submit"), Lang::Ru).expect("valid");
        assert_eq!(input.percent_complete, Some(40));
        assert_eq!(input.reach.total, Some(120));
        assert_eq!(input.reach.breakdown_sum(), 100);
        assert_eq!(input.reach.sex_sum(0), 40);
        assert_eq!(input.reach.sex_sum(1), 60);
        assert!(input.submit);
        assert_eq!(
            ReportInput::parse(&input.to_form(), Lang::Ru).map(|i| i.reach),
            Ok(input.reach)
        );
    }

    #[test]
    fn the_breakdown_never_exceeds_the_total() {
        let mut f = form("save");
        f.reached_total = "99".into();
        assert_eq!(
            problem(&f, "reached_total"),
            Some(Problem::BreakdownExceedsTotal)
        );
        f.reached_total = "100".into();
        assert!(ReportInput::parse(&f, Lang::Ru).is_ok());
        f.reached_total = String::new();
        assert_eq!(
            ReportInput::parse(&f, Lang::Ru).map(|i| i.reach.total),
            Ok(Some(100)),
            "the sum stands in for a blank total"
        );
    }

    #[test]
    fn drafts_may_be_partial_but_submissions_may_not() {
        let blank = ReportForm {
            intent: "save".into(),
            ..ReportForm::default()
        };
        assert!(ReportInput::parse(&blank, Lang::Ru).is_ok());
        let blank = ReportForm {
            intent: "submit".into(),
            ..ReportForm::default()
        };
        assert_eq!(problem(&blank, "percent_complete"), Some(Problem::Required));
        assert_eq!(problem(&blank, "work_done"), Some(Problem::Required));
    }

    #[test]
    fn numbers_are_checked_and_kept_when_wrong() {
        let mut f = form("save");
        f.percent_complete = "140".into();
        f.cells[2] = "-3".into();
        f.result_value = "12,5".into();
        assert_eq!(
            problem(&f, "percent_complete"),
            Some(Problem::PercentOutOfRange)
        );
        assert_eq!(problem(&f, "female_30_49"), Some(Problem::InvalidNumber));
        let Err(AppError::Invalid(errors)) = ReportInput::parse(&f, Lang::Ru) else {
            panic!("invalid")
        };
        assert_eq!(errors.value("female_30_49"), Some("-3"));
        assert_eq!(errors.value("percent_complete"), Some("140"));
        f.percent_complete = "55 %".into();
        f.cells[2] = String::new();
        assert_eq!(
            ReportInput::parse(&f, Lang::Ru).map(|i| (i.percent_complete, i.result_value)),
            Ok((Some(55), Some(12.5)))
        );
        assert_eq!(parse_count("1 200", Lang::Ru), Ok(Some(1200)));
        assert_eq!(parse_count("1,5", Lang::Ru), Err(Problem::InvalidNumber));
        assert_eq!(parse_quantity("NaN", Lang::En), Err(Problem::InvalidNumber));
    }

    #[test]
    fn a_forged_intent_is_a_bad_request() {
        assert_eq!(
            ReportInput::parse(&form("publish"), Lang::Ru),
            Err(AppError::BadRequest)
        );
    }

    #[test]
    fn fields_are_set_by_name() {
        let mut f = ReportForm::default();
        f.set("male_50_plus", "7".into());
        f.set("work_done", "x".into());
        f.set("unknown", "y".into());
        assert_eq!(f.cells[7], "7");
        assert_eq!(f.work_done, "x");
    }
}
