//! The edge of a server function: the app state, the learner's session and address, and the
//! sentence a learner reads for an API refusal (a [`Problem`]; causes of our own failures are
//! logged here, not sent). Shared by every domain's server functions.

use std::net::IpAddr;
use std::sync::Arc;

use tower_sessions::Session;

use crate::problem::Problem;
use crate::sandbox::registry::Access;
use crate::sandbox::sandbox::Sandbox;
use crate::server::client_addr::ClientAddr;
use crate::server::sandbox_api::ApiError;
use crate::server::state::{AppState, app_state};

const UNAVAILABLE: &str = "Something went wrong on our side; try again in a moment.";

pub async fn state_and_session() -> Result<(AppState, Session), Problem> {
    let state = app_state().map_err(|e| Problem::logged(e, UNAVAILABLE))?;
    let session: Session = leptos_axum::extract().await.map_err(|e| Problem::logged(e, UNAVAILABLE))?;
    Ok((state, session))
}

pub async fn client_address(state: &AppState) -> Result<IpAddr, Problem> {
    let ClientAddr(address) = leptos_axum::extract_with_state::<ClientAddr, AppState>(state)
        .await
        .map_err(|e| Problem::logged(e, UNAVAILABLE))?;
    Ok(address)
}

/// Whether the request is a plain HTML form posted without JavaScript: the browser wants a page
/// back, so the function answers with a redirect (the page calling it with JavaScript asks for
/// JSON instead).
pub async fn plain_form_post() -> bool {
    let headers: axum::http::HeaderMap = leptos_axum::extract().await.unwrap_or_default();
    headers
        .get(axum::http::header::ACCEPT)
        .and_then(|accept| accept.to_str().ok())
        .is_some_and(|accept| accept.contains("text/html"))
}

/// Whether the request's learner is an instructor (false when it cannot be told).
pub async fn viewer_is_instructor() -> bool {
    let Ok((state, session)) = state_and_session().await else { return false };
    crate::server::reports::is_instructor(&state, &session).await.unwrap_or(false)
}

/// The sandbox `id`, if it is the session's own.
pub async fn own_sandbox(id: &str) -> Result<(AppState, Arc<Sandbox>), Problem> {
    let (state, session) = state_and_session().await?;
    let owner = crate::server::learner::session_owner(&state.db, &session).await;
    let sandbox = state
        .sandboxes
        .get(id, &Access { owner, token: None })
        .ok_or_else(|| Problem::new("This sandbox has ended. Start a new one."))?;
    Ok((state, sandbox))
}

/// The API's refusal as the sentence a learner reads.
pub fn to_learner(error: ApiError) -> Problem {
    // `learner_message` logs the cause of a failure of ours and says a sentence instead.
    Problem::new(error.learner_message())
}
