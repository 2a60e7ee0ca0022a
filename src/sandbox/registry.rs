//! The registry of live sandboxes: creation within limits, lookup by id for whoever may touch
//! it (its owner, or a holder of its token; anyone else is told it does not exist), deletion,
//! and the reaper that ends idle and expired sandboxes.

use std::collections::HashMap;
use std::sync::{Arc, Mutex, RwLock};
use std::time::Duration;

use super::bridge::BridgeMode;
use super::id::{OwnerId, SandboxId};
use super::redis_process::{RedisProcessError, RedisSpawner};
use super::sandbox::{Sandbox, SandboxLimits};

#[derive(Clone, Debug)]
pub struct SandboxConfig {
    pub redis_server: std::path::PathBuf,
    pub idle_timeout: Duration,
    pub max_lifetime: Duration,
    pub per_owner: usize,
    pub total: usize,
    pub limits: SandboxLimits,
    /// Messages a second one WebSocket may send, and the burst above that rate.
    pub message_rate: u32,
    pub message_burst: u32,
}

#[derive(Debug, thiserror::Error)]
pub enum CreateError {
    #[error("you already have {0} sandboxes running; delete one or wait for it to expire")]
    TooManyForOwner(usize),
    #[error("the server is running its maximum of {0} sandboxes; try again in a minute")]
    TooManyInTotal(usize),
    #[error(transparent)]
    Redis(#[from] RedisProcessError),
}

impl CreateError {
    /// When trying again may succeed.
    pub fn retry_after(&self) -> Option<Duration> {
        match self {
            CreateError::TooManyForOwner(_) => Some(Duration::from_secs(60)),
            CreateError::TooManyInTotal(_) => Some(Duration::from_secs(60)),
            CreateError::Redis(_) => None,
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
    fn opens(&self, sandbox: &Sandbox) -> bool {
        self.owner.as_ref() == Some(&sandbox.owner) || self.token.as_deref().is_some_and(|t| sandbox.token.matches(t))
    }
}

pub struct Registry {
    config: SandboxConfig,
    spawner: RedisSpawner,
    sandboxes: RwLock<HashMap<SandboxId, Arc<Sandbox>>>,
    /// Owners of sandboxes being created, counted against the limits until they are ready.
    pending: Mutex<Vec<OwnerId>>,
}

impl Registry {
    /// Must be called inside the Tokio runtime (it starts the redis-server spawner thread).
    pub fn new(config: SandboxConfig) -> Arc<Registry> {
        let spawner = RedisSpawner::start(&config.redis_server);
        Arc::new(Registry { config, spawner, sandboxes: RwLock::new(HashMap::new()), pending: Mutex::new(Vec::new()) })
    }

    pub fn config(&self) -> &SandboxConfig {
        &self.config
    }

    pub async fn create(&self, owner: OwnerId, mode: BridgeMode) -> Result<Arc<Sandbox>, CreateError> {
        self.reserve(&owner)?;
        let launched = Sandbox::launch(owner.clone(), self.spawner.clone(), mode, &self.config.limits).await;
        let mut pending = self.pending.lock().expect("pending lock");
        if let Some(i) = pending.iter().position(|o| o == &owner) {
            pending.remove(i);
        }
        let sandbox = launched?;
        self.sandboxes.write().expect("registry lock").insert(sandbox.id.clone(), sandbox.clone());
        drop(pending);
        tracing::info!(sandbox = %sandbox.id, "sandbox created");
        Ok(sandbox)
    }

    fn reserve(&self, owner: &OwnerId) -> Result<(), CreateError> {
        let mut pending = self.pending.lock().expect("pending lock");
        let sandboxes = self.sandboxes.read().expect("registry lock");
        if sandboxes.len() + pending.len() >= self.config.total {
            return Err(CreateError::TooManyInTotal(self.config.total));
        }
        let owned =
            sandboxes.values().filter(|s| &s.owner == owner).count() + pending.iter().filter(|o| *o == owner).count();
        if owned >= self.config.per_owner {
            return Err(CreateError::TooManyForOwner(self.config.per_owner));
        }
        pending.push(owner.clone());
        Ok(())
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

    /// Sandboxes of one owner, newest first.
    pub fn owned_by(&self, owner: &OwnerId) -> Vec<Arc<Sandbox>> {
        let mut owned: Vec<_> =
            self.sandboxes.read().expect("registry lock").values().filter(|s| &s.owner == owner).cloned().collect();
        owned.sort_by_key(|s| std::cmp::Reverse(s.created_at));
        owned
    }

    pub fn count(&self) -> usize {
        self.sandboxes.read().expect("registry lock").len()
    }

    pub async fn delete(&self, id: &str, access: &Access) -> bool {
        let Some(sandbox) = self.get(id, access) else {
            return false;
        };
        self.sandboxes.write().expect("registry lock").remove(&sandbox.id);
        sandbox.shut_down().await;
        tracing::info!(sandbox = %sandbox.id, "sandbox deleted");
        true
    }

    /// Ends sandboxes idle longer than the idle timeout or older than the maximum lifetime.
    pub async fn reap(&self) -> usize {
        let expired: Vec<Arc<Sandbox>> = {
            let mut sandboxes = self.sandboxes.write().expect("registry lock");
            let ids: Vec<SandboxId> = sandboxes
                .values()
                .filter(|s| s.created_at.elapsed() >= self.config.max_lifetime || s.is_idle(self.config.idle_timeout))
                .map(|s| s.id.clone())
                .collect();
            ids.iter().filter_map(|id| sandboxes.remove(id)).collect()
        };
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
