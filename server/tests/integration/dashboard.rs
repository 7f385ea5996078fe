//! The dashboard through the real router, on SQLite and PostgreSQL: a small hand-made set of
//! tasks, a report and an activity in one region and objective, and what each role sees of it
//! (everything, their own organisation's, or only what is accepted and verified); overdue at
//! the due-date boundary; and the tallies staying equal to the rows they count after every
//! kind of change; and the public page, open to anyone, showing only published aggregates
//! with small counts hidden.

use crate::support::{Backend, TestApp, on_both, organization_form, spawn_app};
use app::domain::roles::Role;
use app::on_db;
use reqwest::{Client, StatusCode, multipart};
use serde_json::Value;
use time::Duration;

on_both!(
    the_dashboard_adds_up_a_hand_made_dataset,
    the_tallies_stay_equal_to_their_rows,
    the_public_page_shows_only_published_aggregates,
    enforcement_effort_is_counted_by_focus,
    the_public_page_answers_revalidations_with_not_modified,
);

const DUYSHEEV_REPORTER: &str = "reporter@demo.concord.kg";
const NGO_REPORTER: &str = "ngo@demo.concord.kg";
const REPORTER_PASSWORD: &str = "demo-reporter-password";
/// Talas region: the hand-made data lives here, under objective O3.
const TALAS: &str = "KG07000000000";
/// The third and fourth quarters of 2026.
const FROM: &str = "2026-07-01";
const TO: &str = "2026-10-01";

async fn dashboard(app: &TestApp, client: &Client, objective: &str) -> Value {
    let response = app
        .call(
            client,
            "dashboard",
            &[
                ("filter[from]", FROM),
                ("filter[to]", TO),
                ("filter[region_code]", TALAS),
                ("filter[objective]", objective),
            ],
        )
        .await;
    assert_eq!(response.status(), StatusCode::OK);
    response.json().await.expect("json")
}

/// An organisation's scorecard for the same selection as [`dashboard`] (objective O3):
/// assigned, completed, verified, overdue, reports, on time, activities; and how many
/// scorecards the caller gets.
async fn scorecard(app: &TestApp, client: &Client, organization: i64) -> ([i64; 7], usize) {
    let response = app
        .call(
            client,
            "scorecards",
            &[
                ("query[filter][from]", FROM),
                ("query[filter][to]", TO),
                ("query[filter][region_code]", TALAS),
                ("query[filter][objective]", "O3"),
                ("lang", "ru"),
            ],
        )
        .await;
    assert_eq!(response.status(), StatusCode::OK);
    let page: Value = response.json().await.expect("json");
    let cards = page["cards"].as_array().expect("cards");
    let n = |v: &Value| v.as_i64().expect("a number");
    let figures = cards
        .iter()
        .find(|c| c["organization_id"] == organization)
        .map(|c| {
            [
                "assigned",
                "completed",
                "verified",
                "overdue",
                "reports",
                "reports_on_time",
                "activities",
            ]
            .map(|k| n(&c[k]))
        })
        .unwrap_or_default();
    (figures, cards.len())
}

/// The total figures as plain numbers: tasks, the 9 statuses, overdue, on time, late,
/// activities, reached, and the 8 cells.
fn figures(page: &Value) -> Vec<i64> {
    let total = &page["total"];
    let n = |v: &Value| v.as_i64().expect("a number");
    let mut out: Vec<i64> = vec![
        total["tasks"]["by_status"]
            .as_array()
            .expect("statuses")
            .iter()
            .map(n)
            .sum(),
    ];
    out.extend(
        total["tasks"]["by_status"]
            .as_array()
            .expect("statuses")
            .iter()
            .map(n),
    );
    out.push(n(&total["tasks"]["overdue"]));
    out.push(n(&total["reports"]["on_time"]));
    out.push(n(&total["reports"]["late"]));
    out.push(n(&total["activities"]["activities"]));
    out.push(n(&total["activities"]["reach"]["total"]));
    out.extend(
        total["activities"]["reach"]["cells"]
            .as_array()
            .expect("cells")
            .iter()
            .map(n),
    );
    // The Talas circle on the map: tasks, overdue, reports, activities, people reached.
    let talas = page["map"]["regions"]
        .as_array()
        .expect("map regions")
        .iter()
        .find(|p| p["code"] == TALAS)
        .expect("Talas on the map");
    for key in ["tasks", "overdue", "reports", "activities"] {
        out.push(n(&talas[key]));
    }
    out.push(n(&talas["reached"]["Exact"]));
    // The trends, added up over the periods shown: tasks due, verified, activities, reached.
    for key in ["tasks_due", "tasks_verified", "activities", "reached"] {
        out.push(
            page["trends"][key]
                .as_array()
                .expect("a series")
                .iter()
                .map(n)
                .sum(),
        );
    }
    out
}

fn delta(after: &[i64], before: &[i64]) -> Vec<i64> {
    after.iter().zip(before).map(|(a, b)| a - b).collect()
}

/// Positions in [`figures`] (on time is 11).
const TASKS: usize = 0;
const ACCEPTED: usize = 3;
const IN_PROGRESS: usize = 5;
const OVERDUE: usize = 10;
const LATE: usize = 12;
const ACTIVITIES: usize = 13;
const REACHED: usize = 14;
const FEMALE_18_29: usize = 16;
const MALE_18_29: usize = 20;
const MAP_TASKS: usize = 23;
const MAP_OVERDUE: usize = 24;
const MAP_REPORTS: usize = 25;
const MAP_ACTIVITIES: usize = 26;
const MAP_REACHED: usize = 27;
const TREND_DUE: usize = 28;
const TREND_ACTIVITIES: usize = 30;
const TREND_REACHED: usize = 31;

fn only(pairs: &[(usize, i64)]) -> Vec<i64> {
    let mut out = vec![0; 32];
    for (i, v) in pairs {
        out[*i] = *v;
    }
    out
}

async fn version_of(app: &TestApp, table: &str, key: &str, id: i64) -> String {
    let sql = format!("select version from {table} where {key} = $1");
    let v: i64 =
        on_db!(&app.state.db, pool => sqlx::query_scalar(&sql).bind(id).fetch_one(pool).await)
            .expect("version");
    v.to_string()
}

/// The category whose work serves `objective`, so that test tasks are tagged as the concept
/// says (licit control for O3, prevention for O1, legal and organisational work for O7).
fn category_for(objective: &str) -> &'static str {
    match objective {
        "O1" => "primary_prevention",
        "O2" | "O4" => "enforcement",
        "O3" => "licit_control",
        "O5" => "treatment",
        "O6" => "harm_reduction",
        "O7" => "legal",
        "O8" => "civil_society",
        _ => "international",
    }
}

/// A task in Talas serving `objective`, led by the Duysheev municipality, due on `due`,
/// taken through `moves` by its reporter.
async fn task(
    app: &TestApp,
    coordinator: &Client,
    reporter: &Client,
    objective: &str,
    due: time::Date,
    moves: &[&str],
) -> i64 {
    let lead = app
        .demo_organization_of(DUYSHEEV_REPORTER)
        .await
        .to_string();
    let due = due.to_string();
    let form = [
        ("written_in", "ru"),
        ("title_ky", ""),
        ("title_ru", "Контроль аптек области"),
        ("title_en", ""),
        ("description_ky", ""),
        ("description_ru", "Проверки аптек."),
        ("description_en", ""),
        ("expected_result", ""),
        ("category", category_for(objective)),
        ("enforcement_focus", "trafficking"),
        ("objectives[]", objective),
        ("assign_to", "one"),
        ("lead_organization_id", lead.as_str()),
        ("coverage", "region"),
        ("region_code", TALAS),
        ("start_date", FROM),
        ("due_date", due.as_str()),
        ("priority", "normal"),
        ("target_value", ""),
        ("target_unit", ""),
        ("intent", "assign"),
    ];
    let response = app.call(coordinator, "tasks/create", &form).await;
    let status = response.status();
    let body = response.text().await.unwrap_or_default();
    assert_eq!(status, StatusCode::OK, "{body}");
    let id: i64 = on_db!(&app.state.db, pool => sqlx::query_scalar("select max(task_id) from tasks").fetch_one(pool).await).expect("task");
    for mv in moves {
        let version = version_of(app, "tasks", "task_id", id).await;
        let status = app
            .call(
                reporter,
                "tasks/move",
                &[
                    ("task_id", &id.to_string()),
                    ("version", &version),
                    ("mv", mv),
                ],
            )
            .await
            .status();
        assert_eq!(status, StatusCode::OK, "{mv} on {id}");
    }
    id
}

/// Starts and submits the Q3 report on `task` (late: its deadline, 15 October, has passed).
async fn submit_q3(app: &TestApp, reporter: &Client, task: i64) -> i64 {
    submit_q3_with(app, reporter, task, &[]).await
}

/// [`submit_q3`] with more fields of the report form (the focus of an enforcement report).
async fn submit_q3_with(
    app: &TestApp,
    reporter: &Client,
    task: i64,
    extra: &[(&'static str, &'static str)],
) -> i64 {
    let status = app
        .call(
            reporter,
            "reports/start",
            &[("task_id", &task.to_string()), ("period", FROM)],
        )
        .await
        .status();
    assert_eq!(status, StatusCode::OK);
    let id: i64 = on_db!(&app.state.db, pool => sqlx::query_scalar("select max(report_id) from reports").fetch_one(pool).await).expect("report");
    let mut form = multipart::Form::new()
        .text("version", version_of(app, "reports", "report_id", id).await)
        .text("percent_complete", "50")
        .text("work_done", "Проверено 14 аптек")
        .text("intent", "submit");
    for (name, value) in extra {
        form = form.text(*name, *value);
    }
    let response = reporter
        .post(app.url(&format!("/reports/{id}/save")))
        .multipart(form)
        .send()
        .await
        .expect("save");
    assert_eq!(response.status(), StatusCode::SEE_OTHER);
    id
}

async fn decide(
    app: &TestApp,
    client: &Client,
    endpoint: &str,
    key: &str,
    table: &str,
    id: i64,
    mv: &str,
) {
    let version = version_of(app, table, key, id).await;
    let status = app
        .call(
            client,
            endpoint,
            &[
                (key, &id.to_string()),
                ("version", &version),
                ("mv", mv),
                ("note", "Уточните данные"),
            ],
        )
        .await
        .status();
    assert_eq!(status, StatusCode::OK, "{endpoint} {mv}");
}

/// Logs an NGO activity in Talas under O3 that reached 35 people, 12 women and 15 men aged
/// 18–29 (or, given an `edit`, saves the activity again with 40 reached and objective O6).
async fn log_activity(app: &TestApp, ngo: &Client) -> i64 {
    save_activity(app, ngo, None).await
}

async fn save_activity(app: &TestApp, ngo: &Client, edit: Option<i64>) -> i64 {
    let mut fields = vec![
        ("activity_type", "training"),
        ("title", "Семинар для фармацевтов"),
        ("description", "Учёт прекурсоров"),
        ("start_date", "2026-10-03"),
        ("end_date", "2026-10-03"),
        ("region_code", TALAS),
        ("district_code", ""),
        ("municipality_code", ""),
        ("target_groups[]", "professionals"),
        ("reached_total", "35"),
        ("female_18_29", "12"),
        ("male_18_29", "15"),
        ("partners", ""),
        ("objectives[]", "O3"),
    ];
    let mut path = "/activities/save".to_owned();
    let version;
    if let Some(id) = edit {
        version = version_of(app, "activities", "activity_id", id).await;
        fields.retain(|(k, _)| !["reached_total", "objectives[]"].contains(k));
        fields.extend([
            ("reached_total", "40"),
            ("objectives[]", "O6"),
            ("version", version.as_str()),
        ]);
        path = format!("/activities/{id}/save");
    }
    let mut form = multipart::Form::new();
    for (name, value) in fields {
        form = form.text(name, value.to_owned());
    }
    let response = ngo
        .post(app.url(&path))
        .multipart(form)
        .send()
        .await
        .expect("log");
    assert_eq!(response.status(), StatusCode::SEE_OTHER);
    on_db!(&app.state.db, pool => sqlx::query_scalar("select max(activity_id) from activities").fetch_one(pool).await).expect("activity")
}

async fn assert_no_drift(app: &TestApp) {
    let drift = app::backend::db::tallies::drift(&app.state.db)
        .await
        .expect("drift");
    assert!(drift.is_empty(), "the tallies drifted: {drift:#?}");
}

async fn the_dashboard_adds_up_a_hand_made_dataset(backend: Backend) {
    let app = spawn_app(backend).await;
    app.load_demo().await;
    let coordinator = app.login_as(Role::Coordinator).await;
    let observer = app.login_as(Role::Observer).await;
    let reporter = app.login(DUYSHEEV_REPORTER, REPORTER_PASSWORD).await;
    let ngo = app.login(NGO_REPORTER, REPORTER_PASSWORD).await;
    let viewers = [&coordinator, &observer, &reporter, &ngo];
    let mut before = Vec::new();
    for v in viewers {
        before.push(figures(&dashboard(&app, v, "O3").await));
    }
    let duysheev = app.demo_organization_of(DUYSHEEV_REPORTER).await;
    let ngo_org = app.demo_organization_of(NGO_REPORTER).await;
    let (lead_before, _) = scorecard(&app, &coordinator, duysheev).await;
    let (ngo_before, _) = scorecard(&app, &coordinator, ngo_org).await;

    let today = app::backend::today();
    // Overdue at the boundary: due yesterday is overdue, due today is not.
    task(
        &app,
        &coordinator,
        &reporter,
        "O3",
        today - Duration::days(1),
        &["accept"],
    )
    .await;
    task(&app, &coordinator, &reporter, "O3", today, &["accept"]).await;
    let reported = task(
        &app,
        &coordinator,
        &reporter,
        "O3",
        today + Duration::days(30),
        &["accept", "start"],
    )
    .await;
    // Another objective: outside the O3 figures.
    task(
        &app,
        &coordinator,
        &reporter,
        "O1",
        today - Duration::days(1),
        &["accept"],
    )
    .await;
    let report = submit_q3(&app, &reporter, reported).await;
    let activity = log_activity(&app, &ngo).await;

    // The trends count tasks by the period they fall due in: those due within the range.
    let last_day = time::macros::date!(2026 - 12 - 31);
    let due_in_range = [-1, 0, 30]
        .into_iter()
        .filter(|days| today + Duration::days(*days) <= last_day)
        .count() as i64;
    let tasks = only(&[
        (TASKS, 3),
        (ACCEPTED, 2),
        (IN_PROGRESS, 1),
        (OVERDUE, 1),
        (MAP_TASKS, 3),
        (MAP_OVERDUE, 1),
        (TREND_DUE, due_in_range),
    ]);
    let reach = [
        (ACTIVITIES, 1),
        (REACHED, 35),
        (FEMALE_18_29, 12),
        (MALE_18_29, 15),
        (MAP_ACTIVITIES, 1),
        (MAP_REACHED, 35),
        (TREND_ACTIVITIES, 1),
        (TREND_REACHED, 35),
    ];
    let mut everything = tasks.clone();
    everything[LATE] = 1;
    everything[MAP_REPORTS] = 1;
    for (i, v) in reach {
        everything[i] = v;
    }
    let expect = |v: &Client| {
        if std::ptr::eq(v, &coordinator) {
            everything.clone()
        } else if std::ptr::eq(v, &observer) {
            // Neither the report (not yet accepted) nor the activity (not verified).
            tasks.clone()
        } else if std::ptr::eq(v, &reporter) {
            // Its own tasks and report; the NGO's activity is not its own.
            let mut own = tasks.clone();
            own[LATE] = 1;
            own[MAP_REPORTS] = 1;
            own
        } else {
            only(&reach)
        }
    };
    for (v, b) in viewers.iter().zip(&before) {
        let after = figures(&dashboard(&app, v, "O3").await);
        assert_eq!(delta(&after, b), expect(v));
    }

    // The scorecards: the municipality leads three more tasks, one overdue, and submitted
    // one report, late; the NGO logged one activity. A reporter gets only their own.
    let (lead_after, _) = scorecard(&app, &coordinator, duysheev).await;
    assert_eq!(delta(&lead_after, &lead_before), [3, 0, 0, 1, 1, 0, 0]);
    let (ngo_after, _) = scorecard(&app, &coordinator, ngo_org).await;
    assert_eq!(delta(&ngo_after, &ngo_before), [0, 0, 0, 0, 0, 0, 1]);
    let (own, count) = scorecard(&app, &reporter, duysheev).await;
    assert_eq!((own, count), (lead_after, 1));
    // An observer sees the tasks but not yet the report or the activity.
    let (published, _) = scorecard(&app, &observer, duysheev).await;
    assert_eq!(published[..4], lead_after[..4]);
    assert_eq!(published[4], lead_before[4]);

    // Accepted and verified: now published.
    decide(
        &app,
        &coordinator,
        "reports/move",
        "report_id",
        "reports",
        report,
        "accept",
    )
    .await;
    decide(
        &app,
        &coordinator,
        "activities/decide",
        "activity_id",
        "activities",
        activity,
        "verify",
    )
    .await;
    let after = figures(&dashboard(&app, &observer, "O3").await);
    assert_eq!(delta(&after, &before[1]), everything);

    // The objective's goal and direction count the same tasks; O1 counts its own one.
    let page = dashboard(&app, &coordinator, "").await;
    let row = |code: &str| {
        page["concept"]
            .as_array()
            .expect("concept")
            .iter()
            .find(|c| c["code"] == code)
            .cloned()
            .expect(code)
    };
    for code in ["O3", "G3", "D1"] {
        assert_eq!(
            row(code)["figures"]["reports"]["late"],
            1 + before[0][LATE],
            "{code}"
        );
    }
    assert!(
        row("O1")["figures"]["tasks"]["overdue"]
            .as_i64()
            .expect("overdue")
            >= 1
    );
    assert_no_drift(&app).await;

    // Anonymous visitors are refused.
    let anonymous = app.client();
    let status = app
        .call(&anonymous, "dashboard", &[("filter[from]", FROM)])
        .await
        .status();
    assert_eq!(status, StatusCode::UNAUTHORIZED);
    let status = app
        .call(
            &anonymous,
            "scorecards",
            &[("query[page]", "1"), ("lang", "ru")],
        )
        .await
        .status();
    assert_eq!(status, StatusCode::UNAUTHORIZED);
    app.stop().await;
}

async fn the_tallies_stay_equal_to_their_rows(backend: Backend) {
    let app = spawn_app(backend).await;
    app.load_demo().await;
    // The demo's reports and activities were written through the same paths as users'.
    assert_no_drift(&app).await;
    let coordinator = app.login_as(Role::Coordinator).await;
    let reporter = app.login(DUYSHEEV_REPORTER, REPORTER_PASSWORD).await;
    let ngo = app.login(NGO_REPORTER, REPORTER_PASSWORD).await;
    let today = app::backend::today();
    let task_id = task(
        &app,
        &coordinator,
        &reporter,
        "O7",
        today,
        &["accept", "start"],
    )
    .await;
    let report = submit_q3(&app, &reporter, task_id).await;
    assert_no_drift(&app).await;
    decide(
        &app,
        &coordinator,
        "reports/move",
        "report_id",
        "reports",
        report,
        "return",
    )
    .await;
    assert_no_drift(&app).await;
    let activity = log_activity(&app, &ngo).await;
    decide(
        &app,
        &coordinator,
        "activities/decide",
        "activity_id",
        "activities",
        activity,
        "clarify",
    )
    .await;
    assert_no_drift(&app).await;
    save_activity(&app, &ngo, Some(activity)).await;
    assert_no_drift(&app).await;
    decide(
        &app,
        &coordinator,
        "activities/decide",
        "activity_id",
        "activities",
        activity,
        "verify",
    )
    .await;
    assert_no_drift(&app).await;
    // A change of an organisation's kind (through the administrators' form) moves what it
    // reported and logged with it.
    let admin = app.login_as(Role::Administrator).await;
    let org = app.demo_organization_of(NGO_REPORTER).await.to_string();
    // The second edit keeps the kind: nothing moves.
    for name_en in ["Organisation", "Renamed organisation"] {
        let mut form = organization_form("state_body", name_en);
        form.push(("organization_id", org.as_str()));
        app.call_ok(&admin, "organizations/update", &form).await;
        assert_no_drift(&app).await;
    }
    // A change behind the application's back shows as drift, and a rebuild mends it.
    on_db!(&app.state.db, pool => sqlx::query("update organizations set kind = 'ngo' where organization_id = $1").bind(org.parse::<i64>().expect("id")).execute(pool).await.map(|_| ())).expect("kind");
    assert!(
        !app::backend::db::tallies::drift(&app.state.db)
            .await
            .expect("drift")
            .is_empty()
    );
    app::backend::db::tallies::rebuild(&app.state.db)
        .await
        .expect("rebuild");
    assert_no_drift(&app).await;
    // So does a count of the scorecards' tally that no longer matches its reports.
    on_db!(&app.state.db, pool => sqlx::query("update scorecard_report_tallies set late = late + 1 where scope = ''").execute(pool).await.map(|_| ())).expect("tamper");
    let drift = app::backend::db::tallies::drift(&app.state.db)
        .await
        .expect("drift");
    assert!(
        !drift.is_empty()
            && drift
                .iter()
                .all(|line| line.starts_with("scorecard_report_tallies")),
        "{drift:#?}"
    );
    app::backend::db::tallies::rebuild(&app.state.db)
        .await
        .expect("rebuild");
    assert_no_drift(&app).await;
    app.stop().await;
}

/// Logs an activity by `ngo`, public or not, that reached `reached` people (all women 18–29).
async fn log_public(app: &TestApp, ngo: &Client, title: &str, reached: &str, public: bool) -> i64 {
    let mut fields = vec![
        ("activity_type", "outreach"),
        ("title", title),
        (
            "description",
            "Консультации, Айбек Асанов, +996 555 123 456",
        ),
        ("start_date", "2026-09-10"),
        ("end_date", "2026-09-10"),
        ("region_code", TALAS),
        ("district_code", ""),
        ("municipality_code", ""),
        ("target_groups[]", "young_people"),
        ("reached_total", reached),
        ("female_18_29", reached),
        ("partners", "Центр «Ишеним»"),
        ("objectives[]", "O8"),
    ];
    if public {
        fields.push(("is_public", "on"));
    }
    let mut form = multipart::Form::new();
    for (name, value) in fields {
        form = form.text(name, value.to_owned());
    }
    let response = ngo
        .post(app.url("/activities/save"))
        .multipart(form)
        .send()
        .await
        .expect("log");
    assert_eq!(response.status(), StatusCode::SEE_OTHER);
    on_db!(&app.state.db, pool => sqlx::query_scalar("select max(activity_id) from activities").fetch_one(pool).await).expect("activity")
}

async fn the_public_page_shows_only_published_aggregates(backend: Backend) {
    let app = spawn_app(backend).await;
    app.load_demo().await;
    let coordinator = app.login_as(Role::Coordinator).await;
    let ngo = app.login(NGO_REPORTER, REPORTER_PASSWORD).await;
    let anonymous = app.client();

    // Anyone may read it, without logging in.
    let response = app.call(&anonymous, "public", &[]).await;
    assert_eq!(response.status(), StatusCode::OK);
    let first: Value = response.json().await.expect("json");
    assert!(
        first["indicators"]
            .as_array()
            .is_some_and(|i| !i.is_empty())
    );

    let verified_public = log_public(&app, &ngo, "Открытая встреча в Таласе", "35", true).await;
    let small = log_public(&app, &ngo, "Встреча малой группы", "4", true).await;
    let private = log_public(&app, &ngo, "Закрытая консультация", "50", false).await;
    let unverified = log_public(&app, &ngo, "Ещё не проверено", "60", true).await;
    for id in [verified_public, small, private] {
        decide(
            &app,
            &coordinator,
            "activities/decide",
            "activity_id",
            "activities",
            id,
            "verify",
        )
        .await;
    }
    let _ = unverified;

    let page = app::backend::public::read(&app.state)
        .await
        .expect("public page");
    let titles: Vec<&str> = page.activities.iter().map(|a| a.title.as_str()).collect();
    assert!(titles.contains(&"Открытая встреча в Таласе"), "{titles:?}");
    assert!(titles.contains(&"Встреча малой группы"));
    assert!(
        !titles.contains(&"Закрытая консультация"),
        "not marked public"
    );
    assert!(!titles.contains(&"Ещё не проверено"), "not verified");
    let reached = |title: &str| {
        page.activities
            .iter()
            .find(|a| a.title == title)
            .and_then(|a| a.reached)
    };
    use app::domain::public::Count;
    assert_eq!(reached("Встреча малой группы"), Some(Count::Hidden));
    assert_eq!(reached("Открытая встреча в Таласе"), Some(Count::Exact(35)));

    // Nothing personal or unpublished in what is sent: no descriptions, partners, people,
    // drafts, or the unverified activity.
    let text = serde_json::to_string(&page).expect("json");
    for secret in [
        "Айбек Асанов",
        "+996",
        "Ишеним",
        "Ещё не проверено",
        "Закрытая консультация",
        "@demo.concord.kg",
        "draft",
    ] {
        assert!(!text.contains(secret), "the public page holds {secret}");
    }
    // Every count of people on it is 0, 10 or more, or hidden.
    fn no_small_people(v: &Value, key: &str) {
        match v {
            Value::Object(map) => {
                for (k, child) in map {
                    if k == "Exact" {
                        let n = child.as_i64().expect("count");
                        assert!(n == 0 || n >= 10, "{key}: {n} people shown");
                    }
                    no_small_people(child, k);
                }
            }
            Value::Array(items) => items.iter().for_each(|i| no_small_people(i, key)),
            _ => {}
        }
    }
    no_small_people(&serde_json::to_value(&page).expect("json"), "page");

    // The anonymous copy is kept: the activities verified since do not show until it ages.
    let again: Value = app
        .call(&anonymous, "public", &[])
        .await
        .json()
        .await
        .expect("json");
    assert_eq!(again["generated_at"], first["generated_at"]);
    app.stop().await;
}

/// The focus rows of a dashboard's effort section: focus ('' for none) → (tasks, reports).
fn effort(dashboard: &Value) -> Vec<(String, i64, i64)> {
    dashboard["effort"]["enforcement"]
        .as_array()
        .expect("effort")
        .iter()
        .map(|row| {
            (
                row["focus"].as_str().unwrap_or_default().to_owned(),
                row["tasks"].as_i64().unwrap_or(-1),
                row["reports"].as_i64().unwrap_or(-1),
            )
        })
        .collect()
}

fn focus_row(rows: &[(String, i64, i64)], focus: &str) -> (i64, i64) {
    rows.iter()
        .find(|(f, _, _)| f == focus)
        .map(|(_, t, r)| (*t, *r))
        .unwrap_or((-1, -1))
}

/// An enforcement task records its focus (trafficking); its report records the focus of the
/// period's work (possession and use), which must be given to submit. The dashboard counts the
/// task under the task's focus and the report under the report's, for coordinators at once and
/// for the public once accepted; the tallies stay equal to their rows.
async fn enforcement_effort_is_counted_by_focus(backend: Backend) {
    let app = spawn_app(backend).await;
    app.load_demo().await;
    let coordinator = app.login_as(Role::Coordinator).await;
    let observer = app.login_as(Role::Observer).await;
    let reporter = app.login(DUYSHEEV_REPORTER, REPORTER_PASSWORD).await;
    let before = effort(&dashboard(&app, &coordinator, "").await);
    let today = app::backend::today();
    let task_id = task(
        &app,
        &coordinator,
        &reporter,
        "O4",
        today + Duration::days(30),
        &["accept", "start"],
    )
    .await;
    let focus: Option<String> = on_db!(&app.state.db, pool => sqlx::query_scalar(
        "select enforcement_focus from tasks where task_id = $1"
    ).bind(task_id).fetch_one(pool).await)
    .expect("focus");
    assert_eq!(focus.as_deref(), Some("trafficking"));

    // Submitting without a focus is refused, and the report stays a draft.
    let status = app
        .call(
            &reporter,
            "reports/start",
            &[("task_id", &task_id.to_string()), ("period", FROM)],
        )
        .await
        .status();
    assert_eq!(status, StatusCode::OK);
    let id: i64 = on_db!(&app.state.db, pool => sqlx::query_scalar("select max(report_id) from reports").fetch_one(pool).await).expect("report");
    let started: Option<String> = on_db!(&app.state.db, pool => sqlx::query_scalar(
        "select enforcement_focus from reports where report_id = $1"
    ).bind(id).fetch_one(pool).await)
    .expect("focus");
    assert_eq!(
        started.as_deref(),
        Some("trafficking"),
        "starts as the task's"
    );
    let form = multipart::Form::new()
        .text(
            "version",
            version_of(&app, "reports", "report_id", id).await,
        )
        .text("percent_complete", "50")
        .text("work_done", "Рейды")
        .text("enforcement_focus", "")
        .text("intent", "submit");
    let response = reporter
        .post(app.url(&format!("/reports/{id}/save")))
        .multipart(form)
        .send()
        .await
        .expect("save");
    assert_eq!(response.status(), StatusCode::SEE_OTHER);
    let status: String = on_db!(&app.state.db, pool => sqlx::query_scalar("select status from reports where report_id = $1").bind(id).fetch_one(pool).await).expect("status");
    assert_eq!(status, "draft");
    assert_no_drift(&app).await;

    let report = submit_q3_with(
        &app,
        &reporter,
        task_id,
        &[("enforcement_focus", "possession")],
    )
    .await;
    assert_eq!(report, id);
    assert_no_drift(&app).await;
    let after = effort(&dashboard(&app, &coordinator, "").await);
    let delta = |focus: &str| {
        let (t0, r0) = focus_row(&before, focus);
        let (t1, r1) = focus_row(&after, focus);
        (t1 - t0, r1 - r0)
    };
    assert_eq!(delta("trafficking"), (1, 0));
    assert_eq!(delta("possession"), (0, 1));
    // The objective filter narrows it: O2 leaves the O4 task out.
    let o2 = effort(&dashboard(&app, &coordinator, "O2").await);
    assert_eq!(focus_row(&o2, "possession").1, 0);
    // The public sees the report only once it is accepted.
    let published = effort(&dashboard(&app, &observer, "").await);
    assert_eq!(focus_row(&published, "possession").1, 0);
    decide(
        &app,
        &coordinator,
        "reports/move",
        "report_id",
        "reports",
        report,
        "accept",
    )
    .await;
    let published = effort(&dashboard(&app, &observer, "").await);
    assert_eq!(focus_row(&published, "possession").1, 1);
    assert_no_drift(&app).await;
    app.stop().await;
}

/// A browser holding the public page revalidates it: while the figures kept are the same, the
/// answer is 304 with no body and no new content policy (the page it holds carries its own
/// nonce); another language is another page; a logged-in visitor always gets a fresh one.
async fn the_public_page_answers_revalidations_with_not_modified(backend: Backend) {
    let app = spawn_app(backend).await;
    app.load_demo().await;
    let anonymous = app.client();
    let first = anonymous
        .get(app.url("/public"))
        .header("accept-language", "ky")
        .send()
        .await
        .expect("public");
    assert_eq!(first.status(), StatusCode::OK);
    let etag = first.headers()["etag"].to_str().expect("etag").to_owned();
    assert!(first.headers().contains_key("last-modified"));
    let modified = first.headers()["last-modified"].clone();

    let again = anonymous
        .get(app.url("/public"))
        .header("accept-language", "ky")
        .header("if-none-match", &etag)
        .send()
        .await
        .expect("revalidate");
    assert_eq!(again.status(), StatusCode::NOT_MODIFIED);
    assert!(!again.headers().contains_key("content-security-policy"));
    assert_eq!(again.headers()["etag"].to_str().expect("etag"), etag);
    assert!(again.bytes().await.expect("body").is_empty());

    let by_date = anonymous
        .get(app.url("/public"))
        .header("accept-language", "ky")
        .header("if-modified-since", modified)
        .send()
        .await
        .expect("revalidate by date");
    assert_eq!(by_date.status(), StatusCode::NOT_MODIFIED);

    let russian = anonymous
        .get(app.url("/public"))
        .header("accept-language", "ru")
        .header("if-none-match", &etag)
        .send()
        .await
        .expect("another language");
    assert_eq!(russian.status(), StatusCode::OK);

    let coordinator = app.login_as(Role::Coordinator).await;
    let logged_in = coordinator
        .get(app.url("/public"))
        .header("accept-language", "ky")
        .header("if-none-match", &etag)
        .send()
        .await
        .expect("logged in");
    assert_eq!(logged_in.status(), StatusCode::OK);
}
