//! Deciding a lesson's checks from a sandbox's events: a pure state machine. Feed it the events
//! in order ([`Evaluator::observe`]); it says which checks they met. No clock, no waiting: every
//! check is settled on evidence in the events.
//!
//! Checks are decided in order, each on events after the previous one passed. What the
//! evaluator remembers across checks is the state of the world (who is connected where, the
//! bridge mode, Redis up or down, the messages sent); what each check counts (messages lost, a
//! restart, an outage) starts afresh when the previous check passes.

use std::collections::{HashMap, HashSet, VecDeque};

use crate::lessons::exercise::{Check, CheckKind, Mode, Reason, Server, Via as CheckVia};
use crate::sandbox::wire::{BridgeMode, EventKind, ServerName, Via};

/// Messages remembered for deciding checks; older ones are forgotten first.
const REMEMBERED_MESSAGES: usize = 10_000;

/// What observing one event decided.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Outcome {
    Passed { check: String },
    Completed,
}

/// What is remembered of a message sent: where it was sent from, to which room.
#[derive(Clone, Debug)]
struct Sent {
    server: ServerName,
    room: String,
}

/// The sandbox as the events describe it.
#[derive(Debug)]
struct World {
    mode: BridgeMode,
    /// Connected clients per (server, room).
    present: HashMap<(ServerName, String), usize>,
    sent: HashMap<String, Sent>,
    sent_order: VecDeque<String>,
    /// Connected clients the learner ran themselves, per (server, room, user).
    own_clients: HashMap<(ServerName, String, String), usize>,
    /// Server A is the learner's own code.
    own_server: bool,
}

impl World {
    fn clients(&self, server: ServerName, room: &str) -> usize {
        self.present.get(&(server, room.to_string())).copied().unwrap_or(0)
    }

    /// Clients on `server` in `room`, not counting the sender when it is on that server.
    fn others(&self, server: ServerName, room: &str, sender_on: ServerName) -> usize {
        self.clients(server, room).saturating_sub(usize::from(server == sender_on))
    }

    fn is_own_client(&self, server: ServerName, room: &str, user: &str) -> bool {
        self.own_clients.get(&(server, room.to_string(), user.to_string())).is_some_and(|n| *n > 0)
    }

    fn clients_elsewhere(&self, server: ServerName, room: &str) -> usize {
        self.present.iter().filter(|((s, r), n)| *s == server && r != room && **n > 0).map(|(_, n)| n).sum()
    }

    fn join(&mut self, server: ServerName, room: &str) {
        *self.present.entry((server, room.to_string())).or_insert(0) += 1;
    }

    fn leave(&mut self, server: ServerName, room: &str) {
        if let Some(n) = self.present.get_mut(&(server, room.to_string())) {
            *n = n.saturating_sub(1);
        }
    }

    fn remember(&mut self, id: &str, sent: Sent) {
        if self.sent_order.len() == REMEMBERED_MESSAGES
            && let Some(old) = self.sent_order.pop_front()
        {
            self.sent.remove(&old);
        }
        self.sent_order.push_back(id.to_string());
        self.sent.insert(id.to_string(), sent);
    }
}

/// What the current check has seen since the previous one passed.
#[derive(Debug, Default)]
struct Window {
    lost: u32,
    restarted: bool,
    /// Redis was started again while the learner's own server A ran (and it has run since).
    restarted_under_own_server: bool,
    outage: Option<Outage>,
    /// Channels the console received a frame on, per frame type.
    console_channels: HashMap<String, HashSet<String>>,
}

/// A Redis outage being watched for `outage_without_loss`.
#[derive(Debug, Default)]
struct Outage {
    /// Streams mode all along (a switch during the outage spoils it).
    streams_throughout: bool,
    /// Messages sent to cross during the outage that have not yet reached the other server.
    waiting: HashSet<String>,
    sent: u32,
    lost: bool,
    /// Redis is back; the outage is judged once every waiting message crossed.
    ended: bool,
}

pub struct Evaluator {
    checks: Vec<Check>,
    next: usize,
    world: World,
    window: Window,
}

impl Evaluator {
    /// `mode` is the bridge mode the sandbox starts in.
    pub fn new(checks: Vec<Check>, mode: BridgeMode) -> Evaluator {
        let world = World {
            mode,
            present: HashMap::new(),
            sent: HashMap::new(),
            sent_order: VecDeque::new(),
            own_clients: HashMap::new(),
            own_server: false,
        };
        Evaluator { checks, next: 0, world, window: Window::default() }
    }

    /// "Reset exercise": every check is to be met again, on events from now on. What the
    /// world looks like (who is connected, the mode) carries on.
    pub fn start_over(&mut self) {
        self.next = 0;
        self.window = Window::default();
    }

    pub fn is_complete(&self) -> bool {
        self.next >= self.checks.len()
    }

    /// Updates the world with `event` and decides the current check on it. A check met here
    /// passes; the next one is decided on later events only.
    pub fn observe(&mut self, event: &EventKind) -> Vec<Outcome> {
        if self.is_complete() {
            return Vec::new();
        }
        let met = self.meets_current_check(event);
        self.update_world(event);
        if !met {
            return Vec::new();
        }
        let check = self.checks[self.next].id.clone();
        self.next += 1;
        self.window = Window::default();
        let mut outcomes = vec![Outcome::Passed { check }];
        if self.is_complete() {
            outcomes.push(Outcome::Completed);
        }
        outcomes
    }

    /// Decides the current check on `event`, with the world as it was just before it (a message
    /// sent is judged by who was present when it was sent).
    fn meets_current_check(&mut self, event: &EventKind) -> bool {
        let kind = self.checks[self.next].kind.clone();
        self.watch_window(event);
        let world = &self.world;
        match (&kind, event) {
            (
                CheckKind::Delivered { from, to, via, room },
                EventKind::MessageDelivered { id, server, room: r, via: v, recipients, .. },
            ) => world.sent.get(id).is_some_and(|sent| {
                sent.server == server_name(*from)
                    && *server == server_name(*to)
                    && via.is_none_or(|want| via_of(want) == *v)
                    && room.as_deref().is_none_or(|want| want == r)
                    && *recipients >= 1
            }),
            (
                CheckKind::NotDelivered { from, to, because, room },
                EventKind::MessageSent { server, room: r, local, bridge, .. },
            ) => {
                let (from, to) = (server_name(*from), server_name(*to));
                if *server != from || room.as_deref().is_some_and(|want| want != r) {
                    return false;
                }
                let crossing_possible = from != to && world.others(to, r, from) >= 1;
                let reasons = [
                    (Reason::BridgeOff, crossing_possible && *bridge == BridgeMode::None && !local),
                    (Reason::LocalEmit, crossing_possible && *local),
                    (Reason::OtherRoom, world.clients_elsewhere(to, r) >= 1),
                ];
                reasons.iter().any(|(reason, shown)| *shown && because.is_none_or(|want| want == *reason))
            }
            (CheckKind::NotDelivered { from, to, because, room }, EventKind::PublishFailed { id, .. }) => {
                let (from, to) = (server_name(*from), server_name(*to));
                matches!(because, None | Some(Reason::RedisDown))
                    && world.sent.get(id).is_some_and(|sent| {
                        sent.server == from
                            && from != to
                            && room.as_deref().is_none_or(|want| want == sent.room)
                            && world.others(to, &sent.room, from) >= 1
                    })
            }
            (
                CheckKind::ResumedAfterRestart { from, to, own_server },
                EventKind::MessageDelivered { id, server, via, recipients, .. },
            ) => {
                self.window.restarted
                    && (!own_server || (self.window.restarted_under_own_server && world.own_server))
                    && *via == Via::Redis
                    && *server == server_name(*to)
                    && *recipients >= 1
                    && world.sent.get(id).is_some_and(|sent| sent.server == server_name(*from))
            }
            (CheckKind::MessagesLost { at_least }, EventKind::PublishFailed { .. }) => self.window.lost >= *at_least,
            (CheckKind::OutageWithoutLoss { at_least }, _) => self.window.outage.as_ref().is_some_and(|outage| {
                outage.ended
                    && !outage.lost
                    && outage.streams_throughout
                    && outage.sent >= *at_least
                    && outage.waiting.is_empty()
            }),
            (CheckKind::ModeSwitched { to }, EventKind::ModeChanged { to: now, .. }) => mode_of(*to) == *now,
            (
                CheckKind::ConsoleFrame { frame, channels, channel },
                EventKind::ConsoleFrame { frame: got, channel: got_channel },
            ) => {
                frame.eq_ignore_ascii_case(got)
                    && channel.as_ref().is_none_or(|want| got_channel.as_ref() == Some(want))
                    && self
                        .window
                        .console_channels
                        .get(&got.to_ascii_lowercase())
                        .is_some_and(|seen| seen.len() >= *channels as usize)
            }
            (CheckKind::ConsoleReply { command, at_least }, EventKind::ConsoleReply { command: got, integer, .. }) => {
                command.eq_ignore_ascii_case(got) && integer.is_some_and(|n| n >= *at_least)
            }
            (CheckKind::Sent { from, own_client }, EventKind::MessageSent { server, room, user, .. }) => {
                from.is_none_or(|want| server_name(want) == *server)
                    && (!own_client || world.is_own_client(*server, room, user))
            }
            (
                CheckKind::HistoryReplayed { at_least },
                EventKind::HistoryReplayed { server, resumed_from, count, .. },
            ) => server != resumed_from && *count >= *at_least as usize,
            _ => false,
        }
    }

    /// Counts, for the current check, what happened since the previous one passed.
    fn watch_window(&mut self, event: &EventKind) {
        let window = &mut self.window;
        match event {
            EventKind::PublishFailed { id, .. } => {
                window.lost += 1;
                if let Some(outage) = window.outage.as_mut()
                    && (!outage.ended || outage.waiting.contains(id))
                {
                    outage.lost = true;
                }
            }
            EventKind::RedisStarted { .. } => {
                window.restarted = true;
                window.restarted_under_own_server = self.world.own_server;
                if let Some(outage) = window.outage.as_mut() {
                    outage.ended = true;
                }
            }
            EventKind::RedisStopped | EventKind::RedisEnded { .. } => {
                window.outage =
                    Some(Outage { streams_throughout: self.world.mode == BridgeMode::Streams, ..Outage::default() });
            }
            EventKind::ModeChanged { to, .. } => {
                if let Some(outage) = window.outage.as_mut()
                    && !outage.ended
                    && *to != BridgeMode::Streams
                {
                    outage.streams_throughout = false;
                }
            }
            EventKind::MessageSent { id, local: false, .. } => {
                if let Some(outage) = window.outage.as_mut()
                    && !outage.ended
                {
                    outage.sent += 1;
                    outage.waiting.insert(id.clone());
                }
            }
            // A new run of the learner's server has not been through the restart.
            EventKind::OwnServerStarted { .. } | EventKind::OwnServerStopped { .. } => {
                window.restarted_under_own_server = false;
            }
            EventKind::ConsoleFrame { frame, channel } => {
                let channel = channel.clone().unwrap_or_default();
                window.console_channels.entry(frame.to_ascii_lowercase()).or_default().insert(channel);
            }
            EventKind::MessageDelivered { id, server, .. } => {
                if let Some(outage) = window.outage.as_mut()
                    && self.world.sent.get(id).is_some_and(|sent| sent.server != *server)
                {
                    outage.waiting.remove(id);
                }
            }
            _ => {}
        }
    }

    fn update_world(&mut self, event: &EventKind) {
        let world = &mut self.world;
        match event {
            EventKind::ClientJoined { server, room, user, own_client } => {
                world.join(*server, room);
                if *own_client {
                    *world.own_clients.entry((*server, room.clone(), user.clone())).or_insert(0) += 1;
                }
            }
            EventKind::ClientLeft { server, room, user, .. } | EventKind::ClientLagged { server, room, user } => {
                world.leave(*server, room);
                if let Some(n) = world.own_clients.get_mut(&(*server, room.clone(), user.clone())) {
                    *n = n.saturating_sub(1);
                }
            }
            EventKind::MessageSent { id, server, room, .. } => {
                world.remember(id, Sent { server: *server, room: room.clone() })
            }
            EventKind::ModeChanged { to, .. } => world.mode = *to,
            EventKind::OwnServerStarted { .. } => world.own_server = true,
            EventKind::OwnServerStopped { .. } => world.own_server = false,
            _ => {}
        }
    }
}

/// Which checks, in order, a whole sequence of events meets: the pure form, for tests and tools.
pub fn satisfied(checks: &[Check], mode: BridgeMode, events: &[EventKind]) -> Vec<String> {
    let mut evaluator = Evaluator::new(checks.to_vec(), mode);
    events
        .iter()
        .flat_map(|e| evaluator.observe(e))
        .filter_map(|o| match o {
            Outcome::Passed { check } => Some(check),
            Outcome::Completed => None,
        })
        .collect()
}

fn server_name(server: Server) -> ServerName {
    match server {
        Server::A => ServerName::A,
        Server::B => ServerName::B,
    }
}

fn via_of(via: CheckVia) -> Via {
    match via {
        CheckVia::Local => Via::Local,
        CheckVia::Redis => Via::Redis,
    }
}

/// The bridge mode a lesson names.
pub fn mode_of(mode: Mode) -> BridgeMode {
    match mode {
        Mode::None => BridgeMode::None,
        Mode::Pubsub => BridgeMode::Pubsub,
        Mode::Streams => BridgeMode::Streams,
    }
}
