//! How the wire's tagged types are read: each from one flat record of every field its variants
//! may carry, then checked against its `type`, instead of through serde's own decoding of tagged
//! and untagged enums (and a [`SandboxTicket`], whose sandbox's fields sit beside its own).
//!
//! Why: serde reads an internally tagged enum (`{"type": "bridge_lost", ...}`), a flattened one
//! (`Event`'s kind) or an untagged one (`ServerFrame`) by first copying the whole object into a
//! buffer of its own (`Content`), then reading the buffer again once it knows the `type`. That
//! code is generic over every field of every variant: about 100 KB of the browser's bundle, in the
//! sandbox's running views and the live stream. A flat record is one plain struct, read in one
//! pass. The wire is unchanged: the types still serialise as they always did, and the tests below
//! read back every variant they write.
//!
//! The types' `Deserialize` is implemented here, not derived beside them, so that the arrow
//! points one way: this module uses `wire` and `frames`, never the other way round.

use serde::{Deserialize, Deserializer};

use super::frames::{ErrorFrame, ErrorTag, ServerFrame, SystemFrame, SystemTag};
use super::wire::{
    Args, BridgeMode, ChatMessage, ConsoleOutput, CounterSnapshot, EndedSandbox, Event, EventKind, ExerciseStatus,
    LiveMessage, MessageTag, SandboxInfo, SandboxTicket, ServerName, ServersInfo, Via, Websockets,
};

/// A field the record's `type` needs, or why it cannot be read.
///
/// The readers below `take()` each field out of the record rather than move it: a record that is
/// partly moved out of must be dropped field by field at every early return, and that code,
/// repeated at each `?`, was most of their size in the browser's bundle.
fn need<T>(value: Option<T>, field: &str, kind: &str) -> Result<T, String> {
    value.ok_or_else(|| format!("missing field `{field}` for type `{kind}`"))
}

fn unknown(kind: &str) -> String {
    format!("unknown type `{kind}`")
}

/// A bridge mode by its wire name.
fn mode(name: &str, field: &str) -> Result<BridgeMode, String> {
    match name {
        "none" => Ok(BridgeMode::None),
        "pubsub" => Ok(BridgeMode::Pubsub),
        "streams" => Ok(BridgeMode::Streams),
        other => Err(format!("`{field}`: unknown bridge mode `{other}`")),
    }
}

fn server_named(name: &str, field: &str) -> Result<ServerName, String> {
    match name {
        "a" => Ok(ServerName::A),
        "b" => Ok(ServerName::B),
        other => Err(format!("`{field}`: unknown server `{other}`")),
    }
}

/// `to`: the recipients a delivery names (a list), or the mode a bridge changed to (a name).
#[derive(Debug)]
pub enum NamesOrName {
    Names(Vec<String>),
    Name(String),
}

impl<'de> Deserialize<'de> for NamesOrName {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct Either;
        impl<'de> serde::de::Visitor<'de> for Either {
            type Value = NamesOrName;
            fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
                f.write_str("a list of names or a name")
            }
            fn visit_str<E: serde::de::Error>(self, name: &str) -> Result<NamesOrName, E> {
                Ok(NamesOrName::Name(name.to_string()))
            }
            fn visit_seq<S: serde::de::SeqAccess<'de>>(self, mut seq: S) -> Result<NamesOrName, S::Error> {
                let mut names = Vec::new();
                while let Some(name) = seq.next_element()? {
                    names.push(name);
                }
                Ok(NamesOrName::Names(names))
            }
        }
        deserializer.deserialize_any(Either)
    }
}

/// An [`Event`] as it travels: its number and time, its `type`, and any kind's fields.
#[derive(Deserialize)]
pub struct FlatEvent {
    seq: u64,
    at_ms: u64,
    #[serde(rename = "type")]
    kind: String,
    server: Option<ServerName>,
    room: Option<String>,
    user: Option<String>,
    #[serde(default)]
    own_client: bool,
    reason: Option<String>,
    id: Option<String>,
    local: Option<bool>,
    bridge: Option<BridgeMode>,
    via: Option<Via>,
    recipients: Option<usize>,
    /// `MessageDelivered`'s names, or `ModeChanged`'s new mode.
    to: Option<NamesOrName>,
    crossed_us: Option<u64>,
    error: Option<String>,
    waited_ms: Option<u64>,
    down_ms: Option<u64>,
    listening_on: Option<String>,
    /// `SessionResumed`'s server, or `ModeChanged`'s old mode.
    from: Option<String>,
    resumed_from: Option<ServerName>,
    count: Option<usize>,
    ceiling_mb: Option<u64>,
    exit: Option<String>,
    ready_ms: Option<u64>,
    text: Option<String>,
    #[serde(default)]
    platform: bool,
    key: Option<String>,
    #[serde(default)]
    args: Args,
    check: Option<String>,
    position: Option<usize>,
    line: Option<String>,
    command: Option<String>,
    integer: Option<i64>,
    frame: Option<String>,
    channel: Option<String>,
}

impl TryFrom<FlatEvent> for Event {
    type Error = String;

    fn try_from(mut f: FlatEvent) -> Result<Event, String> {
        let k = f.kind.as_str();
        let kind = match k {
            "client_joined" => EventKind::ClientJoined {
                server: need(f.server.take(), "server", k)?,
                room: need(f.room.take(), "room", k)?,
                user: need(f.user.take(), "user", k)?,
                own_client: f.own_client,
            },
            "client_left" => EventKind::ClientLeft {
                server: need(f.server.take(), "server", k)?,
                room: need(f.room.take(), "room", k)?,
                user: need(f.user.take(), "user", k)?,
                reason: need(f.reason.take(), "reason", k)?,
            },
            "message_sent" => EventKind::MessageSent {
                id: need(f.id.take(), "id", k)?,
                server: need(f.server.take(), "server", k)?,
                room: need(f.room.take(), "room", k)?,
                user: need(f.user.take(), "user", k)?,
                local: need(f.local.take(), "local", k)?,
                bridge: need(f.bridge.take(), "bridge", k)?,
            },
            "message_delivered" => EventKind::MessageDelivered {
                id: need(f.id.take(), "id", k)?,
                server: need(f.server.take(), "server", k)?,
                room: need(f.room.take(), "room", k)?,
                via: need(f.via.take(), "via", k)?,
                recipients: need(f.recipients.take(), "recipients", k)?,
                to: match need(f.to.take(), "to", k)? {
                    NamesOrName::Names(names) => names,
                    NamesOrName::Name(_) => return Err("`to`: expected a list of names".into()),
                },
                crossed_us: f.crossed_us,
            },
            "publish_failed" => EventKind::PublishFailed {
                id: need(f.id.take(), "id", k)?,
                server: need(f.server.take(), "server", k)?,
                error: need(f.error.take(), "error", k)?,
            },
            "message_replayed" => EventKind::MessageReplayed {
                id: need(f.id.take(), "id", k)?,
                server: need(f.server.take(), "server", k)?,
                waited_ms: need(f.waited_ms.take(), "waited_ms", k)?,
            },
            "bridge_lost" => EventKind::BridgeLost {
                server: need(f.server.take(), "server", k)?,
                error: need(f.error.take(), "error", k)?,
            },
            "bridge_restored" => EventKind::BridgeRestored {
                server: need(f.server.take(), "server", k)?,
                down_ms: need(f.down_ms.take(), "down_ms", k)?,
            },
            "subscribed" => EventKind::Subscribed {
                server: need(f.server.take(), "server", k)?,
                listening_on: need(f.listening_on.take(), "listening_on", k)?,
            },
            "resubscribed" => EventKind::Resubscribed {
                server: need(f.server.take(), "server", k)?,
                listening_on: need(f.listening_on.take(), "listening_on", k)?,
            },
            "session_resumed" => EventKind::SessionResumed {
                user: need(f.user.take(), "user", k)?,
                server: need(f.server.take(), "server", k)?,
                from: server_named(&need(f.from.take(), "from", k)?, "from")?,
            },
            "history_replayed" => EventKind::HistoryReplayed {
                user: need(f.user.take(), "user", k)?,
                server: need(f.server.take(), "server", k)?,
                resumed_from: need(f.resumed_from.take(), "resumed_from", k)?,
                count: need(f.count.take(), "count", k)?,
            },
            "redis_stopped" => EventKind::RedisStopped,
            "redis_ended" => EventKind::RedisEnded {
                reason: need(f.reason.take(), "reason", k)?,
                ceiling_mb: f.ceiling_mb,
                exit: f.exit.take(),
            },
            "redis_started" => EventKind::RedisStarted { ready_ms: need(f.ready_ms.take(), "ready_ms", k)? },
            "mode_changed" => EventKind::ModeChanged {
                from: mode(&need(f.from.take(), "from", k)?, "from")?,
                to: match need(f.to.take(), "to", k)? {
                    NamesOrName::Name(name) => mode(&name, "to")?,
                    NamesOrName::Names(_) => return Err("`to`: expected a bridge mode".into()),
                },
            },
            "client_lagged" => EventKind::ClientLagged {
                server: need(f.server.take(), "server", k)?,
                room: need(f.room.take(), "room", k)?,
                user: need(f.user.take(), "user", k)?,
            },
            "own_server_started" => EventKind::OwnServerStarted { ready_ms: need(f.ready_ms.take(), "ready_ms", k)? },
            "own_server_stopped" => EventKind::OwnServerStopped { reason: need(f.reason.take(), "reason", k)? },
            "own_server_output" => EventKind::OwnServerOutput {
                text: need(f.text.take(), "text", k)?,
                platform: f.platform,
                key: f.key.take(),
                args: std::mem::take(&mut f.args),
            },
            "check_passed" => EventKind::CheckPassed {
                check: need(f.check.take(), "check", k)?,
                position: need(f.position.take(), "position", k)?,
            },
            "exercise_completed" => EventKind::ExerciseCompleted,
            "exercise_reset" => EventKind::ExerciseReset,
            "console_command" => EventKind::ConsoleCommand { line: need(f.line.take(), "line", k)? },
            "console_reply" => EventKind::ConsoleReply {
                command: need(f.command.take(), "command", k)?,
                integer: f.integer,
                error: f.error.take(),
            },
            "console_frame" => {
                EventKind::ConsoleFrame { frame: need(f.frame.take(), "frame", k)?, channel: f.channel.take() }
            }
            other => return Err(unknown(other)),
        };
        Ok(Event { seq: f.seq, at_ms: f.at_ms, kind })
    }
}

/// A [`LiveMessage`] as it travels.
#[derive(Deserialize)]
pub struct FlatLive {
    #[serde(rename = "type")]
    kind: String,
    sandbox: Option<String>,
    event: Option<Event>,
    unread: Option<i64>,
}

impl TryFrom<FlatLive> for LiveMessage {
    type Error = String;

    fn try_from(mut f: FlatLive) -> Result<LiveMessage, String> {
        let k = f.kind.as_str();
        Ok(match k {
            "sandbox_started" => LiveMessage::SandboxStarted { sandbox: need(f.sandbox.take(), "sandbox", k)? },
            "sandbox" => LiveMessage::Sandbox {
                sandbox: need(f.sandbox.take(), "sandbox", k)?,
                event: need(f.event.take(), "event", k)?,
            },
            "sandbox_ended" => LiveMessage::SandboxEnded { sandbox: need(f.sandbox.take(), "sandbox", k)? },
            "progress_changed" => LiveMessage::ProgressChanged,
            "notifications" => LiveMessage::Notifications { unread: need(f.unread.take(), "unread", k)? },
            other => return Err(unknown(other)),
        })
    }
}

/// A [`ConsoleOutput`] as it travels.
#[derive(Deserialize)]
pub struct FlatConsole {
    #[serde(rename = "type")]
    kind: String,
    line: Option<String>,
    raw: Option<Vec<String>>,
    text: Option<String>,
    push: Option<String>,
    reason: Option<String>,
    key: Option<String>,
    #[serde(default)]
    args: Args,
}

impl TryFrom<FlatConsole> for ConsoleOutput {
    type Error = String;

    fn try_from(mut f: FlatConsole) -> Result<ConsoleOutput, String> {
        let k = f.kind.as_str();
        Ok(match k {
            "sent" => ConsoleOutput::Sent { line: need(f.line.take(), "line", k)?, raw: need(f.raw.take(), "raw", k)? },
            "received" => ConsoleOutput::Received {
                text: need(f.text.take(), "text", k)?,
                raw: need(f.raw.take(), "raw", k)?,
                push: f.push.take(),
            },
            "refused" => ConsoleOutput::Refused {
                line: need(f.line.take(), "line", k)?,
                reason: need(f.reason.take(), "reason", k)?,
                key: f.key.take(),
                args: std::mem::take(&mut f.args),
            },
            "notice" => ConsoleOutput::Notice {
                text: need(f.text.take(), "text", k)?,
                key: f.key.take(),
                args: std::mem::take(&mut f.args),
            },
            other => return Err(unknown(other)),
        })
    }
}

/// A [`ServerFrame`] as it travels: a chat message, a notice or an error, told apart by `type`.
#[derive(Deserialize)]
pub struct FlatFrame {
    #[serde(rename = "type")]
    kind: String,
    // A chat message's.
    id: Option<String>,
    room: Option<String>,
    user: Option<String>,
    origin: Option<String>,
    via: Option<Via>,
    sent_at_ms: Option<u64>,
    seq: Option<u64>,
    #[serde(default)]
    replayed: bool,
    // A message's or a notice's.
    text: Option<String>,
    // A notice's.
    #[serde(default)]
    event: String,
    session: Option<String>,
    // An error's.
    error: Option<String>,
    detail: Option<String>,
    // A notice's or an error's.
    #[serde(default)]
    args: Args,
}

impl TryFrom<FlatFrame> for ServerFrame {
    type Error = String;

    fn try_from(mut f: FlatFrame) -> Result<ServerFrame, String> {
        let k = f.kind.as_str();
        Ok(match k {
            "message" => ServerFrame::Message(ChatMessage {
                kind: MessageTag::Message,
                id: need(f.id.take(), "id", k)?,
                room: need(f.room.take(), "room", k)?,
                user: need(f.user.take(), "user", k)?,
                text: need(f.text.take(), "text", k)?,
                origin: need(f.origin.take(), "origin", k)?,
                via: need(f.via.take(), "via", k)?,
                sent_at_ms: need(f.sent_at_ms.take(), "sent_at_ms", k)?,
                seq: f.seq,
                replayed: f.replayed,
            }),
            "system" => ServerFrame::System(SystemFrame {
                kind: SystemTag::System,
                event: std::mem::take(&mut f.event),
                text: need(f.text.take(), "text", k)?,
                args: std::mem::take(&mut f.args),
                session: f.session.take(),
            }),
            "error" => ServerFrame::Error(ErrorFrame {
                kind: ErrorTag::Error,
                error: need(f.error.take(), "error", k)?,
                detail: need(f.detail.take(), "detail", k)?,
                args: std::mem::take(&mut f.args),
            }),
            other => return Err(unknown(other)),
        })
    }
}

/// A [`SandboxTicket`] as it travels: the sandbox's fields ([`SandboxInfo`]) beside the ticket's
/// own (serde's `flatten` would buffer the object as a tagged enum does).
#[derive(Deserialize)]
pub struct FlatTicket {
    id: String,
    redis: String,
    redis_pid: Option<u32>,
    bridge: BridgeMode,
    servers: ServersInfo,
    counters: CounterSnapshot,
    created_at_ms: u64,
    exercise: Option<ExerciseStatus>,
    #[serde(default)]
    own_server_running: bool,
    token: String,
    websockets: Websockets,
    events_url: String,
    expires_at_ms: u64,
    idle_timeout_secs: u64,
    ended: Option<EndedSandbox>,
}

impl From<FlatTicket> for SandboxTicket {
    fn from(f: FlatTicket) -> SandboxTicket {
        SandboxTicket {
            info: SandboxInfo {
                id: f.id,
                redis: f.redis,
                redis_pid: f.redis_pid,
                bridge: f.bridge,
                servers: f.servers,
                counters: f.counters,
                created_at_ms: f.created_at_ms,
                exercise: f.exercise,
                own_server_running: f.own_server_running,
            },
            token: f.token,
            websockets: f.websockets,
            events_url: f.events_url,
            expires_at_ms: f.expires_at_ms,
            idle_timeout_secs: f.idle_timeout_secs,
            ended: f.ended,
        }
    }
}

/// `Deserialize` for a wire type, through its flat record.
macro_rules! read_through {
    ($wire:ty, $flat:ty) => {
        impl<'de> Deserialize<'de> for $wire {
            fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
                <$wire>::try_from(<$flat>::deserialize(deserializer)?).map_err(serde::de::Error::custom)
            }
        }
    };
}

read_through!(Event, FlatEvent);
read_through!(LiveMessage, FlatLive);
read_through!(ConsoleOutput, FlatConsole);
read_through!(ServerFrame, FlatFrame);
read_through!(SandboxTicket, FlatTicket);

#[cfg(test)]
#[path = "flat_tests.rs"]
mod tests;
