//! The audit log on SQLite and PostgreSQL: every security and administration event writes
//! exactly one entry with its actor, subject, detail and address; nobody can change an entry
//! and the database refuses to delete one younger than three years, while pruning removes older
//! ones (and says so); only administrators read and download the log.

use crate::support::{Backend, TestApp, on_both, spawn_app};
use app::domain::roles::Role;
use reqwest::StatusCode;

on_both!(
    every_security_and_administration_event_writes_one_entry,
    the_log_cannot_be_changed_and_keeps_three_years,
    only_administrators_read_and_download_the_log,
);

/// The last entry: kind, actor id, email typed, subject user, subject organisation, detail.
type Entry = (
    String,
    Option<i64>,
    String,
    Option<i64>,
    Option<i64>,
    String,
);

async fn last(app: &TestApp) -> Entry {
    app::on_db!(&app.state.db, pool => sqlx::query_as(
        "select kind, actor_id, actor_email, subject_user_id, subject_organization_id, detail \
         from audit_log order by entry_id desc limit 1").fetch_one(pool).await)
    .expect("an entry")
}

async fn user_id(app: &TestApp, email: &str) -> i64 {
    app::on_db!(&app.state.db, pool => sqlx::query_scalar(
        "select user_id from users where email = $1").bind(email).fetch_one(pool).await)
    .expect("user")
}

/// Runs `act`, then checks it wrote exactly one entry, which it gives back.
macro_rules! one_entry {
    ($app:expr, $act:expr) => {{
        let before = $app.count("audit_log").await;
        $act;
        assert_eq!(
            $app.count("audit_log").await,
            before + 1,
            "exactly one entry"
        );
        last(&$app).await
    }};
}

fn location_id(response: &reqwest::Response, prefix: &str) -> String {
    response.headers()["location"]
        .to_str()
        .expect("location")
        .trim_start_matches(prefix)
        .split('?')
        .next()
        .expect("id")
        .to_owned()
}

async fn every_security_and_administration_event_writes_one_entry(backend: Backend) {
    let app = spawn_app(backend).await;
    app.load_demo().await;
    let coordinator_email = "coordinator@demo.concord.kg";
    let coordinator_id = user_id(&app, coordinator_email).await;

    // Failed sign-ins: the email typed and why (the answer itself does not say).
    let client = app.client();
    let (kind, actor, typed, ..) = one_entry!(app, {
        app.call(
            &client,
            "login",
            &[("email", coordinator_email), ("password", "not-it")],
        )
        .await;
    });
    let detail = last(&app).await.5;
    assert_eq!(
        (kind.as_str(), actor, typed.as_str(), detail.as_str()),
        (
            "sign_in_failed",
            Some(coordinator_id),
            coordinator_email,
            "password"
        )
    );
    let (kind, actor, _, _, _, detail) = one_entry!(app, {
        app.call(
            &client,
            "login",
            &[("email", "nobody@example.kg"), ("password", "x")],
        )
        .await;
    });
    assert_eq!(
        (kind.as_str(), actor, detail.as_str()),
        ("sign_in_failed", None, "unknown")
    );

    // A sign-in and a sign-out.
    let (kind, actor, ..) = one_entry!(app, {
        let _ = app.login_as(Role::Coordinator).await;
    });
    assert_eq!((kind.as_str(), actor), ("sign_in", Some(coordinator_id)));
    let coordinator = app.login_as(Role::Coordinator).await;
    let (kind, actor, ..) = one_entry!(app, {
        app.call(&coordinator, "logout", &[]).await;
    });
    assert_eq!((kind.as_str(), actor), ("sign_out", Some(coordinator_id)));

    // The administrator's work, field by field.
    let admin = app.login_as(Role::Administrator).await;
    let admin_id = user_id(&app, "admin@demo.concord.kg").await;
    let created;
    let (kind, actor, _, _, organization, detail) = one_entry!(app, {
        created = app
            .call(
                &admin,
                "organizations/create",
                &[
                    ("kind", "ngo"),
                    ("name_ky", "Жаштар борбору"),
                    ("name_ru", "Молодёжный центр"),
                    ("name_en", ""),
                    ("region_code", ""),
                    ("district_code", ""),
                    ("municipality_code", ""),
                    ("contact_email", ""),
                    ("contact_phone", ""),
                    ("address", ""),
                    ("is_active", "on"),
                ],
            )
            .await;
    });
    let organization_id = location_id(&created, "/organizations/");
    assert_eq!(kind, "organization_created");
    assert_eq!(actor, Some(admin_id));
    assert_eq!(
        organization.map(|o| o.to_string()),
        Some(organization_id.clone())
    );
    assert!(detail.contains("name_ru: Молодёжный центр"), "{detail}");
    let (kind, .., detail) = one_entry!(app, {
        app.call(
            &admin,
            "organizations/update",
            &[
                ("organization_id", &organization_id),
                ("kind", "ngo"),
                ("name_ky", "Жаштар борбору"),
                ("name_ru", "Молодёжный центр «Ишеним»"),
                ("name_en", ""),
                ("region_code", ""),
                ("district_code", ""),
                ("municipality_code", ""),
                ("contact_email", ""),
                ("contact_phone", ""),
                ("address", ""),
                ("is_active", "on"),
            ],
        )
        .await;
    });
    assert_eq!(kind, "organization_changed");
    assert_eq!(
        detail,
        "name_ru: Молодёжный центр → Молодёжный центр «Ишеним»"
    );

    let user_form = |role: &'static str| {
        vec![
            ("full_name", "Айбек Садыров"),
            ("email", "aibek@example.kg"),
            ("organization_id", organization_id.as_str()),
            ("role", role),
            ("language", "ru"),
            ("is_active", "on"),
        ]
    };
    let response;
    let (kind, _, _, subject, _, detail) = one_entry!(app, {
        response = app
            .call(&admin, "users/create", &user_form("reporter"))
            .await;
    });
    let new_user = location_id(&response, "/users/");
    assert_eq!(kind, "user_created");
    assert_eq!(subject.map(|s| s.to_string()), Some(new_user.clone()));
    assert!(detail.contains("role: reporter"), "{detail}");
    let mut form = user_form("observer");
    form.push(("user_id", &new_user));
    let (kind, .., detail) = one_entry!(app, {
        app.call(&admin, "users/update", &form).await;
    });
    assert_eq!(kind, "user_changed");
    assert_eq!(detail, "role: reporter → observer");
    let (kind, _, _, subject, ..) = one_entry!(app, {
        app.call(&admin, "users/reset-password", &[("user_id", &new_user)])
            .await;
    });
    assert_eq!(kind, "password_reset");
    assert_eq!(subject.map(|s| s.to_string()), Some(new_user));
    let (kind, .., detail) = one_entry!(app, {
        app.call(
            &admin,
            "reports/set_calendar",
            &[("period_months", "1"), ("deadline_days", "10")],
        )
        .await;
    });
    assert_eq!(kind, "calendar_changed");
    assert!(detail.starts_with("period_months: 3 → 1"), "{detail}");

    // A download.
    let coordinator = app.login_as(Role::Coordinator).await;
    let (kind, actor, .., detail) = one_entry!(app, {
        let response = coordinator
            .get(app.url("/export/tasks.csv"))
            .send()
            .await
            .expect("export");
        assert_eq!(response.status(), StatusCode::OK);
        response.bytes().await.expect("file");
    });
    assert_eq!((kind.as_str(), actor), ("export", Some(coordinator_id)));
    assert!(detail.starts_with("tasks.csv?"), "{detail}");

    // One's own password.
    let (kind, actor, ..) = one_entry!(app, {
        let response = app
            .call(
                &coordinator,
                "account/password",
                &[
                    ("current_password", "demo-coordinator-password"),
                    ("new_password", "Tulip-Harbor-Quietly-42"),
                    ("confirm_password", "Tulip-Harbor-Quietly-42"),
                ],
            )
            .await;
        assert_eq!(response.status(), StatusCode::OK);
    });
    assert_eq!(
        (kind.as_str(), actor),
        ("password_changed", Some(coordinator_id))
    );
    app.stop().await;
}

async fn the_log_cannot_be_changed_and_keeps_three_years(backend: Backend) {
    let app = spawn_app(backend).await;
    app.load_demo().await;
    let _ = app.login_as(Role::Observer).await;
    let db = &app.state.db;
    let changed: Result<_, sqlx::Error> = app::on_db!(db, pool =>
        sqlx::query("update audit_log set detail = 'edited'").execute(pool).await.map(|_| ()));
    assert!(changed.is_err(), "no entry can be changed");
    let deleted: Result<_, sqlx::Error> = app::on_db!(db, pool =>
        sqlx::query("delete from audit_log").execute(pool).await.map(|_| ()));
    assert!(
        deleted.is_err(),
        "no entry younger than three years can be deleted"
    );
    // An entry from four years ago goes with the pruning, which says so.
    let old = time::OffsetDateTime::now_utc() - time::Duration::days(4 * 366);
    app::on_db!(db, pool => sqlx::query(
        "insert into audit_log (at, kind, detail) values ($1, 'sign_out', 'old')")
        .bind(old).execute(pool).await.map(|_| ()))
    .expect("an old entry");
    let entries = app.count("audit_log").await;
    let pruned = app::backend::audit::prune(&app.state, 3)
        .await
        .expect("pruned");
    assert_eq!(pruned, 1);
    assert_eq!(app.count("audit_log").await, entries);
    assert_eq!(last(&app).await.0, "audit_pruned");
    // A retention under three years is taken as three: nothing younger goes.
    assert_eq!(
        app::backend::audit::prune(&app.state, 1)
            .await
            .expect("none"),
        0
    );
    app.stop().await;
}

async fn only_administrators_read_and_download_the_log(backend: Backend) {
    let app = spawn_app(backend).await;
    app.load_demo().await;
    for role in [Role::Coordinator, Role::Reporter, Role::Observer] {
        let client = app.login_as(role).await;
        let page = app.call(&client, "audit/page", &[]).await;
        assert_eq!(page.status(), StatusCode::FORBIDDEN, "{role:?}");
        let file = client
            .get(app.url("/audit.csv"))
            .send()
            .await
            .expect("download");
        assert_eq!(file.status(), StatusCode::FORBIDDEN, "{role:?}");
    }
    let anonymous = app
        .client()
        .get(app.url("/audit.csv"))
        .send()
        .await
        .expect("download");
    assert_eq!(anonymous.status(), StatusCode::UNAUTHORIZED);

    let admin = app.login_as(Role::Administrator).await;
    let page = app
        .call_json(&admin, "audit/page", &[("kind", "sign_in")])
        .await;
    let entries = page["entries"].as_array().expect("entries");
    assert!(entries.len() >= 4, "{page}");
    assert!(entries.iter().all(|e| e["kind"] == "sign_in"), "{page}");
    let mine = app
        .call_json(&admin, "audit/page", &[("person", "ADMIN@demo")])
        .await;
    assert!(
        mine["entries"][0]["actor"]
            .as_str()
            .is_some_and(|a| a.contains("admin@demo.concord.kg")),
        "{mine}"
    );
    let file = admin
        .get(app.url("/audit.csv?kind=sign_in&lang=ru"))
        .send()
        .await
        .expect("download");
    assert_eq!(file.status(), StatusCode::OK);
    let text = file.text().await.expect("csv");
    assert!(text.contains("Вход"), "{text}");
    assert_eq!(text.lines().count(), entries.len() + 1, "{text}");
    // The download is itself in the log.
    assert_eq!(last(&app).await.0, "export");
    app.stop().await;
}
