//! One learner's sandbox: its own redis-server, chat servers A and B bridged through it, a bridge
//! mode, and an event log. Redis can be stopped and started under the running servers, at a
//! bounded rate (each start is a new process). It holds at most so many WebSockets, event streams
//! and rooms at once.

use std::num::NonZeroU32;
use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::{Duration, Instant};

use governor::clock::{Clock, DefaultClock};
use governor::{DefaultDirectRateLimiter, Quota, RateLimiter};
use tokio::sync::Mutex;

use super::bridge::{BridgeMode, BridgeSettings, OutboxLimits};
use super::chat_server::ChatServer;
use super::events::{EventKind, EventLog, now_ms};
use super::frames::SystemFrame;
use super::id::{Creator, OwnerId, SandboxId, SandboxToken};
use super::learner_relay::MessageIds;
use super::private::PrivateStore;
use super::protocol::ServerName;
use super::redis_process::RedisProcess;
use super::refusal::{SandboxRefusal, whole_seconds};
use super::rooms::RoomBudget;
use super::slots::Slots;
pub use super::wire::{ExerciseStatus, SandboxInfo, ServerInfo, ServersInfo};

/// Limits of one sandbox.
#[derive(Clone, Debug)]
pub struct SandboxLimits {
    /// Frames waiting for one slow client before it is cut off.
    pub queue_capacity: usize,
    pub redis_max_memory_mb: u32,
    /// WebSockets open at once, both servers together.
    pub websockets: usize,
    /// Event streams (SSE) open at once.
    pub event_streams: usize,
    /// Different rooms the sandbox may use.
    pub rooms: usize,
    /// Redis stops and starts a minute (each start spawns a process); bursts of half that.
    pub redis_actions_per_minute: u32,
    /// What may wait for Redis on each server while it is away.
    pub outbox: OutboxLimits,
}

pub struct Sandbox {
    pub id: SandboxId,
    /// Who owns it (the learner who created it, or the account they signed in to since) and the
    /// address it was created from: the registry's limits count both.
    creator: std::sync::Mutex<Creator>,
    /// Opens the sandbox for clients without the owner's cookie; replaced when the owner's
    /// password is reset or the owner changes (`rotate_token`).
    token: std::sync::RwLock<SandboxToken>,
    pub created_at: Instant,
    pub created_at_ms: u64,
    pub redis: RedisProcess,
    pub a: Arc<ChatServer>,
    pub b: Arc<ChatServer>,
    pub events: Arc<EventLog>,
    pub websockets: Slots,
    pub event_streams: Slots,
    pub rooms: Arc<RoomBudget>,
    /// The lesson it was started for (an opaque label here), and its exercise's progress as the
    /// evaluation outside the engine reports it.
    exercise: std::sync::Mutex<Option<ExerciseStatus>>,
    /// Serialises control actions (stop/start Redis, switch mode) so they never interleave.
    control: Mutex<()>,
    redis_actions: DefaultDirectRateLimiter,
    last_activity_ms: AtomicU64,
    /// Cancelled when the sandbox ends, for whatever follows it from outside.
    ended: tokio_util::sync::CancellationToken,
    /// The learner's own server A, when they have run their code; our server A otherwise.
    learner_server: Mutex<Option<OwnServerRun>>,
    /// Whether that server runs, readable without waiting for a Run in progress.
    own_server_up: Arc<std::sync::atomic::AtomicBool>,
    /// Ids the relay gives messages sent to the learner's server A.
    pub relay_ids: Arc<MessageIds>,
}

mod own_server;

use own_server::OwnServerRun;

impl Sandbox {
    /// A sandbox around `redis`, a running redis-server of its own (a spare, or a new one).
    pub fn launch(
        id: SandboxId,
        creator: Creator,
        redis: RedisProcess,
        mode: BridgeMode,
        lesson: Option<String>,
        limits: &SandboxLimits,
    ) -> Arc<Sandbox> {
        let events = Arc::new(EventLog::default());
        let ended = tokio_util::sync::CancellationToken::new();
        tokio::spawn(record_redis_ends(redis.ends(), events.clone(), ended.clone()));
        let rooms = Arc::new(RoomBudget::new(limits.rooms));
        let settings = BridgeSettings { redis_url: redis.url(), outbox: limits.outbox };
        let private = Arc::new(PrivateStore::new(&redis.url()));
        let capacity = limits.queue_capacity;
        let a =
            ChatServer::new(ServerName::A, events.clone(), settings.clone(), rooms.clone(), capacity, private.clone());
        let b = ChatServer::new(ServerName::B, events.clone(), settings, rooms.clone(), capacity, private);
        a.set_bridge(mode);
        b.set_bridge(mode);
        let per_minute = NonZeroU32::new(limits.redis_actions_per_minute.max(1)).expect("non-zero");
        let burst = NonZeroU32::new((limits.redis_actions_per_minute / 2).max(1)).expect("non-zero");
        let sandbox = Sandbox {
            id,
            creator: std::sync::Mutex::new(creator),
            token: std::sync::RwLock::new(SandboxToken::generate()),
            created_at: Instant::now(),
            created_at_ms: now_ms(),
            redis,
            a,
            b,
            events,
            websockets: Slots::new(limits.websockets),
            event_streams: Slots::new(limits.event_streams),
            rooms,
            exercise: std::sync::Mutex::new(lesson.map(|lesson| ExerciseStatus { lesson, ..Default::default() })),
            control: Mutex::new(()),
            redis_actions: RateLimiter::direct(Quota::per_minute(per_minute).allow_burst(burst)),
            last_activity_ms: AtomicU64::new(now_ms()),
            ended,
            learner_server: Mutex::new(None),
            own_server_up: Arc::default(),
            relay_ids: Arc::default(),
        };
        Arc::new(sandbox)
    }

    /// The token that opens the sandbox now.
    pub fn token(&self) -> SandboxToken {
        self.token.read().expect("token lock").clone()
    }

    /// Whether `presented` is the sandbox's token now (compared in constant time).
    pub fn token_matches(&self, presented: &str) -> bool {
        self.token.read().expect("token lock").matches(presented)
    }

    /// A new token: the old one opens nothing from now on.
    pub fn rotate_token(&self) {
        *self.token.write().expect("token lock") = SandboxToken::generate();
    }

    pub fn creator(&self) -> Creator {
        self.creator.lock().expect("creator lock").clone()
    }

    /// The learner it belongs to now; completions and facts are credited to them.
    pub fn owner(&self) -> OwnerId {
        self.creator.lock().expect("creator lock").owner.clone()
    }

    /// Hands the sandbox to another owner (an anonymous learner signed in to their account).
    pub fn reown(&self, owner: OwnerId) {
        self.creator.lock().expect("creator lock").owner = owner;
    }

    pub fn server(&self, name: ServerName) -> &Arc<ChatServer> {
        match name {
            ServerName::A => &self.a,
            ServerName::B => &self.b,
        }
    }

    pub fn touch(&self) {
        self.last_activity_ms.store(now_ms(), Ordering::Relaxed);
    }

    /// Idle: nobody connected, and no request for `idle` (a connected client is never idle).
    pub fn is_idle(&self, idle: Duration) -> bool {
        let clients = self.a.member_count() + self.b.member_count();
        let quiet_ms = now_ms().saturating_sub(self.last_activity_ms.load(Ordering::Relaxed));
        clients == 0 && quiet_ms >= idle.as_millis() as u64
    }

    pub fn bridge_mode(&self) -> BridgeMode {
        self.a.bridge_mode()
    }

    pub async fn info(&self) -> SandboxInfo {
        let redis = if self.redis.is_running().await { "running" } else { "stopped" }.to_string();
        let server = |s: &ChatServer| ServerInfo { clients: s.member_count(), bridge: s.bridge_status().to_string() };
        SandboxInfo {
            id: self.id.to_string(),
            redis,
            redis_pid: self.redis.pid().await,
            bridge: self.bridge_mode(),
            servers: ServersInfo { a: server(&self.a), b: server(&self.b) },
            counters: self.events.counters.snapshot(),
            created_at_ms: self.created_at_ms,
            exercise: self.exercise(),
            // Busy while a run starts: not running yet.
            own_server_running: self.own_server_up.load(Ordering::Relaxed),
        }
    }

    /// The lesson this sandbox was started for, if any.
    pub fn lesson(&self) -> Option<String> {
        self.exercise.lock().expect("exercise lock").as_ref().map(|e| e.lesson.clone())
    }

    pub fn exercise(&self) -> Option<ExerciseStatus> {
        self.exercise.lock().expect("exercise lock").clone()
    }

    /// The exercise's evaluation met a check: remembered, and recorded in the event log.
    pub fn check_passed(&self, check: &str) {
        let position = {
            let mut exercise = self.exercise.lock().expect("exercise lock");
            let Some(exercise) = exercise.as_mut() else { return };
            exercise.passed.push(check.to_string());
            exercise.passed.len()
        };
        self.events.record(EventKind::CheckPassed { check: check.to_string(), position });
    }

    /// "Reset exercise": forget the checks met; the evaluation starts over on the event.
    pub fn reset_exercise(&self) -> bool {
        {
            let mut exercise = self.exercise.lock().expect("exercise lock");
            let Some(exercise) = exercise.as_mut() else { return false };
            exercise.passed.clear();
            exercise.completed = false;
        }
        self.events.record(EventKind::ExerciseReset);
        true
    }

    /// Every check was met.
    pub fn exercise_completed(&self) {
        if let Some(exercise) = self.exercise.lock().expect("exercise lock").as_mut() {
            exercise.completed = true;
        }
        self.events.record(EventKind::ExerciseCompleted);
    }

    /// Completes when the sandbox ends.
    pub async fn ended(&self) {
        self.ended.cancelled().await
    }

    /// The time of the last request or connection, for choosing which sandbox to end first.
    /// Messages delivered to clients so far, both servers together.
    pub fn delivered(&self) -> u64 {
        self.events.counters.delivered.load(std::sync::atomic::Ordering::Relaxed)
    }

    pub fn last_active_ms(&self) -> u64 {
        self.last_activity_ms.load(Ordering::Relaxed)
    }

    /// Takes one Redis action from the rate limit, or says when the next is allowed.
    fn redis_action_allowed(&self) -> Result<(), SandboxRefusal> {
        self.redis_actions.check().map_err(|not_until| SandboxRefusal::TooFast {
            retry_after_secs: whole_seconds(not_until.wait_time_from(DefaultClock::default().now())),
        })
    }

    /// A real shutdown of the sandbox's redis-server; the chat servers keep running.
    pub async fn stop_redis(&self) -> Result<(), SandboxRefusal> {
        let _control = self.control.lock().await;
        if !self.redis.is_running().await {
            return Ok(());
        }
        self.redis_action_allowed()?;
        self.redis.stop().await;
        self.events.record(EventKind::RedisStopped);
        Ok(())
    }

    /// Starts redis-server again at the same address; the bridges find it by themselves.
    /// A redis-server that cannot start is said as what the machine lacks.
    pub async fn start_redis(&self) -> Result<(), SandboxRefusal> {
        let _control = self.control.lock().await;
        if self.redis.is_running().await {
            return Ok(());
        }
        self.redis_action_allowed()?;
        let took = self.redis.start().await.map_err(|e| SandboxRefusal::Unavailable { what: e.to_string() })?;
        self.events.record(EventKind::RedisStarted { ready_ms: took.as_millis() as u64 });
        Ok(())
    }

    pub async fn set_mode(&self, mode: BridgeMode) {
        let _control = self.control.lock().await;
        let from = self.bridge_mode();
        if from == mode {
            return;
        }
        self.a.set_bridge(mode);
        self.b.set_bridge(mode);
        self.events.record(EventKind::ModeChanged { from, to: mode });
        let text = format!("The bridge mode is now {}.", mode.as_str());
        let notice = SystemFrame::new("mode_changed", &text).with(&[("mode", mode.as_str())]);
        self.a.broadcast_system(&notice);
        self.b.broadcast_system(&notice);
    }

    /// Ends the sandbox: bridges stop, connections close, redis-server is shut down.
    pub async fn shut_down(&self) {
        self.ended.cancel();
        self.stop_learner_server().await;
        self.a.stop();
        self.b.stop();
        self.redis.stop().await;
    }
}

/// Records each end of the sandbox's Redis nobody asked for, until the sandbox ends.
async fn record_redis_ends(
    mut ends: tokio::sync::broadcast::Receiver<super::redis_process::RedisEnd>,
    events: Arc<EventLog>,
    sandbox_ended: tokio_util::sync::CancellationToken,
) {
    loop {
        tokio::select! {
            () = sandbox_ended.cancelled() => return,
            end = ends.recv() => match end {
                Ok(end) => events.record(end.event()),
                Err(tokio::sync::broadcast::error::RecvError::Lagged(_)) => continue,
                Err(_) => return,
            },
        }
    }
}
