//! The harness itself: a test that fails leaves no database or folder behind.

use crate::support::{Backend, on_both, spawn_app};

on_both!(a_failing_test_leaves_nothing_behind);

async fn a_failing_test_leaves_nothing_behind(backend: Backend) {
    let (sender, receiver) = tokio::sync::oneshot::channel();
    let failed = tokio::spawn(async move {
        let app = spawn_app(backend).await;
        let left = (
            app.database_name().map(str::to_owned),
            app.folders().to_vec(),
        );
        let _ = sender.send(left);
        panic!("a test fails with its app running");
    })
    .await;
    assert!(failed.is_err_and(|e| e.is_panic()));
    let (database, folders) = receiver.await.expect("the app started");
    for folder in folders {
        assert!(!folder.exists(), "{} is left", folder.display());
    }
    if let Some(name) = database {
        let admin = sqlx::PgPool::connect(&format!("{}/postgres", crate::support::postgres_base()))
            .await
            .expect("PostgreSQL");
        let left: i64 = sqlx::query_scalar("select count(*) from pg_database where datname = $1")
            .bind(&name)
            .fetch_one(&admin)
            .await
            .expect("count");
        assert_eq!(left, 0, "{name} is left");
    }
}
