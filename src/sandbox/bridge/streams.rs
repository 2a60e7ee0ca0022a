//! Streams mode: each message is appended (XADD) to its room's Stream, trimmed to a bounded
//! length; each server reads the streams of its local rooms from the last id it saw. A reader
//! that was disconnected resumes where it stopped, and messages sent while Redis is down wait in
//! an ordered outbox, bounded by count and bytes, and are appended when it is back: nothing is
//! lost within the bound, replays are counted, and what the bound refuses is counted as lost.
//!
//! An XADD that Redis refuses (out of memory: the sandbox's Redis is small) is a loss of that
//! message alone, reported and counted; the others of its pipeline that succeeded are not sent
//! again, so nobody receives a message twice.
//!
//! The reader blocks in XREAD, so it has its own connection with the reply timeout lifted
//! (redis-rs times replies out after 500 ms by default, which would fail every blocking read
//! and stall the commands queued behind it).

use crate::sandbox::backoff;
use std::collections::{HashMap, VecDeque};
use std::sync::{Arc, Weak};
use std::time::{Duration, Instant};

use redis::AsyncCommands;
use redis::aio::ConnectionManager;
use redis::streams::{StreamReadOptions, StreamReadReply};
use tokio::sync::mpsc;
use tokio_util::sync::CancellationToken;

use super::host::BridgeHost;
use super::link::Link;
use super::outbox::{BoundedSender, OutboxBudget};
use super::{BridgeMode, BridgeSettings, Outgoing, Running, redis_config};
use crate::sandbox::protocol::{encode, room_stream};

/// Entries kept per room stream (approximate trim: cheap for Redis).
const STREAM_LENGTH: usize = 1_000;
/// How long one XREAD waits for news, which is also how soon a newly joined room is read.
const BLOCK_MS: usize = 200;
const READ_COUNT: usize = 512;
const RETRY_MIN: Duration = Duration::from_millis(5);
const RETRY_MAX: Duration = Duration::from_millis(50);
const FIELD: &str = "payload";

/// Starts the Streams bridge's tasks.
pub fn start(host: Weak<dyn BridgeHost>, settings: &BridgeSettings) -> Running {
    let (jobs, queue, budget) =
        BoundedSender::channel(settings.outbox, "the outbox is full: Redis is away or not keeping up");
    let link = Arc::new(Link::new("ws:stream:{room}"));
    let cancel = CancellationToken::new();
    let client = redis::Client::open(settings.redis_url.as_str()).expect("the sandbox builds a valid Redis URL");
    let writer = ConnectionManager::new_lazy_with_config(client.clone(), redis_config::writer())
        .expect("a lazy connection manager needs no connection");
    let reader = ConnectionManager::new_lazy_with_config(client, redis_config::listener().set_response_timeout(None))
        .expect("a lazy connection manager needs no connection");
    tokio::spawn(append_loop(queue, writer, budget.clone(), host.clone(), cancel.clone()));
    tokio::spawn(read_loop(reader, host, link.clone(), cancel.clone()));
    Running { mode: BridgeMode::Streams, jobs, link, cancel }
}

struct Waiting {
    job: Outgoing,
    queued: Instant,
    /// Set once an append failed: the message is then a replay when it finally goes out.
    delayed: bool,
}

// ANCHOR: outbox
async fn append_loop(
    mut queue: mpsc::Receiver<Outgoing>,
    mut redis: ConnectionManager,
    budget: Arc<OutboxBudget>,
    host: Weak<dyn BridgeHost>,
    cancel: CancellationToken,
) {
    let mut outbox: VecDeque<Waiting> = VecDeque::new();
    let mut retry = backoff::doubling(RETRY_MIN, RETRY_MAX);
    loop {
        // Take what is queued; wait only when nothing is pending.
        if outbox.is_empty() {
            tokio::select! {
                () = cancel.cancelled() => return,
                job = queue.recv() => match job {
                    Some(job) => outbox.push_back(Waiting { job, queued: Instant::now(), delayed: false }),
                    None => return,
                },
            }
        }
        while let Ok(job) = queue.try_recv() {
            outbox.push_back(Waiting { job, queued: Instant::now(), delayed: false });
        }
        let batch = outbox.len().min(READ_COUNT);
        let mut pipe = redis::pipe();
        // Each XADD answers for itself: one refused for memory must not fail the others.
        pipe.ignore_errors();
        for waiting in outbox.iter().take(batch) {
            let message = &waiting.job.message;
            pipe.cmd("XADD")
                .arg(room_stream(&message.room))
                .arg("MAXLEN")
                .arg("~")
                .arg(STREAM_LENGTH)
                .arg("*")
                .arg(FIELD)
                .arg(encode(message).as_str());
        }
        match pipe.query_async::<Vec<redis::RedisResult<redis::Value>>>(&mut redis).await {
            // Redis answered each command: what it appended is done, what it refused is lost.
            Ok(answers) if answers.len() == batch => {
                retry = backoff::doubling(RETRY_MIN, RETRY_MAX);
                let Some(host) = host.upgrade() else {
                    return;
                };
                for (waiting, answer) in outbox.drain(..batch).zip(answers) {
                    budget.release(waiting.job.weight());
                    match answer {
                        Ok(_) if waiting.delayed => {
                            host.replayed(waiting.job.message.id, waiting.queued.elapsed().as_millis() as u64)
                        }
                        Ok(_) => {}
                        Err(refused) => host.lost(waiting.job, &refused_reason(&refused)),
                    }
                }
            }
            // No answer (Redis is away), or not one per command: everything waits, in order,
            // and goes out again later.
            _ => {
                outbox.iter_mut().for_each(|w| w.delayed = true);
                tokio::select! {
                    () = cancel.cancelled() => return,
                    () = tokio::time::sleep(retry.next().unwrap_or(RETRY_MAX)) => {}
                }
            }
        }
    }
}

/// Why Redis refused one append, in the learner's words.
fn refused_reason(error: &redis::RedisError) -> String {
    if error.code() == Some("OOM") {
        "Redis is out of memory (its maxmemory is reached), so it refused to store the message".to_string()
    } else {
        format!("Redis refused the message: {error}")
    }
}
// ANCHOR_END: outbox

async fn read_loop(
    mut redis: ConnectionManager,
    host: Weak<dyn BridgeHost>,
    link: Arc<Link>,
    cancel: CancellationToken,
) {
    // Last id seen per room stream. A room seen for the first time is read from when it opened
    // on this server (stream ids are milliseconds), so nothing sent after a member joined is missed.
    let mut last_seen: HashMap<String, String> = HashMap::new();
    let mut delivered = RecentlyDelivered::default();
    let mut retry = backoff::doubling(RETRY_MIN, RETRY_MAX);
    loop {
        let Some(rooms) = host.upgrade().map(|h| h.rooms()) else {
            return;
        };
        if rooms.is_empty() {
            tokio::select! {
                () = cancel.cancelled() => return,
                () = tokio::time::sleep(Duration::from_millis(BLOCK_MS as u64)) => continue,
            }
        }
        let keys: Vec<String> = rooms.iter().map(|(room, _)| room_stream(room)).collect();
        let ids: Vec<String> = rooms
            .iter()
            .map(|(room, opened_ms)| last_seen.entry(room.clone()).or_insert_with(|| format!("{opened_ms}-0")).clone())
            .collect();
        let options = StreamReadOptions::default().count(READ_COUNT).block(BLOCK_MS);
        let read = tokio::select! {
            () = cancel.cancelled() => return,
            read = redis.xread_options::<_, _, StreamReadReply>(&keys, &ids, &options) => read,
        };
        match read {
            Ok(reply) => {
                retry = backoff::doubling(RETRY_MIN, RETRY_MAX);
                link.mark_up(&host);
                let Some(host) = host.upgrade() else {
                    return;
                };
                for stream in reply.keys {
                    let Some(room) = stream.key.strip_prefix("ws:stream:") else {
                        continue;
                    };
                    for entry in stream.ids {
                        last_seen.insert(room.to_string(), entry.id.clone());
                        if let Some(redis::Value::BulkString(payload)) = entry.map.get(FIELD)
                            && delivered.first_time(payload)
                        {
                            host.arrived(room, payload.clone());
                        }
                    }
                }
            }
            Err(e) => {
                link.mark_down(&host, &redis_config::plain_error(&e));
                tokio::select! {
                    () = cancel.cancelled() => return,
                    () = tokio::time::sleep(retry.next().unwrap_or(RETRY_MAX)) => {}
                }
            }
        }
    }
}

/// Messages this server read from the Streams lately, by a hash of their bytes (each holds its
/// own id, so no two messages are alike). An append whose answer never came (Redis slow past the
/// writer's response timeout) goes out again with its batch, and Redis may have appended it the
/// first time too: the second copy is not delivered again.
#[derive(Default)]
struct RecentlyDelivered {
    hasher: std::hash::RandomState,
    order: VecDeque<u64>,
    seen: std::collections::HashSet<u64>,
}

impl RecentlyDelivered {
    /// How many are remembered: a batch sent again holds at most this many.
    const KEPT: usize = READ_COUNT;

    fn first_time(&mut self, payload: &[u8]) -> bool {
        use std::hash::BuildHasher;
        let hash = self.hasher.hash_one(payload);
        if !self.seen.insert(hash) {
            return false;
        }
        self.order.push_back(hash);
        if self.order.len() > Self::KEPT
            && let Some(oldest) = self.order.pop_front()
        {
            self.seen.remove(&oldest);
        }
        true
    }
}

#[cfg(test)]
mod tests {
    use super::RecentlyDelivered;

    #[test]
    fn a_message_appended_twice_is_delivered_once_and_old_ones_are_forgotten() {
        let mut delivered = RecentlyDelivered::default();
        assert!(delivered.first_time(br#"{"id":"a-1"}"#));
        assert!(delivered.first_time(br#"{"id":"a-2"}"#));
        assert!(!delivered.first_time(br#"{"id":"a-1"}"#), "the copy of a batch sent again");
        for n in 0..RecentlyDelivered::KEPT {
            assert!(delivered.first_time(format!("{n}").as_bytes()));
        }
        assert!(delivered.first_time(br#"{"id":"a-1"}"#), "long forgotten: bounded");
        assert!(delivered.seen.len() <= RecentlyDelivered::KEPT);
    }
}
