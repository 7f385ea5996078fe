//! The routes that are not server functions because they carry files: the report and activity
//! forms, posted as `multipart/form-data` with their text and evidence together (`POST
//! /reports/{id}/save`, `/activities/save`, `/activities/{id}/save`), and evidence downloads
//! (`GET /files/{id}`); the early-warning system's uploads are in `warning_files`, on the same
//! helpers. They ask the same services and policy as everything else. Uploads
//! stream to disk; downloads stream from it.

use app::backend::{
    activities,
    audit::{self, Who},
    auth, cases,
    db::{
        self,
        evidence::{FileOwner, NewFile},
    },
    evidence::Refused,
    reports::{self, Saved},
    signals,
    state::AppState,
};
use app::domain::{
    activities::inputs::ActivityForm,
    audit::AuditKind,
    evidence::{MAX_BYTES, attachment_header},
    ids::{ActivityId, FileId, ReportId},
    policy::{Action, Permit},
    reports::inputs::ReportForm,
};
use app::error::{AppError, FormErrors, Problem};
use app::i18n::{Lang, lang_of_headers};
use axum::{
    Router,
    body::Body,
    extract::{ConnectInfo, DefaultBodyLimit, Multipart, Path},
    http::{HeaderMap, HeaderValue, StatusCode, header},
    response::{Html, IntoResponse, Redirect, Response},
    routing::{get, post},
};
use futures::StreamExt;
use std::net::SocketAddr;
use tower_sessions::Session;

/// How many files one save may carry.
pub(crate) const FILES_PER_SAVE: u64 = 5;
/// The largest text field of a form, in bytes.
const TEXT_FIELD_MAX: usize = 64 * 1024;
/// The largest form body: a few files at the limit, and the text.
pub(crate) const BODY_MAX: usize = (MAX_BYTES * FILES_PER_SAVE + 1024 * 1024) as usize;

/// The form routes and the download route.
pub fn routes(state: AppState) -> Router {
    let (report_state, new_state, activity_state) = (state.clone(), state.clone(), state.clone());
    Router::new()
        .route(
            "/reports/{id}/save",
            post(move |path, headers: HeaderMap, session, multipart| {
                save_report(
                    report_state.clone(),
                    path,
                    lang_of_headers(&headers),
                    session,
                    multipart,
                )
            })
            .layer(DefaultBodyLimit::max(BODY_MAX)),
        )
        .route(
            "/activities/save",
            post(move |headers: HeaderMap, session, multipart| {
                save_activity(
                    new_state.clone(),
                    None,
                    lang_of_headers(&headers),
                    session,
                    multipart,
                )
            })
            .layer(DefaultBodyLimit::max(BODY_MAX)),
        )
        .route(
            "/activities/{id}/save",
            post(
                move |Path(id): Path<i64>, headers: HeaderMap, session, multipart| {
                    save_activity(
                        activity_state.clone(),
                        Some(ActivityId(id)),
                        lang_of_headers(&headers),
                        session,
                        multipart,
                    )
                },
            )
            .layer(DefaultBodyLimit::max(BODY_MAX)),
        )
        .route(
            "/files/{id}",
            get(move |path, headers, peer, session| {
                download(state.clone(), path, headers, peer, session)
            }),
        )
}

/// The answer for a refusal outside any form: its status and message.
pub(crate) fn refusal_page(error: AppError, lang: Lang) -> Response {
    let status = StatusCode::from_u16(error.status()).unwrap_or(StatusCode::BAD_REQUEST);
    let t = lang.texts();
    let message = escape(&error.message(t));
    let page = format!(
        "<!DOCTYPE html><html lang=\"{code}\"><head><meta charset=\"utf-8\">\
         <meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\
         <title>{app}</title></head><body><main><h1>{app}</h1><p role=\"alert\">{message}</p>\
         <p><a href=\"/\">{home}</a></p></main></body></html>",
        code = lang.code(),
        app = t.app_name,
        home = escape(t.go_home),
    );
    let mut response = (status, Html(page)).into_response();
    if let Some(wait) = error.retry_after()
        && let Ok(value) = HeaderValue::from_str(&wait.to_string())
    {
        response.headers_mut().insert(header::RETRY_AFTER, value);
    }
    response
}

use app::backend::escape_html as escape;

/// Reads a text part in full, refusing one longer than any field of the form may be.
async fn text(field: axum::extract::multipart::Field<'_>) -> Result<String, AppError> {
    let mut bytes = Vec::new();
    let mut field = Box::pin(field);
    while let Some(chunk) = field.next().await {
        let chunk = chunk.map_err(|_| AppError::BadRequest)?;
        if bytes.len() + chunk.len() > TEXT_FIELD_MAX {
            return Err(AppError::BadRequest);
        }
        bytes.extend_from_slice(&chunk);
    }
    String::from_utf8(bytes).map_err(|_| AppError::BadRequest)
}

/// What a multipart form brought: its text fields in order, the files kept, the problems of
/// the files refused, and the `version` field.
pub(crate) struct Received {
    pub(crate) fields: Vec<(String, String)>,
    pub(crate) files: Vec<NewFile>,
    pub(crate) problems: FormErrors,
    pub(crate) version: Option<i64>,
}

/// Reads a form part by part: text into memory (bounded), each file through the storage.
pub(crate) async fn receive(
    state: &AppState,
    multipart: &mut Multipart,
) -> Result<Received, AppError> {
    let mut received = Received {
        fields: Vec::new(),
        files: Vec::new(),
        problems: FormErrors::new(),
        version: None,
    };
    loop {
        let field = match multipart.next_field().await {
            Ok(Some(field)) => field,
            Ok(None) => break,
            Err(error) => {
                // Past the body limit, or a broken body: keep what arrived whole.
                tracing::warn!(%error, "form cut short");
                received.problems.add("evidence", Problem::FileTooLarge);
                break;
            }
        };
        let name = field.name().unwrap_or_default().to_owned();
        if name == "evidence" {
            let uploaded = field.file_name().unwrap_or_default().to_owned();
            match state.files.receive(&uploaded, Box::pin(field)).await {
                Ok(file) => received.files.push(file),
                Err(Refused::Nothing) => {}
                Err(Refused::Problem(problem)) => received.problems.add("evidence", problem),
            }
            continue;
        }
        let value = match text(field).await {
            Ok(value) => value,
            Err(error) => {
                discard(state, &received.files).await;
                return Err(error);
            }
        };
        if name == "version" {
            received.version = value.trim().parse::<i64>().ok();
        } else {
            received.fields.push((name, value));
        }
    }
    Ok(received)
}

pub(crate) async fn discard(state: &AppState, files: &[NewFile]) {
    for file in files {
        state.files.delete(&file.stored_name).await;
    }
}

/// Lists each received file on its owner; a form problem (too many files) joins `problems`,
/// any other refusal ends the save.
pub(crate) async fn attach_all(
    state: &AppState,
    permit: &Permit,
    owner: FileOwner,
    files: &[NewFile],
    problems: &mut FormErrors,
) -> Result<(), AppError> {
    for (i, file) in files.iter().enumerate() {
        let attached = match owner {
            FileOwner::Report(id) => reports::attach(state, permit, id, file).await,
            FileOwner::Activity(id) => activities::attach(state, permit, id, file).await,
            FileOwner::Signal(id) => signals::attach(state, permit, id, file).await,
            FileOwner::Case(id) => cases::attach(state, permit, id, file).await,
        };
        match attached {
            Ok(_) => {}
            Err(AppError::Invalid(errors)) => {
                for (field, problem) in errors.problems {
                    problems.add(&field, problem);
                }
                state.files.delete(&file.stored_name).await;
            }
            Err(error) => {
                discard(state, &files[i..]).await;
                return Err(error);
            }
        }
    }
    Ok(())
}

/// Keeps a form's problems in the session for its page, and sends the browser back there.
pub(crate) async fn back_to_form(
    session: &Session,
    key: String,
    failure: AppError,
    page: String,
) -> Response {
    if let Err(error) = session.insert(&key, &failure).await {
        tracing::error!(%error, "form problems could not be kept");
    }
    Redirect::to(&page).into_response()
}

/// Merges the field problems of `error` into `problems`; any other error is given back.
pub(crate) fn merge(problems: &mut FormErrors, error: AppError) -> Option<AppError> {
    match error {
        AppError::Invalid(errors) => {
            for (field, problem) in errors.problems {
                problems.add(&field, problem);
            }
            None
        }
        other => Some(other),
    }
}

/// Saves the report form: text fields into the draft, each file into the storage. Problems go
/// back to the form page through the session, with what was typed, and files that were fine
/// are kept; a submit with any problem is saved as a draft instead.
async fn save_report(
    state: AppState,
    Path(id): Path<i64>,
    lang: Lang,
    session: Session,
    mut multipart: Multipart,
) -> Response {
    let id = ReportId(id);
    let permit = match auth::require_in(&state, &session, Action::WriteReports).await {
        Ok(permit) => permit,
        Err(error) => return refusal_page(error, lang),
    };
    if let Err(error) = reports::load_editable(&state, &permit, id).await {
        return refusal_page(error, lang);
    }
    let received = match receive(&state, &mut multipart).await {
        Ok(received) => received,
        Err(error) => return refusal_page(error, lang),
    };
    let Received {
        fields,
        files,
        mut problems,
        version,
    } = received;
    let Some(version) = version else {
        discard(&state, &files).await;
        return refusal_page(AppError::BadRequest, lang);
    };
    let mut form = ReportForm::default();
    for (name, value) in fields {
        form.set(&name, value);
    }
    let attached = attach_all(
        &state,
        &permit,
        FileOwner::Report(id),
        &files,
        &mut problems,
    )
    .await;
    if let Err(error) = attached {
        return refusal_page(error, lang);
    }
    if !problems.is_empty() {
        form.intent = "save".to_owned();
    }
    let failure = match reports::save(&state, &permit, id, version, &form, lang).await {
        Ok(saved) if problems.is_empty() => {
            let done = match saved {
                Saved::Draft => "saved",
                Saved::Submitted => "submitted",
            };
            return Redirect::to(&format!("/reports/{id}?done={done}")).into_response();
        }
        Ok(_) => form.fail(problems),
        Err(error) => match merge(&mut problems, error) {
            None => form.fail(problems),
            Some(AppError::Conflict) => AppError::Conflict,
            Some(other) => return refusal_page(other, lang),
        },
    };
    let key = format!("{}:{id}", app::api::reports::FORM_FLASH);
    back_to_form(&session, key, failure, format!("/reports/{id}/edit")).await
}

/// Saves the activity form: a new activity for the caller's organisation, or an edit, with its
/// files. A new activity whose text has problems is not saved, so its files are not kept
/// either, and the form says to choose them again.
async fn save_activity(
    state: AppState,
    id: Option<ActivityId>,
    lang: Lang,
    session: Session,
    mut multipart: Multipart,
) -> Response {
    let permit = match auth::require_in(&state, &session, Action::LogActivities).await {
        Ok(permit) => permit,
        Err(error) => return refusal_page(error, lang),
    };
    if let Some(id) = id
        && let Err(error) = activities::load_editable(&state, &permit, id).await
    {
        return refusal_page(error, lang);
    }
    let received = match receive(&state, &mut multipart).await {
        Ok(received) => received,
        Err(error) => return refusal_page(error, lang),
    };
    let Received {
        fields,
        files,
        mut problems,
        version,
    } = received;
    let mut form = ActivityForm::default();
    for (name, value) in fields {
        form.set(&name, value);
    }
    let saved = match (id, version) {
        (None, _) => activities::create(&state, &permit, &form, lang, false).await,
        (Some(id), Some(version)) => activities::update(&state, &permit, id, version, &form, lang)
            .await
            .map(|_| id),
        (Some(_), None) => Err(AppError::BadRequest),
    };
    let saved_id = match saved {
        Ok(saved_id) => saved_id,
        Err(error) => {
            discard(&state, &files).await;
            let failure = match merge(&mut problems, error) {
                None => {
                    if !files.is_empty() {
                        problems.add("evidence", Problem::ChooseFilesAgain);
                    }
                    form.fail(problems)
                }
                Some(AppError::Conflict) => AppError::Conflict,
                Some(other) => return refusal_page(other, lang),
            };
            let (key, page) = match id {
                Some(id) => (id.to_string(), format!("/activities/{id}/edit")),
                None => ("new".to_owned(), "/activities/new".to_owned()),
            };
            let key = format!("{}:{key}", app::api::activities::FORM_FLASH);
            return back_to_form(&session, key, failure, page).await;
        }
    };
    let owner = FileOwner::Activity(saved_id);
    let attached = attach_all(&state, &permit, owner, &files, &mut problems).await;
    if let Err(error) = attached {
        return refusal_page(error, lang);
    }
    if problems.is_empty() {
        let done = if id.is_some() { "saved" } else { "logged" };
        return Redirect::to(&format!("/activities/{saved_id}?done={done}")).into_response();
    }
    // Saved, but some files were refused: back to the saved activity's form to say which.
    let key = format!("{}:{saved_id}", app::api::activities::FORM_FLASH);
    let page = format!("/activities/{saved_id}/edit");
    back_to_form(&session, key, form.fail(problems), page).await
}

/// Sends an evidence file to a user who may see its owner (report, activity, signal or case),
/// as an attachment.
async fn download(
    state: AppState,
    Path(id): Path<i64>,
    headers: HeaderMap,
    ConnectInfo(peer): ConnectInfo<SocketAddr>,
    session: Session,
) -> Response {
    let lang = lang_of_headers(&headers);
    let permit = match auth::require_in(&state, &session, Action::ViewReports).await {
        Ok(permit) => permit,
        Err(error) => return refusal_page(error, lang),
    };
    let row = match db::evidence::file(&state.db, FileId(id)).await {
        Ok(Some(row)) => row,
        Ok(None) => return refusal_page(AppError::NotFound, lang),
        Err(error) => return refusal_page(error.into(), lang),
    };
    let visible = match row.owner() {
        Some(FileOwner::Report(report)) => reports::check_visible(&state, &permit, report).await,
        Some(FileOwner::Activity(activity)) => {
            activities::check_visible(&state, &permit, activity).await
        }
        Some(FileOwner::Signal(signal)) => signals::check_visible(&state, &permit, signal).await,
        Some(FileOwner::Case(case)) => cases::check_visible(&state, &permit, case).await,
        None => Err(AppError::NotFound),
    };
    if let Err(error) = visible {
        return refusal_page(error, lang);
    }
    let (Ok(kind), Some(path)) = (row.kind(), state.files.path(&row.stored_name)) else {
        return refusal_page(AppError::Internal, lang);
    };
    let file = match tokio::fs::File::open(&path).await {
        Ok(file) => file,
        Err(error) => {
            tracing::error!(%error, file_id = id, "evidence file missing from storage");
            return refusal_page(AppError::NotFound, lang);
        }
    };
    let address = auth::address_of(state.rules.trust_forwarded_for, &headers, Some(peer));
    let mut entry = Who::user(permit.me(), address).entry(AuditKind::EvidenceDownload);
    entry.detail = format!("{id}: {}", row.original_name);
    if let Err(error) = audit::record(&state, entry).await {
        return refusal_page(error, lang);
    }
    let disposition = HeaderValue::from_str(&attachment_header(&row.original_name))
        .unwrap_or_else(|_| HeaderValue::from_static("attachment"));
    (
        [
            (
                header::CONTENT_TYPE,
                HeaderValue::from_static(kind.media_type()),
            ),
            (header::CONTENT_DISPOSITION, disposition),
            (header::CONTENT_LENGTH, HeaderValue::from(row.size_bytes)),
            (
                header::CACHE_CONTROL,
                HeaderValue::from_static("private, no-store"),
            ),
        ],
        Body::from_stream(tokio_util::io::ReaderStream::new(file)),
    )
        .into_response()
}
