//! A learner's server as server A of a real sandbox, over the HTTP API and real WebSockets: the
//! starting code crosses both ways and loses B→A for good after a Redis restart (the lesson's
//! flaw); the fixed listener recovers; the exercise checks see it all through the relay.

use std::time::Duration;

use serde_json::Value;

use crate::common::sandbox_client::{EVENTUALLY, QUIET, SandboxHandle, until_crossing, until_crossing_within};
use crate::common::{repo_path, spawn_app};

const STARTING_CODE: &str = "lessons/code/bridge.py";
const FINISHED_CODE: &str = "lessons/code/bridge_finished.py";

async fn run_code(sandbox: &SandboxHandle, code: &str) -> (u16, Value) {
    sandbox.run_own_server(code).await
}

async fn log(sandbox: &SandboxHandle) -> Value {
    let url = format!("{}/api/sandboxes/{}/servers/a/log", sandbox.base, sandbox.id);
    sandbox.http.get(url).bearer_auth(&sandbox.token).send().await.unwrap().json().await.unwrap()
}

fn code(path: &str) -> String {
    std::fs::read_to_string(repo_path(path)).unwrap()
}

#[tokio::test]
async fn the_starting_code_crosses_both_ways_then_loses_b_to_a_for_good_after_a_redis_restart() {
    let app = spawn_app().await;
    let sandbox = SandboxHandle::create(&app, "pubsub").await;
    let (status, started) = run_code(&sandbox, &code(STARTING_CODE)).await;
    assert_eq!(status, 200, "{started}");
    assert!(started["ready_ms"].as_u64().is_some());

    let mut ada = sandbox.join("a", "lobby", "ada").await;
    let mut grace = sandbox.join("b", "lobby", "grace").await;
    until_crossing(&mut ada, &mut grace, "A to B").await;
    until_crossing(&mut grace, &mut ada, "B to A").await;
    let crossed = ada.message("B to A #1", Duration::ZERO).await;
    assert!(crossed.is_none() || crossed.unwrap()["via"] == "redis");

    sandbox.stop_redis().await;
    ada.say("during the outage").await;
    let failed = ada.system("publish_failed", EVENTUALLY).await.expect("the sender is told");
    assert!(failed["id"].as_str().is_some_and(|id| id.starts_with("yours-")), "{failed}");
    sandbox.start_redis().await;
    // A→B recovers (publishing opens a fresh connection); B→A never does: nobody re-subscribes.
    until_crossing(&mut ada, &mut grace, "A to B after").await;
    grace.say("anyone on A?").await;
    assert!(ada.message("anyone on A?", Duration::from_secs(2)).await.is_none(), "the flaw: B→A is gone");
    let log = log(&sandbox).await;
    let text = log["lines"].to_string();
    assert!(text.contains("listener stopped"), "the log shows the listener dying: {text}");
    assert_eq!(log["running"], true);

    // What the relay told the event log: the message sent on A, its delivery on B, the loss.
    let events = sandbox.events().await;
    let sent_on_a = |e: &&Value| e["type"] == "message_sent" && e["server"] == "a" && e["user"] == "ada";
    let first = events.iter().find(sent_on_a).expect("message_sent on a");
    let id = first["id"].as_str().unwrap();
    assert!(events.iter().any(|e| e["type"] == "message_delivered" && e["server"] == "b" && e["id"] == id));
    assert!(events.iter().any(|e| e["type"] == "publish_failed" && e["server"] == "a"));
    assert!(events.iter().any(|e| e["type"] == "client_joined" && e["server"] == "a" && e["user"] == "ada"));
}

#[tokio::test]
async fn the_fixed_listener_recovers_and_lesson_7s_checks_pass_through_the_relay() {
    let app = spawn_app().await;
    let sandbox = SandboxHandle::for_lesson(&app, "the-redis-pubsub-bridge").await;
    let (status, started) = run_code(&sandbox, &code(FINISHED_CODE)).await;
    assert_eq!(status, 200, "{started}");
    let mut ada = sandbox.join("a", "lobby", "ada").await;
    let mut grace = sandbox.join("b", "lobby", "grace").await;
    until_crossing(&mut ada, &mut grace, "A to B").await;
    sandbox.stop_redis().await;
    ada.say("lost").await;
    ada.system("publish_failed", EVENTUALLY).await.expect("publish_failed");
    sandbox.start_redis().await;
    until_crossing_within(&mut grace, &mut ada, "B to A after", Duration::from_secs(15)).await;
    until_crossing(&mut ada, &mut grace, "A to B after").await;
    // The last check wants a restart of its own, lived through by the learner's server.
    sandbox.stop_redis().await;
    sandbox.start_redis().await;
    until_crossing_within(&mut grace, &mut ada, "B to A, second restart", Duration::from_secs(15)).await;
    let deadline = tokio::time::Instant::now() + EVENTUALLY;
    loop {
        let exercise = sandbox.info().await["exercise"].clone();
        if exercise["completed"] == true {
            break;
        }
        assert!(tokio::time::Instant::now() < deadline, "lesson 7's checks: {exercise}");
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
}

#[tokio::test]
async fn broken_code_answers_422_with_its_traceback_and_server_a_stays_ours() {
    let app = spawn_app().await;
    let sandbox = SandboxHandle::create(&app, "pubsub").await;
    let (status, body) = run_code(&sandbox, "import nonexistent_module\n").await;
    assert_eq!(status, 422, "{body}");
    assert!(body["log"].as_str().unwrap().contains("ModuleNotFoundError"), "{body}");
    let mut ada = sandbox.join("a", "lobby", "ada").await;
    let mut grace = sandbox.join("b", "lobby", "grace").await;
    until_crossing(&mut ada, &mut grace, "our server A").await;
}

#[tokio::test]
async fn nonsense_from_the_learners_server_is_dropped_and_said_in_its_log() {
    let app = spawn_app().await;
    let sandbox = SandboxHandle::create(&app, "pubsub").await;
    let nonsense = "from fastapi import FastAPI, WebSocket\napp = FastAPI()\n\n@app.websocket('/ws/{room}')\n\
                    async def chat(ws: WebSocket, room: str, user: str = 'x'):\n    await ws.accept()\n    \
                    await ws.send_text('not json at all')\n    await ws.send_text('{\"type\": \"message\", \"text\": \"no id\"}')\n    \
                    await ws.receive_text()\n";
    let (status, body) = run_code(&sandbox, nonsense).await;
    assert_eq!(status, 200, "{body}");
    let mut ada = sandbox.join("a", "lobby", "ada").await;
    assert!(ada.next(QUIET).await.is_none(), "nothing unreadable reaches the page");
    let lines = log(&sandbox).await["lines"].to_string();
    assert!(lines.contains("Dropped a frame your server sent to ada: it is not JSON"), "{lines}");
    assert!(lines.contains("a message needs id"), "{lines}");
    // In the timeline's log too, with the sentence for programs (the panel says it in Korean so).
    let events = sandbox.events().await;
    let dropped = events.iter().find(|e| e["type"] == "own_server_output" && e["key"] == "dropped_frame");
    let dropped = dropped.expect("the dropped frame, with its key");
    assert_eq!((&dropped["args"]["why"], &dropped["args"]["user"]), (&"not_json".into(), &"ada".into()), "{dropped}");

    let url = format!("{}/api/sandboxes/{}/servers/a/code", sandbox.base, sandbox.id);
    let stopped = sandbox.http.delete(url).bearer_auth(&sandbox.token).send().await.unwrap();
    assert_eq!(stopped.status().as_u16(), 204);
    assert_eq!(log(&sandbox).await["running"], false);
}

#[tokio::test]
async fn without_the_python_environment_run_says_what_to_install_and_the_sandbox_works_on() {
    let app = crate::common::spawn_app_with(|settings| settings.python_env = "/nonexistent/python-env".into()).await;
    let sandbox = SandboxHandle::create(&app, "pubsub").await;
    let (status, body) = run_code(&sandbox, &code(STARTING_CODE)).await;
    assert_eq!(status, 503, "{body}");
    assert!(body["message"].as_str().unwrap().contains("scripts/run.sh"), "{body}");
    let mut ada = sandbox.join("a", "lobby", "ada").await;
    let mut grace = sandbox.join("b", "lobby", "grace").await;
    until_crossing(&mut ada, &mut grace, "our server A still").await;
}
