//! A lesson's exercise: an ordered list of checks, each an observable fact about the sandbox
//! (a message crossed, a message did not, Redis came back, a mode was switched…). The vocabulary
//! is fixed here so `lessons check` can reject a typo before a learner meets it; the sandbox panel
//! decides each check from the sandbox's event log.

use serde::{Deserialize, Serialize};

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Server {
    A,
    B,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Via {
    Local,
    Redis,
}

#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Mode {
    None,
    #[default]
    Pubsub,
    Streams,
}

/// Why a message did not cross.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Reason {
    BridgeOff,
    RedisDown,
    LocalEmit,
    OtherRoom,
}

/// What a check observes, with its parameters (`kind = "…"` in the front matter).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case", deny_unknown_fields)]
pub enum CheckKind {
    Delivered {
        from: Server,
        to: Server,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        via: Option<Via>,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        room: Option<String>,
    },
    NotDelivered {
        from: Server,
        to: Server,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        because: Option<Reason>,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        room: Option<String>,
    },
    ResumedAfterRestart {
        from: Server,
        to: Server,
        /// Server A was the learner's own code through the restart and the delivery.
        #[serde(default, skip_serializing_if = "std::ops::Not::not")]
        own_server: bool,
    },
    MessagesLost {
        at_least: u32,
    },
    OutageWithoutLoss {
        #[serde(default = "one")]
        at_least: u32,
    },
    ModeSwitched {
        to: Mode,
    },
    ConsoleFrame {
        frame: String,
        /// Frames of that type on at least this many different channels.
        #[serde(default = "one")]
        channels: u32,
        /// Only frames on this exact channel count (for `pmessage`, the channel that matched).
        #[serde(default, skip_serializing_if = "Option::is_none")]
        channel: Option<String>,
    },
    ConsoleReply {
        command: String,
        at_least: i64,
    },
    /// A message sent (from `from` when given); with `own_client`, by a client the learner ran
    /// themselves (websocat, a script: a WebSocket opened without a browser's `Origin`).
    Sent {
        #[serde(default, skip_serializing_if = "Option::is_none")]
        from: Option<Server>,
        #[serde(default, skip_serializing_if = "std::ops::Not::not")]
        own_client: bool,
    },
    /// A client came back with its session on the other server than it was last on, and got
    /// at least this many private messages sent while it was away (lesson 5).
    HistoryReplayed {
        #[serde(default = "one")]
        at_least: u32,
    },
}

fn one() -> u32 {
    1
}

/// The kinds an instructor may use, for error messages.
pub const CHECK_KINDS: &[&str] = &[
    "delivered",
    "not_delivered",
    "resumed_after_restart",
    "messages_lost",
    "outage_without_loss",
    "mode_switched",
    "console_frame",
    "console_reply",
    "sent",
    "history_replayed",
];

/// One check of an exercise: what the learner sees of it, and (on the server) what decides it.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Check {
    pub id: String,
    /// The sentence the learner sees.
    pub text: String,
    pub hint: String,
    /// What the server observes to decide the check. The page never reads it, so it is not sent
    /// and not in the browser's build: reading it there (an internally tagged enum, which serde
    /// buffers whole) cost the main bundle about 38 KB before optimisation.
    #[cfg(feature = "ssr")]
    #[serde(skip_serializing)]
    pub kind: CheckKind,
}

/// Panels a lesson's sandbox shows.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Panel {
    Chat,
    Console,
    ModeSwitch,
    RedisControl,
    Events,
}

/// How a lesson's sandbox starts.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SandboxSetup {
    #[serde(default)]
    pub mode: Mode,
    #[serde(default = "default_panels")]
    pub panels: Vec<Panel>,
    /// A Python file (relative to the lesson file) the learner may edit and run as server A:
    /// the "Your server A" tab starts with it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub own_server: Option<String>,
    /// Course modules (relative to the lesson file) that code may import, put read-only beside
    /// it when it runs: lesson 1's `rooms.py`. Every learner's server gets every lesson's.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub own_server_modules: Vec<String>,
}

impl Default for SandboxSetup {
    fn default() -> Self {
        SandboxSetup {
            mode: Mode::default(),
            panels: default_panels(),
            own_server: None,
            own_server_modules: Vec::new(),
        }
    }
}

fn default_panels() -> Vec<Panel> {
    vec![Panel::Chat]
}
