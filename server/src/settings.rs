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

use app::server::state::SessionRules;
use std::fmt;

pub const DEFAULT_DATABASE_URL: &str = "sqlite:data/concord.db";
pub const DEFAULT_FILES_DIR: &str = "data/files";

#[derive(Clone)]
pub struct Settings {
    pub database_url: String,
    pub public_url: Option<String>,
    pub rules: SessionRules,
    pub files_dir: std::path::PathBuf,
}

/// The database URL may hold a password: never print it whole.
impl fmt::Debug for Settings {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Settings")
            .field("database", &redact(&self.database_url))
            .field("public_url", &self.public_url)
            .field("rules", &self.rules)
            .field("files_dir", &self.files_dir)
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
        })
    }
}

#[cfg(test)]
mod tests {
    use super::redact;

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
