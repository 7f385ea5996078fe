//! Progress reports: the list, a report's page and form, a task's reports, starting a report,
//! moving it through review, taking evidence off it, the missing-reports view and the
//! reporting calendar. The report form itself (text and files together) posts as multipart to
//! the server's `/reports/{id}/save` route, which uses the same services.

use crate::domain::{
    reports::filters::ReportFilter,
    reports::views::{
        CalendarPage, MissingReports, ReportEditPage, ReportListPage, ReportPage, TaskReports,
    },
};
use crate::error::AppError;
use leptos::prelude::*;

/// The session key under which the report form's last problems wait for the form page.
pub const FORM_FLASH: &str = "report-form";

/// One page of the reports the caller may see.
#[server(endpoint = "reports/list")]
pub async fn list_reports(filter: ReportFilter) -> Result<ReportListPage, AppError> {
    use crate::backend::{auth, reports, state::state};
    use crate::domain::policy::Action;
    let permit = auth::require(Action::ViewReports).await?;
    reports::list(&state()?, &permit, &filter.normalized()).await
}

/// A report with its evidence, history and the moves the caller may make.
#[server(endpoint = "reports/page")]
pub async fn get_report_page(report_id: i64) -> Result<ReportPage, AppError> {
    use crate::backend::{auth, reports, state::state};
    use crate::domain::{ids::ReportId, policy::Action};
    let permit = auth::require(Action::ViewReports).await?;
    reports::page(&state()?, &permit, ReportId(report_id)).await
}

/// The report form, with the problems of the last save (taken from the session once).
#[server(endpoint = "reports/edit")]
pub async fn get_report_edit(report_id: i64) -> Result<ReportEditPage, AppError> {
    use crate::backend::{auth, reports, state::state};
    use crate::domain::{ids::ReportId, policy::Action};
    let permit = auth::require(Action::WriteReports).await?;
    let flash = auth::session()
        .await?
        .remove::<AppError>(&format!("{FORM_FLASH}:{report_id}"))
        .await?;
    reports::edit_page(&state()?, &permit, ReportId(report_id), flash).await
}

/// The reports of a task, and the periods the caller may start one for.
#[server(endpoint = "reports/of_task")]
pub async fn get_task_reports(task_id: i64) -> Result<TaskReports, AppError> {
    use crate::backend::{auth, reports, state::state};
    use crate::domain::{ids::TaskId, policy::Action};
    let permit = auth::require(Action::ViewReports).await?;
    reports::of_task(&state()?, &permit, TaskId(task_id)).await
}

/// Starts (or opens) the report on a task for a period and opens its form.
#[server(endpoint = "reports/start")]
pub async fn start_report(task_id: i64, period: String) -> Result<(), AppError> {
    use crate::backend::{auth, reports, state::state};
    use crate::domain::{ids::TaskId, policy::Action};
    let permit = auth::require(Action::WriteReports).await?;
    let id = reports::start(&state()?, &permit, TaskId(task_id), &period).await?;
    leptos_axum::redirect(&format!("/reports/{id}/edit"));
    Ok(())
}

/// Submits, accepts, returns (with a comment) or corrects a report.
#[server(endpoint = "reports/move")]
pub async fn move_report(
    report_id: i64,
    version: i64,
    mv: String,
    note: Option<String>,
) -> Result<(), AppError> {
    use crate::backend::{auth, reports, state::state};
    use crate::domain::{ids::ReportId, policy::Action};
    let permit = auth::require(Action::ViewReports).await?;
    let next = reports::make_move(
        &state()?,
        &permit,
        ReportId(report_id),
        version,
        &mv,
        note.as_deref().unwrap_or_default(),
    )
    .await
    .map_err(|error| match error {
        AppError::Invalid(mut errors) => {
            errors.values.push(("mv".to_owned(), mv.clone()));
            AppError::Invalid(errors)
        }
        other => other,
    })?;
    if next.0 == report_id {
        leptos_axum::redirect(&format!("/reports/{report_id}?done={mv}"));
    } else {
        leptos_axum::redirect(&format!("/reports/{next}/edit"));
    }
    Ok(())
}

/// Takes an evidence file off a report that is still being written.
#[server(endpoint = "reports/remove_file")]
pub async fn remove_evidence(report_id: i64, file_id: i64) -> Result<(), AppError> {
    use crate::backend::{auth, reports, state::state};
    use crate::domain::{
        ids::{FileId, ReportId},
        policy::Action,
    };
    let permit = auth::require(Action::WriteReports).await?;
    let state = state()?;
    if let Some(stored) =
        reports::detach(&state, &permit, ReportId(report_id), FileId(file_id)).await?
    {
        state.files.delete(&stored).await;
    }
    leptos_axum::redirect(&format!("/reports/{report_id}/edit"));
    Ok(())
}

/// Which organisations have not reported on which tasks for a period (coordinators).
#[server(endpoint = "reports/missing")]
pub async fn get_missing_reports(
    period: Option<String>,
    organization: Option<i64>,
) -> Result<MissingReports, AppError> {
    use crate::backend::{auth, reports, state::state};
    use crate::domain::{ids::OrganizationId, policy::Action, tasks::inputs::parse_date};
    auth::require(Action::ReviewReports).await?;
    let period = period.and_then(|p| parse_date(&p).ok());
    reports::missing(&state()?, period, organization.map(OrganizationId)).await
}

/// The reporting calendar and the periods it makes current.
#[server(endpoint = "reports/calendar")]
pub async fn get_calendar() -> Result<CalendarPage, AppError> {
    use crate::backend::{auth, reports, state::state};
    use crate::domain::policy::Action;
    let permit = auth::require(Action::ViewReports).await?;
    reports::calendar_page(&state()?, &permit).await
}

/// Sets the reporting calendar (administrators).
#[server(endpoint = "reports/set_calendar")]
pub async fn set_calendar(period_months: String, deadline_days: String) -> Result<(), AppError> {
    use crate::backend::{auth, reports, state::state};
    use crate::domain::policy::Action;
    let permit = auth::require(Action::ConfigureReporting).await?;
    let by = auth::who(&permit).await;
    reports::set_calendar(&state()?, &permit, &by, &period_months, &deadline_days).await?;
    leptos_axum::redirect("/reports/calendar?done=saved");
    Ok(())
}
