//! The bridge between a chat server and the sandbox's Redis, in one of three modes:
//! - `none`: no bridge; each server delivers only to its own members (the world before scaling out);
//! - `pubsub`: PUBLISH to `ws:room:{room}`, one pattern subscription `ws:room:*` per server.
//!   Fire-and-forget: what is published while Redis is down is lost, and counted;
//! - `streams`: XADD to a bounded Stream per room, each server reading from its last-seen id;
//!   messages sent while Redis is down wait in an ordered outbox and are appended when it is back.

mod host;
mod link;
mod outbox;
mod pubsub;
mod redis_config;
mod streams;

use std::sync::Weak;

pub use super::wire::BridgeMode;
pub use host::{BridgeHost, LinkChange};
pub use link::LinkStatus;
pub use outbox::OutboxLimits;

use super::protocol::{ChatMessage, MemberId};

/// What a bridge needs to reach its Redis.
#[derive(Clone, Debug)]
pub struct BridgeSettings {
    pub redis_url: String,
    /// What may wait for Redis on one server (both modes).
    pub outbox: OutboxLimits,
}

/// A message handed to the bridge, already encoded as the other server's clients will read it.
pub struct Outgoing {
    pub message: ChatMessage,
    pub sender: MemberId,
}

impl Outgoing {
    /// What it weighs against the outbox budget.
    pub fn weight(&self) -> usize {
        outbox::weight(&self.message)
    }
}

pub enum Bridge {
    None,
    Running(Running),
}

/// A running bridge, whichever its mode: the bounded queue to Redis, the link's state (up,
/// down, since when), and the switch that ends its tasks.
pub struct Running {
    mode: BridgeMode,
    /// Bounded by count and bytes; beyond that, messages are refused and counted as lost.
    jobs: outbox::BoundedSender,
    link: std::sync::Arc<link::Link>,
    cancel: tokio_util::sync::CancellationToken,
}

impl Bridge {
    pub fn start(mode: BridgeMode, host: Weak<dyn BridgeHost>, settings: &BridgeSettings) -> Bridge {
        match mode {
            BridgeMode::None => Bridge::None,
            BridgeMode::Pubsub => Bridge::Running(pubsub::start(host, settings)),
            BridgeMode::Streams => Bridge::Running(streams::start(host, settings)),
        }
    }

    pub fn mode(&self) -> BridgeMode {
        match self {
            Bridge::None => BridgeMode::None,
            Bridge::Running(running) => running.mode,
        }
    }

    pub fn status(&self) -> &'static str {
        match self {
            Bridge::None => "off",
            Bridge::Running(running) => running.link.status().as_str(),
        }
    }

    /// Hands a message to the bridge without waiting. An error says why it cannot cross.
    // The refused message comes back whole so that the caller can report it; refusals are rare.
    #[allow(clippy::result_large_err)]
    pub fn publish(&self, outgoing: Outgoing) -> Result<(), (Outgoing, &'static str)> {
        match self {
            Bridge::None => Ok(()),
            Bridge::Running(running) => running.jobs.send(outgoing),
        }
    }

    pub fn stop(self) {
        if let Bridge::Running(running) = self {
            running.cancel.cancel();
        }
    }
}
