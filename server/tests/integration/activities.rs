//! Civil-society activities end to end through the real router, on SQLite and PostgreSQL:
//! logging with participants and evidence, clarification and verification, who sees what,
//! bad input kept and refused, and the list's filters.

use crate::support::{Backend, TestApp, on_both, spawn_app};
use app::domain::roles::Role;
use app::on_db;
use reqwest::{Client, StatusCode, multipart};

on_both!(
    an_activity_is_logged_clarified_and_verified,
    activities_are_seen_only_by_those_who_may,
    bad_activity_input_is_kept_and_nothing_is_saved,
    the_list_filters_by_type_status_and_organisation,
);

const NGO_REPORTER: &str = "ngo@demo.concord.kg";
const DUYSHEEV_REPORTER: &str = "reporter@demo.concord.kg";
const REPORTER_PASSWORD: &str = "demo-reporter-password";
/// Chüy region.
const CHUY: &str = "KG08000000000";

fn good() -> Vec<(&'static str, &'static str)> {
    vec![
        ("activity_type", "outreach"),
        ("title", "Выездная консультация для молодёжи"),
        ("description", "Консультации и раздача материалов"),
        ("start_date", "2026-10-03"),
        ("end_date", "2026-10-04"),
        ("region_code", CHUY),
        ("district_code", ""),
        ("municipality_code", ""),
        ("target_groups[]", "young_people"),
        ("target_groups[]", "parents"),
        ("reached_total", "35"),
        ("female_18_29", "12"),
        ("male_18_29", "15"),
        ("partners", "Молодёжный центр"),
        ("objectives[]", "O7"),
        ("principles[]", "P2"),
        ("is_public", "on"),
    ]
}

pub(crate) async fn post_form(
    app: &TestApp,
    client: &Client,
    path: &str,
    fields: &[(&str, &str)],
    files: Vec<(&str, Vec<u8>)>,
) -> reqwest::Response {
    let mut form = multipart::Form::new();
    for (name, value) in fields {
        form = form.text(name.to_string(), value.to_string());
    }
    for (name, bytes) in files {
        form = form.part(
            "evidence",
            multipart::Part::bytes(bytes).file_name(name.to_owned()),
        );
    }
    client
        .post(app.url(path))
        .multipart(form)
        .send()
        .await
        .expect("post")
}

async fn last_activity(app: &TestApp) -> i64 {
    on_db!(&app.state.db, pool => sqlx::query_scalar("select coalesce(max(activity_id), 0) from activities").fetch_one(pool).await)
        .expect("activities")
}

async fn status_and_version(app: &TestApp, id: i64) -> (String, i64) {
    on_db!(&app.state.db, pool =>
        sqlx::query_as("select status, version from activities where activity_id = $1").bind(id).fetch_one(pool).await
    )
    .expect("activity")
}

async fn decide(app: &TestApp, client: &Client, id: i64, mv: &str, note: &str) -> StatusCode {
    let version = status_and_version(app, id).await.1.to_string();
    let id = id.to_string();
    app.call(
        client,
        "activities/decide",
        &[
            ("activity_id", &id),
            ("version", &version),
            ("mv", mv),
            ("note", note),
        ],
    )
    .await
    .status()
}

async fn page_status(app: &TestApp, client: &Client, id: i64) -> StatusCode {
    app.call(
        client,
        "activities/page",
        &[("activity_id", &id.to_string())],
    )
    .await
    .status()
}

async fn log(app: &TestApp, ngo: &Client) -> i64 {
    let pdf = b"%PDF-1.4\n%%EOF\n".to_vec();
    let response = post_form(
        app,
        ngo,
        "/activities/save",
        &good(),
        vec![("фото.pdf", pdf)],
    )
    .await;
    assert_eq!(response.status(), StatusCode::SEE_OTHER);
    let id = last_activity(app).await;
    assert_eq!(
        response.headers()["location"],
        format!("/activities/{id}?done=logged").as_str()
    );
    id
}

async fn an_activity_is_logged_clarified_and_verified(backend: Backend) {
    let app = spawn_app(backend).await;
    app.load_demo().await;
    let ngo = app.login(NGO_REPORTER, REPORTER_PASSWORD).await;
    let coordinator = app.login_as(Role::Coordinator).await;
    let id = log(&app, &ngo).await;
    assert_eq!(status_and_version(&app, id).await.0, "logged");
    let page: serde_json::Value = app
        .call(&ngo, "activities/page", &[("activity_id", &id.to_string())])
        .await
        .json()
        .await
        .expect("json");
    assert_eq!(page["reach"]["total"], 35);
    assert_eq!(
        page["target_groups"],
        serde_json::json!(["young_people", "parents"])
    );
    assert_eq!(page["evidence"].as_array().map(Vec::len), Some(1));
    assert_eq!(page["objectives"][0]["code"], "O7");

    assert_eq!(
        decide(&app, &ngo, id, "verify", "").await,
        StatusCode::FORBIDDEN,
        "organisations do not verify themselves"
    );
    assert_eq!(
        decide(&app, &coordinator, id, "clarify", "").await,
        StatusCode::BAD_REQUEST,
        "a question needs its text"
    );
    assert_eq!(
        decide(
            &app,
            &coordinator,
            id,
            "clarify",
            "Уточните число участников"
        )
        .await,
        StatusCode::OK
    );
    assert_eq!(status_and_version(&app, id).await.0, "needs_clarification");
    assert_eq!(
        decide(&app, &coordinator, id, "verify", "").await,
        StatusCode::CONFLICT,
        "only logged activities are decided"
    );

    let mut edited = good();
    edited.retain(|(k, _)| *k != "reached_total");
    edited.push(("reached_total", "30"));
    let version = status_and_version(&app, id).await.1.to_string();
    edited.push(("version", &version));
    let response = post_form(
        &app,
        &ngo,
        &format!("/activities/{id}/save"),
        &edited,
        vec![],
    )
    .await;
    assert_eq!(
        response.headers()["location"],
        format!("/activities/{id}?done=saved").as_str()
    );
    assert_eq!(
        status_and_version(&app, id).await.0,
        "logged",
        "an answered question goes back for review"
    );
    assert_eq!(
        decide(&app, &coordinator, id, "verify", "").await,
        StatusCode::OK
    );
    assert_eq!(status_and_version(&app, id).await.0, "verified");

    let version = status_and_version(&app, id).await.1.to_string();
    let mut again = good();
    again.push(("version", &version));
    let locked = post_form(
        &app,
        &ngo,
        &format!("/activities/{id}/save"),
        &again,
        vec![],
    )
    .await;
    assert_eq!(
        locked.status(),
        StatusCode::CONFLICT,
        "verified activities are locked"
    );
    let observer = app.login_as(Role::Observer).await;
    assert_eq!(page_status(&app, &observer, id).await, StatusCode::OK);
    let history: i64 = on_db!(&app.state.db, pool => sqlx::query_scalar("select count(*) from activity_history where activity_id = $1").bind(id).fetch_one(pool).await).expect("history");
    assert_eq!(history, 4, "logged, clarify, logged again, verified");
    let rewrite = on_db!(&app.state.db, pool => sqlx::query("delete from activity_history where activity_id = $1").bind(id).execute(pool).await.map(|_| ()));
    assert!(rewrite.is_err(), "history is append-only");
    app.stop().await;
}

async fn activities_are_seen_only_by_those_who_may(backend: Backend) {
    let app = spawn_app(backend).await;
    app.load_demo().await;
    let ngo = app.login(NGO_REPORTER, REPORTER_PASSWORD).await;
    let id = log(&app, &ngo).await;
    let other = app.login(DUYSHEEV_REPORTER, REPORTER_PASSWORD).await;
    let observer = app.login_as(Role::Observer).await;
    let coordinator = app.login_as(Role::Coordinator).await;
    assert_eq!(page_status(&app, &other, id).await, StatusCode::NOT_FOUND);
    assert_eq!(
        page_status(&app, &observer, id).await,
        StatusCode::NOT_FOUND,
        "unverified"
    );
    assert_eq!(page_status(&app, &coordinator, id).await, StatusCode::OK);
    assert_eq!(
        page_status(&app, &app.client(), id).await,
        StatusCode::UNAUTHORIZED
    );
    let file: i64 = on_db!(&app.state.db, pool => sqlx::query_scalar("select file_id from evidence_files where activity_id = $1").bind(id).fetch_one(pool).await).expect("file");
    let url = app.url(&format!("/files/{file}"));
    assert_eq!(
        ngo.get(&url).send().await.expect("get").status(),
        StatusCode::OK
    );
    assert_eq!(
        other.get(&url).send().await.expect("get").status(),
        StatusCode::NOT_FOUND
    );
    let forged = post_form(
        &app,
        &other,
        &format!("/activities/{id}/save"),
        &good(),
        vec![],
    )
    .await;
    assert_eq!(forged.status(), StatusCode::NOT_FOUND);
    let before = last_activity(&app).await;
    let by_coordinator = post_form(&app, &coordinator, "/activities/save", &good(), vec![]).await;
    assert_eq!(by_coordinator.status(), StatusCode::FORBIDDEN);
    assert_eq!(last_activity(&app).await, before);
    app.stop().await;
}

async fn bad_activity_input_is_kept_and_nothing_is_saved(backend: Backend) {
    let app = spawn_app(backend).await;
    app.load_demo().await;
    let ngo = app.login(NGO_REPORTER, REPORTER_PASSWORD).await;
    let before = last_activity(&app).await;
    let mut bad = good();
    bad.retain(|(k, _)| !matches!(*k, "end_date" | "reached_total" | "district_code"));
    bad.extend([
        ("end_date", "2026-10-01"),
        ("reached_total", "20"),
        ("district_code", "KG02000000000"),
    ]);
    let response = post_form(
        &app,
        &ngo,
        "/activities/save",
        &bad,
        vec![("a.pdf", b"%PDF-1.4".to_vec())],
    )
    .await;
    assert_eq!(response.headers()["location"], "/activities/new");
    assert_eq!(last_activity(&app).await, before);
    let form: serde_json::Value = app
        .call(&ngo, "activities/form", &[])
        .await
        .json()
        .await
        .expect("json");
    let problems = form["errors"]["Invalid"]["problems"].to_string();
    assert!(
        problems.contains("EndBeforeStart") && problems.contains("BreakdownExceedsTotal"),
        "{problems}"
    );
    assert!(
        form["errors"]
            .to_string()
            .contains("Выездная консультация для молодёжи"),
        "what was typed comes back"
    );
    assert_eq!(
        std::fs::read_dir(app.state.files.dir())
            .map(|d| d.count())
            .unwrap_or(0),
        0,
        "its file was not kept"
    );
    let again: serde_json::Value = app
        .call(&ngo, "activities/form", &[])
        .await
        .json()
        .await
        .expect("json");
    assert!(again["errors"].is_null(), "the problems show once");
    app.stop().await;
}

async fn the_list_filters_by_type_status_and_organisation(backend: Backend) {
    let app = spawn_app(backend).await;
    app.load_demo().await;
    let ngo = app.login(NGO_REPORTER, REPORTER_PASSWORD).await;
    let coordinator = app.login_as(Role::Coordinator).await;
    let first = log(&app, &ngo).await;
    let mut training = good();
    training.retain(|(k, _)| *k != "activity_type");
    training.push(("activity_type", "training"));
    post_form(&app, &ngo, "/activities/save", &training, vec![]).await;
    let second = last_activity(&app).await;
    decide(&app, &coordinator, first, "verify", "").await;
    let org = app.demo_organization_of(NGO_REPORTER).await.to_string();
    let ids = |extra: &'static [(&'static str, &'static str)]| {
        let app = &app;
        let coordinator = &coordinator;
        let org = org.clone();
        async move {
            let mut args = vec![("filter[organization_id]", org.as_str())];
            args.extend_from_slice(extra);
            let response = app.call(coordinator, "activities/list", &args).await;
            assert_eq!(response.status(), StatusCode::OK);
            let page: serde_json::Value = response.json().await.expect("json");
            page["rows"]
                .as_array()
                .expect("rows")
                .iter()
                .map(|r| r["id"].as_i64().expect("id"))
                .collect::<Vec<_>>()
        }
    };
    assert_eq!(ids(&[]).await[..2], [second, first], "newest first");
    assert_eq!(
        ids(&[("filter[activity_type]", "training")]).await,
        [second]
    );
    let verified = ids(&[("filter[status]", "verified")]).await;
    assert!(verified.contains(&first) && !verified.contains(&second));
    assert_eq!(ids(&[("filter[objective]", "O9")]).await, Vec::<i64>::new());
    app.stop().await;
}
