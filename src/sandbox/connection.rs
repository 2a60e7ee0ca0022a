//! One client's WebSocket on a chat server: reads its frames, answers bad ones with error frames
//! (the connection stays open), enforces the frame size and rate limits, and writes what the
//! server queues for it, flushing once per batch rather than once per frame.
//!
//! One task per connection does both directions (fewer tasks, less memory per idle socket). It
//! ends on the client's close, a socket error, being cut off for lagging, or app shutdown.
//!
//! A client that stops reading is cut off either way it shows: its queue fills up, or a write
//! makes no progress within the write timeout (TCP's buffers are full). Without that timeout a
//! silent client would hold its socket, and the frames queued for it, for as long as TCP lives.

use std::num::NonZeroU32;
use std::sync::Arc;
use std::time::Duration;

use axum::extract::ws::{CloseFrame, Message, Utf8Bytes, WebSocket};
use futures_util::SinkExt;
use governor::{Quota, RateLimiter};
use tokio_util::sync::WaitForCancellationFutureOwned;

use super::chat_server::ChatServer;
use super::protocol::{
    CLOSE_GOING_AWAY, CLOSE_LAGGED, CLOSE_POLICY, CLOSE_TOO_BIG, ClientFrame, ErrorFrame, MAX_FRAME_BYTES, valid_room,
};

/// How long a closing connection waits for the client's Close reply.
const CLOSE_HANDSHAKE: std::time::Duration = std::time::Duration::from_secs(2);
/// After this many rate-limited frames in a row the client is disconnected.
const STRIKES_BEFORE_CLOSE: u32 = 50;

pub struct ConnectionSettings {
    pub room: String,
    pub user: String,
    pub message_rate: u32,
    pub message_burst: u32,
    /// How long one write may wait for the client to read before it is cut off as lagging.
    pub write_timeout: Duration,
    /// Opened by the learner's own program rather than the page (no browser `Origin`).
    pub own_client: bool,
    /// A session the client presents to come back as its user (lesson 5's private messages),
    /// and the number of the last private message it holds.
    pub session: Option<String>,
    pub after: u64,
}

/// Why a write did not complete.
enum WriteError {
    /// The client did not read within the write timeout.
    Stalled,
    Failed,
}

enum Flow {
    Continue,
    /// Close with `code` and `text`; `reason` is what the event log records.
    Close {
        code: u16,
        text: &'static str,
        reason: &'static str,
    },
    /// Ends without a close frame of ours (the client closed, or the socket failed).
    End(&'static str),
    /// A write to the client stalled: it is cut off as lagging.
    Stalled,
}

impl Flow {
    /// Close with `text`, which is also the reason recorded.
    fn close(code: u16, text: &'static str) -> Flow {
        Flow::Close { code, text, reason: text }
    }
}

pub async fn serve(
    mut socket: WebSocket,
    server: Arc<ChatServer>,
    settings: ConnectionSettings,
    shutdown: WaitForCancellationFutureOwned,
) {
    // Who this is (a session may say), and what it hears first: before the room's traffic.
    // Boxed: its Redis round trips would otherwise be part of every idle connection's state.
    let arrival =
        Box::pin(server.arrive(&settings.room, &settings.user, settings.session.as_deref(), settings.after)).await;
    for frame in arrival.frames {
        if within(settings.write_timeout, socket.send(Message::Text(frame))).await.is_err() {
            return;
        }
    }
    let mut membership = server.join(&settings.room, &arrival.user, settings.own_client);
    let rate = NonZeroU32::new(settings.message_rate.max(1)).expect("non-zero");
    let burst = NonZeroU32::new(settings.message_burst.max(1)).expect("non-zero");
    let limiter = RateLimiter::direct(Quota::per_second(rate).allow_burst(burst));
    let mut strikes = 0u32;
    let write_timeout = settings.write_timeout;
    tokio::pin!(shutdown);

    // Each turn decides what happens next; how a connection ends is decided in one place below.
    let reason = loop {
        let flow = tokio::select! {
            () = &mut shutdown => Flow::Close {
                code: CLOSE_GOING_AWAY,
                text: "the server is shutting down",
                reason: "server shutdown",
            },
            queued = membership.outbound.recv() => match queued {
                None if server.is_stopped() => {
                    Flow::Close { code: CLOSE_GOING_AWAY, text: "the sandbox has ended", reason: "sandbox ended" }
                }
                // The server removed us: our queue was full, we were reading too slowly.
                None => Flow::Close { code: CLOSE_LAGGED, text: LAGGED_REASON, reason: "lagged" },
                Some(first) => match write_batch(&mut socket, first, &mut membership.outbound, write_timeout).await {
                    Ok(()) => Flow::Continue,
                    Err(WriteError::Stalled) => Flow::Stalled,
                    Err(WriteError::Failed) => Flow::End("write failed"),
                },
            },
            incoming = socket.recv() => match incoming {
                Some(Ok(Message::Text(text))) => {
                    if limiter.check().is_ok() {
                        strikes = 0;
                        let member = Sender { id: membership.id, user: &membership.user, room: &membership.room };
                        handle_text(&mut socket, &server, member, &text, write_timeout).await
                    } else {
                        strikes += 1;
                        if strikes >= STRIKES_BEFORE_CLOSE {
                            Flow::close(CLOSE_POLICY, "too many messages: rate limit exceeded")
                        } else {
                            let detail = format!("at most {rate} messages a second (bursts of {burst}); this one was dropped");
                            let (rate, burst) = (rate.to_string(), burst.to_string());
                            let frame = ErrorFrame::new("rate_limited", detail).with(&[("rate", &rate), ("burst", &burst)]);
                            send_frame(&mut socket, &frame, write_timeout).await
                        }
                    }
                }
                Some(Ok(Message::Binary(_))) => {
                    send_error(&mut socket, "unsupported_frame", "binary frames are not supported: send JSON text frames", write_timeout).await
                }
                Some(Ok(Message::Close(_))) | None => Flow::End("closed by the client"),
                Some(Ok(_)) => Flow::Continue, // ping and pong are answered by the library
                // Frames beyond the hard cap of the WebSocket layer end up here.
                Some(Err(e)) if is_capacity_error(&e) => {
                    Flow::Close { code: CLOSE_TOO_BIG, text: "frame larger than 16 KiB", reason: "frame too big" }
                }
                Some(Err(_)) => Flow::End("socket error"),
            },
        };
        match flow {
            Flow::Continue => {}
            Flow::Close { code, text, reason } => {
                close(&mut socket, code, text, write_timeout).await;
                break reason;
            }
            Flow::End(reason) => break reason,
            Flow::Stalled => {
                server.cut_off_lagging(&membership);
                // Most likely unwritable too; tried briefly, then the socket is dropped.
                close(&mut socket, CLOSE_LAGGED, LAGGED_REASON, LAST_WORD).await;
                break "lagged";
            }
        }
    };
    server.leave(&membership, reason);
}

const LAGGED_REASON: &str = "too many messages waiting: reconnect to continue";
/// How long a stalled connection is given to take its close frame before it is dropped.
const LAST_WORD: Duration = Duration::from_millis(100);

/// One step of writing, bounded: a client that reads nothing for `within` has stalled.
/// Most steps complete at once (into the write buffer), and those pay for no timer: the
/// deadline is only set up for a step that has to wait.
async fn within<F: std::future::Future<Output = Result<(), axum::Error>>>(
    within: Duration,
    step: F,
) -> Result<(), WriteError> {
    let mut step = std::pin::pin!(step);
    let outcome = match futures_util::FutureExt::now_or_never(step.as_mut()) {
        Some(done) => done,
        None => tokio::time::timeout(within, step).await.map_err(|_| WriteError::Stalled)?,
    };
    outcome.map_err(|_| WriteError::Failed)
}

/// Writes `first` and whatever else is already queued, then flushes once. The batch as a whole
/// must be written within `timeout`: a client that cannot take that much in that time is not
/// keeping up. (One deadline per batch, and only for a batch that had to wait: under a heavy
/// fan-out most writes wait a little, and a timer per frame costs more than the frame.)
async fn write_batch(
    socket: &mut WebSocket,
    first: Message,
    queue: &mut tokio::sync::mpsc::Receiver<Message>,
    timeout: Duration,
) -> Result<(), WriteError> {
    within(timeout, async {
        socket.feed(first).await?;
        while let Ok(next) = queue.try_recv() {
            socket.feed(next).await?;
        }
        socket.flush().await
    })
    .await
}

/// The member a frame came from.
struct Sender<'a> {
    id: u64,
    user: &'a str,
    room: &'a str,
}

async fn handle_text(
    socket: &mut WebSocket,
    server: &ChatServer,
    member: Sender<'_>,
    text: &Utf8Bytes,
    write_timeout: Duration,
) -> Flow {
    if text.len() > MAX_FRAME_BYTES {
        return Flow::close(CLOSE_TOO_BIG, "frame larger than 16 KiB");
    }
    let value: serde_json::Value = match serde_json::from_str(text.as_str()) {
        Ok(value) => value,
        Err(e) => {
            return send_error(socket, "invalid_json", format!("the frame is not JSON: {e}"), write_timeout).await;
        }
    };
    let kind = value.get("type").and_then(|t| t.as_str()).map(str::to_string);
    let frame = match serde_json::from_value::<ClientFrame>(value) {
        Ok(frame) => frame,
        Err(e) => {
            return match kind.as_deref() {
                None => {
                    send_error(
                        socket,
                        "missing_type",
                        "a frame needs a \"type\"; the only one is \"message\"",
                        write_timeout,
                    )
                    .await
                }
                Some("message") => {
                    send_error(socket, "invalid_frame", format!("bad \"message\" frame: {e}"), write_timeout).await
                }
                Some(other) => {
                    send_error(
                        socket,
                        "unknown_type",
                        format!("unknown frame type \"{other}\"; the only one is \"message\""),
                        write_timeout,
                    )
                    .await
                }
            };
        }
    };
    let ClientFrame::Message { text, room, local } = frame;
    let room = room.unwrap_or_else(|| member.room.to_string());
    if !valid_room(&room) {
        return send_error(
            socket,
            "invalid_room",
            "room names are 1-64 letters, digits, '-', '_', '.' or ':'",
            write_timeout,
        )
        .await;
    }
    // The joined room was admitted at the upgrade; only another room needs a place.
    if room != member.room && !server.admit_room(&room) {
        return send_error(
            socket,
            "too_many_rooms",
            "this sandbox already uses as many rooms as it may; send to one of those",
            write_timeout,
        )
        .await;
    }
    if text.trim().is_empty() {
        return send_error(socket, "empty_message", "the message text is empty", write_timeout).await;
    }
    server.send(member.id, member.user, &room, text, local);
    Flow::Continue
}

async fn send_error(socket: &mut WebSocket, error: &str, detail: impl Into<String>, timeout: Duration) -> Flow {
    send_frame(socket, &ErrorFrame::new(error, detail), timeout).await
}

async fn send_frame(socket: &mut WebSocket, frame: &ErrorFrame, timeout: Duration) -> Flow {
    let frame = serde_json::to_string(frame).expect("an error frame serialises");
    match within(timeout, socket.send(Message::Text(frame.into()))).await {
        Ok(()) => Flow::Continue,
        Err(WriteError::Stalled) => Flow::Stalled,
        Err(WriteError::Failed) => Flow::End("write failed"),
    }
}

/// The closing handshake: send our Close, then read (and drop) what the client still sends until
/// its Close arrives. Dropping a socket with unread input makes the kernel reset the connection,
/// and the client would lose the frames we sent last, the close reason among them.
async fn close(socket: &mut WebSocket, code: u16, reason: &'static str, write_timeout: Duration) {
    let frame = Message::Close(Some(CloseFrame { code, reason: Utf8Bytes::from_static(reason) }));
    if within(write_timeout, socket.send(frame)).await.is_err() {
        return;
    }
    let _ = tokio::time::timeout(CLOSE_HANDSHAKE, async {
        while let Some(Ok(message)) = socket.recv().await {
            if matches!(message, Message::Close(_)) {
                break;
            }
        }
    })
    .await;
}

/// A frame or message beyond the WebSocket layer's size limits (tungstenite's own error).
fn is_capacity_error(error: &axum::Error) -> bool {
    use tokio_tungstenite::tungstenite::Error;
    std::error::Error::source(error)
        .and_then(|e| e.downcast_ref::<Error>())
        .is_some_and(|e| matches!(e, Error::Capacity(_)))
}
