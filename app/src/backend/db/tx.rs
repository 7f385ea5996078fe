//! A transaction on either database, as [`super::Db`] is a pool on either: work that must
//! happen together (a change, its history and its tallies) is written once as a plain `async fn`
//! over a [`Tx`], with its `?` and `.await` in sight.

use super::Db;
use super::value::Value;
use crate::bind_all;
use sqlx::{FromRow, Postgres, Sqlite, postgres::PgRow, sqlite::SqliteRow};

/// An open transaction; dropped without [`Tx::commit`], it rolls back.
pub enum Tx {
    Sqlite(sqlx::Transaction<'static, Sqlite>),
    Postgres(sqlx::Transaction<'static, Postgres>),
}

/// A row type that reads from either database's rows.
pub trait AnyRow:
    for<'r> FromRow<'r, SqliteRow> + for<'r> FromRow<'r, PgRow> + Send + Unpin
{
}
impl<T> AnyRow for T where
    T: for<'r> FromRow<'r, SqliteRow> + for<'r> FromRow<'r, PgRow> + Send + Unpin
{
}

/// A single value that reads from either database's rows.
pub trait AnyScalar:
    for<'r> sqlx::Decode<'r, Sqlite>
    + sqlx::Type<Sqlite>
    + for<'r> sqlx::Decode<'r, Postgres>
    + sqlx::Type<Postgres>
    + Send
    + Unpin
{
}
impl<T> AnyScalar for T where
    T: for<'r> sqlx::Decode<'r, Sqlite>
        + sqlx::Type<Sqlite>
        + for<'r> sqlx::Decode<'r, Postgres>
        + sqlx::Type<Postgres>
        + Send
        + Unpin
{
}

impl Db {
    /// Starts a transaction. On SQLite it takes the write lock at once (`BEGIN IMMEDIATE`,
    /// waiting for it as long as the busy timeout allows): a transaction that read first and
    /// wrote later would otherwise fail at its first write whenever another connection had
    /// written in between, however long it was willing to wait.
    pub async fn begin(&self) -> Result<Tx, sqlx::Error> {
        Ok(match self {
            Db::Sqlite(pool) => Tx::Sqlite(pool.begin_with("BEGIN IMMEDIATE").await?),
            Db::Postgres(pool) => Tx::Postgres(pool.begin().await?),
        })
    }
}

impl Tx {
    /// Runs a statement; how many rows it touched.
    pub async fn execute(&mut self, sql: &str, values: &[Value]) -> Result<u64, sqlx::Error> {
        Ok(match self {
            Tx::Sqlite(tx) => bind_all!(sqlx::query(sql), values)
                .execute(&mut **tx)
                .await?
                .rows_affected(),
            Tx::Postgres(tx) => bind_all!(sqlx::query(sql), values)
                .execute(&mut **tx)
                .await?
                .rows_affected(),
        })
    }

    /// The one row a query gives.
    pub async fn fetch_one<T: AnyRow>(
        &mut self,
        sql: &str,
        values: &[Value],
    ) -> Result<T, sqlx::Error> {
        match self {
            Tx::Sqlite(tx) => {
                bind_all!(sqlx::query_as(sql), values)
                    .fetch_one(&mut **tx)
                    .await
            }
            Tx::Postgres(tx) => {
                bind_all!(sqlx::query_as(sql), values)
                    .fetch_one(&mut **tx)
                    .await
            }
        }
    }

    /// The row a query gives, if any.
    pub async fn fetch_optional<T: AnyRow>(
        &mut self,
        sql: &str,
        values: &[Value],
    ) -> Result<Option<T>, sqlx::Error> {
        match self {
            Tx::Sqlite(tx) => {
                bind_all!(sqlx::query_as(sql), values)
                    .fetch_optional(&mut **tx)
                    .await
            }
            Tx::Postgres(tx) => {
                bind_all!(sqlx::query_as(sql), values)
                    .fetch_optional(&mut **tx)
                    .await
            }
        }
    }

    /// Every row a query gives.
    pub async fn fetch_all<T: AnyRow>(
        &mut self,
        sql: &str,
        values: &[Value],
    ) -> Result<Vec<T>, sqlx::Error> {
        match self {
            Tx::Sqlite(tx) => {
                bind_all!(sqlx::query_as(sql), values)
                    .fetch_all(&mut **tx)
                    .await
            }
            Tx::Postgres(tx) => {
                bind_all!(sqlx::query_as(sql), values)
                    .fetch_all(&mut **tx)
                    .await
            }
        }
    }

    /// The single value of the one row a query gives (`insert … returning id`).
    pub async fn fetch_scalar<T: AnyScalar>(
        &mut self,
        sql: &str,
        values: &[Value],
    ) -> Result<T, sqlx::Error> {
        match self {
            Tx::Sqlite(tx) => {
                bind_all!(sqlx::query_scalar(sql), values)
                    .fetch_one(&mut **tx)
                    .await
            }
            Tx::Postgres(tx) => {
                bind_all!(sqlx::query_scalar(sql), values)
                    .fetch_one(&mut **tx)
                    .await
            }
        }
    }

    /// The single value of the row a query gives, if any.
    pub async fn fetch_scalar_optional<T: AnyScalar>(
        &mut self,
        sql: &str,
        values: &[Value],
    ) -> Result<Option<T>, sqlx::Error> {
        match self {
            Tx::Sqlite(tx) => {
                bind_all!(sqlx::query_scalar(sql), values)
                    .fetch_optional(&mut **tx)
                    .await
            }
            Tx::Postgres(tx) => {
                bind_all!(sqlx::query_scalar(sql), values)
                    .fetch_optional(&mut **tx)
                    .await
            }
        }
    }

    /// Makes the transaction's work permanent, and every cached copy stale (see
    /// [`crate::backend::cache`]).
    pub async fn commit(self) -> Result<(), sqlx::Error> {
        match self {
            Tx::Sqlite(tx) => tx.commit().await?,
            Tx::Postgres(tx) => tx.commit().await?,
        }
        crate::backend::cache::writes().written();
        Ok(())
    }

    /// Undoes the transaction's work (dropping it does too; this says so).
    pub async fn rollback(self) -> Result<(), sqlx::Error> {
        match self {
            Tx::Sqlite(tx) => tx.rollback().await,
            Tx::Postgres(tx) => tx.rollback().await,
        }
    }
}
