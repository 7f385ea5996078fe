//! The task list (filters in the URL, keyset pages) and the form for a new task, with the
//! pieces other task pages share: the status badge and the task table.

use crate::api::tasks::{CreateTask, get_task_form_choices, list_tasks};
use crate::components::{
    form::{
        CheckboxGroup, Choices, FormAlert, FormError, FormFields, MultiSelect, RadioGroup,
        SelectField, TextArea, TextField, form_error, place_choices, posted, show_when,
    },
    outcome::error_view,
    switches::FieldSwitches,
};
use crate::domain::{
    roles::OrgKind,
    tasks::fields::{Category, Coverage, EnforcementFocus, Priority},
    tasks::filters::{TaskFilter, TaskSort},
    tasks::inputs::{TaskForm, date_to_iso},
    tasks::views::{TaskFormChoices, TaskRow},
    tasks::workflow::Status,
    views::Place,
};
use crate::i18n::{Lang, Texts, format_date, use_lang, use_texts};
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::{
    components::{A, Form},
    hooks::use_query_map,
};

pub use crate::domain::tasks::views::task_title;

/// A task's status, and "overdue" beside it when it is.
#[component]
pub fn StatusBadge(status: Status, overdue: bool) -> impl IntoView {
    let t = use_texts();
    view! {
        <span class=format!("status status-{}", status.as_str())>{status.label(t)}</span>
        {overdue.then(|| view! { " " <span class="status status-overdue">{t.tasks.overdue}</span> })}
    }
}

/// Tasks in a table: title, lead organisation, status, due date, priority.
#[component]
pub fn TaskTable(rows: Vec<TaskRow>) -> impl IntoView {
    let t = use_texts();
    let lang = use_lang();
    let s = t.tasks;
    let body = rows
        .into_iter()
        .map(|row| {
            let lead = row
                .lead
                .as_ref()
                .map(|o| o.name.get(lang).to_owned())
                .unwrap_or_else(|| s.group_badge.to_owned());
            view! {
                <tr>
                    <td class="card-title"><A href=format!("/tasks/{}", row.id)>{task_title(&row.title, lang, t)}</A></td>
                    <td data-label=s.col_lead>{lead}</td>
                    <td data-label=t.status><StatusBadge status=row.status overdue=row.overdue/></td>
                    <td data-label=s.col_due>{format_date(lang, row.due_date)}</td>
                    <td data-label=s.priority>{row.priority.label(t)}</td>
                </tr>
            }
        })
        .collect_view();
    view! {
        <div class="table-wrap">
            <table class="cards">
                <thead>
                    <tr>
                        <th scope="col">{s.col_title}</th>
                        <th scope="col">{s.col_lead}</th>
                        <th scope="col">{t.status}</th>
                        <th scope="col">{s.col_due}</th>
                        <th scope="col">{s.priority}</th>
                    </tr>
                </thead>
                <tbody>{body}</tbody>
            </table>
        </div>
    }
}

pub(crate) fn options<T: Copy + PartialEq>(
    all: impl IntoIterator<Item = T>,
    current: Option<T>,
    value: impl Fn(T) -> String,
    label: impl Fn(T) -> String,
) -> impl IntoView {
    all.into_iter()
        .map(|item| {
            view! { <option value=value(item) selected=current == Some(item)>{label(item)}</option> }
        })
        .collect_view()
}

/// A select of the filter form, with "any" first.
pub(crate) fn filter_select(
    id: &'static str,
    label: &'static str,
    any: &'static str,
    options: impl IntoView,
) -> impl IntoView {
    view! {
        <div class="field">
            <label for=format!("filter-{id}")>{label}</label>
            <select id=format!("filter-{id}") name=id>
                <option value="">{any}</option>
                {options}
            </select>
        </div>
    }
}

#[component]
pub fn TasksPage() -> impl IntoView {
    let t = use_texts();
    let lang = use_lang();
    let s = t.tasks;
    let query = use_query_map();
    let filter = move || TaskFilter::parse(|k| query.read().get(k));
    let page = Resource::new_blocking(filter, list_tasks);
    let framework = Resource::new_blocking(|| (), |_| crate::api::framework::get_framework());
    let territory = Resource::new_blocking(|| (), |_| crate::api::framework::get_territory());
    view! {
        <Title text=s.tasks_title/>
        <Suspense fallback=move || view! { <p>{t.loading}</p> }>
            {move || Suspend::new(async move {
                let current = filter();
                let page = match page.await {
                    Ok(page) => page,
                    Err(error) => return error_view(error),
                };
                let framework = framework.await.ok();
                let territory = territory.await.unwrap_or_default();
                let code_options = |items: Vec<(String, String)>, chosen: Option<String>| {
                    items
                        .into_iter()
                        .map(|(code, name)| {
                            let selected = chosen.as_deref() == Some(code.as_str());
                            view! { <option value=code.clone() selected=selected>{format!("{code}. {name}")}</option> }
                        })
                        .collect_view()
                };
                let (objectives, goals, directions) = framework
                    .map(|f| {
                        (
                            f.objectives.iter().map(|o| (o.item.code.clone(), o.item.name.get(lang).to_owned())).collect(),
                            f.goals.iter().map(|g| (g.item.code.clone(), g.item.name.get(lang).to_owned())).collect(),
                            f.directions.iter().map(|d| (d.code.clone(), d.name.get(lang).to_owned())).collect(),
                        )
                    })
                    .unwrap_or_default();
                let place_options = move |places: &[Place], chosen: &Option<String>| {
                    places
                        .iter()
                        .map(|p| {
                            let selected = chosen.as_deref() == Some(p.code.as_str());
                            view! { <option value=p.code.clone() selected=selected>{p.name.get(lang).to_owned()}</option> }
                        })
                        .collect_view()
                };
                let first = (current.after.is_some()).then(|| {
                    let href = format!("/tasks?{}", current.first_page().to_query());
                    view! { <A href=href>{s.first_page}</A> }
                });
                let next = page.next.clone().map(|q| {
                    view! { <A href=format!("/tasks?{q}") attr:rel="next">{s.next_page}" →"</A> }
                });
                let empty = page.rows.is_empty();
                let filtered = current.is_filtered();
                // The lead organisation filter comes from an organisation's page; say which.
                let lead_filter = current.organization_id.map(|id| {
                    let name = page
                        .rows
                        .iter()
                        .find_map(|r| r.lead.as_ref().filter(|o| o.id == id))
                        .map(|o| o.name.get(lang).to_owned())
                        .unwrap_or_else(|| format!("#{id}"));
                    let without = TaskFilter { organization_id: None, ..current.first_page() };
                    view! {
                        <p class="active-filter">
                            {format!("{}: {name} · ", s.col_lead)}
                            <A href=format!("/tasks?{}", without.to_query())>{s.clear}</A>
                        </p>
                    }
                });
                view! {
                    <div class="page-head">
                        <h1>{s.tasks_title}</h1>
                        {page.can_create.then(|| view! { <A href="/tasks/new" attr:class="button">{s.task_new}</A> })}
                    </div>
                    {lead_filter}
                    <details class="filter-box" open=filtered>
                        <summary>{s.filter_title}</summary>
                        <Form method="GET" action="" attr:class="filters">
                            <div class="field">
                                <label for="filter-q">{t.search}</label>
                                <input id="filter-q" type="search" name="q" placeholder=s.search_hint value=current.q.clone().unwrap_or_default()/>
                            </div>
                            {filter_select("status", t.status, s.any, options(Status::ALL, current.status, |v| v.as_str().to_owned(), |v| v.label(t).to_owned()))}
                            {filter_select("category", s.category, s.any, options(Category::ALL.iter().copied(), current.category, |v| v.as_str().to_owned(), |v| v.label(t).to_owned()))}
                            {filter_select("direction", s.direction, s.any, code_options(directions, current.direction.clone()))}
                            {filter_select("goal", s.goal, s.any, code_options(goals, current.goal.clone()))}
                            {filter_select("objective", s.objective, s.any, code_options(objectives, current.objective.clone()))}
                            {filter_select("kind", s.organization_kind, s.any, options(OrgKind::ALL, current.org_kind, |v| v.as_str().to_owned(), |v| v.label(t).to_owned()))}
                            {filter_select("region", t.region, s.any, place_options(&territory.regions, &current.region_code))}
                            {filter_select("district", t.district, s.any, place_options(&territory.districts, &current.district_code))}
                            <div class="field">
                                <label for="filter-due-from">{s.due_from}</label>
                                <input id="filter-due-from" type="date" name="due_from" value=current.due_from.map(date_to_iso).unwrap_or_default()/>
                            </div>
                            <div class="field">
                                <label for="filter-due-to">{s.due_to}</label>
                                <input id="filter-due-to" type="date" name="due_to" value=current.due_to.map(date_to_iso).unwrap_or_default()/>
                            </div>
                            <div class="field">
                                <label for="filter-sort">{s.sort}</label>
                                <select id="filter-sort" name="sort">
                                    {TaskSort::ALL.into_iter().map(|sort| {
                                        let label = match sort {
                                            TaskSort::Due => s.sort_due,
                                            TaskSort::DueDesc => s.sort_due_desc,
                                            TaskSort::Newest => s.sort_newest,
                                            TaskSort::Priority => s.sort_priority,
                                        };
                                        view! { <option value=sort.as_str() selected=current.sort == sort>{label}</option> }
                                    }).collect_view()}
                                </select>
                            </div>
                            <div class="field checkbox">
                                <input id="filter-overdue" type="checkbox" name="overdue" value="1" checked=current.overdue/>
                                <label for="filter-overdue">{s.overdue_only}</label>
                            </div>
                            {current.organization_id.map(|o| view! { <input type="hidden" name="organization" value=o.to_string()/> })}
                            {current.parent.map(|p| view! { <input type="hidden" name="parent" value=p.to_string()/> })}
                            <div class="filter-actions">
                                <button type="submit">{s.apply}</button>
                                <A href="/tasks">{s.clear}</A>
                            </div>
                        </Form>
                    </details>
                    {if empty {
                        view! { <p>{s.no_tasks}</p> }.into_any()
                    } else {
                        view! { <TaskTable rows=page.rows.clone()/> }.into_any()
                    }}
                    <nav class="pager" aria-label=s.tasks_title>{first}{next}</nav>
                }
                .into_any()
            })}
        </Suspense>
    }
}

fn org_choices(choices: &TaskFormChoices, lang: Lang, t: &'static Texts) -> Choices {
    Choices {
        groups: OrgKind::ALL
            .into_iter()
            .filter(|kind| *kind != OrgKind::CoordinatingBody)
            .map(|kind| {
                let options = choices
                    .organizations
                    .iter()
                    .filter(|(_, k)| *k == kind)
                    .map(|(org, _)| (org.id.to_string(), org.name.get(lang).to_owned()))
                    .collect();
                (kind.label(t).to_owned(), options)
            })
            .filter(|(_, options): &(String, Vec<(String, String)>)| !options.is_empty())
            .collect(),
    }
}

fn flat<T: Copy>(
    all: &[T],
    value: impl Fn(T) -> &'static str,
    label: impl Fn(T) -> &'static str,
) -> Choices {
    Choices::flat(
        all.iter()
            .map(|v| (value(*v).to_owned(), label(*v).to_owned())),
    )
}

/// What a new task's form starts with: the writer's language, one lead, the whole country,
/// today, normal priority.
pub fn new_task_form(lang: Lang, today: time::Date) -> TaskForm {
    TaskForm {
        written_in: lang.code().to_owned(),
        assign_to: "one".to_owned(),
        coverage: "national".to_owned(),
        start_date: date_to_iso(today),
        priority: "normal".to_owned(),
        ..TaskForm::default()
    }
}

/// The fields of the task form, filled with `initial` (what a draft holds, or a new task's
/// defaults). `many` offers assignment to many organisations (new tasks only).
#[component]
pub fn TaskFields(
    choices: TaskFormChoices,
    initial: TaskForm,
    error: FormError,
    #[prop(optional)] many: bool,
) -> impl IntoView {
    let f = initial;
    let t = use_texts();
    let lang = use_lang();
    let s = t.tasks;
    let langs = Choices::flat(
        Lang::ALL
            .into_iter()
            .map(|l| (l.code().to_owned(), l.native_name().to_owned())),
    );
    let objectives = choices
        .framework
        .objectives
        .iter()
        .map(|o| {
            (
                o.item.code.clone(),
                format!("{}. {}", o.item.code, o.item.name.get(lang)),
            )
        })
        .collect();
    let principles = choices
        .framework
        .principles
        .iter()
        .map(|p| (p.code.clone(), format!("{}. {}", p.code, p.name.get(lang))))
        .collect();
    let organizations = org_choices(&choices, lang, t);
    let territory = &choices.territory;
    let titles = [f.title_ky.clone(), f.title_ru.clone(), f.title_en.clone()];
    let descriptions = [
        f.description_ky.clone(),
        f.description_ru.clone(),
        f.description_en.clone(),
    ];
    let title_fields = Lang::ALL
        .into_iter()
        .enumerate()
        .map(|(i, l)| {
            let name = ["title_ky", "title_ru", "title_en"][i];
            let value = titles[i].clone();
            view! { <TextField label=s.title_in[i] name=name value maxlength=300 error lang=l.code()/> }
        })
        .collect_view();
    let description_fields = Lang::ALL
        .into_iter()
        .enumerate()
        .map(|(i, l)| {
            let name = ["description_ky", "description_ru", "description_en"][i];
            let value = descriptions[i].clone();
            view! { <TextArea label=s.description_in[i] name=name value error lang=l.code()/> }
        })
        .collect_view();
    view! {
        <fieldset class="form-section">
            <legend>{s.section_what}</legend>
            <SelectField label=s.written_in name="written_in" choices=langs value=f.written_in.clone() required=true hint=s.written_in_hint error/>
            {title_fields}
            {description_fields}
            <SelectField label=s.category name="category" choices=flat(Category::ALL, Category::as_str, |c| c.label(t)) value=f.category.clone() blank=t.none required=true hint=s.category_hint error/>
            <div data-show-when=show_when("category", "enforcement")>
                <SelectField label=s.enforcement_focus name="enforcement_focus" choices=flat(EnforcementFocus::ALL, EnforcementFocus::as_str, |v| v.label(t)) value=f.enforcement_focus.clone() blank=t.none hint=s.enforcement_focus_hint error/>
            </div>
            <CheckboxGroup legend=s.objectives name="objectives[]" options=objectives checked=f.objectives.clone() required=true hint=s.objectives_hint error/>
            <ConfirmObjectives error/>
            <ObjectivesOfCategory/>
            <CheckboxGroup legend=s.principles name="principles[]" options=principles checked=f.principles.clone() error/>
            <TextArea label=s.expected_result name="expected_result" value=f.expected_result.clone() rows=3 error/>
            <TextField label=s.target_value name="target_value" value=f.target_value.clone() hint=s.target_hint maxlength=20 error/>
            <TextField label=s.target_unit name="target_unit" value=f.target_unit.clone() maxlength=50 error/>
        </fieldset>
        <fieldset class="form-section">
            <legend>{s.section_who}</legend>
            {if many {
                view! {
                    <RadioGroup legend=s.assign_to name="assign_to" options=vec![("one", s.assign_one), ("many", s.assign_many)] value=f.assign_to.clone() error/>
                }
                .into_any()
            } else {
                view! { <input type="hidden" name=posted("assign_to") value="one"/> }.into_any()
            }}
            <div data-show-when=show_when("assign_to", "one")>
                <SelectField label=s.lead_organization name="lead_organization_id" choices=organizations.clone() value=f.lead_organization_id.clone() blank=t.none error/>
                <MultiSelect label=s.supporting name="supporting[]" choices=organizations selected=f.supporting.clone() hint=s.supporting_hint error/>
            </div>
            {many.then(|| view! {
            <div data-show-when=show_when("assign_to", "many")>
                <SelectField label=s.organization_kind name="bulk_kind" choices=flat(&OrgKind::ALL[1..], OrgKind::as_str, |k| k.label(t)) blank=s.any hint=s.bulk_hint error/>
                <SelectField label=t.region name="bulk_region" choices=place_choices(&territory.regions, &[], lang) blank=s.any error/>
                <SelectField label=t.district name="bulk_district" choices=place_choices(&territory.districts, &territory.regions, lang) blank=s.any error/>
            </div>
            })}
        </fieldset>
        <fieldset class="form-section">
            <legend>{s.section_where_when}</legend>
            <SelectField label=s.coverage name="coverage" choices=flat(Coverage::ALL, Coverage::as_str, |c| c.label(t)) value=f.coverage.clone() required=true error/>
            <div data-show-when=show_when("coverage", "region|district|municipality")>
                <SelectField label=t.region name="region_code" choices=place_choices(&territory.regions, &[], lang) value=f.region_code.clone() blank=t.none error/>
            </div>
            <div data-show-when=show_when("coverage", "district|municipality")>
                <SelectField label=t.district name="district_code" choices=place_choices(&territory.districts, &territory.regions, lang) value=f.district_code.clone() blank=t.none error/>
            </div>
            <div data-show-when=show_when("coverage", "municipality")>
                <SelectField label=t.municipality name="municipality_code" choices=place_choices(&territory.municipalities, &territory.districts, lang) value=f.municipality_code.clone() blank=t.none error/>
            </div>
            <TextField label=s.start_date name="start_date" input_type="date" value=f.start_date.clone() required=true error/>
            <TextField label=s.due_date name="due_date" input_type="date" value=f.due_date.clone() required=true error/>
            <SelectField label=s.priority name="priority" choices=flat(Priority::ALL, Priority::as_str, |p| p.label(t)) value=f.priority.clone() required=true error/>
        </fieldset>
    }
}

#[component]
pub fn NewTaskPage() -> impl IntoView {
    let t = use_texts();
    let s = t.tasks;
    let choices = Resource::new_blocking(|| (), |_| get_task_form_choices());
    let create = ServerAction::<CreateTask>::new();
    let error = form_error(create);
    view! {
        <Title text=s.task_new/>
        <Suspense fallback=move || view! { <p>{t.loading}</p> }>
            {move || Suspend::new(async move {
                match choices.await {
                    Err(error) => error_view(error),
                    Ok(choices) => view! {
                        <h1>{s.task_new}</h1>
                        <ActionForm action=create attr:class="stack task-form" attr:novalidate=true>
                            <FieldSwitches/>
                            <FormAlert error/>
                            <FormFields>
                                <TaskFields initial=new_task_form(use_lang(), choices.today) choices error many=true/>
                                <TaskButtons/>
                            </FormFields>
                        </ActionForm>
                    }
                    .into_any(),
                }
            })}
        </Suspense>
    }
}

/// Assign now, or keep as a draft.
#[component]
pub fn TaskButtons() -> impl IntoView {
    let s = use_texts().tasks;
    view! {
        <div class="form-actions">
            <button type="submit" name=posted("intent") value="assign" class="primary">{s.assign_now}</button>
            <button type="submit" name=posted("intent") value="draft">{s.save_draft}</button>
        </div>
    }
}

/// Once the server has warned that none of the objectives is one the category normally serves,
/// a box to tick to save them all the same (every other input stays as typed).
#[component]
fn ConfirmObjectives(error: FormError) -> impl IntoView {
    let t = use_texts();
    let warned = move || {
        error.get().is_some_and(|e| {
            e.form_errors().and_then(|f| f.problem("objectives"))
                == Some(crate::error::Problem::ObjectivesOutsideCategory)
        })
    };
    move || {
        warned().then(|| {
            view! {
                <div class="field confirm">
                    <label>
                        <input type="checkbox" name=posted("confirm_objectives") value="on"/>
                        " "
                        {t.tasks.confirm_objectives}
                    </label>
                </div>
            }
        })
    }
}

/// The objectives each category normally serves, for the island that ticks them when a
/// category is chosen: `data-category-objectives="category=O1 O5;…"`.
#[component]
fn ObjectivesOfCategory() -> impl IntoView {
    let table = Category::ALL
        .iter()
        .map(|c| format!("{}={}", c.as_str(), c.objectives().join(" ")))
        .collect::<Vec<_>>()
        .join(";");
    view! {
        <div
            hidden
            data-category-objectives=table
            data-category-field=posted("category")
            data-objectives-field=posted("objectives[]")
        ></div>
        <crate::components::switches::TickObjectives/>
    }
}
