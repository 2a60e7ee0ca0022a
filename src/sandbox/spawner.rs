//! The one thread every sandbox child process is forked from (redis-server, a learner's server).
//!
//! Each child gets a parent-death signal so that even a SIGKILL of the app takes it along. Linux
//! sends that signal when the *thread* that forked the child exits, so children are forked from
//! this long-lived thread, never from a runtime worker or a `spawn_blocking` thread (those retire
//! when idle, and their children would die at random).

use std::io;
use std::sync::mpsc as std_mpsc;

use tokio::process::{Child, Command};
use tokio::sync::oneshot;

type SpawnReply = oneshot::Sender<io::Result<Child>>;

/// Forks children from one thread that lives as long as the app.
#[derive(Clone)]
pub struct Spawner {
    requests: std_mpsc::Sender<(Command, SpawnReply)>,
}

impl Spawner {
    /// Starts the spawner thread. Must be called inside the Tokio runtime (children are
    /// registered with it so they can be awaited).
    pub fn start() -> Spawner {
        let runtime = tokio::runtime::Handle::current();
        let (requests, incoming) = std_mpsc::channel::<(Command, SpawnReply)>();
        std::thread::Builder::new()
            .name("child-spawner".into())
            .spawn(move || {
                let _runtime = runtime.enter();
                for (mut command, reply) in incoming {
                    let _ = reply.send(command.spawn());
                }
            })
            .expect("spawn the child-spawner thread");
        Spawner { requests }
    }

    pub async fn spawn(&self, command: Command) -> io::Result<Child> {
        let (reply, answer) = oneshot::channel();
        self.requests.send((command, reply)).map_err(|_| io::Error::other("the child-spawner thread has stopped"))?;
        answer.await.map_err(|_| io::Error::other("the child-spawner thread dropped a request"))?
    }
}

/// Makes `command`'s child receive SIGKILL when this app dies, even by SIGKILL.
pub fn die_with_app(command: &mut Command) {
    // Captured before the fork: in the child, a parent pid other than this one means the app
    // died between fork and prctl (comparing with 1 fails where the app itself is pid 1, or
    // under a subreaper, and would make every start fail).
    let app_pid = std::process::id() as libc::pid_t;
    command.kill_on_drop(true);
    // SAFETY: between fork and exec only async-signal-safe calls are made (prctl, getppid). It
    // runs after any uid/gid change Command makes, which would otherwise clear the signal.
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
}
