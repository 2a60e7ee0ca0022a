//! The pieces one run is made of, before the jail starts: the code in a private directory, the
//! listening socket and the pipes handed in as descriptors, the child's setup between fork and
//! exec (its control groups, its user), and the wait for its first HTTP answer.

use std::io;
use std::os::fd::OwnedFd;
use std::os::unix::fs::PermissionsExt;
use std::path::Path;
use std::time::{Duration, Instant};

use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::UnixStream;
use tokio::process::Command;

use super::code::{LearnerCode, is_module_file_name};

/// The file the learner's code is written to: the module uvicorn imports.
const MODULE_FILE: &str = "bridge.py";

/// `code/bridge.py`, and the course modules beside it, in a fresh directory under /tmp. When the
/// jail runs as another uid, it may pass through the directory (0711) and read the code
/// (0755/0644), and nothing else.
pub(super) fn private_directory(code: LearnerCode<'_>, run_as: Option<u32>) -> io::Result<tempfile::TempDir> {
    let dir = tempfile::Builder::new().prefix(&format!("sl-{}-", std::process::id())).tempdir_in("/tmp")?;
    let code_dir = dir.path().join("code");
    std::fs::create_dir(&code_dir)?;
    let modules = code.modules.iter().filter(|m| is_module_file_name(&m.file));
    let files = std::iter::once((MODULE_FILE, code.main)).chain(modules.map(|m| (m.file.as_str(), m.code.as_str())));
    for (file, text) in files {
        std::fs::write(code_dir.join(file), text)?;
        if run_as.is_some() {
            std::fs::set_permissions(code_dir.join(file), std::fs::Permissions::from_mode(0o644))?;
        }
    }
    if run_as.is_some() {
        std::fs::set_permissions(dir.path(), std::fs::Permissions::from_mode(0o711))?;
        std::fs::set_permissions(&code_dir, std::fs::Permissions::from_mode(0o755))?;
    }
    Ok(dir)
}

pub(super) fn listen(socket: &Path) -> io::Result<OwnedFd> {
    let listener = std::os::unix::net::UnixListener::bind(socket)?;
    Ok(OwnedFd::from(listener))
}

/// The seccomp filter in a pipe, for bubblewrap to read to its end (a few hundred bytes: far
/// below a pipe's buffer, so the write never waits).
pub(super) fn seccomp_pipe() -> io::Result<OwnedFd> {
    let program = super::seccomp::program().map_err(io::Error::other)?;
    let (read, write) = pipe()?;
    let mut write = std::fs::File::from(write);
    std::io::Write::write_all(&mut write, &program)?;
    Ok(read)
}

/// A pipe, both ends closed on exec (the end handed in is copied by [`hand_in`]).
pub(super) fn pipe() -> io::Result<(OwnedFd, OwnedFd)> {
    use std::os::fd::FromRawFd;
    let mut fds = [0; 2];
    // SAFETY: pipe2 fills two descriptors we then own.
    if unsafe { libc::pipe2(fds.as_mut_ptr(), libc::O_CLOEXEC) } == -1 {
        return Err(io::Error::last_os_error());
    }
    // SAFETY: both were just created and are owned by nobody else.
    Ok(unsafe { (OwnedFd::from_raw_fd(fds[0]), OwnedFd::from_raw_fd(fds[1])) })
}

/// The run's name for its control groups: its private directory's.
pub(super) fn run_name(dir: &tempfile::TempDir) -> String {
    dir.path().file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_else(|| "run".into())
}

/// The child writes itself into each group before it runs anything: every process bwrap and
/// the code make afterwards is born inside.
pub(super) fn join_groups(command: &mut Command, procs: Vec<std::fs::File>) {
    use std::os::fd::AsRawFd;
    // SAFETY: only write(2), async-signal-safe, on descriptors opened before the fork.
    unsafe {
        command.pre_exec(move || {
            for file in &procs {
                if libc::write(file.as_raw_fd(), b"0".as_ptr().cast(), 1) != 1 {
                    return Err(io::Error::last_os_error());
                }
            }
            Ok(())
        });
    }
}

/// Drops root for `id` (as `Command::uid` does, but in the order of our own `pre_exec` steps,
/// which run after Command's).
pub(super) fn become_user(command: &mut Command, id: u32) {
    // SAFETY: setgroups, setgid and setuid are async-signal-safe.
    unsafe {
        command.pre_exec(move || {
            if libc::setgroups(0, std::ptr::null()) == -1 || libc::setgid(id) == -1 || libc::setuid(id) == -1 {
                return Err(io::Error::last_os_error());
            }
            Ok(())
        });
    }
}

/// Gives the child each `(fd, target)`: our descriptor as its number `target`, open across
/// exec. Each is first copied out of the way (to 100 and above), so one target can never land
/// on a descriptor still to be handed in.
pub(super) fn hand_in<const N: usize>(command: &mut Command, fds: [(i32, i32); N]) {
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
pub(super) async fn answers_http(socket: &Path, within: Duration) -> io::Result<()> {
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
