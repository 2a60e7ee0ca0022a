//! The processes below a pid, read from /proc: to see what a jail left behind. Shared by the
//! integration tests and the learner-server benchmark (`#[path]`-included there).

#![allow(dead_code)]

/// Every process below `pid`, `pid` first (the app's own walk of a jail's processes).
pub fn descendants_of(pid: u32) -> Vec<u32> {
    streamlab::sandbox::learner_server::group::jail_processes(pid)
}

/// Whether `pid` runs (a zombie does not).
pub fn is_running(pid: u32) -> bool {
    std::fs::read_to_string(format!("/proc/{pid}/stat")).is_ok_and(|stat| !stat.contains(") Z "))
}
