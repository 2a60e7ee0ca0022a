//! What the benchmarks share: the release `streamlab` binary started as its own process on a free
//! loopback port, with a temporary data directory, ended when dropped. `STREAMLAB_BENCH_BINARY`
//! names another binary (an older build kept aside), to measure before and after a change with
//! one client.

use std::time::Duration;

#[allow(dead_code)] // `data` is read by one bench, kept alive by both.
pub struct Server {
    pub child: std::process::Child,
    /// `127.0.0.1:PORT`.
    pub addr: String,
    pub data: tempfile::TempDir,
}

impl Server {
    /// Starts the app with the course's lessons and `args` (the limits a benchmark lifts), and
    /// waits until it answers `/healthz`.
    pub async fn start(args: &[&str]) -> Server {
        let data = tempfile::tempdir().unwrap();
        let port = std::net::TcpListener::bind("127.0.0.1:0").unwrap().local_addr().unwrap().port();
        let binary =
            std::env::var_os("STREAMLAB_BENCH_BINARY").unwrap_or_else(|| env!("CARGO_BIN_EXE_streamlab").into());
        let child = std::process::Command::new(binary)
            .args(["--listen", &format!("127.0.0.1:{port}")])
            .arg("--data-dir")
            .arg(data.path())
            .arg("--lessons-dir")
            .arg(concat!(env!("CARGO_MANIFEST_DIR"), "/lessons"))
            .args(args)
            .env("RUST_LOG", "error")
            .spawn()
            .expect("start streamlab");
        let server = Server { child, addr: format!("127.0.0.1:{port}"), data };
        for _ in 0..200 {
            if reqwest::get(format!("http://{}/healthz", server.addr)).await.is_ok() {
                return server;
            }
            tokio::time::sleep(Duration::from_millis(50)).await;
        }
        panic!("the app did not start");
    }
}

/// `POST /api/sandboxes` with `body` as `http` (its cookies, if it keeps any): the new sandbox's
/// id and token.
#[allow(dead_code)] // Not every bench makes sandboxes.
pub async fn create_sandbox(http: &reqwest::Client, addr: &str, body: serde_json::Value) -> (String, String) {
    let body: serde_json::Value =
        http.post(format!("http://{addr}/api/sandboxes")).json(&body).send().await.unwrap().json().await.unwrap();
    (body["id"].as_str().unwrap().to_string(), body["token"].as_str().unwrap().to_string())
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}
