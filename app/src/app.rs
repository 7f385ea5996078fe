//! The HTML shell (language, the scripts' CSP nonce, the islands' loader) and `<App/>` with the
//! route table.
//!
//! Pages are rendered on the server and are complete without JavaScript: links are links and
//! forms post to their server functions. The browser's WebAssembly holds only the islands
//! (`#[island]` components), so slow links and old machines load little.

use crate::components::layout::Layout;
use crate::i18n::Lang;
use crate::pages::{
    about::AboutPage,
    account::AccountPage,
    activities::{ActivitiesPage, ActivityFormPage, ActivityPage},
    audit::AuditPage,
    cases::{CasePage, CasesPage},
    dashboard::{DashboardPage, PrintableReportPage},
    home::HomePage,
    inbox::InboxPage,
    indicators::{IndicatorFormPage, IndicatorPage, IndicatorsPage},
    login::LoginPage,
    not_found::NotFoundPage,
    notifications::{NotificationsPage, UnsubscribePage},
    onboarding::OnboardTerritoryPage,
    organizations::{NewOrganizationPage, OrganizationPage, OrganizationsPage},
    public::PublicPageView,
    report::{ReportEditPage, ReportPage},
    reports::{CalendarPage, MissingReportsPage, ReportsPage},
    scorecards::ScorecardsPage,
    security::{EnrolPage, LoginCodePage, RecoveryCodesPage, SecondFactorPolicyPage},
    signals::{SignalFormPage, SignalPage, SignalsPage},
    substances::{SubstanceFormPage, SubstancePage, SubstancesPage},
    task::{EditTaskPage, TaskPage},
    tasks::{NewTaskPage, TasksPage},
    users::{NewUserPage, UserPage, UsersPage},
};
use leptos::prelude::*;
use leptos_meta::{HashedStylesheet, MetaTags, Title, provide_meta_context};
use leptos_router::{
    SsrMode,
    components::{Route, Router, Routes},
    path,
};

/// The language of this request: the cookie, else the browser's Accept-Language, else Russian.
#[cfg(feature = "ssr")]
fn request_lang() -> Lang {
    use_context::<http::request::Parts>()
        .map(|parts| crate::i18n::lang_of_headers(&parts.headers))
        .unwrap_or_default()
}

/// The language the server rendered the page in, read back from `<html lang>`.
#[cfg(not(feature = "ssr"))]
fn document_lang() -> Lang {
    #[cfg(feature = "hydrate")]
    {
        web_sys::window()
            .and_then(|w| w.document())
            .and_then(|d| d.document_element())
            .and_then(|e| e.get_attribute("lang"))
            .and_then(|code| Lang::parse(&code))
            .unwrap_or_default()
    }
    #[cfg(not(feature = "hydrate"))]
    Lang::default()
}

/// The HTML document around `<App/>`, rendered on the server for every page.
pub fn shell(options: LeptosOptions) -> impl IntoView {
    #[cfg(feature = "ssr")]
    let lang = {
        crate::backend::csp::provide_request_nonce();
        request_lang()
    };
    #[cfg(not(feature = "ssr"))]
    let lang = document_lang();
    provide_context(lang);
    view! {
        <!DOCTYPE html>
        <html lang=lang.code()>
            <head>
                <meta charset="utf-8"/>
                <meta name="viewport" content="width=device-width, initial-scale=1"/>
                <meta name="color-scheme" content="light"/>
                <link rel="icon" href="/favicon.svg" type="image/svg+xml"/>
                <HashedStylesheet options=options.clone() id="leptos"/>
                <AutoReload options=options.clone()/>
                <HydrationScripts options islands=true/>
                <MetaTags/>
            </head>
            <body>
                <App/>
            </body>
        </html>
    }
}

/// The application: the layout around the route table.
#[component]
pub fn App() -> impl IntoView {
    provide_meta_context();
    #[cfg(feature = "ssr")]
    let lang = use_context::<Lang>().unwrap_or_default();
    #[cfg(not(feature = "ssr"))]
    let lang = use_context::<Lang>().unwrap_or_else(document_lang);
    provide_context(lang);
    let t = lang.texts();

    view! {
        <Title formatter=move |page: String| {
            if page.is_empty() { t.app_name.to_owned() } else { format!("{page} · {}", t.app_name) }
        }/>
        <Router>
            <Layout>
                <Routes fallback=|| view! { <NotFoundPage/> }>
                    <Route path=path!("/") view=HomePage ssr=SsrMode::Async/>
                    <Route path=path!("/login") view=LoginPage ssr=SsrMode::Async/>
                    <Route path=path!("/login/code") view=LoginCodePage ssr=SsrMode::Async/>
                    <Route path=path!("/account") view=AccountPage ssr=SsrMode::Async/>
                    <Route path=path!("/account/second-factor") view=EnrolPage ssr=SsrMode::Async/>
                    <Route path=path!("/account/recovery-codes") view=RecoveryCodesPage ssr=SsrMode::Async/>
                    <Route path=path!("/security") view=SecondFactorPolicyPage ssr=SsrMode::Async/>
                    <Route path=path!("/about") view=AboutPage ssr=SsrMode::Async/>
                    <Route path=path!("/organizations") view=OrganizationsPage ssr=SsrMode::Async/>
                    <Route path=path!("/organizations/new") view=NewOrganizationPage ssr=SsrMode::Async/>
                    <Route path=path!("/organizations/onboard") view=OnboardTerritoryPage ssr=SsrMode::Async/>
                    <Route path=path!("/organizations/:id") view=OrganizationPage ssr=SsrMode::Async/>
                    <Route path=path!("/users") view=UsersPage ssr=SsrMode::Async/>
                    <Route path=path!("/audit") view=AuditPage ssr=SsrMode::Async/>
                    <Route path=path!("/users/new") view=NewUserPage ssr=SsrMode::Async/>
                    <Route path=path!("/users/:id") view=UserPage ssr=SsrMode::Async/>
                    <Route path=path!("/tasks") view=TasksPage ssr=SsrMode::Async/>
                    <Route path=path!("/tasks/new") view=NewTaskPage ssr=SsrMode::Async/>
                    <Route path=path!("/tasks/:id") view=TaskPage ssr=SsrMode::Async/>
                    <Route path=path!("/tasks/:id/edit") view=EditTaskPage ssr=SsrMode::Async/>
                    <Route path=path!("/inbox") view=InboxPage ssr=SsrMode::Async/>
                    <Route path=path!("/notifications") view=NotificationsPage ssr=SsrMode::Async/>
                    <Route path=path!("/mail/unsubscribe") view=UnsubscribePage ssr=SsrMode::Async/>
                    <Route path=path!("/dashboard") view=DashboardPage ssr=SsrMode::Async/>
                    <Route path=path!("/dashboard/organizations") view=ScorecardsPage ssr=SsrMode::Async/>
                    <Route path=path!("/dashboard/report") view=PrintableReportPage ssr=SsrMode::Async/>
                    <Route path=path!("/public") view=PublicPageView ssr=SsrMode::Async/>
                    <Route path=path!("/reports") view=ReportsPage ssr=SsrMode::Async/>
                    <Route path=path!("/indicators") view=IndicatorsPage ssr=SsrMode::Async/>
                    <Route path=path!("/indicators/new") view=IndicatorFormPage ssr=SsrMode::Async/>
                    <Route path=path!("/indicators/:id") view=IndicatorPage ssr=SsrMode::Async/>
                    <Route path=path!("/indicators/:id/edit") view=IndicatorFormPage ssr=SsrMode::Async/>
                    <Route path=path!("/substances") view=SubstancesPage ssr=SsrMode::Async/>
                    <Route path=path!("/substances/new") view=SubstanceFormPage ssr=SsrMode::Async/>
                    <Route path=path!("/substances/:id") view=SubstancePage ssr=SsrMode::Async/>
                    <Route path=path!("/substances/:id/edit") view=SubstanceFormPage ssr=SsrMode::Async/>
                    <Route path=path!("/signals") view=SignalsPage ssr=SsrMode::Async/>
                    <Route path=path!("/signals/new") view=SignalFormPage ssr=SsrMode::Async/>
                    <Route path=path!("/signals/:id") view=SignalPage ssr=SsrMode::Async/>
                    <Route path=path!("/cases") view=CasesPage ssr=SsrMode::Async/>
                    <Route path=path!("/cases/:id") view=CasePage ssr=SsrMode::Async/>
                    <Route path=path!("/activities") view=ActivitiesPage ssr=SsrMode::Async/>
                    <Route path=path!("/activities/new") view=ActivityFormPage ssr=SsrMode::Async/>
                    <Route path=path!("/activities/:id") view=ActivityPage ssr=SsrMode::Async/>
                    <Route path=path!("/activities/:id/edit") view=ActivityFormPage ssr=SsrMode::Async/>
                    <Route path=path!("/reports/missing") view=MissingReportsPage ssr=SsrMode::Async/>
                    <Route path=path!("/reports/calendar") view=CalendarPage ssr=SsrMode::Async/>
                    <Route path=path!("/reports/:id") view=ReportPage ssr=SsrMode::Async/>
                    <Route path=path!("/reports/:id/edit") view=ReportEditPage ssr=SsrMode::Async/>
                </Routes>
            </Layout>
        </Router>
    }
}
