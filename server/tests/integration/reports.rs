//! Progress reports end to end through the real router, on SQLite and PostgreSQL: the report
//! state machine for each role, versioning after acceptance, the missing-reports view at a
//! period boundary, evidence uploads (size limit, type sniffing, unsafe names) and downloads
//! (who may), the append-only history, and breakdowns that never exceed their total.

use crate::support::{Backend, TestApp, on_both, spawn_app};
use app::domain::roles::Role;
use app::on_db;
use reqwest::{Client, StatusCode, multipart};

on_both!(
    a_report_is_submitted_returned_accepted_and_corrected,
    uploads_are_checked_by_content_size_and_name,
    downloads_follow_who_may_see_the_report,
    missing_reports_follow_the_period_boundary,
    roles_are_refused_what_they_may_not_do,
    history_is_append_only_and_breakdowns_never_exceed_the_total,
);

const DUYSHEEV_REPORTER: &str = "reporter@demo.concord.kg";
const NGO_REPORTER: &str = "ngo@demo.concord.kg";
const REPORTER_PASSWORD: &str = "demo-reporter-password";
/// The third quarter of 2026: ended, and its deadline (15 October) passed.
const Q3: &str = "2026-07-01";

fn pdf() -> Vec<u8> {
    b"%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n".to_vec()
}

/// An OpenDocument text as office suites write it: the `mimetype` entry first and stored, then
/// the content deflated.
fn odt() -> Vec<u8> {
    use std::io::Write;
    let mut buffer = std::io::Cursor::new(Vec::new());
    let mut archive = zip::ZipWriter::new(&mut buffer);
    let stored =
        zip::write::SimpleFileOptions::default().compression_method(zip::CompressionMethod::Stored);
    archive.start_file("mimetype", stored).expect("mimetype");
    archive
        .write_all(b"application/vnd.oasis.opendocument.text")
        .expect("mimetype");
    archive
        .start_file("content.xml", zip::write::SimpleFileOptions::default())
        .expect("content");
    archive
        .write_all(b"<office:document-content>...</office:document-content>")
        .expect("content");
    archive.finish().expect("zip");
    buffer.into_inner()
}

/// A minimal zip holding `names` (stored, empty), as Office files are laid out.
fn zip(names: &[&str]) -> Vec<u8> {
    let mut out = Vec::new();
    let mut central = Vec::new();
    for name in names {
        let offset = out.len() as u32;
        out.extend(b"PK\x03\x04");
        out.extend([20, 0, 0, 0, 0, 0, 0, 0, 0, 0]);
        out.extend([0u8; 12]);
        out.extend((name.len() as u16).to_le_bytes());
        out.extend(0u16.to_le_bytes());
        out.extend(name.as_bytes());
        central.extend(b"PK\x01\x02");
        central.extend([20, 0, 20, 0, 0, 0, 0, 0, 0, 0, 0, 0]);
        central.extend([0u8; 12]);
        central.extend((name.len() as u16).to_le_bytes());
        central.extend([0u8; 8]);
        central.extend(0u32.to_le_bytes());
        central.extend(offset.to_le_bytes());
        central.extend(name.as_bytes());
    }
    let directory_offset = out.len() as u32;
    out.extend(&central);
    out.extend(b"PK\x05\x06");
    out.extend([0u8; 4]);
    out.extend((names.len() as u16).to_le_bytes());
    out.extend((names.len() as u16).to_le_bytes());
    out.extend((central.len() as u32).to_le_bytes());
    out.extend(directory_offset.to_le_bytes());
    out.extend(0u16.to_le_bytes());
    out
}

async fn scalar_i64(app: &TestApp, sql: &str, id: i64) -> i64 {
    on_db!(&app.state.db, pool => sqlx::query_scalar(sql).bind(id).fetch_one(pool).await)
        .expect(sql)
}

async fn report_state(app: &TestApp, id: i64) -> (String, i64) {
    on_db!(&app.state.db, pool =>
        sqlx::query_as("select status, version from reports where report_id = $1").bind(id).fetch_one(pool).await
    )
    .expect("report")
}

/// A task led by `lead`, accepted and started by `reporter`; `start` is its start date.
async fn running_task(
    app: &TestApp,
    coordinator: &Client,
    reporter: &Client,
    lead: i64,
    start: &str,
) -> i64 {
    let lead = lead.to_string();
    let form = [
        ("written_in", "ru"),
        ("title_ky", ""),
        ("title_ru", "Профилактические беседы в школах"),
        ("title_en", ""),
        ("description_ky", ""),
        ("description_ru", "Провести беседы во всех школах."),
        ("description_en", ""),
        ("expected_result", ""),
        ("category", "primary_prevention"),
        ("objectives[]", "O1"),
        ("assign_to", "one"),
        ("lead_organization_id", lead.as_str()),
        ("coverage", "national"),
        ("start_date", start),
        ("due_date", "2026-12-20"),
        ("priority", "high"),
        ("target_value", "1000"),
        ("target_unit", "учащихся"),
        ("intent", "assign"),
    ];
    app.call_ok(coordinator, "tasks/create", &form).await;
    let id: i64 = on_db!(&app.state.db, pool => sqlx::query_scalar("select max(task_id) from tasks").fetch_one(pool).await).expect("task");
    for mv in ["accept", "start"] {
        let version = scalar_i64(app, "select version from tasks where task_id = $1", id)
            .await
            .to_string();
        let id = id.to_string();
        let status = app
            .call(
                reporter,
                "tasks/move",
                &[("task_id", &id), ("version", &version), ("mv", mv)],
            )
            .await
            .status();
        assert_eq!(status, StatusCode::OK, "{mv}");
    }
    id
}

async fn start_report(app: &TestApp, reporter: &Client, task: i64, period: &str) -> StatusCode {
    app.call(
        reporter,
        "reports/start",
        &[("task_id", &task.to_string()), ("period", period)],
    )
    .await
    .status()
}

async fn last_report(app: &TestApp) -> i64 {
    on_db!(&app.state.db, pool => sqlx::query_scalar("select max(report_id) from reports").fetch_one(pool).await)
        .expect("a report")
}

/// Posts the report form as the browser does (multipart), with `files` as (name, bytes).
async fn save(
    app: &TestApp,
    client: &Client,
    id: i64,
    fields: &[(&str, &str)],
    files: Vec<(&str, Vec<u8>)>,
) -> reqwest::Response {
    let version = report_state(app, id).await.1;
    let mut form = multipart::Form::new().text("version", version.to_string());
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
        .post(app.url(&format!("/reports/{id}/save")))
        .multipart(form)
        .send()
        .await
        .expect("save")
}

/// The problems the form page shows after a failed save (taken from the session once).
async fn form_problems(app: &TestApp, client: &Client, id: i64) -> serde_json::Value {
    let response = app
        .call(client, "reports/edit", &[("report_id", &id.to_string())])
        .await;
    assert_eq!(response.status(), StatusCode::OK);
    let page: serde_json::Value = response.json().await.expect("json");
    page["errors"].clone()
}

fn problem_of(errors: &serde_json::Value, field: &str) -> Option<String> {
    errors["Invalid"]["problems"]
        .as_array()?
        .iter()
        .find(|p| p[0] == field)
        .map(|p| p[1].as_str().unwrap_or_default().to_owned())
}

async fn report_move(app: &TestApp, client: &Client, id: i64, mv: &str, note: &str) -> StatusCode {
    let version = report_state(app, id).await.1.to_string();
    let id = id.to_string();
    app.call(
        client,
        "reports/move",
        &[
            ("report_id", &id),
            ("version", &version),
            ("mv", mv),
            ("note", note),
        ],
    )
    .await
    .status()
}

async fn page_status(app: &TestApp, client: &Client, id: i64) -> StatusCode {
    app.call(client, "reports/page", &[("report_id", &id.to_string())])
        .await
        .status()
}

const GOOD: [(&str, &str); 8] = [
    ("percent_complete", "40"),
    ("work_done", "Проведены беседы в 12 школах"),
    ("result_value", "420"),
    ("reached_total", "420"),
    ("female_under_18", "200"),
    ("male_under_18", "180"),
    ("female_30_49", "25"),
    ("intent", "submit"),
];

async fn a_report_is_submitted_returned_accepted_and_corrected(backend: Backend) {
    let app = spawn_app(backend).await;
    app.load_demo().await;
    let coordinator = app.login_as(Role::Coordinator).await;
    let reporter = app.login(DUYSHEEV_REPORTER, REPORTER_PASSWORD).await;
    let observer = app.login_as(Role::Observer).await;
    let lead = app.demo_organization_of(DUYSHEEV_REPORTER).await;
    let task = running_task(&app, &coordinator, &reporter, lead, "2026-01-10").await;

    let offered: serde_json::Value = app
        .call(
            &reporter,
            "reports/of_task",
            &[("task_id", &task.to_string())],
        )
        .await
        .json()
        .await
        .expect("json");
    assert_eq!(
        offered["may_start"].as_array().map(Vec::len),
        Some(4),
        "Q1 to Q4 2026: {offered}"
    );
    assert_eq!(
        start_report(&app, &reporter, task, Q3).await,
        StatusCode::OK
    );
    let id = last_report(&app).await;
    assert_eq!(
        start_report(&app, &reporter, task, Q3).await,
        StatusCode::OK,
        "starting again opens the same report"
    );
    assert_eq!(last_report(&app).await, id);

    // A draft with evidence; then a submission whose breakdown exceeds its total is refused.
    let saved = save(
        &app,
        &reporter,
        id,
        &[("percent_complete", "10"), ("intent", "save")],
        vec![("акт.pdf", pdf())],
    )
    .await;
    assert_eq!(saved.status(), StatusCode::SEE_OTHER);
    assert_eq!(
        saved.headers()["location"],
        format!("/reports/{id}?done=saved").as_str()
    );
    assert_eq!(
        scalar_i64(
            &app,
            "select count(*) from evidence_files where report_id = $1",
            id
        )
        .await,
        1
    );
    let mut bad = GOOD.to_vec();
    bad.retain(|(k, _)| *k != "reached_total");
    bad.push(("reached_total", "100"));
    let refused = save(&app, &reporter, id, &bad, vec![]).await;
    assert_eq!(
        refused.headers()["location"],
        format!("/reports/{id}/edit").as_str()
    );
    let errors = form_problems(&app, &reporter, id).await;
    assert_eq!(
        problem_of(&errors, "reached_total").as_deref(),
        Some("BreakdownExceedsTotal")
    );
    assert!(
        errors.to_string().contains("Проведены беседы в 12 школах"),
        "what was typed comes back: {errors}"
    );
    assert_eq!(report_state(&app, id).await.0, "draft");
    assert_eq!(
        page_status(&app, &coordinator, id).await,
        StatusCode::NOT_FOUND,
        "drafts stay with their organisation"
    );

    let submitted = save(&app, &reporter, id, &GOOD, vec![]).await;
    assert_eq!(
        submitted.headers()["location"],
        format!("/reports/{id}?done=submitted").as_str()
    );
    assert_eq!(report_state(&app, id).await.0, "submitted");
    assert_eq!(
        scalar_i64(
            &app,
            "select count(*) from reports where report_id = $1 and is_late = true",
            id
        )
        .await,
        1,
        "submitted after 15 October"
    );
    assert_eq!(
        page_status(&app, &observer, id).await,
        StatusCode::NOT_FOUND,
        "observers read accepted reports only"
    );
    assert_eq!(page_status(&app, &coordinator, id).await, StatusCode::OK);

    assert_eq!(
        report_move(&app, &reporter, id, "accept", "").await,
        StatusCode::CONFLICT,
        "writers do not accept"
    );
    assert_eq!(
        report_move(&app, &coordinator, id, "return", "").await,
        StatusCode::BAD_REQUEST,
        "a return needs a comment"
    );
    assert_eq!(
        report_move(&app, &coordinator, id, "return", "Приложите список школ").await,
        StatusCode::OK
    );
    assert_eq!(report_state(&app, id).await.0, "returned");
    assert_eq!(
        report_move(&app, &reporter, id, "submit", "").await,
        StatusCode::OK
    );
    assert_eq!(
        report_move(&app, &coordinator, id, "accept", "").await,
        StatusCode::OK
    );
    assert_eq!(report_state(&app, id).await.0, "accepted");
    assert_eq!(page_status(&app, &observer, id).await, StatusCode::OK);
    // Each step told the other side: both submissions the task's coordinator, the return (with
    // what to correct) and the acceptance the organisation's reporters but not the reviewer.
    let told: Vec<(String, String, String)> = on_db!(&app.state.db, pool => sqlx::query_as(
        "select n.kind, u.email, n.note from notifications n join users u on u.user_id = n.user_id \
         where n.report_id = $1 order by n.notification_id, u.email")
        .bind(id).fetch_all(pool).await)
    .expect("notifications");
    let reporters: Vec<String> = on_db!(&app.state.db, pool => sqlx::query_scalar(
        "select email from users where organization_id = $1 and role = 'reporter' and is_active order by email")
        .bind(lead).fetch_all(pool).await)
    .expect("reporters");
    let mut expected = vec![(
        "report_submitted".to_owned(),
        "coordinator@demo.concord.kg".to_owned(),
        String::new(),
    )];
    expected.extend(reporters.iter().map(|r| {
        (
            "report_returned".to_owned(),
            r.clone(),
            "Приложите список школ".to_owned(),
        )
    }));
    expected.push((
        "report_submitted".to_owned(),
        "coordinator@demo.concord.kg".to_owned(),
        String::new(),
    ));
    expected.extend(
        reporters
            .iter()
            .map(|r| ("report_accepted".to_owned(), r.clone(), String::new())),
    );
    assert_eq!(told, expected);

    // Accepted reports are locked; a correction is a new revision showing what changed.
    let locked = save(&app, &reporter, id, &GOOD, vec![]).await;
    assert_eq!(locked.status(), StatusCode::CONFLICT);
    assert_eq!(
        report_move(&app, &reporter, id, "correct", "").await,
        StatusCode::OK
    );
    let correction = last_report(&app).await;
    assert_ne!(correction, id);
    assert_eq!(
        scalar_i64(
            &app,
            "select revision from reports where report_id = $1",
            correction
        )
        .await,
        2
    );
    assert_eq!(
        scalar_i64(
            &app,
            "select count(*) from evidence_files where report_id = $1",
            correction
        )
        .await,
        1,
        "evidence carried over"
    );
    let mut corrected = GOOD.to_vec();
    corrected.retain(|(k, _)| *k != "percent_complete");
    corrected.push(("percent_complete", "55"));
    save(&app, &reporter, correction, &corrected, vec![]).await;
    let page: serde_json::Value = app
        .call(
            &coordinator,
            "reports/page",
            &[("report_id", &correction.to_string())],
        )
        .await
        .json()
        .await
        .expect("json");
    let changes = page["changes"].as_array().expect("changes");
    assert_eq!(changes.len(), 1, "{changes:?}");
    assert_eq!(changes[0]["field"], "Percent");
    assert_eq!(
        (changes[0]["before"].as_str(), changes[0]["after"].as_str()),
        (Some("40"), Some("55"))
    );
    assert_eq!(
        report_move(&app, &coordinator, correction, "accept", "").await,
        StatusCode::OK
    );
    assert_eq!(report_state(&app, id).await.0, "superseded");
    assert_eq!(report_state(&app, correction).await.0, "accepted");
    assert_eq!(
        scalar_i64(
            &app,
            "select count(*) from report_history where report_id = $1",
            id
        )
        .await,
        7,
        "started, saved, saved, submitted, returned, submitted, accepted"
    );
    app.stop().await;
}

async fn draft_for(app: &TestApp) -> (Client, i64) {
    let coordinator = app.login_as(Role::Coordinator).await;
    let reporter = app.login(DUYSHEEV_REPORTER, REPORTER_PASSWORD).await;
    let lead = app.demo_organization_of(DUYSHEEV_REPORTER).await;
    let task = running_task(app, &coordinator, &reporter, lead, "2026-01-10").await;
    assert_eq!(start_report(app, &reporter, task, Q3).await, StatusCode::OK);
    (reporter, last_report(app).await)
}

fn stored_files(app: &TestApp) -> usize {
    std::fs::read_dir(app.state.files.dir())
        .map(|d| d.count())
        .unwrap_or(0)
}

async fn uploads_are_checked_by_content_size_and_name(backend: Backend) {
    let app = spawn_app(backend).await;
    app.load_demo().await;
    let (reporter, id) = draft_for(&app).await;
    let typed = [
        ("work_done", "Текст, который нельзя потерять"),
        ("intent", "submit"),
    ];
    let cases: Vec<(&str, Vec<u8>, &str)> = vec![
        (
            "программа.pdf",
            b"MZ\x90\x00\x03\x00\x00\x00 a renamed Windows executable".to_vec(),
            "FileTypeNotAllowed",
        ),
        (
            "page.pdf",
            b"<html><script>alert(1)</script></html>".to_vec(),
            "FileTypeNotAllowed",
        ),
        (
            "archive.docx",
            zip(&["META-INF/MANIFEST.MF", "Main.class"]),
            "FileTypeNotAllowed",
        ),
        (
            "big.pdf",
            {
                let mut b = pdf();
                b.resize(10 * 1024 * 1024 + 1, b' ');
                b
            },
            "FileTooLarge",
        ),
        ("../../etc/passwd.pdf", pdf(), "FileNameUnsafe"),
    ];
    for (name, bytes, problem) in cases {
        let response = save(&app, &reporter, id, &typed, vec![(name, bytes)]).await;
        assert_eq!(
            response.headers()["location"],
            format!("/reports/{id}/edit").as_str(),
            "{name}"
        );
        let errors = form_problems(&app, &reporter, id).await;
        assert_eq!(
            problem_of(&errors, "evidence").as_deref(),
            Some(problem),
            "{name}"
        );
        assert_eq!(
            report_state(&app, id).await.0,
            "draft",
            "a refused file stops the submission"
        );
        assert_eq!(
            scalar_i64(
                &app,
                "select count(*) from evidence_files where report_id = $1",
                id
            )
            .await,
            0
        );
        assert_eq!(stored_files(&app), 0, "nothing of {name} stays on disk");
    }
    // The text typed with a refused file was saved as the draft.
    let content: String = on_db!(&app.state.db, pool => sqlx::query_scalar("select work_done from reports where report_id = $1").bind(id).fetch_one(pool).await).expect("draft");
    assert_eq!(content, "Текст, который нельзя потерять");

    let word = zip(&["[Content_Types].xml", "_rels/.rels", "word/document.xml"]);
    let sheet = zip(&["[Content_Types].xml", "xl/workbook.xml"]);
    let png = b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR".to_vec();
    let response = save(
        &app,
        &reporter,
        id,
        &[("intent", "save")],
        vec![
            ("отчёт.docx", word),
            ("data.bin", sheet),
            ("photo.png", png),
            ("план.odt", odt()),
        ],
    )
    .await;
    assert_eq!(response.status(), StatusCode::SEE_OTHER);
    let kinds: Vec<(String, String)> = on_db!(&app.state.db, pool => sqlx::query_as("select kind, original_name from evidence_files where report_id = $1 order by file_id").bind(id).fetch_all(pool).await).expect("files");
    assert_eq!(
        kinds,
        [
            ("docx".into(), "отчёт.docx".into()),
            ("xlsx".into(), "data.xlsx".into()),
            ("png".into(), "photo.png".into()),
            ("odt".into(), "план.odt".into())
        ]
    );
    assert_eq!(stored_files(&app), 4);
    let stored: String = on_db!(&app.state.db, pool => sqlx::query_scalar("select stored_name from evidence_files where report_id = $1 limit 1").bind(id).fetch_one(pool).await).expect("stored");
    assert!(
        stored.len() == 32 && stored.bytes().all(|b| b.is_ascii_hexdigit()),
        "generated names only: {stored}"
    );
    app.stop().await;
}

async fn downloads_follow_who_may_see_the_report(backend: Backend) {
    let app = spawn_app(backend).await;
    app.load_demo().await;
    let (reporter, id) = draft_for(&app).await;
    save(
        &app,
        &reporter,
        id,
        &[("intent", "save")],
        vec![("Акт \"1\".pdf", pdf())],
    )
    .await;
    let file = scalar_i64(
        &app,
        "select max(file_id) from evidence_files where report_id = $1",
        id,
    )
    .await;
    let url = app.url(&format!("/files/{file}"));
    let own = reporter.get(&url).send().await.expect("download");
    assert_eq!(own.status(), StatusCode::OK);
    assert_eq!(own.headers()["content-type"], "application/pdf");
    let disposition = own.headers()["content-disposition"]
        .to_str()
        .expect("ascii")
        .to_owned();
    assert_eq!(
        disposition,
        "attachment; filename=\"___ 1.pdf\"; filename*=UTF-8''%D0%90%D0%BA%D1%82%201.pdf",
        "quotes dropped from the name; the exact name percent-encoded"
    );
    assert_eq!(own.bytes().await.expect("body").to_vec(), pdf());

    let other = app.login(NGO_REPORTER, REPORTER_PASSWORD).await;
    assert_eq!(
        other.get(&url).send().await.expect("get").status(),
        StatusCode::NOT_FOUND
    );
    let coordinator = app.login_as(Role::Coordinator).await;
    assert_eq!(
        coordinator.get(&url).send().await.expect("get").status(),
        StatusCode::NOT_FOUND,
        "a draft's files stay with its organisation"
    );
    assert_eq!(
        app.client().get(&url).send().await.expect("get").status(),
        StatusCode::UNAUTHORIZED
    );
    save(&app, &reporter, id, &GOOD, vec![]).await;
    assert_eq!(
        coordinator.get(&url).send().await.expect("get").status(),
        StatusCode::OK,
        "submitted: the coordinators read it"
    );
    let observer = app.login_as(Role::Observer).await;
    assert_eq!(
        observer.get(&url).send().await.expect("get").status(),
        StatusCode::NOT_FOUND
    );
    assert_eq!(
        reporter
            .get(app.url("/files/999999"))
            .send()
            .await
            .expect("get")
            .status(),
        StatusCode::NOT_FOUND
    );
    app.stop().await;
}

async fn missing_reports_follow_the_period_boundary(backend: Backend) {
    let app = spawn_app(backend).await;
    app.load_demo().await;
    let coordinator = app.login_as(Role::Coordinator).await;
    let reporter = app.login(DUYSHEEV_REPORTER, REPORTER_PASSWORD).await;
    let lead = app.demo_organization_of(DUYSHEEV_REPORTER).await;
    let last_day = running_task(&app, &coordinator, &reporter, lead, "2026-09-30").await;
    let next_day = running_task(&app, &coordinator, &reporter, lead, "2026-10-01").await;
    let missing = |period: &'static str| {
        let app = &app;
        let coordinator = &coordinator;
        async move {
            let response = app
                .call(
                    coordinator,
                    "reports/missing",
                    &[("period", period), ("organization", &lead.to_string())],
                )
                .await;
            assert_eq!(response.status(), StatusCode::OK);
            let data: serde_json::Value = response.json().await.expect("json");
            let tasks: Vec<i64> = data["tasks"]
                .as_array()
                .expect("tasks")
                .iter()
                .map(|r| r["task_id"].as_i64().expect("id"))
                .collect();
            let org = data["organizations"]
                .as_array()
                .expect("orgs")
                .iter()
                .find(|o| o["organization"]["id"] == lead)
                .cloned()
                .expect("the organisation");
            (
                tasks,
                org["missing"].as_i64().expect("missing"),
                org["required"].as_i64().expect("required"),
            )
        }
    };
    let (tasks, missing_before, required) = missing(Q3).await;
    assert!(
        tasks.contains(&last_day),
        "a task started on the period's last day owes a report"
    );
    assert!(
        !tasks.contains(&next_day),
        "a task started the day after does not"
    );
    assert!(required >= missing_before && missing_before >= 1);
    let (tasks, _, _) = missing("2026-10-01").await;
    assert!(
        tasks.contains(&last_day) && tasks.contains(&next_day),
        "both owe the fourth quarter"
    );

    let inbox: serde_json::Value = app
        .call(&reporter, "tasks/inbox", &[])
        .await
        .json()
        .await
        .expect("json");
    let due = inbox["reports"]
        .as_array()
        .expect("sections")
        .iter()
        .find(|s| s["kind"] == "Due")
        .cloned()
        .expect("due");
    assert_eq!(
        due["total"].as_i64(),
        Some(missing_before),
        "the inbox owes what the coordinators see missing"
    );

    assert_eq!(
        start_report(&app, &reporter, last_day, Q3).await,
        StatusCode::OK
    );
    let id = last_report(&app).await;
    let (tasks, _, _) = missing(Q3).await;
    assert!(tasks.contains(&last_day), "a draft is not a report");
    save(&app, &reporter, id, &GOOD, vec![]).await;
    let (tasks, missing_after, _) = missing(Q3).await;
    assert!(!tasks.contains(&last_day));
    assert_eq!(missing_after, missing_before - 1);

    assert_eq!(
        start_report(&app, &reporter, next_day, Q3).await,
        StatusCode::CONFLICT,
        "not before the task started"
    );
    assert_eq!(
        app.call(&reporter, "reports/missing", &[]).await.status(),
        StatusCode::FORBIDDEN
    );
    app.stop().await;
}

async fn roles_are_refused_what_they_may_not_do(backend: Backend) {
    let app = spawn_app(backend).await;
    app.load_demo().await;
    let coordinator = app.login_as(Role::Coordinator).await;
    let reporter = app.login(DUYSHEEV_REPORTER, REPORTER_PASSWORD).await;
    let lead = app.demo_organization_of(DUYSHEEV_REPORTER).await;
    let task = running_task(&app, &coordinator, &reporter, lead, "2026-01-10").await;
    assert_eq!(
        start_report(&app, &coordinator, task, Q3).await,
        StatusCode::FORBIDDEN
    );
    let other = app.login(NGO_REPORTER, REPORTER_PASSWORD).await;
    assert_eq!(
        start_report(&app, &other, task, Q3).await,
        StatusCode::NOT_FOUND,
        "another organisation's task is not found"
    );
    assert_eq!(
        start_report(&app, &reporter, task, "2026-07-02").await,
        StatusCode::BAD_REQUEST,
        "not a period's first day"
    );
    assert_eq!(
        start_report(&app, &reporter, task, "2027-01-01").await,
        StatusCode::CONFLICT,
        "a period not yet begun"
    );
    assert_eq!(
        start_report(&app, &app.client(), task, Q3).await,
        StatusCode::UNAUTHORIZED
    );
    start_report(&app, &reporter, task, Q3).await;
    let id = last_report(&app).await;
    let forged = save(&app, &other, id, &GOOD, vec![]).await;
    assert_eq!(forged.status(), StatusCode::NOT_FOUND);
    assert_eq!(
        save(&app, &coordinator, id, &GOOD, vec![]).await.status(),
        StatusCode::FORBIDDEN
    );
    assert_eq!(report_state(&app, id).await.0, "draft");

    let admin = app.login_as(Role::Administrator).await;
    let set = |client: &Client, months: &'static str, days: &'static str| {
        let client = client.clone();
        let app = &app;
        async move {
            app.call(
                &client,
                "reports/set_calendar",
                &[("period_months", months), ("deadline_days", days)],
            )
            .await
            .status()
        }
    };
    assert_eq!(set(&coordinator, "1", "10").await, StatusCode::FORBIDDEN);
    assert_eq!(set(&admin, "2", "10").await, StatusCode::BAD_REQUEST);
    assert_eq!(set(&admin, "3", "91").await, StatusCode::BAD_REQUEST);
    assert_eq!(set(&admin, "1", "10").await, StatusCode::OK);
    let calendar: serde_json::Value = app
        .call(&reporter, "reports/calendar", &[])
        .await
        .json()
        .await
        .expect("json");
    assert_eq!(calendar["calendar"]["period_months"], 1);
    assert_eq!(calendar["calendar"]["deadline_days"], 10);
    app.stop().await;
}

async fn history_is_append_only_and_breakdowns_never_exceed_the_total(backend: Backend) {
    let app = spawn_app(backend).await;
    app.load_demo().await;
    let (_, id) = draft_for(&app).await;
    let update = on_db!(&app.state.db, pool => sqlx::query("update report_history set note = 'x' where report_id = $1").bind(id).execute(pool).await.map(|_| ()));
    assert!(update.is_err(), "history rows cannot be changed");
    let delete = on_db!(&app.state.db, pool => sqlx::query("delete from report_history where report_id = $1").bind(id).execute(pool).await.map(|_| ()));
    assert!(delete.is_err(), "nor deleted");
    let exceed = on_db!(&app.state.db, pool => sqlx::query("update reports set reached_total = 10, female_under_18 = 6, male_50_plus = 5 where report_id = $1").bind(id).execute(pool).await.map(|_| ()));
    assert!(
        exceed.is_err(),
        "the database refuses a breakdown above the total"
    );
    let fits = on_db!(&app.state.db, pool => sqlx::query("update reports set reached_total = 11, female_under_18 = 6, male_50_plus = 5 where report_id = $1").bind(id).execute(pool).await.map(|_| ()));
    assert!(fits.is_ok());
    app.stop().await;
}
