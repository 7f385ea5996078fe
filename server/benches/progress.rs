//! Report, activity and indicator latencies over national-scale data (~800,000 reports,
//! 200,000 activities), against a running release build: the report list under several
//! filters (first pages and a page deep in), the activity list, the missing-reports view for
//! the last ended quarter and an older one (and one organisation's tasks), and the memory a
//! 10 MB evidence upload takes: the server's resident memory is sampled every few
//! milliseconds during three uploads and the largest rise over the level before is printed.
//! `.ci/bench` runs it against SQLite and PostgreSQL after `concord generate`.
//!
//! Settings (environment): `CONCORD_URL` (default http://127.0.0.1:3200), `BENCH_ROUNDS`
//! (default 100), `SERVER_PID` (the server's process id, for the memory figure).

mod common;

use common::{env, login, measure, report};
use std::time::Instant;

/// Follows `next` `depth` times through a list server function; gives the query of that page.
async fn deep(base: &str, client: &reqwest::Client, endpoint: &str, depth: usize) -> String {
    let mut query = String::new();
    for _ in 0..depth {
        let mut form: Vec<(String, String)> = query
            .split('&')
            .filter(|p| !p.is_empty())
            .filter_map(|p| p.split_once('='))
            .map(|(k, v)| (format!("filter[{k}]"), v.to_owned()))
            .collect();
        if form.is_empty() {
            form.push(("filter[late]".into(), "false".into()));
        }
        let page: serde_json::Value = client
            .post(format!("{base}/api/{endpoint}"))
            .form(&form)
            .send()
            .await
            .expect("list")
            .json()
            .await
            .expect("json");
        match page["next"].as_str() {
            Some(next) => query = next.to_owned(),
            None => break,
        }
    }
    query
}

/// Uploads a 10 MB PDF to a draft report three times while sampling the server's memory.
async fn upload_memory(base: &str, pid: Option<String>) {
    let reporter = login(base, "reporter17@scale.concord.kg", "scale-data-password").await;
    let drafts: serde_json::Value = reporter
        .post(format!("{base}/api/reports/list"))
        .form(&[("filter[status]", "draft")])
        .send()
        .await
        .expect("drafts")
        .json()
        .await
        .expect("json");
    let Some(id) = drafts["rows"][0]["id"].as_i64() else {
        println!("upload: no draft report for reporter17; skipped");
        return;
    };
    let mut pdf = b"%PDF-1.4\n".to_vec();
    pdf.resize(10 * 1024 * 1024 - 16, b' ');
    pdf.extend_from_slice(b"\n%%EOF\n");
    let memory = common::MemorySampler::start(pid);
    let mut samples = Vec::new();
    for _ in 0..3 {
        let edit = reporter
            .post(format!("{base}/api/reports/edit"))
            .form(&[("report_id", id.to_string())])
            .send()
            .await
            .expect("edit");
        let page: serde_json::Value = edit.json().await.expect("json");
        let version = page["page"]["version"].as_i64().unwrap_or(1);
        let form = reqwest::multipart::Form::new()
            .text("version", version.to_string())
            .text("intent", "save")
            .part(
                "evidence",
                reqwest::multipart::Part::bytes(pdf.clone()).file_name("evidence.pdf"),
            );
        let started = Instant::now();
        let response = reporter
            .post(format!("{base}/reports/{id}/save"))
            .multipart(form)
            .send()
            .await
            .expect("upload");
        assert!(
            response.status().is_redirection(),
            "upload: {}",
            response.status()
        );
        samples.push(started.elapsed());
    }
    memory.stop("the uploads");
    report("upload of a 10 MB PDF (3 uploads)", samples, 0);
}

#[tokio::main]
async fn main() {
    let base = env("CONCORD_URL", "http://127.0.0.1:3200");
    common::local_only(&base);
    let rounds: usize = env("BENCH_ROUNDS", "100").parse().expect("BENCH_ROUNDS");
    let pid = std::env::var("SERVER_PID").ok();
    let coordinator = login(
        &base,
        "coordinator@demo.concord.kg",
        "demo-coordinator-password",
    )
    .await;

    // The quarters as the default calendar makes them, newest first.
    let calendar = app::domain::reports::periods::Calendar::default();
    let today = app::backend::today();
    let mut period = calendar.period_of(today);
    let mut periods = Vec::new();
    for _ in 0..8 {
        periods.push(app::domain::tasks::inputs::date_to_iso(period.start));
        period = calendar.previous(period);
    }
    // periods[0] is the current quarter, [1] the last ended, [5] a year before it.
    let last_ended = periods.get(1).cloned().unwrap_or_default();
    let older = periods.get(5).cloned().unwrap_or_default();

    let filters = [
        String::new(),
        "status=submitted".to_owned(),
        "status=returned".to_owned(),
        format!("period={last_ended}"),
        format!("period={older}&status=accepted"),
        "late=1".to_owned(),
        format!("period={last_ended}&late=1"),
        "organization=120".to_owned(),
    ];
    let urls: Vec<String> = filters
        .iter()
        .map(|f| format!("{base}/reports?{f}"))
        .collect();
    measure(
        "report list, 8 filters, page 1",
        &coordinator,
        &urls,
        rounds,
    )
    .await;
    let deep_query = deep(&base, &coordinator, "reports/list", 20).await;
    measure(
        "report list, page 20 (keyset)",
        &coordinator,
        &[format!("{base}/reports?{deep_query}")],
        rounds,
    )
    .await;

    let activity_filters = [
        "",
        "type=outreach",
        "status=logged",
        "region=KG08000000000",
        "objective=O6&status=verified",
        "from=2025-01-01&to=2025-12-31",
        "organization=120",
    ];
    let urls: Vec<String> = activity_filters
        .iter()
        .map(|f| format!("{base}/activities?{f}"))
        .collect();
    measure(
        "activity list, 7 filters, page 1",
        &coordinator,
        &urls,
        rounds,
    )
    .await;

    let urls = vec![
        format!("{base}/reports/missing?period={last_ended}"),
        format!("{base}/reports/missing?period={older}"),
    ];
    measure(
        "missing reports, whole country",
        &coordinator,
        &urls,
        rounds,
    )
    .await;
    let urls = vec![format!(
        "{base}/reports/missing?period={last_ended}&organization=120"
    )];
    measure(
        "missing reports, one organisation",
        &coordinator,
        &urls,
        rounds,
    )
    .await;

    let reporter = login(&base, "reporter17@scale.concord.kg", "scale-data-password").await;
    let urls = vec![format!("{base}/reports"), format!("{base}/inbox")];
    measure("report list and inbox (reporter)", &reporter, &urls, rounds).await;
    measure(
        "indicator catalogue",
        &coordinator,
        &[format!("{base}/indicators")],
        rounds,
    )
    .await;

    upload_memory(&base, pid).await;
}
