//! The early-warning system on SQLite and PostgreSQL: the demo holds a case at each stage; a
//! narcology service records a signal (a personal identifier refused beside the field, the
//! text kept); the coordinator opens a case, asks the laboratory for data, the laboratory
//! answers through the task workflow, assessors score, the coordinator confirms a high risk
//! (alerting an organisation), records the decision and closes the case, and the substance's
//! control status follows; each stage refuses its sign-off while it lacks its data; refused
//! roles are refused and outsiders do not see the case; the history cannot be changed. The
//! signals and cases export (CSV, XLSX) as each role may see them, and the dashboard's
//! early-warning figures count the demo's rows.

use crate::support::{Backend, TestApp, on_both, spawn_app};
use crate::tasks::make;
use app::domain::roles::Role;
use reqwest::{Client, StatusCode};

on_both!(
    the_demo_holds_a_case_at_each_stage,
    a_signal_goes_through_a_case_to_a_decision,
    signals_and_cases_export_and_count_as_each_may_see_them,
    stage_deadlines_are_recalled_to_the_coordinator_who_opened_the_case,
);

async fn scalar(app: &TestApp, sql: &str) -> i64 {
    app::on_db!(&app.state.db, pool => sqlx::query_scalar(sql).fetch_one(pool).await)
        .unwrap_or_else(|e| panic!("{sql}: {e}"))
}

async fn the_demo_holds_a_case_at_each_stage(backend: Backend) {
    let app = spawn_app(backend).await;
    app.load_demo().await;
    for stage in ["primary_data", "assessment", "decision", "closed"] {
        let n = scalar(
            &app,
            &format!("select count(*) from warning_cases where stage = '{stage}' and is_demo"),
        )
        .await;
        assert_eq!(n, 1, "{stage}");
    }
    // The closed case put 4-CMC under temporary control; the public list shows it.
    let controlled = scalar(
        &app,
        "select count(*) from substances where cas_number = '1225843-86-6' and national_list = 'temporary'",
    )
    .await;
    assert_eq!(controlled, 1);
    let public = app.call_json(&app.client(), "public", &[]).await;
    assert!(public.to_string().contains("4-CMC"), "{public}");
    // The list by stage, with counts; the substance page's figures.
    let coordinator = app.login_as(Role::Coordinator).await;
    let list = app.call_json(&coordinator, "cases/list", &[]).await;
    assert_eq!(list["rows"].as_array().map(Vec::len), Some(3), "{list}");
    let closed = app
        .call_json(&coordinator, "cases/list", &[("stage", "closed")])
        .await;
    assert_eq!(closed["rows"].as_array().map(Vec::len), Some(1));
    // An outsider reporter (a local authority with no part in any case) sees none.
    let outsider = app.login_as(Role::Reporter).await;
    let theirs = app.call_json(&outsider, "cases/list", &[]).await;
    assert_eq!(theirs["rows"].as_array().map(Vec::len), Some(0), "{theirs}");
    // The laboratory sees the cases it was asked for data in.
    let lab = app
        .login("lab@demo.concord.kg", "demo-reporter-password")
        .await;
    let its = app.call_json(&lab, "cases/list", &[]).await;
    assert_eq!(its["rows"].as_array().map(Vec::len), Some(3), "{its}");
    // Administrators and observers have no access to the early-warning system.
    for role in [Role::Administrator, Role::Observer] {
        let client = app.login_as(role).await;
        for endpoint in ["cases/list", "signals/list"] {
            let status = app.call(&client, endpoint, &[]).await.status();
            assert_eq!(status, StatusCode::FORBIDDEN, "{role:?} {endpoint}");
        }
    }
    app.stop().await;
}

async fn case_version(app: &TestApp, id: &str) -> String {
    scalar(
        app,
        &format!("select version from warning_cases where case_id = {id}"),
    )
    .await
    .to_string()
}

async fn stage_of(app: &TestApp, id: &str) -> String {
    app::on_db!(&app.state.db, pool => sqlx::query_scalar(
        &format!("select stage from warning_cases where case_id = {id}")).fetch_one(pool).await)
    .expect("stage")
}

async fn act(
    app: &TestApp,
    client: &Client,
    endpoint: &str,
    id: &str,
    with_version: bool,
    form: &[(&str, &str)],
) -> StatusCode {
    let version = case_version(app, id).await;
    let mut args = vec![("case_id", id)];
    if with_version {
        args.push(("version", version.as_str()));
    }
    args.extend_from_slice(form);
    app.call(client, endpoint, &args).await.status()
}

async fn a_signal_goes_through_a_case_to_a_decision(backend: Backend) {
    let app = spawn_app(backend).await;
    app.load_demo().await;
    let coordinator = app.login_as(Role::Coordinator).await;
    let health = app
        .login("health@demo.concord.kg", "demo-reporter-password")
        .await;
    let lab = app
        .login("lab@demo.concord.kg", "demo-reporter-password")
        .await;
    let outsider = app.login_as(Role::Reporter).await;
    let signals = app.count("signals").await;
    let signal = [
        ("observed_on", "2026-01-15"),
        ("source", "narcology_service"),
        ("region_code", "KG11000000000"),
        ("form", "powder"),
        ("amount", "1,5"),
        ("amount_unit", "g"),
        ("poisonings", "3"),
        ("deaths", "1"),
    ];
    // A personal identifier in the text is refused beside it, and the text comes back.
    let mut personal = signal.to_vec();
    personal.push(("description", "Пациент, ПИН 21204199000123"));
    let refused = app.call(&health, "signals/save", &personal).await;
    assert_eq!(refused.status(), StatusCode::BAD_REQUEST);
    let body = refused.text().await.unwrap_or_default();
    assert!(
        body.contains("PersonalData") && body.contains("description"),
        "{body}"
    );
    assert!(body.contains("21204199000123"), "the text is kept: {body}");
    // So is a day to come, and a count that is not one.
    let mut future = signal.to_vec();
    future.retain(|(k, _)| *k != "observed_on" && *k != "deaths");
    let tomorrow =
        app::domain::tasks::inputs::date_to_iso(app::backend::today() + time::Duration::days(1));
    future.extend([("observed_on", tomorrow.as_str()), ("deaths", "-2")]);
    let refused = app.call(&health, "signals/save", &future).await;
    let body = refused.text().await.unwrap_or_default();
    assert!(
        body.contains("DateInFuture") && body.contains("deaths"),
        "{body}"
    );
    assert_eq!(app.count("signals").await, signals);
    // Recorded.
    let mut good = signal.to_vec();
    good.push(("description", "Три отравления в приёмном отделении"));
    app.call_ok(&health, "signals/save", &good).await;
    let signal_id = scalar(&app, "select max(signal_id) from signals")
        .await
        .to_string();
    // Observers cannot record signals; reporters cannot open cases.
    let observer = app.login_as(Role::Observer).await;
    assert_eq!(
        app.call(&observer, "signals/save", &good).await.status(),
        StatusCode::FORBIDDEN
    );
    let open = [
        ("title", "Новое вещество: отравления в Бишкеке"),
        ("stage_due", "2099-12-31"),
        ("signals[]", signal_id.as_str()),
    ];
    assert_eq!(
        app.call(&health, "cases/open", &open).await.status(),
        StatusCode::FORBIDDEN
    );
    app.call_ok(&coordinator, "cases/open", &open).await;
    let id = scalar(&app, "select max(case_id) from warning_cases")
        .await
        .to_string();
    // A signal goes into one case only.
    let again = app.call(&coordinator, "cases/open", &open).await;
    assert!(
        again
            .text()
            .await
            .unwrap_or_default()
            .contains("SignalInCase")
    );
    // The health service sees the case (its signal); an outsider does not.
    let page = [("case_id", id.as_str())];
    assert_eq!(
        app.call(&health, "cases/page", &page).await.status(),
        StatusCode::OK
    );
    assert_eq!(
        app.call(&outsider, "cases/page", &page).await.status(),
        StatusCode::NOT_FOUND
    );
    // Primary data: not before anyone was asked; a local authority is no expert.
    assert_eq!(
        act(
            &app,
            &coordinator,
            "cases/sign_off",
            &id,
            true,
            &[("next_due", "2099-12-31")]
        )
        .await,
        StatusCode::CONFLICT
    );
    let lab_org = app
        .demo_organization_of("lab@demo.concord.kg")
        .await
        .to_string();
    let local = app
        .demo_organization_of("reporter@demo.concord.kg")
        .await
        .to_string();
    for (org, want) in [
        (&local, StatusCode::BAD_REQUEST),
        (&lab_org, StatusCode::OK),
    ] {
        let request = [
            ("purpose", "primary_data"),
            ("organization_id", org.as_str()),
            ("title", "Идентифицировать порошок"),
            ("due_date", "2099-06-30"),
        ];
        assert_eq!(
            act(&app, &coordinator, "cases/task", &id, false, &request).await,
            want,
            "{org}"
        );
    }
    let task = scalar(
        &app,
        &format!("select task_id from case_tasks where case_id = {id}"),
    )
    .await;
    // The request is open, and the substance unknown: the sign-off is refused.
    assert_eq!(
        act(
            &app,
            &coordinator,
            "cases/sign_off",
            &id,
            true,
            &[("next_due", "2099-12-31")]
        )
        .await,
        StatusCode::CONFLICT
    );
    // The laboratory answers through the task workflow.
    for mv in ["accept", "start"] {
        assert_eq!(
            make(&app, &lab, task, mv, &[]).await,
            StatusCode::OK,
            "{mv}"
        );
    }
    assert_eq!(
        make(
            &app,
            &lab,
            task,
            "complete",
            &[("note", "ГХ-МС: альфа-PVP")]
        )
        .await,
        StatusCode::OK
    );
    let substance = scalar(
        &app,
        "select substance_id from substances where cas_number = '14530-33-7'",
    )
    .await
    .to_string();
    assert_eq!(
        act(
            &app,
            &coordinator,
            "cases/sign_off",
            &id,
            true,
            &[("substance_id", &substance), ("next_due", "2099-12-31")]
        )
        .await,
        StatusCode::OK
    );
    assert_eq!(stage_of(&app, &id).await, "assessment");
    // Assessment: assessors are reporters of expert organisations.
    let lab_user = app.user_id_of("lab@demo.concord.kg").await.to_string();
    let local_user = app.user_id_of("reporter@demo.concord.kg").await.to_string();
    assert_eq!(
        act(
            &app,
            &coordinator,
            "cases/assessors",
            &id,
            false,
            &[("assessors[]", &local_user)]
        )
        .await,
        StatusCode::BAD_REQUEST
    );
    assert_eq!(
        act(
            &app,
            &coordinator,
            "cases/assessors",
            &id,
            false,
            &[("assessors[]", &lab_user)]
        )
        .await,
        StatusCode::OK
    );
    let named = scalar(
        &app,
        &format!("select count(*) from notifications where kind = 'case_assessor_named' and case_id = {id}"),
    )
    .await;
    assert_eq!(named, 1, "the assessor is told");
    let scores = [
        ("medical_level", "high"),
        ("medical_rationale", "Психоз, гипертермия"),
        ("social_level", "moderate"),
        ("social_rationale", "Рост обращений"),
        ("legal_level", "low"),
        ("legal_rationale", "Уже в списке 1971 г."),
    ];
    // Only a named assessor scores.
    assert_eq!(
        act(&app, &health, "cases/score", &id, false, &scores).await,
        StatusCode::FORBIDDEN
    );
    assert_eq!(
        act(&app, &lab, "cases/score", &id, false, &scores).await,
        StatusCode::OK
    );
    let view = app.call_json(&coordinator, "cases/page", &page).await;
    assert_eq!(view["suggested_risk"], "high", "the highest level given");
    // A lower risk than suggested needs a reason; a high one alerts.
    let health_org = app
        .demo_organization_of("health@demo.concord.kg")
        .await
        .to_string();
    assert_eq!(
        act(
            &app,
            &coordinator,
            "cases/risk",
            &id,
            true,
            &[("risk", "moderate")]
        )
        .await,
        StatusCode::BAD_REQUEST
    );
    assert_eq!(
        act(
            &app,
            &coordinator,
            "cases/risk",
            &id,
            true,
            &[("risk", "high"), ("alert[]", &health_org)]
        )
        .await,
        StatusCode::OK
    );
    let alerted = scalar(
        &app,
        &format!(
            "select count(*) from notifications n join users u on u.user_id = n.user_id \
             where n.kind = 'case_alert' and n.case_id = {id} and u.email = 'health@demo.concord.kg'"
        ),
    )
    .await;
    assert_eq!(alerted, 1, "the alerted organisation's reporter is told");
    assert_eq!(
        act(
            &app,
            &coordinator,
            "cases/sign_off",
            &id,
            true,
            &[("next_due", "2099-12-31")]
        )
        .await,
        StatusCode::OK
    );
    // Decision: a measure of control needs its act; the sign-off puts the substance on the list.
    assert_eq!(
        act(
            &app,
            &coordinator,
            "cases/sign_off",
            &id,
            true,
            &[("next_due", "")]
        )
        .await,
        StatusCode::CONFLICT
    );
    assert_eq!(
        act(
            &app,
            &coordinator,
            "cases/decision",
            &id,
            true,
            &[("measure", "national_list")]
        )
        .await,
        StatusCode::BAD_REQUEST
    );
    let decision = [
        ("measure", "national_list"),
        ("measure_list", "list_i"),
        ("body", "Кабинет Министров"),
        ("act", "Постановление № 512"),
        ("act_date", "2026-11-01"),
        ("effective_on", "2026-11-11"),
    ];
    assert_eq!(
        act(&app, &coordinator, "cases/decision", &id, true, &decision).await,
        StatusCode::OK
    );
    // A stale version is refused.
    let stale = app
        .call(
            &coordinator,
            "cases/sign_off",
            &[("case_id", id.as_str()), ("version", "1"), ("next_due", "")],
        )
        .await;
    assert_eq!(stale.status(), StatusCode::CONFLICT);
    assert_eq!(
        act(
            &app,
            &coordinator,
            "cases/sign_off",
            &id,
            true,
            &[("next_due", "")]
        )
        .await,
        StatusCode::OK
    );
    assert_eq!(stage_of(&app, &id).await, "closed");
    let listed = scalar(
        &app,
        "select count(*) from substances where cas_number = '14530-33-7' and national_list = 'list_i'",
    )
    .await;
    assert_eq!(listed, 1, "the decided substance is under control");
    // Closed is final; comments still come; the history cannot be changed or deleted.
    assert_eq!(
        act(
            &app,
            &coordinator,
            "cases/return",
            &id,
            true,
            &[("stage", "decision"), ("note", "x")]
        )
        .await,
        StatusCode::CONFLICT
    );
    assert_eq!(
        app.call(
            &health,
            "cases/comment",
            &[("case_id", id.as_str()), ("body", "Спасибо")]
        )
        .await
        .status(),
        StatusCode::OK
    );
    let events = scalar(
        &app,
        &format!("select count(*) from case_history where case_id = {id}"),
    )
    .await;
    assert!(events >= 10, "{events}");
    for sql in [
        format!("update case_history set note = 'x' where case_id = {id}"),
        format!("delete from case_history where case_id = {id}"),
    ] {
        let result =
            app::on_db!(&app.state.db, pool => sqlx::query(&sql).execute(pool).await.map(|_| ()));
        assert!(result.is_err(), "{sql}");
    }
    app.stop().await;
}

/// An export's records (headings first) and its status.
async fn export(app: &TestApp, client: &Client, file: &str) -> (StatusCode, Vec<Vec<String>>) {
    let response = client
        .get(app.url(&format!("/export/{file}?lang=en")))
        .send()
        .await
        .expect("export");
    let status = response.status();
    if status != StatusCode::OK {
        return (status, Vec::new());
    }
    if file.ends_with(".xlsx") {
        let bytes = response.bytes().await.expect("body");
        assert!(bytes.starts_with(b"PK"), "a workbook is a zip");
        return (status, Vec::new());
    }
    let text = response.text().await.expect("body");
    (status, crate::exports::records(&text))
}

async fn signals_and_cases_export_and_count_as_each_may_see_them(backend: Backend) {
    let app = spawn_app(backend).await;
    app.load_demo().await;
    let en = app::i18n::Lang::En.texts();
    let coordinator = app.login_as(Role::Coordinator).await;
    let all_signals = scalar(&app, "select count(*) from signals").await;
    let (status, signals) = export(&app, &coordinator, "signals.csv").await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(signals.len() as i64 - 1, all_signals);
    assert_eq!(
        &signals[0][..3],
        ["ID", en.warning.observed_on, en.warning.source]
    );
    let (_, cases) = export(&app, &coordinator, "cases.csv").await;
    assert_eq!(cases.len(), 5, "four demo cases and the headings");
    let closed = cases
        .iter()
        .find(|row| row.iter().any(|cell| cell.starts_with("4-CMC")))
        .expect("the 4-CMC case");
    for label in [
        en.warning.stage_closed,
        en.warning.measure_temporary_control,
        "1225843-86-6",
    ] {
        assert!(
            closed.iter().any(|cell| cell == label),
            "{label}: {closed:?}"
        );
    }
    let (status, _) = export(&app, &coordinator, "cases.xlsx").await;
    assert_eq!(status, StatusCode::OK);

    // The laboratory's reporter: its own signals, the cases it takes part in.
    let lab = app
        .login("lab@demo.concord.kg", "demo-reporter-password")
        .await;
    let lab_signals = scalar(
        &app,
        "select count(*) from signals g join organizations o \
         on o.organization_id = g.organization_id where o.kind = 'forensic_laboratory'",
    )
    .await;
    assert_eq!(
        export(&app, &lab, "signals.csv").await.1.len() as i64 - 1,
        lab_signals
    );
    // It took part in every demo case, the closed one too.
    assert_eq!(export(&app, &lab, "cases.csv").await.1.len(), 5);
    // A local authority with no part in any case gets the headings only.
    let outsider = app.login_as(Role::Reporter).await;
    assert_eq!(export(&app, &outsider, "cases.csv").await.1.len(), 1);
    // Administrators and observers have no access; the anonymous must sign in.
    for role in [Role::Administrator, Role::Observer] {
        let client = app.login_as(role).await;
        for file in ["signals.csv", "cases.xlsx"] {
            assert_eq!(
                export(&app, &client, file).await.0,
                StatusCode::FORBIDDEN,
                "{role:?}"
            );
        }
    }
    assert_eq!(
        export(&app, &app.client(), "signals.csv").await.0,
        StatusCode::UNAUTHORIZED
    );

    // The dashboard's figures: every demo signal and case falls within the years shown.
    let observer = app.login_as(Role::Observer).await;
    let figures = app.call_json(&observer, "warning/figures", &[]).await;
    let years = figures["years"].as_array().expect("years");
    assert_eq!(years.len(), 6, "{figures}");
    let sum = |what: &str| -> i64 {
        years
            .iter()
            .map(|y| y[what].as_i64().expect("a count"))
            .sum()
    };
    assert_eq!(sum("signals"), all_signals);
    assert_eq!(sum("opened"), 4);
    assert_eq!(sum("decided"), 1);
    assert_eq!(sum("controlled"), 1);
    let stages = figures["stages"].as_array().expect("stages");
    let left: Vec<i64> = stages
        .iter()
        .map(|s| s["cases"].as_i64().expect("n"))
        .collect();
    // Three cases have left primary data, two assessment, one the decision stage.
    assert_eq!(left, [3, 2, 1], "{figures}");
    assert!(stages.iter().all(|s| s["median_days"].as_f64().is_some()));
    assert_eq!(
        app.call(&app.client(), "warning/figures", &[])
            .await
            .status(),
        StatusCode::UNAUTHORIZED
    );
    app.stop().await;
}

async fn stage_deadlines_are_recalled_to_the_coordinator_who_opened_the_case(backend: Backend) {
    use app::domain::notifications::Kind;
    let app = spawn_app(backend).await;
    app.load_demo().await;
    // The demo case gathering primary data: its deadline and who opened it.
    let (case, due): (i64, String) = app::on_db!(&app.state.db, pool => sqlx::query_as(
        "select case_id, cast(stage_due as text) from warning_cases \
         where stage = 'primary_data' and is_demo"
    ).fetch_one(pool).await)
    .expect("the case");
    let due = app::domain::tasks::inputs::parse_date(&due).expect("a date");
    let reminded = |written: Vec<(Kind, u64)>| {
        written
            .into_iter()
            .filter(|(k, _)| *k == Kind::CaseStageDue)
            .map(|(_, n)| n)
            .sum::<u64>()
    };
    let sql = format!(
        "select count(*) from notifications n join warning_cases c on c.case_id = n.case_id \
         where n.kind = 'case_stage_due' and n.case_id = {case} and n.user_id = c.opened_by"
    );
    for (days_before, total) in [(7, 1), (0, 2), (-3, 3)] {
        let day = due - time::Duration::days(days_before);
        let written = crate::notifications::pass_on(&app, day, false)
            .await
            .expect("pass");
        assert!(reminded(written) >= 1, "{days_before} days before");
        assert_eq!(scalar(&app, &sql).await, total);
        // A second pass the same day writes nothing new.
        let again = crate::notifications::pass_on(&app, day, false)
            .await
            .expect("pass");
        assert_eq!(reminded(again), 0);
    }
    // The coordinator's notifications name the case, with its deadline.
    let coordinator = app.login_as(Role::Coordinator).await;
    let page = app.call_json(&coordinator, "notifications/list", &[]).await;
    let items = page["items"].as_array().expect("items");
    assert!(
        items.iter().any(|n| n["kind"] == "CaseStageDue"
            && n["subject"]["case"] == case
            && !n["subject"]["due_date"].is_null()),
        "{page}"
    );
    app.stop().await;
}
