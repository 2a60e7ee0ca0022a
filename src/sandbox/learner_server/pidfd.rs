//! Holding a jail's init by a pidfd (a handle on that one process: a pid reused after it ended is
//! never signalled), and finding it again after the app was killed: its pid and start time are
//! written to the run's directory, and the next start of the app ends it if both still match.

use std::io;
use std::os::fd::{AsRawFd, FromRawFd, OwnedFd};
use std::path::Path;

use super::group::stat_field;

/// The file in a run's directory naming its jail's init: `PID START-TIME`.
pub const RECORD_FILE: &str = "jail";

pub fn open(pid: u32) -> io::Result<OwnedFd> {
    // SAFETY: pidfd_open takes a pid and flags and returns a new descriptor we own, or -1.
    let fd = unsafe { libc::syscall(libc::SYS_pidfd_open, pid as libc::pid_t, 0) };
    if fd < 0 {
        return Err(io::Error::last_os_error());
    }
    // SAFETY: a fresh descriptor, owned by nobody else.
    Ok(unsafe { OwnedFd::from_raw_fd(fd as i32) })
}

/// SIGKILL to the process behind `pidfd`; nothing happens if it has already ended.
pub fn kill(pidfd: &OwnedFd) {
    // SAFETY: pidfd_send_signal on a descriptor we hold, with no siginfo.
    unsafe { libc::syscall(libc::SYS_pidfd_send_signal, pidfd.as_raw_fd(), libc::SIGKILL, std::ptr::null::<()>(), 0) };
}

/// When `pid` started, in clock ticks after boot (field 22 of its stat).
pub fn start_time(pid: u32) -> Option<u64> {
    let stat = std::fs::read_to_string(format!("/proc/{pid}/stat")).ok()?;
    stat_field(&stat, 22)?.parse().ok()
}

/// Ends the jail recorded in `dir` (a run's directory left by an app that was killed), if its
/// init still runs. True when one was ended.
pub fn end_recorded(dir: &Path) -> bool {
    let Ok(record) = std::fs::read_to_string(dir.join(RECORD_FILE)) else { return false };
    let mut words = record.split_whitespace().map(str::parse::<u64>);
    let (Some(Ok(pid)), Some(Ok(started))) = (words.next(), words.next()) else { return false };
    let Ok(pid) = u32::try_from(pid) else { return false };
    // Held first, checked second: the pidfd cannot move to another process after the check.
    let Ok(pidfd) = open(pid) else { return false };
    if start_time(pid) != Some(started) {
        return false;
    }
    kill(&pidfd);
    true
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_recorded_jail_is_ended_and_a_reused_pid_is_left_alone() {
        let dir = tempfile::tempdir().unwrap();
        let mut sleeper = std::process::Command::new("sleep").arg("30").spawn().unwrap();
        let pid = sleeper.id();
        std::fs::write(dir.path().join(RECORD_FILE), format!("{pid} {}\n", start_time(pid).unwrap() + 1)).unwrap();
        assert!(!end_recorded(dir.path()), "another start time: another process");
        std::fs::write(dir.path().join(RECORD_FILE), format!("{pid} {}\n", start_time(pid).unwrap())).unwrap();
        assert!(end_recorded(dir.path()));
        use std::os::unix::process::ExitStatusExt;
        assert_eq!(sleeper.wait().unwrap().signal(), Some(libc::SIGKILL));
    }
}
