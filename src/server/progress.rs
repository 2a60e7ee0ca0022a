//! A learner's progress, joined at the server layer: the ledger's awards, the facts their
//! sandboxes showed, the lessons (what is published, what each is worth) and the track (levels,
//! achievements). Every award is one `progress::claims::claim` (the award and the achievements
//! it completes, in one transaction); a claim that changed anything tells the learner's open
//! pages once, so their level bar moves without a reload and the page fetches its progress once.

use tower_sessions::cookie::time::OffsetDateTime;

use super::learner::Learner;
use super::learner_news::News;
use super::requester::Requester;
use super::state::AppState;
use crate::problem::Problem;
use crate::progress::ProgressProblem;
use crate::progress::achievements::Record;
pub use crate::progress::claims::Claim;
use crate::progress::claims::{self, Course};
use crate::progress::ledger::{self, Award};
use crate::progress::summary::{AchievementCard, Badge, ProgressSummary};
use crate::progress::{facts, track::Track};
use crate::sandbox::id::OwnerId;

/// Everything the rules and the pages read of one learner.
struct LearnerRecord {
    awards: Vec<Award>,
    facts: Vec<String>,
    published: Vec<String>,
}

impl LearnerRecord {
    async fn read(state: &AppState, owner: Option<&OwnerId>) -> Result<LearnerRecord, sqlx::Error> {
        let published = state.lessons.current().summaries(crate::i18n::Lang::En).into_iter().map(|s| s.slug).collect();
        let (awards, facts) = match owner {
            Some(owner) => {
                (ledger::awards(&state.db, owner.as_str()).await?, facts::of(&state.db, owner.as_str()).await?)
            }
            None => (Vec::new(), Vec::new()),
        };
        Ok(LearnerRecord { awards, facts, published })
    }

    fn award(&self, source: &str) -> Option<&Award> {
        self.awards.iter().find(|a| a.source == source)
    }

    /// The published lessons with an award of this kind.
    fn lessons(&self, kind: fn(&str) -> String) -> Vec<String> {
        self.published.iter().filter(|slug| self.award(&kind(slug)).is_some()).cloned().collect()
    }

    fn rules_record(&self, done: usize, read: usize) -> Record<'_> {
        Record { facts: &self.facts, lessons_done: done, lessons_read: read, lessons_total: self.published.len() }
    }
}

/// The summary every page shows; a visitor without an identity yet has none of it.
pub async fn summary(state: &AppState, learner: Option<&Learner>) -> Result<ProgressSummary, sqlx::Error> {
    let record = LearnerRecord::read(state, learner.map(|l| &l.owner)).await?;
    let xp = record.awards.iter().map(|a| a.amount).sum();
    let (done, read) = (record.lessons(ledger::exercise_completed), record.lessons(ledger::lesson_read));
    let track: &Track = &state.track;
    let mut summary = ProgressSummary::new(&track.levels, xp, done, record.published.len(), read);
    summary.achievements = track
        .achievements
        .iter()
        .filter(|a| record.award(&ledger::achievement_unlocked(&a.id)).is_some())
        .map(|a| Badge { id: a.id.clone(), name: a.name.clone(), bonus: a.bonus })
        .collect();
    summary.achievements_total = track.achievements.len();
    summary.username = learner.and_then(|l| l.username.clone());
    summary.local_only = summary.username.is_none();
    Ok(summary)
}

/// Every achievement of the track, locked or unlocked, as the achievements page shows them.
pub async fn achievement_cards(state: &AppState, owner: Option<&OwnerId>) -> Result<Vec<AchievementCard>, Problem> {
    let record = LearnerRecord::read(state, owner).await.map_err(|e| Problem::fault("reading achievements", e))?;
    let (done, read) = (record.lessons(ledger::exercise_completed).len(), record.lessons(ledger::lesson_read).len());
    Ok(state
        .track
        .achievements
        .iter()
        .map(|a| {
            let unlocked = record.award(&ledger::achievement_unlocked(&a.id));
            AchievementCard {
                id: a.id.clone(),
                name: a.name.clone(),
                description: a.description.clone(),
                bonus: a.bonus,
                unlocked_on: unlocked.map(|award| day_of(award.awarded_at)),
                steps: a.standing(record.rules_record(done, read)).steps,
            }
        })
        .collect())
}

/// "Mark as read" (or the end of the lesson reached): the one award the browser may ask for, once
/// per published lesson. A visitor without an identity gets one here (limited per address like
/// any new learner).
pub async fn mark_read(state: &AppState, asker: &mut Requester, slug: &str) -> Result<ProgressSummary, Problem> {
    let amount = state
        .lessons
        .current()
        .view(slug, crate::i18n::Lang::En)
        .map(|view| view.xp.reading)
        .ok_or(ProgressProblem::NoSuchLesson)?;
    if asker.owner().is_none() {
        state.address_limits.admit_new_learner(asker.address).map_err(|wait| ProgressProblem::TooManyNewLearners {
            retry_after_secs: crate::sandbox::refusal::whole_seconds(wait),
        })?;
        asker.become_learner(OwnerId::generate()).await?;
    }
    let learner = asker.learner().expect("a learner now");
    let saved = |e| Problem::fault("saving a lesson read", e);
    claim(state, &learner.owner, Claim::LessonRead { slug, xp: amount }).await.map_err(saved)?;
    summary(state, Some(learner)).await.map_err(saved)
}

/// The summary for who is asking (their visit is noted: anonymous progress is kept for a while
/// after the last one).
pub async fn page_summary(state: &AppState, asker: &Requester) -> Result<ProgressSummary, Problem> {
    if let Some(owner) = asker.owner() {
        let _ = crate::progress::owner_data::seen(&state.db, owner.as_str()).await;
    }
    summary(state, asker.learner()).await.map_err(|e| Problem::fault("reading progress", e))
}

/// Claims `claim` for `owner` in one domain call (see `progress::claims`) and, when anything
/// changed, tells the learner's open pages once.
pub async fn claim(state: &AppState, owner: &OwnerId, claim: Claim<'_>) -> Result<(), sqlx::Error> {
    let published: Vec<String> =
        state.lessons.current().summaries(crate::i18n::Lang::En).into_iter().map(|s| s.slug).collect();
    let course = Course { track: &state.track, published: &published };
    if claims::claim(&state.db, owner.as_str(), claim, course).await? {
        state.learner_news.tell(owner, News::ProgressChanged);
    }
    Ok(())
}

/// A lesson's exercise completed, as the server's evaluation decided it: the completion and the
/// lesson's exercise XP (nothing for a lesson unpublished since its sandbox started).
pub async fn exercise_completed(state: &AppState, owner: &OwnerId, slug: &str) -> Result<(), sqlx::Error> {
    let Some(xp) = state.lessons.current().view(slug, crate::i18n::Lang::En).map(|view| view.xp.exercise) else {
        return Ok(());
    };
    claim(state, owner, Claim::ExerciseCompleted { slug, xp }).await
}

/// `YYYY-MM-DD` (UTC) of a Unix time in milliseconds.
fn day_of(unix_ms: i64) -> String {
    OffsetDateTime::from_unix_timestamp(unix_ms.div_euclid(1000)).map(|t| t.date().to_string()).unwrap_or_default()
}

#[cfg(test)]
mod tests {
    #[test]
    fn days_are_written_as_iso_dates_in_utc() {
        assert_eq!(super::day_of(0), "1970-01-01");
        assert_eq!(super::day_of(1_796_083_199_999), "2026-11-30");
        assert_eq!(super::day_of(1_796_083_200_000), "2026-12-01");
    }
}
