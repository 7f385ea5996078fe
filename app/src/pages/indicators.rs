//! The indicator catalogue (baseline, latest value, target and progress for each), an
//! indicator's page (its series as a table and a small server-drawn chart, the values entered,
//! the entry form for the responsible organisation and the coordinators' decisions), and the
//! catalogue form.

use crate::api::indicators::{
    DecideValue, EnterValue, SaveIndicator, get_indicator_form, get_indicator_page, list_indicators,
};
use crate::components::charts::{ProgressBar, SeriesChart};
use crate::components::{
    form::{
        CheckboxField, Choices, FormAlert, FormFields, Notice, SelectField, TextArea, TextField,
        form_error,
    },
    outcome::error_view,
    route::use_record_key,
};
use crate::domain::{
    indicators::catalogue::{Cut, Direction, Frequency, ValueDecision},
    indicators::inputs::cut_param,
    indicators::views::{IndicatorPage as IndicatorData, IndicatorRow, ValueRow},
    reports::inputs::AGE_GROUPS,
    tasks::inputs::date_to_iso,
};
use crate::error::AppError;
use crate::i18n::{Lang, Texts, format_decimal, use_lang, use_texts};
use crate::pages::reports::period_label;
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::{components::A, hooks::use_query_map};

pub(crate) fn value_text(value: f64, unit: &str, lang: Lang) -> String {
    if unit.is_empty() {
        format_decimal(lang, value)
    } else {
        format!("{} {unit}", format_decimal(lang, value))
    }
}

fn cut_label(cut: &Cut, regions: &[crate::domain::views::Place], t: &Texts, lang: Lang) -> String {
    let r = t.reports;
    if cut.sex == "female" {
        r.female.to_owned()
    } else if cut.sex == "male" {
        r.male.to_owned()
    } else if !cut.age_group.is_empty() {
        let i = AGE_GROUPS
            .iter()
            .position(|a| *a == cut.age_group)
            .unwrap_or(0);
        [r.age_under_18, r.age_18_29, r.age_30_49, r.age_50_plus][i].to_owned()
    } else if !cut.region_code.is_empty() {
        regions
            .iter()
            .find(|p| p.code == cut.region_code)
            .map(|p| p.name.get(lang).to_owned())
            .unwrap_or_else(|| cut.region_code.clone())
    } else {
        t.indicators.total.to_owned()
    }
}

#[component]
pub fn IndicatorsPage() -> impl IntoView {
    let t = use_texts();
    let lang = use_lang();
    let s = t.indicators;
    let data = Resource::new_blocking(|| (), |_| list_indicators());
    view! {
        <Title text=s.indicators_title/>
        <Suspense fallback=move || view! { <p>{t.loading}</p> }>
            {move || Suspend::new(async move {
                let data = match data.await {
                    Ok(data) => data,
                    Err(error) => return error_view(error),
                };
                let rows = data
                    .rows
                    .into_iter()
                    .map(|row: IndicatorRow| {
                        let unit = row.unit.get(lang).to_owned();
                        let latest = row
                            .latest
                            .map(|(p, v)| format!("{} ({})", value_text(v, &unit, lang), period_label(&p, t)))
                            .unwrap_or_else(|| s.no_value.to_owned());
                        view! {
                            <tr>
                                <td class="card-title"><A href=format!("/indicators/{}", row.id)>{format!("{} · {}", row.code, row.name.get(lang))}</A></td>
                                <td data-label=t.tasks.objective>{row.objective_code.clone()}</td>
                                <td data-label=s.baseline>{format!("{} ({})", value_text(row.baseline.0, &unit, lang), row.baseline.1)}</td>
                                <td data-label=s.latest>{latest}</td>
                                <td data-label=s.target>{format!("{} ({})", value_text(row.target.0, &unit, lang), row.target.1)}</td>
                                <td data-label=s.progress><ProgressBar progress=row.progress/></td>
                            </tr>
                        }
                    })
                    .collect_view();
                view! {
                    <div class="page-head">
                        <h1>{s.indicators_title}</h1>
                        {data.may_manage.then(|| view! { <A href="/indicators/new" attr:class="button">{s.new_indicator}</A> })}
                    </div>
                    <div class="table-wrap">
                        <table class="cards" data-testid="indicators">
                            <thead>
                                <tr>
                                    <th scope="col">{s.indicator}</th>
                                    <th scope="col">{t.tasks.objective}</th>
                                    <th scope="col">{s.baseline}</th>
                                    <th scope="col">{s.latest}</th>
                                    <th scope="col">{s.target}</th>
                                    <th scope="col">{s.progress}</th>
                                </tr>
                            </thead>
                            <tbody>{rows}</tbody>
                        </table>
                    </div>
                }
                .into_any()
            })}
        </Suspense>
    }
}

#[component]
pub fn IndicatorPage() -> impl IntoView {
    let t = use_texts();
    let s = t.indicators;
    let query = use_query_map();
    let key = use_record_key();
    let page = Resource::new_blocking(key, |(id, _)| async move {
        match id {
            Some(id) => get_indicator_page(id).await,
            None => Err(AppError::NotFound),
        }
    });
    let done = Signal::derive(move || match query.read().get("done").as_deref() {
        Some("saved") => Some(t.saved),
        Some("entered") => Some(s.value_entered),
        Some(mv) if ValueDecision::parse(mv).is_some() => Some(s.decision_recorded),
        _ => None,
    });
    view! {
        <Suspense fallback=move || view! { <p>{t.loading}</p> }>
            {move || Suspend::new(async move {
                match page.await {
                    Err(error) => error_view(error),
                    Ok(data) => view! { <IndicatorDetails data done/> }.into_any(),
                }
            })}
        </Suspense>
    }
}

#[component]
fn IndicatorDetails(data: IndicatorData, done: Signal<Option<&'static str>>) -> impl IntoView {
    let t = use_texts();
    let lang = use_lang();
    let s = t.indicators;
    let row = data.row.clone();
    let unit = row.unit.get(lang).to_owned();
    let title = format!("{} · {}", row.code, row.name.get(lang));
    let series_rows = data
        .series
        .iter()
        .map(|(p, v)| view! { <tr><td class="card-title">{period_label(p, t)}</td><td data-label=s.value>{value_text(*v, &unit, lang)}</td></tr> })
        .collect_view();
    let chart = (data.series.len() >= 2).then(|| view! { <SeriesChart series=data.series.clone() baseline=row.baseline.0 target=row.target.0/> });
    let values = data
        .values
        .iter()
        .map(|v| view! { <ValueLine value=v.clone() regions=data.regions.clone() unit=unit.clone()/> })
        .collect_view();
    let breakdowns = [
        (row.breakdowns.by_sex, s.by_sex),
        (row.breakdowns.by_age, s.by_age),
        (row.breakdowns.by_region, s.by_region),
    ]
    .into_iter()
    .filter(|(on, _)| *on)
    .map(|(_, label)| label)
    .collect::<Vec<_>>()
    .join(", ");
    view! {
        <Title text=title.clone()/>
        <Notice text=done/>
        <p class="breadcrumb"><A href="/indicators">{s.indicators_title}</A></p>
        <h1>{title}</h1>
        {data.may_manage.then(|| view! { <p><A href=format!("/indicators/{}/edit", row.id) attr:class="button">{s.edit_indicator}</A></p> })}
        <dl class="details">
            <div><dt>{t.tasks.objective}</dt><dd>{data.objective.as_ref().map(|o| format!("{}. {}", o.code, o.name.get(lang))).unwrap_or_default()}</dd></div>
            <div><dt>{s.baseline}</dt><dd data-testid="baseline">{format!("{} ({})", value_text(row.baseline.0, &unit, lang), row.baseline.1)}</dd></div>
            <div><dt>{s.latest}</dt><dd data-testid="latest">{row.latest.map(|(p, v)| format!("{} ({})", value_text(v, &unit, lang), period_label(&p, t))).unwrap_or_else(|| s.no_value.to_owned())}</dd></div>
            <div><dt>{s.target}</dt><dd>{format!("{} ({})", value_text(row.target.0, &unit, lang), row.target.1)}</dd></div>
            <div><dt>{s.progress}</dt><dd><ProgressBar progress=row.progress/></dd></div>
            <div><dt>{s.direction}</dt><dd>{row.direction.label(t)}</dd></div>
            <div><dt>{s.responsible}</dt><dd>{row.organization.name.get(lang).to_owned()}</dd></div>
            <div><dt>{s.frequency}</dt><dd>{row.frequency.label(t)}</dd></div>
            {(!breakdowns.is_empty()).then(|| view! { <div><dt>{s.breakdowns}</dt><dd>{breakdowns}</dd></div> })}
        </dl>
        <section aria-labelledby="series-heading">
            <h2 id="series-heading">{s.series}</h2>
            {chart}
            {if data.series.is_empty() {
                view! { <p>{s.no_value}</p> }.into_any()
            } else {
                view! {
                    <div class="table-wrap">
                        <table class="cards" data-testid="series">
                            <thead><tr><th scope="col">{t.reports.period}</th><th scope="col">{s.value}</th></tr></thead>
                            <tbody>{series_rows}</tbody>
                        </table>
                    </div>
                }
                .into_any()
            }}
        </section>
        {data.may_enter.then(|| view! { <EnterForm data=data.clone()/> })}
        <section id="values" aria-labelledby="values-heading">
            <h2 id="values-heading">{s.values}</h2>
            <div class="table-wrap">
                <table class="cards" data-testid="values">
                    <thead>
                        <tr>
                            <th scope="col">{t.reports.period}</th>
                            <th scope="col">{s.breakdown}</th>
                            <th scope="col">{s.value}</th>
                            <th scope="col">{t.status}</th>
                            <th scope="col">{s.source_note}</th>
                            <th scope="col">{t.actions}</th>
                        </tr>
                    </thead>
                    <tbody>{values}</tbody>
                </table>
            </div>
        </section>
    }
}

#[component]
fn ValueLine(
    value: ValueRow,
    regions: Vec<crate::domain::views::Place>,
    unit: String,
) -> impl IntoView {
    let t = use_texts();
    let lang = use_lang();
    let s = t.indicators;
    let decisions = value
        .decisions
        .iter()
        .map(|d| view! { <DecideForm value=value.clone() decision=*d/> })
        .collect_view();
    let note = if value.review_comment.is_empty() {
        value.source_note.clone()
    } else {
        format!(
            "{} · {}: {}",
            value.source_note, t.reports.review_comment, value.review_comment
        )
    };
    view! {
        <tr>
            <td class="card-title">{period_label(&value.period, t)}</td>
            <td data-label=s.breakdown>{cut_label(&value.cut, &regions, t, lang)}</td>
            <td data-label=s.value>{value_text(value.value, &unit, lang)}</td>
            <td data-label=t.status><span class=format!("status value-{}", value.status.as_str())>{value.status.label(t)}</span></td>
            <td data-label=s.source_note>{note}</td>
            <td data-label=t.actions>{decisions}</td>
        </tr>
    }
}

#[component]
fn DecideForm(value: ValueRow, decision: ValueDecision) -> impl IntoView {
    let t = use_texts();
    let s = t.indicators;
    let action = ServerAction::<DecideValue>::new();
    let any_error = form_error(action);
    let id = value.id.0.to_string();
    let error = Signal::derive(move || {
        any_error.get().filter(|e| match e.form_errors() {
            Some(fields) => {
                fields.value("value_id") == Some(id.as_str())
                    && fields.value("mv") == Some(decision.as_str())
            }
            None => true,
        })
    });
    let form_id: &'static str = if decision == ValueDecision::Return {
        "value-return"
    } else {
        "value-accept"
    };
    view! {
        <ActionForm action attr:class="stack move" attr:novalidate=true>
            <FormAlert error/>
            <input type="hidden" name="value_id" value=value.id.0/>
            <input type="hidden" name="version" value=value.version/>
            <input type="hidden" name="mv" value=decision.as_str()/>
            {(decision == ValueDecision::Return).then(|| view! {
                <TextArea label=s.return_comment name="note" rows=2 required=true error form=form_id/>
            })}
            <button type="submit" class=if decision == ValueDecision::Accept { "primary" } else { "danger" }>{decision.label(t)}</button>
        </ActionForm>
    }
}

#[component]
fn EnterForm(data: IndicatorData) -> impl IntoView {
    let t = use_texts();
    let lang = use_lang();
    let s = t.indicators;
    let action = ServerAction::<EnterValue>::new();
    let error = form_error(action);
    let periods = Choices::flat(
        data.periods
            .iter()
            .map(|p| (date_to_iso(p.start), period_label(p, t))),
    );
    let mut cuts = vec![("total".to_owned(), s.total.to_owned())];
    let b = data.row.breakdowns;
    if b.by_sex {
        for (sex, label) in [("female", t.reports.female), ("male", t.reports.male)] {
            cuts.push((
                cut_param(&Cut {
                    sex: sex.into(),
                    ..Cut::default()
                }),
                label.to_owned(),
            ));
        }
    }
    if b.by_age {
        for (i, age) in AGE_GROUPS.iter().enumerate() {
            let r = t.reports;
            let label = [r.age_under_18, r.age_18_29, r.age_30_49, r.age_50_plus][i];
            cuts.push((
                cut_param(&Cut {
                    age_group: (*age).into(),
                    ..Cut::default()
                }),
                label.to_owned(),
            ));
        }
    }
    if b.by_region {
        for region in &data.regions {
            cuts.push((
                cut_param(&Cut {
                    region_code: region.code.clone(),
                    ..Cut::default()
                }),
                region.name.get(lang).to_owned(),
            ));
        }
    }
    view! {
        <section aria-labelledby="enter-heading">
            <h2 id="enter-heading">{s.enter_value}</h2>
            <ActionForm action attr:class="stack narrow" attr:novalidate=true>
                <FormAlert error/>
                <input type="hidden" name="indicator_id" value=data.row.id.0/>
                <FormFields>
                    <SelectField label=t.reports.period name="period" choices=periods required=true error/>
                    <SelectField label=s.breakdown name="cut" choices=Choices::flat(cuts) required=true error/>
                    {(!data.row.unit.get(lang).is_empty()).then(|| view! { <p class="hint">{format!("{}: {}", s.unit, data.row.unit.get(lang))}</p> })}
                    <TextField label=s.value name="value" required=true error/>
                    <TextArea label=s.source_note name="source_note" rows=2 required=true hint=s.source_note_hint error/>
                </FormFields>
                <button type="submit" class="primary">{s.enter_value}</button>
            </ActionForm>
        </section>
    }
}

/// The catalogue form (coordinators): new at `/indicators/new`, editing at `/indicators/:id/edit`.
#[component]
pub fn IndicatorFormPage() -> impl IntoView {
    let t = use_texts();
    let lang = use_lang();
    let s = t.indicators;
    let key = use_record_key();
    let data = Resource::new_blocking(key, |(id, _)| get_indicator_form(id));
    let action = ServerAction::<SaveIndicator>::new();
    let error = form_error(action);
    view! {
        <Suspense fallback=move || view! { <p>{t.loading}</p> }>
            {move || Suspend::new(async move {
                let data = match data.await {
                    Ok(data) => data,
                    Err(error) => return error_view(error),
                };
                let heading = if data.id.is_some() { s.edit_indicator } else { s.new_indicator };
                let f = data.form.clone();
                let objectives = Choices::flat(data.objectives.iter().map(|o| (o.code.clone(), format!("{}. {}", o.code, o.name.get(lang)))));
                let organizations = Choices::flat(data.organizations.iter().map(|o| (o.id.to_string(), o.name.get(lang).to_owned())));
                let directions = Choices::flat(Direction::ALL.iter().map(|d| (d.as_str().to_owned(), d.label(t).to_owned())));
                let frequencies = Choices::flat(Frequency::ALL.iter().map(|d| (d.as_str().to_owned(), d.label(t).to_owned())));
                view! {
                    <Title text=heading/>
                    <h1>{heading}</h1>
                    <ActionForm action attr:class="stack" attr:novalidate=true>
                        <FormAlert error/>
                        {data.id.map(|id| view! {
                            <input type="hidden" name="indicator_id" value=id.0/>
                            <input type="hidden" name="version" value=data.version/>
                        })}
                        <FormFields>
                            <TextField label=s.code name="code" value=f.code.clone() required=true maxlength=20 error/>
                            <TextField label=s.name_ky name="name_ky" value=f.name_ky.clone() lang="ky" error/>
                            <TextField label=s.name_ru name="name_ru" value=f.name_ru.clone() lang="ru" required=true error/>
                            <TextField label=s.name_en name="name_en" value=f.name_en.clone() lang="en" error/>
                            <div class="field-row">
                                <TextField label=s.unit_ky name="unit_ky" value=f.unit_ky.clone() lang="ky" error/>
                                <TextField label=s.unit_ru name="unit_ru" value=f.unit_ru.clone() lang="ru" error/>
                                <TextField label=s.unit_en name="unit_en" value=f.unit_en.clone() lang="en" error/>
                            </div>
                            <SelectField label=t.tasks.objective name="objective_code" choices=objectives value=f.objective_code.clone() blank=t.none required=true error/>
                            <SelectField label=s.direction name="direction" choices=directions value=f.direction.clone() required=true error/>
                            <div class="field-row">
                                <TextField label=s.baseline_value name="baseline_value" value=f.baseline_value.clone() required=true error/>
                                <TextField label=s.baseline_year name="baseline_year" input_type="number" value=f.baseline_year.clone() required=true error/>
                            </div>
                            <div class="field-row">
                                <TextField label=s.target_value name="target_value" value=f.target_value.clone() required=true error/>
                                <TextField label=s.target_year name="target_year" input_type="number" value=f.target_year.clone() required=true error/>
                            </div>
                            <SelectField label=s.responsible name="organization_id" choices=organizations value=f.organization_id.clone() blank=t.none required=true error/>
                            <SelectField label=s.frequency name="frequency" choices=frequencies value=f.frequency.clone() required=true error/>
                            <fieldset>
                                <legend>{s.breakdowns}</legend>
                                <CheckboxField label=s.by_sex name="by_sex" checked=f.by_sex error/>
                                <CheckboxField label=s.by_age name="by_age" checked=f.by_age error/>
                                <CheckboxField label=s.by_region name="by_region" checked=f.by_region error/>
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
