//! The report services: starting a report for a task and period, saving its content, moving
//! it through review (a correction after acceptance starts a new revision), evidence files,
//! and assembling the report page, the list, a task's reports, the missing-reports view, the
//! calendar and the report sections of the inbox. Each asks the policy before touching
//! anything; reports outside the caller's view are "not found", whatever id is guessed.

use super::db::{
    self,
    evidence::{FileOwner, NewFile},
    reports::{NewReport, ReportCore, StatusChange},
};
use super::{now, state::AppState, today};
use crate::domain::{
    evidence::MAX_FILES,
    ids::{FileId, OrganizationId, ReportId, TaskId},
    policy::{self, Action, InboxOwner, Permit},
    reports::filters::{REPORT_PAGE_SIZE, ReportFilter},
    reports::inputs::{ReportForm, ReportInput},
    reports::periods::{Calendar, DEADLINE_DAYS_MAX, PERIOD_MONTHS, Period},
    reports::views::{
        CalendarPage, EvidenceItem, MissingReports, ReportChange, ReportContent, ReportEditPage,
        ReportEvent, ReportField, ReportInboxKind, ReportListPage, ReportPage, ReportSection,
        RevisionRef, TaskReports,
    },
    reports::workflow::{self, REPORTABLE, ReportMove, ReportStanding, ReportStatus},
    tasks::inputs::{TEXT_MAX, parse_date},
    tasks::views::OrgRef,
    views::Trilingual,
};
use crate::error::{AppError, FormErrors, Problem};
use crate::i18n::Lang;
use time::Date;

/// How many periods back a report may still be started for.
const START_PERIODS_BACK: usize = 8;

/// The reporting calendar.
pub async fn calendar(state: &AppState) -> Result<Calendar, AppError> {
    Ok(db::reports::calendar(&state.db).await?)
}

/// The calendar with the periods it makes current.
pub async fn calendar_page(state: &AppState, permit: &Permit) -> Result<CalendarPage, AppError> {
    let calendar = calendar(state).await?;
    let today = today();
    Ok(CalendarPage {
        calendar,
        current: calendar.period_of(today),
        last_ended: calendar.last_ended(today),
        may_edit: permit.may(Action::ConfigureReporting),
    })
}

/// Sets the calendar (administrators). Reports already started keep their period and deadline.
pub async fn set_calendar(
    state: &AppState,
    permit: &Permit,
    by: &super::audit::Who,
    period_months: &str,
    deadline_days: &str,
) -> Result<(), AppError> {
    let mut errors = FormErrors::new();
    let months = period_months
        .trim()
        .parse::<u8>()
        .ok()
        .filter(|m| PERIOD_MONTHS.contains(m));
    if months.is_none() {
        errors.add("period_months", Problem::UnknownChoice);
    }
    let days = deadline_days
        .trim()
        .parse::<u16>()
        .ok()
        .filter(|d| *d <= DEADLINE_DAYS_MAX);
    if days.is_none() {
        errors.add("deadline_days", Problem::InvalidNumber);
    }
    let (Some(period_months), Some(deadline_days)) = (months, days) else {
        return Err(AppError::Invalid(errors.with_values([
            ("period_months", period_months),
            ("deadline_days", deadline_days),
        ])));
    };
    let calendar = Calendar {
        period_months,
        deadline_days,
    };
    let before = db::reports::calendar(&state.db).await?;
    db::reports::set_calendar(&state.db, calendar, permit.me().user_id, now()).await?;
    let detail = crate::domain::audit::changes([
        (
            "period_months",
            before.period_months.to_string(),
            period_months.to_string(),
        ),
        (
            "deadline_days",
            before.deadline_days.to_string(),
            deadline_days.to_string(),
        ),
    ]);
    if !detail.is_empty() {
        let mut entry = by.entry(crate::domain::audit::AuditKind::CalendarChanged);
        entry.detail = detail;
        super::audit::record(state, entry).await?;
    }
    tracing::info!(?calendar, "reporting calendar changed");
    Ok(())
}

/// Loads a report the caller may see, with how they stand towards it.
async fn load_visible(
    state: &AppState,
    permit: &Permit,
    id: ReportId,
) -> Result<(ReportCore, ReportStatus, ReportStanding), AppError> {
    let scope = permit.scope_of(Action::ViewReports);
    let core = db::reports::core(&state.db, id)
        .await?
        .ok_or(AppError::NotFound)?;
    let status = core.status()?;
    if !policy::may_see_report(scope, core.organization(), status) {
        return Err(AppError::NotFound);
    }
    Ok((
        core.clone(),
        status,
        policy::report_standing(&permit.actor(), core.organization()),
    ))
}

/// The reports of a task the caller may see, and the periods they may start one for.
pub async fn of_task(
    state: &AppState,
    permit: &Permit,
    task: TaskId,
) -> Result<TaskReports, AppError> {
    let (core, _, _) = super::tasks::load_visible(state, &permit.actor(), task).await?;
    let scope = permit.scope_of(Action::ViewReports);
    let rows = db::report_list::of_task(&state.db, scope, task).await?;
    let mut may_start = Vec::new();
    if permit.writes_reports_for(core.lead()) && REPORTABLE.contains(&core.status()?) {
        let calendar = calendar(state).await?;
        let reported = db::report_list::periods_reported(&state.db, task).await?;
        let current = calendar.period_of(today());
        may_start = calendar
            .periods_between(core.start_date, current.start)
            .into_iter()
            .rev()
            .filter(|p| !reported.contains(&p.start))
            .take(START_PERIODS_BACK)
            .collect();
    }
    Ok(TaskReports { rows, may_start })
}

/// Starts the report on `task` for the period beginning `period_start` (or opens the one
/// already started), for a reporter of the task's lead organisation.
pub async fn start(
    state: &AppState,
    permit: &Permit,
    task: TaskId,
    period_start: &str,
) -> Result<ReportId, AppError> {
    let (core, _, _) = super::tasks::load_visible(state, &permit.actor(), task).await?;
    if !permit.writes_reports_for(core.lead()) {
        return Err(AppError::Forbidden);
    }
    if !REPORTABLE.contains(&core.status()?) {
        return Err(AppError::MoveNotAllowed);
    }
    let calendar = calendar(state).await?;
    let start = parse_date(period_start).map_err(|_| AppError::BadRequest)?;
    let period = calendar
        .period_starting(start)
        .ok_or(AppError::BadRequest)?;
    if period.start > calendar.period_of(today()).start || period.end < core.start_date {
        return Err(AppError::MoveNotAllowed);
    }
    if let Some(latest) = db::reports::revisions(&state.db, task, period.start)
        .await?
        .pop()
    {
        return Ok(latest.id());
    }
    let report = NewReport {
        task_id: task,
        organization_id: permit.me().organization_id,
        period,
        revision: 1,
        // An enforcement task's report starts with the task's focus.
        content: ReportContent {
            enforcement_focus: core.enforcement_focus()?,
            ..ReportContent::default()
        },
        corrects: None,
        created_by: permit.me().user_id,
        is_demo: false,
    };
    match db::reports::insert(&state.db, &report, now()).await {
        Ok(id) => Ok(id),
        Err(e) if db::is_unique_violation(&e) => Err(AppError::Conflict),
        Err(e) => Err(e.into()),
    }
}

fn content_of(input: &ReportInput) -> ReportContent {
    ReportContent {
        percent_complete: input.percent_complete,
        work_done: input.work_done.clone(),
        results: input.results.clone(),
        result_value: input.result_value,
        reach: input.reach,
        problems: input.problems.clone(),
        support_needed: input.support_needed.clone(),
        enforcement_focus: input.enforcement_focus,
    }
}

/// The report's content as its form shows it.
pub fn form_of(content: &ReportContent) -> ReportForm {
    ReportInput {
        percent_complete: content.percent_complete,
        work_done: content.work_done.clone(),
        results: content.results.clone(),
        result_value: content.result_value,
        reach: content.reach,
        problems: content.problems.clone(),
        support_needed: content.support_needed.clone(),
        enforcement_focus: content.enforcement_focus,
        submit: false,
    }
    .to_form()
}

/// Checks that the caller may see report `id` (for its files).
pub async fn check_visible(
    state: &AppState,
    permit: &Permit,
    id: ReportId,
) -> Result<(), AppError> {
    load_visible(state, permit, id).await.map(|_| ())
}

/// Checks that the caller may change the content of report `id` now.
pub async fn load_editable(
    state: &AppState,
    permit: &Permit,
    id: ReportId,
) -> Result<(ReportCore, ReportStatus), AppError> {
    let (core, status, standing) = load_visible(state, permit, id).await?;
    if standing != ReportStanding::Writer {
        return Err(AppError::Forbidden);
    }
    if !status.is_editable() {
        return Err(AppError::MoveNotAllowed);
    }
    Ok((core, status))
}

/// What a save did.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Saved {
    Draft,
    Submitted,
}

/// Saves a report's content from its form, and submits it when asked. Content that parses is
/// kept even when submitting fails (a required field left blank), so nothing typed is lost.
pub async fn save(
    state: &AppState,
    permit: &Permit,
    id: ReportId,
    version: i64,
    form: &ReportForm,
    lang: Lang,
) -> Result<Saved, AppError> {
    let (core, status) = load_editable(state, permit, id).await?;
    if core.version != version {
        return Err(AppError::Conflict);
    }
    let parsed = ReportInput::parse(form, lang).and_then(|mut input| {
        if !core.is_enforcement() {
            input.enforcement_focus = None;
        } else if input.submit && input.enforcement_focus.is_none() {
            return Err(form.fail(FormErrors::single_problem(
                "enforcement_focus",
                Problem::Required,
            )));
        }
        Ok(input)
    });
    let (input, failure) = match parsed {
        Ok(input) => (input, None),
        Err(AppError::Invalid(errors)) if form.intent == "submit" => {
            let draft = ReportForm {
                intent: "save".to_owned(),
                ..form.clone()
            };
            match ReportInput::parse(&draft, lang) {
                Ok(input) => (input, Some(AppError::Invalid(errors))),
                Err(_) => return Err(AppError::Invalid(errors)),
            }
        }
        Err(other) => return Err(other),
    };
    let now = now();
    let content = content_of(&input);
    if !db::reports::save_content(
        &state.db,
        id,
        version,
        status,
        &content,
        permit.me().user_id,
        now,
    )
    .await?
    {
        return Err(AppError::Conflict);
    }
    if let Some(failure) = failure {
        return Err(failure);
    }
    if !input.submit {
        return Ok(Saved::Draft);
    }
    let submitted = StatusChange {
        id,
        version: version + 1,
        from: status,
        to: ReportStatus::Submitted,
        actor: permit.me().user_id,
        note: "",
        late: Some(core.period().is_late_on(today())),
        supersedes: None,
    };
    if !db::reports::change_status(&state.db, &submitted, now).await? {
        return Err(AppError::Conflict);
    }
    tracing::info!(report_id = id.0, "report submitted");
    Ok(Saved::Submitted)
}

/// Makes a move on a report: submit (without changing its content), accept, return or correct.
/// Returns the report to open next (a correction's new revision).
pub async fn make_move(
    state: &AppState,
    permit: &Permit,
    id: ReportId,
    version: i64,
    mv: &str,
    note: &str,
) -> Result<ReportId, AppError> {
    let mv = ReportMove::parse(mv).ok_or(AppError::BadRequest)?;
    let note = crate::domain::inputs::text(note, TEXT_MAX, mv.needs_note())
        .map_err(|problem| {
            AppError::Invalid(
                FormErrors::single_problem("note", problem).with_values([("note", note)]),
            )
        })?
        .unwrap_or_default();
    let (core, status, standing) = load_visible(state, permit, id).await?;
    if !workflow::permitted(standing, status, mv) {
        return Err(AppError::MoveNotAllowed);
    }
    if core.version != version {
        return Err(AppError::Conflict);
    }
    if mv == ReportMove::Submit {
        let content = db::reports::content(&state.db, id).await?;
        if content.percent_complete.is_none() || content.work_done.trim().is_empty() {
            let mut errors = FormErrors::new();
            errors.add("percent_complete", Problem::Required);
            errors.add("work_done", Problem::Required);
            return Err(AppError::Invalid(errors));
        }
    }
    let now = now();
    if mv == ReportMove::Correct {
        let latest = db::reports::revisions(&state.db, TaskId(core.task_id), core.period_start)
            .await?
            .pop()
            .ok_or(AppError::NotFound)?;
        if latest.report_id != core.report_id {
            return Err(AppError::Conflict);
        }
        let report = NewReport {
            task_id: TaskId(core.task_id),
            organization_id: core.organization(),
            period: core.period(),
            revision: core.revision + 1,
            content: db::reports::content(&state.db, id).await?,
            corrects: Some(id),
            created_by: permit.me().user_id,
            is_demo: false,
        };
        return match db::reports::insert(&state.db, &report, now).await {
            Ok(new) => Ok(new),
            Err(e) if db::is_unique_violation(&e) => Err(AppError::Conflict),
            Err(e) => Err(e.into()),
        };
    }
    let change = StatusChange {
        id,
        version,
        from: status,
        to: mv.target(),
        actor: permit.me().user_id,
        note: &note,
        late: (mv == ReportMove::Submit).then(|| core.period().is_late_on(today())),
        supersedes: (mv == ReportMove::Accept && core.revision > 1).then_some((
            TaskId(core.task_id),
            core.period_start,
            core.revision,
        )),
    };
    if !db::reports::change_status(&state.db, &change, now).await? {
        return Err(AppError::Conflict);
    }
    tracing::info!(report_id = id.0, mv = mv.as_str(), "report moved");
    Ok(id)
}

fn count_text(n: Option<i64>) -> String {
    n.map(|n| n.to_string()).unwrap_or_default()
}

/// What changed between an accepted revision and its correction.
pub fn changes(
    before: &ReportContent,
    after: &ReportContent,
    files_before: &[String],
    files_after: &[String],
) -> Vec<ReportChange> {
    let mut out = Vec::new();
    let mut push = |field, b: String, a: String| {
        if b != a {
            out.push(ReportChange {
                field,
                before: b,
                after: a,
            });
        }
    };
    push(
        ReportField::Percent,
        count_text(before.percent_complete),
        count_text(after.percent_complete),
    );
    push(
        ReportField::WorkDone,
        before.work_done.clone(),
        after.work_done.clone(),
    );
    push(
        ReportField::Results,
        before.results.clone(),
        after.results.clone(),
    );
    push(
        ReportField::ResultValue,
        before
            .result_value
            .map(|v| v.to_string())
            .unwrap_or_default(),
        after
            .result_value
            .map(|v| v.to_string())
            .unwrap_or_default(),
    );
    push(
        ReportField::ReachedTotal,
        count_text(before.reach.total),
        count_text(after.reach.total),
    );
    for i in 0..8 {
        push(
            ReportField::Cell(i),
            count_text(before.reach.cells[i]),
            count_text(after.reach.cells[i]),
        );
    }
    push(
        ReportField::Problems,
        before.problems.clone(),
        after.problems.clone(),
    );
    push(
        ReportField::SupportNeeded,
        before.support_needed.clone(),
        after.support_needed.clone(),
    );
    let focus = |c: &ReportContent| {
        c.enforcement_focus
            .map(|f| f.as_str().to_owned())
            .unwrap_or_default()
    };
    push(ReportField::EnforcementFocus, focus(before), focus(after));
    push(
        ReportField::Evidence,
        files_before.join("; "),
        files_after.join("; "),
    );
    out
}

pub(crate) async fn evidence(
    state: &AppState,
    owner: FileOwner,
) -> Result<Vec<EvidenceItem>, AppError> {
    db::evidence::files(&state.db, owner)
        .await?
        .into_iter()
        .map(|f| {
            Ok(EvidenceItem {
                id: FileId(f.file_id),
                kind: f.kind()?,
                name: f.original_name,
                size_bytes: f.size_bytes,
                uploaded_by: f.full_name,
                uploaded_at: f.uploaded_at,
            })
        })
        .collect::<Result<_, sqlx::Error>>()
        .map_err(AppError::from)
}

/// A report page, cut to what the caller may see and do.
pub async fn page(state: &AppState, permit: &Permit, id: ReportId) -> Result<ReportPage, AppError> {
    let (core, status, standing) = load_visible(state, permit, id).await?;
    let row = db::reports::page_row(&state.db, id).await?;
    let content = db::reports::content(&state.db, id).await?;
    let evidence = evidence(state, FileOwner::Report(id)).await?;
    let scope = permit.scope_of(Action::ViewReports);
    let all = db::reports::revisions(&state.db, TaskId(core.task_id), core.period_start).await?;
    let mut revisions = Vec::new();
    for r in &all {
        let s = r.status()?;
        if r.report_id != core.report_id && policy::may_see_report(scope, r.organization(), s) {
            revisions.push(RevisionRef {
                id: r.id(),
                revision: r.revision,
                status: s,
            });
        }
    }
    // A correction shows what changed since the revision accepted before it.
    let accepted_before = all.iter().rev().find(|r| {
        r.revision < core.revision
            && matches!(
                r.status(),
                Ok(ReportStatus::Accepted | ReportStatus::Superseded)
            )
    });
    let changes = match accepted_before {
        Some(before) => {
            let names =
                |items: &[EvidenceItem]| items.iter().map(|e| e.name.clone()).collect::<Vec<_>>();
            let before_evidence = self::evidence(state, FileOwner::Report(before.id())).await?;
            let before_content = db::reports::content(&state.db, before.id()).await?;
            changes(
                &before_content,
                &content,
                &names(&before_evidence),
                &names(&evidence),
            )
        }
        None => Vec::new(),
    };
    let history = db::reports::history(&state.db, id)
        .await?
        .into_iter()
        .map(|h| ReportEvent {
            actor: h.full_name,
            from: ReportStatus::parse(&h.from_status),
            to: ReportStatus::parse(&h.to_status).unwrap_or(ReportStatus::Draft),
            note: h.note,
            at: h.created_at,
        })
        .collect();
    let task_status = crate::domain::tasks::workflow::Status::parse(&row.task_status)
        .ok_or_else(|| db::tasks::decode("status", &row.task_status))?;
    Ok(ReportPage {
        id,
        version: core.version,
        task_id: TaskId(core.task_id),
        task_title: Trilingual {
            ky: row.task_title_ky,
            ru: row.task_title_ru,
            en: row.task_title_en,
        },
        task_status,
        target: row.target_value.map(|v| (v, row.target_unit)),
        is_enforcement: core.is_enforcement(),
        organization: OrgRef {
            id: core.organization(),
            name: Trilingual {
                ky: row.org_ky,
                ru: row.org_ru,
                en: row.org_en,
            },
        },
        period: core.period(),
        revision: core.revision,
        status,
        content,
        is_late: core.is_late,
        submitted_at: core.submitted_at,
        review_comment: core.review_comment.clone(),
        evidence,
        moves: workflow::available_moves(standing, status),
        may_edit: standing == ReportStanding::Writer && status.is_editable(),
        history,
        changes,
        revisions,
    })
}

/// The report form: the page, the content as a form, and the problems of the last save.
pub async fn edit_page(
    state: &AppState,
    permit: &Permit,
    id: ReportId,
    errors: Option<AppError>,
) -> Result<ReportEditPage, AppError> {
    let page = page(state, permit, id).await?;
    if !page.may_edit {
        return Err(AppError::MoveNotAllowed);
    }
    let form = form_of(&page.content);
    Ok(ReportEditPage { page, form, errors })
}

/// One page of the reports the caller may see.
pub async fn list(
    state: &AppState,
    permit: &Permit,
    filter: &ReportFilter,
) -> Result<ReportListPage, AppError> {
    let scope = permit.scope();
    let mut rows = db::report_list::list(&state.db, scope, filter, REPORT_PAGE_SIZE + 1).await?;
    let next = (rows.len() as i64 > REPORT_PAGE_SIZE).then(|| {
        rows.truncate(REPORT_PAGE_SIZE as usize);
        ReportFilter {
            after: rows.last().and_then(|r| r.id),
            ..filter.clone()
        }
        .to_query()
    });
    Ok(ReportListPage {
        rows,
        next,
        periods: recent_periods(state).await?,
        may_review: permit.may(Action::ReviewReports),
    })
}

/// The last sixteen periods (four years of quarters), newest first.
async fn recent_periods(state: &AppState) -> Result<Vec<Period>, AppError> {
    let calendar = calendar(state).await?;
    let mut period = calendar.period_of(today());
    let mut periods = Vec::with_capacity(16);
    for _ in 0..16 {
        periods.push(period);
        period = calendar.previous(period);
    }
    Ok(periods)
}

/// Which organisations have not reported on which tasks for a period (the last ended one by
/// default): coordinators only.
pub async fn missing(
    state: &AppState,
    period_start: Option<Date>,
    organization: Option<OrganizationId>,
) -> Result<MissingReports, AppError> {
    let calendar = calendar(state).await?;
    let today = today();
    let period = period_start
        .and_then(|d| calendar.period_starting(d))
        .unwrap_or_else(|| calendar.last_ended(today));
    let organizations = db::report_list::missing_by_organization(&state.db, &period).await?;
    let chosen = organization.and_then(|id| {
        organizations
            .iter()
            .find(|o| o.organization.id == id)
            .map(|o| o.organization.clone())
    });
    let tasks = match &chosen {
        Some(org) => db::report_list::owed(&state.db, &period, org.id, 500).await?,
        None => Vec::new(),
    };
    Ok(MissingReports {
        period,
        periods: recent_periods(state).await?,
        today,
        required: organizations.iter().map(|o| o.required).sum(),
        missing: organizations.iter().map(|o| o.missing).sum(),
        late: organizations.iter().map(|o| o.late).sum(),
        organizations,
        organization: chosen,
        tasks,
    })
}

/// The report sections of the caller's inbox: what their organisation owes and what came
/// back, or (for coordinators) what waits for review.
pub async fn inbox_sections(
    state: &AppState,
    permit: &Permit,
    rows: i64,
) -> Result<Vec<ReportSection>, AppError> {
    let db = &state.db;
    match permit.inbox() {
        Some(InboxOwner::Organization(org)) => {
            let period = calendar(state).await?.last_ended(today());
            let total = db::report_list::owed_count(db, &period, org).await?;
            let due = if rows > 0 && total > 0 {
                db::report_list::owed(db, &period, org, rows).await?
            } else {
                Vec::new()
            };
            let (returned_total, returned) =
                db::report_list::in_status(db, ReportStatus::Returned, Some(org), rows).await?;
            Ok(vec![
                ReportSection {
                    kind: ReportInboxKind::Due,
                    period: Some(period),
                    rows: due,
                    total,
                },
                ReportSection {
                    kind: ReportInboxKind::Returned,
                    period: None,
                    rows: returned,
                    total: returned_total,
                },
            ])
        }
        Some(InboxOwner::Creator(_)) => {
            let (total, rows) =
                db::report_list::in_status(db, ReportStatus::Submitted, None, rows).await?;
            Ok(vec![ReportSection {
                kind: ReportInboxKind::ToReview,
                period: None,
                rows,
                total,
            }])
        }
        None => Ok(Vec::new()),
    }
}

/// Lists a received file on an editable report.
pub async fn attach(
    state: &AppState,
    permit: &Permit,
    id: ReportId,
    file: &NewFile,
) -> Result<FileId, AppError> {
    load_editable(state, permit, id).await?;
    if db::evidence::count(&state.db, FileOwner::Report(id)).await? >= MAX_FILES as i64 {
        return Err(FormErrors::single("evidence", Problem::TooManyFiles));
    }
    Ok(db::evidence::insert(
        &state.db,
        FileOwner::Report(id),
        file,
        permit.me().user_id,
        now(),
    )
    .await?)
}

/// Takes a file off an editable report; gives back the stored name to delete when no other
/// report lists it.
pub async fn detach(
    state: &AppState,
    permit: &Permit,
    id: ReportId,
    file: FileId,
) -> Result<Option<String>, AppError> {
    load_editable(state, permit, id).await?;
    match db::evidence::remove(&state.db, FileOwner::Report(id), file).await? {
        None => Err(AppError::NotFound),
        Some((stored, orphan)) => Ok(orphan.then_some(stored)),
    }
}
