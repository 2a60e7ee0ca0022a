//! Real clients of a running app's sandboxes: HTTP through reqwest, WebSockets through
//! tokio-tungstenite, with "eventually" bounded generously (these machines are shared).

#![allow(dead_code)]

use std::time::Duration;

use futures_util::{SinkExt, StreamExt};
use serde_json::{Value, json};
use tokio::net::TcpStream;
use tokio_tungstenite::tungstenite::Message;
use tokio_tungstenite::{MaybeTlsStream, WebSocketStream, connect_async};

use super::TestApp;

/// How long "eventually" may take in these tests.
pub const EVENTUALLY: Duration = Duration::from_secs(5);
/// How long we wait to be convinced something does *not* arrive.
pub const QUIET: Duration = Duration::from_millis(600);

pub struct SandboxHandle {
    pub id: String,
    pub token: String,
    pub base: String,
    pub http: reqwest::Client,
    pub created: Value,
}

impl SandboxHandle {
    pub async fn create(app: &TestApp, mode: &str) -> SandboxHandle {
        let http = reqwest::Client::builder().cookie_store(true).build().unwrap();
        Self::create_with(app, &http, mode).await.expect("sandbox created")
    }

    pub async fn create_with(app: &TestApp, http: &reqwest::Client, mode: &str) -> Result<SandboxHandle, (u16, Value)> {
        let response = http.post(app.url("/api/sandboxes")).json(&json!({ "mode": mode })).send().await.unwrap();
        let status = response.status().as_u16();
        let body: Value = response.json().await.unwrap();
        if status != 201 {
            return Err((status, body));
        }
        Ok(SandboxHandle {
            id: body["id"].as_str().unwrap().to_string(),
            token: body["token"].as_str().unwrap().to_string(),
            base: app.url(""),
            http: http.clone(),
            created: body,
        })
    }

    /// The sandbox of `lesson` (its mode and checks), for a new learner.
    pub async fn for_lesson(app: &TestApp, lesson: &str) -> SandboxHandle {
        let http = reqwest::Client::builder().cookie_store(true).build().unwrap();
        let response = http.post(app.url("/api/sandboxes")).json(&json!({ "lesson": lesson })).send().await.unwrap();
        assert_eq!(response.status().as_u16(), 201);
        let body: Value = response.json().await.unwrap();
        SandboxHandle {
            id: body["id"].as_str().unwrap().to_string(),
            token: body["token"].as_str().unwrap().to_string(),
            base: app.url(""),
            http,
            created: body,
        }
    }

    /// Runs `code` as the learner's own server A: the status and the JSON answer.
    pub async fn run_own_server(&self, code: &str) -> (u16, Value) {
        let response = self
            .http
            .post(self.url("/servers/a/code"))
            .bearer_auth(&self.token)
            .json(&json!({ "code": code }))
            .send()
            .await
            .unwrap();
        let status = response.status().as_u16();
        (status, response.json().await.unwrap_or(Value::Null))
    }

    fn url(&self, path: &str) -> String {
        format!("{}/api/sandboxes/{}{}", self.base, self.id, path)
    }

    pub async fn info(&self) -> Value {
        self.http.get(self.url("")).bearer_auth(&self.token).send().await.unwrap().json().await.unwrap()
    }

    pub async fn post(&self, path: &str) -> Value {
        let response = self.http.post(self.url(path)).bearer_auth(&self.token).send().await.unwrap();
        assert!(response.status().is_success(), "POST {path}: {}", response.status());
        response.json().await.unwrap()
    }

    pub async fn stop_redis(&self) {
        self.post("/redis/stop").await;
    }

    pub async fn start_redis(&self) {
        self.post("/redis/start").await;
    }

    pub async fn set_mode(&self, mode: &str) {
        let response = self
            .http
            .put(self.url("/bridge"))
            .bearer_auth(&self.token)
            .json(&json!({ "mode": mode }))
            .send()
            .await
            .unwrap();
        assert!(response.status().is_success());
    }

    pub async fn events(&self) -> Vec<Value> {
        self.http.get(self.url("/events")).bearer_auth(&self.token).send().await.unwrap().json().await.unwrap()
    }

    pub async fn delete(&self) {
        let response = self.http.delete(self.url("")).bearer_auth(&self.token).send().await.unwrap();
        assert_eq!(response.status().as_u16(), 204);
    }

    pub fn ws_url(&self, server: &str, room: &str, user: &str) -> String {
        format!(
            "{}/sandbox/{}/servers/{server}/ws?room={room}&user={user}&token={}",
            self.base.replace("http://", "ws://"),
            self.id,
            self.token
        )
    }

    pub async fn join(&self, server: &str, room: &str, user: &str) -> ChatClient {
        ChatClient::connect(&self.ws_url(server, room, user)).await
    }

    /// The Redis console: its frames are JSON too, so the chat client reads them.
    pub async fn console(&self) -> ChatClient {
        let url = format!("{}/sandbox/{}/console?token={}", self.base.replace("http://", "ws://"), self.id, self.token);
        ChatClient::connect(&url).await
    }
}

/// A client WebSocket over TCP, as the tests open them.
pub type Ws = WebSocketStream<MaybeTlsStream<TcpStream>>;

pub struct ChatClient {
    ws: Ws,
}

pub enum Received {
    Frame(Value),
    Closed(Option<u16>),
}

impl ChatClient {
    pub async fn connect(url: &str) -> ChatClient {
        let (ws, _) = connect_async(url).await.expect("WebSocket connects");
        ChatClient { ws }
    }

    pub async fn send_raw(&mut self, text: &str) {
        self.ws.send(Message::text(text)).await.expect("send");
    }

    pub async fn say(&mut self, text: &str) {
        self.send_raw(&json!({ "type": "message", "text": text }).to_string()).await;
    }

    pub async fn say_locally(&mut self, text: &str) {
        self.send_raw(&json!({ "type": "message", "text": text, "local": true }).to_string()).await;
    }

    /// The next frame or close, within `within`; `None` if nothing came.
    pub async fn next(&mut self, within: Duration) -> Option<Received> {
        let deadline = tokio::time::Instant::now() + within;
        loop {
            let left = deadline.saturating_duration_since(tokio::time::Instant::now());
            let item = tokio::time::timeout(left, self.ws.next()).await.ok()?;
            return Some(match item {
                Some(Ok(Message::Text(t))) => Received::Frame(serde_json::from_str(t.as_str()).expect("JSON frame")),
                Some(Ok(Message::Close(frame))) => Received::Closed(frame.map(|f| u16::from(f.code))),
                Some(Ok(_)) => continue,
                Some(Err(e)) => {
                    eprintln!("WebSocket error: {e}");
                    Received::Closed(None)
                }
                None => Received::Closed(None),
            });
        }
    }

    /// Waits for the first frame for which `wanted` is true, skipping others.
    pub async fn wait_for(&mut self, within: Duration, mut wanted: impl FnMut(&Value) -> bool) -> Option<Value> {
        let deadline = tokio::time::Instant::now() + within;
        loop {
            let left = deadline.saturating_duration_since(tokio::time::Instant::now());
            match self.next(left).await? {
                Received::Frame(frame) if wanted(&frame) => return Some(frame),
                Received::Frame(_) => continue,
                Received::Closed(_) => return None,
            }
        }
    }

    /// The chat message with this text, if it arrives in time.
    pub async fn message(&mut self, text: &str, within: Duration) -> Option<Value> {
        self.wait_for(within, |f| f["type"] == "message" && f["text"] == text).await
    }

    pub async fn system(&mut self, event: &str, within: Duration) -> Option<Value> {
        self.wait_for(within, |f| f["type"] == "system" && f["event"] == event).await
    }

    pub async fn error(&mut self, within: Duration) -> Option<Value> {
        self.wait_for(within, |f| f["type"] == "error").await
    }

    /// Reads and drops whatever has arrived, as a real client would have displayed it.
    pub async fn drain(&mut self) {
        while let Some(Received::Frame(_)) = self.next(Duration::from_millis(1)).await {}
    }

    /// The close code, once the server closes the socket.
    pub async fn closed(&mut self, within: Duration) -> Option<Option<u16>> {
        let deadline = tokio::time::Instant::now() + within;
        loop {
            let left = deadline.saturating_duration_since(tokio::time::Instant::now());
            match self.next(left).await? {
                Received::Closed(code) => return Some(code),
                Received::Frame(_) => continue,
            }
        }
    }
}

/// Sends numbered messages from `from` until one reaches `to`, for at most `within`; returns how
/// long the first crossing took. Used after a Redis restart, where "eventually" is the claim.
pub async fn until_crossing_within(
    from: &mut ChatClient,
    to: &mut ChatClient,
    label: &str,
    within: Duration,
) -> Duration {
    let started = tokio::time::Instant::now();
    let mut attempt = 0;
    while started.elapsed() < within {
        attempt += 1;
        let text = format!("{label} #{attempt}");
        from.say(&text).await;
        if to.message(&text, Duration::from_millis(50)).await.is_some() {
            return started.elapsed();
        }
    }
    panic!("{label}: no message crossed within {within:?}");
}

/// [`until_crossing_within`] with the generous default bound.
pub async fn until_crossing(from: &mut ChatClient, to: &mut ChatClient, label: &str) -> Duration {
    until_crossing_within(from, to, label, EVENTUALLY).await
}

/// A client that keeps talking in the background (one message every `every`) until dropped.
pub fn background_traffic(mut client: ChatClient, every: Duration) -> tokio::task::JoinHandle<()> {
    tokio::spawn(async move {
        let mut n = 0u64;
        loop {
            n += 1;
            client.say(&format!("traffic {n}")).await;
            // Read everything that comes meanwhile, so the server never cuts us off as lagging.
            let until = tokio::time::Instant::now() + every;
            while let Some(Received::Frame(_)) =
                client.next(until.saturating_duration_since(tokio::time::Instant::now())).await
            {}
        }
    })
}
