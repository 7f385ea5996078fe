//! One task: what it is, who leads it, where it stands (with the roll-up of a bulk
//! assignment), the moves the viewer may make, the discussion and the full history.

use crate::api::tasks::{CommentTask, MoveTask, UpdateTask, get_task_form_choices, get_task_page};
use crate::components::{
    form::{
        Choices, FormAlert, FormFields, Notice, SelectField, TextArea, TextField, form_error,
        posted,
    },
    outcome::error_view,
    route::use_record_key,
    switches::FieldSwitches,
};
use crate::domain::{
    tasks::inputs::date_to_iso,
    tasks::views::{HistoryEvent, HistoryField, HistoryValue, TaskPage as TaskData},
    tasks::workflow::Move,
};
use crate::error::AppError;
use crate::i18n::{
    Lang, Texts, format_date, format_datetime, format_decimal, format_number, use_lang, use_texts,
};
use crate::pages::tasks::{StatusBadge, TaskButtons, TaskFields, TaskTable, task_title};
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::{components::A, hooks::use_query_map};

#[component]
pub fn TaskPage() -> impl IntoView {
    let t = use_texts();
    let s = t.tasks;
    let query = use_query_map();
    let key = use_record_key();
    let reports = crate::pages::report::task_reports_resource({
        let key = key.clone();
        move || key().0
    });
    let page = Resource::new_blocking(key, |(id, _)| async move {
        match id {
            Some(id) => get_task_page(id).await,
            None => Err(AppError::NotFound),
        }
    });
    let done = Signal::derive(move || match query.read().get("done").as_deref() {
        Some("created") => Some(s.task_created),
        Some("saved") => Some(t.saved),
        Some("comment") => Some(s.comment_added),
        Some(mv) if Move::parse(mv).is_some() => Some(s.task_updated),
        _ => None,
    });
    view! {
        <Suspense fallback=move || view! { <p>{t.loading}</p> }>
            {move || Suspend::new(async move {
                match page.await {
                    Err(error) => error_view(error),
                    Ok(task) => view! { <TaskDetails task reports done/> }.into_any(),
                }
            })}
        </Suspense>
    }
}

fn names(items: &[crate::domain::tasks::views::CodeName], lang: Lang) -> String {
    items
        .iter()
        .map(|i| format!("{}. {}", i.code, i.name.get(lang)))
        .collect::<Vec<_>>()
        .join("; ")
}

#[component]
fn TaskDetails(
    task: TaskData,
    reports: Resource<Result<crate::domain::reports::views::TaskReports, AppError>>,
    done: Signal<Option<&'static str>>,
) -> impl IntoView {
    let t = use_texts();
    let lang = use_lang();
    let s = t.tasks;
    let title = task_title(&task.title, lang, t);
    let description = task.description.get(lang).to_owned();
    let place = task
        .place
        .as_ref()
        .map(|p| format!("{} ({})", p.get(lang), task.coverage.label(t)))
        .unwrap_or_else(|| task.coverage.label(t).to_owned());
    let lead = task.lead.as_ref().map(|o| {
        let name = o.name.get(lang).to_owned();
        view! { <A href=format!("/organizations/{}", o.id)>{name}</A> }
    });
    let supporting = task
        .supporting
        .iter()
        .map(|o| o.name.get(lang).to_owned())
        .collect::<Vec<_>>()
        .join("; ");
    let target = task
        .target
        .as_ref()
        .map(|(value, unit)| format!("{} {unit}", format_decimal(lang, *value)));
    let row = |label: &'static str, value: String| {
        (!value.is_empty()).then(|| view! { <div><dt>{label}</dt><dd>{value}</dd></div> })
    };
    let parent = task.parent.as_ref().map(|(id, parent_title)| {
        let parent_title = task_title(parent_title, lang, t);
        view! {
            <p class="breadcrumb">
                {s.part_of}": "
                <A href=format!("/tasks/{id}")>{parent_title}</A>
            </p>
        }
    });
    let rollup = task.rollup.clone().map(|rollup| {
        let counts = rollup
            .by_status
            .iter()
            .map(|(status, n)| {
                view! { <div><dt>{status.label(t)}</dt><dd>{format_number(lang, *n)}</dd></div> }
            })
            .collect_view();
        let all = format!("/tasks?parent={}", task.id);
        view! {
            <section aria-labelledby="rollup-heading">
                <h2 id="rollup-heading">{s.rollup_title}</h2>
                <dl class="rollup" data-testid="rollup">
                    <div><dt>{s.rollup_total}</dt><dd>{format_number(lang, rollup.total)}</dd></div>
                    {counts}
                    <div><dt>{s.overdue}</dt><dd>{format_number(lang, rollup.overdue)}</dd></div>
                </dl>
                <h3>{s.children_title}</h3>
                <TaskTable rows=task.children.clone()/>
                <p><A href=all>{s.all_children}</A></p>
            </section>
        }
    });
    let moves = (!task.moves.is_empty()).then(|| {
        let forms = task
            .moves
            .iter()
            .enumerate()
            .map(|(i, mv)| view! { <MoveForm task=task.clone() mv=*mv first=i == 0/> })
            .collect_view();
        view! {
            <section aria-labelledby="moves-heading" class="moves">
                <h2 id="moves-heading">{s.actions_title}</h2>
                {task.is_group.then(|| view! { <p class="hint">{s.group_moves_note}</p> })}
                <div class="move-forms">{forms}</div>
            </section>
        }
    });
    view! {
        <Title text=title.clone()/>
        <Notice text=done/>
        {parent}
        <h1>{title}</h1>
        <p class="task-status">
            <StatusBadge status=task.status overdue=task.overdue/>
            {task.draft_form.is_some().then(|| view! {
                " " <A href=format!("/tasks/{}/edit", task.id) attr:class="button">{s.edit_draft}</A>
            })}
        </p>
        {(!description.is_empty()).then(|| view! { <p class="task-description">{description}</p> })}
        <dl class="details">
            {row(s.category, task.category.label(t).to_owned())}
            {row(s.enforcement_focus, task.enforcement_focus.map(|f| f.label(t).to_owned()).unwrap_or_default())}
            {row(s.objectives, names(&task.objectives, lang))}
            {row(s.goal, names(&task.goals, lang))}
            {row(s.direction, names(&task.directions, lang))}
            {row(t.principles, names(&task.principles, lang))}
            <div><dt>{s.lead_organization}</dt><dd>{match lead { Some(link) => link.into_any(), None => s.group_badge.into_any() }}</dd></div>
            {row(s.supporting_orgs, supporting)}
            {row(s.place, place)}
            {row(s.start_date, format_date(lang, task.start_date))}
            {row(s.due_date, format_date(lang, task.due_date))}
            {row(s.priority, task.priority.label(t).to_owned())}
            {row(s.expected_result, task.expected_result.clone())}
            {row(s.target, target.unwrap_or_default())}
            {row(s.result_statement, task.result_statement.clone())}
            {row(s.created_by, format!("{} · {}", task.created_by, format_datetime(lang, task.created_at)))}
        </dl>
        {rollup}
        {moves}
        <crate::pages::report::TaskReports task_id=task.id data=reports/>
        <Comments task=task.clone()/>
        <History events=task.history.clone()/>
    }
}

/// One move's form: a button, with the note, new lead or new date the move needs. Field
/// problems show in the form of the move they belong to; a refusal of the whole move (the
/// task changed meanwhile, say) shows once, in the first form.
#[component]
fn MoveForm(task: TaskData, mv: Move, first: bool) -> impl IntoView {
    let t = use_texts();
    let lang = use_lang();
    let s = t.tasks;
    let action = ServerAction::<MoveTask>::new();
    let any_error = form_error(action);
    let error = Signal::derive(move || {
        any_error.get().filter(|e| match e.form_errors() {
            Some(fields) => fields.value("mv") == Some(mv.as_str()),
            None => first,
        })
    });
    let note_label = if mv == Move::Complete {
        s.note_result
    } else {
        s.note
    };
    let lead = (mv == Move::Reassign).then(|| {
        let choices = Choices::flat(
            task.reassign_choices
                .iter()
                .map(|o| (o.id.to_string(), o.name.get(lang).to_owned())),
        );
        view! { <SelectField label=s.new_lead name="lead_organization_id" choices blank=t.none required=true error form=mv.as_str()/> }
    });
    let due = (mv == Move::Reschedule).then(|| {
        view! { <TextField label=s.new_due_date name="due_date" input_type="date" value=date_to_iso(task.due_date) required=true error form=mv.as_str()/> }
    });
    let danger = matches!(mv, Move::Cancel | Move::Decline | Move::Return);
    view! {
        <ActionForm action attr:class=format!("stack move move-{}", mv.as_str()) attr:novalidate=true>
            <FormAlert error/>
            <input type="hidden" name="task_id" value=task.id.0/>
            <input type="hidden" name="version" value=task.version/>
            <FormFields>
                <input type="hidden" name=posted("mv") value=mv.as_str()/>
                {lead}
                {due}
                {mv.needs_note().then(|| view! {
                    <TextArea label=note_label name="note" rows=2 required=true error form=mv.as_str()/>
                })}
            </FormFields>
            <button type="submit" class=if danger { "danger" } else { "primary" }>{mv.label(t)}</button>
        </ActionForm>
    }
}

#[component]
fn Comments(task: TaskData) -> impl IntoView {
    let t = use_texts();
    let lang = use_lang();
    let s = t.tasks;
    let action = ServerAction::<CommentTask>::new();
    let error = form_error(action);
    let list = if task.comments.is_empty() {
        view! { <p>{s.no_comments}</p> }.into_any()
    } else {
        let items = task
            .comments
            .iter()
            .map(|c| {
                view! {
                    <li class="comment">
                        <p class="comment-meta">
                            <strong>{c.author.clone()}</strong>
                            {format!(" · {} · {}", c.organization.get(lang), format_datetime(lang, c.created_at))}
                        </p>
                        <p class="comment-body">{c.body.clone()}</p>
                    </li>
                }
            })
            .collect_view();
        view! { <ol class="comments">{items}</ol> }.into_any()
    };
    view! {
        <section id="comments" aria-labelledby="comments-heading">
            <h2 id="comments-heading">{s.comments_title}</h2>
            {list}
            {task.may_comment.then(|| view! {
                <ActionForm action attr:class="stack" attr:novalidate=true>
                    <FormAlert error/>
                    <input type="hidden" name="task_id" value=task.id.0/>
                    <TextArea label=s.comment_label name="body" rows=3 required=true error/>
                    <button type="submit">{s.comment_submit}</button>
                </ActionForm>
            })}
        </section>
    }
}

fn value_text(value: &HistoryValue, lang: Lang, t: &Texts) -> String {
    match value {
        HistoryValue::None => String::new(),
        HistoryValue::Text(text) => text.clone(),
        HistoryValue::Status(status) => status.label(t).to_owned(),
        HistoryValue::Date(date) => format_date(lang, *date),
        HistoryValue::Organization(name) => name.get(lang).to_owned(),
    }
}

#[component]
fn History(events: Vec<HistoryEvent>) -> impl IntoView {
    let t = use_texts();
    let lang = use_lang();
    let s = t.tasks;
    let rows = events
        .iter()
        .map(|e| {
            let field = match e.field {
                HistoryField::Created => s.field_created,
                HistoryField::Edited => s.field_edited,
                HistoryField::Status => s.field_status,
                HistoryField::Lead => s.field_lead,
                HistoryField::DueDate => s.field_due_date,
                HistoryField::Result => s.field_result,
            };
            let old = value_text(&e.old_value, lang, t);
            let new = value_text(&e.new_value, lang, t);
            let change = match (old.is_empty(), e.field) {
                (_, HistoryField::Result) => String::new(),
                (true, _) => new,
                (false, _) => format!("{old} → {new}"),
            };
            view! {
                <tr>
                    <td class="card-title">{format_datetime(lang, e.created_at)}</td>
                    <td data-label=s.history_who>{e.actor.clone()}</td>
                    <td data-label=s.history_what>{field}</td>
                    <td data-label=s.history_change>{change}</td>
                    <td data-label=s.history_note>{e.note.clone()}</td>
                </tr>
            }
        })
        .collect_view();
    view! {
        <section aria-labelledby="history-heading">
            <h2 id="history-heading">{s.history_title}</h2>
            <div class="table-wrap">
                <table class="cards" data-testid="history">
                    <thead>
                        <tr>
                            <th scope="col">{s.history_when}</th>
                            <th scope="col">{s.history_who}</th>
                            <th scope="col">{s.history_what}</th>
                            <th scope="col">{s.history_change}</th>
                            <th scope="col">{s.history_note}</th>
                        </tr>
                    </thead>
                    <tbody>{rows}</tbody>
                </table>
            </div>
        </section>
    }
}

/// A coordinator's edit of a draft: the task form filled with what the draft holds.
#[component]
pub fn EditTaskPage() -> impl IntoView {
    let t = use_texts();
    let s = t.tasks;
    let key = use_record_key();
    let page = Resource::new_blocking(key, |(id, _)| async move {
        match id {
            Some(id) => get_task_page(id).await,
            None => Err(AppError::NotFound),
        }
    });
    let choices = Resource::new_blocking(|| (), |_| get_task_form_choices());
    let update = ServerAction::<UpdateTask>::new();
    let error = form_error(update);
    view! {
        <Title text=s.edit_draft/>
        <Suspense fallback=move || view! { <p>{t.loading}</p> }>
            {move || Suspend::new(async move {
                let (task, choices) = match (page.await, choices.await) {
                    (Ok(task), Ok(choices)) => (task, choices),
                    (Err(error), _) | (_, Err(error)) => return error_view(error),
                };
                let Some(initial) = task.draft_form.clone() else {
                    return error_view(AppError::MoveNotAllowed);
                };
                view! {
                    <h1>{s.edit_draft}</h1>
                    <ActionForm action=update attr:class="stack task-form" attr:novalidate=true>
                        <FieldSwitches/>
                        <FormAlert error/>
                        <input type="hidden" name="task_id" value=task.id.0/>
                        <input type="hidden" name="version" value=task.version/>
                        <FormFields>
                            <TaskFields choices initial error/>
                            <TaskButtons/>
                        </FormFields>
                    </ActionForm>
                }
                .into_any()
            })}
        </Suspense>
    }
}
