//! Evidence files on early-warning signals and cases, on SQLite and PostgreSQL: a signal is
//! recorded with its file in one multipart form; a signal with problems keeps nothing and asks
//! for the files again; a refused file is named on the page; a case takes files from those in
//! it and says so in its history; files download only for those who may see their signal or
//! case, and outsiders may not add any.

use crate::activities::post_form;
use crate::support::{Backend, TestApp, on_both, spawn_app};
use app::domain::roles::Role;
use reqwest::{Client, StatusCode};

on_both!(evidence_on_signals_and_cases_is_kept_for_those_taking_part);

fn pdf() -> Vec<u8> {
    b"%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n".to_vec()
}

async fn scalar(app: &TestApp, sql: &str) -> i64 {
    app::on_db!(&app.state.db, pool => sqlx::query_scalar(sql).fetch_one(pool).await)
        .unwrap_or_else(|e| panic!("{sql}: {e}"))
}

async fn download(app: &TestApp, client: &Client, file: i64) -> StatusCode {
    client
        .get(app.url(&format!("/files/{file}")))
        .send()
        .await
        .expect("download")
        .status()
}

fn location(response: &reqwest::Response) -> String {
    response.headers()["location"]
        .to_str()
        .expect("location")
        .to_owned()
}

async fn evidence_on_signals_and_cases_is_kept_for_those_taking_part(backend: Backend) {
    let app = spawn_app(backend).await;
    app.load_demo().await;
    let health = app
        .login("health@demo.concord.kg", "demo-reporter-password")
        .await;
    let lab = app
        .login("lab@demo.concord.kg", "demo-reporter-password")
        .await;
    let coordinator = app.login_as(Role::Coordinator).await;
    let outsider = app.login_as(Role::Reporter).await;
    let observer = app.login_as(Role::Observer).await;
    let signal = vec![
        ("observed_on", "2026-02-03"),
        ("source", "poisoning"),
        ("region_code", "KG11000000000"),
        ("form", "powder"),
        ("poisonings", "2"),
        ("description", "Порошок белого цвета"),
    ];

    // Recorded with its file, to the signal's page.
    let response = post_form(
        &app,
        &health,
        "/signals/record",
        &signal,
        vec![("заключение.pdf", pdf())],
    )
    .await;
    assert_eq!(response.status(), StatusCode::SEE_OTHER);
    let id = scalar(&app, "select max(signal_id) from signals").await;
    assert_eq!(location(&response), format!("/signals/{id}?done=saved"));
    let file = scalar(
        &app,
        &format!("select file_id from evidence_files where signal_id = {id}"),
    )
    .await;
    let page = app
        .call_json(&health, "signals/page", &[("signal_id", &id.to_string())])
        .await;
    assert_eq!(page["evidence"][0]["name"], "заключение.pdf", "{page}");
    assert_eq!(page["may_add_files"], true);

    // A signal dated in the future is not recorded and keeps no file; the form asks again.
    let (signals, files) = (
        app.count("signals").await,
        app.count("evidence_files").await,
    );
    let mut future = signal.clone();
    future[0] = ("observed_on", "2099-01-01");
    let response = post_form(
        &app,
        &health,
        "/signals/record",
        &future,
        vec![("a.pdf", pdf())],
    )
    .await;
    assert_eq!(location(&response), "/signals/new");
    assert_eq!(app.count("signals").await, signals);
    assert_eq!(app.count("evidence_files").await, files);
    let form = app.call_json(&health, "signals/form", &[]).await;
    let errors = form["errors"].to_string();
    assert!(errors.contains("observed_on"), "{errors}");
    assert!(errors.contains("evidence"), "{errors}");
    assert!(
        errors.contains("Порошок белого цвета"),
        "the text is kept: {errors}"
    );

    // A file of a kind not accepted is named on the signal's page, and not kept.
    let response = post_form(
        &app,
        &health,
        &format!("/signals/{id}/files"),
        &[],
        vec![("tool.exe", b"MZ\x90\x00 not a document".to_vec())],
    )
    .await;
    assert_eq!(location(&response), format!("/signals/{id}#files"));
    let page = app
        .call_json(&health, "signals/page", &[("signal_id", &id.to_string())])
        .await;
    assert!(
        page["upload_errors"].to_string().contains("evidence"),
        "{page}"
    );
    assert_eq!(page["evidence"].as_array().map(Vec::len), Some(1));

    // The signal's file: its organisation and coordinators download it; others may not.
    assert_eq!(download(&app, &health, file).await, StatusCode::OK);
    assert_eq!(download(&app, &coordinator, file).await, StatusCode::OK);
    assert_eq!(download(&app, &outsider, file).await, StatusCode::NOT_FOUND);
    assert_eq!(download(&app, &observer, file).await, StatusCode::FORBIDDEN);
    assert_eq!(
        download(&app, &app.client(), file).await,
        StatusCode::UNAUTHORIZED
    );
    let refused = post_form(
        &app,
        &outsider,
        &format!("/signals/{id}/files"),
        &[],
        vec![("b.pdf", pdf())],
    )
    .await;
    assert_eq!(refused.status(), StatusCode::NOT_FOUND);
    let page = app
        .call(&outsider, "signals/page", &[("signal_id", &id.to_string())])
        .await;
    assert_eq!(page.status(), StatusCode::NOT_FOUND);

    // A case in primary data takes the laboratory's file, and its history says so.
    let case = scalar(
        &app,
        "select case_id from warning_cases where stage = 'primary_data' and is_demo",
    )
    .await;
    let history = app.count("case_history").await;
    let response = post_form(
        &app,
        &lab,
        &format!("/cases/{case}/files"),
        &[],
        vec![("идентификация.pdf", pdf())],
    )
    .await;
    assert_eq!(
        location(&response),
        format!("/cases/{case}?done=files#files")
    );
    assert_eq!(app.count("case_history").await, history + 1);
    let event = scalar(
        &app,
        &format!(
            "select count(*) from case_history where case_id = {case} and event = 'file_added' \
             and note = 'идентификация.pdf'"
        ),
    )
    .await;
    assert_eq!(event, 1);
    let case_file = scalar(
        &app,
        &format!("select file_id from evidence_files where case_id = {case}"),
    )
    .await;
    let page = app
        .call_json(
            &coordinator,
            "cases/page",
            &[("case_id", &case.to_string())],
        )
        .await;
    assert_eq!(page["evidence"][0]["name"], "идентификация.pdf", "{page}");
    assert_eq!(
        download(&app, &coordinator, case_file).await,
        StatusCode::OK
    );
    assert_eq!(download(&app, &lab, case_file).await, StatusCode::OK);
    assert_eq!(
        download(&app, &outsider, case_file).await,
        StatusCode::NOT_FOUND
    );
    // An outsider may neither add to the case nor see it; an empty upload is refused beside
    // the field.
    let files = app.count("evidence_files").await;
    let refused = post_form(
        &app,
        &outsider,
        &format!("/cases/{case}/files"),
        &[],
        vec![("c.pdf", pdf())],
    )
    .await;
    assert_eq!(refused.status(), StatusCode::NOT_FOUND);
    let empty = post_form(&app, &lab, &format!("/cases/{case}/files"), &[], vec![]).await;
    assert_eq!(location(&empty), format!("/cases/{case}#files"));
    assert_eq!(app.count("evidence_files").await, files);
    app.stop().await;
}
