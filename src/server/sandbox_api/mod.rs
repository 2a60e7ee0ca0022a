//! The sandbox HTTP API (JSON, usable with curl), the chat servers' WebSocket endpoints and the
//! Redis console's.
//! Thin: it turns sessions and tokens into [`Access`], and calls the sandbox domain.
//!
//! Only the owner (session cookie) or a holder of the token (`Authorization: Bearer …`, or
//! `?token=…` where a header cannot be sent) may touch a sandbox; anyone else gets 404, as if it
//! did not exist, and a page of another site acting with the cookie gets 403.
//!
//! Creating one is limited per learner, per network address and in total (the registry), and
//! new learners per address a minute (here, before anything is written): a refused create
//! leaves no session behind.

mod access;
mod console;
mod events;
pub mod learner_code;
pub mod open;
mod ws;

use std::sync::Arc;

use axum::extract::{Path, Query, State};
use axum::http::StatusCode;
use axum::routing::{get, post, put};
use axum::{Json, Router};
use serde::Deserialize;

use access::{Presented, RequestAccess, UpgradeAccess};

use super::requester::Requester;
use super::state::AppState;
use crate::problem::Problem;
use crate::sandbox::bridge::BridgeMode;
use crate::sandbox::refusal::SandboxRefusal;
use crate::sandbox::sandbox::{Sandbox, SandboxInfo};
use crate::sandbox::wire::SandboxTicket;
use open::Purpose;

pub fn routes() -> Router<AppState> {
    Router::new()
        .route("/api/sandboxes", post(create).get(list))
        .route("/api/sandboxes/{id}", get(show).delete(delete))
        .route("/api/sandboxes/{id}/redis/stop", post(stop_redis))
        .route("/api/sandboxes/{id}/redis/start", post(start_redis))
        .route("/api/sandboxes/{id}/bridge", put(set_bridge))
        // Finding a sandbox marks it active, so answering with its state is the extension:
        // the idle clock restarts, the lifetime cap stays.
        .route("/api/sandboxes/{id}/extend", post(show))
        .route("/api/sandboxes/{id}/exercise/reset", post(reset_exercise))
        .route("/api/sandboxes/{id}/events", get(events::snapshot))
        .route("/api/sandboxes/{id}/events/stream", get(events::stream))
        .route("/api/sandboxes/{id}/servers/a/code", post(learner_code::run).delete(learner_code::stop))
        .route("/api/sandboxes/{id}/servers/a/log", get(learner_code::log))
        .route("/sandbox/{id}/servers/{server}/ws", get(ws::connect))
        .route("/sandbox/{id}/console", get(console::connect))
}

fn find(state: &AppState, id: &str, presented: &Presented) -> Result<Arc<Sandbox>, Problem> {
    state.sandboxes.find(id, &presented.access).map_err(|refusal| match refusal {
        SandboxRefusal::Ended => presented.refusal(),
        elsewhere => Problem::refused(elsewhere),
    })
}

/// A stream or socket on `sandbox`, held open for its owner and the session that asked: a reset
/// of the owner's password, or a sign-out of that session, ends it.
fn hold_open(state: &AppState, sandbox: &Sandbox, presented: &Presented) -> crate::server::open_connections::Held {
    let mut owners = vec![sandbox.owner()];
    owners.extend(presented.access.owner.clone().filter(|o| *o != owners[0]));
    state.open_connections.hold(owners, presented.session_id.clone())
}

/// One of the sandbox's WebSocket places and one of the address's connections, held for the
/// socket's life (chat clients and the console alike); 429 when either is used up.
fn websocket_places(
    state: &AppState,
    sandbox: &Sandbox,
    address: std::net::IpAddr,
) -> Result<(crate::sandbox::slots::Slot, crate::server::address_limits::AddressPermit), Problem> {
    let slot =
        sandbox.websockets.try_take().ok_or(SandboxRefusal::SandboxConnectionsFull(sandbox.websockets.capacity()))?;
    let permit = state.address_limits.open_connection(address).ok_or(SandboxRefusal::AddressConnectionsFull)?;
    Ok((slot, permit))
}

#[derive(Deserialize, Default)]
#[serde(deny_unknown_fields)]
struct CreateRequest {
    /// A bare sandbox's mode; ignored when a lesson is named (the lesson decides).
    #[serde(default)]
    mode: Option<BridgeMode>,
    /// The lesson's slug: its sandbox's mode and exercise come from the lesson file.
    #[serde(default)]
    lesson: Option<String>,
}

async fn create(
    State(state): State<AppState>,
    mut asker: Requester,
    body: Option<Json<CreateRequest>>,
) -> Result<(StatusCode, Json<SandboxTicket>), Problem> {
    let request = body.map(|Json(b)| b).unwrap_or_default();
    let purpose = match request.lesson {
        Some(slug) => Purpose::Lesson(slug),
        None => Purpose::Bare(request.mode.unwrap_or_default()),
    };
    let (created, ticket) = open::open(&state, &mut asker, purpose).await?;
    Ok((if created { StatusCode::CREATED } else { StatusCode::OK }, Json(ticket)))
}

#[derive(Deserialize)]
struct ListQuery {
    lesson: Option<String>,
}

/// The session's sandboxes; with `?lesson=SLUG`, the one for that lesson with its token and
/// URLs (a page finding its running sandbox again), or 404.
async fn list(
    State(state): State<AppState>,
    asker: Requester,
    Query(query): Query<ListQuery>,
) -> Result<axum::response::Response, Problem> {
    use axum::response::IntoResponse;
    if let Some(lesson) = query.lesson {
        let ticket = open::running_for_lesson(&state, &asker, &lesson).await.ok_or(SandboxRefusal::Ended)?;
        // It carries the sandbox's token: for this browser's memory only, never a cache's.
        return Ok(([(axum::http::header::CACHE_CONTROL, "private, no-store")], Json(ticket)).into_response());
    }
    let mut infos = Vec::new();
    if let Some(owner) = asker.owner() {
        for sandbox in state.sandboxes.owned_by(owner) {
            infos.push(sandbox.info().await);
        }
    }
    Ok(Json(infos).into_response())
}

async fn show(
    State(state): State<AppState>,
    RequestAccess(access): RequestAccess,
    Path(id): Path<String>,
) -> Result<Json<SandboxInfo>, Problem> {
    let sandbox = find(&state, &id, &access)?;
    Ok(Json(sandbox.info().await))
}

async fn delete(
    State(state): State<AppState>,
    RequestAccess(access): RequestAccess,
    Path(id): Path<String>,
) -> Result<StatusCode, Problem> {
    if state.sandboxes.delete(&id, &access.access).await { Ok(StatusCode::NO_CONTENT) } else { Err(access.refusal()) }
}

async fn stop_redis(
    State(state): State<AppState>,
    RequestAccess(access): RequestAccess,
    Path(id): Path<String>,
) -> Result<Json<SandboxInfo>, Problem> {
    let sandbox = find(&state, &id, &access)?;
    sandbox.stop_redis().await?;
    Ok(Json(sandbox.info().await))
}

async fn start_redis(
    State(state): State<AppState>,
    RequestAccess(access): RequestAccess,
    Path(id): Path<String>,
) -> Result<Json<SandboxInfo>, Problem> {
    let sandbox = find(&state, &id, &access)?;
    sandbox.start_redis().await?;
    Ok(Json(sandbox.info().await))
}

#[derive(Deserialize)]
struct BridgeRequest {
    mode: BridgeMode,
}

async fn set_bridge(
    State(state): State<AppState>,
    RequestAccess(access): RequestAccess,
    Path(id): Path<String>,
    body: Result<Json<BridgeRequest>, axum::extract::rejection::JsonRejection>,
) -> Result<Json<SandboxInfo>, Problem> {
    let sandbox = find(&state, &id, &access)?;
    let Json(request) = body.map_err(|e| SandboxRefusal::BadBody {
        expected: r#"{"mode": "pubsub" | "streams" | "none"}"#.into(),
        detail: e.body_text(),
    })?;
    sandbox.set_mode(request.mode).await;
    Ok(Json(sandbox.info().await))
}

/// "Reset exercise": the checks start over (a stored completion stays).
async fn reset_exercise(
    State(state): State<AppState>,
    RequestAccess(access): RequestAccess,
    Path(id): Path<String>,
) -> Result<Json<SandboxInfo>, Problem> {
    let sandbox = find(&state, &id, &access)?;
    if !sandbox.reset_exercise() {
        return Err(SandboxRefusal::NoExercise.into());
    }
    Ok(Json(sandbox.info().await))
}
