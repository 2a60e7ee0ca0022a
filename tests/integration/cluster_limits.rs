//! The sandbox limits hold for the site, not per node: two nodes on one database share one count
//! of what an address and a learner hold (`cluster::places`). A classroom behind one address
//! fills its share across both nodes; a learner who opens a lesson on another node gets one
//! sandbox for it, not two, and their least recently used sandbox on the first node makes room.

use std::time::Duration;

use serde_json::{Value, json};

use crate::common::sandbox_client::SandboxHandle;
use crate::common::{TestApp, spawn_app_with};

/// Two nodes on one database: 12 sandboxes each, a quarter of that (3) for one address, and
/// two for one learner.
async fn two_nodes() -> (TestApp, TestApp) {
    let limits = |s: &mut streamlab::server::settings::Settings| {
        s.sandboxes_total = Some(12);
        s.sandboxes_per_learner = 2;
    };
    let first = spawn_app_with(|s| {
        limits(s);
        s.node_id = Some("n1".into());
    })
    .await;
    let url = first.database_url.clone();
    let second = spawn_app_with(|s| {
        limits(s);
        s.node_id = Some("n2".into());
        s.database_url = Some(url);
    })
    .await;
    (first, second)
}

/// Asks `app` for a bare sandbox for a new learner of this (loopback) address.
async fn new_learners_sandbox(app: &TestApp) -> Result<SandboxHandle, (u16, Value)> {
    let http = reqwest::Client::builder().cookie_store(true).build().unwrap();
    SandboxHandle::create_with(app, &http, "pubsub").await
}

/// Opens `lesson` as the learner of `http` on `app`: the answer's status and body.
async fn open_lesson(app: &TestApp, http: &reqwest::Client, lesson: &str) -> (u16, Value) {
    let response = http.post(app.url("/api/sandboxes")).json(&json!({ "lesson": lesson })).send().await.unwrap();
    (response.status().as_u16(), response.json().await.unwrap())
}

/// Whether `app` still runs the sandbox, asked with its token.
async fn runs(app: &TestApp, id: &str, token: &str) -> bool {
    let response =
        reqwest::Client::new().get(app.url(&format!("/api/sandboxes/{id}"))).bearer_auth(token).send().await.unwrap();
    response.status().is_success()
}

/// Waits (generously: nodes reconcile every two seconds) until `done` holds.
async fn eventually<F: std::future::Future<Output = bool>>(what: &str, mut done: impl FnMut() -> F) {
    let deadline = tokio::time::Instant::now() + Duration::from_secs(30);
    while !done().await {
        assert!(tokio::time::Instant::now() < deadline, "{what} did not happen within 30 s");
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
}

#[tokio::test]
async fn a_classroom_behind_one_address_fills_its_share_across_the_nodes_not_on_each() {
    let (n1, n2) = two_nodes().await;
    let first = new_learners_sandbox(&n1).await.expect("1 of 3 on n1");
    let _second = new_learners_sandbox(&n2).await.expect("2 of 3 on n2");
    let _third = new_learners_sandbox(&n1).await.expect("3 of 3 on n1");
    for node in [&n1, &n2] {
        let (status, body) = new_learners_sandbox(node).await.err().expect("the address's share is full on every node");
        assert_eq!((status, body["error"].as_str()), (429, Some("too_many_sandboxes")), "{body}");
    }

    // One ends on n1: its place comes back for the whole site, at once on n1 and within a
    // reconcile on n2.
    first.delete().await;
    eventually("the ended sandbox's place coming back to n2", || async {
        match new_learners_sandbox(&n2).await {
            Ok(_) => true,
            Err((429, _)) => false,
            Err(other) => panic!("{other:?}"),
        }
    })
    .await;
    let (status, _) = new_learners_sandbox(&n1).await.err().expect("and the share is full again");
    assert_eq!(status, 429);
}

#[tokio::test]
async fn a_learner_holds_one_sandbox_per_lesson_and_their_share_across_the_nodes() {
    let (n1, n2) = two_nodes().await;
    let learner = reqwest::Client::builder().cookie_store(true).build().unwrap();
    let (status, intro) = open_lesson(&n1, &learner, "push-not-poll").await;
    assert_eq!(status, 201, "{intro}");
    let (intro_id, intro_token) = (intro["id"].as_str().unwrap(), intro["token"].as_str().unwrap());

    // The same learner (one session, kept in the shared database) opens the same lesson on n2:
    // it replaces the one on n1, which n1 ends.
    let (status, again) = open_lesson(&n2, &learner, "push-not-poll").await;
    assert_eq!(status, 201, "{again}");
    assert!(again["id"].as_str().unwrap().starts_with("n2."), "{again}");
    eventually("n1 ending the replaced sandbox", || async { !runs(&n1, intro_id, intro_token).await }).await;

    // Two lessons, one per node: the learner's share (two) is full; a third lesson on n1 ends
    // their oldest elsewhere (on n2) rather than being refused.
    let (status, second) = open_lesson(&n1, &learner, "horizontal-scaling").await;
    assert_eq!(status, 201, "{second}");
    let (status, third) = open_lesson(&n1, &learner, "redis-pubsub-on-the-wire").await;
    assert_eq!(status, 201, "{third}");
    let ended = third["ended"]["lesson"].as_str();
    assert_eq!(ended, Some("push-not-poll"), "the answer says which one made room: {third}");
    let (moved_id, moved_token) = (again["id"].as_str().unwrap(), again["token"].as_str().unwrap());
    eventually("n2 ending the sandbox that made room", || async { !runs(&n2, moved_id, moved_token).await }).await;
    assert!(runs(&n1, second["id"].as_str().unwrap(), second["token"].as_str().unwrap()).await);
}
