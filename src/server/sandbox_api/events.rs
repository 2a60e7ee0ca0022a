//! A sandbox's event log over HTTP: a JSON snapshot (`?after=SEQ` for what is new) and a live
//! server-sent-event stream that starts with the snapshot, so a follower never misses the gap.
//! Live streams are counted per sandbox and per address (429 beyond either).

use std::convert::Infallible;
use std::time::Duration;

use axum::Json;
use axum::extract::{Path, Query, State};
use axum::response::sse::{Event as SseEvent, KeepAlive, Sse};
use futures_util::Stream;
use serde::Deserialize;
use std::collections::VecDeque;

use tokio::sync::broadcast;
use tokio::sync::broadcast::error::RecvError;

use super::{RequestAccess, UpgradeAccess, find};
use crate::sandbox::events::Event;
use crate::sandbox::refusal::SandboxRefusal;
use crate::sandbox::slots::Slot;
use crate::server::address_limits::AddressPermit;
use crate::server::client_addr::ClientAddr;
use crate::server::open_connections::Held;
use crate::server::state::AppState;

#[derive(Deserialize)]
pub struct EventsQuery {
    #[serde(default)]
    after: u64,
}

pub async fn snapshot(
    State(state): State<AppState>,
    RequestAccess(access): RequestAccess,
    Path(id): Path<String>,
    Query(q): Query<EventsQuery>,
) -> Result<Json<Vec<Event>>, crate::problem::Problem> {
    let sandbox = find(&state, &id, &access)?;
    Ok(Json(sandbox.events.since(q.after)))
}

pub async fn stream(
    State(state): State<AppState>,
    UpgradeAccess(access): UpgradeAccess,
    ClientAddr(address): ClientAddr,
    Path(id): Path<String>,
    Query(q): Query<EventsQuery>,
) -> Result<Sse<impl Stream<Item = Result<SseEvent, Infallible>>>, crate::problem::Problem> {
    let sandbox = find(&state, &id, &access)?;
    let sandbox_slot =
        sandbox.event_streams.try_take().ok_or(SandboxRefusal::EventStreamsFull(sandbox.event_streams.capacity()))?;
    let address_permit = state.address_limits.open_connection(address).ok_or(SandboxRefusal::AddressConnectionsFull)?;
    // Subscribe before reading the snapshot, then skip what the snapshot already had.
    let live = sandbox.events.follow();
    let follow = Follow {
        backlog: sandbox.events.since(q.after).into(),
        last_seq: q.after,
        live,
        held: super::hold_open(&state, &sandbox, &access),
        _places: (sandbox_slot, address_permit),
    };
    let events = futures_util::stream::unfold(follow, |mut follow| async move {
        let event = follow.next().await?;
        Some((Ok(event), follow))
    });
    Ok(Sse::new(events).keep_alive(KeepAlive::new().interval(Duration::from_secs(15))))
}

struct Follow {
    backlog: VecDeque<Event>,
    last_seq: u64,
    live: broadcast::Receiver<Event>,
    /// Ends the stream at shutdown, or when the grounds it was opened on go.
    held: Held,
    /// Held while the stream is open; the stream ends (and gives them back) when the client goes.
    _places: (Slot, AddressPermit),
}

impl Follow {
    async fn next(&mut self) -> Option<SseEvent> {
        if let Some(event) = self.backlog.pop_front() {
            self.last_seq = event.seq;
            return Some(to_sse(&event));
        }
        loop {
            let received = tokio::select! {
                () = self.held.ended() => return None,
                received = self.live.recv() => received,
            };
            match received {
                Ok(event) if event.seq <= self.last_seq => continue,
                Ok(event) => {
                    self.last_seq = event.seq;
                    return Some(to_sse(&event));
                }
                // Tell the follower it missed events; it can re-read them with `?after=`.
                Err(RecvError::Lagged(missed)) => {
                    return Some(
                        SseEvent::default()
                            .event("lagged")
                            .data(format!("{{\"missed\":{missed},\"after\":{}}}", self.last_seq)),
                    );
                }
                Err(RecvError::Closed) => return None,
            }
        }
    }
}

fn to_sse(event: &Event) -> SseEvent {
    SseEvent::default().id(event.seq.to_string()).data(serde_json::to_string(event).expect("an event serialises"))
}
