//! The `streamlab` binary: reads settings, then serves the site (the default) or checks the
//! lesson files (`streamlab lessons check [DIR]`).

#[cfg(feature = "ssr")]
#[tokio::main]
async fn main() -> std::process::ExitCode {
    use clap::Parser;
    use streamlab::server::settings::{Cli, Command, LessonsCommand};

    let cli = Cli::parse();
    match cli.command {
        Some(Command::Lessons { command: LessonsCommand::Check { dir } }) => {
            check_lessons(&dir.unwrap_or_else(|| cli.settings.lessons_dir.clone()))
        }
        Some(Command::Serve) | None => serve(cli.settings).await,
    }
}

#[cfg(feature = "ssr")]
async fn serve(settings: streamlab::server::settings::Settings) -> std::process::ExitCode {
    use streamlab::server::startup::Application;

    streamlab::server::telemetry::init();
    let result = match Application::bind(settings).await {
        Ok(app) => app.run().await,
        Err(e) => Err(e),
    };
    match result {
        Ok(()) => std::process::ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("streamlab: {e}");
            std::process::ExitCode::FAILURE
        }
    }
}

/// Prints every problem as `file:line:col: message`, then a summary line.
#[cfg(feature = "ssr")]
fn check_lessons(dir: &std::path::Path) -> std::process::ExitCode {
    let catalog = streamlab::lessons::catalog::Catalog::load(dir);
    let track_problems = streamlab::progress::track::load(dir).err().unwrap_or_default();
    for problem in catalog.problems().iter().chain(&track_problems) {
        println!("{problem}");
    }
    let problems = catalog.problems().len() + track_problems.len();
    println!("{} lesson files checked in {}: {problems} problems", catalog.file_count(), dir.display());
    if problems == 0 { std::process::ExitCode::SUCCESS } else { std::process::ExitCode::FAILURE }
}

#[cfg(not(feature = "ssr"))]
pub fn main() {
    // The browser build has no binary; its entry point is `hydrate` in lib.rs.
}
