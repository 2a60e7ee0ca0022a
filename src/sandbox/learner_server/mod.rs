//! The learner's own server A: their Python code (a FastAPI app, edited in the page) run as a
//! real server beside our server B, jailed by bubblewrap so that it can reach nothing but its
//! sandbox's Redis and the one listening socket the app hands it. This module starts, watches
//! and ends one such process and keeps its log; relaying the sandbox's WebSockets to it is the
//! sandbox's business.
//!
//! - [`code`]: what a run executes: the learner's file and the course modules beside it;
//! - [`jail`]: the bwrap command line (namespaces, binds, limits), pure and unit-tested;
//! - [`limits`]: memory, CPU, processes, files, lifetime;
//! - [`group`]: the jail's processes counted and bounded as one (control groups, or `/proc`);
//! - [`process`]: one run, from Run to its first HTTP answer, and why it ended;
//! - [`pidfd`]: the jail's init, held so that killing it ends the jail, and found again after a crash;
//! - [`slots`]: how many runs the machine holds at once, and one network address of them;
//! - [`output`]: the process's stdout and stderr, and the platform's lines about it;
//! - [`seccomp`]: the system calls refused inside the jail.

pub mod code;
mod exit;
pub mod group;
pub mod jail;
pub mod limits;
pub mod output;
pub mod pidfd;
pub mod process;
mod run_setup;
pub mod seccomp;
pub mod slots;

use std::path::PathBuf;

pub use code::{CourseModule, LearnerCode};
pub use exit::Exit;
pub use limits::Limits;
pub use process::LearnerServer;

#[derive(Debug, thiserror::Error)]
pub enum LearnerServerError {
    /// Declined: the sandbox has ended, the machine lacks a tool, or runs as many as it may.
    #[error("{0}")]
    Refused(crate::sandbox::refusal::SandboxRefusal),
    #[error("could not prepare the run: {0}")]
    Setup(std::io::Error),
    /// It ended or stayed silent before answering; the log says why.
    #[error("your server did not start:\n{0}")]
    DidNotStart(String),
}

/// Where the tools are, whom the jail runs as, and its limits.
#[derive(Clone, Debug)]
pub struct LearnerServerConfig {
    pub bwrap: PathBuf,
    pub prlimit: PathBuf,
    /// The project's Python virtual environment, with FastAPI, uvicorn and redis installed.
    pub python_env: PathBuf,
    /// The uid and gid the jail runs as when the app runs as root: never root itself, since a
    /// process limit does not bind root.
    pub unprivileged_id: u32,
    pub limits: Limits,
    /// Where each run gets control groups of its own; `None` where the app may not make any
    /// (then its use is read from `/proc`, see [`group`]).
    pub control_groups: Option<group::Hierarchy>,
    /// How many runs there may be at once.
    pub slots: std::sync::Arc<slots::RunSlots>,
}

impl LearnerServerConfig {
    /// The defaults: Debian's paths, the project's `python/.venv`, `nobody`.
    pub fn new(python_env: impl Into<PathBuf>) -> LearnerServerConfig {
        let python_env = python_env.into();
        LearnerServerConfig {
            bwrap: PathBuf::from("/usr/bin/bwrap"),
            prlimit: PathBuf::from("/usr/bin/prlimit"),
            // Resolved here, by us: the jail's uid may not pass through a symlink's directory
            // (`scripts/lib.sh` keeps the environment outside a closed checkout).
            python_env: std::fs::canonicalize(&python_env).unwrap_or(python_env),
            unprivileged_id: 65534,
            limits: Limits::default(),
            control_groups: group::Hierarchy::find(),
            // The site sizes this from the machine (`--learner-servers-total`); tools and tests
            // run a few.
            slots: std::sync::Arc::new(slots::RunSlots::new(16, 16)),
        }
    }

    /// What is missing for a run, said as what to do about it; `None` when all is there.
    pub fn missing(&self) -> Option<String> {
        if !self.bwrap.exists() {
            return Some(format!(
                "bubblewrap is not installed (looked for {}): install it with `apt-get install bubblewrap`.",
                self.bwrap.display()
            ));
        }
        if !self.prlimit.exists() {
            return Some(format!(
                "prlimit is not installed (looked for {}): install it with `apt-get install util-linux`.",
                self.prlimit.display()
            ));
        }
        let python = self.python_env.join("bin/python");
        if !python.exists() || !self.python_env.join("bin/uvicorn").exists() {
            return Some(format!(
                "The Python environment for learners' servers is missing at {}: `./scripts/run.sh` installs it.",
                self.python_env.display()
            ));
        }
        None
    }

    /// The uid to switch to before starting the jail: only when the app runs as root.
    pub fn run_as(&self) -> Option<u32> {
        // SAFETY: geteuid has no preconditions.
        (unsafe { libc::geteuid() } == 0).then_some(self.unprivileged_id)
    }
}
