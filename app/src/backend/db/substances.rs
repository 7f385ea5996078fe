//! The substance register's SQL: adding and editing an entry (optimistic concurrency on its
//! version), reading one, the search by any name or identifier and group, and the public list
//! of substances under national control.

use super::query::Query;
use super::tasks::decode;
use super::{Db, on_db};
use crate::bind_all;
use crate::domain::ids::{SubstanceId, UserId};
use crate::domain::substances::inputs::SubstanceInput;
use crate::domain::substances::kinds::{ChemicalGroup, InternationalStatus, NationalList};
use crate::domain::substances::views::{ControlledSubstance, SubstanceFilter, SubstanceRow};
use crate::domain::views::Trilingual;
use time::{Date, OffsetDateTime};

/// The most substances one search shows.
pub const LIST_LIMIT: i64 = 200;

/// An entry's values for the columns of [`FIELDS`], in order.
fn values(input: &SubstanceInput) -> Vec<super::value::Value> {
    let (list, act, since) = match &input.control {
        Some((list, act, since)) => (Some(list.as_str()), act.clone(), Some(*since)),
        None => (None, String::new(), None),
    };
    vec![
        input.name.ky.clone().into(),
        input.name.ru.clone().into(),
        input.name.en.clone().into(),
        input.synonyms.join("\n").into(),
        input.iupac_name.clone().into(),
        input
            .cas_number
            .as_ref()
            .map(|c| c.as_str().to_owned())
            .into(),
        input.molecular_formula.clone().into(),
        input
            .inchi_key
            .as_ref()
            .map(|k| k.as_str().to_owned())
            .into(),
        input.chemical_group.as_str().into(),
        list.into(),
        act.into(),
        since.into(),
        input.international_status.as_str().into(),
        input.search_text().into(),
    ]
}

/// Adds an entry; a CAS number or InChIKey already in the register is a unique violation.
pub async fn insert(
    db: &Db,
    input: &SubstanceInput,
    by: UserId,
    is_demo: bool,
    now: OffsetDateTime,
) -> Result<SubstanceId, sqlx::Error> {
    let mut values = values(input);
    values.extend([is_demo.into(), by.0.into(), now.into()]);
    let mut tx = db.begin().await?;
    let id: i64 = tx
        .fetch_scalar(
            "insert into substances (name_ky, name_ru, name_en, synonyms, iupac_name, cas_number, \
                 molecular_formula, inchi_key, chemical_group, national_list, legal_act, \
                 controlled_since, international_status, search_text, is_demo, created_by, \
                 created_at, updated_at) \
             values ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $17) \
             returning substance_id",
            &values,
        )
        .await?;
    tx.commit().await?;
    Ok(SubstanceId(id))
}

/// Saves an edit if the entry is still at `version`; false if it changed meanwhile.
pub async fn update(
    db: &Db,
    id: SubstanceId,
    version: i64,
    input: &SubstanceInput,
    now: OffsetDateTime,
) -> Result<bool, sqlx::Error> {
    let mut values = values(input);
    values.extend([now.into(), id.0.into(), version.into()]);
    let mut tx = db.begin().await?;
    let changed = tx
        .execute(
            "update substances set name_ky = $1, name_ru = $2, name_en = $3, synonyms = $4, \
                 iupac_name = $5, cas_number = $6, molecular_formula = $7, inchi_key = $8, \
                 chemical_group = $9, national_list = $10, legal_act = $11, \
                 controlled_since = $12, international_status = $13, search_text = $14, \
                 updated_at = $15, version = version + 1 \
             where substance_id = $16 and version = $17",
            &values,
        )
        .await?;
    tx.commit().await?;
    Ok(changed == 1)
}

const SELECT: &str = "select substance_id, name_ky, name_ru, name_en, synonyms, cas_number, \
     chemical_group, national_list, controlled_since, international_status, iupac_name, \
     molecular_formula, inchi_key, legal_act, version from substances";

#[derive(sqlx::FromRow)]
struct Row {
    substance_id: i64,
    name_ky: String,
    name_ru: String,
    name_en: String,
    synonyms: String,
    cas_number: Option<String>,
    chemical_group: String,
    national_list: Option<String>,
    controlled_since: Option<Date>,
    international_status: String,
    iupac_name: String,
    molecular_formula: String,
    inchi_key: Option<String>,
    legal_act: String,
    version: i64,
}

/// One entry in full, as stored.
pub struct Record {
    pub row: SubstanceRow,
    pub iupac_name: String,
    pub molecular_formula: String,
    pub inchi_key: Option<String>,
    pub legal_act: String,
    pub version: i64,
}

impl Row {
    fn into_record(self) -> Result<Record, sqlx::Error> {
        let national_list = match self.national_list.as_deref() {
            Some(list) => {
                Some(NationalList::parse(list).ok_or_else(|| decode("national list", list))?)
            }
            None => None,
        };
        Ok(Record {
            row: SubstanceRow {
                id: SubstanceId(self.substance_id),
                name: Trilingual {
                    ky: self.name_ky,
                    ru: self.name_ru,
                    en: self.name_en,
                },
                synonyms: self
                    .synonyms
                    .lines()
                    .filter(|l| !l.is_empty())
                    .map(str::to_owned)
                    .collect(),
                cas_number: self.cas_number,
                chemical_group: ChemicalGroup::parse(&self.chemical_group)
                    .ok_or_else(|| decode("chemical group", &self.chemical_group))?,
                national_list,
                controlled_since: self.controlled_since,
                international_status: InternationalStatus::parse(&self.international_status)
                    .ok_or_else(|| decode("international status", &self.international_status))?,
            },
            iupac_name: self.iupac_name,
            molecular_formula: self.molecular_formula,
            inchi_key: self.inchi_key,
            legal_act: self.legal_act,
            version: self.version,
        })
    }
}

/// One entry, if it exists.
pub async fn get(db: &Db, id: SubstanceId) -> Result<Option<Record>, sqlx::Error> {
    let sql = format!("{SELECT} where substance_id = $1");
    let row: Option<Row> =
        on_db!(db, pool => sqlx::query_as(&sql).bind(id.0).fetch_optional(pool).await)?;
    row.map(Row::into_record).transpose()
}

/// The entries the filter finds (any name, other name or identifier containing the words
/// typed, case aside), by Russian name, at most [`LIST_LIMIT`].
pub async fn search(db: &Db, filter: &SubstanceFilter) -> Result<Vec<SubstanceRow>, sqlx::Error> {
    let mut q = Query::default();
    for word in filter.q.to_lowercase().split_whitespace().take(8) {
        let escaped = word
            .replace('\\', "\\\\")
            .replace('%', "\\%")
            .replace('_', "\\_");
        let p = q.arg(format!("%{escaped}%"));
        q.when(format!("search_text like {p} escape '\\'"));
    }
    if let Some(group) = filter.group {
        let p = q.arg(group.as_str());
        q.when(format!("chemical_group = {p}"));
    }
    let limit = q.arg(LIST_LIMIT);
    let sql = format!(
        "{SELECT} {} order by name_ru, substance_id limit {limit}",
        q.where_clause()
    );
    let rows: Vec<Row> =
        on_db!(db, pool => bind_all!(sqlx::query_as(&sql), q.args()).fetch_all(pool).await)?;
    rows.into_iter()
        .map(|r| r.into_record().map(|r| r.row))
        .collect()
}

#[derive(sqlx::FromRow)]
struct ControlledRow {
    name_ky: String,
    name_ru: String,
    name_en: String,
    national_list: String,
    legal_act: String,
    controlled_since: Date,
}

/// The substances on a national list, latest placed first (the public page).
pub async fn controlled(db: &Db) -> Result<Vec<ControlledSubstance>, sqlx::Error> {
    let rows: Vec<ControlledRow> = on_db!(db, pool => sqlx::query_as(
        "select name_ky, name_ru, name_en, national_list, legal_act, controlled_since \
         from substances where national_list is not null \
         order by controlled_since desc, name_ru")
        .fetch_all(pool).await)?;
    rows.into_iter()
        .map(|r| {
            Ok(ControlledSubstance {
                name: Trilingual {
                    ky: r.name_ky,
                    ru: r.name_ru,
                    en: r.name_en,
                },
                national_list: NationalList::parse(&r.national_list)
                    .ok_or_else(|| decode("national list", &r.national_list))?,
                legal_act: r.legal_act,
                controlled_since: r.controlled_since,
            })
        })
        .collect()
}

/// Places `substance` on `list` by `act` from `since` (the national data set's decided cases;
/// a case's sign-off uses [`control_in`] within its own transaction).
pub async fn set_control(
    db: &Db,
    substance: SubstanceId,
    list: NationalList,
    act: &str,
    since: time::Date,
) -> Result<(), sqlx::Error> {
    let mut tx = db.begin().await?;
    control_in(
        &mut tx,
        substance,
        list,
        act,
        since,
        OffsetDateTime::now_utc(),
    )
    .await?;
    tx.commit().await
}

/// Puts a substance on `list` under `act` from `since`, within a transaction that writes more
/// (a case's closing sign-off).
pub async fn control_in(
    tx: &mut super::tx::Tx,
    substance: SubstanceId,
    list: NationalList,
    act: &str,
    since: time::Date,
    now: OffsetDateTime,
) -> Result<(), sqlx::Error> {
    tx.execute(
        "update substances set national_list = $1, legal_act = $2, controlled_since = $3, \
         updated_at = $4, version = version + 1 where substance_id = $5",
        &[
            list.as_str().into(),
            act.into(),
            since.into(),
            now.into(),
            substance.0.into(),
        ],
    )
    .await
    .map(|_| ())
}
