//! Lesson 5's private messages in the sandbox, over real WebSockets and the sandbox's real Redis:
//! a client in its own room gets a session; messages to `user:{name}` are numbered and kept in
//! that user's inbox; a client that comes back on the other server with its session is that user
//! again and gets what it missed; a write the inbox refuses counts as lost.

use serde_json::Value;

use crate::common::sandbox_client::{EVENTUALLY, SandboxHandle};
use crate::common::spawn_app;

fn resume_url(sandbox: &SandboxHandle, server: &str, room: &str, session: &str, after: u64) -> String {
    format!("{}&session={session}&after={after}", sandbox.ws_url(server, room, "someone-else"))
}

async fn eventually_event(sandbox: &SandboxHandle, kind: &str) -> Value {
    let deadline = tokio::time::Instant::now() + EVENTUALLY;
    loop {
        if let Some(event) = sandbox.events().await.into_iter().find(|e| e["type"] == kind) {
            return event;
        }
        assert!(tokio::time::Instant::now() < deadline, "no {kind} event");
        tokio::time::sleep(std::time::Duration::from_millis(20)).await;
    }
}

#[tokio::test]
async fn a_user_back_on_the_other_server_with_their_session_gets_what_they_missed() {
    let app = spawn_app().await;
    let sandbox = SandboxHandle::create(&app, "pubsub").await;
    let mut linus = sandbox.join("b", "user:linus", "linus").await;
    let session = linus.system("session", EVENTUALLY).await.expect("a session in his own room");
    let session = session["session"].as_str().expect("the session id").to_string();
    let mut ken = sandbox.join("a", "user:linus", "ken").await;

    ken.say("one").await;
    let one = linus.message("one", EVENTUALLY).await.expect("delivered live");
    assert_eq!((one["seq"].as_u64(), one["via"].as_str()), (Some(1), Some("redis")), "{one}");
    drop(linus);
    for text in ["two", "three", "four"] {
        ken.say(text).await;
        ken.message(text, EVENTUALLY).await.expect("the sender sees it");
    }

    // Back on server A, presenting the session and the last number he had: he is linus again.
    let mut back =
        crate::common::sandbox_client::ChatClient::connect(&resume_url(&sandbox, "a", "user:linus", &session, 1)).await;
    let welcome = back.system("session_resumed", EVENTUALLY).await.expect("the session is known");
    assert!(welcome["text"].as_str().unwrap().contains("linus"), "{welcome}");
    assert_eq!((&welcome["args"]["user"], &welcome["args"]["server"]), (&"linus".into(), &"A".into()), "{welcome}");
    let mut replayed = Vec::new();
    for text in ["two", "three", "four"] {
        let message = back.message(text, EVENTUALLY).await.expect("kept for him");
        assert_eq!(message["replayed"], true, "{message}");
        replayed.push(message["seq"].as_u64().unwrap());
    }
    assert_eq!(replayed, [2, 3, 4], "in order, numbered");

    let resumed = eventually_event(&sandbox, "session_resumed").await;
    assert_eq!(
        (resumed["user"].as_str(), resumed["server"].as_str(), resumed["from"].as_str()),
        (Some("linus"), Some("a"), Some("b"))
    );
    let history = eventually_event(&sandbox, "history_replayed").await;
    assert_eq!((history["count"].as_u64(), history["resumed_from"].as_str()), (Some(3), Some("b")), "{history}");
    // He is linus in the room now: what he sends is his.
    back.say("thanks").await;
    let thanks = ken.message("thanks", EVENTUALLY).await.expect("ken hears him");
    assert_eq!(thanks["user"], "linus");
}

#[tokio::test]
async fn an_unknown_session_joins_as_asked_and_a_refused_inbox_write_counts_as_lost() {
    let app = spawn_app().await;
    let sandbox = SandboxHandle::create(&app, "pubsub").await;
    let url = format!("{}&session=0123abcd&after=0", sandbox.ws_url("a", "lobby", "grace"));
    let mut grace = crate::common::sandbox_client::ChatClient::connect(&url).await;
    let ended = grace.system("session_ended", EVENTUALLY).await.expect("told the session has ended");
    assert!(ended["text"].as_str().unwrap().contains("grace"), "{ended}");

    let mut ken = sandbox.join("a", "user:linus", "ken").await;
    sandbox.stop_redis().await;
    ken.say("while Redis is away").await;
    let failed = ken.system("publish_failed", EVENTUALLY).await.expect("the sender is told");
    assert!(failed["text"].as_str().unwrap().contains("linus"), "{failed}");
    assert_eq!(failed["args"]["to"], "linus", "{failed}");
    ken.message("while Redis is away", EVENTUALLY).await.expect("still delivered live here");
    let lost = eventually_event(&sandbox, "publish_failed").await;
    assert!(lost["error"].as_str().unwrap().starts_with("not kept in linus's inbox"), "{lost}");
    assert!(sandbox.info().await["counters"]["lost"].as_u64().unwrap() >= 1);
}
