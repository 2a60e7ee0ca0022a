//! What code in the jail tried, in the second hardening round, to outlive or outgrow its jail:
//! write over the jail's init through `/proc`, read the app's environment, fill the jail's root
//! with files, start sessions of its own, clear its parent-death signal, and spend the machine's
//! memory and CPU by forking. Each is tried from inside a real jail, and the budgets of the jail
//! as a whole are tried both ways they are kept: by control groups (where the app may make them)
//! and by reading `/proc`.

use std::path::Path;
use std::time::Duration;

use streamlab::sandbox::learner_server::{Exit, LearnerServerConfig, LearnerServerError, Limits};
use streamlab::sandbox::spawner::Spawner;

use crate::common::jail::{self, code, config, run};

const EVENTUALLY: Duration = Duration::from_secs(30);

/// Both ways a jail's budgets are kept: control groups when this machine lets us make them, and
/// `/proc` always.
fn configs() -> Vec<(&'static str, LearnerServerConfig)> {
    let with_groups = config();
    let mut from_proc = config();
    from_proc.control_groups = None;
    match with_groups.control_groups {
        Some(_) => vec![("control groups", with_groups), ("/proc", from_proc)],
        None => vec![("/proc", from_proc)],
    }
}

/// Prints `REFUSED name` or `ALLOWED name` for each attempt.
const ATTEMPT: &str = "def attempt(name, action):\n    try:\n        action()\n        print('ALLOWED', name, flush=True)\n    except Exception as e:\n        print('REFUSED', name, type(e).__name__, e, flush=True)\n";

#[tokio::test]
async fn the_jails_init_its_root_and_its_proc_take_no_writes() {
    let spawner = Spawner::start();
    let probe = format!(
        "{ATTEMPT}\
         attempt('init memory', lambda: open('/proc/1/mem', 'r+b'))\n\
         attempt('own autogroup', lambda: open('/proc/self/autogroup', 'w').write('-20'))\n\
         for path in ['/', '/srv', '/run']:\n    attempt('root ' + path, lambda: open(path + '/hoard', 'wb').write(b'x' * 1024))\n\
         attempt('tmp', lambda: open('/tmp/small', 'wb').write(b'x' * 1024))\n"
    );
    let server = run(&spawner, &config(), &code(&probe)).await;
    let log = server.output().text();
    for refused in ["init memory", "own autogroup", "root /", "root /srv", "root /run"] {
        assert!(log.contains(&format!("REFUSED {refused} ")), "{refused}: {log}");
    }
    assert!(log.contains("Read-only file system"), "{log}");
    assert!(log.contains("ALLOWED tmp"), "the small /tmp still takes files: {log}");
}

#[tokio::test]
async fn no_process_of_the_jail_sees_the_apps_environment() {
    let spawner = Spawner::start();
    let probe = "for pid in ['1', 'self']:\n    names = [v.split(b'=')[0].decode() for v in open(f'/proc/{pid}/environ', 'rb').read().split(b'\\0') if v]\n    print('ENV', pid, sorted(names), flush=True)\n";
    let server = run(&spawner, &config(), &code(probe)).await;
    let log = server.output().text();
    assert!(log.contains("ENV 1 []"), "bwrap's init starts with nothing: {log}");
    let own = log.lines().find(|l| l.starts_with("ENV self")).unwrap_or_else(|| panic!("{log}"));
    for name in ["CARGO", "RUST", "HOSTNAME", "USER", "LANG"] {
        assert!(!own.contains(name), "{name} reached the code: {own}");
    }
    assert!(own.contains("'REDIS_URL'") && own.contains("'SERVER_ID'"), "{own}");
}

#[tokio::test]
async fn new_sessions_and_a_cleared_parent_death_signal_are_refused() {
    let spawner = Spawner::start();
    let probe = format!(
        "{ATTEMPT}\
         import ctypes\n\
         libc = ctypes.CDLL(None, use_errno=True)\n\
         def pdeathsig():\n    if libc.prctl(1, 0, 0, 0, 0) != 0:\n        raise OSError(ctypes.get_errno(), 'prctl')\n\
         attempt('setsid', os.setsid)\n\
         attempt('pdeathsig', pdeathsig)\n"
    );
    let server = run(&spawner, &config(), &code(&probe)).await;
    let log = server.output().text();
    assert!(log.contains("REFUSED setsid PermissionError"), "{log}");
    assert!(log.contains("REFUSED pdeathsig PermissionError"), "{log}");
}

#[tokio::test]
async fn forked_spinners_end_the_run_at_its_cpu_time_all_processes_together() {
    let spawner = Spawner::start();
    for (how, mut config) in configs() {
        config.limits = Limits { cpu_seconds: 2, ..Limits::default() };
        // Four processes, each far below the per-process limit when the jail's budget is spent;
        // started once the server answers, so the budget is not spent before it does.
        let spin = "for _ in range(4):\n        if os.fork() == 0:\n            while True:\n                pass\n";
        let server = run(&spawner, &config, &on_request(spin)).await;
        trigger(&server.socket_path()).await;
        let ended = tokio::time::timeout(EVENTUALLY, server.ended()).await.unwrap_or_else(|_| panic!("{how}: runs on"));
        assert_eq!(ended, Exit::CpuLimit, "{how}: {}", server.output().text());
        assert!(server.output().text().contains("all its processes together"), "{how}");
    }
}

#[tokio::test]
async fn forked_hoarders_end_the_run_at_the_jails_memory() {
    let spawner = Spawner::start();
    for (how, mut config) in configs() {
        config.limits = Limits { jail_memory_bytes: 192 * 1024 * 1024, ..Limits::default() };
        // Each child holds 80 MiB (under the per-process cap); four are past the jail's 192 MiB.
        let hoard = "for _ in range(4):\n        if os.fork() == 0:\n            hoard = b'x' * (80 * 1024 * 1024)\n            time.sleep(60)\n            os._exit(0)\n";
        let server = run(&spawner, &config, &on_request(hoard)).await;
        trigger(&server.socket_path()).await;
        let ended = tokio::time::timeout(EVENTUALLY, server.ended()).await.unwrap_or_else(|_| panic!("{how}: runs on"));
        assert_eq!(ended, Exit::MemoryLimit, "{how}: {}", server.output().text());
        assert!(server.output().text().contains("more than 192 MiB of memory"), "{how}");
    }
}

#[tokio::test]
async fn without_control_groups_the_jails_autogroup_is_lowered() {
    let spawner = Spawner::start();
    let mut config = config();
    config.control_groups = None;
    let code = "import os\nfrom fastapi import FastAPI\napp = FastAPI()\n\n@app.get('/')\nasync def root():\n    return open('/proc/self/autogroup').read()\n";
    let ours = || std::fs::read_to_string("/proc/self/autogroup").unwrap();
    let ours_before = ours();
    let server = run(&spawner, &config, code).await;
    let mut seen = String::new();
    for _ in 0..100 {
        seen = http_get(&server.socket_path()).await;
        if seen.contains("nice 10") {
            // Only the jail's: the app's own group (bwrap's outer process is in it) is as it was,
            // a few of the run's checks later too.
            tokio::time::sleep(Duration::from_secs(1)).await;
            assert_eq!(ours(), ours_before, "the app's own autogroup was lowered");
            return;
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    panic!("the autogroup kept its nice value: {seen}");
}

#[tokio::test]
async fn a_machine_full_of_servers_refuses_one_more_with_a_sentence() {
    use std::sync::Arc;
    use streamlab::sandbox::learner_server::slots::RunSlots;

    let spawner = Spawner::start();
    let mut config = config();
    config.slots = Arc::new(RunSlots::new(1, 1));
    let (first, second) = (jail::sandbox(&spawner).await, jail::sandbox(&spawner).await);
    first.run_learner_server(&spawner, &config, &code("")).await.expect("the first runs");
    match second.run_learner_server(&spawner, &config, &code("")).await {
        Err(LearnerServerError::Refused(refusal)) => assert!(refusal.to_string().contains("at once"), "{refusal}"),
        other => panic!("a second server on a full machine: {:?}", other.map(|_| ())),
    }
    first.stop_learner_server().await;
    // The place comes back once the first run has ended.
    let mut ran = false;
    for _ in 0..100 {
        if second.run_learner_server(&spawner, &config, &code("")).await.is_ok() {
            ran = true;
            break;
        }
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    assert!(ran, "the place freed by Stop is taken");
    first.shut_down().await;
    second.shut_down().await;
}

/// An app whose `GET /start` runs `body` (a function's body, indented by 4) and answers.
fn on_request(body: &str) -> String {
    format!(
        "import os, time\nfrom fastapi import FastAPI\napp = FastAPI()\n\n@app.get('/')\nasync def root():\n    return 'hello'\n\n\
         @app.get('/start')\ndef start():\n    {body}    return 'started'\n",
        body = body
    )
}

/// Sends `GET /start`; the jail may end before it answers.
async fn trigger(socket: &Path) {
    use tokio::io::{AsyncReadExt, AsyncWriteExt};
    let mut stream = tokio::net::UnixStream::connect(socket).await.expect("connect");
    stream.write_all(b"GET /start HTTP/1.1\r\nHost: s\r\nConnection: close\r\n\r\n").await.unwrap();
    let mut answer = Vec::new();
    let _ = stream.read_to_end(&mut answer).await;
}

async fn http_get(socket: &Path) -> String {
    use tokio::io::{AsyncReadExt, AsyncWriteExt};
    let mut stream = tokio::net::UnixStream::connect(socket).await.expect("connect");
    stream.write_all(b"GET / HTTP/1.1\r\nHost: s\r\nConnection: close\r\n\r\n").await.unwrap();
    let mut answer = String::new();
    stream.read_to_string(&mut answer).await.unwrap();
    answer
}
