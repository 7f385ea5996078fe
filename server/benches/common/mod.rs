//! What the load harnesses share: settings from the environment, a browser-like client and
//! latency percentiles.

// Shared by several harnesses, each of which uses only part of it.
#![allow(dead_code)]

use std::time::{Duration, Instant};

/// A setting from the environment, or its default.
pub fn env(name: &str, default: &str) -> String {
    std::env::var(name).unwrap_or_else(|_| default.to_owned())
}

fn percentile(sorted: &[Duration], p: f64) -> Duration {
    if sorted.is_empty() {
        return Duration::ZERO;
    }
    let index = ((sorted.len() as f64 - 1.0) * p).round() as usize;
    sorted[index.min(sorted.len() - 1)]
}

/// Prints one line of figures for a measurement.
pub fn report(name: &str, mut samples: Vec<Duration>, errors: usize) {
    samples.sort();
    let ms = |d: Duration| d.as_secs_f64() * 1000.0;
    println!(
        "{name:<44} n={:<5} errors={errors:<3} p50={:>7.2} ms  p95={:>7.2} ms  p99={:>7.2} ms  max={:>7.2} ms",
        samples.len(),
        ms(percentile(&samples, 0.50)),
        ms(percentile(&samples, 0.95)),
        ms(percentile(&samples, 0.99)),
        ms(samples.last().copied().unwrap_or_default()),
    );
}

/// A client with its own cookie jar that does not follow redirects and names the site it is on
/// as its `Origin` (as browsers do with the forms they post), like a browser tab.
pub fn client() -> reqwest::Client {
    let base = std::env::var("CONCORD_URL").unwrap_or_else(|_| "http://127.0.0.1:3200".into());
    let mut headers = reqwest::header::HeaderMap::new();
    headers.insert(
        reqwest::header::ORIGIN,
        reqwest::header::HeaderValue::from_str(&base).expect("origin"),
    );
    reqwest::Client::builder()
        .cookie_store(true)
        .redirect(reqwest::redirect::Policy::none())
        // A request that takes this long is a failure to report, not a reason to wait forever.
        .timeout(std::time::Duration::from_secs(15))
        .default_headers(headers)
        .build()
        .expect("client")
}

/// Refuses any address but this machine's.
pub fn local_only(base: &str) {
    assert!(
        base.starts_with("http://127.0.0.1") || base.starts_with("http://localhost"),
        "load runs against this machine only, not {base}"
    );
}

/// A client logged in as `email`.
pub async fn login(base: &str, email: &str, password: &str) -> reqwest::Client {
    let c = client();
    let r = c
        .post(format!("{base}/api/login"))
        .form(&[("email", email), ("password", password)])
        .send()
        .await
        .expect("login");
    assert!(r.status().is_success(), "login as {email}: {}", r.status());
    c
}

/// Times `rounds` GETs of each URL in turn (HTML pages, as a browser asks for them).
pub async fn measure(name: &str, client: &reqwest::Client, urls: &[String], rounds: usize) {
    let mut samples = Vec::with_capacity(rounds);
    let mut errors = 0;
    for i in 0..rounds {
        let url = &urls[i % urls.len()];
        let started = Instant::now();
        let ok = match client.get(url).header("accept", "text/html").send().await {
            Ok(r) => r.status().is_success() && r.bytes().await.is_ok(),
            Err(_) => false,
        };
        if ok {
            samples.push(started.elapsed());
        } else {
            errors += 1;
        }
    }
    report(name, samples, errors);
}

/// The query string of the page `depth` pages into the list for `query`.
pub async fn deep_page(base: &str, client: &reqwest::Client, query: &str, depth: usize) -> String {
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

/// A process's anonymous resident memory in kB (`RssAnon`: its heap and stacks, not the
/// database file it maps), from `/proc`.
pub fn resident_anon_kb(pid: &str) -> Option<u64> {
    let status = std::fs::read_to_string(format!("/proc/{pid}/status")).ok()?;
    status
        .lines()
        .find(|l| l.starts_with("RssAnon:"))?
        .split_whitespace()
        .nth(1)?
        .parse()
        .ok()
}

/// A process's resident memory in kB, from `/proc`.
pub fn resident_kb(pid: &str) -> Option<u64> {
    let status = std::fs::read_to_string(format!("/proc/{pid}/status")).ok()?;
    status
        .lines()
        .find(|l| l.starts_with("VmRSS:"))?
        .split_whitespace()
        .nth(1)?
        .parse()
        .ok()
}

/// Samples a process's resident memory every 2 ms until stopped, keeping the peak.
pub struct MemorySampler {
    baseline: Option<u64>,
    peak: std::sync::Arc<std::sync::atomic::AtomicU64>,
    task: Option<tokio::task::JoinHandle<()>>,
}

impl MemorySampler {
    /// Starts sampling `pid` (nothing when it is not given).
    pub fn start(pid: Option<String>) -> MemorySampler {
        let baseline = pid.as_deref().and_then(resident_kb);
        let peak = std::sync::Arc::new(std::sync::atomic::AtomicU64::new(0));
        let task = pid.map(|pid| {
            let peak = peak.clone();
            tokio::spawn(async move {
                loop {
                    if let Some(kb) = resident_kb(&pid) {
                        peak.fetch_max(kb, std::sync::atomic::Ordering::Relaxed);
                    }
                    tokio::time::sleep(Duration::from_millis(2)).await;
                }
            })
        });
        MemorySampler {
            baseline,
            peak,
            task,
        }
    }

    /// Stops and prints the baseline, the peak and the largest rise during `what`.
    pub fn stop(self, what: &str) {
        if let Some(task) = self.task {
            task.abort();
        }
        match self.baseline {
            Some(before) => {
                let peak = self.peak.load(std::sync::atomic::Ordering::Relaxed);
                println!(
                    "server memory during {what}: {before} kB before, peak {peak} kB, largest rise {} kB",
                    peak.saturating_sub(before)
                );
            }
            None => println!("server memory during {what}: SERVER_PID not set, not sampled"),
        }
    }
}
