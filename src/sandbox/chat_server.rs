//! One chat server of a sandbox (A or B): its own registry of rooms → local connections, and its
//! own bridge to Redis. Nothing here is shared with the other server except the event log (which
//! belongs to the sandbox, not to either server).
//!
//! Delivery is local first: a message reaches this server's members at once (`via: local`) and is
//! then handed to the bridge for the other server; our own echo coming back from Redis is
//! ignored by origin, as Socket.IO's adapter does. So during a Redis outage members of one server
//! still talk to each other; only the crossing stops.

use std::collections::HashMap;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex, RwLock};

use axum::extract::ws::{Message, Utf8Bytes};
use tokio::sync::mpsc;

use super::bridge::{Bridge, BridgeHost, BridgeMode, BridgeSettings, LinkChange, Outgoing};
use super::events::{EventKind, EventLog, now_ms};
use super::private::{self, PrivateStore};
pub use super::protocol::MemberId;
use super::protocol::{ChatMessage, MessageTag, ServerName, SystemFrame, Via, encode};
use super::rooms::RoomBudget;

struct Member {
    user: Arc<str>,
    /// The connection task drains this. The room holds the only sender: removing the member
    /// from its room closes the queue, which tells the connection it was cut off.
    outbound: mpsc::Sender<Message>,
}

/// The local members of one room, and when the room opened on this server (Streams mode reads a
/// room's stream from that moment, so nothing sent after a member joined is missed).
struct Room {
    opened_ms: u64,
    members: HashMap<MemberId, Member>,
}

/// A joined connection: its id and the queue its writer drains.
pub struct Membership {
    pub id: MemberId,
    pub room: String,
    pub user: Arc<str>,
    pub outbound: mpsc::Receiver<Message>,
}

pub struct ChatServer {
    name: ServerName,
    rooms: RwLock<HashMap<String, Room>>,
    next_member: AtomicU64,
    next_message: AtomicU64,
    events: Arc<EventLog>,
    bridge: Mutex<Bridge>,
    bridge_settings: BridgeSettings,
    /// Shared with the other server: the rooms this sandbox may use.
    room_budget: Arc<RoomBudget>,
    /// Frames a member may have waiting before it is cut off as lagging.
    queue_capacity: usize,
    stopped: std::sync::atomic::AtomicBool,
    /// The sandbox's sessions and inboxes (shared with the other server).
    private: Arc<PrivateStore>,
    /// Private messages waiting to be kept, then delivered (see `keep_then_deliver`).
    private_queue: mpsc::UnboundedSender<PrivateSend>,
}

/// A private message on its way to its addressee's inbox.
struct PrivateSend {
    sender: MemberId,
    to: String,
    message: ChatMessage,
}

impl ChatServer {
    pub fn new(
        name: ServerName,
        events: Arc<EventLog>,
        bridge_settings: BridgeSettings,
        room_budget: Arc<RoomBudget>,
        queue_capacity: usize,
        private: Arc<PrivateStore>,
    ) -> Arc<ChatServer> {
        let (private_queue, waiting) = mpsc::unbounded_channel();
        let server = Arc::new(ChatServer {
            name,
            rooms: RwLock::new(HashMap::new()),
            next_member: AtomicU64::new(1),
            next_message: AtomicU64::new(1),
            events,
            bridge: Mutex::new(Bridge::None),
            bridge_settings,
            room_budget,
            queue_capacity,
            stopped: std::sync::atomic::AtomicBool::new(false),
            private,
            private_queue,
        });
        tokio::spawn(keep_then_deliver(Arc::downgrade(&server), waiting));
        server
    }

    /// Who a client joining `room` as `user` is, and what it is told first: a session of its
    /// own when the room is its address, or the user of the session it presents, with the
    /// private messages it missed (see `sandbox::private`).
    pub async fn arrive(&self, room: &str, user: &str, session: Option<&str>, after: u64) -> private::Arrival {
        private::arrive(&self.private, &self.events, self.name, room, user, session, after).await
    }

    pub fn name(&self) -> ServerName {
        self.name
    }

    /// Whether a client may join or send to `room` (the sandbox's room cap).
    pub fn admit_room(&self, room: &str) -> bool {
        self.room_budget.admit(room)
    }

    /// Replaces the bridge: the old one's tasks stop, the new one's start.
    pub fn set_bridge(self: &Arc<Self>, mode: BridgeMode) {
        let host: std::sync::Weak<dyn BridgeHost> = Arc::downgrade(self) as std::sync::Weak<ChatServer>;
        let new = Bridge::start(mode, host, &self.bridge_settings);
        let old = std::mem::replace(&mut *self.bridge.lock().expect("bridge lock"), new);
        old.stop();
    }

    pub fn bridge_mode(&self) -> BridgeMode {
        self.bridge.lock().expect("bridge lock").mode()
    }

    pub fn bridge_status(&self) -> &'static str {
        self.bridge.lock().expect("bridge lock").status()
    }

    /// Whether the server was stopped (its sandbox ended): connections then close as "gone",
    /// not as "lagged".
    pub fn is_stopped(&self) -> bool {
        self.stopped.load(Ordering::Relaxed)
    }

    pub fn stop(&self) {
        self.stopped.store(true, Ordering::Relaxed);
        std::mem::replace(&mut *self.bridge.lock().expect("bridge lock"), Bridge::None).stop();
        // Dropping every sender closes every connection's queue.
        self.rooms.write().expect("rooms lock").clear();
    }

    /// `own_client`: the client is the learner's own program, not the page (see the event).
    pub fn join(&self, room: &str, user: &str, own_client: bool) -> Membership {
        let id = self.next_member.fetch_add(1, Ordering::Relaxed);
        let (outbound, receiver) = mpsc::channel(self.queue_capacity);
        let user: Arc<str> = Arc::from(user);
        self.rooms
            .write()
            .expect("rooms lock")
            .entry(room.to_string())
            .or_insert_with(|| Room { opened_ms: now_ms(), members: HashMap::new() })
            .members
            .insert(id, Member { user: user.clone(), outbound });
        self.events.record(EventKind::ClientJoined {
            server: self.name,
            room: room.to_string(),
            user: user.to_string(),
            own_client,
        });
        Membership { id, room: room.to_string(), user, outbound: receiver }
    }

    pub fn leave(&self, membership: &Membership, reason: &str) {
        self.leave_room(membership.id, &membership.room, &membership.user, reason);
    }

    pub fn leave_room(&self, id: MemberId, room: &str, user: &str, reason: &str) {
        let removed = {
            let mut rooms = self.rooms.write().expect("rooms lock");
            let removed = rooms.get_mut(room).and_then(|r| r.members.remove(&id));
            if rooms.get(room).is_some_and(|r| r.members.is_empty()) {
                rooms.remove(room);
            }
            removed
        };
        // A lagging member was already removed (and recorded) by `deliver`.
        if removed.is_some() {
            self.events.record(EventKind::ClientLeft {
                server: self.name,
                room: room.to_string(),
                user: user.to_string(),
                reason: reason.to_string(),
            });
        }
    }

    /// Rooms with local members and when each opened (Streams mode reads only those).
    pub fn local_rooms(&self) -> Vec<(String, u64)> {
        self.rooms.read().expect("rooms lock").iter().map(|(name, room)| (name.clone(), room.opened_ms)).collect()
    }

    pub fn member_count(&self) -> usize {
        self.rooms.read().expect("rooms lock").values().map(|room| room.members.len()).sum()
    }

    // ANCHOR: local-first
    /// A client of this server sent `text` to `room`.
    pub fn send(&self, sender: MemberId, user: &str, room: &str, text: String, local_only: bool) {
        let message = ChatMessage {
            kind: MessageTag::Message,
            id: format!("{}-{}", self.name.as_str(), self.next_message.fetch_add(1, Ordering::Relaxed)),
            room: room.to_string(),
            user: user.to_string(),
            text,
            origin: self.name.as_str().to_string(),
            via: Via::Local,
            sent_at_ms: now_ms(),
            seq: None,
            replayed: false,
        };
        let bridge_mode = self.bridge_mode();
        self.events.counters.sent.fetch_add(1, Ordering::Relaxed);
        self.events.record(EventKind::MessageSent {
            id: message.id.clone(),
            server: self.name,
            room: message.room.clone(),
            user: message.user.clone(),
            local: local_only,
            bridge: bridge_mode,
        });
        // A private message is numbered and kept in its addressee's inbox first, in order.
        if !local_only && let Some(to) = private::addressee(room) {
            let _ = self.private_queue.send(PrivateSend { sender, to: to.to_string(), message });
            return;
        }
        self.deliver_and_bridge(sender, message, local_only);
    }

    /// Local members first, then the bridge for the other server (unless `local_only`).
    fn deliver_and_bridge(&self, sender: MemberId, message: ChatMessage, local_only: bool) {
        let local_frame = encode(&message);
        self.deliver(&message.id, &message.room, Via::Local, local_frame, Some(sender));
        if !local_only {
            let outgoing = Outgoing { message: ChatMessage { via: Via::Redis, ..message }, sender };
            let refused = self.bridge.lock().expect("bridge lock").publish(outgoing);
            if let Err((outgoing, reason)) = refused {
                self.report_lost(outgoing, reason);
            }
        }
    }

    // ANCHOR_END: local-first

    // ANCHOR: echo
    /// A message arrived from Redis: deliver it unless it is our own echo.
    fn receive_from_bridge(&self, room: &str, payload: Vec<u8>) {
        match serde_json::from_slice::<ChatMessage>(&payload) {
            Ok(message) if message.origin == self.name.as_str() => {}
            // The usual case: forward the bytes as received; the publisher already encoded them
            // exactly as clients read them.
            Ok(message) if message.room == room && message.via == Via::Redis => {
                if let Ok(text) = String::from_utf8(payload) {
                    self.deliver(&message.id, room, Via::Redis, Utf8Bytes::from(text), None);
                }
            }
            Ok(message) => {
                let message = ChatMessage { room: room.to_string(), via: Via::Redis, ..message };
                self.deliver(&message.id, room, Via::Redis, encode(&message), None);
            }
            // Something published by hand (redis-cli, the lesson console): wrap it as a message.
            Err(_) => {
                let message = ChatMessage {
                    kind: MessageTag::Message,
                    id: format!("redis-{}", self.next_message.fetch_add(1, Ordering::Relaxed)),
                    room: room.to_string(),
                    user: "redis".to_string(),
                    text: String::from_utf8_lossy(&payload).into_owned(),
                    origin: "redis".to_string(),
                    via: Via::Redis,
                    sent_at_ms: now_ms(),
                    seq: None,
                    replayed: false,
                };
                self.deliver(&message.id, room, Via::Redis, encode(&message), None);
            }
        }
    }

    // ANCHOR_END: echo

    // ANCHOR: fan-out
    /// Sends one encoded frame to every local member of `room`; returns how many got it. The
    /// event counts and names the recipients other than the `sender` (who sees its own message,
    /// but did not receive it from anyone).
    pub fn deliver(&self, id: &str, room: &str, via: Via, frame: Utf8Bytes, sender: Option<MemberId>) -> usize {
        let mut recipients = Vec::new();
        let mut lagging = Vec::new();
        let mut count = 0;
        let mut others = 0;
        {
            let rooms = self.rooms.read().expect("rooms lock");
            if let Some(room) = rooms.get(room) {
                for (id, member) in &room.members {
                    // Cloning `Utf8Bytes` shares the one encoding: no per-member serialisation.
                    match member.outbound.try_send(Message::Text(frame.clone())) {
                        Ok(()) => {
                            count += 1;
                            if Some(*id) != sender {
                                others += 1;
                                if recipients.len() < 8 {
                                    recipients.push(member.user.to_string());
                                }
                            }
                        }
                        Err(mpsc::error::TrySendError::Full(_)) => lagging.push(*id),
                        // The connection is ending; its task removes it.
                        Err(mpsc::error::TrySendError::Closed(_)) => {}
                    }
                }
            }
        }
        self.cut_off(room, &lagging);
        self.events.counters.delivered.fetch_add(count as u64, Ordering::Relaxed);
        self.events.record(EventKind::delivered(id, self.name, room, via, &recipients, others));
        count
    }

    // ANCHOR_END: fan-out

    /// A member whose writes stalled (it stopped reading): removed and recorded as lagging.
    pub fn cut_off_lagging(&self, membership: &Membership) {
        self.cut_off(&membership.room, &[membership.id]);
    }

    /// Members whose queue is full read too slowly: rather than drop frames silently or stall
    /// the room, they are removed, which closes their connection with [`super::protocol::CLOSE_LAGGED`].
    fn cut_off(&self, room: &str, lagging: &[MemberId]) {
        if lagging.is_empty() {
            return;
        }
        let mut rooms = self.rooms.write().expect("rooms lock");
        if let Some(members) = rooms.get_mut(room) {
            for id in lagging {
                if let Some(member) = members.members.remove(id) {
                    self.events.record(EventKind::ClientLagged {
                        server: self.name,
                        room: room.to_string(),
                        user: member.user.to_string(),
                    });
                }
            }
        }
    }

    /// A message that could not cross stays on its server: record it, count it, tell the sender.
    fn report_lost(&self, job: Outgoing, error: &str) {
        let id = &job.message.id;
        let server = self.name.as_str().to_uppercase();
        let text =
            format!("Message {id} reached only server {server}'s members: publishing to Redis failed ({error}).");
        let notice =
            SystemFrame::new("publish_failed", &text).with(&[("id", id), ("server", &server), ("error", error)]);
        self.count_lost(job.sender, id, error, notice);
    }

    /// A private message its addressee's inbox refused: lost to them if they are away.
    fn report_unkept(&self, sender: MemberId, id: &str, to: &str, error: &redis::RedisError) {
        let redis_error = error.to_string();
        let error = format!("not kept in {to}'s inbox: {error}");
        let text = format!("Message {id} went out live, but it is lost to {to} if they are away ({error}).");
        let notice = SystemFrame::new("publish_failed", &text).with(&[("id", id), ("to", to), ("error", &redis_error)]);
        self.count_lost(sender, id, &error, notice);
    }

    /// One message lost (counted, an event with why) and its sender told by `notice`.
    fn count_lost(&self, sender: MemberId, id: &str, error: &str, notice: SystemFrame) {
        self.events.counters.publish_failed.fetch_add(1, Ordering::Relaxed);
        self.events.record(EventKind::PublishFailed {
            id: id.to_string(),
            server: self.name,
            error: error.to_string(),
        });
        self.notify_member(sender, &notice);
    }

    /// Tells every client of this server about a change (bridge lost, mode switched…).
    pub fn broadcast_system(&self, notice: &SystemFrame) {
        let frame = system_frame(notice);
        let rooms = self.rooms.read().expect("rooms lock");
        for member in rooms.values().flat_map(|room| room.members.values()) {
            let _ = member.outbound.try_send(Message::Text(frame.clone()));
        }
    }

    /// Tells one client something (its message could not be published).
    pub fn notify_member(&self, member: MemberId, notice: &SystemFrame) {
        let frame = system_frame(notice);
        let rooms = self.rooms.read().expect("rooms lock");
        if let Some(m) = rooms.values().find_map(|room| room.members.get(&member)) {
            let _ = m.outbound.try_send(Message::Text(frame));
        }
    }
}

/// What the bridge's news means here: events in the log, counters, and the sentences this
/// server's clients read.
impl BridgeHost for ChatServer {
    fn arrived(&self, room: &str, payload: Vec<u8>) {
        self.receive_from_bridge(room, payload);
    }

    fn lost(&self, outgoing: Outgoing, reason: &str) {
        self.report_lost(outgoing, reason);
    }

    fn replayed(&self, id: String, waited_ms: u64) {
        self.events.counters.replayed.fetch_add(1, Ordering::Relaxed);
        self.events.record(EventKind::MessageReplayed { id, server: self.name, waited_ms });
    }

    fn link_changed(&self, change: LinkChange) {
        let server = self.name;
        match change {
            LinkChange::Listening { listening_on } => {
                self.events.record(EventKind::Subscribed { server, listening_on: listening_on.to_string() });
            }
            LinkChange::Lost { error } => {
                self.events.record(EventKind::BridgeLost { server, error });
                self.broadcast_system(&SystemFrame::new(
                    "bridge_lost",
                    "Lost the connection to Redis: messages no longer cross between servers. Reconnecting…",
                ));
            }
            LinkChange::Restored { down_ms, listening_on } => {
                // Rare (a Redis outage ending), so reported to the process's metrics as it happens.
                metrics::counter!("streamlab_bridge_recoveries_total").increment(1);
                metrics::histogram!("streamlab_bridge_down_seconds").record(down_ms as f64 / 1000.0);
                self.events.record(EventKind::BridgeRestored { server, down_ms });
                self.events.record(EventKind::Resubscribed { server, listening_on: listening_on.to_string() });
                let seconds = format!("{:.1}", down_ms as f64 / 1000.0);
                let text = format!("Reconnected to Redis after {seconds} s: messages cross between servers again.");
                self.broadcast_system(&SystemFrame::new("bridge_restored", &text).with(&[("seconds", &seconds)]));
            }
        }
    }

    fn rooms(&self) -> Vec<(String, u64)> {
        self.local_rooms()
    }
}

fn system_frame(notice: &SystemFrame) -> Utf8Bytes {
    Utf8Bytes::from(serde_json::to_string(notice).expect("a system frame serialises"))
}

/// Keeps each private message in its addressee's inbox, numbered, then delivers it as any other
/// (local members, then the bridge), one at a time so numbers follow the order of sending. An
/// inbox write Redis refuses is counted lost; the message is still delivered live.
async fn keep_then_deliver(server: std::sync::Weak<ChatServer>, mut waiting: mpsc::UnboundedReceiver<PrivateSend>) {
    while let Some(PrivateSend { sender, to, message }) = waiting.recv().await {
        let Some(server) = server.upgrade() else { return };
        let message = match server.private.keep(&to, &message).await {
            Ok(seq) => ChatMessage { seq: Some(seq), ..message },
            Err(e) => {
                server.report_unkept(sender, &message.id, &to, &e);
                message
            }
        };
        server.deliver_and_bridge(sender, message, false);
    }
}
