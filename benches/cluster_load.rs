//! The cluster under load, on this machine: PostgreSQL, a platform Redis, app nodes (the release
//! binary, each its own process) and HAProxy in front (`deploy/haproxy-config.sh`), as
//! `scripts/cluster.sh` runs them. Prints figures; asserts only what must hold for them to mean
//! anything (no progress lost, no award twice, every learner running again).
//!
//! 1. The proxy's added latency on the cross-server path: one sandbox, a message from A until
//!    B has it, straight to the node and through HAProxy.
//! 2. Sandbox creates/s and live sandboxes with 1, 2 and 3 nodes (fresh clusters), and the memory
//!    each live sandbox costs (the nodes and their redis-servers, resident).
//! 3. Three nodes, 300 anonymous learners of lesson 7 from 30 loopback addresses (127.0.0.2…,
//!    ten a classroom, behind HAProxy's X-Forwarded-For and the nodes' `--trusted-proxy-header`):
//!    each makes a sandbox, chats from A to B every half second and reads the lesson (10 XP).
//!    Then one node is killed (SIGKILL). Each learner whose sandbox was there does what the page
//!    does: asks what became of it (gone with its server, and replaced by a new one in the same
//!    answer) and chats again. The figures: the time from the kill to the last of them running again, and whether the other
//!    nodes' learners kept hearing each other.
//!
//!   cargo bench --features ssr --bench cluster_load
//!
//! The machine's cores are shared by every part (and by the load), so the figures show what the
//! cluster's parts cost, not how it scales: see the projection it prints.

#[path = "../tests/integration/common/postgres.rs"]
mod postgres;

mod common;

use std::net::{IpAddr, Ipv4Addr, SocketAddr};
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::time::{Duration, Instant};

use futures_util::{SinkExt, StreamExt};
use serde_json::{Value, json};
use tokio::net::TcpStream;
use tokio_tungstenite::tungstenite::Message;
use tokio_tungstenite::{MaybeTlsStream, WebSocketStream, client_async};

const LESSON: &str = "the-redis-pubsub-bridge";
const LEARNERS: usize = 300;
const ADDRESSES: usize = 30;
/// Generous bounds on "eventually": the figures are what is measured, these only stop a hang.
const PATIENCE: Duration = Duration::from_secs(60);

/// Requests sent a second time (see [`call`]).
static RESENT: AtomicU64 = AtomicU64::new(0);

type Socket = WebSocketStream<MaybeTlsStream<TcpStream>>;

/// PostgreSQL's database, the platform Redis, the nodes and the proxy of one cluster.
struct Cluster {
    nodes: Vec<(String, common::Server)>,
    proxy: std::process::Child,
    proxy_addr: SocketAddr,
    redis: std::process::Child,
    _config: tempfile::NamedTempFile,
}

fn free_port() -> u16 {
    std::net::TcpListener::bind("127.0.0.1:0").unwrap().local_addr().unwrap().port()
}

impl Cluster {
    async fn start(nodes: usize) -> Cluster {
        let database = postgres::fresh_database_url().await;
        let redis_port = free_port();
        let redis = std::process::Command::new("redis-server")
            .args(["--port", &redis_port.to_string(), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no"])
            .stdout(std::process::Stdio::null())
            .spawn()
            .expect("redis-server");
        let proxy_addr: SocketAddr = format!("127.0.0.1:{}", free_port()).parse().unwrap();
        let mut started = Vec::new();
        // One at a time: the first runs the migrations.
        for n in 1..=nodes {
            let name = format!("n{n}");
            let args = [
                "--node-id",
                &name,
                "--database-url",
                &database,
                "--platform-redis-url",
                &format!("redis://127.0.0.1:{redis_port}"),
                "--trusted-proxy-header",
                "X-Forwarded-For",
                "--public-url",
                &format!("http://{proxy_addr}"),
                "--sandboxes-total",
                "600",
                "--new-learners-per-minute",
                "600",
                // Messages as fast as the latency figure sends them, one after another.
                "--message-rate",
                "1000",
            ];
            started.push((name.clone(), common::Server::start(&args).await));
        }
        let mut generate = std::process::Command::new(concat!(env!("CARGO_MANIFEST_DIR"), "/deploy/haproxy-config.sh"));
        generate.arg(proxy_addr.to_string());
        for (name, server) in &started {
            generate.arg(format!("{name}={}", server.addr));
        }
        let generated = generate.output().expect("deploy/haproxy-config.sh");
        let config = tempfile::NamedTempFile::new().unwrap();
        std::fs::write(config.path(), generated.stdout).unwrap();
        let proxy = std::process::Command::new("haproxy")
            .arg("-f")
            .arg(config.path())
            .arg("-db")
            .stdout(std::process::Stdio::null())
            .stderr(std::fs::File::create(std::env::temp_dir().join("streamlab-cluster-load-haproxy.log")).unwrap())
            .spawn()
            .expect("haproxy");
        let cluster = Cluster { nodes: started, proxy, proxy_addr, redis, _config: config };
        cluster.wait_until_all_behind_the_proxy().await;
        cluster
    }

    async fn wait_until_all_behind_the_proxy(&self) {
        let deadline = Instant::now() + PATIENCE;
        let http = reqwest::Client::new();
        loop {
            let mut seen = std::collections::BTreeSet::new();
            for _ in 0..4 * self.nodes.len() {
                if let Ok(response) = http.get(format!("http://{}/healthz", self.proxy_addr)).send().await
                    && let Ok(health) = response.json::<Value>().await
                {
                    seen.insert(health["node"].as_str().unwrap_or_default().to_string());
                }
            }
            if seen.len() == self.nodes.len() {
                return;
            }
            assert!(Instant::now() < deadline, "the proxy did not find every node");
            tokio::time::sleep(Duration::from_millis(100)).await;
        }
    }

    /// Live sandboxes on every node still running, from their own /metrics.
    async fn live_sandboxes(&self) -> u64 {
        let mut live = 0;
        for (_, server) in &self.nodes {
            if let Ok(response) = reqwest::get(format!("http://{}/metrics", server.addr)).await {
                let text = response.text().await.unwrap_or_default();
                live += text
                    .lines()
                    .find_map(|l| l.strip_prefix("streamlab_sandboxes_live "))
                    .and_then(|v| v.trim().parse::<f64>().ok())
                    .unwrap_or(0.0) as u64;
            }
        }
        live
    }

    /// Every node's /metrics, summed by series (the nodes still running).
    async fn metrics(&self) -> std::collections::HashMap<String, f64> {
        let mut sums = std::collections::HashMap::new();
        for (_, server) in &self.nodes {
            let Ok(response) = reqwest::get(format!("http://{}/metrics", server.addr)).await else { continue };
            for line in response.text().await.unwrap_or_default().lines().filter(|l| !l.starts_with('#')) {
                if let Some((series, value)) = line.rsplit_once(' ')
                    && let Ok(value) = value.parse::<f64>()
                {
                    *sums.entry(series.to_string()).or_default() += value;
                }
            }
        }
        sums
    }

    /// Proportional resident memory of the nodes and everything below them (their redis-servers), bytes.
    fn resident_bytes(&self) -> u64 {
        let mut pids = Vec::new();
        for (_, server) in &self.nodes {
            pids.extend(streamlab::sandbox::learner_server::group::jail_processes(server.child.id()));
        }
        pids.iter().filter_map(|pid| resident_of(*pid)).sum()
    }
}

impl Drop for Cluster {
    fn drop(&mut self) {
        let _ = self.proxy.kill();
        let _ = self.proxy.wait();
        self.nodes.clear();
        let _ = self.redis.kill();
        let _ = self.redis.wait();
    }
}

/// A process's proportional share of resident memory (its own pages, and shared ones divided
/// among their sharers: 300 redis-servers share one binary's pages).
fn resident_of(pid: u32) -> Option<u64> {
    let status = std::fs::read_to_string(format!("/proc/{pid}/smaps_rollup")).ok()?;
    let line = status.lines().find(|l| l.starts_with("Pss:"))?;
    Some(line.split_whitespace().nth(1)?.parse::<u64>().ok()? * 1024)
}

/// A learner's browser, from one loopback address.
fn browser(address: IpAddr) -> reqwest::Client {
    reqwest::Client::builder().cookie_store(true).local_address(address).build().unwrap()
}

fn address_of(learner: usize) -> IpAddr {
    IpAddr::V4(Ipv4Addr::new(127, 0, 0, 2 + (learner % ADDRESSES) as u8))
}

/// A server function, called as the page calls it.
/// A request that could not be sent (a kept-alive connection the proxy had just closed) is sent
/// again once, as a browser does.
async fn call(http: &reqwest::Client, base: SocketAddr, path: &str, form: &[(&str, &str)]) -> Result<Value, String> {
    let send = || http.post(format!("http://{base}{path}")).header("accept", "application/json").form(form).send();
    let response = match send().await {
        Ok(response) => response,
        Err(first) => {
            RESENT.fetch_add(1, Ordering::Relaxed);
            send().await.map_err(|e| format!("{first:?}, then {e:?}"))?
        }
    };
    let status = response.status();
    let body = response.text().await.map_err(|e| e.to_string())?;
    if !status.is_success() {
        return Err(format!("{status}: {body}"));
    }
    serde_json::from_str(&body).map_err(|e| e.to_string())
}

async fn start_sandbox(http: &reqwest::Client, base: SocketAddr) -> Result<(String, String), String> {
    use leptos::server_fn::ServerFn;
    let ticket =
        call(http, base, streamlab::ui::sandbox::server_fns::StartSandbox::url(), &[("lesson", LESSON)]).await?;
    Ok((ticket["id"].as_str().unwrap().to_string(), ticket["token"].as_str().unwrap().to_string()))
}

/// A chat client of server `server` of the sandbox, connected from `address` to `base`.
async fn join(address: IpAddr, base: SocketAddr, id: &str, token: &str, server: &str, user: &str) -> Socket {
    let url = format!("ws://{base}/sandbox/{id}/servers/{server}/ws?room=load&user={user}&token={token}");
    let socket = tokio::net::TcpSocket::new_v4().unwrap();
    socket.bind(SocketAddr::new(address, 0)).unwrap();
    let stream = socket.connect(base).await.expect("connect");
    client_async(url, MaybeTlsStream::Plain(stream)).await.expect("WebSocket").0
}

async fn say(socket: &mut Socket, text: &str) -> bool {
    socket.send(Message::text(json!({ "type": "message", "text": text }).to_string())).await.is_ok()
}

/// Waits up to `within` for a chat message whose text is `text`; `None` when the socket closed.
async fn heard(socket: &mut Socket, text: &str, within: Duration) -> Option<bool> {
    let deadline = tokio::time::Instant::now() + within;
    loop {
        match tokio::time::timeout_at(deadline, socket.next()).await {
            Err(_) => return Some(false),
            Ok(None | Some(Err(_))) => return None,
            Ok(Some(Ok(Message::Text(frame)))) => {
                let frame: Value = serde_json::from_str(&frame).unwrap_or_default();
                if frame["type"] == "message" && frame["text"] == text {
                    return Some(true);
                }
            }
            Ok(Some(Ok(Message::Close(_)))) => return None,
            Ok(Some(Ok(_))) => {}
        }
    }
}

/// A client on A and one on B, the first message through (clients join their room after the
/// handshake, so a message is sent until B hears one).
async fn chat_pair(address: IpAddr, base: SocketAddr, id: &str, token: &str) -> (Socket, Socket) {
    let mut a = join(address, base, id, token, "a", "ada").await;
    let mut b = join(address, base, id, token, "b", "bob").await;
    let deadline = Instant::now() + PATIENCE;
    for n in 0.. {
        let text = format!("warm-{n}");
        assert!(say(&mut a, &text).await, "A closed while warming up");
        if heard(&mut b, &text, Duration::from_millis(200)).await == Some(true) {
            break;
        }
        assert!(Instant::now() < deadline, "B never heard A");
    }
    drain(&mut a).await;
    (a, b)
}

async fn drain(socket: &mut Socket) {
    while let Ok(Some(_)) = tokio::time::timeout(Duration::from_millis(20), socket.next()).await {}
}

fn percentile(sorted: &[Duration], p: f64) -> Duration {
    sorted[((sorted.len() - 1) as f64 * p).round() as usize]
}

/// A→B through one sandbox: `messages` sent one at a time, each timed until B has it.
async fn crossing_times(address: IpAddr, base: SocketAddr, id: &str, token: &str, messages: usize) -> Vec<Duration> {
    let (mut a, mut b) = chat_pair(address, base, id, token).await;
    let mut times = Vec::with_capacity(messages);
    for n in 0..messages {
        let text = format!("t-{n}");
        let sent = Instant::now();
        say(&mut a, &text).await;
        assert_eq!(heard(&mut b, &text, PATIENCE).await, Some(true));
        times.push(sent.elapsed());
        drain(&mut a).await;
    }
    times.sort();
    times
}

async fn proxy_latency() {
    let cluster = Cluster::start(1).await;
    let address = address_of(0);
    let http = browser(address);
    let (id, token) = start_sandbox(&http, cluster.proxy_addr).await.expect("a sandbox");
    let direct: SocketAddr = cluster.nodes[0].1.addr.parse().unwrap();
    // Twice each, alternating, the first of each a warm-up.
    let mut figures = Vec::new();
    for (label, base) in
        [("direct", direct), ("proxy", cluster.proxy_addr), ("direct", direct), ("proxy", cluster.proxy_addr)]
    {
        figures.push((label, crossing_times(address, base, &id, &token, 200).await));
    }
    println!("\n1. A to B through Redis, 200 messages one at a time (second of two runs each)");
    for (label, times) in &figures[2..] {
        println!("   {label:<7} p50 {:>7.1?}  p99 {:>7.1?}", percentile(times, 0.5), percentile(times, 0.99));
    }
    let added = percentile(&figures[3].1, 0.5).as_secs_f64() - percentile(&figures[2].1, 0.5).as_secs_f64();
    println!("   the proxy adds {:.0} µs at p50 (two more hops: A's socket and B's)", added * 1e6);
}

/// Creates `count` sandboxes through the proxy, `concurrency` at a time, each a new learner.
async fn create_many(cluster: &Cluster, count: usize, concurrency: usize) -> Duration {
    let started = Instant::now();
    let next = Arc::new(AtomicU64::new(0));
    let mut workers = Vec::new();
    for _ in 0..concurrency {
        let (next, base) = (next.clone(), cluster.proxy_addr);
        workers.push(tokio::spawn(async move {
            loop {
                let n = next.fetch_add(1, Ordering::Relaxed) as usize;
                if n >= count {
                    return;
                }
                let http = browser(address_of(n));
                start_sandbox(&http, base).await.unwrap_or_else(|e| panic!("create {n}: {e}"));
            }
        }));
    }
    for worker in workers {
        worker.await.unwrap();
    }
    started.elapsed()
}

async fn creates_by_nodes() {
    println!("\n2. {LEARNERS} new learners' sandboxes through the proxy, 16 at a time, fresh cluster each");
    let mut per_sandbox = Vec::new();
    for nodes in 1..=3 {
        let cluster = Cluster::start(nodes).await;
        let idle = cluster.resident_bytes();
        let took = create_many(&cluster, LEARNERS, 16).await;
        let live = cluster.live_sandboxes().await;
        let cost = (cluster.resident_bytes().saturating_sub(idle)) as f64 / live.max(1) as f64;
        per_sandbox.push(cost);
        println!(
            "   {nodes} node{}: {:>6.1} creates/s, {live} live, {:.2} MiB each (proportional resident memory of the nodes and their redis-servers)",
            if nodes == 1 { " " } else { "s" },
            LEARNERS as f64 / took.as_secs_f64(),
            cost / f64::from(1 << 20),
        );
    }
    let cost = per_sandbox.iter().sum::<f64>() / per_sandbox.len() as f64;
    println!(
        "   projection: a node holds what its memory and open files allow (capacity.rs: half the memory at a \
         sandbox's worst case, 168 MiB, so {} on this machine's {} GiB), ~{:.0} idle-sized; N machines hold N times that, \
         the shared parts (PostgreSQL, platform Redis, proxy) touched only on create, sign-in and news",
        streamlab::server::capacity::sandboxes_this_machine_holds(168 << 20),
        total_memory_gib(),
        (total_memory_gib() as f64 * f64::from(1 << 30) / 2.0) / cost,
    );
}

fn total_memory_gib() -> u64 {
    let meminfo = std::fs::read_to_string("/proc/meminfo").unwrap_or_default();
    meminfo
        .lines()
        .find_map(|l| l.strip_prefix("MemTotal:"))
        .and_then(|v| v.split_whitespace().next()?.parse::<u64>().ok())
        .unwrap_or(0)
        >> 20
}

/// What one learner did and saw.
#[derive(Default)]
struct Learner {
    node_before: String,
    xp_before: u64,
    xp_after: u64,
    /// When their sandbox was lost, and when a new one ran (both after the kill).
    recovered_after: Option<Duration>,
    /// Messages B heard from A after the kill.
    heard_after_kill: u64,
    /// After the kill: when the socket closed, when the page had its new sandbox (the answer
    /// that said the old one went away; then `recovered_after`, when a message crossed it).
    steps: Option<[Duration; 2]>,
    /// Reading the lesson again on the new node raised their XP (an award twice).
    read_twice: bool,
}

async fn kill_a_node() {
    use leptos::server_fn::ServerFn;
    use streamlab::ui::progress::server_fns::{GetProgress, MarkLessonRead};
    use streamlab::ui::sandbox::server_fns::SandboxAfterBreak;

    let mut cluster = Cluster::start(3).await;
    let base = cluster.proxy_addr;
    let killed_at: Arc<std::sync::OnceLock<Instant>> = Arc::default();
    let stop = Arc::new(AtomicBool::new(false));
    let running = Arc::new(AtomicU64::new(0));
    let mut learners = Vec::new();
    for n in 0..LEARNERS {
        let (killed_at, stop, running) = (killed_at.clone(), stop.clone(), running.clone());
        learners.push(tokio::spawn(async move {
            let address = address_of(n);
            let http = browser(address);
            let mut me = Learner::default();
            let (mut id, mut token) = start_sandbox(&http, base).await.unwrap_or_else(|e| panic!("learner {n}: {e}"));
            me.node_before = id.split('.').next().unwrap().to_string();
            let (mut a, mut b) = chat_pair(address, base, &id, &token).await;
            let read = call(&http, base, MarkLessonRead::url(), &[("slug", LESSON)]).await.expect("read");
            me.xp_before = read["xp"].as_u64().unwrap();
            running.fetch_add(1, Ordering::Relaxed);
            let mut said = 0u64;
            while !stop.load(Ordering::Relaxed) {
                said += 1;
                let text = format!("{n}-{said}");
                // Half a second between messages, listening, so a closed socket shows at once.
                let outcome = match say(&mut a, &text).await {
                    true => match heard(&mut b, &text, Duration::from_millis(500)).await {
                        Some(true) => heard(&mut b, "", Duration::from_millis(500)).await.map(|_| true),
                        other => other,
                    },
                    false => None,
                };
                match outcome {
                    Some(true) => {
                        if killed_at.get().is_some() {
                            me.heard_after_kill += 1;
                        }
                    }
                    Some(false) => {}
                    // The sandbox's server went away: what the page does.
                    None => {
                        let lost_at = *killed_at.get().expect("a sandbox lost only after the kill");
                        let noticed = lost_at.elapsed();
                        let answer =
                            call(&http, base, SandboxAfterBreak::url(), &[("lesson", LESSON), ("following", &id)])
                                .await
                                .expect("after the break");
                        let ticket = &answer["Replaced"]["ticket"];
                        assert!(ticket.is_object(), "learner {n}: {answer}");
                        (id, token) = (ticket["id"].as_str().unwrap().into(), ticket["token"].as_str().unwrap().into());
                        let replaced = lost_at.elapsed();
                        (a, b) = chat_pair(address, base, &id, &token).await;
                        me.recovered_after = Some(lost_at.elapsed());
                        me.steps = Some([noticed, replaced]);
                        // Read again on the new node: no second award.
                        let before = call(&http, base, GetProgress::url(), &[]).await.expect("progress");
                        let again =
                            call(&http, base, MarkLessonRead::url(), &[("slug", LESSON)]).await.expect("read again");
                        me.read_twice = again["xp"].as_u64() > before["xp"].as_u64();
                    }
                }
            }
            let progress = call(&http, base, GetProgress::url(), &[]).await.expect("progress");
            me.xp_after = progress["xp"].as_u64().unwrap();
            me
        }));
    }
    let deadline = Instant::now() + 3 * PATIENCE;
    while running.load(Ordering::Relaxed) < LEARNERS as u64 {
        assert!(Instant::now() < deadline, "the learners did not all start");
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    println!(
        "\n3. {LEARNERS} learners of lesson 7 on 3 nodes, chatting every half second; then n2 is killed (SIGKILL)"
    );
    println!("   live before: {} sandboxes", cluster.live_sandboxes().await);
    let (_, victim) = cluster.nodes.remove(1);
    // The nodes settled: their spare redis-servers started (a node keeps them ready for a failed
    // peer's learners, and starts them once a class has stopped arriving), none for 2 s more.
    let spares_of = |metrics: &std::collections::HashMap<String, f64>| {
        metrics.get("streamlab_spare_redis_servers").copied().unwrap_or(0.0)
    };
    let (mut settled, mut last) = (Instant::now(), -1.0);
    while settled.elapsed() < Duration::from_secs(2) {
        let now = spares_of(&cluster.metrics().await);
        if now != last {
            (settled, last) = (Instant::now(), now);
        }
        assert!(Instant::now() < deadline + PATIENCE, "the spares never settled");
        tokio::time::sleep(Duration::from_millis(250)).await;
    }
    // What the other nodes do for the dead node's learners: their metrics before and after.
    let before = cluster.metrics().await;
    let spares = before.get("streamlab_spare_redis_servers").copied().unwrap_or(0.0);
    println!("   redis-servers ready ahead of need on the other two nodes at the kill: {spares}");
    let mut victim = victim;
    victim.child.kill().expect("SIGKILL n2");
    killed_at.set(Instant::now()).unwrap();
    let _ = victim.child.wait();
    // Until every learner of n2 runs again, then a few seconds of chat on the new layout.
    tokio::time::sleep(Duration::from_secs(8)).await;
    stop.store(true, Ordering::Relaxed);
    let mut done = Vec::new();
    for learner in learners {
        done.push(learner.await.unwrap());
    }
    let affected: Vec<&Learner> = done.iter().filter(|l| l.node_before == "n2").collect();
    let mut recoveries: Vec<Duration> = affected.iter().filter_map(|l| l.recovered_after).collect();
    recoveries.sort();
    assert_eq!(recoveries.len(), affected.len(), "every learner of n2 runs again");
    let others_silent = done.iter().filter(|l| l.node_before != "n2" && l.heard_after_kill == 0).count();
    let lost = done.iter().filter(|l| l.xp_after < l.xp_before).count();
    let doubled = done.iter().filter(|l| l.read_twice).count();
    println!("   {} learners were on n2; each had a new sandbox on another node, chatting again:", affected.len());
    if !recoveries.is_empty() {
        println!(
            "   kill to running again: first {} ms, p50 {} ms, last {} ms",
            recoveries[0].as_millis(),
            percentile(&recoveries, 0.5).as_millis(),
            recoveries[recoveries.len() - 1].as_millis()
        );
    }
    for (step, label) in ["their sockets closed", "told it went away, with a new one"].iter().enumerate() {
        let mut times: Vec<Duration> = affected.iter().filter_map(|l| Some(l.steps?[step])).collect();
        times.sort();
        if !times.is_empty() {
            let (p50, last) = (percentile(&times, 0.5).as_millis(), times[times.len() - 1].as_millis());
            println!("     {label:<36} p50 {p50:>5} ms, last {last:>5} ms");
        }
    }
    print_window(&before, &cluster.metrics().await);
    println!("   learners of the other nodes who heard nothing after the kill: {others_silent}");
    println!("   XP lost: {lost} learners; XP awarded twice: {doubled} learners");
    println!("   live after: {} sandboxes", cluster.live_sandboxes().await);
    println!("   requests sent twice (a kept-alive connection just closed): {}", RESENT.load(Ordering::Relaxed));
    assert_eq!((others_silent, lost, doubled), (0, 0, 0));
}

/// Where the other nodes' time went between two scrapes: the mean time of the requests that
/// started the new sandboxes and said the old one went away, and the database statements that
/// took the most time in all.
fn print_window(before: &std::collections::HashMap<String, f64>, after: &std::collections::HashMap<String, f64>) {
    let grew = |series: &str| after.get(series).copied().unwrap_or(0.0) - before.get(series).copied().unwrap_or(0.0);
    let mean_ms = |prefix: &str, labels: &str| {
        let (sum, count) = (grew(&format!("{prefix}_sum{labels}")), grew(&format!("{prefix}_count{labels}")));
        (count > 0.0).then(|| (1000.0 * sum / count, count))
    };
    println!("   on the other nodes, from the kill until all ran again (a request that replaces one):");
    for route in ["sandbox_after_break"] {
        let series = after
            .keys()
            .filter(|k| k.starts_with("streamlab_http_request_duration_seconds_sum{") && k.contains(route))
            .cloned()
            .collect::<Vec<_>>();
        for sum in series {
            let labels = sum.trim_start_matches("streamlab_http_request_duration_seconds_sum");
            if let Some((mean, count)) = mean_ms("streamlab_http_request_duration_seconds", labels) {
                println!("     {route:<22} {count:>4} requests, mean {mean:>6.1} ms");
            }
        }
    }
    let mut statements: Vec<(f64, f64, String)> = after
        .keys()
        .filter_map(|k| k.strip_prefix("streamlab_db_statement_duration_seconds_sum"))
        .filter_map(|labels| {
            let total = grew(&format!("streamlab_db_statement_duration_seconds_sum{labels}"));
            let count = grew(&format!("streamlab_db_statement_duration_seconds_count{labels}"));
            (count > 0.0).then(|| (total, count, labels.to_string()))
        })
        .collect();
    statements.sort_by(|a, b| b.0.total_cmp(&a.0));
    for (total, count, labels) in statements.iter().take(4) {
        println!("     database {labels}: {count} statements, {:.0} ms in all", total * 1000.0);
    }
}

#[tokio::main]
async fn main() {
    if std::env::args().any(|a| a == "--list") {
        return;
    }
    // Every learner's sockets are this process's descriptors, and the nodes' and HAProxy's
    // limits are inherited from it.
    streamlab::server::capacity::raise_open_files_limit();
    // `cargo bench … -- kill` runs one part (latency, creates, kill); no name runs them all.
    let chosen: Vec<String> = std::env::args().skip(1).filter(|a| !a.starts_with("--")).collect();
    let runs = |part: &str| chosen.is_empty() || chosen.iter().any(|c| c == part);
    if runs("latency") {
        proxy_latency().await;
    }
    if runs("creates") {
        creates_by_nodes().await;
    }
    if runs("kill") {
        kill_a_node().await;
    }
}
