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
