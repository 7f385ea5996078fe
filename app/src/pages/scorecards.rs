//! The organisation scorecards page (`/dashboard/organizations`): the dashboard's filter
//! form, then one row per organisation with its figures. Column headings are links that sort
//! by the column (again to reverse), so sorting works without JavaScript and the order is in
//! the URL; coordinators can open any organisation from its name.

use crate::api::scorecards::get_scorecards;
use crate::components::outcome::error_view;
use crate::domain::{
    dashboard::figures::Audience,
    dashboard::scorecards::{PAGE_SIZE, ScoreQuery, ScoreSort, Scorecard},
};
use crate::i18n::{format_number, use_lang, use_texts};
use crate::pages::dashboard::{FilterChoices, Filters, percent, showing_line};
use crate::pages::organizations::Pager;
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::{components::A, hooks::use_query_map};

/// A sortable column heading: a link to sort by it, or to reverse the order when it is the
/// sort already; `aria-sort` tells which way it is sorted.
fn heading(query: &ScoreQuery, column: ScoreSort, numeric: bool) -> impl IntoView + use<> {
    let t = use_texts();
    let s = t.dashboard;
    let current = query.sort.unwrap_or(ScoreSort::Assigned);
    let is_current = current == column;
    let next = ScoreQuery {
        sort: Some(column),
        reverse: is_current && !query.reverse,
        page: 1,
        ..query.clone()
    };
    // Names run A–Z and numbers largest first, unless reversed.
    let ascending = (column == ScoreSort::Name) != query.reverse;
    let aria_sort = is_current.then_some(if ascending { "ascending" } else { "descending" });
    let hint = is_current.then(|| {
        let text = if ascending {
            s.sorted_ascending
        } else {
            s.sorted_descending
        };
        view! { <span class="visually-hidden">{format!(" ({text})")}</span> }
    });
    let arrow = is_current.then_some(if ascending { " ▲" } else { " ▼" });
    view! {
        <th scope="col" class:num=numeric aria-sort=aria_sort>
            <A href=format!("/dashboard/organizations?{}", next.to_query())>{column.label(t)}{arrow}{hint}</A>
        </th>
    }
}

#[component]
fn Row(card: Scorecard, open: bool) -> impl IntoView {
    let t = use_texts();
    let lang = use_lang();
    let name = card.name.get(lang).to_owned();
    let n = move |v: i64| format_number(lang, v);
    let place = card
        .region
        .as_ref()
        .map(|r| r.get(lang).to_owned())
        .unwrap_or_default();
    view! {
        <tr>
            <th scope="row">
                {if open {
                    view! { <A href=format!("/organizations/{}", card.organization_id.0)>{name}</A> }.into_any()
                } else {
                    name.into_any()
                }}
                <div class="hint">{card.kind.label(t)}{(!place.is_empty()).then(|| format!(" · {place}"))}</div>
            </th>
            <td class="num">{n(card.assigned)}</td>
            <td class="num">{n(card.completed)}</td>
            <td class="num">{n(card.verified)}</td>
            <td class="num">{n(card.overdue)}</td>
            <td class="num">{percent(lang, card.on_time_share())}</td>
            <td class="num">{n(card.activities)}</td>
        </tr>
    }
}

#[component]
pub fn ScorecardsPage() -> impl IntoView {
    let t = use_texts();
    let lang = use_lang();
    let s = t.dashboard;
    let query = use_query_map();
    let wanted = move || ScoreQuery::parse(|k| query.read().get(k));
    let data = Resource::new_blocking(wanted, move |q| get_scorecards(q, lang));
    let choices = FilterChoices::load();
    view! {
        <Title text=s.scorecards_title/>
        <h1>{s.scorecards_title}</h1>
        <p><A href=move || format!("/dashboard?{}", wanted().filter.to_query())>{s.back_to_dashboard}</A></p>
        <Suspense fallback=move || view! { <p>{t.loading}</p> }>
            {move || Suspend::new(async move {
                let data = match data.await {
                    Ok(data) => data,
                    Err(error) => return error_view(error),
                };
                let q = data.query.clone();
                let open = data.audience == Audience::Everything;
                let pages = data.total.div_ceil(PAGE_SIZE).max(1) as i64;
                let showing = showing_line(
                    t,
                    &data.from,
                    &data.to,
                    &format!(
                        "{}: {}",
                        s.organizations_counted,
                        format_number(lang, data.total as i64)
                    ),
                );
                view! {
                    <Filters choices filter=q.filter.clone() periods=data.periods.clone() from=data.from to=data.to action="/dashboard/organizations"/>
                    <p class="hint">{s.scorecards_intro}</p>
                    <p class="hint" data-testid="showing">{showing}</p>
                    {if data.cards.is_empty() {
                        view! { <p>{s.no_scorecards}</p> }.into_any()
                    } else {
                        view! {
                            <div class="table-wrap">
                                <table data-testid="scorecards">
                                    <caption class="visually-hidden">{s.scorecards_title}</caption>
                                    <thead><tr>
                                        {heading(&q, ScoreSort::Name, false)}
                                        {heading(&q, ScoreSort::Assigned, true)}
                                        {heading(&q, ScoreSort::Completed, true)}
                                        {heading(&q, ScoreSort::Verified, true)}
                                        {heading(&q, ScoreSort::Overdue, true)}
                                        {heading(&q, ScoreSort::OnTime, true)}
                                        {heading(&q, ScoreSort::Activities, true)}
                                    </tr></thead>
                                    <tbody>
                                        {data.cards.into_iter().map(|card| view! { <Row card=card open=open/> }).collect_view()}
                                    </tbody>
                                </table>
                            </div>
                            <Pager page=q.page as i64 pages=pages/>
                        }.into_any()
                    }}
                }
                .into_any()
            })}
        </Suspense>
    }
}
