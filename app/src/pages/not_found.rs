//! The page for addresses that lead nowhere (status 404).

use crate::components::outcome::NotFound;
use leptos::prelude::*;

#[component]
pub fn NotFoundPage() -> impl IntoView {
    view! { <NotFound/> }
}
