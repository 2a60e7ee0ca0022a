//! What the tests of learners' servers share: the jail's configuration with the project's
//! Python environment, the smallest app with a probe run at import, a run that must start, a
//! sandbox's Redis the jail may reach, and a whole sandbox launched without the app.

use std::path::Path;
use std::sync::Arc;

use streamlab::sandbox::bridge::{BridgeMode, OutboxLimits};
use streamlab::sandbox::id::{Creator, OwnerId};
use streamlab::sandbox::learner_server::{LearnerServer, LearnerServerConfig};
use streamlab::sandbox::redis_process::{RedisProcess, RedisSpawner};
use streamlab::sandbox::sandbox::{Sandbox, SandboxLimits};
use streamlab::sandbox::spawner::Spawner;

/// The jail's configuration; panics saying what to install when something is missing.
pub fn config() -> LearnerServerConfig {
    let config = LearnerServerConfig::new(Path::new(env!("CARGO_MANIFEST_DIR")).join("python/.venv"));
    if let Some(missing) = config.missing() {
        panic!("{missing}");
    }
    config
}

/// The smallest app uvicorn can serve, after `probe` ran at import (`os`, `socket` and `sys`
/// imported for it).
pub fn code(probe: &str) -> String {
    format!(
        "import os, socket, sys\n{probe}\n\nfrom fastapi import FastAPI\napp = FastAPI()\n\n@app.get('/')\nasync def root():\n    return 'hello'\n"
    )
}

/// A run that must start (without a Redis in reach).
pub async fn run(spawner: &Spawner, config: &LearnerServerConfig, code: &str) -> LearnerServer {
    match LearnerServer::run(spawner, config, code, None, "a").await {
        Ok(server) => server,
        Err(e) => panic!("{e}"),
    }
}

/// A sandbox's redis-server of `max_memory_mb` that the jail's user may reach (as `Sandbox`
/// arranges it).
pub async fn redis_for_jail(spawner: &Spawner, config: &LearnerServerConfig, max_memory_mb: u32) -> RedisProcess {
    let redis = RedisProcess::launch(RedisSpawner::new("redis-server", spawner.clone()), max_memory_mb).await.unwrap();
    if let Some(id) = config.run_as() {
        redis.admit_group(id).unwrap();
    }
    redis
}

/// A whole sandbox with small limits, for a new learner from 127.0.0.1, without the app.
pub async fn sandbox(spawner: &Spawner) -> Arc<Sandbox> {
    let limits = SandboxLimits {
        queue_capacity: 64,
        redis_max_memory_mb: 16,
        websockets: 8,
        event_streams: 2,
        rooms: 4,
        redis_actions_per_minute: 30,
        outbox: OutboxLimits { messages: 100, bytes: 64 * 1024 },
    };
    let creator = Creator { owner: OwnerId::generate(), address: "127.0.0.1".parse().unwrap() };
    let spawner = RedisSpawner::new("redis-server", spawner.clone());
    let redis = RedisProcess::launch(spawner, limits.redis_max_memory_mb).await.unwrap();
    let id = streamlab::sandbox::id::SandboxId::generate("test");
    Sandbox::launch(id, creator, redis, BridgeMode::Pubsub, None, &limits)
}
