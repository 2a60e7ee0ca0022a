//! A stolen session ends with the account's reset, for what it holds open too: the page's live
//! stream, the console WebSocket and the sandbox's token opened before the reset stop working.
//! A sign-out ends what its own session holds; an account deleted from one browser leaves its
//! other sessions signed out, never an anonymous learner with the account's id.

use std::time::Duration;

use serde_json::Value;
use tokio_tungstenite::tungstenite::Message;

use crate::common::learners::{PASSWORD, browser, signed_in, signed_up};
use crate::common::live_stream::Live;
use crate::common::sandbox_client::EVENTUALLY;
use crate::common::{TestApp, spawn_app};

/// A sandbox of the browser's learner: its id and token.
async fn sandbox_of(app: &TestApp, http: &reqwest::Client) -> (String, String) {
    let created = http
        .post(app.url("/api/sandboxes"))
        .json(&serde_json::json!({ "lesson": "redis-pubsub-on-the-wire" }))
        .send()
        .await
        .unwrap();
    assert_eq!(created.status(), 201);
    let body: Value = created.json().await.unwrap();
    (body["id"].as_str().unwrap().into(), body["token"].as_str().unwrap().into())
}

/// True once the live stream has ended (it may first deliver what was queued).
async fn stream_ends(live: &mut Live) -> bool {
    tokio::time::timeout(EVENTUALLY, async { while live.next().await.is_some() {} }).await.is_ok()
}

type Socket = tokio_tungstenite::WebSocketStream<tokio_tungstenite::MaybeTlsStream<tokio::net::TcpStream>>;

async fn console(app: &TestApp, id: &str, token: &str) -> Socket {
    let url = format!("ws://{}/sandbox/{id}/console?token={token}", app.addr);
    tokio_tungstenite::connect_async(url).await.expect("the console opens").0
}

/// True once the WebSocket is closed by the server.
async fn socket_closes(socket: &mut Socket) -> bool {
    use futures_util::StreamExt;
    tokio::time::timeout(EVENTUALLY, async {
        loop {
            match socket.next().await {
                None | Some(Err(_)) | Some(Ok(Message::Close(_))) => return,
                Some(Ok(_)) => {}
            }
        }
    })
    .await
    .is_ok()
}

#[tokio::test]
async fn a_reset_ends_the_stolen_sessions_stream_console_and_sandbox_token() {
    let app = spawn_app().await;
    let stolen = signed_up(&app, "carol").await;
    let (id, token) = sandbox_of(&app, &stolen).await;
    let mut live = Live::open(&app, &stolen, "redis-pubsub-on-the-wire").await.expect("the page's stream");
    let mut socket = console(&app, &id, &token).await;
    let info = |token: String| {
        let (http, url) = (reqwest::Client::new(), app.url(&format!("/api/sandboxes/{id}")));
        async move { http.get(url).bearer_auth(token).send().await.unwrap().status().as_u16() }
    };
    assert_eq!(info(token.clone()).await, 200);

    let db = app.database().await;
    let link = streamlab::server::admin::reset_link(&db, &app.url(""), "carol").await.unwrap();
    let reset = link.split("token=").nth(1).unwrap();
    let owner = browser();
    let response = owner
        .post(app.url("/account/reset-password"))
        .form(&[("token", reset), ("password", "taken back for good")])
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 303);

    assert!(stream_ends(&mut live).await, "the stolen page's live stream ended");
    assert!(socket_closes(&mut socket).await, "the console opened with the old token closed");
    assert_eq!(info(token).await, 404, "the old token opens nothing");
    // The owner, signed in anew, finds the sandbox with its new token.
    let found = owner.get(app.url("/api/sandboxes?lesson=redis-pubsub-on-the-wire")).send().await.unwrap();
    assert_eq!(found.headers()["cache-control"], "private, no-store", "a token is never cached");
    let found: Value = found.json().await.unwrap();
    assert_eq!(found["id"], id.as_str());
    assert_eq!(info(found["token"].as_str().unwrap().into()).await, 200);
    db.close().await;
}

#[tokio::test]
async fn a_sign_out_ends_the_live_streams_of_that_session_and_no_other() {
    let app = spawn_app().await;
    let here = signed_up(&app, "dan").await;
    let elsewhere = signed_in(&app, "dan").await;
    let mut here_live = Live::open(&app, &here, "").await.expect("this browser's stream");
    let mut elsewhere_live = Live::open(&app, &elsewhere, "").await.expect("the other browser's stream");
    assert_eq!(here.post(app.url("/account/signout")).send().await.unwrap().status(), 303);
    assert!(stream_ends(&mut here_live).await, "this session's stream ended");
    // What it had queued comes, and then nothing: it is still open, not ended.
    let still_open =
        tokio::time::timeout(Duration::from_millis(500), async { while elsewhere_live.next().await.is_some() {} })
            .await;
    assert!(still_open.is_err(), "the other session's stream stays open");
}

#[tokio::test]
async fn deleting_an_account_signs_its_other_sessions_out_for_good() {
    let app = spawn_app().await;
    let deleting = signed_up(&app, "erin").await;
    let other = signed_in(&app, "erin").await;
    let mut other_live = Live::open(&app, &other, "").await.expect("the other browser's stream");
    let download = deleting.get(app.url("/account/data.json")).send().await.unwrap();
    assert_eq!(download.headers()["cache-control"], "private, no-store", "a download is never cached");
    let before: Value = download.json().await.unwrap();
    let erin_id = before["learner_id"].as_str().unwrap().to_string();
    let deleted = deleting.post(app.url("/account/delete")).form(&[("password", PASSWORD)]).send().await.unwrap();
    assert_eq!(deleted.status(), 303);
    assert!(stream_ends(&mut other_live).await, "the other session's stream ended");

    // Its next request is a new visitor's; a sign-up from it is a new learner with a new id.
    let page = other.get(app.url("/achievements")).send().await.unwrap().text().await.unwrap();
    assert!(page.contains("Progress is local-only"), "signed out");
    let again = other
        .post(app.url("/account/signup"))
        .form(&[("username", "erin2"), ("password", PASSWORD)])
        .send()
        .await
        .unwrap();
    assert_eq!(again.status(), 303);
    let exported: Value = other.get(app.url("/account/data.json")).send().await.unwrap().json().await.unwrap();
    assert_ne!(exported["learner_id"].as_str().unwrap(), erin_id, "the deleted account's id is never reused");
}
