//! Concord's HTTP behaviour, end to end through the real router: every test runs on SQLite and
//! on PostgreSQL, each on a fresh database, against the app served on a free port.

use crate::support::{Backend, on_both, organization_form, spawn_app, spawn_app_with};
use app::backend::db;
use app::domain::roles::Role;
use reqwest::StatusCode;

on_both!(
    migrations_seed_the_concept_and_territory_once,
    health_answers_while_the_database_does,
    every_role_logs_in_and_out,
    wrong_passwords_and_unknown_emails_get_the_same_answer,
    repeated_failures_are_throttled,
    anonymous_callers_are_refused,
    only_administrators_manage_organisations_and_users,
    an_administrator_creates_an_organisation_and_a_user_who_must_change_password,
    bad_organisation_input_gets_field_messages_and_nothing_is_saved,
    deactivating_a_user_ends_their_sessions_at_once,
    a_password_change_ends_the_other_sessions,
    an_organisation_cannot_read_another_organisations_users,
    malformed_requests_get_400_not_500,
    cross_site_posts_are_refused,
    sessions_and_pages_carry_the_security_headers,
    the_language_follows_cookie_then_browser_then_russian,
    pages_render_the_framework_without_javascript,
    forms_posted_without_javascript_redirect_back_with_the_error,
    concurrent_clients_leave_no_error_in_the_log,
    pages_and_text_answers_are_compressed,
    after_login_only_paths_on_this_site_are_followed,
    hostile_filters_are_normalised_not_failed_on,
    parallel_wrong_logins_check_at_most_the_free_attempts,
    costly_requests_are_rate_limited_with_a_retry_after,
    one_time_passwords_expire_and_are_never_kept_in_the_clear,
    idle_sessions_end_while_used_ones_slide,
    outdated_password_hashes_are_strengthened_at_login,
    posts_with_the_session_cookie_need_origin_or_fetch_metadata,
    sqlite_commits_are_durable,
);

async fn migrations_seed_the_concept_and_territory_once(backend: Backend) {
    let app = spawn_app(backend).await;
    // Migrating again changes nothing.
    app.state.db.migrate().await.expect("second migration run");
    let framework = db::framework::load(&app.state.db).await.expect("framework");
    assert_eq!(framework.directions.len(), 2);
    assert_eq!(framework.goals.len(), 3);
    assert_eq!(framework.objectives.len(), 9);
    assert_eq!(framework.aims.len(), 4);
    assert_eq!(framework.principles.len(), 14);
    assert_eq!(
        (
            framework.region_count,
            framework.district_count,
            framework.municipality_count
        ),
        (9, 53, 460)
    );
    let o7 = framework
        .objectives
        .iter()
        .find(|o| o.item.code == "O7")
        .expect("O7");
    assert_eq!(o7.goal_codes, vec!["G1", "G2", "G3"]);
    assert_eq!(o7.direction_codes, vec!["D1", "D2"]);
    let territory = db::territory::load(&app.state.db).await.expect("territory");
    let chui = territory
        .regions
        .iter()
        .find(|r| r.code == "KG08000000000")
        .expect("Chui");
    assert_eq!(
        (
            chui.name.ky.as_str(),
            chui.name.ru.as_str(),
            chui.name.en.as_str()
        ),
        ("Чүй", "Чуйская область", "Chui")
    );
    assert!(
        territory
            .municipalities
            .iter()
            .all(|m| !m.name.ru.contains(['ө', 'ү', 'ң']))
    );
    // Kyrgyz ң is U+04A3: no name keeps the look-alike U+04CA (ӊ) that search would miss.
    let names = territory
        .regions
        .iter()
        .chain(&territory.districts)
        .chain(&territory.municipalities);
    assert!(names.clone().all(|p| !p.name.ky.contains(['ӊ', 'Ӊ'])));
    for expected in ["Тоң", "Чоң-Алай"] {
        assert!(
            territory.districts.iter().any(|d| d.name.ky == expected),
            "{expected}"
        );
    }
    // Loading the demo twice changes nothing either.
    app.load_demo().await;
    let again = db::organizations::list(&app.state.db, &Default::default())
        .await
        .expect("list")
        .total;
    app.load_demo().await;
    assert_eq!(
        db::organizations::list(&app.state.db, &Default::default())
            .await
            .expect("list")
            .total,
        again
    );
    app.stop().await;
}

async fn health_answers_while_the_database_does(backend: Backend) {
    let app = spawn_app(backend).await;
    let client = app.client();
    let health = client.get(app.url("/health")).send().await.expect("health");
    assert_eq!(health.status(), StatusCode::OK);
    app.state.db.close().await;
    let health = client.get(app.url("/health")).send().await.expect("health");
    assert_eq!(health.status(), StatusCode::SERVICE_UNAVAILABLE);
    app.stop().await;
}

async fn every_role_logs_in_and_out(backend: Backend) {
    let app = spawn_app(backend).await;
    app.load_demo().await;
    for role in Role::ALL {
        let client = app.login_as(role).await;
        let me = app.me(&client).await.expect("logged in");
        assert_eq!(me["role"], role.as_str());
        let out = app.call(&client, "logout", &[]).await;
        assert_eq!(out.status(), StatusCode::OK);
        assert!(
            app.me(&client).await.is_none(),
            "{role:?} still logged in after logout"
        );
    }
    app.stop().await;
}

async fn wrong_passwords_and_unknown_emails_get_the_same_answer(backend: Backend) {
    let app = spawn_app(backend).await;
    app.load_demo().await;
    let client = app.client();
    let wrong = app
        .call(
            &client,
            "login",
            &[
                ("email", "admin@demo.concord.kg"),
                ("password", "not-the-password"),
            ],
        )
        .await;
    let status = wrong.status();
    let wrong_body = wrong.text().await.expect("body");
    let unknown = app
        .call(
            &client,
            "login",
            &[
                ("email", "nobody@demo.concord.kg"),
                ("password", "not-the-password"),
            ],
        )
        .await;
    assert_eq!(status, StatusCode::UNAUTHORIZED);
    assert_eq!(unknown.status(), status);
    assert_eq!(unknown.text().await.expect("body"), wrong_body);
    assert!(app.me(&client).await.is_none());
    app.stop().await;
}

async fn repeated_failures_are_throttled(backend: Backend) {
    let app = spawn_app(backend).await;
    app.load_demo().await;
    let client = app.client();
    let attempt = || {
        app.call(
            &client,
            "login",
            &[
                ("email", "coordinator@demo.concord.kg"),
                ("password", "guess-guess-guess"),
            ],
        )
    };
    for _ in 0..app::backend::throttle::FREE_PER_ACCOUNT {
        assert_eq!(attempt().await.status(), StatusCode::UNAUTHORIZED);
    }
    let throttled = attempt().await;
    assert_eq!(throttled.status(), StatusCode::TOO_MANY_REQUESTS);
    // Even the right password waits: no information leaks while throttled.
    let right = app
        .call(
            &client,
            "login",
            &[
                ("email", "coordinator@demo.concord.kg"),
                ("password", "demo-coordinator-password"),
            ],
        )
        .await;
    assert_eq!(right.status(), StatusCode::TOO_MANY_REQUESTS);
    // Another account from another address is not affected.
    let other = app.login_as(Role::Observer).await;
    assert!(app.me(&other).await.is_some());
    app.stop().await;
}

/// Every server function that needs a login, with arguments that would otherwise be valid.
fn protected_calls() -> Vec<(&'static str, Vec<(&'static str, &'static str)>)> {
    let organization = organization_form("ngo", "New organisation");
    let mut update_organization = organization.clone();
    update_organization.push(("organization_id", "1"));
    let user = vec![
        ("full_name", "Жаңы Колдонуучу"),
        ("email", "new.user@example.kg"),
        ("organization_id", "1"),
        ("role", "reporter"),
        ("language", "ky"),
        ("is_active", "on"),
    ];
    let mut update_user = user.clone();
    update_user.push(("user_id", "1"));
    vec![
        ("organizations/list", vec![("filter[page]", "1")]),
        ("organizations/page", vec![("organization_id", "1")]),
        ("organizations/create", organization),
        ("organizations/update", update_organization),
        (
            "organizations/onboard/preview",
            vec![("scope[region]", "KG07000000000")],
        ),
        (
            "organizations/onboard",
            vec![("scope[region]", "KG07000000000")],
        ),
        ("users/list", vec![("filter[page]", "1")]),
        ("users/page", vec![("user_id", "1")]),
        ("users/organizations", vec![]),
        ("users/create", user),
        ("users/update", update_user),
        ("users/reset-password", vec![("user_id", "1")]),
        ("territory", vec![]),
        ("notifications/list", vec![]),
        ("notifications/read", vec![("id", "1")]),
        ("notifications/mail", vec![]),
        (
            "notifications/mail/save",
            vec![("choices[task_assigned]", "daily")],
        ),
        (
            "notifications/contact/save",
            vec![("contact_email", "head@example.kg")],
        ),
        ("substances/list", vec![("q", "mephedrone")]),
        ("substances/page", vec![("substance_id", "1")]),
        ("substances/form", vec![]),
        (
            "substances/save",
            vec![
                ("name_ru", "Вещество"),
                ("chemical_group", "other"),
                ("international_status", "none"),
            ],
        ),
        ("signals/list", vec![]),
        ("signals/form", vec![]),
        ("signals/page", vec![("signal_id", "1")]),
        ("audit/page", vec![]),
        ("account/security", vec![]),
        ("account/second-factor", vec![]),
        ("account/second-factor/confirm", vec![("code", "123456")]),
        ("account/recovery-codes", vec![]),
        ("account/recovery-codes/renew", vec![("code", "123456")]),
        ("account/second-factor/off", vec![("code", "123456")]),
        ("account/passkeys/start", vec![("password", "")]),
        (
            "account/passkeys/finish",
            vec![("name", "Laptop"), ("credential", "{}")],
        ),
        ("account/passkeys/remove", vec![("passkey_id", "1")]),
        ("account/sessions/end", vec![("handle", "x")]),
        ("account/sessions/end-others", vec![]),
        ("users/security", vec![("user_id", "1")]),
        ("users/second-factor/reset", vec![("user_id", "1")]),
        (
            "users/sessions/end",
            vec![("user_id", "1"), ("handle", "x")],
        ),
        ("users/sessions/end-all", vec![("user_id", "1")]),
        ("security/policy", vec![]),
        (
            "security/roles",
            vec![("save", "roles"), ("administrator", "on")],
        ),
        (
            "security/organization",
            vec![("organization_id", "1"), ("required", "true")],
        ),
        (
            "signals/save",
            vec![
                ("observed_on", "2026-01-10"),
                ("source", "media"),
                ("form", "powder"),
            ],
        ),
        ("cases/list", vec![]),
        ("cases/page", vec![("case_id", "1")]),
        (
            "cases/open",
            vec![
                ("title", "Дело"),
                ("stage_due", "2099-01-01"),
                ("signals[]", "1"),
            ],
        ),
        (
            "cases/comment",
            vec![("case_id", "1"), ("body", "Комментарий")],
        ),
        ("substances/signals", vec![("substance_id", "1")]),
        ("warning/figures", vec![]),
        ("dashboard", vec![("filter[objective]", "O1")]),
        (
            "scorecards",
            vec![("query[sort]", "overdue"), ("lang", "en")],
        ),
        (
            "account/password",
            vec![
                ("current_password", "x"),
                ("new_password", "Tulip-Harbor-Quietly-42"),
                ("confirm_password", "Tulip-Harbor-Quietly-42"),
            ],
        ),
    ]
}

async fn anonymous_callers_are_refused(backend: Backend) {
    let app = spawn_app(backend).await;
    app.load_demo().await;
    let client = app.client();
    for (endpoint, args) in protected_calls() {
        let response = app.call(&client, endpoint, &args).await;
        assert_eq!(response.status(), StatusCode::UNAUTHORIZED, "{endpoint}");
    }
    // The public ones answer.
    assert_eq!(
        app.call(&client, "framework", &[]).await.status(),
        StatusCode::OK
    );
    assert_eq!(
        app.call(&client, "session", &[]).await.status(),
        StatusCode::OK
    );
    app.stop().await;
}

async fn only_administrators_manage_organisations_and_users(backend: Backend) {
    let app = spawn_app(backend).await;
    app.load_demo().await;
    let admin_only = [
        "organizations/create",
        "organizations/update",
        "organizations/onboard/preview",
        "organizations/onboard",
        "users/organizations",
        "users/create",
        "users/update",
        "users/reset-password",
        "audit/page",
        "users/security",
        "users/second-factor/reset",
        "users/sessions/end",
        "users/sessions/end-all",
        "security/policy",
        "security/roles",
        "security/organization",
    ];
    // Allowed to some of these roles and refused to others: their own tests say which
    // (`schedule`, `substances`).
    let by_role = [
        "notifications/contact/save",
        "substances/form",
        "substances/save",
        "signals/list",
        "signals/form",
        "signals/save",
        "signals/page",
        "cases/list",
        "cases/page",
        "cases/open",
        "cases/comment",
    ];
    let before = app.count("users").await + app.count("organizations").await;
    for role in [Role::Coordinator, Role::Reporter, Role::Observer] {
        let client = app.login_as(role).await;
        for (endpoint, args) in protected_calls() {
            if by_role.contains(&endpoint) {
                continue;
            }
            let status = app.call(&client, endpoint, &args).await.status();
            if admin_only.contains(&endpoint) {
                assert_eq!(status, StatusCode::FORBIDDEN, "{role:?} on {endpoint}");
            } else if endpoint != "account/password" {
                assert_ne!(status, StatusCode::FORBIDDEN, "{role:?} on {endpoint}");
            }
        }
    }
    assert_eq!(
        app.count("users").await + app.count("organizations").await,
        before,
        "nothing was changed"
    );
    app.stop().await;
}

async fn an_administrator_creates_an_organisation_and_a_user_who_must_change_password(
    backend: Backend,
) {
    let app = spawn_app(backend).await;
    app.load_demo().await;
    let admin = app.login_as(Role::Administrator).await;
    let created = app
        .call(
            &admin,
            "organizations/create",
            &[
                ("kind", "local_government"),
                ("name_ky", "Ак-Түз айыл өкмөтү"),
                ("name_ru", "Айыл окмоту Ак-Тюз"),
                ("name_en", "Ak-Tyuz aiyl okmotu"),
                ("region_code", "KG08000000000"),
                ("district_code", "KG08213000000"),
                ("municipality_code", "KG08213845000"),
                ("contact_email", "ak-tuz@example.kg"),
                ("contact_phone", "+996 312 000000"),
                ("address", ""),
                ("is_active", "on"),
            ],
        )
        .await;
    assert_eq!(created.status(), StatusCode::OK);
    let location = created
        .headers()
        .get("location")
        .and_then(|v| v.to_str().ok())
        .expect("redirect")
        .to_owned();
    let organization_id = location
        .trim_start_matches("/organizations/")
        .split('?')
        .next()
        .expect("id")
        .to_owned();

    let user = app
        .call(
            &admin,
            "users/create",
            &[
                ("full_name", "Гүлнара Бекова"),
                ("email", "Gulnara@Example.kg"),
                ("organization_id", &organization_id),
                ("role", "reporter"),
                ("language", "ky"),
                ("is_active", "on"),
            ],
        )
        .await;
    assert_eq!(user.status(), StatusCode::OK);
    let location = user
        .headers()
        .get("location")
        .and_then(|v| v.to_str().ok())
        .expect("redirect")
        .to_owned();
    let user_id = location
        .trim_start_matches("/users/")
        .split('?')
        .next()
        .expect("id")
        .to_owned();
    let page = app
        .call(&admin, "users/page", &[("user_id", &user_id)])
        .await
        .json::<serde_json::Value>()
        .await
        .expect("json");
    let password = page["one_time_password"]
        .as_str()
        .expect("one-time password shown once")
        .to_owned();
    let again = app
        .call(&admin, "users/page", &[("user_id", &user_id)])
        .await
        .json::<serde_json::Value>()
        .await
        .expect("json");
    assert!(
        again["one_time_password"].is_null(),
        "the one-time password is shown only once"
    );
    assert_eq!(page["user"]["email"], "gulnara@example.kg");
    assert!(
        page["organization_choices"].is_array(),
        "an administrator may move the user"
    );

    // The same email again is refused next to the field.
    let duplicate = app
        .call(
            &admin,
            "users/create",
            &[
                ("full_name", "Someone Else"),
                ("email", "gulnara@example.kg"),
                ("organization_id", &organization_id),
                ("role", "observer"),
                ("language", "en"),
            ],
        )
        .await;
    assert_eq!(duplicate.status(), StatusCode::BAD_REQUEST);
    assert!(duplicate.text().await.expect("body").contains("EmailTaken"));

    // The new user logs in with the one-time password and must change it first.
    let first = app.client();
    let response = app
        .call(
            &first,
            "login",
            &[("email", "gulnara@example.kg"), ("password", &password)],
        )
        .await;
    assert_eq!(
        response.headers()["location"],
        "/account",
        "a one-time password leads to the password form"
    );
    let user = app.login("gulnara@example.kg", &password).await;
    let me = app.me(&user).await.expect("logged in");
    assert_eq!(me["must_change_password"], true);
    let refused = app
        .call(&user, "organizations/list", &[("filter[page]", "1")])
        .await;
    assert_eq!(refused.status(), StatusCode::FORBIDDEN);
    let weak = app
        .call(
            &user,
            "account/password",
            &[
                ("current_password", &password),
                ("new_password", "gulnara123"),
                ("confirm_password", "gulnara123"),
            ],
        )
        .await;
    assert_eq!(weak.status(), StatusCode::BAD_REQUEST);
    assert!(
        weak.text()
            .await
            .expect("body")
            .contains("PasswordGuessable")
    );
    let changed = app
        .call(
            &user,
            "account/password",
            &[
                ("current_password", &password),
                ("new_password", "Tulip-Harbor-Quietly-42"),
                ("confirm_password", "Tulip-Harbor-Quietly-42"),
            ],
        )
        .await;
    let status = changed.status();
    assert_eq!(
        status,
        StatusCode::OK,
        "{}",
        changed.text().await.unwrap_or_default()
    );
    assert_eq!(
        app.me(&user).await.expect("still logged in")["must_change_password"],
        false
    );
    assert_eq!(
        app.call(&user, "organizations/list", &[("filter[page]", "1")])
            .await
            .status(),
        StatusCode::OK
    );
    app.stop().await;
}

async fn bad_organisation_input_gets_field_messages_and_nothing_is_saved(backend: Backend) {
    let app = spawn_app(backend).await;
    app.load_demo().await;
    let admin = app.login_as(Role::Administrator).await;
    let before = app.count("organizations").await;
    let response = app
        .call(
            &admin,
            "organizations/create",
            &[
                ("kind", "local_government"),
                ("name_ky", ""),
                ("name_ru", "Тест"),
                ("name_en", ""),
                ("region_code", "KG02000000000"),
                ("district_code", "KG08213000000"),
                ("municipality_code", "KG99999999999"),
                ("contact_email", "nope"),
                ("contact_phone", ""),
                ("address", ""),
            ],
        )
        .await;
    assert_eq!(response.status(), StatusCode::BAD_REQUEST);
    let error: serde_json::Value = response.json().await.expect("json");
    let problems = error["Invalid"]["problems"].to_string();
    for expected in [
        "name_ky",
        "Required",
        "district_code",
        "DistrictNotInRegion",
        "contact_email",
        "InvalidEmail",
    ] {
        assert!(
            problems.contains(expected),
            "{expected} missing from {problems}"
        );
    }
    assert!(
        error["Invalid"]["values"].to_string().contains("nope"),
        "typed values come back"
    );
    assert_eq!(app.count("organizations").await, before);

    // A district that does not exist is refused by the database check, not by a 500.
    let response = app
        .call(
            &admin,
            "organizations/create",
            &[
                ("kind", "ngo"),
                ("name_ky", "Тест"),
                ("name_ru", "Тест"),
                ("name_en", ""),
                ("region_code", "KG08000000000"),
                ("district_code", "KG08999000000"),
                ("municipality_code", ""),
                ("contact_email", ""),
                ("contact_phone", ""),
                ("address", ""),
            ],
        )
        .await;
    assert_eq!(response.status(), StatusCode::BAD_REQUEST);
    assert!(
        response
            .text()
            .await
            .expect("body")
            .contains("UnknownChoice")
    );
    assert_eq!(app.count("organizations").await, before);
    app.stop().await;
}

async fn deactivating_a_user_ends_their_sessions_at_once(backend: Backend) {
    let app = spawn_app(backend).await;
    app.load_demo().await;
    let reporter = app.login_as(Role::Reporter).await;
    let me = app.me(&reporter).await.expect("logged in");
    let admin = app.login_as(Role::Administrator).await;
    let id = me["user_id"].to_string();
    let organization = me["organization_id"].to_string();
    let response = app
        .call(
            &admin,
            "users/update",
            &[
                ("user_id", &id),
                ("full_name", "Бакыт Жумабеков"),
                ("email", "reporter@demo.concord.kg"),
                ("organization_id", &organization),
                ("role", "reporter"),
                ("language", "ru"),
            ],
        )
        .await;
    assert_eq!(response.status(), StatusCode::OK);
    assert!(app.me(&reporter).await.is_none(), "the session ended");
    let again = app
        .call(
            &app.client(),
            "login",
            &[
                ("email", "reporter@demo.concord.kg"),
                ("password", "demo-reporter-password"),
            ],
        )
        .await;
    assert_eq!(again.status(), StatusCode::UNAUTHORIZED);

    // An administrator cannot deactivate themselves.
    let admin_me = app.me(&admin).await.expect("admin");
    let own = app
        .call(
            &admin,
            "users/update",
            &[
                ("user_id", &admin_me["user_id"].to_string()),
                ("full_name", "Азамат Токтогулов"),
                ("email", "admin@demo.concord.kg"),
                ("organization_id", &admin_me["organization_id"].to_string()),
                ("role", "administrator"),
                ("language", "ru"),
            ],
        )
        .await;
    assert_eq!(own.status(), StatusCode::BAD_REQUEST);
    assert!(
        own.text()
            .await
            .expect("body")
            .contains("CannotDeactivateSelf")
    );
    app.stop().await;
}

async fn a_password_change_ends_the_other_sessions(backend: Backend) {
    let app = spawn_app(backend).await;
    app.load_demo().await;
    let laptop = app.login_as(Role::Observer).await;
    let phone = app.login_as(Role::Observer).await;
    let wrong = app
        .call(
            &laptop,
            "account/password",
            &[
                ("current_password", "wrong"),
                ("new_password", "Tulip-Harbor-Quietly-42"),
                ("confirm_password", "Tulip-Harbor-Quietly-42"),
            ],
        )
        .await;
    assert_eq!(wrong.status(), StatusCode::BAD_REQUEST);
    assert!(
        wrong
            .text()
            .await
            .expect("body")
            .contains("WrongCurrentPassword")
    );
    assert!(
        app.me(&phone).await.is_some(),
        "a failed change ends nothing"
    );
    let changed = app
        .call(
            &laptop,
            "account/password",
            &[
                ("current_password", "demo-observer-password"),
                ("new_password", "Tulip-Harbor-Quietly-42"),
                ("confirm_password", "Tulip-Harbor-Quietly-42"),
            ],
        )
        .await;
    assert_eq!(changed.status(), StatusCode::OK);
    assert!(app.me(&laptop).await.is_some(), "this session goes on");
    assert!(app.me(&phone).await.is_none(), "the other session ended");
    app.login("observer@demo.concord.kg", "Tulip-Harbor-Quietly-42")
        .await;
    app.stop().await;
}

async fn an_organisation_cannot_read_another_organisations_users(backend: Backend) {
    let app = spawn_app(backend).await;
    app.load_demo().await;
    let reporter = app.login_as(Role::Reporter).await;
    let me = app.me(&reporter).await.expect("me");
    let own_org = me["organization_id"].as_i64().expect("org");
    let list: serde_json::Value = app
        .call(&reporter, "users/list", &[("filter[page]", "1")])
        .await
        .json()
        .await
        .expect("json");
    let rows = list["rows"].as_array().expect("rows");
    assert!(!rows.is_empty());
    assert!(
        rows.iter()
            .all(|u| u["organization_id"].as_i64() == Some(own_org)),
        "only own organisation's users"
    );
    assert_eq!(list["total"].as_i64(), Some(rows.len() as i64));

    // Asking for another organisation by filter or by guessing ids yields nothing.
    let other_org = app.demo_organization_of("admin@demo.concord.kg").await;
    let filtered: serde_json::Value = app
        .call(
            &reporter,
            "users/list",
            &[
                ("filter[page]", "1"),
                ("filter[organization_id]", &other_org.to_string()),
            ],
        )
        .await
        .json()
        .await
        .expect("json");
    assert_eq!(filtered["total"], 0);
    let admin_id = app.user_id_of("admin@demo.concord.kg").await;
    let guessed = app
        .call(
            &reporter,
            "users/page",
            &[("user_id", &admin_id.to_string())],
        )
        .await;
    assert_eq!(guessed.status(), StatusCode::NOT_FOUND);
    let page: serde_json::Value = app
        .call(
            &reporter,
            "organizations/page",
            &[("organization_id", &other_org.to_string())],
        )
        .await
        .json()
        .await
        .expect("json");
    assert_eq!(page["can_manage"], false);
    assert!(
        page["users"].is_null(),
        "another organisation's people are not sent"
    );

    // A coordinator sees everyone.
    let coordinator = app.login_as(Role::Coordinator).await;
    let all: serde_json::Value = app
        .call(&coordinator, "users/list", &[("filter[page]", "1")])
        .await
        .json()
        .await
        .expect("json");
    assert_eq!(all["total"].as_i64(), Some(app.count("users").await));
    app.stop().await;
}

async fn malformed_requests_get_400_not_500(backend: Backend) {
    let app = spawn_app(backend).await;
    app.load_demo().await;
    let admin = app.login_as(Role::Administrator).await;
    let cases: Vec<(&str, Vec<(&str, &str)>)> = vec![
        ("login", vec![]),
        ("login", vec![("email", "x")]),
        ("users/page", vec![("user_id", "abc")]),
        ("users/page", vec![("user_id", "99999999999999999999999")]),
        ("organizations/update", vec![("organization_id", "1")]),
        ("language", vec![("lang", "xx")]),
        ("organizations/list", vec![("filter[page]", "NaN")]),
    ];
    for (endpoint, args) in cases {
        let status = app.call(&admin, endpoint, &args).await.status();
        assert_eq!(status, StatusCode::BAD_REQUEST, "{endpoint} {args:?}");
    }
    let garbage = admin
        .post(app.url("/api/users/create"))
        .header("content-type", "application/x-www-form-urlencoded")
        .body(vec![0xff_u8, 0xfe, 0x00, b'%', b'%'])
        .send()
        .await
        .expect("send");
    assert_eq!(garbage.status(), StatusCode::BAD_REQUEST);
    let missing = app
        .call(&admin, "users/page", &[("user_id", "987654")])
        .await;
    assert_eq!(missing.status(), StatusCode::NOT_FOUND);
    assert_eq!(
        admin
            .get(app.url("/no/such/page"))
            .send()
            .await
            .expect("get")
            .status(),
        StatusCode::NOT_FOUND
    );
    app.stop().await;
}

async fn cross_site_posts_are_refused(backend: Backend) {
    let app = spawn_app(backend).await;
    app.load_demo().await;
    let admin = app.login_as(Role::Administrator).await;
    let before = app.count("organizations").await;
    let forged = admin
        .post(app.url("/api/organizations/create"))
        .header("origin", "https://evil.example")
        .header("sec-fetch-site", "cross-site")
        .form(&[
            ("form[kind]", "ngo"),
            ("form[name_ky]", "Forged"),
            ("form[name_ru]", "Forged"),
        ])
        .send()
        .await
        .expect("send");
    assert_eq!(forged.status(), StatusCode::FORBIDDEN);
    let forged_logout = admin
        .post(app.url("/api/logout"))
        .header("origin", "http://evil.example")
        .send()
        .await
        .expect("send");
    assert_eq!(forged_logout.status(), StatusCode::FORBIDDEN);
    assert!(app.me(&admin).await.is_some(), "still logged in");
    assert_eq!(app.count("organizations").await, before);
    let same_origin = app
        .call_with(
            &admin,
            "session",
            &[],
            &[("origin", &app.address), ("sec-fetch-site", "same-origin")],
        )
        .await;
    assert_eq!(same_origin.status(), StatusCode::OK);
    app.stop().await;
}

async fn sessions_and_pages_carry_the_security_headers(backend: Backend) {
    let app = spawn_app(backend).await;
    app.load_demo().await;
    let client = app.client();
    let home = client.get(app.url("/")).send().await.expect("home");
    assert_eq!(home.status(), StatusCode::OK);
    let csp = home.headers()["content-security-policy"]
        .to_str()
        .expect("csp")
        .to_owned();
    assert!(
        csp.contains("'nonce-") && csp.contains("frame-ancestors 'none'"),
        "{csp}"
    );
    assert_eq!(home.headers()["x-content-type-options"], "nosniff");
    assert!(home.headers().contains_key("referrer-policy"));
    assert!(home.headers().contains_key("x-request-id"));
    let nonce = csp
        .split("'nonce-")
        .nth(1)
        .and_then(|s| s.split('\'').next())
        .expect("nonce")
        .to_owned();
    assert!(
        home.text()
            .await
            .expect("html")
            .contains(&format!("nonce=\"{nonce}\"")),
        "scripts carry the nonce"
    );

    // Before login, a session cookie (if any) differs from the one after login: the id rotates.
    let _ = app.call(&client, "session", &[]).await;
    let response = app
        .call(
            &client,
            "login",
            &[
                ("email", "admin@demo.concord.kg"),
                ("password", "demo-admin-password"),
            ],
        )
        .await;
    let cookie = response
        .headers()
        .get_all("set-cookie")
        .iter()
        .filter_map(|v| v.to_str().ok())
        .find(|c| c.starts_with("concord_session="))
        .expect("session cookie")
        .to_owned();
    assert!(cookie.contains("HttpOnly"), "{cookie}");
    assert!(cookie.contains("SameSite=Lax"), "{cookie}");
    assert!(!cookie.contains("Secure"), "plain HTTP here: {cookie}");
    let page = client
        .get(app.url("/account"))
        .send()
        .await
        .expect("account");
    assert_eq!(page.headers()["cache-control"], "no-store");
    app.stop().await;
}

async fn the_language_follows_cookie_then_browser_then_russian(backend: Backend) {
    let app = spawn_app(backend).await;
    app.load_demo().await;
    let client = app.client();
    let lang_of = |html: &str| {
        html.split("<html lang=\"")
            .nth(1)
            .and_then(|s| s.split('"').next())
            .map(str::to_owned)
    };
    let page = client
        .get(app.url("/"))
        .send()
        .await
        .expect("page")
        .text()
        .await
        .expect("html");
    assert_eq!(lang_of(&page).as_deref(), Some("ru"));
    assert!(page.contains("Стратегические направления"));
    let page = client
        .get(app.url("/"))
        .header("accept-language", "ky-KG,ky;q=0.9")
        .send()
        .await
        .expect("page")
        .text()
        .await
        .expect("html");
    assert_eq!(lang_of(&page).as_deref(), Some("ky"));
    assert!(page.contains("Стратегиялык багыттар"));
    let switched = app.call(&client, "language", &[("lang", "en")]).await;
    assert!(
        switched.headers()["set-cookie"]
            .to_str()
            .expect("cookie")
            .starts_with("concord_lang=en")
    );
    let page = client
        .get(app.url("/"))
        .header("accept-language", "ky")
        .send()
        .await
        .expect("page")
        .text()
        .await
        .expect("html");
    assert_eq!(
        lang_of(&page).as_deref(),
        Some("en"),
        "the cookie wins over the browser"
    );
    assert!(page.contains("Strategic directions"));

    // A logged-in user's choice is kept in the profile too.
    let user = app.login_as(Role::Coordinator).await;
    app.call(&user, "language", &[("lang", "ky")]).await;
    assert_eq!(app.me(&user).await.expect("me")["language"], "ky");
    app.stop().await;
}

async fn pages_render_the_framework_without_javascript(backend: Backend) {
    let app = spawn_app(backend).await;
    let client = app.client();
    let page = client
        .get(app.url("/"))
        .header("accept-language", "en")
        .send()
        .await
        .expect("page")
        .text()
        .await
        .expect("html");
    for text in [
        "D1",
        "D2",
        "G3",
        "O9",
        "A4",
        "P14",
        "Improve the treatment system",
        "Participation of the population",
        "460",
    ] {
        assert!(page.contains(text), "{text} missing from the home page");
    }
    let about = client
        .get(app.url("/about"))
        .send()
        .await
        .expect("about")
        .text()
        .await
        .expect("html");
    assert!(about.contains("CC BY 4.0"));
    // Pages that need a login send anonymous visitors to the login page.
    let users = client.get(app.url("/users")).send().await.expect("users");
    assert_eq!(users.status(), StatusCode::FOUND);
    assert_eq!(users.headers()["location"], "/login?next=/users");
    app.stop().await;
}

async fn forms_posted_without_javascript_redirect_back_with_the_error(backend: Backend) {
    let app = spawn_app(backend).await;
    app.load_demo().await;
    let client = app.client();
    let referer = app.url("/login");
    let failed = app
        .call_with(
            &client,
            "login",
            &[("email", "admin@demo.concord.kg"), ("password", "wrong")],
            &[("accept", "text/html"), ("referer", &referer)],
        )
        .await;
    assert_eq!(failed.status(), StatusCode::FOUND);
    let location = failed.headers()["location"]
        .to_str()
        .expect("location")
        .to_owned();
    assert!(
        location.starts_with(&referer) && location.contains("__err="),
        "{location}"
    );
    let page = client
        .get(&location)
        .send()
        .await
        .expect("page")
        .text()
        .await
        .expect("html");
    assert!(
        page.contains("Неверная почта или пароль"),
        "the error is shown on the page"
    );
    let ok = app
        .call_with(
            &client,
            "login",
            &[
                ("email", "admin@demo.concord.kg"),
                ("password", "demo-admin-password"),
            ],
            &[("accept", "text/html"), ("referer", &referer)],
        )
        .await;
    assert_eq!(ok.status(), StatusCode::FOUND);
    assert_eq!(ok.headers()["location"], "/");
    app.stop().await;
}

/// Eight clients make 200 requests each at once over the pages people open most, with some
/// requests given up half-way as impatient browsers and scanners do; the server logs no ERROR
/// (a task left running outside its request once logged one), and stays healthy.
async fn concurrent_clients_leave_no_error_in_the_log(backend: Backend) {
    let app = spawn_app(backend).await;
    app.load_demo().await;
    let before = crate::support::errors_logged();
    let roles = [
        Role::Coordinator,
        Role::Reporter,
        Role::Observer,
        Role::Administrator,
    ];
    let mut clients = Vec::new();
    for i in 0..8 {
        clients.push(if i % 4 == 3 {
            app.client()
        } else {
            app.login_as(roles[i % 4]).await
        });
    }
    let paths = [
        "/",
        "/tasks",
        "/tasks?status=assigned",
        "/tasks/1",
        "/inbox",
        "/dashboard",
        "/reports",
        "/activities",
        "/indicators",
        "/public",
        "/organizations",
        "/no/such/page",
        "/wp-login.php",
    ];
    let mut workers = Vec::new();
    for (i, client) in clients.into_iter().enumerate() {
        let base = app.address.clone();
        workers.push(tokio::spawn(async move {
            let mut statuses = Vec::new();
            for n in 0..200usize {
                let url = format!("{base}{}", paths[(i * 7 + n) % paths.len()]);
                let request = client.get(&url).send();
                if n % 10 == 9 {
                    // Given up before the answer: the server's work is dropped mid-way.
                    let _ =
                        tokio::time::timeout(std::time::Duration::from_millis(1), request).await;
                } else {
                    let response = request.await.expect("answer");
                    statuses.push(response.status());
                    let _ = response.bytes().await;
                }
            }
            statuses
        }));
    }
    for worker in workers {
        for status in worker.await.expect("worker") {
            assert!(!status.is_server_error(), "{status}");
        }
    }
    // Work dropped with its request gets a moment to finish (or not) before counting.
    tokio::time::sleep(std::time::Duration::from_millis(500)).await;
    let health = reqwest::get(app.url("/health")).await.expect("health");
    assert_eq!(health.status(), StatusCode::OK);
    assert_eq!(
        crate::support::errors_logged(),
        before,
        "ERROR lines in the server log"
    );
    app.stop().await;
}

/// Pages and other text go out compressed for browsers that ask (brotli first); exports still
/// stream, in chunks, rather than being gathered first.
async fn pages_and_text_answers_are_compressed(backend: Backend) {
    let app = spawn_app(backend).await;
    app.load_demo().await;
    let client = app.login_as(Role::Coordinator).await;
    let page = client
        .get(app.url("/login"))
        .header("accept-encoding", "br, gzip")
        .send()
        .await
        .expect("page");
    assert_eq!(page.status(), StatusCode::OK);
    assert_eq!(page.headers()["content-encoding"], "br");
    let gzip = client
        .get(app.url("/dashboard"))
        .header("accept-encoding", "gzip")
        .send()
        .await
        .expect("dashboard");
    assert_eq!(gzip.headers()["content-encoding"], "gzip");
    let plain = client
        .get(app.url("/dashboard"))
        .send()
        .await
        .expect("plain");
    assert!(plain.headers().get("content-encoding").is_none());
    let export = client
        .get(app.url("/export/tasks.csv?lang=en"))
        .header("accept-encoding", "gzip")
        .send()
        .await
        .expect("export");
    assert_eq!(export.status(), StatusCode::OK);
    assert_eq!(export.headers()["content-encoding"], "gzip");
    assert!(
        export.headers().get("content-length").is_none(),
        "streamed, not gathered"
    );
    // What is compressed already is not compressed again.
    let health = client
        .get(app.url("/health"))
        .header("accept-encoding", "br")
        .send()
        .await
        .expect("health");
    assert!(health.headers().get("content-encoding").is_none());
    app.stop().await;
}

/// A `next` that a browser would turn into another site (a TAB or newline dropped, a backslash
/// read as a slash) is not followed; a path on this site is.
async fn after_login_only_paths_on_this_site_are_followed(backend: Backend) {
    let app = spawn_app(backend).await;
    app.load_demo().await;
    for (next, expected) in [
        ("/\t/evil.example", "/"),
        ("/\n/evil.example", "/"),
        ("/\\evil.example", "/"),
        ("//evil.example", "/"),
        ("https://evil.example/", "/"),
        ("/tasks?status=assigned", "/tasks?status=assigned"),
    ] {
        let client = app.client();
        let response = app
            .call(
                &client,
                "login",
                &[
                    ("email", "observer@demo.concord.kg"),
                    ("password", "demo-observer-password"),
                    ("next", next),
                ],
            )
            .await;
        assert_eq!(response.status(), StatusCode::OK, "{next:?}");
        assert_eq!(response.headers()["location"], expected, "{next:?}");
    }
    app.stop().await;
}

/// Filters arrive deserialised in server functions' arguments: dates at the calendar's edge
/// and pages far past any list are brought back in range, not failed on.
async fn hostile_filters_are_normalised_not_failed_on(backend: Backend) {
    let app = spawn_app(backend).await;
    app.load_demo().await;
    let coordinator = app.login_as(Role::Coordinator).await;
    let admin = app.login_as(Role::Administrator).await;
    for (client, endpoint, args) in [
        (
            &coordinator,
            "dashboard",
            vec![("filter[from]", "9999-12-31")],
        ),
        (
            &coordinator,
            "dashboard",
            vec![("filter[to]", "-9999-01-01")],
        ),
        (
            &coordinator,
            "dashboard",
            vec![("filter[from]", "9999-12-31"), ("filter[to]", "9999-12-31")],
        ),
        (
            &coordinator,
            "scorecards",
            vec![
                ("query[filter][from]", "9999-12-31"),
                ("query[page]", "18446744073709551615"),
                ("lang", "ru"),
            ],
        ),
        (
            &admin,
            "organizations/list",
            vec![("filter[page]", "9223372036854775807")],
        ),
        (
            &admin,
            "users/list",
            vec![("filter[page]", "9223372036854775807")],
        ),
        (
            &admin,
            "users/list",
            vec![("filter[page]", "-9223372036854775808")],
        ),
        (
            &coordinator,
            "reports/list",
            vec![("filter[period]", "9999-12-31")],
        ),
        (
            &coordinator,
            "activities/list",
            vec![("filter[from]", "9999-12-31")],
        ),
    ] {
        let response = app.call(client, endpoint, &args).await;
        let status = response.status();
        assert!(
            status == StatusCode::OK || status == StatusCode::BAD_REQUEST,
            "{endpoint} {args:?}: {status}"
        );
    }
    let health = app
        .client()
        .get(app.url("/health"))
        .send()
        .await
        .expect("health");
    assert_eq!(health.status(), StatusCode::OK);
    app.stop().await;
}

/// Fifty wrong passwords for one account sent at once: each attempt is reserved before its
/// password is checked, so no more than the free attempts are ever checked.
async fn parallel_wrong_logins_check_at_most_the_free_attempts(backend: Backend) {
    let app = spawn_app_with(backend, |s| s.limits.logins_per_minute = 1000).await;
    app.load_demo().await;
    let before = app.state.passwords.verifications();
    let mut attempts = Vec::new();
    for i in 0..50 {
        let client = app.client();
        let url = app.url("/api/login");
        let origin = app.address.clone();
        attempts.push(tokio::spawn(async move {
            client
                .post(url)
                .header("origin", origin)
                .form(&[
                    ("email", "coordinator@demo.concord.kg"),
                    ("password", format!("wrong-guess-{i}").as_str()),
                ])
                .send()
                .await
                .expect("answer")
                .status()
        }));
    }
    let mut refused = 0;
    for attempt in attempts {
        let status = attempt.await.expect("attempt");
        assert!(
            status == StatusCode::UNAUTHORIZED || status == StatusCode::TOO_MANY_REQUESTS,
            "{status}"
        );
        if status == StatusCode::TOO_MANY_REQUESTS {
            refused += 1;
        }
    }
    let checked = app.state.passwords.verifications() - before;
    let free = app::backend::throttle::FREE_PER_ACCOUNT as u64;
    assert!(
        checked <= free,
        "{checked} passwords checked, at most {free} may be"
    );
    assert_eq!(
        refused,
        50 - checked,
        "every other attempt was refused unchecked"
    );
    let failures: i64 = app::on_db!(&app.state.db, pool => sqlx::query_scalar(
        "select failures from login_failures where throttle_key = 'account:coordinator@demo.concord.kg'"
    ).fetch_one(pool).await)
    .expect("failures");
    assert_eq!(failures, 50, "no failure lost to a race");
    // Old records go.
    let pruned = app::backend::throttle::prune(
        &app.state.db,
        app::backend::now() + time::Duration::hours(2),
    )
    .await
    .expect("prune");
    assert!(pruned >= 2);
    assert_eq!(app.count("login_failures").await, 0);
    app.stop().await;
}

/// Over its limit, a costly request gets 429 with Retry-After (a localised page for a
/// download, the error for a server function): per user, and per address.
async fn costly_requests_are_rate_limited_with_a_retry_after(backend: Backend) {
    let app = spawn_app_with(backend, |s| {
        s.limits.reads_per_minute = 3;
        s.limits.exports_per_hour = 2;
        s.limits.logins_per_minute = 8;
    })
    .await;
    app.load_demo().await;
    let coordinator = app.login_as(Role::Coordinator).await;
    let observer = app.login_as(Role::Observer).await;
    // The minute may turn during the test: give it a fresh one if it is about to.
    let second = app::backend::now().second();
    if second > 50 {
        tokio::time::sleep(std::time::Duration::from_secs(u64::from(61 - second))).await;
    }
    for _ in 0..3 {
        app.call_ok(&coordinator, "dashboard", &[("filter[objective]", "O1")])
            .await;
    }
    let limited = app
        .call(&coordinator, "dashboard", &[("filter[objective]", "O1")])
        .await;
    assert_eq!(limited.status(), StatusCode::TOO_MANY_REQUESTS);
    let wait: u64 = limited.headers()["retry-after"]
        .to_str()
        .expect("text")
        .parse()
        .expect("seconds");
    assert!((1..=60).contains(&wait), "{wait}");
    assert!(limited.text().await.expect("body").contains("RateLimited"));
    // The same page, server-rendered, says so in the reader's language.
    let page = coordinator
        .get(app.url("/dashboard"))
        .send()
        .await
        .expect("page");
    assert_eq!(page.status(), StatusCode::TOO_MANY_REQUESTS);
    assert!(page.headers().contains_key("retry-after"));
    assert!(
        page.text()
            .await
            .expect("page")
            .contains("Слишком много запросов")
    );
    // Another user has their own count; the text search counts too.
    app.call_ok(&observer, "dashboard", &[("filter[objective]", "O1")])
        .await;
    app.call_ok(&observer, "tasks/list", &[("filter[q]", "школ")])
        .await;
    app.call_ok(&observer, "tasks/list", &[("filter[q]", "школ")])
        .await;
    let searched = app
        .call(&observer, "tasks/list", &[("filter[q]", "школ")])
        .await;
    assert_eq!(searched.status(), StatusCode::TOO_MANY_REQUESTS);
    assert_eq!(
        app.call(&observer, "tasks/list", &[("filter[status]", "assigned")])
            .await
            .status(),
        StatusCode::OK,
        "a list without a text search is not a costly read"
    );
    // Exports: two an hour here, then a localised page with Retry-After.
    for _ in 0..2 {
        let export = coordinator
            .get(app.url("/export/tasks.csv?lang=en"))
            .send()
            .await
            .expect("export");
        assert_eq!(export.status(), StatusCode::OK);
        let _ = export.bytes().await;
    }
    let refused = coordinator
        .get(app.url("/export/tasks.csv?lang=en"))
        .send()
        .await
        .expect("export");
    assert_eq!(refused.status(), StatusCode::TOO_MANY_REQUESTS);
    assert!(refused.headers().contains_key("retry-after"));
    let body = refused.text().await.expect("page");
    assert!(
        body.contains("lang=\"en\"") && body.contains("Too many requests"),
        "{body}"
    );
    // Logins: per address, whoever they are for. (The two logins above may fall in the same
    // minute; a fresh minute is waited for if this one is about to end.)
    let second = app::backend::now().second();
    if second > 50 {
        tokio::time::sleep(std::time::Duration::from_secs(u64::from(61 - second))).await;
    }
    let mut allowed = 0;
    let mut blocked = None;
    for _ in 0..9 {
        let client = app.client();
        let response = app
            .call(
                &client,
                "login",
                &[
                    ("email", "admin@demo.concord.kg"),
                    ("password", "demo-admin-password"),
                ],
            )
            .await;
        if response.status() == StatusCode::TOO_MANY_REQUESTS {
            blocked = Some(response);
            break;
        }
        assert_eq!(response.status(), StatusCode::OK);
        allowed += 1;
    }
    let blocked = blocked.expect("the ninth login in a minute is refused");
    assert!((6..=8).contains(&allowed), "{allowed}");
    assert!(blocked.headers().contains_key("retry-after"));
    // The counts are shared through the database, and old windows are pruned.
    let rows = app.count("rate_limits").await;
    assert!(rows >= 4, "{rows}");
    app::backend::rate_limit::prune(&app.state)
        .await
        .expect("prune");
    assert_eq!(
        app.count("rate_limits").await,
        rows,
        "this hour's counts stay"
    );
    app.stop().await;
}

/// The table tower-sessions keeps sessions in.
fn session_table(app: &crate::support::TestApp) -> &'static str {
    match app.state.db {
        app::backend::db::Db::Sqlite(_) => "tower_sessions",
        app::backend::db::Db::Postgres(_) => "tower_sessions.session",
    }
}

/// A one-time password stops working after its lifetime; the one shown to the administrator
/// is never kept in the clear on the server (only its hash, and a sealed copy until shown).
async fn one_time_passwords_expire_and_are_never_kept_in_the_clear(backend: Backend) {
    let app = spawn_app(backend).await;
    app.load_demo().await;
    let admin = app.login_as(Role::Administrator).await;
    let reporter = app.user_id_of("reporter@demo.concord.kg").await.to_string();
    let reset = app
        .call(&admin, "users/reset-password", &[("user_id", &reporter)])
        .await;
    assert_eq!(reset.status(), StatusCode::OK);
    // What the server keeps: the session record holds no trace of the password in the clear.
    let sessions: Vec<Vec<u8>> = app::on_db!(&app.state.db, pool => sqlx::query_scalar(
        &format!("select data from {}", session_table(&app))
    ).fetch_all(pool).await)
    .expect("sessions");
    let page: serde_json::Value = app
        .call(&admin, "users/page", &[("user_id", &reporter)])
        .await
        .json()
        .await
        .expect("page");
    let password = page["one_time_password"]
        .as_str()
        .expect("shown once")
        .to_owned();
    for data in &sessions {
        assert!(
            !data
                .windows(password.len())
                .any(|w| w == password.as_bytes()),
            "the one-time password sits in a session in the clear"
        );
    }
    let hash: String = app::on_db!(&app.state.db, pool => sqlx::query_scalar(
        "select password_hash from users where user_id = $1"
    ).bind(reporter.parse::<i64>().expect("id")).fetch_one(pool).await)
    .expect("hash");
    assert!(hash.starts_with("$argon2id$") && !hash.contains(&password));
    // It works within its lifetime; once past it, it is refused like a wrong password.
    let first = app.client();
    let ok = app
        .call(
            &first,
            "login",
            &[
                ("email", "reporter@demo.concord.kg"),
                ("password", &password),
            ],
        )
        .await;
    assert_eq!(ok.status(), StatusCode::OK);
    app::on_db!(&app.state.db, pool => sqlx::query(
        "update users set password_expires_at = $1 where user_id = $2"
    ).bind(app::backend::now() - time::Duration::minutes(1)).bind(reporter.parse::<i64>().expect("id")).execute(pool).await.map(|r| r.rows_affected()))
    .expect("expire");
    let late = app
        .call(
            &app.client(),
            "login",
            &[
                ("email", "reporter@demo.concord.kg"),
                ("password", &password),
            ],
        )
        .await;
    assert_eq!(late.status(), StatusCode::UNAUTHORIZED);
    app.stop().await;
}

/// With a short idle timeout: a session used every second lives past it (its expiry slides,
/// without a write on every request); left alone longer than it, the session ends.
async fn idle_sessions_end_while_used_ones_slide(backend: Backend) {
    let app = spawn_app_with(backend, |s| {
        s.rules.idle_timeout = time::Duration::seconds(4);
    })
    .await;
    app.load_demo().await;
    let client = app.login_as(Role::Observer).await;
    let expiry = || async {
        let latest: Option<String> = app::on_db!(&app.state.db, pool => sqlx::query_scalar(
            &format!("select max(cast(expiry_date as text)) from {}", session_table(&app))
        ).fetch_one(pool).await)
        .expect("expiry");
        latest
    };
    // Two requests in quick succession write the session at most once.
    assert!(app.me(&client).await.is_some());
    let first = expiry().await;
    assert!(app.me(&client).await.is_some());
    assert_eq!(expiry().await, first, "no write on every request");
    for _ in 0..7 {
        tokio::time::sleep(std::time::Duration::from_millis(1000)).await;
        assert!(
            app.me(&client).await.is_some(),
            "in use, the session goes on"
        );
    }
    assert!(expiry().await > first, "its expiry moved on");
    tokio::time::sleep(std::time::Duration::from_millis(5500)).await;
    assert!(app.me(&client).await.is_none(), "idle, it ended");
    app.stop().await;
}

/// A password hashed with weaker parameters than today's is hashed again at login.
async fn outdated_password_hashes_are_strengthened_at_login(backend: Backend) {
    use argon2::{Algorithm, Argon2, Params, PasswordHasher, Version, password_hash::SaltString};
    let app = spawn_app(backend).await;
    app.load_demo().await;
    let salt = SaltString::generate(&mut rand::rngs::OsRng);
    let weak = Argon2::new(
        Algorithm::Argon2id,
        Version::V0x13,
        Params::new(4096, 1, 1, None).expect("params"),
    )
    .hash_password(b"demo-observer-password", &salt)
    .expect("hash")
    .to_string();
    let id = app.user_id_of("observer@demo.concord.kg").await;
    app::on_db!(&app.state.db, pool => sqlx::query("update users set password_hash = $1 where user_id = $2")
        .bind(&weak).bind(id).execute(pool).await.map(|r| r.rows_affected()))
    .expect("weaken");
    let client = app.login_as(Role::Observer).await;
    assert!(app.me(&client).await.is_some());
    let hash: String = app::on_db!(&app.state.db, pool => sqlx::query_scalar(
        "select password_hash from users where user_id = $1"
    ).bind(id).fetch_one(pool).await)
    .expect("hash");
    assert!(
        hash.starts_with("$argon2id$v=19$m=19456,t=2,p=1$"),
        "{hash}"
    );
    // And the password still works.
    let again = app.login_as(Role::Observer).await;
    assert!(app.me(&again).await.is_some());
    app.stop().await;
}

/// A state-changing request that carries the session cookie but neither `Origin` nor
/// `Sec-Fetch-Site` is no browser's form: refused.
async fn posts_with_the_session_cookie_need_origin_or_fetch_metadata(backend: Backend) {
    let app = spawn_app(backend).await;
    app.load_demo().await;
    let coordinator = app.login_as(Role::Coordinator).await;
    let cookie = {
        let response = coordinator
            .get(app.url("/account"))
            .send()
            .await
            .expect("page");
        assert_eq!(response.status(), StatusCode::OK);
        // The jar holds the cookie; send it by hand from a client without the Origin header.
        let jar_client = reqwest::Client::builder()
            .redirect(reqwest::redirect::Policy::none())
            .build()
            .expect("client");
        let login = jar_client
            .post(app.url("/api/login"))
            .header("origin", &app.address)
            .form(&[
                ("email", "coordinator@demo.concord.kg"),
                ("password", "demo-coordinator-password"),
            ])
            .send()
            .await
            .expect("login");
        login
            .headers()
            .get_all("set-cookie")
            .iter()
            .filter_map(|v| v.to_str().ok())
            .find(|c| c.starts_with("concord_session="))
            .and_then(|c| c.split(';').next())
            .expect("session cookie")
            .to_owned()
    };
    let bare = reqwest::Client::builder()
        .redirect(reqwest::redirect::Policy::none())
        .build()
        .expect("client");
    let post = |headers: Vec<(&'static str, String)>| {
        let mut request = bare
            .post(app.url("/api/logout"))
            .header("cookie", cookie.clone());
        for (name, value) in headers {
            request = request.header(name, value);
        }
        request.send()
    };
    assert_eq!(
        post(vec![]).await.expect("post").status(),
        StatusCode::FORBIDDEN
    );
    assert!(
        post(vec![("sec-fetch-site", "same-origin".to_owned())])
            .await
            .expect("post")
            .status()
            .is_success(),
        "a browser's own form passes"
    );
    app.stop().await;
}

/// On SQLite a commit is synced to disk before it is acknowledged (`synchronous = FULL`).
async fn sqlite_commits_are_durable(backend: Backend) {
    let app = spawn_app(backend).await;
    if let app::backend::db::Db::Sqlite(pool) = &app.state.db {
        let level: i64 = sqlx::query_scalar("pragma synchronous")
            .fetch_one(pool)
            .await
            .expect("pragma");
        assert_eq!(level, 2, "FULL");
    }
    app.stop().await;
}
