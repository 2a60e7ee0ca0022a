//! The bubblewrap command line that jails a learner's server: every namespace unshared (so no
//! network at all, not even loopback to the host), a read-only minimal filesystem (`/usr`, the
//! project's Python environment, the learner's code), a small private `/tmp`, the sandbox's Redis
//! socket directory, an unprivileged uid, and resource limits applied *inside* the new user
//! namespace by `prlimit`, where the process count is the sandbox's own.
//!
//! Nothing in the jail is writable that could reach past it: `/proc` is read-only (pid 1 of the
//! jail runs as the code's uid, and a writable `/proc/1/mem` let code take it over and outlive
//! every stop), and so is the jail's root (bwrap's tmpfs, unbounded: only `/tmp` and `/dev/shm`,
//! both small, take writes). bwrap tells the app the pid of the namespace's init on
//! [`INFO_FD`]: killing that one ends every process in the jail.
//!
//! Pure: a [`Jail`] in, arguments out, so every promise here is pinned by a unit test.

use std::ffi::OsString;
use std::path::{Path, PathBuf};

use super::limits::Limits;

/// Where things appear inside the jail.
pub const CODE_DIR: &str = "/srv/app";
pub const REDIS_DIR: &str = "/run/redis";
/// The listening socket is handed in as this file descriptor; nothing writable is shared.
pub const LISTEN_FD: i32 = 3;
/// The seccomp filter is read by bubblewrap from this one.
pub const SECCOMP_FD: i32 = 4;
/// bubblewrap writes `{"child-pid": N}` here: N is the jail's init, as the host numbers it.
pub const INFO_FD: i32 = 5;
/// The uid and gid the code sees for itself (`nobody`).
const INSIDE_ID: &str = "65534";
/// Size of the private `/tmp` and `/dev/shm` (tmpfs: memory, so they are kept small).
const TMP_BYTES: u64 = 16 * 1024 * 1024;
const SHM_BYTES: u64 = 1024 * 1024;

/// What one jailed run needs.
#[derive(Clone, Debug)]
pub struct Jail {
    /// The project's Python virtual environment (its `bin/python` runs the code).
    pub python_env: PathBuf,
    /// Host directory holding `bridge.py`, bound read-only at [`CODE_DIR`].
    pub code_dir: PathBuf,
    /// Host directory holding the sandbox's `redis.sock`, bound at [`REDIS_DIR`]; a directory,
    /// not the socket itself, so a restarted Redis (a new socket file) is still reachable.
    pub redis_dir: Option<PathBuf>,
    /// `prlimit`, run inside the jail.
    pub prlimit: PathBuf,
    pub limits: Limits,
    /// The module and ASGI app uvicorn serves, e.g. `bridge:app`.
    pub app: String,
    /// `SERVER_ID` in the code's environment.
    pub server_id: String,
}

impl Jail {
    /// The arguments after `bwrap`.
    pub fn arguments(&self) -> Vec<OsString> {
        let mut args = Arguments::default();
        // No user namespace of its own inside (a nested one could mount an unbounded tmpfs).
        args.push(["--unshare-all", "--unshare-user", "--disable-userns"]);
        args.push(["--die-with-parent", "--new-session", "--hostname", "sandbox"]);
        args.push(["--seccomp", &SECCOMP_FD.to_string(), "--info-fd", &INFO_FD.to_string()]);
        args.system_directories();
        // /proc read-only: no process may write another's memory or reset its own autogroup.
        args.push(["--proc", "/proc", "--remount-ro", "/proc", "--dev", "/dev"]);
        // /dev is a tmpfs the jail's user owns: read-only, with a small /dev/shm of its own.
        args.push(["--size", &SHM_BYTES.to_string(), "--tmpfs", "/dev/shm", "--remount-ro", "/dev"]);
        args.push(["--size", &TMP_BYTES.to_string(), "--tmpfs", "/tmp"]);
        args.bind_read_only(&self.python_env, &self.python_env);
        args.bind_read_only(&self.code_dir, Path::new(CODE_DIR));
        if let Some(redis_dir) = &self.redis_dir {
            args.bind_read_only(redis_dir, Path::new(REDIS_DIR));
        }
        // Last of the mounts: the root tmpfs (`/`, `/srv`, `/run`) takes no writes after them.
        args.push(["--remount-ro", "/"]);
        args.push(["--chdir", CODE_DIR, "--uid", INSIDE_ID, "--gid", INSIDE_ID, "--clearenv"]);
        let python_bin = self.python_env.join("bin");
        args.set_env("PATH", &format!("{}:/usr/bin", python_bin.display()));
        args.set_env("HOME", "/tmp");
        args.set_env("PYTHONUNBUFFERED", "1");
        args.set_env("PYTHONDONTWRITEBYTECODE", "1");
        args.set_env("REDIS_URL", &format!("unix://{REDIS_DIR}/redis.sock"));
        args.set_env("SERVER_ID", &self.server_id);
        args.push(["--"]);
        args.path(&self.prlimit);
        args.owned(self.limits.prlimit_arguments());
        args.path(&python_bin.join("python"));
        args.push(["-m", "uvicorn", &self.app, "--fd", &LISTEN_FD.to_string()]);
        args.push(["--ws", "websockets-sansio", "--no-access-log", "--timeout-graceful-shutdown", "1"]);
        args.0
    }
}

#[derive(Default)]
struct Arguments(Vec<OsString>);

impl Arguments {
    fn push<const N: usize>(&mut self, words: [&str; N]) {
        self.0.extend(words.iter().map(OsString::from));
    }

    fn owned(&mut self, words: Vec<String>) {
        self.0.extend(words.into_iter().map(OsString::from));
    }

    fn path(&mut self, path: &Path) {
        self.0.push(path.as_os_str().to_owned());
    }

    fn bind_read_only(&mut self, source: &Path, target: &Path) {
        self.push(["--ro-bind"]);
        self.path(source);
        self.path(target);
    }

    fn set_env(&mut self, name: &str, value: &str) {
        self.push(["--setenv", name, value]);
    }

    /// `/usr` read-only, and `/bin`, `/lib`… as the host has them: symlinks into `/usr` on a
    /// merged-/usr system (Debian 12 and later), read-only binds otherwise.
    fn system_directories(&mut self) {
        self.push(["--ro-bind", "/usr", "/usr"]);
        for dir in ["/bin", "/sbin", "/lib", "/lib32", "/lib64"] {
            let path = Path::new(dir);
            match std::fs::read_link(path) {
                Ok(target) => {
                    self.push(["--symlink"]);
                    self.path(&target);
                    self.path(path);
                }
                Err(_) if path.is_dir() => self.bind_read_only(path, path),
                Err(_) => {}
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn jail() -> Jail {
        Jail {
            python_env: PathBuf::from("/opt/streamlab/python"),
            code_dir: PathBuf::from("/tmp/sl-1-x/code"),
            redis_dir: Some(PathBuf::from("/tmp/sl-1-y")),
            prlimit: PathBuf::from("/usr/bin/prlimit"),
            limits: Limits::default(),
            app: "bridge:app".into(),
            server_id: "a".into(),
        }
    }

    fn words(jail: &Jail) -> Vec<String> {
        jail.arguments().into_iter().map(|w| w.into_string().unwrap()).collect()
    }

    fn has_sequence(words: &[String], sequence: &[&str]) -> bool {
        words.windows(sequence.len()).any(|w| w.iter().zip(sequence).all(|(a, b)| a == b))
    }

    #[test]
    fn every_namespace_is_unshared_and_the_jail_dies_with_its_parent() {
        let w = words(&jail());
        for flag in
            ["--unshare-all", "--disable-userns", "--die-with-parent", "--new-session", "--clearenv", "--seccomp"]
        {
            assert!(w.contains(&flag.to_string()), "{flag}");
        }
        assert!(!w.iter().any(|x| x == "--share-net"), "no network, not even the host's loopback");
    }

    #[test]
    fn only_usr_the_python_environment_the_code_and_redis_are_bound_all_read_only() {
        let w = words(&jail());
        assert!(!w.iter().any(|x| x == "--bind" || x == "--dev-bind"), "nothing writable is shared: {w:?}");
        assert!(has_sequence(&w, &["--ro-bind", "/opt/streamlab/python", "/opt/streamlab/python"]));
        assert!(has_sequence(&w, &["--ro-bind", "/tmp/sl-1-x/code", CODE_DIR]));
        assert!(has_sequence(&w, &["--ro-bind", "/tmp/sl-1-y", REDIS_DIR]));
        let sources: Vec<&String> = w.windows(2).filter(|p| p[0] == "--ro-bind").map(|p| &p[1]).collect();
        assert!(!sources.iter().any(|s| s.starts_with("/etc") || s.starts_with("/home") || *s == "/"));
    }

    #[test]
    fn limits_are_applied_inside_the_jail_before_python_starts() {
        let w = words(&jail());
        let separator = w.iter().position(|x| x == "--").unwrap();
        assert_eq!(w[separator + 1], "/usr/bin/prlimit");
        let python = w.iter().position(|x| x == "/opt/streamlab/python/bin/python").unwrap();
        let limits = &w[separator + 2..python];
        for name in ["--nproc=", "--as=", "--cpu=", "--nofile=", "--fsize=", "--core=0"] {
            assert!(limits.iter().any(|l| l.starts_with(name)), "{name} in {limits:?}");
        }
        assert!(has_sequence(&w, &["-m", "uvicorn", "bridge:app", "--fd", "3"]));
    }

    #[test]
    fn proc_and_the_jails_root_are_read_only_after_every_mount() {
        let w = words(&jail());
        assert!(has_sequence(&w, &["--proc", "/proc", "--remount-ro", "/proc"]));
        let root_read_only = w.windows(2).position(|p| p[0] == "--remount-ro" && p[1] == "/").expect("/ read-only");
        let last_mount = w.iter().rposition(|x| x == "--ro-bind" || x == "--tmpfs" || x == "--symlink").unwrap();
        assert!(root_read_only > last_mount, "after the last mount: {w:?}");
        assert!(has_sequence(&w, &["--info-fd", "5"]));
    }

    #[test]
    fn the_code_finds_redis_and_its_name_in_the_environment() {
        let w = words(&jail());
        assert!(has_sequence(&w, &["--setenv", "REDIS_URL", "unix:///run/redis/redis.sock"]));
        assert!(has_sequence(&w, &["--setenv", "SERVER_ID", "a"]));
    }
}
