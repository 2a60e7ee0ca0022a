//! Nodes: each app is a node with a name that begins its sandbox ids; a request for a sandbox of
//! another node is answered 421 with that node's name (a misrouted proxy shows), never 404; one
//! name is held by one live node; the node cookie names the node a learner's sandboxes are on.

use leptos::server_fn::ServerFn;
use serde_json::Value;
use streamlab::ui::sandbox::server_fns::{ExtendSandbox, FindSandbox, SandboxAfterBreak, StartSandbox};

use crate::common::learners::{browser, call};
use crate::common::sandbox_client::SandboxHandle;
use crate::common::spawn_app_with;

#[tokio::test]
async fn a_sandbox_of_another_node_is_misdirected_with_its_name_and_an_unknown_one_of_this_node_has_ended() {
    let app = spawn_app_with(|s| s.node_id = Some("n1".into())).await;
    let sandbox = SandboxHandle::create(&app, "pubsub").await;
    assert!(sandbox.id.starts_with("n1."), "{}", sandbox.id);

    let elsewhere = sandbox.id.replacen("n1.", "n2.", 1);
    let http = reqwest::Client::new();
    for path in [format!("/api/sandboxes/{elsewhere}"), format!("/api/sandboxes/{elsewhere}/events")] {
        let response = http.get(app.url(&path)).bearer_auth(&sandbox.token).send().await.unwrap();
        assert_eq!(response.status().as_u16(), 421, "{path}");
        let body: Value = response.json().await.unwrap();
        assert_eq!(body["error"], "misdirected", "{body}");
        assert!(body["message"].as_str().unwrap().contains("node n2"), "{body}");
    }
    // A WebSocket upgrade too: refused before the upgrade, with the same status.
    let ws_url = format!("ws://{}/sandbox/{elsewhere}/servers/a/ws?room=r&user=u&token={}", app.addr, sandbox.token);
    match tokio_tungstenite::connect_async(ws_url.as_str()).await {
        Err(tokio_tungstenite::tungstenite::Error::Http(response)) => assert_eq!(response.status().as_u16(), 421),
        other => panic!("a WebSocket to another node's sandbox: {:?}", other.map(|(_, r)| r.status())),
    }

    // The panel's server functions carry the id in the body: the same answer.
    let refused = call(&app, &sandbox.http, ExtendSandbox::url(), &[("id", &elsewhere)]).await.unwrap_err();
    assert!(refused.starts_with("421 ") && refused.contains("node n2"), "{refused}");

    let unknown_here = format!("n1.{}", "0".repeat(32));
    let response = http.get(app.url(&format!("/api/sandboxes/{unknown_here}"))).send().await.unwrap();
    assert_eq!(response.status().as_u16(), 404, "this node's own ids that it does not hold have ended");
}

#[tokio::test]
async fn one_name_is_held_by_one_live_node_and_free_again_when_it_stops() {
    let first = spawn_app_with(|s| s.node_id = Some("twin".into())).await;
    let url = first.database_url.clone();
    let data_dir = first.data_dir.path().to_path_buf();
    let second = streamlab::server::startup::Application::build(
        {
            let mut settings = streamlab::server::settings::Settings::for_data_dir(&data_dir);
            settings.database_url = Some(url.clone());
            settings.node_id = Some("twin".into());
            settings.lessons_dir = crate::common::repo_path("lessons");
            settings
        },
        tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap(),
        streamlab::pages::routes,
    )
    .await;
    let refused = second.err().expect("a second live node named twin is refused").to_string();
    assert!(refused.contains("another live node is named twin"), "{refused}");

    // Another name on the same database is a second node.
    let other = spawn_app_with(|s| {
        s.database_url = Some(url.clone());
        s.node_id = Some("other".into());
    })
    .await;
    let health: Value = reqwest::get(other.url("/healthz")).await.unwrap().json().await.unwrap();
    assert_eq!(health["node"], "other");

    first.shutdown.trigger();
    first.server.await.unwrap().unwrap();
    let again = spawn_app_with(|s| {
        s.database_url = Some(url.clone());
        s.node_id = Some("twin".into());
    })
    .await;
    assert!(reqwest::get(again.url("/healthz")).await.unwrap().status().is_success());
}

#[tokio::test]
async fn the_node_cookie_names_this_node_once() {
    let app = spawn_app_with(|s| s.node_id = Some("n7".into())).await;
    let http = browser();
    let first = http.get(app.url("/")).send().await.unwrap();
    let set: Vec<String> = first
        .headers()
        .get_all("set-cookie")
        .iter()
        .map(|v| v.to_str().unwrap().to_string())
        .filter(|c| c.starts_with("node="))
        .collect();
    assert_eq!(set.len(), 1, "{set:?}");
    assert!(
        set[0].starts_with("node=n7;") && set[0].contains("HttpOnly") && set[0].contains("SameSite=Lax"),
        "{set:?}"
    );
    let again = http.get(app.url("/")).send().await.unwrap();
    let named_again = again.headers().get_all("set-cookie").iter().any(|v| v.to_str().unwrap().starts_with("node="));
    assert!(!named_again, "a request that names this node is not told again");
}

#[tokio::test]
async fn a_page_whose_sandbox_went_away_with_another_node_gets_a_new_one_here_in_the_same_answer() {
    let app = spawn_app_with(|s| s.node_id = Some("n1".into())).await;
    let lesson = "the-redis-pubsub-bridge";
    let learner = browser();
    // The learner exists (their earlier sandbox here made them); its page followed one on n2.
    let earlier: Value = serde_json::from_str(
        &call(&app, &learner, StartSandbox::url(), &[("lesson", "redis-pubsub-on-the-wire")]).await.unwrap(),
    )
    .unwrap();
    let on_n2 = earlier["id"].as_str().unwrap().replacen("n1.", "n2.", 1);
    let asked = call(&app, &learner, SandboxAfterBreak::url(), &[("lesson", lesson), ("following", &on_n2)]).await;
    let answer: Value = serde_json::from_str(&asked.unwrap()).unwrap();
    assert_eq!(answer["Replaced"]["node"], "n2", "{answer}");
    let new_id = answer["Replaced"]["ticket"]["id"].as_str().unwrap();
    assert!(new_id.starts_with("n1."), "{answer}");
    assert!(answer["Replaced"]["ticket"]["token"].is_string(), "the page can follow it at once: {answer}");
    let found = call(&app, &learner, FindSandbox::url(), &[("lesson", lesson)]).await.unwrap();
    assert_eq!(serde_json::from_str::<Value>(&found).unwrap()["id"], new_id, "it is the lesson's sandbox now");
}

#[tokio::test]
async fn a_page_whose_sandbox_went_away_is_told_so_when_no_new_one_may_start_here() {
    // Every sandbox this node may hold is taken: the page hears its server went away, and its
    // own start then shows the refusal.
    let app = spawn_app_with(|s| {
        s.node_id = Some("n1".into());
        s.sandboxes_total = Some(1);
    })
    .await;
    let holder = browser();
    call(&app, &holder, StartSandbox::url(), &[("lesson", "redis-pubsub-on-the-wire")]).await.unwrap();
    let learner = browser();
    let following = format!("n2.{}", "0".repeat(32));
    let asked = call(
        &app,
        &learner,
        SandboxAfterBreak::url(),
        &[("lesson", "the-redis-pubsub-bridge"), ("following", &following)],
    )
    .await;
    let answer: Value = serde_json::from_str(&asked.unwrap()).unwrap();
    assert_eq!(answer, serde_json::json!({ "ServerGone": { "node": "n2" } }));
    let refused = call(&app, &learner, StartSandbox::url(), &[("lesson", "the-redis-pubsub-bridge")]).await;
    assert!(refused.unwrap_err().starts_with("429 "), "the start says why");
}
