//! The signal services: recording first information (reporters for their organisation,
//! coordinators for the coordinating body) with its evidence files, the list (one's own
//! organisation's, or every one for coordinators), one signal's page and the form's choices.
//! A signal is seen by coordinators, by its organisation, and by those taking part in its case.

use super::db::{
    self,
    evidence::{FileOwner, NewFile},
};
use super::state::AppState;
use super::{now, today};
use crate::domain::early_warning::kinds::Stage;
use crate::domain::early_warning::signals::{SignalForm, SignalInput};
use crate::domain::early_warning::views::{
    SignalFilter, SignalFormPage, SignalListPage, SignalPage,
};
use crate::domain::evidence::MAX_FILES;
use crate::domain::ids::{FileId, OrganizationId, SignalId};
use crate::domain::policy::{Action, Permit, Scope};
use crate::error::{AppError, FormErrors, Problem};
use crate::i18n::Lang;

/// Records a signal of the caller's organisation.
pub async fn record(
    state: &AppState,
    permit: &Permit,
    form: &SignalForm,
    lang: Lang,
) -> Result<SignalId, AppError> {
    if !permit.may(Action::RecordSignals) {
        return Err(AppError::Forbidden);
    }
    let input = SignalInput::parse(form, lang, today())?;
    let mut errors = FormErrors::new();
    super::tasks::check_place(
        state,
        [&input.region_code, &input.district_code, &None],
        &mut errors,
    )
    .await?;
    if let Some(substance) = input.substance
        && db::substances::get(&state.db, substance).await?.is_none()
    {
        errors.add("substance_id", Problem::UnknownChoice);
    }
    if !errors.is_empty() {
        return Err(form.fail(errors));
    }
    let me = permit.me();
    let id = db::signals::insert(
        &state.db,
        &input,
        me.organization_id,
        me.user_id,
        false,
        now(),
    )
    .await?;
    super::cache::writes().written();
    tracing::info!(signal = id.0, "signal recorded");
    Ok(id)
}

/// The signals the caller may see that the filter finds.
pub async fn list(
    state: &AppState,
    permit: &Permit,
    filter: &SignalFilter,
) -> Result<SignalListPage, AppError> {
    let organization = match permit.scope_of(Action::ViewSignals) {
        Scope::All => None,
        Scope::Organization(own) => Some(own),
        _ => return Err(AppError::Forbidden),
    };
    let (rows, total) = db::signals::list(&state.db, filter, organization).await?;
    let may_open_case = permit.may(Action::ManageCases);
    Ok(SignalListPage {
        rows,
        total,
        may_record: permit.may(Action::RecordSignals),
        may_open_case,
        substances: if may_open_case {
            db::signals::substance_choices(&state.db).await?
        } else {
            Vec::new()
        },
        case_due: may_open_case
            .then(|| today() + time::Duration::days(Stage::PrimaryData.default_days())),
    })
}

/// Whether the caller may add evidence to a signal of `organization`: coordinators to any,
/// reporters to their own organisation's.
fn may_add_files(permit: &Permit, organization: OrganizationId) -> bool {
    match permit.scope_of(Action::RecordSignals) {
        Scope::All => true,
        Scope::Organization(own) => own == organization,
        _ => false,
    }
}

/// The organisation that recorded signal `id`, if the caller may see it: coordinators every
/// signal, others their own organisation's and those of a case they take part in; "not found"
/// otherwise.
async fn visible_owner(
    state: &AppState,
    permit: &Permit,
    id: SignalId,
) -> Result<OrganizationId, AppError> {
    let (organization, case) = db::signals::owner(&state.db, id)
        .await?
        .ok_or(AppError::NotFound)?;
    match permit.scope_of(Action::ViewSignals) {
        Scope::All => Ok(organization),
        Scope::Organization(own) if own == organization => Ok(organization),
        Scope::Organization(_) => match case {
            Some(case) => super::cases::check_visible(state, permit, case)
                .await
                .map(|_| organization),
            None => Err(AppError::NotFound),
        },
        _ => Err(AppError::Forbidden),
    }
}

/// Checks that the caller may see signal `id` (see [`visible_owner`]).
pub async fn check_visible(
    state: &AppState,
    permit: &Permit,
    id: SignalId,
) -> Result<(), AppError> {
    visible_owner(state, permit, id).await.map(|_| ())
}

/// One signal with its evidence files.
pub async fn page(state: &AppState, permit: &Permit, id: SignalId) -> Result<SignalPage, AppError> {
    let organization = visible_owner(state, permit, id).await?;
    let signal = db::signals::get(&state.db, id)
        .await?
        .ok_or(AppError::NotFound)?;
    Ok(SignalPage {
        signal,
        evidence: super::reports::evidence(state, FileOwner::Signal(id)).await?,
        may_add_files: may_add_files(permit, organization),
        upload_errors: None,
    })
}

/// Lists a received file on a signal of the caller's organisation (any, for coordinators).
/// Files on a signal are part of its record: none is taken off.
pub async fn attach(
    state: &AppState,
    permit: &Permit,
    id: SignalId,
    file: &NewFile,
) -> Result<FileId, AppError> {
    let (organization, _) = db::signals::owner(&state.db, id)
        .await?
        .ok_or(AppError::NotFound)?;
    if !may_add_files(permit, organization) {
        return Err(AppError::Forbidden);
    }
    if db::evidence::count(&state.db, FileOwner::Signal(id)).await? >= MAX_FILES as i64 {
        return Err(FormErrors::single("evidence", Problem::TooManyFiles));
    }
    let saved = db::evidence::insert(
        &state.db,
        FileOwner::Signal(id),
        file,
        permit.me().user_id,
        now(),
    )
    .await?;
    tracing::info!(signal = id.0, file = saved.0, "evidence added to a signal");
    Ok(saved)
}

/// The empty signal form with its choices (regions and districts, substances), or the last
/// recording's problems with what was typed.
pub async fn form_page(
    state: &AppState,
    permit: &Permit,
    errors: Option<AppError>,
) -> Result<SignalFormPage, AppError> {
    if !permit.may(Action::RecordSignals) {
        return Err(AppError::Forbidden);
    }
    let territory = db::territory::load(&state.db).await?;
    Ok(SignalFormPage {
        form: SignalForm {
            observed_on: crate::domain::tasks::inputs::date_to_iso(today()),
            ..SignalForm::default()
        },
        errors,
        regions: territory.regions,
        districts: territory.districts,
        substances: db::signals::substance_choices(&state.db).await?,
    })
}
