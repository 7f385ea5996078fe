//! Tasks: saving new ones (one, or a bulk assignment with a task per organisation), reading
//! one task with its thread and history, moving it with optimistic concurrency, and comments.
//! Every change writes `task_history`, and tells the people it concerns (`notifications`), in
//! the same transaction.

use super::notifications::{self, Event, Recipients};
use super::tallies::set_task_mask;
use super::tx::Tx;
use super::value::Params;
use super::{Db, on_db};
use crate::bind_all;
use crate::domain::{
    ids::{OrganizationId, TaskId, UserId},
    notifications::Kind,
    tasks::fields::{Category, Coverage, EnforcementFocus, Priority},
    tasks::inputs::{OrganizationSelector, TaskPlace, date_to_iso},
    tasks::views::{Comment, HistoryField, OrgRef},
    tasks::workflow::Status,
    views::Trilingual,
};
use crate::i18n::Lang;
use time::{Date, OffsetDateTime};

/// A task to insert, with its links.
#[derive(Clone, Debug)]
pub struct NewTask {
    pub parent_id: Option<TaskId>,
    pub is_group: bool,
    pub written_in: Lang,
    pub title: Trilingual,
    pub description: Trilingual,
    pub category: Category,
    pub place: TaskPlace,
    pub lead: Option<OrganizationId>,
    pub supporting: Vec<OrganizationId>,
    pub objectives: Vec<String>,
    pub principles: Vec<String>,
    pub start_date: Date,
    pub due_date: Date,
    pub priority: Priority,
    pub expected_result: String,
    pub target: Option<(f64, String)>,
    /// What an enforcement task is aimed at; `None` for other categories.
    pub enforcement_focus: Option<EnforcementFocus>,
    pub status: Status,
    pub is_demo: bool,
    pub created_by: UserId,
    pub note: String,
}

impl NewTask {
    fn search_text(&self) -> String {
        [
            &self.title.ky,
            &self.title.ru,
            &self.title.en,
            &self.description.ky,
            &self.description.ru,
            &self.description.en,
        ]
        .iter()
        .filter(|s| !s.is_empty())
        .map(|s| s.to_lowercase())
        .collect::<Vec<_>>()
        .join(" \n ")
    }
}

/// A task's status, lead, version and the like: what deciding on a change needs.
#[derive(Clone, Debug, sqlx::FromRow)]
pub struct TaskCore {
    pub task_id: i64,
    pub parent_id: Option<i64>,
    pub is_group: bool,
    pub status: String,
    pub version: i64,
    pub lead_organization_id: Option<i64>,
    pub start_date: Date,
    pub due_date: Date,
    pub created_by: i64,
    pub enforcement_focus: Option<String>,
}

impl TaskCore {
    pub fn status(&self) -> Result<Status, sqlx::Error> {
        Status::parse(&self.status)
            .ok_or_else(|| sqlx::Error::Decode(format!("unknown status {}", self.status).into()))
    }

    pub fn lead(&self) -> Option<OrganizationId> {
        self.lead_organization_id.map(OrganizationId)
    }

    /// What an enforcement task is aimed at (`None` for other tasks).
    pub fn enforcement_focus(&self) -> Result<Option<EnforcementFocus>, sqlx::Error> {
        self.enforcement_focus
            .as_deref()
            .map(|f| EnforcementFocus::parse(f).ok_or_else(|| decode("enforcement focus", f)))
            .transpose()
    }
}

/// Inserts a task's objectives, principles and supporting organisations, and sets its concept
/// mask.
async fn insert_links(tx: &mut Tx, id: i64, task: &NewTask) -> Result<(), sqlx::Error> {
    for code in &task.objectives {
        tx.execute(
            "insert into task_objectives (task_id, objective_code) values ($1, $2)",
            &[id.into(), code.into()],
        )
        .await?;
    }
    for code in &task.principles {
        tx.execute(
            "insert into task_principles (task_id, principle_code) values ($1, $2)",
            &[id.into(), code.into()],
        )
        .await?;
    }
    for org in &task.supporting {
        tx.execute(
            "insert into task_supporters (task_id, organization_id) values ($1, $2)",
            &[id.into(), org.0.into()],
        )
        .await?;
    }
    set_task_mask(tx, id).await
}

/// Records a change of a task in its history.
async fn record(
    tx: &mut Tx,
    id: i64,
    actor: UserId,
    field: HistoryField,
    change: (&str, &str),
    note: &str,
    now: OffsetDateTime,
) -> Result<(), sqlx::Error> {
    tx.execute(
        "insert into task_history (task_id, actor_id, field, old_value, new_value, note, created_at) \
         values ($1, $2, $3, $4, $5, $6, $7)",
        &[
            id.into(),
            actor.0.into(),
            field.as_str().into(),
            change.0.into(),
            change.1.into(),
            note.into(),
            now.into(),
        ],
    )
    .await
    .map(|_| ())
}

/// Inserts tasks in one transaction, in order; when `tasks[0]` is a group (a bulk
/// assignment), every further task becomes its child. Returns the ids in order.
pub async fn insert(
    db: &Db,
    tasks: &[NewTask],
    now: OffsetDateTime,
) -> Result<Vec<TaskId>, sqlx::Error> {
    let mut tx = db.begin().await?;
    let ids = insert_in(&mut tx, tasks, now).await?;
    tx.commit().await?;
    Ok(ids)
}

/// [`insert`] within a transaction the caller commits (a case's request is written with the
/// task it asks for).
pub async fn insert_in(
    tx: &mut Tx,
    tasks: &[NewTask],
    now: OffsetDateTime,
) -> Result<Vec<TaskId>, sqlx::Error> {
    let mut ids: Vec<TaskId> = Vec::with_capacity(tasks.len());
    for task in tasks {
        let parent = task
            .parent_id
            .or_else(|| (!ids.is_empty() && tasks[0].is_group).then(|| ids[0]));
        let target_value = task.target.as_ref().map(|(v, _)| *v);
        let target_unit = task.target.as_ref().map(|(_, u)| u.as_str()).unwrap_or("");
        let id: i64 = tx
            .fetch_scalar(
                "insert into tasks (parent_id, is_group, title_ky, title_ru, title_en, \
                    description_ky, description_ru, description_en, written_in, category, coverage, \
                    region_code, district_code, municipality_code, lead_organization_id, start_date, \
                    due_date, priority, expected_result, target_value, target_unit, status, is_demo, \
                    search_text, created_by, created_at, updated_at, enforcement_focus) \
                 values ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, \
                    $18, $19, $20, $21, $22, $23, $24, $25, $26, $26, $27) returning task_id",
                &[
                    parent.map(|p| p.0).into(),
                    task.is_group.into(),
                    (&task.title.ky).into(),
                    (&task.title.ru).into(),
                    (&task.title.en).into(),
                    (&task.description.ky).into(),
                    (&task.description.ru).into(),
                    (&task.description.en).into(),
                    task.written_in.code().into(),
                    task.category.as_str().into(),
                    task.place.coverage.as_str().into(),
                    task.place.region_code.clone().into(),
                    task.place.district_code.clone().into(),
                    task.place.municipality_code.clone().into(),
                    task.lead.map(|o| o.0).into(),
                    task.start_date.into(),
                    task.due_date.into(),
                    task.priority.rank().into(),
                    (&task.expected_result).into(),
                    target_value.into(),
                    target_unit.into(),
                    task.status.as_str().into(),
                    task.is_demo.into(),
                    task.search_text().into(),
                    task.created_by.0.into(),
                    now.into(),
                    task.enforcement_focus.map(EnforcementFocus::as_str).into(),
                ],
            )
            .await?;
        insert_links(tx, id, task).await?;
        record(
            tx,
            id,
            task.created_by,
            HistoryField::Created,
            ("", task.status.as_str()),
            &task.note,
            now,
        )
        .await?;
        if task.status == Status::Assigned {
            tell(
                tx,
                TaskId(id),
                1,
                task.created_by,
                &task.note,
                Kind::TaskAssigned,
                Recipients::LeadReporters,
                now,
            )
            .await?;
        }
        ids.push(TaskId(id));
    }
    Ok(ids)
}

/// An organisation a bulk assignment reaches, with its place.
#[derive(Clone, Debug, sqlx::FromRow)]
pub struct Assignable {
    pub organization_id: i64,
    pub region_code: Option<String>,
    pub district_code: Option<String>,
    pub municipality_code: Option<String>,
}

/// Every active organisation the selector matches (never the coordinating body itself).
pub async fn select_organizations(
    db: &Db,
    selector: &OrganizationSelector,
) -> Result<Vec<Assignable>, sqlx::Error> {
    let sql = "select organization_id, region_code, district_code, municipality_code \
               from organizations \
               where is_active and kind <> 'coordinating_body' \
                 and (cast($1 as text) is null or kind = $1) \
                 and (cast($2 as text) is null or region_code = $2) \
                 and (cast($3 as text) is null or district_code = $3) \
               order by organization_id";
    on_db!(db, pool => sqlx::query_as(sql)
        .bind(selector.kind.map(|k| k.as_str()))
        .bind(selector.region_code.as_deref())
        .bind(selector.district_code.as_deref())
        .fetch_all(pool)
        .await)
}

/// Of `ids`, the ones naming active organisations other than the coordinating body.
pub async fn assignable_ids(
    db: &Db,
    ids: &[OrganizationId],
) -> Result<Vec<OrganizationId>, sqlx::Error> {
    if ids.is_empty() {
        return Ok(Vec::new());
    }
    let mut params = Params::default();
    let sql = format!(
        "select organization_id from organizations \
         where organization_id in ({}) and is_active and kind <> 'coordinating_body'",
        params.list(ids.iter().map(|id| id.0))
    );
    let found: Vec<i64> = on_db!(db, pool =>
        bind_all!(sqlx::query_scalar(&sql), &params.values).fetch_all(pool).await)?;
    Ok(ids
        .iter()
        .copied()
        .filter(|id| found.contains(&id.0))
        .collect())
}

/// Of `codes`, how many name real objectives (or principles, with `principles`).
pub async fn count_codes(
    db: &Db,
    codes: &[String],
    principles: bool,
) -> Result<usize, sqlx::Error> {
    if codes.is_empty() {
        return Ok(0);
    }
    let (table, column) = if principles {
        ("principles", "principle_code")
    } else {
        ("objectives", "objective_code")
    };
    let mut params = Params::default();
    let sql = format!(
        "select count(*) from {table} where {column} in ({})",
        params.list(codes)
    );
    let n: i64 = on_db!(db, pool =>
        bind_all!(sqlx::query_scalar(&sql), &params.values).fetch_one(pool).await)?;
    Ok(usize::try_from(n).unwrap_or(0))
}

const CORE: &str = "select task_id, parent_id, is_group, status, version, lead_organization_id, \
                    start_date, due_date, created_by, enforcement_focus from tasks";

pub async fn core(db: &Db, id: TaskId) -> Result<Option<TaskCore>, sqlx::Error> {
    let sql = format!("{CORE} where task_id = $1");
    on_db!(db, pool => sqlx::query_as(&sql).bind(id.0).fetch_optional(pool).await)
}

/// The tasks `org` leads that owe reports (accepted, in progress, returned or completed).
pub async fn open_led_by(db: &Db, org: OrganizationId) -> Result<Vec<TaskCore>, sqlx::Error> {
    let sql = format!(
        "{CORE} where lead_organization_id = $1 and is_group = false \
         and status in ('accepted', 'in_progress', 'returned', 'completed') order by task_id"
    );
    on_db!(db, pool => sqlx::query_as(&sql).bind(org.0).fetch_all(pool).await)
}

/// The tasks taken on by their lead organisation and not yet reported on (for the generator's
/// reports): (task, lead).
pub async fn generated_reporting(db: &Db) -> Result<Vec<(i64, i64, Option<String>)>, sqlx::Error> {
    on_db!(db, pool => sqlx::query_as(
        "select task_id, lead_organization_id, enforcement_focus from tasks t where is_group = false \
         and status in ('accepted', 'in_progress', 'returned', 'completed', 'verified') \
         and not exists (select 1 from reports r where r.task_id = t.task_id) order by task_id",
    ).fetch_all(pool).await)
}

/// The open children of a bulk assignment.
pub async fn open_children(db: &Db, parent: TaskId) -> Result<Vec<TaskCore>, sqlx::Error> {
    let sql = format!(
        "{CORE} where parent_id = $1 and status not in ('verified', 'cancelled') order by task_id"
    );
    on_db!(db, pool => sqlx::query_as(&sql).bind(parent.0).fetch_all(pool).await)
}

/// The supporting organisations of a task.
pub async fn supporters(db: &Db, id: TaskId) -> Result<Vec<OrganizationId>, sqlx::Error> {
    let ids: Vec<i64> = on_db!(db, pool => sqlx::query_scalar(
        "select organization_id from task_supporters where task_id = $1 order by organization_id",
    )
    .bind(id.0)
    .fetch_all(pool)
    .await)?;
    Ok(ids.into_iter().map(OrganizationId).collect())
}

/// One change to apply to a task, checked against the version its maker saw.
#[derive(Clone, Debug)]
pub struct Change {
    pub task_id: TaskId,
    pub expected_version: i64,
    pub actor: UserId,
    pub status: Option<(Status, Status)>,
    pub lead: Option<(Option<OrganizationId>, OrganizationId)>,
    pub due_date: Option<(Date, Date)>,
    pub result: Option<String>,
    pub note: String,
}

/// Applies changes in one transaction. Returns `false`, changing nothing, if any task's
/// version moved since it was read.
pub async fn apply(db: &Db, changes: &[Change], now: OffsetDateTime) -> Result<bool, sqlx::Error> {
    let mut tx = db.begin().await?;
    for change in changes {
        let updated = tx
            .execute(
                "update tasks set \
                    status = coalesce($1, status), \
                    lead_organization_id = coalesce($2, lead_organization_id), \
                    due_date = coalesce($3, due_date), \
                    result_statement = coalesce($4, result_statement), \
                    version = version + 1, updated_at = $5 \
                 where task_id = $6 and version = $7",
                &[
                    change.status.map(|(_, new)| new.as_str()).into(),
                    change.lead.map(|(_, new)| new.0).into(),
                    change.due_date.map(|(_, new)| new).into(),
                    change.result.clone().into(),
                    now.into(),
                    change.task_id.0.into(),
                    change.expected_version.into(),
                ],
            )
            .await?;
        if updated != 1 {
            tx.rollback().await?;
            return Ok(false);
        }
        let mut events: Vec<(HistoryField, String, String)> = Vec::new();
        if let Some((old, new)) = change.status {
            events.push((
                HistoryField::Status,
                old.as_str().into(),
                new.as_str().into(),
            ));
        }
        if let Some((old, new)) = change.lead {
            events.push((
                HistoryField::Lead,
                old.map(|o| o.to_string()).unwrap_or_default(),
                new.to_string(),
            ));
        }
        if let Some((old, new)) = change.due_date {
            events.push((HistoryField::DueDate, date_to_iso(old), date_to_iso(new)));
        }
        if let Some(result) = change.result.as_ref().filter(|r| !r.is_empty()) {
            events.push((HistoryField::Result, String::new(), result.clone()));
        }
        for (field, old, new) in events {
            record(
                &mut tx,
                change.task_id.0,
                change.actor,
                field,
                (&old, &new),
                &change.note,
                now,
            )
            .await?;
        }
        let version = change.expected_version + 1;
        for (kind, to) in change.notifications() {
            tell(
                &mut tx,
                change.task_id,
                version,
                change.actor,
                &change.note,
                kind,
                to,
                now,
            )
            .await?;
        }
    }
    tx.commit().await?;
    Ok(true)
}

impl Change {
    /// Who is told of the change, and what: the lead's reporters of an assignment, a return,
    /// a new due date or a cancellation; on a reassignment the new lead's reporters that it is
    /// theirs and the old lead's that it went elsewhere.
    fn notifications(&self) -> Vec<(Kind, Recipients)> {
        let mut out = Vec::new();
        let to = self.status.map(|(_, to)| to);
        match self.lead {
            Some((old, new)) if old != Some(new) => {
                out.push((Kind::TaskAssigned, Recipients::LeadReporters));
                if let Some(old) = old {
                    out.push((Kind::TaskReassigned, Recipients::ReportersOf(old)));
                }
            }
            _ if to == Some(Status::Assigned) => {
                out.push((Kind::TaskAssigned, Recipients::LeadReporters));
            }
            _ => {}
        }
        match to {
            Some(Status::Returned) => out.push((Kind::TaskReturned, Recipients::LeadReporters)),
            Some(Status::Cancelled) => out.push((Kind::TaskCancelled, Recipients::LeadReporters)),
            _ => {}
        }
        if self.due_date.is_some_and(|(old, new)| old != new) {
            out.push((Kind::TaskRescheduled, Recipients::LeadReporters));
        }
        out
    }
}

/// Records one notification event about a task at `version` (so each change's events have
/// their own keys).
#[allow(clippy::too_many_arguments)]
async fn tell(
    tx: &mut Tx,
    task: TaskId,
    version: i64,
    actor: UserId,
    note: &str,
    kind: Kind,
    to: Recipients,
    now: OffsetDateTime,
) -> Result<u64, sqlx::Error> {
    let event = Event {
        kind,
        task: Some(task),
        report: None,
        activity: None,
        actor,
        note,
        key: format!("task:{}:v{version}:{}", task.0, kind.as_str()),
    };
    notifications::record(tx, &event, to, now).await
}

/// Saves new details for a draft, and assigns it when `task.status` says so, in one
/// transaction. `false`, changing nothing, if it is no longer the draft of `expected_version`.
pub async fn update_draft(
    db: &Db,
    id: TaskId,
    expected_version: i64,
    task: &NewTask,
    now: OffsetDateTime,
) -> Result<bool, sqlx::Error> {
    let mut tx = db.begin().await?;
    let target_value = task.target.as_ref().map(|(v, _)| *v);
    let target_unit = task.target.as_ref().map(|(_, u)| u.as_str()).unwrap_or("");
    let updated = tx
        .execute(
            "update tasks set title_ky = $1, title_ru = $2, title_en = $3, description_ky = $4, \
                description_ru = $5, description_en = $6, written_in = $7, category = $8, \
                coverage = $9, region_code = $10, district_code = $11, municipality_code = $12, \
                lead_organization_id = $13, start_date = $14, due_date = $15, priority = $16, \
                expected_result = $17, target_value = $18, target_unit = $19, status = $20, \
                search_text = $21, version = version + 1, updated_at = $22, \
                enforcement_focus = $25 \
             where task_id = $23 and version = $24 and status = 'draft'",
            &[
                (&task.title.ky).into(),
                (&task.title.ru).into(),
                (&task.title.en).into(),
                (&task.description.ky).into(),
                (&task.description.ru).into(),
                (&task.description.en).into(),
                task.written_in.code().into(),
                task.category.as_str().into(),
                task.place.coverage.as_str().into(),
                task.place.region_code.clone().into(),
                task.place.district_code.clone().into(),
                task.place.municipality_code.clone().into(),
                task.lead.map(|o| o.0).into(),
                task.start_date.into(),
                task.due_date.into(),
                task.priority.rank().into(),
                (&task.expected_result).into(),
                target_value.into(),
                target_unit.into(),
                task.status.as_str().into(),
                task.search_text().into(),
                now.into(),
                id.0.into(),
                expected_version.into(),
                task.enforcement_focus.map(EnforcementFocus::as_str).into(),
            ],
        )
        .await?;
    if updated != 1 {
        tx.rollback().await?;
        return Ok(false);
    }
    for table in ["task_objectives", "task_principles", "task_supporters"] {
        tx.execute(
            &format!("delete from {table} where task_id = $1"),
            &[id.0.into()],
        )
        .await?;
    }
    insert_links(&mut tx, id.0, task).await?;
    let mut events = vec![(HistoryField::Edited, "", "")];
    if task.status != Status::Draft {
        events.push((
            HistoryField::Status,
            Status::Draft.as_str(),
            task.status.as_str(),
        ));
    }
    for (field, old, new) in events {
        record(&mut tx, id.0, task.created_by, field, (old, new), "", now).await?;
    }
    if task.status == Status::Assigned {
        tell(
            &mut tx,
            id,
            expected_version + 1,
            task.created_by,
            "",
            Kind::TaskAssigned,
            Recipients::LeadReporters,
            now,
        )
        .await?;
    }
    tx.commit().await?;
    Ok(true)
}

/// Adds a comment to a task's thread.
pub async fn add_comment(
    db: &Db,
    task: TaskId,
    author: UserId,
    body: &str,
    now: OffsetDateTime,
) -> Result<(), sqlx::Error> {
    let mut tx = db.begin().await?;
    let id: i64 = tx
        .fetch_scalar(
            "insert into task_comments (task_id, author_id, body, created_at) \
             values ($1, $2, $3, $4) returning comment_id",
            &[task.0.into(), author.0.into(), body.into(), now.into()],
        )
        .await?;
    // The lead's reporters and the coordinator who made the task hear of it (not the author).
    for to in [Recipients::LeadReporters, Recipients::TaskCreator] {
        let event = Event {
            kind: Kind::TaskCommented,
            task: Some(task),
            report: None,
            activity: None,
            actor: author,
            note: body,
            key: format!("comment:{id}"),
        };
        notifications::record(&mut tx, &event, to, now).await?;
    }
    tx.commit().await
}

/// The task row as the task page needs it.
#[derive(Debug, sqlx::FromRow)]
pub struct DetailRow {
    pub task_id: i64,
    pub parent_id: Option<i64>,
    pub parent_ky: Option<String>,
    pub parent_ru: Option<String>,
    pub parent_en: Option<String>,
    pub is_group: bool,
    pub written_in: String,
    pub title_ky: String,
    pub title_ru: String,
    pub title_en: String,
    pub description_ky: String,
    pub description_ru: String,
    pub description_en: String,
    pub category: String,
    pub coverage: String,
    pub region_code: Option<String>,
    pub district_code: Option<String>,
    pub municipality_code: Option<String>,
    pub place_ky: Option<String>,
    pub place_ru: Option<String>,
    pub place_en: Option<String>,
    pub lead_organization_id: Option<i64>,
    pub lead_ky: Option<String>,
    pub lead_ru: Option<String>,
    pub lead_en: Option<String>,
    pub start_date: Date,
    pub due_date: Date,
    pub priority: i64,
    pub expected_result: String,
    pub target_value: Option<f64>,
    pub target_unit: String,
    pub enforcement_focus: Option<String>,
    pub status: String,
    pub result_statement: String,
    pub version: i64,
    pub created_by_name: String,
    pub created_at: OffsetDateTime,
}

impl DetailRow {
    pub fn category(&self) -> Result<Category, sqlx::Error> {
        Category::parse(&self.category).ok_or_else(|| decode("category", &self.category))
    }
    pub fn coverage(&self) -> Result<Coverage, sqlx::Error> {
        Coverage::parse(&self.coverage).ok_or_else(|| decode("coverage", &self.coverage))
    }
    pub fn priority(&self) -> Result<Priority, sqlx::Error> {
        Priority::from_rank(self.priority)
            .ok_or_else(|| decode("priority", &self.priority.to_string()))
    }
    pub fn status(&self) -> Result<Status, sqlx::Error> {
        Status::parse(&self.status).ok_or_else(|| decode("status", &self.status))
    }
    pub fn enforcement_focus(&self) -> Result<Option<EnforcementFocus>, sqlx::Error> {
        self.enforcement_focus
            .as_deref()
            .map(|f| EnforcementFocus::parse(f).ok_or_else(|| decode("enforcement focus", f)))
            .transpose()
    }
}

pub fn decode(what: &str, value: &str) -> sqlx::Error {
    sqlx::Error::Decode(format!("unknown {what} {value}").into())
}

pub fn trilingual(
    ky: Option<String>,
    ru: Option<String>,
    en: Option<String>,
) -> Option<Trilingual> {
    Some(Trilingual {
        ky: ky?,
        ru: ru?,
        en: en?,
    })
}

pub async fn detail(db: &Db, id: TaskId) -> Result<Option<DetailRow>, sqlx::Error> {
    let sql = "select t.task_id, t.parent_id, p.title_ky as parent_ky, p.title_ru as parent_ru, \
                      p.title_en as parent_en, t.is_group, t.written_in, t.title_ky, t.title_ru, \
                      t.title_en, t.description_ky, t.description_ru, t.description_en, t.category, \
                      t.coverage, t.region_code, t.district_code, t.municipality_code, \
                      coalesce(m.name_ky, d.name_ky, r.name_ky) as place_ky, \
                      coalesce(m.name_ru, d.name_ru, r.name_ru) as place_ru, \
                      coalesce(m.name_en, d.name_en, r.name_en) as place_en, \
                      t.lead_organization_id, o.name_ky as lead_ky, o.name_ru as lead_ru, \
                      o.name_en as lead_en, t.start_date, t.due_date, t.priority, \
                      t.expected_result, t.target_value, t.target_unit, t.enforcement_focus, \
                      t.status, t.result_statement, t.version, u.full_name as created_by_name, \
                      t.created_at \
               from tasks t \
               left join tasks p on p.task_id = t.parent_id \
               left join regions r on r.region_code = t.region_code \
               left join districts d on d.district_code = t.district_code \
               left join municipalities m on m.municipality_code = t.municipality_code \
               left join organizations o on o.organization_id = t.lead_organization_id \
               join users u on u.user_id = t.created_by \
               where t.task_id = $1";
    on_db!(db, pool => sqlx::query_as(sql).bind(id.0).fetch_optional(pool).await)
}

/// Codes of the objectives and principles a task serves.
pub async fn codes(db: &Db, id: TaskId) -> Result<(Vec<String>, Vec<String>), sqlx::Error> {
    let objectives: Vec<String> = on_db!(db, pool => sqlx::query_scalar(
        "select objective_code from task_objectives where task_id = $1",
    ).bind(id.0).fetch_all(pool).await)?;
    let principles: Vec<String> = on_db!(db, pool => sqlx::query_scalar(
        "select principle_code from task_principles where task_id = $1",
    ).bind(id.0).fetch_all(pool).await)?;
    Ok((objectives, principles))
}

/// Organisations by id, with their names.
pub async fn org_refs(db: &Db, ids: &[OrganizationId]) -> Result<Vec<OrgRef>, sqlx::Error> {
    if ids.is_empty() {
        return Ok(Vec::new());
    }
    let mut params = Params::default();
    let sql = format!(
        "select organization_id, name_ky, name_ru, name_en from organizations \
         where organization_id in ({})",
        params.list(ids.iter().map(|id| id.0))
    );
    let rows: Vec<(i64, String, String, String)> = on_db!(db, pool =>
        bind_all!(sqlx::query_as(&sql), &params.values).fetch_all(pool).await)?;
    // In the order asked for.
    Ok(ids
        .iter()
        .filter_map(|id| rows.iter().find(|r| r.0 == id.0))
        .map(|(id, ky, ru, en)| OrgRef {
            id: OrganizationId(*id),
            name: Trilingual {
                ky: ky.clone(),
                ru: ru.clone(),
                en: en.clone(),
            },
        })
        .collect())
}

/// Every active organisation that can be given tasks, with its kind, by Russian name.
pub async fn assignable_organizations(db: &Db) -> Result<Vec<(OrgRef, String)>, sqlx::Error> {
    let rows: Vec<(i64, String, String, String, String)> = on_db!(db, pool => sqlx::query_as(
        "select organization_id, name_ky, name_ru, name_en, kind from organizations \
         where is_active and kind <> 'coordinating_body' order by kind, name_ru, organization_id",
    ).fetch_all(pool).await)?;
    Ok(rows
        .into_iter()
        .map(|(id, ky, ru, en, kind)| {
            (
                OrgRef {
                    id: OrganizationId(id),
                    name: Trilingual { ky, ru, en },
                },
                kind,
            )
        })
        .collect())
}

#[derive(sqlx::FromRow)]
struct CommentRow {
    full_name: String,
    name_ky: String,
    name_ru: String,
    name_en: String,
    created_at: OffsetDateTime,
    body: String,
}

pub async fn comments(db: &Db, id: TaskId) -> Result<Vec<Comment>, sqlx::Error> {
    let rows: Vec<CommentRow> = on_db!(db, pool => sqlx::query_as(
        "select u.full_name, o.name_ky, o.name_ru, o.name_en, c.created_at, c.body \
         from task_comments c join users u on u.user_id = c.author_id \
         join organizations o on o.organization_id = u.organization_id \
         where c.task_id = $1 order by c.comment_id",
    ).bind(id.0).fetch_all(pool).await)?;
    Ok(rows
        .into_iter()
        .map(|r| Comment {
            author: r.full_name,
            organization: Trilingual {
                ky: r.name_ky,
                ru: r.name_ru,
                en: r.name_en,
            },
            created_at: r.created_at,
            body: r.body,
        })
        .collect())
}

/// A raw history row: values as stored.
#[derive(Debug, sqlx::FromRow)]
pub struct HistoryRow {
    pub full_name: String,
    pub created_at: OffsetDateTime,
    pub field: String,
    pub old_value: String,
    pub new_value: String,
    pub note: String,
}

pub async fn history(db: &Db, id: TaskId) -> Result<Vec<HistoryRow>, sqlx::Error> {
    on_db!(db, pool => sqlx::query_as(
        "select u.full_name, h.created_at, h.field, h.old_value, h.new_value, h.note \
         from task_history h join users u on u.user_id = h.actor_id \
         where h.task_id = $1 order by h.event_id",
    ).bind(id.0).fetch_all(pool).await)
}
