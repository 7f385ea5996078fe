//! Reading the concept's framework (seeded by migrations, never edited by users).

use super::{Db, on_db};
use crate::domain::views::{Framework, FrameworkItem, Goal, Objective, Trilingual};

#[derive(sqlx::FromRow)]
struct ItemRow {
    code: String,
    name_ky: String,
    name_ru: String,
    name_en: String,
}

impl From<ItemRow> for FrameworkItem {
    fn from(row: ItemRow) -> Self {
        FrameworkItem {
            code: row.code,
            name: Trilingual {
                ky: row.name_ky,
                ru: row.name_ru,
                en: row.name_en,
            },
        }
    }
}

#[derive(sqlx::FromRow)]
struct LinkRow {
    from_code: String,
    to_code: String,
}

async fn items(db: &Db, sql: &str) -> Result<Vec<FrameworkItem>, sqlx::Error> {
    let rows: Vec<ItemRow> = on_db!(db, pool => sqlx::query_as(sql).fetch_all(pool).await)?;
    Ok(rows.into_iter().map(Into::into).collect())
}

async fn links(db: &Db, sql: &str) -> Result<Vec<LinkRow>, sqlx::Error> {
    on_db!(db, pool => sqlx::query_as(sql).fetch_all(pool).await)
}

fn targets(links: &[LinkRow], from: &str) -> Vec<String> {
    links
        .iter()
        .filter(|l| l.from_code == from)
        .map(|l| l.to_code.clone())
        .collect()
}

/// The whole framework, in the concept's order.
pub async fn load(db: &Db) -> Result<Framework, sqlx::Error> {
    let directions = items(
        db,
        "select direction_code as code, name_ky, name_ru, name_en from directions order by position",
    )
    .await?;
    let goal_items = items(
        db,
        "select goal_code as code, name_ky, name_ru, name_en from goals order by position",
    )
    .await?;
    let objective_items = items(
        db,
        "select objective_code as code, name_ky, name_ru, name_en from objectives order by position",
    )
    .await?;
    let aims = items(
        db,
        "select aim_code as code, name_ky, name_ru, name_en from policy_aims order by position",
    )
    .await?;
    let principles = items(
        db,
        "select principle_code as code, name_ky, name_ru, name_en from principles order by position",
    )
    .await?;
    let goal_directions = links(
        db,
        "select goal_code as from_code, direction_code as to_code from goal_directions order by direction_code",
    )
    .await?;
    let objective_goals = links(
        db,
        "select objective_code as from_code, goal_code as to_code from objective_goals order by goal_code",
    )
    .await?;
    let objective_directions = links(
        db,
        "select objective_code as from_code, direction_code as to_code from objective_directions \
         order by direction_code",
    )
    .await?;
    let (region_count, district_count, municipality_count): (i64, i64, i64) = on_db!(db, pool =>
        sqlx::query_as(
            "select (select count(*) from regions), (select count(*) from districts), \
             (select count(*) from municipalities)",
        )
        .fetch_one(pool)
        .await
    )?;

    let goals = goal_items
        .into_iter()
        .map(|item| Goal {
            direction_codes: targets(&goal_directions, &item.code),
            item,
        })
        .collect();
    let objectives = objective_items
        .into_iter()
        .map(|item| Objective {
            goal_codes: targets(&objective_goals, &item.code),
            direction_codes: targets(&objective_directions, &item.code),
            item,
        })
        .collect();
    Ok(Framework {
        directions,
        goals,
        objectives,
        aims,
        principles,
        region_count,
        district_count,
        municipality_count,
    })
}
