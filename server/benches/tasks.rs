//! Task latencies over national-scale data, against a running release build: the task list
//! under many filter combinations (first pages, and a page deep into the list), task pages,
//! inboxes, and one bulk assignment to every local self-government body. `.ci/bench` loads
//! `concord generate --scale national` first and runs this against SQLite and PostgreSQL.
//!
//! Settings (environment): `CONCORD_URL` (default http://127.0.0.1:3200), `BENCH_ROUNDS`
//! (requests per measurement, default 100). Requests go to loopback only.

mod common;

use common::{deep_page, env, login, measure};
use std::time::Instant;

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

    // One bulk assignment to every local self-government body (the task form posts its
    // fields as `form[…]`).
    let started = Instant::now();
    let response = coordinator
        .post(format!("{base}/api/tasks/create"))
        .form(&[
            ("form[written_in]", "ru"),
            ("form[title_ky]", ""),
            (
                "form[title_ru]",
                "Нагрузочная проверка: поручение всем органам МСУ",
            ),
            ("form[title_en]", ""),
            ("form[description_ky]", ""),
            ("form[description_ru]", ""),
            ("form[description_en]", ""),
            ("form[category]", "primary_prevention"),
            ("form[objectives][]", "O1"),
            ("form[assign_to]", "many"),
            ("form[bulk_kind]", "local_government"),
            ("form[coverage]", "national"),
            ("form[start_date]", "2026-12-01"),
            ("form[due_date]", "2027-03-01"),
            ("form[priority]", "normal"),
            ("form[expected_result]", ""),
            ("form[target_value]", ""),
            ("form[target_unit]", ""),
            ("form[intent]", "assign"),
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
