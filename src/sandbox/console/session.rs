//! One Redis console: a WebSocket from the page and a connection of its own to the sandbox's
//! Redis (a plain Unix stream, so every byte Redis sends can be shown as it came). Each text
//! frame from the page is one command line; each frame from Redis goes back decoded and raw,
//! and what the console sends and receives is recorded in the sandbox's event log, for the
//! exercise's console checks and the timeline.
//!
//! The connection opens with `HELLO 3` (RESP3, as the lessons teach) and again, lazily, on the
//! next command after Redis closed it (stopped, or a subscriber too slow for Redis's output
//! buffer limit): its subscriptions end with it, as with any client.

use std::collections::VecDeque;
use std::num::NonZeroU32;
use std::sync::Arc;
use std::time::Duration;

use axum::extract::ws::{CloseFrame, Message, WebSocket};
use governor::{Quota, RateLimiter};
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::UnixStream;
use tokio_util::sync::WaitForCancellationFutureOwned;

use super::command::{self, Command};
use super::resp;
use crate::sandbox::protocol::CLOSE_GOING_AWAY;
use crate::sandbox::sandbox::Sandbox;
use crate::sandbox::wire::{Args, ConsoleOutput, EventKind};

/// A reply still incomplete past this size ends the connection (Redis may hold up to its
/// `maxmemory` in one reply; the page shows 16 KiB of one anyway).
const MAX_PENDING_BYTES: usize = 1024 * 1024;
/// Connecting or writing to the sandbox's own Redis, on the same machine.
const REDIS_TIMEOUT: Duration = Duration::from_secs(2);
/// Lines recorded in the event log are cut here.
const RECORDED_LINE_CHARS: usize = 200;
/// Commands a second, in bursts of twice that: more than anyone types, less than a script.
const COMMANDS_PER_SECOND: u32 = 10;

/// `write_timeout`: how long one write to the page may wait before the console is closed.
pub async fn serve(
    mut socket: WebSocket,
    sandbox: Arc<Sandbox>,
    write_timeout: Duration,
    shutdown: WaitForCancellationFutureOwned,
) {
    let rate = NonZeroU32::new(COMMANDS_PER_SECOND).expect("non-zero");
    let burst = NonZeroU32::new(COMMANDS_PER_SECOND * 2).expect("non-zero");
    let limiter = RateLimiter::direct(Quota::per_second(rate).allow_burst(burst));
    let mut console = Console::new(sandbox.clone());
    tokio::pin!(shutdown);
    let ended = sandbox.ended();
    tokio::pin!(ended);

    // Open at once, so the page shows the HELLO 3 exchange before anything is typed.
    let mut outputs = console.connect().await;
    loop {
        for output in outputs.drain(..) {
            let json = serde_json::to_string(&output).expect("console output serialises");
            match tokio::time::timeout(write_timeout, socket.send(Message::Text(json.into()))).await {
                Ok(Ok(())) => {}
                _ => return,
            }
        }
        outputs = tokio::select! {
            () = &mut shutdown => return close(socket, "the server is shutting down").await,
            () = &mut ended => return close(socket, "the sandbox has ended").await,
            read = console.read() => console.received(read),
            incoming = socket.recv() => match incoming {
                Some(Ok(Message::Text(line))) => {
                    if limiter.check().is_ok() {
                        console.typed(line.as_str()).await
                    } else {
                        let reason = format!("Slow down: the console takes {rate} commands a second.");
                        let args = Args::of(&[("rate", &rate.to_string())]);
                        vec![ConsoleOutput::refused(line.as_str(), reason, "slow_down", args)]
                    }
                }
                Some(Ok(Message::Binary(_))) => {
                    vec![ConsoleOutput::notice("text_frames_only", "The console reads commands as text frames.")]
                }
                Some(Ok(Message::Close(_))) | None | Some(Err(_)) => return,
                Some(Ok(_)) => Vec::new(),
            },
        };
    }
}

async fn close(mut socket: WebSocket, reason: &'static str) {
    let frame = CloseFrame { code: CLOSE_GOING_AWAY, reason: reason.into() };
    let _ = tokio::time::timeout(Duration::from_secs(1), socket.send(Message::Close(Some(frame)))).await;
}

/// The console's side of its Redis connection.
struct Console {
    sandbox: Arc<Sandbox>,
    redis: Option<UnixStream>,
    /// Bytes read and not yet a whole frame.
    buffer: Vec<u8>,
    /// Commands sent whose replies have not come yet, oldest first (replies come in order).
    awaiting: VecDeque<String>,
    subscriptions: command::Subscriptions,
}

impl Console {
    fn new(sandbox: Arc<Sandbox>) -> Console {
        Console {
            sandbox,
            redis: None,
            buffer: Vec::new(),
            awaiting: VecDeque::new(),
            subscriptions: command::Subscriptions::default(),
        }
    }

    async fn connect(&mut self) -> Vec<ConsoleOutput> {
        let path = self.sandbox.redis.socket_path();
        let stream = match tokio::time::timeout(REDIS_TIMEOUT, UnixStream::connect(path)).await {
            Ok(Ok(stream)) => stream,
            _ => {
                return vec![ConsoleOutput::notice(
                    "redis_not_running",
                    "Redis is not running: start it with Start Redis, then type your command again.",
                )];
            }
        };
        self.redis = Some(stream);
        let hello = Command { words: vec!["HELLO".into(), "3".into()] };
        let mut outputs = vec![ConsoleOutput::notice(
            "connected",
            "Connected to your sandbox's Redis. The console says HELLO 3 first, to speak RESP3:",
        )];
        outputs.extend(self.send(&hello, "HELLO 3").await);
        outputs
    }

    fn disconnect(&mut self) {
        self.redis = None;
        self.buffer.clear();
        self.awaiting.clear();
        self.subscriptions.clear();
    }

    /// A line typed in the page.
    async fn typed(&mut self, line: &str) -> Vec<ConsoleOutput> {
        let command = match command::parse(line) {
            Ok(Some(command)) => command,
            Ok(None) => return Vec::new(),
            Err(refusal) => {
                return vec![refusal.output(line)];
            }
        };
        self.sandbox.touch();
        let mut outputs = Vec::new();
        if self.redis.is_none() {
            outputs.extend(self.connect().await);
            if self.redis.is_none() {
                return outputs;
            }
        }
        if let Err(refusal) = self.subscriptions.admit(&command) {
            outputs.push(refusal.output(line));
            return outputs;
        }
        let recorded: String = line.trim().chars().take(RECORDED_LINE_CHARS).collect();
        self.sandbox.events.record(EventKind::ConsoleCommand { line: recorded });
        outputs.extend(self.send(&command, line.trim()).await);
        outputs
    }

    async fn send(&mut self, command: &Command, line: &str) -> Vec<ConsoleOutput> {
        let bytes = resp::encode_command(&command.words);
        let Some(redis) = self.redis.as_mut() else {
            return Vec::new();
        };
        match tokio::time::timeout(REDIS_TIMEOUT, redis.write_all(&bytes)).await {
            Ok(Ok(())) => {
                if command.has_reply() {
                    self.awaiting.push_back(command.name().to_string());
                }
                vec![ConsoleOutput::Sent { line: line.to_string(), raw: resp::raw_lines(&bytes) }]
            }
            _ => {
                self.disconnect();
                vec![ConsoleOutput::notice(
                    "write_failed",
                    "The command could not be written: Redis closed the connection. Type it again to reconnect.",
                )]
            }
        }
    }

    /// Reads what Redis sent; never completes while there is no connection.
    async fn read(&mut self) -> std::io::Result<usize> {
        match self.redis.as_mut() {
            Some(redis) => {
                self.buffer.reserve(16 * 1024);
                redis.read_buf(&mut self.buffer).await
            }
            None => std::future::pending().await,
        }
    }

    fn received(&mut self, read: std::io::Result<usize>) -> Vec<ConsoleOutput> {
        if !matches!(read, Ok(n) if n > 0) {
            self.disconnect();
            return vec![ConsoleOutput::notice(
                "connection_closed",
                "Redis closed the console's connection (stopped, or the console fell too far behind). \
                 Its subscriptions ended with it; the next command opens a new connection.",
            )];
        }
        let frames = match resp::take_frames(&mut self.buffer) {
            Ok(frames) => frames,
            Err(problem) => {
                self.disconnect();
                let text = problem.to_string();
                return vec![ConsoleOutput::Notice { text, key: None, args: Args::default() }];
            }
        };
        let mut outputs: Vec<ConsoleOutput> = frames.into_iter().map(|received| self.observe(received)).collect();
        if self.buffer.len() > MAX_PENDING_BYTES {
            self.disconnect();
            outputs.push(ConsoleOutput::notice(
                "reply_too_large",
                "That reply is larger than 1 MiB, more than the console shows: the connection was closed. \
                 Ask for less (COUNT, a smaller range).",
            ));
        }
        outputs
    }

    /// Records a frame in the event log and says how to show it.
    fn observe(&mut self, received: resp::Received) -> ConsoleOutput {
        let push = resp::push_kind(&received.frame);
        let event = match &push {
            Some((frame, channel)) => EventKind::ConsoleFrame { frame: frame.clone(), channel: channel.clone() },
            None => EventKind::ConsoleReply {
                command: self.awaiting.pop_front().unwrap_or_default(),
                integer: resp::integer(&received.frame),
                error: resp::error(&received.frame),
            },
        };
        self.sandbox.events.record(event);
        ConsoleOutput::Received {
            text: resp::render(&received.frame),
            raw: resp::raw_lines(&received.raw),
            push: push.map(|(kind, _)| kind),
        }
    }
}
