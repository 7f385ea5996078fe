//! Organisations: the directory, and the administrator's changes to it.

use super::tallies::tally_organization;
use super::{Backend, Db, on_db};
use crate::domain::{
    filters::{OrganizationFilter, PAGE_SIZE, Page},
    ids::OrganizationId,
    inputs::OrganizationInput,
    roles::OrgKind,
    views::{Organization, Trilingual},
};
use time::OffsetDateTime;

const SELECT: &str = "\
    select o.organization_id, o.kind, o.name_ky, o.name_ru, o.name_en, \
           o.region_code, r.name_ky as region_ky, r.name_ru as region_ru, r.name_en as region_en, \
           o.district_code, d.name_ky as district_ky, d.name_ru as district_ru, d.name_en as district_en, \
           o.municipality_code, o.contact_email, o.contact_phone, o.address, o.is_active, o.is_demo, \
           (select count(*) from users u where u.organization_id = o.organization_id) as user_count \
    from organizations o \
    left join regions r on r.region_code = o.region_code \
    left join districts d on d.district_code = o.district_code";

const FILTER: &str = "\
    where (cast($1 as text) is null or o.kind = $1) \
      and (cast($2 as text) is null or o.region_code = $2) \
      and (cast($3 as text) is null or o.search_text like $3 escape '\\')";

#[derive(sqlx::FromRow)]
struct OrganizationRow {
    organization_id: i64,
    kind: String,
    name_ky: String,
    name_ru: String,
    name_en: String,
    region_code: Option<String>,
    region_ky: Option<String>,
    region_ru: Option<String>,
    region_en: Option<String>,
    district_code: Option<String>,
    district_ky: Option<String>,
    district_ru: Option<String>,
    district_en: Option<String>,
    municipality_code: Option<String>,
    contact_email: Option<String>,
    contact_phone: Option<String>,
    address: Option<String>,
    is_active: bool,
    is_demo: bool,
    user_count: i64,
}

fn trilingual(ky: Option<String>, ru: Option<String>, en: Option<String>) -> Option<Trilingual> {
    Some(Trilingual {
        ky: ky?,
        ru: ru?,
        en: en?,
    })
}

impl OrganizationRow {
    fn into_view(self) -> Result<Organization, sqlx::Error> {
        Ok(Organization {
            organization_id: OrganizationId(self.organization_id),
            kind: OrgKind::parse(&self.kind)
                .ok_or_else(|| sqlx::Error::Decode(format!("unknown kind {}", self.kind).into()))?,
            name: Trilingual {
                ky: self.name_ky,
                ru: self.name_ru,
                en: self.name_en,
            },
            region_code: self.region_code,
            region_name: trilingual(self.region_ky, self.region_ru, self.region_en),
            district_code: self.district_code,
            district_name: trilingual(self.district_ky, self.district_ru, self.district_en),
            municipality_code: self.municipality_code,
            contact_email: self.contact_email,
            contact_phone: self.contact_phone,
            address: self.address,
            is_active: self.is_active,
            is_demo: self.is_demo,
            user_count: self.user_count,
        })
    }
}

fn search_text(input: &OrganizationInput) -> String {
    names_search_text(&input.name_ky, &input.name_ru, &input.name_en)
}

/// The lower-cased names that the directory's search matches.
fn names_search_text(ky: &str, ru: &str, en: &str) -> String {
    format!("{ky} | {ru} | {en}").to_lowercase()
}

/// One page of the directory, filtered.
pub async fn list(db: &Db, filter: &OrganizationFilter) -> Result<Page<Organization>, sqlx::Error> {
    let kind = filter.kind.map(|k| k.as_str());
    let pattern = filter.pattern();
    let sql = format!(
        "{SELECT} {FILTER} order by o.kind, o.name_ru, o.organization_id limit $4 offset $5"
    );
    let rows: Vec<OrganizationRow> = on_db!(db, pool =>
        sqlx::query_as(&sql)
            .bind(kind)
            .bind(filter.region_code.as_deref())
            .bind(pattern.as_deref())
            .bind(PAGE_SIZE)
            .bind((filter.page.max(1) - 1) * PAGE_SIZE)
            .fetch_all(pool)
            .await
    )?;
    let count_sql = format!("select count(*) from organizations o {FILTER}");
    let total: i64 = on_db!(db, pool =>
        sqlx::query_scalar(&count_sql)
            .bind(kind)
            .bind(filter.region_code.as_deref())
            .bind(pattern.as_deref())
            .fetch_one(pool)
            .await
    )?;
    let rows = rows
        .into_iter()
        .map(OrganizationRow::into_view)
        .collect::<Result<_, _>>()?;
    Ok(Page {
        rows,
        total,
        page: filter.page,
    })
}

/// Every active organisation, for choosing one in a form.
pub async fn all_active(db: &Db) -> Result<Vec<Organization>, sqlx::Error> {
    let sql = format!("{SELECT} where o.is_active order by o.kind, o.name_ru, o.organization_id");
    let rows: Vec<OrganizationRow> =
        on_db!(db, pool => sqlx::query_as(&sql).fetch_all(pool).await)?;
    rows.into_iter().map(OrganizationRow::into_view).collect()
}

/// Every organisation's id and names, by Russian name (for choosing one in a filter).
pub async fn names(db: &Db) -> Result<Vec<(i64, Trilingual)>, sqlx::Error> {
    let rows: Vec<(i64, String, String, String)> = on_db!(db, pool => sqlx::query_as(
        "select organization_id, name_ky, name_ru, name_en from organizations \
         order by name_ru, organization_id")
        .fetch_all(pool).await)?;
    Ok(rows
        .into_iter()
        .map(|(id, ky, ru, en)| (id, Trilingual { ky, ru, en }))
        .collect())
}

pub async fn get(db: &Db, id: OrganizationId) -> Result<Option<Organization>, sqlx::Error> {
    let sql = format!("{SELECT} where o.organization_id = $1");
    let row: Option<OrganizationRow> =
        on_db!(db, pool => sqlx::query_as(&sql).bind(id.0).fetch_optional(pool).await)?;
    row.map(OrganizationRow::into_view).transpose()
}

pub async fn insert(
    db: &Db,
    input: &OrganizationInput,
    is_demo: bool,
    now: OffsetDateTime,
) -> Result<OrganizationId, sqlx::Error> {
    let id: i64 = on_db!(db, pool =>
        sqlx::query_scalar(
            "insert into organizations (kind, name_ky, name_ru, name_en, region_code, district_code, \
                 municipality_code, contact_email, contact_phone, address, is_active, is_demo, search_text, \
                 created_at, updated_at) \
             values ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $14) \
             returning organization_id",
        )
        .bind(input.kind.as_str())
        .bind(&input.name_ky)
        .bind(&input.name_ru)
        .bind(&input.name_en)
        .bind(input.region_code.as_deref())
        .bind(input.district_code.as_deref())
        .bind(input.municipality_code.as_deref())
        .bind(input.contact_email.as_ref().map(|e| e.as_str()))
        .bind(input.contact_phone.as_deref())
        .bind(input.address.as_deref())
        .bind(input.is_active)
        .bind(is_demo)
        .bind(search_text(input))
        .bind(now)
        .fetch_one(pool)
        .await
    )?;
    Ok(OrganizationId(id))
}

/// Saves an edit; `false` if there is no such organisation.
pub async fn update(
    db: &Db,
    id: OrganizationId,
    input: &OrganizationInput,
    now: OffsetDateTime,
) -> Result<bool, sqlx::Error> {
    let lock_sql = match db.backend() {
        Backend::Postgres => "select kind from organizations where organization_id = $1 for update",
        Backend::Sqlite => "select kind from organizations where organization_id = $1",
    };
    let mut tx = db.begin().await?;
    // The tallies count by organisation kind: when it changes, what the organisation reported
    // and logged moves with it. The row is locked first on PostgreSQL so that two edits cannot
    // both move it (SQLite lets one writer at a time).
    let kind: Option<String> = tx.fetch_scalar_optional(lock_sql, &[id.0.into()]).await?;
    let kind_changes = kind.is_some_and(|kind| kind != input.kind.as_str());
    if kind_changes {
        tally_organization(&mut tx, id.0, -1).await?;
    }
    let updated = tx
        .execute(
            "update organizations set kind = $2, name_ky = $3, name_ru = $4, name_en = $5, \
                 region_code = $6, district_code = $7, municipality_code = $8, contact_email = $9, \
                 contact_phone = $10, address = $11, is_active = $12, search_text = $13, \
                 updated_at = $14 \
             where organization_id = $1",
            &[
                id.0.into(),
                input.kind.as_str().into(),
                (&input.name_ky).into(),
                (&input.name_ru).into(),
                (&input.name_en).into(),
                input.region_code.clone().into(),
                input.district_code.clone().into(),
                input.municipality_code.clone().into(),
                input.contact_email.as_ref().map(|e| e.as_str()).into(),
                input.contact_phone.clone().into(),
                input.address.clone().into(),
                input.is_active.into(),
                search_text(input).into(),
                now.into(),
            ],
        )
        .await?;
    if kind_changes {
        tally_organization(&mut tx, id.0, 1).await?;
    }
    tx.commit().await?;
    Ok(updated > 0)
}

/// The kind of an organisation and whether it is active, or `None` if there is none.
pub async fn kind_and_activity(
    db: &Db,
    id: OrganizationId,
) -> Result<Option<(OrgKind, bool)>, sqlx::Error> {
    let row: Option<(String, bool)> = on_db!(db, pool =>
        sqlx::query_as("select kind, is_active from organizations where organization_id = $1")
            .bind(id.0)
            .fetch_optional(pool)
            .await
    )?;
    Ok(row.and_then(|(kind, active)| Some((OrgKind::parse(&kind)?, active))))
}

/// Whether any demonstration data is loaded.
pub async fn demo_loaded(db: &Db) -> Result<bool, sqlx::Error> {
    let found: Option<i64> = on_db!(db, pool =>
        sqlx::query_scalar("select organization_id from organizations where is_demo limit 1")
            .fetch_optional(pool)
            .await
    )?;
    Ok(found.is_some())
}

/// The first organisation of a kind (demo or not), if any.
pub async fn first_of_kind(
    db: &Db,
    kind: &str,
    demo: bool,
) -> Result<Option<OrganizationId>, sqlx::Error> {
    let id: Option<i64> = on_db!(db, pool =>
        sqlx::query_scalar(
            "select organization_id from organizations where kind = $1 and is_demo = $2 \
             order by organization_id limit 1",
        )
        .bind(kind)
        .bind(demo)
        .fetch_optional(pool)
        .await
    )?;
    Ok(id.map(OrganizationId))
}

/// Sets `organization`'s contact address (where escalations go); `None` clears it.
pub async fn set_contact_email(
    db: &Db,
    organization: OrganizationId,
    email: Option<&str>,
    now: OffsetDateTime,
) -> Result<bool, sqlx::Error> {
    on_db!(db, pool => sqlx::query(
        "update organizations set contact_email = $1, updated_at = $2 where organization_id = $3")
        .bind(email).bind(now).bind(organization.0).execute(pool).await
        .map(|r| r.rows_affected() == 1))
}

/// What territory onboarding needs to know of the organisations already registered: the
/// codes taken, and the places that already have a local self-government body.
#[derive(Default)]
pub struct RegisteredBodies {
    pub codes: std::collections::HashSet<String>,
    /// Municipalities with a local self-government body (an aiyl okmotu made by hand or
    /// generated, without a code).
    pub municipalities: std::collections::HashSet<String>,
    /// Regions with a local self-government body of the region itself (a city hall of
    /// Bishkek or Osh made by hand).
    pub region_bodies: std::collections::HashSet<String>,
}

impl RegisteredBodies {
    pub fn has(&self, body: &crate::domain::onboarding::TerritoryBody) -> bool {
        use crate::domain::onboarding::BodyLevel;
        self.codes.contains(&body.code)
            || match body.level {
                BodyLevel::Municipality => body
                    .municipality_code
                    .as_ref()
                    .is_some_and(|m| self.municipalities.contains(m)),
                BodyLevel::RepublicanCity => self.region_bodies.contains(&body.region_code),
                BodyLevel::District | BodyLevel::Oblast => false,
            }
    }
}

/// An organisation's code, kind and places, as onboarding reads them.
type BodyRow = (
    Option<String>,
    String,
    Option<String>,
    Option<String>,
    Option<String>,
);

pub async fn registered_bodies(db: &Db) -> Result<RegisteredBodies, sqlx::Error> {
    let rows: Vec<BodyRow> = on_db!(db, pool => sqlx::query_as(
            "select code, kind, region_code, district_code, municipality_code from organizations \
             where code is not null or kind = 'local_government'")
            .fetch_all(pool).await)?;
    let mut registered = RegisteredBodies::default();
    for (code, kind, region, district, municipality) in rows {
        registered.codes.extend(code);
        if kind == OrgKind::LocalGovernment.as_str() {
            match (region, district, municipality) {
                (_, _, Some(municipality)) => {
                    registered.municipalities.insert(municipality);
                }
                (Some(region), None, None) => {
                    registered.region_bodies.insert(region);
                }
                _ => {}
            }
        }
    }
    Ok(registered)
}

/// Registers `bodies` in one transaction; a code another run registered meanwhile is
/// skipped. Returns how many were registered.
pub async fn insert_bodies(
    db: &Db,
    bodies: &[&crate::domain::onboarding::TerritoryBody],
    now: OffsetDateTime,
) -> Result<u64, sqlx::Error> {
    let mut tx = db.begin().await?;
    let mut inserted = 0;
    for body in bodies {
        let search = names_search_text(&body.name.ky, &body.name.ru, &body.name.en);
        inserted += tx
            .execute(
                "insert into organizations (kind, name_ky, name_ru, name_en, region_code, \
                     district_code, municipality_code, code, is_active, is_demo, search_text, \
                     created_at, updated_at) \
                 values ($1, $2, $3, $4, $5, $6, $7, $8, true, false, $9, $10, $10) \
                 on conflict (code) do nothing",
                &[
                    body.kind.as_str().into(),
                    (&body.name.ky).into(),
                    (&body.name.ru).into(),
                    (&body.name.en).into(),
                    Some(body.region_code.clone()).into(),
                    body.district_code.clone().into(),
                    body.municipality_code.clone().into(),
                    Some(body.code.clone()).into(),
                    search.into(),
                    now.into(),
                ],
            )
            .await?;
    }
    tx.commit().await?;
    Ok(inserted)
}
