//! The learner's own server A: how fast Run gets an answer, what one jailed process costs, and
//! how many this machine holds at once with the default limits. Prints figures; asserts nothing.
//!
//! `cargo bench --features ssr --bench learner_server` (needs bubblewrap and `python/.venv`,
//! which `./scripts/test.sh` installs).

use std::path::Path;
use std::time::{Duration, Instant};

use streamlab::sandbox::learner_server::{CourseModule, LearnerCode, LearnerServer, LearnerServerConfig};
use streamlab::sandbox::redis_process::{RedisProcess, RedisSpawner};
use streamlab::sandbox::spawner::Spawner;

#[path = "../tests/integration/common/processes.rs"]
mod processes;

use processes::descendants_of;

const RUNS: usize = 20;
const HELD_AT_ONCE: usize = 40;

#[tokio::main]
async fn main() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let config = LearnerServerConfig::new(root.join("python/.venv"));
    if let Some(missing) = config.missing() {
        eprintln!("{missing}");
        std::process::exit(1);
    }
    let main = std::fs::read_to_string(root.join("lessons/code/bridge.py")).expect("the starting code");
    let rooms = std::fs::read_to_string(root.join("lessons/code/rooms.py")).expect("lesson 1's rooms");
    let modules = [CourseModule { file: "rooms.py".into(), code: rooms }];
    let code = LearnerCode { main: &main, modules: &modules };
    let spawner = Spawner::start();
    let redis = RedisProcess::launch(RedisSpawner::new("redis-server", spawner.clone()), 16).await.expect("redis");
    if let Some(id) = config.run_as() {
        redis.admit_group(id).expect("admit the jail's group");
    }

    // Run → answering, one at a time (each stopped before the next).
    let mut ready = Vec::with_capacity(RUNS);
    for _ in 0..RUNS {
        let mut server =
            LearnerServer::run(&spawner, &config, code, Some(redis.socket_dir()), "a").await.expect("runs");
        ready.push(server.ready_after);
        server.stop().await;
    }
    ready.sort();
    let at = |q: f64| ready[((ready.len() as f64 - 1.0) * q).round() as usize];
    println!("run → answering HTTP, {RUNS} runs: p50 {:?}, p95 {:?}, max {:?}", at(0.5), at(0.95), at(1.0));

    // Memory of one process, and many held at once.
    let available_before = mem_available_kib();
    let started = Instant::now();
    let mut held = Vec::new();
    for _ in 0..HELD_AT_ONCE {
        match LearnerServer::run(&spawner, &config, code, Some(redis.socket_dir()), "a").await {
            Ok(server) => held.push(server),
            Err(e) => {
                println!("stopped at {} servers: {e}", held.len());
                break;
            }
        }
    }
    tokio::time::sleep(Duration::from_secs(1)).await;
    let per_server: Vec<(u64, u64)> = held.iter().map(|s| rss_of_tree(s.pid().expect("pid"))).collect();
    let (python, total): (u64, u64) = per_server.iter().fold((0, 0), |(p, t), (pp, tt)| (p + pp, t + tt));
    let n = held.len().max(1) as u64;
    let used = available_before.saturating_sub(mem_available_kib());
    println!(
        "{} servers held at once, started in {:?}: RSS per server {} KiB (python {} KiB, bwrap's two {} KiB); MemAvailable fell by {} KiB ({} KiB each)",
        held.len(),
        started.elapsed(),
        total / n,
        python / n,
        (total - python) / n,
        used,
        used / n
    );
    let available = mem_available_kib();
    println!(
        "this machine: {} KiB available now, room for about {} more at {} KiB each (memory bounds it: an idle server uses no CPU)",
        available,
        available / (used / n).max(1),
        used / n
    );
    drop(held);
}

fn mem_available_kib() -> u64 {
    let info = std::fs::read_to_string("/proc/meminfo").unwrap_or_default();
    info.lines()
        .find_map(|l| l.strip_prefix("MemAvailable:"))
        .and_then(|v| v.trim().trim_end_matches(" kB").trim().parse().ok())
        .unwrap_or(0)
}

/// (python's RSS, the whole tree's RSS) in KiB for the jail started as `pid`.
fn rss_of_tree(pid: u32) -> (u64, u64) {
    let mut python = 0;
    let mut total = 0;
    for p in descendants_of(pid) {
        let status = std::fs::read_to_string(format!("/proc/{p}/status")).unwrap_or_default();
        let rss: u64 = status
            .lines()
            .find_map(|l| l.strip_prefix("VmRSS:"))
            .and_then(|v| v.trim().trim_end_matches(" kB").trim().parse().ok())
            .unwrap_or(0);
        let name = status.lines().next().unwrap_or_default();
        if name.contains("python") {
            python += rss;
        }
        total += rss;
    }
    (python, total)
}
