//! The notification centre: the caller's notifications, newest first, unread ones marked, each
//! leading to its task or report; mark one or all read. Plain links and forms, so it works the
//! same without JavaScript.

use crate::api::notifications::{
    MarkNotificationsRead, SaveEscalationContact, SaveMailPreferences, Unsubscribe,
    get_mail_preferences, get_notifications,
};
use crate::components::{
    form::{FormAlert, FormFields, Notice, TextField, form_error},
    outcome::error_view,
};
use crate::domain::notifications::NotificationItem;
use crate::domain::notifications::{EscalationContact, Kind, MailPreferences, MailState};
use crate::error::AppError;
use crate::i18n::{format_date, format_datetime, format_number, use_lang, use_texts};
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
    let mail = Resource::new_blocking(|| (), |_| get_mail_preferences());
    let done = Signal::derive(move || match query.read().get("done").as_deref() {
        Some("read") => Some(s.marked_read),
        Some("preferences") => Some(t.mail.preferences_saved),
        Some("contact") => Some(t.mail.contact_saved),
        _ => None,
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
        <Suspense fallback=|| ()>
            {move || Suspend::new(async move {
                match mail.await {
                    Ok(preferences) => view! { <EmailPreferences preferences/> }.into_any(),
                    Err(error) => error_view(error),
                }
            })}
        </Suspense>
    }
}

/// How each kind the caller can receive goes out by email (at once, in the daily digest, or
/// not), one group of radio buttons per kind; the kinds that cannot be switched off say so.
/// For administrators, how the outbox stands.
#[component]
fn EmailPreferences(preferences: MailPreferences) -> impl IntoView {
    let t = use_texts();
    let lang = use_lang();
    let m = t.mail;
    let n = t.notifications;
    let save = ServerAction::<SaveMailPreferences>::new();
    let error = form_error(save);
    let rows = preferences
        .kinds
        .iter()
        .map(|(kind, chosen)| {
            let kind = *kind;
            let chosen = *chosen;
            let choices = kind.choices();
            let id = format!("delivery-{}", kind.as_str());
            if choices.is_empty() {
                return view! {
                    <fieldset class="delivery" id=id>
                        <legend>{kind.label(t)}</legend>
                        <p class="hint">{m.always}</p>
                    </fieldset>
                }
                .into_any();
            }
            let name = format!("form[choices][{}]", kind.as_str());
            let radios = choices
                .iter()
                .map(|delivery| {
                    let radio_id = format!("{id}-{}", delivery.as_str());
                    view! {
                        <span class="checkbox">
                            <input
                                id=radio_id.clone()
                                type="radio"
                                name=name.clone()
                                value=delivery.as_str()
                                checked=*delivery == chosen
                            />
                            <label for=radio_id>{delivery.label(t)}</label>
                        </span>
                    }
                })
                .collect_view();
            view! {
                <fieldset class="delivery" id=id>
                    <legend>{kind.label(t)}</legend>
                    <div class="delivery-choices">{radios}</div>
                </fieldset>
            }
            .into_any()
        })
        .collect_view();
    let outbox = preferences.outbox.map(|outbox| {
        let counts = MailState::ALL
            .into_iter()
            .map(|state| {
                let count = outbox
                    .by_state
                    .iter()
                    .find(|(s, _)| *s == state)
                    .map_or(0, |(_, c)| *c);
                view! { <div><dt>{state.label(t)}</dt><dd>{format_number(lang, count)}</dd></div> }
            })
            .collect_view();
        view! {
            <h3>{n.outbox_title}</h3>
            <p class="hint">{if outbox.configured { n.outbox_configured } else { n.outbox_not_configured }}</p>
            <dl class="rollup" data-testid="outbox">{counts}</dl>
        }
    });
    let contact = preferences
        .contact
        .map(|contact| view! { <ContactAddress contact/> });
    view! {
        {contact}
        <section id="email" aria-labelledby="email-heading">
            <h2 id="email-heading">{m.preferences_title}</h2>
            <p class="hint">{m.preferences_intro}</p>
            <ActionForm action=save attr:class="stack">
                <FormAlert error/>
                {rows}
                <button type="submit">{t.save}</button>
            </ActionForm>
            {outbox}
        </section>
    }
}

/// A reporter's form for their organisation's contact address for escalations: where work a
/// week overdue is reported, beside the reporters themselves.
#[component]
fn ContactAddress(contact: EscalationContact) -> impl IntoView {
    let t = use_texts();
    let lang = use_lang();
    let m = t.mail;
    let save = ServerAction::<SaveEscalationContact>::new();
    let error = form_error(save);
    view! {
        <section id="contact" aria-labelledby="contact-heading">
            <h2 id="contact-heading">{m.contact_title}</h2>
            <p class="hint">{contact.organization.get(lang).to_owned()}</p>
            <ActionForm action=save attr:class="stack" attr:novalidate=true>
                <FormAlert error/>
                <FormFields>
                    <TextField
                        label=t.contact_email
                        name="contact_email"
                        input_type="email"
                        autocomplete="email"
                        hint=m.contact_hint
                        value=contact.email
                        error
                    />
                </FormFields>
                <button type="submit">{t.save}</button>
            </ActionForm>
        </section>
    }
}

/// The page a message's "stop messages like this" link opens: it asks before stopping them,
/// and says so after.
#[component]
pub fn UnsubscribePage() -> impl IntoView {
    let t = use_texts();
    let m = t.mail;
    let query = use_query_map();
    let stop = ServerAction::<Unsubscribe>::new();
    let error = form_error(stop);
    let field = move |name: &str| query.read().get(name).unwrap_or_default();
    let done = move || query.read().get("done").is_some();
    view! {
        <Title text=m.unsubscribe_title/>
        <h1>{m.unsubscribe_title}</h1>
        {move || if done() {
            view! { <p class="notice" role="status">{m.unsubscribed}</p> }.into_any()
        } else {
            let kind = Kind::parse(&field("kind"));
            match kind {
                None => view! { <p>{m.unsubscribe_invalid}</p> }.into_any(),
                Some(kind) => view! {
                    <p>{m.unsubscribe_question}</p>
                    <p><strong>{kind.label(t)}</strong></p>
                    <ActionForm action=stop attr:class="stack">
                        // A link that is not the one the message carried: say so, not "not found".
                        {move || error.get().map(|e| view! {
                            <p class="form-alert" role="alert">
                                {if matches!(e, AppError::NotFound) { m.unsubscribe_invalid.to_owned() } else { e.message(t) }}
                            </p>
                        })}
                        <input type="hidden" name="user" value=field("user")/>
                        <input type="hidden" name="kind" value=field("kind")/>
                        <input type="hidden" name="sig" value=field("sig")/>
                        <button type="submit" class="danger">{m.unsubscribe_confirm}</button>
                    </ActionForm>
                }.into_any(),
            }
        }}
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
    let title = match item.subject.line(lang) {
        line if line.is_empty() && item.subject.task.is_some() => t.tasks.untitled.to_owned(),
        line => line,
    };
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
            <p>
                <A href=href>{if title.is_empty() { s.open.to_owned() } else { title }}</A>
                {item.subject.due_date.filter(|_| item.kind.is_reminder()).map(|due| view! {
                    " · " {t.mail.due} ": " {format_date(lang, due)}
                })}
            </p>
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
