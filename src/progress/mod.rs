//! Progress: XP awarded in a ledger (each award at most once), the track's named levels, and
//! the summary every page shows ("Level 0 · Poller — 0 XP · 0/7 lessons …"). The rules are pure
//! ([`levels`], [`summary`]); the ledger (SQLite) and the track file are server-only. Joined to
//! lessons and sandboxes only by the server layer. [`steps`] keeps what learners did in each
//! exercise (started, passed a check, opened a hint), for instructors' "where learners get stuck".

pub mod levels;
pub mod summary;

#[cfg(feature = "ssr")]
pub mod achievements;
#[cfg(feature = "ssr")]
pub mod claims;
#[cfg(feature = "ssr")]
pub mod completions;
#[cfg(feature = "ssr")]
pub mod facts;
#[cfg(feature = "ssr")]
pub mod ledger;
#[cfg(feature = "ssr")]
pub mod owner_data;
pub mod steps;
#[cfg(feature = "ssr")]
pub mod track;

/// Why an award the browser asked for ("Mark as read") was refused.
#[derive(Clone, Debug, PartialEq, Eq, serde::Serialize, serde::Deserialize, thiserror::Error)]
pub enum ProgressProblem {
    #[error("There is no such lesson.")]
    NoSuchLesson,
    #[error("Too many new learners from your network address this minute; try again in {retry_after_secs} seconds.")]
    TooManyNewLearners { retry_after_secs: u64 },
}

impl ProgressProblem {
    pub fn status(&self) -> u16 {
        match self {
            ProgressProblem::NoSuchLesson => 404,
            ProgressProblem::TooManyNewLearners { .. } => 429,
        }
    }
}
