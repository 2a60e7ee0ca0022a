//! One run of a learner's server: its code written to a private directory, a listening Unix
//! socket made by the app and handed in as a file descriptor, the jailed process started from
//! the app's spawner thread (in control groups of its own where there are any, with an empty
//! environment), ready once it answers HTTP, and a supervisor that ends it on Stop, on drop, at
//! the end of its lifetime or past its jail's budgets, and says in its log why it ended.
//!
//! A run ends by SIGKILL to the jail's init (bwrap names it on its info descriptor; we hold it as
//! a pidfd, so a reused pid is never hit): the kernel then ends every process of the pid
//! namespace, whatever they did to themselves. The init's pid is also written to the run's
//! directory, where the next start of the app finds it if this one was killed (see
//! `sandbox::leftovers`).

use std::io;
use std::os::fd::{AsRawFd, OwnedFd};
use std::path::{Path, PathBuf};
use std::process::Stdio;
use std::sync::Arc;
use std::time::{Duration, Instant};

use tokio::io::{AsyncBufReadExt, AsyncRead, AsyncReadExt, BufReader};
use tokio::process::{Child, Command};
use tokio::sync::{oneshot, watch};

use super::code::LearnerCode;
use super::exit::Exit;
use super::group::{self, ControlGroups};
use super::jail::{self, Jail};
use super::output::{Output, Source};
use super::run_setup::{
    answers_http, become_user, hand_in, join_groups, listen, pipe, private_directory, run_name, seccomp_pipe,
};
use super::{LearnerServerConfig, LearnerServerError};
use crate::sandbox::refusal::SandboxRefusal;
use crate::sandbox::spawner::{Spawner, die_with_app};
use crate::sandbox::wire::Args;

/// How long the code may take to answer its first HTTP request.
const READY_TIMEOUT: Duration = Duration::from_secs(10);
/// The module uvicorn imports (the editor's file is `bridge.py`, see `run_setup`).
const APP: &str = "bridge:app";

/// A learner's server, running or ended. Dropping it ends the process.
pub struct LearnerServer {
    /// Private directory: `code/bridge.py` and `server.sock`. Removed on drop.
    dir: tempfile::TempDir,
    output: Arc<Output>,
    exit: watch::Receiver<Option<Exit>>,
    /// Dropped (or sent) to end the run.
    stop: Option<oneshot::Sender<()>>,
    pid: Option<u32>,
    /// From Run to the first HTTP answer.
    pub ready_after: Duration,
}

impl LearnerServer {
    /// Starts `code` (the learner's file, and the course modules beside it) as a server and waits
    /// until it answers HTTP. A server that fails first (a syntax error, an import error, a
    /// limit) gives an error carrying its log.
    pub async fn run(
        spawner: &Spawner,
        config: &LearnerServerConfig,
        code: impl Into<LearnerCode<'_>>,
        redis_dir: Option<&Path>,
        server_id: &str,
    ) -> Result<LearnerServer, LearnerServerError> {
        let started = Instant::now();
        if let Some(missing) = config.missing() {
            return Err(LearnerServerError::Refused(SandboxRefusal::Unavailable { what: missing }));
        }
        let run_as = config.run_as();
        let dir = private_directory(code.into(), run_as).map_err(LearnerServerError::Setup)?;
        let socket = dir.path().join("server.sock");
        let listener = listen(&socket).map_err(LearnerServerError::Setup)?;
        let jail = Jail {
            python_env: config.python_env.clone(),
            code_dir: dir.path().join("code"),
            redis_dir: redis_dir.map(Path::to_path_buf),
            prlimit: config.prlimit.clone(),
            limits: config.limits,
            app: APP.into(),
            server_id: server_id.into(),
        };
        let groups = match &config.control_groups {
            Some(hierarchy) => {
                Some(hierarchy.create(&run_name(&dir), &config.limits).map_err(LearnerServerError::Setup)?)
            }
            None => None,
        };
        // Nothing of the app's environment (a database URL, a cloud key) reaches the jail: bwrap's
        // own processes keep the environment they start with, whatever `--clearenv` does later.
        let mut command = Command::new(&config.bwrap);
        command.env_clear().args(jail.arguments()).stdin(Stdio::null()).stdout(Stdio::piped()).stderr(Stdio::piped());
        // In this order, between fork and exec: into the groups (as root), then the jail's uid,
        // then the parent-death signal (a change of uid clears it).
        if let Some(groups) = &groups {
            join_groups(&mut command, groups.procs_files().map_err(LearnerServerError::Setup)?);
        }
        if let Some(id) = run_as {
            become_user(&mut command, id);
        }
        die_with_app(&mut command);
        let filter = seccomp_pipe().map_err(LearnerServerError::Setup)?;
        let (info, info_for_bwrap) = pipe().map_err(LearnerServerError::Setup)?;
        hand_in(
            &mut command,
            [
                (listener.as_raw_fd(), jail::LISTEN_FD),
                (filter.as_raw_fd(), jail::SECCOMP_FD),
                (info_for_bwrap.as_raw_fd(), jail::INFO_FD),
            ],
        );
        let mut child = spawner.spawn(command).await.map_err(LearnerServerError::Setup)?;
        // The jail holds the listening socket now; ours closes, so once the jail is gone a
        // connection is refused instead of waiting in the backlog forever.
        drop(listener);
        drop(filter);
        drop(info_for_bwrap);
        let init = match JailInit::read(info).await {
            Ok(init) => init,
            Err(e) => {
                let _ = child.kill().await;
                return Err(LearnerServerError::Setup(e));
            }
        };
        // Where the next start finds this jail if the app is killed before it ends.
        init.record(dir.path()).map_err(LearnerServerError::Setup)?;

        let output = Arc::new(Output::default());
        output.say("starting", Args::default(), "Starting your server…");
        // uvicorn names the socket it serves on: our path on the host means nothing in the jail.
        let host_socket = socket.display().to_string();
        follow_lines(child.stdout.take(), &output, &host_socket);
        follow_lines(child.stderr.take(), &output, &host_socket);
        let pid = child.id();
        let (exit_tx, mut exit) = watch::channel(None);
        let (stop, stopped) = oneshot::channel();
        tokio::spawn(supervise(Jailed { child, init, groups }, stopped, exit_tx, output.clone(), config.limits));

        tokio::select! {
            answered = answers_http(&socket, READY_TIMEOUT) => {
                if let Err(e) = answered {
                    let (seconds, error) = (READY_TIMEOUT.as_secs().to_string(), e.to_string());
                    let text = format!("Your server did not answer within {seconds} s: {error}");
                    output.say("no_answer", Args::of(&[("seconds", &seconds), ("error", &error)]), &text);
                    return Err(LearnerServerError::DidNotStart(output.text()));
                }
            }
            _ = async { exit.wait_for(Option::is_some).await.map(|_| ()) } => {
                // Let the pipes drain into the log before it is read.
                tokio::time::sleep(Duration::from_millis(50)).await;
                return Err(LearnerServerError::DidNotStart(output.text()));
            }
        }
        let ready_after = started.elapsed();
        let ms = ready_after.as_millis().to_string();
        output.say("answering", Args::of(&[("ms", &ms)]), &format!("Your server is answering ({ms} ms)."));
        Ok(LearnerServer { dir, output, exit, stop: Some(stop), pid, ready_after })
    }

    /// The Unix socket the server listens on (HTTP and WebSocket).
    pub fn socket_path(&self) -> PathBuf {
        self.dir.path().join("server.sock")
    }

    pub fn output(&self) -> &Output {
        &self.output
    }

    /// The log, shared: the relay writes its warnings into it.
    pub fn output_handle(&self) -> Arc<Output> {
        self.output.clone()
    }

    /// The bwrap process's id, while it runs.
    pub fn pid(&self) -> Option<u32> {
        self.pid
    }

    /// Why it ended, once it has.
    pub fn exit(&self) -> Option<Exit> {
        self.exit.borrow().clone()
    }

    /// Why it ended, as it becomes known.
    pub fn exit_watch(&self) -> watch::Receiver<Option<Exit>> {
        self.exit.clone()
    }

    /// Waits until the run has ended, however it ends.
    pub async fn ended(&self) -> Exit {
        let mut exit = self.exit.clone();
        let ended = exit.wait_for(Option::is_some).await.map(|e| e.clone());
        ended.ok().flatten().unwrap_or(Exit::Stopped)
    }

    /// Ends the run and waits until the process is gone.
    pub async fn stop(&mut self) -> Exit {
        if let Some(stop) = self.stop.take() {
            let _ = stop.send(());
        }
        self.ended().await
    }
}

impl Drop for LearnerServer {
    fn drop(&mut self) {
        // Dropping the sender wakes the supervisor, which kills the jail.
        self.stop.take();
    }
}

/// A started jail: bwrap, its namespace's init, and its control groups if there are any.
struct Jailed {
    child: Child,
    init: JailInit,
    groups: Option<ControlGroups>,
}

/// How often the jail's use of CPU and memory is read.
const BUDGET_TICK: Duration = Duration::from_secs(1);

/// Waits for the first of: the process ending, Stop (or the owner dropped), the lifetime, a
/// budget of the jail used up.
async fn supervise(
    jailed: Jailed,
    mut stopped: oneshot::Receiver<()>,
    exit: watch::Sender<Option<Exit>>,
    output: Arc<Output>,
    limits: super::Limits,
) {
    let Jailed { mut child, init, groups } = jailed;
    let lifetime = tokio::time::sleep(limits.lifetime);
    tokio::pin!(lifetime);
    let mut budget = tokio::time::interval(BUDGET_TICK);
    let ended = loop {
        tokio::select! {
            status = child.wait() => break status.map(Exit::from_status).unwrap_or(Exit::Exited(-1)),
            _ = &mut stopped => break Exit::Stopped,
            _ = &mut lifetime => break Exit::LifetimeOver,
            _ = budget.tick() => {
                if let Some(over) = over_budget(&init, groups.as_ref(), &limits).await {
                    break over;
                }
            }
        }
    };
    // Every process of the jail ends with its init, whoever asked for the end.
    init.kill();
    let _ = child.kill().await;
    let ended = match ended {
        Exit::Signal(libc::SIGKILL) if groups.as_ref().is_some_and(ControlGroups::killed_for_memory) => {
            Exit::MemoryLimit
        }
        other => other,
    };
    // The groups can go once their processes have: removed off the runtime, with retries.
    if let Some(groups) = groups {
        tokio::task::spawn_blocking(move || drop(groups));
    }
    // Output written just before the end still belongs above the last line.
    tokio::time::sleep(Duration::from_millis(20)).await;
    let (key, args) = ended.said(&limits);
    output.say(key, args, &ended.describe(&limits));
    let _ = exit.send(Some(ended));
}

/// Why the run must end now, if it must: its CPU time, all processes together, or (where no
/// control group holds it) its memory.
async fn over_budget(init: &JailInit, groups: Option<&ControlGroups>, limits: &super::Limits) -> Option<Exit> {
    let usage = match groups {
        // The kernel held the ceiling by killing a process of the jail: the run ends, said plainly.
        Some(groups) if groups.killed_for_memory() => return Some(Exit::MemoryLimit),
        Some(groups) => groups.usage(),
        None => {
            let pid = init.pid;
            tokio::task::spawn_blocking(move || {
                group::lower_priority(pid);
                group::usage_from_proc(pid)
            })
            .await
            .unwrap_or_default()
        }
    };
    if usage.cpu >= Duration::from_secs(limits.cpu_seconds) {
        return Some(Exit::CpuLimit);
    }
    if groups.is_none() && usage.memory_bytes > limits.jail_memory_bytes {
        return Some(Exit::MemoryLimit);
    }
    None
}

/// The init of a jail's pid namespace (bwrap's process inside it), held as a pidfd.
struct JailInit {
    pid: u32,
    pidfd: OwnedFd,
}

impl JailInit {
    /// Reads `{"child-pid": N, …}` from bwrap's info descriptor, which bwrap closes after it.
    async fn read(info: OwnedFd) -> io::Result<JailInit> {
        let mut info = tokio::net::unix::pipe::Receiver::from_owned_fd(info)?;
        let mut text = Vec::new();
        tokio::time::timeout(READY_TIMEOUT, (&mut info).take(64 * 1024).read_to_end(&mut text)).await.map_err(
            |_| io::Error::new(io::ErrorKind::TimedOut, "bwrap did not say which process is the jail's init"),
        )??;
        #[derive(serde::Deserialize)]
        struct Info {
            #[serde(rename = "child-pid")]
            child_pid: u32,
        }
        let pid = serde_json::from_slice::<Info>(&text)
            .map_err(|e| io::Error::other(format!("bwrap's info is not what we expect ({e})")))?
            .child_pid;
        Ok(JailInit { pid, pidfd: super::pidfd::open(pid)? })
    }

    /// Writes `PID START-TIME` to `dir/jail`: the start time tells a reused pid from this one.
    fn record(&self, dir: &Path) -> io::Result<()> {
        let started = super::pidfd::start_time(self.pid).ok_or_else(|| io::Error::other("the jail ended at once"))?;
        std::fs::write(dir.join(super::pidfd::RECORD_FILE), format!("{} {started}\n", self.pid))
    }

    fn kill(&self) {
        super::pidfd::kill(&self.pidfd);
    }
}

fn follow_lines<R: AsyncRead + Unpin + Send + 'static>(stream: Option<R>, output: &Arc<Output>, host_socket: &str) {
    let Some(stream) = stream else { return };
    let output = output.clone();
    let host_socket = host_socket.to_string();
    tokio::spawn(async move {
        // Read in bounded pieces, never a whole line at once: a `print` without a newline must
        // not grow a buffer in the app. Bytes that are not UTF-8 are shown replaced, and the
        // pipe is read to its end whatever comes, so the code never blocks on a full pipe.
        let mut reader = BufReader::new(stream);
        let mut piece = Vec::with_capacity(256);
        loop {
            piece.clear();
            match (&mut reader).take(MAX_PIECE_BYTES).read_until(b'\n', &mut piece).await {
                Ok(0) | Err(_) => break,
                Ok(_) => {
                    let line = String::from_utf8_lossy(&piece);
                    output.push(Source::Process, &line.replace(&host_socket, "server A's socket"));
                }
            }
        }
    });
}

/// The longest piece of output read as one line (the log shows at most 2,000 characters of it).
const MAX_PIECE_BYTES: u64 = 8 * 1024;
