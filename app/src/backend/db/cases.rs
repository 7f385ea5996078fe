//! The early-warning system's cases in SQL: opening one from signals, the list by stage (every
//! case, or those an organisation takes part in), one case with its tasks, assessors, scores,
//! alerts and history, and each change written with its history row in one transaction
//! (history is append-only: the database refuses to change or delete it).

use super::notifications::{CaseRecipients, record_case};
use super::tasks::{NewTask, decode, insert_in};
use super::tx::Tx;
use super::value::{Params, Value};
use super::{Db, on_db};
use crate::bind_all;
use crate::domain::early_warning::cases::{CaseTask, Decision, OpenCase};
use crate::domain::early_warning::kinds::{
    CaseEvent, CasePurpose, Criterion, Measure, RiskLevel, Stage,
};
use crate::domain::early_warning::views::{
    AssessorRow, CASES_SHOWN, CaseHistoryRow, CaseRow, CaseTaskRow, DecisionView, Named,
};
use crate::domain::early_warning::workflow::CaseFacts;
use crate::domain::ids::{CaseId, FileId, OrganizationId, SignalId, SubstanceId, TaskId, UserId};
use crate::domain::notifications::Kind;
use crate::domain::substances::kinds::NationalList;
use crate::domain::tasks::workflow::Status;
use crate::domain::views::Trilingual;
use time::{Date, OffsetDateTime};

/// The condition that organisation `$p` takes part in case `c`: a task of the case is led by
/// it, one of its people assesses the case, it was alerted, or one of its signals is in it.
pub(super) fn involves(p: &str) -> String {
    format!(
        "(exists (select 1 from case_tasks ct join tasks t on t.task_id = ct.task_id \
              where ct.case_id = c.case_id and t.lead_organization_id = {p}) \
          or exists (select 1 from case_assessors ca join users u on u.user_id = ca.user_id \
              where ca.case_id = c.case_id and u.organization_id = {p}) \
          or exists (select 1 from case_alerts al where al.case_id = c.case_id and al.organization_id = {p}) \
          or exists (select 1 from signals g where g.case_id = c.case_id and g.organization_id = {p}))"
    )
}

/// Records a line of a case's history.
async fn history(
    tx: &mut Tx,
    case: CaseId,
    actor: UserId,
    event: CaseEvent,
    stages: (Option<Stage>, Option<Stage>),
    note: &str,
    now: OffsetDateTime,
) -> Result<(), sqlx::Error> {
    tx.execute(
        "insert into case_history (case_id, at, actor_id, event, from_stage, to_stage, note) \
         values ($1, $2, $3, $4, $5, $6, $7)",
        &[
            case.0.into(),
            now.into(),
            actor.0.into(),
            event.as_str().into(),
            stages.0.map(Stage::as_str).into(),
            stages.1.map(Stage::as_str).into(),
            note.into(),
        ],
    )
    .await
    .map(|_| ())
}

/// Takes the case's row for a change if it is still at `version` (any version for `None`);
/// false if it changed meanwhile.
async fn bump(
    tx: &mut Tx,
    case: CaseId,
    version: Option<i64>,
    now: OffsetDateTime,
) -> Result<bool, sqlx::Error> {
    let changed = tx
        .execute(
            "update warning_cases set version = version + 1, updated_at = $1 \
             where case_id = $2 and ($3 is null or version = $3)",
            &[now.into(), case.0.into(), version.into()],
        )
        .await?;
    Ok(changed == 1)
}

/// Opens a case with its signals; `None` if a signal was taken into another case meanwhile.
pub async fn open(
    db: &Db,
    input: &OpenCase,
    by: UserId,
    is_demo: bool,
    now: OffsetDateTime,
) -> Result<Option<CaseId>, sqlx::Error> {
    let mut tx = db.begin().await?;
    let id: i64 = tx
        .fetch_scalar(
            "insert into warning_cases (title, substance_id, stage, stage_due, opened_by, \
                 opened_at, updated_at, is_demo) \
             values ($1, $2, 'primary_data', $3, $4, $5, $5, $6) returning case_id",
            &[
                input.title.as_str().into(),
                input.substance.map(|s| s.0).into(),
                input.stage_due.into(),
                by.0.into(),
                now.into(),
                is_demo.into(),
            ],
        )
        .await?;
    let mut p = Params::default();
    let case = p.push(id);
    let list = p.list(input.signals.iter().map(|s| s.0));
    let taken = tx
        .execute(
            &format!(
                "update signals set case_id = {case} where signal_id in ({list}) and case_id is null"
            ),
            &p.values,
        )
        .await?;
    if taken as usize != input.signals.len() {
        tx.rollback().await?;
        return Ok(None);
    }
    history(
        &mut tx,
        CaseId(id),
        by,
        CaseEvent::Opened,
        (None, Some(Stage::PrimaryData)),
        &format!("{}", input.signals.len()),
        now,
    )
    .await?;
    tx.commit().await?;
    Ok(Some(CaseId(id)))
}

/// Adds a signal to an open case; false if the signal is in a case already.
pub async fn add_signal(
    db: &Db,
    case: CaseId,
    signal: SignalId,
    by: UserId,
    now: OffsetDateTime,
) -> Result<bool, sqlx::Error> {
    let mut tx = db.begin().await?;
    let taken = tx
        .execute(
            "update signals set case_id = $1 where signal_id = $2 and case_id is null",
            &[case.0.into(), signal.0.into()],
        )
        .await?;
    if taken != 1 || !bump(&mut tx, case, None, now).await? {
        tx.rollback().await?;
        return Ok(false);
    }
    history(
        &mut tx,
        case,
        by,
        CaseEvent::SignalAdded,
        (None, None),
        &signal.0.to_string(),
        now,
    )
    .await?;
    tx.commit().await?;
    Ok(true)
}

#[derive(sqlx::FromRow)]
struct ListRow {
    case_id: i64,
    title: String,
    substance_ky: Option<String>,
    substance_ru: Option<String>,
    substance_en: Option<String>,
    stage: String,
    stage_due: Date,
    risk: Option<String>,
    signals: i64,
    opened_at: OffsetDateTime,
}

const LIST: &str = "select c.case_id, c.title, s.name_ky as substance_ky, s.name_ru as substance_ru, \
     s.name_en as substance_en, c.stage, c.stage_due, c.risk, \
     (select count(*) from signals g where g.case_id = c.case_id) as signals, c.opened_at \
     from warning_cases c left join substances s on s.substance_id = c.substance_id";

fn stage(value: &str) -> Result<Stage, sqlx::Error> {
    Stage::parse(value).ok_or_else(|| decode("stage", value))
}

fn risk(value: Option<&str>) -> Result<Option<RiskLevel>, sqlx::Error> {
    value
        .map(|v| RiskLevel::parse(v).ok_or_else(|| decode("risk", v)))
        .transpose()
}

impl ListRow {
    fn into_row(self, today: Date) -> Result<CaseRow, sqlx::Error> {
        let stage = stage(&self.stage)?;
        Ok(CaseRow {
            id: CaseId(self.case_id),
            title: self.title,
            substance: super::tasks::trilingual(
                self.substance_ky,
                self.substance_ru,
                self.substance_en,
            ),
            stage,
            stage_due: self.stage_due,
            overdue: stage != Stage::Closed && self.stage_due < today,
            risk: risk(self.risk.as_deref())?,
            signals: self.signals,
            opened_on: self.opened_at.to_offset(crate::i18n::BISHKEK).date(),
        })
    }
}

/// The cases in `stage` (every open one for `None`), overdue stages first then by deadline;
/// only those `organization` takes part in, when given.
pub async fn list(
    db: &Db,
    stage: Option<Stage>,
    organization: Option<OrganizationId>,
    substance: Option<SubstanceId>,
    today: Date,
) -> Result<Vec<CaseRow>, sqlx::Error> {
    let mut p = Params::default();
    let mut conditions = Vec::new();
    match stage {
        Some(s) => conditions.push(format!("c.stage = {}", p.push(s.as_str()))),
        None if substance.is_none() => conditions.push("c.stage <> 'closed'".to_owned()),
        None => {}
    }
    if let Some(org) = organization {
        let o = p.push(org.0);
        conditions.push(involves(&o));
    }
    if let Some(s) = substance {
        conditions.push(format!("c.substance_id = {}", p.push(s.0)));
    }
    let limit = p.push(CASES_SHOWN);
    let sql = format!(
        "{LIST} {} order by c.stage = 'closed', c.stage_due, c.case_id limit {limit}",
        if conditions.is_empty() {
            String::new()
        } else {
            format!("where {}", conditions.join(" and "))
        }
    );
    let rows: Vec<ListRow> =
        on_db!(db, pool => bind_all!(sqlx::query_as(&sql), &p.values).fetch_all(pool).await)?;
    rows.into_iter().map(|r| r.into_row(today)).collect()
}

/// How many cases each stage holds, and how many open ones are past their stage's deadline
/// (only `organization`'s, when given).
pub async fn counts(
    db: &Db,
    organization: Option<OrganizationId>,
    today: Date,
) -> Result<(Vec<(Stage, i64)>, i64), sqlx::Error> {
    let mut p = Params::default();
    let today_p = p.push(today);
    let filter = match organization {
        Some(org) => {
            let o = p.push(org.0);
            format!("where {}", involves(&o))
        }
        None => String::new(),
    };
    let sql = format!(
        "select c.stage, count(*), \
             cast(sum(case when c.stage <> 'closed' and c.stage_due < {today_p} then 1 else 0 end) as bigint) \
         from warning_cases c {filter} group by c.stage"
    );
    let rows: Vec<(String, i64, i64)> =
        on_db!(db, pool => bind_all!(sqlx::query_as(&sql), &p.values).fetch_all(pool).await)?;
    let mut counts: Vec<(Stage, i64)> = Stage::ALL.iter().map(|s| (*s, 0)).collect();
    let mut overdue = 0;
    for (s, n, late) in rows {
        let s = stage(&s)?;
        if let Some(c) = counts.iter_mut().find(|(x, _)| *x == s) {
            c.1 = n;
        }
        overdue += late;
    }
    Ok((counts, overdue))
}

/// A case as stored.
#[derive(sqlx::FromRow)]
pub struct CaseRecord {
    pub case_id: i64,
    pub title: String,
    pub substance_id: Option<i64>,
    pub substance_ky: Option<String>,
    pub substance_ru: Option<String>,
    pub substance_en: Option<String>,
    pub stage: String,
    pub stage_due: Date,
    pub risk: Option<String>,
    pub risk_note: String,
    pub measure: Option<String>,
    pub measure_list: Option<String>,
    pub decision_body: String,
    pub decision_act: String,
    pub decision_date: Option<Date>,
    pub effective_on: Option<Date>,
    pub opened_at: OffsetDateTime,
    pub version: i64,
}

impl CaseRecord {
    pub fn stage(&self) -> Result<Stage, sqlx::Error> {
        stage(&self.stage)
    }

    pub fn risk(&self) -> Result<Option<RiskLevel>, sqlx::Error> {
        risk(self.risk.as_deref())
    }

    pub fn substance(&self) -> Option<Named> {
        let id = self.substance_id?;
        super::tasks::trilingual(
            self.substance_ky.clone(),
            self.substance_ru.clone(),
            self.substance_en.clone(),
        )
        .map(|name| Named { id, name })
    }

    pub fn decision(&self) -> Result<Option<DecisionView>, sqlx::Error> {
        let Some(measure) = self.measure.as_deref() else {
            return Ok(None);
        };
        Ok(Some(DecisionView {
            measure: Measure::parse(measure).ok_or_else(|| decode("measure", measure))?,
            list: self
                .measure_list
                .as_deref()
                .map(|l| NationalList::parse(l).ok_or_else(|| decode("list", l)))
                .transpose()?,
            body: self.decision_body.clone(),
            act: self.decision_act.clone(),
            act_date: self.decision_date,
            effective_on: self.effective_on,
        }))
    }
}

/// One case, if it exists.
pub async fn get(db: &Db, case: CaseId) -> Result<Option<CaseRecord>, sqlx::Error> {
    on_db!(db, pool => sqlx::query_as(
        "select c.case_id, c.title, c.substance_id, s.name_ky as substance_ky, \
             s.name_ru as substance_ru, s.name_en as substance_en, c.stage, c.stage_due, c.risk, \
             c.risk_note, c.measure, c.measure_list, c.decision_body, c.decision_act, \
             c.decision_date, c.effective_on, c.opened_at, c.version \
         from warning_cases c left join substances s on s.substance_id = c.substance_id \
         where c.case_id = $1")
        .bind(case.0).fetch_optional(pool).await)
}

/// Whether `organization` takes part in the case.
pub async fn involves_organization(
    db: &Db,
    case: CaseId,
    organization: OrganizationId,
) -> Result<bool, sqlx::Error> {
    let sql = format!(
        "select count(*) from warning_cases c where c.case_id = $1 and {}",
        involves("$2")
    );
    let n: i64 = on_db!(db, pool => sqlx::query_scalar(&sql).bind(case.0).bind(organization.0).fetch_one(pool).await)?;
    Ok(n > 0)
}

/// The tasks the case asked for, in order.
pub async fn tasks(db: &Db, case: CaseId) -> Result<Vec<CaseTaskRow>, sqlx::Error> {
    #[derive(sqlx::FromRow)]
    struct Row {
        task_id: i64,
        purpose: String,
        org_ky: String,
        org_ru: String,
        org_en: String,
        title_ky: String,
        title_ru: String,
        title_en: String,
        status: String,
        due_date: Date,
    }
    let rows: Vec<Row> = on_db!(db, pool => sqlx::query_as(
        "select t.task_id, ct.purpose, o.name_ky as org_ky, o.name_ru as org_ru, o.name_en as org_en, \
             t.title_ky, t.title_ru, t.title_en, t.status, t.due_date \
         from case_tasks ct join tasks t on t.task_id = ct.task_id \
         join organizations o on o.organization_id = t.lead_organization_id \
         where ct.case_id = $1 order by t.task_id")
        .bind(case.0).fetch_all(pool).await)?;
    rows.into_iter()
        .map(|r| {
            Ok(CaseTaskRow {
                task_id: TaskId(r.task_id),
                purpose: CasePurpose::parse(&r.purpose)
                    .ok_or_else(|| decode("purpose", &r.purpose))?,
                organization: Trilingual {
                    ky: r.org_ky,
                    ru: r.org_ru,
                    en: r.org_en,
                },
                title: Trilingual {
                    ky: r.title_ky,
                    ru: r.title_ru,
                    en: r.title_en,
                },
                status: Status::parse(&r.status).ok_or_else(|| decode("status", &r.status))?,
                due_date: r.due_date,
            })
        })
        .collect()
}

/// The assessors and their scores.
pub async fn assessors(db: &Db, case: CaseId) -> Result<Vec<AssessorRow>, sqlx::Error> {
    let people: Vec<(i64, String, String, String, String)> = on_db!(db, pool => sqlx::query_as(
        "select u.user_id, u.full_name, o.name_ky, o.name_ru, o.name_en \
         from case_assessors ca join users u on u.user_id = ca.user_id \
         join organizations o on o.organization_id = u.organization_id \
         where ca.case_id = $1 order by u.full_name, u.user_id")
        .bind(case.0).fetch_all(pool).await)?;
    let scores: Vec<(i64, String, String, String)> = on_db!(db, pool => sqlx::query_as(
        "select user_id, criterion, level, rationale from case_scores where case_id = $1")
        .bind(case.0).fetch_all(pool).await)?;
    people
        .into_iter()
        .map(|(id, name, ky, ru, en)| {
            let mut mine = Vec::new();
            for criterion in Criterion::ALL {
                if let Some((_, _, level, rationale)) = scores
                    .iter()
                    .find(|(u, c, _, _)| *u == id && c == criterion.as_str())
                {
                    let level = RiskLevel::parse(level).ok_or_else(|| decode("level", level))?;
                    mine.push((*criterion, level, rationale.clone()));
                }
            }
            Ok(AssessorRow {
                user_id: UserId(id),
                name,
                organization: Trilingual { ky, ru, en },
                scores: mine,
            })
        })
        .collect()
}

/// The organisations alerted, when.
pub async fn alerts(
    db: &Db,
    case: CaseId,
) -> Result<Vec<(Trilingual, OffsetDateTime)>, sqlx::Error> {
    let rows: Vec<(String, String, String, OffsetDateTime)> = on_db!(db, pool => sqlx::query_as(
        "select o.name_ky, o.name_ru, o.name_en, al.alerted_at from case_alerts al \
         join organizations o on o.organization_id = al.organization_id \
         where al.case_id = $1 order by al.alerted_at, o.name_ru")
        .bind(case.0).fetch_all(pool).await)?;
    Ok(rows
        .into_iter()
        .map(|(ky, ru, en, at)| (Trilingual { ky, ru, en }, at))
        .collect())
}

/// The case's history, oldest first.
pub async fn history_of(db: &Db, case: CaseId) -> Result<Vec<CaseHistoryRow>, sqlx::Error> {
    #[allow(clippy::type_complexity)]
    let rows: Vec<(
        OffsetDateTime,
        Option<String>,
        String,
        Option<String>,
        Option<String>,
        String,
    )> = on_db!(db, pool => sqlx::query_as(
            "select h.at, u.full_name, h.event, h.from_stage, h.to_stage, h.note \
             from case_history h left join users u on u.user_id = h.actor_id \
             where h.case_id = $1 order by h.history_id")
            .bind(case.0).fetch_all(pool).await)?;
    rows.into_iter()
        .map(|(at, actor, event, from, to, note)| {
            Ok(CaseHistoryRow {
                at,
                actor,
                event: CaseEvent::parse(&event).ok_or_else(|| decode("event", &event))?,
                from: from.as_deref().map(stage).transpose()?,
                to: to.as_deref().map(stage).transpose()?,
                note,
            })
        })
        .collect()
}

/// What the sign-off of the case's stage depends on.
pub async fn facts(db: &Db, record: &CaseRecord) -> Result<CaseFacts, sqlx::Error> {
    let case = record.case_id;
    let (requests, open): (i64, i64) = on_db!(db, pool => sqlx::query_as(
        "select count(*), cast(coalesce(sum(case when t.status in ('completed', 'verified', 'cancelled', 'declined') then 0 else 1 end), 0) as bigint) \
         from case_tasks ct join tasks t on t.task_id = ct.task_id \
         where ct.case_id = $1 and ct.purpose = 'primary_data'")
        .bind(case).fetch_one(pool).await)?;
    let (assessors, done): (i64, i64) = on_db!(db, pool => sqlx::query_as(
        "select count(*), cast(coalesce(sum(case when (select count(*) from case_scores s \
             where s.case_id = ca.case_id and s.user_id = ca.user_id) = 3 then 1 else 0 end), 0) as bigint) \
         from case_assessors ca where ca.case_id = $1")
        .bind(case).fetch_one(pool).await)?;
    Ok(CaseFacts {
        substance_identified: record.substance_id.is_some(),
        requests: requests as usize,
        requests_open: open as usize,
        assessors: assessors as usize,
        assessors_done: done as usize,
        risk: record.risk()?,
        measure: record.measure.as_deref().and_then(Measure::parse),
    })
}

/// Every level any assessor gave.
pub async fn levels(db: &Db, case: CaseId) -> Result<Vec<RiskLevel>, sqlx::Error> {
    let rows: Vec<String> = on_db!(db, pool => sqlx::query_scalar(
        "select level from case_scores where case_id = $1")
        .bind(case.0).fetch_all(pool).await)?;
    rows.iter()
        .map(|l| RiskLevel::parse(l).ok_or_else(|| decode("level", l)))
        .collect()
}

/// Whether `user` is named to assess the case.
pub async fn is_assessor(db: &Db, case: CaseId, user: UserId) -> Result<bool, sqlx::Error> {
    let n: i64 = on_db!(db, pool => sqlx::query_scalar(
        "select count(*) from case_assessors where case_id = $1 and user_id = $2")
        .bind(case.0).bind(user.0).fetch_one(pool).await)?;
    Ok(n > 0)
}

/// Asks an organisation for primary data or follow-up work: the task (assigned at once) and
/// its link to the case, together.
pub async fn add_task(
    db: &Db,
    case: CaseId,
    purpose: CasePurpose,
    task: &NewTask,
    input: &CaseTask,
    by: UserId,
    now: OffsetDateTime,
) -> Result<TaskId, sqlx::Error> {
    let mut tx = db.begin().await?;
    let ids = insert_in(&mut tx, std::slice::from_ref(task), now).await?;
    tx.execute(
        "insert into case_tasks (task_id, case_id, purpose) values ($1, $2, $3)",
        &[ids[0].0.into(), case.0.into(), purpose.as_str().into()],
    )
    .await?;
    bump(&mut tx, case, None, now).await?;
    history(
        &mut tx,
        case,
        by,
        CaseEvent::Requested,
        (None, None),
        &input.title,
        now,
    )
    .await?;
    tx.commit().await?;
    Ok(ids[0])
}

/// Names the assessors (replacing the list) and tells those newly named.
pub async fn name_assessors(
    db: &Db,
    case: CaseId,
    people: &[UserId],
    by: UserId,
    now: OffsetDateTime,
) -> Result<(), sqlx::Error> {
    let mut tx = db.begin().await?;
    let mut p = Params::default();
    let c = p.push(case.0);
    let list = p.list(people.iter().map(|u| u.0));
    tx.execute(
        &format!("delete from case_assessors where case_id = {c} and user_id not in ({list})"),
        &p.values,
    )
    .await?;
    for person in people {
        let added = tx
            .execute(
                "insert into case_assessors (case_id, user_id, named_at) values ($1, $2, $3) \
                 on conflict do nothing",
                &[case.0.into(), person.0.into(), now.into()],
            )
            .await?;
        if added == 1 {
            record_case(
                &mut tx,
                Kind::CaseAssessorNamed,
                case,
                CaseRecipients::User(*person),
                by,
                &format!(
                    "case:{}:assessor:{}:{}",
                    case.0,
                    person.0,
                    now.unix_timestamp()
                ),
                now,
            )
            .await?;
        }
    }
    bump(&mut tx, case, None, now).await?;
    history(
        &mut tx,
        case,
        by,
        CaseEvent::AssessorsNamed,
        (None, None),
        &people.len().to_string(),
        now,
    )
    .await?;
    tx.commit().await?;
    Ok(())
}

/// Saves an assessor's scores (replacing earlier ones).
pub async fn score(
    db: &Db,
    case: CaseId,
    user: UserId,
    scores: &[(Criterion, RiskLevel, String)],
    now: OffsetDateTime,
) -> Result<(), sqlx::Error> {
    let mut tx = db.begin().await?;
    tx.execute(
        "delete from case_scores where case_id = $1 and user_id = $2",
        &[case.0.into(), user.0.into()],
    )
    .await?;
    for (criterion, level, rationale) in scores {
        tx.execute(
            "insert into case_scores (case_id, user_id, criterion, level, rationale, scored_at) \
             values ($1, $2, $3, $4, $5, $6)",
            &[
                case.0.into(),
                user.0.into(),
                criterion.as_str().into(),
                level.as_str().into(),
                rationale.as_str().into(),
                now.into(),
            ],
        )
        .await?;
    }
    bump(&mut tx, case, None, now).await?;
    let line = scores
        .iter()
        .map(|(c, l, _)| format!("{}: {}", c.as_str(), l.as_str()))
        .collect::<Vec<_>>()
        .join(", ");
    history(
        &mut tx,
        case,
        user,
        CaseEvent::Scored,
        (None, None),
        &line,
        now,
    )
    .await?;
    tx.commit().await?;
    Ok(())
}

/// Alerts organisations (those not yet alerted) and tells their reporters.
async fn alert_in(
    tx: &mut Tx,
    case: CaseId,
    organizations: &[OrganizationId],
    by: UserId,
    now: OffsetDateTime,
) -> Result<usize, sqlx::Error> {
    let mut alerted = 0;
    for org in organizations {
        let added = tx
            .execute(
                "insert into case_alerts (case_id, organization_id, alerted_at) values ($1, $2, $3) \
                 on conflict do nothing",
                &[case.0.into(), org.0.into(), now.into()],
            )
            .await?;
        if added == 1 {
            alerted += 1;
            record_case(
                tx,
                Kind::CaseAlert,
                case,
                CaseRecipients::ReportersOf(*org),
                by,
                &format!("case:{}:alert:{}", case.0, org.0),
                now,
            )
            .await?;
        }
    }
    if alerted > 0 {
        history(
            tx,
            case,
            by,
            CaseEvent::Alerted,
            (None, None),
            &alerted.to_string(),
            now,
        )
        .await?;
    }
    Ok(alerted)
}

/// Confirms the overall risk (and alerts, when it is high); false if the case changed
/// meanwhile.
#[allow(clippy::too_many_arguments)]
pub async fn confirm_risk(
    db: &Db,
    case: CaseId,
    version: i64,
    level: RiskLevel,
    note: &str,
    alert: &[OrganizationId],
    by: UserId,
    now: OffsetDateTime,
) -> Result<bool, sqlx::Error> {
    let mut tx = db.begin().await?;
    if !bump(&mut tx, case, Some(version), now).await? {
        return Ok(false);
    }
    tx.execute(
        "update warning_cases set risk = $1, risk_note = $2 where case_id = $3",
        &[level.as_str().into(), note.into(), case.0.into()],
    )
    .await?;
    history(
        &mut tx,
        case,
        by,
        CaseEvent::RiskConfirmed,
        (None, None),
        &format!(
            "{}{}{note}",
            level.as_str(),
            if note.is_empty() { "" } else { ": " }
        ),
        now,
    )
    .await?;
    alert_in(&mut tx, case, alert, by, now).await?;
    tx.commit().await?;
    Ok(true)
}

/// Alerts more organisations.
pub async fn alert(
    db: &Db,
    case: CaseId,
    organizations: &[OrganizationId],
    by: UserId,
    now: OffsetDateTime,
) -> Result<usize, sqlx::Error> {
    let mut tx = db.begin().await?;
    bump(&mut tx, case, None, now).await?;
    let n = alert_in(&mut tx, case, organizations, by, now).await?;
    tx.commit().await?;
    Ok(n)
}

/// Records the decision; false if the case changed meanwhile.
pub async fn record_decision(
    db: &Db,
    case: CaseId,
    version: i64,
    decision: &Decision,
    by: UserId,
    now: OffsetDateTime,
) -> Result<bool, sqlx::Error> {
    let mut tx = db.begin().await?;
    if !bump(&mut tx, case, Some(version), now).await? {
        return Ok(false);
    }
    tx.execute(
        "update warning_cases set measure = $1, measure_list = $2, decision_body = $3, \
             decision_act = $4, decision_date = $5, effective_on = $6 where case_id = $7",
        &[
            decision.measure.as_str().into(),
            decision.list.map(NationalList::as_str).into(),
            decision.body.as_str().into(),
            decision.act.as_str().into(),
            decision.act_date.into(),
            decision.effective_on.into(),
            case.0.into(),
        ],
    )
    .await?;
    history(
        &mut tx,
        case,
        by,
        CaseEvent::DecisionRecorded,
        (None, None),
        decision.measure.as_str(),
        now,
    )
    .await?;
    tx.commit().await?;
    Ok(true)
}

/// Signs off the case's stage: to the next stage with its deadline (naming the substance when
/// given); the decision's sign-off closes the case and, for a measure of control, puts the
/// substance under it in the register. False if the case changed meanwhile.
#[allow(clippy::too_many_arguments)]
pub async fn sign_off(
    db: &Db,
    record: &CaseRecord,
    version: i64,
    substance: Option<SubstanceId>,
    next_due: Option<Date>,
    control: Option<(NationalList, String, Date)>,
    by: UserId,
    now: OffsetDateTime,
) -> Result<bool, sqlx::Error> {
    let case = CaseId(record.case_id);
    let from = record.stage()?;
    let Some(to) = from.next() else {
        return Ok(false);
    };
    let mut tx = db.begin().await?;
    if !bump(&mut tx, case, Some(version), now).await? {
        return Ok(false);
    }
    let values: Vec<Value> = vec![
        to.as_str().into(),
        next_due.unwrap_or(record.stage_due).into(),
        substance.map(|s| s.0).or(record.substance_id).into(),
        (to == Stage::Closed).then_some(now).into(),
        case.0.into(),
    ];
    tx.execute(
        "update warning_cases set stage = $1, stage_due = $2, substance_id = $3, closed_at = $4 \
         where case_id = $5",
        &values,
    )
    .await?;
    if let (Some((list, act, since)), Some(substance)) =
        (control, substance.map(|s| s.0).or(record.substance_id))
    {
        super::substances::control_in(&mut tx, SubstanceId(substance), list, &act, since, now)
            .await?;
    }
    history(
        &mut tx,
        case,
        by,
        CaseEvent::SignedOff,
        (Some(from), Some(to)),
        "",
        now,
    )
    .await?;
    tx.commit().await?;
    Ok(true)
}

/// Returns the case to an earlier stage with a reason and a new deadline; going back before
/// the decision clears the confirmed risk. False if the case changed meanwhile.
#[allow(clippy::too_many_arguments)]
pub async fn return_to(
    db: &Db,
    record: &CaseRecord,
    version: i64,
    to: Stage,
    note: &str,
    due: Date,
    by: UserId,
    now: OffsetDateTime,
) -> Result<bool, sqlx::Error> {
    let case = CaseId(record.case_id);
    let from = record.stage()?;
    let mut tx = db.begin().await?;
    if !bump(&mut tx, case, Some(version), now).await? {
        return Ok(false);
    }
    tx.execute(
        "update warning_cases set stage = $1, stage_due = $2, \
             risk = case when $1 = 'decision' then risk else null end \
         where case_id = $3",
        &[to.as_str().into(), due.into(), case.0.into()],
    )
    .await?;
    history(
        &mut tx,
        case,
        by,
        CaseEvent::Returned,
        (Some(from), Some(to)),
        note,
        now,
    )
    .await?;
    tx.commit().await?;
    Ok(true)
}

/// Lists an evidence file on a case, and says so in its history, in one transaction.
pub async fn add_file(
    db: &Db,
    case: CaseId,
    file: &super::evidence::NewFile,
    by: UserId,
    now: OffsetDateTime,
) -> Result<FileId, sqlx::Error> {
    let mut tx = db.begin().await?;
    let id = super::evidence::insert_in(
        &mut tx,
        super::evidence::FileOwner::Case(case),
        file,
        by,
        now,
    )
    .await?;
    history(
        &mut tx,
        case,
        by,
        CaseEvent::FileAdded,
        (None, None),
        &file.original_name,
        now,
    )
    .await?;
    tx.commit().await?;
    Ok(id)
}

/// Adds a comment.
pub async fn comment(
    db: &Db,
    case: CaseId,
    body: &str,
    by: UserId,
    now: OffsetDateTime,
) -> Result<(), sqlx::Error> {
    let mut tx = db.begin().await?;
    history(
        &mut tx,
        case,
        by,
        CaseEvent::Commented,
        (None, None),
        body,
        now,
    )
    .await?;
    tx.commit().await?;
    Ok(())
}

/// The organisations a case may ask for primary data (expert kinds), and every active
/// organisation but the coordinating body (to alert or give follow-up work).
pub async fn organization_choices(db: &Db) -> Result<(Vec<Named>, Vec<Named>), sqlx::Error> {
    let rows: Vec<(i64, String, String, String, String)> = on_db!(db, pool => sqlx::query_as(
        "select organization_id, kind, name_ky, name_ru, name_en from organizations \
         where is_active and kind <> 'coordinating_body' and kind <> 'local_government' \
         order by name_ru, organization_id")
        .fetch_all(pool).await)?;
    let mut experts = Vec::new();
    let mut all = Vec::new();
    for (id, kind, ky, ru, en) in rows {
        let named = Named {
            id,
            name: Trilingual { ky, ru, en },
        };
        if crate::domain::roles::OrgKind::parse(&kind).is_some_and(|k| k.is_expert()) {
            experts.push(named.clone());
        }
        all.push(named);
    }
    Ok((experts, all))
}

/// The people who may assess: active reporters of expert organisations.
pub async fn assessor_choices(db: &Db) -> Result<Vec<(UserId, String, Trilingual)>, sqlx::Error> {
    let rows: Vec<(i64, String, String, String, String)> = on_db!(db, pool => sqlx::query_as(
        "select u.user_id, u.full_name, o.name_ky, o.name_ru, o.name_en from users u \
         join organizations o on o.organization_id = u.organization_id \
         where u.is_active and u.role = 'reporter' and o.is_active \
             and o.kind in ('forensic_laboratory', 'research_institution', 'state_body') \
         order by o.name_ru, u.full_name")
        .fetch_all(pool).await)?;
    Ok(rows
        .into_iter()
        .map(|(id, name, ky, ru, en)| (UserId(id), name, Trilingual { ky, ru, en }))
        .collect())
}
