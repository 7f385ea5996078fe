//! Parsing the indicator form (the catalogue entry) and the value form (one value for a
//! period and a breakdown, with its source). Every problem is reported at once, with what was
//! typed.

use crate::domain::indicators::catalogue::{Breakdowns, Cut, Direction, Frequency};
use crate::domain::inputs::{check, choice, optional_code, text};
use crate::domain::numbers::parse_whole;
use crate::domain::reports::inputs::parse_quantity;
use crate::domain::tasks::inputs::{TEXT_MAX, TITLE_MAX, parse_date};
use crate::domain::views::Trilingual;
use crate::error::{AppError, FormErrors, Problem};
use crate::i18n::Lang;
use serde::{Deserialize, Serialize};
use time::Date;

/// What the indicator form sends.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct IndicatorForm {
    pub code: String,
    pub name_ky: String,
    pub name_ru: String,
    pub name_en: String,
    pub unit_ky: String,
    pub unit_ru: String,
    pub unit_en: String,
    pub objective_code: String,
    pub direction: String,
    pub baseline_value: String,
    pub baseline_year: String,
    pub target_value: String,
    pub target_year: String,
    pub organization_id: String,
    pub frequency: String,
    #[serde(with = "crate::domain::inputs::checkbox")]
    pub by_sex: bool,
    #[serde(with = "crate::domain::inputs::checkbox")]
    pub by_age: bool,
    #[serde(with = "crate::domain::inputs::checkbox")]
    pub by_region: bool,
}

/// A valid catalogue entry (the objective and organisation are checked on save).
#[derive(Clone, Debug, PartialEq)]
pub struct IndicatorInput {
    pub code: String,
    pub name: Trilingual,
    pub unit: Trilingual,
    pub objective_code: String,
    pub direction: Direction,
    pub baseline: (f64, i32),
    pub target: (f64, i32),
    pub organization_id: i64,
    pub frequency: Frequency,
    pub breakdowns: Breakdowns,
}

impl IndicatorForm {
    pub fn values(&self) -> Vec<(&'static str, &str)> {
        let flag = |b: bool| if b { "on" } else { "" };
        vec![
            ("code", &self.code),
            ("name_ky", &self.name_ky),
            ("name_ru", &self.name_ru),
            ("name_en", &self.name_en),
            ("unit_ky", &self.unit_ky),
            ("unit_ru", &self.unit_ru),
            ("unit_en", &self.unit_en),
            ("objective_code", &self.objective_code),
            ("direction", &self.direction),
            ("baseline_value", &self.baseline_value),
            ("baseline_year", &self.baseline_year),
            ("target_value", &self.target_value),
            ("target_year", &self.target_year),
            ("organization_id", &self.organization_id),
            ("frequency", &self.frequency),
            ("by_sex", flag(self.by_sex)),
            ("by_age", flag(self.by_age)),
            ("by_region", flag(self.by_region)),
        ]
    }

    pub fn fail(&self, errors: FormErrors) -> AppError {
        AppError::Invalid(errors.with_values(self.values()))
    }
}

fn year(raw: &str) -> Result<i32, Problem> {
    // Years are written without grouping in every language.
    match parse_whole(raw, Lang::Ru)? {
        None => Err(Problem::Required),
        Some(y) if (2000..=2100).contains(&y) => Ok(y as i32),
        Some(_) => Err(Problem::InvalidNumber),
    }
}

fn number(raw: &str, lang: Lang) -> Result<f64, Problem> {
    parse_quantity(raw, lang)?.ok_or(Problem::Required)
}

impl IndicatorInput {
    /// Parses the form as typed in `lang`.
    pub fn parse(form: &IndicatorForm, lang: Lang) -> Result<IndicatorInput, AppError> {
        let mut e = FormErrors::new();
        let code = check(&mut e, "code", text(&form.code, 20, true)).flatten();
        let mut name =
            |field: &str, raw: &str| check(&mut e, field, text(raw, TITLE_MAX, false)).flatten();
        let (name_ky, name_ru, name_en) = (
            name("name_ky", &form.name_ky),
            name("name_ru", &form.name_ru),
            name("name_en", &form.name_en),
        );
        let (unit_ky, unit_ru, unit_en) = (
            name("unit_ky", &form.unit_ky),
            name("unit_ru", &form.unit_ru),
            name("unit_en", &form.unit_en),
        );
        if name_ky.is_none() && name_ru.is_none() && name_en.is_none() {
            e.add("name_ru", Problem::Required);
        }
        let objective_code = check(
            &mut e,
            "objective_code",
            choice(&form.objective_code, |c| {
                let c = c.trim();
                c.strip_prefix('O')
                    .and_then(|n| n.parse::<u8>().ok())
                    .filter(|n| (1..=9).contains(n))
                    .map(|_| c.to_owned())
            }),
        );
        let direction = check(
            &mut e,
            "direction",
            choice(&form.direction, Direction::parse),
        );
        let baseline_value = check(&mut e, "baseline_value", number(&form.baseline_value, lang));
        let baseline_year = check(&mut e, "baseline_year", year(&form.baseline_year));
        let target_value = check(&mut e, "target_value", number(&form.target_value, lang));
        let target_year = check(&mut e, "target_year", year(&form.target_year));
        if let (Some(b), Some(t)) = (baseline_year, target_year)
            && t < b
        {
            e.add("target_year", Problem::DueBeforeStart);
        }
        let organization_id = check(
            &mut e,
            "organization_id",
            choice(&form.organization_id, |o| {
                o.trim().parse::<i64>().ok().filter(|o| *o > 0)
            }),
        );
        let frequency = check(
            &mut e,
            "frequency",
            choice(&form.frequency, Frequency::parse),
        );
        match (
            code,
            objective_code,
            direction,
            baseline_value,
            baseline_year,
            target_value,
            target_year,
            organization_id,
            frequency,
        ) {
            (
                Some(code),
                Some(objective_code),
                Some(direction),
                Some(bv),
                Some(by),
                Some(tv),
                Some(ty),
                Some(organization_id),
                Some(frequency),
            ) if e.is_empty() => Ok(IndicatorInput {
                code,
                name: Trilingual {
                    ky: name_ky.unwrap_or_default(),
                    ru: name_ru.unwrap_or_default(),
                    en: name_en.unwrap_or_default(),
                },
                unit: Trilingual {
                    ky: unit_ky.unwrap_or_default(),
                    ru: unit_ru.unwrap_or_default(),
                    en: unit_en.unwrap_or_default(),
                },
                objective_code,
                direction,
                baseline: (bv, by),
                target: (tv, ty),
                organization_id,
                frequency,
                breakdowns: Breakdowns {
                    by_sex: form.by_sex,
                    by_age: form.by_age,
                    by_region: form.by_region,
                },
            }),
            _ => Err(form.fail(e)),
        }
    }
}

/// What the value form sends: the period's first day, the breakdown (`total`, `sex:female`,
/// `age:18_29`, `region:KG…`), the value and its source.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct ValueForm {
    pub period: String,
    pub cut: String,
    pub value: String,
    pub source_note: String,
}

/// A valid value to save for an indicator.
#[derive(Clone, Debug, PartialEq)]
pub struct ValueInput {
    pub period_start: Date,
    pub cut: Cut,
    pub value: f64,
    pub source_note: String,
}

/// Parses a breakdown as the value form names it.
pub fn parse_cut(raw: &str) -> Option<Cut> {
    let raw = raw.trim();
    if raw.is_empty() || raw == "total" {
        return Some(Cut::default());
    }
    let (kind, value) = raw.split_once(':')?;
    match kind {
        "sex" => Some(Cut {
            sex: value.to_owned(),
            ..Cut::default()
        }),
        "age" => Some(Cut {
            age_group: value.to_owned(),
            ..Cut::default()
        }),
        "region" => optional_code(value).ok().flatten().map(|code| Cut {
            region_code: code,
            ..Cut::default()
        }),
        _ => None,
    }
}

/// The value form's name for a breakdown.
pub fn cut_param(cut: &Cut) -> String {
    if !cut.sex.is_empty() {
        format!("sex:{}", cut.sex)
    } else if !cut.age_group.is_empty() {
        format!("age:{}", cut.age_group)
    } else if !cut.region_code.is_empty() {
        format!("region:{}", cut.region_code)
    } else {
        "total".to_owned()
    }
}

impl ValueInput {
    /// Parses the form for an indicator with `breakdowns`.
    pub fn parse(
        form: &ValueForm,
        breakdowns: Breakdowns,
        lang: Lang,
    ) -> Result<ValueInput, AppError> {
        let mut e = FormErrors::new();
        let period_start = check(&mut e, "period", parse_date(&form.period));
        let cut = check(
            &mut e,
            "cut",
            parse_cut(&form.cut)
                .filter(|c| breakdowns.allows(c))
                .ok_or(Problem::UnknownChoice),
        );
        let value = check(&mut e, "value", number(&form.value, lang));
        let source_note = check(
            &mut e,
            "source_note",
            text(&form.source_note, TEXT_MAX, true),
        )
        .flatten();
        match (period_start, cut, value, source_note) {
            (Some(period_start), Some(cut), Some(value), Some(source_note)) => Ok(ValueInput {
                period_start,
                cut,
                value,
                source_note,
            }),
            _ => Err(AppError::Invalid(e.with_values([
                ("period", form.period.as_str()),
                ("cut", form.cut.as_str()),
                ("value", form.value.as_str()),
                ("source_note", form.source_note.as_str()),
            ]))),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn form() -> IndicatorForm {
        IndicatorForm {
            code: "I-01".into(),
            name_ru: "Число лиц, состоящих на учёте".into(),
            unit_ru: "человек".into(),
            objective_code: "O5".into(),
            direction: "lower_better".into(),
            baseline_value: "9 000".into(),
            baseline_year: "2023".into(),
            target_value: "7500".into(),
            target_year: "2030".into(),
            organization_id: "4".into(),
            frequency: "quarterly".into(),
            by_sex: true,
            ..IndicatorForm::default()
        }
    }

    #[test]
    fn a_catalogue_entry_parses() {
        let input = IndicatorInput::parse(&form(), Lang::Ru).expect("valid");
        assert_eq!(input.baseline, (9000.0, 2023));
        assert_eq!(input.direction, Direction::LowerBetter);
        assert!(input.breakdowns.by_sex && !input.breakdowns.by_age);
    }

    #[test]
    fn catalogue_problems_are_named_and_typed_values_kept() {
        let mut f = form();
        f.target_year = "2020".into();
        f.name_ru.clear();
        f.objective_code = "O12".into();
        let Err(AppError::Invalid(errors)) = IndicatorInput::parse(&f, Lang::Ru) else {
            panic!("invalid")
        };
        assert_eq!(errors.problem("target_year"), Some(Problem::DueBeforeStart));
        assert_eq!(errors.problem("name_ru"), Some(Problem::Required));
        assert_eq!(
            errors.problem("objective_code"),
            Some(Problem::UnknownChoice)
        );
        assert_eq!(errors.value("baseline_value"), Some("9 000"));
    }

    #[test]
    fn values_take_a_breakdown_the_indicator_has() {
        let by_sex = Breakdowns {
            by_sex: true,
            ..Breakdowns::default()
        };
        let value = |cut: &str| {
            ValueInput::parse(
                &ValueForm {
                    period: "2026-07-01".into(),
                    cut: cut.into(),
                    value: "8 850".into(),
                    source_note: "Регистр наркологической службы".into(),
                },
                by_sex,
                Lang::Ru,
            )
        };
        assert_eq!(value("total").map(|v| v.value), Ok(8850.0));
        assert_eq!(value("sex:female").map(|v| v.cut.sex), Ok("female".into()));
        assert!(value("age:18_29").is_err());
        assert!(value("region:../../x").is_err());
        assert_eq!(
            parse_cut("region:KG08000000000").map(|c| cut_param(&c)),
            Some("region:KG08000000000".into())
        );
        let blank = ValueInput::parse(
            &ValueForm {
                period: "2026-07-01".into(),
                cut: "total".into(),
                value: "1".into(),
                source_note: " ".into(),
            },
            by_sex,
            Lang::Ru,
        );
        let Err(AppError::Invalid(errors)) = blank else {
            panic!()
        };
        assert_eq!(errors.problem("source_note"), Some(Problem::Required));
    }
}
