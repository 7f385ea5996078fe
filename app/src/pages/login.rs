//! The login page.

use crate::api::account::Login;
use crate::components::form::{FormAlert, TextField, form_error};
use crate::components::passkeys::PasskeySignIn;
use crate::i18n::use_texts;
use leptos::prelude::*;
use leptos::server_fn::ServerFn;
use leptos_meta::Title;
use leptos_router::hooks::use_query_map;

#[component]
pub fn LoginPage() -> impl IntoView {
    let t = use_texts();
    let login = ServerAction::<Login>::new();
    let error = form_error(login);
    let query = use_query_map();
    let next = move || query.read().get("next").unwrap_or_default();
    view! {
        <Title text=t.login_title/>
        <section class="narrow">
            <h1>{t.login_title}</h1>
            <p>{t.login_intro}</p>
            // A plain form, not an ActionForm: logging in reloads the page, so it comes back in
            // the user's own language with their navigation; errors come back in the URL.
            <form method="post" action=Login::PATH class="stack" novalidate>
                <FormAlert error/>
                <input type="hidden" name="next" value=next/>
                <TextField
                    label=t.email
                    name="email"
                    input_type="email"
                    autocomplete="username"
                    required=true
                    error
                />
                <TextField
                    label=t.password
                    name="password"
                    input_type="password"
                    autocomplete="current-password"
                    required=true
                    error
                />
                <button type="submit" class="primary">{t.login_submit}</button>
            </form>
            <PasskeySignIn next=query.read_untracked().get("next").unwrap_or_default()/>
        </section>
    }
}
