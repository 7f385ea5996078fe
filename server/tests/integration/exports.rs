//! The exports through the real router, on SQLite and PostgreSQL: each data set's rows are
//! the ones the dashboard counts for the same filter (tasks, reports, activities), its
//! headings are in the language asked for, each role gets only what it may see, and the XLSX
//! file is a workbook holding the same rows.

use crate::support::{Backend, TestApp, on_both, spawn_app};
use app::domain::roles::Role;
use reqwest::{Client, StatusCode};
use serde_json::Value;
use std::io::Read;

on_both!(
    exports_hold_the_rows_the_dashboard_counts,
    exports_are_refused_to_those_who_may_not_have_them,
);

const DUYSHEEV_REPORTER: &str = "reporter@demo.concord.kg";
const REPORTER_PASSWORD: &str = "demo-reporter-password";
/// A range covering the demo data: the four quarters up to the current one.
fn range() -> (String, String) {
    let today = app::backend::today();
    let from = today - time::Duration::days(366);
    (from.to_string(), today.to_string())
}

/// The dashboard's totals for the range: tasks, reports (on time + late), activities.
async fn totals(app: &TestApp, client: &Client, extra: &[(&str, &str)]) -> [i64; 3] {
    let (from, to) = range();
    let mut args = vec![("filter[from]", from.as_str()), ("filter[to]", to.as_str())];
    args.extend(extra.iter().map(|(k, v)| (*k, *v)));
    let response = app.call(client, "dashboard", &args).await;
    assert_eq!(response.status(), StatusCode::OK);
    let page: Value = response.json().await.expect("json");
    let n = |v: &Value| v.as_i64().expect("a number");
    let total = &page["total"];
    let tasks = total["tasks"]["by_status"]
        .as_array()
        .expect("statuses")
        .iter()
        .map(n)
        .sum();
    [
        tasks,
        n(&total["reports"]["on_time"]) + n(&total["reports"]["late"]),
        n(&total["activities"]["activities"]),
    ]
}

async fn download(app: &TestApp, client: &Client, file: &str, query: &str) -> reqwest::Response {
    let (from, to) = range();
    client
        .get(app.url(&format!("/export/{file}?from={from}&to={to}{query}")))
        .send()
        .await
        .expect("export")
}

/// The records of a CSV text (quoted fields may hold commas, quotes and line breaks).
pub(crate) fn records(text: &str) -> Vec<Vec<String>> {
    let text = text
        .strip_prefix('\u{feff}')
        .expect("a UTF-8 byte-order mark");
    let (mut rows, mut row, mut field) = (Vec::new(), Vec::new(), String::new());
    let mut quoted = false;
    let mut chars = text.chars().peekable();
    while let Some(c) = chars.next() {
        match (quoted, c) {
            (true, '"') if chars.peek() == Some(&'"') => {
                field.push('"');
                chars.next();
            }
            (true, '"') => quoted = false,
            (true, c) => field.push(c),
            (false, '"') => quoted = true,
            (false, ',') => row.push(std::mem::take(&mut field)),
            (false, '\r') => {}
            (false, '\n') => {
                row.push(std::mem::take(&mut field));
                rows.push(std::mem::take(&mut row));
            }
            (false, c) => field.push(c),
        }
    }
    assert!(row.is_empty() && field.is_empty(), "the last line ends");
    rows
}

async fn csv(app: &TestApp, client: &Client, file: &str, query: &str) -> Vec<Vec<String>> {
    let response = download(app, client, file, query).await;
    assert_eq!(response.status(), StatusCode::OK, "{file}");
    assert_eq!(
        response.headers()["content-type"],
        "text/csv; charset=utf-8"
    );
    let disposition = response.headers()["content-disposition"]
        .to_str()
        .expect("ascii")
        .to_owned();
    assert!(disposition.starts_with("attachment"), "{disposition}");
    assert!(disposition.contains(".csv"), "{disposition}");
    records(&response.text().await.expect("body"))
}

async fn exports_hold_the_rows_the_dashboard_counts(backend: Backend) {
    let app = spawn_app(backend).await;
    app.load_demo().await;
    let coordinator = app.login_as(Role::Coordinator).await;
    let reporter = app.login(DUYSHEEV_REPORTER, REPORTER_PASSWORD).await;

    for (who, client) in [("coordinator", &coordinator), ("reporter", &reporter)] {
        let [tasks, reports, activities] = totals(&app, client, &[]).await;
        let exported = [
            csv(&app, client, "tasks.csv", "&lang=en").await.len() as i64 - 1,
            csv(&app, client, "reports.csv", "&lang=en").await.len() as i64 - 1,
            csv(&app, client, "activities.csv", "&lang=en").await.len() as i64 - 1,
        ];
        assert_eq!(exported, [tasks, reports, activities], "{who}");
        if who == "coordinator" {
            assert!(
                tasks > 0 && reports > 0 && activities > 0,
                "the demo has data"
            );
        }
    }

    // Narrowed to an objective, the tasks are those the dashboard counts under it.
    let [o3_tasks, _, _] = totals(&app, &coordinator, &[("filter[objective]", "O3")]).await;
    let o3 = csv(&app, &coordinator, "tasks.csv", "&objective=O3&lang=en").await;
    assert_eq!(o3.len() as i64 - 1, o3_tasks);
    let concept = o3[0]
        .iter()
        .position(|h| h.starts_with("Concept"))
        .expect("a concept column");
    assert!(o3[1..].iter().all(|row| row[concept].contains("O3")));

    // Headings and labels in the language asked for.
    let english = csv(&app, &coordinator, "tasks.csv", "&lang=en").await;
    assert_eq!(&english[0][..4], ["ID", "Title", "Category", "Status"]);
    let russian = csv(&app, &coordinator, "tasks.csv", "&lang=ru").await;
    assert_eq!(&russian[0][..4], ["ID", "Название", "Категория", "Статус"]);
    let kyrgyz = csv(&app, &coordinator, "tasks.csv", "&lang=ky").await;
    assert_eq!(kyrgyz[0][1], "Аталышы");
    assert_eq!(english.len(), russian.len());

    // A reporter's rows are all their own organisation's.
    let own = csv(&app, &reporter, "tasks.csv", "&lang=ru").await;
    let organization = own[0]
        .iter()
        .position(|h| h == "Организация")
        .expect("an organisation column");
    let names: std::collections::BTreeSet<&str> =
        own[1..].iter().map(|r| r[organization].as_str()).collect();
    assert!(names.len() <= 1, "{names:?}");

    // The workbook holds the same rows and headings.
    let response = download(&app, &coordinator, "tasks.xlsx", "&lang=en").await;
    assert_eq!(response.status(), StatusCode::OK);
    assert_eq!(
        response.headers()["content-type"],
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    );
    let bytes = response.bytes().await.expect("body");
    let mut archive = zip::ZipArchive::new(std::io::Cursor::new(bytes.to_vec())).expect("a zip");
    let mut sheet = String::new();
    archive
        .by_name("xl/worksheets/sheet1.xml")
        .expect("a worksheet")
        .read_to_string(&mut sheet)
        .expect("xml");
    assert_eq!(sheet.matches("<row ").count(), english.len());
    assert!(sheet.contains(">Title<"), "the headings are inline strings");
    let first_title = &english[1][1];
    assert!(sheet.contains(&xml_escape(first_title)), "{first_title}");
    app.stop().await;
}

fn xml_escape(text: &str) -> String {
    text.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;")
}

async fn exports_are_refused_to_those_who_may_not_have_them(backend: Backend) {
    let app = spawn_app(backend).await;
    app.load_demo().await;
    let anonymous = app.client();
    let observer = app.login_as(Role::Observer).await;
    let coordinator = app.login_as(Role::Coordinator).await;
    assert_eq!(
        download(&app, &anonymous, "tasks.csv", "").await.status(),
        StatusCode::UNAUTHORIZED
    );
    // An observer sees published aggregates only, not the rows behind them.
    assert_eq!(
        download(&app, &observer, "reports.xlsx", "").await.status(),
        StatusCode::FORBIDDEN
    );
    // Unknown data sets and formats, and malformed filters, are refused or ignored, never 500.
    assert_eq!(
        download(&app, &coordinator, "users.csv", "").await.status(),
        StatusCode::NOT_FOUND
    );
    assert_eq!(
        download(&app, &coordinator, "tasks.pdf", "").await.status(),
        StatusCode::NOT_FOUND
    );
    let response = coordinator
        .get(app.url(
            "/export/activities.csv?from=yesterday&to=2026-99-99&region=%27;drop&kind=x&lang=zz",
        ))
        .send()
        .await
        .expect("export");
    assert_eq!(response.status(), StatusCode::OK);
    app.stop().await;
}
