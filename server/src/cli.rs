//! The command line of `concord`. Without a subcommand it serves.

use crate::seed::demo;
use crate::{
    settings::{Environment, Settings, redact},
    startup::{self, Fail},
};
use app::{
    backend::{accounts, db, organizations, state::AppState},
    domain::{ids::OrganizationId, inputs::OrganizationForm},
    i18n::Lang,
};
use clap::{Parser, Subcommand};

#[derive(Debug, Parser)]
#[command(
    name = "concord",
    version,
    about = "Concord: coordination of the Kyrgyz Republic's state drug policy",
    after_help = "Every option can be set by its environment variable, shown beside it."
)]
pub struct Cli {
    #[command(subcommand)]
    pub command: Option<Command>,
    #[command(flatten)]
    pub environment: Environment,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Apply migrations and serve the app (the default).
    Serve {
        /// Load the demonstration dataset first and print its accounts.
        #[arg(long)]
        demo: bool,
    },
    /// Apply database migrations and exit.
    Migrate,
    /// Create an administrator; prints a one-time password to change at first login.
    CreateAdmin {
        /// The administrator's email, used to log in.
        #[arg(long)]
        email: String,
        /// The administrator's full name.
        #[arg(long, default_value = "Administrator")]
        name: String,
        /// Interface language: ky, ru or en.
        #[arg(long, default_value = "ru")]
        language: String,
    },
    /// Load the demonstration dataset (marked as demo) and print its accounts.
    Demo,
    /// Generate a large data set for measuring (marked as demo): every municipality's aiyl
    /// okmotu, state bodies, NGOs, ~3,000 users and 50,000 tasks with histories.
    Generate {
        /// `national` (the whole country) or `small` (a quick sample).
        #[arg(long, default_value = "national")]
        scale: String,
        /// The same seed gives the same data.
        #[arg(long, default_value_t = 2026)]
        seed: u64,
    },
    /// Bring a country in: register organisations from data Concord holds.
    Onboard {
        #[command(subcommand)]
        what: Onboard,
    },
    /// Write the day's reminders, escalations and digests (the server does this itself every
    /// few minutes).
    Notify {
        /// Only count what would be written, and write nothing.
        #[arg(long)]
        dry_run: bool,
        /// The day, YYYY-MM-DD, taken at noon in Bishkek (default: now).
        #[arg(long)]
        date: Option<String>,
    },
}

#[derive(Debug, Subcommand)]
pub enum Onboard {
    /// Register an aiyl okmotu for every rural municipality and the city halls of Bishkek and
    /// Osh (and, with --administrations, a state administration for every district and
    /// oblast) that are not registered yet; a second run registers only what is missing.
    Territory {
        /// Only this region (its official code, e.g. KG07000000000); the whole country if
        /// left out.
        #[arg(long)]
        region: Option<String>,
        /// Also the district and oblast state administrations (a city of regional
        /// significance gets its city hall).
        #[arg(long)]
        administrations: bool,
        /// Only count what would be registered, and register nothing.
        #[arg(long)]
        dry_run: bool,
    },
}

pub async fn run(cli: Cli) -> Result<(), Fail> {
    let settings = Settings::from_environment(&cli.environment);
    tracing::info!(database = %redact(&settings.database_url), "starting");
    match cli.command.unwrap_or(Command::Serve { demo: false }) {
        Command::Migrate => {
            startup::open(&settings).await?;
            println!("Migrations applied.");
            Ok(())
        }
        Command::CreateAdmin {
            email,
            name,
            language,
        } => {
            let state = startup::open(&settings).await?;
            let language = Lang::parse(&language).ok_or("language must be ky, ru or en")?;
            let organization = coordinating_body(&state).await?;
            let (_, password) =
                accounts::create_administrator(&state, &name, &email, organization, language)
                    .await
                    .map_err(|e| format!("could not create the administrator: {}", describe(&e)))?;
            println!("Administrator {email} created.");
            println!("One-time password: {password}");
            println!("It must be changed at the first login.");
            Ok(())
        }
        Command::Demo => {
            settings.demo_allowed()?;
            let state = startup::open(&settings).await?;
            load_demo(&state).await
        }
        Command::Generate { scale, seed } => {
            use crate::seed::generate::{self, Scale};
            let scale = match scale.as_str() {
                "national" => Scale::NATIONAL,
                "small" => Scale::SMALL,
                _ => return Err("scale must be national or small".into()),
            };
            let state = startup::open(&settings).await?;
            let started = std::time::Instant::now();
            let made = generate::generate(&state, scale, seed)
                .await
                .map_err(|e| match e {
                    app::error::AppError::Conflict => {
                        "this database already holds generated data".to_owned()
                    }
                    other => describe(&other),
                })?;
            println!(
                "Generated {} organisations, {} users, {} tasks, {} history events, {} comments, \
                 {} reports, {} activities, {} indicator values, {} substances, {} signals, \
                 {} early-warning cases in {:.1} s.",
                made.organizations,
                made.users,
                made.tasks,
                made.history,
                made.comments,
                made.reports,
                made.activities,
                made.indicator_values,
                made.warning.substances,
                made.warning.signals,
                made.warning.cases,
                started.elapsed().as_secs_f64()
            );
            Ok(())
        }
        Command::Onboard {
            what:
                Onboard::Territory {
                    region,
                    administrations,
                    dry_run,
                },
        } => {
            use app::backend::{audit::Who, onboarding};
            use app::domain::onboarding::TerritoryScope;
            let state = startup::open(&settings).await?;
            let scope = TerritoryScope {
                region: region.unwrap_or_default(),
                administrations,
            };
            let preview = onboarding::preview(&state, scope.clone())
                .await
                .map_err(|e| describe(&e))?;
            let c = &preview.counts;
            println!(
                "{:<48} {:>8} {:>8} {:>8}",
                "", "wanted", "present", "missing"
            );
            for (label, count) in [
                ("aiyl okmotu of rural municipalities", c.municipalities),
                ("city halls of Bishkek and Osh", c.cities),
                ("district administrations and city halls", c.districts),
                ("oblast state administrations", c.oblasts),
            ] {
                println!(
                    "{label:<48} {:>8} {:>8} {:>8}",
                    count.wanted,
                    count.existing,
                    count.missing()
                );
            }
            if dry_run {
                println!("Nothing registered (dry run).");
                return Ok(());
            }
            let registered = onboarding::register(&state, &Who::system("command line"), &scope)
                .await
                .map_err(|e| describe(&e))?;
            println!("Registered {registered} organisations.");
            Ok(())
        }
        Command::Notify { dry_run, date } => {
            let state = startup::open(&settings).await?;
            let at = match date {
                Some(text) => app::domain::tasks::inputs::parse_date(&text)
                    .map_err(|_| "the date must be YYYY-MM-DD")?
                    .with_time(time::macros::time!(12:00))
                    .assume_offset(app::i18n::BISHKEK),
                None => time::OffsetDateTime::now_utc(),
            };
            let day = at.to_offset(app::i18n::BISHKEK).date();
            let written = app::backend::reminders::pass(&state, at, dry_run)
                .await
                .map_err(|e| describe(&e))?;
            let verb = if dry_run {
                "would be written"
            } else {
                "written"
            };
            println!("Notifications for {day} {verb}:");
            for (kind, n) in &written {
                println!("  {:<16} {n}", kind.as_str());
            }
            println!(
                "  {:<16} {}",
                "total",
                written.iter().map(|(_, n)| n).sum::<u64>()
            );
            Ok(())
        }
        Command::Serve { demo } => {
            if demo {
                settings.demo_allowed()?;
            }
            let state = startup::open(&settings).await?;
            if demo {
                load_demo(&state).await?;
            } else if !db::users::any_exist(&state.db).await? {
                println!("No accounts yet. Create the first administrator with:");
                println!("  concord create-admin --email you@example.kg --name \"Your Name\"");
            }
            let mut leptos_options = leptos::prelude::get_configuration(None)?.leptos_options;
            // A release build names its assets by their content (cargo-leptos' hash-files)
            // and writes their hashes beside the binary: serve those names when it did.
            leptos_options.hash_files |= std::env::current_exe()
                .ok()
                .and_then(|exe| exe.parent().map(|dir| dir.join(&*leptos_options.hash_file)))
                .is_some_and(|file| file.exists());
            if let Some(address) = cli.environment.site_addr {
                leptos_options.site_addr = address;
            }
            let address = leptos_options.site_addr;
            if settings.insecure_cookies() && !demo {
                tracing::warn!(
                    "CONCORD_PUBLIC_URL is not https: session cookies are sent without Secure, \
                     so anyone on the network path can read them. Serve Concord behind HTTPS \
                     and set CONCORD_PUBLIC_URL=https://…"
                );
            }
            startup::start_reminders(&state);
            startup::start_mail(&state, startup::mail_settings(&settings, address)?)?;
            let router = startup::router(state, leptos_options, &settings);
            let listener = tokio::net::TcpListener::bind(address).await?;
            println!("Concord is serving at http://{address}");
            startup::serve(listener, router).await
        }
    }
}

fn describe(error: &app::error::AppError) -> String {
    match error.form_errors() {
        Some(errors) => errors
            .problems
            .iter()
            .map(|(field, problem)| format!("{field}: {}", problem.text(Lang::En.texts())))
            .collect::<Vec<_>>()
            .join("; "),
        None => error.message(Lang::En.texts()),
    }
}

/// The coordinating body that administrators belong to, created on first use.
async fn coordinating_body(state: &AppState) -> Result<OrganizationId, Fail> {
    if let Some(id) =
        db::organizations::first_of_kind(&state.db, "coordinating_body", false).await?
    {
        return Ok(id);
    }
    let form = OrganizationForm {
        kind: "coordinating_body".into(),
        name_ky: "Баңгизаттарды контролдоо боюнча координациялоочу орган".into(),
        name_ru: "Координирующий орган по контролю наркотиков".into(),
        name_en: "Drug Control Coordinating Body".into(),
        is_active: true,
        ..Default::default()
    };
    organizations::create(
        state,
        &app::backend::audit::Who::system("command line"),
        &form,
        false,
    )
    .await
    .map_err(|e| describe(&e).into())
}

async fn load_demo(state: &AppState) -> Result<(), Fail> {
    demo::load(state).await.map_err(|e| describe(&e))?;
    println!();
    println!("Demo data is loaded (marked as demo). Demo accounts:");
    for account in demo::accounts() {
        println!(
            "  {:<14} {:<30} {}",
            account.role.as_str(),
            account.email,
            account.password
        );
    }
    println!();
    println!(
        "No role must use a second factor in the demo. To require one, sign in as the \
         administrator and open Users → Second-factor requirement (/security)."
    );
    println!();
    Ok(())
}
