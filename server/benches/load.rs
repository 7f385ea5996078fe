//! A repeatable load run against a running Concord (a release build), printing latency
//! percentiles: logins one after another, then the logged-in home page at a fixed rate.
//! `.ci/bench` starts a server on each database and runs this against it.
//!
//! Settings (environment): `CONCORD_URL` (default http://127.0.0.1:3200), `LOAD_EMAIL` and
//! `LOAD_PASSWORD` (default: the demo coordinator), `LOAD_RATE` requests per second (100),
//! `LOAD_SECONDS` (20), `LOAD_LOGINS` (40). Requests go to loopback only and stop by themselves.

mod common;

use common::{client, env, report};
use std::time::{Duration, Instant};

#[tokio::main]
async fn main() {
    let base = env("CONCORD_URL", "http://127.0.0.1:3200");
    common::local_only(&base);
    let email = env("LOAD_EMAIL", "coordinator@demo.concord.kg");
    let password = env("LOAD_PASSWORD", "demo-coordinator-password");
    let rate: u64 = env("LOAD_RATE", "100").parse().expect("LOAD_RATE");
    let seconds: u64 = env("LOAD_SECONDS", "20").parse().expect("LOAD_SECONDS");
    let logins: usize = env("LOAD_LOGINS", "40").parse().expect("LOAD_LOGINS");
    let form = [("email", email.as_str()), ("password", password.as_str())];

    // Logins, one after another (each hashes with argon2id).
    let mut samples = Vec::with_capacity(logins);
    let mut errors = 0;
    for _ in 0..logins {
        let client = client();
        let started = Instant::now();
        match client
            .post(format!("{base}/api/login"))
            .form(&form)
            .send()
            .await
        {
            Ok(r) if r.status().is_success() => samples.push(started.elapsed()),
            _ => errors += 1,
        }
    }
    report("login", samples, errors);

    // The home page for a logged-in user at a fixed rate.
    let user = client();
    let response = user
        .post(format!("{base}/api/login"))
        .form(&form)
        .send()
        .await
        .expect("login");
    assert!(
        response.status().is_success(),
        "login failed: {}",
        response.status()
    );
    let total = rate * seconds;
    let mut ticker = tokio::time::interval(Duration::from_micros(1_000_000 / rate.max(1)));
    ticker.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Burst);
    let mut tasks = Vec::with_capacity(total as usize);
    for _ in 0..total {
        ticker.tick().await;
        let (user, url) = (user.clone(), format!("{base}/"));
        tasks.push(tokio::spawn(async move {
            let started = Instant::now();
            let ok = match user.get(url).header("accept", "text/html").send().await {
                Ok(r) => r.status().is_success() && r.bytes().await.is_ok(),
                Err(_) => false,
            };
            (ok, started.elapsed())
        }));
    }
    let (mut samples, mut errors) = (Vec::with_capacity(tasks.len()), 0);
    for task in tasks {
        match task.await {
            Ok((true, elapsed)) => samples.push(elapsed),
            _ => errors += 1,
        }
    }
    report(&format!("home (logged in, {rate}/s)"), samples, errors);
}
