//! A learner's chat latency while a neighbour's own server spends all the CPU its jail allows:
//! alone, then beside the neighbour, in the same run, once with each way the jail's budget is
//! kept (control groups where the app may make them, `/proc` and a lowered autogroup
//! otherwise). Also how long a third learner waits for Run to answer beside the neighbour.
//! Prints figures; asserts nothing.
//!
//! `cargo bench --features ssr --bench neighbour` (needs bubblewrap and `python/.venv`).

mod common;

use std::time::{Duration, Instant};

use futures_util::{SinkExt, StreamExt};
use serde_json::{Value, json};
use tokio::net::TcpStream;
use tokio_tungstenite::tungstenite::Message;
use tokio_tungstenite::{MaybeTlsStream, WebSocketStream, connect_async};

type Ws = WebSocketStream<MaybeTlsStream<TcpStream>>;

const MESSAGES: usize = 500;

/// The worst a learner's code can do with CPU: every process its jail allows, each spinning,
/// each trying for a session (a scheduling group) of its own.
const SPINNERS: &str = "import os\nfor _ in range(13):\n    if os.fork() == 0:\n        try:\n            os.setsid()\n        except OSError:\n            pass\n        while True:\n            pass\n\nfrom fastapi import FastAPI\napp = FastAPI()\n\n@app.get('/')\nasync def root():\n    return 'spinning'\n";

struct App {
    _server: common::Server,
    base: String,
    http: reqwest::Client,
}

impl App {
    async fn start(control_groups: bool) -> App {
        let groups = if control_groups { "true" } else { "false" };
        let server = common::Server::start(&[
            "--jail-control-groups",
            groups,
            "--address-share-percent",
            "100",
            "--message-rate",
            "1000000",
            "--new-learners-per-minute",
            "1000000",
        ])
        .await;
        App { base: server.addr.clone(), _server: server, http: reqwest::Client::new() }
    }

    async fn create(&self) -> (String, String) {
        common::create_sandbox(&self.http, &self.base, json!({ "mode": "pubsub" })).await
    }

    async fn run_code(&self, id: &str, token: &str, code: &str) -> Duration {
        let started = Instant::now();
        let r = self
            .http
            .post(format!("http://{}/api/sandboxes/{id}/servers/a/code", self.base))
            .bearer_auth(token)
            .json(&json!({ "code": code }))
            .send()
            .await
            .unwrap();
        assert!(r.status().is_success(), "run: {}", r.text().await.unwrap_or_default());
        started.elapsed()
    }

    async fn join(&self, id: &str, token: &str, server: &str, user: &str) -> Ws {
        let url = format!("ws://{}/sandbox/{id}/servers/{server}/ws?room=bench&user={user}&token={token}", self.base);
        connect_async(url).await.expect("connect").0
    }
}

async fn next_message(ws: &mut Ws) -> Value {
    loop {
        if let Message::Text(t) = ws.next().await.expect("open").expect("frame") {
            let v: Value = serde_json::from_str(t.as_str()).unwrap();
            if v["type"] == "message" {
                return v;
            }
        }
    }
}

/// A→B through Redis, `MESSAGES` sequential: (p50, p99) in milliseconds.
async fn latency(a: &mut Ws, b: &mut Ws) -> (f64, f64) {
    let mut millis = Vec::with_capacity(MESSAGES);
    for i in 0..MESSAGES {
        let started = Instant::now();
        a.send(Message::text(json!({"type":"message","text": format!("m{i}")}).to_string())).await.unwrap();
        next_message(b).await;
        millis.push(started.elapsed().as_secs_f64() * 1e3);
        next_message(a).await;
    }
    millis.sort_by(|x, y| x.partial_cmp(y).unwrap());
    let at = |p: f64| millis[((millis.len() as f64 - 1.0) * p).round() as usize];
    (at(0.5), at(0.99))
}

async fn measure(control_groups: bool) {
    let app = App::start(control_groups).await;
    let (id, token) = app.create().await;
    let mut a = app.join(&id, &token, "a", "sender").await;
    let mut b = app.join(&id, &token, "b", "receiver").await;
    // Warm up until a message crosses.
    loop {
        a.send(Message::text(json!({"type":"message","text":"warm-up"}).to_string())).await.unwrap();
        if tokio::time::timeout(Duration::from_millis(300), next_message(&mut b)).await.is_ok() {
            let _ = tokio::time::timeout(Duration::from_millis(100), next_message(&mut a)).await;
            break;
        }
    }
    let alone = latency(&mut a, &mut b).await;
    let (third_id, third_token) = app.create().await;
    let bridge = std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/lessons/code/bridge.py")).unwrap();
    let third_alone = app.run_code(&third_id, &third_token, &bridge).await;

    let (neighbour, neighbour_token) = app.create().await;
    app.run_code(&neighbour, &neighbour_token, SPINNERS).await;
    tokio::time::sleep(Duration::from_secs(2)).await;
    let beside = latency(&mut a, &mut b).await;
    let third_beside = app.run_code(&third_id, &third_token, &bridge).await;
    let how = if control_groups { "control groups" } else { "/proc + autogroup" };
    println!(
        "{how}: A→B p50/p99 alone {:.2}/{:.2} ms, beside the neighbour {:.2}/{:.2} ms (×{:.1} p50); \
         a third learner's Run answered in {} ms alone, {} ms beside it",
        alone.0,
        alone.1,
        beside.0,
        beside.1,
        beside.0 / alone.0,
        third_alone.as_millis(),
        third_beside.as_millis()
    );
}

#[tokio::main]
async fn main() {
    println!("streamlab neighbour benchmark: one learner's chat while another's jail spins ({MESSAGES} messages)");
    measure(true).await;
    measure(false).await;
}
