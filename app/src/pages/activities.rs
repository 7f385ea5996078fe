//! The activity list (filters in the URL, keyset pages; an organisation's activities too), an
//! activity's page with the coordinators' verification, and the activity form (one multipart
//! form with its evidence files, working without JavaScript).

use crate::api::activities::{
    DecideActivity, get_activity_form, get_activity_page, list_activities,
};
use crate::components::{
    form::{
        CheckboxField, CheckboxGroup, Choices, FormAlert, FormError, Notice, SelectField, TextArea,
        TextField, form_error, place_choices,
    },
    outcome::error_view,
    route::use_record_key,
};
use crate::domain::{
    activities::kinds::{ActivityStatus, ActivityType, TargetGroup, Verification},
    activities::views::{ActivityFilter, ActivityPage as ActivityData, ActivityRow},
    tasks::inputs::date_to_iso,
};
use crate::error::AppError;
use crate::i18n::{format_date, format_datetime, format_number, use_lang, use_texts};
use crate::pages::report::{EvidenceInput, EvidenceList, ReachFields, ReachTable, Removal};
use crate::pages::tasks::{filter_select, options};
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::{
    components::{A, Form},
    hooks::use_query_map,
};

#[component]
fn ActivityStatusBadge(status: ActivityStatus) -> impl IntoView {
    let t = use_texts();
    view! { <span class=format!("status activity-{}", status.as_str())>{status.label(t)}</span> }
}

fn dates(row: &ActivityRow, lang: crate::i18n::Lang) -> String {
    if row.start_date == row.end_date {
        format_date(lang, row.start_date)
    } else {
        format!(
            "{} – {}",
            format_date(lang, row.start_date),
            format_date(lang, row.end_date)
        )
    }
}

#[component]
fn ActivityTable(rows: Vec<ActivityRow>) -> impl IntoView {
    let t = use_texts();
    let lang = use_lang();
    let s = t.activities;
    let body = rows
        .into_iter()
        .map(|row| {
            let when = dates(&row, lang);
            view! {
                <tr>
                    <td class="card-title"><A href=format!("/activities/{}", row.id)>{row.title.clone()}</A></td>
                    <td data-label=s.activity_type>{row.activity_type.label(t)}</td>
                    <td data-label=t.reports.organization>{row.organization.name.get(lang).to_owned()}</td>
                    <td data-label=s.dates>{when}</td>
                    <td data-label=s.place>{row.place.as_ref().map(|p| p.get(lang).to_owned()).unwrap_or_default()}</td>
                    <td data-label=s.reached>{row.reached_total.map(|n| format_number(lang, n)).unwrap_or_default()}</td>
                    <td data-label=t.status><ActivityStatusBadge status=row.status/></td>
                </tr>
            }
        })
        .collect_view();
    view! {
        <div class="table-wrap">
            <table class="cards" data-testid="activities">
                <thead>
                    <tr>
                        <th scope="col">{s.title}</th>
                        <th scope="col">{s.activity_type}</th>
                        <th scope="col">{t.reports.organization}</th>
                        <th scope="col">{s.dates}</th>
                        <th scope="col">{s.place}</th>
                        <th scope="col">{s.reached}</th>
                        <th scope="col">{t.status}</th>
                    </tr>
                </thead>
                <tbody>{body}</tbody>
            </table>
        </div>
    }
}

#[component]
pub fn ActivitiesPage() -> impl IntoView {
    let t = use_texts();
    let lang = use_lang();
    let s = t.activities;
    let query = use_query_map();
    let filter = move || ActivityFilter::parse(|k| query.read().get(k));
    let page = Resource::new_blocking(filter, list_activities);
    let framework = Resource::new_blocking(|| (), |_| crate::api::framework::get_framework());
    let territory = Resource::new_blocking(|| (), |_| crate::api::framework::get_territory());
    view! {
        <Title text=s.activities_title/>
        <Suspense fallback=move || view! { <p>{t.loading}</p> }>
            {move || Suspend::new(async move {
                let current = filter();
                let page = match page.await {
                    Ok(page) => page,
                    Err(error) => return error_view(error),
                };
                let objectives: Vec<(String, String)> = framework
                    .await
                    .map(|f| f.objectives.iter().map(|o| (o.item.code.clone(), format!("{}. {}", o.item.code, o.item.name.get(lang)))).collect())
                    .unwrap_or_default();
                let regions: Vec<(String, String)> = territory
                    .await
                    .map(|t| t.regions.iter().map(|r| (r.code.clone(), r.name.get(lang).to_owned())).collect())
                    .unwrap_or_default();
                let code_options = |items: Vec<(String, String)>, chosen: Option<String>| {
                    items
                        .into_iter()
                        .map(|(code, name)| {
                            let selected = chosen.as_deref() == Some(code.as_str());
                            view! { <option value=code selected=selected>{name}</option> }
                        })
                        .collect_view()
                };
                let heading = match &page.organization {
                    Some(org) => format!("{}: {}", s.activities_title, org.name.get(lang)),
                    None => s.activities_title.to_owned(),
                };
                let first = current.after.is_some().then(|| {
                    view! { <A href=format!("/activities?{}", current.first_page().to_query())>{t.tasks.first_page}</A> }
                });
                let next = page.next.clone().map(|q| {
                    view! { <A href=format!("/activities?{q}") attr:rel="next">{t.tasks.next_page}" →"</A> }
                });
                let empty = page.rows.is_empty();
                let filtered = current.is_filtered();
                view! {
                    <div class="page-head">
                        <h1>{heading}</h1>
                        {page.may_log.then(|| view! { <A href="/activities/new" attr:class="button">{s.log_activity}</A> })}
                    </div>
                    <details class="filter-box" open=filtered>
                        <summary>{t.tasks.filter_title}</summary>
                        <Form method="GET" action="" attr:class="filters">
                            {filter_select("type", s.activity_type, t.tasks.any, options(ActivityType::ALL.iter().copied(), current.activity_type, |v| v.as_str().to_owned(), |v| v.label(t).to_owned()))}
                            {filter_select("objective", t.tasks.objective, t.tasks.any, code_options(objectives, current.objective.clone()))}
                            {filter_select("region", t.region, t.tasks.any, code_options(regions, current.region_code.clone()))}
                            {filter_select("status", t.status, t.tasks.any, options(ActivityStatus::ALL.iter().copied(), current.status, |v| v.as_str().to_owned(), |v| v.label(t).to_owned()))}
                            <div class="field">
                                <label for="filter-from">{s.from}</label>
                                <input id="filter-from" type="date" name="from" value=current.from.map(date_to_iso).unwrap_or_default()/>
                            </div>
                            <div class="field">
                                <label for="filter-to">{s.to}</label>
                                <input id="filter-to" type="date" name="to" value=current.to.map(date_to_iso).unwrap_or_default()/>
                            </div>
                            {current.organization_id.map(|o| view! { <input type="hidden" name="organization" value=o.to_string()/> })}
                            <div class="form-actions">
                                <button type="submit" class="primary">{t.tasks.apply}</button>
                                <A href="/activities">{t.tasks.clear}</A>
                            </div>
                        </Form>
                    </details>
                    {if empty {
                        view! { <p>{s.no_activities}</p> }.into_any()
                    } else {
                        view! { <ActivityTable rows=page.rows/> }.into_any()
                    }}
                    <nav class="pager" aria-label=t.tasks.next_page>{first}" "{next}</nav>
                }
                .into_any()
            })}
        </Suspense>
    }
}

#[component]
pub fn ActivityPage() -> impl IntoView {
    let t = use_texts();
    let s = t.activities;
    let query = use_query_map();
    let key = use_record_key();
    let page = Resource::new_blocking(key, |(id, _)| async move {
        match id {
            Some(id) => get_activity_page(id).await,
            None => Err(AppError::NotFound),
        }
    });
    let done = Signal::derive(move || match query.read().get("done").as_deref() {
        Some("saved") => Some(t.saved),
        Some("logged") => Some(s.activity_logged),
        Some(mv) if Verification::parse(mv).is_some() => Some(s.decision_recorded),
        _ => None,
    });
    view! {
        <Suspense fallback=move || view! { <p>{t.loading}</p> }>
            {move || Suspend::new(async move {
                match page.await {
                    Err(error) => error_view(error),
                    Ok(activity) => view! { <ActivityDetails activity done/> }.into_any(),
                }
            })}
        </Suspense>
    }
}

#[component]
fn ActivityDetails(activity: ActivityData, done: Signal<Option<&'static str>>) -> impl IntoView {
    let t = use_texts();
    let lang = use_lang();
    let s = t.activities;
    let row = activity.row.clone();
    let line = |label: &'static str, value: String| {
        (!value.is_empty())
            .then(|| view! { <div><dt>{label}</dt><dd class="prose">{value}</dd></div> })
    };
    let names = |items: &[crate::domain::tasks::views::CodeName]| {
        items
            .iter()
            .map(|i| format!("{}. {}", i.code, i.name.get(lang)))
            .collect::<Vec<_>>()
            .join("; ")
    };
    let groups = activity
        .target_groups
        .iter()
        .map(|g| g.label(t))
        .collect::<Vec<_>>()
        .join(", ");
    let decisions = (!activity.decisions.is_empty()).then(|| {
        let forms = activity
            .decisions
            .iter()
            .enumerate()
            .map(|(i, d)| view! { <DecisionForm activity=activity.clone() decision=*d first=i == 0/> })
            .collect_view();
        view! {
            <section aria-labelledby="decide-heading" class="moves">
                <h2 id="decide-heading">{t.tasks.actions_title}</h2>
                <div class="move-forms">{forms}</div>
            </section>
        }
    });
    let history = activity
        .history
        .iter()
        .map(|e| {
            let change = match e.from {
                Some(from) if from == e.to => t.reports.content_saved.to_owned(),
                Some(from) => format!("{} → {}", from.label(t), e.to.label(t)),
                None => e.to.label(t).to_owned(),
            };
            view! {
                <tr>
                    <td class="card-title">{format_datetime(lang, e.at)}</td>
                    <td data-label=t.tasks.history_who>{e.actor.clone()}</td>
                    <td data-label=t.tasks.history_change>{change}</td>
                    <td data-label=t.tasks.history_note>{e.note.clone()}</td>
                </tr>
            }
        })
        .collect_view();
    let org_name = row.organization.name.get(lang).to_owned();
    let org_id = row.organization.id;
    let place = row
        .place
        .as_ref()
        .map(|p| p.get(lang).to_owned())
        .unwrap_or_default();
    view! {
        <Title text=row.title.clone()/>
        <Notice text=done/>
        <p class="breadcrumb"><A href=format!("/activities?organization={org_id}")>{org_name}</A></p>
        <h1>{row.title.clone()}</h1>
        <p class="task-status">
            <ActivityStatusBadge status=row.status/>
            {activity.is_public.then(|| view! { " " <span class="status activity-public">{s.public_badge}</span> })}
            {activity.may_edit.then(|| view! { " " <A href=format!("/activities/{}/edit", activity.id) attr:class="button">{s.edit_activity}</A> })}
        </p>
        {(!activity.review_comment.is_empty()).then(|| view! {
            <div class="alert" role="note"><strong>{t.reports.review_comment}": "</strong>{activity.review_comment.clone()}</div>
        })}
        <dl class="details">
            {line(s.activity_type, row.activity_type.label(t).to_owned())}
            {line(s.dates, dates(&row, lang))}
            {line(s.place, place)}
            {line(s.target_groups, groups)}
            {line(s.description, activity.description.clone())}
            {line(s.partners, activity.partners.clone())}
            {line(t.tasks.objectives, names(&activity.objectives))}
            {line(t.principles, names(&activity.principles))}
        </dl>
        {(!activity.reach.is_empty()).then(|| view! { <h2>{t.reports.people_reached}</h2><ReachTable reach=activity.reach/> })}
        <section aria-labelledby="evidence-heading">
            <h2 id="evidence-heading">{t.reports.evidence}</h2>
            <EvidenceList items=activity.evidence.clone()/>
        </section>
        {decisions}
        <section aria-labelledby="activity-history">
            <h2 id="activity-history">{t.tasks.history_title}</h2>
            <div class="table-wrap">
                <table class="cards" data-testid="activity-history">
                    <thead>
                        <tr>
                            <th scope="col">{t.tasks.history_when}</th>
                            <th scope="col">{t.tasks.history_who}</th>
                            <th scope="col">{t.tasks.history_change}</th>
                            <th scope="col">{t.tasks.history_note}</th>
                        </tr>
                    </thead>
                    <tbody>{history}</tbody>
                </table>
            </div>
        </section>
    }
}

#[component]
fn DecisionForm(activity: ActivityData, decision: Verification, first: bool) -> impl IntoView {
    let t = use_texts();
    let s = t.activities;
    let action = ServerAction::<DecideActivity>::new();
    let any_error = form_error(action);
    let error = Signal::derive(move || {
        any_error.get().filter(|e| match e.form_errors() {
            Some(fields) => fields.value("mv") == Some(decision.as_str()),
            None => first,
        })
    });
    view! {
        <ActionForm action attr:class=format!("stack move move-{}", decision.as_str()) attr:novalidate=true>
            <FormAlert error/>
            <input type="hidden" name="activity_id" value=activity.id.0/>
            <input type="hidden" name="version" value=activity.version/>
            <input type="hidden" name="mv" value=decision.as_str()/>
            {decision.needs_note().then(|| view! {
                <TextArea label=s.clarify_comment name="note" rows=3 required=true error form=decision.as_str()/>
            })}
            <button type="submit" class=if decision == Verification::Verify { "primary" } else { "danger" }>{decision.label(t)}</button>
        </ActionForm>
    }
}

/// The activity form, new (`/activities/new`) or editing (`/activities/:id/edit`).
#[component]
pub fn ActivityFormPage() -> impl IntoView {
    let t = use_texts();
    let s = t.activities;
    let key = use_record_key();
    let data = Resource::new_blocking(key, |(id, _)| get_activity_form(id));
    view! {
        <Suspense fallback=move || view! { <p>{t.loading}</p> }>
            {move || Suspend::new(async move {
                let data = match data.await {
                    Ok(data) => data,
                    Err(error) => return error_view(error),
                };
                let heading = if data.id.is_some() { s.edit_activity } else { s.log_activity };
                view! { <Title text=heading/><h1>{heading}</h1><ActivityForm data/> }.into_any()
            })}
        </Suspense>
    }
}

#[component]
fn ActivityForm(data: crate::domain::activities::views::ActivityFormPage) -> impl IntoView {
    let t = use_texts();
    let lang = use_lang();
    let s = t.activities;
    let f = data.form.clone();
    let error: FormError = Signal::stored(data.errors.clone());
    let action = match data.id {
        Some(id) => format!("/activities/{id}/save"),
        None => "/activities/save".to_owned(),
    };
    let territory = data.territory.clone();
    let types = Choices::flat(
        ActivityType::ALL
            .iter()
            .map(|k| (k.as_str().to_owned(), k.label(t).to_owned())),
    );
    let groups: Vec<(String, String)> = TargetGroup::ALL
        .iter()
        .map(|g| (g.as_str().to_owned(), g.label(t).to_owned()))
        .collect();
    let objectives: Vec<(String, String)> = data
        .objectives
        .iter()
        .map(|o| (o.code.clone(), format!("{}. {}", o.code, o.name.get(lang))))
        .collect();
    let principles: Vec<(String, String)> = data
        .principles
        .iter()
        .map(|o| (o.code.clone(), format!("{}. {}", o.code, o.name.get(lang))))
        .collect();
    view! {
        {data.id.map(|id| view! {
            <section aria-labelledby="evidence-heading">
                <h2 id="evidence-heading">{t.reports.evidence}</h2>
                <EvidenceList items=data.evidence.clone() removal=Removal::Activity(id.0)/>
            </section>
        })}
        <form method="post" action=action enctype="multipart/form-data" class="stack activity-form" novalidate>
            <FormAlert error/>
            <input type="hidden" name="version" value=data.version/>
            <SelectField label=s.activity_type name="activity_type" choices=types value=f.activity_type.clone() blank=t.none required=true error/>
            <TextField label=s.title name="title" value=f.title.clone() required=true maxlength=300 error/>
            <TextArea label=s.description name="description" value=f.description.clone() rows=4 error/>
            <div class="field-row">
                <TextField label=s.start_date name="start_date" input_type="date" value=f.start_date.clone() required=true error/>
                <TextField label=s.end_date name="end_date" input_type="date" value=f.end_date.clone() hint=s.end_date_hint error/>
            </div>
            <SelectField label=t.region name="region_code" choices=place_choices(&territory.regions, &[], lang) value=f.region_code.clone() blank=t.none required=true error/>
            <SelectField label=t.district name="district_code" choices=place_choices(&territory.districts, &territory.regions, lang) value=f.district_code.clone() blank=t.none error/>
            <SelectField label=t.municipality name="municipality_code" choices=place_choices(&territory.municipalities, &territory.districts, lang) value=f.municipality_code.clone() blank=t.none error/>
            <CheckboxGroup legend=s.target_groups name="target_groups[]" options=groups checked=f.target_groups.clone() required=true error/>
            <ReachFields total=f.reached_total.clone() cells=f.cells.clone() error/>
            <TextArea label=s.partners name="partners" value=f.partners.clone() rows=2 error/>
            <CheckboxGroup legend=t.tasks.objectives name="objectives[]" options=objectives checked=f.objectives.clone() required=true error/>
            <CheckboxGroup legend=t.principles name="principles[]" options=principles checked=f.principles.clone() error/>
            <CheckboxField label=s.is_public name="is_public" checked=f.is_public error/>
            <p class="hint">{s.is_public_hint}</p>
            <EvidenceInput error/>
            <div class="form-actions">
                <button type="submit" class="primary">{t.save}</button>
            </div>
        </form>
    }
}
