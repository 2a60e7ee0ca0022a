//! One run of a learner's server: its code written to a private directory, a listening Unix
//! socket made by the app and handed in as a file descriptor, the jailed process started from
//! the app's spawner thread, ready once it answers HTTP, and a supervisor that ends it on Stop,
//! on drop, at the end of its lifetime, and says in its log why it ended.

use std::io;
use std::os::fd::{AsRawFd, OwnedFd};
use std::os::unix::fs::PermissionsExt;
use std::path::{Path, PathBuf};
use std::process::Stdio;
use std::sync::Arc;
use std::time::{Duration, Instant};

use tokio::io::{AsyncBufReadExt, AsyncRead, AsyncReadExt, AsyncWriteExt, BufReader};
use tokio::net::UnixStream;
use tokio::process::{Child, Command};
use tokio::sync::{oneshot, watch};

use super::jail::{self, Jail};
use super::output::{Output, Source};
use super::{LearnerServerConfig, LearnerServerError};
use crate::sandbox::spawner::{Spawner, die_with_app};

/// How long the code may take to answer its first HTTP request.
const READY_TIMEOUT: Duration = Duration::from_secs(10);
/// The module uvicorn imports: the editor's file is `bridge.py`.
const MODULE_FILE: &str = "bridge.py";
const APP: &str = "bridge:app";

/// Why a run ended.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Exit {
    /// Stop was pressed, or the sandbox ended.
    Stopped,
    /// It ran for its whole wall-clock lifetime.
    LifetimeOver,
    /// It used up its CPU time.
    CpuLimit,
    /// It was killed by a signal (the memory or CPU hard limit, or its own doing).
    Signal(i32),
    /// It exited by itself with this status (uvicorn exits 1 when the code fails to import;
    /// 3 when the app cannot start).
    Exited(i32),
}

impl Exit {
    /// The sentence the log ends with.
    pub fn describe(&self, limits: &super::Limits) -> String {
        match self {
            Exit::Stopped => "Stopped.".into(),
            Exit::LifetimeOver => {
                format!(
                    "Stopped: a run lasts at most {} minutes. Press Run to start again.",
                    limits.lifetime.as_secs() / 60
                )
            }
            Exit::CpuLimit => format!(
                "Stopped: your server used its {} seconds of CPU time (a loop that never waits?).",
                limits.cpu_seconds
            ),
            Exit::Signal(libc::SIGKILL) => "Killed (SIGKILL): it went past a limit of its jail.".into(),
            Exit::Signal(signal) => format!("Ended by signal {signal}."),
            Exit::Exited(0) => "Exited.".into(),
            Exit::Exited(code) => format!("Exited with status {code}: see the lines above."),
        }
    }

    /// A few words for the timeline.
    pub fn short(&self) -> String {
        match self {
            Exit::Stopped => "stopped".into(),
            Exit::LifetimeOver => "its run time was up".into(),
            Exit::CpuLimit => "its CPU time was used up".into(),
            Exit::Signal(libc::SIGKILL) => "killed at a limit".into(),
            Exit::Signal(signal) => format!("signal {signal}"),
            Exit::Exited(code) => format!("exited with status {code}"),
        }
    }

    /// bwrap reports its child's end as an exit status: 128 + the signal for a signal.
    fn from_status(status: std::process::ExitStatus) -> Exit {
        use std::os::unix::process::ExitStatusExt;
        match (status.code(), status.signal()) {
            (Some(code), _) if code > 128 && code - 128 == libc::SIGXCPU => Exit::CpuLimit,
            (Some(code), _) if code > 128 && code < 128 + 65 => Exit::Signal(code - 128),
            (Some(code), _) => Exit::Exited(code),
            (None, Some(signal)) => Exit::Signal(signal),
            (None, None) => Exit::Exited(-1),
        }
    }
}

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
    /// Starts `code` as a server and waits until it answers HTTP. A server that fails first
    /// (a syntax error, an import error, a limit) gives an error carrying its log.
    pub async fn run(
        spawner: &Spawner,
        config: &LearnerServerConfig,
        code: &str,
        redis_dir: Option<&Path>,
        server_id: &str,
    ) -> Result<LearnerServer, LearnerServerError> {
        let started = Instant::now();
        if let Some(missing) = config.missing() {
            return Err(LearnerServerError::Unavailable(missing));
        }
        let run_as = config.run_as();
        let dir = private_directory(code, run_as).map_err(LearnerServerError::Setup)?;
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
        let mut command = Command::new(&config.bwrap);
        command.args(jail.arguments()).stdin(Stdio::null()).stdout(Stdio::piped()).stderr(Stdio::piped());
        if let Some(id) = run_as {
            command.uid(id).gid(id);
        }
        die_with_app(&mut command);
        let filter = seccomp_pipe().map_err(LearnerServerError::Setup)?;
        hand_in(&mut command, [(listener.as_raw_fd(), jail::LISTEN_FD), (filter.as_raw_fd(), jail::SECCOMP_FD)]);
        let mut child = spawner.spawn(command).await.map_err(LearnerServerError::Setup)?;
        // The jail holds the listening socket now; ours closes, so once the jail is gone a
        // connection is refused instead of waiting in the backlog forever.
        drop(listener);
        drop(filter);

        let output = Arc::new(Output::default());
        output.push(Source::Platform, "Starting your server…");
        // uvicorn names the socket it serves on: our path on the host means nothing in the jail.
        let host_socket = socket.display().to_string();
        follow_lines(child.stdout.take(), &output, &host_socket);
        follow_lines(child.stderr.take(), &output, &host_socket);
        let pid = child.id();
        let (exit_tx, mut exit) = watch::channel(None);
        let (stop, stopped) = oneshot::channel();
        tokio::spawn(supervise(child, stopped, exit_tx, output.clone(), config.limits));

        tokio::select! {
            answered = answers_http(&socket, READY_TIMEOUT) => {
                if let Err(e) = answered {
                    output.push(Source::Platform, &format!("Your server did not answer within {READY_TIMEOUT:?}: {e}"));
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
        output.push(Source::Platform, &format!("Your server is answering ({} ms).", ready_after.as_millis()));
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

/// Waits for the first of: the process ending, Stop (or the owner dropped), the lifetime.
async fn supervise(
    mut child: Child,
    stopped: oneshot::Receiver<()>,
    exit: watch::Sender<Option<Exit>>,
    output: Arc<Output>,
    limits: super::Limits,
) {
    let ended = tokio::select! {
        status = child.wait() => status.map(Exit::from_status).unwrap_or(Exit::Exited(-1)),
        _ = stopped => { let _ = child.kill().await; Exit::Stopped }
        _ = tokio::time::sleep(limits.lifetime) => { let _ = child.kill().await; Exit::LifetimeOver }
    };
    // Output written just before the end still belongs above the last line.
    tokio::time::sleep(Duration::from_millis(20)).await;
    output.push(Source::Platform, &ended.describe(&limits));
    let _ = exit.send(Some(ended));
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

/// `code/bridge.py` in a fresh directory under /tmp. When the jail runs as another uid, it may
/// pass through the directory (0711) and read the code (0755/0644), and nothing else.
fn private_directory(code: &str, run_as: Option<u32>) -> io::Result<tempfile::TempDir> {
    let dir = tempfile::Builder::new().prefix(&format!("sl-{}-", std::process::id())).tempdir_in("/tmp")?;
    let code_dir = dir.path().join("code");
    std::fs::create_dir(&code_dir)?;
    std::fs::write(code_dir.join(MODULE_FILE), code)?;
    if run_as.is_some() {
        std::fs::set_permissions(dir.path(), std::fs::Permissions::from_mode(0o711))?;
        std::fs::set_permissions(&code_dir, std::fs::Permissions::from_mode(0o755))?;
        std::fs::set_permissions(code_dir.join(MODULE_FILE), std::fs::Permissions::from_mode(0o644))?;
    }
    Ok(dir)
}

fn listen(socket: &Path) -> io::Result<OwnedFd> {
    let listener = std::os::unix::net::UnixListener::bind(socket)?;
    Ok(OwnedFd::from(listener))
}

/// The seccomp filter in a pipe, for bubblewrap to read to its end (a few hundred bytes: far
/// below a pipe's buffer, so the write never waits).
fn seccomp_pipe() -> io::Result<OwnedFd> {
    use std::os::fd::FromRawFd;
    let program = super::seccomp::program().map_err(io::Error::other)?;
    let mut fds = [0; 2];
    // SAFETY: pipe2 fills two descriptors we then own.
    if unsafe { libc::pipe2(fds.as_mut_ptr(), libc::O_CLOEXEC) } == -1 {
        return Err(io::Error::last_os_error());
    }
    // SAFETY: both were just created and are owned by nobody else.
    let (read, write) = unsafe { (OwnedFd::from_raw_fd(fds[0]), OwnedFd::from_raw_fd(fds[1])) };
    let mut write = std::fs::File::from(write);
    std::io::Write::write_all(&mut write, &program)?;
    Ok(read)
}

/// Gives the child each `(fd, target)`: our descriptor as its number `target`, open across
/// exec. Each is first copied out of the way (to 100 and above), so one target can never land
/// on a descriptor still to be handed in.
fn hand_in<const N: usize>(command: &mut Command, fds: [(i32, i32); N]) {
    // SAFETY: fcntl and dup2 are async-signal-safe; the descriptors stay open in the parent
    // until spawn has returned.
    unsafe {
        command.pre_exec(move || {
            let mut moved = [0; N];
            for (slot, (fd, _)) in moved.iter_mut().zip(fds) {
                *slot = libc::fcntl(fd, libc::F_DUPFD_CLOEXEC, 100);
                if *slot == -1 {
                    return Err(io::Error::last_os_error());
                }
            }
            for (from, (_, target)) in moved.into_iter().zip(fds) {
                // dup2 leaves the new descriptor open across exec.
                if libc::dup2(from, target) == -1 {
                    return Err(io::Error::last_os_error());
                }
            }
            Ok(())
        });
    }
}

/// Sends `GET /` until an HTTP status line comes back: any status, the code's routes are its own.
async fn answers_http(socket: &Path, within: Duration) -> io::Result<()> {
    let deadline = Instant::now() + within;
    loop {
        let attempt = async {
            let mut stream = UnixStream::connect(socket).await?;
            stream.write_all(b"GET / HTTP/1.1\r\nHost: sandbox\r\nConnection: close\r\n\r\n").await?;
            let mut start = [0u8; 5];
            stream.read_exact(&mut start).await?;
            if &start == b"HTTP/" { Ok(()) } else { Err(io::Error::other("it answered, but not with HTTP")) }
        };
        match tokio::time::timeout(deadline.saturating_duration_since(Instant::now()), attempt).await {
            Ok(Ok(())) => return Ok(()),
            Err(_) => return Err(io::Error::new(io::ErrorKind::TimedOut, "no HTTP answer")),
            Ok(Err(_)) if Instant::now() < deadline => tokio::time::sleep(Duration::from_millis(10)).await,
            Ok(Err(e)) => return Err(e),
        }
    }
}
