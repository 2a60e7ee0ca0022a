//! Who may touch a sandbox, the limits on creating them, reaping, and the guarantee that no
//! redis-server outlives its sandbox or the app, even when the app is killed.

use crate::common;

use std::path::Path;
use std::time::Duration;

use common::sandbox_client::{EVENTUALLY, SandboxHandle};
use common::{spawn_app, spawn_app_with};
use serde_json::Value;

fn process_alive(pid: u64) -> bool {
    // A zombie has exited; only its entry is left until its parent (or init) reaps it.
    match std::fs::read_to_string(format!("/proc/{pid}/stat")) {
        Ok(stat) => !stat.rsplit(')').next().unwrap_or("").trim_start().starts_with('Z'),
        Err(_) => false,
    }
}

async fn eventually_gone(pid: u64) -> bool {
    let deadline = tokio::time::Instant::now() + EVENTUALLY;
    while tokio::time::Instant::now() < deadline {
        if !process_alive(pid) {
            return true;
        }
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    false
}

fn redis_pid(info: &Value) -> u64 {
    info["redis_pid"].as_u64().expect("a running sandbox reports its redis pid")
}

#[tokio::test]
async fn the_create_answer_names_the_token_websockets_redis_state_mode_and_expiry() {
    let app = spawn_app().await;
    let sandbox = SandboxHandle::create(&app, "pubsub").await;
    let created = &sandbox.created;
    let (node, secret) = sandbox.id.split_once('.').expect("the node's name, a dot, the secret");
    assert_eq!(node, streamlab::cluster::node_name::host_node_id(), "this node, by default the host's name");
    assert!(secret.len() == 32 && secret.chars().all(|c| c.is_ascii_hexdigit()), "128 bits, hex: {secret}");
    assert!(created["websockets"]["a"].as_str().unwrap().ends_with(&format!("/sandbox/{}/servers/a/ws", sandbox.id)));
    assert!(created["websockets"]["b"].as_str().unwrap().starts_with("ws://"));
    assert_eq!(created["redis"], "running");
    assert_eq!(created["bridge"], "pubsub");
    assert!(created["expires_at_ms"].as_u64().unwrap() > created["created_at_ms"].as_u64().unwrap());
}

#[tokio::test]
async fn another_learner_cannot_read_or_control_your_sandbox() {
    let app = spawn_app().await;
    let sandbox = SandboxHandle::create(&app, "pubsub").await;
    let stranger = reqwest::Client::builder().cookie_store(true).build().unwrap();
    let url = app.url(&format!("/api/sandboxes/{}", sandbox.id));
    assert_eq!(stranger.get(&url).send().await.unwrap().status().as_u16(), 404);
    assert_eq!(stranger.get(&url).bearer_auth("wrong-token").send().await.unwrap().status().as_u16(), 404);
    assert_eq!(stranger.post(format!("{url}/redis/stop")).send().await.unwrap().status().as_u16(), 404);
    assert_eq!(stranger.delete(&url).send().await.unwrap().status().as_u16(), 404);
    assert_eq!(stranger.get(format!("{url}/events")).send().await.unwrap().status().as_u16(), 404);
    let ws = format!("ws://{}/sandbox/{}/servers/a/ws?room=lobby&user=eve", app.addr, sandbox.id);
    assert!(tokio_tungstenite::connect_async(ws).await.is_err(), "the WebSocket is refused");
    assert_eq!(sandbox.info().await["redis"], "running", "nothing was stopped");
}

#[tokio::test]
async fn the_owner_session_opens_the_sandbox_without_a_token() {
    let app = spawn_app().await;
    let sandbox = SandboxHandle::create(&app, "pubsub").await;
    // The same cookie-carrying client that created it.
    let response = sandbox.http.get(app.url(&format!("/api/sandboxes/{}", sandbox.id))).send().await.unwrap();
    assert_eq!(response.status().as_u16(), 200);
    let mine: Vec<Value> = sandbox.http.get(app.url("/api/sandboxes")).send().await.unwrap().json().await.unwrap();
    assert_eq!(mine.len(), 1);
}

#[tokio::test]
async fn creating_beyond_the_per_learner_limit_is_refused_with_429_and_a_reason() {
    let app = spawn_app_with(|s| s.sandboxes_per_learner = 2).await;
    let http = reqwest::Client::builder().cookie_store(true).build().unwrap();
    SandboxHandle::create_with(&app, &http, "pubsub").await.unwrap();
    SandboxHandle::create_with(&app, &http, "pubsub").await.unwrap();
    let (status, body) = SandboxHandle::create_with(&app, &http, "pubsub").await.err().expect("refused");
    assert_eq!(status, 429);
    assert_eq!(body["error"], "too_many_sandboxes");
    assert!(body["message"].as_str().unwrap().contains("2 sandboxes"));
    assert!(body["retry_after_secs"].as_u64().is_some());
    // Someone else may still create one.
    SandboxHandle::create(&app, "pubsub").await;
}

#[tokio::test]
async fn creating_beyond_the_total_limit_is_refused() {
    let app = spawn_app_with(|s| s.sandboxes_total = Some(1)).await;
    SandboxHandle::create(&app, "pubsub").await;
    let other = reqwest::Client::builder().cookie_store(true).build().unwrap();
    let (status, _) = SandboxHandle::create_with(&app, &other, "pubsub").await.err().expect("refused");
    assert_eq!(status, 429);
}

#[tokio::test]
async fn without_redis_installed_creating_answers_503_naming_the_fix_and_the_site_still_works() {
    let app = spawn_app_with(|s| s.redis_server = "/nonexistent/redis-server".into()).await;
    let http = reqwest::Client::new();
    let response = http.post(app.url("/api/sandboxes")).send().await.unwrap();
    assert_eq!(response.status().as_u16(), 503);
    let body: Value = response.json().await.unwrap();
    assert!(body["message"].as_str().unwrap().contains("apt-get install redis-server"), "{body}");
    assert_eq!(http.get(app.url("/")).send().await.unwrap().status().as_u16(), 200);
}

#[tokio::test]
async fn deleting_a_sandbox_closes_its_sockets_and_ends_its_redis() {
    let app = spawn_app().await;
    let sandbox = SandboxHandle::create(&app, "pubsub").await;
    let pid = redis_pid(&sandbox.info().await);
    let mut ada = sandbox.join("a", "lobby", "ada").await;
    sandbox.delete().await;
    assert_eq!(ada.closed(EVENTUALLY).await, Some(Some(1001)));
    assert!(eventually_gone(pid).await, "redis-server {pid} ended");
    let response =
        sandbox.http.get(app.url(&format!("/api/sandboxes/{}", sandbox.id))).bearer_auth(&sandbox.token).send().await;
    assert_eq!(response.unwrap().status().as_u16(), 404);
}

#[tokio::test]
async fn an_idle_sandbox_is_reaped_and_a_connected_one_is_not() {
    let app = spawn_app_with(|s| s.sandbox_idle_secs = 1).await;
    let idle = SandboxHandle::create(&app, "pubsub").await;
    let busy = SandboxHandle::create(&app, "pubsub").await;
    let idle_pid = redis_pid(&idle.info().await);
    let _client = busy.join("a", "lobby", "ada").await;
    tokio::time::sleep(Duration::from_secs(3)).await;
    let response = idle.http.get(app.url(&format!("/api/sandboxes/{}", idle.id))).bearer_auth(&idle.token).send().await;
    assert_eq!(response.unwrap().status().as_u16(), 404, "the idle sandbox is gone");
    assert!(eventually_gone(idle_pid).await);
    assert_eq!(busy.info().await["redis"], "running", "a sandbox with a client is kept");
}

#[tokio::test]
async fn a_sandbox_past_its_lifetime_is_reaped() {
    let app = spawn_app_with(|s| s.sandbox_lifetime_secs = 1).await;
    let sandbox = SandboxHandle::create(&app, "pubsub").await;
    let _client = sandbox.join("a", "lobby", "ada").await;
    tokio::time::sleep(Duration::from_secs(3)).await;
    let response =
        sandbox.http.get(app.url(&format!("/api/sandboxes/{}", sandbox.id))).bearer_auth(&sandbox.token).send().await;
    assert_eq!(response.unwrap().status().as_u16(), 404);
}

#[tokio::test]
async fn shutting_the_app_down_closes_sockets_and_leaves_no_redis_server() {
    let app = spawn_app().await;
    let sandbox = SandboxHandle::create(&app, "pubsub").await;
    let pid = redis_pid(&sandbox.info().await);
    let mut ada = sandbox.join("a", "lobby", "ada").await;
    app.shutdown.trigger();
    assert_eq!(ada.closed(EVENTUALLY).await, Some(Some(1001)), "the WebSocket is closed, not dropped");
    let stopped = tokio::time::timeout(EVENTUALLY * 2, app.server).await;
    assert!(matches!(stopped, Ok(Ok(Ok(())))), "the app stops cleanly");
    assert!(eventually_gone(pid).await, "redis-server {pid} ended");
}

#[tokio::test]
async fn killing_the_app_with_sigkill_leaves_no_redis_server() {
    let data = tempfile::tempdir().unwrap();
    let port = std::net::TcpListener::bind("127.0.0.1:0").unwrap().local_addr().unwrap().port();
    let mut app = std::process::Command::new(env!("CARGO_BIN_EXE_streamlab"))
        .args(["--listen", &format!("127.0.0.1:{port}"), "--data-dir"])
        .arg(data.path())
        .arg("--lessons-dir")
        .arg(Path::new(env!("CARGO_MANIFEST_DIR")).join("lessons"))
        .env("RUST_LOG", "warn")
        .spawn()
        .expect("start the streamlab binary");
    let http = reqwest::Client::new();
    let base = format!("http://127.0.0.1:{port}");
    let mut created = None;
    for _ in 0..100 {
        if let Ok(response) = http.post(format!("{base}/api/sandboxes")).send().await {
            created = Some(response.json::<Value>().await.unwrap());
            break;
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    let created = created.expect("the app answered");
    let pid = redis_pid(&created);
    assert!(process_alive(pid));
    app.kill().expect("SIGKILL the app");
    app.wait().unwrap();
    assert!(eventually_gone(pid).await, "redis-server {pid} died with the app");
}

#[tokio::test]
async fn the_event_log_streams_live_as_server_sent_events() {
    let app = spawn_app().await;
    let sandbox = SandboxHandle::create(&app, "pubsub").await;
    let url = app.url(&format!("/api/sandboxes/{}/events/stream", sandbox.id));
    let mut stream = sandbox.http.get(url).bearer_auth(&sandbox.token).send().await.unwrap();
    assert_eq!(stream.headers()["content-type"], "text/event-stream");
    let _ada = sandbox.join("a", "lobby", "ada").await;
    let mut seen = String::new();
    let deadline = tokio::time::Instant::now() + EVENTUALLY;
    while !seen.contains("\"type\":\"client_joined\"") {
        let chunk =
            tokio::time::timeout_at(deadline, stream.chunk()).await.expect("an event in time").unwrap().unwrap();
        seen.push_str(std::str::from_utf8(&chunk).unwrap());
    }
    assert!(seen.contains("id: "), "events carry their sequence number: {seen}");
    assert!(seen.contains("\"user\":\"ada\""));
}
