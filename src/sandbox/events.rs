//! The sandbox's event log: what happened, in order, timestamped, bounded. The UI and the
//! exercise checks read it as a snapshot or follow it live.
//!
//! A chat message is recorded once where it was sent (with how many local members got it) and
//! once per other server that delivered it, never once per recipient: at hundreds of thousands of
//! deliveries a second, per-delivery events would cost more than the deliveries.
//!
//! The log also times each message's crossing through Redis: from its sending being recorded to
//! the other server's delivery (`MessageDelivered::crossed_us`). The panel's latency figure is
//! that, the system's own time, not the page's: a browser page reads a WebSocket frame only
//! when its main thread is free, and a learner's typing makes it repaint (over 10 ms a frame on
//! a slow machine), which once made a 0.3 ms crossing read 20 ms.

use std::collections::VecDeque;
use std::sync::Mutex;
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::{Duration, Instant};

use tokio::sync::broadcast;

use super::wire::{BridgeMode, ServerName, Via};
pub use super::wire::{CounterSnapshot, Event, EventKind};

/// Events kept for snapshots; older ones are dropped first.
const LOG_CAPACITY: usize = 2_000;
/// Live followers that fall this far behind are told they lagged (and can re-read a snapshot).
const LIVE_CAPACITY: usize = 1_024;
/// How long a [`Follower`] lets events gather after the first before it reads them. The page's
/// stream and the exercise checks need not react within a frame; gathered, a burst of chat
/// messages costs each of them one wake-up, not two per message, and the message path keeps
/// the CPU.
pub const GATHER: Duration = Duration::from_millis(20);
/// Messages timed on their way to the other server at once; an older one (that never arrived:
/// Redis was down) is forgotten first.
const IN_FLIGHT: usize = 64;

pub use crate::clock::now_ms;

/// Counters the sandbox reports (and the exercises check): cheap to read, never reset.
#[derive(Debug, Default)]
pub struct Counters {
    pub sent: AtomicU64,
    pub delivered: AtomicU64,
    pub publish_failed: AtomicU64,
    pub replayed: AtomicU64,
}

impl Counters {
    pub fn snapshot(&self) -> CounterSnapshot {
        CounterSnapshot {
            sent: self.sent.load(Ordering::Relaxed),
            delivered: self.delivered.load(Ordering::Relaxed),
            lost: self.publish_failed.load(Ordering::Relaxed),
            replayed: self.replayed.load(Ordering::Relaxed),
        }
    }
}

pub struct EventLog {
    next_seq: AtomicU64,
    recent: Mutex<VecDeque<Event>>,
    live: broadcast::Sender<Event>,
    /// Messages sent to the other server and not yet delivered there: their id, the server
    /// they were sent to, and when.
    in_flight: Mutex<VecDeque<(String, ServerName, Instant)>>,
    pub counters: Counters,
}

impl Default for EventLog {
    fn default() -> Self {
        EventLog {
            next_seq: AtomicU64::new(1),
            recent: Mutex::new(VecDeque::with_capacity(64)),
            live: broadcast::channel(LIVE_CAPACITY).0,
            in_flight: Mutex::new(VecDeque::with_capacity(IN_FLIGHT)),
            counters: Counters::default(),
        }
    }
}

impl EventLog {
    pub fn record(&self, mut kind: EventKind) {
        self.time_crossing(&mut kind);
        let mut recent = self.recent.lock().expect("event log lock");
        // Sequence numbers are taken under the lock so the log is in sequence order.
        let event = Event { seq: self.next_seq.fetch_add(1, Ordering::Relaxed), at_ms: now_ms(), kind };
        if recent.len() == LOG_CAPACITY {
            recent.pop_front();
        }
        recent.push_back(event.clone());
        drop(recent);
        // No followers is fine: the snapshot still has it.
        let _ = self.live.send(event);
    }

    /// A message leaving for the other server starts its clock; its delivery there reads it. A
    /// message that waited out an outage (replayed) or never left (publishing failed) is not
    /// timed: the figure is the path's, not the outage's.
    fn time_crossing(&self, kind: &mut EventKind) {
        let position = |in_flight: &VecDeque<(String, ServerName, Instant)>, id: &str| {
            in_flight.iter().position(|(sent, _, _)| sent == id)
        };
        match kind {
            EventKind::MessageSent { id, server, local: false, bridge, .. } if *bridge != BridgeMode::None => {
                let mut in_flight = self.in_flight.lock().expect("in-flight lock");
                if in_flight.len() == IN_FLIGHT {
                    in_flight.pop_front();
                }
                in_flight.push_back((id.clone(), *server, Instant::now()));
            }
            EventKind::MessageDelivered { id, server, via: Via::Redis, crossed_us, .. } => {
                let mut in_flight = self.in_flight.lock().expect("in-flight lock");
                // Only on the other server: the learner's own server A may hand its own message
                // on "via redis" to its own clients.
                if let Some(index) = position(&in_flight, id).filter(|&i| in_flight[i].1 != *server) {
                    let (_, _, sent_at) = in_flight.remove(index).expect("the position found");
                    *crossed_us = Some(u64::try_from(sent_at.elapsed().as_micros()).unwrap_or(u64::MAX));
                }
            }
            EventKind::MessageReplayed { id, .. } | EventKind::PublishFailed { id, .. } => {
                let mut in_flight = self.in_flight.lock().expect("in-flight lock");
                if let Some(index) = position(&in_flight, id) {
                    in_flight.remove(index);
                }
            }
            _ => {}
        }
    }

    /// Events with a sequence number above `after`, oldest first.
    pub fn since(&self, after: u64) -> Vec<Event> {
        let recent = self.recent.lock().expect("event log lock");
        // Numbers are consecutive in the log: where `after` is, is arithmetic.
        let start = match recent.front() {
            Some(front) if after >= front.seq => ((after - front.seq + 1) as usize).min(recent.len()),
            _ => 0,
        };
        recent.range(start..).cloned().collect()
    }

    /// Every event, one by one, as it is recorded (for the HTTP API's event stream).
    pub fn follow(&self) -> broadcast::Receiver<Event> {
        self.live.subscribe()
    }

    /// A follower reading the log in gathered batches, from its first event.
    pub fn follower(&self) -> Follower {
        Follower { live: self.live.subscribe(), last_seq: 0, behind: true }
    }
}

/// Reads a sandbox's log in batches: it wakes on the first new event, lets others gather for
/// [`GATHER`], then takes them all from the log at once (so it never lags, and never clones an
/// event it skips). Cancel-safe: a batch cut short is read from the log on the next call.
pub struct Follower {
    live: broadcast::Receiver<Event>,
    last_seq: u64,
    /// Events may be in the log that were not returned yet.
    behind: bool,
}

impl Follower {
    /// The events recorded after the last batch, oldest first (never empty); `None` once the log
    /// is gone.
    pub async fn next_batch(&mut self, log: &EventLog) -> Option<Vec<Event>> {
        loop {
            if !self.behind {
                match self.live.recv().await {
                    Ok(_) | Err(broadcast::error::RecvError::Lagged(_)) => self.behind = true,
                    Err(broadcast::error::RecvError::Closed) => return None,
                }
                tokio::time::sleep(GATHER).await;
            }
            // Subscribe anew before reading the log: whatever is recorded from here on wakes us,
            // and what was queued on the old receiver is in the log.
            self.live = self.live.resubscribe();
            let batch = log.since(self.last_seq);
            self.behind = false;
            if let Some(last) = batch.last() {
                self.last_seq = last.seq;
                return Some(batch);
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn events_are_numbered_in_order_and_bounded() {
        let log = EventLog::default();
        for _ in 0..LOG_CAPACITY + 5 {
            log.record(EventKind::RedisStopped);
        }
        let all = log.since(0);
        assert_eq!(all.len(), LOG_CAPACITY);
        assert_eq!(all.first().unwrap().seq, 6);
        assert!(all.windows(2).all(|w| w[0].seq + 1 == w[1].seq));
        assert_eq!(log.since(all.last().unwrap().seq).len(), 0);
    }

    #[test]
    fn events_serialise_flat_with_a_type() {
        let log = EventLog::default();
        log.record(EventKind::ClientJoined {
            server: ServerName::A,
            room: "lobby".into(),
            user: "ada".into(),
            own_client: false,
        });
        let json = serde_json::to_value(&log.since(0)[0]).unwrap();
        assert_eq!(json["type"], "client_joined");
        assert_eq!(json["server"], "a");
        assert_eq!(json["seq"], 1);
    }

    /// The delivery through Redis of a message the log saw sent carries how long it crossed; a
    /// local delivery, or one of a message never seen sent (a raw PUBLISH), carries none.
    #[test]
    fn a_delivery_through_redis_is_timed_from_the_sending() {
        let log = EventLog::default();
        let sent = |id: &str, local: bool| EventKind::MessageSent {
            id: id.into(),
            server: ServerName::A,
            room: "lobby".into(),
            user: "ada".into(),
            local,
            bridge: BridgeMode::Pubsub,
        };
        let crossed = |log: &EventLog| match &log.since(0).last().unwrap().kind {
            EventKind::MessageDelivered { crossed_us, .. } => *crossed_us,
            other => panic!("{other:?}"),
        };
        log.record(sent("a-1", false));
        log.record(EventKind::delivered("a-1", ServerName::A, "lobby", Via::Local, &[], 0));
        assert_eq!(crossed(&log), None, "a local delivery");
        std::thread::sleep(Duration::from_millis(2));
        log.record(EventKind::delivered("a-1", ServerName::B, "lobby", Via::Redis, &[], 1));
        let took = crossed(&log).expect("timed");
        assert!((2_000..10_000_000).contains(&took), "{took} µs");
        log.record(EventKind::delivered("redis-1", ServerName::B, "lobby", Via::Redis, &[], 1));
        assert_eq!(crossed(&log), None, "never seen sent");
        log.record(sent("a-2", true));
        log.record(EventKind::delivered("a-2", ServerName::B, "lobby", Via::Redis, &[], 1));
        assert_eq!(crossed(&log), None, "sent to stay local: not timed");
        log.record(sent("a-3", false));
        log.record(EventKind::delivered("a-3", ServerName::A, "lobby", Via::Redis, &[], 1));
        assert_eq!(crossed(&log), None, "handed on by its own server: not a crossing");
        log.record(EventKind::MessageReplayed { id: "a-3".into(), server: ServerName::A, waited_ms: 5_000 });
        log.record(EventKind::delivered("a-3", ServerName::B, "lobby", Via::Redis, &[], 1));
        assert_eq!(crossed(&log), None, "waited out an outage: not timed");
        let json = serde_json::to_value(&log.since(0)[2]).unwrap();
        assert_eq!(json["crossed_us"], took, "on the wire, in microseconds");
    }

    #[tokio::test]
    async fn a_follower_reads_what_was_there_then_each_burst_whole() {
        let log = EventLog::default();
        log.record(EventKind::RedisStopped);
        let mut follower = log.follower();
        assert_eq!(follower.next_batch(&log).await.unwrap().len(), 1, "the log so far, at once");
        for _ in 0..3 {
            log.record(EventKind::RedisStopped);
        }
        let burst = follower.next_batch(&log).await.unwrap();
        assert_eq!(burst.iter().map(|e| e.seq).collect::<Vec<_>>(), [2, 3, 4], "the burst, gathered, in order");
        // Cut short (a page's news came first): the next call reads it from the log.
        log.record(EventKind::RedisStopped);
        let cut = tokio::time::timeout(Duration::from_millis(1), follower.next_batch(&log)).await;
        assert!(cut.is_err(), "still gathering");
        assert_eq!(follower.next_batch(&log).await.unwrap().iter().map(|e| e.seq).collect::<Vec<_>>(), [5]);
    }

    #[tokio::test]
    async fn followers_see_new_events() {
        let log = EventLog::default();
        let mut follower = log.follow();
        log.record(EventKind::RedisStopped);
        assert_eq!(follower.recv().await.unwrap().kind, EventKind::RedisStopped);
    }
}
