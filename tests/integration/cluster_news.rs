//! News between nodes over the platform Redis: two nodes of one site (one database, one
//! platform Redis, real redis-servers): a reply posted on one raises the bell of a learner whose
//! page is on the other; what was published while the platform Redis was away reaches the page
//! from the database once the link is back; an account deleted on one node ends its streams on
//! the other.

use std::time::Duration;

use leptos::server_fn::ServerFn;
use serde_json::json;
use streamlab::ui::comments::server_fns::PostComment;

use crate::common::learners::{PASSWORD, call, signed_up};
use crate::common::live_stream::Live;
use crate::common::platform_redis::PlatformRedis;
use crate::common::{TestApp, spawn_app_with};

const LESSON: &str = "push-not-poll";
/// Generous: the link comes back with waits that double up to 5 s.
const CATCH_UP: Duration = Duration::from_secs(30);

async fn node(name: &str, platform: &PlatformRedis, database: Option<&str>) -> TestApp {
    let (name, url, database) = (name.to_string(), platform.url(), database.map(str::to_string));
    spawn_app_with(move |s| {
        s.node_id = Some(name);
        s.platform_redis_url = Some(url);
        s.comment_burst = 10;
        if let Some(database) = database {
            s.database_url = Some(database);
        }
    })
    .await
}

async fn post(app: &TestApp, http: &reqwest::Client, body: &str, reply_to: Option<i64>) -> i64 {
    let reply_to = reply_to.map(|id| id.to_string());
    let mut form = vec![("lesson", LESSON), ("body", body)];
    if let Some(id) = &reply_to {
        form.push(("reply_to", id));
    }
    call(app, http, PostComment::url(), &form).await.expect("posted").trim().parse().unwrap()
}

#[tokio::test]
async fn a_reply_on_one_node_rings_the_bell_on_another_even_across_an_outage_and_a_deletion_ends_streams_everywhere() {
    let mut platform = PlatformRedis::start().await;
    let one = node("one", &platform, None).await;
    let two = node("two", &platform, Some(&one.database_url)).await;
    platform.wait_until(|n| n == 2).await;

    // Signed up on node one; the session is the database's, so it holds on node two too.
    let (ann, bob) = (signed_up(&one, "ann").await, signed_up(&one, "bob").await);
    let question = post(&one, &ann, "Why does B miss messages while Redis restarts?", None).await;
    let mut ann_on_two = Live::open(&two, &ann, "").await.expect("ann's page on node two");
    assert_eq!(ann_on_two.next().await.unwrap(), json!({ "type": "notifications", "unread": 0 }));

    post(&one, &bob, "Its subscriber never subscribes again.", Some(question)).await;
    let told = ann_on_two.wait_within(CATCH_UP, |m| m["type"] == "notifications").await;
    assert_eq!(told, Some(json!({ "type": "notifications", "unread": 1 })), "a reply on one rings on two");

    // The platform Redis goes away: a reply now is stored, and its news is lost on the way.
    platform.stop().await;
    post(&one, &bob, "And it prints `listener stopped`.", Some(question)).await;
    platform.run().await;
    let caught_up = ann_on_two.wait_within(CATCH_UP, |m| m["type"] == "notifications" && m["unread"] == 2).await;
    assert!(caught_up.is_some(), "once the link is back, the page reads what it missed from the database");

    // An account deleted on node one: its streams on node two end too.
    platform.wait_until(|n| n == 2).await;
    let deleted = ann.post(one.url("/account/delete")).form(&[("password", PASSWORD)]).send().await.unwrap();
    assert_eq!(deleted.status(), 303);
    assert!(ann_on_two.ends_within(CATCH_UP).await, "the deleted account's stream on node two ends");
}

#[tokio::test]
async fn without_news_between_nodes_a_stream_learns_at_its_next_check_that_its_session_ended() {
    // Two nodes of one database and no platform Redis: nothing tells node two of a sign-out on one.
    let one = spawn_app_with(|s| s.node_id = Some("one".into())).await;
    let url = one.database_url.clone();
    let two = spawn_app_with(move |s| {
        s.node_id = Some("two".into());
        s.database_url = Some(url);
        s.stream_recheck_secs = 1;
    })
    .await;
    let ann = signed_up(&one, "ann").await;
    let mut ann_on_two = Live::open(&two, &ann, "").await.expect("ann's page on node two");
    assert!(!ann_on_two.ends_within(Duration::from_millis(2500)).await, "a session that holds keeps its stream");
    let signed_out = ann.post(one.url("/account/signout")).send().await.unwrap();
    assert_eq!(signed_out.status(), 303);
    assert!(ann_on_two.ends_within(CATCH_UP).await, "the stream on node two ends at its next check");
}
