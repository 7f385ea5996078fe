//! Tasks end to end through the real router, on SQLite and PostgreSQL: creation, bulk
//! assignment and its roll-up, every move allowed and refused, other organisations' tasks
//! hidden (ids guessed too), the history written for every change and never rewritable,
//! optimistic concurrency, keyset pages that stay stable under inserts, and bad input.

use crate::support::{Backend, TestApp, on_both, spawn_app};
use app::backend::db;
use app::domain::{
    ids::{OrganizationId, TaskId, UserId},
    policy::Scope,
    roles::Role,
    tasks::fields::{Category, Coverage, Priority},
    tasks::filters::{Cursor, TaskFilter},
    tasks::inputs::TaskPlace,
    tasks::workflow::Status,
    views::Trilingual,
};
use app::on_db;
use reqwest::{Client, StatusCode};

on_both!(
    a_task_goes_from_assignment_to_verification,
    moves_the_workflow_refuses_change_nothing,
    bulk_assignment_gives_each_organisation_a_task_and_rolls_up,
    other_organisations_tasks_cannot_be_seen_or_moved,
    the_history_cannot_be_rewritten,
    a_stale_version_is_a_conflict,
    keyset_pages_stay_stable_under_inserts,
    bad_task_input_gets_field_messages_and_saves_nothing,
    only_coordinators_create_and_anonymous_callers_are_refused,
    the_inbox_counts_what_needs_action,
    generated_data_is_the_same_for_the_same_seed,
    an_assignment_closes_with_its_last_task,
    control_characters_are_refused_not_failed_on,
    every_move_from_every_status_for_every_standing,
    a_coordinator_edits_a_draft_then_assigns_it,
    demo_and_generated_tasks_serve_their_categorys_objectives,
    enforcement_tasks_need_a_focus_and_foreign_objectives_a_confirmation,
    numbers_are_read_as_the_page_prints_them,
    every_page_with_nested_sections_streams_to_its_end,
);

pub(crate) const DUYSHEEV_REPORTER: &str = "reporter@demo.concord.kg";
pub(crate) const NGO_REPORTER: &str = "ngo@demo.concord.kg";
pub(crate) const REPORTER_PASSWORD: &str = "demo-reporter-password";

pub(crate) async fn org_of(app: &TestApp, email: &str) -> i64 {
    app.demo_organization_of(email).await
}

/// A valid task form for `lead`, with `extra` fields replacing the defaults.
fn task_form(lead: &str, extra: &[(&'static str, &'static str)]) -> Vec<(&'static str, String)> {
    let mut form: Vec<(&'static str, String)> = vec![
        ("written_in", "ru".into()),
        ("title_ky", String::new()),
        ("title_ru", "Профилактические беседы в школах".into()),
        ("title_en", String::new()),
        ("description_ky", String::new()),
        ("description_ru", "Провести беседы во всех школах.".into()),
        ("description_en", String::new()),
        ("category", "primary_prevention".into()),
        ("objectives[]", "O1".into()),
        ("principles[]", "P2".into()),
        ("assign_to", "one".into()),
        ("lead_organization_id", lead.into()),
        ("coverage", "national".into()),
        ("start_date", "2026-01-10".into()),
        ("due_date", "2026-12-20".into()),
        ("priority", "high".into()),
        ("expected_result", "Охвачено не менее 1000 учащихся".into()),
        ("target_value", "1000".into()),
        ("target_unit", "учащихся".into()),
        ("intent", "assign".into()),
    ];
    for (key, value) in extra {
        if !key.ends_with("[]") {
            form.retain(|(k, _)| k != key);
        }
        form.push((key, (*value).to_owned()));
    }
    form
}

async fn post(
    app: &TestApp,
    client: &Client,
    endpoint: &str,
    form: &[(&str, String)],
) -> reqwest::Response {
    let args: Vec<(&str, &str)> = form.iter().map(|(k, v)| (*k, v.as_str())).collect();
    app.call(client, endpoint, &args).await
}

async fn last_task(app: &TestApp) -> i64 {
    on_db!(&app.state.db, pool => sqlx::query_scalar("select max(task_id) from tasks").fetch_one(pool).await)
        .expect("a task")
}

async fn status_and_version(app: &TestApp, id: i64) -> (String, i64) {
    on_db!(&app.state.db, pool =>
        sqlx::query_as("select status, version from tasks where task_id = $1").bind(id).fetch_one(pool).await
    )
    .expect("task")
}

/// Makes a move as `client` with the task's current version; returns the status code.
pub(crate) async fn make(
    app: &TestApp,
    client: &Client,
    id: i64,
    mv: &str,
    extra: &[(&str, &str)],
) -> StatusCode {
    let version = status_and_version(app, id).await.1.to_string();
    let id = id.to_string();
    let mut args = vec![
        ("task_id", id.as_str()),
        ("version", version.as_str()),
        ("mv", mv),
    ];
    args.extend_from_slice(extra);
    app.call(client, "tasks/move", &args).await.status()
}

pub(crate) async fn create_for(
    app: &TestApp,
    coordinator: &Client,
    lead: i64,
    extra: &[(&'static str, &'static str)],
) -> i64 {
    let response = post(
        app,
        coordinator,
        "tasks/create",
        &task_form(&lead.to_string(), extra),
    )
    .await;
    assert_eq!(
        response.status(),
        StatusCode::OK,
        "{}",
        response.text().await.unwrap_or_default()
    );
    last_task(app).await
}

/// One step of a journey: who, which move, with which fields, and the status it leads to.
type Step<'a> = (&'a Client, &'a str, &'a [(&'a str, &'a str)], &'a str);

async fn a_task_goes_from_assignment_to_verification(backend: Backend) {
    let app = spawn_app(backend).await;
    app.load_demo().await;
    let coordinator = app.login_as(Role::Coordinator).await;
    let reporter = app.login(DUYSHEEV_REPORTER, REPORTER_PASSWORD).await;
    let lead = org_of(&app, DUYSHEEV_REPORTER).await;
    let id = create_for(&app, &coordinator, lead, &[]).await;
    assert_eq!(
        status_and_version(&app, id).await,
        ("assigned".to_owned(), 1)
    );

    let steps: [Step; 7] = [
        (&reporter, "accept", &[], "accepted"),
        (&reporter, "start", &[], "in_progress"),
        (
            &reporter,
            "complete",
            &[("note", "Охвачено 1020 учащихся")],
            "completed",
        ),
        (
            &coordinator,
            "return",
            &[("note", "Приложите списки школ")],
            "returned",
        ),
        (&reporter, "start", &[], "in_progress"),
        (
            &reporter,
            "complete",
            &[("note", "Списки приложены")],
            "completed",
        ),
        (&coordinator, "verify", &[], "verified"),
    ];
    for (client, mv, extra, expected) in steps {
        assert_eq!(
            make(&app, client, id, mv, extra).await,
            StatusCode::OK,
            "{mv}"
        );
        assert_eq!(status_and_version(&app, id).await.0, expected, "after {mv}");
    }
    // The page tells the whole story: one event at creation, one per status change, and the
    // two result statements.
    let page = app::backend::tasks::page(
        &app.state,
        &me(&app, "coordinator@demo.concord.kg").await,
        TaskId(id),
    )
    .await
    .expect("page");
    assert_eq!(page.status, Status::Verified);
    assert_eq!(page.result_statement, "Списки приложены");
    let statuses: Vec<String> = page
        .history
        .iter()
        .filter(|e| e.field == app::domain::tasks::views::HistoryField::Status)
        .map(|e| e.note.clone())
        .collect();
    assert_eq!(statuses.len(), 7);
    assert_eq!(statuses[3], "Приложите списки школ");
    assert_eq!(
        app.count("task_history").await,
        1 + 7 + 2 + history_of_demo(&app).await
    );
    assert!(page.moves.is_empty(), "a verified task is closed");
    app.stop().await;
}

/// History rows written by the demo dataset (every test loads it first).
async fn history_of_demo(app: &TestApp) -> i64 {
    on_db!(&app.state.db, pool => sqlx::query_scalar(
        "select count(*) from task_history h join tasks t on t.task_id = h.task_id where t.is_demo"
    ).fetch_one(pool).await)
    .expect("count")
}

/// The permit to view tasks of the user `email`, as a server function gets it.
async fn me(app: &TestApp, email: &str) -> app::domain::policy::Permit {
    let me = db::users::session_user(&app.state.db, UserId(app.user_id_of(email).await))
        .await
        .expect("user")
        .expect("exists")
        .me;
    app::domain::policy::permit(me, app::domain::policy::Action::ViewTasks).expect("may view")
}

async fn moves_the_workflow_refuses_change_nothing(backend: Backend) {
    let app = spawn_app(backend).await;
    app.load_demo().await;
    let coordinator = app.login_as(Role::Coordinator).await;
    let reporter = app.login(DUYSHEEV_REPORTER, REPORTER_PASSWORD).await;
    let observer = app.login_as(Role::Observer).await;
    let admin = app.login_as(Role::Administrator).await;
    let lead = org_of(&app, DUYSHEEV_REPORTER).await;
    let id = create_for(&app, &coordinator, lead, &[]).await;
    let before = status_and_version(&app, id).await;
    // The coordinator may not do the reporter's part, nor the reporter the coordinator's.
    for mv in ["accept", "decline", "start", "complete"] {
        let extra: &[(&str, &str)] = &[("note", "x")];
        assert_eq!(
            make(&app, &coordinator, id, mv, extra).await,
            StatusCode::FORBIDDEN,
            "{mv}"
        );
    }
    for mv in ["verify", "return", "cancel", "assign"] {
        assert_eq!(
            make(&app, &reporter, id, mv, &[("note", "x")]).await,
            StatusCode::FORBIDDEN,
            "{mv}"
        );
    }
    // Observers and administrators read but never move.
    for client in [&observer, &admin] {
        assert_eq!(
            make(&app, client, id, "accept", &[]).await,
            StatusCode::FORBIDDEN
        );
        assert_eq!(
            make(&app, client, id, "cancel", &[("note", "x")]).await,
            StatusCode::FORBIDDEN
        );
    }
    // Right person, wrong moment: an assigned task cannot be completed or verified yet.
    assert_eq!(
        make(&app, &reporter, id, "complete", &[("note", "done")]).await,
        StatusCode::CONFLICT
    );
    assert_eq!(
        make(&app, &coordinator, id, "verify", &[]).await,
        StatusCode::CONFLICT
    );
    // A move that needs a reason is refused without one, next to the field.
    let response = app
        .call(
            &reporter,
            "tasks/move",
            &[
                ("task_id", &id.to_string()),
                ("version", "1"),
                ("mv", "decline"),
                ("note", " "),
            ],
        )
        .await;
    assert_eq!(response.status(), StatusCode::BAD_REQUEST);
    assert!(response.text().await.unwrap_or_default().contains("note"));
    // An unknown move is a bad request, not a server error.
    assert_eq!(
        make(&app, &reporter, id, "teleport", &[]).await,
        StatusCode::BAD_REQUEST
    );
    assert_eq!(
        status_and_version(&app, id).await,
        before,
        "nothing changed"
    );
    // Cancelled is final: nobody moves it again.
    assert_eq!(
        make(
            &app,
            &coordinator,
            id,
            "cancel",
            &[("note", "Дублирует другое поручение")]
        )
        .await,
        StatusCode::OK
    );
    assert_eq!(
        make(
            &app,
            &coordinator,
            id,
            "reschedule",
            &[("note", "x"), ("due_date", "2026-12-30")]
        )
        .await,
        StatusCode::CONFLICT
    );
    assert_eq!(
        make(&app, &reporter, id, "accept", &[]).await,
        StatusCode::CONFLICT
    );
    app.stop().await;
}

async fn bulk_assignment_gives_each_organisation_a_task_and_rolls_up(backend: Backend) {
    let app = spawn_app(backend).await;
    app.load_demo().await;
    let coordinator = app.login_as(Role::Coordinator).await;
    let before = app.count("tasks").await;
    let form = task_form(
        "",
        &[
            ("assign_to", "many"),
            ("bulk_kind", "local_government"),
            ("bulk_region", "KG08000000000"),
            ("bulk_district", "KG08213000000"),
        ],
    );
    let response = post(&app, &coordinator, "tasks/create", &form).await;
    assert_eq!(
        response.status(),
        StatusCode::OK,
        "{}",
        response.text().await.unwrap_or_default()
    );
    // The group and one task for each of the three demo aiyl okmotu of Kemin district.
    assert_eq!(app.count("tasks").await, before + 4);
    let group: i64 = on_db!(&app.state.db, pool => sqlx::query_scalar(
        "select task_id from tasks where is_group order by task_id desc limit 1"
    ).fetch_one(pool).await)
    .expect("group");
    let children: Vec<(i64, Option<String>)> = on_db!(&app.state.db, pool => sqlx::query_as(
        "select task_id, municipality_code from tasks where parent_id = $1 order by task_id"
    ).bind(group).fetch_all(pool).await)
    .expect("children");
    assert_eq!(children.len(), 3);
    assert!(
        children
            .iter()
            .all(|(_, m)| m.as_deref().is_some_and(|m| m.starts_with("KG08213")))
    );

    // One municipality accepts; the roll-up shows it.
    let reporter = app.login(DUYSHEEV_REPORTER, REPORTER_PASSWORD).await;
    let lead = org_of(&app, DUYSHEEV_REPORTER).await;
    let mine: i64 = on_db!(&app.state.db, pool => sqlx::query_scalar(
        "select task_id from tasks where parent_id = $1 and lead_organization_id = $2"
    ).bind(group).bind(lead).fetch_one(pool).await)
    .expect("own task");
    assert_eq!(
        make(&app, &reporter, mine, "accept", &[]).await,
        StatusCode::OK
    );
    let today = app::backend::today();
    let rollup = db::task_list::rollup(&app.state.db, TaskId(group), today)
        .await
        .expect("rollup");
    assert_eq!(rollup.total, 3);
    assert_eq!(rollup.count(Status::Accepted), 1);
    assert_eq!(rollup.count(Status::Assigned), 2);
    // The reporter cannot open the group (it is not their organisation's) but can open theirs.
    let (group_text, mine_text) = (group.to_string(), mine.to_string());
    let page = app
        .call(&reporter, "tasks/page", &[("task_id", group_text.as_str())])
        .await;
    assert_eq!(page.status(), StatusCode::NOT_FOUND);
    let page = app
        .call(&reporter, "tasks/page", &[("task_id", mine_text.as_str())])
        .await;
    assert_eq!(page.status(), StatusCode::OK);
    // Cancelling the assignment cancels every open task in it, each with its history.
    assert_eq!(
        make(
            &app,
            &coordinator,
            group,
            "cancel",
            &[("note", "Перенесено на следующий год")]
        )
        .await,
        StatusCode::OK
    );
    let open: i64 = on_db!(&app.state.db, pool => sqlx::query_scalar(
        "select count(*) from tasks where parent_id = $1 and status <> 'cancelled'"
    ).bind(group).fetch_one(pool).await)
    .expect("count");
    assert_eq!(open, 0);
    // A filter that matches nobody is refused next to the field.
    let nobody = task_form(
        "",
        &[
            ("assign_to", "many"),
            ("bulk_kind", "international_partner"),
            ("bulk_region", "KG02000000000"),
        ],
    );
    let response = post(&app, &coordinator, "tasks/create", &nobody).await;
    assert_eq!(response.status(), StatusCode::BAD_REQUEST);
    app.stop().await;
}

async fn other_organisations_tasks_cannot_be_seen_or_moved(backend: Backend) {
    let app = spawn_app(backend).await;
    app.load_demo().await;
    let coordinator = app.login_as(Role::Coordinator).await;
    let lead = org_of(&app, DUYSHEEV_REPORTER).await;
    let id = create_for(&app, &coordinator, lead, &[]).await;
    let draft = create_for(&app, &coordinator, lead, &[("intent", "draft")]).await;
    let outsider = app.login(NGO_REPORTER, REPORTER_PASSWORD).await;
    let id_text = id.to_string();
    // Guessing the id gets "not found", whatever is asked.
    let page = app
        .call(&outsider, "tasks/page", &[("task_id", &id_text)])
        .await;
    assert_eq!(page.status(), StatusCode::NOT_FOUND);
    assert_eq!(
        make(&app, &outsider, id, "accept", &[]).await,
        StatusCode::NOT_FOUND
    );
    let comment = app
        .call(
            &outsider,
            "tasks/comment",
            &[("task_id", &id_text), ("body", "hi")],
        )
        .await;
    assert_eq!(comment.status(), StatusCode::NOT_FOUND);
    // The list is filtered in the query: the outsider never sees the task, even by filter.
    let ngo = OrganizationId(org_of(&app, NGO_REPORTER).await);
    let filter = TaskFilter {
        organization_id: Some(OrganizationId(lead)),
        ..TaskFilter::default()
    };
    let (rows, _) = db::task_list::list(
        &app.state.db,
        Scope::Organization(ngo),
        &filter,
        app::backend::today(),
    )
    .await
    .expect("list");
    assert!(rows.is_empty());
    // The lead's own reporter sees the assigned task but not the draft; observers the same.
    let reporter = app.login(DUYSHEEV_REPORTER, REPORTER_PASSWORD).await;
    let observer = app.login_as(Role::Observer).await;
    for client in [&reporter, &observer] {
        assert_eq!(
            app.call(client, "tasks/page", &[("task_id", &id_text)])
                .await
                .status(),
            StatusCode::OK
        );
        assert_eq!(
            app.call(client, "tasks/page", &[("task_id", &draft.to_string())])
                .await
                .status(),
            StatusCode::NOT_FOUND
        );
    }
    // Observers read but may not comment.
    let comment = app
        .call(
            &observer,
            "tasks/comment",
            &[("task_id", &id_text), ("body", "hi")],
        )
        .await;
    assert_eq!(comment.status(), StatusCode::FORBIDDEN);
    let comment = app
        .call(
            &reporter,
            "tasks/comment",
            &[("task_id", &id_text), ("body", "Начали работу")],
        )
        .await;
    assert_eq!(comment.status(), StatusCode::OK);
    assert_eq!(app.count("task_comments").await, 1);
    app.stop().await;
}

async fn the_history_cannot_be_rewritten(backend: Backend) {
    let app = spawn_app(backend).await;
    app.load_demo().await;
    let before = app.count("task_history").await;
    assert!(before > 0);
    let update = on_db!(&app.state.db, pool => sqlx::query("update task_history set note = 'rewritten'").execute(pool).await.map(|_| ()));
    assert!(update.is_err(), "updates are refused by the database");
    let delete = on_db!(&app.state.db, pool => sqlx::query("delete from task_history").execute(pool).await.map(|_| ()));
    assert!(delete.is_err(), "deletes are refused by the database");
    assert_eq!(app.count("task_history").await, before);
    app.stop().await;
}

async fn a_stale_version_is_a_conflict(backend: Backend) {
    let app = spawn_app(backend).await;
    app.load_demo().await;
    let coordinator = app.login_as(Role::Coordinator).await;
    let other_coordinator = app.login_as(Role::Coordinator).await;
    let lead = org_of(&app, DUYSHEEV_REPORTER).await;
    let id = create_for(&app, &coordinator, lead, &[]).await;
    let id_text = id.to_string();
    // Both open version 1; the first reschedules, the second's cancel is refused as stale.
    let first = app
        .call(
            &coordinator,
            "tasks/move",
            &[
                ("task_id", &id_text),
                ("version", "1"),
                ("mv", "reschedule"),
                ("note", "Паводок"),
                ("due_date", "2026-12-28"),
            ],
        )
        .await;
    assert_eq!(first.status(), StatusCode::OK);
    let second = app
        .call(
            &other_coordinator,
            "tasks/move",
            &[
                ("task_id", &id_text),
                ("version", "1"),
                ("mv", "cancel"),
                ("note", "Не нужна"),
            ],
        )
        .await;
    assert_eq!(second.status(), StatusCode::CONFLICT);
    assert_eq!(
        status_and_version(&app, id).await,
        ("assigned".to_owned(), 2)
    );
    // The reschedule's history keeps the old and new dates and the reason.
    let rows: Vec<(String, String, String, String)> = on_db!(&app.state.db, pool => sqlx::query_as(
        "select field, old_value, new_value, note from task_history where task_id = $1 order by event_id"
    ).bind(id).fetch_all(pool).await).expect("history");
    assert_eq!(
        rows.last().expect("event"),
        &(
            "due_date".into(),
            "2026-12-20".into(),
            "2026-12-28".into(),
            "Паводок".into()
        )
    );
    app.stop().await;
}

fn generated(i: i64, lead: i64, creator: i64, due: time::Date) -> db::tasks::NewTask {
    db::tasks::NewTask {
        parent_id: None,
        is_group: false,
        written_in: app::i18n::Lang::Ru,
        title: Trilingual {
            ky: String::new(),
            ru: format!("Поручение {i}"),
            en: String::new(),
        },
        description: Trilingual::default(),
        category: Category::Treatment,
        place: TaskPlace {
            coverage: Coverage::National,
            region_code: None,
            district_code: None,
            municipality_code: None,
        },
        lead: Some(OrganizationId(lead)),
        supporting: Vec::new(),
        objectives: vec!["O5".into()],
        principles: Vec::new(),
        start_date: time::macros::date!(2026 - 01 - 01),
        due_date: due,
        priority: Priority::Normal,
        expected_result: String::new(),
        target: None,
        enforcement_focus: None,
        status: Status::Assigned,
        is_demo: false,
        created_by: UserId(creator),
        note: String::new(),
    }
}

async fn keyset_pages_stay_stable_under_inserts(backend: Backend) {
    let app = spawn_app(backend).await;
    app.load_demo().await;
    let lead = org_of(&app, NGO_REPORTER).await;
    let creator = app.user_id_of("coordinator@demo.concord.kg").await;
    let base = time::macros::date!(2026 - 03 - 01);
    let tasks: Vec<_> = (0..130)
        .map(|i| generated(i, lead, creator, base + time::Duration::days(i % 17)))
        .collect();
    db::tasks::insert(&app.state.db, &tasks, app::backend::now())
        .await
        .expect("insert");
    let today = app::backend::today();
    let filter = TaskFilter {
        organization_id: Some(OrganizationId(lead)),
        q: Some("поручение".into()),
        ..TaskFilter::default()
    };
    let scope = Scope::All;
    let (first, next) = db::task_list::list(&app.state.db, scope, &filter, today)
        .await
        .expect("page 1");
    assert_eq!(first.len(), 50);
    let cursor: Cursor = next.expect("more pages");
    // New tasks land before and after the cursor meanwhile.
    let more: Vec<_> = (200..210)
        .map(|i| generated(i, lead, creator, base + time::Duration::days(i % 20)))
        .collect();
    db::tasks::insert(&app.state.db, &more, app::backend::now())
        .await
        .expect("insert more");
    let mut seen: Vec<TaskId> = first.iter().map(|r| r.id).collect();
    let mut after = Some(cursor);
    while let Some(cursor) = after {
        let page_filter = TaskFilter {
            after: Some(cursor),
            ..filter.clone()
        };
        let (rows, next) = db::task_list::list(&app.state.db, scope, &page_filter, today)
            .await
            .expect("page");
        seen.extend(rows.iter().map(|r| r.id));
        after = next;
    }
    let mut unique = seen.clone();
    unique.sort();
    unique.dedup();
    assert_eq!(unique.len(), seen.len(), "no task is shown twice");
    // Every task that existed at the first page is on some page; the order holds.
    let original: Vec<i64> = on_db!(&app.state.db, pool => sqlx::query_scalar(
        "select task_id from tasks where lead_organization_id = $1 and title_ru like 'Поручение %' and title_ru not like 'Поручение 20_' order by task_id"
    ).bind(lead).fetch_all(pool).await).expect("ids");
    assert_eq!(original.len(), 130);
    assert!(original.iter().all(|id| seen.contains(&TaskId(*id))));
    app.stop().await;
}

async fn bad_task_input_gets_field_messages_and_saves_nothing(backend: Backend) {
    let app = spawn_app(backend).await;
    app.load_demo().await;
    let coordinator = app.login_as(Role::Coordinator).await;
    let before = app.count("tasks").await;
    let lead = org_of(&app, DUYSHEEV_REPORTER).await.to_string();
    let cases: [(&[(&'static str, &'static str)], &str); 5] = [
        (&[("due_date", "2025-12-31")], "due_date"),
        (&[("start_date", "2026-02-30")], "start_date"),
        (&[("objectives[]", "O12")], "objectives"),
        (&[("category", "astrology")], "category"),
        (&[("coverage", "district")], "district_code"),
    ];
    for (extra, field) in cases {
        let response = post(&app, &coordinator, "tasks/create", &task_form(&lead, extra)).await;
        assert_eq!(response.status(), StatusCode::BAD_REQUEST, "{extra:?}");
        let body = response.text().await.unwrap_or_default();
        assert!(body.contains(field), "{field} in {body}");
        assert!(
            body.contains("Профилактические беседы"),
            "typed values come back"
        );
    }
    // An organisation that does not exist, or the coordinating body itself.
    let response = post(
        &app,
        &coordinator,
        "tasks/create",
        &task_form("999999", &[]),
    )
    .await;
    assert_eq!(response.status(), StatusCode::BAD_REQUEST);
    let body_id = org_of(&app, "coordinator@demo.concord.kg")
        .await
        .to_string();
    let response = post(
        &app,
        &coordinator,
        "tasks/create",
        &task_form(&body_id, &[]),
    )
    .await;
    assert_eq!(response.status(), StatusCode::BAD_REQUEST);
    // A non-numeric id is a bad request, never a 500.
    let response = app
        .call(&coordinator, "tasks/page", &[("task_id", "abc")])
        .await;
    assert_eq!(response.status(), StatusCode::BAD_REQUEST);
    assert_eq!(app.count("tasks").await, before);
    app.stop().await;
}

async fn only_coordinators_create_and_anonymous_callers_are_refused(backend: Backend) {
    let app = spawn_app(backend).await;
    app.load_demo().await;
    let lead = org_of(&app, DUYSHEEV_REPORTER).await.to_string();
    let form = task_form(&lead, &[]);
    let before = app.count("tasks").await;
    let anonymous = app.client();
    let calls: [(&str, &[(&str, &str)]); 6] = [
        ("tasks/choices", &[]),
        ("tasks/inbox", &[]),
        ("tasks/page", &[("task_id", "1")]),
        ("tasks/list", &[("filter[sort]", "due")]),
        (
            "tasks/move",
            &[("task_id", "1"), ("version", "1"), ("mv", "accept")],
        ),
        ("tasks/comment", &[("task_id", "1"), ("body", "hi")]),
    ];
    assert_eq!(
        post(&app, &anonymous, "tasks/create", &form).await.status(),
        StatusCode::UNAUTHORIZED
    );
    for (endpoint, args) in calls {
        let status = app.call(&anonymous, endpoint, args).await.status();
        assert_eq!(status, StatusCode::UNAUTHORIZED, "{endpoint}");
    }
    for role in [Role::Administrator, Role::Reporter, Role::Observer] {
        let client = app.login_as(role).await;
        assert_eq!(
            post(&app, &client, "tasks/create", &form).await.status(),
            StatusCode::FORBIDDEN,
            "{role:?}"
        );
        assert_eq!(
            app.call(&client, "tasks/choices", &[]).await.status(),
            StatusCode::FORBIDDEN,
            "{role:?}"
        );
        assert_eq!(
            app.call(&client, "tasks/list", &[("filter[sort]", "due")])
                .await
                .status(),
            StatusCode::OK,
            "{role:?}"
        );
    }
    assert_eq!(app.count("tasks").await, before);
    app.stop().await;
}

async fn the_inbox_counts_what_needs_action(backend: Backend) {
    let app = spawn_app(backend).await;
    app.load_demo().await;
    let coordinator = app.login_as(Role::Coordinator).await;
    let reporter = app.login(DUYSHEEV_REPORTER, REPORTER_PASSWORD).await;
    let count = |client: Client| {
        let app = &app;
        async move {
            let info: serde_json::Value = app
                .call(&client, "session", &[])
                .await
                .json()
                .await
                .expect("json");
            info["inbox_count"].as_i64().expect("count")
        }
    };
    let before = count(reporter.clone()).await;
    let lead = org_of(&app, DUYSHEEV_REPORTER).await;
    let id = create_for(&app, &coordinator, lead, &[]).await;
    assert_eq!(
        count(reporter.clone()).await,
        before + 1,
        "a new task to accept"
    );
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
    assert_eq!(count(reporter.clone()).await, before);
    let inbox: serde_json::Value = app
        .call(&coordinator, "tasks/inbox", &[])
        .await
        .json()
        .await
        .expect("json");
    let declined = inbox["sections"]
        .as_array()
        .expect("sections")
        .iter()
        .find(|s| s["kind"] == "declined")
        .expect("declined section");
    assert!(
        declined["rows"]
            .as_array()
            .expect("rows")
            .iter()
            .any(|r| r["id"] == id)
    );
    let observer = app.login_as(Role::Observer).await;
    assert_eq!(count(observer).await, 0);
    app.stop().await;
}

async fn generated_data_is_the_same_for_the_same_seed(backend: Backend) {
    use concord::seed::generate::{self, Scale};
    let mut digests = Vec::new();
    for _ in 0..2 {
        let app = spawn_app(backend).await;
        let made = generate::generate(&app.state, Scale::SMALL, 42)
            .await
            .expect("generate");
        assert_eq!(made.tasks, Scale::SMALL.tasks);
        assert!(made.history >= made.tasks);
        assert_eq!(app.count("tasks").await, Scale::SMALL.tasks as i64);
        // Every task names objectives; children point at a group; nothing is malformed.
        let orphans: i64 = on_db!(&app.state.db, pool => sqlx::query_scalar(
            "select count(*) from tasks t where not exists (select 1 from task_objectives o where o.task_id = t.task_id)"
        ).fetch_one(pool).await).expect("count");
        assert_eq!(orphans, 0);
        let rows: Vec<(String, String, String)> = on_db!(&app.state.db, pool => sqlx::query_as(
            "select title_ru, status, cast(due_date as text) from tasks order by task_id"
        ).fetch_all(pool).await)
        .expect("rows");
        let mut rows = rows;
        // Reports, activities and indicator values come with the tasks, the same way.
        assert!(made.reports > 0 && made.indicator_values > 0);
        assert_eq!(app.count("reports").await, made.reports as i64);
        assert_eq!(
            app.count("activities").await,
            Scale::SMALL.activities as i64
        );
        let by_status: Vec<(String, i64)> = on_db!(&app.state.db, pool => sqlx::query_as(
            "select status, count(*) from reports group by status order by status"
        ).fetch_all(pool).await)
        .expect("reports");
        rows.extend(
            by_status
                .into_iter()
                .map(|(s, n)| (s, n.to_string(), String::new())),
        );
        // The early-warning system's substances, signals and cases, each case's signals
        // observed before it opened and its history starting with its opening.
        assert_eq!(made.warning.cases, Scale::SMALL.cases);
        assert_eq!(app.count("signals").await, Scale::SMALL.signals as i64);
        assert_eq!(app.count("warning_cases").await, Scale::SMALL.cases as i64);
        let late: i64 = on_db!(&app.state.db, pool => sqlx::query_scalar(
            "select count(*) from signals g join warning_cases c on c.case_id = g.case_id \
             where cast(g.observed_on as text) > substr(cast(c.opened_at as text), 1, 10)"
        ).fetch_one(pool).await)
        .expect("count");
        assert_eq!(late, 0);
        let unopened: i64 = on_db!(&app.state.db, pool => sqlx::query_scalar(
            "select count(*) from warning_cases c where not exists (select 1 from case_history h \
             where h.case_id = c.case_id and h.event = 'opened')"
        ).fetch_one(pool).await)
        .expect("count");
        assert_eq!(unopened, 0);
        let cases: Vec<(String, String)> = on_db!(&app.state.db, pool => sqlx::query_as(
            "select title, stage from warning_cases order by case_id"
        ).fetch_all(pool).await)
        .expect("cases");
        rows.extend(cases.into_iter().map(|(t, s)| (t, s, String::new())));
        digests.push(rows);
        // The bulk load bypasses the deltas; the rebuild after it leaves the tallies right.
        let drift = app::backend::db::tallies::drift(&app.state.db)
            .await
            .expect("drift");
        assert!(drift.is_empty(), "{drift:?}");
        // A second run is refused rather than doubling the data.
        assert!(
            generate::generate(&app.state, Scale::SMALL, 42)
                .await
                .is_err()
        );
        // The list reads it like any other data.
        let today = app::backend::today();
        let (page, next) =
            db::task_list::list(&app.state.db, Scope::All, &TaskFilter::default(), today)
                .await
                .expect("list");
        assert_eq!(page.len(), 50);
        assert!(next.is_some());
        app.stop().await;
    }
    assert_eq!(digests[0], digests[1]);
}

async fn an_assignment_closes_with_its_last_task(backend: Backend) {
    let app = spawn_app(backend).await;
    app.load_demo().await;
    let coordinator = app.login_as(Role::Coordinator).await;
    let form = task_form(
        "",
        &[
            ("assign_to", "many"),
            ("bulk_kind", "local_government"),
            ("bulk_district", "KG08213000000"),
            ("bulk_region", "KG08000000000"),
        ],
    );
    assert_eq!(
        post(&app, &coordinator, "tasks/create", &form)
            .await
            .status(),
        StatusCode::OK
    );
    let group: i64 = on_db!(&app.state.db, pool => sqlx::query_scalar(
        "select task_id from tasks where is_group order by task_id desc limit 1"
    ).fetch_one(pool).await)
    .expect("group");
    let lead = org_of(&app, DUYSHEEV_REPORTER).await;
    let children: Vec<(i64, i64)> = on_db!(&app.state.db, pool => sqlx::query_as(
        "select task_id, lead_organization_id from tasks where parent_id = $1 order by task_id"
    ).bind(group).fetch_all(pool).await)
    .expect("children");
    let reporter = app.login(DUYSHEEV_REPORTER, REPORTER_PASSWORD).await;
    for (id, org) in &children {
        if *org == lead {
            for mv in ["accept", "start"] {
                assert_eq!(make(&app, &reporter, *id, mv, &[]).await, StatusCode::OK);
            }
            assert_eq!(
                make(&app, &reporter, *id, "complete", &[("note", "Готово")]).await,
                StatusCode::OK
            );
        } else {
            assert_eq!(
                make(&app, &coordinator, *id, "cancel", &[("note", "Нет школ")]).await,
                StatusCode::OK
            );
        }
    }
    assert_eq!(
        status_and_version(&app, group).await.0,
        "assigned",
        "one task is still open"
    );
    // Reassigning to the same organisation is refused; verifying the last task closes the group.
    let mine = children
        .iter()
        .find(|(_, org)| *org == lead)
        .expect("own task")
        .0;
    assert_eq!(
        make(&app, &coordinator, mine, "verify", &[]).await,
        StatusCode::OK
    );
    assert_eq!(status_and_version(&app, group).await.0, "verified");
    // A closed assignment offers no moves.
    let page = app::backend::tasks::page(
        &app.state,
        &me(&app, "coordinator@demo.concord.kg").await,
        TaskId(group),
    )
    .await
    .expect("page");
    assert!(page.moves.is_empty());
    app.stop().await;
}

async fn control_characters_are_refused_not_failed_on(backend: Backend) {
    let app = spawn_app(backend).await;
    app.load_demo().await;
    let coordinator = app.login_as(Role::Coordinator).await;
    let lead = org_of(&app, DUYSHEEV_REPORTER).await;
    let id = create_for(&app, &coordinator, lead, &[]).await.to_string();
    let comment = app
        .call(
            &coordinator,
            "tasks/comment",
            &[("task_id", &id), ("body", "a\u{0}b")],
        )
        .await;
    assert_eq!(comment.status(), StatusCode::BAD_REQUEST);
    let list = app
        .call(&coordinator, "tasks/list", &[("filter[q]", "\u{0}шк")])
        .await;
    assert_eq!(list.status(), StatusCode::OK);
    let page = app
        .client()
        .get(app.url("/tasks?q=%00ab"))
        .send()
        .await
        .expect("page");
    assert_ne!(page.status(), StatusCode::INTERNAL_SERVER_ERROR);
    // A new lead must differ from the current one.
    let same = lead.to_string();
    let status = make(
        &app,
        &coordinator,
        id.parse().expect("id"),
        "reassign",
        &[("lead_organization_id", &same)],
    )
    .await;
    assert_eq!(status, StatusCode::BAD_REQUEST);
    assert_eq!(app.count("task_comments").await, 0);
    app.stop().await;
}

/// The moves, each with its maker, that bring a new task to `status`.
fn path_to(status: Status) -> &'static [(&'static str, bool)] {
    // (move, made by the lead reporter)
    match status {
        Status::Draft | Status::Assigned => &[],
        Status::Accepted => &[("accept", true)],
        Status::Declined => &[("decline", true)],
        Status::InProgress => &[("accept", true), ("start", true)],
        Status::Completed => &[("accept", true), ("start", true), ("complete", true)],
        Status::Returned => &[
            ("accept", true),
            ("start", true),
            ("complete", true),
            ("return", false),
        ],
        Status::Verified => &[
            ("accept", true),
            ("start", true),
            ("complete", true),
            ("verify", false),
        ],
        Status::Cancelled => &[("cancel", false)],
    }
}

async fn every_move_from_every_status_for_every_standing(backend: Backend) {
    use app::domain::tasks::workflow::{Move, Standing, permitted};
    let app = spawn_app(backend).await;
    app.load_demo().await;
    let coordinator = app.login_as(Role::Coordinator).await;
    let lead_reporter = app.login(DUYSHEEV_REPORTER, REPORTER_PASSWORD).await;
    let outsider = app.login(NGO_REPORTER, REPORTER_PASSWORD).await;
    let observer = app.login_as(Role::Observer).await;
    let lead = org_of(&app, DUYSHEEV_REPORTER).await;
    let other_org = org_of(&app, NGO_REPORTER).await.to_string();
    let actors = [
        (Standing::Coordinator, &coordinator),
        (Standing::LeadReporter, &lead_reporter),
        (Standing::Outsider, &outsider),
        (Standing::Observer, &observer),
    ];
    let fields = |mv: Move| -> Vec<(&str, String)> {
        let mut f = vec![("note", "Причина".to_owned())];
        if mv == Move::Reassign {
            f.push(("lead_organization_id", other_org.clone()));
        }
        if mv == Move::Reschedule {
            f.push(("due_date", "2026-12-31".to_owned()));
        }
        f
    };
    let mut checked = 0;
    for status in Status::ALL {
        let new_task = async || {
            let intent: &[(&'static str, &'static str)] = if status == Status::Draft {
                &[("intent", "draft")]
            } else {
                &[]
            };
            let id = create_for(&app, &coordinator, lead, intent).await;
            for (mv, by_reporter) in path_to(status) {
                let client = if *by_reporter {
                    &lead_reporter
                } else {
                    &coordinator
                };
                assert_eq!(
                    make(&app, client, id, mv, &[("note", "шаг")]).await,
                    StatusCode::OK,
                    "{mv} towards {status:?}"
                );
            }
            assert_eq!(status_and_version(&app, id).await.0, status.as_str());
            id
        };
        let shared = new_task().await;
        for (standing, client) in actors {
            for mv in Move::ALL {
                let extra = fields(mv);
                let extra: Vec<(&str, &str)> =
                    extra.iter().map(|(k, v)| (*k, v.as_str())).collect();
                match permitted(standing, mv, status) {
                    Some(to) => {
                        let id = new_task().await;
                        let code = make(&app, client, id, mv.as_str(), &extra).await;
                        assert_eq!(code, StatusCode::OK, "{standing:?} {mv:?} from {status:?}");
                        assert_eq!(status_and_version(&app, id).await.0, to.as_str());
                    }
                    None => {
                        let before = status_and_version(&app, shared).await;
                        let code = make(&app, client, shared, mv.as_str(), &extra).await;
                        assert!(
                            matches!(
                                code,
                                StatusCode::FORBIDDEN
                                    | StatusCode::NOT_FOUND
                                    | StatusCode::CONFLICT
                            ),
                            "{standing:?} {mv:?} from {status:?}: {code}"
                        );
                        assert_eq!(
                            status_and_version(&app, shared).await,
                            before,
                            "{standing:?} {mv:?} from {status:?}"
                        );
                    }
                }
                checked += 1;
            }
        }
    }
    assert_eq!(checked, 9 * 10 * 4);
    app.stop().await;
}

async fn a_coordinator_edits_a_draft_then_assigns_it(backend: Backend) {
    let app = spawn_app(backend).await;
    app.load_demo().await;
    let coordinator = app.login_as(Role::Coordinator).await;
    let lead = org_of(&app, DUYSHEEV_REPORTER).await;
    let id = create_for(&app, &coordinator, lead, &[("intent", "draft")]).await;
    let other = org_of(&app, NGO_REPORTER).await.to_string();
    let edit = |version: &'static str, title: &'static str, intent: &'static str| {
        // Recast as legal and organisational work (O7), which is what it now serves.
        let mut form = task_form(
            &other,
            &[
                ("title_ru", title),
                ("intent", intent),
                ("category", "legal"),
                ("objectives[]", "O7"),
            ],
        );
        form.retain(|(k, _)| *k != "assign_to");
        form.retain(|(k, v)| *k != "objectives[]" || v != "O1");
        form.push(("task_id", id.to_string()));
        form.push(("version", version.to_owned()));
        form
    };
    // The reporter of the lead organisation may not edit; the coordinator may.
    let reporter = app.login(DUYSHEEV_REPORTER, REPORTER_PASSWORD).await;
    let refused = post(
        &app,
        &reporter,
        "tasks/update",
        &edit("1", "Чужая правка", "draft"),
    )
    .await;
    assert_eq!(refused.status(), StatusCode::FORBIDDEN);
    let saved = post(
        &app,
        &coordinator,
        "tasks/update",
        &edit("1", "Уточнённое название", "draft"),
    )
    .await;
    assert_eq!(
        saved.status(),
        StatusCode::OK,
        "{}",
        saved.text().await.unwrap_or_default()
    );
    let (title, lead_now, status): (String, i64, String) =
        on_db!(&app.state.db, pool => sqlx::query_as(
        "select title_ru, lead_organization_id, status from tasks where task_id = $1"
    ).bind(id).fetch_one(pool).await)
        .expect("task");
    assert_eq!(
        (title.as_str(), lead_now.to_string(), status.as_str()),
        ("Уточнённое название", other.clone(), "draft")
    );
    let objectives: Vec<String> = on_db!(&app.state.db, pool => sqlx::query_scalar(
        "select objective_code from task_objectives where task_id = $1 order by objective_code"
    ).bind(id).fetch_all(pool).await)
    .expect("objectives");
    assert_eq!(objectives, ["O7"]);
    // A stale version is refused; saving and assigning at once works.
    let stale = post(
        &app,
        &coordinator,
        "tasks/update",
        &edit("1", "Старая версия", "draft"),
    )
    .await;
    assert_eq!(stale.status(), StatusCode::CONFLICT);
    let assigned = post(
        &app,
        &coordinator,
        "tasks/update",
        &edit("2", "Уточнённое название", "assign"),
    )
    .await;
    assert_eq!(assigned.status(), StatusCode::OK);
    assert_eq!(
        status_and_version(&app, id).await,
        ("assigned".to_owned(), 3)
    );
    // Once assigned, it changes only through its moves.
    let late = post(
        &app,
        &coordinator,
        "tasks/update",
        &edit("3", "Поздняя правка", "draft"),
    )
    .await;
    assert_eq!(late.status(), StatusCode::CONFLICT);
    let fields: Vec<String> = on_db!(&app.state.db, pool => sqlx::query_scalar(
        "select field from task_history where task_id = $1 order by event_id"
    ).bind(id).fetch_all(pool).await)
    .expect("history");
    assert_eq!(fields, ["created", "edited", "edited", "status"]);
    app.stop().await;
}

/// Every task's objectives against its category: (task, category, objective codes).
async fn tasks_with_objectives(app: &TestApp) -> Vec<(i64, String, Vec<String>)> {
    let rows: Vec<(i64, String, String)> = on_db!(&app.state.db, pool => sqlx::query_as(
        "select t.task_id, t.category, o.objective_code from tasks t \
         join task_objectives o on o.task_id = t.task_id order by t.task_id, o.objective_code"
    ).fetch_all(pool).await)
    .expect("rows");
    let mut out: Vec<(i64, String, Vec<String>)> = Vec::new();
    for (id, category, code) in rows {
        match out.last_mut() {
            Some((last, _, codes)) if *last == id => codes.push(code),
            _ => out.push((id, category, vec![code])),
        }
    }
    out
}

/// The demo and the national-scale generator tag each task with objectives its category
/// serves, as the concept gives them (enforcement O2/O4, treatment O5, …), and enforcement
/// tasks with a focus.
async fn demo_and_generated_tasks_serve_their_categorys_objectives(backend: Backend) {
    use concord::seed::generate::{self, Scale};
    let app = spawn_app(backend).await;
    app.load_demo().await;
    generate::generate(&app.state, Scale::SMALL, 7)
        .await
        .expect("generate");
    let tasks = tasks_with_objectives(&app).await;
    assert!(tasks.len() > Scale::SMALL.tasks);
    for (id, category, codes) in &tasks {
        let category = Category::parse(category).expect("category");
        assert!(
            category.fits(codes),
            "task {id}: {category:?} with {codes:?}, which it does not serve"
        );
    }
    let unfocused: i64 = on_db!(&app.state.db, pool => sqlx::query_scalar(
        "select count(*) from tasks where (category = 'enforcement') <> (enforcement_focus is not null)"
    ).fetch_one(pool).await)
    .expect("count");
    assert_eq!(
        unfocused, 0,
        "enforcement tasks and only they record a focus"
    );
    let focused_reports: i64 = on_db!(&app.state.db, pool => sqlx::query_scalar(
        "select count(*) from reports r join tasks t on t.task_id = r.task_id \
         where t.category = 'enforcement' and r.enforcement_focus is null"
    ).fetch_one(pool).await)
    .expect("count");
    assert_eq!(focused_reports, 0, "enforcement reports record a focus");
    app.stop().await;
}

/// An enforcement task is refused without a focus; objectives its category does not serve
/// come back as a warning that keeps the form, and are saved once confirmed.
async fn enforcement_tasks_need_a_focus_and_foreign_objectives_a_confirmation(backend: Backend) {
    let app = spawn_app(backend).await;
    app.load_demo().await;
    let coordinator = app.login_as(Role::Coordinator).await;
    let lead = org_of(&app, DUYSHEEV_REPORTER).await.to_string();
    let before = app.count("tasks").await;
    let form = task_form(
        &lead,
        &[("category", "enforcement"), ("objectives[]", "O4")],
    );
    let response = post(&app, &coordinator, "tasks/create", &form).await;
    assert_eq!(response.status(), StatusCode::BAD_REQUEST);
    let body: serde_json::Value = response.json().await.expect("json");
    let text = body.to_string();
    assert!(text.contains("enforcement_focus"), "{text}");
    // O1 alone, for enforcement: a warning, with every value typed kept.
    let foreign = task_form(
        &lead,
        &[
            ("category", "enforcement"),
            ("enforcement_focus", "possession"),
        ],
    );
    let response = post(&app, &coordinator, "tasks/create", &foreign).await;
    assert_eq!(response.status(), StatusCode::BAD_REQUEST);
    let text = response.text().await.expect("body");
    assert!(text.contains("ObjectivesOutsideCategory"), "{text}");
    assert!(
        text.contains("Профилактические беседы в школах"),
        "the title is kept"
    );
    assert_eq!(app.count("tasks").await, before, "nothing saved");
    let mut confirmed = foreign.clone();
    confirmed.push(("confirm_objectives", "on".into()));
    let response = post(&app, &coordinator, "tasks/create", &confirmed).await;
    assert_eq!(response.status(), StatusCode::OK);
    let id = last_task(&app).await;
    let (focus, objectives): (Option<String>, String) = on_db!(&app.state.db, pool => sqlx::query_as(
        "select t.enforcement_focus, o.objective_code from tasks t join task_objectives o on o.task_id = t.task_id where t.task_id = $1"
    ).bind(id).fetch_one(pool).await)
    .expect("task");
    assert_eq!(
        (focus.as_deref(), objectives.as_str()),
        (Some("possession"), "O1")
    );
    app.stop().await;
}

/// A target typed as the page prints it is read in the page's language: "1,234" is 1234 in
/// English, and a Russian value with its narrow no-break space is accepted.
async fn numbers_are_read_as_the_page_prints_them(backend: Backend) {
    let app = spawn_app(backend).await;
    app.load_demo().await;
    let coordinator = app.login_as(Role::Coordinator).await;
    let lead = org_of(&app, DUYSHEEV_REPORTER).await.to_string();
    for (lang, typed, expected) in [
        ("en", "1,234", 1234.0),
        ("en", "1,234.5", 1234.5),
        ("ru", "1\u{202f}200,5", 1200.5),
        ("ky", "1 200", 1200.0),
    ] {
        let form = task_form(&lead, &[("target_value", typed)]);
        let args: Vec<(&str, &str)> = form.iter().map(|(k, v)| (*k, v.as_str())).collect();
        // The language switch sets the language cookie, as the buttons in the header do.
        let switched = app.call(&coordinator, "language", &[("lang", lang)]).await;
        assert!(switched.status().is_success() || switched.status().is_redirection());
        let response = app.call(&coordinator, "tasks/create", &args).await;
        assert_eq!(response.status(), StatusCode::OK, "{lang} {typed}");
        let id = last_task(&app).await;
        let value: f64 = on_db!(&app.state.db, pool => sqlx::query_scalar(
            "select cast(target_value as double precision) from tasks where task_id = $1"
        ).bind(id).fetch_one(pool).await)
        .expect("target");
        assert_eq!(value, expected, "{lang} {typed}");
    }
    app.stop().await;
}

/// Pages whose sections load their own data (a task's reports, the filter form's regions and
/// objectives) once left the streamed response open forever, now and then, when the section
/// made its data inside the page's suspended view (leptos-rs/leptos#4866). Every such page,
/// asked for many times at once, must end.
async fn every_page_with_nested_sections_streams_to_its_end(backend: Backend) {
    let app = spawn_app(backend).await;
    app.load_demo().await;
    let client = app.login_as(Role::Coordinator).await;
    let ids: Vec<i64> = on_db!(&app.state.db, pool =>
        sqlx::query_scalar("select task_id from tasks order by task_id").fetch_all(pool).await)
    .expect("tasks");
    let mut paths: Vec<String> = ids.iter().map(|id| format!("/tasks/{id}")).collect();
    paths.extend(
        [
            "/dashboard",
            "/dashboard?region=KG08000000000&category=treatment",
            "/dashboard/organizations",
            "/dashboard/organizations?kind=ngo",
        ]
        .map(String::from),
    );
    let requests = paths.iter().cycle().take(paths.len() * 3).map(|path| {
        let request = client.get(app.url(path)).send();
        async move {
            let body = tokio::time::timeout(std::time::Duration::from_secs(30), async {
                request.await.expect("answer").text().await.expect("body")
            })
            .await
            .unwrap_or_else(|_| panic!("{path} never ended"));
            assert!(body.contains("</html>"), "{path} ended early");
        }
    });
    futures::future::join_all(requests).await;
    app.stop().await;
}
