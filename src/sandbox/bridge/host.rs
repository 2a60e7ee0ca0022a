//! The bridge's only view of its chat server: what a bridge tells it, and the one thing it asks.
//! The chat server implements it and decides what each piece of news means for its clients and
//! the event log; the sentences a learner reads are written there, not in the bridges. So the
//! arrows point one way: the chat server owns a bridge, and a bridge knows a trait.

use super::Outgoing;

/// A change of the link to Redis, as a bridge sees it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum LinkChange {
    /// The bridge listens for the first time (`listening_on`: the pattern or the streams).
    Listening { listening_on: &'static str },
    /// The link broke (only the first report of an outage).
    Lost { error: String },
    /// The link works again after `down_ms`, and the bridge listens again.
    Restored { down_ms: u64, listening_on: &'static str },
}

pub trait BridgeHost: Send + Sync + 'static {
    /// A message arrived through Redis for `room`: the payload as it was published.
    fn arrived(&self, room: &str, payload: Vec<u8>);
    /// A message could not be handed to Redis (`reason` in the learner's words): it stays on
    /// this server.
    fn lost(&self, outgoing: Outgoing, reason: &str);
    /// Streams mode: a message that waited during an outage was appended after `waited_ms`.
    fn replayed(&self, id: String, waited_ms: u64);
    fn link_changed(&self, change: LinkChange);
    /// Rooms with members on this server, and when each opened (Streams mode reads only those).
    fn rooms(&self) -> Vec<(String, u64)>;
}
