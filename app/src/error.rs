//! `AppError`, the one error type of Concord: what server functions return, what pages show,
//! and (on the server) which HTTP status each kind of failure gets. It never carries database
//! or internal error text to the browser: the cause is logged where the error is made.

use crate::i18n::Texts;
use leptos::server_fn::{
    codec::JsonEncoding,
    error::{FromServerFnError, ServerFnErrorErr},
};
use serde::{Deserialize, Serialize};

/// What went wrong with one field; the interface shows it, in the user's language, next to it.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum Problem {
    Required,
    TooLong,
    TooShort,
    InvalidEmail,
    EmailTaken,
    UnknownChoice,
    PasswordTooShort,
    PasswordTooLong,
    PasswordGuessable,
    PasswordMismatch,
    PasswordUnchanged,
    WrongCurrentPassword,
    DistrictNotInRegion,
    MunicipalityNotInDistrict,
    TerritoryRequired,
    RoleNeedsCoordinatingBody,
    OrganizationInactive,
    CannotDeactivateSelf,
    CannotDemoteSelf,
    ControlCharacters,
    InvalidDate,
    DueBeforeStart,
    InvalidNumber,
    SelectorTooBroad,
    ManyCannotBeDraft,
    NoOrganizationsMatch,
    PercentOutOfRange,
    BreakdownExceedsTotal,
    FileTooLarge,
    FileTypeNotAllowed,
    FileNameUnsafe,
    TooManyFiles,
    EndBeforeStart,
    ChooseFilesAgain,
    ValueAlreadyAccepted,
    CodeTaken,
    InvalidCasNumber,
    CasCheckDigit,
    InvalidInchiKey,
    InvalidFormula,
    IdentifierTaken,
    PersonalData,
    DateInFuture,
    DateInPast,
    ReasonRequired,
    AlertNeedsHighRisk,
    EffectiveBeforeAct,
    NotAnExpert,
    NotAnAssessor,
    SignalInCase,
    WrongCode,
    CodeUsed,
    SecondFactorKept,
    PasskeyNotAccepted,
    PasskeyUnknown,
    PasskeyTaken,
    PasskeyNeedsHostName,
    /// A warning rather than a refusal: saved once the coordinator confirms.
    ObjectivesOutsideCategory,
}

impl Problem {
    pub fn text(self, t: &Texts) -> &'static str {
        match self {
            Problem::Required => t.err_required,
            Problem::TooLong => t.err_too_long,
            Problem::TooShort => t.err_too_short,
            Problem::InvalidEmail => t.err_invalid_email,
            Problem::EmailTaken => t.err_email_taken,
            Problem::UnknownChoice => t.err_unknown_choice,
            Problem::PasswordTooShort => t.err_password_too_short,
            Problem::PasswordTooLong => t.err_password_too_long,
            Problem::PasswordGuessable => t.err_password_guessable,
            Problem::PasswordMismatch => t.err_password_mismatch,
            Problem::PasswordUnchanged => t.err_password_unchanged,
            Problem::WrongCurrentPassword => t.err_wrong_current_password,
            Problem::DistrictNotInRegion => t.err_district_not_in_region,
            Problem::MunicipalityNotInDistrict => t.err_municipality_not_in_district,
            Problem::TerritoryRequired => t.err_territory_required,
            Problem::RoleNeedsCoordinatingBody => t.err_role_needs_coordinating_body,
            Problem::OrganizationInactive => t.err_organization_inactive,
            Problem::CannotDeactivateSelf => t.err_cannot_deactivate_self,
            Problem::CannotDemoteSelf => t.err_cannot_demote_self,
            Problem::ControlCharacters => t.err_control_characters,
            Problem::InvalidDate => t.tasks.err_invalid_date,
            Problem::DueBeforeStart => t.tasks.err_due_before_start,
            Problem::InvalidNumber => t.tasks.err_invalid_number,
            Problem::SelectorTooBroad => t.tasks.err_selector_too_broad,
            Problem::ManyCannotBeDraft => t.tasks.err_many_cannot_be_draft,
            Problem::NoOrganizationsMatch => t.tasks.err_no_organizations_match,
            Problem::PercentOutOfRange => t.reports.err_percent_out_of_range,
            Problem::BreakdownExceedsTotal => t.reports.err_breakdown_exceeds_total,
            Problem::FileTooLarge => t.reports.err_file_too_large,
            Problem::FileTypeNotAllowed => t.reports.err_file_type_not_allowed,
            Problem::FileNameUnsafe => t.reports.err_file_name_unsafe,
            Problem::TooManyFiles => t.reports.err_too_many_files,
            Problem::EndBeforeStart => t.activities.err_end_before_start,
            Problem::ChooseFilesAgain => t.activities.err_choose_files_again,
            Problem::ValueAlreadyAccepted => t.indicators.err_value_already_accepted,
            Problem::CodeTaken => t.indicators.err_code_taken,
            Problem::InvalidCasNumber => t.substances.err_cas_form,
            Problem::CasCheckDigit => t.substances.err_cas_check_digit,
            Problem::InvalidInchiKey => t.substances.err_inchi_key,
            Problem::InvalidFormula => t.substances.err_formula,
            Problem::IdentifierTaken => t.substances.err_identifier_taken,
            Problem::PersonalData => t.warning.err_personal_data,
            Problem::DateInFuture => t.warning.err_date_in_future,
            Problem::DateInPast => t.warning.err_date_in_past,
            Problem::ReasonRequired => t.warning.err_reason_required,
            Problem::AlertNeedsHighRisk => t.warning.err_alert_needs_high_risk,
            Problem::EffectiveBeforeAct => t.warning.err_effective_before_act,
            Problem::NotAnExpert => t.warning.err_not_an_expert,
            Problem::NotAnAssessor => t.warning.err_not_an_assessor,
            Problem::SignalInCase => t.warning.err_signal_in_case,
            Problem::WrongCode => t.security.err_wrong_code,
            Problem::CodeUsed => t.security.err_code_used,
            Problem::SecondFactorKept => t.security.err_second_factor_kept,
            Problem::PasskeyNotAccepted => t.security.err_passkey_not_accepted,
            Problem::PasskeyUnknown => t.security.err_passkey_unknown,
            Problem::PasskeyTaken => t.security.err_passkey_taken,
            Problem::PasskeyNeedsHostName => t.security.err_passkey_needs_host_name,
            Problem::ObjectivesOutsideCategory => t.tasks.warn_objectives_outside_category,
        }
    }
}

/// The most characters of a typed value a refusal sends back: more than any field accepts.
pub const VALUE_KEPT_MAX: usize = 10_001;

fn kept(value: &str) -> String {
    value.chars().take(VALUE_KEPT_MAX).collect()
}

/// The problems found in a submitted form, by field name, and the values the user typed (never
/// passwords), so that a form posted without JavaScript can be shown again as it was.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct FormErrors {
    pub problems: Vec<(String, Problem)>,
    pub values: Vec<(String, String)>,
}

impl FormErrors {
    pub fn new() -> Self {
        Self::default()
    }

    pub fn add(&mut self, field: &str, problem: Problem) {
        if self.problem(field).is_none() {
            self.problems.push((field.to_owned(), problem));
        }
    }

    pub fn is_empty(&self) -> bool {
        self.problems.is_empty()
    }

    /// The first problem recorded for `field`.
    pub fn problem(&self, field: &str) -> Option<Problem> {
        self.problems
            .iter()
            .find(|(f, _)| f == field)
            .map(|(_, p)| *p)
    }

    /// The value the user typed into `field`.
    pub fn value(&self, field: &str) -> Option<&str> {
        self.values
            .iter()
            .find(|(f, _)| f == field)
            .map(|(_, v)| v.as_str())
    }

    /// Every value the user chose for a many-valued `field` (checkboxes, multiple selects).
    pub fn values_of(&self, field: &str) -> Vec<&str> {
        self.values
            .iter()
            .filter(|(f, _)| f == field)
            .map(|(_, v)| v.as_str())
            .collect()
    }

    /// Keeps what the user typed, to show it again: each value cut to the longest any field
    /// accepts (no field's answer grows with what was sent).
    pub fn with_values<'a>(mut self, values: impl IntoIterator<Item = (&'a str, &'a str)>) -> Self {
        self.values = values
            .into_iter()
            .map(|(k, v)| (k.to_owned(), kept(v)))
            .collect();
        self
    }

    /// Keeps what the user typed (see [`FormErrors::with_values`]).
    pub fn with_owned_values(mut self, values: Vec<(String, String)>) -> Self {
        self.values = values.into_iter().map(|(k, v)| (k, kept(&v))).collect();
        self
    }

    /// `Ok(())` if nothing was found, else the errors as an [`AppError::Invalid`].
    pub fn into_result(self) -> Result<(), AppError> {
        if self.is_empty() {
            Ok(())
        } else {
            Err(AppError::Invalid(self))
        }
    }

    /// Errors holding a single problem with a single field.
    pub fn single_problem(field: &str, problem: Problem) -> FormErrors {
        let mut errors = FormErrors::new();
        errors.add(field, problem);
        errors
    }

    /// A single problem with a single field.
    pub fn single(field: &str, problem: Problem) -> AppError {
        let mut errors = FormErrors::new();
        errors.add(field, problem);
        AppError::Invalid(errors)
    }
}

/// Every way a request can fail, as the client sees it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, thiserror::Error)]
pub enum AppError {
    #[error("not signed in")]
    Unauthenticated,
    #[error("the password must be changed first")]
    PasswordChangeRequired,
    #[error("a second factor must be set up first")]
    SecondFactorRequired,
    #[error("forbidden")]
    Forbidden,
    #[error("not found")]
    NotFound,
    #[error("invalid input")]
    Invalid(FormErrors),
    #[error("wrong email or password")]
    InvalidCredentials,
    #[error("too many failed attempts")]
    Throttled { retry_after_secs: u64 },
    #[error("too many requests")]
    RateLimited { retry_after_secs: u64 },
    #[error("changed by someone else")]
    Conflict,
    #[error("not possible in the current status")]
    MoveNotAllowed,
    #[error("malformed request")]
    BadRequest,
    #[error("internal error")]
    Internal,
}

impl AppError {
    /// The HTTP status this error is answered with.
    pub fn status(&self) -> u16 {
        match self {
            AppError::Unauthenticated => 401,
            AppError::PasswordChangeRequired
            | AppError::SecondFactorRequired
            | AppError::Forbidden => 403,
            AppError::NotFound => 404,
            AppError::Invalid(_) | AppError::BadRequest => 400,
            AppError::InvalidCredentials => 401,
            AppError::Throttled { .. } | AppError::RateLimited { .. } => 429,
            AppError::Conflict | AppError::MoveNotAllowed => 409,
            AppError::Internal => 500,
        }
    }

    /// The message shown for this error as a whole (field problems are shown by their fields).
    pub fn message(&self, t: &Texts) -> String {
        match self {
            AppError::Unauthenticated => t.err_unauthenticated.to_owned(),
            AppError::PasswordChangeRequired => t.must_change_password.to_owned(),
            AppError::SecondFactorRequired => t.security.must_enrol.to_owned(),
            AppError::Forbidden => t.err_forbidden.to_owned(),
            AppError::NotFound => t.err_not_found.to_owned(),
            AppError::Invalid(_) => t.err_fix_fields.to_owned(),
            AppError::InvalidCredentials => t.err_invalid_credentials.to_owned(),
            AppError::Throttled { retry_after_secs } => t.err_throttled.replace(
                "{minutes}",
                &retry_after_secs.div_ceil(60).max(1).to_string(),
            ),
            AppError::RateLimited { retry_after_secs } => t
                .err_rate_limited
                .replace("{seconds}", &(*retry_after_secs).max(1).to_string()),
            AppError::Conflict => t.err_conflict.to_owned(),
            AppError::MoveNotAllowed => t.tasks.err_move_not_allowed.to_owned(),
            AppError::BadRequest => t.err_bad_request.to_owned(),
            AppError::Internal => t.err_internal.to_owned(),
        }
    }

    /// How long the client should wait before asking again (`Retry-After`), if it should.
    pub fn retry_after(&self) -> Option<u64> {
        match self {
            AppError::Throttled { retry_after_secs }
            | AppError::RateLimited { retry_after_secs } => Some((*retry_after_secs).max(1)),
            _ => None,
        }
    }

    /// The field errors, if this is a validation failure.
    pub fn form_errors(&self) -> Option<&FormErrors> {
        match self {
            AppError::Invalid(errors) => Some(errors),
            _ => None,
        }
    }
}

impl FromServerFnError for AppError {
    type Encoder = JsonEncoding;

    fn from_server_fn_error(value: ServerFnErrorErr) -> Self {
        match value {
            ServerFnErrorErr::Args(_) | ServerFnErrorErr::MissingArg(_) => AppError::BadRequest,
            // On the server this is a request body that cannot be read (not UTF-8, say).
            #[cfg(feature = "ssr")]
            ServerFnErrorErr::Deserialization(_) => AppError::BadRequest,
            other => {
                #[cfg(feature = "ssr")]
                tracing::error!(error = %other, "server function failed");
                #[cfg(not(feature = "ssr"))]
                let _ = other;
                AppError::Internal
            }
        }
    }
}

#[cfg(feature = "ssr")]
impl From<sqlx::Error> for AppError {
    fn from(error: sqlx::Error) -> Self {
        if matches!(error, sqlx::Error::RowNotFound) {
            return AppError::NotFound;
        }
        tracing::error!(%error, "database error");
        AppError::Internal
    }
}

#[cfg(feature = "ssr")]
impl From<tower_sessions::session::Error> for AppError {
    fn from(error: tower_sessions::session::Error) -> Self {
        tracing::error!(%error, "session store error");
        AppError::Internal
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::i18n::Lang;

    #[test]
    fn only_the_first_problem_per_field_is_kept() {
        let mut errors = FormErrors::new();
        errors.add("email", Problem::Required);
        errors.add("email", Problem::InvalidEmail);
        assert_eq!(errors.problem("email"), Some(Problem::Required));
        assert_eq!(errors.problems.len(), 1);
    }

    #[test]
    fn statuses_distinguish_client_and_server_faults() {
        assert_eq!(AppError::BadRequest.status(), 400);
        assert_eq!(AppError::Invalid(FormErrors::new()).status(), 400);
        assert_eq!(
            AppError::Throttled {
                retry_after_secs: 3
            }
            .status(),
            429
        );
        assert_eq!(AppError::Forbidden.status(), 403);
        assert_eq!(AppError::Internal.status(), 500);
    }

    #[test]
    fn throttle_message_rounds_up_to_whole_minutes() {
        let t = Lang::En.texts();
        let message = AppError::Throttled {
            retry_after_secs: 61,
        }
        .message(t);
        assert!(message.contains("2 min"), "{message}");
    }

    #[test]
    fn errors_survive_the_wire() {
        let error = FormErrors::single("email", Problem::EmailTaken);
        let bytes = error.ser();
        assert_eq!(AppError::de(bytes), error);
    }
}
