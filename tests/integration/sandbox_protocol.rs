//! The chat servers' WebSocket protocol at its edges: bad frames get error frames and the
//! connection stays open; oversized frames close with 1009; floods are rate limited.

use crate::common;

use common::sandbox_client::{EVENTUALLY, SandboxHandle};
use common::spawn_app;

#[tokio::test]
async fn bad_json_gets_an_error_frame_and_the_connection_stays_open() {
    let app = spawn_app().await;
    let sandbox = SandboxHandle::create(&app, "pubsub").await;
    let mut ada = sandbox.join("a", "lobby", "ada").await;
    ada.send_raw("{not json").await;
    let error = ada.error(EVENTUALLY).await.expect("an error frame");
    assert_eq!(error["error"], "invalid_json");
    assert!(error["detail"].as_str().unwrap().contains("not JSON"));
    ada.say("still here").await;
    assert!(ada.message("still here", EVENTUALLY).await.is_some(), "the connection still works");
}

#[tokio::test]
async fn unknown_types_missing_types_and_bad_fields_get_documented_errors() {
    let app = spawn_app().await;
    let sandbox = SandboxHandle::create(&app, "pubsub").await;
    let mut ada = sandbox.join("a", "lobby", "ada").await;
    for (frame, expected) in [
        (r#"{"type":"shout","text":"hi"}"#, "unknown_type"),
        (r#"{"text":"hi"}"#, "missing_type"),
        (r#"{"type":"message"}"#, "invalid_frame"),
        (r#"{"type":"message","text":"hi","room":"bad room*"}"#, "invalid_room"),
        (r#"{"type":"message","text":"   "}"#, "empty_message"),
    ] {
        ada.send_raw(frame).await;
        let error = ada.error(EVENTUALLY).await.expect("an error frame");
        assert_eq!(error["error"], expected, "for {frame}");
    }
    ada.say("fine").await;
    assert!(ada.message("fine", EVENTUALLY).await.is_some());
}

#[tokio::test]
async fn a_frame_over_16_kib_closes_the_socket_with_1009() {
    let app = spawn_app().await;
    let sandbox = SandboxHandle::create(&app, "pubsub").await;
    let mut ada = sandbox.join("a", "lobby", "ada").await;
    let big = format!(r#"{{"type":"message","text":"{}"}}"#, "x".repeat(17 * 1024));
    ada.send_raw(&big).await;
    assert_eq!(ada.closed(EVENTUALLY).await, Some(Some(1009)));
}

#[tokio::test]
async fn a_frame_far_over_the_limit_also_closes_with_1009() {
    let app = spawn_app().await;
    let sandbox = SandboxHandle::create(&app, "pubsub").await;
    let mut ada = sandbox.join("a", "lobby", "ada").await;
    ada.send_raw(&"y".repeat(200 * 1024)).await;
    let code = ada.closed(EVENTUALLY).await.expect("the socket closes");
    assert!(matches!(code, Some(1009) | None), "closed with {code:?}");
}

#[tokio::test]
async fn a_flood_is_answered_with_rate_limit_errors_then_closed() {
    let app = spawn_app().await;
    let sandbox = SandboxHandle::create(&app, "pubsub").await;
    let mut ada = sandbox.join("a", "lobby", "ada").await;
    for i in 0..200 {
        ada.say(&format!("flood {i}")).await;
    }
    let mut seen = Vec::new();
    let error = ada
        .wait_for(EVENTUALLY, |f| {
            seen.push(f["type"].to_string());
            f["type"] == "error"
        })
        .await;
    let error = error.unwrap_or_else(|| panic!("a rate-limit error; saw {} frames: {:?}", seen.len(), seen.last()));
    assert_eq!(error["error"], "rate_limited");
    assert_eq!(ada.closed(EVENTUALLY).await, Some(Some(1008)), "a client that keeps flooding is disconnected");
}
