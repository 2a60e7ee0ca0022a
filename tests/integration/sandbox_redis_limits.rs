//! A sandbox's redis-server driven as hard as a learner can drive it, for real: from the
//! learner's own code in its jail (no allow-list between it and Redis) and from consoles. Every
//! command no lesson needs is refused, client buffers cannot grow the process past its bound,
//! and at its ceiling Redis stops, says why, and can be started again.

use std::time::Duration;

use streamlab::sandbox::learner_server::{LearnerServer, LearnerServerConfig};
use streamlab::sandbox::redis_process::{RedisEnd, RedisProcess, RedisSpawner};
use streamlab::sandbox::redis_rules::LEARNER_COMMANDS;
use streamlab::sandbox::spawner::Spawner;

use crate::common::jail::{self, config, redis_for_jail};
use crate::common::sandbox_client::EVENTUALLY;

/// Runs `probe` at import in a jail that reaches `redis`, and returns the log once `DONE` shows.
async fn from_the_jail(spawner: &Spawner, config: &LearnerServerConfig, redis: &RedisProcess, probe: &str) -> String {
    let code = format!(
        "import os, socket, sys, json, time\nimport redis as sync_redis\nr = sync_redis.Redis(unix_socket_path='/run/redis/redis.sock')\n{probe}\nprint('DONE', flush=True)\n\n\
         from fastapi import FastAPI\napp = FastAPI()\n\n@app.get('/')\nasync def root():\n    return 'hello'\n"
    );
    let server = LearnerServer::run(spawner, config, &code, Some(redis.socket_dir()), "a").await.expect("runs");
    let log = server.output().text();
    assert!(log.contains("DONE"), "{log}");
    log
}

/// A size line of a process's status (`VmRSS:`, `VmPeak:`…), in bytes.
fn status_bytes(pid: u32, field: &str) -> u64 {
    let status = std::fs::read_to_string(format!("/proc/{pid}/status")).unwrap_or_default();
    let kib: u64 = status
        .lines()
        .find_map(|l| l.strip_prefix(field))
        .and_then(|v| v.split_whitespace().next()?.parse().ok())
        .unwrap_or(0);
    kib * 1024
}

/// Every command and subcommand this redis-server knows, with the words that satisfy its arity,
/// read from a plain redis-server of the same binary (the sandbox's refuses COMMAND).
async fn command_table(spawner: &Spawner) -> Vec<(String, Vec<String>)> {
    let dir = tempfile::Builder::new().prefix("sl-table-").tempdir_in("/tmp").unwrap();
    let socket = dir.path().join("r.sock");
    let mut command = tokio::process::Command::new("redis-server");
    command.args(["--port", "0", "--save", "", "--unixsocket"]).arg(&socket).kill_on_drop(true);
    command.stdout(std::process::Stdio::null());
    let _plain = spawner.spawn(command).await.unwrap();
    let client = redis::Client::open(format!("unix://{}", socket.display())).unwrap();
    let mut connection = None;
    for _ in 0..200 {
        if let Ok(c) = client.get_multiplexed_async_connection().await {
            connection = Some(c);
            break;
        }
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
    let mut connection = connection.expect("a plain redis-server answers");
    let table: redis::Value = redis::cmd("COMMAND").query_async(&mut connection).await.unwrap();
    let mut commands = Vec::new();
    fn entries(value: &redis::Value) -> &[redis::Value] {
        match value {
            redis::Value::Array(items) => items,
            _ => &[],
        }
    }
    fn text(value: &redis::Value) -> String {
        match value {
            redis::Value::BulkString(b) => String::from_utf8_lossy(b).into_owned(),
            redis::Value::SimpleString(s) => s.clone(),
            _ => String::new(),
        }
    }
    fn words(name: &str, arity: i64) -> Vec<String> {
        let mut words: Vec<String> = name.split('|').map(str::to_uppercase).collect();
        while (words.len() as i64) < arity.abs() {
            words.push("1".into());
        }
        words
    }
    for entry in entries(&table) {
        let fields = entries(entry);
        let (name, arity) = (text(&fields[0]), if let redis::Value::Int(a) = fields[1] { a } else { 0 });
        commands.push((name.clone(), words(&name, arity)));
        for sub in fields.get(9).map(entries).unwrap_or(&[]) {
            let sub = entries(sub);
            let (sub_name, sub_arity) = (text(&sub[0]), if let redis::Value::Int(a) = sub[1] { a } else { 0 });
            commands.push((sub_name.clone(), words(&sub_name, sub_arity)));
        }
    }
    commands.sort();
    commands
}

#[tokio::test]
async fn every_command_no_lesson_needs_is_refused_to_the_learners_code() {
    let spawner = Spawner::start();
    let config = config();
    let redis = redis_for_jail(&spawner, &config, 16).await;
    let table = command_table(&spawner).await;
    assert!(table.len() > 200, "the whole table: {}", table.len());
    // A container command (CLIENT, CLUSTER…) is only a way to its subcommands: those are tried.
    let containers: Vec<&str> = table.iter().filter_map(|(name, _)| name.split_once('|').map(|(p, _)| p)).collect();
    let refused: Vec<&(String, Vec<String>)> = table
        .iter()
        .filter(|(name, _)| !containers.contains(&name.as_str()))
        // AUTH is every client's way in (HELLO, allowed, is the other).
        .filter(|(name, _)| !LEARNER_COMMANDS.contains(&name.as_str()) && name != "auth")
        .collect();
    assert!(refused.iter().any(|(n, _)| n == "restore") && refused.iter().any(|(n, _)| n == "client|no-evict"));
    let list = serde_json::to_string(&refused.iter().map(|(n, w)| (n, w)).collect::<Vec<_>>()).unwrap();
    let probe = format!(
        "for name, words in json.loads({list:?}):\n    try:\n        r.execute_command(*words)\n        print('ANSWERED', name, flush=True)\n    except Exception as e:\n        print('REFUSED', name, str(e)[:60].replace(chr(10), ' '), flush=True)\n"
    );
    let log = from_the_jail(&spawner, &config, &redis, &probe).await;
    for (name, _) in &refused {
        let line = log.lines().find(|l| l.split_whitespace().nth(1) == Some(name.as_str()));
        let line = line.unwrap_or_else(|| panic!("{name} was not tried: {log}"));
        assert!(
            line.starts_with("REFUSED") && (line.contains("no permissions") || line.contains("unknown command")),
            "{line}"
        );
    }
    assert!(redis.is_running().await, "Redis is still up after the whole table");
}

#[tokio::test]
async fn unfinished_commands_and_unread_replies_cannot_grow_redis_past_its_bound() {
    let spawner = Spawner::start();
    let config = config();
    let redis = redis_for_jail(&spawner, &config, 32).await;
    let pid = redis.pid().await.unwrap();
    let probe = include_str!("../fixtures/learner/redis_buffers.py");
    let log = from_the_jail(&spawner, &config, &redis, probe).await;
    assert!(log.contains("BIG b'-ERR Protocol error: invalid bulk length"), "{log}");
    let held = log.lines().find(|l| l.starts_with("HELD")).unwrap_or_else(|| panic!("{log}"));
    let cut: usize = held.split_whitespace().nth(3).unwrap().parse().unwrap();
    assert!(cut > 0, "past the clients' 16 MiB, the largest are evicted: {held}");
    assert!(log.contains("UNREAD cut off"), "{log}");
    assert!(log.contains("FULL after") && log.contains("OutOfMemoryError"), "writes stop at maxmemory: {log}");
    let resident = status_bytes(pid, "VmRSS:");
    let mapped = status_bytes(pid, "VmPeak:");
    println!("a sandbox's Redis driven hard: {} MiB resident, {} MiB mapped", resident >> 20, mapped >> 20);
    assert!(mapped < redis.ceiling_bytes(), "under its ceiling: {} MiB mapped", mapped >> 20);
    assert!(redis.is_running().await);
    assert!(resident < redis.ceiling_bytes(), "Redis holds {} MiB", resident / (1024 * 1024));
    let bound = (32 + 16 + 32) * 1024 * 1024;
    assert!(resident < bound, "Redis holds {} MiB", resident / (1024 * 1024));
}

#[tokio::test]
async fn at_its_ceiling_redis_stops_says_why_and_starts_again() {
    let spawner = Spawner::start();
    let config = config();
    // A ceiling below what `maxmemory` would allow, so the data reaches it.
    let redis = RedisProcess::launch_with_ceiling(RedisSpawner::new("redis-server", spawner.clone()), 200, 100 << 20)
        .await
        .unwrap();
    if let Some(id) = config.run_as() {
        redis.admit_group(id).unwrap();
    }
    let mut ends = redis.ends();
    let probe = "try:\n    for i in range(200):\n        r.set(f'k{i}', b'x' * 1000000)\n    print('STORED all', flush=True)\nexcept Exception as e:\n    print('LOST REDIS', type(e).__name__, flush=True)\n";
    let log = from_the_jail(&spawner, &config, &redis, probe).await;
    assert!(log.contains("LOST REDIS"), "{log}");
    let end = tokio::time::timeout(EVENTUALLY, ends.recv()).await.expect("Redis ended").unwrap();
    assert_eq!(end, RedisEnd::MemoryCeiling { ceiling_mb: 100 });
    assert!(end.describe().starts_with("Redis stopped: it hit its memory ceiling (100 MiB)"), "{}", end.describe());
    assert!(!redis.is_running().await);
    redis.start().await.expect("starts again");
    assert!(redis.is_running().await);
}

#[tokio::test]
async fn redis_has_no_environment_and_a_crash_reaches_the_timeline() {
    use streamlab::sandbox::wire::EventKind;

    let sandbox = jail::sandbox(&Spawner::start()).await;
    let pid = sandbox.redis.pid().await.unwrap();
    let environ = std::fs::read(format!("/proc/{pid}/environ")).unwrap();
    assert!(environ.is_empty(), "{}", String::from_utf8_lossy(&environ));
    // SAFETY: a signal to the sandbox's own redis-server.
    unsafe { libc::kill(pid as i32, libc::SIGKILL) };
    let deadline = tokio::time::Instant::now() + EVENTUALLY;
    let (reason, exit) = loop {
        let ended = sandbox.events.since(0).into_iter().find_map(|e| match e.kind {
            EventKind::RedisEnded { reason, exit, .. } => Some((reason, exit)),
            _ => None,
        });
        if let Some(ended) = ended {
            break ended;
        }
        assert!(tokio::time::Instant::now() < deadline, "no end in the timeline");
        tokio::time::sleep(Duration::from_millis(20)).await;
    };
    assert!(reason.contains("signal 9"), "{reason}");
    // The same, for programs (the panel says it in the reader's language from this).
    assert_eq!(exit.as_deref(), Some("signal 9"));
    assert!(!sandbox.redis.is_running().await);
    sandbox.start_redis().await.expect("starts again");
    assert!(sandbox.redis.is_running().await);
    sandbox.shut_down().await;
}
