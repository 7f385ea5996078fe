//! The dashboard's map, drawn on the server as SVG: the country's outline, a circle per
//! district (light) and per region (dark, a link that narrows the dashboard to it) sized by
//! the chosen measure, links to choose the measure, and a table of the same numbers (per
//! region, and per district under a disclosure). Sizes and the table carry the numbers, so
//! colour never carries meaning alone.

use crate::domain::dashboard::figures::DashboardFilter;
use crate::domain::dashboard::map::{
    HEIGHT, MapData, Measure, Place, WIDTH, outline_path, project, radius,
};
use crate::domain::public::Count;
use crate::i18n::{Lang, Texts, format_number, use_lang, use_texts};
use crate::pages::dashboard::percent;
use leptos::prelude::*;

/// A count of people, "<10" where it is hidden.
pub(crate) fn count_text(lang: Lang, t: &Texts, count: Count) -> String {
    match count {
        Count::Exact(n) => format_number(lang, n),
        Count::Hidden => t.dashboard.fewer_than_ten.to_owned(),
    }
}

/// A place's value of the measure, as text.
fn value_text(lang: Lang, t: &Texts, place: &Place, measure: Measure) -> String {
    match measure {
        Measure::Reporting => percent(lang, place.value(measure).map(|v| v * 100.0)),
        Measure::Reached => count_text(lang, t, place.reached),
        _ => format_number(lang, place.value(measure).unwrap_or(0.0) as i64),
    }
}

/// The largest value among `places`, for sizing (a rate is sized against 100%).
fn largest(places: &[Place], measure: Measure) -> f64 {
    match measure {
        Measure::Reporting => 1.0,
        _ => places
            .iter()
            .filter_map(|p| p.value(measure))
            .fold(0.0, f64::max),
    }
}

/// The dashboard's address narrowed to `filter`.
fn href(filter: &DashboardFilter, base: &str) -> String {
    let query = filter.to_query();
    if query.is_empty() {
        base.to_owned()
    } else {
        format!("{base}?{query}")
    }
}

/// The map, its measure links and its tables. `base` is the page the links lead to
/// (`/dashboard`, its printable report, or `/public`); `link_regions` whether choosing a
/// region narrows the page.
#[component]
pub fn Map(
    map: MapData,
    filter: DashboardFilter,
    base: &'static str,
    link_regions: bool,
) -> impl IntoView {
    let t = use_texts();
    let lang = use_lang();
    let s = t.dashboard;
    let measure = filter.measure.unwrap_or(Measure::Overdue);
    let MapData { regions, districts } = map;
    let chosen = filter.region_code.clone();
    let (max_region, max_district) = (largest(&regions, measure), largest(&districts, measure));

    let measures = Measure::ALL
        .iter()
        .map(|m| {
            let link = href(
                &DashboardFilter {
                    measure: Some(*m),
                    ..filter.clone()
                },
                base,
            );
            let current = (*m == measure).then_some("true");
            view! { <li><a href=link aria-current=current>{m.label(t)}</a></li> }
        })
        .collect_view();

    let district_dots = districts
        .iter()
        .map(|place| {
            let (x, y) = project(place.longitude, place.latitude);
            let r = radius(place.value(measure), max_district, 9.0);
            let label = format!(
                "{}: {}",
                place.name.get(lang),
                value_text(lang, t, place, measure)
            );
            view! {
                <circle class="map-district" cx=x cy=y r=format!("{r:.1}")>
                    <title>{label}</title>
                </circle>
            }
        })
        .collect_view();

    let has_districts = |code: &str| districts.iter().any(|d| d.region_code == code);
    let region_marks = regions
        .iter()
        .map(|place| {
            let (x, y) = project(place.longitude, place.latitude);
            let r = radius(place.value(measure), max_region, 24.0);
            let is_chosen = chosen.as_deref() == Some(place.code.as_str());
            let class = if is_chosen { "map-region chosen" } else { "map-region" };
            let label = format!(
                "{}: {}",
                place.name.get(lang),
                value_text(lang, t, place, measure)
            );
            // Cities without districts sit beside their region's centre: no label of their own.
            let name = has_districts(&place.code).then(|| {
                view! { <text x=x y=format!("{:.1}", y + r + 11.0) class="map-label">{place.name.get(lang).to_owned()}</text> }
            });
            let circle = view! {
                <circle class=class cx=x cy=y r=format!("{r:.1}")><title>{label.clone()}</title></circle>
            };
            if link_regions {
                let link = href(&filter.with_region(&place.code), base);
                view! { <a href=link aria-label=label>{circle}{name}</a> }.into_any()
            } else {
                view! { <g>{circle}{name}</g> }.into_any()
            }
        })
        .collect_view();

    let row = |place: &Place, link: bool| {
        let name = place.name.get(lang).to_owned();
        let is_chosen = chosen.as_deref() == Some(place.code.as_str());
        let cell = if link {
            let to = href(&filter.with_region(&place.code), base);
            view! { <a href=to>{name}</a> }.into_any()
        } else {
            name.into_any()
        };
        view! {
            <tr class:chosen=is_chosen>
                <th scope="row">{cell}{is_chosen.then(|| format!(" ({})", s.chosen_region))}</th>
                <td class="num">{format_number(lang, place.tasks)}</td>
                <td class="num">{format_number(lang, place.overdue)}</td>
                <td class="num">{format_number(lang, place.activities)}</td>
                <td class="num">{count_text(lang, t, place.reached)}</td>
                <td class="num">{percent(lang, place.value(Measure::Reporting).map(|v| v * 100.0))}</td>
            </tr>
        }
    };
    let head = move |first: &'static str| {
        view! {
            <thead><tr>
                <th scope="col">{first}</th>
                <th scope="col" class="num">{s.tasks}</th>
                <th scope="col" class="num">{s.measure_overdue}</th>
                <th scope="col" class="num">{s.measure_activities}</th>
                <th scope="col" class="num">{s.measure_reached}</th>
                <th scope="col" class="num">{s.measure_reporting}</th>
            </tr></thead>
        }
    };
    let region_rows = regions.iter().map(|p| row(p, link_regions)).collect_view();
    // With a region chosen, its districts; else all of them.
    let district_rows = districts
        .iter()
        .filter(|d| chosen.as_deref().is_none_or(|c| c == d.region_code))
        .map(|p| row(p, false))
        .collect_view();

    view! {
        <section aria-labelledby="map-title" class="map">
            <h2 id="map-title">{s.map_title}</h2>
            <p class="hint">{if link_regions { s.map_intro } else { s.map_intro_static }}</p>
            <nav aria-label=s.sized_by class="measures">
                <span>{s.sized_by}": "</span>
                <ul>{measures}</ul>
            </nav>
            <svg viewBox=format!("0 0 {WIDTH} {HEIGHT}") class="map-chart" role="group"
                aria-labelledby="map-svg-title" data-testid="map">
                <title id="map-svg-title">{format!("{}. {}: {}", s.map_alt, s.sized_by, measure.label(t))}</title>
                <path class="map-country" d=outline_path() fill-rule="evenodd"/>
                {district_dots}
                {region_marks}
            </svg>
            <p class="hint">{s.map_national_note}" "{s.map_source}</p>
            <div class="table-wrap">
                <table data-testid="map-table">
                    <caption>{s.map_title}</caption>
                    {head(s.place)}
                    <tbody>{region_rows}</tbody>
                </table>
            </div>
            <details>
                <summary>{s.districts_table}</summary>
                <div class="table-wrap">
                    <table data-testid="map-districts">
                        {head(s.district)}
                        <tbody>{district_rows}</tbody>
                    </table>
                </div>
            </details>
        </section>
    }
}
