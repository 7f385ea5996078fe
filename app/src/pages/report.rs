//! One report: its content, evidence, review and history, and the moves the viewer may make;
//! the report form (text and evidence files in one multipart form that works without
//! JavaScript); and the reports section of a task's page.

use crate::api::reports::{
    MoveReport, RemoveEvidence, StartReport, get_report_edit, get_report_page, get_task_reports,
};
use crate::components::{
    form::{Choices, FormAlert, FormError, Notice, SelectField, TextArea, TextField, form_error},
    outcome::error_view,
    route::use_record_key,
};
use crate::domain::{
    evidence::{FileKind, MAX_BYTES},
    ids::TaskId,
    reports::inputs::{CELL_FIELDS, Reach},
    reports::views::{
        EvidenceItem, ReportChange, ReportField, ReportPage as ReportData,
        TaskReports as TaskReportsData,
    },
    reports::workflow::{ReportMove, ReportStatus},
    tasks::fields::EnforcementFocus,
    tasks::inputs::date_to_iso,
};
use crate::error::AppError;
use crate::i18n::{Texts, format_datetime, format_decimal, format_number, use_lang, use_texts};
use crate::pages::reports::{ReportStatusBadge, ReportTable, period_label};
use crate::pages::tasks::task_title;
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::{components::A, hooks::use_query_map};

fn age_label(i: usize, t: &Texts) -> &'static str {
    let s = t.reports;
    [s.age_under_18, s.age_18_29, s.age_30_49, s.age_50_plus][i]
}

fn field_label(field: ReportField, t: &Texts) -> String {
    let s = t.reports;
    match field {
        ReportField::Percent => s.percent_complete.to_owned(),
        ReportField::WorkDone => s.work_done.to_owned(),
        ReportField::Results => s.results.to_owned(),
        ReportField::ResultValue => s.result_value.to_owned(),
        ReportField::ReachedTotal => s.reached_total.to_owned(),
        ReportField::Cell(i) => {
            let sex = if i < 4 { s.female } else { s.male };
            format!("{sex}, {}", age_label(i % 4, t))
        }
        ReportField::Problems => s.problems.to_owned(),
        ReportField::SupportNeeded => s.support_needed.to_owned(),
        ReportField::EnforcementFocus => t.tasks.enforcement_focus.to_owned(),
        ReportField::Evidence => s.evidence.to_owned(),
    }
}

fn size_text(bytes: i64, lang: crate::i18n::Lang) -> String {
    if bytes >= 1024 * 1024 {
        format!(
            "{} MB",
            format_decimal(lang, (bytes as f64 / 1048576.0 * 10.0).round() / 10.0)
        )
    } else {
        format!("{} KB", format_number(lang, (bytes + 1023) / 1024))
    }
}

/// People reached as a table: sexes by age groups, with the total.
#[component]
pub fn ReachTable(reach: Reach) -> impl IntoView {
    let t = use_texts();
    let lang = use_lang();
    let s = t.reports;
    let cell = |n: Option<i64>| {
        n.map(|n| format_number(lang, n))
            .unwrap_or_else(|| "—".to_owned())
    };
    let rows = [(s.female, 0usize), (s.male, 1)]
        .into_iter()
        .map(|(label, sex)| {
            let cells = (0..4)
                .map(|age| view! { <td>{cell(reach.cells[sex * 4 + age])}</td> })
                .collect_view();
            view! { <tr><th scope="row">{label}</th>{cells}</tr> }
        })
        .collect_view();
    view! {
        <div class="table-wrap">
            <table class="reach" data-testid="reach">
                <caption>{format!("{}: {}", s.reached_total, cell(reach.total))}</caption>
                <thead>
                    <tr>
                        <td></td>
                        {(0..4).map(|i| view! { <th scope="col">{age_label(i, t)}</th> }).collect_view()}
                    </tr>
                </thead>
                <tbody>{rows}</tbody>
            </table>
        </div>
    }
}

/// Where a listed file can be taken off: a report or an activity still being written.
#[derive(Clone, Copy, Debug)]
pub enum Removal {
    Report(i64),
    Activity(i64),
}

/// A remove button for one file.
#[component]
fn RemoveFile(removal: Removal, file_id: i64, name: String) -> impl IntoView {
    let t = use_texts();
    let s = t.reports;
    let label = format!("{} {name}", s.remove_file);
    match removal {
        Removal::Report(id) => {
            let action = ServerAction::<RemoveEvidence>::new();
            view! {
                <ActionForm action attr:class="inline-form">
                    <input type="hidden" name="report_id" value=id/>
                    <input type="hidden" name="file_id" value=file_id/>
                    <button type="submit" class="link-button" aria-label=label>{s.remove_file}</button>
                </ActionForm>
            }
            .into_any()
        }
        Removal::Activity(id) => {
            let action = ServerAction::<crate::api::activities::RemoveActivityFile>::new();
            view! {
                <ActionForm action attr:class="inline-form">
                    <input type="hidden" name="activity_id" value=id/>
                    <input type="hidden" name="file_id" value=file_id/>
                    <button type="submit" class="link-button" aria-label=label>{s.remove_file}</button>
                </ActionForm>
            }
            .into_any()
        }
    }
}

/// Evidence files as download links, with remove buttons while their owner is being written.
#[component]
pub fn EvidenceList(
    items: Vec<EvidenceItem>,
    #[prop(optional)] removal: Option<Removal>,
) -> impl IntoView {
    let t = use_texts();
    let lang = use_lang();
    let s = t.reports;
    if items.is_empty() {
        return view! { <p>{s.no_evidence}</p> }.into_any();
    }
    let list = items
        .into_iter()
        .map(|f| {
            let meta = format!(
                " · {} · {} · {}",
                f.kind.as_str().to_uppercase(),
                size_text(f.size_bytes, lang),
                f.uploaded_by
            );
            let name = f.name.clone();
            view! {
                <li>
                    <a href=format!("/files/{}", f.id) download=name.clone()>{name.clone()}</a>
                    <span class="hint">{meta}</span>
                    {removal.map(|removal| view! { " " <RemoveFile removal file_id=f.id.0 name=f.name.clone()/> })}
                </li>
            }
        })
        .collect_view();
    view! { <ul class="evidence" data-testid="evidence">{list}</ul> }.into_any()
}

#[component]
pub fn ReportPage() -> impl IntoView {
    let t = use_texts();
    let s = t.reports;
    let query = use_query_map();
    let key = use_record_key();
    let page = Resource::new_blocking(key, |(id, _)| async move {
        match id {
            Some(id) => get_report_page(id).await,
            None => Err(AppError::NotFound),
        }
    });
    let done = Signal::derive(move || match query.read().get("done").as_deref() {
        Some("saved") => Some(t.saved),
        Some("submitted") => Some(s.report_submitted),
        Some(mv) if ReportMove::parse(mv).is_some() => Some(s.report_updated),
        _ => None,
    });
    view! {
        <Suspense fallback=move || view! { <p>{t.loading}</p> }>
            {move || Suspend::new(async move {
                match page.await {
                    Err(error) => error_view(error),
                    Ok(report) => view! { <ReportDetails report done/> }.into_any(),
                }
            })}
        </Suspense>
    }
}

#[component]
fn ReportDetails(report: ReportData, done: Signal<Option<&'static str>>) -> impl IntoView {
    let t = use_texts();
    let lang = use_lang();
    let s = t.reports;
    let title = format!(
        "{} · {}",
        task_title(&report.task_title, lang, t),
        period_label(&report.period, t)
    );
    let c = report.content.clone();
    let row = |label: &'static str, value: String| {
        (!value.is_empty())
            .then(|| view! { <div><dt>{label}</dt><dd class="prose">{value}</dd></div> })
    };
    let result = c.result_value.map(|v| {
        let unit = report
            .target
            .as_ref()
            .map(|(_, u)| u.clone())
            .unwrap_or_default();
        match &report.target {
            Some((target, _)) => format!(
                "{} / {} {unit}",
                format_decimal(lang, v),
                format_decimal(lang, *target)
            ),
            None => format!("{} {unit}", format_decimal(lang, v)),
        }
    });
    let review = (!report.review_comment.is_empty()).then(|| {
        view! {
            <div class="alert" role="note">
                <strong>{s.review_comment}": "</strong>{report.review_comment.clone()}
            </div>
        }
    });
    let moves = (!report.moves.is_empty()).then(|| {
        let forms = report
            .moves
            .iter()
            .enumerate()
            .map(|(i, mv)| view! { <ReportMoveForm report=report.clone() mv=*mv first=i == 0/> })
            .collect_view();
        view! {
            <section aria-labelledby="report-moves" class="moves">
                <h2 id="report-moves">{t.tasks.actions_title}</h2>
                <div class="move-forms">{forms}</div>
            </section>
        }
    });
    let changes =
        (!report.changes.is_empty()).then(|| view! { <Changes changes=report.changes.clone()/> });
    let revisions = (!report.revisions.is_empty()).then(|| {
        let links = report
            .revisions
            .iter()
            .map(|r| {
                view! { <li><A href=format!("/reports/{}", r.id)>{format!("{} {}", s.revision, r.revision)}</A>" "<ReportStatusBadge status=Some(r.status) late=false/></li> }
            })
            .collect_view();
        view! { <section aria-labelledby="revisions"><h2 id="revisions">{s.other_revisions}</h2><ul>{links}</ul></section> }
    });
    let history = report
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
    view! {
        <Title text=title.clone()/>
        <Notice text=done/>
        <p class="breadcrumb"><A href=format!("/tasks/{}", report.task_id)>{task_title(&report.task_title, lang, t)}</A></p>
        <h1>{format!("{}: {}", s.report, period_label(&report.period, t))}</h1>
        <p class="task-status">
            <ReportStatusBadge status=Some(report.status) late=report.is_late/>
            {(report.revision > 1).then(|| format!(" {} {}", s.revision, report.revision))}
            {report.may_edit.then(|| view! { " " <A href=format!("/reports/{}/edit", report.id) attr:class="button">{s.edit_report}</A> })}
        </p>
        {review}
        <dl class="details">
            {row(s.organization, report.organization.name.get(lang).to_owned())}
            {row(s.period, format!("{} – {}", crate::i18n::format_date(lang, report.period.start), crate::i18n::format_date(lang, report.period.end)))}
            {row(s.deadline, crate::i18n::format_date(lang, report.period.deadline))}
            {row(s.submitted_at, report.submitted_at.map(|at| format_datetime(lang, at)).unwrap_or_default())}
            {row(s.percent_complete, c.percent_complete.map(|p| format!("{p}%")).unwrap_or_default())}
            {row(s.work_done, c.work_done.clone())}
            {row(s.results, c.results.clone())}
            {row(s.result_value, result.unwrap_or_default())}
            {row(t.tasks.enforcement_focus, c.enforcement_focus.map(|f| f.label(t).to_owned()).unwrap_or_default())}
            {row(s.problems, c.problems.clone())}
            {row(s.support_needed, c.support_needed.clone())}
        </dl>
        {(!c.reach.is_empty()).then(|| view! { <h2>{s.people_reached}</h2><ReachTable reach=c.reach/> })}
        <section aria-labelledby="evidence-heading">
            <h2 id="evidence-heading">{s.evidence}</h2>
            <EvidenceList items=report.evidence.clone()/>
        </section>
        {changes}
        {moves}
        {revisions}
        <section aria-labelledby="report-history">
            <h2 id="report-history">{t.tasks.history_title}</h2>
            <div class="table-wrap">
                <table class="cards" data-testid="report-history">
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
fn Changes(changes: Vec<ReportChange>) -> impl IntoView {
    let t = use_texts();
    let s = t.reports;
    let rows = changes
        .into_iter()
        .map(|c| {
            // A focus is stored as its code: show its name.
            let shown = |v: String| match c.field {
                ReportField::EnforcementFocus => {
                    EnforcementFocus::parse(&v).map_or(v, |f| f.label(t).to_owned())
                }
                _ => v,
            };
            let (before, after) = (shown(c.before), shown(c.after));
            view! {
                <tr>
                    <th scope="row" class="card-title">{field_label(c.field, t)}</th>
                    <td data-label=s.when_accepted><del>{before}</del></td>
                    <td data-label=s.now><ins>{after}</ins></td>
                </tr>
            }
        })
        .collect_view();
    view! {
        <section aria-labelledby="changes-heading">
            <h2 id="changes-heading">{s.changes_since_accepted}</h2>
            <div class="table-wrap">
                <table class="cards" data-testid="changes">
                    <thead><tr><th scope="col">{s.field}</th><th scope="col">{s.when_accepted}</th><th scope="col">{s.now}</th></tr></thead>
                    <tbody>{rows}</tbody>
                </table>
            </div>
        </section>
    }
}

#[component]
fn ReportMoveForm(report: ReportData, mv: ReportMove, first: bool) -> impl IntoView {
    let t = use_texts();
    let s = t.reports;
    let action = ServerAction::<MoveReport>::new();
    let any_error = form_error(action);
    let error = Signal::derive(move || {
        any_error.get().filter(|e| match e.form_errors() {
            Some(fields) => fields.value("mv") == Some(mv.as_str()),
            None => first,
        })
    });
    let danger = mv == ReportMove::Return;
    view! {
        <ActionForm action attr:class=format!("stack move move-{}", mv.as_str()) attr:novalidate=true>
            <FormAlert error/>
            <input type="hidden" name="report_id" value=report.id.0/>
            <input type="hidden" name="version" value=report.version/>
            <input type="hidden" name="mv" value=mv.as_str()/>
            {mv.needs_note().then(|| view! {
                <TextArea label=s.return_comment name="note" rows=3 required=true error form=mv.as_str()/>
            })}
            <button type="submit" class=if danger { "danger" } else { "primary" }>{mv.label(t)}</button>
        </ActionForm>
    }
}

/// The report form: one multipart form posted to `/reports/{id}/save`, so text and files
/// travel together and it works without JavaScript. Problems of the last save come back
/// through the session and show next to their fields with what was typed.
#[component]
pub fn ReportEditPage() -> impl IntoView {
    let t = use_texts();
    let s = t.reports;
    let key = use_record_key();
    let data = Resource::new_blocking(key, |(id, _)| async move {
        match id {
            Some(id) => get_report_edit(id).await,
            None => Err(AppError::NotFound),
        }
    });
    view! {
        <Title text=s.edit_report/>
        <Suspense fallback=move || view! { <p>{t.loading}</p> }>
            {move || Suspend::new(async move {
                let data = match data.await {
                    Ok(data) => data,
                    Err(error) => return error_view(error),
                };
                view! { <ReportForm data/> }.into_any()
            })}
        </Suspense>
    }
}

#[component]
fn ReportForm(data: crate::domain::reports::views::ReportEditPage) -> impl IntoView {
    let t = use_texts();
    let lang = use_lang();
    let s = t.reports;
    let page = data.page;
    let f = data.form;
    let error: FormError = Signal::stored(data.errors);
    let target_hint = page
        .target
        .as_ref()
        .map(|(v, unit)| format!("{}: {} {unit}", s.target, format_decimal(lang, *v)));
    view! {
        <p class="breadcrumb"><A href=format!("/tasks/{}", page.task_id)>{task_title(&page.task_title, lang, t)}</A></p>
        <h1>{format!("{}: {}", s.report, period_label(&page.period, t))}</h1>
        <p>{format!("{}: {}", s.deadline, crate::i18n::format_date(lang, page.period.deadline))}</p>
        {(!page.review_comment.is_empty() && page.status == ReportStatus::Returned).then(|| view! {
            <div class="alert" role="note"><strong>{s.review_comment}": "</strong>{page.review_comment.clone()}</div>
        })}
        <section aria-labelledby="evidence-heading">
            <h2 id="evidence-heading">{s.evidence}</h2>
            <EvidenceList items=page.evidence.clone() removal=Removal::Report(page.id.0)/>
        </section>
        <form method="post" action=format!("/reports/{}/save", page.id) enctype="multipart/form-data" class="stack report-form" novalidate>
            <FormAlert error/>
            <input type="hidden" name="version" value=page.version/>
            <TextField label=s.percent_complete name="percent_complete" input_type="number" value=f.percent_complete.clone() required=true error/>
            <TextArea label=s.work_done name="work_done" value=f.work_done.clone() rows=4 required=true error/>
            <TextArea label=s.results name="results" value=f.results.clone() rows=3 error/>
            {target_hint.map(|h| view! { <p class="hint">{h}</p> })}
            <TextField label=s.result_value name="result_value" value=f.result_value.clone() hint=s.result_value_hint error/>
            <ReachFields total=f.reached_total.clone() cells=f.cells.clone() error/>
            {page.is_enforcement.then(|| view! {
                <SelectField label=t.tasks.enforcement_focus name="enforcement_focus" choices=Choices::flat(EnforcementFocus::ALL.iter().map(|f| (f.as_str().to_owned(), f.label(t).to_owned()))) value=f.enforcement_focus.clone() blank=t.none required=true hint=s.enforcement_focus_hint error/>
            })}
            <TextArea label=s.problems name="problems" value=f.problems.clone() rows=3 error/>
            <TextArea label=s.support_needed name="support_needed" value=f.support_needed.clone() rows=3 error/>
            <EvidenceInput error/>
            <div class="form-actions">
                <button type="submit" name="intent" value="submit" class="primary">{s.submit_report}</button>
                <button type="submit" name="intent" value="save">{s.save_draft}</button>
            </div>
        </form>
    }
}

/// A small number input inside the breakdown table, labelled for screen readers.
#[component]
fn CountInput(name: &'static str, label: String, value: String, error: FormError) -> impl IntoView {
    let shown = move || {
        error
            .get()
            .and_then(|e| {
                e.form_errors()
                    .and_then(|f| f.value(name))
                    .map(str::to_owned)
            })
            .unwrap_or_else(|| value.clone())
    };
    let invalid = move || {
        error
            .get()
            .and_then(|e| e.form_errors().and_then(|f| f.problem(name)))
            .map(|_| "true")
    };
    view! {
        <input type="number" min="0" inputmode="numeric" id=name name=name aria-label=label value=shown aria-invalid=invalid class="count"/>
    }
}

/// A task's reports, loaded alongside the task by the task's page (outside its `<Suspense>`:
/// a resource created inside a suspended view can keep the streamed response from ever
/// ending, leptos-rs/leptos#4866).
pub fn task_reports_resource(
    task: impl Fn() -> Option<i64> + Send + Sync + 'static,
) -> Resource<Result<TaskReportsData, AppError>> {
    Resource::new_blocking(task, |id| async move {
        match id {
            Some(id) => get_task_reports(id).await,
            None => Err(AppError::NotFound),
        }
    })
}

/// The reports section of a task's page: its reports, and the periods its lead organisation's
/// reporters may start one for.
#[component]
pub fn TaskReports(
    task_id: TaskId,
    data: Resource<Result<TaskReportsData, AppError>>,
) -> impl IntoView {
    let t = use_texts();
    let s = t.reports;
    let start = ServerAction::<StartReport>::new();
    let error = form_error(start);
    view! {
        <section id="reports" aria-labelledby="reports-heading">
            <h2 id="reports-heading">{s.reports_title}</h2>
            <Suspense fallback=move || view! { <p>{t.loading}</p> }>
                {move || Suspend::new(async move {
                    let data = match data.await {
                        Ok(data) => data,
                        Err(error) => return error_view(error),
                    };
                    let starts = (!data.may_start.is_empty()).then(|| {
                        let buttons = data
                            .may_start
                            .clone()
                            .into_iter()
                            .map(|p| {
                                view! {
                                    <ActionForm action=start attr:class="inline-form">
                                        <input type="hidden" name="task_id" value=task_id.0/>
                                        <input type="hidden" name="period" value=date_to_iso(p.start)/>
                                        <button type="submit">{format!("{} {}", s.write_report_for, period_label(&p, t))}</button>
                                    </ActionForm>
                                }
                            })
                            .collect_view();
                        view! { <FormAlert error/><div class="start-reports">{buttons}</div> }
                    });
                    view! {
                        {starts}
                        {if data.rows.is_empty() {
                            view! { <p>{s.no_reports}</p> }.into_any()
                        } else {
                            view! { <ReportTable rows=data.rows/> }.into_any()
                        }}
                    }
                    .into_any()
                })}
            </Suspense>
        </section>
    }
}

/// People reached, as form fields: the total and the breakdown by sex and age group.
#[component]
pub fn ReachFields(total: String, cells: [String; 8], error: FormError) -> impl IntoView {
    let t = use_texts();
    let s = t.reports;
    let rows = [(s.female, 0usize), (s.male, 1)]
        .into_iter()
        .map(|(label, sex)| {
            let inputs = (0..4)
                .map(|age| {
                    let i = sex * 4 + age;
                    let field_label = format!("{label}, {}", age_label(age, t));
                    view! { <td><CountInput name=CELL_FIELDS[i] label=field_label value=cells[i].clone() error/></td> }
                })
                .collect_view();
            view! { <tr><th scope="row">{label}</th>{inputs}</tr> }
        })
        .collect_view();
    let reach_problem = move || {
        error.get().and_then(|e| {
            let fields = e.form_errors()?;
            CELL_FIELDS
                .iter()
                .find_map(|f| fields.problem(f))
                .map(|p| p.text(t))
        })
    };
    view! {
        <fieldset class="reach-fieldset">
            <legend>{s.people_reached}</legend>
            <p class="hint">{s.people_reached_hint}</p>
            <TextField label=s.reached_total name="reached_total" input_type="number" value=total error/>
            <div class="table-wrap">
                <table class="reach">
                    <thead><tr><td></td>{(0..4).map(|i| view! { <th scope="col">{age_label(i, t)}</th> }).collect_view()}</tr></thead>
                    <tbody>{rows}</tbody>
                </table>
            </div>
            <p class="problem" aria-live="polite">{reach_problem}</p>
        </fieldset>
    }
}

/// The file input for evidence, with the accepted kinds and size, and its problem.
#[component]
pub fn EvidenceInput(error: FormError) -> impl IntoView {
    let t = use_texts();
    let s = t.reports;
    let max_mb = MAX_BYTES / 1024 / 1024;
    let kinds = FileKind::ALL
        .iter()
        .map(|k| k.as_str().to_uppercase())
        .collect::<Vec<_>>()
        .join(", ");
    let file_hint = s
        .evidence_hint
        .replace("{mb}", &max_mb.to_string())
        .replace("{kinds}", &kinds);
    let problem = move || {
        error.get().and_then(|e| {
            e.form_errors()
                .and_then(|f| f.problem("evidence"))
                .map(|p| p.text(t))
        })
    };
    view! {
        <div class="field" class:has-problem=move || problem().is_some()>
            <label for="evidence">{s.add_evidence}</label>
            <p class="hint" id="evidence-hint">{file_hint}</p>
            <input id="evidence" type="file" name="evidence" multiple accept=FileKind::ACCEPT aria-describedby="evidence-hint evidence-problem"/>
            <p class="problem" id="evidence-problem" aria-live="polite">{problem}</p>
        </div>
    }
}
