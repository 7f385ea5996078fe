//! Bringing a country in (`/organizations/onboard`): the administrator chooses the whole
//! country or one region, sees how many bodies of each level the territory calls for and how
//! many are already registered, and registers the missing ones in one step.

use crate::api::organizations::{OnboardTerritory, get_onboarding_preview};
use crate::components::{
    form::{FormAlert, FormError, form_error},
    outcome::error_view,
};
use crate::domain::onboarding::{LevelCount, OnboardingPreview, TerritoryScope};
use crate::i18n::{format_number, use_lang, use_texts};
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::{components::Form, hooks::use_query_map};

#[component]
pub fn OnboardTerritoryPage() -> impl IntoView {
    let t = use_texts();
    let o = t.onboarding;
    let lang = use_lang();
    let query = use_query_map();
    let scope = move || TerritoryScope::parse(|k| query.read().get(k));
    let preview = Resource::new_blocking(scope, get_onboarding_preview);
    let register = ServerAction::<OnboardTerritory>::new();
    let error = form_error(register);
    let registered = move || {
        query
            .read()
            .get("registered")
            .and_then(|n| n.parse::<i64>().ok())
            .map(|n| o.registered.replace("{n}", &format_number(lang, n)))
    };
    view! {
        <Title text=o.territory_title/>
        <h1>{o.territory_title}</h1>
        <p>{o.territory_intro}</p>
        {move || registered().map(|text| view! { <p class="notice" role="status">{text}</p> })}
        <Suspense fallback=move || view! { <p>{t.loading}</p> }>
            {move || Suspend::new(async move {
                match preview.await {
                    Err(error) => error_view(error),
                    Ok(preview) => view! { <Preview preview register error/> }.into_any(),
                }
            })}
        </Suspense>
    }
}

#[component]
fn Preview(
    preview: OnboardingPreview,
    register: ServerAction<OnboardTerritory>,
    error: FormError,
) -> impl IntoView {
    let t = use_texts();
    let o = t.onboarding;
    let lang = use_lang();
    let OnboardingPreview {
        scope,
        counts,
        regions,
    } = preview;
    let region_options = regions
        .iter()
        .map(|r| {
            let selected = scope.region_code() == Some(r.code.as_str());
            view! { <option value=r.code.clone() selected=selected>{r.name.get(lang).to_owned()}</option> }
        })
        .collect_view();
    let n = move |n: i64| format_number(lang, n);
    let row = move |label: &'static str, count: LevelCount| {
        (count.wanted > 0).then(|| {
            view! {
                <tr>
                    <th scope="row">{label}</th>
                    <td class="num" data-label=o.wanted>{n(count.wanted)}</td>
                    <td class="num" data-label=o.existing>{n(count.existing)}</td>
                    <td class="num" data-label=o.missing>{n(count.missing())}</td>
                </tr>
            }
        })
    };
    let missing = counts.missing();
    let confirm = if missing > 0 {
        view! {
            <ActionForm action=register attr:class="stack">
                <FormAlert error/>
                <input type="hidden" name="scope[region]" value=scope.region.clone()/>
                {scope.administrations.then(|| view! {
                    <input type="hidden" name="scope[administrations]" value="on"/>
                })}
                <button type="submit" class="primary">{o.register.replace("{n}", &n(missing))}</button>
            </ActionForm>
        }
        .into_any()
    } else {
        view! { <p class="notice">{o.nothing_missing}</p> }.into_any()
    };
    view! {
        <Form method="GET" action="" attr:class="filters">
            <div class="field">
                <label for="onboard-region">{t.region}</label>
                <select id="onboard-region" name="region">
                    <option value="">{o.whole_country}</option>
                    {region_options}
                </select>
            </div>
            <div class="field checkbox">
                <input id="onboard-administrations" type="checkbox" name="administrations" value="true" checked=scope.administrations/>
                <label for="onboard-administrations">{o.administrations}</label>
            </div>
            <button type="submit">{o.show}</button>
        </Form>
        <div class="table-wrap">
            <table class="cards">
                <caption class="visually-hidden">{o.territory_title}</caption>
                <thead>
                    <tr>
                        <th scope="col">{o.body}</th>
                        <th scope="col" class="num">{o.wanted}</th>
                        <th scope="col" class="num">{o.existing}</th>
                        <th scope="col" class="num">{o.missing}</th>
                    </tr>
                </thead>
                <tbody>
                    {row(o.level_municipalities, counts.municipalities)}
                    {row(o.level_cities, counts.cities)}
                    {row(o.level_districts, counts.districts)}
                    {row(o.level_oblasts, counts.oblasts)}
                </tbody>
                <tfoot>
                    <tr>
                        <th scope="row">{o.total}</th>
                        <td class="num" data-label=o.wanted>{n(counts.wanted())}</td>
                        <td class="num" data-label=o.existing>{n(counts.existing())}</td>
                        <td class="num" data-label=o.missing>{n(missing)}</td>
                    </tr>
                </tfoot>
            </table>
        </div>
        {confirm}
    }
}
