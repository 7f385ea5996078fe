//! National indicators end to end through the real router, on SQLite and PostgreSQL: keeping
//! the catalogue, values entered by the responsible organisation and accepted or returned by
//! coordinators, the page's series and progress, who sees pending values, and bad input.

use crate::support::{Backend, TestApp, on_both, spawn_app};
use app::domain::roles::Role;
use app::on_db;
use reqwest::{Client, StatusCode};

on_both!(
    coordinators_keep_the_catalogue,
    a_value_is_entered_accepted_and_shown_with_progress,
    the_demo_catalogue_starts_from_nine_thousand,
);

const HEALTH_REPORTER: &str = "health@demo.concord.kg";
const DUYSHEEV_REPORTER: &str = "reporter@demo.concord.kg";
const REPORTER_PASSWORD: &str = "demo-reporter-password";

fn catalogue_entry(org: &str, code: &'static str) -> Vec<(&'static str, String)> {
    vec![
        ("code", code.into()),
        ("name_ky", String::new()),
        ("name_ru", "Лица на опиоидной заместительной терапии".into()),
        ("name_en", String::new()),
        ("unit_ky", String::new()),
        ("unit_ru", "человек".into()),
        ("unit_en", String::new()),
        ("objective_code", "O6".into()),
        ("direction", "higher_better".into()),
        ("baseline_value", "1200".into()),
        ("baseline_year", "2023".into()),
        ("target_value", "2000".into()),
        ("target_year", "2030".into()),
        ("organization_id", org.into()),
        ("frequency", "quarterly".into()),
        ("by_sex", "on".into()),
    ]
}

async fn save(app: &TestApp, client: &Client, form: &[(&str, String)]) -> StatusCode {
    let args: Vec<(&str, &str)> = form.iter().map(|(k, v)| (*k, v.as_str())).collect();
    app.call(client, "indicators/save", &args).await.status()
}

async fn indicator_by_code(app: &TestApp, code: &str) -> i64 {
    on_db!(&app.state.db, pool => sqlx::query_scalar("select indicator_id from indicators where code = $1").bind(code).fetch_one(pool).await)
        .expect("indicator")
}

async fn page(app: &TestApp, client: &Client, id: i64) -> serde_json::Value {
    let response = app
        .call(
            client,
            "indicators/page",
            &[("indicator_id", &id.to_string())],
        )
        .await;
    assert_eq!(response.status(), StatusCode::OK);
    response.json().await.expect("json")
}

async fn enter(
    app: &TestApp,
    client: &Client,
    id: i64,
    period: &str,
    cut: &str,
    value: &str,
) -> StatusCode {
    app.call(
        client,
        "indicators/enter",
        &[
            ("indicator_id", &id.to_string()),
            ("period", period),
            ("cut", cut),
            ("value", value),
            ("source_note", "Регистр"),
        ],
    )
    .await
    .status()
}

async fn coordinators_keep_the_catalogue(backend: Backend) {
    let app = spawn_app(backend).await;
    app.load_demo().await;
    let coordinator = app.login_as(Role::Coordinator).await;
    let reporter = app.login(HEALTH_REPORTER, REPORTER_PASSWORD).await;
    let health = app.demo_organization_of(HEALTH_REPORTER).await.to_string();
    assert_eq!(
        save(&app, &reporter, &catalogue_entry(&health, "T-1")).await,
        StatusCode::FORBIDDEN
    );
    assert_eq!(
        save(&app, &coordinator, &catalogue_entry(&health, "T-1")).await,
        StatusCode::OK
    );
    let id = indicator_by_code(&app, "T-1").await;
    assert_eq!(
        save(&app, &coordinator, &catalogue_entry(&health, "T-1")).await,
        StatusCode::BAD_REQUEST,
        "codes are unique"
    );
    let mut bad = catalogue_entry(&health, "T-2");
    bad.retain(|(k, _)| !matches!(*k, "target_year" | "objective_code"));
    bad.push(("target_year", "2020".into()));
    bad.push(("objective_code", "O42".into()));
    let response = app
        .call(
            &coordinator,
            "indicators/save",
            &bad.iter()
                .map(|(k, v)| (*k, v.as_str()))
                .collect::<Vec<_>>(),
        )
        .await;
    assert_eq!(response.status(), StatusCode::BAD_REQUEST);
    let body = response.text().await.unwrap_or_default();
    assert!(
        body.contains("DueBeforeStart") && body.contains("UnknownChoice"),
        "{body}"
    );
    let mut edit = catalogue_entry(&health, "T-1");
    edit.retain(|(k, _)| *k != "target_value");
    edit.extend([
        ("target_value", "2500".to_owned()),
        ("indicator_id", id.to_string()),
        ("version", "1".to_owned()),
    ]);
    assert_eq!(save(&app, &coordinator, &edit).await, StatusCode::OK);
    assert_eq!(
        save(&app, &coordinator, &edit).await,
        StatusCode::CONFLICT,
        "a stale version"
    );
    let target: f64 = on_db!(&app.state.db, pool => sqlx::query_scalar("select target_value from indicators where indicator_id = $1").bind(id).fetch_one(pool).await).expect("target");
    assert_eq!(target, 2500.0);
    let history: i64 = on_db!(&app.state.db, pool => sqlx::query_scalar("select count(*) from indicator_history where indicator_id = $1").bind(id).fetch_one(pool).await).expect("history");
    assert_eq!(history, 2, "created, edited");
    app.stop().await;
}

async fn a_value_is_entered_accepted_and_shown_with_progress(backend: Backend) {
    let app = spawn_app(backend).await;
    app.load_demo().await;
    let coordinator = app.login_as(Role::Coordinator).await;
    let reporter = app.login(HEALTH_REPORTER, REPORTER_PASSWORD).await;
    let other = app.login(DUYSHEEV_REPORTER, REPORTER_PASSWORD).await;
    let observer = app.login_as(Role::Observer).await;
    let health = app.demo_organization_of(HEALTH_REPORTER).await.to_string();
    save(&app, &coordinator, &catalogue_entry(&health, "T-1")).await;
    let id = indicator_by_code(&app, "T-1").await;

    assert_eq!(
        enter(&app, &other, id, "2026-07-01", "total", "1400").await,
        StatusCode::FORBIDDEN,
        "not the responsible organisation"
    );
    assert_eq!(
        enter(&app, &reporter, id, "2026-07-01", "age:18_29", "10").await,
        StatusCode::BAD_REQUEST,
        "no age breakdown"
    );
    assert_eq!(
        enter(&app, &reporter, id, "2026-08-01", "total", "10").await,
        StatusCode::BAD_REQUEST,
        "not a period's first day"
    );
    assert_eq!(
        enter(&app, &reporter, id, "2027-01-01", "total", "10").await,
        StatusCode::BAD_REQUEST,
        "a period not yet begun"
    );
    assert_eq!(
        enter(&app, &reporter, id, "2026-07-01", "total", "много").await,
        StatusCode::BAD_REQUEST
    );
    assert_eq!(
        enter(&app, &reporter, id, "2026-07-01", "total", "1 600").await,
        StatusCode::OK
    );
    assert_eq!(
        enter(&app, &reporter, id, "2026-07-01", "sex:female", "130").await,
        StatusCode::OK
    );

    let seen = page(&app, &observer, id).await;
    assert_eq!(
        seen["values"].as_array().map(Vec::len),
        Some(0),
        "observers see accepted values only"
    );
    let pending = page(&app, &coordinator, id).await;
    let values = pending["values"].as_array().expect("values");
    assert_eq!(values.len(), 2);
    let total = values
        .iter()
        .find(|v| v["cut"]["sex"] == "")
        .expect("the total");
    assert_eq!(total["decisions"], serde_json::json!(["accept", "return"]));
    let (value_id, version) = (
        total["id"].as_i64().expect("id"),
        total["version"].as_i64().expect("version"),
    );
    let decide = |client: &Client, mv: &'static str, note: &'static str, version: i64| {
        let client = client.clone();
        let app = &app;
        async move {
            app.call(
                &client,
                "indicators/decide",
                &[
                    ("value_id", &value_id.to_string()),
                    ("version", &version.to_string()),
                    ("mv", mv),
                    ("note", note),
                ],
            )
            .await
            .status()
        }
    };
    assert_eq!(
        decide(&reporter, "accept", "", version).await,
        StatusCode::FORBIDDEN
    );
    assert_eq!(
        decide(&coordinator, "return", "", version).await,
        StatusCode::BAD_REQUEST,
        "a return says why"
    );
    assert_eq!(
        decide(&coordinator, "return", "Проверьте по регистру", version).await,
        StatusCode::OK
    );
    assert_eq!(
        enter(&app, &reporter, id, "2026-07-01", "total", "1520").await,
        StatusCode::OK,
        "a returned value is entered again"
    );
    let version = version + 2;
    assert_eq!(
        decide(&coordinator, "accept", "", version).await,
        StatusCode::OK
    );
    assert_eq!(
        enter(&app, &reporter, id, "2026-07-01", "total", "1530").await,
        StatusCode::BAD_REQUEST,
        "an accepted value stands"
    );

    let shown = page(&app, &observer, id).await;
    assert_eq!(shown["series"].as_array().map(Vec::len), Some(1));
    assert_eq!(shown["row"]["latest"][1], 1520.0);
    assert_eq!(
        shown["row"]["progress"], 40.0,
        "(1520 - 1200) / (2000 - 1200)"
    );
    let list: serde_json::Value = app
        .call(&observer, "indicators/list", &[])
        .await
        .json()
        .await
        .expect("json");
    let row = list["rows"]
        .as_array()
        .expect("rows")
        .iter()
        .find(|r| r["code"] == "T-1")
        .cloned()
        .expect("listed");
    assert_eq!(row["progress"], 40.0);
    let history: i64 = on_db!(&app.state.db, pool => sqlx::query_scalar("select count(*) from indicator_history where indicator_id = $1 and value_id is not null").bind(id).fetch_one(pool).await).expect("history");
    assert_eq!(
        history, 5,
        "entered ×3 (one a breakdown), returned, accepted"
    );
    app.stop().await;
}

async fn the_demo_catalogue_starts_from_nine_thousand(backend: Backend) {
    let app = spawn_app(backend).await;
    app.load_demo().await;
    let observer = app.login_as(Role::Observer).await;
    let list: serde_json::Value = app
        .call(&observer, "indicators/list", &[])
        .await
        .json()
        .await
        .expect("json");
    let rows = list["rows"].as_array().expect("rows");
    assert!(rows.len() >= 8);
    let registered = rows.iter().find(|r| r["code"] == "I-01").expect("I-01");
    assert_eq!(registered["baseline"][0], 9000.0);
    assert!(
        registered["latest"].is_array(),
        "accepted values from 2023 on"
    );
    let progress = registered["progress"].as_f64().expect("progress");
    assert!(progress > 0.0 && progress < 100.0, "{progress}");
    app.stop().await;
}
