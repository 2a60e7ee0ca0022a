//! Pub/Sub mode: each message is PUBLISHed to its room's channel; one pattern subscription per
//! server (`ws:room:*`) hears every room. Fire-and-forget: Redis keeps nothing, so what is
//! published while it is down is lost. We say so (an event, a counter, a system frame to the
//! sender) instead of hiding it: that loss is what lesson 6 teaches.

use std::sync::Weak;
use std::time::Duration;

use redis::aio::ConnectionManager;
use redis::{PushInfo, PushKind, Value};
use std::sync::Arc;
use tokio::sync::mpsc;
use tokio_util::sync::CancellationToken;

use super::host::BridgeHost;
use super::link::Link;
use super::outbox::{BoundedSender, OutboxBudget};
use super::{BridgeMode, BridgeSettings, Outgoing, Running, redis_config};
use crate::sandbox::protocol::{ROOM_PATTERN, encode, room_channel};

/// Publishes sent together in one pipeline.
const BATCH: usize = 256;
/// How often the subscription is pinged, so a silently dead link is noticed and re-made.
const WATCHDOG: Duration = Duration::from_secs(1);

/// Starts the Pubsub bridge's tasks.
pub fn start(host: Weak<dyn BridgeHost>, settings: &BridgeSettings) -> Running {
    let (jobs, queue, budget) = BoundedSender::channel(settings.outbox, "the publish queue is full");
    let link = Arc::new(Link::new(ROOM_PATTERN));
    let cancel = CancellationToken::new();
    let client = redis::Client::open(settings.redis_url.as_str()).expect("the sandbox builds a valid Redis URL");

    let writer = ConnectionManager::new_lazy_with_config(client.clone(), redis_config::writer())
        .expect("a lazy connection manager needs no connection");
    tokio::spawn(publish_loop(queue, writer, budget.clone(), host.clone(), cancel.clone()));

    let (pushes, incoming) = mpsc::unbounded_channel();
    let listener = ConnectionManager::new_lazy_with_config(
        client,
        redis_config::listener().set_push_sender(pushes).set_automatic_resubscription(),
    )
    .expect("RESP3 URL with a push sender");
    tokio::spawn(subscribe_loop(listener, incoming, host, link.clone(), cancel.clone()));

    Running { mode: BridgeMode::Pubsub, jobs, link, cancel }
}

// ANCHOR: publish
async fn publish_loop(
    mut queue: mpsc::Receiver<Outgoing>,
    mut redis: ConnectionManager,
    budget: Arc<OutboxBudget>,
    host: Weak<dyn BridgeHost>,
    cancel: CancellationToken,
) {
    let mut batch = Vec::with_capacity(BATCH);
    loop {
        let received = tokio::select! {
            () = cancel.cancelled() => return,
            n = queue.recv_many(&mut batch, BATCH) => n,
        };
        if received == 0 {
            return;
        }
        let mut pipe = redis::pipe();
        for job in &batch {
            pipe.cmd("PUBLISH").arg(room_channel(&job.message.room)).arg(encode(&job.message).as_str()).ignore();
        }
        let published = pipe.exec_async(&mut redis).await;
        for job in &batch {
            budget.release(job.weight());
        }
        if let Err(e) = published {
            let Some(host) = host.upgrade() else {
                return;
            };
            for job in batch.drain(..) {
                host.lost(job, &redis_config::plain_error(&e));
            }
        }
        batch.clear();
    }
}
// ANCHOR_END: publish

// ANCHOR: subscribe
async fn subscribe_loop(
    mut redis: ConnectionManager,
    mut pushes: mpsc::UnboundedReceiver<PushInfo>,
    host: Weak<dyn BridgeHost>,
    link: Arc<Link>,
    cancel: CancellationToken,
) {
    // With unlimited retries this waits for Redis if it is not up yet.
    let subscribed = tokio::select! {
        () = cancel.cancelled() => return,
        result = redis.psubscribe(ROOM_PATTERN) => result,
    };
    match subscribed {
        Ok(()) => link.mark_up(&host),
        Err(e) => link.mark_down(&host, &redis_config::plain_error(&e)),
    }
    let mut watchdog = tokio::time::interval(WATCHDOG);
    loop {
        tokio::select! {
            () = cancel.cancelled() => return,
            push = pushes.recv() => {
                let Some(push) = push else { return };
                match push.kind {
                    PushKind::PMessage => deliver(&host, push.data),
                    PushKind::Disconnection => link.mark_down(&host, "the connection to Redis closed"),
                    // Sent again by the connection manager when it re-subscribes after reconnecting.
                    PushKind::PSubscribe => link.mark_up(&host),
                    _ => {}
                }
            }
            _ = watchdog.tick() => {
                // Any command on a dead connection makes the manager reconnect (and re-subscribe).
                // Spawned so that a hung Redis never holds up the messages queued behind it.
                let mut ping = redis.clone();
                tokio::spawn(async move {
                    let _ = tokio::time::timeout(WATCHDOG, redis::cmd("PING").exec_async(&mut ping)).await;
                });
            }
        }
    }
}
// ANCHOR_END: subscribe

/// `pmessage` data: pattern, channel, payload.
fn deliver(host: &Weak<dyn BridgeHost>, data: Vec<Value>) {
    let mut data = data.into_iter().skip(1);
    let (Some(Value::BulkString(channel)), Some(Value::BulkString(payload))) = (data.next(), data.next()) else {
        return;
    };
    let Some(room) = std::str::from_utf8(&channel).ok().and_then(|c| c.strip_prefix("ws:room:")) else {
        return;
    };
    if let Some(host) = host.upgrade() {
        host.arrived(room, payload);
    }
}
