//! The signal services: recording first information (reporters for their organisation,
//! coordinators for the coordinating body), the list (one's own organisation's, or every one
//! for coordinators) and the form's choices.

use super::db;
use super::state::AppState;
use super::{now, today};
use crate::domain::early_warning::kinds::Stage;
use crate::domain::early_warning::signals::{SignalForm, SignalInput};
use crate::domain::early_warning::views::{SignalFilter, SignalFormPage, SignalListPage};
use crate::domain::ids::SignalId;
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

/// The empty signal form with its choices: regions and districts, substances.
pub async fn form_page(state: &AppState, permit: &Permit) -> Result<SignalFormPage, AppError> {
    if !permit.may(Action::RecordSignals) {
        return Err(AppError::Forbidden);
    }
    let territory = db::territory::load(&state.db).await?;
    Ok(SignalFormPage {
        form: SignalForm {
            observed_on: crate::domain::tasks::inputs::date_to_iso(today()),
            ..SignalForm::default()
        },
        regions: territory.regions,
        districts: territory.districts,
        substances: db::signals::substance_choices(&state.db).await?,
    })
}
