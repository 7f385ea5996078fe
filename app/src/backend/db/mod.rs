//! The database: one pool on either SQLite or PostgreSQL, chosen from `DATABASE_URL`'s scheme.
//! All SQL is here, written once in the dialect both accept; [`on_db!`] runs it on whichever
//! pool is in use.

pub mod activities;
pub mod audit;
pub mod bulk;
pub mod cases;
pub mod dashboard;
pub mod evidence;
pub mod export;
pub mod framework;
pub mod indicators;
pub mod mail;
pub mod notifications;
pub mod organizations;
pub mod passkeys;
pub mod query;
pub mod rate_limits;
pub mod reminders;
pub mod report_list;
pub mod reports;
pub mod scorecards;
pub mod second_factors;
pub mod sessions;
pub mod signals;
pub mod substances;
pub mod tallies;
pub mod task_list;
pub mod tasks;
pub mod territory;
pub mod throttle;
pub mod tx;
pub mod users;
pub mod value;
pub mod warning_figures;

use sqlx::{
    ConnectOptions, PgPool, SqlitePool,
    postgres::{PgConnectOptions, PgPoolOptions},
    sqlite::{SqliteConnectOptions, SqliteJournalMode, SqlitePoolOptions, SqliteSynchronous},
};
use std::{str::FromStr, time::Duration};

/// A connection pool on one of the two supported databases.
#[derive(Clone, Debug)]
pub enum Db {
    Sqlite(SqlitePool),
    Postgres(PgPool),
}

/// Runs the same code on whichever pool `$db` holds: `on_db!(db, pool => query.fetch_all(pool))`.
/// (A macro because the code is compiled once per backend: sqlx's pools share no trait that a
/// function could take. Work in a transaction goes through [`tx::Tx`] instead.)
#[macro_export]
macro_rules! on_db {
    ($db:expr, $pool:ident => $body:expr) => {
        match $db {
            $crate::backend::db::Db::Sqlite($pool) => $body,
            $crate::backend::db::Db::Postgres($pool) => $body,
        }
    };
}
pub use on_db;

/// How SQLite commits: `Full` syncs the write-ahead log on every commit (the default);
/// `Normal` only at checkpoints.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum Durability {
    #[default]
    Full,
    Normal,
}

/// Which database a URL names.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Backend {
    Sqlite,
    Postgres,
}

impl Backend {
    pub fn of(url: &str) -> Option<Backend> {
        if url.starts_with("sqlite:") {
            Some(Backend::Sqlite)
        } else if url.starts_with("postgres://") || url.starts_with("postgresql://") {
            Some(Backend::Postgres)
        } else {
            None
        }
    }
}

/// How much of an SQLite file is read through a memory map: all of the national data set
/// (SQLite caps it at its compiled-in maximum, just under 2 GB).
const MMAP_SIZE: u64 = 2 << 30;

static SQLITE_MIGRATIONS: sqlx::migrate::Migrator = sqlx::migrate!("../migrations/sqlite");
static POSTGRES_MIGRATIONS: sqlx::migrate::Migrator = sqlx::migrate!("../migrations/postgres");

impl Db {
    /// Opens a pool for `url` (`sqlite:path` or `postgres://…`); an SQLite file is created if
    /// missing, in WAL mode with foreign keys on, and `synchronous = FULL`: a committed report
    /// survives a power cut. (`NORMAL` keeps the database consistent but may lose the last
    /// commits; only the benchmarks use it, to show what FULL costs.)
    pub async fn connect(url: &str, durability: Durability) -> Result<Db, sqlx::Error> {
        match Backend::of(url) {
            Some(Backend::Sqlite) => {
                let options = SqliteConnectOptions::from_str(url)?
                    .create_if_missing(true)
                    .journal_mode(SqliteJournalMode::Wal)
                    .synchronous(match durability {
                        Durability::Full => SqliteSynchronous::Full,
                        Durability::Normal => SqliteSynchronous::Normal,
                    })
                    .foreign_keys(true)
                    .busy_timeout(Duration::from_secs(10))
                    // Pages are read through a memory map of the file (shared with the
                    // operating system's cache, not copied into each connection's heap); each
                    // connection's own cache then holds 4 MB of the pages it writes.
                    .pragma("mmap_size", MMAP_SIZE.to_string())
                    .pragma("cache_size", "-4096")
                    .log_statements(tracing::log::LevelFilter::Trace);
                let pool = SqlitePoolOptions::new()
                    .max_connections(8)
                    .connect_with(options)
                    .await?;
                Ok(Db::Sqlite(pool))
            }
            Some(Backend::Postgres) => {
                let options = PgConnectOptions::from_str(url)?
                    .log_statements(tracing::log::LevelFilter::Trace);
                let pool = PgPoolOptions::new()
                    .max_connections(16)
                    .acquire_timeout(Duration::from_secs(5))
                    .connect_with(options)
                    .await?;
                Ok(Db::Postgres(pool))
            }
            None => Err(sqlx::Error::Configuration(
                "DATABASE_URL must start with sqlite: or postgres://".into(),
            )),
        }
    }

    pub fn backend(&self) -> Backend {
        match self {
            Db::Sqlite(_) => Backend::Sqlite,
            Db::Postgres(_) => Backend::Postgres,
        }
    }

    /// Applies the migrations that have not run yet: schema, the concept and the territory.
    /// On SQLite they run on a connection of their own, closed afterwards: a migration that
    /// edits a table's text in the schema (0018) leaves its own connection with the old text,
    /// which no pooled connection may keep. Then SQLite refreshes the planner's statistics where they are missing or stale (an
    /// index a migration added has none); PostgreSQL's autovacuum keeps its own.
    pub async fn migrate(&self) -> Result<(), sqlx::migrate::MigrateError> {
        match self {
            Db::Sqlite(pool) => {
                use sqlx::{ConnectOptions, Connection};
                let mut own = pool.connect_options().connect().await?;
                SQLITE_MIGRATIONS.run_direct(&mut own).await?;
                own.close().await?;
                sqlx::query("pragma optimize=0x10002")
                    .execute(pool)
                    .await
                    .map(|_| ())
                    .map_err(sqlx::migrate::MigrateError::Execute)
            }
            Db::Postgres(pool) => POSTGRES_MIGRATIONS.run(pool).await,
        }
    }

    /// Whether the database answers.
    pub async fn ping(&self) -> bool {
        let result: Result<i64, sqlx::Error> = on_db!(self, pool => sqlx::query_scalar("select cast(1 as bigint)").fetch_one(pool).await);
        result.is_ok()
    }

    pub async fn close(&self) {
        on_db!(self, pool => pool.close().await)
    }
}

/// Whether `error` is a unique-constraint violation (SQLite does not name the constraint).
pub fn is_unique_violation(error: &sqlx::Error) -> bool {
    matches!(error, sqlx::Error::Database(e) if e.is_unique_violation())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_backend_follows_the_url_scheme() {
        assert_eq!(Backend::of("sqlite:data/concord.db"), Some(Backend::Sqlite));
        assert_eq!(
            Backend::of("postgres://postgres@127.0.0.1/concord"),
            Some(Backend::Postgres)
        );
        assert_eq!(Backend::of("postgresql://x"), Some(Backend::Postgres));
        assert_eq!(Backend::of("mysql://x"), None);
    }

    #[test]
    fn both_backends_have_the_same_migrations() {
        let names = |m: &sqlx::migrate::Migrator| {
            m.iter()
                .map(|m| (m.version, m.description.to_string()))
                .collect::<Vec<_>>()
        };
        assert_eq!(names(&SQLITE_MIGRATIONS), names(&POSTGRES_MIGRATIONS));
        assert!(SQLITE_MIGRATIONS.iter().count() >= 3);
    }
}
