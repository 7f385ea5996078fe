//! Reading many tasks: the filtered, sorted, keyset-paginated list; the inbox; the roll-up
//! of a bulk assignment. Queries are built from the filters in use only, so each one can use
//! its index; the caller's scope is always part of the query.

use super::query::Query;
use super::tasks::{decode, trilingual};
use super::{Db, on_db};
use crate::bind_all;
use crate::domain::{
    ids::{OrganizationId, TaskId},
    policy::{InboxOwner, Scope},
    tasks::fields::{Category, Priority},
    tasks::filters::{Cursor, TASK_PAGE_SIZE, TaskFilter, TaskSort},
    tasks::views::{DUE_SOON_DAYS, InboxKind, OrgRef, Rollup, TaskRow},
    tasks::workflow::Status,
    views::Trilingual,
};
use time::Date;

const OWING: &str = "('assigned', 'accepted', 'in_progress', 'returned')";

const ROW: &str = "select t.task_id, t.title_ky, t.title_ru, t.title_en, t.status, t.is_group, \
                   t.category, t.priority, t.due_date, t.lead_organization_id, \
                   o.name_ky as lead_ky, o.name_ru as lead_ru, o.name_en as lead_en \
                   from tasks t left join organizations o on o.organization_id = t.lead_organization_id";

#[derive(sqlx::FromRow)]
struct Row {
    task_id: i64,
    title_ky: String,
    title_ru: String,
    title_en: String,
    status: String,
    is_group: bool,
    category: String,
    priority: i64,
    due_date: Date,
    lead_organization_id: Option<i64>,
    lead_ky: Option<String>,
    lead_ru: Option<String>,
    lead_en: Option<String>,
}

impl Row {
    fn into_view(self, today: Date) -> Result<TaskRow, sqlx::Error> {
        let status = Status::parse(&self.status).ok_or_else(|| decode("status", &self.status))?;
        Ok(TaskRow {
            id: TaskId(self.task_id),
            title: Trilingual {
                ky: self.title_ky,
                ru: self.title_ru,
                en: self.title_en,
            },
            status,
            overdue: !self.is_group && status.is_overdue(self.due_date, today),
            is_group: self.is_group,
            category: Category::parse(&self.category)
                .ok_or_else(|| decode("category", &self.category))?,
            priority: Priority::from_rank(self.priority)
                .ok_or_else(|| decode("priority", &self.priority.to_string()))?,
            due_date: self.due_date,
            lead: match (
                self.lead_organization_id,
                trilingual(self.lead_ky, self.lead_ru, self.lead_en),
            ) {
                (Some(id), Some(name)) => Some(OrgRef {
                    id: OrganizationId(id),
                    name,
                }),
                _ => None,
            },
        })
    }
}

/// Limits `query` to what `scope` may see.
fn scope_condition(query: &mut Query, scope: Scope) {
    match scope {
        Scope::All => {}
        Scope::Organization(org) => {
            let o = query.arg(org.0);
            // One set of ids from two index lookups, rather than an `or` that would make the
            // database walk every task in list order to find an organisation's few.
            query.when(format!(
                "t.status <> 'draft' and t.task_id in \
                 (select l.task_id from tasks l where l.lead_organization_id = {o} \
                  union all select s.task_id from task_supporters s where s.organization_id = {o})"
            ));
        }
        Scope::Published => query.when("t.status <> 'draft'".to_owned()),
        Scope::OwnAccount(_) | Scope::Nothing => query.when("1 = 0".to_owned()),
    }
}

/// The text-search condition: a trigram index on either backend, for three characters or more.
fn search_condition(query: &mut Query, db: &Db, text: &str) {
    let like = crate::domain::filters::like_pattern(text);
    match db {
        Db::Sqlite(_) if text.chars().count() >= 3 => {
            let phrase = format!("\"{}\"", text.replace('"', "\"\""));
            let p = query.arg(phrase);
            query.when(format!(
                "t.task_id in (select rowid from tasks_search where tasks_search match {p})"
            ));
        }
        _ => {
            let p = query.arg(like);
            query.when(format!("t.search_text like {p} escape '\\'"));
        }
    }
}

/// One page of tasks matching `filter` within `scope`, and the cursor of the next page.
pub async fn list(
    db: &Db,
    scope: Scope,
    filter: &TaskFilter,
    today: Date,
) -> Result<(Vec<TaskRow>, Option<Cursor>), sqlx::Error> {
    let mut q = Query::default();
    scope_condition(&mut q, scope);
    if let Some(status) = filter.status {
        let p = q.arg(status.as_str());
        q.when(format!("t.status = {p}"));
    }
    if let Some(category) = filter.category {
        let p = q.arg(category.as_str());
        q.when(format!("t.category = {p}"));
    }
    if let Some(code) = &filter.objective {
        let p = q.arg(code.clone());
        q.when(format!(
            "t.task_id in (select x.task_id from task_objectives x where x.objective_code = {p})"
        ));
    }
    if let Some(code) = &filter.goal {
        let p = q.arg(code.clone());
        // Goals and directions each cover a large share of tasks: checking each task in list
        // order finds a page sooner than collecting every match and sorting it.
        q.when(format!(
            "exists (select 1 from task_objectives x join objective_goals g \
             on g.objective_code = x.objective_code where x.task_id = t.task_id and g.goal_code = {p})"
        ));
    }
    if let Some(code) = &filter.direction {
        let p = q.arg(code.clone());
        q.when(format!(
            "exists (select 1 from task_objectives x join objective_directions g \
             on g.objective_code = x.objective_code where x.task_id = t.task_id and g.direction_code = {p})"
        ));
    }
    if let Some(org) = filter.organization_id {
        let p = q.arg(org.0);
        q.when(format!("t.lead_organization_id = {p}"));
    }
    if let Some(kind) = filter.org_kind {
        let p = q.arg(kind.as_str());
        // A kind can be rare (partners lead few tasks): collect its organisations' tasks by
        // index rather than check every task.
        q.when(format!(
            "t.lead_organization_id in (select k.organization_id from organizations k where k.kind = {p})"
        ));
    }
    if let Some(code) = &filter.region_code {
        let p = q.arg(code.clone());
        q.when(format!("t.region_code = {p}"));
    }
    if let Some(code) = &filter.district_code {
        let p = q.arg(code.clone());
        q.when(format!("t.district_code = {p}"));
    }
    if filter.overdue {
        let p = q.arg(today);
        q.when(format!(
            "t.is_group = false and t.status in {OWING} and t.due_date < {p}"
        ));
    }
    if let Some(from) = filter.due_from {
        let p = q.arg(from);
        q.when(format!("t.due_date >= {p}"));
    }
    if let Some(to) = filter.due_to {
        let p = q.arg(to);
        q.when(format!("t.due_date <= {p}"));
    }
    if let Some(parent) = filter.parent {
        let p = q.arg(parent.0);
        q.when(format!("t.parent_id = {p}"));
    }
    if let Some(text) = filter.search() {
        search_condition(&mut q, db, &text);
    }
    let order = match filter.sort {
        TaskSort::Due => "t.due_date, t.task_id",
        TaskSort::DueDesc => "t.due_date desc, t.task_id desc",
        TaskSort::Newest => "t.task_id desc",
        TaskSort::Priority => "t.priority desc, t.task_id desc",
    };
    if let Some(after) = filter.after {
        let id = after.id;
        match filter.sort {
            TaskSort::Due | TaskSort::DueDesc => {
                let due = after.due_date().unwrap_or(today);
                let d = q.arg(due);
                let i = q.arg(id);
                let op = if filter.sort == TaskSort::Due {
                    ">"
                } else {
                    "<"
                };
                q.when(format!("(t.due_date, t.task_id) {op} ({d}, {i})"));
            }
            TaskSort::Newest => {
                let i = q.arg(id);
                q.when(format!("t.task_id < {i}"));
            }
            TaskSort::Priority => {
                let k = q.arg(after.key);
                let i = q.arg(id);
                q.when(format!("(t.priority, t.task_id) < ({k}, {i})"));
            }
        }
    }
    let limit = q.arg(TASK_PAGE_SIZE + 1);
    let sql = format!("{ROW} {} order by {order} limit {limit}", q.where_clause());
    let rows: Vec<Row> = on_db!(db, pool =>
        bind_all!(sqlx::query_as(&sql), q.args()).fetch_all(pool).await
    )?;
    let more = rows.len() as i64 > TASK_PAGE_SIZE;
    let rows = rows
        .into_iter()
        .take(TASK_PAGE_SIZE as usize)
        .map(|r| r.into_view(today))
        .collect::<Result<Vec<_>, _>>()?;
    let next = more
        .then(|| rows.last())
        .flatten()
        .map(|last| Cursor::after(filter.sort, last.due_date, last.priority.rank(), last.id.0));
    Ok((rows, next))
}

/// The condition and ordering of one inbox section, with its arguments.
fn section(owner: InboxOwner, kind: InboxKind, today: Date) -> Option<Query> {
    let mut q = Query::default();
    match owner {
        InboxOwner::Organization(org) => {
            let p = q.arg(org.0);
            q.when(format!("t.lead_organization_id = {p}"));
        }
        InboxOwner::Creator(user) => {
            let p = q.arg(user.0);
            q.when(format!("t.created_by = {p} and t.is_group = false"));
        }
    }
    let soon = today + time::Duration::days(DUE_SOON_DAYS);
    // A reporter's "to accept" and "returned" sections hold those statuses already; a
    // coordinator follows every task that still owes work.
    let working = match owner {
        InboxOwner::Organization(_) => "('accepted', 'in_progress')",
        InboxOwner::Creator(_) => OWING,
    };
    match (owner, kind) {
        (InboxOwner::Organization(_), InboxKind::ToAccept) => {
            q.when("t.status = 'assigned'".into())
        }
        (InboxOwner::Organization(_), InboxKind::Returned) => {
            q.when("t.status = 'returned'".into())
        }
        (InboxOwner::Creator(_), InboxKind::ToVerify) => q.when("t.status = 'completed'".into()),
        (InboxOwner::Creator(_), InboxKind::Declined) => q.when("t.status = 'declined'".into()),
        (_, InboxKind::Overdue) => {
            let d = q.arg(today);
            q.when(format!("t.status in {working} and t.due_date < {d}"));
        }
        (_, InboxKind::DueSoon) => {
            let from = q.arg(today);
            let to = q.arg(soon);
            q.when(format!(
                "t.status in {working} and t.due_date between {from} and {to}"
            ));
        }
        _ => return None,
    }
    Some(q)
}

/// The sections of an inbox that apply to `owner`, in the order the page shows them.
pub fn inbox_kinds(owner: InboxOwner) -> &'static [InboxKind] {
    match owner {
        InboxOwner::Organization(_) => &[
            InboxKind::ToAccept,
            InboxKind::Returned,
            InboxKind::Overdue,
            InboxKind::DueSoon,
        ],
        InboxOwner::Creator(_) => &[
            InboxKind::ToVerify,
            InboxKind::Declined,
            InboxKind::Overdue,
            InboxKind::DueSoon,
        ],
    }
}

/// How many tasks one inbox section holds.
pub async fn inbox_count(
    db: &Db,
    owner: InboxOwner,
    kind: InboxKind,
    today: Date,
) -> Result<i64, sqlx::Error> {
    let Some(q) = section(owner, kind, today) else {
        return Ok(0);
    };
    let sql = format!("select count(*) from tasks t {}", q.where_clause());
    on_db!(db, pool => bind_all!(sqlx::query_scalar(&sql), q.args()).fetch_one(pool).await)
}

/// The first `limit` tasks of one inbox section, earliest due first.
pub async fn inbox_rows(
    db: &Db,
    owner: InboxOwner,
    kind: InboxKind,
    today: Date,
    limit: i64,
) -> Result<Vec<TaskRow>, sqlx::Error> {
    let Some(mut q) = section(owner, kind, today) else {
        return Ok(Vec::new());
    };
    let l = q.arg(limit);
    let sql = format!(
        "{ROW} {} order by t.due_date, t.task_id limit {l}",
        q.where_clause()
    );
    let rows: Vec<Row> =
        on_db!(db, pool => bind_all!(sqlx::query_as(&sql), q.args()).fetch_all(pool).await)?;
    rows.into_iter().map(|r| r.into_view(today)).collect()
}

/// How the tasks of a bulk assignment stand.
pub async fn rollup(db: &Db, parent: TaskId, today: Date) -> Result<Rollup, sqlx::Error> {
    let rows: Vec<(String, i64, i64)> = on_db!(db, pool => sqlx::query_as(&format!(
        "select status, count(*), \
                coalesce(sum(case when status in {OWING} and due_date < $2 then 1 else 0 end), 0) \
         from tasks where parent_id = $1 group by status"
    ))
    .bind(parent.0)
    .bind(today)
    .fetch_all(pool)
    .await)?;
    let mut rollup = Rollup::default();
    for status in Status::ALL {
        if let Some((_, n, overdue)) = rows.iter().find(|(s, _, _)| s == status.as_str()) {
            rollup.by_status.push((status, *n));
            rollup.total += n;
            rollup.overdue += overdue;
        }
    }
    Ok(rollup)
}
