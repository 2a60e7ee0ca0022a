//! This node's part in the site-wide sandbox limits (`cluster::places`): a new sandbox's place is
//! decided in one transaction with what the learner and their address hold on the other nodes,
//! and the node keeps its own places true every couple of seconds: the places of its sandboxes
//! that ended go, and a sandbox whose place another node took (the learner opened the same lesson
//! there, or needed the room) ends here. On the same beat it counts the live nodes, among which
//! the per-address rates are shared (see `address_limits`), and sizes the redis-servers it keeps
//! ready for a failed peer's learners (see `sandbox::redis_spares`).

use std::collections::HashSet;
use std::sync::Arc;
use std::time::{Duration, Instant};

use super::state::AppState;
use crate::cluster::places::{self, Place};
use crate::problem::Problem;
use crate::sandbox::id::{Creator, SandboxId};
use crate::sandbox::refusal::SandboxRefusal;
use crate::sandbox::registry::{HeldElsewhere, Reservation};
use crate::sandbox::sandbox::Sandbox;

/// Place decisions this node makes at once, each holding a database connection (of 8).
static DECIDING: tokio::sync::Semaphore = tokio::sync::Semaphore::const_new(2);

/// How often the node keeps its places true.
const RECONCILE_EVERY: Duration = Duration::from_secs(2);

/// A place held for a new sandbox, and what was ended to make room for it.
pub struct Decided<'a> {
    pub reservation: Reservation<'a>,
    /// The learner's sandbox that makes room, when they held as many as they may.
    pub made_room: Option<MadeRoom>,
}

pub enum MadeRoom {
    /// One of this node's, taken out of the registry: end it.
    Here(Arc<Sandbox>),
    /// One on another node, whose place is given up: that node ends it. Its lesson, if any.
    Elsewhere(Option<String>),
}

impl MadeRoom {
    /// Ends a sandbox of this node that made room; the lesson label of the one that made room.
    pub async fn finish(self) -> Option<String> {
        match self {
            MadeRoom::Here(sandbox) => {
                sandbox.shut_down().await;
                tracing::info!(sandbox = %sandbox.id, "sandbox ended to make room for the owner's next one");
                sandbox.lesson()
            }
            MadeRoom::Elsewhere(lesson) => lesson,
        }
    }
}

/// Holds a place for `creator`'s new sandbox if the site-wide limits allow; for a lesson, the
/// learner's sandbox for that lesson on another node is replaced, and when they hold as many as
/// they may, one makes room: their oldest on another node, else their least recently used here.
pub async fn decide<'a>(state: &'a AppState, creator: &Creator, lesson: Option<&str>) -> Result<Decided<'a>, Problem> {
    let fault = |e: sqlx::Error| Problem::fault("deciding a sandbox's place", e);
    let registry = &state.sandboxes;
    let node = registry.config().node.as_str();
    let owner = creator.owner.as_str();
    // Waiting for its turn here, not on a database connection: a class arriving at once must
    // leave the pool's other connections to every other request (and the proxy's health check).
    let _turn = DECIDING.acquire().await.map_err(|e| Problem::fault("waiting to decide a sandbox's place", e))?;
    let mut tx = places::begin(&state.db, owner, creator.address).await.map_err(fault)?;
    if let Some(lesson) = lesson {
        places::replace_lesson(&mut tx, node, owner, lesson).await.map_err(fault)?;
    }
    let mut elsewhere = places::held_elsewhere(&mut tx, node, owner, creator.address).await.map_err(fault)?;
    // Room is made first on other nodes: this learner's browser talks to this node now, and
    // their pages there are from before; then here, the least recently used.
    let mut made_room = None;
    if lesson.is_some() {
        let holds = registry.owned_by(&creator.owner).len() + elsewhere.owner;
        if holds >= registry.config().per_owner
            && let Some((oldest, its_lesson)) = elsewhere.owners_oldest.take()
        {
            places::evict(&mut tx, &oldest).await.map_err(fault)?;
            elsewhere.owner -= 1;
            made_room = Some(MadeRoom::Elsewhere(its_lesson));
        } else if let Some(here) = registry.take_room_for(&creator.owner, elsewhere.owner) {
            made_room = Some(MadeRoom::Here(here));
        }
    }
    let held = HeldElsewhere { owner: elsewhere.owner, address: elsewhere.address };
    let reservation = match registry.reserve(creator, held) {
        Ok(reservation) => reservation,
        Err(refused) => {
            if let Some(room) = made_room {
                room.finish().await;
            }
            return Err(SandboxRefusal::from(refused).into());
        }
    };
    let place = Place { sandbox: reservation.id().as_str(), node, owner, address: creator.address, lesson };
    let written = match places::take(&mut tx, &place).await {
        Ok(()) => tx.commit().await,
        Err(e) => Err(e),
    };
    if let Err(e) = written {
        // A sandbox of this node already taken out to make room still ends.
        if let Some(room) = made_room {
            room.finish().await;
        }
        return Err(fault(e));
    }
    Ok(Decided { reservation, made_room })
}

/// Keeps this node's places true until shutdown (the places of its last run were given up when
/// it claimed its name: see `server::node`).
pub fn keep(state: AppState) {
    let stop = state.shutdown.clone();
    state.shutdown.clone().spawn(async move {
        let node = state.sandboxes.config().node.clone();
        loop {
            tokio::select! {
                () = tokio::time::sleep(RECONCILE_EVERY) => {}
                () = stop.cancelled() => break,
            }
            if let Err(e) = reconcile(&state, &node).await {
                tracing::warn!("cannot keep this node's sandbox places true: {e}");
            }
            match crate::cluster::membership::alive(&state.db).await {
                Ok(nodes) => {
                    state.address_limits.share_among(nodes.len());
                    state.sandboxes.size_spares(nodes.len());
                }
                Err(e) => tracing::warn!("cannot count the live nodes: {e}"),
            }
        }
    });
}

/// One pass: the places of sandboxes that ended go; a sandbox whose place is gone ends.
async fn reconcile(state: &AppState, node: &str) -> Result<(), sqlx::Error> {
    let read_at = Instant::now();
    let placed = places::of_node(&state.db, node).await?;
    // Read after the places: a place written since belongs to a sandbox launched since.
    let held = state.sandboxes.held();
    let held_ids: HashSet<&str> = held.iter().map(|(id, _)| id.as_str()).collect();
    let ended: Vec<String> = placed.iter().filter(|id| !held_ids.contains(id.as_str())).cloned().collect();
    places::give_back(&state.db, &ended).await?;
    let displaced: Vec<&SandboxId> = held
        .iter()
        .filter(|(id, launched)| launched.is_some_and(|at| at < read_at) && !placed.contains(id.as_str()))
        .map(|(id, _)| id)
        .collect();
    for id in displaced {
        if state.sandboxes.end(id).await {
            tracing::info!(sandbox = %id, "sandbox ended: its learner's place went to their sandbox on another node");
        }
    }
    places::forget_dead_nodes(&state.db).await?;
    Ok(())
}
