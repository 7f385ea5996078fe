//! Many rows at once, for the national-scale generator: multi-row inserts in chunks, each
//! chunk one statement, and moving PostgreSQL's identity sequences past explicit ids.

use super::value::Value;
use super::{Db, on_db};

/// Both backends accept far more, but smaller statements keep memory flat.
const MAX_PARAMS: usize = 20_000;

/// Inserts `rows` into `table` (`columns` in order), a chunk per statement, all in one
/// transaction.
pub async fn insert(
    db: &Db,
    table: &str,
    columns: &[&str],
    rows: &[Vec<Value>],
) -> Result<(), sqlx::Error> {
    if rows.is_empty() {
        return Ok(());
    }
    let per_chunk = (MAX_PARAMS / columns.len()).max(1);
    let head = format!("insert into {table} ({}) ", columns.join(", "));
    on_db!(db, pool => {
        let mut tx = pool.begin().await?;
        for chunk in rows.chunks(per_chunk) {
            let mut insert = sqlx::QueryBuilder::new(&head);
            insert.push_values(chunk, |mut values, row| {
                for value in row {
                    values.push_bind(value.clone());
                }
            });
            insert.build().execute(&mut *tx).await?;
        }
        tx.commit().await
    })
}

/// The largest id in `table`'s `column`, 0 when empty.
pub async fn max_id(db: &Db, table: &str, column: &str) -> Result<i64, sqlx::Error> {
    let sql = format!("select coalesce(max({column}), 0) from {table}");
    on_db!(db, pool => sqlx::query_scalar(&sql).fetch_one(pool).await)
}

/// After explicit ids, moves PostgreSQL's identity sequence past them (SQLite needs nothing).
pub async fn move_sequence(db: &Db, table: &str, column: &str) -> Result<(), sqlx::Error> {
    if let Db::Postgres(pool) = db {
        let sql = format!(
            "select setval(pg_get_serial_sequence('{table}', '{column}'), \
             (select coalesce(max({column}), 0) + 1 from {table}), false)"
        );
        sqlx::query(&sql).execute(pool).await?;
    }
    Ok(())
}

/// Refreshes the planner's statistics after a large load; on PostgreSQL also marks the new
/// pages all-visible (as autovacuum would, later), so that index-only scans work at once.
pub async fn analyze(db: &Db) -> Result<(), sqlx::Error> {
    match db {
        Db::Sqlite(pool) => sqlx::query("analyze").execute(pool).await.map(|_| ()),
        Db::Postgres(pool) => sqlx::query("vacuum analyze")
            .execute(pool)
            .await
            .map(|_| ()),
    }
}
