//! Redis servers started before anyone asks for them. Starting a redis-server is most of what a
//! new sandbox costs (its process, its allocator, its two Lua engines: 16-18 ms of CPU measured
//! here, and idle it holds ~3 MiB), so a node keeps a few running and idle: a new sandbox takes
//! one that already answers PING, and another is started in its place, one at a time, in the
//! background, once spares stop being taken in a burst (the burst's sandboxes need the CPU more).
//! When none is left (a burst larger than the spares), a sandbox starts its own, as without
//! spares.
//!
//! How many a node keeps is decided outside (`server::sandbox_places` sizes it to this node's
//! share of a failed peer's sandboxes, so that a node that dies costs its learners no wait), up
//! to a most set at start. A spare has served nobody: a sandbox's Redis ends with the sandbox and
//! is never handed to another learner.

use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex, Weak};
use std::time::{Duration, Instant};

use tokio::sync::Notify;

use super::redis_process::{RedisProcess, RedisProcessError, RedisSpawner};

/// After a spare fails to start, the waits before the next tries: doubling from a second to a
/// minute (a missing binary is said now and then, not in a loop; a new sandbox still says it).
const FIRST_RETRY: Duration = Duration::from_secs(1);
const LAST_RETRY: Duration = Duration::from_secs(60);

/// Refilling waits while spares are taken in a burst (this many in `BURST_WINDOW`): a class
/// arriving at once (a failed peer's learners, all in the same second) takes the spares first,
/// and starting their replacements meanwhile would take the CPU their sandboxes need (measured
/// during such a burst: redis-servers starting took more of it than anything else). A steady
/// trickle of new sandboxes never waits on it.
const BURST_TAKES: usize = 3;
const BURST_WINDOW: Duration = Duration::from_millis(750);
/// ... but refilling never waits longer than this at a time: a burst that lasts has drained the
/// spares, and one more is started between waits.
const LONGEST_REFILL_DELAY: Duration = Duration::from_secs(3);

/// The spares of one node, and the task that keeps them.
pub struct RedisSpares {
    inner: Arc<Inner>,
    /// Wakes the refilling task: a spare was taken, the number wanted changed, or the spares
    /// were dropped (then it stops).
    wake: Arc<Notify>,
}

struct Inner {
    spawner: RedisSpawner,
    max_memory_mb: u32,
    most: usize,
    wanted: AtomicUsize,
    ready: Mutex<Vec<RedisProcess>>,
    /// When spares were taken lately (within `BURST_WINDOW`), and since when refilling waits.
    takes: Mutex<Takes>,
}

#[derive(Default)]
struct Takes {
    recent: std::collections::VecDeque<Instant>,
    waiting_since: Option<Instant>,
}

impl Takes {
    fn taken(&mut self, now: Instant) {
        self.recent.push_back(now);
        self.forget_before(now);
    }

    fn forget_before(&mut self, now: Instant) {
        while self.recent.front().is_some_and(|&at| now.duration_since(at) >= BURST_WINDOW) {
            self.recent.pop_front();
        }
    }

    /// How long refilling should still wait for a burst of takes to pass (none when there is no
    /// burst, or refilling has waited its longest).
    fn refill_delay(&mut self, now: Instant) -> Option<Duration> {
        self.forget_before(now);
        if self.recent.len() < BURST_TAKES {
            self.waiting_since = None;
            return None;
        }
        let since = *self.waiting_since.get_or_insert(now);
        let longest = (since + LONGEST_REFILL_DELAY).saturating_duration_since(now);
        if longest.is_zero() {
            self.waiting_since = None;
            return None;
        }
        // Until the burst thins below its size, or the longest wait.
        let thins = self.recent[self.recent.len() - BURST_TAKES] + BURST_WINDOW;
        Some(thins.saturating_duration_since(now).min(longest).max(Duration::from_millis(1)))
    }
}

impl RedisSpares {
    /// Keeps `wanted` spares (at most `most`), each capped at `max_memory_mb` like every
    /// sandbox's Redis. Must be called inside the Tokio runtime.
    pub fn start(spawner: RedisSpawner, max_memory_mb: u32, most: usize, wanted: usize) -> RedisSpares {
        let inner = Arc::new(Inner {
            spawner,
            max_memory_mb,
            most,
            wanted: AtomicUsize::new(wanted.min(most)),
            ready: Mutex::new(Vec::new()),
            takes: Mutex::new(Takes::default()),
        });
        let wake = Arc::new(Notify::new());
        tokio::spawn(refill(Arc::downgrade(&inner), wake.clone()));
        RedisSpares { inner, wake }
    }

    /// A running redis-server for a new sandbox: a spare when one is ready, else a new one.
    pub async fn take(&self) -> Result<RedisProcess, RedisProcessError> {
        loop {
            let spare = self.inner.ready.lock().expect("spares lock").pop();
            self.inner.takes.lock().expect("spares lock").taken(std::time::Instant::now());
            self.wake.notify_one();
            match spare {
                Some(redis) if redis.is_running().await => return Ok(redis),
                // Ended while it waited (it crashed, or was killed): dropped, the next one tried.
                Some(_) => continue,
                None => return RedisProcess::launch(self.inner.spawner.clone(), self.inner.max_memory_mb).await,
            }
        }
    }

    /// Keeps `wanted` spares from now on (no more than the most set at start); those above it
    /// are stopped at once.
    pub fn want(&self, wanted: usize) {
        let wanted = wanted.min(self.inner.most);
        self.inner.wanted.store(wanted, Ordering::Relaxed);
        let surplus = {
            let mut ready = self.inner.ready.lock().expect("spares lock");
            let keep = ready.len().min(wanted);
            ready.split_off(keep)
        };
        drop(surplus); // each child is killed as it drops
        self.wake.notify_one();
    }

    /// Spares running and idle right now.
    pub fn ready(&self) -> usize {
        self.inner.ready.lock().expect("spares lock").len()
    }

    /// How many spares this node keeps now.
    pub fn wanted(&self) -> usize {
        self.inner.wanted.load(Ordering::Relaxed)
    }

    /// The most spares this node may keep, set at start.
    pub fn most(&self) -> usize {
        self.inner.most
    }
}

impl Drop for RedisSpares {
    fn drop(&mut self) {
        self.inner.wanted.store(0, Ordering::Relaxed);
        self.wake.notify_one();
    }
}

/// Starts spares one at a time until there are as many as wanted (once spares have stopped being
/// taken for a moment), then sleeps until woken; ends once the spares are dropped.
async fn refill(inner: Weak<Inner>, wake: Arc<Notify>) {
    let mut retries = super::backoff::doubling(FIRST_RETRY, LAST_RETRY);
    loop {
        let woken = wake.notified();
        let Some(spares) = inner.upgrade() else { return };
        let short = spares.ready.lock().expect("spares lock").len() < spares.wanted.load(Ordering::Relaxed);
        if !short {
            drop(spares);
            woken.await;
            continue;
        }
        let delay = spares.takes.lock().expect("spares lock").refill_delay(Instant::now());
        if let Some(delay) = delay {
            drop(spares);
            tokio::time::sleep(delay).await;
            continue;
        }
        match RedisProcess::launch(spares.spawner.clone(), spares.max_memory_mb).await {
            Ok(redis) => {
                spares.ready.lock().expect("spares lock").push(redis);
                retries = super::backoff::doubling(FIRST_RETRY, LAST_RETRY);
            }
            Err(e) => {
                tracing::warn!("cannot start a spare redis-server: {e}");
                drop(spares);
                tokio::time::sleep(retries.next().unwrap_or(LAST_RETRY)).await;
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    async fn until(what: &str, mut done: impl FnMut() -> bool) {
        let deadline = tokio::time::Instant::now() + Duration::from_secs(20);
        while !done() {
            assert!(tokio::time::Instant::now() < deadline, "{what}: not within 20 s");
            tokio::time::sleep(Duration::from_millis(10)).await;
        }
    }

    #[tokio::test]
    async fn a_taken_spare_is_running_and_another_takes_its_place() {
        let spares = RedisSpares::start(RedisSpawner::start("redis-server"), 8, 4, 2);
        until("two spares ready", || spares.ready() == 2).await;
        let redis = spares.take().await.expect("a spare");
        assert!(redis.is_running().await);
        assert_eq!(spares.ready(), 1);
        until("the spare replaced", || spares.ready() == 2).await;
    }

    #[test]
    fn refilling_waits_while_a_burst_takes_spares_but_not_for_ever() {
        let start = Instant::now();
        let at = |ms: u64| start + Duration::from_millis(ms);
        let mut takes = Takes::default();
        // A trickle: one every half second never holds refilling back.
        for ms in [0, 500, 1_000, 1_500] {
            takes.taken(at(ms));
            assert_eq!(takes.refill_delay(at(ms)), None, "a take at {ms} ms");
        }
        // A burst: the third take in 750 ms holds it back until the burst thins.
        let mut takes = Takes::default();
        for ms in [0, 10, 20] {
            takes.taken(at(ms));
        }
        assert_eq!(takes.refill_delay(at(20)), Some(Duration::from_millis(730)));
        assert_eq!(takes.refill_delay(at(760)), None, "thinned: the first take is 760 ms old");
        // A burst that lasts: refilling waits 3 s at most, then one starts.
        let mut takes = Takes::default();
        let mut waited = None;
        for ms in (0..=3_100).step_by(50) {
            takes.taken(at(ms));
            waited = takes.refill_delay(at(ms));
        }
        // It began to wait at the third take (100 ms).
        assert_eq!(waited, None, "3 s of waiting: one is started");
        assert!(takes.refill_delay(at(3_110)).is_some(), "and then it waits again");
    }

    #[tokio::test]
    async fn a_spare_that_died_is_never_handed_out() {
        let spares = RedisSpares::start(RedisSpawner::start("redis-server"), 8, 1, 1);
        until("a spare ready", || spares.ready() == 1).await;
        // The spare stops while it waits (as a crash would end it).
        let waiting = spares.inner.ready.lock().unwrap().pop().unwrap();
        waiting.stop().await;
        let dead = waiting.socket_path().to_path_buf();
        spares.inner.ready.lock().unwrap().push(waiting);
        let redis = spares.take().await.expect("a running one");
        assert!(redis.is_running().await);
        assert_ne!(redis.socket_path(), dead.as_path());
    }

    #[tokio::test]
    async fn fewer_wanted_stops_the_surplus_and_none_wanted_starts_none() {
        let spares = RedisSpares::start(RedisSpawner::start("redis-server"), 8, 3, 3);
        until("three spares ready", || spares.ready() == 3).await;
        spares.want(1);
        assert_eq!(spares.ready(), 1);
        spares.want(0);
        assert_eq!(spares.ready(), 0);
        // Without spares a sandbox still gets its Redis: a new one.
        let redis = spares.take().await.expect("a new redis-server");
        assert!(redis.is_running().await);
        tokio::time::sleep(Duration::from_millis(200)).await;
        assert_eq!(spares.ready(), 0, "none started while none are wanted");
        // More than the most is the most.
        spares.want(10);
        assert_eq!(spares.wanted(), 3);
    }
}
