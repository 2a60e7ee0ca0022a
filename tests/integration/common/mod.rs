//! Starts the real app for integration tests: port 0, a temporary data directory, and the
//! repository's own `lessons/`. Its database is a real SQLite file in that directory, or, in the
//! suite's PostgreSQL pass (`STREAMLAB_TEST_DATABASE=postgres`), a database of its own on a real
//! PostgreSQL server the tests start (`postgres.rs`).

#![allow(dead_code)]

pub mod jail;
pub mod learners;
pub mod live_stream;
pub mod platform_redis;
pub mod postgres;
pub mod processes;
pub mod samples;
pub mod sandbox_client;

use std::net::SocketAddr;
use std::path::{Path, PathBuf};

use streamlab::server::settings::Settings;
use streamlab::server::shutdown::Shutdown;
use streamlab::server::startup::Application;

pub struct TestApp {
    pub addr: SocketAddr,
    pub shutdown: Shutdown,
    pub server: tokio::task::JoinHandle<Result<(), streamlab::server::startup::StartupError>>,
    pub data_dir: tempfile::TempDir,
    /// The app's database, SQLite's or PostgreSQL's.
    pub database_url: String,
}

impl TestApp {
    pub fn url(&self, path: &str) -> String {
        format!("http://{}{}", self.addr, path)
    }

    /// The app's database, opened beside it.
    pub async fn database(&self) -> sqlx::AnyPool {
        sqlx::any::install_default_drivers();
        sqlx::AnyPool::connect(&self.database_url).await.expect("the app's database")
    }

    /// Whether the app keeps its data in PostgreSQL (this is the suite's PostgreSQL pass).
    pub fn on_postgres(&self) -> bool {
        self.database_url.starts_with("postgres")
    }

    /// The sessions' table: tower-sessions' stores name it differently in each database.
    pub fn sessions_table(&self) -> &'static str {
        if self.on_postgres() { "tower_sessions.session" } else { "tower_sessions" }
    }
}

/// Whether this run of the suite is its PostgreSQL pass.
pub fn postgres_pass() -> bool {
    std::env::var("STREAMLAB_TEST_DATABASE").is_ok_and(|v| v == "postgres")
}

pub fn repo_path(relative: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join(relative)
}

pub async fn spawn_app() -> TestApp {
    spawn_app_with(|_| {}).await
}

pub async fn spawn_app_with(configure: impl FnOnce(&mut Settings)) -> TestApp {
    let data_dir = tempfile::tempdir().expect("temporary directory");
    let mut settings = Settings::for_data_dir(data_dir.path());
    if postgres_pass() {
        settings.database_url = Some(postgres::fresh_database_url().await);
    }
    settings.lessons_dir = repo_path("lessons");
    settings.site_root = repo_path("target/site");
    configure(&mut settings);
    let database_url = settings.database_url();
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.expect("bind port 0");
    let app = Application::build(settings, listener, streamlab::pages::routes).await.expect("the app starts");
    let addr = app.local_addr();
    let shutdown = app.shutdown_handle();
    let server = tokio::spawn(app.run());
    TestApp { addr, shutdown, server, data_dir, database_url }
}
