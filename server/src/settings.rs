//! Settings, read once at start from the command line or, as deployed, the environment:
//! `concord --help` lists every one with its variable and default.

use app::backend::{
    db::Durability,
    state::{Limits, SessionRules},
};
use clap::{ArgAction, builder::BoolishValueParser};
use std::{fmt, net::SocketAddr, path::PathBuf};

pub const DEFAULT_DATABASE_URL: &str = "sqlite:data/concord.db";
pub const DEFAULT_FILES_DIR: &str = "data/files";

/// What the operator sets. Every option has its environment variable, which is how a
/// deployment sets it; a command-line option overrides it.
#[derive(Clone, Debug, clap::Args)]
pub struct Environment {
    /// The database: `sqlite:<file>` or `postgres://…`.
    #[arg(long, global = true, env = "DATABASE_URL", default_value = DEFAULT_DATABASE_URL, hide_env_values = true)]
    pub database_url: String,
    /// The address to serve on (default 127.0.0.1:3000, from Cargo.toml's leptos settings).
    #[arg(long, global = true, env = "LEPTOS_SITE_ADDR")]
    pub site_addr: Option<SocketAddr>,
    /// The public URL; `https://…` makes cookies `Secure` and `__Host-` and refuses the demo.
    #[arg(long, global = true, env = "CONCORD_PUBLIC_URL")]
    pub public_url: Option<String>,
    /// Take the client's address from `X-Forwarded-For` (behind a reverse proxy only).
    #[arg(long, global = true, env = "CONCORD_TRUST_PROXY", default_value = "false", value_parser = BoolishValueParser::new(), action = ArgAction::Set)]
    pub trust_proxy: bool,
    /// A session unused this many minutes ends.
    #[arg(long, global = true, env = "CONCORD_SESSION_IDLE_MINUTES", default_value_t = 120, value_parser = clap::value_parser!(i64).range(1..))]
    pub session_idle_minutes: i64,
    /// A session ends this many hours after login.
    #[arg(long, global = true, env = "CONCORD_SESSION_MAX_HOURS", default_value_t = 12, value_parser = clap::value_parser!(i64).range(1..))]
    pub session_max_hours: i64,
    /// Where evidence files are kept (outside the web root).
    #[arg(long, global = true, env = "CONCORD_FILES_DIR", default_value = DEFAULT_FILES_DIR)]
    pub files_dir: PathBuf,
    /// `json` for JSON logs (`RUST_LOG` sets the level).
    #[arg(long, global = true, env = "CONCORD_LOG_FORMAT", value_enum, default_value_t = LogFormat::Text)]
    pub log_format: LogFormat,
    /// A one-time password works this many days.
    #[arg(long, global = true, env = "CONCORD_ONE_TIME_PASSWORD_DAYS", default_value_t = 7, value_parser = clap::value_parser!(i64).range(1..))]
    pub one_time_password_days: i64,
    /// Login attempts per minute from one address.
    #[arg(long, global = true, env = "CONCORD_LIMIT_LOGINS_PER_MINUTE", default_value_t = 10, value_parser = clap::value_parser!(u32).range(1..))]
    pub limit_logins_per_minute: u32,
    /// Exports per hour per user (ten times as many per address).
    #[arg(long, global = true, env = "CONCORD_LIMIT_EXPORTS_PER_HOUR", default_value_t = 60, value_parser = clap::value_parser!(u32).range(1..))]
    pub limit_exports_per_hour: u32,
    /// Dashboard, scorecard and task-search reads per minute per user (ten times as many per
    /// address).
    #[arg(long, global = true, env = "CONCORD_LIMIT_READS_PER_MINUTE", default_value_t = 120, value_parser = clap::value_parser!(u32).range(1..))]
    pub limit_reads_per_minute: u32,
    /// Years the audit log keeps its entries (at least 3: the database refuses to delete a
    /// younger entry).
    #[arg(long, global = true, env = "CONCORD_AUDIT_RETENTION_YEARS", default_value_t = 3, value_parser = clap::value_parser!(u32).range(3..=100))]
    pub audit_retention_years: u32,
    /// SQLite's `synchronous`: `normal` trades the last commits on power loss for speed
    /// (benchmarks only).
    #[arg(long, global = true, env = "CONCORD_SQLITE_SYNCHRONOUS", value_enum, default_value_t = Synchronous::Full)]
    pub sqlite_synchronous: Synchronous,
    /// The SMTP server for notifications by email: `smtps://user:pass@host:465`,
    /// `smtp://user:pass@host:587?tls=starttls` or `smtp://host:25`; unset, messages wait in the
    /// outbox.
    #[arg(long, global = true, env = "CONCORD_SMTP_URL", hide_env_values = true)]
    pub smtp_url: Option<String>,
    /// The sender of notifications by email, e.g. `Concord <concord@example.kg>`.
    #[arg(
        long,
        global = true,
        env = "CONCORD_MAIL_FROM",
        default_value = "Concord <concord@localhost>"
    )]
    pub mail_from: String,
    /// A PEM file of certificate authorities to trust for the SMTP server besides the system's.
    #[arg(long, global = true, env = "CONCORD_SMTP_CA_FILE")]
    pub smtp_ca_file: Option<PathBuf>,
    /// The key that signs unsubscribe links, the same on every instance; unset, one is made once
    /// and kept in the database.
    #[arg(long, global = true, env = "CONCORD_SECRET", hide_env_values = true)]
    pub secret: Option<String>,
}

/// How logs are written.
#[derive(Clone, Copy, Debug, PartialEq, Eq, clap::ValueEnum)]
pub enum LogFormat {
    Text,
    Json,
}

/// SQLite's durability setting.
#[derive(Clone, Copy, Debug, PartialEq, Eq, clap::ValueEnum)]
pub enum Synchronous {
    Full,
    Normal,
}

#[derive(Clone)]
pub struct Settings {
    pub database_url: String,
    pub public_url: Option<String>,
    pub rules: SessionRules,
    pub files_dir: std::path::PathBuf,
    pub limits: Limits,
    pub durability: Durability,
    pub smtp_url: Option<String>,
    pub mail_from: String,
    pub smtp_ca_file: Option<std::path::PathBuf>,
    pub secret: Option<String>,
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
            .field("smtp_url", &self.smtp_url.as_deref().map(redact))
            .field("mail_from", &self.mail_from)
            .field("smtp_ca_file", &self.smtp_ca_file)
            .finish_non_exhaustive()
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

impl Settings {
    /// The settings the operator's choices make.
    pub fn from_environment(env: &Environment) -> Settings {
        let public_url = env.public_url.clone().filter(|url| !url.trim().is_empty());
        let secure = public_url
            .as_deref()
            .is_some_and(|u| u.starts_with("https://"));
        Settings {
            database_url: env.database_url.clone(),
            public_url,
            files_dir: env.files_dir.clone(),
            rules: SessionRules {
                idle_timeout: time::Duration::minutes(env.session_idle_minutes),
                absolute_lifetime: time::Duration::hours(env.session_max_hours),
                secure_cookies: secure,
                trust_forwarded_for: env.trust_proxy,
            },
            limits: Limits {
                one_time_password_lifetime: time::Duration::days(env.one_time_password_days),
                logins_per_minute: env.limit_logins_per_minute,
                exports_per_hour: env.limit_exports_per_hour,
                reads_per_minute: env.limit_reads_per_minute,
                audit_retention_years: env.audit_retention_years,
            },
            durability: match env.sqlite_synchronous {
                Synchronous::Full => Durability::Full,
                Synchronous::Normal => Durability::Normal,
            },
            smtp_url: env.smtp_url.clone().filter(|url| !url.trim().is_empty()),
            mail_from: env.mail_from.clone(),
            smtp_ca_file: env.smtp_ca_file.clone(),
            secret: env.secret.clone().filter(|s| !s.trim().is_empty()),
        }
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
            smtp_url: None,
            mail_from: "Concord <concord@localhost>".to_owned(),
            smtp_ca_file: None,
            secret: None,
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
