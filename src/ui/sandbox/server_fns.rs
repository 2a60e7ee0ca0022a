//! What the panel asks of the server, as Leptos server functions. Thin: each extracts the
//! learner's session (and address) and calls the same code the HTTP API uses. Only the learner's
//! own sandboxes are reachable: the session is the access, never an id from the browser alone.

use leptos::prelude::*;

use crate::problem::Problem;
use crate::sandbox::wire::{BridgeMode, SandboxInfo, SandboxTicket};

/// The learner's running sandbox for this lesson, if any (a reload finds it again).
#[server]
pub async fn find_sandbox(lesson: String) -> Result<Option<SandboxTicket>, Problem> {
    let (state, session) = edge::state_and_session().await?;
    Ok(crate::server::sandbox_api::open::running_for_lesson(&state, &session, &lesson).await)
}

/// The learner opened the hint of `check` in `lesson` themselves (counted once, for instructors'
/// "where learners get stuck"). Nothing for a visitor who has no learner id yet.
#[server]
pub async fn hint_opened(lesson: String, check: String) -> Result<(), Problem> {
    let (state, session) = edge::state_and_session().await?;
    let Some(owner) = crate::server::learner::session_owner(&state.db, &session).await else { return Ok(()) };
    let known = state.lessons.current().view(&lesson).is_some_and(|view| view.exercise.iter().any(|c| c.id == check));
    if known {
        let step = crate::progress::steps::Step::HintOpened(&check);
        crate::server::sandbox_api::open::record_step(&state, &owner, &lesson, step).await;
    }
    Ok(())
}

/// Starts (or finds) the learner's sandbox for this lesson; the lesson decides its mode and checks.
#[server]
pub async fn start_sandbox(lesson: String) -> Result<SandboxTicket, Problem> {
    use crate::server::sandbox_api::open::{Purpose, open};
    let (state, session) = edge::state_and_session().await?;
    let address = edge::client_address(&state).await?;
    let (_, ticket) = open(&state, &session, address, Purpose::Lesson(lesson)).await.map_err(edge::to_learner)?;
    Ok(ticket)
}

/// Stops (`running = false`) or starts the sandbox's Redis.
#[server]
pub async fn set_redis(id: String, running: bool) -> Result<SandboxInfo, Problem> {
    let (_, sandbox) = edge::own_sandbox(&id).await?;
    if running {
        sandbox.start_redis().await.map_err(|e| Problem::new(e.to_string()))?;
    } else {
        sandbox.stop_redis().await.map_err(|e| Problem::new(e.to_string()))?;
    }
    Ok(sandbox.info().await)
}

/// Switches the bridge mode of both chat servers.
#[server]
pub async fn set_bridge_mode(id: String, mode: BridgeMode) -> Result<SandboxInfo, Problem> {
    let (_, sandbox) = edge::own_sandbox(&id).await?;
    sandbox.set_mode(mode).await;
    Ok(sandbox.info().await)
}

/// Restarts the sandbox's idle clock ("Extend"); its lifetime cap stays.
#[server]
pub async fn extend_sandbox(id: String) -> Result<SandboxInfo, Problem> {
    let (_, sandbox) = edge::own_sandbox(&id).await?;
    Ok(sandbox.info().await)
}

/// "Reset exercise": the checks start over on what happens from now on.
#[server]
pub async fn reset_exercise(id: String) -> Result<SandboxInfo, Problem> {
    let (_, sandbox) = edge::own_sandbox(&id).await?;
    sandbox.reset_exercise();
    Ok(sandbox.info().await)
}

/// What Run answered: started (how fast), or the log of a start that failed.
#[derive(Clone, Debug, PartialEq, serde::Serialize, serde::Deserialize)]
pub enum OwnServerRun {
    Started { ready_ms: u64 },
    DidNotStart { log: String },
}

/// Runs the learner's code as server A ("Your server A"); A's clients reconnect to it.
#[server]
pub async fn run_own_server(id: String, code: String) -> Result<OwnServerRun, Problem> {
    use crate::sandbox::learner_server::LearnerServerError;
    const MAX_CODE_BYTES: usize = 64 * 1024;
    if code.len() > MAX_CODE_BYTES {
        return Err(Problem::new("The code is over 64 KiB; keep server A to one file."));
    }
    let (state, sandbox) = edge::own_sandbox(&id).await?;
    let registry = &state.sandboxes;
    match sandbox.run_learner_server(registry.spawner(), &registry.config().learner_server, &code).await {
        Ok(ready) => Ok(OwnServerRun::Started { ready_ms: ready.as_millis() as u64 }),
        Err(LearnerServerError::DidNotStart(log)) => Ok(OwnServerRun::DidNotStart { log }),
        Err(LearnerServerError::Unavailable(what) | LearnerServerError::Busy(what)) => Err(Problem::new(what)),
        Err(e @ LearnerServerError::Setup(_)) => {
            Err(Problem::logged(e, "Your server could not be prepared; try again in a moment."))
        }
    }
}

/// Stops the learner's server A: server A is ours again.
#[server]
pub async fn stop_own_server(id: String) -> Result<(), Problem> {
    let (_, sandbox) = edge::own_sandbox(&id).await?;
    sandbox.stop_learner_server().await;
    Ok(())
}

/// Ends the sandbox (for "Reset sandbox", which starts a fresh one after).
#[server]
pub async fn end_sandbox(id: String) -> Result<(), Problem> {
    let (state, session) = edge::state_and_session().await?;
    let owner = crate::server::learner::session_owner(&state.db, &session).await;
    let access = crate::sandbox::registry::Access { owner, token: None };
    state.sandboxes.delete(&id, &access).await;
    Ok(())
}

#[cfg(feature = "ssr")]
use crate::server::fn_edge as edge;
