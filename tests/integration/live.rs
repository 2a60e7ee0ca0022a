//! The page's one live stream, `/api/live?lesson=`: it follows the learner's sandbox for that
//! lesson, whichever it is, across a reset and a start from another tab.

use crate::common;

use serde_json::{Value, json};

use common::live_stream::Live;
use common::{TestApp, spawn_app};

async fn start(app: &TestApp, http: &reqwest::Client, lesson: &str) -> Value {
    let response = http.post(app.url("/api/sandboxes")).json(&json!({ "lesson": lesson })).send().await.unwrap();
    assert!(response.status().is_success());
    response.json().await.unwrap()
}

#[tokio::test]
async fn the_live_stream_follows_the_learners_sandbox_for_the_lesson_through_a_reset() {
    let app = spawn_app().await;
    let http = reqwest::Client::builder().cookie_store(true).build().unwrap();
    assert_eq!(Live::open(&app, &http, "push-not-poll").await.err(), Some(404), "no learner yet, nothing to follow");

    let first = start(&app, &http, "push-not-poll").await;
    let first_id = first["id"].as_str().unwrap().to_string();
    let mut live = Live::open(&app, &http, "push-not-poll").await.expect("the learner's stream");
    assert_eq!(live.next().await.unwrap(), json!({ "type": "sandbox_started", "sandbox": first_id }));

    // Its events arrive, tagged with the sandbox.
    let url = format!(
        "{}/sandbox/{first_id}/servers/a/ws?room=lobby&user=ann&token={}",
        app.url("").replace("http://", "ws://"),
        first["token"].as_str().unwrap()
    );
    let (_ann, _) = tokio_tungstenite::connect_async(&url).await.unwrap();
    let joined = live.wait_for(|m| m["type"] == "sandbox" && m["event"]["type"] == "client_joined").await;
    assert_eq!(joined["sandbox"], first_id.as_str());

    // Reset: the old one ends, the new one is followed on the same stream.
    let ended = http.delete(app.url(&format!("/api/sandboxes/{first_id}"))).send().await.unwrap();
    assert_eq!(ended.status().as_u16(), 204);
    assert_eq!(live.wait_for(|m| m["type"] == "sandbox_ended").await["sandbox"], first_id.as_str());
    let second = start(&app, &http, "push-not-poll").await;
    let second_id = second["id"].as_str().unwrap();
    assert_eq!(live.wait_for(|m| m["type"] == "sandbox_started").await["sandbox"], second_id);

    // Another lesson's sandbox is not this page's business.
    start(&app, &http, "horizontal-scaling").await;
    let other = live.wait_for(|_| true);
    assert!(tokio::time::timeout(std::time::Duration::from_millis(600), other).await.is_err());
}

#[tokio::test]
async fn another_learner_hears_nothing_of_it() {
    let app = spawn_app().await;
    let ann = reqwest::Client::builder().cookie_store(true).build().unwrap();
    let bob = reqwest::Client::builder().cookie_store(true).build().unwrap();
    start(&app, &bob, "push-not-poll").await;
    let mut bobs = Live::open(&app, &bob, "push-not-poll").await.unwrap();
    bobs.wait_for(|m| m["type"] == "sandbox_started").await;
    start(&app, &ann, "push-not-poll").await;
    let heard = bobs.wait_for(|m| m["type"] == "sandbox_started");
    assert!(tokio::time::timeout(std::time::Duration::from_millis(600), heard).await.is_err());
}

#[tokio::test]
async fn a_page_of_another_site_cannot_read_the_learners_live_stream() {
    let app = spawn_app().await;
    let http = crate::common::learners::signed_up(&app, "frank").await;
    let response = http.get(app.url("/api/live")).header("sec-fetch-site", "cross-site").send().await.unwrap();
    assert_eq!(response.status(), 403);
    let response = http.get(app.url("/api/live")).header("origin", "http://evil.example").send().await.unwrap();
    assert_eq!(response.status(), 403);
}
