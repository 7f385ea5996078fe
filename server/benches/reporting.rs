//! What the coordinating body reports with, over national-scale data, against a running
//! release build: the public page as anonymous visitors get it (kept for five minutes, so
//! served from memory after the first), the organisation scorecards under filters, the
//! printable report, and exports of about 100,000 rows as CSV and XLSX with their time, size
//! and the server's memory rise. `.ci/bench` runs it against SQLite and PostgreSQL after
//! `concord generate`.
//!
//! Settings (environment): `CONCORD_URL` (default http://127.0.0.1:3200), `BENCH_ROUNDS`
//! (default 100), `SERVER_PID` (the server's process id, for the memory figure).

mod common;

use common::{MemorySampler, client, env, local_only, login, measure, report};
use std::time::Instant;

/// Downloads one export in full, timing it and counting its CSV lines.
async fn export(client: &reqwest::Client, url: &str, name: &str, pid: Option<String>) {
    let memory = MemorySampler::start(pid);
    let started = Instant::now();
    let response = client.get(url).send().await.expect("export");
    assert!(
        response.status().is_success(),
        "{name}: {}",
        response.status()
    );
    let bytes = response.bytes().await.expect("body");
    let elapsed = started.elapsed();
    memory.stop(name);
    let rows = if name.contains("CSV") {
        format!("{} rows, ", bytecount_lines(&bytes).saturating_sub(1))
    } else {
        String::new()
    };
    println!(
        "{name:<44} {rows}{} kB in {:.2} s",
        bytes.len() / 1024,
        elapsed.as_secs_f64()
    );
    report(name, vec![elapsed], 0);
}

fn bytecount_lines(bytes: &[u8]) -> usize {
    bytes.windows(2).filter(|w| w == b"\r\n").count()
}

#[tokio::main]
async fn main() {
    let base = env("CONCORD_URL", "http://127.0.0.1:3200");
    local_only(&base);
    let rounds: usize = env("BENCH_ROUNDS", "100").parse().expect("BENCH_ROUNDS");
    let pid = std::env::var("SERVER_PID").ok();

    // The public page: the first request fills the cache, the rest are served from it.
    let anonymous = client();
    let first = Instant::now();
    let _ = anonymous
        .get(format!("{base}/public"))
        .send()
        .await
        .expect("public")
        .bytes()
        .await;
    println!(
        "public page, first (uncached) request: {:.2} ms",
        first.elapsed().as_secs_f64() * 1000.0
    );
    measure(
        "public page (cached), anonymous",
        &anonymous,
        &[format!("{base}/public")],
        rounds,
    )
    .await;
    let public_api = format!("{base}/api/public");
    let mut samples = Vec::with_capacity(rounds);
    for _ in 0..rounds {
        let started = Instant::now();
        let r = anonymous
            .post(&public_api)
            .send()
            .await
            .expect("public api");
        let _ = r.bytes().await;
        samples.push(started.elapsed());
    }
    report("public figures (cached), server function", samples, 0);

    let coordinator = login(
        &base,
        "coordinator@demo.concord.kg",
        "demo-coordinator-password",
    )
    .await;
    let scorecards = [
        "",
        "sort=on_time",
        "from=2021-01-01&to=2026-07-01&sort=name",
        "region=KG08000000000&sort=overdue",
        "kind=ngo&objective=O6&sort=activities",
    ]
    .map(|f| format!("{base}/dashboard/organizations?{f}"));
    measure(
        "organisation scorecards, 5 filters",
        &coordinator,
        &scorecards,
        rounds,
    )
    .await;
    measure(
        "printable report, last 4 quarters",
        &coordinator,
        &[format!("{base}/dashboard/report")],
        rounds.min(30),
    )
    .await;

    // Three quarters of reports: about 100,000 rows at national scale.
    let calendar = app::domain::reports::periods::Calendar::default();
    let last = calendar.last_ended(app::backend::today());
    let first = calendar.previous(calendar.previous(last));
    let range = format!(
        "from={}&to={}",
        app::domain::tasks::inputs::date_to_iso(first.start),
        app::domain::tasks::inputs::date_to_iso(last.start)
    );
    export(
        &coordinator,
        &format!("{base}/export/reports.csv?{range}&lang=ru"),
        "export: reports, 3 quarters, CSV",
        pid.clone(),
    )
    .await;
    export(
        &coordinator,
        &format!("{base}/export/reports.xlsx?{range}&lang=ru"),
        "export: reports, 3 quarters, XLSX",
        pid.clone(),
    )
    .await;
    export(
        &coordinator,
        &format!("{base}/export/activities.xlsx?from=2021-01-01&to=2026-07-01&lang=en"),
        "export: activities, all years, XLSX",
        pid,
    )
    .await;
}
