//! Second factors and sessions on SQLite and PostgreSQL: enrolling an authenticator app and
//! signing in with each factor (wrong, replayed and throttled codes refused, recovery codes
//! used once), the requirement per role and per organisation with its one sign-in of grace,
//! an administrator's reset, and the session list (an ended session's next request is signed
//! out; a password change ends the others).

use crate::support::{Backend, TestApp, on_both, spawn_app_with};
use app::backend::totp;
use app::domain::roles::Role;
use reqwest::{Client, StatusCode};

on_both!(
    an_authenticator_app_is_enrolled_and_each_factor_signs_in,
    the_requirement_gates_after_one_sign_in_of_grace,
    sessions_are_listed_and_ended,
    an_administrator_resets_a_second_factor,
);

const REPORTER: (&str, &str) = ("reporter@demo.concord.kg", "demo-reporter-password");

/// An app that lets one address sign in often (the tests sign in many times a minute).
async fn spawn(backend: Backend) -> TestApp {
    spawn_app_with(backend, |s| s.limits.logins_per_minute = 1000).await
}

fn unix_now() -> u64 {
    app::backend::now().unix_timestamp() as u64
}

/// The code an app shows `steps` steps from now.
fn code(secret: &str, steps: i64) -> String {
    let at = unix_now() as i64 + steps * totp::STEP as i64;
    totp::code_at(secret, at as u64).expect("code")
}

async fn body(response: reqwest::Response) -> (StatusCode, String) {
    let status = response.status();
    (status, response.text().await.unwrap_or_default())
}

fn location(response: &reqwest::Response) -> String {
    response
        .headers()
        .get("location")
        .and_then(|v| v.to_str().ok())
        .unwrap_or_default()
        .to_owned()
}

/// Enrols the signed-in `client`'s user; the secret and the recovery codes.
async fn enrol(app: &TestApp, client: &Client) -> (String, Vec<String>) {
    let enrolment = app.call_json(client, "account/second-factor", &[]).await;
    let secret = enrolment["secret"]
        .as_str()
        .expect("secret")
        .replace(' ', "");
    assert!(
        enrolment["qr_svg"]
            .as_str()
            .is_some_and(|svg| svg.starts_with("<svg")),
        "{enrolment}"
    );
    // The same enrolment comes back until it is confirmed.
    let again = app.call_json(client, "account/second-factor", &[]).await;
    assert_eq!(
        again["secret"].as_str().map(|s| s.replace(' ', "")),
        Some(secret.clone())
    );
    let confirmed = app
        .call(
            client,
            "account/second-factor/confirm",
            &[("code", &code(&secret, 0))],
        )
        .await;
    assert_eq!(location(&confirmed), "/account/recovery-codes");
    let codes: Vec<String> =
        serde_json::from_value(app.call_json(client, "account/recovery-codes", &[]).await)
            .expect("codes");
    assert_eq!(codes.len(), 10);
    // Shown once.
    let gone = app.call_json(client, "account/recovery-codes", &[]).await;
    assert_eq!(gone, serde_json::json!([]));
    (secret, codes)
}

/// Signs in with the password, which asks for the second factor.
async fn password_step(app: &TestApp, email: &str, password: &str) -> Client {
    let client = app.client();
    let response = app
        .call(
            &client,
            "login",
            &[("email", email), ("password", password)],
        )
        .await;
    assert!(
        location(&response).starts_with("/login/code"),
        "{}",
        location(&response)
    );
    assert!(app.me(&client).await.is_none(), "not signed in yet");
    assert_eq!(
        app.call_json(&client, "login/pending", &[]).await,
        serde_json::json!(true)
    );
    client
}

/// As if a few minutes passed: every step used so far is in the past (codes of the steps
/// around now are taken again).
async fn time_passes(app: &TestApp) {
    app::on_db!(&app.state.db, pool => sqlx::query("update second_factors set last_step = 0")
        .execute(pool).await.map(|_| ()))
    .expect("time passes");
}

async fn forget_failures(app: &TestApp) {
    app::on_db!(&app.state.db, pool => sqlx::query("delete from login_failures").execute(pool).await.map(|_| ()))
        .expect("forget failures");
}

async fn last_entry(app: &TestApp) -> (String, String) {
    app::on_db!(&app.state.db, pool => sqlx::query_as(
        "select kind, detail from audit_log order by entry_id desc limit 1").fetch_one(pool).await)
    .expect("an entry")
}

async fn an_authenticator_app_is_enrolled_and_each_factor_signs_in(backend: Backend) {
    let app = spawn(backend).await;
    app.load_demo().await;
    let reporter = app.login(REPORTER.0, REPORTER.1).await;
    let me = app.me(&reporter).await.expect("me");
    assert_eq!(me["second_factor"], false);

    // A wrong first code keeps the enrolment waiting.
    app.call_json(&reporter, "account/second-factor", &[]).await;
    let (status, text) = body(
        app.call(
            &reporter,
            "account/second-factor/confirm",
            &[("code", "000000")],
        )
        .await,
    )
    .await;
    assert_eq!(status, StatusCode::BAD_REQUEST);
    assert!(text.contains("WrongCode"), "{text}");
    let (secret, codes) = enrol(&app, &reporter).await;
    assert_eq!(
        last_entry(&app).await,
        (
            "second_factor_enrolled".to_owned(),
            "authenticator app".to_owned()
        )
    );
    let me = app.me(&reporter).await.expect("still signed in");
    assert_eq!(me["second_factor"], true);
    // A second enrolment is refused.
    assert_eq!(
        app.call(&reporter, "account/second-factor", &[])
            .await
            .status(),
        StatusCode::CONFLICT
    );

    // The password alone no longer signs in; the code that confirmed the app is used up.
    let client = password_step(&app, REPORTER.0, REPORTER.1).await;
    for (typed, problem) in [
        (code(&secret, 0), "CodeUsed"),
        (code(&secret, -1), "CodeUsed"),
        (code(&secret, 3), "WrongCode"),
        ("12345".to_owned(), "WrongCode"),
        ("".to_owned(), "Required"),
    ] {
        let (status, text) = body(app.call(&client, "login/code", &[("code", &typed)]).await).await;
        assert_eq!(status, StatusCode::BAD_REQUEST, "{typed}");
        assert!(text.contains(problem), "{typed}: {text}");
    }
    assert_eq!(
        last_entry(&app).await,
        ("sign_in_failed".to_owned(), "second factor".to_owned())
    );
    assert!(app.me(&client).await.is_none());
    // The next step's code (an app a little ahead) signs in, and only once.
    let next = code(&secret, 1);
    let response = app
        .call(
            &client,
            "login/code",
            &[("code", &next), ("next", "/tasks")],
        )
        .await;
    assert_eq!(location(&response), "/tasks");
    assert!(app.me(&client).await.is_some());
    assert_eq!(
        last_entry(&app).await,
        (
            "sign_in".to_owned(),
            "password and authenticator app".to_owned()
        )
    );
    let other = password_step(&app, REPORTER.0, REPORTER.1).await;
    let (status, text) = body(app.call(&other, "login/code", &[("code", &next)]).await).await;
    assert_eq!(status, StatusCode::BAD_REQUEST);
    assert!(text.contains("CodeUsed"), "{text}");

    // A recovery code signs in once, typed loosely.
    let loose = codes[0].to_uppercase().replace('-', " ");
    app.call_ok(&other, "login/code", &[("code", &loose)]).await;
    assert!(app.me(&other).await.is_some());
    let (kind, detail) = app::on_db!(&app.state.db, pool => sqlx::query_as::<_, (String, String)>(
        "select kind, detail from audit_log where kind = 'recovery_code_used'").fetch_one(pool).await)
    .expect("recovery code entry");
    assert_eq!(
        (kind.as_str(), detail.as_str()),
        ("recovery_code_used", "unused: 9")
    );
    let third = password_step(&app, REPORTER.0, REPORTER.1).await;
    let (status, _) = body(app.call(&third, "login/code", &[("code", &codes[0])]).await).await;
    assert_eq!(status, StatusCode::BAD_REQUEST);
    let security = app.call_json(&reporter, "account/security", &[]).await;
    assert_eq!(security["unused_codes"], 9);

    // Wrong codes are throttled like passwords: five are free, then the answer is to wait.
    forget_failures(&app).await;
    let mut statuses = Vec::new();
    for _ in 0..7 {
        statuses.push(
            app.call(&third, "login/code", &[("code", "000000")])
                .await
                .status(),
        );
    }
    assert_eq!(statuses[..5], [StatusCode::BAD_REQUEST; 5]);
    assert!(
        statuses[5..].contains(&StatusCode::TOO_MANY_REQUESTS),
        "{statuses:?}"
    );

    // New recovery codes need a code from the app; the old ones stop working.
    let (status, _) = body(
        app.call(
            &reporter,
            "account/recovery-codes/renew",
            &[("code", "000000")],
        )
        .await,
    )
    .await;
    assert!(status.is_client_error());
    forget_failures(&app).await;
    time_passes(&app).await;
    let renewed = app
        .call(
            &reporter,
            "account/recovery-codes/renew",
            &[("code", &code(&secret, 0))],
        )
        .await;
    assert_eq!(location(&renewed), "/account/recovery-codes");
    let fresh: Vec<String> = serde_json::from_value(
        app.call_json(&reporter, "account/recovery-codes", &[])
            .await,
    )
    .expect("codes");
    assert_eq!(fresh.len(), 10);
    assert_eq!(last_entry(&app).await.0, "recovery_codes_renewed");
    let fourth = password_step(&app, REPORTER.0, REPORTER.1).await;
    let (status, _) = body(
        app.call(&fourth, "login/code", &[("code", &codes[1])])
            .await,
    )
    .await;
    assert_eq!(status, StatusCode::BAD_REQUEST, "an old code is gone");
    app.call_ok(&fourth, "login/code", &[("code", &fresh[0])])
        .await;

    // Turning it off takes a code (nothing requires it of a reporter).
    let off = app
        .call(
            &reporter,
            "account/second-factor/off",
            &[("code", &fresh[1])],
        )
        .await;
    assert_eq!(location(&off), "/account?done=second-factor-off");
    assert_eq!(last_entry(&app).await.0, "second_factor_removed");
    app.login(REPORTER.0, REPORTER.1).await;
    assert_eq!(app.count("recovery_codes").await, 0);
    app.stop().await;
}

async fn the_requirement_gates_after_one_sign_in_of_grace(backend: Backend) {
    let app = spawn(backend).await;
    app.load_demo().await;
    let admin = app.login_as(Role::Administrator).await;
    let policy = app.call_json(&admin, "security/policy", &[]).await;
    assert_eq!(
        policy["roles"],
        serde_json::json!([
            ["administrator", false],
            ["coordinator", false],
            ["reporter", false],
            ["observer", false]
        ]),
        "the demo requires nobody"
    );
    // An empty or odd post changes nothing.
    for args in [
        vec![("coordinator", "on")],
        vec![("save", "roles"), ("coordinator", "yes")],
    ] {
        assert_eq!(
            app.call(&admin, "security/roles", &args).await.status(),
            StatusCode::BAD_REQUEST
        );
    }
    app.call_ok(
        &admin,
        "security/roles",
        &[("save", "roles"), ("coordinator", "on")],
    )
    .await;
    assert_eq!(
        last_entry(&app).await,
        (
            "security_policy_changed".to_owned(),
            "coordinator: false → true".to_owned()
        )
    );

    // The first sign-in is the grace: the coordinator may act, and is told to enrol.
    let first = app.login_as(Role::Coordinator).await;
    let me = app.me(&first).await.expect("me");
    assert_eq!(
        (&me["second_factor_required"], &me["must_enrol"]),
        (&serde_json::json!(true), &serde_json::json!(false))
    );
    app.call_ok(&first, "tasks/list", &[("filter[page]", "1")])
        .await;

    // From the next, nothing but enrolment.
    let second = app.client();
    let response = app
        .call(
            &second,
            "login",
            &[
                ("email", "coordinator@demo.concord.kg"),
                ("password", "demo-coordinator-password"),
            ],
        )
        .await;
    assert_eq!(location(&response), "/account/second-factor");
    assert_eq!(app.me(&second).await.expect("me")["must_enrol"], true);
    assert_eq!(
        app.call(&second, "tasks/list", &[("filter[page]", "1")])
            .await
            .status(),
        StatusCode::FORBIDDEN
    );
    let info = app.call_json(&second, "session", &[]).await;
    assert_eq!(info["may"]["manage_users"], false);
    assert_eq!(info["may"]["view_audit"], false);
    let (secret, _) = enrol(&app, &second).await;
    app.call_ok(&second, "tasks/list", &[("filter[page]", "1")])
        .await;
    // Required, it cannot be turned off.
    let (status, text) = body(
        app.call(
            &second,
            "account/second-factor/off",
            &[("code", &code(&secret, 1))],
        )
        .await,
    )
    .await;
    assert_eq!(status, StatusCode::BAD_REQUEST);
    assert!(text.contains("SecondFactorKept"), "{text}");

    // Reporters are not affected, until their organisation requires it.
    let reporter = app.login(REPORTER.0, REPORTER.1).await;
    app.call_ok(&reporter, "tasks/list", &[("filter[page]", "1")])
        .await;
    let organization = app.demo_organization_of(REPORTER.0).await.to_string();
    app.call_ok(
        &admin,
        "security/organization",
        &[("organization_id", &organization), ("required", "true")],
    )
    .await;
    let policy = app.call_json(&admin, "security/policy", &[]).await;
    assert_eq!(policy["organizations"].as_array().map(Vec::len), Some(1));
    let grace = app.login(REPORTER.0, REPORTER.1).await;
    app.call_ok(&grace, "tasks/list", &[("filter[page]", "1")])
        .await;
    let gated = app.login(REPORTER.0, REPORTER.1).await;
    assert_eq!(
        app.call(&gated, "tasks/list", &[("filter[page]", "1")])
            .await
            .status(),
        StatusCode::FORBIDDEN
    );
    // An unknown organisation is named next to its field.
    let (status, text) = body(
        app.call(
            &admin,
            "security/organization",
            &[("organization_id", "999999"), ("required", "true")],
        )
        .await,
    )
    .await;
    assert_eq!(status, StatusCode::BAD_REQUEST);
    assert!(text.contains("UnknownChoice"), "{text}");
    // Only administrators see and set the requirement.
    for role in [Role::Coordinator, Role::Reporter, Role::Observer] {
        let client = if role == Role::Coordinator {
            second.clone()
        } else {
            app.login_as(role).await
        };
        assert_eq!(
            app.call(&client, "security/policy", &[]).await.status(),
            StatusCode::FORBIDDEN,
            "{role:?}"
        );
    }
    app.stop().await;
}

/// The handles of the sessions `client` sees on its account page: (handle, current).
async fn sessions(app: &TestApp, client: &Client) -> Vec<(String, bool)> {
    let security = app.call_json(client, "account/security", &[]).await;
    security["sessions"]
        .as_array()
        .expect("sessions")
        .iter()
        .map(|s| {
            (
                s["handle"].as_str().expect("handle").to_owned(),
                s["current"].as_bool().expect("current"),
            )
        })
        .collect()
}

async fn sessions_are_listed_and_ended(backend: Backend) {
    let app = spawn(backend).await;
    app.load_demo().await;
    let a = app.login(REPORTER.0, REPORTER.1).await;
    let b = app.login(REPORTER.0, REPORTER.1).await;
    let listed = sessions(&app, &a).await;
    assert_eq!(listed.len(), 2);
    assert_eq!(listed.iter().filter(|(_, current)| *current).count(), 1);
    let security = app.call_json(&a, "account/security", &[]).await;
    assert_eq!(security["sessions"][0]["client"], "127.0.0.1");

    // Ending B from A signs B out at its next request.
    let (b_handle, _) = listed
        .iter()
        .find(|(_, current)| !current)
        .expect("B")
        .clone();
    let ended = app
        .call(&a, "account/sessions/end", &[("handle", &b_handle)])
        .await;
    assert_eq!(location(&ended), "/account?done=session#sessions");
    assert!(app.me(&b).await.is_none(), "B is signed out");
    assert_eq!(
        app.call(&b, "tasks/list", &[("filter[page]", "1")])
            .await
            .status(),
        StatusCode::UNAUTHORIZED
    );
    assert!(app.me(&a).await.is_some(), "A goes on");
    // Nobody ends another user's session from their own account.
    let coordinator = app.login_as(Role::Coordinator).await;
    let (a_handle, _) = sessions(&app, &a).await[0].clone();
    assert_eq!(
        app.call(
            &coordinator,
            "account/sessions/end",
            &[("handle", &a_handle)]
        )
        .await
        .status(),
        StatusCode::NOT_FOUND
    );
    assert!(app.me(&a).await.is_some());

    // "End all other sessions" keeps this one.
    let c = app.login(REPORTER.0, REPORTER.1).await;
    app.call_ok(&a, "account/sessions/end-others", &[]).await;
    assert!(app.me(&c).await.is_none());
    assert_eq!(sessions(&app, &a).await.len(), 1);
    // Signing out takes a session off the list.
    let e = app.login(REPORTER.0, REPORTER.1).await;
    assert_eq!(sessions(&app, &a).await.len(), 2);
    app.call_ok(&e, "logout", &[]).await;
    assert_eq!(sessions(&app, &a).await.len(), 1);

    // A password change ends the others at once.
    let d = app.login(REPORTER.0, REPORTER.1).await;
    app.call_ok(
        &a,
        "account/password",
        &[
            ("current_password", REPORTER.1),
            ("new_password", "Tulip-Harbor-Quietly-42"),
            ("confirm_password", "Tulip-Harbor-Quietly-42"),
        ],
    )
    .await;
    assert!(app.me(&d).await.is_none());
    assert!(app.me(&a).await.is_some());
    assert_eq!(sessions(&app, &a).await.len(), 1);

    // An administrator sees the user's sessions and ends them.
    let admin = app.login_as(Role::Administrator).await;
    let user_id = app.user_id_of(REPORTER.0).await.to_string();
    let seen = app
        .call_json(&admin, "users/security", &[("user_id", &user_id)])
        .await;
    assert_eq!(seen["sessions"].as_array().map(Vec::len), Some(1));
    assert_eq!(seen["sessions"][0]["current"], false);
    let before = app.count("audit_log").await;
    app.call_ok(&admin, "users/sessions/end-all", &[("user_id", &user_id)])
        .await;
    assert!(app.me(&a).await.is_none());
    assert_eq!(app.count("audit_log").await, before + 1);
    assert_eq!(
        last_entry(&app).await,
        ("session_ended".to_owned(), "all: 1".to_owned())
    );
    assert_eq!(
        app.call(&admin, "users/sessions/end-all", &[("user_id", "999999")])
            .await
            .status(),
        StatusCode::NOT_FOUND
    );
    app.stop().await;
}

async fn an_administrator_resets_a_second_factor(backend: Backend) {
    let app = spawn(backend).await;
    app.load_demo().await;
    let reporter = app.login(REPORTER.0, REPORTER.1).await;
    let (secret, _) = enrol(&app, &reporter).await;
    let admin = app.login_as(Role::Administrator).await;
    let user_id = app.user_id_of(REPORTER.0).await.to_string();
    let seen = app
        .call_json(&admin, "users/security", &[("user_id", &user_id)])
        .await;
    assert_eq!(seen["second_factor"], true);
    let before = app.count("audit_log").await;
    let reset = app
        .call(
            &admin,
            "users/second-factor/reset",
            &[("user_id", &user_id)],
        )
        .await;
    assert_eq!(
        location(&reset),
        format!("/users/{user_id}?done=second-factor#security")
    );
    assert_eq!(app.count("audit_log").await, before + 1);
    assert_eq!(
        last_entry(&app).await,
        (
            "second_factor_reset".to_owned(),
            "authenticator app removed; passkeys removed: 0; sessions ended: 1".to_owned()
        )
    );
    assert!(app.me(&reporter).await.is_none(), "their sessions ended");
    assert_eq!(app.count("second_factors").await, 0);
    assert_eq!(app.count("recovery_codes").await, 0);
    // The password alone signs in again; the old app's codes mean nothing.
    let again = app.login(REPORTER.0, REPORTER.1).await;
    assert_eq!(app.me(&again).await.expect("me")["second_factor"], false);
    let _ = secret;
    // Others may not reset.
    let coordinator = app.login_as(Role::Coordinator).await;
    assert_eq!(
        app.call(
            &coordinator,
            "users/second-factor/reset",
            &[("user_id", &user_id)]
        )
        .await
        .status(),
        StatusCode::FORBIDDEN
    );
    app.stop().await;
}
