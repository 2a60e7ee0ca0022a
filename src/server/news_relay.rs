//! News between the nodes of a cluster (`--platform-redis-url`): what one node tells a learner's
//! pages (a reply's bell, an award, "your account was reset") is published on one Redis Pub/Sub
//! channel, and every other node tells the pages of that learner it holds. The pattern lesson 7
//! teaches, with its recovery discipline: the subscription is made again after any loss, with
//! waits that double and are jittered (nodes are a crowd at one Redis), and a watchdog that
//! PINGs a quiet link so a dead one is noticed. Pub/Sub keeps nothing for a subscriber that was
//! away, so each time the subscription comes back, the node has its pages read their progress
//! and unread count again from the database (`News::MaybeMissed`): an outage of the platform
//! Redis delays news and loses nothing stored.
//!
//! Why Redis Pub/Sub and not PostgreSQL's LISTEN/NOTIFY: the course teaches this very pattern,
//! the platform needs a Redis for it anyway (the limits across nodes count there), and it keeps
//! the database's connections for queries; NOTIFY would hold one connection per node open for
//! listening and ties delivery to transaction commits we do not need.

use std::sync::Arc;
use std::time::Duration;

use redis::aio::{ConnectionManager, ConnectionManagerConfig};
use redis::{PushInfo, PushKind, Value};
use serde::{Deserialize, Serialize};
use tokio::sync::mpsc;

use super::learner_news::{Addressed, News};
use super::state::AppState;
use crate::sandbox::id::OwnerId;

/// The one channel every node publishes on and listens to.
pub const CHANNEL: &str = "streamlab:news";
/// A link quiet this long is asked whether it lives.
const WATCHDOG: Duration = Duration::from_secs(5);
/// News waiting to be published; beyond it, news is dropped (the others catch up later).
const OUTBOX: usize = 4096;

/// What travels: which node sent it, for whom, what.
#[derive(Debug, Serialize, Deserialize)]
struct Envelope {
    from: String,
    owner: String,
    news: News,
}

#[derive(Debug, thiserror::Error)]
#[error("the platform Redis URL {url} is not valid: {source}")]
pub struct BadPlatformRedis {
    url: String,
    source: redis::RedisError,
}

/// The listener's reconnects, a crowd's: from 100 ms, doubling to 5 s, jittered by the
/// connection manager, forever.
fn reconnecting() -> ConnectionManagerConfig {
    ConnectionManagerConfig::new()
        .set_min_delay(Duration::from_millis(100))
        .set_max_delay(Duration::from_secs(5))
        .set_number_of_retries(usize::MAX)
        .set_connection_timeout(Some(Duration::from_secs(2)))
}

/// The publisher's: one quick try again, then the news is dropped (the others catch up from the
/// database), so an outage never holds the news behind it.
fn publishing() -> ConnectionManagerConfig {
    ConnectionManagerConfig::new()
        .set_min_delay(Duration::from_millis(100))
        .set_max_delay(Duration::from_millis(200))
        .set_number_of_retries(1)
        .set_connection_timeout(Some(Duration::from_millis(500)))
        .set_response_timeout(Some(Duration::from_secs(1)))
}

/// Starts relaying this node's news to the others and theirs to this node's pages.
pub fn start(url: &str, state: &AppState) -> Result<(), BadPlatformRedis> {
    let bad = |source| BadPlatformRedis { url: url.to_string(), source };
    // RESP3: the subscription's messages arrive as pushes, and the manager subscribes again by
    // itself after it reconnects.
    let url = if url.contains("protocol=") {
        url.to_string()
    } else {
        format!("{url}{}protocol=resp3", if url.contains('?') { '&' } else { '?' })
    };
    let client = redis::Client::open(url.as_str()).map_err(bad)?;
    let writer = ConnectionManager::new_lazy_with_config(client.clone(), publishing()).map_err(bad)?;
    let (pushes, incoming) = mpsc::unbounded_channel();
    let listener = ConnectionManager::new_lazy_with_config(
        client,
        reconnecting().set_push_sender(pushes).set_automatic_resubscription(),
    )
    .map_err(bad)?;
    let (onward, outbox) = mpsc::channel(OUTBOX);
    state.learner_news.send_onward(onward);
    let node = Arc::<str>::from(state.sandboxes.config().node.as_str());
    state.shutdown.spawn(publish_loop(outbox, writer, node.clone(), state.shutdown.clone()));
    state.shutdown.spawn(subscribe_loop(listener, incoming, node, state.clone()));
    Ok(())
}

async fn publish_loop(
    mut outbox: mpsc::Receiver<Addressed>,
    mut redis: ConnectionManager,
    node: Arc<str>,
    shutdown: super::shutdown::Shutdown,
) {
    loop {
        let (owner, news) = tokio::select! {
            () = shutdown.cancelled() => return,
            next = outbox.recv() => match next {
                Some(next) => next,
                None => return,
            },
        };
        let envelope = Envelope { from: node.to_string(), owner: owner.as_str().to_string(), news };
        let Ok(payload) = serde_json::to_string(&envelope) else { continue };
        let published: Result<i64, _> = redis::cmd("PUBLISH").arg(CHANNEL).arg(payload).query_async(&mut redis).await;
        if let Err(e) = published {
            // Lost for the other nodes' open pages; they read it from the database when the
            // link is back.
            tracing::warn!("news not relayed to the other nodes: {e}");
        }
    }
}

async fn subscribe_loop(
    mut redis: ConnectionManager,
    mut pushes: mpsc::UnboundedReceiver<PushInfo>,
    node: Arc<str>,
    state: AppState,
) {
    // With unlimited retries this waits for Redis if it is not up yet.
    let subscribed = tokio::select! {
        () = state.shutdown.cancelled() => return,
        result = redis.subscribe(CHANNEL) => result,
    };
    if let Err(e) = subscribed {
        tracing::warn!("cannot subscribe to the other nodes' news yet: {e}");
    }
    let mut first_subscription = true;
    let mut watchdog = tokio::time::interval(WATCHDOG);
    loop {
        tokio::select! {
            () = state.shutdown.cancelled() => return,
            push = pushes.recv() => {
                let Some(push) = push else { return };
                match push.kind {
                    PushKind::Message => hear(&state, &node, push.data),
                    PushKind::Disconnection => tracing::warn!("lost the link to the other nodes' news; reconnecting"),
                    PushKind::Subscribe if first_subscription => first_subscription = false,
                    // Subscribed again after a loss: what was published meanwhile is gone.
                    PushKind::Subscribe => {
                        tracing::info!("the link to the other nodes' news is back; pages catch up");
                        for owner in state.learner_news.listening() {
                            state.learner_news.tell_here(&owner, News::MaybeMissed);
                        }
                    }
                    _ => {}
                }
            }
            _ = watchdog.tick() => {
                // Any command on a dead connection makes the manager reconnect (and subscribe
                // again); spawned so a hung Redis never holds up the messages behind it.
                let mut ping = redis.clone();
                tokio::spawn(async move {
                    let _ = tokio::time::timeout(WATCHDOG, redis::cmd("PING").exec_async(&mut ping)).await;
                });
            }
        }
    }
}

/// A message from the channel: news of another node for a learner with pages here.
fn hear(state: &AppState, node: &str, data: Vec<Value>) {
    let Some(Value::BulkString(payload)) = data.into_iter().nth(1) else { return };
    let envelope: Envelope = match serde_json::from_slice(&payload) {
        Ok(envelope) => envelope,
        Err(e) => return tracing::warn!("a message on {CHANNEL} that is not news: {e}"),
    };
    if envelope.from == node {
        return;
    }
    let owner = OwnerId::from(envelope.owner);
    if envelope.news == News::AccountRevoked {
        state.open_connections.end_owner(&owner);
    }
    state.learner_news.tell_here(&owner, envelope.news);
}
