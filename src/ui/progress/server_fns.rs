//! What the progress parts of the page ask of the server. The browser may claim one award only,
//! a lesson read; every other award comes from what the server itself observed.

use leptos::prelude::*;

use crate::progress::summary::ProgressSummary;

#[server]
pub async fn get_progress() -> Result<ProgressSummary, ServerFnError> {
    let (state, session) = crate::server::fn_edge::state_and_session().await?;
    let learner = crate::server::learner::current_learner(&state.db, &session).await;
    let learner = learner.map_err(|e| {
        tracing::error!("cannot read the learner: {e}");
        ServerFnError::new("Your progress could not be read just now.")
    })?;
    if let Some(learner) = &learner {
        // Anonymous progress is kept for a while after the last visit; this is the visit.
        let _ = crate::progress::owner_data::seen(&state.db, learner.owner.as_str()).await;
    }
    crate::server::progress::summary(&state, learner.as_ref()).await.map_err(|e| {
        tracing::error!("cannot read progress: {e}");
        ServerFnError::new("Your progress could not be read just now.")
    })
}

/// "Mark as read": the lesson's reading XP, once.
#[server]
pub async fn mark_lesson_read(slug: String) -> Result<ProgressSummary, ServerFnError> {
    use crate::server::fn_edge;
    let (state, session) = fn_edge::state_and_session().await?;
    let address = fn_edge::client_address(&state).await?;
    crate::server::progress::mark_read(&state, &session, address, &slug).await.map_err(|e| {
        tracing::warn!("mark as read refused: {e}");
        ServerFnError::new(e.to_string())
    })
}
