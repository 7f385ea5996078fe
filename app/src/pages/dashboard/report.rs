//! The printable report (`/dashboard/report`): the dashboard's sections for the same filter,
//! without its controls, laid out for A4 by the print style sheet, and the button that prints.

use super::Sections;
use crate::api::dashboard::get_dashboard;
use crate::components::outcome::error_view;
use crate::domain::dashboard::figures::DashboardFilter;
use crate::i18n::{use_lang, use_texts};
use crate::pages::reports::period_label;
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::{components::A, hooks::use_query_map};

/// The printable report (`/dashboard/report`): the dashboard's content for the same filter,
/// without its controls, laid out for A4 by the print style sheet; a button prints it (or
/// saves it as PDF) where JavaScript runs, the browser's own Print anywhere.
#[component]
pub fn PrintableReportPage() -> impl IntoView {
    let t = use_texts();
    let lang = use_lang();
    let s = t.dashboard;
    let query = use_query_map();
    let filter = move || DashboardFilter::parse(|k| query.read().get(k));
    let data = Resource::new_blocking(filter, get_dashboard);
    view! {
        <Title text=s.report_title/>
        <Suspense fallback=move || view! { <p>{t.loading}</p> }>
            {move || Suspend::new(async move {
                let data = match data.await {
                    Ok(data) => data,
                    Err(error) => return error_view(error),
                };
                let back = format!("/dashboard?{}", data.filter.to_query());
                view! {
                    <div class="report-tools no-print">
                        <A href=back>{s.back_to_dashboard}</A>
                        <PrintButton label=s.print_button.to_owned()/>
                        <p class="hint">{s.print_hint}</p>
                    </div>
                    <article class="report" data-testid="report">
                        <header class="report-head">
                            <p class="report-body-name">{t.app_name}</p>
                            <h1>{s.report_title}</h1>
                            <p>{format!("{} – {}", period_label(&data.from, t), period_label(&data.to, t))}</p>
                            <p class="hint">{format!("{} {}", s.prepared_on, crate::i18n::format_date(lang, data.today))}</p>
                        </header>
                        <Sections data=data.clone() printable=true/>
                    </article>
                }
                .into_any()
            })}
        </Suspense>
    }
}

/// A button that opens the browser's print dialogue: rendered hidden, since without
/// JavaScript it could do nothing, and shown by the island once JavaScript runs. The island
/// itself renders nothing, so there is no markup of its own to hydrate.
#[component]
fn PrintButton(label: String) -> impl IntoView {
    view! {
        <button type="button" class="print-button" data-print hidden>{label}</button>
        <PrintButtonBehaviour/>
    }
}

/// Shows the `data-print` buttons of the page and makes them open the print dialogue.
#[island]
fn PrintButtonBehaviour() -> impl IntoView {
    #[cfg(feature = "hydrate")]
    {
        use wasm_bindgen::{JsCast, closure::Closure};
        let Some(document) = web_sys::window().and_then(|w| w.document()) else {
            return;
        };
        let Ok(buttons) = document.query_selector_all("button[data-print]") else {
            return;
        };
        for i in 0..buttons.length() {
            let Some(button) = buttons
                .item(i)
                .and_then(|n| n.dyn_into::<web_sys::HtmlElement>().ok())
            else {
                continue;
            };
            let print = Closure::<dyn Fn()>::new(|| {
                if let Some(window) = web_sys::window() {
                    let _ = window.print();
                }
            });
            let _ =
                button.add_event_listener_with_callback("click", print.as_ref().unchecked_ref());
            print.forget();
            button.set_hidden(false);
        }
    }
}
