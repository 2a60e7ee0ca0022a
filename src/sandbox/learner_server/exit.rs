//! Why a run of a learner's server ended, in the learner's words and as the event log says it.

use crate::sandbox::wire::Args;

/// Why a run ended.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Exit {
    /// Stop was pressed, or the sandbox ended.
    Stopped,
    /// It ran for its whole wall-clock lifetime.
    LifetimeOver,
    /// It used up its CPU time, all its processes together.
    CpuLimit,
    /// Its processes together went past the jail's memory.
    MemoryLimit,
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
                "Stopped: your server used its {} seconds of CPU time, all its processes together (a loop that never waits?).",
                limits.cpu_seconds
            ),
            Exit::MemoryLimit => format!(
                "Stopped: your server used more than {} MiB of memory, all its processes together.",
                limits.jail_memory_bytes / (1024 * 1024)
            ),
            Exit::Signal(libc::SIGKILL) => "Killed (SIGKILL): it went past a limit of its jail.".into(),
            Exit::Signal(signal) => format!("Ended by signal {signal}."),
            Exit::Exited(0) => "Exited.".into(),
            Exit::Exited(code) => format!("Exited with status {code}: see the lines above."),
        }
    }

    /// The sentence of `describe` for programs: which one, and the values it names.
    pub fn said(&self, limits: &super::Limits) -> (&'static str, Args) {
        let one = |name: &str, value: String| Args::of(&[(name, &value)]);
        match self {
            Exit::Stopped => ("stopped", Args::default()),
            Exit::LifetimeOver => ("lifetime_over", one("minutes", (limits.lifetime.as_secs() / 60).to_string())),
            Exit::CpuLimit => ("cpu_limit", one("seconds", limits.cpu_seconds.to_string())),
            Exit::MemoryLimit => ("memory_limit", one("mib", (limits.jail_memory_bytes / (1024 * 1024)).to_string())),
            Exit::Signal(libc::SIGKILL) => ("killed", Args::default()),
            Exit::Signal(signal) => ("signal", one("signal", signal.to_string())),
            Exit::Exited(0) => ("exited", Args::default()),
            Exit::Exited(code) => ("exited_with", one("code", code.to_string())),
        }
    }

    /// A few words for the timeline.
    pub fn short(&self) -> String {
        match self {
            Exit::Stopped => "stopped".into(),
            Exit::LifetimeOver => "its run time was up".into(),
            Exit::CpuLimit => "its CPU time was used up".into(),
            Exit::MemoryLimit => "its memory was used up".into(),
            Exit::Signal(libc::SIGKILL) => "killed at a limit".into(),
            Exit::Signal(signal) => format!("signal {signal}"),
            Exit::Exited(code) => format!("exited with status {code}"),
        }
    }

    /// bwrap reports its child's end as an exit status: 128 + the signal for a signal.
    pub(super) fn from_status(status: std::process::ExitStatus) -> Exit {
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
