//! Activities: saving one with its target groups, objectives and principles, editing it with
//! optimistic concurrency, recording the coordinators' decisions, reading one with its links
//! and history, and the filtered, keyset-paginated list. Every status change writes
//! `activity_history` in the same transaction.

use super::notifications::{self, Event, Recipients};
use super::query::Query;
use super::tallies::{set_activity_mask, tally_activity};
use super::tasks::decode;
use super::tx::Tx;
use super::value::Value;
use super::{Db, on_db};
use crate::bind_all;
use crate::domain::{
    activities::inputs::ActivityInput,
    activities::kinds::{ActivityStatus, ActivityType, TargetGroup},
    activities::views::{ActivityFilter, ActivityRow},
    ids::{ActivityId, OrganizationId, UserId},
    notifications::Kind,
    policy::Scope,
    public::{Count, PublicActivity},
    tasks::views::OrgRef,
    views::Trilingual,
};
use time::{Date, OffsetDateTime};

const FIELDS: &str = "activity_type, title, description, start_date, end_date, region_code, district_code, \
     municipality_code, reached_total, female_under_18, female_18_29, female_30_49, female_50_plus, \
     male_under_18, male_18_29, male_30_49, male_50_plus, partners, is_public";

/// An [`ActivityInput`] as the nineteen values of [`FIELDS`]' columns, in order.
fn input_values(a: &ActivityInput) -> Vec<Value> {
    let mut values: Vec<Value> = vec![
        a.activity_type.as_str().into(),
        (&a.title).into(),
        (&a.description).into(),
        a.start_date.into(),
        a.end_date.into(),
        a.region_code.clone().into(),
        a.district_code.clone().into(),
        a.municipality_code.clone().into(),
        a.reach.total.into(),
    ];
    values.extend(a.reach.cells.iter().map(|cell| Value::from(*cell)));
    values.extend([(&a.partners).into(), a.is_public.into()]);
    values
}

/// Replaces an activity's target groups, objectives and principles, and its concept mask.
async fn write_links(tx: &mut Tx, id: i64, input: &ActivityInput) -> Result<(), sqlx::Error> {
    for table in [
        "activity_target_groups",
        "activity_objectives",
        "activity_principles",
    ] {
        tx.execute(
            &format!("delete from {table} where activity_id = $1"),
            &[id.into()],
        )
        .await?;
    }
    for group in &input.target_groups {
        tx.execute(
            "insert into activity_target_groups (activity_id, target_group) values ($1, $2)",
            &[id.into(), group.as_str().into()],
        )
        .await?;
    }
    for code in &input.objectives {
        tx.execute(
            "insert into activity_objectives (activity_id, objective_code) values ($1, $2)",
            &[id.into(), code.into()],
        )
        .await?;
    }
    for code in &input.principles {
        tx.execute(
            "insert into activity_principles (activity_id, principle_code) values ($1, $2)",
            &[id.into(), code.into()],
        )
        .await?;
    }
    set_activity_mask(tx, id).await
}

/// Records an activity's move (or an edit) in its history.
async fn record(
    tx: &mut Tx,
    id: i64,
    by: UserId,
    from: &str,
    to: &str,
    note: &str,
    now: OffsetDateTime,
) -> Result<(), sqlx::Error> {
    tx.execute(
        "insert into activity_history (activity_id, actor_id, from_status, to_status, note, created_at) \
         values ($1, $2, $3, $4, $5, $6)",
        &[id.into(), by.0.into(), from.into(), to.into(), note.into(), now.into()],
    )
    .await
    .map(|_| ())
}

/// Logs a new activity for `organization`.
pub async fn insert(
    db: &Db,
    organization: OrganizationId,
    input: &ActivityInput,
    by: UserId,
    is_demo: bool,
    now: OffsetDateTime,
) -> Result<ActivityId, sqlx::Error> {
    let sql = format!(
        "insert into activities (organization_id, {FIELDS}, status, is_demo, created_by, created_at, updated_at) \
         values ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $18, $19, $20, \
         'logged', $21, $22, $23, $23) returning activity_id"
    );
    let mut values: Vec<Value> = vec![organization.0.into()];
    values.extend(input_values(input));
    values.extend([is_demo.into(), by.0.into(), now.into()]);
    let mut tx = db.begin().await?;
    let id: i64 = tx.fetch_scalar(&sql, &values).await?;
    write_links(&mut tx, id, input).await?;
    tally_activity(&mut tx, id, 1).await?;
    record(&mut tx, id, by, "", "logged", "", now).await?;
    tell(
        &mut tx,
        ActivityId(id),
        Kind::ActivityLogged,
        by,
        "",
        format!("activity:{id}:logged"),
        now,
    )
    .await?;
    tx.commit().await?;
    Ok(ActivityId(id))
}

/// Saves an edit if the activity is still at `version` and not verified; an activity that
/// needed clarification is logged again for review. False if it moved on meanwhile.
pub async fn update(
    db: &Db,
    id: ActivityId,
    version: i64,
    input: &ActivityInput,
    by: UserId,
    now: OffsetDateTime,
) -> Result<bool, sqlx::Error> {
    let sql = "update activities set activity_type = $1, title = $2, description = $3, start_date = $4, \
               end_date = $5, region_code = $6, district_code = $7, municipality_code = $8, reached_total = $9, \
               female_under_18 = $10, female_18_29 = $11, female_30_49 = $12, female_50_plus = $13, \
               male_under_18 = $14, male_18_29 = $15, male_30_49 = $16, male_50_plus = $17, partners = $18, \
               is_public = $19, status = 'logged', version = version + 1, updated_at = $20 \
               where activity_id = $21 and version = $22 and status <> 'verified' returning status";
    let mut values = input_values(input);
    values.extend([now.into(), id.0.into(), version.into()]);
    let mut tx = db.begin().await?;
    let before: Option<String> = tx
        .fetch_scalar_optional(
            "select status from activities where activity_id = $1",
            &[id.0.into()],
        )
        .await?;
    tally_activity(&mut tx, id.0, -1).await?;
    if tx.execute(sql, &values).await? != 1 {
        return Ok(false);
    }
    write_links(&mut tx, id.0, input).await?;
    tally_activity(&mut tx, id.0, 1).await?;
    // The edit itself is recorded: from what it was (a clarified activity is logged again).
    let before = before.unwrap_or_default();
    record(&mut tx, id.0, by, &before, "logged", "", now).await?;
    // A clarified activity waits for review again: the coordinators hear of it.
    if before == ActivityStatus::NeedsClarification.as_str() {
        let key = format!("activity:{}:logged:v{}", id.0, version + 1);
        tell(&mut tx, id, Kind::ActivityLogged, by, "", key, now).await?;
    }
    tx.commit().await?;
    Ok(true)
}

/// A coordinator's decision to record.
pub struct Decision<'a> {
    pub id: ActivityId,
    pub version: i64,
    pub from: ActivityStatus,
    pub to: ActivityStatus,
    pub by: UserId,
    pub note: &'a str,
}

/// Records a coordinator's decision if the activity is still at its version and status.
pub async fn decide(db: &Db, d: &Decision<'_>, now: OffsetDateTime) -> Result<bool, sqlx::Error> {
    let Decision {
        id,
        version,
        from,
        to,
        by,
        note,
    } = *d;
    let mut tx = db.begin().await?;
    tally_activity(&mut tx, id.0, -1).await?;
    let moved = tx
        .execute(
            "update activities set status = $1, review_comment = $2, reviewed_by = $3, \
             reviewed_at = $4, version = version + 1, updated_at = $4 \
             where activity_id = $5 and version = $6 and status = $7",
            &[
                to.as_str().into(),
                note.into(),
                by.0.into(),
                now.into(),
                id.0.into(),
                version.into(),
                from.as_str().into(),
            ],
        )
        .await?;
    if moved != 1 {
        return Ok(false);
    }
    tally_activity(&mut tx, id.0, 1).await?;
    record(&mut tx, id.0, by, from.as_str(), to.as_str(), note, now).await?;
    if to == ActivityStatus::NeedsClarification {
        let key = format!("activity:{}:returned:v{}", id.0, version + 1);
        tell(&mut tx, id, Kind::ActivityReturned, by, note, key, now).await?;
    }
    tx.commit().await?;
    Ok(true)
}

/// Tells of an activity in `tx`: a logged one to the coordinators, one sent back to its
/// organisation's reporters.
async fn tell(
    tx: &mut Tx,
    id: ActivityId,
    kind: Kind,
    actor: UserId,
    note: &str,
    key: String,
    now: OffsetDateTime,
) -> Result<u64, sqlx::Error> {
    let to = if kind == Kind::ActivityReturned {
        let org: i64 = tx
            .fetch_scalar(
                "select organization_id from activities where activity_id = $1",
                &[id.0.into()],
            )
            .await?;
        Recipients::ReportersOf(OrganizationId(org))
    } else {
        Recipients::Coordinators
    };
    let event = Event {
        kind,
        task: None,
        report: None,
        activity: Some(id),
        actor,
        note,
        key,
    };
    notifications::record(tx, &event, to, now).await
}

const ROW: &str = "select a.activity_id, a.title, a.activity_type, a.organization_id, o.name_ky as org_ky, \
                   o.name_ru as org_ru, o.name_en as org_en, a.start_date, a.end_date, a.reached_total, a.status, \
                   coalesce(m.name_ky, d.name_ky, r.name_ky) as place_ky, coalesce(m.name_ru, d.name_ru, r.name_ru) as place_ru, \
                   coalesce(m.name_en, d.name_en, r.name_en) as place_en \
                   from activities a join organizations o on o.organization_id = a.organization_id \
                   left join regions r on r.region_code = a.region_code \
                   left join districts d on d.district_code = a.district_code \
                   left join municipalities m on m.municipality_code = a.municipality_code";

#[derive(sqlx::FromRow)]
struct Row {
    activity_id: i64,
    title: String,
    activity_type: String,
    organization_id: i64,
    org_ky: String,
    org_ru: String,
    org_en: String,
    start_date: Date,
    end_date: Date,
    reached_total: Option<i64>,
    status: String,
    place_ky: Option<String>,
    place_ru: Option<String>,
    place_en: Option<String>,
}

impl Row {
    fn into_view(self) -> Result<ActivityRow, sqlx::Error> {
        Ok(ActivityRow {
            id: ActivityId(self.activity_id),
            title: self.title,
            activity_type: ActivityType::parse(&self.activity_type)
                .ok_or_else(|| decode("activity type", &self.activity_type))?,
            organization: OrgRef {
                id: OrganizationId(self.organization_id),
                name: Trilingual {
                    ky: self.org_ky,
                    ru: self.org_ru,
                    en: self.org_en,
                },
            },
            start_date: self.start_date,
            end_date: self.end_date,
            place: super::tasks::trilingual(self.place_ky, self.place_ru, self.place_en),
            reached_total: self.reached_total,
            status: ActivityStatus::parse(&self.status)
                .ok_or_else(|| decode("activity status", &self.status))?,
        })
    }
}

/// Narrows `q` to the activities `scope` may see (`policy::may_see_activity`); false if none.
fn visible(q: &mut Query, scope: Scope) -> bool {
    match scope {
        Scope::All => {}
        Scope::Published => q.when("a.status = 'verified'".to_owned()),
        Scope::Organization(own) => {
            let p = q.arg(own.0);
            q.when(format!("a.organization_id = {p}"));
        }
        Scope::OwnAccount(_) | Scope::Nothing => return false,
    }
    true
}

/// One page of activities, newest first, after the filter's cursor.
pub async fn list(
    db: &Db,
    scope: Scope,
    filter: &ActivityFilter,
    limit: i64,
) -> Result<Vec<ActivityRow>, sqlx::Error> {
    let mut q = Query::default();
    if !visible(&mut q, scope) {
        return Ok(Vec::new());
    }
    if let Some(kind) = filter.activity_type {
        let p = q.arg(kind.as_str().to_owned());
        q.when(format!("a.activity_type = {p}"));
    }
    if let Some(objective) = &filter.objective {
        let p = q.arg(objective.clone());
        q.when(format!(
            "a.activity_id in (select activity_id from activity_objectives where objective_code = {p})"
        ));
    }
    if let Some(region) = &filter.region_code {
        let p = q.arg(region.clone());
        q.when(format!("a.region_code = {p}"));
    }
    if let Some(org) = filter.organization_id {
        let p = q.arg(org.0);
        q.when(format!("a.organization_id = {p}"));
    }
    if let Some(from) = filter.from {
        let p = q.arg(from);
        q.when(format!("a.end_date >= {p}"));
    }
    if let Some(to) = filter.to {
        let p = q.arg(to);
        q.when(format!("a.start_date <= {p}"));
    }
    if let Some(status) = filter.status {
        let p = q.arg(status.as_str().to_owned());
        q.when(format!("a.status = {p}"));
    }
    if let Some(after) = filter.after {
        let p = q.arg(after.0);
        q.when(format!("a.activity_id < {p}"));
    }
    let p = q.arg(limit);
    let sql = format!(
        "{ROW} {} order by a.activity_id desc limit {p}",
        q.where_clause()
    );
    let rows: Vec<Row> =
        on_db!(db, pool => bind_all!(sqlx::query_as(&sql), q.args()).fetch_all(pool).await)?;
    rows.into_iter().map(Row::into_view).collect()
}

pub async fn row(db: &Db, id: ActivityId) -> Result<Option<ActivityRow>, sqlx::Error> {
    let sql = format!("{ROW} where a.activity_id = $1");
    let row: Option<Row> =
        on_db!(db, pool => sqlx::query_as(&sql).bind(id.0).fetch_optional(pool).await)?;
    row.map(Row::into_view).transpose()
}

/// What an activity's page and form need beyond its row.
#[derive(sqlx::FromRow)]
pub struct Detail {
    pub description: String,
    pub region_code: String,
    pub district_code: Option<String>,
    pub municipality_code: Option<String>,
    pub reached_total: Option<i64>,
    pub female_under_18: Option<i64>,
    pub female_18_29: Option<i64>,
    pub female_30_49: Option<i64>,
    pub female_50_plus: Option<i64>,
    pub male_under_18: Option<i64>,
    pub male_18_29: Option<i64>,
    pub male_30_49: Option<i64>,
    pub male_50_plus: Option<i64>,
    pub partners: String,
    pub is_public: bool,
    pub review_comment: String,
    pub version: i64,
}

pub async fn detail(db: &Db, id: ActivityId) -> Result<Detail, sqlx::Error> {
    on_db!(db, pool => sqlx::query_as(
        "select description, region_code, district_code, municipality_code, reached_total, female_under_18, \
         female_18_29, female_30_49, female_50_plus, male_under_18, male_18_29, male_30_49, male_50_plus, \
         partners, is_public, review_comment, version from activities where activity_id = $1",
    ).bind(id.0).fetch_one(pool).await)
}

/// The target groups, objective codes and principle codes of an activity.
pub async fn links(
    db: &Db,
    id: ActivityId,
) -> Result<(Vec<TargetGroup>, Vec<String>, Vec<String>), sqlx::Error> {
    let groups: Vec<String> = on_db!(db, pool => sqlx::query_scalar(
        "select target_group from activity_target_groups where activity_id = $1 order by target_group",
    ).bind(id.0).fetch_all(pool).await)?;
    let objectives: Vec<String> = on_db!(db, pool => sqlx::query_scalar(
        "select objective_code from activity_objectives where activity_id = $1 order by objective_code",
    ).bind(id.0).fetch_all(pool).await)?;
    let principles: Vec<String> = on_db!(db, pool => sqlx::query_scalar(
        "select principle_code from activity_principles where activity_id = $1 order by principle_code",
    ).bind(id.0).fetch_all(pool).await)?;
    let mut groups: Vec<TargetGroup> = groups
        .iter()
        .filter_map(|g| TargetGroup::parse(g))
        .collect();
    groups.sort_by_key(|g| TargetGroup::ALL.iter().position(|x| x == g));
    Ok((groups, objectives, principles))
}

#[derive(sqlx::FromRow)]
pub struct HistoryRow {
    pub full_name: String,
    pub from_status: String,
    pub to_status: String,
    pub note: String,
    pub created_at: OffsetDateTime,
}

pub async fn history(db: &Db, id: ActivityId) -> Result<Vec<HistoryRow>, sqlx::Error> {
    on_db!(db, pool => sqlx::query_as(
        "select u.full_name, h.from_status, h.to_status, h.note, h.created_at \
         from activity_history h join users u on u.user_id = h.actor_id \
         where h.activity_id = $1 order by h.event_id",
    ).bind(id.0).fetch_all(pool).await)
}

#[derive(sqlx::FromRow)]
struct PublicRow {
    activity_id: i64,
    title: String,
    activity_type: String,
    org_ky: String,
    org_ru: String,
    org_en: String,
    start_date: Date,
    end_date: Date,
    region_ky: String,
    region_ru: String,
    region_en: String,
    reached_total: Option<i64>,
}

/// The newest activities marked public and verified: only what the public page shows of them.
pub async fn public(db: &Db, limit: i64) -> Result<Vec<PublicActivity>, sqlx::Error> {
    let rows: Vec<PublicRow> = on_db!(db, pool => sqlx::query_as(
        "select a.activity_id, a.title, a.activity_type, o.name_ky as org_ky, o.name_ru as org_ru, \
         o.name_en as org_en, a.start_date, a.end_date, r.name_ky as region_ky, r.name_ru as region_ru, \
         r.name_en as region_en, cast(a.reached_total as bigint) as reached_total \
         from activities a join organizations o on o.organization_id = a.organization_id \
         join regions r on r.region_code = a.region_code \
         where a.status = 'verified' and a.is_public = true order by a.activity_id desc limit $1",
    ).bind(limit).fetch_all(pool).await)?;
    rows.into_iter()
        .map(|r| {
            Ok(PublicActivity {
                id: ActivityId(r.activity_id),
                title: r.title,
                activity_type: ActivityType::parse(&r.activity_type)
                    .ok_or_else(|| decode("activity type", &r.activity_type))?,
                organization: Trilingual {
                    ky: r.org_ky,
                    ru: r.org_ru,
                    en: r.org_en,
                },
                start_date: r.start_date,
                end_date: r.end_date,
                region: Trilingual {
                    ky: r.region_ky,
                    ru: r.region_ru,
                    en: r.region_en,
                },
                reached: r.reached_total.map(Count::of),
            })
        })
        .collect()
}
