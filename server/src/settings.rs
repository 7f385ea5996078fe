//! Settings, read once from the environment.
//!
//! | variable | default | meaning |
//! |---|---|---|
//! | `DATABASE_URL` | `sqlite:data/concord.db` | `sqlite:<file>` or `postgres://…` |
//! | `LEPTOS_SITE_ADDR` | `127.0.0.1:3000` | address to listen on |
//! | `CONCORD_PUBLIC_URL` | none | the public URL; `https://…` makes cookies `Secure` and `__Host-` |
//! | `CONCORD_TRUST_PROXY` | `false` | take the client address from `X-Forwarded-For` |
//! | `CONCORD_SESSION_IDLE_MINUTES` | `120` | a session unused this long ends |
//! | `CONCORD_SESSION_MAX_HOURS` | `12` | a session ends this long after login |
//! | `CONCORD_FILES_DIR` | `data/files` | where evidence files are kept (outside the web root) |
//! | `CONCORD_LOG_FORMAT` | `text` | `json` for JSON logs; `RUST_LOG` sets the level |
//! | `CONCORD_ONE_TIME_PASSWORD_DAYS` | `7` | a one-time password works this long |
//! | `CONCORD_LIMIT_LOGINS_PER_MINUTE` | `10` | login attempts per minute from one address |
//! | `CONCORD_LIMIT_EXPORTS_PER_HOUR` | `60` | exports per hour per user (×10 per address) |
//! | `CONCORD_LIMIT_READS_PER_MINUTE` | `120` | dashboard, scorecard and task-search reads per minute per user (×10 per address) |
//! | `CONCORD_SQLITE_SYNCHRONOUS` | `full` | `normal` trades the last commits on power loss for speed (benchmarks only) |

use app::server::{
    db::Durability,
    state::{Limits, SessionRules},
};
use std::fmt;

pub const DEFAULT_DATABASE_URL: &str = "sqlite:data/concord.db";
pub const DEFAULT_FILES_DIR: &str = "data/files";

#[derive(Clone)]
pub struct Settings {
    pub database_url: String,
    pub public_url: Option<String>,
    pub rules: SessionRules,
    pub files_dir: std::path::PathBuf,
    pub limits: Limits,
    pub durability: Durability,
}

/// The database URL may hold a password: never print it whole.
impl fmt::Debug for Settings {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Settings")
            .field("database", &redact(&self.database_url))
            .field("public_url", &self.public_url)
            .field("rules", &self.rules)
            .field("files_dir", &self.files_dir)
            .field("limits", &self.limits)
            .field("durability", &self.durability)
            .finish()
    }
}

/// The URL with any password replaced by `***`.
pub fn redact(url: &str) -> String {
    match url.split_once("://") {
        Some((scheme, rest)) => match rest.split_once('@') {
            Some((credentials, host)) => {
                let user = credentials.split(':').next().unwrap_or("");
                format!("{scheme}://{user}:***@{host}")
            }
            None => url.to_owned(),
        },
        None => url.to_owned(),
    }
}

fn var(name: &str) -> Option<String> {
    std::env::var(name)
        .ok()
        .map(|v| v.trim().to_owned())
        .filter(|v| !v.is_empty())
}

fn positive(name: &str, default: i64) -> Result<i64, String> {
    match number(name, default)? {
        n if n > 0 => Ok(n),
        n => Err(format!("{name} must be more than 0, not {n}")),
    }
}

fn limit(name: &str, default: u32) -> Result<u32, String> {
    u32::try_from(positive(name, i64::from(default))?).map_err(|_| format!("{name} is too large"))
}

fn number(name: &str, default: i64) -> Result<i64, String> {
    match var(name) {
        None => Ok(default),
        Some(v) => v
            .parse()
            .map_err(|_| format!("{name} must be a whole number, not {v:?}")),
    }
}

impl Settings {
    pub fn from_env() -> Result<Settings, String> {
        let public_url = var("CONCORD_PUBLIC_URL");
        let secure = public_url
            .as_deref()
            .is_some_and(|u| u.starts_with("https://"));
        let trust =
            var("CONCORD_TRUST_PROXY").is_some_and(|v| matches!(v.as_str(), "1" | "true" | "yes"));
        Ok(Settings {
            database_url: var("DATABASE_URL").unwrap_or_else(|| DEFAULT_DATABASE_URL.to_owned()),
            public_url,
            files_dir: var("CONCORD_FILES_DIR")
                .unwrap_or_else(|| DEFAULT_FILES_DIR.to_owned())
                .into(),
            rules: SessionRules {
                idle_timeout: time::Duration::minutes(number("CONCORD_SESSION_IDLE_MINUTES", 120)?),
                absolute_lifetime: time::Duration::hours(number("CONCORD_SESSION_MAX_HOURS", 12)?),
                secure_cookies: secure,
                trust_forwarded_for: trust,
            },
            limits: Limits {
                one_time_password_lifetime: time::Duration::days(positive(
                    "CONCORD_ONE_TIME_PASSWORD_DAYS",
                    7,
                )?),
                logins_per_minute: limit("CONCORD_LIMIT_LOGINS_PER_MINUTE", 10)?,
                exports_per_hour: limit("CONCORD_LIMIT_EXPORTS_PER_HOUR", 60)?,
                reads_per_minute: limit("CONCORD_LIMIT_READS_PER_MINUTE", 120)?,
            },
            durability: match var("CONCORD_SQLITE_SYNCHRONOUS").as_deref() {
                None | Some("full") => Durability::Full,
                Some("normal") => Durability::Normal,
                Some(other) => {
                    return Err(format!(
                        "CONCORD_SQLITE_SYNCHRONOUS must be full or normal, not {other:?}"
                    ));
                }
            },
        })
    }

    /// Whether the demo data may be loaded: never on a site served over https, since the demo
    /// accounts' passwords are printed in the README.
    pub fn demo_allowed(&self) -> Result<(), String> {
        match &self.public_url {
            Some(url) if url.starts_with("https://") => Err(format!(
                "refusing to load the demo data on {url}: its accounts have published passwords"
            )),
            _ => Ok(()),
        }
    }

    /// Whether cookies go out without `Secure` (the public URL is not https).
    pub fn insecure_cookies(&self) -> bool {
        !self.rules.secure_cookies
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn settings(public_url: Option<&str>) -> Settings {
        Settings {
            database_url: DEFAULT_DATABASE_URL.to_owned(),
            public_url: public_url.map(str::to_owned),
            rules: SessionRules {
                secure_cookies: public_url.is_some_and(|u| u.starts_with("https://")),
                ..SessionRules::default()
            },
            files_dir: DEFAULT_FILES_DIR.into(),
            limits: Limits::default(),
            durability: Durability::Full,
        }
    }

    #[test]
    fn the_demo_is_refused_on_https() {
        assert!(
            settings(Some("https://concord.gov.kg"))
                .demo_allowed()
                .is_err()
        );
        assert!(
            settings(Some("http://127.0.0.1:3000"))
                .demo_allowed()
                .is_ok()
        );
        assert!(settings(None).demo_allowed().is_ok());
        assert!(settings(None).insecure_cookies());
        assert!(!settings(Some("https://concord.gov.kg")).insecure_cookies());
    }

    #[test]
    fn passwords_in_database_urls_are_hidden() {
        assert_eq!(
            redact("postgres://concord:s3cret@db:5432/concord"),
            "postgres://concord:***@db:5432/concord"
        );
        assert_eq!(
            redact("postgres://postgres@127.0.0.1/x"),
            "postgres://postgres:***@127.0.0.1/x"
        );
        assert_eq!(redact("sqlite:data/concord.db"), "sqlite:data/concord.db");
    }
}
