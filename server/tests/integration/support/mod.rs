//! The test harness: `spawn_app` serves Concord on a free port over a fresh database (an SQLite
//! file in a temporary folder, or a new PostgreSQL database), and `TestApp` calls it like a
//! browser would.

pub mod smtp;

use app::{
    backend::state::{AppState, SessionRules},
    domain::roles::Role,
    on_db,
};
use concord::{seed::demo, settings::Settings, startup};
use leptos::prelude::LeptosOptions;
use reqwest::{Client, Response, StatusCode, redirect::Policy};

/// The administrators' organisation form: an organisation of `kind` named `name_en` (with
/// fixed Kyrgyz and Russian names), with no place or contacts, active.
pub fn organization_form<'a>(kind: &'a str, name_en: &'a str) -> Vec<(&'static str, &'a str)> {
    vec![
        ("kind", kind),
        ("name_ky", "Жаңы уюм"),
        ("name_ru", "Новая организация"),
        ("name_en", name_en),
        ("region_code", ""),
        ("district_code", ""),
        ("municipality_code", ""),
        ("contact_email", ""),
        ("contact_phone", ""),
        ("address", ""),
        ("is_active", "on"),
    ]
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Backend {
    Sqlite,
    Postgres,
}

pub struct TestApp {
    pub address: String,
    pub state: AppState,
    server: tokio::task::JoinHandle<()>,
    leftovers: Leftovers,
}

/// What a test app leaves behind: its folders (the SQLite file, evidence files) and its
/// PostgreSQL database. Removed when the app is dropped: at the end of a test, or while a
/// failing test unwinds.
struct Leftovers {
    folders: Vec<std::path::PathBuf>,
    database: Option<(String, String)>,
}

impl Drop for Leftovers {
    fn drop(&mut self) {
        for folder in &self.folders {
            let _ = std::fs::remove_dir_all(folder);
        }
        if let Some((admin_url, name)) = self.database.take() {
            // Drop runs on the test's runtime, which cannot wait on itself: the database is
            // dropped from a thread with a runtime of its own.
            let dropped = std::thread::spawn(move || {
                let Ok(runtime) = tokio::runtime::Builder::new_current_thread()
                    .enable_all()
                    .build()
                else {
                    return;
                };
                runtime.block_on(async {
                    if let Ok(admin) = sqlx::PgPool::connect(&admin_url).await {
                        let _ = sqlx::query(&format!(
                            "drop database if exists \"{name}\" with (force)"
                        ))
                        .execute(&admin)
                        .await;
                        admin.close().await;
                    }
                });
            });
            let _ = dropped.join();
        }
    }
}

impl TestApp {
    /// The PostgreSQL database this app runs on, if it does.
    pub fn database_name(&self) -> Option<&str> {
        self.leftovers
            .database
            .as_ref()
            .map(|(_, name)| name.as_str())
    }

    /// The folders this app removes when it is dropped.
    pub fn folders(&self) -> &[std::path::PathBuf] {
        &self.leftovers.folders
    }
}

pub fn postgres_base() -> String {
    std::env::var("CONCORD_TEST_POSTGRES")
        .unwrap_or_else(|_| "postgres://postgres@127.0.0.1:5432".to_owned())
}

/// How many ERROR events the servers of this test process have logged (nextest runs each test
/// in its own process, so this is the test's own count).
static ERRORS_LOGGED: std::sync::atomic::AtomicUsize = std::sync::atomic::AtomicUsize::new(0);

/// Counts ERROR events, wherever they are logged from (a task that runs outside any request
/// span too).
struct CountErrors;

impl<S: tracing::Subscriber> tracing_subscriber::Layer<S> for CountErrors {
    fn on_event(&self, event: &tracing::Event<'_>, _: tracing_subscriber::layer::Context<'_, S>) {
        if *event.metadata().level() == tracing::Level::ERROR {
            ERRORS_LOGGED.fetch_add(1, std::sync::atomic::Ordering::SeqCst);
            eprintln!("ERROR logged: {:?}", event.metadata().name());
        }
    }
}

/// Installs the test process's log subscriber once: the error counter, and the server's own
/// log lines when `TEST_LOG` is set.
fn init_logging() {
    use tracing_subscriber::prelude::*;
    static ONCE: std::sync::Once = std::sync::Once::new();
    ONCE.call_once(|| {
        let print = std::env::var("TEST_LOG")
            .is_ok()
            .then(|| tracing_subscriber::fmt::layer().with_test_writer());
        let _ = tracing_subscriber::registry()
            .with(tracing_subscriber::EnvFilter::new(
                "info,sqlx=warn,leptos=warn",
            ))
            .with(CountErrors)
            .with(print)
            .try_init();
    });
}

/// The ERROR events logged so far in this test process.
pub fn errors_logged() -> usize {
    ERRORS_LOGGED.load(std::sync::atomic::Ordering::SeqCst)
}

pub async fn spawn_app(backend: Backend) -> TestApp {
    spawn_app_with(backend, |_| ()).await
}

/// [`spawn_app`] with settings changed first (short timeouts, low limits).
pub async fn spawn_app_with(backend: Backend, adjust: impl FnOnce(&mut Settings)) -> TestApp {
    init_logging();
    let unique = format!("{:016x}", rand::random::<u64>());
    let files_dir = std::env::temp_dir().join(format!("concord-files-{unique}"));
    let mut leftovers = Leftovers {
        folders: vec![files_dir.clone()],
        database: None,
    };
    let database_url = match backend {
        Backend::Sqlite => {
            let folder = std::env::temp_dir().join(format!("concord-test-{unique}"));
            std::fs::create_dir_all(&folder).expect("temporary folder");
            leftovers.folders.push(folder.clone());
            format!("sqlite:{}", folder.join("concord.db").display())
        }
        Backend::Postgres => {
            let admin_url = format!("{}/postgres", postgres_base());
            let name = format!("concord_test_{unique}");
            let admin = sqlx::PgPool::connect(&admin_url)
                .await
                .expect("PostgreSQL must run at 127.0.0.1:5432");
            sqlx::query(&format!("create database \"{name}\""))
                .execute(&admin)
                .await
                .expect("create database");
            admin.close().await;
            leftovers.database = Some((admin_url, name.clone()));
            format!("{}/{name}", postgres_base())
        }
    };
    let mut settings = Settings {
        database_url,
        public_url: None,
        rules: SessionRules::default(),
        files_dir,
        limits: app::backend::state::Limits::default(),
        durability: app::backend::db::Durability::Full,
        smtp_url: None,
        mail_from: "Concord <concord@localhost>".to_owned(),
        smtp_ca_file: None,
        secret: None,
    };
    adjust(&mut settings);
    let state = startup::open(&settings).await.expect("open the database");
    let options = LeptosOptions::builder()
        .output_name("concord")
        .site_root("target/site")
        .build();
    let router = startup::router(state.clone(), options, &settings);
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0")
        .await
        .expect("bind");
    let address = format!("http://{}", listener.local_addr().expect("address"));
    let server = tokio::spawn(async move {
        let _ = startup::serve(listener, router).await;
    });
    TestApp {
        address,
        state,
        server,
        leftovers,
    }
}

impl TestApp {
    pub fn url(&self, path: &str) -> String {
        format!("{}{path}", self.address)
    }

    /// The same app reached by the name `localhost` (to `127.0.0.1`), as passkeys need a
    /// host name.
    pub fn on_localhost(mut self) -> TestApp {
        self.address = self.address.replace("127.0.0.1", "localhost");
        self
    }

    /// A browser-like client with its own cookie jar, not following redirects, sending this
    /// site as its `Origin` as browsers do with every form they post.
    pub fn client(&self) -> Client {
        let mut headers = reqwest::header::HeaderMap::new();
        headers.insert(
            reqwest::header::ORIGIN,
            reqwest::header::HeaderValue::from_str(&self.address).expect("origin"),
        );
        let port = self
            .address
            .rsplit(':')
            .next()
            .and_then(|p| p.parse::<u16>().ok())
            .unwrap_or(0);
        Client::builder()
            .resolve(
                "localhost",
                std::net::SocketAddr::from(([127, 0, 0, 1], port)),
            )
            .cookie_store(true)
            .redirect(Policy::none())
            .default_headers(headers)
            .build()
            .expect("client")
    }

    /// Calls a server function as the hydrated app does (form-encoded POST).
    pub async fn call(&self, client: &Client, endpoint: &str, args: &[(&str, &str)]) -> Response {
        self.call_with(client, endpoint, args, &[]).await
    }

    /// Calls a server function that answers JSON, and reads it.
    pub async fn call_json(
        &self,
        client: &Client,
        endpoint: &str,
        args: &[(&str, &str)],
    ) -> serde_json::Value {
        self.call(client, endpoint, args)
            .await
            .json()
            .await
            .unwrap_or_else(|e| panic!("{endpoint} answered no JSON: {e}"))
    }

    /// Calls a server function that must succeed, showing its answer when it does not.
    pub async fn call_ok(&self, client: &Client, endpoint: &str, args: &[(&str, &str)]) {
        let response = self.call(client, endpoint, args).await;
        let status = response.status();
        assert_eq!(
            status,
            StatusCode::OK,
            "{endpoint}: {}",
            response.text().await.unwrap_or_default()
        );
    }

    pub async fn call_with(
        &self,
        client: &Client,
        endpoint: &str,
        args: &[(&str, &str)],
        headers: &[(&str, &str)],
    ) -> Response {
        let args: Vec<(String, &str)> = args
            .iter()
            .map(|(name, value)| (posted_name(endpoint, name), *value))
            .collect();
        let mut request = client
            .post(self.url(&format!("/api/{endpoint}")))
            .form(&args);
        for (name, value) in headers {
            request = request.header(*name, *value);
        }
        request.send().await.expect("request")
    }

    pub async fn load_demo(&self) {
        demo::load(&self.state).await.expect("demo data");
    }

    pub async fn login(&self, email: &str, password: &str) -> Client {
        let client = self.client();
        let response = self
            .call(
                &client,
                "login",
                &[("email", email), ("password", password)],
            )
            .await;
        assert_eq!(
            response.status(),
            StatusCode::OK,
            "login as {email}: {}",
            response.text().await.unwrap_or_default()
        );
        client
    }

    pub async fn login_as(&self, role: Role) -> Client {
        let account = demo::accounts()
            .into_iter()
            .find(|a| a.role == role)
            .expect("a demo account per role");
        self.login(account.email, account.password).await
    }

    /// The logged-in user as the session endpoint reports them, if any.
    pub async fn me(&self, client: &Client) -> Option<serde_json::Value> {
        let info: serde_json::Value = self
            .call(client, "session", &[])
            .await
            .json()
            .await
            .expect("session json");
        let me = info["me"].clone();
        (!me.is_null()).then_some(me)
    }

    pub async fn count(&self, table: &str) -> i64 {
        let sql = format!("select count(*) from {table}");
        on_db!(&self.state.db, pool => sqlx::query_scalar(&sql).fetch_one(pool).await)
            .expect("count")
    }

    pub async fn user_id_of(&self, email: &str) -> i64 {
        on_db!(&self.state.db, pool =>
            sqlx::query_scalar("select user_id from users where email = $1").bind(email).fetch_one(pool).await
        )
        .expect("user")
    }

    pub async fn demo_organization_of(&self, email: &str) -> i64 {
        on_db!(&self.state.db, pool =>
            sqlx::query_scalar("select organization_id from users where email = $1").bind(email).fetch_one(pool).await
        )
        .expect("organisation")
    }

    /// Stops the server and closes its pool; dropping the app then removes its database and
    /// folders.
    pub async fn stop(self) {
        let TestApp {
            server,
            state,
            leftovers,
            ..
        } = self;
        server.abort();
        let _ = server.await;
        state.db.close().await;
        drop(leftovers);
    }
}

/// Declares each scenario `name(backend)` as two tests, `name::sqlite` and `name::postgres`.
/// (A macro because it declares test functions: no function can.)
macro_rules! on_both_ {
    ($($name:ident),* $(,)?) => {
        $(
            mod $name {
                #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
                async fn sqlite() {
                    super::$name(super::Backend::Sqlite).await
                }
                #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
                async fn postgres() {
                    super::$name(super::Backend::Postgres).await
                }
            }
        )*
    };
}
pub(crate) use on_both_ as on_both;

/// What a table holds, in short: its row count and its largest integer primary key (0 when it
/// is empty or has no such key).
pub type TableDigest = std::collections::BTreeMap<String, (i64, i64)>;

impl TestApp {
    /// Every table of the database, read from its catalogue (`sqlite_master`, or
    /// `information_schema` on PostgreSQL, where tables outside `public` are named
    /// `schema.table`), with its row count and largest integer primary key: what a refused
    /// request must leave as it was.
    pub async fn table_digest(&self) -> TableDigest {
        let mut digest = TableDigest::new();
        match &self.state.db {
            app::backend::db::Db::Sqlite(pool) => {
                let tables: Vec<String> = sqlx::query_scalar(
                    "select name from sqlite_master where type = 'table' \
                     and name not like 'sqlite_%' order by name",
                )
                .fetch_all(pool)
                .await
                .expect("tables");
                for table in tables {
                    let keys: Vec<(String, String)> =
                        sqlx::query_as("select name, type from pragma_table_info($1) where pk > 0")
                            .bind(&table)
                            .fetch_all(pool)
                            .await
                            .expect("primary key");
                    let key = match keys.as_slice() {
                        [(name, kind)] if kind.to_ascii_uppercase().contains("INT") => {
                            format!("coalesce(max(\"{name}\"), 0)")
                        }
                        _ => "0".to_owned(),
                    };
                    let row: (i64, i64) =
                        sqlx::query_as(&format!("select count(*), {key} from \"{table}\""))
                            .fetch_one(pool)
                            .await
                            .expect("digest");
                    digest.insert(table, row);
                }
            }
            app::backend::db::Db::Postgres(pool) => {
                let tables: Vec<(String, String)> = sqlx::query_as(
                    "select table_schema::text, table_name::text from information_schema.tables \
                     where table_type = 'BASE TABLE' \
                     and table_schema not in ('pg_catalog', 'information_schema') \
                     order by 1, 2",
                )
                .fetch_all(pool)
                .await
                .expect("tables");
                for (schema, table) in tables {
                    let keys: Vec<(String, String)> = sqlx::query_as(
                        "select a.attname::text, format_type(a.atttypid, a.atttypmod) \
                         from pg_index i join pg_attribute a \
                           on a.attrelid = i.indrelid and a.attnum = any(i.indkey) \
                         where i.indisprimary \
                           and i.indrelid = format('%I.%I', $1::text, $2::text)::regclass",
                    )
                    .bind(&schema)
                    .bind(&table)
                    .fetch_all(pool)
                    .await
                    .expect("primary key");
                    let key = match keys.as_slice() {
                        [(name, kind)]
                            if matches!(kind.as_str(), "bigint" | "integer" | "smallint") =>
                        {
                            format!("coalesce(max(\"{name}\"), 0)::bigint")
                        }
                        _ => "0::bigint".to_owned(),
                    };
                    let row: (i64, i64) = sqlx::query_as(&format!(
                        "select count(*)::bigint, {key} from \"{schema}\".\"{table}\""
                    ))
                    .fetch_one(pool)
                    .await
                    .expect("digest");
                    let name = if schema == "public" {
                        table
                    } else {
                        format!("{schema}.{table}")
                    };
                    digest.insert(name, row);
                }
            }
        }
        digest
    }
}

/// Server functions that take their form as one struct argument named `form`, with the
/// arguments that stay beside it (the record acted on and the version it was shown at).
const FORM_ARGUMENTS: &[(&str, &[&str])] = &[
    ("tasks/create", &[]),
    ("tasks/update", &["task_id", "version"]),
    ("tasks/move", &["task_id", "version"]),
    ("indicators/save", &["indicator_id", "version"]),
    ("substances/save", &["substance_id", "version"]),
    ("indicators/enter", &["indicator_id"]),
    ("organizations/create", &[]),
    ("organizations/update", &["organization_id"]),
    ("users/create", &[]),
    ("users/update", &["user_id"]),
    ("notifications/mail/save", &[]),
    ("notifications/contact/save", &[]),
    ("signals/save", &[]),
    ("cases/open", &[]),
    ("cases/task", &["case_id"]),
    ("cases/assessors", &["case_id"]),
    ("cases/score", &["case_id"]),
    ("cases/risk", &["case_id", "version"]),
    ("cases/alert", &["case_id"]),
    ("cases/decision", &["case_id", "version"]),
    ("cases/sign_off", &["case_id", "version"]),
    ("cases/return", &["case_id", "version"]),
];

/// The name a field posts under to `endpoint`, as the page's form names it: `form[title_ru]`
/// (lists `form[objectives][]`, maps `form[choices][kind]`) for a form struct's fields, the name itself otherwise. Tests
/// name fields plainly, as the problems and kept values the server answers with do.
pub fn posted_name(endpoint: &str, name: &str) -> String {
    let beside = FORM_ARGUMENTS
        .iter()
        .find(|(function, _)| *function == endpoint)
        .map(|(_, beside)| *beside);
    match beside {
        Some(beside) if !beside.contains(&name) => match name.split_once('[') {
            Some((head, rest)) => format!("form[{head}][{rest}"),
            None => format!("form[{name}]"),
        },
        _ => name.to_owned(),
    }
}
