//! The report list (filters in the URL, keyset pages), the missing-reports view for
//! coordinators, and the reporting calendar; with the pieces other report pages share: the
//! period's name, the status badge and the report table.

use crate::api::reports::{SetCalendar, get_calendar, get_missing_reports, list_reports};
use crate::components::{
    form::{Choices, FormAlert, Notice, SelectField, TextField, form_error},
    outcome::error_view,
};
use crate::domain::{
    reports::filters::ReportFilter,
    reports::periods::{PERIOD_MONTHS, Period},
    reports::views::ReportRow,
    reports::workflow::ReportStatus,
    tasks::inputs::date_to_iso,
};
use crate::i18n::{Texts, format_date, format_datetime, format_number, use_lang, use_texts};
use crate::pages::tasks::{filter_select, options, task_title};
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::{
    components::{A, Form},
    hooks::use_query_map,
};

/// A period's name in the interface language: "Q3 2026", "2026", "H2 2026", "07.2026".
pub fn period_label(period: &Period, t: &Texts) -> String {
    let year = period.start.year();
    let first = u8::from(period.start.month());
    let months = u8::from(period.end.month()) + 1 - first;
    let n = |size: u8| ((first - 1) / size + 1).to_string();
    let s = t.reports;
    match months {
        12 => year.to_string(),
        6 => s
            .period_half
            .replace("{n}", &n(6))
            .replace("{year}", &year.to_string()),
        3 => s
            .period_quarter
            .replace("{n}", &n(3))
            .replace("{year}", &year.to_string()),
        _ => format!("{first:02}.{year}"),
    }
}

/// A report's status, and "late" beside it when it came after the deadline.
#[component]
pub fn ReportStatusBadge(status: Option<ReportStatus>, late: bool) -> impl IntoView {
    let t = use_texts();
    let s = t.reports;
    let (class, label) = match status {
        Some(status) => (
            format!("status report-{}", status.as_str()),
            status.label(t),
        ),
        None => ("status report-missing".to_owned(), s.not_started),
    };
    view! {
        <span class=class>{label}</span>
        {late.then(|| view! { " " <span class="status status-overdue">{s.late}</span> })}
    }
}

/// Reports in a table: task, organisation, period, status, percent, submitted.
#[component]
pub fn ReportTable(rows: Vec<ReportRow>, #[prop(optional)] show_org: bool) -> impl IntoView {
    let t = use_texts();
    let lang = use_lang();
    let s = t.reports;
    let body = rows
        .into_iter()
        .map(|row| {
            let title = task_title(&row.task_title, lang, t);
            let link = match row.id {
                Some(id) => format!("/reports/{id}"),
                None => format!("/tasks/{}#reports", row.task_id),
            };
            let revision = (row.revision > 1).then(|| format!(" · {} {}", s.revision, row.revision));
            view! {
                <tr>
                    <td class="card-title"><A href=link>{title}</A>{revision}</td>
                    {show_org.then(|| view! { <td data-label=s.organization>{row.organization.name.get(lang).to_owned()}</td> })}
                    <td data-label=s.period>{period_label(&row.period, t)}</td>
                    <td data-label=t.status><ReportStatusBadge status=row.status late=row.is_late/></td>
                    <td data-label=s.percent_short>{row.percent_complete.map(|p| format!("{p}%")).unwrap_or_default()}</td>
                    <td data-label=s.submitted_at>{row.submitted_at.map(|at| format_datetime(lang, at)).unwrap_or_default()}</td>
                </tr>
            }
        })
        .collect_view();
    view! {
        <div class="table-wrap">
            <table class="cards" data-testid="reports">
                <thead>
                    <tr>
                        <th scope="col">{s.task}</th>
                        {show_org.then(|| view! { <th scope="col">{s.organization}</th> })}
                        <th scope="col">{s.period}</th>
                        <th scope="col">{t.status}</th>
                        <th scope="col">{s.percent_short}</th>
                        <th scope="col">{s.submitted_at}</th>
                    </tr>
                </thead>
                <tbody>{body}</tbody>
            </table>
        </div>
    }
}

fn period_options(
    periods: Vec<Period>,
    chosen: Option<time::Date>,
    t: &'static Texts,
) -> impl IntoView {
    periods
        .into_iter()
        .map(|p| {
            let value = date_to_iso(p.start);
            view! { <option value=value selected=chosen == Some(p.start)>{period_label(&p, t)}</option> }
        })
        .collect_view()
}

#[component]
pub fn ReportsPage() -> impl IntoView {
    let t = use_texts();
    let s = t.reports;
    let query = use_query_map();
    let filter = move || ReportFilter::parse(|k| query.read().get(k));
    let page = Resource::new_blocking(filter, list_reports);
    view! {
        <Title text=s.reports_title/>
        <Suspense fallback=move || view! { <p>{t.loading}</p> }>
            {move || Suspend::new(async move {
                let current = filter();
                let page = match page.await {
                    Ok(page) => page,
                    Err(error) => return error_view(error),
                };
                let first = current.after.is_some().then(|| {
                    view! { <A href=format!("/reports?{}", current.first_page().to_query())>{t.tasks.first_page}</A> }
                });
                let next = page.next.clone().map(|q| {
                    view! { <A href=format!("/reports?{q}") attr:rel="next">{t.tasks.next_page}" →"</A> }
                });
                let empty = page.rows.is_empty();
                view! {
                    <div class="page-head">
                        <h1>{s.reports_title}</h1>
                        <p class="page-links">
                            {page.may_review.then(|| view! { <A href="/reports/missing">{s.missing_title}</A>" · " })}
                            <A href="/reports/calendar">{s.calendar_title}</A>
                        </p>
                    </div>
                    <details class="filter-box" open=current.is_filtered()>
                        <summary>{t.tasks.filter_title}</summary>
                        <Form method="GET" action="" attr:class="filters">
                            {filter_select("period", s.period, t.tasks.any, period_options(page.periods.clone(), current.period, t))}
                            {filter_select("status", t.status, t.tasks.any, options(ReportStatus::ALL.iter().copied(), current.status, |v| v.as_str().to_owned(), |v| v.label(t).to_owned()))}
                            <div class="field checkbox">
                                <input id="filter-late" type="checkbox" name="late" value="1" checked=current.late/>
                                <label for="filter-late">{s.late_only}</label>
                            </div>
                            {current.organization_id.map(|o| view! { <input type="hidden" name="organization" value=o.to_string()/> })}
                            <div class="form-actions">
                                <button type="submit" class="primary">{t.tasks.apply}</button>
                                <A href="/reports">{t.tasks.clear}</A>
                            </div>
                        </Form>
                    </details>
                    {if empty {
                        view! { <p>{s.no_reports}</p> }.into_any()
                    } else {
                        view! { <ReportTable rows=page.rows show_org=true/> }.into_any()
                    }}
                    <nav class="pager" aria-label=t.tasks.next_page>{first}" "{next}</nav>
                }
                .into_any()
            })}
        </Suspense>
    }
}

#[component]
pub fn MissingReportsPage() -> impl IntoView {
    let t = use_texts();
    let lang = use_lang();
    let s = t.reports;
    let query = use_query_map();
    let args = move || {
        let q = query.read();
        (
            q.get("period"),
            q.get("organization").and_then(|o| o.parse::<i64>().ok()),
        )
    };
    let data = Resource::new_blocking(args, |(period, org)| get_missing_reports(period, org));
    view! {
        <Title text=s.missing_title/>
        <Suspense fallback=move || view! { <p>{t.loading}</p> }>
            {move || Suspend::new(async move {
                let data = match data.await {
                    Ok(data) => data,
                    Err(error) => return error_view(error),
                };
                let period_param = date_to_iso(data.period.start);
                let due_state = if data.today > data.period.deadline { s.deadline_passed } else { s.deadline_ahead };
                let rows = data
                    .organizations
                    .clone()
                    .into_iter()
                    .map(|o| {
                        let href = format!("/reports/missing?period={period_param}&organization={}", o.organization.id);
                        let rate = if o.required > 0 { (o.required - o.missing) * 100 / o.required } else { 100 };
                        view! {
                            <tr>
                                <td class="card-title"><A href=href>{o.organization.name.get(lang).to_owned()}</A></td>
                                <td data-label=s.required>{format_number(lang, o.required)}</td>
                                <td data-label=s.missing>{format_number(lang, o.missing)}</td>
                                <td data-label=s.late>{format_number(lang, o.late)}</td>
                                <td data-label=s.reporting_rate>{format!("{rate}%")}</td>
                            </tr>
                        }
                    })
                    .collect_view();
                let chosen = data.organization.clone().map(|org| {
                    let name = org.name.get(lang).to_owned();
                    let tasks = data.tasks.clone();
                    view! {
                        <section aria-labelledby="owed-heading">
                            <h2 id="owed-heading">{format!("{}: {name}", s.owed_by)}</h2>
                            {if tasks.is_empty() {
                                view! { <p>{s.nothing_missing}</p> }.into_any()
                            } else {
                                view! { <ReportTable rows=tasks/> }.into_any()
                            }}
                            <p><A href=format!("/reports/missing?period={period_param}")>{s.all_organizations}</A></p>
                        </section>
                    }
                });
                view! {
                    <h1>{s.missing_title}</h1>
                    <Form method="GET" action="" attr:class="filters inline-filters">
                        {filter_select("period", s.period, s.last_ended, period_options(data.periods.clone(), Some(data.period.start), t))}
                        <div class="form-actions"><button type="submit">{t.tasks.apply}</button></div>
                    </Form>
                    <p class="summary" data-testid="missing-summary">
                        {format!(
                            "{} · {}: {} ({}) · {}: {} · {}: {} · {}: {}",
                            period_label(&data.period, t),
                            s.deadline,
                            format_date(lang, data.period.deadline),
                            due_state,
                            s.required,
                            format_number(lang, data.required),
                            s.missing,
                            format_number(lang, data.missing),
                            s.late,
                            format_number(lang, data.late),
                        )}
                    </p>
                    {chosen}
                    <div class="table-wrap">
                        <table class="cards" data-testid="missing-by-organization">
                            <thead>
                                <tr>
                                    <th scope="col">{s.organization}</th>
                                    <th scope="col">{s.required}</th>
                                    <th scope="col">{s.missing}</th>
                                    <th scope="col">{s.late}</th>
                                    <th scope="col">{s.reporting_rate}</th>
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
pub fn CalendarPage() -> impl IntoView {
    let t = use_texts();
    let lang = use_lang();
    let s = t.reports;
    let query = use_query_map();
    let data = Resource::new_blocking(move || query.read().get("done"), |_| get_calendar());
    let action = ServerAction::<SetCalendar>::new();
    let error = form_error(action);
    let done = Signal::derive(move || query.read().get("done").map(|_| t.saved));
    view! {
        <Title text=s.calendar_title/>
        <Notice text=done/>
        <h1>{s.calendar_title}</h1>
        <Suspense fallback=move || view! { <p>{t.loading}</p> }>
            {move || Suspend::new(async move {
                let data = match data.await {
                    Ok(data) => data,
                    Err(error) => return error_view(error),
                };
                let c = data.calendar;
                let form = data.may_edit.then(|| {
                    let choices = Choices::flat(PERIOD_MONTHS.iter().map(|m| {
                        let label = match m { 1 => s.monthly, 3 => s.quarterly, 6 => s.half_yearly, _ => s.yearly };
                        (m.to_string(), label.to_owned())
                    }));
                    view! {
                        <ActionForm action attr:class="stack narrow" attr:novalidate=true>
                            <FormAlert error/>
                            <SelectField label=s.period_length name="period_months" choices value=c.period_months.to_string() required=true error/>
                            <TextField label=s.deadline_days name="deadline_days" input_type="number" value=c.deadline_days.to_string() required=true hint=s.deadline_days_hint error/>
                            <button type="submit" class="primary">{t.save}</button>
                        </ActionForm>
                    }
                });
                view! {
                    <dl class="details">
                        <div><dt>{s.current_period}</dt><dd>{format!("{} ({} – {})", period_label(&data.current, t), format_date(lang, data.current.start), format_date(lang, data.current.end))}</dd></div>
                        <div><dt>{s.last_ended}</dt><dd>{format!("{} · {}: {}", period_label(&data.last_ended, t), s.deadline, format_date(lang, data.last_ended.deadline))}</dd></div>
                        <div><dt>{s.deadline_days}</dt><dd>{c.deadline_days.to_string()}</dd></div>
                    </dl>
                    {form}
                }
                .into_any()
            })}
        </Suspense>
    }
}
