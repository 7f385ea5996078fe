//! The early-warning system's routes that carry files, posted as `multipart/form-data` so they
//! work without JavaScript: the signal form with its evidence (`POST /signals/record`), and
//! more evidence on a signal (`POST /signals/{id}/files`) or a case (`POST /cases/{id}/files`).
//! They use the evidence form's helpers in `files` and ask the same services and policy as the
//! server functions; problems go back to the page through the session, with what was typed.

use crate::files::{
    BODY_MAX, Received, attach_all, back_to_form, discard, merge, receive, refusal_page,
};
use app::api::early_warning::{CASE_FILES_FLASH, SIGNAL_FLASH};
use app::backend::{auth, cases, db::evidence::FileOwner, signals, state::AppState};
use app::domain::{
    early_warning::signals::SignalForm,
    ids::{CaseId, SignalId},
    policy::Action,
};
use app::error::{AppError, Problem};
use app::i18n::{Lang, lang_of_headers};
use axum::{
    Router,
    extract::{DefaultBodyLimit, Multipart, Path},
    http::HeaderMap,
    response::{IntoResponse, Redirect, Response},
    routing::post,
};
use tower_sessions::Session;

/// The signal and case upload routes.
pub fn routes(state: AppState) -> Router {
    let (record_state, signal_state, case_state) = (state.clone(), state.clone(), state);
    Router::new()
        .route(
            "/signals/record",
            post(move |headers: HeaderMap, session, multipart| {
                record_signal(
                    record_state.clone(),
                    lang_of_headers(&headers),
                    session,
                    multipart,
                )
            })
            .layer(DefaultBodyLimit::max(BODY_MAX)),
        )
        .route(
            "/signals/{id}/files",
            post(
                move |Path(id): Path<i64>, headers: HeaderMap, session, multipart| {
                    add_files(
                        signal_state.clone(),
                        FileOwner::Signal(SignalId(id)),
                        lang_of_headers(&headers),
                        session,
                        multipart,
                    )
                },
            )
            .layer(DefaultBodyLimit::max(BODY_MAX)),
        )
        .route(
            "/cases/{id}/files",
            post(
                move |Path(id): Path<i64>, headers: HeaderMap, session, multipart| {
                    add_files(
                        case_state.clone(),
                        FileOwner::Case(CaseId(id)),
                        lang_of_headers(&headers),
                        session,
                        multipart,
                    )
                },
            )
            .layer(DefaultBodyLimit::max(BODY_MAX)),
        )
}

/// Records a signal from its form with the files that came with it. A signal whose text has
/// problems is not recorded, so its files are not kept either and the form says to choose them
/// again; files refused after the signal is recorded are named on the signal's page.
async fn record_signal(
    state: AppState,
    lang: Lang,
    session: Session,
    mut multipart: Multipart,
) -> Response {
    let permit = match auth::require_in(&state, &session, Action::RecordSignals).await {
        Ok(permit) => permit,
        Err(error) => return refusal_page(error, lang),
    };
    let Received {
        fields,
        files,
        mut problems,
        ..
    } = match receive(&state, &mut multipart).await {
        Ok(received) => received,
        Err(error) => return refusal_page(error, lang),
    };
    let mut form = SignalForm::default();
    for (name, value) in fields {
        form.set(&name, value);
    }
    let id = match signals::record(&state, &permit, &form, lang).await {
        Ok(id) => id,
        Err(error) => {
            discard(&state, &files).await;
            let failure = match merge(&mut problems, error) {
                None => {
                    if !files.is_empty() {
                        problems.add("evidence", Problem::ChooseFilesAgain);
                    }
                    form.fail(problems)
                }
                Some(other) => return refusal_page(other, lang),
            };
            let key = format!("{SIGNAL_FLASH}:new");
            return back_to_form(&session, key, failure, "/signals/new".to_owned()).await;
        }
    };
    let attached = attach_all(
        &state,
        &permit,
        FileOwner::Signal(id),
        &files,
        &mut problems,
    )
    .await;
    if let Err(error) = attached {
        return refusal_page(error, lang);
    }
    if problems.is_empty() {
        return Redirect::to(&format!("/signals/{id}?done=saved")).into_response();
    }
    // Recorded, but some files were refused: the signal's page says which.
    let key = format!("{SIGNAL_FLASH}:{id}");
    let failure = AppError::Invalid(problems);
    back_to_form(&session, key, failure, format!("/signals/{id}")).await
}

/// Adds files to a signal or a case the caller may add evidence to; back to its page, saying
/// which files were refused and why.
async fn add_files(
    state: AppState,
    owner: FileOwner,
    lang: Lang,
    session: Session,
    mut multipart: Multipart,
) -> Response {
    let (action, page, key) = match owner {
        FileOwner::Signal(id) => (
            Action::ViewSignals,
            format!("/signals/{id}"),
            format!("{SIGNAL_FLASH}:{id}"),
        ),
        FileOwner::Case(id) => (
            Action::ViewCases,
            format!("/cases/{id}"),
            format!("{CASE_FILES_FLASH}:{id}"),
        ),
        FileOwner::Report(_) | FileOwner::Activity(_) => {
            return refusal_page(AppError::NotFound, lang);
        }
    };
    let permit = match auth::require_in(&state, &session, action).await {
        Ok(permit) => permit,
        Err(error) => return refusal_page(error, lang),
    };
    // Refuse an outsider before reading the body.
    let visible = match owner {
        FileOwner::Signal(id) => signals::check_visible(&state, &permit, id).await,
        FileOwner::Case(id) => cases::check_visible(&state, &permit, id).await,
        FileOwner::Report(_) | FileOwner::Activity(_) => Err(AppError::NotFound),
    };
    if let Err(error) = visible {
        return refusal_page(error, lang);
    }
    let Received {
        files,
        mut problems,
        ..
    } = match receive(&state, &mut multipart).await {
        Ok(received) => received,
        Err(error) => return refusal_page(error, lang),
    };
    if files.is_empty() && problems.is_empty() {
        problems.add("evidence", Problem::Required);
    }
    if let Err(error) = attach_all(&state, &permit, owner, &files, &mut problems).await {
        return refusal_page(error, lang);
    }
    if problems.is_empty() {
        return Redirect::to(&format!("{page}?done=files#files")).into_response();
    }
    back_to_form(
        &session,
        key,
        AppError::Invalid(problems),
        format!("{page}#files"),
    )
    .await
}
