//! Parsers for what users type about tasks: the task form (one organisation or many chosen by
//! a filter), a move with its note, a comment, and calendar dates. Each reports every problem
//! at once by field name and keeps what was typed.

use crate::domain::ids::OrganizationId;
use crate::domain::inputs::{check, choice, optional_code, text};
use crate::domain::numbers::parse_decimal;
use crate::domain::roles::OrgKind;
use crate::domain::tasks::fields::{Category, Coverage, EnforcementFocus, Priority};
use crate::domain::tasks::workflow::Move;
use crate::domain::views::Trilingual;
use crate::error::{AppError, FormErrors, Problem};
use crate::i18n::Lang;
use serde::{Deserialize, Serialize};
use time::Date;

/// The longest title, and the longest description, note or result, in characters.
pub const TITLE_MAX: usize = 300;
pub const TEXT_MAX: usize = 10_000;

/// A calendar date typed as `YYYY-MM-DD` (what `<input type="date">` sends).
pub fn parse_date(raw: &str) -> Result<Date, Problem> {
    let raw = raw.trim();
    if raw.is_empty() {
        return Err(Problem::Required);
    }
    let mut parts = raw.splitn(3, '-');
    let mut number = || parts.next().and_then(|p| p.parse::<i32>().ok());
    let (Some(year), Some(month), Some(day)) = (number(), number(), number()) else {
        return Err(Problem::InvalidDate);
    };
    let month = u8::try_from(month)
        .ok()
        .and_then(|m| time::Month::try_from(m).ok());
    match (month, u8::try_from(day)) {
        (Some(month), Ok(day)) if (2000..=2100).contains(&year) => {
            Date::from_calendar_date(year, month, day).map_err(|_| Problem::InvalidDate)
        }
        _ => Err(Problem::InvalidDate),
    }
}

/// `date` if it lies in the years a typed date may (2000–2100, as [`parse_date`] accepts): for
/// dates that arrive already deserialised, in a server function's arguments.
pub fn plausible_date(date: Date) -> Option<Date> {
    (2000..=2100).contains(&date.year()).then_some(date)
}

/// A date as `YYYY-MM-DD`, for forms and the database.
pub fn date_to_iso(date: Date) -> String {
    format!(
        "{:04}-{:02}-{:02}",
        date.year(),
        u8::from(date.month()),
        date.day()
    )
}

/// An organisation id from a select box.
fn organization_id(raw: &str) -> Result<OrganizationId, Problem> {
    if raw.trim().is_empty() {
        return Err(Problem::Required);
    }
    raw.parse::<OrganizationId>()
        .ok()
        .filter(|id| id.0 > 0)
        .ok_or(Problem::UnknownChoice)
}

/// Concept codes such as `O3` or `P12`: the prefix, then a number in `1..=max`.
pub(crate) fn concept_codes(
    raw: &[String],
    prefix: char,
    max: u32,
) -> Result<Vec<String>, Problem> {
    let mut codes: Vec<String> = Vec::new();
    for code in raw.iter().map(|c| c.trim()).filter(|c| !c.is_empty()) {
        let number = code
            .strip_prefix(prefix)
            .and_then(|n| n.parse::<u32>().ok())
            .filter(|n| (1..=max).contains(n))
            .ok_or(Problem::UnknownChoice)?;
        let code = format!("{prefix}{number}");
        if !codes.contains(&code) {
            codes.push(code);
        }
    }
    Ok(codes)
}

/// A task as typed into its form.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct TaskForm {
    pub written_in: String,
    pub title_ky: String,
    pub title_ru: String,
    pub title_en: String,
    pub description_ky: String,
    pub description_ru: String,
    pub description_en: String,
    pub category: String,
    pub objectives: Vec<String>,
    pub principles: Vec<String>,
    /// `one` for a single lead organisation, `many` for everyone a filter finds.
    pub assign_to: String,
    pub lead_organization_id: String,
    pub supporting: Vec<String>,
    pub bulk_kind: String,
    pub bulk_region: String,
    pub bulk_district: String,
    pub coverage: String,
    pub region_code: String,
    pub district_code: String,
    pub municipality_code: String,
    pub start_date: String,
    pub due_date: String,
    pub priority: String,
    pub expected_result: String,
    pub target_value: String,
    pub target_unit: String,
    /// What enforcement work is aimed at (enforcement tasks only).
    pub enforcement_focus: String,
    /// Ticked to save objectives that the category does not normally serve.
    pub confirm_objectives: String,
    /// `draft` to keep it to the coordinators, `assign` to send it at once.
    pub intent: String,
}

/// Which organisations a bulk assignment goes to: every active one matching all that is set.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct OrganizationSelector {
    pub kind: Option<OrgKind>,
    pub region_code: Option<String>,
    pub district_code: Option<String>,
}

/// Who does the work.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Assignee {
    One {
        lead: OrganizationId,
        supporting: Vec<OrganizationId>,
    },
    Many(OrganizationSelector),
}

/// The part of the country a task covers; codes are checked against the database on saving.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct TaskPlace {
    pub coverage: Coverage,
    pub region_code: Option<String>,
    pub district_code: Option<String>,
    pub municipality_code: Option<String>,
}

/// A valid task, ready to be saved.
#[derive(Clone, Debug, PartialEq)]
pub struct TaskInput {
    pub written_in: Lang,
    pub title: Trilingual,
    pub description: Trilingual,
    pub category: Category,
    pub objectives: Vec<String>,
    pub principles: Vec<String>,
    pub assignee: Assignee,
    pub place: TaskPlace,
    pub start_date: Date,
    pub due_date: Date,
    pub priority: Priority,
    pub expected_result: String,
    pub target: Option<(f64, String)>,
    /// Set for enforcement tasks, `None` for every other category.
    pub enforcement_focus: Option<EnforcementFocus>,
    pub assign_now: bool,
}

impl TaskForm {
    /// What the user typed, to show again after a failed submit.
    pub fn values(&self) -> Vec<(&'static str, &str)> {
        let mut values = vec![
            ("written_in", self.written_in.as_str()),
            ("title_ky", &self.title_ky),
            ("title_ru", &self.title_ru),
            ("title_en", &self.title_en),
            ("description_ky", &self.description_ky),
            ("description_ru", &self.description_ru),
            ("description_en", &self.description_en),
            ("category", &self.category),
            ("assign_to", &self.assign_to),
            ("lead_organization_id", &self.lead_organization_id),
            ("bulk_kind", &self.bulk_kind),
            ("bulk_region", &self.bulk_region),
            ("bulk_district", &self.bulk_district),
            ("coverage", &self.coverage),
            ("region_code", &self.region_code),
            ("district_code", &self.district_code),
            ("municipality_code", &self.municipality_code),
            ("start_date", &self.start_date),
            ("due_date", &self.due_date),
            ("priority", &self.priority),
            ("expected_result", &self.expected_result),
            ("target_value", &self.target_value),
            ("target_unit", &self.target_unit),
            ("enforcement_focus", &self.enforcement_focus),
        ];
        values.extend(self.objectives.iter().map(|v| ("objectives", v.as_str())));
        // Without JavaScript nothing ticked the chosen category's objectives: the form comes
        // back with them ticked when none was.
        if self.objectives.iter().all(|o| o.trim().is_empty())
            && let Some(category) = Category::parse(&self.category)
        {
            values.extend(category.objectives().iter().map(|o| ("objectives", *o)));
        }
        values.extend(self.principles.iter().map(|v| ("principles", v.as_str())));
        values.extend(self.supporting.iter().map(|v| ("supporting", v.as_str())));
        values
    }

    /// These errors, with what the user typed.
    pub fn fail(&self, errors: FormErrors) -> AppError {
        AppError::Invalid(errors.with_values(self.values()))
    }
}

fn place(errors: &mut FormErrors, form: &TaskForm) -> Option<TaskPlace> {
    let coverage = check(errors, "coverage", choice(&form.coverage, Coverage::parse))?;
    let region = check(errors, "region_code", optional_code(&form.region_code))?;
    let district = check(errors, "district_code", optional_code(&form.district_code))?;
    let municipality = check(
        errors,
        "municipality_code",
        optional_code(&form.municipality_code),
    )?;
    let (needs_region, needs_district, needs_municipality) = match coverage {
        Coverage::National => (false, false, false),
        Coverage::Region => (true, false, false),
        Coverage::District => (true, true, false),
        Coverage::Municipality => (true, true, true),
    };
    let mut ok = true;
    for (needed, value, field) in [
        (needs_region, &region, "region_code"),
        (needs_district, &district, "district_code"),
        (needs_municipality, &municipality, "municipality_code"),
    ] {
        if needed && value.is_none() {
            errors.add(field, Problem::TerritoryRequired);
            ok = false;
        }
    }
    // Finer codes than the coverage asks for are dropped, not refused.
    ok.then(|| TaskPlace {
        coverage,
        region_code: region.filter(|_| needs_region),
        district_code: district.filter(|_| needs_district),
        municipality_code: municipality.filter(|_| needs_municipality),
    })
}

fn assignee(errors: &mut FormErrors, form: &TaskForm) -> Option<Assignee> {
    match form.assign_to.trim() {
        "many" => {
            let kind = if form.bulk_kind.trim().is_empty() {
                None
            } else {
                Some(check(
                    errors,
                    "bulk_kind",
                    choice(&form.bulk_kind, OrgKind::parse),
                )?)
            };
            let region = check(errors, "bulk_region", optional_code(&form.bulk_region))?;
            let district = check(errors, "bulk_district", optional_code(&form.bulk_district))?;
            if kind.is_none() && region.is_none() {
                errors.add("bulk_kind", Problem::SelectorTooBroad);
                return None;
            }
            Some(Assignee::Many(OrganizationSelector {
                kind,
                region_code: region,
                district_code: district,
            }))
        }
        _ => {
            let lead = check(
                errors,
                "lead_organization_id",
                organization_id(&form.lead_organization_id),
            )?;
            let mut supporting = Vec::new();
            for raw in form.supporting.iter().filter(|s| !s.trim().is_empty()) {
                let id = check(errors, "supporting", organization_id(raw))?;
                if id != lead && !supporting.contains(&id) {
                    supporting.push(id);
                }
            }
            Some(Assignee::One { lead, supporting })
        }
    }
}

fn target(errors: &mut FormErrors, form: &TaskForm, lang: Lang) -> Option<Option<(f64, String)>> {
    let unit = check(errors, "target_unit", text(&form.target_unit, 50, false))?;
    let value = check(
        errors,
        "target_value",
        parse_decimal(&form.target_value, lang),
    )?;
    let Some(value) = value else {
        return match unit {
            Some(_) => {
                errors.add("target_value", Problem::Required);
                None
            }
            None => Some(None),
        };
    };
    let in_range = (0.0..1e12).contains(&value);
    let value = check(
        errors,
        "target_value",
        in_range.then_some(value).ok_or(Problem::InvalidNumber),
    )?;
    let unit = check(errors, "target_unit", unit.ok_or(Problem::Required))?;
    Some(Some((value, unit)))
}

impl TaskInput {
    /// Parses the form as typed in `lang` (numbers follow its conventions).
    pub fn parse(form: &TaskForm, lang: Lang) -> Result<TaskInput, AppError> {
        let mut errors = FormErrors::new();
        let e = &mut errors;
        let written_in = check(e, "written_in", choice(&form.written_in, Lang::parse));
        let mut field = |name: &str, raw: &str, max: usize, required: bool| {
            check(e, name, text(raw, max, required)).map(Option::unwrap_or_default)
        };
        let required = |lang: Lang| written_in == Some(lang);
        let title_ky = field("title_ky", &form.title_ky, TITLE_MAX, required(Lang::Ky));
        let title_ru = field("title_ru", &form.title_ru, TITLE_MAX, required(Lang::Ru));
        let title_en = field("title_en", &form.title_en, TITLE_MAX, required(Lang::En));
        let description_ky = field("description_ky", &form.description_ky, TEXT_MAX, false);
        let description_ru = field("description_ru", &form.description_ru, TEXT_MAX, false);
        let description_en = field("description_en", &form.description_en, TEXT_MAX, false);
        let expected_result = field("expected_result", &form.expected_result, TEXT_MAX, false);
        let category = check(e, "category", choice(&form.category, Category::parse));
        let objectives =
            check(e, "objectives", concept_codes(&form.objectives, 'O', 9)).and_then(|codes| {
                check(
                    e,
                    "objectives",
                    if codes.is_empty() {
                        Err(Problem::Required)
                    } else {
                        Ok(codes)
                    },
                )
            });
        // Objectives that the category does not normally serve are kept only once confirmed.
        if let (Some(category), Some(codes)) = (category, &objectives)
            && !category.fits(codes)
            && form.confirm_objectives.trim().is_empty()
        {
            e.add("objectives", Problem::ObjectivesOutsideCategory);
        }
        let enforcement_focus = match category {
            Some(Category::Enforcement) => check(
                e,
                "enforcement_focus",
                choice(&form.enforcement_focus, EnforcementFocus::parse),
            )
            .map(Some),
            _ => Some(None),
        };
        let principles = check(e, "principles", concept_codes(&form.principles, 'P', 14));
        let assignee = assignee(e, form);
        let place = place(e, form);
        let start_date = check(e, "start_date", parse_date(&form.start_date));
        let due_date = check(e, "due_date", parse_date(&form.due_date));
        if let (Some(start), Some(due)) = (start_date, due_date)
            && due < start
        {
            e.add("due_date", Problem::DueBeforeStart);
        }
        let priority = check(e, "priority", choice(&form.priority, Priority::parse));
        let target = target(e, form, lang);
        let assign_now = form.intent.trim() != "draft";
        if !assign_now && matches!(assignee, Some(Assignee::Many(_))) {
            e.add("assign_to", Problem::ManyCannotBeDraft);
        }
        match (
            written_in,
            title_ky,
            title_ru,
            title_en,
            description_ky,
            description_ru,
            description_en,
            expected_result,
            category,
            objectives,
            principles,
            assignee,
            place,
            start_date,
            due_date,
            priority,
            (target, enforcement_focus),
        ) {
            (
                Some(written_in),
                Some(title_ky),
                Some(title_ru),
                Some(title_en),
                Some(description_ky),
                Some(description_ru),
                Some(description_en),
                Some(expected_result),
                Some(category),
                Some(objectives),
                Some(principles),
                Some(assignee),
                Some(place),
                Some(start_date),
                Some(due_date),
                Some(priority),
                (Some(target), Some(enforcement_focus)),
            ) if errors.is_empty() => Ok(TaskInput {
                written_in,
                title: Trilingual {
                    ky: title_ky,
                    ru: title_ru,
                    en: title_en,
                },
                description: Trilingual {
                    ky: description_ky,
                    ru: description_ru,
                    en: description_en,
                },
                category,
                objectives,
                principles,
                assignee,
                place,
                start_date,
                due_date,
                priority,
                expected_result,
                target,
                enforcement_focus,
                assign_now,
            }),
            _ => Err(form.fail(errors)),
        }
    }
}

/// What a move's form sends: the move, its note, and the new lead organisation (reassign) or
/// deadline (reschedule).
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct MoveForm {
    pub mv: String,
    pub note: String,
    pub lead_organization_id: String,
    pub due_date: String,
}

/// A move asked for on a task, with what its maker wrote and the version they saw.
#[derive(Clone, Debug, PartialEq)]
pub struct MoveInput {
    pub mv: Move,
    pub note: String,
    pub version: i64,
    pub new_lead: Option<OrganizationId>,
    pub new_due_date: Option<Date>,
}

impl MoveInput {
    /// Parses a move form shown with the task at `version`: the note, and
    /// `lead_organization_id` for a reassignment or `due_date` for a new deadline.
    pub fn parse(form: &MoveForm, version: i64) -> Result<MoveInput, AppError> {
        let (note, lead, due_date) = (
            form.note.as_str(),
            form.lead_organization_id.as_str(),
            form.due_date.as_str(),
        );
        let mv = Move::parse(&form.mv).ok_or(AppError::BadRequest)?;
        let mut errors = FormErrors::new();
        let note = check(
            &mut errors,
            "note",
            text(note, TEXT_MAX, mv.needs_note()).map(Option::unwrap_or_default),
        );
        let new_lead = if mv == Move::Reassign {
            check(&mut errors, "lead_organization_id", organization_id(lead))
        } else {
            None
        };
        let new_due_date = if mv == Move::Reschedule {
            check(&mut errors, "due_date", parse_date(due_date))
        } else {
            None
        };
        let values = [
            ("note", note.as_deref().unwrap_or_default()),
            ("lead_organization_id", lead),
            ("due_date", due_date),
        ];
        if !errors.is_empty() {
            let values: Vec<(&str, &str)> = values.to_vec();
            return Err(AppError::Invalid(errors.with_values(values)));
        }
        Ok(MoveInput {
            mv,
            note: note.unwrap_or_default(),
            version,
            new_lead,
            new_due_date,
        })
    }
}

/// A comment's text, trimmed, required and bounded.
pub fn parse_comment(raw: &str) -> Result<String, AppError> {
    text(raw, TEXT_MAX, true)
        .map(Option::unwrap_or_default)
        .map_err(|problem| FormErrors::single("body", problem))
}

#[cfg(test)]
mod tests {
    use super::*;
    use time::macros::date;

    fn form() -> TaskForm {
        TaskForm {
            written_in: "ru".into(),
            title_ru: "Профилактика в школах".into(),
            category: "primary_prevention".into(),
            objectives: vec!["O1".into(), " O3 ".into(), "O1".into()],
            principles: vec!["P2".into()],
            assign_to: "one".into(),
            lead_organization_id: "12".into(),
            supporting: vec!["12".into(), "14".into()],
            coverage: "region".into(),
            region_code: "KG02000000000".into(),
            district_code: "KG02213000000".into(),
            start_date: "2026-01-10".into(),
            due_date: "2026-06-30".into(),
            priority: "high".into(),
            intent: "assign".into(),
            ..TaskForm::default()
        }
    }

    fn problems(error: AppError) -> Vec<(String, Problem)> {
        error
            .form_errors()
            .map(|f| f.problems.clone())
            .unwrap_or_default()
    }

    #[test]
    fn a_complete_form_parses() {
        let input = TaskInput::parse(&form(), Lang::Ru).expect("valid");
        assert_eq!(input.title.ru, "Профилактика в школах");
        assert_eq!(input.objectives, ["O1", "O3"]);
        assert_eq!(input.principles, ["P2"]);
        assert_eq!(
            input.assignee,
            Assignee::One {
                lead: OrganizationId(12),
                supporting: vec![OrganizationId(14)]
            }
        );
        // A region-wide task keeps the region and drops the finer code.
        assert_eq!(input.place.district_code, None);
        assert_eq!(input.place.region_code.as_deref(), Some("KG02000000000"));
        assert_eq!(input.due_date, date!(2026 - 06 - 30));
        assert!(input.assign_now);
        assert_eq!(input.target, None);
    }

    #[test]
    fn the_title_is_required_in_the_language_written_in() {
        let mut f = form();
        f.written_in = "ky".into();
        let found = problems(TaskInput::parse(&f, Lang::Ru).expect_err("refused"));
        assert_eq!(found, [("title_ky".to_owned(), Problem::Required)]);
    }

    #[test]
    fn every_problem_is_reported_and_values_kept() {
        let mut f = form();
        f.objectives = vec!["O10".into()];
        f.due_date = "2026-01-01".into();
        f.priority = "asap".into();
        f.lead_organization_id = "x".into();
        f.target_value = "12".into();
        let error = TaskInput::parse(&f, Lang::Ru).expect_err("refused");
        let found = problems(error.clone());
        for expected in [
            ("objectives", Problem::UnknownChoice),
            ("due_date", Problem::DueBeforeStart),
            ("priority", Problem::UnknownChoice),
            ("lead_organization_id", Problem::UnknownChoice),
            ("target_unit", Problem::Required),
        ] {
            assert!(
                found.contains(&(expected.0.to_owned(), expected.1)),
                "{expected:?} in {found:?}"
            );
        }
        let kept = error.form_errors().expect("valid");
        assert_eq!(kept.value("due_date"), Some("2026-01-01"));
        assert_eq!(kept.value("title_ru"), Some("Профилактика в школах"));
    }

    #[test]
    fn objectives_outside_the_category_need_confirming() {
        let mut f = form();
        f.objectives = vec!["O8".into(), "O6".into()];
        f.category = "enforcement".into();
        f.enforcement_focus = "trafficking".into();
        let error = TaskInput::parse(&f, Lang::Ru).expect_err("asks first");
        assert_eq!(
            problems(error.clone()),
            [("objectives".to_owned(), Problem::ObjectivesOutsideCategory)]
        );
        let kept = error.form_errors().expect("values");
        assert_eq!(
            kept.values_of("objectives"),
            ["O8", "O6"],
            "the choice stays"
        );
        f.confirm_objectives = "on".into();
        let input = TaskInput::parse(&f, Lang::Ru).expect("confirmed");
        assert_eq!(input.objectives, ["O8", "O6"]);
        f.objectives = vec!["O4".into()];
        f.confirm_objectives.clear();
        assert!(TaskInput::parse(&f, Lang::Ru).is_ok());
    }

    #[test]
    fn a_form_without_objectives_comes_back_with_the_categorys_ticked() {
        let mut f = form();
        f.objectives.clear();
        f.category = "enforcement".into();
        let error = TaskInput::parse(&f, Lang::Ru).expect_err("refused");
        let kept = error.form_errors().expect("values");
        assert_eq!(kept.values_of("objectives"), ["O2", "O4"]);
        assert_eq!(kept.problem("enforcement_focus"), Some(Problem::Required));
    }

    #[test]
    fn only_enforcement_tasks_keep_a_focus() {
        let mut f = form();
        f.enforcement_focus = "trafficking".into();
        assert_eq!(
            TaskInput::parse(&f, Lang::Ru)
                .expect("valid")
                .enforcement_focus,
            None
        );
        f.category = "enforcement".into();
        f.objectives = vec!["O4".into()];
        assert_eq!(
            TaskInput::parse(&f, Lang::Ru)
                .expect("valid")
                .enforcement_focus,
            Some(EnforcementFocus::Trafficking)
        );
        f.enforcement_focus = "users".into();
        let found = problems(TaskInput::parse(&f, Lang::Ru).expect_err("refused"));
        assert_eq!(
            found,
            [("enforcement_focus".to_owned(), Problem::UnknownChoice)]
        );
    }

    #[test]
    fn at_least_one_objective() {
        let mut f = form();
        f.objectives.clear();
        let found = problems(TaskInput::parse(&f, Lang::Ru).expect_err("refused"));
        assert_eq!(found, [("objectives".to_owned(), Problem::Required)]);
    }

    #[test]
    fn dates_are_real_calendar_dates() {
        assert_eq!(parse_date("2026-02-28"), Ok(date!(2026 - 02 - 28)));
        assert_eq!(parse_date("2026-02-30"), Err(Problem::InvalidDate));
        assert_eq!(parse_date("28.02.2026"), Err(Problem::InvalidDate));
        assert_eq!(parse_date("1899-01-01"), Err(Problem::InvalidDate));
        assert_eq!(parse_date(" "), Err(Problem::Required));
        assert_eq!(date_to_iso(date!(2026 - 03 - 05)), "2026-03-05");
    }

    #[test]
    fn bulk_assignment_needs_a_filter_and_is_assigned_at_once() {
        let mut f = form();
        f.assign_to = "many".into();
        let found = problems(TaskInput::parse(&f, Lang::Ru).expect_err("refused"));
        assert_eq!(found, [("bulk_kind".to_owned(), Problem::SelectorTooBroad)]);
        f.bulk_kind = "local_government".into();
        f.bulk_region = "KG02000000000".into();
        let input = TaskInput::parse(&f, Lang::Ru).expect("valid");
        assert_eq!(
            input.assignee,
            Assignee::Many(OrganizationSelector {
                kind: Some(OrgKind::LocalGovernment),
                region_code: Some("KG02000000000".into()),
                district_code: None
            })
        );
        f.intent = "draft".into();
        let found = problems(TaskInput::parse(&f, Lang::Ru).expect_err("refused"));
        assert_eq!(
            found,
            [("assign_to".to_owned(), Problem::ManyCannotBeDraft)]
        );
    }

    #[test]
    fn targets_need_a_number_and_a_unit() {
        let mut f = form();
        f.target_value = "1 200,5".into();
        f.target_unit = "people".into();
        assert_eq!(
            TaskInput::parse(&f, Lang::Ru).expect("valid").target,
            Some((1200.5, "people".into()))
        );
        f.target_value = "1\u{202f}200,5".into();
        assert_eq!(
            TaskInput::parse(&f, Lang::Ru)
                .expect("a value as the page prints it")
                .target,
            Some((1200.5, "people".into()))
        );
        f.target_value = "1,234".into();
        assert_eq!(
            TaskInput::parse(&f, Lang::En)
                .expect("English grouping")
                .target,
            Some((1234.0, "people".into()))
        );
        f.target_value = "many".into();
        let found = problems(TaskInput::parse(&f, Lang::Ru).expect_err("refused"));
        assert_eq!(found, [("target_value".to_owned(), Problem::InvalidNumber)]);
    }

    #[test]
    fn moves_that_need_a_note_require_one() {
        let parse = |mv: &str, version, note: &str, lead: &str, due_date: &str| {
            let form = MoveForm {
                mv: mv.into(),
                note: note.into(),
                lead_organization_id: lead.into(),
                due_date: due_date.into(),
            };
            MoveInput::parse(&form, version)
        };
        let error = parse("decline", 3, "  ", "", "").expect_err("refused");
        assert_eq!(problems(error), [("note".to_owned(), Problem::Required)]);
        let ok = parse("accept", 3, "", "", "").expect("valid");
        assert_eq!((ok.mv, ok.version), (Move::Accept, 3));
        let error = parse("reassign", 3, "", "", "").expect_err("refused");
        assert_eq!(
            problems(error),
            [("lead_organization_id".to_owned(), Problem::Required)]
        );
        assert_eq!(parse("teleport", 1, "", "", ""), Err(AppError::BadRequest));
        let reschedule = parse("reschedule", 1, "Flood", "", "2026-09-01").expect("valid");
        assert_eq!(reschedule.new_due_date, Some(date!(2026 - 09 - 01)));
    }
}
