//! Notifications by email, against a real SMTP server (aiosmtpd), on SQLite and PostgreSQL:
//! each event gives exactly one message to each person it concerns, in their language, with a
//! stable Message-ID and a one-click unsubscribe that works and cannot be forged; a sender that
//! dies holding messages loses and duplicates none; a refusing server is retried and then
//! reported to administrators; STARTTLS is used and its certificate checked.

use crate::support::smtp::{Mode, SmtpServer, certificate};
use crate::support::{Backend, TestApp, on_both, spawn_app};
use crate::tasks::{DUYSHEEV_REPORTER, REPORTER_PASSWORD, create_for, org_of};
use app::backend::db;
use app::backend::mail::{MAX_ATTEMPTS, MailSettings, Mailer, Security, SmtpUrl};
use app::domain::ids::UserId;
use app::domain::notifications::{Delivery, Kind};
use app::domain::roles::Role;
use app::on_db;
use mailparse::MailHeaderMap;
use reqwest::StatusCode;

on_both!(
    each_event_mails_each_person_once_in_their_language,
    a_one_click_unsubscribe_stops_that_kind_and_cannot_be_forged,
    a_sender_that_dies_loses_and_duplicates_nothing,
    a_refusing_server_is_retried_then_reported,
);

pub(crate) fn mailer(
    app: &TestApp,
    port: u16,
    security: Security,
    host: &str,
    ca: Option<Vec<u8>>,
) -> Mailer {
    Mailer::new(&MailSettings {
        smtp: SmtpUrl {
            host: host.to_owned(),
            port,
            security,
            credentials: None,
        },
        from: "Concord <concord@example.kg>".parse().expect("from"),
        public_url: app.url(""),
        extra_ca_pem: ca,
    })
    .expect("mailer")
}

/// The demo's own messages are not what these tests count: they are set aside (after checking
/// the demo does make messages of several kinds).
async fn set_demo_mail_aside(app: &TestApp) {
    let kinds: i64 = on_db!(&app.state.db, pool => sqlx::query_scalar(
        "select count(distinct kind) from notifications where email_state = 'pending'")
        .fetch_one(pool).await)
    .expect("kinds");
    assert!(
        kinds >= 3,
        "the demo makes messages of several kinds ({kinds})"
    );
    on_db!(&app.state.db, pool => sqlx::query("update notifications set email_state = 'sent'")
        .execute(pool).await.map(|r| r.rows_affected()))
    .expect("aside");
}

/// The demo loaded (its own messages set aside), the coordinator logged in, and the
/// organisation of Duysheev's reporter, whose tasks the tests assign.
pub(crate) async fn ready(backend: Backend) -> (TestApp, reqwest::Client, i64) {
    let app = spawn_app(backend).await;
    app.load_demo().await;
    set_demo_mail_aside(&app).await;
    let coordinator = app.login_as(Role::Coordinator).await;
    let lead = org_of(&app, DUYSHEEV_REPORTER).await;
    (app, coordinator, lead)
}

pub(crate) struct Received {
    pub(crate) to: String,
    pub(crate) subject: String,
    pub(crate) message_id: String,
    pub(crate) list_unsubscribe: String,
    pub(crate) list_unsubscribe_post: String,
    pub(crate) text: String,
    pub(crate) html: String,
}

pub(crate) fn parse(raw: &[u8]) -> Received {
    let mail = mailparse::parse_mail(raw).expect("a message");
    let header = |name: &str| mail.headers.get_first_value(name).unwrap_or_default();
    let part = |mime: &str| {
        mail.subparts
            .iter()
            .find(|p| p.ctype.mimetype == mime)
            .map(|p| p.get_body().expect("body"))
            .unwrap_or_default()
    };
    Received {
        to: header("To"),
        subject: header("Subject"),
        message_id: header("Message-ID"),
        list_unsubscribe: header("List-Unsubscribe"),
        list_unsubscribe_post: header("List-Unsubscribe-Post"),
        text: part("text/plain"),
        html: part("text/html"),
    }
}

async fn reporters_of(app: &TestApp, org: i64) -> Vec<(String, String)> {
    on_db!(&app.state.db, pool => sqlx::query_as(
        "select email, language from users where organization_id = $1 and role = 'reporter' \
         and is_active order by email")
        .bind(org).fetch_all(pool).await)
    .expect("reporters")
}

async fn each_event_mails_each_person_once_in_their_language(backend: Backend) {
    let (app, coordinator, lead) = ready(backend).await;
    let smtp = SmtpServer::start(Mode::Plain).await;
    let mailer = mailer(&app, smtp.port, Security::Plain, "127.0.0.1", None);
    // One reporter reads Kyrgyz, so the messages differ by language.
    on_db!(&app.state.db, pool => sqlx::query("update users set language = 'ky' where email = $1")
        .bind(DUYSHEEV_REPORTER).execute(pool).await.map(|r| r.rows_affected()))
    .expect("language");
    let id = create_for(&app, &coordinator, lead, &[]).await;
    let reporters = reporters_of(&app, lead).await;

    let sent = mailer.deliver_due(&app.state).await.expect("delivery");
    assert_eq!(sent, reporters.len());
    assert_eq!(
        mailer.deliver_due(&app.state).await.expect("again"),
        0,
        "nothing twice"
    );
    let messages: Vec<Received> = smtp.messages().iter().map(|m| parse(m)).collect();
    assert_eq!(messages.len(), reporters.len());
    for (email, language) in &reporters {
        let message = messages
            .iter()
            .find(|m| m.to.contains(email.as_str()))
            .unwrap_or_else(|| panic!("no message to {email}"));
        let expected = match language.as_str() {
            "ky" => "Уюмуңузга тапшырма берилди: ",
            "en" => "A task was assigned to your organisation: ",
            _ => "Вашей организации дано поручение: ",
        };
        assert!(message.subject.starts_with(expected), "{}", message.subject);
        assert!(
            message.text.contains(&app.url(&format!("/tasks/{id}"))),
            "{}",
            message.text
        );
        assert!(message.html.contains(&format!("/tasks/{id}")));
        assert!(
            message.message_id.starts_with("<notification-"),
            "{}",
            message.message_id
        );
        assert!(message.list_unsubscribe.contains("/mail/one-click?user="));
        assert_eq!(message.list_unsubscribe_post, "List-Unsubscribe=One-Click");
    }
    let states: Vec<String> = on_db!(&app.state.db, pool => sqlx::query_scalar(
        "select distinct email_state from notifications where task_id = $1")
        .bind(id).fetch_all(pool).await)
    .expect("states");
    assert_eq!(states, vec!["sent".to_owned()]);
    app.stop().await;
}

async fn a_one_click_unsubscribe_stops_that_kind_and_cannot_be_forged(backend: Backend) {
    let (app, coordinator, lead) = ready(backend).await;
    let smtp = SmtpServer::start(Mode::Plain).await;
    let mailer = mailer(&app, smtp.port, Security::Plain, "127.0.0.1", None);
    create_for(&app, &coordinator, lead, &[]).await;
    mailer.deliver_due(&app.state).await.expect("delivery");
    let message = smtp
        .messages()
        .iter()
        .map(|m| parse(m))
        .find(|m| m.to.contains(DUYSHEEV_REPORTER))
        .expect("a message to the reporter");
    let one_click = message
        .list_unsubscribe
        .trim_matches(|c| c == '<' || c == '>')
        .to_owned();
    let anonymous = reqwest::Client::builder()
        .redirect(reqwest::redirect::Policy::none())
        .build()
        .expect("client");
    // A forged signature, or the link turned to another kind, is refused and changes nothing.
    let forged = one_click.replace("sig=", "sig=00");
    let other_kind = one_click.replace("kind=task_assigned", "kind=task_returned");
    for link in [forged, other_kind] {
        let answer = anonymous
            .post(&link)
            .header("content-type", "application/x-www-form-urlencoded")
            .body("List-Unsubscribe=One-Click")
            .send()
            .await
            .expect("post");
        assert_eq!(answer.status(), StatusCode::NOT_FOUND, "{link}");
    }
    // The confirm page's form refuses a forged signature the same way.
    let link = url::Url::parse(&one_click).expect("link");
    let user = link
        .query_pairs()
        .find(|(k, _)| k == "user")
        .map(|(_, v)| v.into_owned())
        .expect("user");
    let forged_form = app
        .call(
            &app.client(),
            "mail/unsubscribe",
            &[("user", &user), ("kind", "task_assigned"), ("sig", "00")],
        )
        .await;
    assert_eq!(forged_form.status(), StatusCode::NOT_FOUND);
    assert_eq!(app.count("notification_preferences").await, 0);
    // Opened in a browser, the link asks first.
    let opened = anonymous.get(&one_click).send().await.expect("get");
    assert_eq!(opened.status(), StatusCode::SEE_OTHER);
    assert!(
        opened.headers()["location"]
            .to_str()
            .unwrap_or("")
            .starts_with("/mail/unsubscribe?")
    );
    // The mail client's one POST stops that kind for that person only.
    let answer = anonymous
        .post(&one_click)
        .header("content-type", "application/x-www-form-urlencoded")
        .body("List-Unsubscribe=One-Click")
        .send()
        .await
        .expect("post");
    assert_eq!(answer.status(), StatusCode::OK);
    let before = smtp.messages().len();
    create_for(&app, &coordinator, lead, &[]).await;
    let sent = mailer.deliver_due(&app.state).await.expect("delivery");
    let told = reporters_of(&app, lead).await.len();
    assert_eq!(sent, told - 1, "everyone but the one who unsubscribed");
    assert!(
        smtp.messages()[before..]
            .iter()
            .all(|m| !parse(m).to.contains(DUYSHEEV_REPORTER))
    );
    // It stays in the centre, and the preference shows on the reporter's page.
    let reporter = app.login(DUYSHEEV_REPORTER, REPORTER_PASSWORD).await;
    let preferences = app.call_json(&reporter, "notifications/mail", &[]).await;
    assert!(
        preferences["kinds"]
            .as_array()
            .expect("kinds")
            .iter()
            .any(|k| k[0] == "TaskAssigned" && k[1] == "Off"),
        "{preferences}"
    );
    // The reporter switches it on again from the page, and asks for comments once a day.
    app.call_ok(
        &reporter,
        "notifications/mail/save",
        &[
            ("choices[task_assigned]", "immediate"),
            ("choices[task_commented]", "daily"),
        ],
    )
    .await;
    let set: Vec<(String, String)> = on_db!(&app.state.db, pool => sqlx::query_as(
        "select p.kind, p.delivery from notification_preferences p \
         join users u on u.user_id = p.user_id where u.email = $1 order by p.kind")
        .bind(DUYSHEEV_REPORTER).fetch_all(pool).await)
    .expect("preferences");
    assert_eq!(
        set,
        [
            ("task_assigned".to_owned(), "immediate".to_owned()),
            ("task_commented".to_owned(), "daily".to_owned()),
        ]
    );
    // An escalation cannot be switched off, by the form or by a link; nothing is saved.
    let refused = app
        .call(
            &reporter,
            "notifications/mail/save",
            &[
                ("choices[task_assigned]", "off"),
                ("choices[task_overdue]", "off"),
            ],
        )
        .await;
    assert_eq!(refused.status(), reqwest::StatusCode::BAD_REQUEST);
    assert_eq!(
        app::backend::db::mail::delivery(
            &app.state.db,
            UserId(user.parse().expect("user id")),
            Kind::TaskAssigned
        )
        .await
        .expect("delivery"),
        Delivery::Immediate
    );
    app.stop().await;
}

async fn a_sender_that_dies_loses_and_duplicates_nothing(backend: Backend) {
    let (app, coordinator, lead) = ready(backend).await;
    let smtp = SmtpServer::start(Mode::Plain).await;
    let id = create_for(&app, &coordinator, lead, &[]).await;
    let told = reporters_of(&app, lead).await.len();
    // A sender leases the messages and dies before sending: another instance leaves them alone
    // while the lease holds, and sends each once after it lapses.
    let leased = db::mail::lease(
        &app.state.db,
        app::backend::now(),
        time::Duration::minutes(2),
        100,
    )
    .await
    .expect("lease");
    assert_eq!(leased.len(), told);
    let other = mailer(&app, smtp.port, Security::Plain, "127.0.0.1", None);
    assert_eq!(other.deliver_due(&app.state).await.expect("leased"), 0);
    on_db!(&app.state.db, pool => sqlx::query(
        "update notifications set email_leased_until = $1 where task_id = $2")
        .bind(app::backend::now() - time::Duration::seconds(1)).bind(id).execute(pool).await.map(|r| r.rows_affected()))
    .expect("lapse");
    assert_eq!(other.deliver_due(&app.state).await.expect("after"), told);
    assert_eq!(other.deliver_due(&app.state).await.expect("again"), 0);
    assert_eq!(smtp.messages().len(), told);
    app.stop().await;
}

async fn a_refusing_server_is_retried_then_reported(backend: Backend) {
    let (app, coordinator, lead) = ready(backend).await;
    let refusing = SmtpServer::start(Mode::Refusing).await;
    let mailer = mailer(&app, refusing.port, Security::Plain, "127.0.0.1", None);
    let id = create_for(&app, &coordinator, lead, &[]).await;
    assert_eq!(mailer.deliver_due(&app.state).await.expect("pass"), 0);
    let (state, attempts, error): (String, i64, String) = on_db!(&app.state.db, pool => sqlx::query_as(
        "select email_state, email_attempts, email_error from notifications where task_id = $1 limit 1")
        .bind(id).fetch_one(pool).await)
    .expect("row");
    assert_eq!((state.as_str(), attempts), ("pending", 1));
    assert!(error.contains("550"), "{error}");
    // Not again before its wait is over.
    assert_eq!(mailer.deliver_due(&app.state).await.expect("pass"), 0);
    let attempts_now: i64 = on_db!(&app.state.db, pool => sqlx::query_scalar(
        "select max(email_attempts) from notifications where task_id = $1")
        .bind(id).fetch_one(pool).await)
    .expect("attempts");
    assert_eq!(attempts_now, 1, "retried only after its wait");
    // The last allowed attempt fails: the message is given up and administrators see it.
    on_db!(&app.state.db, pool => sqlx::query(
        "update notifications set email_attempts = $1, email_next_at = null where task_id = $2")
        .bind(MAX_ATTEMPTS - 1).bind(id).execute(pool).await.map(|r| r.rows_affected()))
    .expect("exhaust");
    mailer.deliver_due(&app.state).await.expect("pass");
    let failed: i64 = on_db!(&app.state.db, pool => sqlx::query_scalar(
        "select count(*) from notifications where task_id = $1 and email_state = 'failed'")
        .bind(id).fetch_one(pool).await)
    .expect("failed");
    assert_eq!(failed as usize, reporters_of(&app, lead).await.len());
    let admin = app.login_as(Role::Administrator).await;
    let page = app.call_json(&admin, "notifications/mail", &[]).await;
    let outbox = &page["outbox"];
    assert_eq!(outbox["configured"], false);
    assert!(
        outbox["by_state"]
            .as_array()
            .expect("states")
            .iter()
            .any(|s| s[0] == "Failed" && s[1].as_i64() >= Some(failed)),
        "{page}"
    );
    // Others do not see the outbox.
    let page = app.call_json(&coordinator, "notifications/mail", &[]).await;
    assert!(page["outbox"].is_null());
    app.stop().await;
}

/// STARTTLS against a server whose certificate the test made: trusted through the extra
/// certificate authority, the message goes; without it, the connection is refused.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn starttls_is_required_and_its_certificate_checked() {
    let (app, coordinator, lead) = ready(Backend::Sqlite).await;
    let dir = tempfile::tempdir().expect("dir");
    let (ca, cert, key) = certificate(dir.path());
    let smtp = SmtpServer::start(Mode::StartTls { cert, key }).await;
    create_for(&app, &coordinator, lead, &[]).await;
    let told = reporters_of(&app, lead).await.len();
    let untrusting = mailer(&app, smtp.port, Security::StartTls, "localhost", None);
    assert_eq!(untrusting.deliver_due(&app.state).await.expect("pass"), 0);
    assert!(smtp.messages().is_empty());
    on_db!(&app.state.db, pool => sqlx::query("update notifications set email_next_at = null")
        .execute(pool).await.map(|r| r.rows_affected()))
    .expect("retry now");
    let pem = std::fs::read(&ca).expect("pem");
    let trusting = mailer(&app, smtp.port, Security::StartTls, "localhost", Some(pem));
    assert_eq!(trusting.deliver_due(&app.state).await.expect("pass"), told);
    assert_eq!(smtp.messages().len(), told);
    app.stop().await;
}
