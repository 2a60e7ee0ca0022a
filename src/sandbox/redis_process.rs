//! A sandbox's own `redis-server`: a child process listening only on a Unix socket in a private
//! temporary directory (no TCP port to collide on or expose), with no persistence, a small
//! memory cap and few clients. It can be stopped (a real shutdown) and started again at the
//! same address.
//!
//! No orphans, ever: children are killed on drop, and each child also gets a parent-death signal
//! (SIGKILL) so that even a SIGKILL of the app takes its Redis servers with it. Linux sends that
//! signal when the *thread* that forked the child exits, so every child is forked from one
//! long-lived spawner thread, never from a runtime worker or a `spawn_blocking` thread (those
//! retire when idle, and their children would die at random).

use std::io;
use std::path::{Path, PathBuf};
use std::process::Stdio;
use std::sync::mpsc as std_mpsc;
use std::time::{Duration, Instant};

use tokio::process::{Child, Command};
use tokio::sync::{Mutex, oneshot};

/// Where sandbox directories live, and how their names start (`sl-{app pid}-{random}`).
const SOCKET_ROOT: &str = "/tmp";
const DIR_PREFIX: &str = "sl-";

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

type SpawnReply = oneshot::Sender<io::Result<Child>>;

/// Forks redis-server children from one thread that lives as long as the app.
#[derive(Clone)]
pub struct RedisSpawner {
    binary: PathBuf,
    requests: std_mpsc::Sender<(Command, SpawnReply)>,
}

impl RedisSpawner {
    /// Starts the spawner thread. Must be called inside the Tokio runtime (children are
    /// registered with it so they can be awaited).
    pub fn start(binary: impl Into<PathBuf>) -> RedisSpawner {
        let runtime = tokio::runtime::Handle::current();
        let (requests, incoming) = std_mpsc::channel::<(Command, SpawnReply)>();
        std::thread::Builder::new()
            .name("redis-spawner".into())
            .spawn(move || {
                let _runtime = runtime.enter();
                for (mut command, reply) in incoming {
                    let _ = reply.send(command.spawn());
                }
            })
            .expect("spawn the redis-spawner thread");
        RedisSpawner { binary: binary.into(), requests }
    }

    pub fn binary(&self) -> &Path {
        &self.binary
    }

    async fn spawn(&self, command: Command) -> io::Result<Child> {
        let (reply, answer) = oneshot::channel();
        self.requests.send((command, reply)).map_err(|_| io::Error::other("the redis-spawner thread has stopped"))?;
        answer.await.map_err(|_| io::Error::other("the redis-spawner thread dropped a request"))?
    }
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
        // Captured before the fork: in the child, a parent pid other than this one means the app
        // died between fork and prctl (comparing with 1 fails where the app itself is pid 1, or
        // under a subreaper, and would make every start fail).
        let app_pid = std::process::id() as libc::pid_t;
        let mut command = Command::new(self.spawner.binary());
        command
            .arg("--port")
            .arg("0")
            .arg("--unixsocket")
            .arg(&self.socket)
            .arg("--unixsocketperm")
            .arg("700")
            .arg("--dir")
            .arg(self.dir.path())
            .args(["--save", "", "--appendonly", "no"])
            .args(["--maxmemory", &self.max_memory, "--maxmemory-policy", "noeviction"])
            .args(["--maxclients", "64", "--daemonize", "no", "--loglevel", "warning"])
            .stdin(Stdio::null())
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .kill_on_drop(true);
        // SAFETY: between fork and exec only async-signal-safe calls are made (prctl, getppid,
        // _exit is not needed: a failed check returns an error and exec is skipped).
        unsafe {
            command.pre_exec(move || {
                if libc::prctl(libc::PR_SET_PDEATHSIG, libc::SIGKILL) == -1 {
                    return Err(io::Error::last_os_error());
                }
                // The parent may have died between fork and prctl: then nobody would kill us.
                if libc::getppid() != app_pid {
                    return Err(io::Error::other("parent exited during spawn"));
                }
                Ok(())
            });
        }
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

/// Removes sandbox directories left by an app that was killed (SIGKILL skips every destructor):
/// only those whose owning process is gone, since parallel tests and other servers share the
/// folder. Returns how many were removed.
pub fn remove_leftover_directories() -> usize {
    let Ok(entries) = std::fs::read_dir(SOCKET_ROOT) else {
        return 0;
    };
    let mut removed = 0;
    for entry in entries.flatten() {
        let name = entry.file_name();
        let Some(pid) = name.to_str().and_then(owning_pid) else {
            continue;
        };
        if Path::new(&format!("/proc/{pid}")).exists() {
            continue;
        }
        if std::fs::remove_dir_all(entry.path()).is_ok() {
            removed += 1;
        }
    }
    removed
}

/// `sl-{pid}-{random}` → pid.
fn owning_pid(name: &str) -> Option<u32> {
    let (pid, random) = name.strip_prefix(DIR_PREFIX)?.split_once('-')?;
    if random.is_empty() {
        return None;
    }
    pid.parse().ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_directory_name_says_which_process_owns_it() {
        assert_eq!(owning_pid("sl-4242-abc123"), Some(4242));
        assert_eq!(owning_pid("sl-abc123"), None, "older names carry no pid: left alone");
        assert_eq!(owning_pid("other-42-x"), None);
    }

    #[test]
    fn leftovers_of_dead_processes_are_removed_and_live_ones_kept() {
        let mut exited = std::process::Command::new("true").spawn().unwrap();
        let dead_pid = exited.id();
        exited.wait().unwrap();
        let dead = Path::new(SOCKET_ROOT).join(format!("{DIR_PREFIX}{dead_pid}-unittest"));
        let live = Path::new(SOCKET_ROOT).join(format!("{DIR_PREFIX}{}-unittest", std::process::id()));
        std::fs::create_dir_all(dead.join("inner")).unwrap();
        std::fs::create_dir_all(&live).unwrap();
        remove_leftover_directories();
        assert!(!dead.exists(), "the dead app's directory is removed");
        assert!(live.exists(), "a live app's directory is kept");
        std::fs::remove_dir_all(&live).unwrap();
    }
}
