//! The sandbox benchmark: prints figures, asserts nothing (these machines are shared and noisy;
//! compare runs made together). Run with `cargo bench --features ssr --bench sandbox`.
//!
//! The app runs as its own process (the release `streamlab` binary); this process is the client,
//! opening real WebSockets on loopback. Server CPU and memory are read from `/proc` of the app.
//!
//! Sandboxes are made as a lesson page makes them: for a lesson (so the app attaches its exercise
//! follower and achievement watchers), by a learner with a session, whose page holds its live
//! stream open (`/api/live?lesson=`, every event relayed) while the figures are taken. The
//! cross-server latency is also taken on a bare sandbox with no page open: what the watchers and
//! the page's stream cost a chat message is the difference.

mod common;

use std::time::{Duration, Instant};

use futures_util::{SinkExt, StreamExt};
use serde_json::{Value, json};
use tokio::net::TcpStream;
use tokio_tungstenite::tungstenite::Message;
use tokio_tungstenite::{MaybeTlsStream, WebSocketStream, connect_async};

type Ws = WebSocketStream<MaybeTlsStream<TcpStream>>;

const LATENCY_MESSAGES: usize = 2_000;
const FANOUT_RECEIVERS: usize = 1_000;
const FANOUT_MESSAGES_PER_SENDER: usize = 300;
const IDLE_CONNECTIONS: usize = 5_000;
const SANDBOXES: usize = 100;
const RECOVERIES: usize = 10;
/// The lesson the sandboxes are made for (its sandbox is then switched to Pub/Sub).
const LESSON: &str = "redis-pubsub-on-the-wire";

/// How a sandbox is made.
#[derive(Clone, Copy, PartialEq)]
enum Made {
    /// As a lesson page makes it, with the page's live stream open.
    AsAPage,
    /// Bare (`POST /api/sandboxes` without a lesson), no page: the engine and little else.
    Bare,
}

/// A sandbox for the figures: its id and token, and the page's stream reader while it runs.
struct Opened {
    id: String,
    token: String,
    page: Option<tokio::task::JoinHandle<()>>,
}

impl Drop for Opened {
    fn drop(&mut self) {
        if let Some(page) = self.page.take() {
            page.abort();
        }
    }
}

struct App {
    server: common::Server,
    base: String,
    http: reqwest::Client,
}

impl App {
    async fn start() -> App {
        let server = common::Server::start(&[
            "--sandboxes-per-learner",
            "1000",
            "--sandboxes-total",
            "1000",
            "--message-rate",
            "1000000",
            "--client-queue",
            "65536",
            // One client process opens everything here: lift the per-address and per-sandbox limits.
            "--address-share-percent",
            "100",
            "--new-learners-per-minute",
            "1000000",
            "--websockets-per-sandbox",
            "100000",
            "--connections-per-address",
            "100000",
            "--redis-actions-per-minute",
            "100000",
        ])
        .await;
        App { base: server.addr.clone(), server, http: reqwest::Client::new() }
    }

    async fn create(&self) -> (String, String) {
        common::create_sandbox(&self.http, &self.base, json!({})).await
    }

    /// A sandbox made as `made` says, in Pub/Sub mode.
    async fn open(&self, made: Made) -> Opened {
        if made == Made::Bare {
            let (id, token) = self.create().await;
            self.put_mode(&id, &token).await;
            return Opened { id, token, page: None };
        }
        // A learner of their own: a session cookie, as a browser has.
        let learner = reqwest::Client::builder().cookie_store(true).build().unwrap();
        let (id, token) = common::create_sandbox(&learner, &self.base, json!({ "lesson": LESSON })).await;
        self.put_mode(&id, &token).await;
        let stream = format!("http://{}/api/live?lesson={LESSON}", self.base);
        let mut live = learner.get(stream).header("accept", "text/event-stream").send().await.unwrap();
        assert!(live.status().is_success(), "the page's stream opens");
        let page = tokio::spawn(async move { while let Ok(Some(_)) = live.chunk().await {} });
        Opened { id, token, page: Some(page) }
    }

    async fn put_mode(&self, id: &str, token: &str) {
        let r = self
            .http
            .put(format!("http://{}/api/sandboxes/{id}/bridge", self.base))
            .bearer_auth(token)
            .json(&json!({ "mode": "pubsub" }))
            .send()
            .await
            .unwrap();
        assert!(r.status().is_success());
    }

    async fn post(&self, id: &str, token: &str, path: &str) {
        let r = self
            .http
            .post(format!("http://{}/api/sandboxes/{id}{path}", self.base))
            .bearer_auth(token)
            .send()
            .await
            .unwrap();
        assert!(r.status().is_success());
    }

    async fn delete(&self, id: &str, token: &str) {
        self.http.delete(format!("http://{}/api/sandboxes/{id}", self.base)).bearer_auth(token).send().await.unwrap();
    }

    async fn join(&self, id: &str, token: &str, server: &str, user: &str) -> Ws {
        let url = format!("ws://{}/sandbox/{id}/servers/{server}/ws?room=bench&user={user}&token={token}", self.base);
        connect_async(url).await.expect("connect").0
    }

    fn cpu_micros(&self) -> u64 {
        let stat = std::fs::read_to_string(format!("/proc/{}/stat", self.server.child.id())).unwrap();
        let fields: Vec<&str> = stat.rsplit(')').next().unwrap().split_whitespace().collect();
        let ticks: u64 = fields[11].parse::<u64>().unwrap() + fields[12].parse::<u64>().unwrap();
        let hz = unsafe { libc::sysconf(libc::_SC_CLK_TCK) } as u64;
        ticks * 1_000_000 / hz
    }

    fn rss_kib(&self) -> u64 {
        let status = std::fs::read_to_string(format!("/proc/{}/status", self.server.child.id())).unwrap();
        let line = status.lines().find(|l| l.starts_with("VmRSS:")).unwrap();
        line.split_whitespace().nth(1).unwrap().parse().unwrap()
    }
}

fn percentile(sorted: &[f64], p: f64) -> f64 {
    let i = ((sorted.len() as f64 - 1.0) * p).round() as usize;
    sorted[i]
}

fn sorted(mut v: Vec<f64>) -> Vec<f64> {
    v.sort_by(|a, b| a.partial_cmp(b).unwrap());
    v
}

async fn next_message(ws: &mut Ws) -> Value {
    loop {
        match ws.next().await.expect("open").expect("frame") {
            Message::Text(t) => {
                let v: Value = serde_json::from_str(t.as_str()).unwrap();
                if v["type"] == "message" {
                    return v;
                }
            }
            _ => continue,
        }
    }
}

/// Sends from `a` until `b` hears it (`local`: without Redis), then drops what is still on its
/// way to either, so the measured messages start on quiet sockets. A member joins its room after
/// the WebSocket handshake (and its session's Redis round trips), so a message sent at once may
/// find the receiver not there yet: without this, a benchmark waits for it forever.
async fn warm_up(a: &mut Ws, b: &mut Ws, local: bool) {
    loop {
        a.send(Message::text(json!({"type":"message","text":"warm-up","local":local}).to_string())).await.unwrap();
        if tokio::time::timeout(Duration::from_millis(200), next_message(b)).await.is_ok() {
            break;
        }
    }
    for ws in [a, b] {
        while tokio::time::timeout(Duration::from_millis(100), next_message(ws)).await.is_ok() {}
    }
}

/// The same round trip without Redis: a second member of the same server. What is left of
/// the cross-server figure after this is the bridge's share.
async fn same_server_latency(app: &App) {
    let sandbox = app.open(Made::AsAPage).await;
    let (id, token) = (sandbox.id.as_str(), sandbox.token.as_str());
    let mut a = app.join(id, token, "a", "sender").await;
    let mut other = app.join(id, token, "a", "receiver").await;
    warm_up(&mut a, &mut other, true).await;
    let mut micros = Vec::with_capacity(LATENCY_MESSAGES);
    for i in 0..LATENCY_MESSAGES {
        let started = Instant::now();
        a.send(Message::text(json!({"type":"message","text": format!("m{i}"), "local": true}).to_string()))
            .await
            .unwrap();
        next_message(&mut other).await;
        micros.push(started.elapsed().as_secs_f64() * 1e6);
        next_message(&mut a).await; // the sender's own copy
    }
    let s = sorted(micros);
    println!(
        "same-server latency A→A, no Redis ({LATENCY_MESSAGES} sequential): p50 {:.0} µs, p99 {:.0} µs",
        percentile(&s, 0.5),
        percentile(&s, 0.99)
    );
    app.delete(id, token).await;
}

/// Cross-server p50, in µs.
async fn cross_server_latency(app: &App, made: Made) -> f64 {
    let sandbox = app.open(made).await;
    let (id, token) = (sandbox.id.as_str(), sandbox.token.as_str());
    let mut a = app.join(id, token, "a", "sender").await;
    let mut b = app.join(id, token, "b", "receiver").await;
    warm_up(&mut a, &mut b, false).await;
    let mut micros = Vec::with_capacity(LATENCY_MESSAGES);
    for i in 0..LATENCY_MESSAGES {
        let started = Instant::now();
        a.send(Message::text(json!({"type":"message","text": format!("m{i}")}).to_string())).await.unwrap();
        next_message(&mut b).await;
        micros.push(started.elapsed().as_secs_f64() * 1e6);
        next_message(&mut a).await; // the sender's own local copy
    }
    let s = sorted(micros);
    let how = match made {
        Made::AsAPage => "as a page makes it",
        Made::Bare => "bare sandbox, no page: the engine",
    };
    println!(
        "cross-server latency A→B, {how} ({LATENCY_MESSAGES} sequential): p50 {:.0} µs, p99 {:.0} µs, max {:.0} µs",
        percentile(&s, 0.5),
        percentile(&s, 0.99),
        s[s.len() - 1]
    );
    app.delete(id, token).await;
    percentile(&s, 0.5)
}

async fn fan_out(app: &App) {
    let sandbox = app.open(Made::AsAPage).await;
    let (id, token) = (sandbox.id.as_str(), sandbox.token.as_str());
    let mut receivers = Vec::with_capacity(FANOUT_RECEIVERS);
    for i in 0..FANOUT_RECEIVERS {
        let server = if i % 2 == 0 { "a" } else { "b" };
        receivers.push(app.join(id, token, server, &format!("r{i}")).await);
    }
    let mut sender_a = app.join(id, token, "a", "sender-a").await;
    let mut sender_b = app.join(id, token, "b", "sender-b").await;
    warm_up(&mut sender_a, &mut sender_b, false).await;
    // Drain the warm-up frames the receivers got.
    tokio::time::sleep(Duration::from_millis(300)).await;
    for r in receivers.iter_mut() {
        while let Ok(Some(_)) = tokio::time::timeout(Duration::from_millis(1), r.next()).await {}
    }

    let total_messages = 2 * FANOUT_MESSAGES_PER_SENDER;
    let counters: Vec<_> = receivers
        .into_iter()
        .map(|mut ws| {
            tokio::spawn(async move {
                let mut got = 0usize;
                while got < total_messages {
                    match tokio::time::timeout(Duration::from_secs(10), ws.next()).await {
                        Ok(Some(Ok(Message::Text(t)))) if t.as_str().contains("\"fan ") => got += 1,
                        Ok(Some(Ok(_))) => {}
                        _ => break,
                    }
                }
                (got, Instant::now())
            })
        })
        .collect();
    let cpu_before = app.cpu_micros();
    let started = Instant::now();
    let send = |mut ws: Ws, tag: &'static str| {
        tokio::spawn(async move {
            for i in 0..FANOUT_MESSAGES_PER_SENDER {
                ws.feed(Message::text(json!({"type":"message","text": format!("fan {tag}{i}")}).to_string()))
                    .await
                    .unwrap();
            }
            ws.flush().await.unwrap();
            ws
        })
    };
    let (sa, sb) = (send(sender_a, "a"), send(sender_b, "b"));
    let _keep = (sa.await.unwrap(), sb.await.unwrap());
    let mut delivered = 0usize;
    let mut last = started;
    for c in counters {
        let (got, at) = c.await.unwrap();
        delivered += got;
        last = last.max(at);
    }
    let cpu = app.cpu_micros() - cpu_before;
    let elapsed = last.duration_since(started).as_secs_f64();
    let expected = total_messages * FANOUT_RECEIVERS;
    println!(
        "fan-out: {delivered} of {expected} deliveries ({} lost) to {FANOUT_RECEIVERS} receivers on A and B in {:.2} s: {:.0} deliveries/s; server CPU {:.2} µs per delivery",
        expected - delivered,
        elapsed,
        delivered as f64 / elapsed,
        cpu as f64 / delivered.max(1) as f64
    );
    app.delete(id, token).await;
}

async fn idle_memory(app: &App) {
    let (id, token) = app.create().await;
    tokio::time::sleep(Duration::from_millis(500)).await;
    let before = app.rss_kib();
    let mut sockets = Vec::with_capacity(IDLE_CONNECTIONS);
    for i in 0..IDLE_CONNECTIONS {
        let server = if i % 2 == 0 { "a" } else { "b" };
        sockets.push(app.join(&id, &token, server, &format!("idle{i}")).await);
    }
    tokio::time::sleep(Duration::from_secs(1)).await;
    let after = app.rss_kib();
    println!(
        "memory: {IDLE_CONNECTIONS} idle WebSockets add {} KiB to the server's RSS: {:.2} KiB per connection",
        after.saturating_sub(before),
        after.saturating_sub(before) as f64 / IDLE_CONNECTIONS as f64
    );
    drop(sockets);
    app.delete(&id, &token).await;
}

async fn create_to_ready(app: &App) {
    let mut millis = Vec::with_capacity(SANDBOXES);
    for _ in 0..SANDBOXES {
        let started = Instant::now();
        let (id, token) = app.create().await;
        millis.push(started.elapsed().as_secs_f64() * 1e3);
        app.delete(&id, &token).await;
    }
    let s = sorted(millis);
    println!(
        "sandbox create→ready ({SANDBOXES}, redis-server answering PING): p50 {:.1} ms, p95 {:.1} ms",
        percentile(&s, 0.5),
        percentile(&s, 0.95)
    );
}

async fn recovery(app: &App) {
    let (id, token) = app.create().await;
    let mut a = app.join(&id, &token, "a", "sender").await;
    let mut b = app.join(&id, &token, "b", "receiver").await;
    warm_up(&mut a, &mut b, false).await;
    let mut millis = Vec::new();
    for round in 0..RECOVERIES {
        app.post(&id, &token, "/redis/stop").await;
        tokio::time::sleep(Duration::from_millis(if round % 2 == 0 { 2_000 } else { 500 })).await;
        app.post(&id, &token, "/redis/start").await; // returns once redis-server answers PING
        let answered = Instant::now();
        let mut i = 0;
        loop {
            i += 1;
            a.send(Message::text(json!({"type":"message","text": format!("probe {round} {i}")}).to_string()))
                .await
                .unwrap();
            if tokio::time::timeout(Duration::from_millis(5), next_message(&mut b)).await.is_ok() {
                millis.push(answered.elapsed().as_secs_f64() * 1e3);
                break;
            }
        }
        // Drain what is left on both sides.
        tokio::time::sleep(Duration::from_millis(100)).await;
        while let Ok(Some(_)) = tokio::time::timeout(Duration::from_millis(5), a.next()).await {}
        while let Ok(Some(_)) = tokio::time::timeout(Duration::from_millis(5), b.next()).await {}
    }
    let s = sorted(millis);
    println!(
        "recovery: Redis answering again → first cross-server delivery ({RECOVERIES} restarts): p50 {:.0} ms, max {:.0} ms",
        percentile(&s, 0.5),
        s[s.len() - 1]
    );
    app.delete(&id, &token).await;
}

fn raise_open_files_limit() {
    let mut limit = libc::rlimit { rlim_cur: 0, rlim_max: 0 };
    unsafe {
        libc::getrlimit(libc::RLIMIT_NOFILE, &mut limit);
        limit.rlim_cur = limit.rlim_max;
        libc::setrlimit(libc::RLIMIT_NOFILE, &limit);
    }
}

#[tokio::main]
async fn main() {
    // Cargo passes `--bench` and filters; figures are all-or-nothing here.
    raise_open_files_limit();
    let app = App::start().await;
    println!("streamlab sandbox benchmark (app pid {}, loopback)", app.server.child.id());
    create_to_ready(&app).await;
    same_server_latency(&app).await;
    let engine = cross_server_latency(&app, Made::Bare).await;
    let as_a_page = cross_server_latency(&app, Made::AsAPage).await;
    println!("cross-server p50 as a page makes it / the engine: {:.2}", as_a_page / engine);
    recovery(&app).await;
    fan_out(&app).await;
    idle_memory(&app).await;
}
