//! The sandbox HTTP API (JSON, usable with curl) and the chat servers' WebSocket endpoints.
//! Thin: it turns sessions and tokens into [`Access`], and calls the sandbox domain.
//!
//! Only the owner (session cookie) or a holder of the token (`Authorization: Bearer …` or
//! `?token=…`) may touch a sandbox; anyone else gets 404, as if it did not exist.

mod access;
mod error;
mod events;
mod ws;

use std::sync::Arc;

use axum::extract::{Path, State};
use axum::http::{HeaderMap, StatusCode, header};
use axum::routing::{get, post, put};
use axum::{Json, Router};
use serde::{Deserialize, Serialize};
use tower_sessions::Session;

use access::RequestAccess;
pub use error::ApiError;

use super::learner::{current_owner, owner_or_create};
use super::state::AppState;
use crate::sandbox::bridge::BridgeMode;
use crate::sandbox::registry::Access;
use crate::sandbox::sandbox::{Sandbox, SandboxInfo};

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

fn find(state: &AppState, id: &str, access: &Access) -> Result<Arc<Sandbox>, ApiError> {
    state.sandboxes.get(id, access).ok_or(ApiError::NotFound)
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
    session: Session,
    headers: HeaderMap,
    body: Option<Json<CreateRequest>>,
) -> Result<(StatusCode, Json<Created>), ApiError> {
    let owner = owner_or_create(&session).await.map_err(|e| ApiError::Internal(e.to_string()))?;
    let mode = body.and_then(|Json(b)| b.mode).unwrap_or_default();
    let sandbox = state.sandboxes.create(owner, mode).await?;
    let host = headers.get(header::HOST).and_then(|h| h.to_str().ok()).unwrap_or("127.0.0.1:3000");
    let ws = |server: &str| format!("ws://{host}{}", crate::routes::sandbox_ws(sandbox.id.as_str(), server));
    let config = state.sandboxes.config();
    let created = Created {
        websockets: Websockets { a: ws("a"), b: ws("b") },
        events_url: format!("http://{host}/api/sandboxes/{}/events", sandbox.id),
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
    if state.sandboxes.delete(&id, &access).await { Ok(StatusCode::NO_CONTENT) } else { Err(ApiError::NotFound) }
}

async fn stop_redis(
    State(state): State<AppState>,
    RequestAccess(access): RequestAccess,
    Path(id): Path<String>,
) -> Result<Json<SandboxInfo>, ApiError> {
    let sandbox = find(&state, &id, &access)?;
    sandbox.stop_redis().await;
    Ok(Json(sandbox.info().await))
}

async fn start_redis(
    State(state): State<AppState>,
    RequestAccess(access): RequestAccess,
    Path(id): Path<String>,
) -> Result<Json<SandboxInfo>, ApiError> {
    let sandbox = find(&state, &id, &access)?;
    sandbox.start_redis().await.map_err(|e| ApiError::Unavailable(e.to_string()))?;
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
