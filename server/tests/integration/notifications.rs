//! Notifications end to end on SQLite and PostgreSQL: each change tells exactly the people it
//! concerns (the lead organisation's active reporters; on a reassignment the old lead's too; the
//! task's coordinator of a comment or a submitted report), never the person who made it, never
//! about a draft and never twice; the centre shows and marks read only the caller's own, and
//! refuses anonymous callers.

use crate::support::{Backend, TestApp, on_both, spawn_app};
use crate::tasks::{DUYSHEEV_REPORTER, NGO_REPORTER, REPORTER_PASSWORD, create_for, make, org_of};
use app::domain::roles::Role;
use app::on_db;
use reqwest::StatusCode;

on_both!(
    each_change_tells_exactly_the_people_it_concerns,
    the_centre_shows_and_marks_only_ones_own,
    due_dates_are_recalled_once_a_week_before_on_the_day_and_three_days_after,
);

const COORDINATOR: &str = "coordinator@demo.concord.kg";

/// Who was told `kind` about `task`, by email, sorted.
async fn told(app: &TestApp, task: i64, kind: &str) -> Vec<String> {
    on_db!(&app.state.db, pool => sqlx::query_scalar(
        "select u.email from notifications n join users u on u.user_id = n.user_id \
         where n.task_id = $1 and n.kind = $2 order by u.email")
        .bind(task).bind(kind).fetch_all(pool).await)
    .expect("notifications")
}

/// The active reporters of `org`, by email, sorted.
async fn reporters_of(app: &TestApp, org: i64) -> Vec<String> {
    on_db!(&app.state.db, pool => sqlx::query_scalar(
        "select email from users where organization_id = $1 and role = 'reporter' and is_active \
         order by email")
        .bind(org).fetch_all(pool).await)
    .expect("reporters")
}

/// The scheduled pass as of noon in Bishkek on `day`.
pub async fn pass_on(
    app: &TestApp,
    day: time::Date,
    dry_run: bool,
) -> Result<Vec<(app::domain::notifications::Kind, u64)>, app::error::AppError> {
    let at = day
        .with_time(time::macros::time!(12:00))
        .assume_offset(app::i18n::BISHKEK);
    app::backend::reminders::pass(&app.state, at, dry_run).await
}

fn sorted(mut emails: Vec<String>) -> Vec<String> {
    emails.sort();
    emails.dedup();
    emails
}

async fn each_change_tells_exactly_the_people_it_concerns(backend: Backend) {
    let app = spawn_app(backend).await;
    app.load_demo().await;
    let coordinator = app.login_as(Role::Coordinator).await;
    let reporter = app.login(DUYSHEEV_REPORTER, REPORTER_PASSWORD).await;
    let lead = org_of(&app, DUYSHEEV_REPORTER).await;
    let ngo = org_of(&app, NGO_REPORTER).await;
    let lead_reporters = reporters_of(&app, lead).await;
    let ngo_reporters = reporters_of(&app, ngo).await;
    assert!(lead_reporters.contains(&DUYSHEEV_REPORTER.to_owned()));
    assert!(ngo_reporters.contains(&NGO_REPORTER.to_owned()));

    // A draft tells nobody; its assignment tells the lead's reporters.
    let draft = create_for(&app, &coordinator, lead, &[("intent", "draft")]).await;
    assert_eq!(
        make(
            &app,
            &coordinator,
            draft,
            "reschedule",
            &[("due_date", "2026-12-30"), ("note", "Позже")]
        )
        .await,
        StatusCode::OK
    );
    assert!(
        told(&app, draft, "task_rescheduled").await.is_empty(),
        "drafts are the coordinators' own"
    );
    let id = create_for(&app, &coordinator, lead, &[]).await;
    assert_eq!(told(&app, id, "task_assigned").await, lead_reporters);

    // A comment by a reporter: the task's coordinator and the other reporters, not the author.
    app.call_ok(
        &reporter,
        "tasks/comment",
        &[("task_id", &id.to_string()), ("body", "Начали работу")],
    )
    .await;
    let others: Vec<String> = lead_reporters
        .iter()
        .filter(|e| *e != DUYSHEEV_REPORTER)
        .cloned()
        .chain([COORDINATOR.to_owned()])
        .collect();
    assert_eq!(told(&app, id, "task_commented").await, sorted(others));

    // A new due date, then a decline and a reassignment to the NGO, then a cancellation.
    assert_eq!(
        make(
            &app,
            &coordinator,
            id,
            "reschedule",
            &[("due_date", "2026-12-30"), ("note", "Продлено")]
        )
        .await,
        StatusCode::OK
    );
    assert_eq!(told(&app, id, "task_rescheduled").await, lead_reporters);
    assert_eq!(
        make(
            &app,
            &reporter,
            id,
            "decline",
            &[("note", "Не наш профиль")]
        )
        .await,
        StatusCode::OK
    );
    let ngo_id = ngo.to_string();
    assert_eq!(
        make(
            &app,
            &coordinator,
            id,
            "reassign",
            &[("lead_organization_id", &ngo_id)]
        )
        .await,
        StatusCode::OK
    );
    assert_eq!(
        told(&app, id, "task_assigned").await,
        sorted([lead_reporters.clone(), ngo_reporters.clone()].concat())
    );
    assert_eq!(told(&app, id, "task_reassigned").await, lead_reporters);
    assert_eq!(
        make(
            &app,
            &coordinator,
            id,
            "cancel",
            &[("note", "Не актуально")]
        )
        .await,
        StatusCode::OK
    );
    assert_eq!(told(&app, id, "task_cancelled").await, ngo_reporters);

    // The coordinator made every move but the decline and the comment: told of none of them.
    let to_coordinator: i64 = on_db!(&app.state.db, pool => sqlx::query_scalar(
        "select count(*) from notifications n join users u on u.user_id = n.user_id \
         where n.task_id = $1 and u.email = $2 and n.kind <> 'task_commented'")
        .bind(id).bind(COORDINATOR).fetch_one(pool).await)
    .expect("count");
    assert_eq!(to_coordinator, 0);
    app.stop().await;
}

async fn the_centre_shows_and_marks_only_ones_own(backend: Backend) {
    let app = spawn_app(backend).await;
    app.load_demo().await;
    let coordinator = app.login_as(Role::Coordinator).await;
    let reporter = app.login(DUYSHEEV_REPORTER, REPORTER_PASSWORD).await;
    let ngo = app.login(NGO_REPORTER, REPORTER_PASSWORD).await;
    let lead = org_of(&app, DUYSHEEV_REPORTER).await;
    let id = create_for(&app, &coordinator, lead, &[]).await;

    let page = app.call_json(&reporter, "notifications/list", &[]).await;
    let mine = page["items"]
        .as_array()
        .expect("items")
        .iter()
        .find(|i| i["subject"]["task"] == id)
        .expect("the new task is in the reporter's centre")
        .clone();
    assert_eq!(mine["kind"], "TaskAssigned");
    assert_eq!(mine["read"], false);
    let unread = page["unread"].as_i64().expect("unread");
    assert!(unread >= 1);
    let note_id = mine["id"].as_i64().expect("id").to_string();

    // Another organisation's reporter neither sees it nor can mark it read.
    let theirs = app.call_json(&ngo, "notifications/list", &[]).await;
    assert!(
        !theirs["items"]
            .as_array()
            .expect("items")
            .iter()
            .any(|i| i["subject"]["task"] == id),
        "{theirs}"
    );
    assert_eq!(
        app.call(&ngo, "notifications/read", &[("id", &note_id)])
            .await
            .status(),
        StatusCode::NOT_FOUND
    );
    let page = app.call_json(&reporter, "notifications/list", &[]).await;
    assert_eq!(page["unread"].as_i64(), Some(unread));

    // Their own: one, then all.
    app.call_ok(&reporter, "notifications/read", &[("id", &note_id)])
        .await;
    let page = app.call_json(&reporter, "notifications/list", &[]).await;
    assert_eq!(page["unread"].as_i64(), Some(unread - 1));
    let newest = page["items"][0]["id"].as_i64().expect("id").to_string();
    app.call_ok(
        &reporter,
        "notifications/read",
        &[("id", &newest), ("all", "on")],
    )
    .await;
    let page = app.call_json(&reporter, "notifications/list", &[]).await;
    assert_eq!(page["unread"].as_i64(), Some(0));

    // The centre renders without JavaScript (in the reporter's language), and anonymous
    // callers are refused.
    let html = reporter
        .get(app.url("/notifications"))
        .send()
        .await
        .expect("page")
        .text()
        .await
        .expect("html");
    assert!(html.contains("Вашей организации дано поручение"), "{html}");
    let anonymous = app.client();
    assert_eq!(
        app.call(&anonymous, "notifications/list", &[])
            .await
            .status(),
        StatusCode::UNAUTHORIZED
    );
    assert_eq!(
        app.call(&anonymous, "notifications/read", &[("id", &note_id)])
            .await
            .status(),
        StatusCode::UNAUTHORIZED
    );
    app.stop().await;
}

async fn due_dates_are_recalled_once_a_week_before_on_the_day_and_three_days_after(
    backend: Backend,
) {
    let app = spawn_app(backend).await;
    app.load_demo().await;
    let coordinator = app.login_as(Role::Coordinator).await;
    let lead = org_of(&app, DUYSHEEV_REPORTER).await;
    let lead_reporters = reporters_of(&app, lead).await;
    let soon = create_for(&app, &coordinator, lead, &[]).await;
    let today = create_for(&app, &coordinator, lead, &[]).await;
    let late = create_for(&app, &coordinator, lead, &[]).await;
    let done = create_for(&app, &coordinator, lead, &[]).await;
    let day = time::macros::date!(2027 - 03 - 15);
    for (id, due, status) in [
        (soon, day + time::Duration::days(7), "assigned"),
        (today, day, "in_progress"),
        (late, day - time::Duration::days(3), "returned"),
        (done, day, "verified"),
    ] {
        on_db!(&app.state.db, pool => sqlx::query(
            "update tasks set due_date = $1, start_date = $2, status = $3 where task_id = $4")
            .bind(due).bind(due - time::Duration::days(60)).bind(status).bind(id)
            .execute(pool).await.map(|r| r.rows_affected()))
        .expect("due date");
    }
    let before = app.count("notifications").await;
    // A dry run counts and writes nothing.
    let counted = pass_on(&app, day, true).await.expect("dry run");
    assert_eq!(app.count("notifications").await, before);
    let written = pass_on(&app, day, false).await.expect("pass");
    assert_eq!(counted, written);
    assert_eq!(told(&app, soon, "task_due_soon").await, lead_reporters);
    assert_eq!(told(&app, today, "task_due_today").await, lead_reporters);
    assert_eq!(told(&app, late, "task_overdue").await, lead_reporters);
    for (id, kind) in [
        (soon, "task_due_today"),
        (today, "task_due_soon"),
        (done, "task_due_today"),
    ] {
        assert!(told(&app, id, kind).await.is_empty(), "{id} {kind}");
    }
    // The same day again: nothing new. A rescheduled task is recalled for its new date.
    let again = pass_on(&app, day, false).await.expect("again");
    assert!(again.iter().all(|(_, n)| *n == 0), "{again:?}");
    on_db!(&app.state.db, pool => sqlx::query("update tasks set due_date = $1 where task_id = $2")
        .bind(day + time::Duration::days(8)).bind(soon)
        .execute(pool).await.map(|r| r.rows_affected()))
    .expect("reschedule");
    pass_on(&app, day + time::Duration::days(1), false)
        .await
        .expect("next day");
    let recalled: i64 = on_db!(&app.state.db, pool => sqlx::query_scalar(
        "select count(*) from notifications where task_id = $1 and kind = 'task_due_soon'")
        .bind(soon).fetch_one(pool).await)
    .expect("count");
    assert_eq!(recalled as usize, 2 * lead_reporters.len());
    app.stop().await;
}
