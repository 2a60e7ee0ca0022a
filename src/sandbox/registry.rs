//! The registry of live sandboxes: creation within limits, lookup by id for whoever may touch
//! it (its owner, or a holder of its token; anyone else is told it does not exist), deletion,
//! and the reaper that ends idle and expired sandboxes.
//!
//! Limits on creation: per owner, per network address (a share of the total, so one client
//! cannot take every sandbox by dropping its cookie, while a classroom behind one NAT address
//! still fits), and in total. A sandbox being launched counts against them from the moment it is
//! reserved until it is registered or its launch is abandoned, whatever ends it (a client that
//! goes away mid-launch drops the future, and the reservation with it).

use std::collections::HashMap;
use std::sync::{Arc, Mutex, RwLock};
use std::time::Duration;

use super::bridge::BridgeMode;
use super::id::{Creator, OwnerId, SandboxId};
use super::redis_process::{RedisProcessError, RedisSpawner};
use super::redis_spares::RedisSpares;
use super::refusal::SandboxRefusal;
use super::sandbox::{Sandbox, SandboxLimits};

#[derive(Clone, Debug)]
pub struct SandboxConfig {
    /// The node this registry runs on: every sandbox id begins with it.
    pub node: String,
    pub redis_server: std::path::PathBuf,
    /// The most redis-servers kept running ahead of need (see `redis_spares`); how many of them
    /// are kept is set as the node runs ([`Registry::size_spares`]), from [`SPARES_ALONE`] on.
    pub spare_redis_servers: usize,
    /// How a learner's own server A is run (see `learner_server`).
    pub learner_server: super::learner_server::LearnerServerConfig,
    pub idle_timeout: Duration,
    pub max_lifetime: Duration,
    pub per_owner: usize,
    /// Sandboxes one network address may hold, all its learners together.
    pub per_address: usize,
    pub total: usize,
    pub limits: SandboxLimits,
    /// Messages a second one WebSocket may send, and the burst above that rate.
    pub message_rate: u32,
    pub message_burst: u32,
    /// How long one write to a client may wait for it to read.
    pub write_timeout: Duration,
}

#[derive(Debug, thiserror::Error)]
pub enum CreateError {
    #[error("you already have {0} sandboxes running; delete one or wait for it to expire")]
    TooManyForOwner(usize),
    #[error("your network address already holds {0} sandboxes, its share of this server; try again when one ends")]
    TooManyForAddress(usize),
    #[error("the server is running its maximum of {0} sandboxes; try again in a minute")]
    TooManyInTotal(usize),
    #[error(transparent)]
    Redis(#[from] RedisProcessError),
}

impl From<CreateError> for SandboxRefusal {
    /// Limits pass with time; a missing or failing redis-server needs someone to act.
    fn from(e: CreateError) -> Self {
        match e {
            CreateError::TooManyForOwner(n) => SandboxRefusal::TooManyForOwner(n),
            CreateError::TooManyForAddress(n) => SandboxRefusal::TooManyForAddress(n),
            CreateError::TooManyInTotal(n) => SandboxRefusal::TooManyInTotal(n),
            CreateError::Redis(e) => SandboxRefusal::Unavailable { what: e.to_string() },
        }
    }
}

/// Who is asking: the session's owner id and/or a token from the request.
#[derive(Clone, Debug, Default)]
pub struct Access {
    pub owner: Option<OwnerId>,
    pub token: Option<String>,
}

impl Access {
    /// The access of a sandbox's owner, without a token.
    pub fn owner(owner: OwnerId) -> Access {
        Access { owner: Some(owner), token: None }
    }

    fn opens(&self, sandbox: &Sandbox) -> bool {
        self.owner.as_ref() == Some(&sandbox.owner()) || self.token.as_deref().is_some_and(|t| sandbox.token_matches(t))
    }
}

/// Spares a node keeps when it has no peers to stand in for: a new sandbox answers at once.
pub const SPARES_ALONE: usize = 2;

pub struct Registry {
    config: SandboxConfig,
    spawner: RedisSpawner,
    spares: RedisSpares,
    sandboxes: RwLock<HashMap<SandboxId, Arc<Sandbox>>>,
    /// Sandboxes being launched, counted against the limits until they are ready.
    pending: Mutex<Pending>,
    /// Deliveries made by sandboxes that have ended (the live ones keep their own count).
    ended_deliveries: std::sync::atomic::AtomicU64,
}

/// What the registry holds right now, for the process's metrics (read when they are scraped,
/// so the message path pays nothing for them).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Tally {
    pub live: usize,
    pub launching: usize,
    pub websockets: usize,
    pub learner_servers: usize,
    /// Redis servers running ahead of need, ready for the next sandboxes.
    pub spare_redis_servers: usize,
    /// Every delivery since the start, ended sandboxes' included: a counter that only grows.
    pub deliveries: u64,
}

#[derive(Default)]
struct Pending {
    launching: HashMap<SandboxId, Creator>,
}

/// What the creator and their address hold on the site's other nodes, counted against the same
/// limits as what they hold here (see `cluster::places`); nothing on a single node.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct HeldElsewhere {
    pub owner: usize,
    pub address: usize,
}

/// A place held against the limits while a sandbox launches, under the id it will have;
/// released when dropped, so an abandoned launch (a cancelled request, a failed redis-server)
/// never keeps it.
pub struct Reservation<'a> {
    registry: &'a Registry,
    id: SandboxId,
}

impl Reservation<'_> {
    /// The id the sandbox will have.
    pub fn id(&self) -> &SandboxId {
        &self.id
    }
}

impl Drop for Reservation<'_> {
    fn drop(&mut self) {
        self.registry.pending.lock().expect("pending lock").launching.remove(&self.id);
    }
}

impl Registry {
    /// Must be called inside the Tokio runtime (it starts the redis-server spawner thread).
    pub fn new(config: SandboxConfig) -> Arc<Registry> {
        let spawner = RedisSpawner::start(&config.redis_server);
        let spares = RedisSpares::start(
            spawner.clone(),
            config.limits.redis_max_memory_mb,
            config.spare_redis_servers,
            SPARES_ALONE,
        );
        Arc::new(Registry {
            config,
            spawner,
            spares,
            sandboxes: RwLock::new(HashMap::new()),
            pending: Mutex::new(Pending::default()),
            ended_deliveries: std::sync::atomic::AtomicU64::new(0),
        })
    }

    pub fn tally(&self) -> Tally {
        use std::sync::atomic::Ordering;
        let sandboxes = self.sandboxes.read().expect("registry lock");
        // Read under the lock that removals take, so an ending sandbox is counted once.
        let ended = self.ended_deliveries.load(Ordering::Relaxed);
        Tally {
            live: sandboxes.len(),
            launching: self.launching(),
            websockets: sandboxes.values().map(|s| s.websockets.taken()).sum(),
            learner_servers: self.config.learner_server.slots.running(),
            spare_redis_servers: self.spares.ready(),
            deliveries: ended + sandboxes.values().map(|s| s.delivered()).sum::<u64>(),
        }
    }

    /// Takes the sandboxes `pick` chooses out of the registry, chosen and removed under one lock
    /// (their deliveries go to the ended sandboxes' count).
    fn take_out(&self, pick: impl Fn(&Sandbox) -> bool) -> Vec<Arc<Sandbox>> {
        let mut sandboxes = self.sandboxes.write().expect("registry lock");
        let ids: Vec<SandboxId> = sandboxes.values().filter(|s| pick(s)).map(|s| s.id.clone()).collect();
        let taken: Vec<Arc<Sandbox>> = ids.iter().filter_map(|id| sandboxes.remove(id)).collect();
        let delivered: u64 = taken.iter().map(|s| s.delivered()).sum();
        self.ended_deliveries.fetch_add(delivered, std::sync::atomic::Ordering::Relaxed);
        taken
    }

    pub fn config(&self) -> &SandboxConfig {
        &self.config
    }

    /// Sizes the redis-servers kept ahead of need for `live_nodes` nodes. Alone, a couple: a new
    /// sandbox answers at once. In a cluster, this node's share of a peer's sandboxes, should the
    /// peer die and the proxy spread its learners over the others: the proxy spreads learners
    /// evenly, so a peer holds about as many as this node.
    pub fn size_spares(&self, live_nodes: usize) {
        let live = self.sandboxes.read().expect("registry lock").len();
        let share = if live_nodes > 1 { live.div_ceil(live_nodes - 1) } else { 0 };
        self.spares.want(share.max(SPARES_ALONE));
    }

    /// The thread children are forked from (a learner's server too).
    pub fn spawner(&self) -> &super::spawner::Spawner {
        self.spawner.spawner()
    }

    /// Creates a sandbox, if the limits allow, counting this node's sandboxes only.
    pub async fn create(
        &self,
        creator: Creator,
        mode: BridgeMode,
        lesson: Option<String>,
    ) -> Result<Arc<Sandbox>, CreateError> {
        let reservation = self.reserve(&creator, HeldElsewhere::default())?;
        self.launch(reservation, creator, mode, lesson).await
    }

    /// Launches the sandbox a reservation holds the place of, and registers it.
    pub async fn launch(
        &self,
        reservation: Reservation<'_>,
        creator: Creator,
        mode: BridgeMode,
        lesson: Option<String>,
    ) -> Result<Arc<Sandbox>, CreateError> {
        let id = reservation.id.clone();
        let redis = self.spares.take().await?;
        let sandbox = Sandbox::launch(id, creator, redis, mode, lesson, &self.config.limits);
        // Registered and released under one lock, so the sandbox is never counted twice or not at all.
        let mut pending = self.pending.lock().expect("pending lock");
        pending.launching.remove(&reservation.id);
        self.sandboxes.write().expect("registry lock").insert(sandbox.id.clone(), sandbox.clone());
        drop(pending);
        drop(reservation); // already released above; its drop finds nothing to remove
        tracing::info!(sandbox = %sandbox.id, "sandbox created");
        Ok(sandbox)
    }

    /// Checks every limit, counting live and launching sandboxes here and what the creator holds
    /// `elsewhere`, and holds a place under a new id if they allow.
    pub fn reserve(&self, creator: &Creator, elsewhere: HeldElsewhere) -> Result<Reservation<'_>, CreateError> {
        let mut pending = self.pending.lock().expect("pending lock");
        let sandboxes = self.sandboxes.read().expect("registry lock");
        let everyone = || sandboxes.values().map(|s| s.creator()).chain(pending.launching.values().cloned());
        if everyone().count() >= self.config.total {
            return Err(CreateError::TooManyInTotal(self.config.total));
        }
        let owners = everyone().filter(|c| c.owner == creator.owner).count() + elsewhere.owner;
        if owners >= self.config.per_owner {
            return Err(CreateError::TooManyForOwner(self.config.per_owner));
        }
        let addresses = everyone().filter(|c| c.address == creator.address).count() + elsewhere.address;
        if addresses >= self.config.per_address {
            return Err(CreateError::TooManyForAddress(self.config.per_address));
        }
        drop(sandboxes);
        let id = SandboxId::generate(&self.config.node);
        pending.launching.insert(id.clone(), creator.clone());
        Ok(Reservation { registry: self, id })
    }

    /// Every sandbox this node holds: the live ones with when they were launched, the launching
    /// ones without.
    pub fn held(&self) -> Vec<(SandboxId, Option<std::time::Instant>)> {
        let pending = self.pending.lock().expect("pending lock");
        let sandboxes = self.sandboxes.read().expect("registry lock");
        let live = sandboxes.values().map(|s| (s.id.clone(), Some(s.created_at)));
        live.chain(pending.launching.keys().map(|id| (id.clone(), None))).collect()
    }

    /// Sandboxes being launched right now (reserved, not yet registered).
    pub fn launching(&self) -> usize {
        self.pending.lock().expect("pending lock").launching.len()
    }

    /// The sandbox, if it exists and `access` opens it. Marks it active.
    pub fn get(&self, id: &str, access: &Access) -> Option<Arc<Sandbox>> {
        let sandbox = self.sandboxes.read().expect("registry lock").get(&SandboxId::from(id.to_string())).cloned()?;
        if !access.opens(&sandbox) {
            return None;
        }
        sandbox.touch();
        Some(sandbox)
    }

    /// The sandbox, as [`Registry::get`]; when there is none, why: it ended (or is not the
    /// asker's: the same answer, so ids cannot be probed), or its id names another node, which
    /// only a misrouted request reaches (said, so a proxy's mistake is visible).
    pub fn find(&self, id: &str, access: &Access) -> Result<Arc<Sandbox>, SandboxRefusal> {
        self.get(id, access).ok_or_else(|| match SandboxId::node_of(id) {
            Some(node) if node != self.config.node => SandboxRefusal::OnAnotherNode { node: node.to_string() },
            _ => SandboxRefusal::Ended,
        })
    }

    /// Sandboxes of one owner, newest first.
    pub fn owned_by(&self, owner: &OwnerId) -> Vec<Arc<Sandbox>> {
        let mut owned: Vec<_> =
            self.sandboxes.read().expect("registry lock").values().filter(|s| &s.owner() == owner).cloned().collect();
        owned.sort_by_key(|s| std::cmp::Reverse(s.created_at));
        owned
    }

    /// Hands every sandbox of `from` to `to` (a learner signed in: their sandboxes go with them).
    pub fn reown(&self, from: &OwnerId, to: &OwnerId) -> usize {
        let owned = self.owned_by(from);
        for sandbox in &owned {
            sandbox.reown(to.clone());
        }
        owned.len()
    }

    /// The owner's sandbox for `lesson`, if one runs.
    pub fn for_lesson(&self, owner: &OwnerId, lesson: &str) -> Option<Arc<Sandbox>> {
        self.owned_by(owner).into_iter().find(|s| s.lesson().as_deref() == Some(lesson))
    }

    /// Takes the owner's least recently used sandbox out when they hold as many as they may, here
    /// and `elsewhere` together, and have one here: the caller ends it, so a new one fits.
    pub fn take_room_for(&self, owner: &OwnerId, elsewhere: usize) -> Option<Arc<Sandbox>> {
        let owned = self.owned_by(owner);
        if owned.len() + elsewhere < self.config.per_owner {
            return None;
        }
        let oldest = owned.into_iter().min_by_key(|s| s.last_active_ms())?;
        self.take_out(|s| s.id == oldest.id).pop()
    }

    /// Ends one sandbox, whoever owns it (its place was given to another: see `cluster::places`).
    pub async fn end(&self, id: &SandboxId) -> bool {
        let Some(sandbox) = self.take_out(|s| &s.id == id).pop() else {
            return false;
        };
        sandbox.shut_down().await;
        true
    }

    pub fn count(&self) -> usize {
        self.sandboxes.read().expect("registry lock").len()
    }

    pub async fn delete(&self, id: &str, access: &Access) -> bool {
        let Some(sandbox) = self.get(id, access) else {
            return false;
        };
        self.take_out(|s| s.id == sandbox.id);
        sandbox.shut_down().await;
        tracing::info!(sandbox = %sandbox.id, "sandbox deleted");
        true
    }

    /// Ends sandboxes idle longer than the idle timeout or older than the maximum lifetime.
    pub async fn reap(&self) -> usize {
        let expired = self
            .take_out(|s| s.created_at.elapsed() >= self.config.max_lifetime || s.is_idle(self.config.idle_timeout));
        for sandbox in &expired {
            tracing::info!(sandbox = %sandbox.id, "sandbox reaped");
            sandbox.shut_down().await;
        }
        expired.len()
    }

    /// Ends every sandbox (app shutdown).
    pub async fn shut_down_all(&self) {
        let all: Vec<Arc<Sandbox>> = self.sandboxes.write().expect("registry lock").drain().map(|(_, s)| s).collect();
        for sandbox in all {
            sandbox.shut_down().await;
        }
    }
}
