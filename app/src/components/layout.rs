//! The frame of every page: skip link, header with navigation, the language switch and the
//! session controls, the demo banner, and the footer with the data attribution. On narrow
//! screens the navigation and session controls fold into a menu (`<details>`, so it opens
//! without JavaScript) whose summary names the current page. It also loads
//! who is logged in (again on every navigation, so a login, logout or deactivation shows at
//! once) and shares it with the pages.

use crate::api::account::get_session;
use crate::domain::{policy::Abilities, views::SessionInfo};
use crate::error::AppError;
use crate::i18n::{Lang, use_lang, use_texts};
use leptos::prelude::*;
use leptos_router::{components::A, hooks::use_location};

/// Who is logged in, as loaded by the layout for the current page.
#[derive(Clone, Copy)]
pub struct CurrentSession(pub Resource<Result<SessionInfo, AppError>>);

/// The session resource shared by the layout.
pub fn use_session() -> Resource<Result<SessionInfo, AppError>> {
    expect_context::<CurrentSession>().0
}

/// What the logged-in user's pages may offer them, as the policy says (the server decides for
/// itself what they may do). Pass the awaited session, inside the same `Suspend` as the page's
/// data, so the browser renders exactly what the server did.
pub fn abilities(session: &Result<SessionInfo, AppError>) -> Abilities {
    session.as_ref().map(|info| info.may).unwrap_or_default()
}

#[component]
pub fn Layout(children: Children) -> impl IntoView {
    let location = use_location();
    let session = Resource::new_blocking(move || location.pathname.get(), |_| get_session());
    provide_context(CurrentSession(session));
    let t = use_texts();

    view! {
        <a class="skip-link" href="#main">{t.skip_to_content}</a>
        <HydrationMarker/>
        <header class="site-header">
            <div class="brand">
                <A href="/" attr:class="brand-name">{t.app_name}</A>
                <span class="brand-tagline">{t.app_tagline}</span>
            </div>
            <LanguageSwitch/>
            <Suspense fallback=|| ()>
                {move || Suspend::new(async move {
                    let info = session.await.ok();
                    view! { <Navigation info/> }
                })}
            </Suspense>
        </header>
        <main id="main" tabindex="-1">{children()}</main>
        <footer class="site-footer">
            <p>
                <A href="/about">{t.nav_about}</A>
                " · "
                {t.footer_attribution}
            </p>
        </footer>
    }
}

/// Marks the page as interactive once its islands have hydrated (browser tests wait for it).
#[island]
fn HydrationMarker() -> impl IntoView {
    #[cfg(feature = "hydrate")]
    Effect::new(move |_| {
        if let Some(body) = web_sys::window()
            .and_then(|w| w.document())
            .and_then(|d| d.body())
        {
            let _ = body.set_attribute("data-hydrated", "true");
        }
    });
}

#[component]
fn Navigation(info: Option<SessionInfo>) -> impl IntoView {
    let t = use_texts();
    let lang = use_lang();
    let location = use_location();
    let current = current_page(&location.pathname.get_untracked(), t);
    let demo = info.as_ref().is_some_and(|i| i.demo_loaded);
    let may = info.as_ref().map(|i| i.may).unwrap_or_default();
    let inbox_count = info.as_ref().map_or(0, |i| i.inbox_count);
    let notification_count = info.as_ref().map_or(0, |i| i.notification_count);
    let me = info.and_then(|i| i.me);
    let links = me.as_ref().filter(|me| !me.must_change_password && !me.must_enrol).map(|_| {
        let has_inbox = may.has_inbox;
        let may_warn = may.early_warning;
        let may_audit = may.view_audit;
        view! {
            {has_inbox.then(|| view! {
                <li>
                    <A href="/inbox">
                        {t.tasks.nav_inbox}
                        {(inbox_count > 0).then(|| view! {
                            " "
                            <span class="count-badge" data-testid="inbox-count">{inbox_count}</span>
                            <span class="visually-hidden">{format!(" {}", t.tasks.inbox_count_label)}</span>
                        })}
                    </A>
                </li>
            })}
            <li>
                <A href="/notifications">
                    {t.notifications.nav_notifications}
                    {(notification_count > 0).then(|| view! {
                        " "
                        <span class="count-badge" data-testid="notification-count">{notification_count}</span>
                        <span class="visually-hidden">{format!(" {}", t.notifications.unread_label)}</span>
                    })}
                </A>
            </li>
            <li><A href="/dashboard">{t.dashboard.nav_dashboard}</A></li>
            <li><A href="/tasks">{t.tasks.nav_tasks}</A></li>
            <li><A href="/reports">{t.reports.nav_reports}</A></li>
            <li><A href="/activities">{t.activities.nav_activities}</A></li>
            <li><A href="/indicators">{t.indicators.nav_indicators}</A></li>
            <li><A href="/substances">{t.substances.nav_substances}</A></li>
            {may_warn.then(|| view! { <li><A href="/cases">{t.warning.nav_cases}</A></li> })}
            <li><A href="/organizations">{t.nav_organizations}</A></li>
            <li><A href="/users">{t.nav_users}</A></li>
            {may_audit.then(|| view! { <li><A href="/audit">{t.audit.nav}</A></li> })}
        }
    });
    let session = match me.clone() {
        Some(me) => view! {
            <div class="session">
                <span class="who">
                    <span class="visually-hidden">{t.signed_in_as}" "</span>
                    <A href="/account">{me.full_name.clone()}</A>
                    <span class="who-org">
                        {format!(" · {} · {}", me.role.label(t), me.organization_name.get(lang))}
                    </span>
                </span>
                <form method="post" action="/api/logout" class="inline-form">
                    <button type="submit" class="link-button">{t.nav_logout}</button>
                </form>
            </div>
        }
        .into_any(),
        None => view! {
            <div class="session">
                <A href="/login">{t.nav_login}</A>
            </div>
        }
        .into_any(),
    };
    view! {
        <details class="menu">
            <summary>
                <span class="menu-label">{t.menu}</span>
                {current.map(|page| view! { <span class="menu-current">{page}</span> })}
            </summary>
            <div class="menu-body">
                <nav class="site-nav" aria-label=t.nav_label>
                    <ul>
                        <li><A href="/" exact=true>{t.nav_framework}</A></li>
                        {links}
                        <li><A href="/public">{t.dashboard.nav_public}</A></li>
                        <li><A href="/about">{t.nav_about}</A></li>
                    </ul>
                </nav>
                {session}
            </div>
        </details>
        {demo.then(|| view! { <p class="demo-banner" role="note">{t.demo_banner}</p> })}
    }
}

/// The name of the section `path` belongs to, as the navigation names it.
fn current_page(path: &str, t: &'static crate::i18n::Texts) -> Option<&'static str> {
    let section = path.trim_start_matches('/').split('/').next().unwrap_or("");
    Some(match section {
        "" => t.nav_framework,
        "inbox" => t.tasks.nav_inbox,
        "dashboard" => t.dashboard.nav_dashboard,
        "tasks" => t.tasks.nav_tasks,
        "reports" => t.reports.nav_reports,
        "activities" => t.activities.nav_activities,
        "indicators" => t.indicators.nav_indicators,
        "substances" => t.substances.nav_substances,
        "cases" | "signals" => t.warning.nav_cases,
        "organizations" => t.nav_organizations,
        "users" => t.nav_users,
        "audit" => t.audit.nav,
        "public" => t.dashboard.nav_public,
        "about" => t.nav_about,
        "account" => t.nav_account,
        "login" => t.nav_login,
        _ => return None,
    })
}

/// Three buttons in a plain form: the server sets the cookie (and the profile) and sends the
/// browser back, so the page reloads in the new language, with or without JavaScript.
#[component]
fn LanguageSwitch() -> impl IntoView {
    let t = use_texts();
    let current = use_lang();
    view! {
        <form method="post" action="/api/language" class="lang-switch" aria-label=t.language_label>
            {Lang::ALL
                .into_iter()
                .map(|lang| {
                    view! {
                        <button
                            type="submit"
                            name="lang"
                            value=lang.code()
                            lang=lang.code()
                            aria-pressed=if lang == current { "true" } else { "false" }
                        >
                            {lang.native_name()}
                        </button>
                    }
                })
                .collect_view()}
        </form>
    }
}
