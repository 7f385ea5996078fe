//! Building and running the HTTP server: database and session store, the router with the app's
//! pages and server functions, `/health`, and the middleware stack around them.

use crate::{security, settings::Settings};
use app::{
    app::{App, shell},
    backend::{db::Db, session_store::Store, state::AppState},
    error::AppError,
};
use axum::{
    Router,
    body::Body,
    extract::Request,
    http::StatusCode,
    response::{IntoResponse, Response},
    routing::get,
};
use leptos::prelude::*;
use leptos_axum::{LeptosRoutes, generate_route_list};
use std::{net::SocketAddr, time::Duration};
use tower_http::{
    compression::{
        CompressionLayer, CompressionLevel,
        predicate::{Predicate, SizeAbove},
    },
    request_id::{MakeRequestId, PropagateRequestIdLayer, RequestId, SetRequestIdLayer},
    trace::TraceLayer,
};
use tower_sessions::{Expiry, SessionManagerLayer, cookie::SameSite};

pub type Fail = Box<dyn std::error::Error + Send + Sync>;

/// Opens the database named by the settings (creating an SQLite file's folder if needed),
/// applies migrations, and prepares the session table.
pub async fn open(settings: &Settings) -> Result<AppState, Fail> {
    if let Some(path) = settings.database_url.strip_prefix("sqlite:") {
        let path = path
            .trim_start_matches("//")
            .split('?')
            .next()
            .unwrap_or("");
        if let Some(parent) = std::path::Path::new(path)
            .parent()
            .filter(|p| !p.as_os_str().is_empty())
        {
            std::fs::create_dir_all(parent)?;
        }
    }
    let db = Db::connect(&settings.database_url, settings.durability).await?;
    db.migrate().await?;
    Store::new(&db).migrate().await?;
    let files = app::backend::evidence::Storage::open(&settings.files_dir)?;
    Ok(AppState::new(db, settings.rules.clone(), files)
        .with_limits(settings.limits)
        .with_mail(settings.secret.clone(), settings.smtp_url.is_some())
        .with_public_url(settings.public_url.clone()))
}

/// How to send mail, if an SMTP server is configured: its URL, the sender, the address links
/// point to (`CONCORD_PUBLIC_URL`, else the listening address, with a warning) and any extra
/// certificate authority.
pub fn mail_settings(
    settings: &Settings,
    listening: std::net::SocketAddr,
) -> Result<Option<app::backend::mail::MailSettings>, Fail> {
    use app::backend::mail::{MailSettings, SmtpUrl};
    let Some(url) = &settings.smtp_url else {
        return Ok(None);
    };
    let public_url = match &settings.public_url {
        Some(url) => url.clone(),
        None => {
            tracing::warn!(
                "CONCORD_PUBLIC_URL is not set: links in messages use http://{listening}, which \
                 only works on this machine"
            );
            format!("http://{listening}")
        }
    };
    let extra_ca_pem = match &settings.smtp_ca_file {
        Some(path) => Some(std::fs::read(path).map_err(|e| format!("CONCORD_SMTP_CA_FILE: {e}"))?),
        None => None,
    };
    Ok(Some(MailSettings {
        smtp: SmtpUrl::parse(url)?,
        from: settings
            .mail_from
            .parse()
            .map_err(|e| format!("CONCORD_MAIL_FROM: {e}"))?,
        public_url,
        extra_ca_pem,
    }))
}

/// Writes the day's reminders, escalations and digests every five minutes (idempotent: each is
/// written once per thing and day, whichever instance gets there first), and prunes the audit
/// log past its retention.
pub fn start_reminders(state: &AppState) {
    let state = state.clone();
    tokio::spawn(async move {
        let mut every = tokio::time::interval(Duration::from_secs(5 * 60));
        loop {
            every.tick().await;
            let now = time::OffsetDateTime::now_utc();
            match app::backend::reminders::pass(&state, now, false).await {
                Ok(written) if written.iter().any(|(_, n)| *n > 0) => {
                    tracing::info!(?written, "reminders written");
                }
                Ok(_) => {}
                Err(error) => tracing::warn!(%error, "writing reminders failed"),
            }
            let years = state.limits.audit_retention_years;
            if let Err(error) = app::backend::audit::prune(&state, years).await {
                tracing::warn!(%error, "pruning the audit log failed");
            }
        }
    });
}

/// Starts this instance's mail sender, if mail is configured.
pub fn start_mail(
    state: &AppState,
    mail: Option<app::backend::mail::MailSettings>,
) -> Result<(), Fail> {
    let Some(mail) = mail else {
        tracing::info!("no CONCORD_SMTP_URL: notifications by email wait in the outbox");
        return Ok(());
    };
    let mailer = app::backend::mail::Mailer::new(&mail)?;
    tokio::spawn(mailer.run(state.clone(), Duration::from_secs(2)));
    Ok(())
}

#[derive(Clone, Copy)]
struct RandomRequestId;

impl MakeRequestId for RandomRequestId {
    fn make_request_id<B>(&mut self, _: &axum::http::Request<B>) -> Option<RequestId> {
        let id = format!("{:016x}", rand::random::<u64>());
        axum::http::HeaderValue::from_str(&id)
            .ok()
            .map(RequestId::new)
    }
}

/// How hard pages are compressed on the fly: brotli's own default (11) is meant for files
/// compressed once and costs tens of milliseconds a page; 4 (gzip 4) is within a few percent of
/// its size at a small fraction of the time, as CDNs do for dynamic content.
const COMPRESSION: CompressionLevel = CompressionLevel::Precise(4);

/// Whether a response is worth compressing on the fly: pages, server function answers, CSV
/// and other text (streamed exports stay streamed, chunk by chunk). The wasm, script and style
/// files are compressed at build time and served as such; images, PDFs and XLSX files are
/// compressed already.
fn compressible(
    _: StatusCode,
    _: http::Version,
    headers: &http::HeaderMap,
    _: &http::Extensions,
) -> bool {
    let text = headers
        .get(http::header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|kind| {
            [
                "text/",
                "application/json",
                "application/problem+json",
                "image/svg+xml",
            ]
            .iter()
            .any(|prefix| kind.starts_with(prefix))
        });
    text && !headers.contains_key(http::header::CONTENT_ENCODING)
}

/// A request that may have written (anything but `GET` and `HEAD`: forms, server functions)
/// makes every cached copy stale when it ends, so this instance's users see its effect at once
/// (see `app::backend::cache`).
async fn stale_after_writes(
    axum::extract::State(generation): axum::extract::State<app::backend::cache::Generation>,
    request: Request<Body>,
    next: axum::middleware::Next,
) -> Response {
    let writes = !matches!(*request.method(), http::Method::GET | http::Method::HEAD);
    let response = next.run(request).await;
    if writes {
        generation.written();
    }
    response
}

/// Server functions answer errors with 500 and the error in the body; this gives each error
/// its own status (400 for bad input, 403, 404, 429, ...), so only real faults are 500.
async fn status_of_errors(request: Request<Body>, next: axum::middleware::Next) -> Response {
    let response = next.run(request).await;
    let is_error = response.status() == StatusCode::INTERNAL_SERVER_ERROR
        && response
            .headers()
            .contains_key(leptos::server_fn::error::SERVER_FN_ERROR_HEADER);
    if !is_error {
        return response;
    }
    let (mut parts, body) = response.into_parts();
    // An error repeats at most each field's longest value: this is far more than any holds.
    let bytes = match axum::body::to_bytes(body, 4 * 1024 * 1024).await {
        Ok(bytes) => bytes,
        Err(error) => {
            tracing::warn!(%error, "a server function's error could not be read");
            parts.status = StatusCode::BAD_REQUEST;
            return Response::from_parts(
                parts,
                Body::from(serde_json::to_vec(&AppError::BadRequest).unwrap_or_default()),
            );
        }
    };
    if let Ok(error) = serde_json::from_slice::<AppError>(&bytes) {
        parts.status =
            StatusCode::from_u16(error.status()).unwrap_or(StatusCode::INTERNAL_SERVER_ERROR);
        if let Some(wait) = error.retry_after()
            && let Ok(value) = axum::http::HeaderValue::from_str(&wait.to_string())
        {
            parts.headers.insert(axum::http::header::RETRY_AFTER, value);
        }
    }
    Response::from_parts(parts, Body::from(bytes))
}

async fn health(state: AppState) -> impl IntoResponse {
    if state.db.ping().await {
        (StatusCode::OK, "ok")
    } else {
        (StatusCode::SERVICE_UNAVAILABLE, "database unreachable")
    }
}

/// The whole application as an axum router.
pub fn router(state: AppState, leptos_options: LeptosOptions, settings: &Settings) -> Router {
    let routes = generate_route_list(App);
    let store = Store::new(&state.db);
    let rules = &state.rules;
    let sessions = SessionManagerLayer::new(store.clone())
        .with_name(rules.cookie_name())
        .with_secure(rules.secure_cookies)
        .with_http_only(true)
        .with_same_site(SameSite::Lax)
        .with_path("/")
        .with_expiry(Expiry::OnInactivity(rules.idle_timeout));
    tokio::spawn(async move {
        use tower_sessions::session_store::ExpiredDeletion;
        if let Err(error) = store
            .continuously_delete_expired(Duration::from_secs(15 * 60))
            .await
        {
            tracing::error!(%error, "expired-session cleanup stopped");
        }
    });

    // Forgets old login failures, rate-limit counts and sessions past their limits now and then.
    let pruning = state.clone();
    tokio::spawn(async move {
        let mut every = tokio::time::interval(Duration::from_secs(15 * 60));
        loop {
            every.tick().await;
            let now = app::backend::now();
            if let Err(error) = app::backend::throttle::prune(&pruning.db, now).await {
                tracing::warn!(%error, "pruning login failures failed");
            }
            if let Err(error) = app::backend::rate_limit::prune(&pruning).await {
                tracing::warn!(%error, "pruning rate limits failed");
            }
            let rules = &pruning.rules;
            let pruned = app::backend::db::sessions::prune(
                &pruning.db,
                now - rules.idle_timeout,
                now - rules.absolute_lifetime,
            )
            .await;
            if let Err(error) = pruned {
                tracing::warn!(%error, "pruning the session list failed");
            }
        }
    });

    let context = {
        let state = state.clone();
        move || provide_context(state.clone())
    };
    let cookie_name = rules.cookie_name();
    let secure = rules.secure_cookies;
    let health_state = state.clone();

    // `leptos_routes_with_context` also mounts every server function under /api.
    Router::new()
        .route("/health", get(move || health(health_state.clone())))
        .leptos_routes_with_context(&leptos_options, routes, context.clone(), {
            let options = leptos_options.clone();
            move || shell(options.clone())
        })
        .fallback(leptos_axum::file_and_error_handler_with_context(
            context, shell,
        ))
        .with_state(leptos_options)
        .merge(crate::files::routes(state.clone()))
        .merge(crate::warning_files::routes(state.clone()))
        .merge(crate::exports::routes(state.clone()))
        .merge(crate::audit_export::routes(state.clone()))
        .merge(crate::one_click::routes(state.clone()))
        .layer(axum::middleware::from_fn(status_of_errors))
        .layer(axum::middleware::from_fn_with_state(
            state.caches.generation.clone(),
            stale_after_writes,
        ))
        .layer(axum::middleware::from_fn_with_state(
            (state.clone(), cookie_name),
            crate::revalidation::public_page,
        ))
        .layer(axum::middleware::from_fn(crate::telemetry::record_user))
        .layer(sessions)
        .layer(axum::middleware::from_fn_with_state(
            (settings.public_url.clone(), cookie_name),
            security::refuse_cross_site,
        ))
        .layer(axum::middleware::from_fn(move |request, next| {
            security::headers(cookie_name, secure, request, next)
        }))
        .layer(
            CompressionLayer::new()
                .quality(COMPRESSION)
                .compress_when(SizeAbove::new(256).and(compressible)),
        )
        .layer(PropagateRequestIdLayer::x_request_id())
        .layer(
            TraceLayer::new_for_http().make_span_with(|request: &Request<Body>| {
                let id = request
                    .headers()
                    .get("x-request-id")
                    .and_then(|v| v.to_str().ok())
                    .unwrap_or("-");
                tracing::info_span!(
                    "request",
                    method = %request.method(),
                    path = request.uri().path(),
                    request_id = id,
                    user_id = tracing::field::Empty,
                )
            }),
        )
        .layer(SetRequestIdLayer::x_request_id(RandomRequestId))
}

/// Serves until Ctrl-C or SIGTERM.
pub async fn serve(listener: tokio::net::TcpListener, router: Router) -> Result<(), Fail> {
    axum::serve(
        listener,
        router.into_make_service_with_connect_info::<SocketAddr>(),
    )
    .with_graceful_shutdown(shutdown_signal())
    .await?;
    Ok(())
}

async fn shutdown_signal() {
    let ctrl_c = async {
        let _ = tokio::signal::ctrl_c().await;
    };
    #[cfg(unix)]
    let terminate = async {
        if let Ok(mut signal) =
            tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate())
        {
            signal.recv().await;
        }
    };
    #[cfg(not(unix))]
    let terminate = std::future::pending::<()>();
    tokio::select! {
        _ = ctrl_c => {},
        _ = terminate => {},
    }
    tracing::info!("shutting down");
}
