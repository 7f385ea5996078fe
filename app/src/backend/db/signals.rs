//! The early-warning system's signals in SQL: recording one, the list (an organisation's own or
//! every one), a case's signals, the signals a case is opened with, and a substance's signals
//! counted by year and by region.

use super::query::Query;
use super::tasks::{decode, trilingual};
use super::value::Value;
use super::{Db, on_db};
use crate::bind_all;
use crate::domain::early_warning::kinds::{AmountUnit, SeenForm, SignalSource};
use crate::domain::early_warning::signals::SignalInput;
use crate::domain::early_warning::views::{Named, SIGNALS_PER_PAGE, SignalFilter, SignalRow};
use crate::domain::ids::{CaseId, OrganizationId, SignalId, UserId};
use crate::domain::views::Trilingual;
use time::{Date, OffsetDateTime};

/// Records a signal of `organization`.
pub async fn insert(
    db: &Db,
    input: &SignalInput,
    organization: OrganizationId,
    by: UserId,
    is_demo: bool,
    now: OffsetDateTime,
) -> Result<SignalId, sqlx::Error> {
    let (amount, unit) = match input.amount {
        Some((a, u)) => (Some(a), Some(u.as_str())),
        None => (None, None),
    };
    let values: Vec<Value> = vec![
        organization.0.into(),
        input.observed_on.into(),
        input.source.as_str().into(),
        input.region_code.clone().into(),
        input.district_code.clone().into(),
        input.form.as_str().into(),
        amount.into(),
        unit.into(),
        input.poisonings.into(),
        input.deaths.into(),
        input.substance.map(|s| s.0).into(),
        input.description.clone().into(),
        is_demo.into(),
        by.0.into(),
        now.into(),
    ];
    let mut tx = db.begin().await?;
    let id: i64 = tx
        .fetch_scalar(
            "insert into signals (organization_id, observed_on, source, region_code, \
                 district_code, form, amount, amount_unit, poisonings, deaths, substance_id, \
                 description, is_demo, created_by, created_at) \
             values ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15) \
             returning signal_id",
            &values,
        )
        .await?;
    tx.commit().await?;
    Ok(SignalId(id))
}

/// The columns of a [`SignalRow`], with the joins they need (signals as `g`).
pub const SELECT: &str = "select g.signal_id, g.observed_on, g.source, g.form, g.amount, \
     g.amount_unit, g.poisonings, g.deaths, g.description, g.case_id, g.substance_id, \
     o.name_ky as org_ky, o.name_ru as org_ru, o.name_en as org_en, \
     r.name_ky as region_ky, r.name_ru as region_ru, r.name_en as region_en, \
     d.name_ky as district_ky, d.name_ru as district_ru, d.name_en as district_en, \
     s.name_ky as substance_ky, s.name_ru as substance_ru, s.name_en as substance_en \
     from signals g \
     join organizations o on o.organization_id = g.organization_id \
     left join regions r on r.region_code = g.region_code \
     left join districts d on d.district_code = g.district_code \
     left join substances s on s.substance_id = g.substance_id";

#[derive(sqlx::FromRow)]
pub struct Row {
    signal_id: i64,
    observed_on: Date,
    source: String,
    form: String,
    amount: Option<f64>,
    amount_unit: Option<String>,
    poisonings: i64,
    deaths: i64,
    description: String,
    case_id: Option<i64>,
    substance_id: Option<i64>,
    org_ky: String,
    org_ru: String,
    org_en: String,
    region_ky: Option<String>,
    region_ru: Option<String>,
    region_en: Option<String>,
    district_ky: Option<String>,
    district_ru: Option<String>,
    district_en: Option<String>,
    substance_ky: Option<String>,
    substance_ru: Option<String>,
    substance_en: Option<String>,
}

impl Row {
    pub fn into_view(self) -> Result<SignalRow, sqlx::Error> {
        let amount = match (self.amount, self.amount_unit.as_deref()) {
            (Some(a), Some(u)) => Some((a, AmountUnit::parse(u).ok_or_else(|| decode("unit", u))?)),
            _ => None,
        };
        Ok(SignalRow {
            id: SignalId(self.signal_id),
            observed_on: self.observed_on,
            source: SignalSource::parse(&self.source)
                .ok_or_else(|| decode("signal source", &self.source))?,
            organization: Trilingual {
                ky: self.org_ky,
                ru: self.org_ru,
                en: self.org_en,
            },
            region: trilingual(self.region_ky, self.region_ru, self.region_en),
            district: trilingual(self.district_ky, self.district_ru, self.district_en),
            form: SeenForm::parse(&self.form).ok_or_else(|| decode("form", &self.form))?,
            amount,
            poisonings: self.poisonings,
            deaths: self.deaths,
            substance: self.substance_id.and_then(|id| {
                trilingual(self.substance_ky, self.substance_ru, self.substance_en)
                    .map(|name| Named { id, name })
            }),
            description: self.description,
            case: self.case_id.map(CaseId),
        })
    }
}

async fn rows(db: &Db, sql: &str, values: &[Value]) -> Result<Vec<SignalRow>, sqlx::Error> {
    let rows: Vec<Row> =
        on_db!(db, pool => bind_all!(sqlx::query_as(sql), values).fetch_all(pool).await)?;
    rows.into_iter().map(Row::into_view).collect()
}

/// A page of the signals the filter finds, newest first, and how many there are; only
/// `organization`'s when given.
pub async fn list(
    db: &Db,
    filter: &SignalFilter,
    organization: Option<OrganizationId>,
) -> Result<(Vec<SignalRow>, i64), sqlx::Error> {
    let mut q = Query::default();
    if let Some(org) = organization {
        let p = q.arg(org.0);
        q.when(format!("g.organization_id = {p}"));
    }
    if let Some(source) = filter.source {
        let p = q.arg(source.as_str());
        q.when(format!("g.source = {p}"));
    }
    if filter.unlinked {
        q.when("g.case_id is null".to_owned());
    }
    let count_sql = format!("select count(*) from signals g {}", q.where_clause());
    let total: i64 = on_db!(db, pool => bind_all!(sqlx::query_scalar(&count_sql), q.args()).fetch_one(pool).await)?;
    let mut values = q.args().to_vec();
    let limit = format!("${}", values.len() + 1);
    let offset = format!("${}", values.len() + 2);
    values.push(SIGNALS_PER_PAGE.into());
    values.push(((filter.page - 1) * SIGNALS_PER_PAGE).into());
    let sql = format!(
        "{SELECT} {} order by g.observed_on desc, g.signal_id desc limit {limit} offset {offset}",
        q.where_clause()
    );
    Ok((rows(db, &sql, &values).await?, total))
}

/// One signal.
pub async fn get(db: &Db, id: SignalId) -> Result<Option<SignalRow>, sqlx::Error> {
    let sql = format!("{SELECT} where g.signal_id = $1");
    Ok(rows(db, &sql, &[id.0.into()]).await?.into_iter().next())
}

/// The organisation that recorded a signal, and the case it is in (if any).
pub async fn owner(
    db: &Db,
    id: SignalId,
) -> Result<Option<(OrganizationId, Option<CaseId>)>, sqlx::Error> {
    let row: Option<(i64, Option<i64>)> = on_db!(db, pool => sqlx::query_as(
        "select organization_id, case_id from signals where signal_id = $1")
        .bind(id.0).fetch_optional(pool).await)?;
    Ok(row.map(|(org, case)| (OrganizationId(org), case.map(CaseId))))
}

/// The signals of a case, oldest first.
pub async fn of_case(db: &Db, case: CaseId) -> Result<Vec<SignalRow>, sqlx::Error> {
    let sql = format!("{SELECT} where g.case_id = $1 order by g.observed_on, g.signal_id");
    rows(db, &sql, &[case.0.into()]).await
}

/// Of `ids`, the signals that exist, with the case each is in (if any).
pub async fn cases_of(db: &Db, ids: &[SignalId]) -> Result<Vec<(i64, Option<i64>)>, sqlx::Error> {
    if ids.is_empty() {
        return Ok(Vec::new());
    }
    let mut p = super::value::Params::default();
    let list = p.list(ids.iter().map(|i| i.0));
    let sql = format!("select signal_id, case_id from signals where signal_id in ({list})");
    on_db!(db, pool => bind_all!(sqlx::query_as(&sql), &p.values).fetch_all(pool).await)
}

/// Every substance in the register, by Russian name, for choosing one.
pub async fn substance_choices(db: &Db) -> Result<Vec<Named>, sqlx::Error> {
    let rows: Vec<(i64, String, String, String)> = on_db!(db, pool => sqlx::query_as(
        "select substance_id, name_ky, name_ru, name_en from substances order by name_ru, substance_id")
        .fetch_all(pool).await)?;
    Ok(rows
        .into_iter()
        .map(|(id, ky, ru, en)| Named {
            id,
            name: Trilingual { ky, ru, en },
        })
        .collect())
}

/// A substance's signals by year: year, signals, poisonings, deaths.
pub async fn by_year(db: &Db, substance: i64) -> Result<Vec<(i32, i64, i64, i64)>, sqlx::Error> {
    let year = match db {
        Db::Sqlite(_) => "cast(substr(observed_on, 1, 4) as integer)",
        Db::Postgres(_) => "cast(extract(year from observed_on) as bigint)",
    };
    let sql = format!(
        "select {year} as y, count(*), cast(sum(poisonings) as bigint), cast(sum(deaths) as bigint) \
         from signals where substance_id = $1 group by {year} order by y"
    );
    let rows: Vec<(i64, i64, i64, i64)> =
        on_db!(db, pool => sqlx::query_as(&sql).bind(substance).fetch_all(pool).await)?;
    Ok(rows
        .into_iter()
        .map(|(y, n, p, d)| (y as i32, n, p, d))
        .collect())
}

/// A substance's signals by region (none last): region, signals, poisonings, deaths.
pub async fn by_region(db: &Db, substance: i64) -> Result<Vec<RegionCounts>, sqlx::Error> {
    #[allow(clippy::type_complexity)]
    let rows: Vec<(
        Option<String>,
        Option<String>,
        Option<String>,
        Option<f64>,
        Option<f64>,
        i64,
        i64,
        i64,
    )> = on_db!(db, pool => sqlx::query_as(
        "select r.name_ky, r.name_ru, r.name_en, cast(r.longitude as double precision), \
             cast(r.latitude as double precision), count(*), cast(sum(g.poisonings) as bigint), \
             cast(sum(g.deaths) as bigint) \
         from signals g left join regions r on r.region_code = g.region_code \
         where g.substance_id = $1 \
         group by r.region_code, r.name_ky, r.name_ru, r.name_en, r.longitude, r.latitude \
         order by r.region_code is null, count(*) desc, r.name_ru")
        .bind(substance).fetch_all(pool).await)?;
    Ok(rows
        .into_iter()
        .map(
            |(ky, ru, en, lon, lat, signals, poisonings, deaths)| RegionCounts {
                name: trilingual(ky, ru, en),
                point: lon.zip(lat),
                signals,
                poisonings,
                deaths,
            },
        )
        .collect())
}

/// A substance's signals in one region (or in none): its name and centre (longitude,
/// latitude), signals, poisonings and deaths.
pub struct RegionCounts {
    pub name: Option<Trilingual>,
    pub point: Option<(f64, f64)>,
    pub signals: i64,
    pub poisonings: i64,
    pub deaths: i64,
}
