//! What the progress parts of the page ask of the server. The browser may claim one award only,
//! a lesson read; every other award comes from what the server itself observed.

use leptos::prelude::*;

use crate::problem::Problem;
use crate::progress::summary::{AchievementCard, ProgressSummary};

#[server]
pub async fn get_progress() -> Result<ProgressSummary, Problem> {
    let (state, asker) = edge::asked().await?;
    edge::answer(progress::page_summary(&state, &asker).await)
}

#[server]
pub async fn get_achievements() -> Result<Vec<AchievementCard>, Problem> {
    let (state, asker) = edge::asked().await?;
    edge::answer(progress::achievement_cards(&state, asker.owner()).await)
}

/// "Mark as read": the lesson's reading XP, once.
#[server]
pub async fn mark_lesson_read(slug: String) -> Result<ProgressSummary, Problem> {
    let (state, mut asker) = edge::asked().await?;
    edge::answer(progress::mark_read(&state, &mut asker, &slug).await)
}

#[cfg(feature = "ssr")]
use crate::server::{fn_edge as edge, progress};
