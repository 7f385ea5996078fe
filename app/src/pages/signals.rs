//! The early-warning system's signals: the list (filters in a plain GET form; coordinators tick
//! signals and open a case from them), one signal with its evidence files, and the form that
//! records first information with its files (one multipart form posted to `/signals/record`),
//! which says that nothing about a person may be written.

use crate::api::early_warning::{OpenCase, get_signal, get_signal_form, list_signals};
use crate::components::{
    form::{
        Choices, FormAlert, FormError, FormFields, Notice, SelectField, TextArea, TextField,
        form_error, place_choices, posted,
    },
    outcome::error_view,
    route::use_record_key,
};
use crate::domain::early_warning::kinds::{AmountUnit, SeenForm, SignalSource};
use crate::domain::early_warning::views::{Named, SIGNALS_PER_PAGE, SignalRow};
use crate::domain::tasks::inputs::date_to_iso;
use crate::i18n::{Lang, Texts, format_date, format_decimal, format_number, use_lang, use_texts};
use crate::pages::cases::{WarningDownloads, WarningEvidence};
use crate::pages::report::EvidenceInput;
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::{components::A, hooks::use_query_map};

/// A signal's amount in a line: `2,5 g`.
pub fn amount_line(row: &SignalRow, t: &Texts, lang: Lang) -> String {
    row.amount
        .map(|(a, u)| format!("{} {}", format_decimal(lang, a), u.label(t)))
        .unwrap_or_default()
}

/// Where a signal was seen: the district, else the region.
pub fn place_line(row: &SignalRow, lang: Lang) -> String {
    row.district
        .as_ref()
        .or(row.region.as_ref())
        .map(|p| p.get(lang).to_owned())
        .unwrap_or_default()
}

/// Choices of the register's substances.
pub fn substance_choices(substances: &[Named], lang: Lang) -> Choices {
    Choices::flat(
        substances
            .iter()
            .map(|s| (s.id.to_string(), s.name.get(lang).to_owned())),
    )
}

/// The table of signals; with `pick`, a checkbox per signal not yet in a case.
#[component]
pub fn SignalTable(rows: Vec<SignalRow>, #[prop(optional)] pick: bool) -> impl IntoView {
    let t = use_texts();
    let lang = use_lang();
    let w = t.warning;
    let body = rows
        .into_iter()
        .map(|row| {
            let substance = row
                .substance
                .as_ref()
                .map(|s| s.name.get(lang).to_owned())
                .unwrap_or_else(|| w.unidentified.to_owned());
            let checkbox_id = format!("signal-{}", row.id);
            let label = format!("{} {}", w.pick_signal, row.id);
            view! {
                <tr>
                    {pick.then(|| view! {
                        <td data-label=w.pick>
                            {match row.case {
                                None => view! {
                                    <input type="checkbox" id=checkbox_id.clone() name=posted("signals[]") value=row.id.0 aria-label=label.clone()/>
                                }.into_any(),
                                Some(case) => view! { <A href=format!("/cases/{case}")>{format!("№ {case}")}</A> }.into_any(),
                            }}
                        </td>
                    })}
                    <td data-label=w.observed_on><A href=format!("/signals/{}", row.id)>{format_date(lang, row.observed_on)}</A></td>
                    <td class="card-title">{substance}</td>
                    <td data-label=w.source>{row.source.label(t)}</td>
                    <td data-label=w.place>{place_line(&row, lang)}</td>
                    <td data-label=w.seen_form>{format!("{} {}", row.form.label(t), amount_line(&row, t, lang))}</td>
                    <td data-label=w.poisonings>{format_number(lang, row.poisonings)}</td>
                    <td data-label=w.deaths>{format_number(lang, row.deaths)}</td>
                    <td data-label=w.recorded_by>{row.organization.get(lang).to_owned()}</td>
                    {(!pick).then(|| view! {
                        <td data-label=w.case>{row.case.map(|c| view! { <A href=format!("/cases/{c}")>{format!("№ {c}")}</A> })}</td>
                    })}
                </tr>
            }
        })
        .collect_view();
    view! {
        <div class="table-wrap">
            <table class="cards" data-testid="signals">
                <thead>
                    <tr>
                        {pick.then(|| view! { <th scope="col">{w.pick}</th> })}
                        <th scope="col">{w.observed_on}</th>
                        <th scope="col">{w.substance}</th>
                        <th scope="col">{w.source}</th>
                        <th scope="col">{w.place}</th>
                        <th scope="col">{w.seen_form}</th>
                        <th scope="col">{w.poisonings}</th>
                        <th scope="col">{w.deaths}</th>
                        <th scope="col">{w.recorded_by}</th>
                        {(!pick).then(|| view! { <th scope="col">{w.case}</th> })}
                    </tr>
                </thead>
                <tbody>{body}</tbody>
            </table>
        </div>
    }
}

#[component]
pub fn SignalsPage() -> impl IntoView {
    let t = use_texts();
    let lang = use_lang();
    let w = t.warning;
    let query = use_query_map();
    let args = move || {
        let q = query.read();
        (q.get("source"), q.get("unlinked"), q.get("page"))
    };
    let data = Resource::new_blocking(args, |(source, unlinked, page)| {
        list_signals(source, unlinked, page)
    });
    let done = Signal::derive(move || {
        (query.read().get("done").as_deref() == Some("saved")).then_some(w.signal_saved)
    });
    let open = ServerAction::<OpenCase>::new();
    let error = form_error(open);
    view! {
        <Title text=w.signals_title/>
        <Suspense fallback=move || view! { <p>{t.loading}</p> }>
            {move || Suspend::new(async move {
                let data = match data.await {
                    Ok(data) => data,
                    Err(error) => return error_view(error),
                };
                let (source, unlinked, page) = args();
                let page: i64 = page.and_then(|p| p.parse().ok()).unwrap_or(1).max(1);
                let pages = (data.total + SIGNALS_PER_PAGE - 1) / SIGNALS_PER_PAGE;
                let link = move |p: i64| {
                    let mut parts = vec![format!("page={p}")];
                    if let Some(s) = source.clone() { parts.push(format!("source={s}")); }
                    if unlinked.is_some() { parts.push("unlinked=1".to_owned()); }
                    format!("/signals?{}", parts.join("&"))
                };
                let sources = SignalSource::ALL.iter().map(|s| {
                    let selected = args().0.as_deref() == Some(s.as_str());
                    view! { <option value=s.as_str() selected=selected>{s.label(t)}</option> }
                }).collect_view();
                let pick = data.may_open_case;
                let rows = data.rows.clone();
                // Built where it is placed: inside the case form, its ticks post as the form's
                // `signals` (the form's prefix is a context its fields read when made).
                let table = move || if rows.is_empty() {
                    view! { <p>{w.no_signals}</p> }.into_any()
                } else {
                    view! { <SignalTable rows=rows.clone() pick/> }.into_any()
                };
                let pager = (pages > 1).then(|| view! {
                    <nav class="pager" aria-label=w.pages_label>
                        {(page > 1).then(|| view! { <A href=link(page - 1)>{w.previous}</A> })}
                        <span>{format!(" {page} / {pages} ")}</span>
                        {(page < pages).then(|| view! { <A href=link(page + 1)>{w.next}</A> })}
                    </nav>
                });
                let due = data.case_due.map(date_to_iso).unwrap_or_default();
                let body = if pick {
                    view! {
                        <ActionForm action=open attr:class="stack" attr:novalidate=true>
                            <FormAlert error/>
                            <FormFields>{table()}</FormFields>
                            <FormFields>
                                <fieldset>
                                    <legend>{w.open_case}</legend>
                                    <p class="hint">{w.open_case_hint}</p>
                                    <p class="problem" aria-live="polite">{move || error.get().and_then(|e| e.form_errors().and_then(|f| f.problem("signals"))).map(|p| p.text(t))}</p>
                                    <TextField label=w.case_title name="title" required=true maxlength=300 error/>
                                    <SelectField label=w.substance name="substance_id" choices=substance_choices(&data.substances, lang) blank=w.unidentified error/>
                                    <TextField label=w.stage_due name="stage_due" input_type="date" value=due required=true error/>
                                </fieldset>
                            </FormFields>
                            <button type="submit" class="primary">{w.open_case}</button>
                        </ActionForm>
                    }.into_any()
                } else {
                    table()
                };
                view! {
                    <div class="page-head">
                        <h1>{w.signals_title}</h1>
                        {data.may_record.then(|| view! { <A href="/signals/new" attr:class="button">{w.new_signal}</A> })}
                    </div>
                    <Notice text=done/>
                    <p class="hint">{w.signals_intro}</p>
                    <form method="get" action="/signals" class="filters" role="search">
                        <div class="field">
                            <label for="signal-source">{w.source}</label>
                            <select id="signal-source" name="source">
                                <option value="">{w.all_sources}</option>
                                {sources}
                            </select>
                        </div>
                        <div class="field checkbox">
                            <input id="signal-unlinked" type="checkbox" name="unlinked" value="1" checked=args().1.is_some()/>
                            <label for="signal-unlinked">{w.only_unlinked}</label>
                        </div>
                        <button type="submit">{t.substances.search}</button>
                    </form>
                    <p>{format!("{}: {}", w.found, format_number(lang, data.total))}</p>
                    {body}
                    {pager}
                    <WarningDownloads/>
                }
                .into_any()
            })}
        </Suspense>
    }
}

/// One signal: what was observed, where and by whom, its case, and its evidence files.
#[component]
pub fn SignalPage() -> impl IntoView {
    let t = use_texts();
    let lang = use_lang();
    let w = t.warning;
    let query = use_query_map();
    let key = use_record_key();
    let page = Resource::new_blocking(key, |(id, _)| async move {
        match id {
            Some(id) => get_signal(id).await,
            None => Err(crate::error::AppError::NotFound),
        }
    });
    let done = Signal::derive(move || match query.read().get("done").as_deref() {
        Some("saved") => Some(w.signal_saved),
        Some("files") => Some(w.files_added),
        _ => None,
    });
    view! {
        <Suspense fallback=move || view! { <p>{t.loading}</p> }>
            {move || Suspend::new(async move {
                let data = match page.await {
                    Ok(data) => data,
                    Err(error) => return error_view(error),
                };
                let row = data.signal.clone();
                let heading = format!("{} № {}", w.signal_heading, row.id);
                let substance = row
                    .substance
                    .as_ref()
                    .map(|s| {
                        let name = s.name.get(lang).to_owned();
                        view! { <A href=format!("/substances/{}", s.id)>{name}</A> }.into_any()
                    })
                    .unwrap_or_else(|| w.unidentified.into_any());
                let place = [row.region.as_ref(), row.district.as_ref()]
                    .into_iter()
                    .flatten()
                    .map(|p| p.get(lang).to_owned())
                    .collect::<Vec<_>>()
                    .join(", ");
                let upload = data.may_add_files.then(|| format!("/signals/{}/files", row.id));
                view! {
                    <Title text=heading.clone()/>
                    <p class="breadcrumb"><A href="/signals">{w.signals_title}</A></p>
                    <h1>{heading}</h1>
                    <Notice text=done/>
                    <dl class="details" data-testid="signal-facts" aria-label=w.signal_details>
                        <div><dt>{w.observed_on}</dt><dd>{format_date(lang, row.observed_on)}</dd></div>
                        <div><dt>{w.source}</dt><dd>{row.source.label(t)}</dd></div>
                        <div><dt>{w.place}</dt><dd>{place}</dd></div>
                        <div><dt>{w.seen_form}</dt><dd>{format!("{} {}", row.form.label(t), amount_line(&row, t, lang))}</dd></div>
                        <div><dt>{w.poisonings}</dt><dd>{format_number(lang, row.poisonings)}</dd></div>
                        <div><dt>{w.deaths}</dt><dd>{format_number(lang, row.deaths)}</dd></div>
                        <div><dt>{w.substance}</dt><dd>{substance}</dd></div>
                        <div><dt>{w.recorded_by}</dt><dd>{row.organization.get(lang).to_owned()}</dd></div>
                        <div><dt>{w.case}</dt><dd>{row.case.map(|c| view! { <A href=format!("/cases/{c}")>{format!("№ {c}")}</A> })}</dd></div>
                    </dl>
                    {(!row.description.is_empty()).then(|| view! {
                        <h2>{w.description}</h2>
                        <p class="prose">{row.description.clone()}</p>
                    })}
                    <WarningEvidence items=data.evidence.clone() upload errors=data.upload_errors.clone()/>
                }
                .into_any()
            })}
        </Suspense>
    }
}

/// The form that records a signal: text and evidence files in one multipart form posted to
/// `/signals/record`, so it works without JavaScript; problems come back with what was typed.
#[component]
pub fn SignalFormPage() -> impl IntoView {
    let t = use_texts();
    let lang = use_lang();
    let w = t.warning;
    let data = Resource::new_blocking(|| (), |_| get_signal_form());
    let flat = |items: Vec<(String, String)>| Choices::flat(items);
    view! {
        <Title text=w.new_signal/>
        <Suspense fallback=move || view! { <p>{t.loading}</p> }>
            {move || Suspend::new(async move {
                let data = match data.await {
                    Ok(data) => data,
                    Err(error) => return error_view(error),
                };
                let f = data.form.clone();
                let error: FormError = Signal::stored(data.errors.clone());
                let sources = flat(SignalSource::ALL.iter().map(|s| (s.as_str().to_owned(), s.label(t).to_owned())).collect());
                let forms = flat(SeenForm::ALL.iter().map(|s| (s.as_str().to_owned(), s.label(t).to_owned())).collect());
                let units = flat(AmountUnit::ALL.iter().map(|s| (s.as_str().to_owned(), s.label(t).to_owned())).collect());
                view! {
                    <p class="breadcrumb"><A href="/signals">{w.signals_title}</A></p>
                    <h1>{w.new_signal}</h1>
                    <p class="notice warning-note" role="note" data-testid="no-personal-data">{w.no_personal_data}</p>
                    <form method="post" action="/signals/record" enctype="multipart/form-data" class="stack" novalidate>
                        <FormAlert error/>
                        <div class="field-row">
                            <TextField label=w.observed_on name="observed_on" input_type="date" value=f.observed_on.clone() required=true error/>
                            <SelectField label=w.source name="source" choices=sources blank=t.none required=true error/>
                        </div>
                        <div class="field-row">
                            <SelectField label=w.region name="region_code" choices=place_choices(&data.regions, &[], lang) blank=t.none error/>
                            <SelectField label=w.district name="district_code" choices=place_choices(&data.districts, &data.regions, lang) blank=t.none error/>
                        </div>
                        <SelectField label=w.substance name="substance_id" choices=substance_choices(&data.substances, lang) blank=w.unidentified hint=w.substance_hint error/>
                        <div class="field-row">
                            <SelectField label=w.seen_form name="form" choices=forms blank=t.none required=true error/>
                            <TextField label=w.amount name="amount" input_type="text" maxlength=20 error/>
                            <SelectField label=w.amount_unit name="amount_unit" choices=units blank=t.none error/>
                        </div>
                        <div class="field-row">
                            <TextField label=w.poisonings name="poisonings" input_type="text" maxlength=7 hint=w.counts_hint error/>
                            <TextField label=w.deaths name="deaths" input_type="text" maxlength=7 error/>
                        </div>
                        <TextArea label=w.description name="description" rows=4 hint=w.description_hint error/>
                        <EvidenceInput error/>
                        <button type="submit" class="primary">{w.record_signal}</button>
                    </form>
                }
                .into_any()
            })}
        </Suspense>
    }
}
