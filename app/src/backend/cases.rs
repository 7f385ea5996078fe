//! The case services: the list by stage, one case with what the caller may do, and every act
//! on a case. Each asks the policy for the caller's standing towards the case and the stage
//! machine whether the act is allowed in its stage, before anything is read or written; a case
//! the caller takes no part in is "not found".

use super::db::{
    self,
    cases::CaseRecord,
    evidence::{FileOwner, NewFile},
    tasks::NewTask,
};
use super::state::AppState;
use super::{now, today};
use crate::domain::early_warning::cases::{
    AlertForm, AssessorsForm, CaseTaskForm, DecisionForm, OpenCaseForm, ReturnForm, RiskForm,
    ScoreForm, SignOffForm, parse_comment,
};
use crate::domain::early_warning::kinds::{CasePurpose, RiskLevel, Stage};
use crate::domain::early_warning::views::{
    CaseListPage, CasePage, RegionSignals, SubstanceSignals, TimelineStep,
};
use crate::domain::early_warning::workflow::{
    CaseAct, CaseStanding, missing, permitted, suggested_risk,
};
use crate::domain::evidence::MAX_CASE_FILES;
use crate::domain::ids::{CaseId, FileId, OrganizationId, SubstanceId, TaskId, UserId};
use crate::domain::policy::{self, Action, Permit, Scope};
use crate::domain::public::Count;
use crate::domain::tasks::fields::{Category, Coverage, Priority};
use crate::domain::tasks::inputs::TaskPlace;
use crate::domain::tasks::workflow::Status;
use crate::domain::views::Trilingual;
use crate::error::{AppError, FormErrors, Problem};
use crate::i18n::Lang;
use time::Duration;

/// The cases in `stage` (the open ones for `None`) the caller may see, with counts by stage.
pub async fn list(
    state: &AppState,
    permit: &Permit,
    stage: Option<Stage>,
) -> Result<CaseListPage, AppError> {
    let organization = match permit.scope_of(Action::ViewCases) {
        Scope::All => None,
        Scope::Organization(own) => Some(own),
        _ => return Err(AppError::Forbidden),
    };
    let today = today();
    let rows = db::cases::list(&state.db, stage, organization, None, today).await?;
    let (counts, overdue) = db::cases::counts(&state.db, organization, today).await?;
    Ok(CaseListPage {
        rows,
        stage,
        counts,
        overdue,
    })
}

/// The case and how the caller stands towards it; "not found" for outsiders.
async fn standing(
    state: &AppState,
    permit: &Permit,
    id: CaseId,
) -> Result<(CaseRecord, CaseStanding), AppError> {
    if !permit.may(Action::ViewCases) {
        return Err(AppError::Forbidden);
    }
    let record = db::cases::get(&state.db, id)
        .await?
        .ok_or(AppError::NotFound)?;
    let actor = permit.actor();
    let standing = match permit.scope_of(Action::ViewCases) {
        Scope::All => policy::case_standing(&actor, false, true),
        Scope::Organization(own) => {
            let assessor = db::cases::is_assessor(&state.db, id, actor.user_id).await?;
            let involved = assessor || db::cases::involves_organization(&state.db, id, own).await?;
            policy::case_standing(&actor, assessor, involved)
        }
        _ => CaseStanding::Outsider,
    };
    if standing == CaseStanding::Outsider {
        return Err(AppError::NotFound);
    }
    Ok((record, standing))
}

/// Checks that the caller takes part in case `id` (coordinators in every one).
pub async fn check_visible(state: &AppState, permit: &Permit, id: CaseId) -> Result<(), AppError> {
    standing(state, permit, id).await.map(|_| ())
}

/// Adds a received file to the case's evidence and its history: anyone who may write in its
/// discussion may. Files are part of the case's record: none is taken off.
pub async fn attach(
    state: &AppState,
    permit: &Permit,
    id: CaseId,
    file: &NewFile,
) -> Result<FileId, AppError> {
    allowed(state, permit, id, CaseAct::Comment).await?;
    if db::evidence::count(&state.db, FileOwner::Case(id)).await? >= MAX_CASE_FILES as i64 {
        return Err(FormErrors::single("evidence", Problem::TooManyFiles));
    }
    let saved = db::cases::add_file(&state.db, id, file, permit.me().user_id, now()).await?;
    super::cache::writes().written();
    tracing::info!(case = id.0, file = saved.0, "evidence added to a case");
    Ok(saved)
}

/// The case, if the caller may do `act` to it in its stage.
async fn allowed(
    state: &AppState,
    permit: &Permit,
    id: CaseId,
    act: CaseAct,
) -> Result<CaseRecord, AppError> {
    let (record, standing) = standing(state, permit, id).await?;
    if !permit.may(Action::ManageCases) && act != CaseAct::Comment && act != CaseAct::Score {
        return Err(AppError::Forbidden);
    }
    if !permitted(standing, act, record.stage()?) {
        return Err(if standing == CaseStanding::Coordinator {
            AppError::MoveNotAllowed
        } else {
            AppError::Forbidden
        });
    }
    Ok(record)
}

/// One case in full.
pub async fn page(state: &AppState, permit: &Permit, id: CaseId) -> Result<CasePage, AppError> {
    let (record, standing) = standing(state, permit, id).await?;
    let db = &state.db;
    let stage = record.stage()?;
    let facts = db::cases::facts(db, &record).await?;
    let assessors = db::cases::assessors(db, id).await?;
    let history = db::cases::history_of(db, id).await?;
    // The highest level any assessor gave, from the scores shown side by side.
    let suggested = suggested_risk(
        assessors
            .iter()
            .flat_map(|a| a.scores.iter().map(|(_, level, _)| *level)),
    );
    let me = permit.actor().user_id;
    let my_scores = (standing == CaseStanding::Assessor).then(|| {
        let mine = assessors.iter().find(|a| a.user_id == me);
        let get = |c: &str| {
            mine.and_then(|a| a.scores.iter().find(|(k, _, _)| k.as_str() == c))
                .map(|(_, l, r)| (l.as_str().to_owned(), r.clone()))
                .unwrap_or_default()
        };
        let (medical_level, medical_rationale) = get("medical");
        let (social_level, social_rationale) = get("social");
        let (legal_level, legal_rationale) = get("legal");
        ScoreForm {
            medical_level,
            medical_rationale,
            social_level,
            social_rationale,
            legal_level,
            legal_rationale,
        }
    });
    let coordinator = standing == CaseStanding::Coordinator;
    let (experts, organizations) = if coordinator {
        db::cases::organization_choices(db).await?
    } else {
        (Vec::new(), Vec::new())
    };
    let mut timeline: Vec<TimelineStep> = Vec::new();
    for h in &history {
        if let Some(to) = h.to {
            if let Some(last) = timeline.last_mut() {
                last.left = Some(h.at);
            }
            if to != Stage::Closed {
                timeline.push(TimelineStep {
                    stage: to,
                    entered: h.at,
                    left: None,
                });
            }
        }
    }
    let acts = CaseAct::ALL
        .into_iter()
        .filter(|act| permitted(standing, *act, stage))
        .filter(|act| *act != CaseAct::Alert || facts.risk == Some(RiskLevel::High))
        .collect();
    Ok(CasePage {
        id,
        version: record.version,
        title: record.title.clone(),
        substance: record.substance(),
        stage,
        stage_due: record.stage_due,
        overdue: stage != Stage::Closed && record.stage_due < today(),
        opened_at: record.opened_at,
        risk: facts.risk,
        risk_note: record.risk_note.clone(),
        suggested_risk: suggested,
        decision: record.decision()?,
        signals: db::signals::of_case(db, id).await?,
        tasks: db::cases::tasks(db, id).await?,
        assessors,
        alerted: db::cases::alerts(db, id).await?,
        history,
        evidence: super::reports::evidence(state, FileOwner::Case(id)).await?,
        upload_errors: None,
        timeline,
        missing: missing(stage, &facts),
        acts,
        my_scores,
        experts,
        organizations,
        assessor_choices: if coordinator {
            db::cases::assessor_choices(db).await?
        } else {
            Vec::new()
        },
        substances: if coordinator {
            db::signals::substance_choices(db).await?
        } else {
            Vec::new()
        },
        next_due: stage
            .next()
            .filter(|s| *s != Stage::Closed)
            .map(|s| today() + Duration::days(s.default_days())),
        task_due: today() + Duration::days(21),
    })
}

/// Checks that a substance named in a form exists.
async fn check_substance(
    state: &AppState,
    substance: Option<SubstanceId>,
    errors: &mut FormErrors,
) -> Result<(), AppError> {
    if let Some(s) = substance
        && db::substances::get(&state.db, s).await?.is_none()
    {
        errors.add("substance_id", Problem::UnknownChoice);
    }
    Ok(())
}

/// Opens a case from signals (coordinators).
pub async fn open(
    state: &AppState,
    permit: &Permit,
    form: &OpenCaseForm,
) -> Result<CaseId, AppError> {
    if !permit.may(Action::ManageCases) {
        return Err(AppError::Forbidden);
    }
    let input = form.parse(today())?;
    let mut errors = FormErrors::new();
    check_substance(state, input.substance, &mut errors).await?;
    let found = db::signals::cases_of(&state.db, &input.signals).await?;
    if found.len() != input.signals.len() {
        errors.add("signals", Problem::UnknownChoice);
    } else if found.iter().any(|(_, case)| case.is_some()) {
        errors.add("signals", Problem::SignalInCase);
    }
    if !errors.is_empty() {
        return Err(form.fail(errors));
    }
    let by = permit.me().user_id;
    match db::cases::open(&state.db, &input, by, false, now()).await? {
        Some(id) => {
            super::cache::writes().written();
            tracing::info!(case = id.0, "case opened");
            Ok(id)
        }
        None => Err(form.fail({
            let mut e = FormErrors::new();
            e.add("signals", Problem::SignalInCase);
            e
        })),
    }
}

/// The task a case asks for, written in the coordinator's language.
pub fn case_task(
    input: &crate::domain::early_warning::cases::CaseTask,
    lang: Lang,
    by: UserId,
    is_demo: bool,
) -> NewTask {
    let in_lang = |text: &str| {
        let mut t = Trilingual::default();
        match lang {
            Lang::Ky => t.ky = text.to_owned(),
            Lang::Ru => t.ru = text.to_owned(),
            Lang::En => t.en = text.to_owned(),
        }
        t
    };
    let principle = match input.purpose {
        CasePurpose::PrimaryData => "P7",
        CasePurpose::FollowUp => "P12",
    };
    NewTask {
        parent_id: None,
        is_group: false,
        written_in: lang,
        title: in_lang(&input.title),
        description: in_lang(&input.description),
        category: Category::LicitControl,
        place: TaskPlace {
            coverage: Coverage::National,
            region_code: None,
            district_code: None,
            municipality_code: None,
        },
        lead: Some(input.organization),
        supporting: Vec::new(),
        objectives: vec!["O3".to_owned()],
        principles: vec![principle.to_owned()],
        start_date: today(),
        due_date: input.due_date,
        priority: match input.purpose {
            CasePurpose::PrimaryData => Priority::High,
            CasePurpose::FollowUp => Priority::Urgent,
        },
        expected_result: String::new(),
        target: None,
        enforcement_focus: None,
        status: Status::Assigned,
        is_demo,
        created_by: by,
        note: String::new(),
    }
}

/// Asks an expert organisation for primary data, or gives an organisation follow-up work
/// once the risk is found high: a task assigned at once, linked to the case.
pub async fn add_task(
    state: &AppState,
    permit: &Permit,
    id: CaseId,
    form: &CaseTaskForm,
    lang: Lang,
    is_demo: bool,
) -> Result<TaskId, AppError> {
    let (record, standing) = standing(state, permit, id).await?;
    let input = form.parse(today())?;
    let act = match input.purpose {
        CasePurpose::PrimaryData => CaseAct::RequestData,
        CasePurpose::FollowUp => CaseAct::Alert,
    };
    let stage = record.stage()?;
    if !permitted(standing, act, stage)
        || (act == CaseAct::Alert && record.risk()? != Some(RiskLevel::High))
    {
        return Err(if standing == CaseStanding::Coordinator {
            AppError::MoveNotAllowed
        } else {
            AppError::Forbidden
        });
    }
    let (experts, all) = db::cases::organization_choices(&state.db).await?;
    let choices = match input.purpose {
        CasePurpose::PrimaryData => experts,
        CasePurpose::FollowUp => all,
    };
    if !choices.iter().any(|o| o.id == input.organization.0) {
        let mut e = FormErrors::new();
        e.add(
            "organization_id",
            if input.purpose == CasePurpose::PrimaryData {
                Problem::NotAnExpert
            } else {
                Problem::UnknownChoice
            },
        );
        return Err(form.fail(e));
    }
    let by = permit.me().user_id;
    let task = case_task(&input, lang, by, is_demo);
    let task_id =
        db::cases::add_task(&state.db, id, input.purpose, &task, &input, by, now()).await?;
    super::cache::writes().written();
    Ok(task_id)
}

/// Names the assessors: reporters of expert organisations.
pub async fn name_assessors(
    state: &AppState,
    permit: &Permit,
    id: CaseId,
    form: &AssessorsForm,
) -> Result<(), AppError> {
    allowed(state, permit, id, CaseAct::NameAssessors).await?;
    let people = form.parse()?;
    let choices = db::cases::assessor_choices(&state.db).await?;
    if !people
        .iter()
        .all(|p| choices.iter().any(|(u, _, _)| u == p))
    {
        let mut e = FormErrors::new();
        e.add("assessors", Problem::NotAnAssessor);
        return Err(AppError::Invalid(e));
    }
    db::cases::name_assessors(&state.db, id, &people, permit.me().user_id, now()).await?;
    super::cache::writes().written();
    Ok(())
}

/// An assessor scores the criteria.
pub async fn score(
    state: &AppState,
    permit: &Permit,
    id: CaseId,
    form: &ScoreForm,
) -> Result<(), AppError> {
    allowed(state, permit, id, CaseAct::Score).await?;
    let scores = form.parse()?;
    db::cases::score(&state.db, id, permit.me().user_id, &scores, now()).await?;
    super::cache::writes().written();
    Ok(())
}

/// Organisations that may be alerted or given follow-up work, as chosen.
async fn check_organizations(
    state: &AppState,
    chosen: &[OrganizationId],
    field: &str,
    values: Vec<(&'static str, &str)>,
) -> Result<(), AppError> {
    let (_, all) = db::cases::organization_choices(&state.db).await?;
    if chosen.iter().all(|o| all.iter().any(|a| a.id == o.0)) {
        Ok(())
    } else {
        let mut e = FormErrors::new();
        e.add(field, Problem::UnknownChoice);
        Err(AppError::Invalid(e.with_values(values)))
    }
}

/// The coordinator confirms (or changes) the suggested risk; a high one alerts.
pub async fn confirm_risk(
    state: &AppState,
    permit: &Permit,
    id: CaseId,
    version: i64,
    form: &RiskForm,
) -> Result<(), AppError> {
    allowed(state, permit, id, CaseAct::ConfirmRisk).await?;
    let suggested = suggested_risk(db::cases::levels(&state.db, id).await?);
    let input = form.parse(suggested)?;
    check_organizations(state, &input.alert, "alert", form.values()).await?;
    let ok = db::cases::confirm_risk(
        &state.db,
        id,
        version,
        input.risk,
        &input.note,
        &input.alert,
        permit.me().user_id,
        now(),
    )
    .await?;
    if !ok {
        return Err(AppError::Conflict);
    }
    super::cache::writes().written();
    Ok(())
}

/// Alerts more organisations of a high risk.
pub async fn alert(
    state: &AppState,
    permit: &Permit,
    id: CaseId,
    form: &AlertForm,
) -> Result<(), AppError> {
    let record = allowed(state, permit, id, CaseAct::Alert).await?;
    if record.risk()? != Some(RiskLevel::High) {
        return Err(AppError::MoveNotAllowed);
    }
    let orgs = form.parse()?;
    check_organizations(state, &orgs, "organizations", Vec::new()).await?;
    db::cases::alert(&state.db, id, &orgs, permit.me().user_id, now()).await?;
    super::cache::writes().written();
    Ok(())
}

/// Records the decision.
pub async fn decide(
    state: &AppState,
    permit: &Permit,
    id: CaseId,
    version: i64,
    form: &DecisionForm,
) -> Result<(), AppError> {
    allowed(state, permit, id, CaseAct::RecordDecision).await?;
    let decision = form.parse()?;
    if !db::cases::record_decision(
        &state.db,
        id,
        version,
        &decision,
        permit.me().user_id,
        now(),
    )
    .await?
    {
        return Err(AppError::Conflict);
    }
    super::cache::writes().written();
    Ok(())
}

/// Signs off the stage once it holds what it needs; the decision's sign-off closes the case
/// and updates the substance's control status.
pub async fn sign_off(
    state: &AppState,
    permit: &Permit,
    id: CaseId,
    version: i64,
    form: &SignOffForm,
) -> Result<Stage, AppError> {
    let record = allowed(state, permit, id, CaseAct::SignOff).await?;
    let stage = record.stage()?;
    let (substance, next_due) = form.parse(stage, today())?;
    let mut errors = FormErrors::new();
    check_substance(state, substance, &mut errors).await?;
    if !errors.is_empty() {
        return Err(AppError::Invalid(errors.with_values(form.values())));
    }
    let mut facts = db::cases::facts(&state.db, &record).await?;
    facts.substance_identified |= substance.is_some();
    let lacks = missing(stage, &facts);
    if !lacks.is_empty() {
        return Err(AppError::MoveNotAllowed);
    }
    let control = match record.decision()? {
        Some(d) if stage == Stage::Decision => d.control(),
        _ => None,
    };
    let ok = db::cases::sign_off(
        &state.db,
        &record,
        version,
        substance,
        next_due,
        control,
        permit.me().user_id,
        now(),
    )
    .await?;
    if !ok {
        return Err(AppError::Conflict);
    }
    super::cache::writes().written();
    tracing::info!(case = id.0, stage = stage.as_str(), "case stage signed off");
    Ok(stage.next().unwrap_or(Stage::Closed))
}

/// Returns the case to an earlier stage with a reason; the stage gets its usual time again.
pub async fn return_case(
    state: &AppState,
    permit: &Permit,
    id: CaseId,
    version: i64,
    form: &ReturnForm,
) -> Result<(), AppError> {
    let record = allowed(state, permit, id, CaseAct::Return).await?;
    let (to, note) = form.parse(record.stage()?)?;
    let due = today() + Duration::days(to.default_days());
    if !db::cases::return_to(
        &state.db,
        &record,
        version,
        to,
        &note,
        due,
        permit.me().user_id,
        now(),
    )
    .await?
    {
        return Err(AppError::Conflict);
    }
    super::cache::writes().written();
    Ok(())
}

/// Writes in the case's discussion (everyone taking part).
pub async fn comment(
    state: &AppState,
    permit: &Permit,
    id: CaseId,
    body: &str,
) -> Result<(), AppError> {
    allowed(state, permit, id, CaseAct::Comment).await?;
    let body = parse_comment(body)?;
    db::cases::comment(&state.db, id, &body, permit.me().user_id, now()).await?;
    super::cache::writes().written();
    Ok(())
}

/// A substance's signals by year and region (people counted under the small-count rule), and
/// its cases for those who see every case.
pub async fn substance_signals(
    state: &AppState,
    permit: &Permit,
    substance: SubstanceId,
) -> Result<SubstanceSignals, AppError> {
    if !permit.may(Action::ViewSubstances) {
        return Err(AppError::Forbidden);
    }
    let db = &state.db;
    let by_year = db::signals::by_year(db, substance.0)
        .await?
        .into_iter()
        .map(|(y, n, p, d)| (y, n, Count::of(p), Count::of(d)))
        .collect();
    let by_region = db::signals::by_region(db, substance.0)
        .await?
        .into_iter()
        .map(|r| RegionSignals {
            name: r.name,
            point: r.point,
            signals: r.signals,
            poisonings: Count::of(r.poisonings),
            deaths: Count::of(r.deaths),
        })
        .collect();
    let cases = if permit.scope_of(Action::ViewCases) == Scope::All {
        db::cases::list(db, None, None, Some(substance), today()).await?
    } else {
        Vec::new()
    };
    Ok(SubstanceSignals {
        by_year,
        by_region,
        cases,
    })
}

/// The dashboard's early-warning figures: national counts only (no case is named), so any
/// caller who sees the dashboard sees them; one short-lived copy serves everyone.
pub async fn figures(
    state: &AppState,
    permit: &Permit,
) -> Result<crate::domain::early_warning::figures::WarningFigures, AppError> {
    use crate::domain::early_warning::figures::{WarningFigures, YEARS_SHOWN, stage_times, years};
    if permit.action() != Action::ViewDashboard {
        return Err(AppError::Forbidden);
    }
    let today = today();
    state
        .caches
        .warning_figures
        .get_or_read(today, || async {
            let first = today.year() - (YEARS_SHOWN - 1);
            let since = time::Date::from_ordinal_date(first, 1).map_err(|_| AppError::Internal)?;
            let counts = db::warning_figures::yearly(&state.db, since).await?;
            let entries = db::warning_figures::stage_entries(&state.db).await?;
            Ok(WarningFigures {
                years: years(first, today.year(), &counts),
                stages: stage_times(&entries),
            })
        })
        .await
}
