//! The sandbox's wire types, compiled into both the server and the browser bundle: the chat
//! messages clients receive, the events of a sandbox's log, and what the API says of a sandbox.
//! The server writes them; the panel in the page reads them with the very same definitions.

use std::fmt;

use serde::de::{MapAccess, Visitor};
use serde::ser::SerializeMap;
use serde::{Deserialize, Deserializer, Serialize, Serializer};

/// Which of the sandbox's two chat servers.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum ServerName {
    A,
    B,
}

impl ServerName {
    pub fn as_str(self) -> &'static str {
        match self {
            ServerName::A => "a",
            ServerName::B => "b",
        }
    }

    pub fn parse(s: &str) -> Option<ServerName> {
        match s {
            "a" | "A" => Some(ServerName::A),
            "b" | "B" => Some(ServerName::B),
            _ => None,
        }
    }
}

/// How a delivered message reached this server.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Via {
    Local,
    Redis,
}

/// A chat message as clients receive it, and (with `via: redis`) as it travels through Redis,
/// so the receiving server forwards the bytes it got without encoding them again.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct ChatMessage {
    #[serde(rename = "type")]
    pub kind: MessageTag,
    pub id: String,
    pub room: String,
    pub user: String,
    pub text: String,
    /// The server the sender is connected to ("a" or "b"; "redis" for a raw PUBLISH).
    pub origin: String,
    pub via: Via,
    pub sent_at_ms: u64,
    /// A private message's number in its addressee's inbox (a message to a room `user:{name}`,
    /// see `sandbox::private`): a client that holds up to N asks for what came after N.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub seq: Option<u64>,
    /// Sent again from the inbox to a session resumed after it arrived.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub replayed: bool,
}

/// Serialises as the constant `"message"`.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum MessageTag {
    #[default]
    Message,
}

#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum BridgeMode {
    None,
    #[default]
    Pubsub,
    Streams,
}

impl BridgeMode {
    pub fn as_str(self) -> &'static str {
        match self {
            BridgeMode::None => "none",
            BridgeMode::Pubsub => "pubsub",
            BridgeMode::Streams => "streams",
        }
    }
}

/// A delivery event names at most this many recipients; the count is always exact.
const NAMED_RECIPIENTS: usize = 8;

/// Read by `sandbox::flat` (its `Deserialize` is there: see that module for why).
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Event {
    pub seq: u64,
    pub at_ms: u64,
    #[serde(flatten)]
    pub kind: EventKind,
}

/// Written as the fields of its [`Event`], beside a `type`; read only as part of one.
#[derive(Clone, Debug, PartialEq, Serialize)]
#[serde(tag = "type", rename_all = "snake_case")]
pub enum EventKind {
    ClientJoined {
        server: ServerName,
        room: String,
        user: String,
        /// The client connected without a browser's `Origin`: the learner's own program
        /// (websocat, a script), not the page.
        #[serde(default, skip_serializing_if = "std::ops::Not::not")]
        own_client: bool,
    },
    ClientLeft {
        server: ServerName,
        room: String,
        user: String,
        reason: String,
    },
    /// A client sent a message; `published` says whether it went to Redis (or was meant to).
    MessageSent {
        id: String,
        server: ServerName,
        room: String,
        user: String,
        local: bool,
        bridge: BridgeMode,
    },
    /// A server delivered a message to its own members. `recipients` counts (and `to` names, up
    /// to 8) the members other than the sender, who sees its own message but receives it from
    /// nobody.
    MessageDelivered {
        id: String,
        server: ServerName,
        room: String,
        via: Via,
        recipients: usize,
        to: Vec<String>,
        /// Through Redis: how long the message took, from the server it was sent to reading it
        /// to this one handing it to its members (µs), timed by the sandbox (`EventLog`). None for
        /// a local delivery, or a message whose sending the log did not see.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        crossed_us: Option<u64>,
    },
    /// Publishing to Redis failed: the message stayed on its server (lost to the others).
    PublishFailed {
        id: String,
        server: ServerName,
        error: String,
    },
    /// Streams mode: a message waited in the outbox during an outage and was appended later.
    MessageReplayed {
        id: String,
        server: ServerName,
        waited_ms: u64,
    },
    BridgeLost {
        server: ServerName,
        error: String,
    },
    BridgeRestored {
        server: ServerName,
        down_ms: u64,
    },
    /// The bridge listens for the first time (`listening_on`: the pattern or the streams).
    Subscribed {
        server: ServerName,
        listening_on: String,
    },
    /// The bridge listens again after an outage, without a server restart.
    Resubscribed {
        server: ServerName,
        listening_on: String,
    },
    /// A client presented its session (lesson 5): it is `user` again, on `server`, where it was
    /// last on `from`.
    SessionResumed {
        user: String,
        server: ServerName,
        from: ServerName,
    },
    /// A resumed session got the `count` private messages its inbox held beyond what the client
    /// had; `resumed_from` is the server it was on before.
    HistoryReplayed {
        user: String,
        server: ServerName,
        resumed_from: ServerName,
        count: usize,
    },
    RedisStopped,
    /// Redis ended by itself (its memory ceiling, a crash): an outage like a stop, with why.
    RedisEnded {
        /// Why, in English.
        reason: String,
        /// The memory ceiling it hit (MiB), when that is why.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        ceiling_mb: Option<u64>,
        /// Otherwise how the process ended ("signal 9", "exit status 1", "it aborted").
        #[serde(default, skip_serializing_if = "Option::is_none")]
        exit: Option<String>,
    },
    RedisStarted {
        ready_ms: u64,
    },
    ModeChanged {
        from: BridgeMode,
        to: BridgeMode,
    },
    ClientLagged {
        server: ServerName,
        room: String,
        user: String,
    },
    /// The learner's own server A answered for the first time: it serves A's clients from now on.
    OwnServerStarted {
        ready_ms: u64,
    },
    /// The learner's own server A ended (`reason`, in words); server A is ours again.
    OwnServerStopped {
        reason: String,
    },
    /// A line of the learner's server's log: what it printed, or (`platform`) what we say of it.
    OwnServerOutput {
        text: String,
        #[serde(default, skip_serializing_if = "std::ops::Not::not")]
        platform: bool,
        /// A platform line's sentence for programs, and the values it names (see `Output::say`).
        #[serde(default, skip_serializing_if = "Option::is_none")]
        key: Option<String>,
        #[serde(default, skip_serializing_if = "Args::is_empty")]
        args: Args,
    },
    /// The sandbox's exercise: a check was met (`position` counts from 1, in order).
    CheckPassed {
        check: String,
        position: usize,
    },
    /// Every check of the exercise was met.
    ExerciseCompleted,
    /// The learner asked to practise again: the checks start over.
    ExerciseReset,
    /// The Redis console sent a command: the line as typed (cut at 200 characters).
    ConsoleCommand {
        line: String,
    },
    /// Redis answered a console command: its integer or its error, when the reply is one.
    ConsoleReply {
        command: String,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        integer: Option<i64>,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        error: Option<String>,
    },
    /// A push frame reached the console (`subscribe`, `message`, `pmessage`…) and the channel it
    /// concerns (for `pmessage`, the channel that matched).
    ConsoleFrame {
        frame: String,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        channel: Option<String>,
    },
}

/// What the page's one live stream (`GET /api/live?lesson=SLUG`) sends, one JSON object per
/// server-sent event. Sandbox events today; the learner's progress will travel the same way.
/// Read by `sandbox::flat`.
#[derive(Clone, Debug, PartialEq, Serialize)]
#[serde(tag = "type", rename_all = "snake_case")]
pub enum LiveMessage {
    /// The learner's sandbox for this lesson is followed from now on (it was running when the
    /// stream opened, or it just started, perhaps in another tab); its whole log follows.
    SandboxStarted { sandbox: String },
    /// An event of that sandbox.
    Sandbox { sandbox: String, event: Event },
    /// That sandbox ended (expired, reset, ended to make room, or the server is stopping).
    SandboxEnded { sandbox: String },
    /// An award landed: the page reads the learner's progress again.
    ProgressChanged,
    /// The learner's unread notifications (replies to their comments): the bell shows this count.
    Notifications { unread: i64 },
}

/// What the Redis console's WebSocket sends the page, one JSON object per frame.
/// Read by `sandbox::flat`.
#[derive(Clone, Debug, PartialEq, Serialize)]
#[serde(tag = "type", rename_all = "snake_case")]
pub enum ConsoleOutput {
    /// A command was written to Redis: the line typed, and its RESP bytes cut at each `\r\n`.
    Sent { line: String, raw: Vec<String> },
    /// A frame from Redis: as `redis-cli` prints it, its bytes cut at each `\r\n`, and its push
    /// kind when it is one (frames that arrive unasked, after SUBSCRIBE).
    Received {
        text: String,
        raw: Vec<String>,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        push: Option<String>,
    },
    /// The line was not sent, and why (`reason` in English; `key` and `args`, the same for
    /// programs: the panel says it in the reader's language from them).
    Refused {
        line: String,
        reason: String,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        key: Option<String>,
        #[serde(default, skip_serializing_if = "Args::is_empty")]
        args: Args,
    },
    /// The console's connection itself: opened, closed by Redis, Redis stopped (with a key and
    /// args as a refusal).
    Notice {
        text: String,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        key: Option<String>,
        #[serde(default, skip_serializing_if = "Args::is_empty")]
        args: Args,
    },
}

impl ConsoleOutput {
    /// A notice: `text` in English, and the same sentence as `key`.
    pub fn notice(key: &str, text: &str) -> ConsoleOutput {
        ConsoleOutput::Notice { text: text.to_string(), key: Some(key.to_string()), args: Args::default() }
    }

    /// A line not sent: `reason` in English, and the same as `key` and `args`.
    pub fn refused(line: &str, reason: String, key: &str, args: Args) -> ConsoleOutput {
        ConsoleOutput::Refused { line: line.to_string(), reason, key: Some(key.to_string()), args }
    }
}

impl EventKind {
    pub fn delivered(
        id: &str,
        server: ServerName,
        room: &str,
        via: Via,
        recipients: &[String],
        count: usize,
    ) -> EventKind {
        EventKind::MessageDelivered {
            id: id.to_string(),
            server,
            room: room.to_string(),
            via,
            recipients: count,
            to: recipients.iter().take(NAMED_RECIPIENTS).cloned().collect(),
            crossed_us: None,
        }
    }
}

#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct CounterSnapshot {
    pub sent: u64,
    pub delivered: u64,
    /// Messages that never crossed to the other server because publishing failed.
    pub lost: u64,
    pub replayed: u64,
}

/// What the API shows of a sandbox.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct SandboxInfo {
    pub id: String,
    pub redis: String,
    /// The redis-server process id while it runs (for the curious, and for the tests).
    pub redis_pid: Option<u32>,
    pub bridge: BridgeMode,
    pub servers: ServersInfo,
    pub counters: CounterSnapshot,
    pub created_at_ms: u64,
    /// The lesson it was started for, and how far its exercise got.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub exercise: Option<ExerciseStatus>,
    /// Server A is the learner's own code, running.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub own_server_running: bool,
}

/// A sandbox's exercise, as the server's evaluation has decided it so far.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct ExerciseStatus {
    pub lesson: String,
    /// Ids of the checks met, in order.
    pub passed: Vec<String>,
    pub completed: bool,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct ServersInfo {
    pub a: ServerInfo,
    pub b: ServerInfo,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct ServerInfo {
    pub clients: usize,
    pub bridge: String,
}

/// What Run answered: started (how fast), or the log of a start that failed.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub enum OwnServerRun {
    Started { ready_ms: u64 },
    DidNotStart { log: String },
}

/// What the owner of a sandbox gets when it is created or found again: its state, the token that
/// opens it without a cookie, and where to connect.
/// Read by `sandbox::flat`.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct SandboxTicket {
    #[serde(flatten)]
    pub info: SandboxInfo,
    pub token: String,
    pub websockets: Websockets,
    pub events_url: String,
    pub expires_at_ms: u64,
    pub idle_timeout_secs: u64,
    /// Another sandbox of the learner's that was ended to make room for this one.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub ended: Option<EndedSandbox>,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Websockets {
    pub a: String,
    pub b: String,
    /// The Redis console (a WebSocket speaking [`ConsoleOutput`]).
    pub console: String,
}

/// What became of the sandbox a page followed, asked when the page's live stream broke.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub enum AfterBreak {
    /// The learner's sandbox for the lesson runs (the same one, or one started since).
    Running(Box<SandboxTicket>),
    /// It ended, and the learner has none for the lesson now.
    Ended,
    /// It ran on another node, and the page's requests reach this one now: that node went away
    /// (a proxy sends a learner elsewhere only when their node is down), and its sandboxes with it.
    /// Said when no new sandbox could be started in its place (the page starts one, and says why
    /// not).
    ServerGone { node: String },
    /// It went away with its node (as `ServerGone`), and this node started the learner's new
    /// sandbox for the lesson in the same request: the page follows it at once.
    Replaced { node: String, ticket: Box<SandboxTicket> },
}

/// A sandbox ended to make room, and the sentence that tells the learner.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct EndedSandbox {
    /// The lesson it was started for, if any.
    pub lesson: Option<String>,
    pub message: String,
}

/// The values a sentence names, by name (a frame's, a log line's), a JSON object of strings (`{"seconds": "2.5"}`), in the order
/// given. A list rather than a map: a frame has a handful, and a map's code would cost the
/// browser's bundle kilobytes for nothing.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Args(Vec<(String, String)>);

impl Args {
    /// From names and values.
    pub fn of(args: &[(&str, &str)]) -> Args {
        Args(args.iter().map(|(name, value)| (name.to_string(), value.to_string())).collect())
    }

    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }

    /// Adds values by name.
    pub fn extend(&mut self, args: &[(&str, &str)]) {
        self.0.extend(args.iter().map(|(name, value)| (name.to_string(), value.to_string())));
    }

    pub fn get(&self, name: &str) -> Option<&str> {
        self.0.iter().find(|(n, _)| n == name).map(|(_, value)| value.as_str())
    }
}

impl Serialize for Args {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let mut map = serializer.serialize_map(Some(self.0.len()))?;
        for (name, value) in &self.0 {
            map.serialize_entry(name, value)?;
        }
        map.end()
    }
}

impl<'de> Deserialize<'de> for Args {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct ArgsVisitor;
        impl<'de> Visitor<'de> for ArgsVisitor {
            type Value = Args;
            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                f.write_str("an object of strings")
            }
            fn visit_map<M: MapAccess<'de>>(self, mut map: M) -> Result<Args, M::Error> {
                let mut args = Vec::new();
                while let Some(entry) = map.next_entry()? {
                    args.push(entry);
                }
                Ok(Args(args))
            }
        }
        deserializer.deserialize_map(ArgsVisitor)
    }
}
