//! My inbox: the tasks that need the caller's action now, section by section, each linking
//! to the full filtered list when it holds more than it shows.

use crate::api::tasks::get_inbox;
use crate::components::outcome::error_view;
use crate::domain::{
    reports::views::{ReportInboxKind, ReportSection},
    tasks::views::{InboxKind, InboxSection},
};
use crate::i18n::{format_number, use_lang, use_texts};
use crate::pages::reports::{ReportTable, period_label};
use crate::pages::tasks::TaskTable;
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::components::A;

#[component]
pub fn InboxPage() -> impl IntoView {
    let t = use_texts();
    let s = t.tasks;
    let inbox = Resource::new_blocking(|| (), |_| get_inbox());
    view! {
        <Title text=s.inbox_title/>
        <h1>{s.inbox_title}</h1>
        <Suspense fallback=move || view! { <p>{t.loading}</p> }>
            {move || Suspend::new(async move {
                match inbox.await {
                    Err(error) => error_view(error),
                    Ok(inbox) if inbox.sections.is_empty() => view! { <p>{s.inbox_none}</p> }.into_any(),
                    Ok(inbox) if inbox.count() == 0 => view! { <p>{s.inbox_empty}</p> }.into_any(),
                    Ok(inbox) => view! {
                        <p>{s.inbox_intro}</p>
                        {inbox
                            .sections
                            .into_iter()
                            .filter(|section| section.total > 0)
                            .map(|section| view! { <Section section/> })
                            .collect_view()}
                        {inbox
                            .reports
                            .into_iter()
                            .filter(|section| section.total > 0)
                            .map(|section| view! { <ReportsSection section/> })
                            .collect_view()}
                    }
                    .into_any(),
                }
            })}
        </Suspense>
    }
}

#[component]
fn Section(section: InboxSection) -> impl IntoView {
    let t = use_texts();
    let lang = use_lang();
    let s = t.tasks;
    let (title, query) = match section.kind {
        InboxKind::ToAccept => (s.inbox_to_accept, "status=assigned"),
        InboxKind::Returned => (s.inbox_returned, "status=returned"),
        InboxKind::ToVerify => (s.inbox_to_verify, "status=completed"),
        InboxKind::Declined => (s.inbox_declined, "status=declined"),
        InboxKind::Overdue => (s.inbox_overdue, "overdue=1"),
        InboxKind::DueSoon => (s.inbox_due_soon, "sort=due"),
    };
    let id = format!("inbox-{query}").replace(['=', '&'], "-");
    let more = (section.total > section.rows.len() as i64).then(|| {
        view! {
            <p><A href=format!("/tasks?{query}")>{s.inbox_more.replace("{n}", &format_number(lang, section.total))}</A></p>
        }
    });
    view! {
        <section aria-labelledby=id.clone()>
            <h2 id=id.clone()>{title}" "<span class="count-badge">{format_number(lang, section.total)}</span></h2>
            <TaskTable rows=section.rows/>
            {more}
        </section>
    }
}

#[component]
fn ReportsSection(section: ReportSection) -> impl IntoView {
    let t = use_texts();
    let lang = use_lang();
    let s = t.reports;
    let (title, id, href) = match section.kind {
        ReportInboxKind::Due => {
            let period = section
                .period
                .map(|p| period_label(&p, t))
                .unwrap_or_default();
            (
                format!("{} {period}", s.inbox_due),
                "inbox-reports-due",
                None,
            )
        }
        ReportInboxKind::Returned => (
            s.inbox_returned.to_owned(),
            "inbox-reports-returned",
            Some("/reports?status=returned"),
        ),
        ReportInboxKind::ToReview => (
            s.inbox_to_review.to_owned(),
            "inbox-reports-review",
            Some("/reports?status=submitted"),
        ),
    };
    let more = href.filter(|_| section.total > section.rows.len() as i64).map(|href| {
        view! { <p><A href=href>{t.tasks.inbox_more.replace("{n}", &format_number(lang, section.total))}</A></p> }
    });
    view! {
        <section aria-labelledby=id>
            <h2 id=id>{title}" "<span class="count-badge">{format_number(lang, section.total)}</span></h2>
            <ReportTable rows=section.rows show_org=section.kind == ReportInboxKind::ToReview/>
            {more}
        </section>
    }
}
