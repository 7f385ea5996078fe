//! The scheduled notifications on SQLite and PostgreSQL: reports owed are recalled once per
//! organisation and period and escalated a week late to the organisation's contact address and
//! the coordinators (held for their digest) at the day's boundary in Bishkek; indicator values
//! due are recalled; a daily digest gathers held notifications once, from 08:00 in Bishkek, as
//! one message; the coordinators' weekly digest goes on Mondays from 09:00; activities sent back
//! tell their organisation; a message given up tells the administrators once a day and never
//! about itself.

use crate::mail::{mailer, parse, ready};
use crate::notifications::pass_on;
use crate::support::smtp::{Mode, SmtpServer};
use crate::support::{Backend, TestApp, on_both};
use crate::tasks::{DUYSHEEV_REPORTER, NGO_REPORTER, REPORTER_PASSWORD, create_for, org_of};
use app::backend::mail::{MAX_ATTEMPTS, Security};
use app::backend::reminders::pass;
use app::i18n::BISHKEK;
use app::on_db;
use time::macros::{date, time};
use time::{Date, Duration, OffsetDateTime};

on_both!(
    reports_owed_are_recalled_once_per_organisation_and_escalated_after_a_week,
    indicator_values_due_are_recalled_to_their_organisation,
    a_daily_digest_gathers_held_notifications_once_from_eight,
    coordinators_get_the_weekly_digest_on_mondays_from_nine,
    an_activity_sent_back_tells_its_organisation,
    a_message_given_up_tells_the_administrators_once_a_day,
    an_organisation_sets_its_own_address_for_escalations,
);

/// `day` at `hh:mm` in Bishkek.
fn at(day: Date, t: time::Time) -> OffsetDateTime {
    day.with_time(t).assume_offset(BISHKEK)
}

async fn scalar(app: &TestApp, sql: &str, id: i64) -> i64 {
    on_db!(&app.state.db, pool => sqlx::query_scalar(sql).bind(id).fetch_one(pool).await)
        .expect(sql)
}

async fn exec(app: &TestApp, sql: &str) {
    on_db!(&app.state.db, pool => sqlx::query(sql).execute(pool).await.map(|r| r.rows_affected()))
        .expect(sql);
}

/// How many active reporters `org` has.
async fn reporters(app: &TestApp, org: i64) -> i64 {
    scalar(
        app,
        "select count(*) from users where organization_id = $1 and role = 'reporter' and is_active",
        org,
    )
    .await
}

/// How many notifications of `kind` about `org`'s reports for 2027 Q1 there are.
async fn about(app: &TestApp, org: i64, kind: &str) -> i64 {
    let sql = format!(
        "select count(*) from notifications where organization_id = $1 and kind = '{kind}' \
         and user_id is not null and period_start = '2027-01-01'"
    );
    scalar(app, &sql, org).await
}

async fn reports_owed_are_recalled_once_per_organisation_and_escalated_after_a_week(
    backend: Backend,
) {
    let (app, coordinator, lead) = ready(backend).await;
    // Two tasks of the lead owe a report for 2027 Q1 (due 15 April with the default calendar);
    // the NGO owes none: its tasks are all cancelled.
    for _ in 0..2 {
        let id = create_for(&app, &coordinator, lead, &[]).await;
        on_db!(&app.state.db, pool => sqlx::query(
            "update tasks set status = 'in_progress', start_date = $1, due_date = $2 where task_id = $3")
            .bind(date!(2027 - 01 - 10)).bind(date!(2027 - 12 - 31)).bind(id)
            .execute(pool).await.map(|r| r.rows_affected()))
        .expect("owing");
    }
    let ngo = org_of(&app, NGO_REPORTER).await;
    on_db!(&app.state.db, pool => sqlx::query(
        "update tasks set status = 'cancelled' where lead_organization_id = $1")
        .bind(ngo).execute(pool).await.map(|r| r.rows_affected()))
    .expect("cancel");
    let told = reporters(&app, lead).await;
    assert!(told > 0);
    for (day, kind) in [
        (date!(2027 - 04 - 08), "report_due_soon"),
        (date!(2027 - 04 - 15), "report_due_today"),
        (date!(2027 - 04 - 18), "report_overdue"),
    ] {
        assert_eq!(about(&app, lead, kind).await, 0, "{kind} before its day");
        pass_on(&app, day, false).await.expect("pass");
        pass_on(&app, day, false).await.expect("again");
        assert_eq!(
            about(&app, lead, kind).await,
            told,
            "{kind}: once per reporter"
        );
        assert_eq!(about(&app, ngo, kind).await, 0, "{kind}: nothing owed");
    }
    // The escalation comes when the seventh day after begins in Bishkek, not a minute before.
    let contact = "select count(*) from notifications where organization_id = $1 \
                   and kind = 'report_escalated' and user_id is null \
                   and period_start = '2027-01-01'";
    pass(&app.state, at(date!(2027 - 04 - 21), time!(23:59)), false)
        .await
        .expect("eve");
    assert_eq!(scalar(&app, contact, lead).await, 0);
    pass(&app.state, at(date!(2027 - 04 - 22), time!(00:00)), false)
        .await
        .expect("escalation");
    pass(&app.state, at(date!(2027 - 04 - 22), time!(10:00)), false)
        .await
        .expect("again");
    assert_eq!(scalar(&app, contact, lead).await, 1, "once, to the contact");
    let (to, state): (String, String) = on_db!(&app.state.db, pool => sqlx::query_as(
        "select n.email_to, n.email_state from notifications n where n.organization_id = $1 \
         and n.kind = 'report_escalated' and n.user_id is null and n.period_start = '2027-01-01'")
        .bind(lead).fetch_one(pool).await)
    .expect("contact");
    let address: String = on_db!(&app.state.db, pool => sqlx::query_scalar(
        "select contact_email from organizations where organization_id = $1")
        .bind(lead).fetch_one(pool).await)
    .expect("address");
    assert_eq!((to.as_str(), state.as_str()), (address.as_str(), "pending"));
    // The coordinator who made the tasks hears of it in the digest, never one message each.
    let held: Vec<(String, String)> = on_db!(&app.state.db, pool => sqlx::query_as(
        "select u.email, n.email_state from notifications n join users u on u.user_id = n.user_id \
         where n.organization_id = $1 and n.kind = 'report_escalated' \
             and n.period_start = '2027-01-01'")
        .bind(lead).fetch_all(pool).await)
    .expect("coordinators");
    assert!(
        held.iter()
            .any(|(email, _)| email == "coordinator@demo.concord.kg"),
        "{held:?}"
    );
    assert!(
        held.iter()
            .all(|(_, state)| state == "held" || state == "digested"),
        "{held:?}"
    );
    assert_eq!(about(&app, lead, "report_due_soon").await, told);
    // The contact's message goes out in Kyrgyz and Russian, with no way to switch it off.
    let smtp = SmtpServer::start(Mode::Plain).await;
    let mailer = mailer(&app, smtp.port, Security::Plain, "127.0.0.1", None);
    mailer.deliver_due(&app.state).await.expect("delivery");
    let to_contact: Vec<_> = smtp
        .messages()
        .iter()
        .map(|m| parse(m))
        .filter(|m| {
            m.subject.contains("Срок отчётов истёк неделю назад") && m.to.contains(&address)
        })
        .collect();
    assert_eq!(to_contact.len(), 1);
    let message = &to_contact[0];
    assert!(
        message
            .subject
            .starts_with("Отчеттордун мөөнөтү бир жума мурун өттү"),
        "{}",
        message.subject
    );
    assert!(message.list_unsubscribe.is_empty());
    assert!(message.text.contains("/reports/missing?period=2027-01-01"));
    app.stop().await;
}

async fn indicator_values_due_are_recalled_to_their_organisation(backend: Backend) {
    let (app, _, _) = ready(backend).await;
    exec(
        &app,
        "update indicators set frequency = 'quarterly', baseline_year = 2024, target_year = 2030",
    )
    .await;
    let (with_value, without): (i64, i64) = on_db!(&app.state.db, pool => sqlx::query_as(
        "select min(indicator_id), max(indicator_id) from indicators")
        .fetch_one(pool).await)
    .expect("indicators");
    let by: i64 = scalar(
        &app,
        "select user_id from users where role = 'reporter' and organization_id = \
         (select organization_id from indicators where indicator_id = $1) limit 1",
        with_value,
    )
    .await;
    on_db!(&app.state.db, pool => sqlx::query(
        "insert into indicator_values (indicator_id, period_start, period_end, sex, age_group, \
         region_code, value, source_note, status, entered_by, entered_at, is_demo) \
         values ($1, $2, $3, '', '', '', 1.0, '', 'submitted', $4, $5, false)")
        .bind(with_value).bind(date!(2027 - 01 - 01)).bind(date!(2027 - 03 - 31)).bind(by)
        .bind(app::backend::now()).execute(pool).await.map(|r| r.rows_affected()))
    .expect("value");
    pass_on(&app, date!(2027 - 04 - 07), false)
        .await
        .expect("early");
    let sql =
        "select count(*) from notifications where kind = 'indicator_due' and indicator_id = $1";
    assert_eq!(scalar(&app, sql, without).await, 0, "not before its day");
    pass_on(&app, date!(2027 - 04 - 08), false)
        .await
        .expect("due");
    pass_on(&app, date!(2027 - 04 - 08), false)
        .await
        .expect("again");
    let org = scalar(
        &app,
        "select organization_id from indicators where indicator_id = $1",
        without,
    )
    .await;
    assert_eq!(scalar(&app, sql, without).await, reporters(&app, org).await);
    assert_eq!(scalar(&app, sql, with_value).await, 0, "its value is in");
    app.stop().await;
}

async fn a_daily_digest_gathers_held_notifications_once_from_eight(backend: Backend) {
    let (app, coordinator, lead) = ready(backend).await;
    let reporter = app.login(DUYSHEEV_REPORTER, REPORTER_PASSWORD).await;
    app.call_ok(
        &reporter,
        "notifications/mail/save",
        &[("choices[task_assigned]", "daily")],
    )
    .await;
    let task = create_for(&app, &coordinator, lead, &[]).await;
    let state_of = |email: &'static str| {
        let app = &app;
        async move {
            on_db!(&app.state.db, pool => sqlx::query_scalar::<_, String>(
                "select n.email_state from notifications n join users u on u.user_id = n.user_id \
                 where n.task_id = $1 and u.email = $2")
                .bind(task).bind(email).fetch_one(pool).await)
            .expect("state")
        }
    };
    assert_eq!(state_of(DUYSHEEV_REPORTER).await, "held");
    let day = date!(2027 - 03 - 16);
    // This day's digests only: loading the demo after 08:00 in Bishkek wrote today's.
    let digests = "select count(*) from notifications where kind = 'daily_digest' \
                   and event_key = 'digest:daily:2027-03-16' and $1 = $1";
    pass(&app.state, at(day, time!(07:59)), false)
        .await
        .expect("early");
    assert_eq!(scalar(&app, digests, 0).await, 0, "not before 08:00");
    pass(&app.state, at(day, time!(08:00)), false)
        .await
        .expect("digest");
    pass(&app.state, at(day, time!(08:05)), false)
        .await
        .expect("again");
    assert_eq!(scalar(&app, digests, 0).await, 1, "one digest, once");
    assert_eq!(state_of(DUYSHEEV_REPORTER).await, "digested");
    // One message holds it; the other reporters had theirs at once.
    let smtp = SmtpServer::start(Mode::Plain).await;
    let mailer = mailer(&app, smtp.port, Security::Plain, "127.0.0.1", None);
    mailer.deliver_due(&app.state).await.expect("delivery");
    let to_reporter: Vec<_> = smtp
        .messages()
        .iter()
        .map(|m| parse(m))
        .filter(|m| m.to.contains(DUYSHEEV_REPORTER))
        .collect();
    assert_eq!(to_reporter.len(), 1, "only the digest");
    let digest = &to_reporter[0];
    assert!(
        digest.subject.starts_with("Ваши уведомления за день (1)"),
        "{}",
        digest.subject
    );
    assert!(digest.text.contains(&format!("/tasks/{task}")));
    assert!(digest.text.contains("Вашей организации дано поручение"));
    // The digest is mail only: the centre lists the notification itself.
    let page = app.call_json(&reporter, "notifications/list", &[]).await;
    let kinds: Vec<&str> = page["items"]
        .as_array()
        .expect("items")
        .iter()
        .filter_map(|i| i["kind"].as_str())
        .collect();
    assert!(
        kinds.contains(&"TaskAssigned") && !kinds.contains(&"DailyDigest"),
        "{kinds:?}"
    );
    app.stop().await;
}

async fn coordinators_get_the_weekly_digest_on_mondays_from_nine(backend: Backend) {
    let (app, _, _) = ready(backend).await;
    let monday = date!(2027 - 03 - 15);
    let weekly = "select count(*) from notifications where kind = 'weekly_digest' and $1 = $1";
    pass(&app.state, at(monday, time!(08:59)), false)
        .await
        .expect("early");
    assert_eq!(scalar(&app, weekly, 0).await, 0);
    pass(&app.state, at(monday, time!(09:00)), false)
        .await
        .expect("monday");
    pass(
        &app.state,
        at(monday + Duration::days(1), time!(09:00)),
        false,
    )
    .await
    .expect("tuesday");
    let coordinators = scalar(
        &app,
        "select count(*) from users where role = 'coordinator' and is_active and $1 = $1",
        0,
    )
    .await;
    assert_eq!(scalar(&app, weekly, 0).await, coordinators);
    let smtp = SmtpServer::start(Mode::Plain).await;
    let mailer = mailer(&app, smtp.port, Security::Plain, "127.0.0.1", None);
    mailer.deliver_due(&app.state).await.expect("delivery");
    let summaries: Vec<_> = smtp
        .messages()
        .iter()
        .map(|m| parse(m))
        .filter(|m| m.subject.starts_with("Еженедельная сводка"))
        .collect();
    assert_eq!(summaries.len() as i64, coordinators);
    let text = &summaries[0].text;
    assert!(
        text.contains("по областям") && text.contains("по ответственным организациям"),
        "{text}"
    );
    app.stop().await;
}

async fn an_activity_sent_back_tells_its_organisation(backend: Backend) {
    let (app, _, _) = ready(backend).await;
    let coordinator = app.login_as(app::domain::roles::Role::Coordinator).await;
    let (activity, version, org): (i64, i64, i64) = on_db!(&app.state.db, pool => sqlx::query_as(
        "select activity_id, version, organization_id from activities where status = 'logged' \
         order by activity_id limit 1")
        .fetch_one(pool).await)
    .expect("a logged activity");
    let id = activity.to_string();
    let version = version.to_string();
    app.call_ok(
        &coordinator,
        "activities/decide",
        &[
            ("activity_id", id.as_str()),
            ("version", version.as_str()),
            ("mv", "clarify"),
            ("note", "Уточните число участников"),
        ],
    )
    .await;
    let told = scalar(
        &app,
        "select count(*) from notifications where activity_id = $1 and kind = 'activity_returned'",
        activity,
    )
    .await;
    assert_eq!(told, reporters(&app, org).await);
    let logged = scalar(
        &app,
        "select count(*) from notifications where kind = 'activity_logged' and activity_id = $1",
        activity,
    )
    .await;
    assert!(logged > 0, "the demo's logging told the coordinators");
    app.stop().await;
}

async fn a_message_given_up_tells_the_administrators_once_a_day(backend: Backend) {
    let (app, coordinator, lead) = ready(backend).await;
    let refusing = SmtpServer::start(Mode::Refusing).await;
    let mailer = mailer(&app, refusing.port, Security::Plain, "127.0.0.1", None);
    let admins = "select count(*) from notifications where kind = 'mail_failed' and $1 = $1";
    for _ in 0..2 {
        let task = create_for(&app, &coordinator, lead, &[]).await;
        on_db!(&app.state.db, pool => sqlx::query(
            "update notifications set email_attempts = $1 where task_id = $2")
            .bind(MAX_ATTEMPTS - 1).bind(task).execute(pool).await.map(|r| r.rows_affected()))
        .expect("exhaust");
        mailer.deliver_due(&app.state).await.expect("pass");
    }
    let administrators = scalar(
        &app,
        "select count(*) from users where role = 'administrator' and is_active and $1 = $1",
        0,
    )
    .await;
    assert_eq!(
        scalar(&app, admins, 0).await,
        administrators,
        "once a day each"
    );
    // Their own message fails too: nothing more is written about it.
    exec(
        &app,
        &format!(
            "update notifications set email_attempts = {}, email_next_at = null \
             where kind = 'mail_failed'",
            MAX_ATTEMPTS - 1
        ),
    )
    .await;
    mailer.deliver_due(&app.state).await.expect("pass");
    assert_eq!(scalar(&app, admins, 0).await, administrators);
    let failed = scalar(
        &app,
        "select count(*) from notifications where kind = 'mail_failed' and email_state = 'failed' \
         and $1 = $1",
        0,
    )
    .await;
    assert_eq!(failed, administrators);
    app.stop().await;
}

async fn an_organisation_sets_its_own_address_for_escalations(backend: Backend) {
    let (app, coordinator, lead) = ready(backend).await;
    let reporter = app.login(DUYSHEEV_REPORTER, REPORTER_PASSWORD).await;
    let address =
        "select coalesce(contact_email, '') from organizations where organization_id = $1";
    let email_of = |org: i64| {
        let app = &app;
        async move {
            on_db!(&app.state.db, pool => sqlx::query_scalar::<_, String>(address)
                .bind(org).fetch_one(pool).await)
            .expect("address")
        }
    };
    let page = app.call_json(&reporter, "notifications/mail", &[]).await;
    assert_eq!(page["contact"]["email"], email_of(lead).await.as_str());
    app.call_ok(
        &reporter,
        "notifications/contact/save",
        &[("contact_email", "Akim@Kemin.kg")],
    )
    .await;
    assert_eq!(email_of(lead).await, "akim@kemin.kg");
    // A malformed address is refused beside the field; the one saved stays.
    let refused = app
        .call(
            &reporter,
            "notifications/contact/save",
            &[("contact_email", "akim at kemin")],
        )
        .await;
    assert_eq!(refused.status(), reqwest::StatusCode::BAD_REQUEST);
    assert_eq!(email_of(lead).await, "akim@kemin.kg");
    // Coordinators and observers may not; nobody else's organisation is touched.
    let observer = app.login_as(app::domain::roles::Role::Observer).await;
    for client in [&coordinator, &observer] {
        let answer = app
            .call(
                client,
                "notifications/contact/save",
                &[("contact_email", "other@example.kg")],
            )
            .await;
        assert_eq!(answer.status(), reqwest::StatusCode::FORBIDDEN);
        let page = app.call_json(client, "notifications/mail", &[]).await;
        assert!(page["contact"].is_null());
    }
    assert_eq!(email_of(lead).await, "akim@kemin.kg");
    // Cleared, escalations go to the reporters only.
    app.call_ok(
        &reporter,
        "notifications/contact/save",
        &[("contact_email", "")],
    )
    .await;
    assert_eq!(email_of(lead).await, "");
    app.stop().await;
}
