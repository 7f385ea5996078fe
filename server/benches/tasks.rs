//! Task latencies over national-scale data, against a running release build: the task list
//! under many filter combinations (first pages, and a page deep into the list), task pages,
//! inboxes, and one bulk assignment to every local self-government body. `.ci/bench` loads
//! `concord generate --scale national` first and runs this against SQLite and PostgreSQL.
//!
//! Settings (environment): `CONCORD_URL` (default http://127.0.0.1:3200), `BENCH_ROUNDS`
//! (requests per measurement, default 100). Requests go to loopback only.

mod common;

use common::{env, login, measure};
use std::time::Instant;

/// The query string of the page `depth` pages into the list for `query`.
async fn deep_page(base: &str, client: &reqwest::Client, query: &str, depth: usize) -> String {
    let mut current = query.to_owned();
    for _ in 0..depth {
        let mut form: Vec<(String, String)> = Vec::new();
        for pair in current.split('&').filter(|p| !p.is_empty()) {
            let (k, v) = pair.split_once('=').unwrap_or((pair, ""));
            form.push((format!("filter[{k}]"), v.replace("%20", " ")));
        }
        if form.is_empty() {
            form.push(("filter[sort]".into(), "due".into()));
        }
        let page: serde_json::Value = client
            .post(format!("{base}/api/tasks/list"))
            .form(&form)
            .send()
            .await
            .expect("list")
            .json()
            .await
            .expect("json");
        match page["next"].as_str() {
            Some(next) => current = next.to_owned(),
            None => break,
        }
    }
    current
}

#[tokio::main]
async fn main() {
    let base = env("CONCORD_URL", "http://127.0.0.1:3200");
    common::local_only(&base);
    let rounds: usize = env("BENCH_ROUNDS", "100").parse().expect("BENCH_ROUNDS");
    let coordinator = login(
        &base,
        "coordinator@demo.concord.kg",
        "demo-coordinator-password",
    )
    .await;

    let filters = [
        "",
        "status=in_progress",
        "overdue=1",
        "category=harm_reduction&region=KG08000000000",
        "objective=O3&sort=priority",
        "goal=G2&kind=ngo",
        "direction=D1&status=completed&sort=newest",
        "region=KG06000000000&district=KG06226000000",
        "due_from=2026-01-01&due_to=2026-06-30&sort=due_desc",
        "q=%D1%88%D0%BA%D0%BE%D0%BB",
        "q=outreach&status=assigned",
        "kind=local_government&overdue=1&sort=priority",
    ];
    let urls: Vec<String> = filters
        .iter()
        .map(|f| format!("{base}/tasks?{f}"))
        .collect();
    measure(
        "task list, 12 filter combinations, page 1",
        &coordinator,
        &urls,
        rounds,
    )
    .await;

    let mut deep = Vec::new();
    for f in [
        "",
        "status=in_progress",
        "kind=local_government&sort=newest",
    ] {
        let q = deep_page(&base, &coordinator, f, 40).await;
        deep.push(format!("{base}/tasks?{q}"));
    }
    measure(
        "task list, page 40 (keyset cursor)",
        &coordinator,
        &deep,
        rounds,
    )
    .await;

    // Task pages spread over the whole table.
    let ids: Vec<String> = (0..rounds)
        .map(|i| format!("{base}/tasks/{}", 1 + (i * 487) % 50_000))
        .collect();
    measure("task page (coordinator)", &coordinator, &ids, rounds).await;

    let reporter = login(&base, "reporter17@scale.concord.kg", "scale-data-password").await;
    let mine: Vec<String> = vec![format!("{base}/inbox"), format!("{base}/tasks")];
    measure("inbox and task list (reporter)", &reporter, &mine, rounds).await;
    let busy = login(
        &base,
        "coordinator1@scale.concord.kg",
        "scale-data-password",
    )
    .await;
    measure(
        "inbox (coordinator with ~1,250 tasks)",
        &busy,
        &[format!("{base}/inbox")],
        rounds,
    )
    .await;

    // One bulk assignment to every local self-government body.
    let started = Instant::now();
    let response = coordinator
        .post(format!("{base}/api/tasks/create"))
        .form(&[
            ("written_in", "ru"),
            ("title_ky", ""),
            (
                "title_ru",
                "Нагрузочная проверка: поручение всем органам МСУ",
            ),
            ("title_en", ""),
            ("description_ky", ""),
            ("description_ru", ""),
            ("description_en", ""),
            ("category", "primary_prevention"),
            ("objectives[]", "O1"),
            ("assign_to", "many"),
            ("bulk_kind", "local_government"),
            ("coverage", "national"),
            ("start_date", "2026-12-01"),
            ("due_date", "2027-03-01"),
            ("priority", "normal"),
            ("expected_result", ""),
            ("target_value", ""),
            ("target_unit", ""),
            ("intent", "assign"),
        ])
        .send()
        .await
        .expect("bulk assignment");
    println!(
        "bulk assignment to every local self-government body: {} in {:.0} ms",
        response.status(),
        started.elapsed().as_secs_f64() * 1000.0
    );
}
