//! The `concord` binary.

use clap::Parser;

#[tokio::main]
async fn main() -> std::process::ExitCode {
    let cli = concord::cli::Cli::parse();
    concord::telemetry::init(cli.environment.log_format);
    match concord::cli::run(cli).await {
        Ok(()) => std::process::ExitCode::SUCCESS,
        Err(error) => {
            tracing::error!("{error:#}");
            eprintln!("concord: {error}");
            std::process::ExitCode::FAILURE
        }
    }
}
