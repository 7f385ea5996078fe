//! Parsing an activity as typed: kind, title, description, dates, place, target groups,
//! people reached by sex and age group, partners, the objectives and principles it serves, and
//! whether it may be shown publicly. Every problem is reported at once, with what was typed.

use crate::domain::activities::kinds::{ActivityType, TargetGroup};
use crate::domain::inputs::{check, choice, optional_code, text};
use crate::domain::reports::inputs::{CELL_FIELDS, Reach, parse_reach};
use crate::domain::tasks::inputs::{TEXT_MAX, TITLE_MAX, concept_codes, parse_date};
use crate::error::{AppError, FormErrors, Problem};
use crate::i18n::Lang;
use serde::{Deserialize, Serialize};
use time::Date;

/// What the activity form sends.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct ActivityForm {
    pub activity_type: String,
    pub title: String,
    pub description: String,
    pub start_date: String,
    pub end_date: String,
    pub region_code: String,
    pub district_code: String,
    pub municipality_code: String,
    pub target_groups: Vec<String>,
    pub reached_total: String,
    pub cells: [String; 8],
    pub partners: String,
    pub objectives: Vec<String>,
    pub principles: Vec<String>,
    pub is_public: bool,
}

/// A valid activity's content (territory codes are checked against the database on save).
#[derive(Clone, Debug, PartialEq)]
pub struct ActivityInput {
    pub activity_type: ActivityType,
    pub title: String,
    pub description: String,
    pub start_date: Date,
    pub end_date: Date,
    pub region_code: Option<String>,
    pub district_code: Option<String>,
    pub municipality_code: Option<String>,
    pub target_groups: Vec<TargetGroup>,
    pub reach: Reach,
    pub partners: String,
    pub objectives: Vec<String>,
    pub principles: Vec<String>,
    pub is_public: bool,
}

impl ActivityForm {
    /// Sets one field by its form name (`name[]` for the lists); unknown names are ignored.
    pub fn set(&mut self, name: &str, value: String) {
        match name.trim_end_matches("[]") {
            "activity_type" => self.activity_type = value,
            "title" => self.title = value,
            "description" => self.description = value,
            "start_date" => self.start_date = value,
            "end_date" => self.end_date = value,
            "region_code" => self.region_code = value,
            "district_code" => self.district_code = value,
            "municipality_code" => self.municipality_code = value,
            "target_groups" => self.target_groups.push(value),
            "reached_total" => self.reached_total = value,
            "partners" => self.partners = value,
            "objectives" => self.objectives.push(value),
            "principles" => self.principles.push(value),
            "is_public" => self.is_public = !value.is_empty(),
            other => {
                if let Some(i) = CELL_FIELDS.iter().position(|f| *f == other) {
                    self.cells[i] = value;
                }
            }
        }
    }

    /// What the user typed, to show again after a failed save.
    pub fn values(&self) -> Vec<(String, String)> {
        let mut values: Vec<(String, String)> = [
            ("activity_type", &self.activity_type),
            ("title", &self.title),
            ("description", &self.description),
            ("start_date", &self.start_date),
            ("end_date", &self.end_date),
            ("region_code", &self.region_code),
            ("district_code", &self.district_code),
            ("municipality_code", &self.municipality_code),
            ("reached_total", &self.reached_total),
            ("partners", &self.partners),
        ]
        .into_iter()
        .map(|(k, v)| (k.to_owned(), v.clone()))
        .collect();
        for (i, cell) in self.cells.iter().enumerate() {
            values.push((CELL_FIELDS[i].to_owned(), cell.clone()));
        }
        for (name, list) in [
            ("target_groups", &self.target_groups),
            ("objectives", &self.objectives),
            ("principles", &self.principles),
        ] {
            values.extend(list.iter().map(|v| (name.to_owned(), v.clone())));
        }
        if self.is_public {
            values.push(("is_public".to_owned(), "on".to_owned()));
        }
        values
    }

    pub fn fail(&self, errors: FormErrors) -> AppError {
        AppError::Invalid(errors.with_owned_values(self.values()))
    }
}

impl ActivityInput {
    /// Parses the form as typed in `lang`.
    pub fn parse(form: &ActivityForm, lang: Lang) -> Result<ActivityInput, AppError> {
        let mut e = FormErrors::new();
        let activity_type = check(
            &mut e,
            "activity_type",
            choice(&form.activity_type, ActivityType::parse),
        );
        let title = check(&mut e, "title", text(&form.title, TITLE_MAX, true)).flatten();
        let description = check(
            &mut e,
            "description",
            text(&form.description, TEXT_MAX, false),
        );
        let start_date = check(&mut e, "start_date", parse_date(&form.start_date));
        let end_date = if form.end_date.trim().is_empty() {
            start_date
        } else {
            check(&mut e, "end_date", parse_date(&form.end_date))
        };
        if let (Some(start), Some(end)) = (start_date, end_date)
            && end < start
        {
            e.add("end_date", Problem::EndBeforeStart);
        }
        let region_code = check(&mut e, "region_code", optional_code(&form.region_code));
        let district_code = check(&mut e, "district_code", optional_code(&form.district_code));
        let municipality_code = check(
            &mut e,
            "municipality_code",
            optional_code(&form.municipality_code),
        );
        if matches!(region_code, Some(None)) {
            e.add("region_code", Problem::Required);
        }
        let mut target_groups = Vec::new();
        for raw in form.target_groups.iter().filter(|g| !g.trim().is_empty()) {
            match TargetGroup::parse(raw) {
                Some(group) if !target_groups.contains(&group) => target_groups.push(group),
                Some(_) => {}
                None => e.add("target_groups", Problem::UnknownChoice),
            }
        }
        if target_groups.is_empty() {
            e.add("target_groups", Problem::Required);
        }
        let reach = parse_reach(&mut e, &form.reached_total, &form.cells, lang);
        let partners = check(&mut e, "partners", text(&form.partners, TEXT_MAX, false));
        let objectives = check(
            &mut e,
            "objectives",
            concept_codes(&form.objectives, 'O', 9),
        );
        if matches!(&objectives, Some(codes) if codes.is_empty()) {
            e.add("objectives", Problem::Required);
        }
        let principles = check(
            &mut e,
            "principles",
            concept_codes(&form.principles, 'P', 14),
        );
        match (
            activity_type,
            title,
            description,
            start_date,
            end_date,
            region_code,
            district_code,
            municipality_code,
            partners,
            objectives,
            principles,
        ) {
            (
                Some(activity_type),
                Some(title),
                Some(description),
                Some(start_date),
                Some(end_date),
                Some(region_code),
                Some(district_code),
                Some(municipality_code),
                Some(partners),
                Some(objectives),
                Some(principles),
            ) if e.is_empty() => Ok(ActivityInput {
                activity_type,
                title,
                description: description.unwrap_or_default(),
                start_date,
                end_date,
                // Finer places need the coarser ones: a municipality without its district is
                // caught by the territory check on save.
                region_code,
                district_code,
                municipality_code,
                target_groups,
                reach,
                partners: partners.unwrap_or_default(),
                objectives,
                principles,
                is_public: form.is_public,
            }),
            _ => Err(form.fail(e)),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn form() -> ActivityForm {
        let mut f = ActivityForm {
            activity_type: "outreach".into(),
            title: "Выездная консультация в Кара-Балте".into(),
            start_date: "2026-10-03".into(),
            region_code: "KG08000000000".into(),
            target_groups: vec!["young_people".into(), "parents".into()],
            reached_total: "35".into(),
            objectives: vec!["O7".into()],
            ..ActivityForm::default()
        };
        f.cells[1] = "12".into();
        f.cells[5] = "15".into();
        f
    }

    fn problem(f: &ActivityForm, field: &str) -> Option<Problem> {
        match ActivityInput::parse(f, Lang::Ru) {
            Err(AppError::Invalid(errors)) => errors.problem(field),
            _ => None,
        }
    }

    #[test]
    fn a_complete_activity_parses_and_a_one_day_event_ends_when_it_starts() {
        let input = ActivityInput::parse(&form(), Lang::Ru).expect("valid");
        assert_eq!(input.end_date, input.start_date);
        assert_eq!(
            input.target_groups,
            [TargetGroup::YoungPeople, TargetGroup::Parents]
        );
        assert_eq!(input.reach.breakdown_sum(), 27);
    }

    #[test]
    fn problems_are_named_by_field() {
        let mut f = form();
        f.end_date = "2026-10-01".into();
        f.reached_total = "20".into();
        f.target_groups = vec!["aliens".into()];
        f.objectives.clear();
        f.region_code.clear();
        assert_eq!(problem(&f, "end_date"), Some(Problem::EndBeforeStart));
        assert_eq!(
            problem(&f, "reached_total"),
            Some(Problem::BreakdownExceedsTotal)
        );
        assert_eq!(problem(&f, "target_groups"), Some(Problem::UnknownChoice));
        assert_eq!(problem(&f, "objectives"), Some(Problem::Required));
        assert_eq!(problem(&f, "region_code"), Some(Problem::Required));
        let Err(AppError::Invalid(errors)) = ActivityInput::parse(&f, Lang::Ru) else {
            panic!()
        };
        assert_eq!(
            errors.value("title"),
            Some("Выездная консультация в Кара-Балте")
        );
    }

    #[test]
    fn fields_are_set_by_name() {
        let mut f = ActivityForm::default();
        f.set("target_groups[]", "students".into());
        f.set("objectives", "O1".into());
        f.set("female_50_plus", "4".into());
        f.set("is_public", "on".into());
        assert_eq!(f.target_groups, ["students"]);
        assert_eq!(f.objectives, ["O1"]);
        assert_eq!(f.cells[3], "4");
        assert!(f.is_public);
    }
}
