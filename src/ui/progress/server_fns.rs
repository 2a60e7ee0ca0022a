//! What the progress parts of the page ask of the server. The browser may claim one award only,
//! a lesson read; every other award comes from what the server itself observed.

use leptos::prelude::*;

use crate::problem::Problem;
use crate::progress::summary::{AchievementCard, ProgressSummary};

#[cfg(feature = "ssr")]
const UNREADABLE: &str = "Your progress could not be read just now.";

#[server]
pub async fn get_progress() -> Result<ProgressSummary, Problem> {
    let (state, session) = crate::server::fn_edge::state_and_session().await?;
    let learner = crate::server::learner::current_learner(&state.db, &session)
        .await
        .map_err(|e| Problem::logged(e, UNREADABLE))?;
    if let Some(learner) = &learner {
        // Anonymous progress is kept for a while after the last visit; this is the visit.
        let _ = crate::progress::owner_data::seen(&state.db, learner.owner.as_str()).await;
    }
    crate::server::progress::summary(&state, learner.as_ref()).await.map_err(|e| Problem::logged(e, UNREADABLE))
}

#[server]
pub async fn get_achievements() -> Result<Vec<AchievementCard>, Problem> {
    let (state, session) = crate::server::fn_edge::state_and_session().await?;
    let owner = crate::server::learner::session_owner(&state.db, &session).await;
    crate::server::progress::achievement_cards(&state, owner.as_ref())
        .await
        .map_err(|e| Problem::logged(e, "The achievements could not be read just now."))
}

/// "Mark as read": the lesson's reading XP, once.
#[server]
pub async fn mark_lesson_read(slug: String) -> Result<ProgressSummary, Problem> {
    use crate::server::fn_edge;
    let (state, session) = fn_edge::state_and_session().await?;
    let address = fn_edge::client_address(&state).await?;
    crate::server::progress::mark_read(&state, &session, address, &slug).await.map_err(|e| match e {
        crate::server::progress::ProgressError::Internal(cause) => {
            Problem::logged(cause, "Your progress could not be saved just now; try again.")
        }
        refusal => Problem::new(refusal.to_string()),
    })
}
