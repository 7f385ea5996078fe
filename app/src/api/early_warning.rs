//! The early-warning system's server functions: signals (the list, the form, recording one
//! without files, one signal),
//! cases (the list by stage, one case, and each act on it), a substance's signals, and the
//! dashboard's early-warning figures.
//! Each asks for the permit of its action; the services check the caller's standing towards
//! the case and the stage.

use crate::domain::early_warning::cases::{
    AlertForm, AssessorsForm, CaseTaskForm, DecisionForm, OpenCaseForm, ReturnForm, RiskForm,
    ScoreForm, SignOffForm,
};
use crate::domain::early_warning::figures::WarningFigures;
use crate::domain::early_warning::signals::SignalForm;
use crate::domain::early_warning::views::{
    CaseListPage, CasePage, SignalFormPage, SignalListPage, SignalPage, SubstanceSignals,
};
use crate::error::AppError;
use leptos::prelude::*;

/// The signals the caller may see: by source, only those in no case, a page.
#[server(endpoint = "signals/list")]
pub async fn list_signals(
    source: Option<String>,
    unlinked: Option<String>,
    page: Option<String>,
) -> Result<SignalListPage, AppError> {
    use crate::backend::{auth, signals, state::state};
    use crate::domain::{early_warning::views::SignalFilter, policy::Action};
    let permit = auth::require(Action::ViewSignals).await?;
    let filter = SignalFilter::parse(|k| match k {
        "source" => source.clone(),
        "unlinked" => unlinked.clone(),
        "page" => page.clone(),
        _ => None,
    });
    signals::list(&state()?, &permit, &filter).await
}

/// The session key under which the signal form's last problems wait for the form page.
pub const SIGNAL_FLASH: &str = "signal-form";
/// The session key (with the case's id) under which a case's last upload problems wait.
pub const CASE_FILES_FLASH: &str = "case-files";

/// The empty signal form and its choices, with the last recording's problems.
#[server(endpoint = "signals/form")]
pub async fn get_signal_form() -> Result<SignalFormPage, AppError> {
    use crate::backend::{auth, signals, state::state};
    use crate::domain::policy::Action;
    let permit = auth::require(Action::RecordSignals).await?;
    let flash = auth::session()
        .await?
        .remove::<AppError>(&format!("{SIGNAL_FLASH}:new"))
        .await?;
    signals::form_page(&state()?, &permit, flash).await
}

/// Records a signal without files (the form page posts text and files together as multipart
/// to the server's `/signals/record`); to the signal.
#[server(endpoint = "signals/save")]
pub async fn save_signal(form: SignalForm) -> Result<(), AppError> {
    use crate::backend::{auth, request_lang, signals, state::state};
    use crate::domain::policy::Action;
    let permit = auth::require(Action::RecordSignals).await?;
    let id = signals::record(&state()?, &permit, &form, request_lang()).await?;
    leptos_axum::redirect(&format!("/signals/{id}?done=saved"));
    Ok(())
}

/// One signal with its evidence files, and the last upload's problems.
#[server(endpoint = "signals/page")]
pub async fn get_signal(signal_id: i64) -> Result<SignalPage, AppError> {
    use crate::backend::{auth, signals, state::state};
    use crate::domain::{ids::SignalId, policy::Action};
    let permit = auth::require(Action::ViewSignals).await?;
    let mut page = signals::page(&state()?, &permit, SignalId(signal_id)).await?;
    page.upload_errors = auth::session()
        .await?
        .remove::<AppError>(&format!("{SIGNAL_FLASH}:{signal_id}"))
        .await?;
    Ok(page)
}

/// The cases in a stage (the open ones when none is given).
#[server(endpoint = "cases/list")]
pub async fn list_cases(stage: Option<String>) -> Result<CaseListPage, AppError> {
    use crate::backend::{auth, cases, state::state};
    use crate::domain::{early_warning::kinds::Stage, policy::Action};
    let permit = auth::require(Action::ViewCases).await?;
    let stage = stage.as_deref().and_then(Stage::parse);
    cases::list(&state()?, &permit, stage).await
}

/// One case in full.
#[server(endpoint = "cases/page")]
pub async fn get_case(case_id: i64) -> Result<CasePage, AppError> {
    use crate::backend::{auth, cases, state::state};
    use crate::domain::{ids::CaseId, policy::Action};
    let permit = auth::require(Action::ViewCases).await?;
    let mut page = cases::page(&state()?, &permit, CaseId(case_id)).await?;
    page.upload_errors = auth::session()
        .await?
        .remove::<AppError>(&format!("{CASE_FILES_FLASH}:{case_id}"))
        .await?;
    Ok(page)
}

/// Opens a case from signals; to the case.
#[server(endpoint = "cases/open")]
pub async fn open_case(form: OpenCaseForm) -> Result<(), AppError> {
    use crate::backend::{auth, cases, state::state};
    use crate::domain::policy::Action;
    let permit = auth::require(Action::ManageCases).await?;
    let id = cases::open(&state()?, &permit, &form).await?;
    leptos_axum::redirect(&format!("/cases/{id}?done=opened"));
    Ok(())
}

/// Where a case's page is shown again after an act: `done` names what was done.
#[cfg(feature = "ssr")]
fn back(case_id: i64, done: &str) {
    leptos_axum::redirect(&format!("/cases/{case_id}?done={done}"));
}

/// Asks an organisation for primary data, or gives it follow-up work.
#[server(endpoint = "cases/task")]
pub async fn add_case_task(case_id: i64, form: CaseTaskForm) -> Result<(), AppError> {
    use crate::backend::{auth, cases, request_lang, state::state};
    use crate::domain::{ids::CaseId, policy::Action};
    let permit = auth::require(Action::ManageCases).await?;
    cases::add_task(
        &state()?,
        &permit,
        CaseId(case_id),
        &form,
        request_lang(),
        false,
    )
    .await?;
    back(case_id, "requested");
    Ok(())
}

/// Names the case's assessors.
#[server(endpoint = "cases/assessors")]
pub async fn name_case_assessors(case_id: i64, form: AssessorsForm) -> Result<(), AppError> {
    use crate::backend::{auth, cases, state::state};
    use crate::domain::{ids::CaseId, policy::Action};
    let permit = auth::require(Action::ManageCases).await?;
    cases::name_assessors(&state()?, &permit, CaseId(case_id), &form).await?;
    back(case_id, "assessors");
    Ok(())
}

/// An assessor's scores.
#[server(endpoint = "cases/score")]
pub async fn score_case(case_id: i64, form: ScoreForm) -> Result<(), AppError> {
    use crate::backend::{auth, cases, state::state};
    use crate::domain::{ids::CaseId, policy::Action};
    let permit = auth::require(Action::ViewCases).await?;
    cases::score(&state()?, &permit, CaseId(case_id), &form).await?;
    back(case_id, "scored");
    Ok(())
}

/// Confirms the overall risk (alerting when high).
#[server(endpoint = "cases/risk")]
pub async fn confirm_case_risk(case_id: i64, version: i64, form: RiskForm) -> Result<(), AppError> {
    use crate::backend::{auth, cases, state::state};
    use crate::domain::{ids::CaseId, policy::Action};
    let permit = auth::require(Action::ManageCases).await?;
    cases::confirm_risk(&state()?, &permit, CaseId(case_id), version, &form).await?;
    back(case_id, "risk");
    Ok(())
}

/// Alerts more organisations of a high risk.
#[server(endpoint = "cases/alert")]
pub async fn alert_case(case_id: i64, form: AlertForm) -> Result<(), AppError> {
    use crate::backend::{auth, cases, state::state};
    use crate::domain::{ids::CaseId, policy::Action};
    let permit = auth::require(Action::ManageCases).await?;
    cases::alert(&state()?, &permit, CaseId(case_id), &form).await?;
    back(case_id, "alerted");
    Ok(())
}

/// Records the decision.
#[server(endpoint = "cases/decision")]
pub async fn decide_case(case_id: i64, version: i64, form: DecisionForm) -> Result<(), AppError> {
    use crate::backend::{auth, cases, state::state};
    use crate::domain::{ids::CaseId, policy::Action};
    let permit = auth::require(Action::ManageCases).await?;
    cases::decide(&state()?, &permit, CaseId(case_id), version, &form).await?;
    back(case_id, "decision");
    Ok(())
}

/// Signs off the case's stage.
#[server(endpoint = "cases/sign_off")]
pub async fn sign_off_case(case_id: i64, version: i64, form: SignOffForm) -> Result<(), AppError> {
    use crate::backend::{auth, cases, state::state};
    use crate::domain::{ids::CaseId, policy::Action};
    let permit = auth::require(Action::ManageCases).await?;
    cases::sign_off(&state()?, &permit, CaseId(case_id), version, &form).await?;
    back(case_id, "signed_off");
    Ok(())
}

/// Returns the case to an earlier stage.
#[server(endpoint = "cases/return")]
pub async fn return_case(case_id: i64, version: i64, form: ReturnForm) -> Result<(), AppError> {
    use crate::backend::{auth, cases, state::state};
    use crate::domain::{ids::CaseId, policy::Action};
    let permit = auth::require(Action::ManageCases).await?;
    cases::return_case(&state()?, &permit, CaseId(case_id), version, &form).await?;
    back(case_id, "returned");
    Ok(())
}

/// Writes in the case's discussion.
#[server(endpoint = "cases/comment")]
pub async fn comment_case(case_id: i64, body: String) -> Result<(), AppError> {
    use crate::backend::{auth, cases, state::state};
    use crate::domain::{ids::CaseId, policy::Action};
    let permit = auth::require(Action::ViewCases).await?;
    cases::comment(&state()?, &permit, CaseId(case_id), &body).await?;
    leptos_axum::redirect(&format!("/cases/{case_id}?done=comment#discussion"));
    Ok(())
}

/// A substance's signals by year and region, and its cases.
#[server(endpoint = "substances/signals")]
pub async fn get_substance_signals(substance_id: i64) -> Result<SubstanceSignals, AppError> {
    use crate::backend::{auth, cases, state::state};
    use crate::domain::{ids::SubstanceId, policy::Action};
    let permit = auth::require(Action::ViewSubstances).await?;
    cases::substance_signals(&state()?, &permit, SubstanceId(substance_id)).await
}

/// The dashboard's early-warning figures (national counts by year, days per stage).
#[server(endpoint = "warning/figures")]
pub async fn get_warning_figures() -> Result<WarningFigures, AppError> {
    use crate::backend::{auth, cases, rate_limit, state::state};
    use crate::domain::policy::Action;
    let permit = auth::require(Action::ViewDashboard).await?;
    let state = state()?;
    let address = auth::client_address().await;
    rate_limit::check(
        &state,
        rate_limit::Costly::Read,
        Some(permit.me().user_id),
        &address,
    )
    .await?;
    cases::figures(&state, &permit).await
}
