//! Territory onboarding on SQLite and PostgreSQL: the whole country's aiyl okmotu and the city
//! halls of Bishkek and Osh in one step, the administrations when asked, a region at a time,
//! nothing twice (organisations made before, by hand or by the generator, count as
//! registered), an audit entry per run, and only administrators may do it.

use crate::support::{Backend, TestApp, on_both, spawn_app};
use app::domain::roles::Role;
use reqwest::StatusCode;

on_both!(
    the_territory_is_onboarded_once,
    a_region_and_its_administrations_and_refusals,
);

const TALAS: &str = "KG07000000000";
/// The whole country is a blank region; a request that leaves the region out is refused.
const WHOLE_COUNTRY: [(&str, &str); 1] = [("scope[region]", "")];

async fn scalar(app: &TestApp, sql: &str) -> i64 {
    app::on_db!(&app.state.db, pool => sqlx::query_scalar(sql).fetch_one(pool).await)
        .unwrap_or_else(|e| panic!("{sql}: {e}"))
}

async fn preview(
    app: &TestApp,
    client: &reqwest::Client,
    args: &[(&str, &str)],
) -> serde_json::Value {
    let response = app
        .call(client, "organizations/onboard/preview", args)
        .await;
    assert_eq!(response.status(), StatusCode::OK);
    response.json().await.expect("json")
}

async fn register(app: &TestApp, client: &reqwest::Client, args: &[(&str, &str)]) -> i64 {
    let response = app.call(client, "organizations/onboard", args).await;
    assert_eq!(
        response.status(),
        StatusCode::OK,
        "{}",
        response.text().await.unwrap_or_default()
    );
    response.json().await.expect("json")
}

async fn last_detail(app: &TestApp) -> (String, String) {
    app::on_db!(&app.state.db, pool => sqlx::query_as(
        "select kind, detail from audit_log order by entry_id desc limit 1").fetch_one(pool).await)
    .expect("an entry")
}

async fn the_territory_is_onboarded_once(backend: Backend) {
    let app = spawn_app(backend).await;
    app.load_demo().await;
    let admin = app.login_as(Role::Administrator).await;
    // The demo registered some aiyl okmotu by hand: they count as registered.
    let by_hand = scalar(
        &app,
        "select count(distinct municipality_code) from organizations \
         where kind = 'local_government' and municipality_code is not null",
    )
    .await;
    assert!(by_hand > 0, "the demo has aiyl okmotu");
    let before = preview(&app, &admin, &WHOLE_COUNTRY).await;
    let counts = &before["counts"];
    assert_eq!(counts["municipalities"]["wanted"], 460);
    assert_eq!(counts["municipalities"]["existing"], by_hand);
    assert_eq!(counts["cities"]["wanted"], 2);
    assert_eq!(
        counts["districts"]["wanted"], 0,
        "no administrations unless asked"
    );
    assert_eq!(counts["oblasts"]["wanted"], 0);
    let cities_present = counts["cities"]["existing"].as_i64().expect("count");

    let organizations = app.count("organizations").await;
    let registered = register(&app, &admin, &WHOLE_COUNTRY).await;
    assert_eq!(registered, 460 - by_hand + 2 - cities_present);
    assert_eq!(app.count("organizations").await, organizations + registered);
    // Every rural municipality now has exactly one aiyl okmotu, named in three languages.
    assert_eq!(
        scalar(
            &app,
            "select count(distinct municipality_code) from organizations \
             where kind = 'local_government' and municipality_code is not null"
        )
        .await,
        460
    );
    assert_eq!(
        scalar(
            &app,
            "select count(*) from organizations where kind = 'local_government' \
             and municipality_code is not null"
        )
        .await,
        460,
        "none twice"
    );
    let named: (String, String, String, Option<String>) = app::on_db!(&app.state.db, pool =>
        sqlx::query_as("select name_ky, name_ru, name_en, district_code from organizations \
                        where code = 'KG02205805000'").fetch_one(pool).await)
    .expect("Ak-Bulun's aiyl okmotu");
    assert_eq!(
        named,
        (
            "Ак-Булуң айыл өкмөтү".to_owned(),
            "Айыл окмоту Ак-Булун".to_owned(),
            "Ak-Bulun Aiyl Okmotu".to_owned(),
            Some("KG02205000000".to_owned())
        )
    );
    assert_eq!(
        scalar(
            &app,
            "select count(*) from organizations where kind = 'local_government' \
             and region_code in ('KG11000000000', 'KG21000000000') \
             and district_code is null and municipality_code is null"
        )
        .await,
        2,
        "the city halls of Bishkek and Osh"
    );
    let (kind, detail) = last_detail(&app).await;
    assert_eq!(kind, "import");
    assert_eq!(
        detail,
        format!(
            "territory bodies: whole country; registered: {registered}; already registered: {}",
            462 - registered
        )
    );

    // A second run registers nothing, and says so.
    let after = preview(&app, &admin, &WHOLE_COUNTRY).await;
    assert_eq!(after["counts"]["municipalities"]["existing"], 460);
    assert_eq!(register(&app, &admin, &WHOLE_COUNTRY).await, 0);
    assert_eq!(app.count("organizations").await, organizations + registered);
    assert!(
        last_detail(&app)
            .await
            .1
            .contains("registered: 0; already registered: 462")
    );
    app.stop().await;
}

async fn a_region_and_its_administrations_and_refusals(backend: Backend) {
    let app = spawn_app(backend).await;
    app.load_demo().await;
    let admin = app.login_as(Role::Administrator).await;
    let talas = [("scope[region]", TALAS), ("scope[administrations]", "on")];
    let counts = preview(&app, &admin, &talas).await["counts"].clone();
    assert_eq!(counts["oblasts"]["wanted"], 1);
    assert_eq!(
        counts["districts"]["wanted"], 5,
        "4 districts and the city of Talas"
    );
    assert_eq!(counts["cities"]["wanted"], 0);
    let municipalities = scalar(
        &app,
        "select count(*) from municipalities m join districts d on d.district_code = m.district_code \
         where d.region_code = 'KG07000000000'",
    )
    .await;
    assert_eq!(counts["municipalities"]["wanted"], municipalities);
    register(&app, &admin, &talas).await;
    let administrations = scalar(
        &app,
        "select count(*) from organizations where kind = 'state_body' and code is not null",
    )
    .await;
    assert_eq!(
        administrations, 5,
        "the oblast's and 4 districts' administrations"
    );
    let oblast: (String, Option<String>) = app::on_db!(&app.state.db, pool => sqlx::query_as(
        "select name_ru, district_code from organizations where code = 'KG07000000000'")
        .fetch_one(pool).await)
    .expect("the oblast administration");
    assert_eq!(
        oblast,
        (
            "Таласская областная государственная администрация".to_owned(),
            None
        )
    );
    let city_hall: (String, String) = app::on_db!(&app.state.db, pool => sqlx::query_as(
        "select kind, name_en from organizations where code = 'KG07400000010'")
        .fetch_one(pool).await)
    .expect("Talas city hall");
    assert_eq!(
        city_hall,
        ("local_government".to_owned(), "Talas City Hall".to_owned())
    );
    assert!(
        last_detail(&app)
            .await
            .1
            .starts_with("territory bodies: region=KG07000000000&administrations=true;")
    );

    // The whole country with administrations then registers the other 48 districts' bodies
    // and 6 oblasts'.
    let country = [("scope[region]", ""), ("scope[administrations]", "on")];
    let counts = preview(&app, &admin, &country).await["counts"].clone();
    assert_eq!(counts["districts"]["wanted"], 53);
    assert_eq!(counts["districts"]["existing"], 5);
    assert_eq!(counts["oblasts"]["wanted"], 7);
    assert_eq!(counts["oblasts"]["existing"], 1);

    // A request without the region registers nothing; an unknown region is refused beside
    // its field; others than administrators are refused.
    let organizations = app.count("organizations").await;
    let bare = app
        .call(
            &admin,
            "organizations/onboard",
            &[("scope[administrations]", "on")],
        )
        .await;
    assert_eq!(bare.status(), StatusCode::BAD_REQUEST);
    assert_eq!(app.count("organizations").await, organizations);
    let unknown = app
        .call(
            &admin,
            "organizations/onboard",
            &[("scope[region]", "KG99000000000")],
        )
        .await;
    assert_eq!(unknown.status(), StatusCode::BAD_REQUEST);
    let text = unknown.text().await.expect("body");
    assert!(
        text.contains("region") && text.contains("UnknownChoice"),
        "{text}"
    );
    let organizations = app.count("organizations").await;
    for role in [Role::Coordinator, Role::Reporter, Role::Observer] {
        let client = app.login_as(role).await;
        for endpoint in ["organizations/onboard/preview", "organizations/onboard"] {
            let status = app.call(&client, endpoint, &country).await.status();
            assert_eq!(status, StatusCode::FORBIDDEN, "{role:?} on {endpoint}");
        }
    }
    assert_eq!(app.count("organizations").await, organizations);
    app.stop().await;
}
