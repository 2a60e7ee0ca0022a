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
use super::find;
use crate::problem::Problem;
use crate::sandbox::learner_server::output::Source;
use crate::sandbox::learner_server::{LearnerCode, LearnerServerError};
use crate::sandbox::refusal::SandboxRefusal;
use crate::sandbox::sandbox::Sandbox;
use crate::sandbox::wire::OwnServerRun;
use crate::server::requester::Requester;
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
) -> Result<Response, Problem> {
    let sandbox = find(&state, &id, &access)?;
    Ok(match run_code(&state, &sandbox, &request.code).await? {
        OwnServerRun::Started { ready_ms } => Json(Started { running: true, ready_ms }).into_response(),
        OwnServerRun::DidNotStart { log } => (
            StatusCode::UNPROCESSABLE_ENTITY,
            Json(DidNotStart { error: "did_not_start", message: "your server did not start; its log says why", log }),
        )
            .into_response(),
    })
}

/// The panel's Run: the asker's own sandbox `id` runs `code` as server A.
pub async fn run_for(state: &AppState, asker: &Requester, id: &str, code: &str) -> Result<OwnServerRun, Problem> {
    let sandbox = crate::server::fn_edge::own_sandbox(state, asker, id)?;
    run_code(state, &sandbox, code).await
}

async fn run_code(state: &AppState, sandbox: &Sandbox, code: &str) -> Result<OwnServerRun, Problem> {
    if code.len() > MAX_CODE_BYTES {
        return Err(SandboxRefusal::CodeTooLarge { max_kib: MAX_CODE_BYTES / 1024 }.into());
    }
    let registry = &state.sandboxes;
    // The course modules the code may import (lesson 1's rooms), as the lessons are now.
    let modules = state.lessons.current().own_server_modules();
    let code = LearnerCode { main: code, modules: &modules };
    match sandbox.run_learner_server(registry.spawner(), &registry.config().learner_server, code).await {
        Ok(ready) => Ok(OwnServerRun::Started { ready_ms: ready.as_millis() as u64 }),
        Err(LearnerServerError::DidNotStart(log)) => Ok(OwnServerRun::DidNotStart { log }),
        Err(LearnerServerError::Refused(refusal)) => Err(refusal.into()),
        Err(LearnerServerError::Setup(e)) => Err(Problem::fault("preparing a learner's server", e)),
    }
}

pub async fn stop(
    State(state): State<AppState>,
    RequestAccess(access): RequestAccess,
    Path(id): Path<String>,
) -> Result<StatusCode, Problem> {
    let sandbox = find(&state, &id, &access)?;
    sandbox.stop_learner_server().await;
    Ok(StatusCode::NO_CONTENT)
}

pub async fn log(
    State(state): State<AppState>,
    RequestAccess(access): RequestAccess,
    Path(id): Path<String>,
) -> Result<Json<Log>, Problem> {
    let sandbox = find(&state, &id, &access)?;
    let running = sandbox.learner_server().await.is_some();
    let lines = sandbox.learner_server_log().await.unwrap_or_default();
    let lines = lines
        .into_iter()
        .map(|l| LogLine { from: if l.from == Source::Process { "process" } else { "platform" }, text: l.text })
        .collect();
    Ok(Json(Log { running, lines }))
}
