//! What an app that was killed (SIGKILL skips every destructor) leaves behind, found and ended at
//! the next start: learners' jails still running (each run's directory names its jail's init),
//! then the directories themselves (sandboxes' Redis sockets, runs' code) and the control groups
//! of runs. Only what belonged to a process that is gone: parallel tests and other servers share
//! `/tmp`.

use std::path::Path;

use super::learner_server::pidfd;
use super::redis_process::{DIR_PREFIX, SOCKET_ROOT};

/// What [`clean_up`] found and ended.
#[derive(Debug, Default, PartialEq, Eq)]
pub struct Leftovers {
    pub jails: usize,
    pub directories: usize,
}

pub fn clean_up() -> Leftovers {
    let mut found = Leftovers::default();
    let Ok(entries) = std::fs::read_dir(SOCKET_ROOT) else {
        return found;
    };
    for entry in entries.flatten() {
        let name = entry.file_name();
        let Some(pid) = name.to_str().and_then(owning_pid) else {
            continue;
        };
        if Path::new(&format!("/proc/{pid}")).exists() {
            continue;
        }
        if pidfd::end_recorded(&entry.path()) {
            found.jails += 1;
        }
        if std::fs::remove_dir_all(entry.path()).is_ok() {
            found.directories += 1;
        }
    }
    super::learner_server::group::remove_groups_of_dead_apps();
    found
}

/// `sl-{pid}-{random}` → pid.
fn owning_pid(name: &str) -> Option<u32> {
    let (pid, random) = name.strip_prefix(DIR_PREFIX)?.split_once('-')?;
    if random.is_empty() {
        return None;
    }
    pid.parse().ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_directory_name_says_which_process_owns_it() {
        assert_eq!(owning_pid("sl-4242-abc123"), Some(4242));
        assert_eq!(owning_pid("sl-abc123"), None, "older names carry no pid: left alone");
        assert_eq!(owning_pid("other-42-x"), None);
    }

    #[test]
    fn leftovers_of_dead_processes_are_removed_and_their_jails_ended_and_live_ones_kept() {
        let mut exited = std::process::Command::new("true").spawn().unwrap();
        let dead_pid = exited.id();
        exited.wait().unwrap();
        let dead = Path::new(SOCKET_ROOT).join(format!("{DIR_PREFIX}{dead_pid}-unittest"));
        let live = Path::new(SOCKET_ROOT).join(format!("{DIR_PREFIX}{}-unittest", std::process::id()));
        std::fs::create_dir_all(dead.join("inner")).unwrap();
        std::fs::create_dir_all(&live).unwrap();
        let mut jail = std::process::Command::new("sleep").arg("30").spawn().unwrap();
        let record = format!("{} {}\n", jail.id(), pidfd::start_time(jail.id()).unwrap());
        std::fs::write(dead.join(pidfd::RECORD_FILE), record).unwrap();
        let found = clean_up();
        assert!(found.jails >= 1 && found.directories >= 1, "{found:?}");
        assert!(!dead.exists(), "the dead app's directory is removed");
        assert!(live.exists(), "a live app's directory is kept");
        use std::os::unix::process::ExitStatusExt;
        assert_eq!(jail.wait().unwrap().signal(), Some(libc::SIGKILL), "its jail was ended");
        std::fs::remove_dir_all(&live).unwrap();
    }
}
