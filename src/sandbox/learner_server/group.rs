//! A jail's processes counted and bounded as one, whatever the code forks: memory and CPU time
//! of the whole jail, not of each process (prlimit's limits are per process, and sixteen
//! processes multiply them).
//!
//! Where the app may make control groups (cgroup v1 as root, as on our machines), each run gets
//! one per controller: the kernel then holds the jail's memory under its ceiling (an allocation
//! past it is refused or the process is killed), its CPU to a quota and a low share of the
//! machine, and its processes to a count. Where it may not, the supervisor reads the jail's
//! processes from `/proc` each second and ends the run past either budget; `setsid` is refused
//! in the jail, so all its processes share the one autogroup bwrap made, whose nice value the
//! app raises. Either way a run ends when its CPU time, all processes together, is used up.

use std::io;
use std::path::{Path, PathBuf};
use std::time::Duration;

use super::limits::Limits;

/// The CPU period the quota is a share of (the kernel's default).
const CPU_PERIOD_MICROS: u64 = 100_000;
/// The weight a jail's group gets against the app's (1,024): under contention the site comes first.
const CPU_SHARES: u64 = 128;
/// The autogroup nice value where there are no control groups (19 is the lowest priority).
const AUTOGROUP_NICE: i32 = 10;

/// The app's group in each controller is named `streamlab-{pid}`; its runs' groups are below.
const GROUP_PREFIX: &str = "streamlab-";
const CONTROLLERS: [&str; 4] = ["memory", "cpu", "cpuacct", "pids"];

/// The group the app runs in, in the v1 hierarchy that has `controller`.
fn apps_group(controller: &str) -> Option<PathBuf> {
    let mounts = std::fs::read_to_string("/proc/self/mountinfo").ok()?;
    let own = std::fs::read_to_string("/proc/self/cgroup").ok()?;
    Some(controller_mount(&mounts, controller)?.join(own_group(&own, controller)?.trim_start_matches('/')))
}

/// Removes the (empty) groups of apps that are gone: their jails were ended first (see
/// `sandbox::leftovers`).
pub fn remove_groups_of_dead_apps() {
    for parent in CONTROLLERS.iter().filter_map(|c| apps_group(c)) {
        for entry in std::fs::read_dir(&parent).into_iter().flatten().flatten() {
            let name = entry.file_name();
            let Some(pid) =
                name.to_str().and_then(|n| n.strip_prefix(GROUP_PREFIX)).and_then(|p| p.parse::<u32>().ok())
            else {
                continue;
            };
            if Path::new(&format!("/proc/{pid}")).exists() {
                continue;
            }
            for run in std::fs::read_dir(entry.path()).into_iter().flatten().flatten() {
                if run.path().is_dir() {
                    let _ = std::fs::remove_dir(run.path());
                }
            }
            let _ = std::fs::remove_dir(entry.path());
        }
    }
}

/// What a jail uses, all its processes together.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Usage {
    pub cpu: Duration,
    pub memory_bytes: u64,
}

/// The control groups of one run, one directory per controller; removed on drop.
#[derive(Debug)]
pub struct ControlGroups {
    memory: PathBuf,
    cpu: PathBuf,
    cpuacct: PathBuf,
    pids: PathBuf,
}

/// Where each cgroup v1 controller this app may write is, below the app's own group.
#[derive(Clone, Debug)]
pub struct Hierarchy {
    memory: PathBuf,
    cpu: PathBuf,
    cpuacct: PathBuf,
    pids: PathBuf,
}

impl Hierarchy {
    /// The app's own groups for memory, cpu, cpuacct and pids (v1), when all four are mounted
    /// and writable by us; `None` otherwise (cgroup v2 only, or not root).
    pub fn find() -> Option<Hierarchy> {
        let dir = |controller: &str| -> Option<PathBuf> {
            let dir = apps_group(controller)?.join(format!("{GROUP_PREFIX}{}", std::process::id()));
            std::fs::create_dir_all(&dir).ok()?;
            Some(dir)
        };
        let hierarchy =
            Hierarchy { memory: dir("memory")?, cpu: dir("cpu")?, cpuacct: dir("cpuacct")?, pids: dir("pids")? };
        // Probe: a group we cannot write a limit to is no group at all.
        std::fs::write(hierarchy.pids.join("pids.max"), "max").ok()?;
        Some(hierarchy)
    }

    /// New groups for one run, named `name`, with the run's limits written.
    pub fn create(&self, name: &str, limits: &Limits) -> io::Result<ControlGroups> {
        let groups = ControlGroups {
            memory: self.memory.join(name),
            cpu: self.cpu.join(name),
            cpuacct: self.cpuacct.join(name),
            pids: self.pids.join(name),
        };
        for dir in groups.dirs() {
            std::fs::create_dir_all(dir)?;
        }
        let memory = limits.jail_memory_bytes.to_string();
        std::fs::write(groups.memory.join("memory.limit_in_bytes"), &memory)?;
        // With swap accounting, memory and swap together: swapping is not a way past the ceiling.
        let _ = std::fs::write(groups.memory.join("memory.memsw.limit_in_bytes"), &memory);
        std::fs::write(groups.cpu.join("cpu.cfs_period_us"), CPU_PERIOD_MICROS.to_string())?;
        let quota = CPU_PERIOD_MICROS * u64::from(limits.cpu_percent) / 100;
        std::fs::write(groups.cpu.join("cpu.cfs_quota_us"), quota.to_string())?;
        std::fs::write(groups.cpu.join("cpu.shares"), CPU_SHARES.to_string())?;
        // bwrap's own two processes come on top of the code's.
        std::fs::write(groups.pids.join("pids.max"), (limits.processes + 2).to_string())?;
        Ok(groups)
    }

    /// Removes the app's own directories (at shutdown, once every run has ended).
    pub fn remove(&self) {
        for dir in [&self.memory, &self.cpu, &self.cpuacct, &self.pids] {
            let _ = std::fs::remove_dir(dir);
        }
    }
}

impl ControlGroups {
    fn dirs(&self) -> [&Path; 4] {
        [&self.memory, &self.cpu, &self.cpuacct, &self.pids]
    }

    /// `cgroup.procs` of each group, opened for the child to write itself into between fork
    /// and exec (before it drops root, and before bwrap makes any process of its own).
    pub fn procs_files(&self) -> io::Result<Vec<std::fs::File>> {
        self.dirs().iter().map(|dir| std::fs::OpenOptions::new().write(true).open(dir.join("cgroup.procs"))).collect()
    }

    pub fn usage(&self) -> Usage {
        let cpu_nanos = read_number(&self.cpuacct.join("cpuacct.usage")).unwrap_or(0);
        let memory_bytes = read_number(&self.memory.join("memory.usage_in_bytes")).unwrap_or(0);
        Usage { cpu: Duration::from_nanos(cpu_nanos), memory_bytes }
    }

    /// Whether the kernel killed a process of the jail for memory.
    pub fn killed_for_memory(&self) -> bool {
        let control = std::fs::read_to_string(self.memory.join("memory.oom_control")).unwrap_or_default();
        control
            .lines()
            .find_map(|l| l.strip_prefix("oom_kill "))
            .and_then(|n| n.trim().parse::<u64>().ok())
            .is_some_and(|n| n > 0)
    }
}

impl Drop for ControlGroups {
    fn drop(&mut self) {
        // A group can only go once empty; the run has ended every process before this.
        for dir in self.dirs() {
            for _ in 0..50 {
                if std::fs::remove_dir(dir).is_ok() || !dir.exists() {
                    break;
                }
                std::thread::sleep(Duration::from_millis(2));
            }
        }
    }
}

/// What the jail whose init is `init` uses, read from `/proc`: the CPU time of each of its
/// processes (and of the children each has waited for), and their proportional memory.
pub fn usage_from_proc(init: u32) -> Usage {
    let mut usage = Usage::default();
    // SAFETY: sysconf has no preconditions.
    let ticks = unsafe { libc::sysconf(libc::_SC_CLK_TCK) }.max(1) as u64;
    for pid in jail_processes(init) {
        if let Some(times) = std::fs::read_to_string(format!("/proc/{pid}/stat")).ok().as_deref().and_then(cpu_ticks) {
            usage.cpu += Duration::from_millis(times * 1000 / ticks);
        }
        let rollup = std::fs::read_to_string(format!("/proc/{pid}/smaps_rollup")).unwrap_or_default();
        usage.memory_bytes += kib_field(&rollup, "Pss:").unwrap_or(0) * 1024;
    }
    usage
}

/// Raises the nice value of the autogroups of the jail's processes: bwrap's `--new-session`
/// gave the code an autogroup of its own, which the scheduler weighs like any other session's.
/// The app's own autogroup is never touched: bwrap's outer process, and a process of the jail
/// caught before its `setsid`, are still in it, and lowering it would lower the whole app (and
/// whatever else shares its session) beside the learner's code.
pub fn lower_priority(init: u32) {
    let own = autogroup_of(std::process::id());
    for pid in jail_processes(init) {
        let path = format!("/proc/{pid}/autogroup");
        let current = std::fs::read_to_string(&path).unwrap_or_default();
        if own.is_some() && autogroup_name(&current) == own.as_deref() {
            continue;
        }
        if !current.trim_end().ends_with(&format!("nice {AUTOGROUP_NICE}")) {
            let _ = std::fs::write(&path, AUTOGROUP_NICE.to_string());
        }
    }
}

/// The name of `pid`'s autogroup (`/autogroup-123`), if the kernel has autogroups.
fn autogroup_of(pid: u32) -> Option<String> {
    let line = std::fs::read_to_string(format!("/proc/{pid}/autogroup")).ok()?;
    autogroup_name(&line).map(str::to_string)
}

/// The group's name in a line of `/proc/PID/autogroup` (`/autogroup-123 nice 10`).
fn autogroup_name(line: &str) -> Option<&str> {
    line.split_whitespace().next().filter(|name| name.starts_with("/autogroup-"))
}

/// `init` and every process below it (every process of a pid namespace descends from its init).
pub fn jail_processes(init: u32) -> Vec<u32> {
    let parents: Vec<(u32, u32)> = std::fs::read_dir("/proc")
        .into_iter()
        .flatten()
        .flatten()
        .filter_map(|e| e.file_name().to_str()?.parse::<u32>().ok())
        .filter_map(|pid| {
            let stat = std::fs::read_to_string(format!("/proc/{pid}/stat")).ok()?;
            Some((pid, stat_field(&stat, 4)?.parse().ok()?))
        })
        .collect();
    let mut found = vec![init];
    let mut i = 0;
    while i < found.len() {
        let parent = found[i];
        found.extend(parents.iter().filter(|(_, pp)| *pp == parent).map(|(p, _)| *p));
        i += 1;
    }
    found
}

/// Field `n` (1-based, as `man proc` numbers them) of a `/proc/PID/stat` line; the command
/// name (field 2) may hold spaces and parentheses, so fields are counted after its last `)`.
pub fn stat_field(stat: &str, n: usize) -> Option<&str> {
    stat.rsplit_once(") ")?.1.split_whitespace().nth(n.checked_sub(3)?)
}

/// utime + stime + cutime + cstime, in clock ticks.
fn cpu_ticks(stat: &str) -> Option<u64> {
    (14..=17).map(|n| stat_field(stat, n)?.parse::<u64>().ok()).sum()
}

fn kib_field(text: &str, name: &str) -> Option<u64> {
    text.lines().find_map(|l| l.strip_prefix(name))?.split_whitespace().next()?.parse().ok()
}

fn read_number(path: &Path) -> Option<u64> {
    std::fs::read_to_string(path).ok()?.trim().parse().ok()
}

/// The mount point of the cgroup v1 hierarchy that has `controller`, from `/proc/self/mountinfo`.
fn controller_mount(mountinfo: &str, controller: &str) -> Option<PathBuf> {
    mountinfo.lines().find_map(|line| {
        let (before, after) = line.split_once(" - ")?;
        let mut after = after.split_whitespace();
        if after.next()? != "cgroup" {
            return None;
        }
        let super_options = after.nth(1)?;
        if !super_options.split(',').any(|o| o == controller) {
            return None;
        }
        before.split_whitespace().nth(4).map(PathBuf::from)
    })
}

/// The app's own group in the hierarchy that has `controller`, from `/proc/self/cgroup`.
fn own_group<'a>(cgroup: &'a str, controller: &str) -> Option<&'a str> {
    cgroup.lines().find_map(|line| {
        let mut parts = line.splitn(3, ':');
        let (_, controllers, path) = (parts.next()?, parts.next()?, parts.next()?);
        controllers.split(',').any(|c| c == controller).then_some(path)
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_controllers_mount_and_the_apps_group_are_read_from_proc() {
        let mountinfo = "30 25 0:26 / /sys/fs/cgroup/memory rw,relatime shared:9 - cgroup cgroup rw,memory\n\
                         31 25 0:27 / /sys/fs/cgroup/cpu,cpuacct rw,relatime - cgroup cgroup rw,cpu,cpuacct\n\
                         32 25 0:28 / /sys/fs/cgroup/unified rw,relatime - cgroup2 cgroup2 rw\n";
        assert_eq!(controller_mount(mountinfo, "memory"), Some(PathBuf::from("/sys/fs/cgroup/memory")));
        assert_eq!(controller_mount(mountinfo, "cpuacct"), Some(PathBuf::from("/sys/fs/cgroup/cpu,cpuacct")));
        assert_eq!(controller_mount(mountinfo, "pids"), None);
        let cgroup = "4:memory:/process_api/abc\n2:cpu,cpuacct:/\n0::/\n";
        assert_eq!(own_group(cgroup, "memory"), Some("/process_api/abc"));
        assert_eq!(own_group(cgroup, "cpuacct"), Some("/"));
    }

    #[test]
    fn cpu_time_is_counted_after_the_command_name_whatever_it_holds() {
        let stat = "42 (a) b) S 1 42 42 0 -1 4194560 100 0 0 0 7 3 2 1 20 0 1 0 100 0 0";
        assert_eq!(stat_field(stat, 3), Some("S"));
        assert_eq!(stat_field(stat, 4), Some("1"));
        assert_eq!(cpu_ticks(stat), Some(13));
    }

    #[test]
    fn this_process_is_its_own_jail_and_uses_memory() {
        let me = std::process::id();
        assert_eq!(jail_processes(me)[0], me);
        assert!(usage_from_proc(me).memory_bytes > 0);
    }
}
