//! Why a sandbox request was declined: a key (the variant, and [`SandboxRefusal::code`] for the
//! JSON API's `error` field), its arguments, and the sentence it says at display time. Shared by
//! the HTTP API (curl), the panel's server functions and the page that shows them.

use serde::{Deserialize, Serialize};

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, thiserror::Error)]
pub enum SandboxRefusal {
    /// No such sandbox, or not the asker's: the same answer, so ids cannot be probed.
    #[error("This sandbox has ended. Start a new one.")]
    Ended,
    /// The sandbox's id names another node: the request was sent to the wrong one (a proxy
    /// that routes by the id, or the node cookie, would not have).
    #[error("This sandbox runs on node {node}, and this request reached another node.")]
    OnAnotherNode { node: String },
    /// A page of another site tried to act with the learner's cookie.
    #[error("Requests from other sites may not act with a learner's cookie; use the sandbox's token.")]
    CrossSite,
    #[error("There is no lesson `{slug}`.")]
    NoSuchLesson { slug: String },
    #[error("This sandbox was not started for a lesson, so it has no exercise.")]
    NoExercise,
    #[error("Room names are 1-64 letters, digits, '-', '_', '.' or ':'.")]
    BadRoom,
    #[error("User names are 1-40 printable characters.")]
    BadUser,
    /// The request's body was not what the route reads; `detail` is the parser's own words.
    #[error("The request's body was not understood: expected {expected}: {detail}")]
    BadBody { expected: String, detail: String },
    #[error("The code is over {max_kib} KiB; keep server A to one file.")]
    CodeTooLarge { max_kib: usize },
    #[error("You already have {0} sandboxes running; delete one or wait for it to expire.")]
    TooManyForOwner(usize),
    #[error("Your network address already holds {0} sandboxes, its share of this server; try again when one ends.")]
    TooManyForAddress(usize),
    #[error("The server is running its maximum of {0} sandboxes; try again in a minute.")]
    TooManyInTotal(usize),
    #[error("Too many new learners from your network address this minute; try again in {retry_after_secs} seconds.")]
    TooManyNewLearners { retry_after_secs: u64 },
    #[error("This sandbox already has {0} WebSockets open.")]
    SandboxConnectionsFull(usize),
    #[error("This sandbox already has {0} event streams open.")]
    EventStreamsFull(usize),
    #[error("Your network address has too many connections open.")]
    AddressConnectionsFull,
    #[error("You already have {0} pages with a live stream open.")]
    LiveStreamsFull(usize),
    #[error("This sandbox already uses {0} rooms; join one of those.")]
    TooManyRooms(usize),
    #[error("Redis was stopped and started too often; try again in {retry_after_secs} s.")]
    TooFast { retry_after_secs: u64 },
    #[error(
        "This server runs {0} learners' servers at once, its most. Try again in a few minutes, or use our server A meanwhile."
    )]
    ServersBusyInTotal(usize),
    #[error(
        "Your network address already runs {0} servers, its share of this machine: stop one (in another tab?) and run again."
    )]
    ServersBusyForAddress(usize),
    /// Something the machine lacks (a redis-server, bubblewrap): `what` says what, for whoever runs it.
    #[error("{what}")]
    Unavailable { what: String },
}

impl SandboxRefusal {
    /// The JSON API's `error` field (documented in docs/sandbox-protocol.md).
    pub fn code(&self) -> &'static str {
        use SandboxRefusal::*;
        match self {
            Ended => "not_found",
            OnAnotherNode { .. } => "misdirected",
            CrossSite => "cross_site",
            NoSuchLesson { .. } | NoExercise | BadRoom | BadUser | BadBody { .. } | CodeTooLarge { .. } => {
                "bad_request"
            }
            TooManyForOwner(_) | TooManyForAddress(_) | TooManyInTotal(_) => "too_many_sandboxes",
            TooManyNewLearners { .. } => "too_many_new_learners",
            SandboxConnectionsFull(_) | EventStreamsFull(_) | AddressConnectionsFull | LiveStreamsFull(_) => {
                "too_many_connections"
            }
            TooManyRooms(_) => "too_many_rooms",
            TooFast { .. } => "too_fast",
            ServersBusyInTotal(_) | ServersBusyForAddress(_) => "too_many_servers",
            Unavailable { .. } => "unavailable",
        }
    }

    pub fn status(&self) -> u16 {
        match self.code() {
            "not_found" => 404,
            "misdirected" => 421,
            "cross_site" => 403,
            "bad_request" => 400,
            "unavailable" => 503,
            _ => 429,
        }
    }

    /// When trying again may succeed: limits pass with time.
    pub fn retry_after_secs(&self) -> Option<u64> {
        use SandboxRefusal::*;
        match self {
            TooManyForOwner(_) | TooManyForAddress(_) | TooManyInTotal(_) | TooManyRooms(_) => Some(60),
            ServersBusyInTotal(_) | ServersBusyForAddress(_) => Some(60),
            SandboxConnectionsFull(_) | EventStreamsFull(_) | AddressConnectionsFull | LiveStreamsFull(_) => Some(5),
            TooManyNewLearners { retry_after_secs } | TooFast { retry_after_secs } => Some((*retry_after_secs).max(1)),
            _ => None,
        }
    }
}

/// Whole seconds, rounded up: "retry after 0 s" would invite an immediate retry.
pub fn whole_seconds(wait: std::time::Duration) -> u64 {
    (wait.as_secs() + u64::from(wait.subsec_nanos() > 0)).max(1)
}
