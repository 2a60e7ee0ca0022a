//! The `streamlab` binary: reads settings, then serves the site (the default), checks the
//! lesson files (`streamlab lessons check [DIR]`), prints a password-reset link (`streamlab
//! admin reset-password USER`) or makes an account an instructor (`streamlab admin grant USER`).

#[cfg(feature = "ssr")]
#[tokio::main]
async fn main() -> std::process::ExitCode {
    use clap::Parser;
    use streamlab::server::settings::{AdminCommand, Cli, Command, LessonsCommand, ReportsCommand};

    let cli = Cli::parse();
    match cli.command {
        Some(Command::Lessons { command: LessonsCommand::Check { dir } }) => {
            check_lessons(&dir.unwrap_or_else(|| cli.settings.lessons_dir.clone()))
        }
        Some(Command::Admin { command: AdminCommand::ResetPassword { user } }) => {
            reset_password_link(&cli.settings, &user).await
        }
        Some(Command::Admin { command: AdminCommand::Grant { user } }) => {
            set_instructor(&cli.settings, &user, true).await
        }
        Some(Command::Admin { command: AdminCommand::Revoke { user } }) => {
            set_instructor(&cli.settings, &user, false).await
        }
        Some(Command::Reports { command: ReportsCommand::List }) => list_reports(&cli.settings).await,
        Some(Command::Serve) | None => serve(cli.settings).await,
    }
}

#[cfg(feature = "ssr")]
async fn serve(settings: streamlab::server::settings::Settings) -> std::process::ExitCode {
    use streamlab::server::startup::Application;

    streamlab::server::telemetry::init();
    let result = match Application::bind(settings, streamlab::pages::routes).await {
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

/// The site's database, for a command; `None` (said on stderr) when it cannot be opened.
#[cfg(feature = "ssr")]
async fn database(settings: &streamlab::server::settings::Settings) -> Option<sqlx::AnyPool> {
    match streamlab::database::open(&settings.database_url()).await {
        Ok(db) => Some(db.pool),
        Err(e) => {
            eprintln!("streamlab: cannot open the database: {e}");
            None
        }
    }
}

/// Grants (or revokes) the instructor role of the account `user`.
#[cfg(feature = "ssr")]
async fn set_instructor(
    settings: &streamlab::server::settings::Settings,
    user: &str,
    grant: bool,
) -> std::process::ExitCode {
    let Some(db) = database(settings).await else { return std::process::ExitCode::FAILURE };
    match streamlab::server::admin::set_instructor(&db, user, grant).await {
        Ok(username) => {
            let now = if grant { "is an instructor now" } else { "is no longer an instructor" };
            println!("{username} {now}.");
            std::process::ExitCode::SUCCESS
        }
        Err(e) => {
            eprintln!("streamlab: {e}");
            std::process::ExitCode::FAILURE
        }
    }
}

/// Prints the open problem reports.
#[cfg(feature = "ssr")]
async fn list_reports(settings: &streamlab::server::settings::Settings) -> std::process::ExitCode {
    let Some(db) = database(settings).await else { return std::process::ExitCode::FAILURE };
    match streamlab::server::reports::print_open(&db).await {
        Ok(text) => {
            print!("{text}");
            std::process::ExitCode::SUCCESS
        }
        Err(e) => {
            eprintln!("streamlab: cannot read the reports: {e}");
            std::process::ExitCode::FAILURE
        }
    }
}

/// Prints a one-time password-reset link for the account `user`.
#[cfg(feature = "ssr")]
async fn reset_password_link(settings: &streamlab::server::settings::Settings, user: &str) -> std::process::ExitCode {
    let Some(db) = database(settings).await else { return std::process::ExitCode::FAILURE };
    let public_url = settings.public_url.clone().unwrap_or_else(|| format!("http://{}", settings.listen));
    match streamlab::server::admin::reset_link(&db, &public_url, user).await {
        Ok(link) => {
            println!("{link}");
            eprintln!("This link works once, for 24 hours. Hand it to the learner; it signs them in.");
            std::process::ExitCode::SUCCESS
        }
        Err(e) => {
            eprintln!("streamlab: {e}");
            std::process::ExitCode::FAILURE
        }
    }
}

/// Prints every marked sample and every problem as `file:line: …`, then a summary line.
#[cfg(feature = "ssr")]
fn check_lessons(dir: &std::path::Path) -> std::process::ExitCode {
    let catalog = streamlab::lessons::catalog::Catalog::load(dir);
    let track_problems = streamlab::progress::track::load(dir).err().unwrap_or_default();
    for sample in catalog.samples() {
        let driver = sample.driver.strip_prefix(dir).unwrap_or(&sample.driver);
        println!("{}:{}: sample `{}`, run by {}", sample.file.display(), sample.line, sample.name, driver.display());
    }
    for problem in catalog.problems().iter().chain(&track_problems) {
        println!("{problem}");
    }
    for warning in catalog.warnings() {
        println!("{}:{}:{}: warning: {}", warning.file.display(), warning.line, warning.col, warning.message);
    }
    let problems = catalog.problems().len() + track_problems.len();
    let samples = catalog.samples().count();
    println!(
        "{} lesson files and {} translations checked in {}: {samples} marked samples, {problems} problems, {} warnings",
        catalog.file_count(),
        catalog.translation_file_count(),
        dir.display(),
        catalog.warnings().len()
    );
    if problems == 0 { std::process::ExitCode::SUCCESS } else { std::process::ExitCode::FAILURE }
}

#[cfg(not(feature = "ssr"))]
pub fn main() {
    // The browser build has no binary; its entry point is `hydrate` in lib.rs.
}
