//! Indicators: the catalogue (insert, update with optimistic concurrency, read), entered values
//! (saved per period and breakdown, replaced until accepted, decided by coordinators), and
//! the append-only history of both, written in the same transaction as each change.

use super::tasks::decode;
use super::tx::Tx;
use super::value::Value;
use super::{Db, on_db};
use crate::domain::{
    ids::{IndicatorId, OrganizationId, UserId, ValueId},
    indicators::catalogue::{Breakdowns, Cut, Direction, Frequency, ValueStatus},
    indicators::inputs::IndicatorInput,
    tasks::views::OrgRef,
    views::Trilingual,
};
use time::{Date, OffsetDateTime};

#[derive(Clone, Debug, sqlx::FromRow)]
pub struct IndicatorRecord {
    pub indicator_id: i64,
    pub code: String,
    pub name_ky: String,
    pub name_ru: String,
    pub name_en: String,
    pub unit_ky: String,
    pub unit_ru: String,
    pub unit_en: String,
    pub objective_code: String,
    pub direction: String,
    pub baseline_value: f64,
    pub baseline_year: i64,
    pub target_value: f64,
    pub target_year: i64,
    pub organization_id: i64,
    pub org_ky: String,
    pub org_ru: String,
    pub org_en: String,
    pub frequency: String,
    pub by_sex: bool,
    pub by_age: bool,
    pub by_region: bool,
    pub version: i64,
}

impl IndicatorRecord {
    pub fn id(&self) -> IndicatorId {
        IndicatorId(self.indicator_id)
    }

    pub fn name(&self) -> Trilingual {
        Trilingual {
            ky: self.name_ky.clone(),
            ru: self.name_ru.clone(),
            en: self.name_en.clone(),
        }
    }

    pub fn unit(&self) -> Trilingual {
        Trilingual {
            ky: self.unit_ky.clone(),
            ru: self.unit_ru.clone(),
            en: self.unit_en.clone(),
        }
    }

    pub fn organization(&self) -> OrgRef {
        OrgRef {
            id: OrganizationId(self.organization_id),
            name: Trilingual {
                ky: self.org_ky.clone(),
                ru: self.org_ru.clone(),
                en: self.org_en.clone(),
            },
        }
    }

    pub fn direction(&self) -> Result<Direction, sqlx::Error> {
        Direction::parse(&self.direction).ok_or_else(|| decode("direction", &self.direction))
    }

    pub fn frequency(&self) -> Result<Frequency, sqlx::Error> {
        Frequency::parse(&self.frequency).ok_or_else(|| decode("frequency", &self.frequency))
    }

    pub fn breakdowns(&self) -> Breakdowns {
        Breakdowns {
            by_sex: self.by_sex,
            by_age: self.by_age,
            by_region: self.by_region,
        }
    }
}

const RECORD: &str = "select i.indicator_id, i.code, i.name_ky, i.name_ru, i.name_en, i.unit_ky, i.unit_ru, i.unit_en, \
     i.objective_code, i.direction, i.baseline_value, i.baseline_year, i.target_value, i.target_year, \
     i.organization_id, o.name_ky as org_ky, o.name_ru as org_ru, o.name_en as org_en, i.frequency, \
     i.by_sex, i.by_age, i.by_region, i.version \
     from indicators i join organizations o on o.organization_id = i.organization_id";

pub async fn all(db: &Db) -> Result<Vec<IndicatorRecord>, sqlx::Error> {
    let sql = format!("{RECORD} order by i.code");
    on_db!(db, pool => sqlx::query_as(&sql).fetch_all(pool).await)
}

pub async fn get(db: &Db, id: IndicatorId) -> Result<Option<IndicatorRecord>, sqlx::Error> {
    let sql = format!("{RECORD} where i.indicator_id = $1");
    on_db!(db, pool => sqlx::query_as(&sql).bind(id.0).fetch_optional(pool).await)
}

/// An [`IndicatorInput`] as the eighteen values of the catalogue's columns, in order.
fn indicator_values(i: &IndicatorInput) -> Vec<Value> {
    vec![
        (&i.code).into(),
        (&i.name.ky).into(),
        (&i.name.ru).into(),
        (&i.name.en).into(),
        (&i.unit.ky).into(),
        (&i.unit.ru).into(),
        (&i.unit.en).into(),
        (&i.objective_code).into(),
        i.direction.as_str().into(),
        i.baseline.0.into(),
        i64::from(i.baseline.1).into(),
        i.target.0.into(),
        i64::from(i.target.1).into(),
        i.organization_id.into(),
        i.frequency.as_str().into(),
        i.breakdowns.by_sex.into(),
        i.breakdowns.by_age.into(),
        i.breakdowns.by_region.into(),
    ]
}

/// Records what happened to an indicator (or one of its values) in its history.
async fn record(
    tx: &mut Tx,
    indicator: i64,
    value: Option<i64>,
    by: UserId,
    action: &str,
    detail: &str,
    now: OffsetDateTime,
) -> Result<(), sqlx::Error> {
    tx.execute(
        "insert into indicator_history (indicator_id, value_id, actor_id, action, detail, created_at) \
         values ($1, $2, $3, $4, $5, $6)",
        &[
            indicator.into(),
            value.into(),
            by.0.into(),
            action.into(),
            detail.into(),
            now.into(),
        ],
    )
    .await
    .map(|_| ())
}

pub async fn insert(
    db: &Db,
    input: &IndicatorInput,
    by: UserId,
    is_demo: bool,
    now: OffsetDateTime,
) -> Result<IndicatorId, sqlx::Error> {
    let sql = "insert into indicators (code, name_ky, name_ru, name_en, unit_ky, unit_ru, unit_en, objective_code, \
               direction, baseline_value, baseline_year, target_value, target_year, organization_id, frequency, \
               by_sex, by_age, by_region, is_demo, created_by, created_at, updated_at) values ($1, $2, $3, $4, $5, \
               $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $18, $19, $20, $21, $21) returning indicator_id";
    let mut values = indicator_values(input);
    values.extend([is_demo.into(), by.0.into(), now.into()]);
    let mut tx = db.begin().await?;
    let id: i64 = tx.fetch_scalar(sql, &values).await?;
    record(&mut tx, id, None, by, "created", &input.code, now).await?;
    tx.commit().await?;
    Ok(IndicatorId(id))
}

/// Saves an edit of the catalogue entry if it is still at `version`.
pub async fn update(
    db: &Db,
    id: IndicatorId,
    version: i64,
    input: &IndicatorInput,
    by: UserId,
    now: OffsetDateTime,
) -> Result<bool, sqlx::Error> {
    let sql = "update indicators set code = $1, name_ky = $2, name_ru = $3, name_en = $4, unit_ky = $5, unit_ru = $6, \
               unit_en = $7, objective_code = $8, direction = $9, baseline_value = $10, baseline_year = $11, \
               target_value = $12, target_year = $13, organization_id = $14, frequency = $15, by_sex = $16, \
               by_age = $17, by_region = $18, version = version + 1, updated_at = $19 \
               where indicator_id = $20 and version = $21";
    let mut values = indicator_values(input);
    values.extend([now.into(), id.0.into(), version.into()]);
    let mut tx = db.begin().await?;
    if tx.execute(sql, &values).await? != 1 {
        return Ok(false);
    }
    record(&mut tx, id.0, None, by, "edited", "", now).await?;
    tx.commit().await?;
    Ok(true)
}

#[derive(Clone, Debug, sqlx::FromRow)]
pub struct ValueRecord {
    pub value_id: i64,
    pub indicator_id: i64,
    pub period_start: Date,
    pub period_end: Date,
    pub sex: String,
    pub age_group: String,
    pub region_code: String,
    pub value: f64,
    pub source_note: String,
    pub status: String,
    pub review_comment: String,
    pub full_name: String,
    pub entered_at: OffsetDateTime,
    pub version: i64,
}

impl ValueRecord {
    pub fn status(&self) -> Result<ValueStatus, sqlx::Error> {
        ValueStatus::parse(&self.status).ok_or_else(|| decode("value status", &self.status))
    }

    pub fn cut(&self) -> Cut {
        Cut {
            sex: self.sex.clone(),
            age_group: self.age_group.clone(),
            region_code: self.region_code.clone(),
        }
    }
}

const VALUE: &str = "select v.value_id, v.indicator_id, v.period_start, v.period_end, v.sex, v.age_group, v.region_code, \
                     v.value, v.source_note, v.status, v.review_comment, u.full_name, v.entered_at, v.version \
                     from indicator_values v join users u on u.user_id = v.entered_by";

/// Every value of an indicator, newest period first, the total before its breakdowns.
pub async fn values(db: &Db, id: IndicatorId) -> Result<Vec<ValueRecord>, sqlx::Error> {
    let sql = format!(
        "{VALUE} where v.indicator_id = $1 order by v.period_start desc, v.sex, v.age_group, v.region_code"
    );
    on_db!(db, pool => sqlx::query_as(&sql).bind(id.0).fetch_all(pool).await)
}

pub async fn value(db: &Db, id: ValueId) -> Result<Option<ValueRecord>, sqlx::Error> {
    let sql = format!("{VALUE} where v.value_id = $1");
    on_db!(db, pool => sqlx::query_as(&sql).bind(id.0).fetch_optional(pool).await)
}

/// The latest accepted total of each indicator: (indicator id, period start, period end, value).
pub async fn latest_totals(db: &Db) -> Result<Vec<(i64, Date, Date, f64)>, sqlx::Error> {
    on_db!(db, pool => sqlx::query_as(
        "select v.indicator_id, v.period_start, v.period_end, v.value from indicator_values v \
         where v.status = 'accepted' and v.sex = '' and v.age_group = '' and v.region_code = '' \
         and v.period_start = (select max(w.period_start) from indicator_values w where w.indicator_id = v.indicator_id \
             and w.status = 'accepted' and w.sex = '' and w.age_group = '' and w.region_code = '')",
    ).fetch_all(pool).await)
}

/// A value to save.
pub struct NewValue<'a> {
    pub indicator: IndicatorId,
    pub period_start: Date,
    pub period_end: Date,
    pub cut: &'a Cut,
    pub value: f64,
    pub source_note: &'a str,
    pub by: UserId,
    pub is_demo: bool,
}

/// What saving a value did.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Entered {
    Saved(ValueId),
    /// An accepted value for the same period and breakdown stands: it is not replaced.
    Locked,
}

/// Saves a value, or replaces a submitted or returned one for the same period and breakdown
/// (back to submitted). An accepted value is not replaced.
pub async fn enter(
    db: &Db,
    v: &NewValue<'_>,
    status: ValueStatus,
    now: OffsetDateTime,
) -> Result<Entered, sqlx::Error> {
    let mut tx = db.begin().await?;
    let existing: Option<(i64, String)> = tx
        .fetch_optional(
            "select value_id, status from indicator_values where indicator_id = $1 \
             and period_start = $2 and sex = $3 and age_group = $4 and region_code = $5",
            &[
                v.indicator.0.into(),
                v.period_start.into(),
                (&v.cut.sex).into(),
                (&v.cut.age_group).into(),
                (&v.cut.region_code).into(),
            ],
        )
        .await?;
    let id = match existing {
        Some((_, status)) if status == "accepted" => return Ok(Entered::Locked),
        Some((id, _)) => {
            tx.execute(
                "update indicator_values set value = $1, source_note = $2, status = $3, \
                 review_comment = '', entered_by = $4, entered_at = $5, version = version + 1 \
                 where value_id = $6",
                &[
                    v.value.into(),
                    v.source_note.into(),
                    status.as_str().into(),
                    v.by.0.into(),
                    now.into(),
                    id.into(),
                ],
            )
            .await?;
            id
        }
        None => {
            tx.fetch_scalar(
                "insert into indicator_values (indicator_id, period_start, period_end, sex, \
                 age_group, region_code, value, source_note, status, entered_by, entered_at, \
                 is_demo) values ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12) \
                 returning value_id",
                &[
                    v.indicator.0.into(),
                    v.period_start.into(),
                    v.period_end.into(),
                    (&v.cut.sex).into(),
                    (&v.cut.age_group).into(),
                    (&v.cut.region_code).into(),
                    v.value.into(),
                    v.source_note.into(),
                    status.as_str().into(),
                    v.by.0.into(),
                    now.into(),
                    v.is_demo.into(),
                ],
            )
            .await?
        }
    };
    let detail = v.value.to_string();
    record(
        &mut tx,
        v.indicator.0,
        Some(id),
        v.by,
        "entered",
        &detail,
        now,
    )
    .await?;
    tx.commit().await?;
    Ok(Entered::Saved(ValueId(id)))
}

/// Accepts or returns a submitted value still at `version`.
pub async fn decide(
    db: &Db,
    value: &ValueRecord,
    version: i64,
    to: ValueStatus,
    by: UserId,
    note: &str,
    now: OffsetDateTime,
) -> Result<bool, sqlx::Error> {
    let mut tx = db.begin().await?;
    let decided = tx
        .execute(
            "update indicator_values set status = $1, review_comment = $2, reviewed_by = $3, \
             reviewed_at = $4, version = version + 1 \
             where value_id = $5 and version = $6 and status = 'submitted'",
            &[
                to.as_str().into(),
                note.into(),
                by.0.into(),
                now.into(),
                value.value_id.into(),
                version.into(),
            ],
        )
        .await?;
    if decided != 1 {
        return Ok(false);
    }
    record(
        &mut tx,
        value.indicator_id,
        Some(value.value_id),
        by,
        to.as_str(),
        note,
        now,
    )
    .await?;
    tx.commit().await?;
    Ok(true)
}
