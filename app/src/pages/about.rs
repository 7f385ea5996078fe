//! About Concord, with the attribution the territory data's licence asks for.

use crate::i18n::use_texts;
use leptos::prelude::*;
use leptos_meta::Title;

#[component]
pub fn AboutPage() -> impl IntoView {
    let t = use_texts();
    view! {
        <Title text=t.about_title/>
        <h1>{t.about_title}</h1>
        <p>{t.about_body}</p>
        <h2>{t.about_data_title}</h2>
        <p>{t.about_data_body}</p>
        <p>
            <a href="https://creativecommons.org/licenses/by/4.0/" rel="license">"CC BY 4.0"</a>
            " · "
            <a href="https://openadmindata.org/kg/">"Open Admin Data"</a>
        </p>
    }
}
