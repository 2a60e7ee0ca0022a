//! The panel's picture of the running sandbox, fed by the page's one live stream: the events
//! themselves (for the timeline), and what they imply (Redis up or down, each server's link,
//! the mode, the counters, the checks passed, the messages in flight for the topology).
//! Components read it from context; only [`SandboxLive::receive`] and [`SandboxLive::apply`]
//! write it.

use std::collections::HashSet;

use leptos::prelude::*;

use crate::sandbox::wire::{
    Args, BridgeMode, CounterSnapshot, Event, EventKind, LiveMessage, SandboxTicket, ServerName, Via,
};

/// Events kept for the timeline (the server keeps more).
const TIMELINE_LENGTH: usize = 200;
/// Message movements drawn at once.
const FLIGHTS: usize = 12;
/// Latencies kept for the percentiles and the histogram.
const LATENCIES: usize = 500;
/// Events held for a sandbox the page does not know yet (its start is still being answered).
const HELD: usize = 500;

/// Lines of the learner's server's log kept in the page.
const OWN_SERVER_LINES: usize = 300;

/// One line of the learner's server's log.
#[derive(Clone, Debug, PartialEq)]
pub struct OwnServerLine {
    pub seq: u64,
    pub text: String,
    /// Said by the platform (started, stopped, a dropped frame), not printed by the code.
    pub platform: bool,
    /// A platform line's sentence for programs, and its values (`OwnServerOutput`).
    pub key: Option<String>,
    pub args: Args,
}

/// One message's movement, for the topology picture.
#[derive(Clone, Debug, PartialEq)]
pub struct Flight {
    pub key: String,
    pub from: ServerName,
    /// Where it went: the other server through Redis, or nowhere (lost at Redis).
    pub path: FlightPath,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum FlightPath {
    Local,
    ThroughRedis,
    LostAtRedis,
}

/// A server's link to Redis, as the events tell it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Link {
    Up,
    Down,
    Off,
}

#[derive(Clone, Copy)]
pub struct SandboxLive {
    pub ticket: RwSignal<Option<SandboxTicket>>,
    pub events: RwSignal<Vec<Event>>,
    pub passed: RwSignal<Vec<String>>,
    pub completed: RwSignal<bool>,
    pub redis_running: RwSignal<bool>,
    /// Redis stopped by itself (its `RedisEnded` event, with why), until it is started (or
    /// stopped) again.
    pub redis_ended: RwSignal<Option<EventKind>>,
    pub mode: RwSignal<BridgeMode>,
    pub links: RwSignal<[Link; 2]>,
    pub counters: RwSignal<CounterSnapshot>,
    pub flights: RwSignal<Vec<Flight>>,
    /// Connected clients on A and B.
    pub clients: RwSignal<[usize; 2]>,
    /// Cross-server latencies (ms): each message's crossing through Redis, from its server
    /// reading it to the other handing it on, timed by the sandbox (`MessageDelivered`'s
    /// `crossed_us`). Not timed in the page: a page reads a frame only when its main thread is
    /// free, and the learner's own typing keeps it busy repainting.
    pub latencies: RwSignal<Vec<f64>>,
    /// The learner's own server A: running or not, changed how many times (server A's clients
    /// reconnect on each change, to reach the server now behind A), and its log.
    pub own_server_running: RwSignal<bool>,
    pub own_server_changes: RwSignal<u64>,
    pub own_server_log: RwSignal<Vec<OwnServerLine>>,
    seen: StoredValue<HashSet<u64>>,
    /// Events of a sandbox the stream announced before the page's own start was answered.
    held: StoredValue<Vec<(String, Event)>>,
}

impl SandboxLive {
    pub fn new() -> SandboxLive {
        SandboxLive {
            ticket: RwSignal::new(None),
            events: RwSignal::new(Vec::new()),
            passed: RwSignal::new(Vec::new()),
            completed: RwSignal::new(false),
            redis_running: RwSignal::new(true),
            redis_ended: RwSignal::new(None),
            mode: RwSignal::new(BridgeMode::Pubsub),
            links: RwSignal::new([Link::Up, Link::Up]),
            counters: RwSignal::new(CounterSnapshot::default()),
            flights: RwSignal::new(Vec::new()),
            clients: RwSignal::new([0, 0]),
            latencies: RwSignal::new(Vec::new()),
            own_server_running: RwSignal::new(false),
            own_server_changes: RwSignal::new(0),
            own_server_log: RwSignal::new(Vec::new()),
            seen: StoredValue::new(HashSet::new()),
            held: StoredValue::new(Vec::new()),
        }
    }

    /// A sandbox was found or started: start from what the server says of it.
    pub fn begin(&self, ticket: SandboxTicket) {
        let info = &ticket.info;
        self.redis_running.set(info.redis == "running");
        self.mode.set(info.bridge);
        let link = |bridge: &str| match bridge {
            "off" => Link::Off,
            "down" => Link::Down,
            _ => Link::Up,
        };
        self.links.set([link(&info.servers.a.bridge), link(&info.servers.b.bridge)]);
        if let Some(exercise) = &info.exercise {
            self.passed.set(exercise.passed.clone());
            self.completed.set(exercise.completed);
        }
        self.events.set(Vec::new());
        self.counters.set(CounterSnapshot::default());
        self.flights.set(Vec::new());
        self.clients.set([0, 0]);
        self.latencies.set(Vec::new());
        self.own_server_running.set(info.own_server_running);
        self.own_server_log.set(Vec::new());
        self.seen.set_value(HashSet::new());
        let id = info.id.clone();
        self.ticket.set(Some(ticket));
        let held = self.held.try_update_value(std::mem::take).unwrap_or_default();
        for (_, event) in held.into_iter().filter(|(sandbox, _)| *sandbox == id) {
            self.apply(event);
        }
    }

    /// One message of the page's live stream. Events of the sandbox shown are applied; those
    /// of a sandbox not shown yet are held until [`SandboxLive::begin`]. What else it means for
    /// the panel (another sandbox started, this one ended) is the caller's to decide.
    pub fn receive(&self, message: LiveMessage) -> Option<LiveMessage> {
        let LiveMessage::Sandbox { sandbox, event } = message else {
            return Some(message);
        };
        if self.sandbox_id().as_deref() == Some(sandbox.as_str()) {
            self.apply(event);
        } else {
            self.held.update_value(|held| {
                held.push((sandbox, event));
                if held.len() > HELD {
                    held.remove(0);
                }
            });
        }
        None
    }

    /// The sandbox is gone (ended, expired, or the server restarted).
    pub fn end(&self) {
        self.ticket.set(None);
    }

    pub fn sandbox_id(&self) -> Option<String> {
        self.ticket.with_untracked(|t| t.as_ref().map(|t| t.info.id.clone()))
    }

    /// One event from the stream (the stream replays the log first: repeats are ignored).
    pub fn apply(&self, event: Event) {
        let fresh = self.seen.try_update_value(|seen| seen.insert(event.seq)).unwrap_or(false);
        if !fresh {
            return;
        }
        let server_index = |s: ServerName| if s == ServerName::A { 0 } else { 1 };
        match &event.kind {
            EventKind::ClientJoined { server, .. } => self.clients.update(|c| c[server_index(*server)] += 1),
            EventKind::ClientLeft { server, .. } | EventKind::ClientLagged { server, .. } => {
                self.clients.update(|c| c[server_index(*server)] = c[server_index(*server)].saturating_sub(1))
            }
            EventKind::RedisStopped => {
                self.redis_running.set(false);
                self.redis_ended.set(None);
            }
            EventKind::RedisEnded { .. } => {
                self.redis_running.set(false);
                self.redis_ended.set(Some(event.kind.clone()));
            }
            EventKind::RedisStarted { .. } => {
                self.redis_running.set(true);
                self.redis_ended.set(None);
            }
            EventKind::ModeChanged { to, .. } => {
                self.mode.set(*to);
                let link = if *to == BridgeMode::None { Link::Off } else { Link::Up };
                self.links.set([link, link]);
            }
            EventKind::BridgeLost { server, .. } => self.links.update(|l| l[server_index(*server)] = Link::Down),
            EventKind::BridgeRestored { server, .. } | EventKind::Subscribed { server, .. } => {
                self.links.update(|l| l[server_index(*server)] = Link::Up)
            }
            EventKind::MessageSent { .. } => self.counters.update(|c| c.sent += 1),
            EventKind::MessageDelivered { id, server, via, recipients, crossed_us, .. } => {
                self.counters.update(|c| c.delivered += *recipients as u64);
                if let Some(micros) = crossed_us {
                    self.crossed(*micros);
                }
                let path = if *via == Via::Local { FlightPath::Local } else { FlightPath::ThroughRedis };
                let from = if *via == Via::Local { *server } else { other(*server) };
                self.fly(Flight { key: format!("{}-{id}-{}", event.seq, server.as_str()), from, path });
            }
            EventKind::PublishFailed { id, server, .. } => {
                self.counters.update(|c| c.lost += 1);
                self.fly(Flight { key: format!("{}-{id}", event.seq), from: *server, path: FlightPath::LostAtRedis });
            }
            EventKind::MessageReplayed { .. } => self.counters.update(|c| c.replayed += 1),
            EventKind::CheckPassed { check, .. } => self.passed.update(|p| {
                if !p.contains(check) {
                    p.push(check.clone());
                }
            }),
            EventKind::OwnServerStarted { .. } | EventKind::OwnServerStopped { .. } => {
                self.own_server_running.set(matches!(event.kind, EventKind::OwnServerStarted { .. }));
                self.own_server_changes.update(|n| *n += 1);
            }
            EventKind::OwnServerOutput { text, platform, key, args } => {
                let line = OwnServerLine {
                    seq: event.seq,
                    text: text.clone(),
                    platform: *platform,
                    key: key.clone(),
                    args: args.clone(),
                };
                self.own_server_log.update(|log| {
                    log.push(line);
                    if log.len() > OWN_SERVER_LINES {
                        log.remove(0);
                    }
                });
                // Kept out of the timeline: the log has a region of its own.
                return;
            }
            EventKind::ExerciseCompleted => self.completed.set(true),
            EventKind::ExerciseReset => {
                self.passed.set(Vec::new());
                self.completed.set(false);
            }
            _ => {}
        }
        self.events.update(|events| {
            events.push(event);
            if events.len() > TIMELINE_LENGTH {
                events.remove(0);
            }
        });
    }

    /// One message's crossing through Redis, as the sandbox timed it (µs).
    fn crossed(&self, micros: u64) {
        self.latencies.update(|l| {
            l.push(micros as f64 / 1000.0);
            if l.len() > LATENCIES {
                l.remove(0);
            }
        });
    }

    fn fly(&self, flight: Flight) {
        self.flights.update(|flights| {
            flights.push(flight);
            if flights.len() > FLIGHTS {
                flights.remove(0);
            }
        });
    }
}

impl Default for SandboxLive {
    fn default() -> Self {
        SandboxLive::new()
    }
}

pub fn other(server: ServerName) -> ServerName {
    match server {
        ServerName::A => ServerName::B,
        ServerName::B => ServerName::A,
    }
}

/// The panel's live state, provided by the panel.
pub fn use_live() -> SandboxLive {
    expect_context::<SandboxLive>()
}
