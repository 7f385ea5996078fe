//! What a durable commit costs: the demo coordinator comments on a task, one comment after
//! another and then eight at a time, against a running Concord, printing the latency of each
//! write. `.ci/bench` runs it against SQLite twice, with `synchronous = FULL` (the default, a
//! committed write survives a power cut) and with `NORMAL`, so that the closing figures show
//! the difference.
//!
//! Settings (environment): `CONCORD_URL` (default http://127.0.0.1:3200), `WRITES_LABEL` (what
//! to call this run), `WRITES` (200). Requests go to loopback only.

mod common;

use common::{env, login, report};
use std::time::Instant;

#[tokio::main]
async fn main() {
    let base = env("CONCORD_URL", "http://127.0.0.1:3200");
    common::local_only(&base);
    let label = env("WRITES_LABEL", "writes");
    let writes: usize = env("WRITES", "200").parse().expect("WRITES");
    let coordinator = login(
        &base,
        "coordinator@demo.concord.kg",
        "demo-coordinator-password",
    )
    .await;
    // The demo's first task: the coordinator may comment on every task.
    let task = "1".to_owned();
    let comment = |client: reqwest::Client, n: usize| {
        let (base, task) = (base.clone(), task.clone());
        async move {
            let started = Instant::now();
            let body = format!("Комментарий для замера записи {n}");
            let ok = client
                .post(format!("{base}/api/tasks/comment"))
                .form(&[("task_id", task.as_str()), ("body", body.as_str())])
                .send()
                .await
                .is_ok_and(|r| r.status().is_success() || r.status().is_redirection());
            ok.then(|| started.elapsed())
        }
    };

    let mut samples = Vec::with_capacity(writes);
    let mut errors = 0;
    for n in 0..writes {
        match comment(coordinator.clone(), n).await {
            Some(took) => samples.push(took),
            None => errors += 1,
        }
    }
    report(
        &format!("{label}: a comment, one at a time"),
        samples,
        errors,
    );

    let mut samples = Vec::with_capacity(writes);
    let mut errors = 0;
    for batch in (0..writes).collect::<Vec<_>>().chunks(8) {
        let running: Vec<_> = batch
            .iter()
            .map(|n| tokio::spawn(comment(coordinator.clone(), writes + n)))
            .collect();
        for task in running {
            match task.await.ok().flatten() {
                Some(took) => samples.push(took),
                None => errors += 1,
            }
        }
    }
    report(
        &format!("{label}: a comment, eight at once"),
        samples,
        errors,
    );
}
