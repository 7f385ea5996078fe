//! Reading the current route.

use leptos::prelude::*;
use leptos_router::hooks::{use_location, use_params_map};

/// The `:id` of a record's page and the query string: what its data depends on (the query
/// changes after a save, e.g. `?done=saved`, which reloads the record).
pub fn use_record_key() -> impl Fn() -> (Option<i64>, String) + Clone + Send + Sync + 'static {
    let params = use_params_map();
    let location = use_location();
    move || {
        (
            params
                .read()
                .get("id")
                .and_then(|id| id.parse::<i64>().ok()),
            location.search.get(),
        )
    }
}
