//! Exercises checked on the server: a sandbox opened for a lesson takes its mode and checks from
//! the lesson, ticks them as real events happen, stores the completion, and nothing the browser
//! sends can record one.

use crate::common;

use std::time::Duration;

use serde_json::{Value, json};

use common::sandbox_client::{EVENTUALLY, SandboxHandle, until_crossing, until_crossing_within};
use common::{TestApp, spawn_app};

async fn open_for_lesson(app: &TestApp, http: &reqwest::Client, lesson: &str) -> (u16, Value) {
    let response = http.post(app.url("/api/sandboxes")).json(&json!({ "lesson": lesson })).send().await.unwrap();
    (response.status().as_u16(), response.json().await.unwrap())
}

fn handle(app: &TestApp, http: &reqwest::Client, body: Value) -> SandboxHandle {
    SandboxHandle {
        id: body["id"].as_str().unwrap().to_string(),
        token: body["token"].as_str().unwrap().to_string(),
        base: app.url(""),
        http: http.clone(),
        created: body,
    }
}

async fn completions(app: &TestApp) -> Vec<(String, String)> {
    let pool = app.database().await;
    let rows = sqlx::query_as("SELECT learner, lesson FROM exercise_completions").fetch_all(&pool).await.unwrap();
    pool.close().await;
    rows
}

async fn passed(sandbox: &SandboxHandle) -> Vec<String> {
    sandbox.info().await["exercise"]["passed"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| c.as_str().unwrap().to_string())
        .collect()
}

async fn eventually_passed(sandbox: &SandboxHandle, count: usize) -> Vec<String> {
    let deadline = tokio::time::Instant::now() + EVENTUALLY;
    loop {
        let now = passed(sandbox).await;
        if now.len() >= count || tokio::time::Instant::now() >= deadline {
            return now;
        }
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
}

#[tokio::test]
async fn the_lesson_decides_the_mode_whatever_the_browser_asks() {
    let app = spawn_app().await;
    let http = reqwest::Client::builder().cookie_store(true).build().unwrap();
    let response = http
        .post(app.url("/api/sandboxes"))
        .json(&json!({ "lesson": "horizontal-scaling", "mode": "streams" }))
        .send()
        .await
        .unwrap();
    let body: Value = response.json().await.unwrap();
    assert_eq!(body["bridge"], "none", "lesson 2 starts with no bridge");
    assert_eq!(body["exercise"]["lesson"], "horizontal-scaling");
    let (status, _) = open_for_lesson(&app, &http, "no-such-lesson").await;
    assert_eq!(status, 400);
}

#[tokio::test]
async fn the_same_learner_finds_the_running_sandbox_of_a_lesson_again() {
    let app = spawn_app().await;
    let http = reqwest::Client::builder().cookie_store(true).build().unwrap();
    let (first, created) = open_for_lesson(&app, &http, "the-redis-pubsub-bridge").await;
    let (again, found) = open_for_lesson(&app, &http, "the-redis-pubsub-bridge").await;
    assert_eq!((first, again), (201, 200));
    assert_eq!(created["id"], found["id"]);
    let by_query: Value =
        http.get(app.url("/api/sandboxes?lesson=the-redis-pubsub-bridge")).send().await.unwrap().json().await.unwrap();
    assert_eq!(by_query["id"], created["id"]);
    assert_eq!(by_query["token"], created["token"]);
}

#[tokio::test]
async fn opening_a_lesson_at_the_per_learner_limit_ends_the_least_recently_used_sandbox_and_says_so() {
    let app = common::spawn_app_with(|s| s.sandboxes_per_learner = 2).await;
    let http = reqwest::Client::builder().cookie_store(true).build().unwrap();
    let (_, one) = open_for_lesson(&app, &http, "push-not-poll").await;
    let (_, _two) = open_for_lesson(&app, &http, "horizontal-scaling").await;
    let (status, three) = open_for_lesson(&app, &http, "the-redis-pubsub-bridge").await;
    assert_eq!(status, 201, "{three}");
    assert_eq!(three["ended"]["lesson"], "push-not-poll");
    assert!(three["ended"]["message"].as_str().unwrap().contains("push-not-poll"));
    let gone = http.get(app.url(&format!("/api/sandboxes/{}", one["id"].as_str().unwrap()))).send().await.unwrap();
    assert_eq!(gone.status().as_u16(), 404);
}

#[tokio::test]
async fn lesson_sevens_exercise_is_checked_live_and_its_completion_stored() {
    let app = spawn_app().await;
    let http = reqwest::Client::builder().cookie_store(true).build().unwrap();
    let (_, body) = open_for_lesson(&app, &http, "the-redis-pubsub-bridge").await;
    let sandbox = handle(&app, &http, body);
    let mut ada = sandbox.join("a", "lobby", "ada").await;
    let mut grace = sandbox.join("b", "lobby", "grace").await;

    until_crossing(&mut ada, &mut grace, "hello").await;
    assert_eq!(eventually_passed(&sandbox, 1).await, ["a-reaches-b"]);

    sandbox.stop_redis().await;
    ada.say("into the void").await;
    assert!(ada.system("publish_failed", EVENTUALLY).await.is_some());
    assert_eq!(eventually_passed(&sandbox, 2).await, ["a-reaches-b", "redis-down-stops-crossing"]);

    sandbox.start_redis().await;
    until_crossing(&mut ada, &mut grace, "back").await;
    assert_eq!(eventually_passed(&sandbox, 3).await.len(), 3);
    assert_eq!(sandbox.info().await["exercise"]["completed"], false, "the learner's own server is still to come");

    // The last check: the learner's server A, with a listener that subscribes again, through a restart.
    let code = std::fs::read_to_string(common::repo_path("lessons/code/bridge_finished.py")).unwrap();
    assert_eq!(sandbox.run_own_server(&code).await.0, 200);
    let mut ada = sandbox.join("a", "lobby", "ada").await;
    sandbox.stop_redis().await;
    sandbox.start_redis().await;
    until_crossing_within(&mut grace, &mut ada, "B to your A", Duration::from_secs(15)).await;
    assert_eq!(eventually_passed(&sandbox, 4).await.len(), 4);
    assert_eq!(sandbox.info().await["exercise"]["completed"], true);
    let events = sandbox.events().await;
    assert!(events.iter().any(|e| e["type"] == "exercise_completed"));

    let deadline = tokio::time::Instant::now() + EVENTUALLY;
    while completions(&app).await.is_empty() {
        assert!(tokio::time::Instant::now() < deadline, "the completion was not stored");
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    let stored = completions(&app).await;
    assert_eq!(stored.len(), 1);
    assert_eq!(stored[0].1, "the-redis-pubsub-bridge");
    // For "where learners get stuck": the start and each check, recorded as they happened.
    let steps = {
        let pool = app.database().await;
        let rows: Vec<(String,)> = sqlx::query_as("SELECT step FROM lesson_steps").fetch_all(&pool).await.unwrap();
        pool.close().await;
        rows.into_iter().map(|(step,)| step).collect::<Vec<_>>()
    };
    assert_eq!(steps.len(), 5, "{steps:?}");
    assert!(steps.contains(&"the-redis-pubsub-bridge/started".to_string()));
    assert!(steps.contains(&"the-redis-pubsub-bridge/check:a-reaches-b".to_string()));
    // The completion is the lesson's exercise XP in the learner's ledger, once.
    let deadline = tokio::time::Instant::now() + EVENTUALLY;
    while awards(&app).await.is_empty() {
        assert!(tokio::time::Instant::now() < deadline, "the exercise XP was not awarded");
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    let exercise_awards: Vec<_> =
        awards(&app).await.into_iter().filter(|(_, source, _)| source.starts_with("exercise:")).collect();
    assert_eq!(exercise_awards, [(stored[0].0.clone(), "exercise:the-redis-pubsub-bridge".to_string(), 50)]);

    // What the sandbox showed unlocked achievements, each once, for the same learner. These
    // clients open their WebSockets without a browser's Origin: they are the learner's own.
    let expected = [
        "achievement:first-message",
        "achievement:first-crossing",
        "achievement:outage-survived",
        "achievement:own-client",
        "achievement:first-exercise",
    ];
    let deadline = tokio::time::Instant::now() + EVENTUALLY;
    loop {
        let sources: Vec<String> = awards(&app).await.into_iter().map(|(_, source, _)| source).collect();
        if expected.iter().all(|want| sources.iter().any(|s| s == want)) {
            assert!(!sources.iter().any(|s| s == "achievement:zero-loss-outage"), "a Pub/Sub outage loses messages");
            break;
        }
        assert!(tokio::time::Instant::now() < deadline, "achievements missing: {sources:?}");
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    let facts: Vec<(String,)> = {
        let pool = app.database().await;
        let rows = sqlx::query_as("SELECT fact FROM learner_facts").fetch_all(&pool).await.unwrap();
        pool.close().await;
        rows
    };
    assert!(facts.iter().any(|(f,)| f == "sandbox:outage-survived"), "the fact outlives the sandbox: {facts:?}");
}

async fn awards(app: &TestApp) -> Vec<(String, String, i64)> {
    let pool = app.database().await;
    let rows = sqlx::query_as("SELECT owner, source, amount FROM xp_awards").fetch_all(&pool).await.unwrap();
    pool.close().await;
    rows
}

#[tokio::test]
async fn a_check_cannot_pass_with_one_client_alone() {
    // Lesson 1's first check: the sender's own copy is not a delivery to someone else.
    let app = spawn_app().await;
    let http = reqwest::Client::builder().cookie_store(true).build().unwrap();
    let (_, body) = open_for_lesson(&app, &http, "push-not-poll").await;
    let sandbox = handle(&app, &http, body);
    let mut ada = sandbox.join("a", "lobby", "ada").await;
    ada.say("anyone?").await;
    assert!(ada.message("anyone?", EVENTUALLY).await.is_some());
    tokio::time::sleep(Duration::from_millis(300)).await;
    assert!(passed(&sandbox).await.is_empty());
    let mut bob = sandbox.join("a", "lobby", "bob").await;
    ada.say("now?").await;
    assert!(bob.message("now?", EVENTUALLY).await.is_some());
    assert_eq!(eventually_passed(&sandbox, 1).await, ["same-room"]);
}

#[tokio::test]
async fn a_forged_request_cannot_record_a_completion() {
    let app = spawn_app().await;
    let http = reqwest::Client::builder().cookie_store(true).build().unwrap();
    let (_, body) = open_for_lesson(&app, &http, "the-redis-pubsub-bridge").await;
    let sandbox = handle(&app, &http, body);
    let forged = json!({ "type": "exercise_completed" });
    for path in ["/events", "/events/stream", ""] {
        let url = app.url(&format!("/api/sandboxes/{}{path}", sandbox.id));
        let response = http.post(&url).bearer_auth(&sandbox.token).json(&forged).send().await.unwrap();
        assert!(response.status().is_client_error(), "POST {path}: {}", response.status());
    }
    // A client may say anything in a chat message: it is a message, not an event.
    let mut ada = sandbox.join("a", "lobby", "ada").await;
    ada.send_raw(r#"{"type":"exercise_completed"}"#).await;
    assert_eq!(ada.error(EVENTUALLY).await.unwrap()["error"], "unknown_type");
    tokio::time::sleep(Duration::from_millis(300)).await;
    assert_eq!(sandbox.info().await["exercise"]["completed"], false);
    assert!(completions(&app).await.is_empty());
}

#[tokio::test]
async fn reset_exercise_starts_the_checks_over_on_new_events() {
    let app = spawn_app().await;
    let http = reqwest::Client::builder().cookie_store(true).build().unwrap();
    let (_, body) = open_for_lesson(&app, &http, "horizontal-scaling").await;
    let sandbox = handle(&app, &http, body);
    let mut ada = sandbox.join("a", "lobby", "ada").await;
    let _grace = sandbox.join("b", "lobby", "grace").await;
    ada.say("anyone on B?").await;
    assert_eq!(eventually_passed(&sandbox, 1).await, ["split-room"]);

    let reset = sandbox.post("/exercise/reset").await;
    assert_eq!(reset["exercise"]["passed"], json!([]));
    tokio::time::sleep(Duration::from_millis(300)).await;
    assert!(passed(&sandbox).await.is_empty(), "the old message does not count again");
    ada.say("again?").await;
    assert_eq!(eventually_passed(&sandbox, 1).await, ["split-room"]);
}

#[tokio::test]
async fn extend_restarts_the_idle_clock() {
    let app = common::spawn_app_with(|s| s.sandbox_idle_secs = 2).await;
    let sandbox = SandboxHandle::create(&app, "pubsub").await;
    for _ in 0..4 {
        tokio::time::sleep(Duration::from_millis(900)).await;
        sandbox.post("/extend").await;
    }
    assert_eq!(sandbox.info().await["redis"], "running", "still alive after 3.6 s of extensions");
}
