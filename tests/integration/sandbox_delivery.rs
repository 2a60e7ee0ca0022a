//! Messages across the sandbox's two chat servers, with real redis-server processes: what crosses,
//! what does not, and how delivery survives Redis going away and coming back.

use crate::common;

use std::time::Duration;

use common::sandbox_client::{
    EVENTUALLY, QUIET, SandboxHandle, background_traffic, until_crossing, until_crossing_within,
};
use common::{spawn_app, spawn_app_with};

#[tokio::test]
async fn a_message_sent_on_a_reaches_b_through_redis_and_a_locally_with_its_text_intact() {
    let app = spawn_app().await;
    let sandbox = SandboxHandle::create(&app, "pubsub").await;
    let mut ada = sandbox.join("a", "lobby", "ada").await;
    let mut alan = sandbox.join("a", "lobby", "alan").await;
    let mut grace = sandbox.join("b", "lobby", "grace").await;
    until_crossing(&mut ada, &mut grace, "warm-up").await;

    let text = "héllo \"world\" <b>not html</b> 🚀";
    ada.say(text).await;
    let on_a = alan.message(text, EVENTUALLY).await.expect("A's other member gets it");
    assert_eq!(on_a["via"], "local");
    assert_eq!(on_a["user"], "ada");
    assert_eq!(on_a["origin"], "a");
    let on_b = grace.message(text, EVENTUALLY).await.expect("B's member gets it");
    assert_eq!(on_b["via"], "redis");
    assert_eq!(on_b["text"], text);
    assert_eq!(on_b["room"], "lobby");
    assert_eq!(on_b["id"], on_a["id"]);
    assert!(on_b["sent_at_ms"].as_u64().unwrap() > 0);
    // The sender sees its own message once, locally (its echo from Redis is ignored).
    assert_eq!(ada.message(text, EVENTUALLY).await.unwrap()["via"], "local");
    assert!(ada.message(text, QUIET).await.is_none(), "no second copy through Redis");

    // The sandbox timed the crossing (the panel's latency figure): B's delivery through Redis
    // carries it, A's local one does not.
    let id = on_b["id"].as_str().unwrap();
    let events = sandbox.events().await;
    let delivered = |server: &str| {
        events.iter().find(|e| e["type"] == "message_delivered" && e["id"] == id && e["server"] == server).unwrap()
    };
    let crossed_us = delivered("b")["crossed_us"].as_u64().expect("timed through Redis");
    assert!(crossed_us > 0 && crossed_us < EVENTUALLY.as_micros() as u64, "{crossed_us} µs");
    assert!(delivered("a").get("crossed_us").is_none(), "a local delivery is not a crossing");
}

#[tokio::test]
async fn a_member_of_another_room_does_not_see_the_message() {
    let app = spawn_app().await;
    let sandbox = SandboxHandle::create(&app, "pubsub").await;
    let mut ada = sandbox.join("a", "lobby", "ada").await;
    let mut grace = sandbox.join("b", "lobby", "grace").await;
    let mut other_a = sandbox.join("a", "kitchen", "ken").await;
    let mut other_b = sandbox.join("b", "kitchen", "kim").await;
    until_crossing(&mut ada, &mut grace, "lobby only").await;
    ada.say("for the lobby").await;
    assert!(other_a.message("for the lobby", QUIET).await.is_none());
    assert!(other_b.message("for the lobby", QUIET).await.is_none());
}

#[tokio::test]
async fn with_no_bridge_a_message_stays_on_its_server_until_the_bridge_is_switched_on() {
    let app = spawn_app().await;
    let sandbox = SandboxHandle::create(&app, "none").await;
    let mut ada = sandbox.join("a", "lobby", "ada").await;
    let mut alan = sandbox.join("a", "lobby", "alan").await;
    let mut grace = sandbox.join("b", "lobby", "grace").await;
    ada.say("only here").await;
    assert!(alan.message("only here", EVENTUALLY).await.is_some(), "local members still get it");
    assert!(grace.message("only here", QUIET).await.is_none(), "nothing crosses without a bridge");

    sandbox.set_mode("pubsub").await;
    assert!(grace.system("mode_changed", EVENTUALLY).await.is_some(), "clients are told");
    until_crossing(&mut ada, &mut grace, "bridged").await;
    let events = sandbox.events().await;
    assert!(events.iter().any(|e| e["type"] == "mode_changed" && e["to"] == "pubsub"));
}

#[tokio::test]
async fn a_local_emit_stays_on_its_server_and_a_broadcast_crosses() {
    let app = spawn_app().await;
    let sandbox = SandboxHandle::create(&app, "pubsub").await;
    let mut ada = sandbox.join("a", "lobby", "ada").await;
    let mut alan = sandbox.join("a", "lobby", "alan").await;
    let mut grace = sandbox.join("b", "lobby", "grace").await;
    until_crossing(&mut ada, &mut grace, "warm-up").await;
    ada.say_locally("just us on A").await;
    assert!(alan.message("just us on A", EVENTUALLY).await.is_some());
    assert!(grace.message("just us on A", QUIET).await.is_none());
    ada.say("everyone").await;
    assert!(grace.message("everyone", EVENTUALLY).await.is_some());
}

#[tokio::test]
async fn with_redis_stopped_nothing_crosses_clients_are_told_and_delivery_resumes_after_a_start() {
    let app = spawn_app().await;
    let sandbox = SandboxHandle::create(&app, "pubsub").await;
    let mut ada = sandbox.join("a", "lobby", "ada").await;
    let mut alan = sandbox.join("a", "lobby", "alan").await;
    let mut grace = sandbox.join("b", "lobby", "grace").await;
    until_crossing(&mut ada, &mut grace, "before").await;

    sandbox.stop_redis().await;
    assert!(grace.system("bridge_lost", EVENTUALLY).await.is_some(), "B's clients are told");
    assert!(ada.system("bridge_lost", EVENTUALLY).await.is_some(), "A's clients are told");
    ada.say("into the void").await;
    assert!(alan.message("into the void", EVENTUALLY).await.is_some(), "A's members still talk");
    assert!(grace.message("into the void", QUIET).await.is_none(), "nothing crosses");
    let failed = ada.system("publish_failed", EVENTUALLY).await.expect("the sender is told its message stayed on A");
    // Its values by name too, for a client that says it in its reader's language.
    assert_eq!(failed["args"]["server"], "A", "{failed}");
    assert!(failed["text"].as_str().unwrap().contains(failed["args"]["id"].as_str().unwrap()), "{failed}");
    assert_eq!(sandbox.info().await["counters"]["lost"], 1);

    tokio::time::sleep(Duration::from_secs(2)).await; // a short outage
    sandbox.start_redis().await;
    let restored = grace.system("bridge_restored", EVENTUALLY).await.expect("B's clients are told");
    let seconds: f64 = restored["args"]["seconds"].as_str().unwrap().parse().unwrap();
    assert!(seconds >= 2.0, "the outage lasted at least the 2 s slept: {restored}");
    until_crossing_within(&mut ada, &mut grace, "after", Duration::from_secs(1)).await;
    let events = sandbox.events().await;
    for kind in ["redis_stopped", "bridge_lost", "publish_failed", "redis_started", "bridge_restored", "resubscribed"] {
        assert!(events.iter().any(|e| e["type"] == kind), "event {kind} recorded");
    }
    assert_eq!(sandbox.info().await["servers"]["b"]["clients"], 1, "no socket was dropped");
}

#[tokio::test]
async fn delivery_resumes_after_an_outage_longer_than_any_reconnect_budget() {
    let app = spawn_app().await;
    let sandbox = SandboxHandle::create(&app, "pubsub").await;
    let mut ada = sandbox.join("a", "lobby", "ada").await;
    let mut grace = sandbox.join("b", "lobby", "grace").await;
    until_crossing(&mut ada, &mut grace, "before").await;
    sandbox.stop_redis().await;
    // redis-rs's default budget (6 retries from 100 ms) is spent after about 6 s.
    tokio::time::sleep(Duration::from_secs(15)).await;
    sandbox.start_redis().await;
    until_crossing_within(&mut ada, &mut grace, "after 15 s", Duration::from_secs(1)).await;
    until_crossing(&mut grace, &mut ada, "and back").await;
}

#[tokio::test]
async fn a_hundred_stop_start_cycles_under_traffic_each_recover() {
    // Two hundred Redis actions in a row: far above what a learner may do, so the limit is lifted.
    let app = spawn_app_with(|s| s.redis_actions_per_minute = 100_000).await;
    let sandbox = SandboxHandle::create(&app, "pubsub").await;
    let mut ada = sandbox.join("a", "lobby", "ada").await;
    let mut grace = sandbox.join("b", "lobby", "grace").await;
    let chatter_a = background_traffic(sandbox.join("a", "lobby", "chatty-a").await, Duration::from_millis(100));
    let chatter_b = background_traffic(sandbox.join("b", "lobby", "chatty-b").await, Duration::from_millis(100));
    let mut slowest = Duration::ZERO;
    for cycle in 1..=100 {
        sandbox.stop_redis().await;
        ada.say(&format!("lost in cycle {cycle}")).await;
        sandbox.start_redis().await;
        slowest = slowest.max(until_crossing(&mut ada, &mut grace, &format!("cycle {cycle}")).await);
        ada.drain().await; // a client that never reads is cut off as lagging, rightly
    }
    println!("slowest recovery over 100 cycles: {slowest:?}");
    let info = sandbox.info().await;
    chatter_a.abort();
    chatter_b.abort();
    assert_eq!(info["redis"], "running");
    assert_eq!(info["servers"]["a"]["clients"], 2, "no socket was dropped");
    assert_eq!(info["servers"]["b"]["clients"], 2, "no socket was dropped");
}

#[tokio::test]
async fn in_streams_mode_every_message_sent_during_an_outage_arrives_in_order() {
    let app = spawn_app().await;
    let sandbox = SandboxHandle::create(&app, "streams").await;
    let mut ada = sandbox.join("a", "lobby", "ada").await;
    let mut grace = sandbox.join("b", "lobby", "grace").await;
    until_crossing(&mut ada, &mut grace, "before").await;

    sandbox.stop_redis().await;
    let sent: Vec<String> = (1..=20).map(|i| format!("queued {i}")).collect();
    for text in &sent {
        ada.say(text).await;
        tokio::time::sleep(Duration::from_millis(100)).await; // spread over a 2 s outage
    }
    assert!(grace.message("queued 1", QUIET).await.is_none(), "nothing crosses while Redis is down");
    sandbox.start_redis().await;

    for text in &sent {
        let frame = grace.wait_for(EVENTUALLY, |f| f["type"] == "message").await.expect("every message arrives");
        assert_eq!(frame["text"], text.as_str(), "in order, none lost");
        assert_eq!(frame["via"], "redis");
    }
    let counters = sandbox.info().await["counters"].clone();
    assert_eq!(counters["lost"], 0);
    assert_eq!(counters["replayed"], 20);
}

#[tokio::test]
async fn streams_mode_delivers_across_both_ways() {
    let app = spawn_app().await;
    let sandbox = SandboxHandle::create(&app, "streams").await;
    let mut ada = sandbox.join("a", "lobby", "ada").await;
    let mut grace = sandbox.join("b", "lobby", "grace").await;
    until_crossing(&mut ada, &mut grace, "a to b").await;
    until_crossing(&mut grace, &mut ada, "b to a").await;
}
