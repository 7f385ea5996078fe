//! Dashboard latencies over national-scale data (~800,000 reports, 200,000 activities),
//! against a running release build: the whole page as a browser asks for it, unfiltered and
//! under each filter (period range up to six years, region, organisation kind, category,
//! objective, and all at once), for a coordinator (read from the tallies), an observer (the
//! published columns) and a reporter (their organisation's own rows). `.ci/bench` runs it
//! against SQLite and PostgreSQL after `concord generate`.
//!
//! Settings (environment): `CONCORD_URL` (default http://127.0.0.1:3200), `BENCH_ROUNDS`
//! (default 100).

mod common;

use common::{env, local_only, login, measure};

#[tokio::main]
async fn main() {
    let base = env("CONCORD_URL", "http://127.0.0.1:3200");
    local_only(&base);
    let rounds: usize = env("BENCH_ROUNDS", "100").parse().expect("BENCH_ROUNDS");
    let coordinator = login(
        &base,
        "coordinator@demo.concord.kg",
        "demo-coordinator-password",
    )
    .await;
    let filters = [
        "",
        "from=2021-01-01&to=2026-07-01",
        "region=KG08000000000",
        "kind=local_government",
        "category=treatment",
        "objective=O5",
        "from=2024-01-01&to=2026-07-01&region=KG03000000000&kind=ngo&category=harm_reduction&objective=O6",
    ];
    for filter in filters {
        let name = if filter.is_empty() {
            "dashboard, last 4 quarters".to_owned()
        } else {
            format!(
                "dashboard, {}",
                filter
                    .split('&')
                    .map(|f| f.split('=').next().unwrap_or(""))
                    .collect::<Vec<_>>()
                    .join("+")
            )
        };
        let urls = vec![format!("{base}/dashboard?{filter}")];
        measure(&name, &coordinator, &urls, rounds).await;
    }
    let observer = login(&base, "observer@demo.concord.kg", "demo-observer-password").await;
    let urls = vec![
        format!("{base}/dashboard"),
        format!("{base}/dashboard?from=2021-01-01&to=2026-07-01"),
    ];
    measure("dashboard (observer: published)", &observer, &urls, rounds).await;
    let reporter = login(&base, "reporter17@scale.concord.kg", "scale-data-password").await;
    let urls = vec![
        format!("{base}/dashboard"),
        format!("{base}/dashboard?from=2021-01-01&to=2026-07-01"),
    ];
    measure(
        "dashboard (reporter: own organisation)",
        &reporter,
        &urls,
        rounds,
    )
    .await;
}
