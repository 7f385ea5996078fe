//! A SQLite database written by the release before the early-warning system upgrades in place:
//! the migrations that widen a check by editing the table's text in the schema (0018's
//! organisation kinds, 0019's notification kind, 0020's case history event) take effect on
//! every pooled connection, and the checks still refuse what they never allowed.

use app::backend::db::{Db, Durability};
use sqlx::Connection;
use sqlx::migrate::Migrator;
use std::borrow::Cow;
use std::path::Path;

#[tokio::test]
async fn a_sqlite_database_from_before_the_early_warning_system_upgrades_in_place() {
    let folder = tempfile::tempdir().expect("folder");
    let url = format!("sqlite:{}?mode=rwc", folder.path().join("old.db").display());
    // The release before: migrations up to 0017, on a connection of its own.
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../migrations/sqlite");
    let mut before = Migrator::new(dir).await.expect("migrations");
    before.migrations = Cow::Owned(
        before
            .migrations
            .iter()
            .filter(|m| m.version <= 17)
            .cloned()
            .collect(),
    );
    let mut old = sqlx::SqliteConnection::connect(&url)
        .await
        .expect("connect");
    before.run(&mut old).await.expect("old migrations");
    old.close().await.expect("close");

    // Today's server opens and upgrades it.
    let db = Db::connect(&url, Durability::Full).await.expect("pool");
    db.migrate().await.expect("upgrade");
    let Db::Sqlite(pool) = &db else {
        panic!("a SQLite pool");
    };
    // Every pooled connection sees the widened checks: insert through several at once.
    let inserts = (0..8).map(|i| {
        let pool = pool.clone();
        async move {
            let kind = if i % 2 == 0 {
                "forensic_laboratory"
            } else {
                "research_institution"
            };
            sqlx::query(
                "insert into organizations (kind, name_ky, name_ru, created_at, updated_at) \
                 values ($1, $2, $2, '2026-11-29T00:00:00Z', '2026-11-29T00:00:00Z')",
            )
            .bind(kind)
            .bind(format!("Лаборатория {i}"))
            .execute(&pool)
            .await
        }
    });
    for result in futures::future::join_all(inserts).await {
        result.expect("a new organisation kind is accepted");
    }
    let refused = sqlx::query(
        "insert into organizations (kind, name_ky, name_ru, created_at, updated_at) \
         values ('bogus', 'x', 'x', '2026-11-29T00:00:00Z', '2026-11-29T00:00:00Z')",
    )
    .execute(pool)
    .await;
    assert!(refused.is_err(), "an unknown kind is still refused");
    for (table, word) in [
        ("notifications", "case_stage_due"),
        ("case_history", "file_added"),
    ] {
        let sql: String = sqlx::query_scalar("select sql from sqlite_schema where name = $1")
            .bind(table)
            .fetch_one(pool)
            .await
            .expect("schema");
        assert!(sql.contains(&format!("'{word}'")), "{table}: {sql}");
    }
    db.close().await;
}
