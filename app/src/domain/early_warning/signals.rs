//! Parsing a signal (first information): when and where, from which source, what was seen,
//! how many poisonings and deaths (counts only), the substance if it is known, and what
//! happened, in free text that must hold nothing personal. Every problem is reported at once,
//! beside its field, with what was typed.

use super::kinds::{AmountUnit, SeenForm, SignalSource};
use super::personal::refuse_personal;
use crate::domain::ids::SubstanceId;
use crate::domain::inputs::{check, choice, optional_code, text};
use crate::domain::numbers::{parse_decimal, parse_whole};
use crate::domain::tasks::inputs::parse_date;
use crate::error::{AppError, FormErrors, Problem};
use crate::i18n::Lang;
use serde::{Deserialize, Serialize};
use time::Date;

/// The longest description of a signal.
pub const DESCRIPTION_MAX: usize = 4000;
/// The most poisonings or deaths one signal counts.
pub const COUNT_MAX: i64 = 100_000;
/// The oldest signal: first information older than this is history, not a warning.
pub const EARLIEST_YEAR: i32 = 2000;

/// What the signal form sends.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct SignalForm {
    pub observed_on: String,
    pub source: String,
    pub region_code: String,
    pub district_code: String,
    pub form: String,
    pub amount: String,
    pub amount_unit: String,
    pub poisonings: String,
    pub deaths: String,
    /// A substance's id, or empty for "unidentified".
    pub substance_id: String,
    pub description: String,
}

/// A valid signal; its places and substance are checked against the database on saving.
#[derive(Clone, Debug, PartialEq)]
pub struct SignalInput {
    pub observed_on: Date,
    pub source: SignalSource,
    pub region_code: Option<String>,
    pub district_code: Option<String>,
    pub form: SeenForm,
    pub amount: Option<(f64, AmountUnit)>,
    pub poisonings: i64,
    pub deaths: i64,
    pub substance: Option<SubstanceId>,
    pub description: String,
}

impl SignalForm {
    /// Sets the field `name` from a posted form part; unknown names are ignored.
    pub fn set(&mut self, name: &str, value: String) {
        match name {
            "observed_on" => self.observed_on = value,
            "source" => self.source = value,
            "region_code" => self.region_code = value,
            "district_code" => self.district_code = value,
            "form" => self.form = value,
            "amount" => self.amount = value,
            "amount_unit" => self.amount_unit = value,
            "poisonings" => self.poisonings = value,
            "deaths" => self.deaths = value,
            "substance_id" => self.substance_id = value,
            "description" => self.description = value,
            _ => {}
        }
    }

    pub fn values(&self) -> Vec<(&'static str, &str)> {
        vec![
            ("observed_on", &self.observed_on),
            ("source", &self.source),
            ("region_code", &self.region_code),
            ("district_code", &self.district_code),
            ("form", &self.form),
            ("amount", &self.amount),
            ("amount_unit", &self.amount_unit),
            ("poisonings", &self.poisonings),
            ("deaths", &self.deaths),
            ("substance_id", &self.substance_id),
            ("description", &self.description),
        ]
    }

    /// Keeps the typed values in `errors`, for showing the form again.
    pub fn fail(&self, errors: FormErrors) -> AppError {
        AppError::Invalid(errors.with_values(self.values()))
    }
}

/// A count of people (poisonings, deaths): blank is none.
fn count(raw: &str, lang: Lang) -> Result<i64, Problem> {
    match parse_whole(raw, lang)? {
        None => Ok(0),
        Some(n) if (0..=COUNT_MAX).contains(&n) => Ok(n),
        Some(_) => Err(Problem::InvalidNumber),
    }
}

/// A day that has come (in Bishkek) and is not before [`EARLIEST_YEAR`].
pub fn past_date(raw: &str, today: Date) -> Result<Date, Problem> {
    let date = parse_date(raw)?;
    if date > today {
        Err(Problem::DateInFuture)
    } else if date.year() < EARLIEST_YEAR {
        Err(Problem::InvalidDate)
    } else {
        Ok(date)
    }
}

/// Free text that must hold nothing personal, at most `max` characters.
pub fn impersonal_text(raw: &str, max: usize, required: bool) -> Result<String, Problem> {
    let value = text(raw, max, required)?.unwrap_or_default();
    refuse_personal(&value)?;
    Ok(value)
}

impl SignalInput {
    pub fn parse(form: &SignalForm, lang: Lang, today: Date) -> Result<SignalInput, AppError> {
        let mut e = FormErrors::new();
        let observed_on = check(&mut e, "observed_on", past_date(&form.observed_on, today));
        let source = check(&mut e, "source", choice(&form.source, SignalSource::parse));
        let region_code = check(&mut e, "region_code", optional_code(&form.region_code));
        let district_code = check(&mut e, "district_code", optional_code(&form.district_code));
        if matches!((&region_code, &district_code), (Some(None), Some(Some(_)))) {
            e.add("region_code", Problem::Required);
        }
        let seen = check(&mut e, "form", choice(&form.form, SeenForm::parse));
        let amount = check(
            &mut e,
            "amount",
            parse_decimal(&form.amount, lang).and_then(|a| match a {
                Some(a) if !(a > 0.0 && a < 1e9) => Err(Problem::InvalidNumber),
                a => Ok(a),
            }),
        );
        let unit = check(
            &mut e,
            "amount_unit",
            if form.amount_unit.trim().is_empty() {
                Ok(None)
            } else {
                AmountUnit::parse(&form.amount_unit)
                    .map(Some)
                    .ok_or(Problem::UnknownChoice)
            },
        );
        let amount = match (amount, unit) {
            (Some(Some(a)), Some(Some(u))) => Some(Some((a, u))),
            (Some(Some(_)), Some(None)) => {
                e.add("amount_unit", Problem::Required);
                None
            }
            (Some(None), _) => Some(None),
            _ => None,
        };
        let poisonings = check(&mut e, "poisonings", count(&form.poisonings, lang));
        let deaths = check(&mut e, "deaths", count(&form.deaths, lang));
        let substance = check(
            &mut e,
            "substance_id",
            match form.substance_id.trim() {
                "" => Ok(None),
                id => id
                    .parse::<i64>()
                    .ok()
                    .filter(|id| *id > 0)
                    .map(|id| Some(SubstanceId(id)))
                    .ok_or(Problem::UnknownChoice),
            },
        );
        let description = check(
            &mut e,
            "description",
            impersonal_text(&form.description, DESCRIPTION_MAX, false),
        );
        match (
            observed_on,
            source,
            region_code,
            district_code,
            seen,
            amount,
            poisonings,
            deaths,
            substance,
            description,
        ) {
            (
                Some(observed_on),
                Some(source),
                Some(region_code),
                Some(district_code),
                Some(form_seen),
                Some(amount),
                Some(poisonings),
                Some(deaths),
                Some(substance),
                Some(description),
            ) if e.is_empty() => Ok(SignalInput {
                observed_on,
                source,
                region_code,
                district_code,
                form: form_seen,
                amount,
                poisonings,
                deaths,
                substance,
                description,
            }),
            _ => Err(form.fail(e)),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use time::macros::date;

    fn form() -> SignalForm {
        SignalForm {
            observed_on: "2026-11-20".into(),
            source: "poisoning".into(),
            region_code: "KG11000000000".into(),
            form: "powder".into(),
            amount: "2,5".into(),
            amount_unit: "g".into(),
            poisonings: "3".into(),
            deaths: "".into(),
            description: "Три отравления в приёмном отделении".into(),
            ..SignalForm::default()
        }
    }

    #[test]
    fn every_field_a_posted_form_names_is_set() {
        let mut posted = SignalForm::default();
        for (name, value) in form().values() {
            posted.set(name, value.to_owned());
        }
        posted.set("unknown", "ignored".into());
        assert_eq!(posted, form());
    }

    fn problems(form: &SignalForm) -> Vec<(String, Problem)> {
        match SignalInput::parse(form, Lang::Ru, date!(2026 - 11 - 28)) {
            Err(AppError::Invalid(e)) => e.problems,
            other => panic!("expected refusal, got {other:?}"),
        }
    }

    #[test]
    fn a_signal_parses_with_counts_and_an_amount() {
        let input = SignalInput::parse(&form(), Lang::Ru, date!(2026 - 11 - 28)).expect("valid");
        assert_eq!(input.amount, Some((2.5, AmountUnit::Grams)));
        assert_eq!((input.poisonings, input.deaths), (3, 0));
        assert_eq!(input.substance, None);
    }

    #[test]
    fn personal_identifiers_future_dates_and_half_amounts_are_refused_beside_their_fields() {
        let bad = SignalForm {
            observed_on: "2026-11-29".into(),
            amount_unit: "".into(),
            poisonings: "-1".into(),
            description: "Пострадавший, паспорт AN1234567".into(),
            ..form()
        };
        let found = problems(&bad);
        for (field, problem) in [
            ("observed_on", Problem::DateInFuture),
            ("amount_unit", Problem::Required),
            ("poisonings", Problem::InvalidNumber),
            ("description", Problem::PersonalData),
        ] {
            assert!(
                found.contains(&(field.to_owned(), problem)),
                "{field}: {found:?}"
            );
        }
        match SignalInput::parse(&bad, Lang::Ru, date!(2026 - 11 - 28)) {
            Err(AppError::Invalid(e)) => {
                assert_eq!(
                    e.value("description"),
                    Some("Пострадавший, паспорт AN1234567")
                )
            }
            other => panic!("{other:?}"),
        }
    }
}
