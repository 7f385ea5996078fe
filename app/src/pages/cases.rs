//! The early-warning system's cases: the list by stage (overdue stages marked), and one case:
//! its timeline from first signal to decision, what its stage still needs, its signals, the
//! data asked of expert organisations, the assessors' scores side by side, the risk, alerts,
//! the decision, the evidence files, the discussion and the history, with the forms of whoever
//! may act.

use crate::api::early_warning::{
    AddCaseTask, AlertCase, CommentCase, ConfirmCaseRisk, DecideCase, NameCaseAssessors,
    ReturnCase, ScoreCase, SignOffCase, get_case, list_cases,
};
use crate::components::form::FormError;
use crate::components::{
    form::{
        CheckboxGroup, Choices, FormAlert, FormFields, Notice, SelectField, TextArea, TextField,
        form_error, posted,
    },
    outcome::error_view,
    route::use_record_key,
};
use crate::domain::dashboard::export::Dataset;
use crate::domain::early_warning::kinds::{
    CaseEvent, CasePurpose, Criterion, Measure, RiskLevel, Stage,
};
use crate::domain::early_warning::views::{CasePage as CaseData, CaseRow, Named};
use crate::domain::early_warning::workflow::CaseAct;
use crate::domain::reports::views::EvidenceItem;
use crate::domain::substances::kinds::NationalList;
use crate::domain::tasks::inputs::date_to_iso;
use crate::i18n::{format_date, format_datetime, format_number, use_lang, use_texts};
use crate::pages::dashboard::ExportList;
use crate::pages::report::{EvidenceInput, EvidenceList};
use crate::pages::signals::{SignalTable, substance_choices};
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::{components::A, hooks::use_query_map};

#[component]
fn StageBadge(stage: Stage, #[prop(optional)] overdue: bool) -> impl IntoView {
    let t = use_texts();
    view! {
        <span class=format!("status stage-{}", stage.as_str()) class:overdue=overdue>
            {stage.label(t)}
        </span>
    }
}

#[component]
fn RiskBadge(risk: Option<RiskLevel>) -> impl IntoView {
    let t = use_texts();
    risk.map(|r| view! { <span class=format!("status risk-{}", r.as_str())>{r.label(t)}</span> })
}

/// A signal's or a case's evidence files, with a multipart form that adds more (posted to
/// `upload`, so it works without JavaScript) for those who may; the last upload's problems sit
/// beside the file input.
#[component]
pub fn WarningEvidence(
    items: Vec<EvidenceItem>,
    upload: Option<String>,
    errors: Option<crate::error::AppError>,
) -> impl IntoView {
    let t = use_texts();
    let w = t.warning;
    let error: FormError = Signal::stored(errors);
    view! {
        <section id="files" aria-labelledby="evidence-heading" data-testid="warning-evidence">
            <h2 id="evidence-heading">{t.reports.evidence}</h2>
            <EvidenceList items/>
            <p class="hint">{w.files_kept_hint}</p>
            {upload.map(|action| view! {
                <form method="post" action=action enctype="multipart/form-data" class="stack" novalidate>
                    <EvidenceInput error/>
                    <button type="submit">{w.upload_files}</button>
                </form>
            })}
        </section>
    }
}

/// The download links of signals and cases (CSV and XLSX, every year on record, in the page's
/// language): plain links, so they work without JavaScript.
#[component]
pub fn WarningDownloads() -> impl IntoView {
    let w = use_texts().warning;
    let rows = vec![
        (Dataset::Signals, w.signals_title),
        (Dataset::Cases, w.cases_title),
    ];
    view! {
        <section aria-labelledby="warning-downloads" class="exports">
            <h2 id="warning-downloads">{w.download}</h2>
            <p class="hint">{w.download_hint}</p>
            <ExportList rows query=String::new() testid="warning-exports"/>
        </section>
    }
}

/// The table of cases.
#[component]
pub fn CaseTable(rows: Vec<CaseRow>) -> impl IntoView {
    let t = use_texts();
    let lang = use_lang();
    let w = t.warning;
    let body = rows
        .into_iter()
        .map(|row| {
            let due = format_date(lang, row.stage_due);
            view! {
                <tr class:overdue=row.overdue>
                    <td class="card-title"><A href=format!("/cases/{}", row.id)>{format!("№ {} · {}", row.id, row.title)}</A></td>
                    <td data-label=w.substance>{row.substance.as_ref().map(|s| s.get(lang).to_owned()).unwrap_or_else(|| w.unidentified.to_owned())}</td>
                    <td data-label=w.stage><StageBadge stage=row.stage overdue=row.overdue/></td>
                    <td data-label=w.stage_due>
                        {due}
                        {row.overdue.then(|| view! { " " <strong class="overdue-label">{w.overdue}</strong> })}
                    </td>
                    <td data-label=w.risk><RiskBadge risk=row.risk/></td>
                    <td data-label=w.signals_count>{format_number(lang, row.signals)}</td>
                    <td data-label=w.opened_on>{format_date(lang, row.opened_on)}</td>
                </tr>
            }
        })
        .collect_view();
    view! {
        <div class="table-wrap">
            <table class="cards" data-testid="cases">
                <thead>
                    <tr>
                        <th scope="col">{w.case}</th>
                        <th scope="col">{w.substance}</th>
                        <th scope="col">{w.stage}</th>
                        <th scope="col">{w.stage_due}</th>
                        <th scope="col">{w.risk}</th>
                        <th scope="col">{w.signals_count}</th>
                        <th scope="col">{w.opened_on}</th>
                    </tr>
                </thead>
                <tbody>{body}</tbody>
            </table>
        </div>
    }
}

#[component]
pub fn CasesPage() -> impl IntoView {
    let t = use_texts();
    let lang = use_lang();
    let w = t.warning;
    let query = use_query_map();
    let stage = move || query.read().get("stage");
    let data = Resource::new_blocking(stage, list_cases);
    view! {
        <Title text=w.cases_title/>
        <Suspense fallback=move || view! { <p>{t.loading}</p> }>
            {move || Suspend::new(async move {
                let data = match data.await {
                    Ok(data) => data,
                    Err(error) => return error_view(error),
                };
                let current = data.stage;
                let tabs = std::iter::once((None, w.all_open, data.counts.iter().filter(|(s, _)| *s != Stage::Closed).map(|(_, n)| n).sum::<i64>()))
                    .chain(data.counts.iter().map(|(s, n)| (Some(*s), s.label(t), *n)))
                    .map(|(s, label, n)| {
                        let href = match s { Some(s) => format!("/cases?stage={}", s.as_str()), None => "/cases".to_owned() };
                        let here = s == current;
                        view! {
                            <li><A href=href attr:aria-current=here.then_some("page")>{format!("{label} ({})", format_number(lang, n))}</A></li>
                        }
                    })
                    .collect_view();
                let table = if data.rows.is_empty() {
                    view! { <p>{w.no_cases}</p> }.into_any()
                } else {
                    view! { <CaseTable rows=data.rows.clone()/> }.into_any()
                };
                view! {
                    <div class="page-head">
                        <h1>{w.cases_title}</h1>
                        <A href="/signals" attr:class="button">{w.signals_title}</A>
                    </div>
                    <p class="hint">{w.cases_intro}</p>
                    <nav aria-label=w.stage><ul class="tabs">{tabs}</ul></nav>
                    {(data.overdue > 0).then(|| view! { <p class="overdue-summary" data-testid="overdue-cases">{format!("{}: {}", w.overdue_stages, format_number(lang, data.overdue))}</p> })}
                    {table}
                    <WarningDownloads/>
                }
                .into_any()
            })}
        </Suspense>
    }
}

fn done_text(done: Option<String>, t: &'static crate::i18n::Texts) -> Option<&'static str> {
    let w = t.warning;
    Some(match done.as_deref()? {
        "opened" => w.done_opened,
        "requested" => w.done_requested,
        "assessors" => w.done_assessors,
        "scored" => w.done_scored,
        "risk" => w.done_risk,
        "alerted" => w.done_alerted,
        "decision" => w.done_decision,
        "signed_off" => w.done_signed_off,
        "returned" => w.done_returned,
        "comment" => w.done_comment,
        "files" => w.files_added,
        _ => return None,
    })
}

#[component]
pub fn CasePage() -> impl IntoView {
    let t = use_texts();
    let query = use_query_map();
    let key = use_record_key();
    let page = Resource::new_blocking(key, |(id, _)| async move {
        match id {
            Some(id) => get_case(id).await,
            None => Err(crate::error::AppError::NotFound),
        }
    });
    let done = Signal::derive(move || done_text(query.read().get("done"), t));
    view! {
        <Suspense fallback=move || view! { <p>{t.loading}</p> }>
            {move || Suspend::new(async move {
                match page.await {
                    Err(error) => error_view(error),
                    Ok(data) => view! { <CaseDetails data done/> }.into_any(),
                }
            })}
        </Suspense>
    }
}

fn named_choices(items: &[Named], lang: crate::i18n::Lang) -> Vec<(String, String)> {
    items
        .iter()
        .map(|o| (o.id.to_string(), o.name.get(lang).to_owned()))
        .collect()
}

#[component]
fn CaseDetails(data: CaseData, done: Signal<Option<&'static str>>) -> impl IntoView {
    let t = use_texts();
    let lang = use_lang();
    let w = t.warning;
    let title = format!("№ {} · {}", data.id, data.title);
    let timeline = data
        .timeline
        .iter()
        .map(|step| {
            let left = step.left.map(|l| format_datetime(lang, l));
            view! {
                <li class=format!("step stage-{}", step.stage.as_str())>
                    <strong>{step.stage.label(t)}</strong>
                    {format!(" · {}", format_datetime(lang, step.entered))}
                    {left.map(|l| format!(" → {l}"))}
                </li>
            }
        })
        .collect_view();
    let first_signal = data.signals.iter().map(|s| s.observed_on).min();
    let closed = data
        .history
        .iter()
        .rev()
        .find(|h| h.to == Some(Stage::Closed))
        .map(|h| h.at);
    let missing = (!data.missing.is_empty() && data.stage != Stage::Closed).then(|| {
        let items = data
            .missing
            .iter()
            .map(|m| view! { <li>{m.label(t)}</li> })
            .collect_view();
        view! {
            <section class="notice" aria-labelledby="missing-heading" data-testid="missing">
                <h2 id="missing-heading">{w.stage_needs}</h2>
                <ul>{items}</ul>
            </section>
        }
    });
    let comments = data
        .history
        .iter()
        .filter(|h| h.event == CaseEvent::Commented)
        .map(|h| {
            view! {
                <li class="comment">
                    <p class="comment-meta"><strong>{h.actor.clone().unwrap_or_default()}</strong>{format!(" · {}", format_datetime(lang, h.at))}</p>
                    <p class="comment-body">{h.note.clone()}</p>
                </li>
            }
        })
        .collect_view();
    let history = data
        .history
        .iter()
        .map(|h| {
            let stages = match (h.from, h.to) {
                (Some(f), Some(to)) => format!("{} → {}", f.label(t), to.label(t)),
                (None, Some(to)) => to.label(t).to_owned(),
                _ => String::new(),
            };
            view! {
                <tr>
                    <td data-label=w.when>{format_datetime(lang, h.at)}</td>
                    <td data-label=w.who>{h.actor.clone().unwrap_or_default()}</td>
                    <td class="card-title">{h.event.label(t)}</td>
                    <td data-label=w.stage>{stages}</td>
                    <td data-label=w.note>{h.note.clone()}</td>
                </tr>
            }
        })
        .collect_view();
    let tasks = data
        .tasks
        .clone()
        .into_iter()
        .map(|task| {
            view! {
                <tr>
                    <td class="card-title"><A href=format!("/tasks/{}", task.task_id)>{task.title.get(lang).to_owned()}</A></td>
                    <td data-label=w.purpose>{task.purpose.label(t)}</td>
                    <td data-label=w.organization>{task.organization.get(lang).to_owned()}</td>
                    <td data-label=t.status><span class=format!("status status-{}", task.status.as_str())>{task.status.label(t)}</span></td>
                    <td data-label=w.due_date>{format_date(lang, task.due_date)}</td>
                </tr>
            }
        })
        .collect_view();
    let scores = Criterion::ALL
        .iter()
        .map(|criterion| {
            let cells = data
                .assessors
                .iter()
                .map(|a| {
                    let score = a.scores.iter().find(|(c, _, _)| c == criterion);
                    view! {
                        <td data-label=a.name.clone()>
                            {score.map(|(_, level, rationale)| view! {
                                <span class=format!("status risk-{}", level.as_str())>{level.label(t)}</span>
                                <p class="rationale">{rationale.clone()}</p>
                            })}
                        </td>
                    }
                })
                .collect_view();
            view! {
                <tr>
                    <th scope="row" class="card-title">{criterion.label(t)}<br/><span class="hint">{criterion.hint(t)}</span></th>
                    {cells}
                </tr>
            }
        })
        .collect_view();
    let assessor_heads = data
        .assessors
        .iter()
        .map(|a| view! { <th scope="col">{a.name.clone()}<br/><span class="hint">{a.organization.get(lang).to_owned()}</span></th> })
        .collect_view();
    let alerted = data
        .alerted
        .iter()
        .map(|(org, at)| view! { <li>{org.get(lang).to_owned()}{format!(" · {}", format_datetime(lang, *at))}</li> })
        .collect_view();
    let decision = data.decision.clone().map(|d| {
        let item = |label: &'static str, value: String| {
            (!value.is_empty()).then(|| view! { <div><dt>{label}</dt><dd>{value}</dd></div> })
        };
        view! {
            <dl class="details" data-testid="decision">
                <div><dt>{w.measure}</dt><dd>{d.measure.label(t)}</dd></div>
                {item(w.measure_list, d.list.map(|l| l.label(t).to_owned()).unwrap_or_default())}
                {item(w.decision_body, d.body.clone())}
                {item(w.decision_act, d.act.clone())}
                {item(w.act_date, d.act_date.map(|x| format_date(lang, x)).unwrap_or_default())}
                {item(w.effective_on, d.effective_on.map(|x| format_date(lang, x)).unwrap_or_default())}
            </dl>
        }
    });
    view! {
        <Title text=title.clone()/>
        <Notice text=done/>
        <p class="breadcrumb"><A href="/cases">{w.cases_title}</A></p>
        <h1>{title}</h1>
        <dl class="details" data-testid="case-summary">
            <div><dt>{w.stage}</dt><dd><StageBadge stage=data.stage overdue=data.overdue/></dd></div>
            {(data.stage != Stage::Closed).then(|| view! {
                <div><dt>{w.stage_due}</dt><dd>{format_date(lang, data.stage_due)}{data.overdue.then(|| view! { " " <strong class="overdue-label">{w.overdue}</strong> })}</dd></div>
            })}
            <div><dt>{w.substance}</dt><dd>{match data.substance.clone() {
                Some(s) => view! { <A href=format!("/substances/{}", s.id)>{s.name.get(lang).to_owned()}</A> }.into_any(),
                None => w.unidentified.into_any(),
            }}</dd></div>
            <div><dt>{w.risk}</dt><dd><RiskBadge risk=data.risk/>{(!data.risk_note.is_empty()).then(|| format!(" {}", data.risk_note))}</dd></div>
        </dl>
        <section aria-labelledby="timeline-heading">
            <h2 id="timeline-heading">{w.timeline}</h2>
            <ol class="timeline" data-testid="timeline">
                {first_signal.map(|d| view! { <li class="step">{format!("{} · {}", w.first_signal, format_date(lang, d))}</li> })}
                {timeline}
                {closed.map(|c| view! { <li class="step stage-closed"><strong>{Stage::Closed.label(t)}</strong>{format!(" · {}", format_datetime(lang, c))}</li> })}
            </ol>
        </section>
        {missing}
        {data.may(CaseAct::SignOff).then(|| view! { <SignOffForm data=data.clone()/> })}
        {data.may(CaseAct::Return).then(|| view! { <ReturnForm data=data.clone()/> })}
        <section aria-labelledby="signals-heading">
            <h2 id="signals-heading">{w.signals_title}</h2>
            <SignalTable rows=data.signals.clone()/>
        </section>
        <section aria-labelledby="data-heading">
            <h2 id="data-heading">{w.primary_data}</h2>
            {if data.tasks.is_empty() {
                view! { <p>{w.no_requests}</p> }.into_any()
            } else {
                view! {
                    <div class="table-wrap">
                        <table class="cards" data-testid="case-tasks">
                            <thead><tr>
                                <th scope="col">{w.task}</th>
                                <th scope="col">{w.purpose}</th>
                                <th scope="col">{w.organization}</th>
                                <th scope="col">{t.status}</th>
                                <th scope="col">{w.due_date}</th>
                            </tr></thead>
                            <tbody>{tasks}</tbody>
                        </table>
                    </div>
                }.into_any()
            }}
            {data.may(CaseAct::RequestData).then(|| view! { <TaskForm data=data.clone() purpose=CasePurpose::PrimaryData/> })}
        </section>
        <section aria-labelledby="assessment-heading">
            <h2 id="assessment-heading">{w.assessment}</h2>
            {if data.assessors.is_empty() {
                view! { <p>{w.no_assessors}</p> }.into_any()
            } else {
                view! {
                    <div class="table-wrap">
                        <table class="scores" data-testid="scores">
                            <thead><tr><th scope="col">{w.criterion}</th>{assessor_heads}</tr></thead>
                            <tbody>{scores}</tbody>
                        </table>
                    </div>
                }.into_any()
            }}
            <p data-testid="suggested-risk">{w.suggested_risk}": "{data.suggested_risk.map(|r| r.label(t)).unwrap_or(w.not_yet)}</p>
            {data.may(CaseAct::NameAssessors).then(|| view! { <AssessorsForm data=data.clone()/> })}
            {data.may(CaseAct::Score).then(|| view! { <ScoreForm data=data.clone()/> })}
            {data.may(CaseAct::ConfirmRisk).then(|| view! { <RiskForm data=data.clone()/> })}
        </section>
        {(!data.alerted.is_empty() || data.may(CaseAct::Alert)).then(|| view! {
            <section aria-labelledby="alerts-heading">
                <h2 id="alerts-heading">{w.alerts}</h2>
                <ul data-testid="alerted">{alerted}</ul>
                {data.may(CaseAct::Alert).then(|| view! {
                    <AlertForm data=data.clone()/>
                    <TaskForm data=data.clone() purpose=CasePurpose::FollowUp/>
                })}
            </section>
        })}
        {(data.decision.is_some() || data.may(CaseAct::RecordDecision)).then(|| view! {
            <section aria-labelledby="decision-heading">
                <h2 id="decision-heading">{w.decision}</h2>
                {decision}
                {data.may(CaseAct::RecordDecision).then(|| view! { <DecisionForm data=data.clone()/> })}
            </section>
        })}
        <WarningEvidence
            items=data.evidence.clone()
            upload=data.may(CaseAct::Comment).then(|| format!("/cases/{}/files", data.id))
            errors=data.upload_errors.clone()
        />
        <section id="discussion" aria-labelledby="discussion-heading">
            <h2 id="discussion-heading">{w.discussion}</h2>
            <ol class="comments">{comments}</ol>
            {data.may(CaseAct::Comment).then(|| view! { <CommentForm data=data.clone()/> })}
        </section>
        <section aria-labelledby="history-heading">
            <h2 id="history-heading">{w.history}</h2>
            <div class="table-wrap">
                <table class="cards" data-testid="case-history">
                    <thead><tr>
                        <th scope="col">{w.when}</th>
                        <th scope="col">{w.who}</th>
                        <th scope="col">{w.event}</th>
                        <th scope="col">{w.stage}</th>
                        <th scope="col">{w.note}</th>
                    </tr></thead>
                    <tbody>{history}</tbody>
                </table>
            </div>
        </section>
    }
}

#[component]
fn SignOffForm(data: CaseData) -> impl IntoView {
    let t = use_texts();
    let lang = use_lang();
    let w = t.warning;
    let action = ServerAction::<SignOffCase>::new();
    let error = form_error(action);
    let button = if data.stage == Stage::Decision {
        w.close_case
    } else {
        w.sign_off
    };
    view! {
        <ActionForm action attr:class="stack sign-off" attr:novalidate=true>
            <FormAlert error/>
            <input type="hidden" name="case_id" value=data.id.0/>
            <input type="hidden" name="version" value=data.version/>
            <FormFields>
                {(data.stage == Stage::PrimaryData).then(|| view! {
                    <SelectField label=w.identified_substance name="substance_id" choices=substance_choices(&data.substances, lang) value=data.substance.as_ref().map(|s| s.id.to_string()).unwrap_or_default() blank=w.unidentified error form="sign-off"/>
                })}
                {match data.next_due {
                    Some(due) => view! {
                        <TextField label=w.next_stage_due name="next_due" input_type="date" value=date_to_iso(due) required=true error form="sign-off"/>
                    }.into_any(),
                    // Closing the case has no next deadline; the form still posts its struct.
                    None => view! { <input type="hidden" name=posted("next_due") value=""/> }.into_any(),
                }}
            </FormFields>
            <button type="submit" class="primary">{button}</button>
        </ActionForm>
    }
}

#[component]
fn ReturnForm(data: CaseData) -> impl IntoView {
    let t = use_texts();
    let w = t.warning;
    let action = ServerAction::<ReturnCase>::new();
    let error = form_error(action);
    let stages = Choices::flat(
        data.stage
            .earlier()
            .iter()
            .map(|s| (s.as_str().to_owned(), s.label(t).to_owned())),
    );
    view! {
        <details class="return-case">
            <summary>{w.return_case}</summary>
            <ActionForm action attr:class="stack" attr:novalidate=true>
                <FormAlert error/>
                <input type="hidden" name="case_id" value=data.id.0/>
                <input type="hidden" name="version" value=data.version/>
                <FormFields>
                    <SelectField label=w.return_to name="stage" choices=stages required=true error form="return"/>
                    <TextArea label=w.reason name="note" rows=2 required=true error form="return"/>
                </FormFields>
                <button type="submit" class="danger">{w.return_case}</button>
            </ActionForm>
        </details>
    }
}

#[component]
fn TaskForm(data: CaseData, purpose: CasePurpose) -> impl IntoView {
    let t = use_texts();
    let lang = use_lang();
    let w = t.warning;
    let action = ServerAction::<AddCaseTask>::new();
    let error = form_error(action);
    let (heading, orgs, form_id) = match purpose {
        CasePurpose::PrimaryData => (w.request_data, &data.experts, "request"),
        CasePurpose::FollowUp => (w.follow_up, &data.organizations, "follow-up"),
    };
    let orgs = Choices::flat(named_choices(orgs, lang));
    view! {
        <details class="case-task" open=data.tasks.is_empty()>
            <summary>{heading}</summary>
            <ActionForm action attr:class="stack" attr:novalidate=true>
                <FormAlert error/>
                <input type="hidden" name="case_id" value=data.id.0/>
                <FormFields>
                    <input type="hidden" name=posted("purpose") value=purpose.as_str()/>
                    <SelectField label=w.organization name="organization_id" choices=orgs blank=t.none required=true error form=form_id/>
                    <TextField label=w.task name="title" required=true maxlength=300 error form=form_id/>
                    <TextArea label=w.what_is_asked name="description" rows=3 error form=form_id/>
                    <TextField label=w.due_date name="due_date" input_type="date" value=date_to_iso(data.task_due) required=true error form=form_id/>
                </FormFields>
                <button type="submit" class="primary">{heading}</button>
            </ActionForm>
        </details>
    }
}

#[component]
fn AssessorsForm(data: CaseData) -> impl IntoView {
    let t = use_texts();
    let lang = use_lang();
    let w = t.warning;
    let action = ServerAction::<NameCaseAssessors>::new();
    let error = form_error(action);
    let options = data
        .assessor_choices
        .iter()
        .map(|(id, name, org)| (id.to_string(), format!("{name} · {}", org.get(lang))))
        .collect();
    let checked = data
        .assessors
        .iter()
        .map(|a| a.user_id.to_string())
        .collect();
    view! {
        <details class="assessors" open=data.assessors.is_empty()>
            <summary>{w.name_assessors}</summary>
            <ActionForm action attr:class="stack" attr:novalidate=true>
                <FormAlert error/>
                <input type="hidden" name="case_id" value=data.id.0/>
                <FormFields>
                    <CheckboxGroup legend=w.assessors name="assessors[]" options checked hint=w.assessors_hint required=true error/>
                </FormFields>
                <button type="submit" class="primary">{w.name_assessors}</button>
            </ActionForm>
        </details>
    }
}

#[component]
fn ScoreForm(data: CaseData) -> impl IntoView {
    let t = use_texts();
    let w = t.warning;
    let action = ServerAction::<ScoreCase>::new();
    let error = form_error(action);
    let mine = data.my_scores.clone().unwrap_or_default();
    let levels = || {
        Choices::flat(
            RiskLevel::ALL
                .iter()
                .map(|l| (l.as_str().to_owned(), l.label(t).to_owned())),
        )
    };
    view! {
        <ActionForm action attr:class="stack score-form" attr:novalidate=true>
            <h3>{w.your_scores}</h3>
            <FormAlert error/>
            <input type="hidden" name="case_id" value=data.id.0/>
            <FormFields>
                <fieldset>
                    <legend>{Criterion::Medical.label(t)}</legend>
                    <p class="hint">{Criterion::Medical.hint(t)}</p>
                    <SelectField label=w.level name="medical_level" choices=levels() value=mine.medical_level.clone() blank=t.none required=true error/>
                    <TextArea label=w.rationale name="medical_rationale" value=mine.medical_rationale.clone() rows=2 required=true error/>
                </fieldset>
                <fieldset>
                    <legend>{Criterion::Social.label(t)}</legend>
                    <p class="hint">{Criterion::Social.hint(t)}</p>
                    <SelectField label=w.level name="social_level" choices=levels() value=mine.social_level.clone() blank=t.none required=true error/>
                    <TextArea label=w.rationale name="social_rationale" value=mine.social_rationale.clone() rows=2 required=true error/>
                </fieldset>
                <fieldset>
                    <legend>{Criterion::Legal.label(t)}</legend>
                    <p class="hint">{Criterion::Legal.hint(t)}</p>
                    <SelectField label=w.level name="legal_level" choices=levels() value=mine.legal_level.clone() blank=t.none required=true error/>
                    <TextArea label=w.rationale name="legal_rationale" value=mine.legal_rationale.clone() rows=2 required=true error/>
                </fieldset>
            </FormFields>
            <button type="submit" class="primary">{w.save_scores}</button>
        </ActionForm>
    }
}

#[component]
fn RiskForm(data: CaseData) -> impl IntoView {
    let t = use_texts();
    let lang = use_lang();
    let w = t.warning;
    let action = ServerAction::<ConfirmCaseRisk>::new();
    let error = form_error(action);
    let levels = Choices::flat(
        RiskLevel::ALL
            .iter()
            .map(|l| (l.as_str().to_owned(), l.label(t).to_owned())),
    );
    let value = data
        .risk
        .or(data.suggested_risk)
        .map(|r| r.as_str().to_owned())
        .unwrap_or_default();
    view! {
        <ActionForm action attr:class="stack risk-form" attr:novalidate=true>
            <h3>{w.confirm_risk}</h3>
            <FormAlert error/>
            <input type="hidden" name="case_id" value=data.id.0/>
            <input type="hidden" name="version" value=data.version/>
            <FormFields>
                <SelectField label=w.risk name="risk" choices=levels value blank=t.none required=true hint=w.risk_hint error/>
                <TextArea label=w.reason name="note" value=data.risk_note.clone() rows=2 hint=w.reason_hint error/>
                <CheckboxGroup legend=w.alert_organizations name="alert[]" options=named_choices(&data.organizations, lang) hint=w.alert_hint error/>
            </FormFields>
            <button type="submit" class="primary">{w.confirm_risk}</button>
        </ActionForm>
    }
}

#[component]
fn AlertForm(data: CaseData) -> impl IntoView {
    let t = use_texts();
    let lang = use_lang();
    let w = t.warning;
    let action = ServerAction::<AlertCase>::new();
    let error = form_error(action);
    view! {
        <details class="alert-more">
            <summary>{w.alert_more}</summary>
            <ActionForm action attr:class="stack" attr:novalidate=true>
                <FormAlert error/>
                <input type="hidden" name="case_id" value=data.id.0/>
                <FormFields>
                    <CheckboxGroup legend=w.alert_organizations name="organizations[]" options=named_choices(&data.organizations, lang) required=true error/>
                </FormFields>
                <button type="submit" class="primary">{w.alert_more}</button>
            </ActionForm>
        </details>
    }
}

#[component]
fn DecisionForm(data: CaseData) -> impl IntoView {
    let t = use_texts();
    let w = t.warning;
    let action = ServerAction::<DecideCase>::new();
    let error = form_error(action);
    let measures = Choices::flat(
        Measure::ALL
            .iter()
            .map(|m| (m.as_str().to_owned(), m.label(t).to_owned())),
    );
    let lists = Choices::flat(
        NationalList::ALL
            .iter()
            .filter(|l| **l != NationalList::Temporary)
            .map(|l| (l.as_str().to_owned(), l.label(t).to_owned())),
    );
    let d = data.decision.clone();
    let date = |x: Option<time::Date>| x.map(date_to_iso).unwrap_or_default();
    view! {
        <ActionForm action attr:class="stack decision-form" attr:novalidate=true>
            <h3>{w.record_decision}</h3>
            <FormAlert error/>
            <input type="hidden" name="case_id" value=data.id.0/>
            <input type="hidden" name="version" value=data.version/>
            <FormFields>
                <SelectField label=w.measure name="measure" choices=measures value=d.as_ref().map(|d| d.measure.as_str().to_owned()).unwrap_or_default() blank=t.none required=true error form="decision"/>
                <SelectField label=w.measure_list name="measure_list" choices=lists value=d.as_ref().and_then(|d| d.list).map(|l| l.as_str().to_owned()).unwrap_or_default() blank=t.none hint=w.measure_list_hint error form="decision"/>
                <TextField label=w.decision_body name="body" value=d.as_ref().map(|d| d.body.clone()).unwrap_or_default() maxlength=300 error form="decision"/>
                <TextField label=w.decision_act name="act" value=d.as_ref().map(|d| d.act.clone()).unwrap_or_default() maxlength=300 hint=w.decision_act_hint error form="decision"/>
                <div class="field-row">
                    <TextField label=w.act_date name="act_date" input_type="date" value=date(d.as_ref().and_then(|d| d.act_date)) error form="decision"/>
                    <TextField label=w.effective_on name="effective_on" input_type="date" value=date(d.as_ref().and_then(|d| d.effective_on)) error form="decision"/>
                </div>
            </FormFields>
            <button type="submit" class="primary">{w.record_decision}</button>
        </ActionForm>
    }
}

#[component]
fn CommentForm(data: CaseData) -> impl IntoView {
    let t = use_texts();
    let w = t.warning;
    let action = ServerAction::<CommentCase>::new();
    let error = form_error(action);
    view! {
        <ActionForm action attr:class="stack" attr:novalidate=true>
            <FormAlert error/>
            <input type="hidden" name="case_id" value=data.id.0/>
            <TextArea label=w.comment name="body" rows=3 required=true hint=w.description_hint error/>
            <button type="submit">{w.send_comment}</button>
        </ActionForm>
    }
}
