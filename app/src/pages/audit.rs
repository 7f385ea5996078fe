//! The audit log for administrators: the filter in a plain GET form (person, organisation,
//! event, days), the entries newest first with a link to older ones, and the download of what
//! the filter finds as CSV. Works the same without JavaScript.

use crate::api::audit::get_audit;
use crate::components::outcome::error_view;
use crate::domain::audit::{AuditFilter, AuditKind};
use crate::domain::tasks::inputs::date_to_iso;
use crate::i18n::{format_datetime, use_lang, use_texts};
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::{components::A, hooks::use_query_map};

#[component]
pub fn AuditPage() -> impl IntoView {
    let t = use_texts();
    let lang = use_lang();
    let a = t.audit;
    let query = use_query_map();
    let args = move || {
        let q = query.read();
        (
            q.get("person"),
            q.get("organization"),
            q.get("kind"),
            q.get("from"),
            q.get("to"),
            q.get("before"),
        )
    };
    let data = Resource::new_blocking(args, |(person, organization, kind, from, to, before)| {
        get_audit(person, organization, kind, from, to, before)
    });
    view! {
        <Title text=a.title/>
        <Suspense fallback=move || view! { <p>{t.loading}</p> }>
            {move || Suspend::new(async move {
                let data = match data.await {
                    Ok(data) => data,
                    Err(error) => return error_view(error),
                };
                let filter = AuditFilter::parse(|k| query.read_untracked().get(k));
                let query_string = filter.to_query();
                let kinds = AuditKind::ALL
                    .iter()
                    .map(|k| {
                        let selected = filter.kind == Some(*k);
                        view! { <option value=k.as_str() selected=selected>{k.label(t)}</option> }
                    })
                    .collect_view();
                let organizations = data
                    .organizations
                    .iter()
                    .map(|(id, name)| {
                        let selected = filter.organization == Some(*id);
                        view! { <option value=id.to_string() selected=selected>{name.get(lang).to_owned()}</option> }
                    })
                    .collect_view();
                let rows = data
                    .entries
                    .iter()
                    .map(|e| {
                        view! {
                            <tr>
                                <td data-label=a.when>{format_datetime(lang, e.at)}</td>
                                <td class="card-title">{e.kind.label(t)}</td>
                                <td data-label=a.who>{e.actor.clone()}</td>
                                <td data-label=a.organization>{e.organization.clone()}</td>
                                <td data-label=a.subject>{e.subject.clone()}</td>
                                <td data-label=a.detail class="audit-detail">{e.detail.clone()}</td>
                                <td data-label=a.client>{e.client.clone()}</td>
                            </tr>
                        }
                    })
                    .collect_view();
                let older = data.next.map(|before| {
                    let sep = if query_string.is_empty() { "" } else { "&" };
                    view! { <p><A href=format!("/audit?{query_string}{sep}before={before}")>{a.older}</A></p> }
                });
                let download = {
                    let sep = if query_string.is_empty() { "" } else { "&" };
                    format!("/audit.csv?{query_string}{sep}lang={}", lang.code())
                };
                let date = |d: Option<time::Date>| d.map(date_to_iso).unwrap_or_default();
                view! {
                    <h1>{a.title}</h1>
                    <p class="hint">{a.intro}</p>
                    <form method="get" action="/audit" class="filters" role="search">
                        <div class="field">
                            <label for="audit-person">{a.person}</label>
                            <input id="audit-person" type="search" name="person" maxlength="100" value=filter.person.clone().unwrap_or_default()/>
                        </div>
                        <div class="field">
                            <label for="audit-organization">{a.organization}</label>
                            <select id="audit-organization" name="organization">
                                <option value="">{a.all_organizations}</option>
                                {organizations}
                            </select>
                        </div>
                        <div class="field">
                            <label for="audit-kind">{a.kind}</label>
                            <select id="audit-kind" name="kind">
                                <option value="">{a.all_kinds}</option>
                                {kinds}
                            </select>
                        </div>
                        <div class="field">
                            <label for="audit-from">{a.from}</label>
                            <input id="audit-from" type="date" name="from" value=date(filter.from)/>
                        </div>
                        <div class="field">
                            <label for="audit-to">{a.to}</label>
                            <input id="audit-to" type="date" name="to" value=date(filter.to)/>
                        </div>
                        <button type="submit">{a.search}</button>
                    </form>
                    <p><a href=download rel="external" download="" data-testid="audit-download">{a.download}</a></p>
                    {if data.entries.is_empty() {
                        view! { <p>{a.none_found}</p> }.into_any()
                    } else {
                        view! {
                            // Wide on a desktop: a region the keyboard can scroll.
                            <div class="table-wrap" tabindex="0" role="region" aria-label=a.title>
                                <table class="cards" data-testid="audit">
                                    <thead><tr>
                                        <th scope="col">{a.when}</th>
                                        <th scope="col">{a.kind}</th>
                                        <th scope="col">{a.who}</th>
                                        <th scope="col">{a.organization}</th>
                                        <th scope="col">{a.subject}</th>
                                        <th scope="col">{a.detail}</th>
                                        <th scope="col">{a.client}</th>
                                    </tr></thead>
                                    <tbody>{rows}</tbody>
                                </table>
                            </div>
                        }.into_any()
                    }}
                    {older}
                }
                .into_any()
            })}
        </Suspense>
    }
}
