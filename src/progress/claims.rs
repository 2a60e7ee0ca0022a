//! Claiming what a learner earned, in one call and one transaction: the thing itself (a lesson
//! read, an exercise completed with its completion row, a fact a sandbox showed), its XP, and
//! the bonus of every achievement it completes. Claims for one learner queue one behind the other
//! (`database::begin_write`), so none settles the achievements on a record that misses another's
//! award, and a crash leaves either all of a claim or none of it.

use sqlx::{AnyConnection, AnyPool};

use super::achievements::{Record, fact_of};
use super::track::Track;
use super::{completions, facts, ledger};

/// What is claimed.
#[derive(Clone, Copy, Debug)]
pub enum Claim<'a> {
    /// "Mark as read", or the end of the lesson reached: its reading XP.
    LessonRead { slug: &'a str, xp: u32 },
    /// The server's evaluation passed the lesson's last check: the completion and its XP.
    ExerciseCompleted { slug: &'a str, xp: u32 },
    /// A sandbox of the learner's met the rule of the achievement `achievement`.
    SandboxFact { achievement: &'a str },
    /// Nothing new: the achievements over what is there (after progress moved into an account).
    Settle,
}

/// What the rules read beside the learner's own rows: the track and the published lessons.
#[derive(Clone, Copy)]
pub struct Course<'a> {
    pub track: &'a Track,
    pub published: &'a [String],
}

/// Claims `claim` for `owner`; `true` when anything changed (an award, an achievement), so the
/// learner's pages have news.
pub async fn claim(db: &AnyPool, owner: &str, claim: Claim<'_>, course: Course<'_>) -> Result<bool, sqlx::Error> {
    let mut tx = crate::database::begin_write(db, &progress_scope(owner)).await?;
    let new = match claim {
        Claim::LessonRead { slug, xp } => ledger::award(&mut *tx, owner, &ledger::lesson_read(slug), xp).await?,
        Claim::ExerciseCompleted { slug, xp } => {
            completions::record(&mut *tx, owner, slug).await?;
            ledger::award(&mut *tx, owner, &ledger::exercise_completed(slug), xp).await?
        }
        Claim::SandboxFact { achievement } => facts::record(&mut *tx, owner, &fact_of(achievement)).await?,
        Claim::Settle => true,
    };
    // A claim that changed nothing cannot complete an achievement.
    let unlocked = if new { settle(&mut tx, owner, course).await? } else { 0 };
    tx.commit().await?;
    Ok((new && !matches!(claim, Claim::SandboxFact { .. } | Claim::Settle)) || unlocked > 0)
}

/// What claims, and a merge into an account, queue on: the learner's progress.
pub fn progress_scope(owner: &str) -> String {
    format!("progress:{owner}")
}

/// Awards the bonus of every achievement whose rule now holds and that the learner has not had
/// yet; how many. Achievements do not count towards one another, so one pass settles them all.
async fn settle(db: &mut AnyConnection, owner: &str, course: Course<'_>) -> Result<usize, sqlx::Error> {
    let awards = ledger::awards(&mut *db, owner).await?;
    let facts = facts::of(&mut *db, owner).await?;
    let has = |source: &str| awards.iter().any(|a| a.source == source);
    let lessons = |kind: fn(&str) -> String| course.published.iter().filter(|slug| has(&kind(slug))).count();
    let record = Record {
        facts: &facts,
        lessons_done: lessons(ledger::exercise_completed),
        lessons_read: lessons(ledger::lesson_read),
        lessons_total: course.published.len(),
    };
    let mut unlocked = 0;
    for achievement in &course.track.achievements {
        let source = ledger::achievement_unlocked(&achievement.id);
        if !has(&source)
            && achievement.standing(record).met
            && ledger::award(&mut *db, owner, &source, achievement.bonus).await?
        {
            unlocked += 1;
        }
    }
    Ok(unlocked)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[tokio::test]
    async fn a_claim_writes_its_award_and_the_achievement_it_completes_together_once() {
        let (db, _dir) = crate::database::temporary().await;
        let track = crate::progress::track::load(&std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("lessons"))
            .expect("the course's track");
        let published = vec!["only-lesson".to_string()];
        let course = Course { track: &track, published: &published };
        let read = Claim::LessonRead { slug: "only-lesson", xp: 10 };
        assert!(claim(&db, "ann", read, course).await.unwrap(), "a new award is news");
        let sources: Vec<String> = ledger::awards(&db, "ann").await.unwrap().into_iter().map(|a| a.source).collect();
        assert!(sources.contains(&"read:only-lesson".to_string()), "{sources:?}");
        let unlocked = sources.iter().filter(|s| s.starts_with("achievement:")).count();
        assert!(unlocked >= 1, "reading every published lesson completes a reading achievement at once: {sources:?}");
        assert!(!claim(&db, "ann", read, course).await.unwrap(), "the same claim again is no news");
        assert_eq!(ledger::awards(&db, "ann").await.unwrap().len(), sources.len(), "and writes nothing");
    }
}
