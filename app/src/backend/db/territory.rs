//! Reading the territory (regions, districts, rural municipalities), seeded by migrations.

use super::{Db, on_db};
use crate::domain::views::{Place, Territory, Trilingual};

#[derive(sqlx::FromRow)]
struct PlaceRow {
    code: String,
    parent_code: Option<String>,
    name_ky: String,
    name_ru: String,
    name_en: String,
}

impl From<PlaceRow> for Place {
    fn from(row: PlaceRow) -> Self {
        Place {
            code: row.code,
            parent_code: row.parent_code,
            name: Trilingual {
                ky: row.name_ky,
                ru: row.name_ru,
                en: row.name_en,
            },
        }
    }
}

async fn places(db: &Db, sql: &str) -> Result<Vec<Place>, sqlx::Error> {
    let rows: Vec<PlaceRow> = on_db!(db, pool => sqlx::query_as(sql).fetch_all(pool).await)?;
    Ok(rows.into_iter().map(Into::into).collect())
}

/// Every region, district and municipality, each list in display order.
pub async fn load(db: &Db) -> Result<Territory, sqlx::Error> {
    Ok(Territory {
        regions: places(
            db,
            "select region_code as code, cast(null as text) as parent_code, name_ky, name_ru, name_en \
             from regions order by position",
        )
        .await?,
        districts: places(
            db,
            "select district_code as code, region_code as parent_code, name_ky, name_ru, name_en \
             from districts order by region_code, name_en",
        )
        .await?,
        municipalities: places(
            db,
            "select municipality_code as code, district_code as parent_code, name_ky, name_ru, name_en \
             from municipalities order by district_code, name_en",
        )
        .await?,
    })
}

/// The region a district lies in, or `None` for an unknown district.
pub async fn region_of_district(
    db: &Db,
    district_code: &str,
) -> Result<Option<String>, sqlx::Error> {
    on_db!(db, pool =>
        sqlx::query_scalar("select region_code from districts where district_code = $1")
            .bind(district_code)
            .fetch_optional(pool)
            .await
    )
}

/// Whether a region with this code exists.
pub async fn region_exists(db: &Db, region_code: &str) -> Result<bool, sqlx::Error> {
    let found: Option<String> = on_db!(db, pool =>
        sqlx::query_scalar("select region_code from regions where region_code = $1")
            .bind(region_code)
            .fetch_optional(pool)
            .await
    )?;
    Ok(found.is_some())
}

/// The district a municipality lies in, or `None` for an unknown municipality.
pub async fn district_of_municipality(db: &Db, code: &str) -> Result<Option<String>, sqlx::Error> {
    on_db!(db, pool =>
        sqlx::query_scalar("select district_code from municipalities where municipality_code = $1")
            .bind(code)
            .fetch_optional(pool)
            .await
    )
}

/// How many districts a region has (none for Bishkek and Osh).
pub async fn district_count(db: &Db, region_code: &str) -> Result<i64, sqlx::Error> {
    on_db!(db, pool =>
        sqlx::query_scalar("select count(*) from districts where region_code = $1")
            .bind(region_code)
            .fetch_one(pool)
            .await
    )
}
