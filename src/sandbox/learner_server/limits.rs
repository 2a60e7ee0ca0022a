//! What one learner's server may use: per process, applied by `prlimit` inside its jail (memory,
//! CPU time, processes, open files, no core dumps); for the jail as a whole (memory, CPU time and
//! its share of the machine), applied by [`super::group`]; and how long it may run.

use std::time::Duration;

/// The largest file the code may write (its `/tmp` is 16 MiB in all).
const FILE_BYTES: u64 = 4 * 1024 * 1024;

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Limits {
    /// Address space; Python raises `MemoryError` past it. FastAPI and uvicorn take about
    /// 53 MiB of it at rest (measured), so 256 MiB leaves the learner's code room.
    pub memory_bytes: u64,
    /// CPU seconds over the whole run (not wall-clock), per process and for all the jail's
    /// processes together: a busy loop ends, a quiet server lives.
    pub cpu_seconds: u64,
    /// Memory of the whole jail, every process together (and its `/tmp`): the worst case one
    /// running learner's server costs the machine.
    pub jail_memory_bytes: u64,
    /// The share of one CPU the jail may use at most, where control groups are available.
    pub cpu_percent: u8,
    /// Processes and threads in the jail (counted in its own user namespace). Memory and CPU
    /// time are limits per process, so this also bounds what forking can multiply them to.
    pub processes: u32,
    pub open_files: u32,
    /// Wall-clock time before the app stops the run; Run starts a new one.
    pub lifetime: Duration,
}

impl Default for Limits {
    fn default() -> Self {
        Limits {
            memory_bytes: 256 * 1024 * 1024,
            cpu_seconds: 60,
            jail_memory_bytes: 320 * 1024 * 1024,
            cpu_percent: 50,
            processes: 16,
            open_files: 256,
            lifetime: Duration::from_secs(30 * 60),
        }
    }
}

impl Limits {
    /// `prlimit` options. The CPU limit is soft at the limit (SIGXCPU) and hard one second later
    /// (SIGKILL), so a process that ignores SIGXCPU still ends.
    pub fn prlimit_arguments(&self) -> Vec<String> {
        vec![
            format!("--as={}", self.memory_bytes),
            format!("--cpu={}:{}", self.cpu_seconds, self.cpu_seconds + 1),
            format!("--nproc={}", self.processes),
            format!("--nofile={}", self.open_files),
            // Any one file (an in-memory one included) stays small.
            format!("--fsize={FILE_BYTES}"),
            "--core=0".into(),
        ]
    }
}
