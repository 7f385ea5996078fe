//! The task services: creating a task (or a bulk assignment with one task per organisation),
//! making a move, commenting, and assembling the task page, the list and the inbox. Each
//! asks the policy and the workflow before touching anything, and reads with the caller's
//! scope, so another organisation's task is "not found" whatever id is guessed.

use super::db::{
    self,
    tasks::{Change, NewTask, TaskCore},
};
use super::{now, state::AppState, today};
use crate::domain::{
    ids::{OrganizationId, TaskId},
    policy::{self, Action, Actor, Permit},
    tasks::fields::Coverage,
    tasks::filters::TaskFilter,
    tasks::inputs::{Assignee, MoveInput, TaskForm, TaskInput, TaskPlace, date_to_iso, parse_date},
    tasks::views::{
        CodeName, HistoryEvent, HistoryField, HistoryValue, Inbox, InboxSection, TaskListPage,
        TaskPage,
    },
    tasks::workflow::{self, Move, Standing, Status},
    views::{Framework, Trilingual},
};
use crate::error::{AppError, FormErrors, Problem};
use crate::i18n::Lang;

/// How many rows each inbox section shows.
pub const INBOX_ROWS: i64 = 20;

/// Checks the codes and organisations of a parsed form against the database.
async fn check_references(
    state: &AppState,
    form: &TaskForm,
    input: &TaskInput,
) -> Result<(), AppError> {
    let db = &state.db;
    let mut errors = FormErrors::new();
    if db::tasks::count_codes(db, &input.objectives, false).await? != input.objectives.len() {
        errors.add("objectives", Problem::UnknownChoice);
    }
    if db::tasks::count_codes(db, &input.principles, true).await? != input.principles.len() {
        errors.add("principles", Problem::UnknownChoice);
    }
    if let Assignee::One { lead, supporting } = &input.assignee {
        if db::tasks::assignable_ids(db, &[*lead]).await?.is_empty() {
            errors.add("lead_organization_id", Problem::UnknownChoice);
        }
        if db::tasks::assignable_ids(db, supporting).await?.len() != supporting.len() {
            errors.add("supporting", Problem::UnknownChoice);
        }
    }
    check_place(
        state,
        [
            &input.place.region_code,
            &input.place.district_code,
            &input.place.municipality_code,
        ],
        &mut errors,
    )
    .await?;
    if errors.is_empty() {
        Ok(())
    } else {
        Err(form.fail(errors))
    }
}

/// The codes of a place (region, district, municipality) must name real places inside one
/// another.
pub(crate) async fn check_place(
    state: &AppState,
    [region_code, district_code, municipality_code]: [&Option<String>; 3],
    errors: &mut FormErrors,
) -> Result<(), AppError> {
    let db = &state.db;
    if let Some(region) = region_code
        && !db::territory::region_exists(db, region).await?
    {
        errors.add("region_code", Problem::UnknownChoice);
    }
    if let Some(district) = district_code {
        match db::territory::region_of_district(db, district).await? {
            None => errors.add("district_code", Problem::UnknownChoice),
            Some(region) if region_code.as_ref() != Some(&region) => {
                errors.add("district_code", Problem::DistrictNotInRegion)
            }
            Some(_) => {}
        }
    }
    if let Some(municipality) = municipality_code {
        match db::territory::district_of_municipality(db, municipality).await? {
            None => errors.add("municipality_code", Problem::UnknownChoice),
            Some(district) if district_code.as_ref() != Some(&district) => {
                errors.add("municipality_code", Problem::MunicipalityNotInDistrict)
            }
            Some(_) => {}
        }
    }
    Ok(())
}

fn new_task(input: &TaskInput, permit: &Permit, is_demo: bool) -> NewTask {
    NewTask {
        parent_id: None,
        is_group: false,
        written_in: input.written_in,
        title: input.title.clone(),
        description: input.description.clone(),
        category: input.category,
        place: input.place.clone(),
        lead: None,
        supporting: Vec::new(),
        objectives: input.objectives.clone(),
        principles: input.principles.clone(),
        start_date: input.start_date,
        due_date: input.due_date,
        priority: input.priority,
        expected_result: input.expected_result.clone(),
        target: input.target.clone(),
        enforcement_focus: input.enforcement_focus,
        status: if input.assign_now {
            Status::Assigned
        } else {
            Status::Draft
        },
        is_demo,
        created_by: permit.me().user_id,
        note: String::new(),
    }
}

/// The place a bulk assignment's task covers: the organisation's own municipality, district or
/// region when it has one, else the assignment's.
fn place_of(org: &db::tasks::Assignable, fallback: &TaskPlace) -> TaskPlace {
    match (&org.region_code, &org.district_code, &org.municipality_code) {
        (Some(r), Some(d), Some(m)) => TaskPlace {
            coverage: Coverage::Municipality,
            region_code: Some(r.clone()),
            district_code: Some(d.clone()),
            municipality_code: Some(m.clone()),
        },
        (Some(r), Some(d), None) => TaskPlace {
            coverage: Coverage::District,
            region_code: Some(r.clone()),
            district_code: Some(d.clone()),
            municipality_code: None,
        },
        (Some(r), None, _) if fallback.coverage == Coverage::National => TaskPlace {
            coverage: Coverage::Region,
            region_code: Some(r.clone()),
            district_code: None,
            municipality_code: None,
        },
        _ => fallback.clone(),
    }
}

/// Creates a task, or a bulk assignment with a task per matching organisation. Returns the id
/// of the task (or of the bulk assignment) to open.
pub async fn create(
    state: &AppState,
    permit: &Permit,
    form: &TaskForm,
    lang: Lang,
    is_demo: bool,
) -> Result<TaskId, AppError> {
    let input = TaskInput::parse(form, lang)?;
    check_references(state, form, &input).await?;
    let base = new_task(&input, permit, is_demo);
    let tasks = match &input.assignee {
        Assignee::One { lead, supporting } => vec![NewTask {
            lead: Some(*lead),
            supporting: supporting.clone(),
            ..base
        }],
        Assignee::Many(selector) => {
            let organizations = db::tasks::select_organizations(&state.db, selector).await?;
            if organizations.is_empty() {
                return Err(form.fail({
                    let mut e = FormErrors::new();
                    e.add("bulk_kind", Problem::NoOrganizationsMatch);
                    e
                }));
            }
            let group = NewTask {
                is_group: true,
                ..base.clone()
            };
            let mut tasks = vec![group];
            tasks.extend(organizations.iter().map(|org| NewTask {
                lead: Some(OrganizationId(org.organization_id)),
                place: place_of(org, &input.place),
                ..base.clone()
            }));
            tasks
        }
    };
    let ids = db::tasks::insert(&state.db, &tasks, now()).await?;
    tracing::info!(task_id = ids[0].0, tasks = ids.len(), "task created");
    Ok(ids[0])
}

/// Saves a coordinator's edit of a draft (and assigns it when asked). Only drafts are edited:
/// once assigned, a task changes through its moves.
pub async fn update_draft(
    state: &AppState,
    permit: &Permit,
    id: TaskId,
    version: i64,
    form: &TaskForm,
    lang: Lang,
) -> Result<(), AppError> {
    let actor = permit.actor();
    let (core, _, standing) = load_visible(state, &actor, id).await?;
    if standing != Standing::Coordinator {
        return Err(AppError::Forbidden);
    }
    if core.version != version {
        return Err(AppError::Conflict);
    }
    if core.status()? != Status::Draft || core.is_group {
        return Err(AppError::MoveNotAllowed);
    }
    let input = TaskInput::parse(form, lang)?;
    check_references(state, form, &input).await?;
    let Assignee::One { lead, supporting } = &input.assignee else {
        return Err(form.fail({
            let mut e = FormErrors::new();
            e.add("assign_to", Problem::ManyCannotBeDraft);
            e
        }));
    };
    let task = NewTask {
        lead: Some(*lead),
        supporting: supporting.clone(),
        ..new_task(&input, permit, false)
    };
    if !db::tasks::update_draft(&state.db, id, version, &task, now()).await? {
        return Err(AppError::Conflict);
    }
    tracing::info!(task_id = id.0, assigned = input.assign_now, "draft edited");
    Ok(())
}

/// The form of a draft, as the database holds it.
fn draft_form(
    row: &db::tasks::DetailRow,
    codes: (&[String], &[String]),
    supporting: &[OrganizationId],
) -> TaskForm {
    TaskForm {
        written_in: row.written_in.clone(),
        title_ky: row.title_ky.clone(),
        title_ru: row.title_ru.clone(),
        title_en: row.title_en.clone(),
        description_ky: row.description_ky.clone(),
        description_ru: row.description_ru.clone(),
        description_en: row.description_en.clone(),
        category: row.category.clone(),
        objectives: codes.0.to_vec(),
        principles: codes.1.to_vec(),
        assign_to: "one".to_owned(),
        lead_organization_id: row
            .lead_organization_id
            .map(|o| o.to_string())
            .unwrap_or_default(),
        supporting: supporting.iter().map(ToString::to_string).collect(),
        coverage: row.coverage.clone(),
        region_code: row.region_code.clone().unwrap_or_default(),
        district_code: row.district_code.clone().unwrap_or_default(),
        municipality_code: row.municipality_code.clone().unwrap_or_default(),
        start_date: date_to_iso(row.start_date),
        due_date: date_to_iso(row.due_date),
        priority: crate::domain::tasks::fields::Priority::from_rank(row.priority)
            .map(|p| p.as_str().to_owned())
            .unwrap_or_default(),
        expected_result: row.expected_result.clone(),
        target_value: row.target_value.map(|v| v.to_string()).unwrap_or_default(),
        target_unit: row.target_unit.clone(),
        enforcement_focus: row.enforcement_focus.clone().unwrap_or_default(),
        ..TaskForm::default()
    }
}

/// Loads a task the caller may see, with how they stand towards it. Tasks outside their
/// scope are "not found", so ids cannot be probed.
pub(crate) async fn load_visible(
    state: &AppState,
    actor: &Actor,
    id: TaskId,
) -> Result<(TaskCore, Vec<OrganizationId>, Standing), AppError> {
    let core = db::tasks::core(&state.db, id)
        .await?
        .ok_or(AppError::NotFound)?;
    let supporting = db::tasks::supporters(&state.db, id).await?;
    let standing = policy::standing(actor, core.lead(), &supporting);
    if !standing.may_view(core.status()?) {
        return Err(AppError::NotFound);
    }
    Ok((core, supporting, standing))
}

/// The moves a bulk assignment itself allows: rescheduling and cancelling all its open tasks.
fn group_moves(standing: Standing, status: Status) -> Vec<Move> {
    workflow::available_moves(standing, status)
        .into_iter()
        .filter(|m| matches!(m, Move::Reschedule | Move::Cancel))
        .collect()
}

/// A new lead must be another organisation that can be given tasks; a new due date may not
/// fall before the start.
async fn check_move_inputs(
    state: &AppState,
    core: &TaskCore,
    input: &MoveInput,
) -> Result<(), AppError> {
    let mut errors = FormErrors::new();
    if let Some(lead) = input.new_lead
        && (Some(lead) == core.lead()
            || db::tasks::assignable_ids(&state.db, &[lead])
                .await?
                .is_empty())
    {
        errors.add("lead_organization_id", Problem::UnknownChoice);
    }
    if let Some(due) = input.new_due_date
        && due < core.start_date
    {
        errors.add("due_date", Problem::DueBeforeStart);
    }
    let due = input.new_due_date.map(date_to_iso).unwrap_or_default();
    let lead = input.new_lead.map(|l| l.to_string()).unwrap_or_default();
    let values = [
        ("note", input.note.as_str()),
        ("due_date", due.as_str()),
        ("lead_organization_id", lead.as_str()),
    ];
    if errors.is_empty() {
        Ok(())
    } else {
        Err(AppError::Invalid(errors.with_values(values)))
    }
}

/// Makes a move on a task (on every open task of a bulk assignment, for the assignment).
pub async fn make_move(
    state: &AppState,
    permit: &Permit,
    id: TaskId,
    input: &MoveInput,
) -> Result<(), AppError> {
    let actor = permit.actor();
    let (core, _, standing) = load_visible(state, &actor, id).await?;
    let from = core.status()?;
    if input.mv.made_by() != standing {
        return Err(AppError::Forbidden);
    }
    if core.version != input.version {
        return Err(AppError::Conflict);
    }
    // A bulk assignment moves through its open tasks, read once.
    let children = if core.is_group {
        db::tasks::open_children(&state.db, id).await?
    } else {
        Vec::new()
    };
    let allowed = if core.is_group {
        group_moves(standing, from).contains(&input.mv) && !children.is_empty()
    } else {
        workflow::permitted(standing, input.mv, from).is_some()
    };
    if !allowed {
        return Err(AppError::MoveNotAllowed);
    }
    check_move_inputs(state, &core, input).await?;
    let change_for = |task: &TaskCore| -> Result<Option<Change>, AppError> {
        let from = task.status()?;
        let Some(to) = input.mv.target(from) else {
            return Ok(None);
        };
        Ok(Some(Change {
            task_id: TaskId(task.task_id),
            expected_version: task.version,
            actor: permit.me().user_id,
            status: (to != from).then_some((from, to)),
            lead: input.new_lead.map(|lead| (task.lead(), lead)),
            due_date: input.new_due_date.map(|due| (task.due_date, due)),
            // A completion reports its result; a new lead starts without the old one's.
            result: match input.mv {
                Move::Complete => Some(input.note.clone()),
                Move::Reassign => Some(String::new()),
                _ => None,
            },
            note: input.note.clone(),
        }))
    };
    let mut changes: Vec<Change> = Vec::new();
    if let Some(change) = change_for(&core)? {
        changes.push(change);
    }
    if core.is_group {
        for child in &children {
            if let Some(change) = change_for(child)? {
                changes.push(change);
            }
        }
    } else if let Some(parent) = core.parent_id {
        changes.extend(close_group_if_done(state, permit, TaskId(parent), id, input.mv).await?);
    }
    if !db::tasks::apply(&state.db, &changes, now()).await? {
        return Err(AppError::Conflict);
    }
    tracing::info!(
        task_id = id.0,
        mv = input.mv.as_str(),
        tasks = changes.len(),
        "task moved"
    );
    Ok(())
}

/// When `mv` closes the last open task of a bulk assignment, the assignment closes too:
/// verified if any of its tasks was, else cancelled.
async fn close_group_if_done(
    state: &AppState,
    permit: &Permit,
    parent: TaskId,
    moved: TaskId,
    mv: Move,
) -> Result<Option<Change>, AppError> {
    if !matches!(mv, Move::Verify | Move::Cancel) {
        return Ok(None);
    }
    let others_open = db::tasks::open_children(&state.db, parent)
        .await?
        .iter()
        .any(|child| child.task_id != moved.0);
    let Some(group) = db::tasks::core(&state.db, parent).await? else {
        return Ok(None);
    };
    let from = group.status()?;
    if others_open || !from.is_open() {
        return Ok(None);
    }
    let any_verified = mv == Move::Verify
        || db::task_list::rollup(&state.db, parent, today())
            .await?
            .count(Status::Verified)
            > 0;
    let to = if any_verified {
        Status::Verified
    } else {
        Status::Cancelled
    };
    Ok(Some(Change {
        task_id: parent,
        expected_version: group.version,
        actor: permit.me().user_id,
        status: Some((from, to)),
        lead: None,
        due_date: None,
        result: None,
        note: String::new(),
    }))
}

/// Adds a comment, if the caller may discuss the task.
pub async fn comment(
    state: &AppState,
    permit: &Permit,
    id: TaskId,
    body: &str,
) -> Result<(), AppError> {
    let actor = permit.actor();
    let (core, _, standing) = load_visible(state, &actor, id).await?;
    if !standing.may_comment(core.status()?) {
        return Err(AppError::Forbidden);
    }
    let body = crate::domain::tasks::inputs::parse_comment(body)?;
    db::tasks::add_comment(&state.db, id, permit.me().user_id, &body, now()).await?;
    Ok(())
}

pub(crate) fn code_names<'a>(
    items: impl Iterator<Item = &'a crate::domain::views::FrameworkItem>,
    codes: &[String],
) -> Vec<CodeName> {
    items
        .filter(|item| codes.contains(&item.code))
        .map(|item| CodeName {
            code: item.code.clone(),
            name: item.name.clone(),
        })
        .collect()
}

fn history_value(
    field: HistoryField,
    raw: &str,
    orgs: &[crate::domain::tasks::views::OrgRef],
) -> HistoryValue {
    if raw.is_empty() {
        return HistoryValue::None;
    }
    match field {
        HistoryField::Edited => HistoryValue::None,
        HistoryField::Created | HistoryField::Status => Status::parse(raw)
            .map_or_else(|| HistoryValue::Text(raw.to_owned()), HistoryValue::Status),
        HistoryField::DueDate => {
            parse_date(raw).map_or_else(|_| HistoryValue::Text(raw.to_owned()), HistoryValue::Date)
        }
        HistoryField::Lead => raw
            .parse::<OrganizationId>()
            .ok()
            .and_then(|id| orgs.iter().find(|o| o.id == id))
            .map_or_else(
                || HistoryValue::Text(raw.to_owned()),
                |o| HistoryValue::Organization(o.name.clone()),
            ),
        HistoryField::Result => HistoryValue::Text(raw.to_owned()),
    }
}

/// Everything the task page shows, as the caller may see it.
pub async fn page(state: &AppState, permit: &Permit, id: TaskId) -> Result<TaskPage, AppError> {
    let actor = permit.actor();
    let (core, supporting, standing) = load_visible(state, &actor, id).await?;
    let db = &state.db;
    let row = db::tasks::detail(db, id).await?.ok_or(AppError::NotFound)?;
    let framework: Framework = state.framework().await?;
    let (objective_codes, principle_codes) = db::tasks::codes(db, id).await?;
    let objectives: Vec<_> = framework
        .objectives
        .iter()
        .filter(|o| objective_codes.contains(&o.item.code))
        .collect();
    let goal_codes: Vec<String> = objectives
        .iter()
        .flat_map(|o| o.goal_codes.clone())
        .collect();
    let direction_codes: Vec<String> = objectives
        .iter()
        .flat_map(|o| o.direction_codes.clone())
        .collect();
    let today = today();
    let status = row.status()?;
    let rollup = if row.is_group {
        Some(db::task_list::rollup(db, id, today).await?)
    } else {
        None
    };
    let children = if row.is_group {
        let filter = TaskFilter {
            parent: Some(id),
            ..TaskFilter::default()
        };
        let scope = permit.scope_of(Action::ViewTasks);
        db::task_list::list(db, scope, &filter, today).await?.0
    } else {
        Vec::new()
    };
    let raw_history = db::tasks::history(db, id).await?;
    let lead_ids: Vec<OrganizationId> = raw_history
        .iter()
        .filter(|h| h.field == HistoryField::Lead.as_str())
        .flat_map(|h| [h.old_value.parse().ok(), h.new_value.parse().ok()])
        .flatten()
        .collect();
    let history_orgs = db::tasks::org_refs(db, &lead_ids).await?;
    let history = raw_history
        .into_iter()
        .filter_map(|h| {
            let field = HistoryField::parse(&h.field)?;
            Some(HistoryEvent {
                actor: h.full_name,
                created_at: h.created_at,
                field,
                old_value: history_value(field, &h.old_value, &history_orgs),
                new_value: history_value(field, &h.new_value, &history_orgs),
                note: h.note,
            })
        })
        .collect();
    let group_open = rollup
        .as_ref()
        .is_some_and(|r| r.by_status.iter().any(|(s, n)| s.is_open() && *n > 0));
    let moves = if !row.is_group {
        workflow::available_moves(standing, status)
    } else if group_open {
        group_moves(standing, status)
    } else {
        Vec::new()
    };
    let reassign_choices = if moves.contains(&Move::Reassign) {
        db::tasks::assignable_organizations(db)
            .await?
            .into_iter()
            .map(|(org, _)| org)
            .filter(|org| Some(org.id) != core.lead())
            .collect()
    } else {
        Vec::new()
    };
    Ok(TaskPage {
        id,
        parent: row
            .parent_id
            .zip(db::tasks::trilingual(
                row.parent_ky.clone(),
                row.parent_ru.clone(),
                row.parent_en.clone(),
            ))
            .map(|(p, t)| (TaskId(p), t)),
        is_group: row.is_group,
        written_in: crate::i18n::Lang::parse(&row.written_in).unwrap_or_default(),
        title: Trilingual {
            ky: row.title_ky.clone(),
            ru: row.title_ru.clone(),
            en: row.title_en.clone(),
        },
        description: Trilingual {
            ky: row.description_ky.clone(),
            ru: row.description_ru.clone(),
            en: row.description_en.clone(),
        },
        category: row.category()?,
        objectives: objectives
            .iter()
            .map(|o| CodeName {
                code: o.item.code.clone(),
                name: o.item.name.clone(),
            })
            .collect(),
        goals: code_names(framework.goals.iter().map(|g| &g.item), &goal_codes),
        directions: code_names(framework.directions.iter(), &direction_codes),
        principles: code_names(framework.principles.iter(), &principle_codes),
        lead: match (
            row.lead_organization_id,
            db::tasks::trilingual(
                row.lead_ky.clone(),
                row.lead_ru.clone(),
                row.lead_en.clone(),
            ),
        ) {
            (Some(id), Some(name)) => Some(crate::domain::tasks::views::OrgRef {
                id: OrganizationId(id),
                name,
            }),
            _ => None,
        },
        supporting: db::tasks::org_refs(db, &supporting).await?,
        coverage: row.coverage()?,
        place: db::tasks::trilingual(
            row.place_ky.clone(),
            row.place_ru.clone(),
            row.place_en.clone(),
        ),
        start_date: row.start_date,
        due_date: row.due_date,
        priority: row.priority()?,
        expected_result: row.expected_result.clone(),
        target: row.target_value.map(|v| (v, row.target_unit.clone())),
        enforcement_focus: row.enforcement_focus()?,
        result_statement: row.result_statement.clone(),
        status,
        overdue: !row.is_group && status.is_overdue(row.due_date, today),
        version: row.version,
        created_by: row.created_by_name.clone(),
        created_at: row.created_at,
        rollup,
        children,
        comments: db::tasks::comments(db, id).await?,
        history,
        may_comment: standing.may_comment(status),
        draft_form: (status == Status::Draft && standing == Standing::Coordinator && !row.is_group)
            .then(|| draft_form(&row, (&objective_codes, &principle_codes), &supporting)),
        moves,
        reassign_choices,
    })
}

/// One page of the task list, within the caller's scope.
pub async fn list(
    state: &AppState,
    permit: &Permit,
    filter: &TaskFilter,
) -> Result<TaskListPage, AppError> {
    let scope = permit.scope();
    let (rows, next) = db::task_list::list(&state.db, scope, filter, today()).await?;
    let next = next.map(|cursor| {
        TaskFilter {
            after: Some(cursor),
            ..filter.clone()
        }
        .to_query()
    });
    Ok(TaskListPage {
        rows,
        next,
        can_create: permit.may(Action::ManageTasks),
    })
}

/// The caller's inbox, with `rows` tasks per section (0 for the counts alone).
pub async fn inbox(state: &AppState, permit: &Permit, rows: i64) -> Result<Inbox, AppError> {
    let Some(owner) = permit.inbox() else {
        return Ok(Inbox::default());
    };
    let today = today();
    let mut sections = Vec::new();
    for kind in db::task_list::inbox_kinds(owner) {
        let total = db::task_list::inbox_count(&state.db, owner, *kind, today).await?;
        let rows = if rows > 0 && total > 0 {
            db::task_list::inbox_rows(&state.db, owner, *kind, today, rows).await?
        } else {
            Vec::new()
        };
        sections.push(InboxSection {
            kind: *kind,
            rows,
            total,
        });
    }
    let reports = super::reports::inbox_sections(state, permit, rows).await?;
    Ok(Inbox { sections, reports })
}
