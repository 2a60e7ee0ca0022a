//! A sandbox's own `redis-server`: a child process listening only on a Unix socket in a private
//! temporary directory (no TCP port to collide on or expose), with no persistence, a small
//! memory cap and few clients. It can be stopped (a real shutdown) and started again at the
//! same address.
//!
//! No orphans, ever: children are killed on drop, and forked from the app's one spawner thread
//! with a parent-death signal (see [`super::spawner`]), so that even a SIGKILL of the app takes
//! its Redis servers with it.

use std::io;
use std::path::{Path, PathBuf};
use std::process::Stdio;
use std::time::{Duration, Instant};

use tokio::process::{Child, Command};
use tokio::sync::Mutex;

use super::spawner::{Spawner, die_with_app};

/// Where sandbox directories live, and how their names start (`sl-{app pid}-{random}`; a
/// learner's server's run directories are named alike, see `sandbox::leftovers`).
pub const SOCKET_ROOT: &str = "/tmp";
pub const DIR_PREFIX: &str = "sl-";

/// Commands no lesson and no chat server uses, turned off: a learner's own server talks to
/// Redis without the console's allow-list, and these could spin Redis's one thread (scripts),
/// reconfigure or stop it, or write files.
const DISABLED_COMMANDS: &[&str] = &[
    "EVAL",
    "EVALSHA",
    "EVAL_RO",
    "EVALSHA_RO",
    "SCRIPT",
    "FUNCTION",
    "FCALL",
    "FCALL_RO",
    "CONFIG",
    "DEBUG",
    "MODULE",
    "SHUTDOWN",
    "SAVE",
    "BGSAVE",
    "BGREWRITEAOF",
    "REPLICAOF",
    "SLAVEOF",
    "MIGRATE",
    "ACL",
    "FAILOVER",
    "SYNC",
    "PSYNC",
];

/// How long a fresh redis-server may take to answer PING.
const READY_TIMEOUT: Duration = Duration::from_secs(5);
/// How long a stopping redis-server may take before it is killed.
const STOP_TIMEOUT: Duration = Duration::from_secs(3);

#[derive(Debug, thiserror::Error)]
pub enum RedisProcessError {
    #[error("redis-server is not installed (looked for `{0}`); install it with `apt-get install redis-server`")]
    NotInstalled(String),
    #[error("cannot start redis-server: {0}")]
    Spawn(io::Error),
    #[error("redis-server did not answer PING within {0:?}")]
    NotReady(Duration),
}

/// Starts redis-server children: the program, and the thread they are forked from.
#[derive(Clone)]
pub struct RedisSpawner {
    binary: PathBuf,
    spawner: Spawner,
}

impl RedisSpawner {
    pub fn new(binary: impl Into<PathBuf>, spawner: Spawner) -> RedisSpawner {
        RedisSpawner { binary: resolve_program(binary.into()), spawner }
    }

    /// A spawner with a thread of its own. Must be called inside the Tokio runtime.
    pub fn start(binary: impl Into<PathBuf>) -> RedisSpawner {
        RedisSpawner::new(binary, Spawner::start())
    }

    pub fn binary(&self) -> &Path {
        &self.binary
    }

    pub fn spawner(&self) -> &Spawner {
        &self.spawner
    }

    async fn spawn(&self, command: Command) -> io::Result<Child> {
        self.spawner.spawn(command).await
    }
}

/// A bare program name found on the app's `PATH` now, since its children get no `PATH` at all.
fn resolve_program(program: PathBuf) -> PathBuf {
    if program.components().count() > 1 {
        return program;
    }
    std::env::var_os("PATH")
        .iter()
        .flat_map(std::env::split_paths)
        .map(|dir| dir.join(&program))
        .find(|candidate| candidate.is_file())
        .unwrap_or(program)
}

pub struct RedisProcess {
    spawner: RedisSpawner,
    /// Private directory holding the socket; removed when the process value is dropped.
    dir: tempfile::TempDir,
    socket: PathBuf,
    max_memory: String,
    child: Mutex<Option<Child>>,
}

impl RedisProcess {
    /// Starts a new redis-server and waits until it answers PING.
    pub async fn launch(spawner: RedisSpawner, max_memory_mb: u32) -> Result<RedisProcess, RedisProcessError> {
        // Under /tmp, not a deep temp dir: a Unix socket path is at most 107 bytes. The name
        // carries our pid, so a later start can tell our leftovers from a live app's.
        let dir = tempfile::Builder::new()
            .prefix(&format!("{DIR_PREFIX}{}-", std::process::id()))
            .tempdir_in(SOCKET_ROOT)
            .map_err(RedisProcessError::Spawn)?;
        let socket = dir.path().join("redis.sock");
        let process =
            RedisProcess { spawner, dir, socket, max_memory: format!("{max_memory_mb}mb"), child: Mutex::new(None) };
        process.start().await?;
        Ok(process)
    }

    /// The URL clients connect with (RESP3, needed for push messages).
    pub fn url(&self) -> String {
        format!("unix://{}?protocol=resp3", self.socket.display())
    }

    pub fn socket_path(&self) -> &Path {
        &self.socket
    }

    /// Lets processes of group `gid` (a learner's jail, see `learner_server`) through to the
    /// socket, and nobody else: the directory becomes 0710, group `gid`.
    pub fn admit_group(&self, gid: u32) -> io::Result<()> {
        use std::os::unix::fs::PermissionsExt;
        std::os::unix::fs::chown(self.dir.path(), None, Some(gid))?;
        std::fs::set_permissions(self.dir.path(), std::fs::Permissions::from_mode(0o710))
    }

    /// The directory holding the socket (bound into a learner's jail).
    pub fn socket_dir(&self) -> &Path {
        self.dir.path()
    }

    /// The child's process id while it runs.
    pub async fn pid(&self) -> Option<u32> {
        self.child.lock().await.as_ref().and_then(Child::id)
    }

    pub async fn is_running(&self) -> bool {
        let mut child = self.child.lock().await;
        match child.as_mut() {
            Some(c) => matches!(c.try_wait(), Ok(None)),
            None => false,
        }
    }

    /// Starts redis-server if it is not running; returns how long it took to answer PING.
    pub async fn start(&self) -> Result<Duration, RedisProcessError> {
        let mut child = self.child.lock().await;
        if let Some(running) = child.as_mut()
            && matches!(running.try_wait(), Ok(None))
        {
            return Ok(Duration::ZERO);
        }
        let started = Instant::now();
        let _ = std::fs::remove_file(&self.socket);
        let spawned = self.spawner.spawn(self.command()).await.map_err(|e| match e.kind() {
            io::ErrorKind::NotFound => RedisProcessError::NotInstalled(self.spawner.binary().display().to_string()),
            _ => RedisProcessError::Spawn(e),
        })?;
        *child = Some(spawned);
        drop(child);
        self.wait_ready().await?;
        Ok(started.elapsed())
    }

    /// Shuts redis-server down (SIGTERM; it exits at once without persistence), killing it if
    /// it does not exit in time.
    pub async fn stop(&self) {
        let Some(mut child) = self.child.lock().await.take() else {
            return;
        };
        if let Some(pid) = child.id() {
            // SAFETY: plain syscall on a pid we own and have not reaped yet.
            unsafe { libc::kill(pid as libc::pid_t, libc::SIGTERM) };
        }
        if tokio::time::timeout(STOP_TIMEOUT, child.wait()).await.is_err() {
            let _ = child.kill().await;
        }
        let _ = std::fs::remove_file(&self.socket);
    }

    fn command(&self) -> Command {
        let mut command = Command::new(self.spawner.binary());
        // Nothing of the app's environment: the learner's code talks to this process.
        command
            .env_clear()
            .arg("--port")
            .arg("0")
            .arg("--unixsocket")
            .arg(&self.socket)
            // The directory guards the socket: 0700, or 0710 for a learner's jail (`admit`).
            .arg("--unixsocketperm")
            .arg("777")
            .arg("--dir")
            .arg(self.dir.path())
            .args(["--save", "", "--appendonly", "no"])
            .args(["--maxmemory", &self.max_memory, "--maxmemory-policy", "noeviction"])
            .args(["--maxclients", "64", "--daemonize", "no", "--loglevel", "warning"])
            .args(DISABLED_COMMANDS.iter().flat_map(|command| ["--rename-command", command, ""]))
            .stdin(Stdio::null())
            .stdout(Stdio::null())
            .stderr(Stdio::null());
        die_with_app(&mut command);
        command
    }

    async fn wait_ready(&self) -> Result<(), RedisProcessError> {
        let deadline = Instant::now() + READY_TIMEOUT;
        let client = redis::Client::open(format!("unix://{}", self.socket.display()))
            .map_err(|e| RedisProcessError::Spawn(io::Error::other(e)))?;
        let mut pause = Duration::from_millis(1);
        loop {
            if self.socket.exists()
                && let Ok(mut conn) = client.get_multiplexed_async_connection().await
                && redis::cmd("PING").query_async::<String>(&mut conn).await.is_ok()
            {
                return Ok(());
            }
            if Instant::now() >= deadline {
                return Err(RedisProcessError::NotReady(READY_TIMEOUT));
            }
            tokio::time::sleep(pause).await;
            pause = (pause * 2).min(Duration::from_millis(10));
        }
    }
}
