//! `/metrics`: the node's Prometheus metrics, valid for `promtool check metrics`, moving as the
//! node works (a sandbox made and refused, a message delivered, a request timed by its route,
//! database statements timed), and never a series per sandbox or per path.

use std::io::Write;
use std::process::{Command, Stdio};

use crate::common::sandbox_client::{EVENTUALLY, SandboxHandle};
use crate::common::{TestApp, spawn_app_with};

async fn scrape(app: &TestApp) -> String {
    let response = reqwest::get(app.url("/metrics")).await.unwrap();
    assert_eq!(response.status(), 200);
    assert!(response.headers()["content-type"].to_str().unwrap().starts_with("text/plain"));
    assert!(response.headers().get("set-cookie").is_none(), "a scrape is given no cookie");
    response.text().await.unwrap()
}

/// The value of the series `name` (with its labels as written), if it is there.
fn value(text: &str, series: &str) -> Option<f64> {
    text.lines().find_map(|line| line.strip_prefix(series)?.strip_prefix(' ')?.trim().parse().ok())
}

fn promtool(text: &str) -> (bool, String) {
    let mut child = Command::new("promtool")
        .args(["check", "metrics"])
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("promtool (Debian's prometheus package; ./scripts/test.sh installs it)");
    child.stdin.take().unwrap().write_all(text.as_bytes()).unwrap();
    let out = child.wait_with_output().unwrap();
    (out.status.success(), format!("{}{}", String::from_utf8_lossy(&out.stdout), String::from_utf8_lossy(&out.stderr)))
}

#[tokio::test]
async fn the_metrics_pass_promtool_and_move_as_the_node_works() {
    // The statements' times come from sqlx's tracing events, which the app's subscriber reads.
    streamlab::server::telemetry::init();
    let app = spawn_app_with(|s| s.sandboxes_per_learner = 1).await;
    let sandbox = SandboxHandle::create(&app, "pubsub").await;
    // The same learner again: over their one sandbox, refused.
    let refused = SandboxHandle::create_with(&app, &sandbox.http, "pubsub").await.err().expect("refused");
    assert_eq!(refused.0, 429);
    let mut a = sandbox.join("a", "lobby", "ada").await;
    let mut b = sandbox.join("b", "lobby", "bob").await;
    // Joined once the first message crosses (a member joins after its handshake).
    let mut crossed = false;
    for _ in 0..50 {
        a.say("hello").await;
        if b.wait_for(std::time::Duration::from_millis(100), |v| v["type"] == "message").await.is_some() {
            crossed = true;
            break;
        }
    }
    assert!(crossed, "a message crosses within {EVENTUALLY:?}");
    reqwest::get(app.url("/")).await.unwrap();

    let text = scrape(&app).await;
    let (valid, said) = promtool(&text);
    assert!(valid, "promtool check metrics: {said}\n{text}");

    // Gauges read from this app's registry; counters are the process's (tests share it).
    assert_eq!(value(&text, "streamlab_sandboxes_live"), Some(1.0), "{text}");
    assert!(value(&text, "streamlab_websockets_open").unwrap() >= 2.0, "{text}");
    assert!(value(&text, "streamlab_deliveries_total").unwrap() >= 2.0, "{text}");
    assert!(value(&text, "streamlab_sandbox_creates_total").unwrap() >= 1.0, "{text}");
    assert!(value(&text, "streamlab_sandbox_refusals_total{reason=\"too_many_sandboxes\"}").unwrap() >= 1.0, "{text}");
    assert!(
        text.contains(
            "streamlab_http_request_duration_seconds_bucket{route=\"/api/sandboxes\",method=\"POST\",status=\"2xx\""
        ),
        "{text}"
    );
    assert!(text.contains("streamlab_db_statement_duration_seconds_count{statement=\"select\"}"), "{text}");
    assert!(!text.contains(&sandbox.id), "no series names a sandbox");

    // Messages on: the counter only grows, and a scrape reads it anew.
    let before = value(&text, "streamlab_deliveries_total").unwrap();
    a.say("again").await;
    b.wait_for(EVENTUALLY, |v| v["text"] == "again").await.expect("delivered");
    let after = value(&scrape(&app).await, "streamlab_deliveries_total").unwrap();
    assert!(after > before, "{before} → {after}");
    sandbox.delete().await;
    let ended = scrape(&app).await;
    assert_eq!(value(&ended, "streamlab_sandboxes_live"), Some(0.0));
    assert!(
        value(&ended, "streamlab_deliveries_total").unwrap() >= after,
        "an ended sandbox's deliveries stay counted"
    );
}
