//! What the load harnesses share: settings from the environment, a browser-like client and
//! latency percentiles.

use std::time::Duration;

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

/// A client with its own cookie jar that does not follow redirects, like a browser tab.
pub fn client() -> reqwest::Client {
    reqwest::Client::builder()
        .cookie_store(true)
        .redirect(reqwest::redirect::Policy::none())
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
