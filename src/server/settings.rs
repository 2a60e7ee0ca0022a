//! Settings, from command-line flags or environment variables (`streamlab --help` lists them).

use std::net::SocketAddr;
use std::path::PathBuf;
use std::time::Duration;

use clap::{Args, Parser, Subcommand};

use crate::sandbox::registry::SandboxConfig;
use crate::sandbox::sandbox::SandboxLimits;

#[derive(Debug, Parser)]
#[command(name = "streamlab", version, about = "Interactive course: scaling real-time WebSocket servers with Redis")]
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
    /// Work with lesson files.
    Lessons {
        #[command(subcommand)]
        command: LessonsCommand,
    },
}

#[derive(Debug, Subcommand)]
pub enum LessonsCommand {
    /// Validate every lesson file and print `file:line:col: message` for each problem;
    /// exits non-zero when there is one.
    Check {
        /// The lessons directory [default: the --lessons-dir setting].
        dir: Option<PathBuf>,
    },
}

#[derive(Debug, Clone, Args)]
pub struct Settings {
    /// Address and port to listen on.
    #[arg(long, env = "STREAMLAB_LISTEN", default_value = "127.0.0.1:3000", global = true)]
    pub listen: SocketAddr,

    /// Directory for the database and other state; created if missing.
    #[arg(long, env = "STREAMLAB_DATA_DIR", default_value = "data", global = true)]
    pub data_dir: PathBuf,

    /// Database URL [default: a SQLite file `streamlab.db` in the data directory].
    #[arg(long, env = "STREAMLAB_DATABASE_URL", global = true)]
    pub database_url: Option<String>,

    /// Directory of the lesson markdown files.
    #[arg(long, env = "STREAMLAB_LESSONS_DIR", default_value = "lessons", global = true)]
    pub lessons_dir: PathBuf,

    /// Development: reload lessons when their files change and tell open pages.
    #[arg(long, env = "STREAMLAB_WATCH_LESSONS", global = true)]
    pub watch_lessons: bool,

    /// The redis-server program each sandbox starts.
    #[arg(long, env = "STREAMLAB_REDIS_SERVER", default_value = "redis-server", global = true)]
    pub redis_server: PathBuf,

    /// Seconds a sandbox with no connected client and no request lives on.
    #[arg(long, env = "STREAMLAB_SANDBOX_IDLE_SECS", default_value_t = 600, global = true)]
    pub sandbox_idle_secs: u64,

    /// Seconds a sandbox lives at most.
    #[arg(long, env = "STREAMLAB_SANDBOX_LIFETIME_SECS", default_value_t = 7200, global = true)]
    pub sandbox_lifetime_secs: u64,

    /// Sandboxes one learner may have at once.
    #[arg(long, env = "STREAMLAB_SANDBOXES_PER_LEARNER", default_value_t = 3, global = true)]
    pub sandboxes_per_learner: usize,

    /// Sandboxes the server runs at once, all learners together.
    #[arg(long, env = "STREAMLAB_SANDBOXES_TOTAL", default_value_t = 50, global = true)]
    pub sandboxes_total: usize,

    /// Chat messages a second one WebSocket may send (bursts of twice that are allowed).
    #[arg(long, env = "STREAMLAB_MESSAGE_RATE", default_value_t = 20, global = true)]
    pub message_rate: u32,

    /// Frames waiting for one slow client before it is disconnected as lagging.
    #[arg(long, env = "STREAMLAB_CLIENT_QUEUE", default_value_t = 1024, global = true)]
    pub client_queue: usize,

    /// Directory of the compiled site (wasm, JS, CSS, public files), as cargo-leptos writes it.
    #[arg(long, env = "LEPTOS_SITE_ROOT", default_value = "target/site", global = true)]
    pub site_root: PathBuf,
}

impl Settings {
    pub fn sandbox_config(&self) -> SandboxConfig {
        SandboxConfig {
            redis_server: self.redis_server.clone(),
            idle_timeout: Duration::from_secs(self.sandbox_idle_secs),
            max_lifetime: Duration::from_secs(self.sandbox_lifetime_secs),
            per_owner: self.sandboxes_per_learner,
            total: self.sandboxes_total,
            limits: SandboxLimits { queue_capacity: self.client_queue, redis_max_memory_mb: 32 },
            message_rate: self.message_rate,
            message_burst: self.message_rate.saturating_mul(2),
        }
    }

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
            watch_lessons: false,
            redis_server: PathBuf::from("redis-server"),
            sandbox_idle_secs: 600,
            sandbox_lifetime_secs: 7200,
            sandboxes_per_learner: 3,
            sandboxes_total: 50,
            message_rate: 20,
            client_queue: 1024,
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
        let cli =
            Cli::try_parse_from(["streamlab", "--listen", "127.0.0.1:8080", "--data-dir", "/tmp/x", "serve"]).unwrap();
        assert_eq!(cli.settings.listen.port(), 8080);
        assert_eq!(cli.settings.database_url(), "sqlite:///tmp/x/streamlab.db");
        assert!(matches!(cli.command, Some(Command::Serve)));
    }
}
