//! A learner's server in its jail, for real: bubblewrap, the project's Python environment, a
//! real redis-server. What the learner's code tries is printed by the code itself, and each
//! refusal must show in the server's log.

use std::path::{Path, PathBuf};
use std::time::Duration;

use streamlab::sandbox::learner_server::{Exit, LearnerServer, LearnerServerConfig, LearnerServerError, Limits};
use streamlab::sandbox::redis_process::{RedisProcess, RedisSpawner};
use streamlab::sandbox::spawner::Spawner;
use tokio::io::{AsyncReadExt, AsyncWriteExt};

use crate::common::jail::{self, code, config, run};
use crate::common::processes::{descendants_of, is_running};

const EVENTUALLY: Duration = Duration::from_secs(20);

/// A sandbox's redis-server that the jail's user may reach.
async fn redis_for_jail(spawner: &Spawner, config: &LearnerServerConfig) -> RedisProcess {
    jail::redis_for_jail(spawner, config, 16).await
}

async fn http_get(socket: &Path, path: &str) -> String {
    let mut stream = tokio::net::UnixStream::connect(socket).await.expect("connect");
    stream.write_all(format!("GET {path} HTTP/1.1\r\nHost: s\r\nConnection: close\r\n\r\n").as_bytes()).await.unwrap();
    let mut answer = String::new();
    stream.read_to_string(&mut answer).await.unwrap();
    answer
}

async fn eventually(mut condition: impl FnMut() -> bool) -> bool {
    let deadline = tokio::time::Instant::now() + EVENTUALLY;
    while tokio::time::Instant::now() < deadline {
        if condition() {
            return true;
        }
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    false
}

#[tokio::test]
async fn the_code_serves_http_and_reaches_its_sandboxs_redis_across_a_restart() {
    let spawner = Spawner::start();
    let config = config();
    let redis = redis_for_jail(&spawner, &config).await;
    let code = "import os\nimport redis.asyncio as redis\nfrom fastapi import FastAPI\napp = FastAPI()\n\n\
                @app.get('/ping')\nasync def ping():\n    r = redis.from_url(os.environ['REDIS_URL'])\n    \
                answer = await r.ping()\n    await r.aclose()\n    return {'redis': answer, 'me': os.environ['SERVER_ID']}\n";
    let server = LearnerServer::run(&spawner, &config, code, Some(redis.socket_dir()), "a").await.expect("runs");
    let answer = http_get(&server.socket_path(), "/ping").await;
    assert!(answer.contains(r#"{"redis":true,"me":"a"}"#), "{answer}");
    redis.stop().await;
    redis.start().await.unwrap();
    let answer = http_get(&server.socket_path(), "/ping").await;
    assert!(answer.contains(r#""redis":true"#), "a new socket file is still in reach: {answer}");
    assert!(server.output().text().contains("Your server is answering"));
}

#[tokio::test]
async fn no_network_at_all_neither_out_nor_to_the_hosts_loopback() {
    let spawner = Spawner::start();
    let host = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let port = host.local_addr().unwrap().port();
    host.set_nonblocking(true).unwrap();
    let probe = format!(
        "for target in [('127.0.0.1', {port}), ('1.1.1.1', 80)]:\n    try:\n        socket.create_connection(target, timeout=2)\n        print('TCP open', target)\n    except OSError as e:\n        print('TCP refused', target, e)\n\
         try:\n    socket.socket(socket.AF_INET, socket.SOCK_DGRAM).sendto(b'x', ('1.1.1.1', 53))\n    print('UDP sent')\nexcept OSError as e:\n    print('UDP refused', e)\n"
    );
    let server = run(&spawner, &config(), &code(&probe)).await;
    let log = server.output().text();
    assert!(log.contains(&format!("TCP refused ('127.0.0.1', {port})")), "{log}");
    assert!(log.contains("TCP refused ('1.1.1.1', 80)"), "{log}");
    assert!(log.contains("UDP refused"), "{log}");
    assert!(!log.contains("TCP open") && !log.contains("UDP sent"), "{log}");
    assert!(host.accept().is_err(), "nothing reached the host's loopback");
}

#[tokio::test]
async fn the_host_files_the_app_data_and_other_sandboxes_are_out_of_sight() {
    let spawner = Spawner::start();
    let config = config();
    let data_dir = tempfile::tempdir().unwrap();
    std::fs::write(data_dir.path().join("streamlab.db"), "secret").unwrap();
    let other = RedisProcess::launch(RedisSpawner::new("redis-server", spawner.clone()), 16).await.unwrap();
    let paths: Vec<PathBuf> = vec![
        "/etc/passwd".into(),
        "/root".into(),
        data_dir.path().join("streamlab.db"),
        other.socket_path().to_path_buf(),
    ];
    let probe = format!(
        "for path in {:?}:\n    try:\n        open(path, 'rb').read(1)\n        print('READ', path)\n    except OSError as e:\n        print('DENIED', path, type(e).__name__)\n\
         try:\n    open('/srv/app/bridge.py', 'a').write('#')\n    print('WROTE code')\nexcept OSError as e:\n    print('DENIED code', type(e).__name__)\n",
        paths.iter().map(|p| p.display().to_string()).collect::<Vec<_>>()
    );
    let server = run(&spawner, &config, &code(&probe)).await;
    let log = server.output().text();
    for path in &paths {
        assert!(log.contains(&format!("DENIED {}", path.display())), "{}: {log}", path.display());
    }
    assert!(log.contains("DENIED code"), "the code is read-only: {log}");
    assert!(!log.contains("READ "), "{log}");
}

#[tokio::test]
async fn a_fork_bomb_stops_at_the_process_limit_and_the_server_still_answers() {
    let spawner = Spawner::start();
    let probe = "import time\nchildren = 0\nwhile children < 1000:\n    try:\n        pid = os.fork()\n    except OSError as e:\n        print('fork refused after', children, e)\n        break\n    if pid == 0:\n        time.sleep(30)\n        os._exit(0)\n    children += 1\n";
    let config = config();
    let server = run(&spawner, &config, &code(probe)).await;
    let log = server.output().text();
    let line = log.lines().find(|l| l.starts_with("fork refused after")).unwrap_or_else(|| panic!("{log}"));
    let children: u32 = line.split_whitespace().nth(3).unwrap().parse().unwrap();
    assert!(children < config.limits.processes, "{line}");
    assert!(http_get(&server.socket_path(), "/").await.contains("hello"));
}

#[tokio::test]
async fn memory_past_the_cap_is_a_memory_error_in_the_log() {
    let spawner = Spawner::start();
    let probe = "try:\n    hoard = bytearray(1024 * 1024 * 1024)\n    print('ALLOCATED 1 GiB')\nexcept MemoryError:\n    print('MemoryError: 1 GiB refused')\n";
    let server = run(&spawner, &config(), &code(probe)).await;
    let log = server.output().text();
    assert!(log.contains("MemoryError: 1 GiB refused"), "{log}");
}

#[tokio::test]
async fn a_busy_loop_ends_at_its_cpu_limit_with_a_clear_reason() {
    let spawner = Spawner::start();
    let mut config = config();
    config.limits = Limits { cpu_seconds: 1, ..Limits::default() };
    let probe = "print('spinning', flush=True)\nwhile True:\n    pass\n";
    match LearnerServer::run(&spawner, &config, &code(probe), None, "a").await {
        Err(LearnerServerError::DidNotStart(log)) => {
            assert!(log.contains("spinning"), "{log}");
            assert!(log.contains("used its 1 seconds of CPU time"), "{log}");
        }
        Err(other) => panic!("{other}"),
        Ok(_) => panic!("a server spinning at import never answers"),
    }
}

#[tokio::test]
async fn a_run_ends_after_its_lifetime_and_a_syntax_error_shows_its_traceback() {
    let spawner = Spawner::start();
    let mut config = config();
    config.limits = Limits { lifetime: Duration::from_secs(2), ..Limits::default() };
    let server = run(&spawner, &config, &code("")).await;
    let ended = tokio::time::timeout(EVENTUALLY, server.ended()).await.expect("ends");
    assert_eq!(ended, Exit::LifetimeOver);
    assert!(server.output().text().contains("a run lasts at most"), "{}", server.output().text());

    match LearnerServer::run(&spawner, &config, "def broken(:\n", None, "a").await {
        Err(LearnerServerError::DidNotStart(log)) => assert!(log.contains("SyntaxError"), "{log}"),
        Err(other) => panic!("{other}"),
        Ok(_) => panic!("broken code does not serve"),
    }
}

#[tokio::test]
async fn stop_and_drop_leave_no_process_behind() {
    let spawner = Spawner::start();
    let config = config();
    let probe = "import subprocess\nsubprocess.Popen(['sleep', '300'])\n";
    let mut server = run(&spawner, &config, &code(probe)).await;
    let pid = server.pid().unwrap();
    let descendants = descendants_of(pid);
    assert!(descendants.len() >= 2, "bwrap's own, python, sleep: {descendants:?}");
    assert_eq!(server.stop().await, Exit::Stopped);
    assert!(eventually(|| descendants.iter().all(|p| !is_running(*p))).await, "stop ends every process");

    let server = run(&spawner, &config, &code(probe)).await;
    let descendants = descendants_of(server.pid().unwrap());
    drop(server);
    assert!(eventually(|| descendants.iter().all(|p| !is_running(*p))).await, "drop ends every process");
}

/// Run by `a_sigkill_of_the_app_takes_the_jail_along` in a process of its own, which it kills.
#[tokio::test]
#[ignore = "a helper: run in a child process by a_sigkill_of_the_app_takes_the_jail_along"]
async fn helper_runs_a_server_and_waits_to_be_killed() {
    let spawner = Spawner::start();
    let server = run(&spawner, &config(), &code("import subprocess\nsubprocess.Popen(['sleep', '300'])\n")).await;
    let pids: Vec<String> = descendants_of(server.pid().unwrap()).iter().map(u32::to_string).collect();
    println!("PIDS {}", pids.join(" "));
    tokio::time::sleep(Duration::from_secs(300)).await;
}

#[tokio::test]
async fn a_sigkill_of_the_app_takes_the_jail_along() {
    use std::io::BufRead;
    let mut app = std::process::Command::new(std::env::current_exe().unwrap())
        .args(["--exact", "learner_server::helper_runs_a_server_and_waits_to_be_killed", "--ignored", "--nocapture"])
        .stdout(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    let stdout = std::io::BufReader::new(app.stdout.take().unwrap());
    let line = stdout.lines().map_while(Result::ok).find(|l| l.starts_with("PIDS ")).expect("the helper's pids");
    let pids: Vec<u32> = line.split_whitespace().skip(1).map(|p| p.parse().unwrap()).collect();
    assert!(pids.len() >= 3, "{pids:?}");
    assert!(pids.iter().all(|p| is_running(*p)));
    app.kill().unwrap(); // SIGKILL: no destructor runs
    app.wait().unwrap();
    assert!(eventually(|| pids.iter().all(|p| !is_running(*p))).await, "left behind: {pids:?}");
}

#[tokio::test]
async fn devices_shared_memory_nested_namespaces_and_redis_admin_commands_are_refused() {
    let spawner = Spawner::start();
    let config = config();
    let redis = redis_for_jail(&spawner, &config).await;
    let probe = "import subprocess\nimport redis as sync_redis\n\
        def attempt(name, action):\n    try:\n        action()\n        print('ALLOWED', name)\n    except Exception as e:\n        print('REFUSED', name, type(e).__name__)\n\
        attempt('dev', lambda: open('/dev/mine', 'w').write('x'))\n\
        attempt('shm', lambda: open('/dev/shm/big', 'wb').write(b'x' * 4 * 1024 * 1024))\n\
        attempt('big file', lambda: open('/tmp/big', 'wb').write(b'x' * 8 * 1024 * 1024))\n\
        def nested():\n    if subprocess.run(['unshare', '-Ur', 'true']).returncode != 0:\n        raise OSError('unshare failed')\n\
        attempt('userns', nested)\n\
        attempt('memfd', lambda: os.memfd_create('hoard'))\n\
        import ctypes\n\
        libc = ctypes.CDLL(None, use_errno=True)\n\
        def shm():\n    if libc.shmget(0, 1 << 20, 0o1600) == -1:\n        raise OSError(ctypes.get_errno(), 'shmget')\n\
        attempt('sysv shm', shm)\n\
        r = sync_redis.Redis(unix_socket_path='/run/redis/redis.sock')\n\
        attempt('redis ping', lambda: r.ping())\n\
        attempt('redis config', lambda: r.execute_command('CONFIG', 'GET', 'dir'))\n\
        attempt('redis eval', lambda: r.execute_command('EVAL', 'while true do end', 0))\n\
        attempt('redis shutdown', lambda: r.execute_command('SHUTDOWN', 'NOSAVE'))\n\
        sys.stdout.write('x' * 100000)\nprint(flush=True)\n";
    let server =
        LearnerServer::run(&spawner, &config, &code(probe), Some(redis.socket_dir()), "a").await.expect("runs");
    let log = server.output().text();
    for refused in
        ["dev", "shm", "big file", "userns", "memfd", "sysv shm", "redis config", "redis eval", "redis shutdown"]
    {
        assert!(log.contains(&format!("REFUSED {refused} ")), "{refused}: {log}");
    }
    assert!(log.contains("ALLOWED redis ping"), "{log}");
    assert!(redis.is_running().await, "Redis is still up");
    let longest = server.output().lines().iter().map(|l| l.text.chars().count()).max().unwrap();
    assert!(longest <= 8 * 1024, "a line without an end is read in bounded pieces: {longest}");
    assert!(http_get(&server.socket_path(), "/").await.contains("hello"));
}

#[tokio::test]
async fn the_learners_server_ends_with_its_sandbox() {
    let spawner = Spawner::start();
    let config = config();
    let sandbox = jail::sandbox(&spawner).await;
    sandbox.run_learner_server(&spawner, &config, &code("")).await.expect("runs");
    let pid = sandbox.learner_server_pid().await.expect("running");
    let processes = descendants_of(pid);
    assert!(processes.len() >= 2, "{processes:?}");
    sandbox.shut_down().await;
    assert!(eventually(|| processes.iter().all(|p| !is_running(*p))).await, "left behind: {processes:?}");
    let ended = sandbox.events.since(0);
    assert!(ended.iter().any(|e| matches!(e.kind, streamlab::sandbox::wire::EventKind::OwnServerStopped { .. })));
    assert!(!sandbox.info().await.own_server_running);
}
