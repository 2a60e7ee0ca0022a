//! A learner's progress, joined at the server layer: the ledger's awards, the lessons (what is
//! published, what each is worth) and the track's levels. Awards are claimed here, and a claim
//! that made an award tells the learner's open pages, so their level bar moves without a reload.

use std::net::IpAddr;

use tower_sessions::Session;

use super::learner::{current_owner, remember_owner};
use super::learner_news::News;
use super::state::AppState;
use crate::progress::ledger;
use crate::progress::summary::ProgressSummary;
use crate::sandbox::id::OwnerId;

/// The summary every page shows; a visitor without an identity yet has none of it.
pub async fn summary(state: &AppState, owner: Option<&OwnerId>) -> Result<ProgressSummary, sqlx::Error> {
    let catalog = state.lessons.current();
    let published: Vec<String> = catalog.summaries().into_iter().map(|s| s.slug).collect();
    let awards = match owner {
        Some(owner) => ledger::awards(&state.db, owner.as_str()).await?,
        None => Vec::new(),
    };
    let xp = awards.iter().map(|(_, amount)| amount).sum();
    let of_kind = |kind: fn(&str) -> String| -> Vec<String> {
        published.iter().filter(|slug| awards.iter().any(|(source, _)| *source == kind(slug))).cloned().collect()
    };
    let done = of_kind(ledger::exercise_completed);
    let read = of_kind(ledger::lesson_read);
    Ok(ProgressSummary::new(&state.levels, xp, done, published.len(), read))
}

/// "Mark as read" (or the end of the lesson reached): the one award the browser may ask for, once
/// per published lesson. A visitor without an identity gets one here (limited per address like
/// any new learner).
pub async fn mark_read(
    state: &AppState,
    session: &Session,
    address: IpAddr,
    slug: &str,
) -> Result<ProgressSummary, ProgressError> {
    let amount = state.lessons.current().view(slug).map(|view| view.xp.reading).ok_or(ProgressError::NoSuchLesson)?;
    let owner = match current_owner(session).await {
        Some(owner) => owner,
        None => {
            state.address_limits.admit_new_learner(address).map_err(|_| ProgressError::TooManyNewLearners)?;
            let owner = OwnerId::generate();
            remember_owner(session, &owner).await.map_err(|e| ProgressError::Internal(e.to_string()))?;
            owner
        }
    };
    award(state, &owner, &ledger::lesson_read(slug), amount).await?;
    Ok(summary(state, Some(&owner)).await?)
}

/// A lesson's exercise completed, as the server's evaluation decided it.
pub async fn exercise_completed(state: &AppState, owner: &OwnerId, slug: &str) -> Result<(), ProgressError> {
    let amount = state.lessons.current().view(slug).map(|view| view.xp.exercise).ok_or(ProgressError::NoSuchLesson)?;
    award(state, owner, &ledger::exercise_completed(slug), amount).await
}

async fn award(state: &AppState, owner: &OwnerId, source: &str, amount: u32) -> Result<(), ProgressError> {
    if ledger::award(&state.db, owner.as_str(), source, amount).await? {
        state.learner_news.tell(owner, News::ProgressChanged);
    }
    Ok(())
}

#[derive(Debug, thiserror::Error)]
pub enum ProgressError {
    #[error("there is no such lesson")]
    NoSuchLesson,
    #[error("too many new learners from your network address this minute; try again shortly")]
    TooManyNewLearners,
    #[error("progress could not be saved: {0}")]
    Internal(String),
}

impl From<sqlx::Error> for ProgressError {
    fn from(e: sqlx::Error) -> Self {
        ProgressError::Internal(e.to_string())
    }
}
