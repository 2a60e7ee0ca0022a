//! `POST /api/sandboxes/{id}/servers/a/code` `{"code": "…"}`: run the learner's code as server A
//! (answers when it serves HTTP, with how long that took, or 422 with its log when it does not
//! start; 503 says what to install when bubblewrap or the Python environment is missing).
//! `DELETE` the same path: server A is ours again. `GET …/servers/a/log`: the run's log.

use axum::Json;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use serde::{Deserialize, Serialize};

use super::access::RequestAccess;
use super::{ApiError, find};
use crate::sandbox::learner_server::LearnerServerError;
use crate::sandbox::learner_server::output::Source;
use crate::server::state::AppState;

/// A learner's file, not a project: 64 KiB is far more than the lessons' bridge needs.
const MAX_CODE_BYTES: usize = 64 * 1024;

#[derive(Deserialize)]
pub struct RunRequest {
    code: String,
}

#[derive(Serialize)]
struct Started {
    running: bool,
    ready_ms: u64,
}

#[derive(Serialize)]
struct DidNotStart {
    error: &'static str,
    message: &'static str,
    log: String,
}

#[derive(Serialize)]
pub struct LogLine {
    from: &'static str,
    text: String,
}

#[derive(Serialize)]
pub struct Log {
    running: bool,
    lines: Vec<LogLine>,
}

pub async fn run(
    State(state): State<AppState>,
    RequestAccess(access): RequestAccess,
    Path(id): Path<String>,
    Json(request): Json<RunRequest>,
) -> Result<Response, ApiError> {
    let sandbox = find(&state, &id, &access)?;
    if request.code.len() > MAX_CODE_BYTES {
        return Err(ApiError::BadRequest(format!(
            "the code is over {} KiB; keep server A to one file",
            MAX_CODE_BYTES / 1024
        )));
    }
    let registry = &state.sandboxes;
    match sandbox.run_learner_server(registry.spawner(), &registry.config().learner_server, &request.code).await {
        Ok(ready) => Ok(Json(Started { running: true, ready_ms: ready.as_millis() as u64 }).into_response()),
        Err(LearnerServerError::Unavailable(what)) => Err(ApiError::Unavailable(what)),
        Err(LearnerServerError::Busy(message)) => Err(ApiError::TooMany {
            error: "too_many_servers",
            message,
            retry_after: std::time::Duration::from_secs(60),
        }),
        Err(LearnerServerError::DidNotStart(log)) => Ok((
            StatusCode::UNPROCESSABLE_ENTITY,
            Json(DidNotStart { error: "did_not_start", message: "your server did not start; its log says why", log }),
        )
            .into_response()),
        Err(LearnerServerError::Setup(e)) => Err(ApiError::Internal(format!("preparing a learner's server: {e}"))),
    }
}

pub async fn stop(
    State(state): State<AppState>,
    RequestAccess(access): RequestAccess,
    Path(id): Path<String>,
) -> Result<StatusCode, ApiError> {
    let sandbox = find(&state, &id, &access)?;
    sandbox.stop_learner_server().await;
    Ok(StatusCode::NO_CONTENT)
}

pub async fn log(
    State(state): State<AppState>,
    RequestAccess(access): RequestAccess,
    Path(id): Path<String>,
) -> Result<Json<Log>, ApiError> {
    let sandbox = find(&state, &id, &access)?;
    let running = sandbox.learner_server().await.is_some();
    let lines = sandbox.learner_server_log().await.unwrap_or_default();
    let lines = lines
        .into_iter()
        .map(|l| LogLine { from: if l.from == Source::Process { "process" } else { "platform" }, text: l.text })
        .collect();
    Ok(Json(Log { running, lines }))
}
