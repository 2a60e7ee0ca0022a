//! The Redis console over its WebSocket, against a real redis-server: RESP3 from the first
//! exchange, each frame decoded and raw, the allow-list, outages, and lessons 3 and 4 completed
//! through it.

use crate::common;

use serde_json::{Value, json};

use common::sandbox_client::{ChatClient, EVENTUALLY, QUIET, SandboxHandle};
use common::{TestApp, spawn_app};

async fn for_lesson(app: &TestApp, lesson: &str) -> SandboxHandle {
    SandboxHandle::for_lesson(app, lesson).await
}

/// The next frame Redis sent the console (skipping the echo of what was sent).
async fn received(console: &mut ChatClient) -> Value {
    console.wait_for(EVENTUALLY, |f| f["type"] == "received").await.expect("a frame from Redis")
}

/// Sends a line and waits for Redis's answer to it: a reply, or for the (un)subscribe commands
/// their confirmation push (messages pushed meanwhile are skipped).
async fn typed(console: &mut ChatClient, line: &str) -> Value {
    console.send_raw(line).await;
    let command = line.split_whitespace().next().unwrap().to_ascii_lowercase();
    let answer = |f: &Value| f["type"] == "received" && (f["push"].is_null() || f["push"] == command.as_str());
    console.wait_for(EVENTUALLY, answer).await.expect("Redis answered")
}

fn raw(frame: &Value) -> Vec<&str> {
    frame["raw"].as_array().unwrap().iter().map(|l| l.as_str().unwrap()).collect()
}

async fn eventually_complete(sandbox: &SandboxHandle, checks: usize) -> Value {
    let deadline = tokio::time::Instant::now() + EVENTUALLY;
    loop {
        let exercise = sandbox.info().await["exercise"].clone();
        if exercise["passed"].as_array().unwrap().len() >= checks || tokio::time::Instant::now() >= deadline {
            return exercise;
        }
        tokio::time::sleep(std::time::Duration::from_millis(50)).await;
    }
}

#[tokio::test]
async fn the_console_opens_with_hello_3_and_shows_each_frame_decoded_and_raw() {
    let app = spawn_app().await;
    let sandbox = SandboxHandle::create(&app, "pubsub").await;
    let mut console = sandbox.console().await;

    let hello = console.wait_for(EVENTUALLY, |f| f["type"] == "sent").await.expect("HELLO sent");
    assert_eq!(hello["line"], "HELLO 3");
    assert_eq!(raw(&hello), ["*2", "$5", "HELLO", "$1", "3"]);
    let reply = received(&mut console).await;
    assert!(raw(&reply)[0].starts_with('%'), "HELLO 3 answers with a RESP3 map: {reply}");
    assert!(reply["text"].as_str().unwrap().contains("\"proto\" => (integer) 3"), "{reply}");

    let subscribed = typed(&mut console, "subscribe ws:room:lobby").await;
    assert_eq!(subscribed["push"], "subscribe");
    assert_eq!(raw(&subscribed), [">3", "$9", "subscribe", "$13", "ws:room:lobby", ":1"]);

    // A chat message crosses through Redis and reaches the console too, as a push.
    let mut alice = sandbox.join("a", "lobby", "alice").await;
    alice.say("hi console").await;
    let message = received(&mut console).await;
    assert_eq!(message["push"], "message");
    assert!(message["text"].as_str().unwrap().contains("hi console"), "{message}");

    // RESP3: a subscribed connection may still publish; the reply is an ordinary integer.
    console.send_raw("PUBLISH ws:room:lobby \"from the console\"").await;
    let count = console.wait_for(EVENTUALLY, |f| f["type"] == "received" && f["push"].is_null()).await.unwrap();
    assert_eq!(count["text"], "(integer) 3", "servers A and B, and the console itself");
    assert!(alice.message("from the console", EVENTUALLY).await.is_some(), "a raw PUBLISH reaches the chat");
}

#[tokio::test]
async fn commands_outside_the_lessons_are_refused_and_the_console_goes_on() {
    let app = spawn_app().await;
    let sandbox = SandboxHandle::create(&app, "pubsub").await;
    let mut console = sandbox.console().await;
    received(&mut console).await; // HELLO's reply
    for line in ["CONFIG GET dir", "KEYS *", "DEBUG SLEEP 1", "INFO server", "SHUTDOWN NOSAVE", "FLUSHALL"] {
        console.send_raw(line).await;
        let refused = console.wait_for(EVENTUALLY, |f| f["type"] == "refused").await.expect(line);
        assert_eq!(refused["line"], line);
        assert!(!refused["reason"].as_str().unwrap().is_empty());
        // The same for programs: which refusal, and the values it names.
        assert!(refused["key"].is_string(), "{refused}");
    }
    console.send_raw("CONFIG GET dir").await;
    let refused = console.wait_for(EVENTUALLY, |f| f["type"] == "refused").await.unwrap();
    assert_eq!((&refused["key"], &refused["args"]["command"]), (&"not_available".into(), &"CONFIG".into()));
    assert_eq!(typed(&mut console, "PING").await["text"], "PONG");
    let events = sandbox.events().await;
    assert!(
        !events.iter().any(|e| e["type"] == "console_command" && e["line"].as_str().unwrap().starts_with("CONFIG")),
        "a refused line never reaches Redis, nor the log"
    );
    assert!(events.iter().any(|e| e["type"] == "console_command" && e["line"] == "PING"));
}

#[tokio::test]
async fn a_redis_outage_closes_the_console_connection_and_the_next_command_reconnects() {
    let app = spawn_app().await;
    let sandbox = SandboxHandle::create(&app, "pubsub").await;
    let mut console = sandbox.console().await;
    typed(&mut console, "SUBSCRIBE ws:room:lobby").await;

    sandbox.stop_redis().await;
    let notice = console.wait_for(EVENTUALLY, |f| f["type"] == "notice").await.expect("told");
    assert!(notice["text"].as_str().unwrap().contains("Redis closed"), "{notice}");
    assert_eq!(notice["key"], "connection_closed");
    console.send_raw("PING").await;
    let down = console.wait_for(EVENTUALLY, |f| f["type"] == "notice").await.expect("told again");
    assert!(down["text"].as_str().unwrap().contains("not running"), "{down}");
    assert_eq!(down["key"], "redis_not_running");

    sandbox.start_redis().await;
    console.send_raw("PUBSUB NUMSUB ws:room:lobby").await;
    console.wait_for(EVENTUALLY, |f| f["type"] == "sent" && f["line"] == "HELLO 3").await.expect("reconnects");
    let numsub = console
        .wait_for(EVENTUALLY, |f| f["type"] == "received" && f["text"].as_str().unwrap().contains("ws:room:lobby"))
        .await
        .unwrap();
    assert!(
        numsub["text"].as_str().unwrap().ends_with("(integer) 0"),
        "the subscription ended with the connection: {numsub}"
    );
}

#[tokio::test]
async fn lesson_3_completes_through_the_console() {
    let app = spawn_app().await;
    let sandbox = for_lesson(&app, "redis-pubsub-on-the-wire").await;
    let mut console = sandbox.console().await;
    typed(&mut console, "SUBSCRIBE ws:room:lobby").await;
    let mut a = sandbox.join("a", "lobby", "ann").await;
    let _b = sandbox.join("b", "lobby", "bob").await;
    a.say("watch me on the wire").await;
    console.wait_for(EVENTUALLY, |f| f["push"] == "message").await.expect("message frame");
    typed(&mut console, "PUBLISH ws:room:lobby hello").await;
    let exercise = eventually_complete(&sandbox, 3).await;
    assert_eq!(exercise["passed"], json!(["subscribed", "raw-message", "publish-count"]));
    assert_eq!(exercise["completed"], true);
}

#[tokio::test]
async fn lesson_4_needs_pmessages_from_two_rooms_and_numpat_of_two() {
    let app = spawn_app().await;
    let sandbox = for_lesson(&app, "patterns-and-channel-design").await;
    let mut console = sandbox.console().await;
    typed(&mut console, "PSUBSCRIBE ws:room:*").await;
    let mut a = sandbox.join("a", "lobby", "ann").await;
    a.say("one").await;
    a.say("two").await;
    console.wait_for(EVENTUALLY, |f| f["push"] == "pmessage").await.unwrap();
    tokio::time::sleep(QUIET).await;
    assert_eq!(eventually_complete(&sandbox, 1).await["passed"], json!(["pattern-subscribed"]), "one room is not two");

    let mut b = sandbox.join("b", "kitchen", "bob").await;
    b.say("three").await;
    assert_eq!(eventually_complete(&sandbox, 2).await["passed"].as_array().unwrap().len(), 2);

    assert_eq!(
        typed(&mut console, "PUBSUB NUMPAT").await["text"],
        "(integer) 1",
        "the servers and the console share ws:room:*"
    );
    typed(&mut console, "PSUBSCRIBE ws:user:*").await;
    assert_eq!(typed(&mut console, "PUBSUB NUMPAT").await["text"], "(integer) 2");
    assert_eq!(eventually_complete(&sandbox, 3).await["completed"], false);

    // A notification for user 42: another user's channel does not count.
    typed(&mut console, "SUBSCRIBE ws:user:7 ws:user:42").await;
    typed(&mut console, "PUBLISH ws:user:7 hi").await;
    tokio::time::sleep(QUIET).await;
    assert_eq!(eventually_complete(&sandbox, 3).await["completed"], false, "user 7 is not user 42");
    typed(&mut console, "PUBLISH ws:user:42 reply-posted").await;
    assert_eq!(eventually_complete(&sandbox, 4).await["completed"], true);
}

#[tokio::test]
async fn the_console_needs_the_sandbox_token() {
    let app = spawn_app().await;
    let sandbox = SandboxHandle::create(&app, "pubsub").await;
    let url = format!("{}/sandbox/{}/console?token=wrong", app.url("").replace("http://", "ws://"), sandbox.id);
    assert!(tokio_tungstenite::connect_async(&url).await.is_err(), "refused before the upgrade");
}

#[tokio::test]
async fn a_console_listens_to_at_most_32_channels_and_patterns() {
    let app = spawn_app().await;
    let sandbox = SandboxHandle::create(&app, "pubsub").await;
    let mut console = sandbox.console().await;
    console.wait_for(EVENTUALLY, |f| f["type"] == "received").await.expect("HELLO answered");
    let names: Vec<String> = (0..30).map(|i| format!("c{i}")).collect();
    typed(&mut console, &format!("SUBSCRIBE {}", names.join(" "))).await;
    typed(&mut console, "PSUBSCRIBE a* b*").await;
    console.send_raw("SUBSCRIBE one-more").await;
    let refused = console.wait_for(EVENTUALLY, |f| f["type"] == "refused").await.expect("refused");
    assert!(refused["reason"].as_str().unwrap().contains("at most 32 channels and patterns"), "{refused}");
    typed(&mut console, "UNSUBSCRIBE c0").await;
    let again = typed(&mut console, "SUBSCRIBE one-more").await;
    assert_eq!(again["push"], "subscribe");
}
