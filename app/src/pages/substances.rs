//! The register of new psychoactive substances: the search (a plain GET form, so it works the
//! same without JavaScript), one substance's page with its identifiers and control status, and
//! the register form for coordinators.

use crate::api::early_warning::get_substance_signals;
use crate::api::substances::{SaveSubstance, get_substance, get_substance_form, list_substances};
use crate::components::{
    form::{Choices, FormAlert, FormFields, Notice, SelectField, TextArea, TextField, form_error},
    outcome::error_view,
    route::use_record_key,
};
use crate::domain::dashboard::map::{HEIGHT, WIDTH, outline_path, project, radius};
use crate::domain::early_warning::views::{RegionSignals, SubstanceSignals};
use crate::domain::public::Count;
use crate::domain::substances::kinds::{ChemicalGroup, InternationalStatus, NationalList};
use crate::domain::substances::views::{Substance, SubstanceRow};
use crate::i18n::{Texts, format_date, use_lang, use_texts};
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::{components::A, hooks::use_query_map};

/// A substance's national control in a line: the list and since when, or that it is on none.
fn control_line(row: &SubstanceRow, t: &Texts, lang: crate::i18n::Lang) -> String {
    match (row.national_list, row.controlled_since) {
        (Some(list), Some(since)) => format!("{} · {}", list.label(t), format_date(lang, since)),
        _ => t.substances.not_listed.to_owned(),
    }
}

#[component]
pub fn SubstancesPage() -> impl IntoView {
    let t = use_texts();
    let lang = use_lang();
    let s = t.substances;
    let query = use_query_map();
    let args = move || {
        let q = query.read();
        (q.get("q"), q.get("group"))
    };
    let data = Resource::new_blocking(args, |(q, group)| list_substances(q, group));
    let groups = Choices::flat(
        ChemicalGroup::ALL
            .iter()
            .map(|g| (g.as_str().to_owned(), g.label(t).to_owned())),
    );
    view! {
        <Title text=s.title/>
        <Suspense fallback=move || view! { <p>{t.loading}</p> }>
            {move || {
                let groups = groups.clone();
                Suspend::new(async move {
                let data = match data.await {
                    Ok(data) => data,
                    Err(error) => return error_view(error),
                };
                let (q, group) = args();
                let rows = data
                    .rows
                    .clone()
                    .into_iter()
                    .map(|row| {
                        let control = control_line(&row, t, lang);
                        let name = row.name.get(lang).to_owned();
                        view! {
                            <tr>
                                <td class="card-title">
                                    <A href=format!("/substances/{}", row.id)>{name}</A>
                                    {(!row.synonyms.is_empty()).then(|| view! { <br/><span class="hint">{row.synonyms.join(", ")}</span> })}
                                </td>
                                <td data-label=s.cas_number>{row.cas_number.clone().unwrap_or_default()}</td>
                                <td data-label=s.chemical_group>{row.chemical_group.label(t)}</td>
                                <td data-label=s.national_list>{control}</td>
                                <td data-label=s.international_status>{row.international_status.label(t)}</td>
                            </tr>
                        }
                    })
                    .collect_view();
                let table = if data.rows.is_empty() {
                    view! { <p>{s.none_found}</p> }.into_any()
                } else {
                    view! {
                        <div class="table-wrap">
                            <table class="cards" data-testid="substances">
                                <thead>
                                    <tr>
                                        <th scope="col">{s.form_title}</th>
                                        <th scope="col">{s.cas_number}</th>
                                        <th scope="col">{s.chemical_group}</th>
                                        <th scope="col">{s.national_list}</th>
                                        <th scope="col">{s.international_status}</th>
                                    </tr>
                                </thead>
                                <tbody>{rows}</tbody>
                            </table>
                        </div>
                    }
                    .into_any()
                };
                view! {
                    <div class="page-head">
                        <h1>{s.title}</h1>
                        {data.may_manage.then(|| view! { <A href="/substances/new" attr:class="button">{s.new_substance}</A> })}
                    </div>
                    <p class="hint">{s.intro}</p>
                    <form method="get" action="/substances" class="filters" role="search">
                        <div class="field">
                            <label for="substance-q">{s.search_label}</label>
                            <input id="substance-q" type="search" name="q" value=q.unwrap_or_default() maxlength="200"/>
                        </div>
                        <div class="field">
                            <label for="substance-group">{s.chemical_group}</label>
                            <select id="substance-group" name="group">
                                <option value="">{s.all_groups}</option>
                                {groups.groups.into_iter().flat_map(|(_, options)| options).map(|(value, label)| {
                                    let selected = group.as_deref() == Some(value.as_str());
                                    view! { <option value=value selected=selected>{label}</option> }
                                }).collect_view()}
                            </select>
                        </div>
                        <button type="submit">{s.search}</button>
                    </form>
                    {table}
                }
                .into_any()
            })}}
        </Suspense>
    }
}

#[component]
pub fn SubstancePage() -> impl IntoView {
    let t = use_texts();
    let query = use_query_map();
    let key = use_record_key();
    let page = Resource::new_blocking(key, |(id, _)| async move {
        match id {
            Some(id) => Ok((get_substance(id).await?, get_substance_signals(id).await?)),
            None => Err(crate::error::AppError::NotFound),
        }
    });
    let done = Signal::derive(move || {
        (query.read().get("done").as_deref() == Some("saved")).then_some(t.substances.saved)
    });
    view! {
        <Suspense fallback=move || view! { <p>{t.loading}</p> }>
            {move || Suspend::new(async move {
                match page.await {
                    Err(error) => error_view(error),
                    Ok((data, signals)) => view! {
                        <SubstanceDetails data done/>
                        <SignalsOfSubstance signals/>
                    }
                    .into_any(),
                }
            })}
        </Suspense>
    }
}

#[component]
fn SubstanceDetails(data: Substance, done: Signal<Option<&'static str>>) -> impl IntoView {
    let t = use_texts();
    let lang = use_lang();
    let s = t.substances;
    let row = data.row.clone();
    let title = row.name.get(lang).to_owned();
    let item = |label: &'static str, value: String| {
        (!value.is_empty()).then(|| view! { <div><dt>{label}</dt><dd>{value}</dd></div> })
    };
    view! {
        <Title text=title.clone()/>
        <Notice text=done/>
        <p class="breadcrumb"><A href="/substances">{s.title}</A></p>
        <h1>{title}</h1>
        {data.may_manage.then(|| view! { <p><A href=format!("/substances/{}/edit", row.id) attr:class="button">{s.edit}</A></p> })}
        <dl class="details">
            {item(s.name_ky, row.name.ky.clone())}
            {item(s.name_ru, row.name.ru.clone())}
            {item(s.name_en, row.name.en.clone())}
            {item(s.synonyms, row.synonyms.join(", "))}
            <div><dt>{s.chemical_group}</dt><dd>{row.chemical_group.label(t)}</dd></div>
        </dl>
        <h2>{s.identifiers}</h2>
        <dl class="details">
            {item(s.iupac_name, data.iupac_name.clone())}
            {item(s.cas_number, row.cas_number.clone().unwrap_or_default())}
            {item(s.molecular_formula, data.molecular_formula.clone())}
            {item(s.inchi_key, data.inchi_key.clone().unwrap_or_default())}
        </dl>
        <h2>{s.control_status}</h2>
        <dl class="details" data-testid="control">
            <div><dt>{s.national_list}</dt><dd>{control_line(&row, t, lang)}</dd></div>
            {item(s.legal_act, data.legal_act.clone())}
            <div><dt>{s.international_status}</dt><dd>{row.international_status.label(t)}</dd></div>
        </dl>
    }
}

/// A count of people as the public page shows it: 1–9 hidden.
fn count_text(count: Count, t: &Texts, lang: crate::i18n::Lang) -> String {
    match count {
        Count::Exact(n) => crate::i18n::format_number(lang, n),
        Count::Hidden => t.warning.fewer_than_ten.to_owned(),
    }
}

/// A substance's signals by year and by region, and (for coordinators) its cases.
#[component]
fn SignalsOfSubstance(signals: SubstanceSignals) -> impl IntoView {
    let t = use_texts();
    let lang = use_lang();
    let w = t.warning;
    let years = signals
        .by_year
        .iter()
        .map(|(year, n, p, d)| {
            view! {
                <tr>
                    <th scope="row" class="card-title">{year.to_string()}</th>
                    <td data-label=w.signals_count>{crate::i18n::format_number(lang, *n)}</td>
                    <td data-label=w.poisonings>{count_text(*p, t, lang)}</td>
                    <td data-label=w.deaths>{count_text(*d, t, lang)}</td>
                </tr>
            }
        })
        .collect_view();
    let regions = signals
        .by_region
        .iter()
        .map(|r| {
            view! {
                <tr>
                    <th scope="row" class="card-title">{r.name.as_ref().map(|n| n.get(lang).to_owned()).unwrap_or_else(|| w.no_region.to_owned())}</th>
                    <td data-label=w.signals_count>{crate::i18n::format_number(lang, r.signals)}</td>
                    <td data-label=w.poisonings>{count_text(r.poisonings, t, lang)}</td>
                    <td data-label=w.deaths>{count_text(r.deaths, t, lang)}</td>
                </tr>
            }
        })
        .collect_view();
    let head = move |first: &'static str| {
        view! {
            <thead><tr>
                <th scope="col">{first}</th>
                <th scope="col">{w.signals_count}</th>
                <th scope="col">{w.poisonings}</th>
                <th scope="col">{w.deaths}</th>
            </tr></thead>
        }
    };
    view! {
        <section aria-labelledby="substance-signals">
            <h2 id="substance-signals">{w.signals_title}</h2>
            {if signals.by_year.is_empty() {
                view! { <p>{w.no_signals}</p> }.into_any()
            } else {
                view! {
                    <p class="hint">{w.small_counts_hint}</p>
                    <div class="table-wrap">
                        <table class="cards" data-testid="signals-by-year">
                            <caption>{w.by_year}</caption>
                            {head(w.year)}
                            <tbody>{years}</tbody>
                        </table>
                    </div>
                    <SignalMap regions=signals.by_region.clone()/>
                    <div class="table-wrap">
                        <table class="cards" data-testid="signals-by-region">
                            <caption>{w.by_region}</caption>
                            {head(w.region)}
                            <tbody>{regions}</tbody>
                        </table>
                    </div>
                }
                .into_any()
            }}
            {(!signals.cases.is_empty()).then(|| view! {
                <h2>{w.cases_title}</h2>
                <crate::pages::cases::CaseTable rows=signals.cases.clone()/>
            })}
        </section>
    }
}

/// The substance's signals on the country's outline: a circle per region sized by its
/// signals (the table beside it carries the same numbers, so size never carries them alone).
#[component]
fn SignalMap(regions: Vec<RegionSignals>) -> impl IntoView {
    let t = use_texts();
    let lang = use_lang();
    let w = t.warning;
    let largest = regions.iter().map(|r| r.signals).max().unwrap_or(0) as f64;
    let marks = regions
        .into_iter()
        .filter_map(|r| Some((r.point?, r)))
        .map(|((longitude, latitude), r)| {
            let (x, y) = project(longitude, latitude);
            let radius = radius(Some(r.signals as f64), largest, 24.0);
            let name = r.name.as_ref().map(|n| n.get(lang).to_owned()).unwrap_or_default();
            let label = format!(
                "{name}: {} {}, {} {}, {} {}",
                w.signals_count,
                crate::i18n::format_number(lang, r.signals),
                w.poisonings,
                count_text(r.poisonings, t, lang),
                w.deaths,
                count_text(r.deaths, t, lang),
            );
            view! {
                <circle class="map-region" cx=x cy=y r=format!("{radius:.1}")><title>{label}</title></circle>
            }
        })
        .collect_view();
    view! {
        <figure class="map">
            <svg viewBox=format!("0 0 {WIDTH} {HEIGHT}") class="map-chart" role="img"
                aria-labelledby="signal-map-title" data-testid="signals-map">
                <title id="signal-map-title">{w.by_region_map}</title>
                <path class="map-country" d=outline_path() fill-rule="evenodd"/>
                {marks}
            </svg>
            <figcaption class="hint">{w.by_region_map}</figcaption>
        </figure>
    }
}

/// The register form (coordinators): new at `/substances/new`, editing at
/// `/substances/:id/edit`.
#[component]
pub fn SubstanceFormPage() -> impl IntoView {
    let t = use_texts();
    let s = t.substances;
    let key = use_record_key();
    let data = Resource::new_blocking(key, |(id, _)| get_substance_form(id));
    let action = ServerAction::<SaveSubstance>::new();
    let error = form_error(action);
    let flat = |items: Vec<(String, String)>| Choices::flat(items);
    view! {
        <Suspense fallback=move || view! { <p>{t.loading}</p> }>
            {move || Suspend::new(async move {
                let data = match data.await {
                    Ok(data) => data,
                    Err(error) => return error_view(error),
                };
                let heading = if data.id.is_some() { s.edit } else { s.new_substance };
                let f = data.form.clone();
                let groups = flat(ChemicalGroup::ALL.iter().map(|g| (g.as_str().to_owned(), g.label(t).to_owned())).collect());
                let lists = flat(NationalList::ALL.iter().map(|l| (l.as_str().to_owned(), l.label(t).to_owned())).collect());
                let statuses = flat(InternationalStatus::ALL.iter().map(|i| (i.as_str().to_owned(), i.label(t).to_owned())).collect());
                view! {
                    <Title text=heading/>
                    <h1>{heading}</h1>
                    <ActionForm action attr:class="stack" attr:novalidate=true>
                        <FormAlert error/>
                        {data.id.map(|id| view! {
                            <input type="hidden" name="substance_id" value=id.0/>
                            <input type="hidden" name="version" value=data.version/>
                        })}
                        <FormFields>
                            <TextField label=s.name_ru name="name_ru" value=f.name_ru.clone() lang="ru" required=true error/>
                            <TextField label=s.name_ky name="name_ky" value=f.name_ky.clone() lang="ky" error/>
                            <TextField label=s.name_en name="name_en" value=f.name_en.clone() lang="en" error/>
                            <TextArea label=s.synonyms name="synonyms" value=f.synonyms.clone() rows=3 hint=s.synonyms_hint error/>
                            <SelectField label=s.chemical_group name="chemical_group" choices=groups value=f.chemical_group.clone() required=true error/>
                            <fieldset>
                                <legend>{s.identifiers}</legend>
                                <TextField label=s.iupac_name name="iupac_name" value=f.iupac_name.clone() lang="en" error/>
                                <div class="field-row">
                                    <TextField label=s.cas_number name="cas_number" value=f.cas_number.clone() hint=s.cas_hint maxlength=12 error/>
                                    <TextField label=s.molecular_formula name="molecular_formula" value=f.molecular_formula.clone() maxlength=100 error/>
                                </div>
                                <TextField label=s.inchi_key name="inchi_key" value=f.inchi_key.clone() hint=s.inchi_hint maxlength=27 error/>
                            </fieldset>
                            <fieldset>
                                <legend>{s.control_status}</legend>
                                <SelectField label=s.national_list name="national_list" choices=lists value=f.national_list.clone() blank=s.not_listed error/>
                                <TextArea label=s.legal_act name="legal_act" value=f.legal_act.clone() rows=2 hint=s.legal_act_hint error/>
                                <TextField label=s.controlled_since name="controlled_since" input_type="date" value=f.controlled_since.clone() error/>
                                <SelectField label=s.international_status name="international_status" choices=statuses value=f.international_status.clone() required=true error/>
                            </fieldset>
                        </FormFields>
                        <button type="submit" class="primary">{t.save}</button>
                    </ActionForm>
                }
                .into_any()
            })}
        </Suspense>
    }
}
