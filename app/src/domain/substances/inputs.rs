//! Parsing the register form: names in three languages and other names, the identifiers, the
//! chemical group, and the control status. Every problem is reported at once, beside its
//! field, with what was typed.

use super::identifiers::{CasNumber, InchiKey, is_molecular_formula};
use super::kinds::{ChemicalGroup, InternationalStatus, NationalList};
use crate::domain::inputs::{check, choice, text};
use crate::domain::tasks::inputs::parse_date;
use crate::domain::views::Trilingual;
use crate::error::{AppError, FormErrors, Problem};
use serde::{Deserialize, Serialize};
use time::Date;

/// The longest name.
pub const NAME_MAX: usize = 300;
/// The longest list of other names, or a legal act.
pub const LONG_MAX: usize = 2000;

/// What the register form sends.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct SubstanceForm {
    pub name_ky: String,
    pub name_ru: String,
    pub name_en: String,
    /// Other names and street names, one per line (or separated by commas).
    pub synonyms: String,
    pub iupac_name: String,
    pub cas_number: String,
    pub molecular_formula: String,
    pub inchi_key: String,
    pub chemical_group: String,
    /// Empty when the substance is on no national list.
    pub national_list: String,
    pub legal_act: String,
    pub controlled_since: String,
    pub international_status: String,
}

/// A valid register entry.
#[derive(Clone, Debug, PartialEq)]
pub struct SubstanceInput {
    pub name: Trilingual,
    pub synonyms: Vec<String>,
    pub iupac_name: String,
    pub cas_number: Option<CasNumber>,
    pub molecular_formula: String,
    pub inchi_key: Option<InchiKey>,
    pub chemical_group: ChemicalGroup,
    /// The national list, the act that placed it there and the day it took effect.
    pub control: Option<(NationalList, String, Date)>,
    pub international_status: InternationalStatus,
}

impl SubstanceForm {
    pub fn values(&self) -> Vec<(&'static str, &str)> {
        vec![
            ("name_ky", &self.name_ky),
            ("name_ru", &self.name_ru),
            ("name_en", &self.name_en),
            ("synonyms", &self.synonyms),
            ("iupac_name", &self.iupac_name),
            ("cas_number", &self.cas_number),
            ("molecular_formula", &self.molecular_formula),
            ("inchi_key", &self.inchi_key),
            ("chemical_group", &self.chemical_group),
            ("national_list", &self.national_list),
            ("legal_act", &self.legal_act),
            ("controlled_since", &self.controlled_since),
            ("international_status", &self.international_status),
        ]
    }

    /// Keeps the typed values in `errors`, for showing the form again.
    pub fn fail(&self, errors: FormErrors) -> AppError {
        AppError::Invalid(errors.with_values(self.values()))
    }
}

/// The other names in `text`, one per line or separated by commas or semicolons, trimmed,
/// without blanks or repeats.
pub fn split_synonyms(text: &str) -> Vec<String> {
    let mut names: Vec<String> = Vec::new();
    for name in text.split(['\n', ',', ';']).map(str::trim) {
        if !name.is_empty()
            && !names
                .iter()
                .any(|n| n.to_lowercase() == name.to_lowercase())
        {
            names.push(name.to_owned());
        }
    }
    names
}

impl SubstanceInput {
    pub fn parse(form: &SubstanceForm) -> Result<SubstanceInput, AppError> {
        let mut errors = FormErrors::new();
        // Text as typed and trimmed; empty when left out.
        let text = |raw: &str, max: usize, required: bool| {
            text(raw, max, required).map(Option::unwrap_or_default)
        };
        let name_ky = check(&mut errors, "name_ky", text(&form.name_ky, NAME_MAX, false));
        let name_ru = check(&mut errors, "name_ru", text(&form.name_ru, NAME_MAX, true));
        let name_en = check(&mut errors, "name_en", text(&form.name_en, NAME_MAX, false));
        let synonyms = check(
            &mut errors,
            "synonyms",
            text(&form.synonyms, LONG_MAX, false),
        );
        let iupac_name = check(
            &mut errors,
            "iupac_name",
            text(&form.iupac_name, LONG_MAX, false),
        );
        let optional = |raw: &str| !raw.trim().is_empty();
        let cas_number = check(
            &mut errors,
            "cas_number",
            if optional(&form.cas_number) {
                CasNumber::parse(&form.cas_number).map(Some)
            } else {
                Ok(None)
            },
        );
        let formula = form.molecular_formula.trim();
        let molecular_formula = check(
            &mut errors,
            "molecular_formula",
            if formula.is_empty() || is_molecular_formula(formula) {
                Ok(formula.to_owned())
            } else {
                Err(Problem::InvalidFormula)
            },
        );
        let inchi_key = check(
            &mut errors,
            "inchi_key",
            if optional(&form.inchi_key) {
                InchiKey::parse(&form.inchi_key).map(Some)
            } else {
                Ok(None)
            },
        );
        let chemical_group = check(
            &mut errors,
            "chemical_group",
            choice(&form.chemical_group, ChemicalGroup::parse),
        );
        let international_status = check(
            &mut errors,
            "international_status",
            choice(&form.international_status, InternationalStatus::parse),
        );
        let list = check(
            &mut errors,
            "national_list",
            if optional(&form.national_list) {
                NationalList::parse(&form.national_list)
                    .map(Some)
                    .ok_or(Problem::UnknownChoice)
            } else {
                Ok(None)
            },
        );
        let legal_act = check(
            &mut errors,
            "legal_act",
            text(&form.legal_act, LONG_MAX, false),
        );
        let since = check(
            &mut errors,
            "controlled_since",
            if optional(&form.controlled_since) {
                parse_date(&form.controlled_since).map(Some)
            } else {
                Ok(None)
            },
        );
        // On a list: the act and the day are required; on none: neither may be given.
        let control = match (list, legal_act, since) {
            (Some(Some(list)), Some(act), Some(Some(since))) if !act.is_empty() => {
                Some((list, act, since))
            }
            (Some(Some(_)), act, since) => {
                if act.as_deref() == Some("") {
                    errors.add("legal_act", Problem::Required);
                }
                if matches!(since, Some(None)) {
                    errors.add("controlled_since", Problem::Required);
                }
                None
            }
            (Some(None), act, since) => {
                if act.as_deref().is_some_and(|a| !a.is_empty()) || matches!(since, Some(Some(_))) {
                    errors.add("national_list", Problem::Required);
                }
                None
            }
            _ => None,
        };
        match (
            name_ky,
            name_ru,
            name_en,
            synonyms,
            iupac_name,
            cas_number,
            molecular_formula,
            inchi_key,
            chemical_group,
            international_status,
        ) {
            (
                Some(ky),
                Some(ru),
                Some(en),
                Some(synonyms),
                Some(iupac_name),
                Some(cas_number),
                Some(molecular_formula),
                Some(inchi_key),
                Some(chemical_group),
                Some(international_status),
            ) if errors.is_empty() => Ok(SubstanceInput {
                name: Trilingual { ky, ru, en },
                synonyms: split_synonyms(&synonyms),
                iupac_name,
                cas_number,
                molecular_formula,
                inchi_key,
                chemical_group,
                control,
                international_status,
            }),
            _ => Err(form.fail(errors)),
        }
    }

    /// What the register is searched in: every name and identifier, in lower case.
    pub fn search_text(&self) -> String {
        let mut parts = vec![
            self.name.ky.as_str(),
            &self.name.ru,
            &self.name.en,
            &self.iupac_name,
            &self.molecular_formula,
        ];
        parts.extend(self.synonyms.iter().map(String::as_str));
        if let Some(cas) = &self.cas_number {
            parts.push(cas.as_str());
        }
        if let Some(key) = &self.inchi_key {
            parts.push(key.as_str());
        }
        parts
            .into_iter()
            .filter(|p| !p.is_empty())
            .collect::<Vec<_>>()
            .join(" ")
            .to_lowercase()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn form() -> SubstanceForm {
        SubstanceForm {
            name_ru: "Мефедрон".into(),
            name_en: "Mephedrone".into(),
            synonyms: "4-MMC\nмеф, мяу-мяу; 4-MMC".into(),
            cas_number: "1189805-46-6".into(),
            molecular_formula: "C11H15NO".into(),
            chemical_group: "synthetic_cathinone".into(),
            international_status: "1971_ii".into(),
            ..SubstanceForm::default()
        }
    }

    #[test]
    fn a_substance_parses_with_its_other_names_and_identifiers() {
        let input = SubstanceInput::parse(&form()).expect("valid");
        assert_eq!(input.synonyms, ["4-MMC", "меф", "мяу-мяу"]);
        assert_eq!(
            input.cas_number.as_ref().map(|c| c.as_str()),
            Some("1189805-46-6")
        );
        assert_eq!(input.control, None);
        assert!(input.search_text().contains("мяу-мяу"));
        assert!(input.search_text().contains("1189805-46-6"));
    }

    #[test]
    fn every_problem_is_reported_beside_its_field_with_what_was_typed() {
        let bad = SubstanceForm {
            name_ru: String::new(),
            cas_number: "1189805-46-5".into(),
            inchi_key: "not-a-key".into(),
            molecular_formula: "c11".into(),
            chemical_group: "mushroom".into(),
            national_list: "list_i".into(),
            ..form()
        };
        let error = SubstanceInput::parse(&bad).expect_err("refused");
        let errors = error.form_errors().expect("beside the fields");
        for (field, problem) in [
            ("name_ru", Problem::Required),
            ("cas_number", Problem::CasCheckDigit),
            ("inchi_key", Problem::InvalidInchiKey),
            ("molecular_formula", Problem::InvalidFormula),
            ("chemical_group", Problem::UnknownChoice),
            ("legal_act", Problem::Required),
            ("controlled_since", Problem::Required),
        ] {
            assert_eq!(errors.problem(field), Some(problem), "{field}");
        }
        assert_eq!(errors.value("cas_number"), Some("1189805-46-5"));
    }

    #[test]
    fn a_national_list_needs_its_act_and_day_and_they_need_a_list() {
        let listed = SubstanceForm {
            national_list: "list_i".into(),
            legal_act: "Постановление № 1".into(),
            controlled_since: "2015-06-01".into(),
            ..form()
        };
        let input = SubstanceInput::parse(&listed).expect("listed");
        assert_eq!(
            input.control.map(|(l, _, d)| (l, d)),
            Some((NationalList::ListI, time::macros::date!(2015 - 06 - 01)))
        );
        let act_alone = SubstanceForm {
            legal_act: "Постановление № 1".into(),
            ..form()
        };
        let error = SubstanceInput::parse(&act_alone).expect_err("no list");
        assert_eq!(
            error.form_errors().and_then(|e| e.problem("national_list")),
            Some(Problem::Required)
        );
    }
}
