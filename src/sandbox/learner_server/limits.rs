//! What one learner's server may use, applied by `prlimit` inside its jail: memory, CPU time,
//! processes, open files, no core dumps; and how long it may run, enforced by the app.

use std::time::Duration;

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Limits {
    /// Address space; Python raises `MemoryError` past it. FastAPI and uvicorn take about
    /// 53 MiB of it at rest (measured), so 256 MiB leaves the learner's code room.
    pub memory_bytes: u64,
    /// CPU seconds over the whole run (not wall-clock): a busy loop ends, a quiet server lives.
    pub cpu_seconds: u64,
    /// Processes and threads in the jail (counted in its own user namespace).
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
            processes: 32,
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
            "--core=0".into(),
        ]
    }
}
