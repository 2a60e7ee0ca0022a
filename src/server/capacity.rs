//! How many sandboxes, and running learners' servers, this machine holds: the defaults of
//! `--sandboxes-total` and `--learner-servers-total`.
//!
//! Sized for each at its worst, not its idle size: an idle sandbox is ~2.6 MiB (measured: 1,000
//! took 2.65 GiB, nearly all redis-server), but one driven as hard as a learner can drive it
//! holds what its Redis may map at most (its ceiling, see `sandbox::redis_rules`) and its
//! bridges' outboxes. Sandboxes get half the machine's memory at that worst case, and 16
//! descriptors each (its bridges' Redis connections and a few learners' sockets) against the
//! open-files limit, keeping 1,024 for the site itself; learners' servers get a quarter of the
//! memory at their jail's ceiling.

const DESCRIPTORS_PER_SANDBOX: u64 = 16;
const DESCRIPTORS_FOR_THE_SITE: u64 = 1_024;

/// The machine-sized default for sandboxes of `worst_case_bytes` each: whichever of memory and
/// open files allows fewer, at least one.
pub fn sandboxes_this_machine_holds(worst_case_bytes: u64) -> usize {
    let by_memory = total_memory_bytes().map(|bytes| bytes / 2 / worst_case_bytes.max(1));
    let by_files = open_files_limit().map(|n| n.saturating_sub(DESCRIPTORS_FOR_THE_SITE) / DESCRIPTORS_PER_SANDBOX);
    let fewest = match (by_memory, by_files) {
        (Some(m), Some(f)) => m.min(f),
        (Some(one), None) | (None, Some(one)) => one,
        (None, None) => 50,
    };
    fewest.max(1) as usize
}

/// The machine-sized default of running learners' servers: a quarter of the memory, at each
/// jail's ceiling (what one costs at its worst), at least one.
pub fn learner_servers_this_machine_holds(jail_memory_bytes: u64) -> usize {
    let by_memory = total_memory_bytes().map(|bytes| bytes / 4 / jail_memory_bytes.max(1));
    by_memory.unwrap_or(8).max(1) as usize
}

/// The memory the app may use: the machine's (`MemTotal`), or its container's limit (cgroup v2
/// `memory.max`, or v1 `memory.limit_in_bytes`) when that is lower.
fn total_memory_bytes() -> Option<u64> {
    let meminfo = std::fs::read_to_string("/proc/meminfo").ok()?;
    let line = meminfo.lines().find(|l| l.starts_with("MemTotal:"))?;
    let machine = line.split_whitespace().nth(1)?.parse::<u64>().ok()? * 1024;
    let container = ["/sys/fs/cgroup/memory.max", "/sys/fs/cgroup/memory/memory.limit_in_bytes"]
        .iter()
        .filter_map(|path| std::fs::read_to_string(path).ok())
        .filter_map(|limit| limit.trim().parse::<u64>().ok()) // "max" means no limit
        .min();
    Some(container.map_or(machine, |limit| limit.min(machine)))
}

/// The soft open-files limit, after [`raise_open_files_limit`] has lifted it to the hard one.
fn open_files_limit() -> Option<u64> {
    let mut limit = libc::rlimit { rlim_cur: 0, rlim_max: 0 };
    // SAFETY: getrlimit writes into the struct we pass.
    if unsafe { libc::getrlimit(libc::RLIMIT_NOFILE, &mut limit) } != 0 {
        return None;
    }
    Some(limit.rlim_cur)
}

/// Lifts the soft open-files limit to the hard one: every sandbox and socket is a descriptor,
/// and the soft default (often 1,024) is far below what the machine allows.
pub fn raise_open_files_limit() {
    let mut limit = libc::rlimit { rlim_cur: 0, rlim_max: 0 };
    // SAFETY: plain syscalls on a struct we own.
    unsafe {
        if libc::getrlimit(libc::RLIMIT_NOFILE, &mut limit) == 0 && limit.rlim_cur < limit.rlim_max {
            limit.rlim_cur = limit.rlim_max;
            libc::setrlimit(libc::RLIMIT_NOFILE, &limit);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn this_machine_holds_at_least_one_sandbox_and_reads_its_memory() {
        assert!(sandboxes_this_machine_holds(168 << 20) >= 1);
        assert!(total_memory_bytes().unwrap() > 0);
    }
}
