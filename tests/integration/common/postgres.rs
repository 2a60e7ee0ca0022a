//! A throwaway PostgreSQL server for the integration suite's PostgreSQL pass
//! (`STREAMLAB_TEST_DATABASE=postgres`): made with `initdb` and started once per test process,
//! as the `postgres` user when the tests run as root (initdb refuses root), listening only on a
//! Unix socket in a directory of its own, with durability off (a test's data lives seconds). It
//! dies with the test process: it is forked from a thread that lives as long as the process, with
//! a parent-death signal, as the app forks its redis-servers. Each app gets a database of its own.

use std::os::unix::process::CommandExt;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::sync::OnceLock;
use std::sync::atomic::{AtomicU32, Ordering};
use std::time::{Duration, Instant};

/// The superuser `initdb` makes: the apps connect as it.
const USER: &str = "streamlab";
/// Connections the server accepts: every app holds a dozen, and a test may start several.
const MAX_CONNECTIONS: u32 = 500;

struct Server {
    /// The directory holding the server's socket (and its data, below it).
    socket_dir: PathBuf,
}

static SERVER: OnceLock<Server> = OnceLock::new();
static DATABASES: AtomicU32 = AtomicU32::new(0);

/// The URL of a new, empty database on the test process's server (started at the first call).
pub async fn fresh_database_url() -> String {
    let server = SERVER.get_or_init(start);
    let name = format!("app_{}", DATABASES.fetch_add(1, Ordering::Relaxed));
    let admin = url(&server.socket_dir, "postgres");
    let mut connection = connect_when_ready(&admin).await;
    sqlx::Executor::execute(&mut connection, format!("CREATE DATABASE {name}").as_str())
        .await
        .unwrap_or_else(|e| panic!("create the test database {name}: {e}"));
    sqlx::Connection::close(connection).await.ok();
    url(&server.socket_dir, &name)
}

fn url(socket_dir: &Path, database: &str) -> String {
    format!("postgres://{USER}@localhost/{database}?host={}", socket_dir.display())
}

/// Connects, waiting out the server's start (it refuses connections while it starts up).
async fn connect_when_ready(url: &str) -> sqlx::PgConnection {
    let deadline = Instant::now() + Duration::from_secs(60);
    loop {
        match <sqlx::PgConnection as sqlx::Connection>::connect(url).await {
            Ok(connection) => return connection,
            Err(e) if Instant::now() < deadline => {
                let _ = e;
                tokio::time::sleep(Duration::from_millis(50)).await;
            }
            Err(e) => panic!("the test PostgreSQL server did not answer within a minute: {e}"),
        }
    }
}

/// The PostgreSQL binaries: `STREAMLAB_TEST_PG_BIN`, or Debian's newest under /usr/lib/postgresql.
fn bin_dir() -> PathBuf {
    if let Some(dir) = std::env::var_os("STREAMLAB_TEST_PG_BIN") {
        return PathBuf::from(dir);
    }
    let mut versions: Vec<(u32, PathBuf)> = std::fs::read_dir("/usr/lib/postgresql")
        .expect("PostgreSQL is installed (./scripts/test.sh installs Debian's postgresql)")
        .filter_map(|entry| {
            let path = entry.ok()?.path();
            let version = path.file_name()?.to_str()?.parse().ok()?;
            path.join("bin/initdb").exists().then(|| (version, path.join("bin")))
        })
        .collect();
    versions.sort();
    versions.pop().expect("a PostgreSQL version under /usr/lib/postgresql").1
}

/// The `postgres` user's ids when the tests run as root, whom initdb and the server must run as.
fn run_as() -> Option<(u32, u32)> {
    // SAFETY: geteuid has no preconditions.
    if unsafe { libc::geteuid() } != 0 {
        return None;
    }
    let passwd = std::fs::read_to_string("/etc/passwd").expect("read /etc/passwd");
    let line =
        passwd.lines().find(|l| l.starts_with("postgres:")).expect("the postgres user (Debian's package makes it)");
    let fields: Vec<&str> = line.split(':').collect();
    Some((fields[2].parse().unwrap(), fields[3].parse().unwrap()))
}

fn start() -> Server {
    remove_stale_directories();
    let socket_dir = std::env::temp_dir().join(format!("streamlab-pg-{}", std::process::id()));
    let data = socket_dir.join("data");
    std::fs::create_dir_all(&socket_dir).expect("the test PostgreSQL directory");
    let owner = run_as();
    if let Some((uid, gid)) = owner {
        std::os::unix::fs::chown(&socket_dir, Some(uid), Some(gid)).expect("give the directory to postgres");
    }
    let bin = bin_dir();
    let mut initdb = Command::new(bin.join("initdb"));
    initdb.args(["-D"]).arg(&data).args(["-A", "trust", "-U", USER, "-E", "UTF8", "--locale=C", "--no-sync"]);
    let initdb = as_owner(&mut initdb, owner).stdout(Stdio::null()).output().expect("run initdb");
    assert!(initdb.status.success(), "initdb failed: {}", String::from_utf8_lossy(&initdb.stderr));

    // Forked from a thread that never ends, so the parent-death signal comes only when the test
    // process does (Linux sends it when the forking thread exits).
    let (started, answer) = std::sync::mpsc::channel();
    let (server_data, server_socket) = (data.clone(), socket_dir.clone());
    std::thread::Builder::new()
        .name("postgres-parent".into())
        .spawn(move || {
            let mut postgres = Command::new(bin.join("postgres"));
            postgres.arg("-D").arg(&server_data).arg("-k").arg(&server_socket);
            for setting in [
                "listen_addresses=".to_string(),
                format!("max_connections={MAX_CONNECTIONS}"),
                "fsync=off".into(),
                "synchronous_commit=off".into(),
                "full_page_writes=off".into(),
            ] {
                postgres.arg("-c").arg(setting);
            }
            let log = std::fs::File::create(server_socket.join("server.log")).expect("the server's log");
            postgres.stdout(log.try_clone().unwrap()).stderr(log);
            let test_process = std::process::id() as libc::pid_t;
            // SAFETY: between fork and exec only async-signal-safe calls (prctl, getppid); this
            // runs after Command's uid change, which would otherwise clear the signal. SIGQUIT is
            // PostgreSQL's immediate shutdown: its children go too.
            unsafe {
                as_owner(&mut postgres, owner).pre_exec(move || {
                    if libc::prctl(libc::PR_SET_PDEATHSIG, libc::SIGQUIT) == -1 {
                        return Err(std::io::Error::last_os_error());
                    }
                    if libc::getppid() != test_process {
                        return Err(std::io::Error::other("the test process exited during the start"));
                    }
                    Ok(())
                });
            }
            let child = postgres.spawn();
            let _ = started.send(child.map(|_| ()));
            loop {
                std::thread::park();
            }
        })
        .expect("the postgres-parent thread");
    answer.recv().expect("the postgres-parent thread answers").expect("start postgres");
    Server { socket_dir }
}

fn as_owner(command: &mut Command, owner: Option<(u32, u32)>) -> &mut Command {
    if let Some((uid, gid)) = owner {
        command.uid(uid).gid(gid);
    }
    command
}

/// Directories of earlier test processes that are gone (their server went with them).
fn remove_stale_directories() {
    let Ok(entries) = std::fs::read_dir(std::env::temp_dir()) else { return };
    for entry in entries.flatten() {
        let name = entry.file_name();
        let Some(pid) = name.to_str().and_then(|n| n.strip_prefix("streamlab-pg-")) else { continue };
        if pid.parse::<u32>().is_ok_and(|pid| !Path::new(&format!("/proc/{pid}")).exists()) {
            let _ = std::fs::remove_dir_all(entry.path());
        }
    }
}
