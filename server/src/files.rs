//! The two routes that are not server functions because they carry files: the report form,
//! posted as `multipart/form-data` with its text and evidence together (`POST
//! /reports/{id}/save`), and evidence downloads (`GET /files/{id}`). Both ask the same
//! services and policy as everything else. Uploads stream to disk; downloads stream from it.

use app::api::reports::FORM_FLASH;
use app::domain::{
    evidence::{MAX_BYTES, attachment_header},
    ids::{FileId, ReportId},
    policy::Action,
    report_inputs::ReportForm,
};
use app::error::{AppError, FormErrors, Problem};
use app::server::{
    auth,
    evidence::Refused,
    reports::{self, Saved},
    state::AppState,
};
use axum::{
    Router,
    body::Body,
    extract::{DefaultBodyLimit, Multipart, Path},
    http::{HeaderValue, StatusCode, header},
    response::{IntoResponse, Redirect, Response},
    routing::{get, post},
};
use futures::StreamExt;
use tower_sessions::Session;

/// How many files one save may carry.
const FILES_PER_SAVE: u64 = 5;
/// The largest text field of the report form, in bytes.
const TEXT_FIELD_MAX: usize = 64 * 1024;

/// The report form's route and the download route.
pub fn routes(state: AppState) -> Router {
    let save_state = state.clone();
    Router::new()
        .route(
            "/reports/{id}/save",
            post(move |path, session, multipart| {
                save(save_state.clone(), path, session, multipart)
            })
            .layer(DefaultBodyLimit::max(
                (MAX_BYTES * FILES_PER_SAVE + 1024 * 1024) as usize,
            )),
        )
        .route(
            "/files/{id}",
            get(move |path, session| download(state.clone(), path, session)),
        )
}

/// The answer for a refusal outside any form: its status and message.
fn refusal(error: AppError) -> Response {
    let status = StatusCode::from_u16(error.status()).unwrap_or(StatusCode::BAD_REQUEST);
    (status, error.to_string()).into_response()
}

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

/// Saves the report form: text fields into the draft, each file into the storage. Problems go
/// back to the form page through the session, with what was typed, and files that were fine
/// are kept; a submit with any problem is saved as a draft instead.
async fn save(
    state: AppState,
    Path(id): Path<i64>,
    session: Session,
    mut multipart: Multipart,
) -> Response {
    let id = ReportId(id);
    let me = match auth::require_in(&state, &session, Action::WriteReports).await {
        Ok((me, _)) => me,
        Err(error) => return refusal(error),
    };
    if let Err(error) = reports::load_editable(&state, &me, id).await {
        return refusal(error);
    }
    let mut form = ReportForm::default();
    let mut version = None;
    let mut problems = FormErrors::new();
    let mut received = Vec::new();
    loop {
        let field = match multipart.next_field().await {
            Ok(Some(field)) => field,
            Ok(None) => break,
            Err(error) => {
                // Past the body limit, or a broken body: keep what arrived whole.
                tracing::warn!(%error, "report form cut short");
                problems.add("evidence", Problem::FileTooLarge);
                break;
            }
        };
        let name = field.name().unwrap_or_default().to_owned();
        if name == "evidence" {
            let uploaded = field.file_name().unwrap_or_default().to_owned();
            match state.files.receive(&uploaded, Box::pin(field)).await {
                Ok(file) => received.push(file),
                Err(Refused::Nothing) => {}
                Err(Refused::Problem(problem)) => problems.add("evidence", problem),
            }
            continue;
        }
        let value = match text(field).await {
            Ok(value) => value,
            Err(error) => return refusal(error),
        };
        if name == "version" {
            version = value.trim().parse::<i64>().ok();
        } else {
            form.set(&name, value);
        }
    }
    let Some(version) = version else {
        for file in &received {
            state.files.delete(&file.stored_name).await;
        }
        return refusal(AppError::BadRequest);
    };
    for file in &received {
        match reports::attach(&state, &me, id, file).await {
            Ok(_) => {}
            Err(AppError::Invalid(errors)) => {
                for (field, problem) in errors.problems {
                    problems.add(&field, problem);
                }
                state.files.delete(&file.stored_name).await;
            }
            Err(error) => {
                state.files.delete(&file.stored_name).await;
                return refusal(error);
            }
        }
    }
    if !problems.is_empty() {
        form.intent = "save".to_owned();
    }
    let outcome = reports::save(&state, &me, id, version, &form).await;
    let failure = match outcome {
        Ok(saved) if problems.is_empty() => {
            let done = match saved {
                Saved::Draft => "saved",
                Saved::Submitted => "submitted",
            };
            return Redirect::to(&format!("/reports/{id}?done={done}")).into_response();
        }
        Ok(_) => form.fail(problems),
        Err(AppError::Invalid(errors)) => {
            for (field, problem) in errors.problems {
                problems.add(&field, problem);
            }
            form.fail(problems)
        }
        Err(AppError::Conflict) => AppError::Conflict,
        Err(error) => return refusal(error),
    };
    if let Err(error) = session
        .insert(&format!("{FORM_FLASH}:{id}"), &failure)
        .await
    {
        tracing::error!(%error, "report form problems could not be kept");
    }
    Redirect::to(&format!("/reports/{id}/edit")).into_response()
}

/// Sends an evidence file to a user who may see its report, as an attachment.
async fn download(state: AppState, Path(id): Path<i64>, session: Session) -> Response {
    let me = match auth::require_in(&state, &session, Action::ViewReports).await {
        Ok((me, _)) => me,
        Err(error) => return refusal(error),
    };
    let row = match reports::file_for_download(&state, &me, FileId(id)).await {
        Ok(row) => row,
        Err(error) => return refusal(error),
    };
    let (Ok(kind), Some(path)) = (row.kind(), state.files.path(&row.stored_name)) else {
        return refusal(AppError::Internal);
    };
    let file = match tokio::fs::File::open(&path).await {
        Ok(file) => file,
        Err(error) => {
            tracing::error!(%error, file_id = id, "evidence file missing from storage");
            return refusal(AppError::NotFound);
        }
    };
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
