//! A sandbox's own `redis-server`: a child process listening only on a Unix socket in a private
//! temporary directory (no TCP port to collide on or expose), with no persistence, a small
//! memory cap and few clients. It can be stopped (a real shutdown) and started again at the
//! same address.
//!
//! No orphans, ever: children are killed on drop, and forked from the app's one spawner thread
//! with a parent-death signal (see [`super::spawner`]), so that even a SIGKILL of the app takes
//! its Redis servers with it.
//!
//! What it accepts and how large it may grow is [`super::redis_rules`]'s; here, its ceiling is
//! applied (an address-space limit set between fork and exec), and an end nobody asked for (at
//! that ceiling, or a crash) is noticed and said: [`RedisProcess::ends`].

use std::io;
use std::path::{Path, PathBuf};
use std::process::Stdio;
use std::time::{Duration, Instant};

use tokio::io::{AsyncBufReadExt, AsyncRead, AsyncReadExt, BufReader};
use tokio::process::{Child, Command};
use tokio::sync::{Mutex, broadcast, oneshot, watch};

use super::events::EventKind;
use super::spawner::{Spawner, die_with_app};

/// Where sandbox directories live, and how their names start (`sl-{app pid}-{random}`; a
/// learner's server's run directories are named alike, see `sandbox::leftovers`).
pub const SOCKET_ROOT: &str = "/tmp";
pub const DIR_PREFIX: &str = "sl-";

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

/// Waits for the first of: the process ending (by itself: said to whoever listens on `ends`),
/// or Stop (SIGTERM, then SIGKILL if it does not go in time).
async fn supervise(
    mut child: Child,
    stopped: oneshot::Receiver<()>,
    exited: watch::Sender<bool>,
    log: tokio::task::JoinHandle<bool>,
    ends: broadcast::Sender<RedisEnd>,
    ceiling_mb: u64,
) {
    tokio::select! {
        status = child.wait() => {
            // The log is read to its end, which comes with the process's.
            let out_of_memory = matches!(tokio::time::timeout(Duration::from_secs(1), log).await, Ok(Ok(true)));
            let end = if out_of_memory {
                RedisEnd::MemoryCeiling { ceiling_mb }
            } else {
                RedisEnd::Crashed(describe_status(status.ok()))
            };
            let _ = exited.send(true);
            let _ = ends.send(end);
        }
        _ = stopped => {
            if let Some(pid) = child.id() {
                // SAFETY: plain syscall on a pid we own and have not reaped yet.
                unsafe { libc::kill(pid as libc::pid_t, libc::SIGTERM) };
            }
            if tokio::time::timeout(STOP_TIMEOUT, child.wait()).await.is_err() {
                let _ = child.kill().await;
            }
            let _ = exited.send(true);
        }
    }
}

fn describe_status(status: Option<std::process::ExitStatus>) -> String {
    use std::os::unix::process::ExitStatusExt;
    match status {
        Some(status) if status.signal() == Some(libc::SIGABRT) => "it aborted".into(),
        Some(status) if status.signal().is_some() => format!("signal {}", status.signal().unwrap_or(0)),
        Some(status) => format!("exit status {}", status.code().unwrap_or(-1)),
        None => "unknown".into(),
    }
}

/// Reads redis-server's log to its end, in bounded pieces: whether it said it ran out of memory.
fn watch_log<R: AsyncRead + Unpin + Send + 'static>(stdout: Option<R>) -> tokio::task::JoinHandle<bool> {
    tokio::spawn(async move {
        let Some(stdout) = stdout else { return false };
        let mut reader = BufReader::new(stdout);
        let mut line = Vec::with_capacity(256);
        let mut out_of_memory = false;
        loop {
            line.clear();
            match (&mut reader).take(4096).read_until(b'\n', &mut line).await {
                Ok(0) | Err(_) => return out_of_memory,
                // "Redis aborting for OUT OF MEMORY", in its crash report.
                Ok(_) => out_of_memory |= line.windows(13).any(|w| w.eq_ignore_ascii_case(b"out of memory")),
            }
        }
    })
}

/// The address-space limit of the child, set between fork and exec.
fn limit_address_space(command: &mut Command, bytes: u64) {
    // SAFETY: setrlimit is async-signal-safe and touches only the child.
    unsafe {
        command.pre_exec(move || {
            let limit = libc::rlimit { rlim_cur: bytes, rlim_max: bytes };
            if libc::setrlimit(libc::RLIMIT_AS, &limit) == -1 {
                return Err(io::Error::last_os_error());
            }
            Ok(())
        });
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

/// Why a redis-server ended without being asked to.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum RedisEnd {
    /// It reached its memory ceiling ("OUT OF MEMORY" in its log, then its crash report).
    MemoryCeiling { ceiling_mb: u64 },
    /// Anything else: a signal, or an exit status.
    Crashed(String),
}

impl RedisEnd {
    /// The event it is in the sandbox's log: the sentence, and its values for programs.
    pub fn event(&self) -> EventKind {
        let (ceiling_mb, exit) = match self {
            RedisEnd::MemoryCeiling { ceiling_mb } => (Some(*ceiling_mb), None),
            RedisEnd::Crashed(how) => (None, Some(how.clone())),
        };
        EventKind::RedisEnded { reason: self.describe(), ceiling_mb, exit }
    }

    /// The sentence the panel shows.
    pub fn describe(&self) -> String {
        match self {
            RedisEnd::MemoryCeiling { ceiling_mb } => format!(
                "Redis stopped: it hit its memory ceiling ({ceiling_mb} MiB). Start Redis to go on with an empty one."
            ),
            RedisEnd::Crashed(how) => {
                format!("Redis stopped by itself ({how}). Start Redis to go on with an empty one.")
            }
        }
    }
}

/// A running redis-server: Stop asks its supervisor to end it; `exited` says when it has.
struct Running {
    stop: oneshot::Sender<()>,
    exited: watch::Receiver<bool>,
    pid: Option<u32>,
}

pub struct RedisProcess {
    spawner: RedisSpawner,
    /// Private directory holding the socket; removed when the process value is dropped.
    dir: tempfile::TempDir,
    socket: PathBuf,
    max_memory_mb: u32,
    /// The address space it may map, in bytes.
    ceiling: u64,
    running: Mutex<Option<Running>>,
    /// Ends nobody asked for, as they happen.
    ends: broadcast::Sender<RedisEnd>,
}

impl RedisProcess {
    /// Starts a new redis-server and waits until it answers PING.
    pub async fn launch(spawner: RedisSpawner, max_memory_mb: u32) -> Result<RedisProcess, RedisProcessError> {
        let ceiling = super::redis_rules::ceiling_bytes(max_memory_mb);
        RedisProcess::launch_with_ceiling(spawner, max_memory_mb, ceiling).await
    }

    /// As [`RedisProcess::launch`], with the address-space ceiling given (in bytes).
    pub async fn launch_with_ceiling(
        spawner: RedisSpawner,
        max_memory_mb: u32,
        ceiling: u64,
    ) -> Result<RedisProcess, RedisProcessError> {
        // Under /tmp, not a deep temp dir: a Unix socket path is at most 107 bytes. The name
        // carries our pid, so a later start can tell our leftovers from a live app's.
        let dir = tempfile::Builder::new()
            .prefix(&format!("{DIR_PREFIX}{}-", std::process::id()))
            .tempdir_in(SOCKET_ROOT)
            .map_err(RedisProcessError::Spawn)?;
        let socket = dir.path().join("redis.sock");
        let process = RedisProcess {
            spawner,
            dir,
            socket,
            max_memory_mb,
            ceiling,
            running: Mutex::new(None),
            ends: broadcast::channel(4).0,
        };
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
        self.running.lock().await.as_ref().filter(|r| !*r.exited.borrow()).and_then(|r| r.pid)
    }

    pub async fn is_running(&self) -> bool {
        self.running.lock().await.as_ref().is_some_and(|r| !*r.exited.borrow())
    }

    /// Ends nobody asked for (its memory ceiling, a crash), from now on.
    pub fn ends(&self) -> broadcast::Receiver<RedisEnd> {
        self.ends.subscribe()
    }

    /// The address space the process may map, in bytes: a sandbox's Redis at its worst.
    pub fn ceiling_bytes(&self) -> u64 {
        self.ceiling
    }

    /// Starts redis-server if it is not running; returns how long it took to answer PING.
    pub async fn start(&self) -> Result<Duration, RedisProcessError> {
        let mut running = self.running.lock().await;
        if running.as_ref().is_some_and(|r| !*r.exited.borrow()) {
            return Ok(Duration::ZERO);
        }
        let started = Instant::now();
        let _ = std::fs::remove_file(&self.socket);
        let mut child = self.spawner.spawn(self.command()).await.map_err(|e| match e.kind() {
            io::ErrorKind::NotFound => RedisProcessError::NotInstalled(self.spawner.binary().display().to_string()),
            _ => RedisProcessError::Spawn(e),
        })?;
        let (stop, stopped) = oneshot::channel();
        let (exited_tx, exited) = watch::channel(false);
        let pid = child.id();
        let log = watch_log(child.stdout.take());
        let ceiling_mb = self.ceiling_bytes() / (1024 * 1024);
        tokio::spawn(supervise(child, stopped, exited_tx, log, self.ends.clone(), ceiling_mb));
        *running = Some(Running { stop, exited, pid });
        drop(running);
        self.wait_ready().await?;
        Ok(started.elapsed())
    }

    /// Shuts redis-server down (SIGTERM; it exits at once without persistence), killing it if
    /// it does not exit in time.
    pub async fn stop(&self) {
        let Some(Running { stop, mut exited, .. }) = self.running.lock().await.take() else {
            return;
        };
        let _ = stop.send(());
        let _ = exited.wait_for(|gone| *gone).await;
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
            // Its housekeeping twice a second, not ten times: most sandboxes' Redis sits idle
            // (and every spare does), and at Redis's default an idle one costs 1.2 ms of CPU a
            // second, a core for a node's thousand. Blocking commands' timeouts (BLPOP, XREAD
            // BLOCK) are then kept to within half a second instead of a tenth.
            .args(["--hz", "2"])
            .args(super::redis_rules::arguments(self.max_memory_mb))
            // Its log on stdout, read for the one line that says why it stopped by itself.
            .args(["--daemonize", "no", "--loglevel", "warning", "--logfile", ""])
            .stdin(Stdio::null())
            .stdout(Stdio::piped())
            .stderr(Stdio::null());
        limit_address_space(&mut command, self.ceiling_bytes());
        die_with_app(&mut command);
        command
    }

    async fn wait_ready(&self) -> Result<(), RedisProcessError> {
        let deadline = Instant::now() + READY_TIMEOUT;
        let client = redis::Client::open(format!("unix://{}", self.socket.display()))
            .map_err(|e| RedisProcessError::Spawn(io::Error::other(e)))?;
        let mut pauses = super::backoff::doubling(Duration::from_millis(1), Duration::from_millis(10));
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
            tokio::time::sleep(pauses.next().unwrap_or(Duration::from_millis(10))).await;
        }
    }
}
