//! The `streamlab` binary: reads settings, starts logging, and runs the site.

#[cfg(feature = "ssr")]
#[tokio::main]
async fn main() -> std::process::ExitCode {
    use clap::Parser;
    use streamlab::server::settings::{Cli, Command};
    use streamlab::server::startup::Application;
    use streamlab::server::telemetry;

    let cli = Cli::parse();
    telemetry::init();
    let result = match cli.command.unwrap_or(Command::Serve) {
        Command::Serve => match Application::bind(cli.settings).await {
            Ok(app) => app.run().await,
            Err(e) => Err(e),
        },
    };
    match result {
        Ok(()) => std::process::ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("streamlab: {e}");
            std::process::ExitCode::FAILURE
        }
    }
}

#[cfg(not(feature = "ssr"))]
pub fn main() {
    // The browser build has no binary; its entry point is `hydrate` in lib.rs.
}
