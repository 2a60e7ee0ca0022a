//! The sandbox HTTP API (JSON, usable with curl) and the chat servers' WebSocket endpoints.
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
mod error;
mod events;
mod ws;

use std::sync::Arc;

use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::routing::{get, post, put};
use axum::{Json, Router};
use serde::{Deserialize, Serialize};
use tower_sessions::Session;

use access::{Presented, RequestAccess, UpgradeAccess};
pub use error::ApiError;

use super::client_addr::ClientAddr;
use super::learner::{current_owner, remember_owner};
use super::state::AppState;
use crate::sandbox::bridge::BridgeMode;
use crate::sandbox::id::OwnerId;
use crate::sandbox::registry::Creator;
use crate::sandbox::sandbox::{Sandbox, SandboxInfo, StartRedisError, TooFast};

pub fn routes() -> Router<AppState> {
    Router::new()
        .route("/api/sandboxes", post(create).get(list))
        .route("/api/sandboxes/{id}", get(show).delete(delete))
        .route("/api/sandboxes/{id}/redis/stop", post(stop_redis))
        .route("/api/sandboxes/{id}/redis/start", post(start_redis))
        .route("/api/sandboxes/{id}/bridge", put(set_bridge))
        .route("/api/sandboxes/{id}/events", get(events::snapshot))
        .route("/api/sandboxes/{id}/events/stream", get(events::stream))
        .route("/sandbox/{id}/servers/{server}/ws", get(ws::connect))
}

fn find(state: &AppState, id: &str, presented: &Presented) -> Result<Arc<Sandbox>, ApiError> {
    state.sandboxes.get(id, &presented.access).ok_or_else(|| presented.refusal())
}

/// 429 for a connection beyond a limit; connections end often, so a retry soon may succeed.
fn too_many_connections(message: String) -> ApiError {
    ApiError::TooMany { error: "too_many_connections", message, retry_after: std::time::Duration::from_secs(5) }
}

impl From<TooFast> for ApiError {
    fn from(e: TooFast) -> Self {
        ApiError::TooMany { error: "too_fast", message: e.to_string(), retry_after: e.retry_after }
    }
}

#[derive(Deserialize, Default)]
struct CreateRequest {
    #[serde(default)]
    mode: Option<BridgeMode>,
}

#[derive(Serialize)]
struct Created {
    #[serde(flatten)]
    info: SandboxInfo,
    token: String,
    websockets: Websockets,
    events_url: String,
    expires_at_ms: u64,
    idle_timeout_secs: u64,
}

#[derive(Serialize)]
struct Websockets {
    a: String,
    b: String,
}

async fn create(
    State(state): State<AppState>,
    ClientAddr(address): ClientAddr,
    session: Session,
    body: Option<Json<CreateRequest>>,
) -> Result<(StatusCode, Json<Created>), ApiError> {
    let mode = body.and_then(|Json(b)| b.mode).unwrap_or_default();
    // A learner's identity is written to the session only once the sandbox exists, so a
    // refused request leaves no session row behind.
    let known = current_owner(&session).await;
    if known.is_none() {
        state.address_limits.admit_new_learner(address).map_err(|retry_after| ApiError::TooMany {
            error: "too_many_new_learners",
            message: "too many new learners from your network address this minute; try again shortly".into(),
            retry_after,
        })?;
    }
    let owner = known.clone().unwrap_or_else(OwnerId::generate);
    let sandbox = state.sandboxes.create(Creator { owner: owner.clone(), address }, mode).await?;
    if known.is_none()
        && let Err(e) = remember_owner(&session, &owner).await
    {
        state.sandboxes.delete(sandbox.id.as_str(), &crate::sandbox::registry::Access::owner(owner)).await;
        return Err(ApiError::Internal(format!("cannot save the session: {e}")));
    }
    let ws = |server: &str| state.site.ws_url(&crate::routes::sandbox_ws(sandbox.id.as_str(), server));
    let config = state.sandboxes.config();
    let created = Created {
        websockets: Websockets { a: ws("a"), b: ws("b") },
        events_url: state.site.http_url(&crate::routes::sandbox_events(sandbox.id.as_str())),
        token: sandbox.token.as_str().to_string(),
        expires_at_ms: sandbox.created_at_ms + config.max_lifetime.as_millis() as u64,
        idle_timeout_secs: config.idle_timeout.as_secs(),
        info: sandbox.info().await,
    };
    Ok((StatusCode::CREATED, Json(created)))
}

async fn list(State(state): State<AppState>, session: Session) -> Json<Vec<SandboxInfo>> {
    let mut infos = Vec::new();
    if let Some(owner) = current_owner(&session).await {
        for sandbox in state.sandboxes.owned_by(&owner) {
            infos.push(sandbox.info().await);
        }
    }
    Json(infos)
}

async fn show(
    State(state): State<AppState>,
    RequestAccess(access): RequestAccess,
    Path(id): Path<String>,
) -> Result<Json<SandboxInfo>, ApiError> {
    let sandbox = find(&state, &id, &access)?;
    Ok(Json(sandbox.info().await))
}

async fn delete(
    State(state): State<AppState>,
    RequestAccess(access): RequestAccess,
    Path(id): Path<String>,
) -> Result<StatusCode, ApiError> {
    if state.sandboxes.delete(&id, &access.access).await { Ok(StatusCode::NO_CONTENT) } else { Err(access.refusal()) }
}

async fn stop_redis(
    State(state): State<AppState>,
    RequestAccess(access): RequestAccess,
    Path(id): Path<String>,
) -> Result<Json<SandboxInfo>, ApiError> {
    let sandbox = find(&state, &id, &access)?;
    sandbox.stop_redis().await?;
    Ok(Json(sandbox.info().await))
}

async fn start_redis(
    State(state): State<AppState>,
    RequestAccess(access): RequestAccess,
    Path(id): Path<String>,
) -> Result<Json<SandboxInfo>, ApiError> {
    let sandbox = find(&state, &id, &access)?;
    sandbox.start_redis().await.map_err(|e| match e {
        StartRedisError::TooFast(too_fast) => too_fast.into(),
        StartRedisError::Process(e) => ApiError::Unavailable(e.to_string()),
    })?;
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
) -> Result<Json<SandboxInfo>, ApiError> {
    let sandbox = find(&state, &id, &access)?;
    let Json(request) = body.map_err(|e| {
        ApiError::BadRequest(format!("expected {{\"mode\": \"pubsub\" | \"streams\" | \"none\"}}: {}", e.body_text()))
    })?;
    sandbox.set_mode(request.mode).await;
    Ok(Json(sandbox.info().await))
}
