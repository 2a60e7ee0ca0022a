//! Settings, from command-line flags or environment variables (`streamlab --help` lists them).

use std::net::SocketAddr;
use std::path::PathBuf;

use clap::{Args, Parser, Subcommand};

#[derive(Debug, Parser)]
#[command(
    name = "streamlab",
    version,
    about = "Interactive course: scaling real-time WebSocket servers with Redis"
)]
pub struct Cli {
    #[command(subcommand)]
    pub command: Option<Command>,
    #[command(flatten)]
    pub settings: Settings,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Serve the site (the default when no command is given).
    Serve,
}

#[derive(Debug, Clone, Args)]
pub struct Settings {
    /// Address and port to listen on.
    #[arg(
        long,
        env = "STREAMLAB_LISTEN",
        default_value = "127.0.0.1:3000",
        global = true
    )]
    pub listen: SocketAddr,

    /// Directory for the database and other state; created if missing.
    #[arg(
        long,
        env = "STREAMLAB_DATA_DIR",
        default_value = "data",
        global = true
    )]
    pub data_dir: PathBuf,

    /// Database URL [default: a SQLite file `streamlab.db` in the data directory].
    #[arg(long, env = "STREAMLAB_DATABASE_URL", global = true)]
    pub database_url: Option<String>,

    /// Directory of the lesson markdown files.
    #[arg(
        long,
        env = "STREAMLAB_LESSONS_DIR",
        default_value = "lessons",
        global = true
    )]
    pub lessons_dir: PathBuf,

    /// Directory of the compiled site (wasm, JS, CSS, public files), as cargo-leptos writes it.
    #[arg(
        long,
        env = "LEPTOS_SITE_ROOT",
        default_value = "target/site",
        global = true
    )]
    pub site_root: PathBuf,
}

impl Settings {
    /// The database URL, defaulting to a file in the data directory.
    pub fn database_url(&self) -> String {
        match &self.database_url {
            Some(url) => url.clone(),
            None => format!("sqlite://{}", self.data_dir.join("streamlab.db").display()),
        }
    }

    /// Settings for tests and tools: everything under `data_dir`, listening on port 0.
    pub fn for_data_dir(data_dir: impl Into<PathBuf>) -> Settings {
        Settings {
            listen: SocketAddr::from(([127, 0, 0, 1], 0)),
            data_dir: data_dir.into(),
            database_url: None,
            lessons_dir: PathBuf::from("lessons"),
            site_root: PathBuf::from("target/site"),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn defaults_put_the_database_in_the_data_directory() {
        let cli = Cli::try_parse_from(["streamlab"]).unwrap();
        assert_eq!(cli.settings.listen.to_string(), "127.0.0.1:3000");
        assert_eq!(cli.settings.database_url(), "sqlite://data/streamlab.db");
        assert!(cli.command.is_none());
    }

    #[test]
    fn flags_override_defaults() {
        let cli = Cli::try_parse_from([
            "streamlab",
            "--listen",
            "127.0.0.1:8080",
            "--data-dir",
            "/tmp/x",
            "serve",
        ])
        .unwrap();
        assert_eq!(cli.settings.listen.port(), 8080);
        assert_eq!(cli.settings.database_url(), "sqlite:///tmp/x/streamlab.db");
        assert!(matches!(cli.command, Some(Command::Serve)));
    }
}
