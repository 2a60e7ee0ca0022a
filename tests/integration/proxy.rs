//! The cluster behind the proxy shipped in `deploy/` (a real HAProxy, its configuration made by
//! `deploy/haproxy-config.sh`): two nodes of one site. A learner's panel calls, which carry the
//! sandbox id in their body, reach its node by the node cookie; a token holder without cookies
//! reaches it by the id in the path; WebSockets cross; /metrics is not answered through it; a
//! node that dies is taken out, its learners land on the other, and their pages learn that their
//! sandbox went away with its server, in the answer that gives them a new one there.

use std::time::Duration;

use leptos::server_fn::ServerFn;
use serde_json::Value;
use streamlab::ui::sandbox::server_fns::{ExtendSandbox, SandboxAfterBreak, StartSandbox};
use tokio::process::{Child, Command};

use crate::common::learners::browser;
use crate::common::platform_redis::PlatformRedis;
use crate::common::sandbox_client::{ChatClient, EVENTUALLY};
use crate::common::{TestApp, repo_path, spawn_app_with};

struct Proxy {
    port: u16,
    _haproxy: Child,
    _config: tempfile::NamedTempFile,
}

impl Proxy {
    async fn start(nodes: &[(&str, &TestApp)]) -> Proxy {
        let port = std::net::TcpListener::bind("127.0.0.1:0").unwrap().local_addr().unwrap().port();
        let mut generate = std::process::Command::new(repo_path("deploy/haproxy-config.sh"));
        generate.arg(format!("127.0.0.1:{port}"));
        for (name, app) in nodes {
            generate.arg(format!("{name}={}", app.addr));
        }
        let generated = generate.output().expect("deploy/haproxy-config.sh");
        assert!(generated.status.success(), "{}", String::from_utf8_lossy(&generated.stderr));
        let config = tempfile::NamedTempFile::new().unwrap();
        std::fs::write(config.path(), &generated.stdout).unwrap();
        let haproxy = Command::new("haproxy")
            .arg("-f")
            .arg(config.path())
            .arg("-db")
            .stdout(std::process::Stdio::null())
            // Its warnings (a node going down, as this test makes one) are not the test's output.
            .stderr(std::process::Stdio::null())
            .kill_on_drop(true)
            .spawn()
            .expect("haproxy (Debian's package; ./scripts/test.sh installs it)");
        let proxy = Proxy { port, _haproxy: haproxy, _config: config };
        proxy.wait_for_nodes(nodes.len()).await;
        proxy
    }

    fn url(&self, path: &str) -> String {
        format!("http://127.0.0.1:{}{path}", self.port)
    }

    /// The nodes that answer through the proxy's rotation, by name.
    async fn healthy(&self, tries: usize) -> std::collections::BTreeSet<String> {
        let http = reqwest::Client::new();
        let mut seen = std::collections::BTreeSet::new();
        for _ in 0..tries {
            if let Ok(response) = http.get(self.url("/healthz")).send().await
                && let Ok(health) = response.json::<Value>().await
            {
                seen.insert(health["node"].as_str().unwrap_or_default().to_string());
            }
        }
        seen
    }

    async fn wait_for_nodes(&self, count: usize) {
        for _ in 0..300 {
            if self.healthy(2 * count).await.len() == count {
                return;
            }
            tokio::time::sleep(Duration::from_millis(100)).await;
        }
        panic!("the proxy did not find {count} healthy nodes in 30 s");
    }
}

async fn node(name: &str, platform: &PlatformRedis, database: Option<&str>) -> TestApp {
    let (name, url, database) = (name.to_string(), platform.url(), database.map(str::to_string));
    spawn_app_with(move |s| {
        s.node_id = Some(name);
        s.platform_redis_url = Some(url);
        s.trusted_proxy_header = Some("X-Forwarded-For".into());
        if let Some(database) = database {
            s.database_url = Some(database);
        }
    })
    .await
}

#[tokio::test]
async fn through_the_proxy_a_learner_stays_with_their_sandboxes_node_and_a_dead_node_is_left_out() {
    let platform = PlatformRedis::start().await;
    let one = node("one", &platform, None).await;
    let two = node("two", &platform, Some(&one.database_url)).await;
    let proxy = Proxy::start(&[("one", &one), ("two", &two)]).await;

    // A learner's browser: a sandbox made through the proxy, on whichever node answered.
    let learner = browser();
    let created =
        learner.post(proxy.url("/api/sandboxes")).json(&serde_json::json!({ "lesson": LESSON })).send().await.unwrap();
    assert_eq!(created.status(), 201);
    let named: Vec<String> = created
        .headers()
        .get_all("set-cookie")
        .iter()
        .filter_map(|v| v.to_str().ok()?.strip_prefix("node=").map(|c| c.split(';').next().unwrap().to_string()))
        .collect();
    let sandbox: Value = created.json().await.unwrap();
    let (id, token) = (sandbox["id"].as_str().unwrap().to_string(), sandbox["token"].as_str().unwrap().to_string());
    let home = id.split('.').next().unwrap().to_string();
    assert_eq!(named, std::slice::from_ref(&home), "the answer names its node in the node cookie");

    // The panel's calls carry the id in their body: the cookie takes each to the sandbox's node.
    for _ in 0..6 {
        let extended = learner
            .post(proxy.url(ExtendSandbox::url()))
            .header("accept", "application/json")
            .form(&[("id", &id)])
            .send()
            .await
            .unwrap();
        assert!(extended.status().is_success(), "{}: {}", extended.status(), extended.text().await.unwrap());
    }
    // A token holder without cookies: the id in the path takes each request there.
    let curl = reqwest::Client::new();
    for _ in 0..6 {
        let state = curl.get(proxy.url(&format!("/api/sandboxes/{id}"))).bearer_auth(&token).send().await.unwrap();
        assert_eq!(state.status(), 200);
    }
    // WebSockets pass through, and messages cross between the sandbox's two servers.
    let ws = |server: &str, user: &str| {
        format!("ws://127.0.0.1:{}/sandbox/{id}/servers/{server}/ws?room=lobby&user={user}&token={token}", proxy.port)
    };
    let mut a = ChatClient::connect(&ws("a", "ada")).await;
    let mut b = ChatClient::connect(&ws("b", "bob")).await;
    let mut crossed = false;
    for _ in 0..50 {
        a.say("through the proxy").await;
        if b.wait_for(Duration::from_millis(100), |v| v["type"] == "message").await.is_some() {
            crossed = true;
            break;
        }
    }
    assert!(crossed, "a message crossed through the proxy within {EVENTUALLY:?}");

    // Each node's metrics are its own: not answered through the proxy.
    assert_eq!(curl.get(proxy.url("/metrics")).send().await.unwrap().status(), 404);
    assert_eq!(curl.get(one.url("/metrics")).send().await.unwrap().status(), 200);

    // The sandbox's node dies: the proxy takes it out; the learner's next page is the other's.
    let (dead, alive) = if home == "one" { (&one, "two") } else { (&two, "one") };
    dead.server.abort();
    let mut left_out = false;
    for _ in 0..100 {
        if proxy.healthy(4).await.into_iter().collect::<Vec<_>>() == [alive.to_string()] {
            left_out = true;
            break;
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    assert!(left_out, "the proxy's health checks take the dead node out");
    let page = learner.get(proxy.url("/")).send().await.unwrap();
    assert_eq!(page.status(), 200);
    let renamed =
        page.headers().get_all("set-cookie").iter().any(|c| c.to_str().unwrap().starts_with(&format!("node={alive};")));
    assert!(renamed, "the learner's page comes from the living node, which names itself");
    let gone = curl.get(proxy.url(&format!("/api/sandboxes/{id}"))).bearer_auth(&token).send().await.unwrap();
    assert_eq!(gone.status(), 503, "a dead node's sandbox: no node holds it");

    // The learner's page, whose live stream broke, asks what became of its sandbox: gone with
    // its server, and replaced in the same answer by a new one, which the living node made.
    let after_break = || async {
        let asked = learner
            .post(proxy.url(SandboxAfterBreak::url()))
            .header("accept", "application/json")
            .form(&[("lesson", LESSON), ("following", &id)])
            .send()
            .await
            .unwrap();
        asked.json::<Value>().await.unwrap()
    };
    let answer = after_break().await;
    assert_eq!(answer["Replaced"]["node"], home, "{answer}");
    let replacement = answer["Replaced"]["ticket"]["id"].as_str().unwrap();
    assert!(replacement.starts_with(&format!("{alive}.")), "{answer}");
    // Asked again (another tab), the same new sandbox runs: no second one.
    let again = after_break().await;
    assert_eq!(again["Running"]["id"], replacement, "{again}");
    let started = learner
        .post(proxy.url(StartSandbox::url()))
        .header("accept", "application/json")
        .form(&[("lesson", LESSON)])
        .send()
        .await
        .unwrap();
    assert!(started.status().is_success(), "{}", started.status());
    let ticket: Value = started.json().await.unwrap();
    assert_eq!(ticket["id"], replacement, "{ticket}");
}

/// The lesson the learner's sandbox is for.
const LESSON: &str = "the-redis-pubsub-bridge";
