//! Parsing what is done to a case: opening it from signals, asking an organisation for data
//! or follow-up work, naming assessors, scoring, confirming the risk, alerting, recording the
//! decision, signing off a stage, returning it, commenting. Each form reports every problem
//! beside its field and keeps what was typed.

use super::kinds::{CasePurpose, Criterion, Measure, RiskLevel, Stage};
use super::signals::impersonal_text;
use crate::domain::ids::{OrganizationId, SignalId, SubstanceId, UserId};
use crate::domain::inputs::{check, choice, text};
use crate::domain::substances::kinds::NationalList;
use crate::domain::tasks::inputs::parse_date;
use crate::error::{AppError, FormErrors, Problem};
use serde::{Deserialize, Serialize};
use time::Date;

/// The longest title of a case or a task asked from it.
pub const TITLE_MAX: usize = 300;
/// The longest rationale, note, comment or task description.
pub const NOTE_MAX: usize = 4000;
/// The most signals one case is opened with.
pub const SIGNALS_MAX: usize = 200;

/// Refuses with the typed values kept.
fn refuse(errors: FormErrors, values: Vec<(&'static str, &str)>) -> AppError {
    AppError::Invalid(errors.with_values(values))
}

/// An id from a select box or a checkbox.
fn id(raw: &str) -> Result<i64, Problem> {
    match raw.trim() {
        "" => Err(Problem::Required),
        raw => raw
            .parse::<i64>()
            .ok()
            .filter(|id| *id > 0)
            .ok_or(Problem::UnknownChoice),
    }
}

/// Ids from checkboxes, blank ones left out, each once.
fn ids(raw: &[String], max: usize) -> Result<Vec<i64>, Problem> {
    let mut found = Vec::new();
    for value in raw.iter().filter(|v| !v.trim().is_empty()) {
        let value = id(value)?;
        if !found.contains(&value) {
            found.push(value);
        }
    }
    if found.len() > max {
        return Err(Problem::TooLong);
    }
    Ok(found)
}

/// A deadline: a day from `today` on.
pub fn deadline(raw: &str, today: Date) -> Result<Date, Problem> {
    let date = parse_date(raw)?;
    if date < today {
        Err(Problem::DateInPast)
    } else {
        Ok(date)
    }
}

/// Opening a case.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct OpenCaseForm {
    pub title: String,
    pub substance_id: String,
    pub stage_due: String,
    pub signals: Vec<String>,
}

#[derive(Clone, Debug, PartialEq)]
pub struct OpenCase {
    pub title: String,
    pub substance: Option<SubstanceId>,
    pub stage_due: Date,
    pub signals: Vec<SignalId>,
}

impl OpenCaseForm {
    pub fn values(&self) -> Vec<(&'static str, &str)> {
        let mut values = vec![
            ("title", self.title.as_str()),
            ("substance_id", &self.substance_id),
            ("stage_due", &self.stage_due),
        ];
        values.extend(self.signals.iter().map(|s| ("signals", s.as_str())));
        values
    }

    pub fn fail(&self, errors: FormErrors) -> AppError {
        refuse(errors, self.values())
    }

    pub fn parse(&self, today: Date) -> Result<OpenCase, AppError> {
        let mut e = FormErrors::new();
        let title = check(
            &mut e,
            "title",
            impersonal_text(&self.title, TITLE_MAX, true),
        );
        let substance = check(
            &mut e,
            "substance_id",
            match self.substance_id.trim() {
                "" => Ok(None),
                raw => id(raw).map(|i| Some(SubstanceId(i))),
            },
        );
        let stage_due = check(&mut e, "stage_due", deadline(&self.stage_due, today));
        let signals = check(&mut e, "signals", ids(&self.signals, SIGNALS_MAX));
        if signals.as_ref().is_some_and(Vec::is_empty) {
            e.add("signals", Problem::Required);
        }
        match (title, substance, stage_due, signals) {
            (Some(title), Some(substance), Some(stage_due), Some(signals)) if e.is_empty() => {
                Ok(OpenCase {
                    title,
                    substance,
                    stage_due,
                    signals: signals.into_iter().map(SignalId).collect(),
                })
            }
            _ => Err(self.fail(e)),
        }
    }
}

/// Asking an organisation for primary data, or giving it follow-up work: a task.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct CaseTaskForm {
    pub purpose: String,
    pub organization_id: String,
    pub title: String,
    pub description: String,
    pub due_date: String,
}

#[derive(Clone, Debug, PartialEq)]
pub struct CaseTask {
    pub purpose: CasePurpose,
    pub organization: OrganizationId,
    pub title: String,
    pub description: String,
    pub due_date: Date,
}

impl CaseTaskForm {
    pub fn values(&self) -> Vec<(&'static str, &str)> {
        vec![
            ("purpose", self.purpose.as_str()),
            ("organization_id", &self.organization_id),
            ("title", &self.title),
            ("description", &self.description),
            ("due_date", &self.due_date),
        ]
    }

    pub fn fail(&self, errors: FormErrors) -> AppError {
        refuse(errors, self.values())
    }

    pub fn parse(&self, today: Date) -> Result<CaseTask, AppError> {
        let mut e = FormErrors::new();
        let purpose = check(&mut e, "purpose", choice(&self.purpose, CasePurpose::parse));
        let organization = check(&mut e, "organization_id", id(&self.organization_id));
        let title = check(
            &mut e,
            "title",
            impersonal_text(&self.title, TITLE_MAX, true),
        );
        let description = check(
            &mut e,
            "description",
            impersonal_text(&self.description, NOTE_MAX, false),
        );
        let due_date = check(&mut e, "due_date", deadline(&self.due_date, today));
        match (purpose, organization, title, description, due_date) {
            (Some(purpose), Some(org), Some(title), Some(description), Some(due_date))
                if e.is_empty() =>
            {
                Ok(CaseTask {
                    purpose,
                    organization: OrganizationId(org),
                    title,
                    description,
                    due_date,
                })
            }
            _ => Err(self.fail(e)),
        }
    }
}

/// Naming the assessors (the whole list: those left out are no longer assessors).
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct AssessorsForm {
    pub assessors: Vec<String>,
}

impl AssessorsForm {
    pub fn parse(&self) -> Result<Vec<UserId>, AppError> {
        let mut e = FormErrors::new();
        match ids(&self.assessors, 20) {
            Ok(found) if !found.is_empty() => Ok(found.into_iter().map(UserId).collect()),
            Ok(_) => {
                e.add("assessors", Problem::Required);
                Err(refuse(e, Vec::new()))
            }
            Err(problem) => {
                e.add("assessors", problem);
                Err(refuse(e, Vec::new()))
            }
        }
    }
}

/// An assessor's scores: a level and a rationale for each criterion.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct ScoreForm {
    pub medical_level: String,
    pub medical_rationale: String,
    pub social_level: String,
    pub social_rationale: String,
    pub legal_level: String,
    pub legal_rationale: String,
}

impl ScoreForm {
    pub fn values(&self) -> Vec<(&'static str, &str)> {
        vec![
            ("medical_level", self.medical_level.as_str()),
            ("medical_rationale", &self.medical_rationale),
            ("social_level", &self.social_level),
            ("social_rationale", &self.social_rationale),
            ("legal_level", &self.legal_level),
            ("legal_rationale", &self.legal_rationale),
        ]
    }

    pub fn parse(&self) -> Result<Vec<(Criterion, RiskLevel, String)>, AppError> {
        let mut e = FormErrors::new();
        let mut scores = Vec::new();
        for (criterion, level, rationale, level_field, rationale_field) in [
            (
                Criterion::Medical,
                &self.medical_level,
                &self.medical_rationale,
                "medical_level",
                "medical_rationale",
            ),
            (
                Criterion::Social,
                &self.social_level,
                &self.social_rationale,
                "social_level",
                "social_rationale",
            ),
            (
                Criterion::Legal,
                &self.legal_level,
                &self.legal_rationale,
                "legal_level",
                "legal_rationale",
            ),
        ] {
            let level = check(&mut e, level_field, choice(level, RiskLevel::parse));
            let rationale = check(
                &mut e,
                rationale_field,
                impersonal_text(rationale, NOTE_MAX, true),
            );
            if let (Some(level), Some(rationale)) = (level, rationale) {
                scores.push((criterion, level, rationale));
            }
        }
        if e.is_empty() {
            Ok(scores)
        } else {
            Err(refuse(e, self.values()))
        }
    }
}

/// Confirming the overall risk, and whom to alert when it is high.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct RiskForm {
    pub risk: String,
    pub note: String,
    pub alert: Vec<String>,
}

#[derive(Clone, Debug, PartialEq)]
pub struct RiskInput {
    pub risk: RiskLevel,
    pub note: String,
    pub alert: Vec<OrganizationId>,
}

impl RiskForm {
    pub fn values(&self) -> Vec<(&'static str, &str)> {
        let mut values = vec![("risk", self.risk.as_str()), ("note", &self.note)];
        values.extend(self.alert.iter().map(|a| ("alert", a.as_str())));
        values
    }

    /// The risk; a level other than `suggested` needs a reason.
    pub fn parse(&self, suggested: Option<RiskLevel>) -> Result<RiskInput, AppError> {
        let mut e = FormErrors::new();
        let risk = check(&mut e, "risk", choice(&self.risk, RiskLevel::parse));
        let note = check(&mut e, "note", impersonal_text(&self.note, NOTE_MAX, false));
        if let (Some(risk), Some(note)) = (risk, &note)
            && suggested.is_some_and(|s| s != risk)
            && note.is_empty()
        {
            e.add("note", Problem::ReasonRequired);
        }
        let alert = check(&mut e, "alert", ids(&self.alert, 500));
        if risk.is_some_and(|r| r != RiskLevel::High)
            && alert.as_ref().is_some_and(|a| !a.is_empty())
        {
            e.add("alert", Problem::AlertNeedsHighRisk);
        }
        match (risk, note, alert) {
            (Some(risk), Some(note), Some(alert)) if e.is_empty() => Ok(RiskInput {
                risk,
                note,
                alert: alert.into_iter().map(OrganizationId).collect(),
            }),
            _ => Err(refuse(e, self.values())),
        }
    }
}

/// Alerting more organisations of a high risk.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct AlertForm {
    pub organizations: Vec<String>,
}

impl AlertForm {
    pub fn parse(&self) -> Result<Vec<OrganizationId>, AppError> {
        let mut e = FormErrors::new();
        match ids(&self.organizations, 500) {
            Ok(found) if !found.is_empty() => Ok(found.into_iter().map(OrganizationId).collect()),
            result => {
                e.add("organizations", result.err().unwrap_or(Problem::Required));
                Err(refuse(e, Vec::new()))
            }
        }
    }
}

/// The decision.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct DecisionForm {
    pub measure: String,
    pub measure_list: String,
    pub body: String,
    pub act: String,
    pub act_date: String,
    pub effective_on: String,
}

/// A recorded decision: the measure, and for a measure of control the list (for inclusion in
/// a national list), the body, the act, its date and the day it takes effect.
#[derive(Clone, Debug, PartialEq)]
pub struct Decision {
    pub measure: Measure,
    pub list: Option<NationalList>,
    pub body: String,
    pub act: String,
    pub act_date: Option<Date>,
    pub effective_on: Option<Date>,
}

impl DecisionForm {
    pub fn values(&self) -> Vec<(&'static str, &str)> {
        vec![
            ("measure", self.measure.as_str()),
            ("measure_list", &self.measure_list),
            ("body", &self.body),
            ("act", &self.act),
            ("act_date", &self.act_date),
            ("effective_on", &self.effective_on),
        ]
    }

    pub fn parse(&self) -> Result<Decision, AppError> {
        let mut e = FormErrors::new();
        let measure = check(&mut e, "measure", choice(&self.measure, Measure::parse));
        let controls = measure.is_some_and(Measure::controls);
        let required = |raw: &str| {
            if controls {
                text(raw, TITLE_MAX, true)
            } else {
                text(raw, TITLE_MAX, false)
            }
        };
        let body = check(&mut e, "body", required(&self.body)).map(Option::unwrap_or_default);
        let act = check(&mut e, "act", required(&self.act)).map(Option::unwrap_or_default);
        let date = |raw: &str| match (raw.trim().is_empty(), controls) {
            (true, false) => Ok(None),
            _ => parse_date(raw).map(Some),
        };
        let act_date = check(&mut e, "act_date", date(&self.act_date));
        let effective_on = check(&mut e, "effective_on", date(&self.effective_on));
        if let (Some(Some(act)), Some(Some(effective))) = (act_date, effective_on)
            && effective < act
        {
            e.add("effective_on", Problem::EffectiveBeforeAct);
        }
        let list = match measure {
            Some(Measure::NationalList) => check(
                &mut e,
                "measure_list",
                choice(&self.measure_list, |l| {
                    NationalList::parse(l).filter(|l| *l != NationalList::Temporary)
                }),
            )
            .map(Some),
            _ => Some(None),
        };
        match (measure, list, body, act, act_date, effective_on) {
            (
                Some(measure),
                Some(list),
                Some(body),
                Some(act),
                Some(act_date),
                Some(effective_on),
            ) if e.is_empty() => Ok(Decision {
                measure,
                list,
                body,
                act,
                act_date,
                effective_on,
            }),
            _ => Err(refuse(e, self.values())),
        }
    }
}

impl Decision {
    /// The national list the substance goes on, if the measure controls it.
    pub fn control_list(&self) -> Option<NationalList> {
        match self.measure {
            Measure::TemporaryControl => Some(NationalList::Temporary),
            Measure::NationalList => self.list,
            Measure::NoAction | Measure::Monitoring => None,
        }
    }

    /// The legal act as the register shows it: the body, the act and its date.
    pub fn act_line(&self) -> String {
        match self.act_date {
            Some(date) => format!(
                "{}, {}, {}",
                self.body,
                self.act,
                crate::domain::tasks::inputs::date_to_iso(date)
            ),
            None => format!("{}, {}", self.body, self.act),
        }
    }
}

/// Signing off a stage: the substance (required to leave primary data) and the next stage's
/// deadline.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct SignOffForm {
    pub substance_id: String,
    pub next_due: String,
}

impl SignOffForm {
    pub fn values(&self) -> Vec<(&'static str, &str)> {
        vec![
            ("substance_id", self.substance_id.as_str()),
            ("next_due", &self.next_due),
        ]
    }

    /// The substance named (if any) and the next deadline (none when the case closes).
    pub fn parse(
        &self,
        stage: Stage,
        today: Date,
    ) -> Result<(Option<SubstanceId>, Option<Date>), AppError> {
        let mut e = FormErrors::new();
        let substance = check(
            &mut e,
            "substance_id",
            match self.substance_id.trim() {
                "" => Ok(None),
                raw => id(raw).map(|i| Some(SubstanceId(i))),
            },
        );
        let next_due = if stage == Stage::Decision {
            Some(None)
        } else {
            check(&mut e, "next_due", deadline(&self.next_due, today)).map(Some)
        };
        match (substance, next_due) {
            (Some(substance), Some(next_due)) if e.is_empty() => Ok((substance, next_due)),
            _ => Err(refuse(e, self.values())),
        }
    }
}

/// Returning a case to an earlier stage.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct ReturnForm {
    pub stage: String,
    pub note: String,
}

impl ReturnForm {
    pub fn values(&self) -> Vec<(&'static str, &str)> {
        vec![("stage", self.stage.as_str()), ("note", &self.note)]
    }

    pub fn parse(&self, from: Stage) -> Result<(Stage, String), AppError> {
        let mut e = FormErrors::new();
        let stage = check(
            &mut e,
            "stage",
            choice(&self.stage, |s| {
                Stage::parse(s).filter(|s| from.earlier().contains(s))
            }),
        );
        let note = check(&mut e, "note", impersonal_text(&self.note, NOTE_MAX, true));
        match (stage, note) {
            (Some(stage), Some(note)) if e.is_empty() => Ok((stage, note)),
            _ => Err(refuse(e, self.values())),
        }
    }
}

/// A comment on a case: nothing personal, at most [`NOTE_MAX`] characters.
pub fn parse_comment(body: &str) -> Result<String, AppError> {
    impersonal_text(body, NOTE_MAX, true).map_err(|problem| {
        let mut e = FormErrors::new();
        e.add("body", problem);
        refuse(e, vec![("body", body)])
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use time::macros::date;

    const TODAY: Date = date!(2026 - 11 - 28);

    fn problems(result: Result<impl std::fmt::Debug, AppError>) -> Vec<(String, Problem)> {
        match result {
            Err(AppError::Invalid(e)) => e.problems,
            other => panic!("expected a refusal, got {other:?}"),
        }
    }

    #[test]
    fn a_case_opens_from_signals_with_a_deadline_to_come() {
        let form = OpenCaseForm {
            title: "Мефедрон: отравления в Бишкеке".into(),
            substance_id: "".into(),
            stage_due: "2026-12-28".into(),
            signals: vec!["3".into(), "".into(), "3".into(), "5".into()],
        };
        let open = form.parse(TODAY).expect("valid");
        assert_eq!(open.signals, vec![SignalId(3), SignalId(5)]);
        let late = OpenCaseForm {
            stage_due: "2026-11-27".into(),
            signals: vec![],
            ..form
        };
        let found = problems(late.parse(TODAY));
        assert!(found.contains(&("stage_due".into(), Problem::DateInPast)));
        assert!(found.contains(&("signals".into(), Problem::Required)));
    }

    #[test]
    fn a_changed_risk_needs_a_reason_and_only_a_high_one_alerts() {
        let form = RiskForm {
            risk: "moderate".into(),
            note: "".into(),
            alert: vec!["4".into()],
        };
        let found = problems(form.parse(Some(RiskLevel::High)));
        assert!(found.contains(&("note".into(), Problem::ReasonRequired)));
        assert!(found.contains(&("alert".into(), Problem::AlertNeedsHighRisk)));
        let high = RiskForm {
            risk: "high".into(),
            ..form
        };
        assert_eq!(
            high.parse(Some(RiskLevel::High)).expect("valid").alert,
            vec![OrganizationId(4)]
        );
    }

    #[test]
    fn a_decision_of_control_needs_its_act_and_dates() {
        let form = DecisionForm {
            measure: "national_list".into(),
            measure_list: "".into(),
            body: "".into(),
            act: "".into(),
            act_date: "2026-12-01".into(),
            effective_on: "2026-11-30".into(),
        };
        let found = problems(form.parse());
        for (field, problem) in [
            ("measure_list", Problem::Required),
            ("body", Problem::Required),
            ("act", Problem::Required),
            ("effective_on", Problem::EffectiveBeforeAct),
        ] {
            assert!(
                found.contains(&(field.into(), problem)),
                "{field}: {found:?}"
            );
        }
        let monitoring = DecisionForm {
            measure: "monitoring".into(),
            ..DecisionForm::default()
        };
        let decision = monitoring.parse().expect("valid");
        assert_eq!(decision.control_list(), None);
        let temporary = DecisionForm {
            measure: "temporary_control".into(),
            body: "Кабинет министров".into(),
            act: "Постановление № 512".into(),
            act_date: "2026-12-01".into(),
            effective_on: "2026-12-11".into(),
            ..DecisionForm::default()
        };
        assert_eq!(
            temporary.parse().expect("valid").control_list(),
            Some(NationalList::Temporary)
        );
    }

    #[test]
    fn scores_need_a_level_and_a_rationale_for_each_criterion() {
        let form = ScoreForm {
            medical_level: "high".into(),
            medical_rationale: "Тяжёлые отравления, две смерти".into(),
            social_level: "moderate".into(),
            social_rationale: "".into(),
            legal_level: "extreme".into(),
            legal_rationale: "Аналог катинона".into(),
        };
        let found = problems(form.parse());
        assert_eq!(
            found,
            vec![
                ("social_rationale".into(), Problem::Required),
                ("legal_level".into(), Problem::UnknownChoice)
            ]
        );
    }

    #[test]
    fn a_case_returns_only_to_an_earlier_stage_with_a_reason() {
        let form = ReturnForm {
            stage: "decision".into(),
            note: "".into(),
        };
        let found = problems(form.parse(Stage::Assessment));
        assert!(found.contains(&("stage".into(), Problem::UnknownChoice)));
        assert!(found.contains(&("note".into(), Problem::Required)));
        let back = ReturnForm {
            stage: "primary_data".into(),
            note: "Нужен повторный анализ".into(),
        };
        assert_eq!(
            back.parse(Stage::Decision).expect("valid").0,
            Stage::PrimaryData
        );
    }
}
