//! Starts the real app for integration tests: port 0, a temporary data directory (so a real
//! SQLite file), and the repository's own `lessons/`.

#![allow(dead_code)]

pub mod jail;
pub mod learners;
pub mod live_stream;
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
}

impl TestApp {
    pub fn url(&self, path: &str) -> String {
        format!("http://{}{}", self.addr, path)
    }
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
    settings.lessons_dir = repo_path("lessons");
    settings.site_root = repo_path("target/site");
    configure(&mut settings);
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.expect("bind port 0");
    let app = Application::build(settings, listener, streamlab::pages::routes).await.expect("the app starts");
    let addr = app.local_addr();
    let shutdown = app.shutdown_handle();
    let server = tokio::spawn(app.run());
    TestApp { addr, shutdown, server, data_dir }
}
