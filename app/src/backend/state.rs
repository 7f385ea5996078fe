//! The application state every request can reach: the database, password hashing, the session
//! rules, the evidence file storage, the framework, the territory and the places the map draws
//! (each read once: only a migration changes them), the short-lived caches of what every page
//! asks for, and the public page's figures (kept for a few minutes).

use super::cache::Caches;
use super::db::{Db, dashboard::PlaceRow};
use super::evidence::Storage;
use super::passwords::Passwords;
use crate::domain::{
    public::PublicPage,
    views::{Framework, Territory},
};
use crate::error::AppError;
use std::sync::Arc;
use tokio::sync::OnceCell;

/// How long sessions live, and how cookies are set.
#[derive(Clone, Debug)]
pub struct SessionRules {
    /// A session unused for this long ends.
    pub idle_timeout: time::Duration,
    /// A session ends this long after login, however busy.
    pub absolute_lifetime: time::Duration,
    /// Served over HTTPS: cookies are `Secure` and the session cookie `__Host-` prefixed.
    pub secure_cookies: bool,
    /// Take the client address from `X-Forwarded-For` (only behind a trusted reverse proxy).
    pub trust_forwarded_for: bool,
}

impl Default for SessionRules {
    fn default() -> Self {
        SessionRules {
            idle_timeout: time::Duration::hours(2),
            absolute_lifetime: time::Duration::hours(12),
            secure_cookies: false,
            trust_forwarded_for: false,
        }
    }
}

impl SessionRules {
    pub fn cookie_name(&self) -> &'static str {
        if self.secure_cookies {
            "__Host-concord_session"
        } else {
            "concord_session"
        }
    }
}

/// How much one client may ask of the costly parts, and how long one-time passwords work. The
/// defaults are far above what a person does; benchmarks raise them.
#[derive(Clone, Copy, Debug)]
pub struct Limits {
    /// A one-time password works this long after it is issued.
    pub one_time_password_lifetime: time::Duration,
    /// Login attempts per minute from one client address.
    pub logins_per_minute: u32,
    /// Exports per hour for one user (ten times as many from one address, which may be an
    /// office).
    pub exports_per_hour: u32,
    /// Dashboard, scorecard and task-search reads per minute for one user (ten times as many
    /// from one address).
    pub reads_per_minute: u32,
    /// Years the audit log keeps its entries (never fewer than three).
    pub audit_retention_years: u32,
}

impl Default for Limits {
    fn default() -> Self {
        Limits {
            one_time_password_lifetime: time::Duration::days(7),
            logins_per_minute: 10,
            exports_per_hour: 60,
            reads_per_minute: 120,
            audit_retention_years: crate::domain::audit::MIN_RETENTION_YEARS,
        }
    }
}

#[derive(Clone, Debug)]
pub struct AppState {
    pub db: Db,
    pub passwords: Passwords,
    pub rules: SessionRules,
    pub limits: Limits,
    pub files: Storage,
    framework: Arc<OnceCell<Framework>>,
    /// Every region, district and municipality (only a migration changes them).
    territory: Arc<OnceCell<Territory>>,
    /// Regions and districts with their coordinates (only a migration changes them).
    places: Arc<OnceCell<Vec<PlaceRow>>>,
    /// This instance's rate-limit counts not yet in the database.
    pub rate_counts: Arc<super::rate_limit::Counts>,
    /// Short-lived copies of what every page asks for (see [`super::cache`]).
    pub caches: Arc<Caches>,
    /// The key that signs unsubscribe links (`CONCORD_SECRET`); `None`: one kept in the database.
    pub secret: Option<String>,
    /// Whether an SMTP server is configured (else messages wait in the outbox).
    pub mail_configured: bool,
    /// The site's public address (`CONCORD_PUBLIC_URL`), which passkeys are bound to; `None`:
    /// the address each request was made to.
    pub public_url: Option<String>,
    /// The public page's figures and when they were read.
    public: Arc<tokio::sync::RwLock<Option<(std::time::Instant, PublicPage)>>>,
}

impl AppState {
    pub fn new(db: Db, rules: SessionRules, files: Storage) -> AppState {
        AppState {
            db,
            passwords: Passwords::new(),
            rules,
            limits: Limits::default(),
            files,
            framework: Arc::new(OnceCell::new()),
            territory: Arc::new(OnceCell::new()),
            places: Arc::new(OnceCell::new()),
            public: Arc::new(tokio::sync::RwLock::new(None)),
            secret: None,
            mail_configured: false,
            public_url: None,
            caches: Arc::new(Caches::new()),
            rate_counts: Arc::default(),
        }
    }

    /// The same state with other limits.
    pub fn with_mail(self, secret: Option<String>, mail_configured: bool) -> AppState {
        AppState {
            secret,
            mail_configured,
            ..self
        }
    }

    /// The site's public address, which passkeys are bound to.
    pub fn with_public_url(self, public_url: Option<String>) -> AppState {
        AppState { public_url, ..self }
    }

    pub fn with_limits(self, limits: Limits) -> AppState {
        AppState { limits, ..self }
    }

    /// The public page, read again when the copy kept is older than `max_age`.
    pub async fn public_page<F, Fut>(
        &self,
        max_age: std::time::Duration,
        read: F,
    ) -> Result<PublicPage, AppError>
    where
        F: FnOnce() -> Fut,
        Fut: std::future::Future<Output = Result<PublicPage, AppError>>,
    {
        if let Some((at, page)) = self.public.read().await.as_ref()
            && at.elapsed() < max_age
        {
            return Ok(page.clone());
        }
        // One reader at a time refreshes it; the others wait and take the fresh copy.
        let mut kept = self.public.write().await;
        if let Some((at, page)) = kept.as_ref()
            && at.elapsed() < max_age
        {
            return Ok(page.clone());
        }
        let page = read().await?;
        *kept = Some((std::time::Instant::now(), page.clone()));
        Ok(page)
    }

    /// When the public page's kept figures were read, if they are younger than `max_age` (the
    /// page's validator: an unchanged copy answers a revalidation with 304).
    pub async fn public_read_at(
        &self,
        max_age: std::time::Duration,
    ) -> Option<time::OffsetDateTime> {
        self.public
            .read()
            .await
            .as_ref()
            .filter(|(at, _)| at.elapsed() < max_age)
            .map(|(_, page)| page.generated_at)
    }

    /// The concept's framework, read from the database on first use.
    pub async fn framework(&self) -> Result<Framework, AppError> {
        self.framework
            .get_or_try_init(|| super::db::framework::load(&self.db))
            .await
            .cloned()
            .map_err(AppError::from)
    }

    /// Every region, district and municipality, read from the database on first use.
    pub async fn territory(&self) -> Result<Territory, AppError> {
        self.territory
            .get_or_try_init(|| super::db::territory::load(&self.db))
            .await
            .cloned()
            .map_err(AppError::from)
    }

    /// The regions and districts the map draws, read from the database on first use.
    pub async fn places(&self) -> Result<Vec<PlaceRow>, AppError> {
        self.places
            .get_or_try_init(|| super::db::dashboard::places(&self.db))
            .await
            .cloned()
            .map_err(AppError::from)
    }
}

/// The state of the running app, as provided to every render and server function.
///
/// A page's data is fetched by tasks of its own; when the client goes away before the page is
/// sent (a closed tab, an impatient scanner), the request's context is dropped while such a
/// task may still be running. It then finds no state and stops: that is the end of work nobody
/// waits for, not a fault. Only state missing from a live request is one.
pub fn state() -> Result<AppState, AppError> {
    leptos::prelude::use_context::<AppState>().ok_or_else(|| {
        if super::request_ended() {
            tracing::debug!("request ended before its work: stopped");
        } else {
            tracing::error!("AppState missing from context");
        }
        AppError::Internal
    })
}
