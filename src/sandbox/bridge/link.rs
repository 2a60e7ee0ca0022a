//! The state of a bridge's link to Redis, and the changes it reports to the chat server.

use std::sync::{Mutex, Weak};
use std::time::Instant;

use super::host::{BridgeHost, LinkChange};

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
    pub fn mark_up(&self, host: &Weak<dyn BridgeHost>) {
        let previous = std::mem::replace(&mut *self.state.lock().expect("link lock"), State::Up);
        let change = match previous {
            State::Up => return,
            State::Connecting => LinkChange::Listening { listening_on: self.listening_on },
            State::Down { since } => {
                LinkChange::Restored { down_ms: since.elapsed().as_millis() as u64, listening_on: self.listening_on }
            }
        };
        if let Some(host) = host.upgrade() {
            host.link_changed(change);
        }
    }

    /// The link broke. Only the first report of an outage is told.
    pub fn mark_down(&self, host: &Weak<dyn BridgeHost>, error: &str) {
        let mut state = self.state.lock().expect("link lock");
        if matches!(*state, State::Down { .. }) {
            return;
        }
        *state = State::Down { since: Instant::now() };
        drop(state);
        if let Some(host) = host.upgrade() {
            host.link_changed(LinkChange::Lost { error: error.to_string() });
        }
    }
}
