//! The substance register's service: searching it (everyone logged in), one substance, and
//! adding or editing an entry (coordinators), with a CAS number or InChIKey already in the
//! register refused beside its field.

use super::db::{self, substances::Record};
use super::{now, state::AppState};
use crate::domain::ids::SubstanceId;
use crate::domain::policy::{Action, Permit};
use crate::domain::substances::inputs::{SubstanceForm, SubstanceInput};
use crate::domain::substances::views::{
    Substance, SubstanceFilter, SubstanceFormPage, SubstanceListPage,
};
use crate::error::{AppError, FormErrors, Problem};

/// The substances the filter finds.
pub async fn list(
    state: &AppState,
    permit: &Permit,
    filter: &SubstanceFilter,
) -> Result<SubstanceListPage, AppError> {
    if !permit.may(Action::ViewSubstances) {
        return Err(AppError::Forbidden);
    }
    Ok(SubstanceListPage {
        rows: db::substances::search(&state.db, filter).await?,
        may_manage: permit.may(Action::ManageSubstances),
    })
}

async fn record(state: &AppState, id: SubstanceId) -> Result<Record, AppError> {
    db::substances::get(&state.db, id)
        .await?
        .ok_or(AppError::NotFound)
}

/// One substance in full.
pub async fn page(
    state: &AppState,
    permit: &Permit,
    id: SubstanceId,
) -> Result<Substance, AppError> {
    if !permit.may(Action::ViewSubstances) {
        return Err(AppError::Forbidden);
    }
    let r = record(state, id).await?;
    Ok(Substance {
        row: r.row,
        iupac_name: r.iupac_name,
        molecular_formula: r.molecular_formula,
        inchi_key: r.inchi_key,
        legal_act: r.legal_act,
        version: r.version,
        may_manage: permit.may(Action::ManageSubstances),
    })
}

/// A CAS number or InChIKey already in the register: said beside whichever was given.
fn identifier_taken(form: &SubstanceForm) -> AppError {
    let mut errors = FormErrors::new();
    for (field, value) in [
        ("cas_number", &form.cas_number),
        ("inchi_key", &form.inchi_key),
    ] {
        if !value.trim().is_empty() {
            errors.add(field, Problem::IdentifierTaken);
        }
    }
    form.fail(errors)
}

/// Adds a substance (coordinators).
pub async fn create(
    state: &AppState,
    permit: &Permit,
    form: &SubstanceForm,
) -> Result<SubstanceId, AppError> {
    if !permit.may(Action::ManageSubstances) {
        return Err(AppError::Forbidden);
    }
    let input = SubstanceInput::parse(form)?;
    match db::substances::insert(&state.db, &input, permit.me().user_id, false, now()).await {
        Ok(id) => {
            super::cache::writes().written();
            tracing::info!(substance = id.0, "substance added");
            Ok(id)
        }
        Err(e) if db::is_unique_violation(&e) => Err(identifier_taken(form)),
        Err(e) => Err(e.into()),
    }
}

/// Edits a substance still at `version` (coordinators).
pub async fn update(
    state: &AppState,
    permit: &Permit,
    id: SubstanceId,
    version: i64,
    form: &SubstanceForm,
) -> Result<(), AppError> {
    if !permit.may(Action::ManageSubstances) {
        return Err(AppError::Forbidden);
    }
    record(state, id).await?;
    let input = SubstanceInput::parse(form)?;
    match db::substances::update(&state.db, id, version, &input, now()).await {
        Ok(true) => {
            super::cache::writes().written();
            Ok(())
        }
        Ok(false) => Err(AppError::Conflict),
        Err(e) if db::is_unique_violation(&e) => Err(identifier_taken(form)),
        Err(e) => Err(e.into()),
    }
}

/// The register form, empty or filled with an entry.
pub async fn form_page(
    state: &AppState,
    permit: &Permit,
    id: Option<SubstanceId>,
) -> Result<SubstanceFormPage, AppError> {
    if !permit.may(Action::ManageSubstances) {
        return Err(AppError::Forbidden);
    }
    let Some(id) = id else {
        return Ok(SubstanceFormPage {
            id: None,
            version: 0,
            form: SubstanceForm {
                chemical_group: "synthetic_cathinone".into(),
                international_status: "none".into(),
                ..SubstanceForm::default()
            },
        });
    };
    let r = record(state, id).await?;
    let date = |d: Option<time::Date>| {
        d.map(crate::domain::tasks::inputs::date_to_iso)
            .unwrap_or_default()
    };
    Ok(SubstanceFormPage {
        id: Some(id),
        version: r.version,
        form: SubstanceForm {
            name_ky: r.row.name.ky,
            name_ru: r.row.name.ru,
            name_en: r.row.name.en,
            synonyms: r.row.synonyms.join("\n"),
            iupac_name: r.iupac_name,
            cas_number: r.row.cas_number.unwrap_or_default(),
            molecular_formula: r.molecular_formula,
            inchi_key: r.inchi_key.unwrap_or_default(),
            chemical_group: r.row.chemical_group.as_str().into(),
            national_list: r
                .row
                .national_list
                .map(|l| l.as_str().to_owned())
                .unwrap_or_default(),
            legal_act: r.legal_act,
            controlled_since: date(r.row.controlled_since),
            international_status: r.row.international_status.as_str().into(),
        },
    })
}
