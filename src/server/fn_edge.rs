//! The edge of a server function: the app state, the learner's session and address, and the
//! sentence a learner reads for an API refusal. Shared by every domain's server functions.

use std::net::IpAddr;
use std::sync::Arc;

use leptos::prelude::ServerFnError;
use tower_sessions::Session;

use crate::sandbox::registry::Access;
use crate::sandbox::sandbox::Sandbox;
use crate::server::client_addr::ClientAddr;
use crate::server::sandbox_api::ApiError;
use crate::server::state::{AppState, app_state};

pub async fn state_and_session() -> Result<(AppState, Session), ServerFnError> {
    let state = app_state()?;
    let session: Session = leptos_axum::extract().await?;
    Ok((state, session))
}

pub async fn client_address(state: &AppState) -> Result<IpAddr, ServerFnError> {
    let ClientAddr(address) = leptos_axum::extract_with_state::<ClientAddr, AppState>(state).await?;
    Ok(address)
}

/// The sandbox `id`, if it is the session's own.
pub async fn own_sandbox(id: &str) -> Result<(AppState, Arc<Sandbox>), ServerFnError> {
    let (state, session) = state_and_session().await?;
    let owner = crate::server::learner::current_owner(&session).await;
    let sandbox = state
        .sandboxes
        .get(id, &Access { owner, token: None })
        .ok_or_else(|| ServerFnError::new("This sandbox has ended. Start a new one."))?;
    Ok((state, sandbox))
}

/// The API's refusal as the sentence a learner reads.
pub fn to_learner(error: ApiError) -> ServerFnError {
    ServerFnError::new(error.learner_message())
}
