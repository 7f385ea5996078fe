//! The home page: the concept's framework from the database, in the chosen language.

use crate::api::framework::get_framework;
use crate::components::{form::Notice, outcome::error_view};
use crate::domain::views::{Framework, FrameworkItem};
use crate::i18n::{format_number, use_lang, use_texts};
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::use_query_map;

#[component]
pub fn HomePage() -> impl IntoView {
    let t = use_texts();
    let query = use_query_map();
    let framework = Resource::new_blocking(|| (), |_| get_framework());
    let welcome = Signal::derive(move || query.read().get("welcome").map(|_| t.password_changed));
    view! {
        <Title text=t.home_title/>
        <Notice text=welcome/>
        <h1>{t.home_title}</h1>
        <p class="lead">{t.home_intro}</p>
        <Suspense fallback=move || view! { <p>{t.loading}</p> }>
            {move || Suspend::new(async move {
                match framework.await {
                    Ok(framework) => view! { <FrameworkView framework/> }.into_any(),
                    Err(error) => error_view(error),
                }
            })}
        </Suspense>
    }
}

#[component]
fn Code(code: String) -> impl IntoView {
    view! { <span class="code">{code}</span> }
}

fn item_line(item: &FrameworkItem, lang: crate::i18n::Lang) -> impl IntoView + use<> {
    view! {
        <Code code=item.code.clone()/>
        " "
        <span>{item.name.get(lang).to_owned()}</span>
    }
}

#[component]
fn FrameworkView(framework: Framework) -> impl IntoView {
    let t = use_texts();
    let lang = use_lang();
    let directions = framework
        .directions
        .iter()
        .map(|direction| {
            let goals = framework
                .goals_of(&direction.code)
                .map(|goal| {
                    let objectives = framework
                        .objectives_of(&goal.item.code)
                        .map(|objective| {
                            let others: Vec<String> = objective
                                .goal_codes
                                .iter()
                                .filter(|g| **g != goal.item.code)
                                .cloned()
                                .collect();
                            view! {
                                <li>
                                    {item_line(&objective.item, lang)}
                                    {(!others.is_empty()).then(|| view! {
                                        <span class="also">{format!(" ({} {})", t.also_serves, others.join(", "))}</span>
                                    })}
                                </li>
                            }
                        })
                        .collect_view();
                    view! {
                        <div class="goal">
                            <h4>{item_line(&goal.item, lang)}</h4>
                            <p class="sublabel">{t.objectives_of_goal}</p>
                            <ul class="objectives">{objectives}</ul>
                        </div>
                    }
                    .into_any()
                })
                .collect_view();
            view! {
                <article class="direction">
                    <h3>{item_line(direction, lang)}</h3>
                    {goals}
                </article>
            }
            .into_any()
        })
        .collect_view();
    let aims = framework
        .aims
        .iter()
        .map(|aim| view! { <li>{item_line(aim, lang)}</li> })
        .collect_view();
    let principles = framework
        .principles
        .iter()
        .map(|p| view! { <li>{item_line(p, lang)}</li> })
        .collect_view();
    view! {
        <section aria-labelledby="directions-heading">
            <h2 id="directions-heading">{t.directions}</h2>
            <p class="sublabel">{t.main_goals}" → "{t.objectives}</p>
            <div class="directions">{directions}</div>
        </section>
        <section aria-labelledby="aims-heading">
            <h2 id="aims-heading">{t.policy_aims}</h2>
            <ul class="plain">{aims}</ul>
        </section>
        <section aria-labelledby="principles-heading">
            <h2 id="principles-heading">{t.principles}</h2>
            <ul class="plain columns">{principles}</ul>
        </section>
        <section aria-labelledby="territory-heading">
            <h2 id="territory-heading">{t.territory_summary}</h2>
            <dl class="figures">
                <div><dt>{t.regions}</dt><dd>{format_number(lang, framework.region_count)}</dd></div>
                <div><dt>{t.districts}</dt><dd>{format_number(lang, framework.district_count)}</dd></div>
                <div><dt>{t.municipalities}</dt><dd>{format_number(lang, framework.municipality_count)}</dd></div>
            </dl>
        </section>
    }
}
