//! The indicator services: keeping the catalogue, entering values (by the responsible
//! organisation), accepting or returning them (coordinators), and assembling the catalogue,
//! an indicator's page with its series and progress, and the catalogue form.

use super::db::{
    self,
    indicators::{Entered, IndicatorRecord, NewValue},
};
use super::tasks::code_names;
use super::{now, state::AppState, today};
use crate::domain::{
    ids::{IndicatorId, OrganizationId, ValueId},
    indicators::catalogue::{ValueDecision, ValueStatus, progress},
    indicators::inputs::{IndicatorForm, IndicatorInput, ValueForm, ValueInput},
    indicators::views::{
        IndicatorFormPage, IndicatorListPage, IndicatorPage, IndicatorRow, ValueRow,
    },
    inputs::text,
    policy::{self, Action, Permit},
    reports::periods::{Calendar, Period},
    tasks::inputs::TEXT_MAX,
    tasks::views::OrgRef,
};
use crate::error::{AppError, FormErrors, Problem};
use crate::i18n::Lang;

/// The calendar of an indicator's periods (values are due at the period's end).
fn calendar_of(record: &IndicatorRecord) -> Result<Calendar, AppError> {
    Ok(Calendar {
        period_months: record.frequency()?.months(),
        deadline_days: 0,
    })
}

fn row_of(
    record: &IndicatorRecord,
    latest: Option<(Period, f64)>,
) -> Result<IndicatorRow, AppError> {
    let baseline = (
        record.baseline_value,
        i32::try_from(record.baseline_year).unwrap_or(2000),
    );
    let target = (
        record.target_value,
        i32::try_from(record.target_year).unwrap_or(2000),
    );
    Ok(IndicatorRow {
        id: record.id(),
        code: record.code.clone(),
        name: record.name(),
        unit: record.unit(),
        objective_code: record.objective_code.clone(),
        direction: record.direction()?,
        baseline,
        target,
        organization: record.organization(),
        frequency: record.frequency()?,
        breakdowns: record.breakdowns(),
        progress: latest.and_then(|(_, v)| progress(baseline.0, target.0, v)),
        latest,
    })
}

/// The catalogue, each indicator with its latest accepted value and progress.
pub async fn list(state: &AppState, permit: &Permit) -> Result<IndicatorListPage, AppError> {
    Ok(IndicatorListPage {
        rows: catalogue(state).await?,
        may_manage: permit.may(Action::ManageIndicators),
    })
}

/// Every indicator with its latest accepted value and progress: what anyone may read.
pub async fn catalogue(state: &AppState) -> Result<Vec<IndicatorRow>, AppError> {
    let latest = db::indicators::latest_totals(&state.db).await?;
    let rows: Vec<IndicatorRow> = db::indicators::all(&state.db)
        .await?
        .iter()
        .map(|record| {
            let last =
                latest
                    .iter()
                    .find(|l| l.0 == record.indicator_id)
                    .map(|(_, start, end, v)| {
                        (
                            Period {
                                start: *start,
                                end: *end,
                                deadline: *end,
                            },
                            *v,
                        )
                    });
            row_of(record, last)
        })
        .collect::<Result<_, _>>()?;
    Ok(rows)
}

async fn record(state: &AppState, id: IndicatorId) -> Result<IndicatorRecord, AppError> {
    db::indicators::get(&state.db, id)
        .await?
        .ok_or(AppError::NotFound)
}

/// An indicator's page: baseline, every period's accepted value, target and progress, and the
/// entered values the caller may see with the decisions they may make.
pub async fn page(
    state: &AppState,
    permit: &Permit,
    id: IndicatorId,
) -> Result<IndicatorPage, AppError> {
    let record = record(state, id).await?;
    let actor = permit.actor();
    let responsible = OrganizationId(record.organization_id);
    let may_review = permit.may(Action::ReviewIndicatorValues);
    let mut values = Vec::new();
    let mut series = Vec::new();
    for v in db::indicators::values(&state.db, id).await? {
        let status = v.status()?;
        if !policy::may_see_value(&actor, responsible, status) {
            continue;
        }
        let period = Period {
            start: v.period_start,
            end: v.period_end,
            deadline: v.period_end,
        };
        if status == ValueStatus::Accepted && v.cut().is_total() {
            series.push((period, v.value));
        }
        let decisions = if may_review && status == ValueStatus::Submitted {
            ValueDecision::ALL.to_vec()
        } else {
            Vec::new()
        };
        values.push(ValueRow {
            id: ValueId(v.value_id),
            version: v.version,
            period,
            cut: v.cut(),
            value: v.value,
            source_note: v.source_note.clone(),
            status,
            review_comment: v.review_comment.clone(),
            entered_by: v.full_name.clone(),
            entered_at: v.entered_at,
            decisions,
        });
    }
    series.reverse();
    let latest = series.last().copied();
    let framework = state.framework().await?;
    let calendar = calendar_of(&record)?;
    let current = calendar.period_of(today());
    let from = time::Date::from_calendar_date(
        i32::try_from(record.baseline_year).unwrap_or(2023),
        time::Month::January,
        1,
    )
    .unwrap_or(current.start);
    let mut periods = calendar.periods_between(from, current.start);
    periods.reverse();
    periods.truncate(24);
    Ok(IndicatorPage {
        objective: code_names(
            framework.objectives.iter().map(|o| &o.item),
            std::slice::from_ref(&record.objective_code),
        )
        .pop(),
        row: row_of(&record, latest)?,
        series,
        values,
        may_enter: permit.enters_values_for(OrganizationId(record.organization_id)),
        may_manage: permit.may(Action::ManageIndicators),
        periods,
        regions: state.territory().await?.regions,
        version: record.version,
    })
}

/// Enters a value for an indicator the caller's organisation is responsible for. Values
/// entered by a coordinator of the coordinating body need no second review.
pub async fn enter(
    state: &AppState,
    permit: &Permit,
    id: IndicatorId,
    form: &ValueForm,
    lang: Lang,
) -> Result<ValueId, AppError> {
    let record = record(state, id).await?;
    if !permit.enters_values_for(OrganizationId(record.organization_id)) {
        return Err(AppError::Forbidden);
    }
    let input = ValueInput::parse(form, record.breakdowns(), lang)?;
    let fail = |field: &str, problem| {
        AppError::Invalid(FormErrors::single_problem(field, problem).with_values([
            ("period", form.period.as_str()),
            ("cut", form.cut.as_str()),
            ("value", form.value.as_str()),
            ("source_note", form.source_note.as_str()),
        ]))
    };
    let calendar = calendar_of(&record)?;
    let Some(period) = calendar.period_starting(input.period_start) else {
        return Err(fail("period", Problem::UnknownChoice));
    };
    if period.start > calendar.period_of(today()).start {
        return Err(fail("period", Problem::UnknownChoice));
    }
    if !input.cut.region_code.is_empty()
        && !db::territory::region_exists(&state.db, &input.cut.region_code).await?
    {
        return Err(fail("cut", Problem::UnknownChoice));
    }
    let status = if permit.may(Action::ReviewIndicatorValues) {
        ValueStatus::Accepted
    } else {
        ValueStatus::Submitted
    };
    let value = NewValue {
        indicator: id,
        period_start: period.start,
        period_end: period.end,
        cut: &input.cut,
        value: input.value,
        source_note: &input.source_note,
        by: permit.me().user_id,
        is_demo: false,
    };
    match db::indicators::enter(&state.db, &value, status, now()).await? {
        Entered::Saved(id) => Ok(id),
        Entered::Locked => Err(fail("period", Problem::ValueAlreadyAccepted)),
    }
}

/// A coordinator accepts or returns (with a comment) a submitted value.
pub async fn decide(
    state: &AppState,
    permit: &Permit,
    value: ValueId,
    version: i64,
    decision: &str,
    note: &str,
) -> Result<IndicatorId, AppError> {
    if !permit.may(Action::ReviewIndicatorValues) {
        return Err(AppError::Forbidden);
    }
    let decision = ValueDecision::parse(decision).ok_or(AppError::BadRequest)?;
    let note = text(note, TEXT_MAX, decision == ValueDecision::Return)
        .map_err(|problem| FormErrors::single("note", problem))?
        .unwrap_or_default();
    let record = db::indicators::value(&state.db, value)
        .await?
        .ok_or(AppError::NotFound)?;
    if record.status()? != ValueStatus::Submitted {
        return Err(AppError::MoveNotAllowed);
    }
    if !db::indicators::decide(
        &state.db,
        &record,
        version,
        decision.target(),
        permit.me().user_id,
        &note,
        now(),
    )
    .await?
    {
        return Err(AppError::Conflict);
    }
    Ok(IndicatorId(record.indicator_id))
}

async fn check_references(
    state: &AppState,
    form: &IndicatorForm,
    input: &IndicatorInput,
) -> Result<(), AppError> {
    let mut errors = FormErrors::new();
    if db::tasks::count_codes(
        &state.db,
        std::slice::from_ref(&input.objective_code),
        false,
    )
    .await?
        != 1
    {
        errors.add("objective_code", Problem::UnknownChoice);
    }
    if db::organizations::get(&state.db, OrganizationId(input.organization_id))
        .await?
        .is_none()
    {
        errors.add("organization_id", Problem::UnknownChoice);
    }
    if errors.is_empty() {
        Ok(())
    } else {
        Err(form.fail(errors))
    }
}

fn code_taken(form: &IndicatorForm) -> AppError {
    form.fail(FormErrors::single_problem("code", Problem::CodeTaken))
}

/// Adds an indicator to the catalogue (coordinators).
pub async fn create(
    state: &AppState,
    permit: &Permit,
    form: &IndicatorForm,
    lang: Lang,
) -> Result<IndicatorId, AppError> {
    if !permit.may(Action::ManageIndicators) {
        return Err(AppError::Forbidden);
    }
    let input = IndicatorInput::parse(form, lang)?;
    check_references(state, form, &input).await?;
    match db::indicators::insert(&state.db, &input, permit.me().user_id, false, now()).await {
        Ok(id) => Ok(id),
        Err(e) if db::is_unique_violation(&e) => Err(code_taken(form)),
        Err(e) => Err(e.into()),
    }
}

/// Edits a catalogue entry (coordinators); values already entered keep their periods.
pub async fn update(
    state: &AppState,
    permit: &Permit,
    id: IndicatorId,
    version: i64,
    form: &IndicatorForm,
    lang: Lang,
) -> Result<(), AppError> {
    if !permit.may(Action::ManageIndicators) {
        return Err(AppError::Forbidden);
    }
    record(state, id).await?;
    let input = IndicatorInput::parse(form, lang)?;
    check_references(state, form, &input).await?;
    match db::indicators::update(&state.db, id, version, &input, permit.me().user_id, now()).await {
        Ok(true) => Ok(()),
        Ok(false) => Err(AppError::Conflict),
        Err(e) if db::is_unique_violation(&e) => Err(code_taken(form)),
        Err(e) => Err(e.into()),
    }
}

/// The catalogue form, empty or filled with an entry.
pub async fn form_page(
    state: &AppState,
    permit: &Permit,
    id: Option<IndicatorId>,
) -> Result<IndicatorFormPage, AppError> {
    if !permit.may(Action::ManageIndicators) {
        return Err(AppError::Forbidden);
    }
    let (form, version) = match id {
        None => (
            IndicatorForm {
                frequency: "quarterly".into(),
                direction: "higher_better".into(),
                ..IndicatorForm::default()
            },
            0,
        ),
        Some(id) => {
            let r = record(state, id).await?;
            (
                IndicatorForm {
                    code: r.code.clone(),
                    name_ky: r.name_ky.clone(),
                    name_ru: r.name_ru.clone(),
                    name_en: r.name_en.clone(),
                    unit_ky: r.unit_ky.clone(),
                    unit_ru: r.unit_ru.clone(),
                    unit_en: r.unit_en.clone(),
                    objective_code: r.objective_code.clone(),
                    direction: r.direction.clone(),
                    baseline_value: r.baseline_value.to_string(),
                    baseline_year: r.baseline_year.to_string(),
                    target_value: r.target_value.to_string(),
                    target_year: r.target_year.to_string(),
                    organization_id: r.organization_id.to_string(),
                    frequency: r.frequency.clone(),
                    by_sex: r.by_sex,
                    by_age: r.by_age,
                    by_region: r.by_region,
                },
                r.version,
            )
        }
    };
    let framework = state.framework().await?;
    let codes: Vec<String> = framework
        .objectives
        .iter()
        .map(|o| o.item.code.clone())
        .collect();
    let organizations = db::organizations::all_active(&state.db)
        .await?
        .into_iter()
        .map(|o| OrgRef {
            id: o.organization_id,
            name: o.name,
        })
        .collect();
    Ok(IndicatorFormPage {
        id,
        version,
        form,
        objectives: code_names(framework.objectives.iter().map(|o| &o.item), &codes),
        organizations,
    })
}
