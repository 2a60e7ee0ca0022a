//! What the panel asks of the server, as Leptos server functions. Thin: each extracts the
//! learner's session (and address) and calls the same code the HTTP API uses. Only the learner's
//! own sandboxes are reachable: the session is the access, never an id from the browser alone.

use leptos::prelude::*;

use crate::problem::Problem;
use crate::sandbox::wire::{AfterBreak, BridgeMode, OwnServerRun, SandboxInfo, SandboxTicket};

/// The learner's running sandbox for this lesson, if any (a reload finds it again).
#[server]
pub async fn find_sandbox(lesson: String) -> Result<Option<SandboxTicket>, Problem> {
    let (state, asker) = edge::asked().await?;
    Ok(open::running_for_lesson(&state, &asker, &lesson).await)
}

/// What became of the sandbox `following` the page followed until its live stream broke: still
/// running (or another started since), ended, or gone with its server (and replaced here).
#[server]
pub async fn sandbox_after_break(lesson: String, following: String) -> Result<AfterBreak, Problem> {
    let (state, mut asker) = edge::asked().await?;
    Ok(open::after_break(&state, &mut asker, &lesson, &following).await)
}

/// The learner opened the hint of `check` in `lesson` themselves (counted once, for instructors'
/// "where learners get stuck"). Nothing for a visitor who has no learner id yet.
#[server]
pub async fn hint_opened(lesson: String, check: String) -> Result<(), Problem> {
    let (state, asker) = edge::asked().await?;
    crate::server::sandbox_watch::hint_opened(&state, &asker, &lesson, &check).await;
    Ok(())
}

/// Starts (or finds) the learner's sandbox for this lesson; the lesson decides its mode and checks.
#[server]
pub async fn start_sandbox(lesson: String) -> Result<SandboxTicket, Problem> {
    let (state, mut asker) = edge::asked().await?;
    edge::answer(open::open(&state, &mut asker, open::Purpose::Lesson(lesson)).await.map(|(_, ticket)| ticket))
}

/// Stops (`running = false`) or starts the sandbox's Redis.
#[server]
pub async fn set_redis(id: String, running: bool) -> Result<SandboxInfo, Problem> {
    let sandbox = own_sandbox(&id).await?;
    let result = if running { sandbox.start_redis().await } else { sandbox.stop_redis().await };
    edge::answer(result.map_err(Problem::from))?;
    Ok(sandbox.info().await)
}

/// Switches the bridge mode of both chat servers.
#[server]
pub async fn set_bridge_mode(id: String, mode: BridgeMode) -> Result<SandboxInfo, Problem> {
    let sandbox = own_sandbox(&id).await?;
    sandbox.set_mode(mode).await;
    Ok(sandbox.info().await)
}

/// Restarts the sandbox's idle clock ("Extend"); its lifetime cap stays.
#[server]
pub async fn extend_sandbox(id: String) -> Result<SandboxInfo, Problem> {
    Ok(own_sandbox(&id).await?.info().await)
}

/// "Reset exercise": the checks start over on what happens from now on.
#[server]
pub async fn reset_exercise(id: String) -> Result<SandboxInfo, Problem> {
    let sandbox = own_sandbox(&id).await?;
    sandbox.reset_exercise();
    Ok(sandbox.info().await)
}

/// Runs the learner's code as server A ("Your server A"); A's clients reconnect to it.
#[server]
pub async fn run_own_server(id: String, code: String) -> Result<OwnServerRun, Problem> {
    let (state, asker) = edge::asked().await?;
    edge::answer(crate::server::sandbox_api::learner_code::run_for(&state, &asker, &id, &code).await)
}

/// Stops the learner's server A: server A is ours again.
#[server]
pub async fn stop_own_server(id: String) -> Result<(), Problem> {
    own_sandbox(&id).await?.stop_learner_server().await;
    Ok(())
}

/// Ends the sandbox (for "Reset sandbox", which starts a fresh one after).
#[server]
pub async fn end_sandbox(id: String) -> Result<(), Problem> {
    let (state, asker) = edge::asked().await?;
    let access = crate::sandbox::registry::Access { owner: asker.owner().cloned(), token: None };
    state.sandboxes.delete(&id, &access).await;
    Ok(())
}

/// The asker's own sandbox `id`, or why not (with its status on the wire).
#[cfg(feature = "ssr")]
async fn own_sandbox(id: &str) -> Result<std::sync::Arc<crate::sandbox::sandbox::Sandbox>, Problem> {
    let (state, asker) = edge::asked().await?;
    edge::answer(edge::own_sandbox(&state, &asker, id))
}

#[cfg(feature = "ssr")]
use crate::server::{fn_edge as edge, sandbox_api::open};
