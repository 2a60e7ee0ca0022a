//! The state of a bridge's link to Redis, and the events and system frames its changes produce.

use std::sync::{Mutex, Weak};
use std::time::Instant;

use crate::sandbox::chat_server::ChatServer;
use crate::sandbox::events::EventKind;

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum LinkStatus {
    Connecting,
    Up,
    Down,
}

impl LinkStatus {
    pub fn as_str(self) -> &'static str {
        match self {
            LinkStatus::Connecting => "connecting",
            LinkStatus::Up => "up",
            LinkStatus::Down => "down",
        }
    }
}

enum State {
    Connecting,
    Up,
    Down { since: Instant },
}

pub struct Link {
    state: Mutex<State>,
    /// What the learner is told the bridge listens on (`ws:room:*`, or the streams read).
    listening_on: &'static str,
}

impl Link {
    pub fn new(listening_on: &'static str) -> Link {
        Link { state: Mutex::new(State::Connecting), listening_on }
    }

    pub fn status(&self) -> LinkStatus {
        match *self.state.lock().expect("link lock") {
            State::Connecting => LinkStatus::Connecting,
            State::Up => LinkStatus::Up,
            State::Down { .. } => LinkStatus::Down,
        }
    }

    /// The link works (a subscription was confirmed, a read or write succeeded).
    pub fn mark_up(&self, server: &Weak<ChatServer>) {
        let previous = std::mem::replace(&mut *self.state.lock().expect("link lock"), State::Up);
        let Some(server) = server.upgrade() else {
            return;
        };
        let name = server.name();
        match previous {
            State::Up => {}
            State::Connecting => {
                server
                    .events()
                    .record(EventKind::Subscribed { server: name, listening_on: self.listening_on.to_string() });
            }
            State::Down { since } => {
                let down_ms = since.elapsed().as_millis() as u64;
                server.events().record(EventKind::BridgeRestored { server: name, down_ms });
                server
                    .events()
                    .record(EventKind::Resubscribed { server: name, listening_on: self.listening_on.to_string() });
                server.broadcast_system(
                    "bridge_restored",
                    &format!(
                        "Reconnected to Redis after {:.1} s: messages cross between servers again.",
                        down_ms as f64 / 1000.0
                    ),
                );
            }
        }
    }

    /// The link broke. Only the first report of an outage is recorded.
    pub fn mark_down(&self, server: &Weak<ChatServer>, error: &str) {
        let mut state = self.state.lock().expect("link lock");
        if matches!(*state, State::Down { .. }) {
            return;
        }
        *state = State::Down { since: Instant::now() };
        drop(state);
        let Some(server) = server.upgrade() else {
            return;
        };
        server.events().record(EventKind::BridgeLost { server: server.name(), error: error.to_string() });
        server.broadcast_system(
            "bridge_lost",
            "Lost the connection to Redis: messages no longer cross between servers. Reconnecting…",
        );
    }
}
