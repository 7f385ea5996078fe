//! The activity services: logging and editing an organisation's activities (with evidence
//! files), the coordinators' verification, and assembling an activity's page, its form and the
//! list. Each asks the policy first; activities outside the caller's view are "not found".

use super::db::{
    self,
    evidence::{FileOwner, NewFile},
};
use super::tasks::{check_place, code_names};
use super::{now, state::AppState};
use crate::domain::{
    activities::inputs::{ActivityForm, ActivityInput},
    activities::kinds::{ActivityStatus, Verification},
    activities::views::{
        ACTIVITY_PAGE_SIZE, ActivityEvent, ActivityFilter, ActivityFormPage, ActivityListPage,
        ActivityPage, ActivityRow,
    },
    evidence::MAX_FILES,
    ids::{ActivityId, FileId},
    inputs::text,
    policy::{self, Action, Permit, Scope},
    reports::inputs::Reach,
    tasks::inputs::TEXT_MAX,
};
use crate::error::{AppError, FormErrors, Problem};
use crate::i18n::Lang;

/// Loads an activity the caller may see.
async fn load_visible(
    state: &AppState,
    permit: &Permit,
    id: ActivityId,
) -> Result<ActivityRow, AppError> {
    let scope = permit.scope_of(Action::ViewActivities);
    let row = db::activities::row(&state.db, id)
        .await?
        .ok_or(AppError::NotFound)?;
    if !policy::may_see_activity(scope, row.organization.id, row.status) {
        return Err(AppError::NotFound);
    }
    Ok(row)
}

/// Checks that the caller may see activity `id` (for its files).
pub async fn check_visible(
    state: &AppState,
    permit: &Permit,
    id: ActivityId,
) -> Result<(), AppError> {
    load_visible(state, permit, id).await.map(|_| ())
}

/// Checks that the caller may edit activity `id` now.
pub async fn load_editable(
    state: &AppState,
    permit: &Permit,
    id: ActivityId,
) -> Result<ActivityRow, AppError> {
    let row = load_visible(state, permit, id).await?;
    if !permit.writes_activities_of(row.organization.id) {
        return Err(AppError::Forbidden);
    }
    if !row.status.is_editable() {
        return Err(AppError::MoveNotAllowed);
    }
    Ok(row)
}

async fn parse_checked(
    state: &AppState,
    form: &ActivityForm,
    lang: Lang,
) -> Result<ActivityInput, AppError> {
    let input = ActivityInput::parse(form, lang)?;
    let mut errors = FormErrors::new();
    check_place(
        state,
        [
            &input.region_code,
            &input.district_code,
            &input.municipality_code,
        ],
        &mut errors,
    )
    .await?;
    if db::tasks::count_codes(&state.db, &input.objectives, false).await? != input.objectives.len()
    {
        errors.add("objectives", Problem::UnknownChoice);
    }
    if db::tasks::count_codes(&state.db, &input.principles, true).await? != input.principles.len() {
        errors.add("principles", Problem::UnknownChoice);
    }
    if errors.is_empty() {
        Ok(input)
    } else {
        Err(form.fail(errors))
    }
}

/// Logs a new activity for the caller's organisation.
pub async fn create(
    state: &AppState,
    permit: &Permit,
    form: &ActivityForm,
    lang: Lang,
    is_demo: bool,
) -> Result<ActivityId, AppError> {
    let Some(org) = permit.logs_activities_for() else {
        return Err(AppError::Forbidden);
    };
    let input = parse_checked(state, form, lang).await?;
    let id =
        db::activities::insert(&state.db, org, &input, permit.me().user_id, is_demo, now()).await?;
    tracing::info!(activity_id = id.0, "activity logged");
    Ok(id)
}

/// Saves an edit of an activity that is not yet verified.
pub async fn update(
    state: &AppState,
    permit: &Permit,
    id: ActivityId,
    version: i64,
    form: &ActivityForm,
    lang: Lang,
) -> Result<(), AppError> {
    load_editable(state, permit, id).await?;
    let input = parse_checked(state, form, lang).await?;
    if !db::activities::update(&state.db, id, version, &input, permit.me().user_id, now()).await? {
        return Err(AppError::Conflict);
    }
    Ok(())
}

/// A coordinator verifies an activity or asks for clarification (with a comment).
pub async fn decide(
    state: &AppState,
    permit: &Permit,
    id: ActivityId,
    version: i64,
    decision: &str,
    note: &str,
) -> Result<(), AppError> {
    let decision = Verification::parse(decision).ok_or(AppError::BadRequest)?;
    let note = text(note, TEXT_MAX, decision.needs_note())
        .map_err(|problem| {
            let mut errors = FormErrors::new();
            errors.add("note", problem);
            AppError::Invalid(errors.with_values([("note", note), ("mv", decision.as_str())]))
        })?
        .unwrap_or_default();
    let row = load_visible(state, permit, id).await?;
    if !permit.may(Action::VerifyActivities) {
        return Err(AppError::Forbidden);
    }
    if !decision.permitted(row.status) {
        return Err(AppError::MoveNotAllowed);
    }
    let decided = db::activities::Decision {
        id,
        version,
        from: row.status,
        to: decision.target(),
        by: permit.me().user_id,
        note: &note,
    };
    let done = db::activities::decide(&state.db, &decided, now()).await?;
    if done {
        Ok(())
    } else {
        Err(AppError::Conflict)
    }
}

/// An activity's page, cut to what the caller may see and do.
pub async fn page(
    state: &AppState,
    permit: &Permit,
    id: ActivityId,
) -> Result<ActivityPage, AppError> {
    let row = load_visible(state, permit, id).await?;
    let detail = db::activities::detail(&state.db, id).await?;
    let (target_groups, objectives, principles) = db::activities::links(&state.db, id).await?;
    let framework = state.framework().await?;
    let history = db::activities::history(&state.db, id)
        .await?
        .into_iter()
        .map(|h| ActivityEvent {
            actor: h.full_name,
            from: ActivityStatus::parse(&h.from_status),
            to: ActivityStatus::parse(&h.to_status).unwrap_or(ActivityStatus::Logged),
            note: h.note,
            at: h.created_at,
        })
        .collect();
    let may_verify = permit.may(Action::VerifyActivities);
    let decisions = if may_verify {
        Verification::ALL
            .iter()
            .copied()
            .filter(|d| d.permitted(row.status))
            .collect()
    } else {
        Vec::new()
    };
    Ok(ActivityPage {
        id,
        version: detail.version,
        may_edit: permit.writes_activities_of(row.organization.id) && row.status.is_editable(),
        description: detail.description,
        target_groups,
        reach: Reach {
            total: detail.reached_total,
            cells: [
                detail.female_under_18,
                detail.female_18_29,
                detail.female_30_49,
                detail.female_50_plus,
                detail.male_under_18,
                detail.male_18_29,
                detail.male_30_49,
                detail.male_50_plus,
            ],
        },
        partners: detail.partners,
        objectives: code_names(framework.objectives.iter().map(|o| &o.item), &objectives),
        principles: code_names(framework.principles.iter(), &principles),
        is_public: detail.is_public,
        review_comment: detail.review_comment,
        evidence: super::reports::evidence(state, FileOwner::Activity(id)).await?,
        decisions,
        history,
        row,
    })
}

/// The activity form: empty for a new activity, filled for an edit, with what it offers.
pub async fn form_page(
    state: &AppState,
    permit: &Permit,
    id: Option<ActivityId>,
    errors: Option<AppError>,
) -> Result<ActivityFormPage, AppError> {
    let (form, version, evidence) = match id {
        None => {
            if !matches!(
                permit.scope_of(Action::LogActivities),
                Scope::Organization(_)
            ) {
                return Err(AppError::Forbidden);
            }
            (ActivityForm::default(), 0, Vec::new())
        }
        Some(id) => {
            let row = load_editable(state, permit, id).await?;
            let page = page(state, permit, id).await?;
            let detail = db::activities::detail(&state.db, id).await?;
            let count = |n: Option<i64>| n.map(|n| n.to_string()).unwrap_or_default();
            let form = ActivityForm {
                activity_type: row.activity_type.as_str().to_owned(),
                title: row.title.clone(),
                description: page.description.clone(),
                start_date: crate::domain::tasks::inputs::date_to_iso(row.start_date),
                end_date: crate::domain::tasks::inputs::date_to_iso(row.end_date),
                region_code: detail.region_code,
                district_code: detail.district_code.unwrap_or_default(),
                municipality_code: detail.municipality_code.unwrap_or_default(),
                target_groups: page
                    .target_groups
                    .iter()
                    .map(|g| g.as_str().to_owned())
                    .collect(),
                reached_total: count(page.reach.total),
                cells: page.reach.cells.map(count),
                partners: page.partners.clone(),
                objectives: page.objectives.iter().map(|c| c.code.clone()).collect(),
                principles: page.principles.iter().map(|c| c.code.clone()).collect(),
                is_public: page.is_public,
            };
            (form, page.version, page.evidence)
        }
    };
    let framework = state.framework().await?;
    Ok(ActivityFormPage {
        id,
        version,
        form,
        errors,
        evidence,
        objectives: code_names(
            framework.objectives.iter().map(|o| &o.item),
            &framework
                .objectives
                .iter()
                .map(|o| o.item.code.clone())
                .collect::<Vec<_>>(),
        ),
        principles: code_names(
            framework.principles.iter(),
            &framework
                .principles
                .iter()
                .map(|p| p.code.clone())
                .collect::<Vec<_>>(),
        ),
        territory: state.territory().await?,
    })
}

/// One page of the activities the caller may see.
pub async fn list(
    state: &AppState,
    permit: &Permit,
    filter: &ActivityFilter,
) -> Result<ActivityListPage, AppError> {
    let scope = permit.scope();
    let mut rows = db::activities::list(&state.db, scope, filter, ACTIVITY_PAGE_SIZE + 1).await?;
    let next = (rows.len() as i64 > ACTIVITY_PAGE_SIZE).then(|| {
        rows.truncate(ACTIVITY_PAGE_SIZE as usize);
        ActivityFilter {
            after: rows.last().map(|r| r.id),
            ..filter.clone()
        }
        .to_query()
    });
    let organization = match filter.organization_id {
        Some(id) => db::organizations::get(&state.db, id)
            .await?
            .map(|o| crate::domain::tasks::views::OrgRef { id, name: o.name }),
        None => None,
    };
    Ok(ActivityListPage {
        rows,
        next,
        may_log: matches!(
            permit.scope_of(Action::LogActivities),
            Scope::Organization(_)
        ),
        organization,
    })
}

/// Lists a received file on an activity that is still editable.
pub async fn attach(
    state: &AppState,
    permit: &Permit,
    id: ActivityId,
    file: &NewFile,
) -> Result<FileId, AppError> {
    load_editable(state, permit, id).await?;
    if db::evidence::count(&state.db, FileOwner::Activity(id)).await? >= MAX_FILES as i64 {
        return Err(FormErrors::single("evidence", Problem::TooManyFiles));
    }
    Ok(db::evidence::insert(
        &state.db,
        FileOwner::Activity(id),
        file,
        permit.me().user_id,
        now(),
    )
    .await?)
}

/// Takes a file off an editable activity; gives back the stored name to delete if orphaned.
pub async fn detach(
    state: &AppState,
    permit: &Permit,
    id: ActivityId,
    file: FileId,
) -> Result<Option<String>, AppError> {
    load_editable(state, permit, id).await?;
    match db::evidence::remove(&state.db, FileOwner::Activity(id), file).await? {
        None => Err(AppError::NotFound),
        Some((stored, orphan)) => Ok(orphan.then_some(stored)),
    }
}
