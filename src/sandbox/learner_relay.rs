//! A browser's WebSocket to server A while server A is the learner's own process: relayed frame
//! by frame to it over its Unix socket (a real WebSocket client, so the learner's code sees an
//! ordinary connection), and read on the way so the event log, and with it the exercise checks,
//! sees what our own server A would have reported.
//!
//! The platform names each message: a client's message frame goes up with an `id` added
//! (`yours-1`, `yours-2`…), recorded as sent at that moment, and the learner's server is asked to use it
//! (the starting code does). Frames coming down are checked: a chat message is a delivery, a
//! `publish_failed` notice a loss; anything the panel could not read is dropped and said in the
//! server's log instead of reaching the page.

use std::collections::HashSet;
use std::num::NonZeroU32;
use std::path::Path;
use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};

use axum::extract::ws::{CloseFrame, Message, WebSocket};
use futures_util::{SinkExt, StreamExt};
use governor::{DefaultDirectRateLimiter, Quota, RateLimiter};
use serde_json::Value;
use tokio_tungstenite::tungstenite::Message as Upstream;
use tokio_tungstenite::tungstenite::protocol::WebSocketConfig;
use tokio_util::sync::WaitForCancellationFutureOwned;

use super::bridge::BridgeMode;
use super::events::{EventKind, EventLog};
use super::learner_server::output::Output;
use super::protocol::{CLOSE_GOING_AWAY, ChatMessage, ErrorFrame, MAX_FRAME_BYTES, ServerName, valid_room};
use super::wire::Args;

/// Close code for "server A is not answering" (internal error, try again).
const CLOSE_UNREACHABLE: u16 = 1011;
/// How much of a frame the log quotes.
const QUOTED_CHARS: usize = 200;

pub struct RelaySettings {
    pub room: String,
    pub user: String,
    pub own_client: bool,
    pub bridge: BridgeMode,
    /// Messages a second a client may send, and the burst above it: as on our own servers.
    pub message_rate: u32,
    pub message_burst: u32,
}

/// Events a second one connection's frames coming down may record; frames beyond still reach
/// the page, unrecorded, so a learner's server that floods cannot crowd the event log.
const RECORDED_PER_SECOND: u32 = 50;

/// Message ids for one sandbox's relayed messages.
#[derive(Default)]
pub struct MessageIds(AtomicU64);

impl MessageIds {
    /// `yours-1`, `yours-2`…: never one of our server A's ids (`a-1`…), which the checks and
    /// the timeline would mistake for the same message.
    fn next(&self) -> String {
        format!("yours-{}", self.0.fetch_add(1, Ordering::Relaxed) + 1)
    }
}

pub async fn serve(
    mut browser: WebSocket,
    learner_socket: &Path,
    settings: RelaySettings,
    events: Arc<EventLog>,
    output: Arc<Output>,
    ids: Arc<MessageIds>,
    shutdown: WaitForCancellationFutureOwned,
) {
    let upstream = match connect(learner_socket, &settings).await {
        Ok(upstream) => upstream,
        Err(problem) => {
            let problem = problem.to_string();
            output.say(
                "client_unreachable",
                Args::of(&[("problem", &problem)]),
                &format!("A client of server A could not connect to your server: {problem}"),
            );
            let frame = ErrorFrame::new(
                "server_unreachable",
                format!("your server A did not accept the connection: {problem}"),
            )
            .with(&[("problem", &problem)]);
            let _ = browser.send(Message::Text(serde_json::to_string(&frame).unwrap_or_default().into())).await;
            let _ = browser.send(close(CLOSE_UNREACHABLE, "server A is not answering")).await;
            return;
        }
    };
    let (mut up_tx, mut up_rx) = upstream.split();
    events.record(EventKind::ClientJoined {
        server: ServerName::A,
        room: settings.room.clone(),
        user: settings.user.clone(),
        own_client: settings.own_client,
    });
    let per_second = |n: u32| NonZeroU32::new(n.max(1)).expect("non-zero");
    let sending = RateLimiter::direct(
        Quota::per_second(per_second(settings.message_rate)).allow_burst(per_second(settings.message_burst)),
    );
    let recording = RateLimiter::direct(Quota::per_second(per_second(RECORDED_PER_SECOND)));
    let mut reader = Reader { settings: &settings, events: &events, output: &output, sent: HashSet::new(), recording };
    tokio::pin!(shutdown);
    let reason = loop {
        tokio::select! {
            from_browser = browser.recv() => match from_browser {
                Some(Ok(Message::Text(text))) => {
                    if sending.check().is_err() {
                        let error = ErrorFrame::new("rate_limited", "slow down: this message was not sent");
                        let _ = browser.send(Message::Text(serde_json::to_string(&error).unwrap_or_default().into())).await;
                        continue;
                    }
                    let Some(frame) = reader.going_up(text.as_str(), &ids) else {
                        let error = ErrorFrame::new("bad_frame", "send {\"type\":\"message\",\"text\":\"…\"} of at most 16 KiB");
                        let _ = browser.send(Message::Text(serde_json::to_string(&error).unwrap_or_default().into())).await;
                        continue;
                    };
                    if !matches!(tokio::time::timeout(WRITE_TIMEOUT, up_tx.send(Upstream::text(frame))).await, Ok(Ok(()))) {
                        break "server A did not read";
                    }
                }
                Some(Ok(Message::Close(_))) | None | Some(Err(_)) => break "closed",
                Some(Ok(_)) => {}
            },
            from_learner = up_rx.next() => match from_learner {
                Some(Ok(Upstream::Text(text))) => {
                    if reader.coming_down(text.as_str())
                        && !matches!(
                            tokio::time::timeout(WRITE_TIMEOUT, browser.send(Message::Text(text.as_str().into()))).await,
                            Ok(Ok(()))
                        )
                    {
                        break "closed";
                    }
                }
                Some(Ok(Upstream::Close(_))) | None | Some(Err(_)) => {
                    let _ = browser.send(close(CLOSE_GOING_AWAY, "server A closed the connection")).await;
                    break "server A closed";
                }
                Some(Ok(_)) => {}
            },
            _ = &mut shutdown => {
                let _ = browser.send(close(CLOSE_GOING_AWAY, "the site is restarting")).await;
                break "shutdown";
            }
        }
    };
    let _ = up_tx.close().await;
    events.record(EventKind::ClientLeft {
        server: ServerName::A,
        room: settings.room.clone(),
        user: settings.user.clone(),
        reason: reason.into(),
    });
}

type Upstreamed = tokio_tungstenite::WebSocketStream<tokio::net::UnixStream>;

/// Why the relay could not reach the learner's server; said in the learner's log and events.
#[derive(Debug, thiserror::Error)]
enum Unreachable {
    #[error("{0}")]
    Socket(#[from] std::io::Error),
    #[error("{0}")]
    Handshake(#[from] tokio_tungstenite::tungstenite::Error),
    #[error("no WebSocket handshake within 5 s")]
    Silent,
}

async fn connect(socket: &Path, settings: &RelaySettings) -> Result<Upstreamed, Unreachable> {
    let handshake = async {
        let stream = tokio::net::UnixStream::connect(socket).await?;
        let query = form_urlencoded::Serializer::new(String::new()).append_pair("user", &settings.user).finish();
        let url = format!("ws://sandbox/ws/{}?{query}", settings.room);
        // The learner's frames are held to the sandbox's own limit.
        let config =
            WebSocketConfig::default().max_message_size(Some(MAX_FRAME_BYTES)).max_frame_size(Some(MAX_FRAME_BYTES));
        let (upstream, _) = tokio_tungstenite::client_async_with_config(url, stream, Some(config)).await?;
        Ok(upstream)
    };
    tokio::time::timeout(HANDSHAKE_TIMEOUT, handshake).await.unwrap_or(Err(Unreachable::Silent))
}

/// How long the learner's server may take to accept a WebSocket.
const HANDSHAKE_TIMEOUT: std::time::Duration = std::time::Duration::from_secs(5);
/// How long one write either way may wait before the relay gives up on the connection.
const WRITE_TIMEOUT: std::time::Duration = std::time::Duration::from_secs(10);

fn close(code: u16, reason: &'static str) -> Message {
    Message::Close(Some(CloseFrame { code, reason: reason.into() }))
}

/// Reads the frames on both ways for one connection.
struct Reader<'a> {
    settings: &'a RelaySettings,
    events: &'a EventLog,
    output: &'a Output,
    /// Ids this client sent: their copy coming back to the sender is not a delivery.
    sent: HashSet<String>,
    recording: DefaultDirectRateLimiter,
}

impl Reader<'_> {
    /// A client's frame: a message gets its id and is recorded as sent; `None` for a bad frame.
    fn going_up(&mut self, text: &str, ids: &MessageIds) -> Option<String> {
        if text.len() > MAX_FRAME_BYTES {
            return None;
        }
        let mut frame: Value = serde_json::from_str(text).ok()?;
        if frame.get("type").and_then(Value::as_str) != Some("message")
            || !frame.get("text").is_some_and(Value::is_string)
        {
            return None;
        }
        if frame.get("text").and_then(Value::as_str).is_some_and(|t| t.trim().is_empty()) {
            return None;
        }
        let id = ids.next();
        // A room of the client's choosing only when it is a valid name; the learner's server
        // decides what it does with it.
        let room = frame
            .get("room")
            .and_then(Value::as_str)
            .filter(|r| valid_room(r))
            .unwrap_or(&self.settings.room)
            .to_string();
        let local = frame.get("local").and_then(Value::as_bool).unwrap_or(false);
        frame["id"] = Value::String(id.clone());
        self.events.record(EventKind::MessageSent {
            id: id.clone(),
            server: ServerName::A,
            room,
            user: self.settings.user.clone(),
            local,
            bridge: self.settings.bridge,
        });
        if self.sent.len() > 10_000 {
            self.sent.clear();
        }
        self.sent.insert(id);
        Some(frame.to_string())
    }

    /// A frame from the learner's server: whether it may go on to the page.
    fn coming_down(&mut self, text: &str) -> bool {
        let Ok(frame) = serde_json::from_str::<Value>(text) else {
            return self.refuse(text, "not_json", "it is not JSON", "");
        };
        match frame.get("type").and_then(Value::as_str) {
            Some("message") => match serde_json::from_value::<ChatMessage>(frame) {
                Ok(message) => {
                    if !self.sent.contains(&message.id) && self.recording.check().is_ok() {
                        self.events.record(EventKind::MessageDelivered {
                            id: message.id,
                            server: ServerName::A,
                            room: message.room,
                            via: message.via,
                            recipients: 1,
                            to: vec![self.settings.user.clone()],
                            crossed_us: None,
                        });
                    }
                    true
                }
                Err(e) => {
                    let error = e.to_string();
                    let why = format!("a message needs id, room, user, text, origin, via and sent_at_ms ({error})");
                    self.refuse(text, "incomplete_message", &why, &error)
                }
            },
            Some("system") => {
                let event = frame.get("event").and_then(Value::as_str).unwrap_or_default();
                // Only the sender's own loss: the same notice sent to every client is one loss.
                if event == "publish_failed"
                    && let Some(id) = frame.get("id").and_then(Value::as_str)
                    && self.sent.contains(id)
                    && self.recording.check().is_ok()
                {
                    let error = frame.get("text").and_then(Value::as_str).unwrap_or("publish failed");
                    self.events.record(EventKind::PublishFailed {
                        id: id.into(),
                        server: ServerName::A,
                        error: error.into(),
                    });
                }
                true
            }
            Some("error") => true,
            _ => self.refuse(text, "unknown_type", "its type is not message, system or error", ""),
        }
    }

    /// Drops a frame the learner's server sent, and says why in its log (`why`: which reason,
    /// `because` in English, `error`: the decoder's words, if any).
    fn refuse(&self, text: &str, why: &'static str, because: &str, error: &str) -> bool {
        let quoted: String = text.chars().take(QUOTED_CHARS).collect();
        let user = &self.settings.user;
        let args = Args::of(&[("user", user), ("why", why), ("error", error), ("frame", &quoted)]);
        self.output.say(
            "dropped_frame",
            args,
            &format!("Dropped a frame your server sent to {user}: {because}: {quoted}"),
        );
        false
    }
}
