//! The register of new psychoactive substances on SQLite and PostgreSQL: a coordinator adds
//! and edits entries, a malformed or repeated identifier is refused beside its field with what
//! was typed, the register is searched by any name or identifier, other roles may read but not
//! write, anonymous callers may do neither, and the public page lists only the substances placed
//! under national control.

use crate::support::{Backend, TestApp, on_both, spawn_app};
use app::domain::roles::Role;
use reqwest::StatusCode;

on_both!(
    a_coordinator_keeps_the_register_and_everyone_searches_it,
    the_public_page_lists_only_substances_under_national_control,
);

fn entry<'a>(name: &'a str, cas: &'a str, extra: &[(&'a str, &'a str)]) -> Vec<(&'a str, &'a str)> {
    let mut form = vec![
        ("name_ru", name),
        ("name_en", name),
        ("synonyms", "кристаллы, monkey dust"),
        ("cas_number", cas),
        ("molecular_formula", "C16H21NO3"),
        ("chemical_group", "synthetic_cathinone"),
        ("international_status", "none"),
    ];
    form.extend_from_slice(extra);
    form
}

async fn names(app: &TestApp, client: &reqwest::Client, args: &[(&str, &str)]) -> Vec<String> {
    let page = app.call_json(client, "substances/list", args).await;
    page["rows"]
        .as_array()
        .unwrap_or_else(|| panic!("rows: {page}"))
        .iter()
        .filter_map(|r| r["name"]["ru"].as_str().map(str::to_owned))
        .collect()
}

async fn a_coordinator_keeps_the_register_and_everyone_searches_it(backend: Backend) {
    let app = spawn_app(backend).await;
    app.load_demo().await;
    let coordinator = app.login_as(Role::Coordinator).await;
    let before = app.count("substances").await;
    assert!(before >= 3, "the demo holds substances");
    // Added: a new synthetic cathinone (MDPV, CAS 687603-66-3).
    app.call_ok(
        &coordinator,
        "substances/save",
        &entry("МДПВ", "687603-66-3", &[]),
    )
    .await;
    assert_eq!(app.count("substances").await, before + 1);
    // A wrong check digit, a malformed InChIKey and a repeated CAS number are refused beside
    // their fields, with what was typed; nothing is saved.
    let refused = app
        .call(
            &coordinator,
            "substances/save",
            &entry("Другое", "687603-66-4", &[("inchi_key", "not-a-key")]),
        )
        .await;
    assert_eq!(refused.status(), StatusCode::BAD_REQUEST);
    let body = refused.text().await.unwrap_or_default();
    assert!(
        body.contains("cas_number") && body.contains("inchi_key"),
        "{body}"
    );
    assert!(
        body.contains("687603-66-4"),
        "the typed value comes back: {body}"
    );
    let repeated = app
        .call(
            &coordinator,
            "substances/save",
            &entry("Повтор", "687603-66-3", &[]),
        )
        .await;
    assert_eq!(repeated.status(), StatusCode::BAD_REQUEST);
    assert!(
        repeated
            .text()
            .await
            .unwrap_or_default()
            .contains("IdentifierTaken")
    );
    assert_eq!(app.count("substances").await, before + 1);
    // Found by a street name, by CAS number, by part of a name, and by group.
    for (args, want) in [
        (vec![("q", "monkey")], "МДПВ"),
        (vec![("q", "687603-66-3")], "МДПВ"),
        (vec![("q", "мяу")], "Мефедрон"),
        (
            vec![("q", "jwh"), ("group", "synthetic_cannabinoid")],
            "JWH-018",
        ),
    ] {
        let found = names(&app, &coordinator, &args).await;
        assert_eq!(found, [want], "{args:?}");
    }
    assert!(
        names(&app, &coordinator, &[("q", "100%_")])
            .await
            .is_empty()
    );
    // Edited at its version; an edit from a stale version is refused.
    let id: i64 = app::on_db!(&app.state.db, pool => sqlx::query_scalar(
        "select substance_id from substances where cas_number = '687603-66-3'")
        .fetch_one(pool).await)
    .expect("id");
    let id = id.to_string();
    let mut edit = entry(
        "МДПВ",
        "687603-66-3",
        &[("substance_id", &id), ("version", "1")],
    );
    edit.push(("chemical_group", "other"));
    edit.retain(|(k, v)| *k != "chemical_group" || *v == "other");
    app.call_ok(&coordinator, "substances/save", &edit).await;
    let stale = app.call(&coordinator, "substances/save", &edit).await;
    assert_eq!(stale.status(), StatusCode::CONFLICT);
    let page = app
        .call_json(&coordinator, "substances/page", &[("substance_id", &id)])
        .await;
    assert_eq!(page["row"]["chemical_group"], "other");
    // Everyone logged in reads; only coordinators write; anonymous callers do neither.
    for role in [Role::Administrator, Role::Reporter, Role::Observer] {
        let client = app.login_as(role).await;
        assert_eq!(names(&app, &client, &[("q", "monkey")]).await, ["МДПВ"]);
        let page = app
            .call_json(&client, "substances/page", &[("substance_id", &id)])
            .await;
        assert_eq!(page["may_manage"], false, "{role:?}");
        let answer = app
            .call(
                &client,
                "substances/save",
                &entry("Чужое", "7732-18-5", &[]),
            )
            .await;
        assert_eq!(answer.status(), StatusCode::FORBIDDEN, "{role:?}");
        let form = app.call(&client, "substances/form", &[]).await;
        assert_eq!(form.status(), StatusCode::FORBIDDEN, "{role:?}");
    }
    let anonymous = app.client();
    let answer = app.call(&anonymous, "substances/list", &[]).await;
    assert_eq!(answer.status(), StatusCode::UNAUTHORIZED);
    assert_eq!(app.count("substances").await, before + 1);
    app.stop().await;
}

async fn the_public_page_lists_only_substances_under_national_control(backend: Backend) {
    let app = spawn_app(backend).await;
    app.load_demo().await;
    let coordinator = app.login_as(Role::Coordinator).await;
    // Placed under control today: the latest of the list (the demo's 4-CMC came under
    // temporary control 120 days ago, mephedrone years ago).
    let today = app::domain::tasks::inputs::date_to_iso(app::backend::today());
    app.call_ok(
        &coordinator,
        "substances/save",
        &entry(
            "МДПВ",
            "687603-66-3",
            &[
                ("national_list", "list_i"),
                ("legal_act", "Постановление № 7"),
                ("controlled_since", &today),
            ],
        ),
    )
    .await;
    let page = app.call_json(&app.client(), "public", &[]).await;
    let listed: Vec<&str> = page["controlled"]
        .as_array()
        .unwrap_or_else(|| panic!("controlled: {page}"))
        .iter()
        .filter_map(|c| c["name"]["ru"].as_str())
        .collect();
    assert_eq!(
        listed,
        ["МДПВ", "4-CMC (клефедрон)", "Мефедрон"],
        "latest first, controlled only"
    );
    app.stop().await;
}
