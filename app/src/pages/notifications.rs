//! The notification centre: the caller's notifications, newest first, unread ones marked, each
//! leading to its task or report; mark one or all read. Plain links and forms, so it works the
//! same without JavaScript.

use crate::api::notifications::{MarkNotificationsRead, get_notifications};
use crate::components::{
    form::{FormAlert, Notice, form_error},
    outcome::error_view,
};
use crate::domain::notifications::NotificationItem;
use crate::i18n::{format_datetime, format_number, use_lang, use_texts};
use crate::pages::tasks::task_title;
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::{components::A, hooks::use_query_map};

#[component]
pub fn NotificationsPage() -> impl IntoView {
    let t = use_texts();
    let lang = use_lang();
    let s = t.notifications;
    let query = use_query_map();
    let older = move || {
        query
            .read()
            .get("older")
            .and_then(|o| o.trim().parse::<i64>().ok())
    };
    let page = Resource::new_blocking(older, get_notifications);
    let done = Signal::derive(move || {
        (query.read().get("done").as_deref() == Some("read")).then_some(s.marked_read)
    });
    let mark_all = ServerAction::<MarkNotificationsRead>::new();
    let error = form_error(mark_all);
    view! {
        <Title text=s.title/>
        <h1>{s.title}</h1>
        <Notice text=done/>
        <p class="hint">{s.intro}</p>
        <Suspense fallback=move || view! { <p>{t.loading}</p> }>
            {move || Suspend::new(async move {
                let page = match page.await {
                    Ok(page) => page,
                    Err(error) => return error_view(error),
                };
                let newest = page.items.first().map(|i| i.id);
                let mark_all_form = (page.unread > 0).then(|| newest.map(|id| view! {
                    <ActionForm action=mark_all attr:class="inline-form">
                        <FormAlert error/>
                        <input type="hidden" name="id" value=id/>
                        <input type="hidden" name="all" value="on"/>
                        <button type="submit">{s.mark_all_read}</button>
                    </ActionForm>
                }));
                let list = if page.items.is_empty() {
                    view! { <p>{s.none}</p> }.into_any()
                } else {
                    let items = page
                        .items
                        .into_iter()
                        .map(|item| view! { <Item item/> })
                        .collect_view();
                    view! { <ol class="notifications" data-testid="notifications">{items}</ol> }.into_any()
                };
                let paging = view! {
                    <p class="pager">
                        {older().is_some().then(|| view! { <A href="/notifications">{s.newest}</A> " " })}
                        {page.older.map(|id| view! {
                            <A href=format!("/notifications?older={id}")>{s.older}</A>
                        })}
                    </p>
                };
                view! {
                    <p data-testid="unread">{format!("{}: {}", s.unread_count, format_number(lang, page.unread))}</p>
                    {mark_all_form}
                    {list}
                    {paging}
                }
                .into_any()
            })}
        </Suspense>
    }
}

/// One notification: what happened to which task, who did it and when, its note, and a button
/// to mark it read while it is unread.
#[component]
fn Item(item: NotificationItem) -> impl IntoView {
    let t = use_texts();
    let lang = use_lang();
    let s = t.notifications;
    let mark = ServerAction::<MarkNotificationsRead>::new();
    let href = item.href();
    let title = task_title(&item.task_title, lang, t);
    let meta = match &item.actor {
        Some(actor) => format!("{} · {}", format_datetime(lang, item.created_at), actor),
        None => format_datetime(lang, item.created_at),
    };
    let class = if item.read {
        "notification"
    } else {
        "notification unread"
    };
    view! {
        <li class=class>
            <p class="notification-what">
                {(!item.read).then(|| view! { <span class="badge">{s.unread_badge}</span> " " })}
                <strong>{item.kind.label(t)}</strong>
            </p>
            <p><A href=href>{title}</A></p>
            <p class="notification-meta">{meta}</p>
            {(!item.note.is_empty()).then(|| view! { <p class="notification-note">{item.note.clone()}</p> })}
            {(!item.read).then(|| view! {
                <ActionForm action=mark attr:class="inline-form">
                    <input type="hidden" name="id" value=item.id/>
                    <button type="submit" class="link-button">{s.mark_read}</button>
                </ActionForm>
            })}
        </li>
    }
}
