//! Pages under concurrent load, against a running release build over the national data set:
//! eight connections at once for a fixed time per page (as `wrk -c8` would), each request
//! asking for `br, gzip` as browsers do. Prints, per page, the requests made, failures,
//! p50/p99 latency, requests per second, and the server's peak anonymous resident memory
//! (`RssAnon`: a memory-mapped database file does not count). `.ci/bench` runs it against
//! SQLite and PostgreSQL after `concord demo` and `concord generate --scale national`.
//!
//! Settings (environment): `CONCORD_URL` (default http://127.0.0.1:3200), `SERVER_PID` (the
//! server's process, for its memory), `LOAD_SECONDS` (per page, default 10), `LOAD_CONNECTIONS`
//! (default 8), `LOAD_ONLY` (run only the pages whose name contains it), `CONCORD_BIN` (the
//! `concord` binary: with it and `DATABASE_URL`, the task list is loaded once more while
//! `concord notify` runs the scheduled pass over and over, each for a new day, and the pass's
//! times and the list's p95 with and without it are printed).

mod common;

use common::{deep_page, env, local_only, login, resident_anon_kb};
use std::sync::{
    Arc,
    atomic::{AtomicBool, AtomicU64, Ordering},
};
use std::time::{Duration, Instant};

/// One page to load: its name, the URLs it cycles through, who asks, and any extra header.
struct Page {
    name: String,
    urls: Vec<String>,
    client: reqwest::Client,
    header: Option<(&'static str, String)>,
}

/// What one page's run measured.
struct Figures {
    requests: usize,
    failures: usize,
    p50: Duration,
    p95: Duration,
    p99: Duration,
    rate: f64,
    peak_anon_mb: Option<f64>,
}

fn percentile(sorted: &[Duration], p: f64) -> Duration {
    if sorted.is_empty() {
        return Duration::ZERO;
    }
    sorted[(((sorted.len() - 1) as f64) * p).round() as usize]
}

/// Loads `page` from `connections` tasks at once for `seconds`, sampling the server's memory.
async fn run(page: &Page, connections: usize, seconds: u64, pid: Option<&str>) -> Figures {
    let stop = Arc::new(AtomicBool::new(false));
    let peak = Arc::new(AtomicU64::new(0));
    let sampler = pid.map(|pid| {
        let (pid, stop, peak) = (pid.to_owned(), stop.clone(), peak.clone());
        tokio::spawn(async move {
            while !stop.load(Ordering::Relaxed) {
                if let Some(kb) = resident_anon_kb(&pid) {
                    peak.fetch_max(kb, Ordering::Relaxed);
                }
                tokio::time::sleep(Duration::from_millis(20)).await;
            }
        })
    });
    let started = Instant::now();
    let deadline = started + Duration::from_secs(seconds);
    let mut workers = Vec::new();
    for worker in 0..connections {
        let client = page.client.clone();
        let urls = page.urls.clone();
        let header = page.header.clone();
        workers.push(tokio::spawn(async move {
            let (mut samples, mut failures) = (Vec::new(), 0usize);
            let mut i = worker;
            while Instant::now() < deadline {
                let url = &urls[i % urls.len()];
                i += connections;
                let mut request = client
                    .get(url)
                    .header("accept", "text/html")
                    .header("accept-encoding", "br, gzip");
                if let Some((name, value)) = &header {
                    request = request.header(*name, value);
                }
                let sent = Instant::now();
                let ok = match request.send().await {
                    Ok(r) => {
                        let status = r.status();
                        (status.is_success() || status == reqwest::StatusCode::NOT_MODIFIED)
                            && r.bytes().await.is_ok()
                    }
                    Err(_) => false,
                };
                if ok {
                    samples.push(sent.elapsed());
                } else {
                    failures += 1;
                }
            }
            (samples, failures)
        }));
    }
    let (mut samples, mut failures) = (Vec::new(), 0);
    for worker in workers {
        let (s, f) = worker.await.expect("worker");
        samples.extend(s);
        failures += f;
    }
    let elapsed = started.elapsed().as_secs_f64();
    stop.store(true, Ordering::Relaxed);
    if let Some(sampler) = sampler {
        let _ = sampler.await;
    }
    samples.sort();
    Figures {
        requests: samples.len(),
        failures,
        p50: percentile(&samples, 0.50),
        p95: percentile(&samples, 0.95),
        p99: percentile(&samples, 0.99),
        rate: samples.len() as f64 / elapsed,
        peak_anon_mb: pid.map(|_| peak.load(Ordering::Relaxed) as f64 / 1024.0),
    }
}

#[tokio::main]
async fn main() {
    let base = env("CONCORD_URL", "http://127.0.0.1:3200");
    local_only(&base);
    let pid = std::env::var("SERVER_PID").ok();
    let seconds: u64 = env("LOAD_SECONDS", "10").parse().expect("LOAD_SECONDS");
    let connections: usize = env("LOAD_CONNECTIONS", "8")
        .parse()
        .expect("LOAD_CONNECTIONS");
    let only = std::env::var("LOAD_ONLY").ok();

    let coordinator = login(
        &base,
        "coordinator@demo.concord.kg",
        "demo-coordinator-password",
    )
    .await;
    let busy = login(
        &base,
        "coordinator1@scale.concord.kg",
        "scale-data-password",
    )
    .await;
    let reporter = login(&base, "reporter17@scale.concord.kg", "scale-data-password").await;
    let anonymous = common::client();
    let at =
        |paths: &[&str]| -> Vec<String> { paths.iter().map(|p| format!("{base}{p}")).collect() };

    let task_filters = [
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
    let deep = deep_page(&base, &coordinator, "", 200).await;
    let dashboard_filters = [
        "",
        "from=2021-01-01&to=2026-07-01",
        "region=KG08000000000",
        "kind=local_government",
        "category=treatment",
        "objective=O5",
        "from=2024-01-01&to=2026-07-01&region=KG03000000000&kind=ngo&category=harm_reduction&objective=O6",
    ];
    let scorecard_filters = [
        "",
        "sort=on_time",
        "from=2021-01-01&to=2026-07-01&sort=name",
        "region=KG08000000000&sort=overdue",
        "kind=ngo&objective=O6&sort=activities",
    ];
    // The public page's validator, for the conditional requests a returning browser makes.
    let public = anonymous
        .get(format!("{base}/public"))
        .send()
        .await
        .expect("public");
    let etag = public
        .headers()
        .get("etag")
        .and_then(|v| v.to_str().ok())
        .map(str::to_owned);
    let _ = public.bytes().await;

    let page = |name: &str, urls: Vec<String>, client: &reqwest::Client| Page {
        name: name.to_owned(),
        urls,
        client: client.clone(),
        header: None,
    };
    let mut pages = vec![
        page(
            "/tasks, 12 filters, first page",
            task_filters
                .iter()
                .map(|f| format!("{base}/tasks?{f}"))
                .collect(),
            &coordinator,
        ),
        page(
            "/tasks, 200 pages deep",
            vec![format!("{base}/tasks?{deep}")],
            &coordinator,
        ),
        page(
            "/tasks/{id}",
            (0..500)
                .map(|i| format!("{base}/tasks/{}", 1 + (i * 487) % 50_000))
                .collect(),
            &coordinator,
        ),
        page("/reports", at(&["/reports"]), &coordinator),
        page("/activities", at(&["/activities"]), &coordinator),
        page("/inbox (coordinator, ~1,250 tasks)", at(&["/inbox"]), &busy),
        page("/inbox (reporter)", at(&["/inbox"]), &reporter),
        page(
            "/dashboard, 7 filters",
            dashboard_filters
                .iter()
                .map(|f| format!("{base}/dashboard?{f}"))
                .collect(),
            &coordinator,
        ),
        page(
            "/dashboard/organizations, 5 filters",
            scorecard_filters
                .iter()
                .map(|f| format!("{base}/dashboard/organizations?{f}"))
                .collect(),
            &coordinator,
        ),
        page("/public (anonymous)", at(&["/public"]), &anonymous),
        // The early-warning system over ~400 cases, ~20,000 signals and ~300 substances.
        page(
            "/cases, each stage",
            at(&[
                "/cases",
                "/cases?stage=primary_data",
                "/cases?stage=assessment",
                "/cases?stage=decision",
                "/cases?stage=closed",
            ]),
            &coordinator,
        ),
        page(
            "/cases/{id}",
            (0..100)
                .map(|i| format!("{base}/cases/{}", 1 + (i * 37) % 400))
                .collect(),
            &coordinator,
        ),
        page(
            "/signals, 3 filters",
            at(&[
                "/signals",
                "/signals?unlinked=1",
                "/signals?source=poisoning&page=20",
            ]),
            &coordinator,
        ),
        page(
            "/signals/{id}",
            (0..100)
                .map(|i| format!("{base}/signals/{}", 1 + (i * 197) % 20_000))
                .collect(),
            &coordinator,
        ),
        page(
            "/substances/{id} (signals, map)",
            (0..50)
                .map(|i| format!("{base}/substances/{}", 1 + (i * 7) % 300))
                .collect(),
            &coordinator,
        ),
        page(
            "/substances, 5 searches",
            at(&[
                "/substances?q=%D0%BA%D0%B0%D1%82%D0%B8%D0%BD%D0%BE%D0%BD",
                "/substances?q=NPS-1",
                "/substances?q=mephedrone",
                "/substances?group=synthetic_cannabinoid",
                "/substances?q=14530-33-7",
            ]),
            &coordinator,
        ),
    ];
    if let Some(etag) = etag {
        pages.push(Page {
            header: Some(("if-none-match", etag)),
            ..page(
                "/public (anonymous, revalidated: 304)",
                at(&["/public"]),
                &anonymous,
            )
        });
    }

    println!(
        "{:<40} {:>8} {:>6} {:>9} {:>9} {:>9} {:>8} {:>10}",
        "page", "requests", "fail", "p50 ms", "p95 ms", "p99 ms", "req/s", "RssAnon MB"
    );
    let mut peak: f64 = 0.0;
    for page in pages
        .iter()
        .filter(|p| only.as_deref().is_none_or(|o| p.name.contains(o)))
    {
        let f = run(page, connections, seconds, pid.as_deref()).await;
        let memory = f
            .peak_anon_mb
            .map_or("-".to_owned(), |mb| format!("{mb:.0}"));
        peak = peak.max(f.peak_anon_mb.unwrap_or(0.0));
        println!(
            "{:<40} {:>8} {:>6} {:>9.2} {:>9.2} {:>9.2} {:>8.0} {:>10}",
            page.name,
            f.requests,
            f.failures,
            f.p50.as_secs_f64() * 1000.0,
            f.p95.as_secs_f64() * 1000.0,
            f.p99.as_secs_f64() * 1000.0,
            f.rate,
            memory
        );
    }
    if pid.is_some() {
        println!("peak RssAnon over the run: {peak:.0} MB");
    }
    if let (Ok(bin), Some(list)) = (
        std::env::var("CONCORD_BIN"),
        pages.iter().find(|p| p.name.starts_with("/tasks, ")),
    ) {
        during_the_pass(&bin, list, connections, seconds, pid.as_deref()).await;
    }
}

/// The task list loaded while `concord notify` runs the scheduled pass again and again (each
/// time for the next day, from 1 January 2027, so every pass has reminders to write), beside
/// the same load without it.
async fn during_the_pass(
    bin: &str,
    list: &Page,
    connections: usize,
    seconds: u64,
    pid: Option<&str>,
) {
    let quiet = run(list, connections, seconds, pid).await;
    let stop = Arc::new(AtomicBool::new(false));
    let passes = {
        let (bin, stop) = (bin.to_owned(), stop.clone());
        std::thread::spawn(move || {
            let mut times = Vec::new();
            let mut day = time::macros::date!(2027 - 01 - 01);
            while !stop.load(Ordering::Relaxed) {
                let started = Instant::now();
                let status = std::process::Command::new(&bin)
                    .args(["notify", "--date", &day.to_string()])
                    .stdout(std::process::Stdio::null())
                    .status()
                    .expect("concord notify");
                assert!(status.success(), "concord notify failed");
                times.push(started.elapsed());
                day = day.next_day().expect("a day");
            }
            times
        })
    };
    let busy = run(list, connections, seconds, pid).await;
    stop.store(true, Ordering::Relaxed);
    let mut times = passes.join().expect("passes");
    times.sort();
    println!();
    println!(
        "{:<40} {:>8} {:>6} {:>9} {:>9} {:>9} {:>8}",
        "/tasks, 12 filter combinations", "requests", "fail", "p50 ms", "p95 ms", "p99 ms", "req/s"
    );
    for (name, f) in [("without the pass", &quiet), ("during the pass", &busy)] {
        println!(
            "{:<40} {:>8} {:>6} {:>9.2} {:>9.2} {:>9.2} {:>8.0}",
            name,
            f.requests,
            f.failures,
            f.p50.as_secs_f64() * 1000.0,
            f.p95.as_secs_f64() * 1000.0,
            f.p99.as_secs_f64() * 1000.0,
            f.rate
        );
    }
    println!(
        "scheduled passes (concord notify, one day each): {} runs, median {:.2} s, longest {:.2} s",
        times.len(),
        percentile(&times, 0.5).as_secs_f64(),
        times.last().copied().unwrap_or_default().as_secs_f64()
    );
}
