//! What learners did in a lesson's exercise (started its sandbox, passed each check, opened each
//! hint), once per learner, and the funnel instructors read from it: of those who started, how
//! many passed each check, opened its hint, and completed the exercise. Counted from what was
//! recorded when it happened, never from a sandbox's in-memory log.

use serde::{Deserialize, Serialize};
#[cfg(feature = "ssr")]
use sqlx::AnyPool;

#[cfg(feature = "ssr")]
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Step<'a> {
    Started,
    Passed(&'a str),
    HintOpened(&'a str),
}

#[cfg(feature = "ssr")]
impl Step<'_> {
    fn key(&self, lesson: &str) -> String {
        match self {
            Step::Started => format!("{lesson}/started"),
            Step::Passed(check) => format!("{lesson}/check:{check}"),
            Step::HintOpened(check) => format!("{lesson}/hint:{check}"),
        }
    }
}

#[cfg(feature = "ssr")]
/// Records that `owner` took `step` in `lesson` (the first time counts; again is nothing).
pub async fn record(db: &AnyPool, owner: &str, lesson: &str, step: Step<'_>) -> Result<(), sqlx::Error> {
    sqlx::query("INSERT INTO lesson_steps (owner, step, lesson, at) VALUES ($1, $2, $3, $4) ON CONFLICT DO NOTHING")
        .bind(owner)
        .bind(step.key(lesson))
        .bind(lesson)
        .bind(crate::clock::now_ms_i64())
        .execute(db)
        .await?;
    Ok(())
}

/// One lesson's funnel.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Funnel {
    pub lesson: String,
    pub title: String,
    pub started: i64,
    pub checks: Vec<CheckCounts>,
    pub completed: i64,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct CheckCounts {
    pub text: String,
    pub passed: i64,
    pub hints_opened: i64,
}

#[cfg(feature = "ssr")]
/// The funnel of `lesson`, whose checks are `checks` (id and text, in order).
pub async fn funnel(
    db: &AnyPool,
    lesson: &str,
    title: &str,
    checks: &[(String, String)],
) -> Result<Funnel, sqlx::Error> {
    let counts: Vec<(String, i64)> =
        sqlx::query_as("SELECT step, COUNT(*) FROM lesson_steps WHERE lesson = $1 GROUP BY step")
            .bind(lesson)
            .fetch_all(db)
            .await?;
    let count = |step: Step| counts.iter().find(|(key, _)| *key == step.key(lesson)).map_or(0, |(_, n)| *n);
    // Completions of learners whose start was recorded: the funnel's rows count the same people
    // (completions stored before steps were recorded would make it exceed its start).
    let completed = sqlx::query_scalar(
        "SELECT COUNT(*) FROM exercise_completions c WHERE c.lesson = $1
         AND EXISTS (SELECT 1 FROM lesson_steps s WHERE s.owner = c.learner AND s.step = $2)",
    )
    .bind(lesson)
    .bind(Step::Started.key(lesson))
    .fetch_one(db)
    .await?;
    Ok(Funnel {
        lesson: lesson.to_string(),
        title: title.to_string(),
        started: count(Step::Started),
        checks: checks
            .iter()
            .map(|(id, text)| CheckCounts {
                text: text.clone(),
                passed: count(Step::Passed(id)),
                hints_opened: count(Step::HintOpened(id)),
            })
            .collect(),
        completed,
    })
}

#[cfg(all(test, feature = "ssr"))]
mod tests {
    use super::*;

    #[tokio::test]
    async fn the_funnel_counts_each_learner_once_per_step() {
        let (db, _dir) = crate::database::temporary().await;
        for owner in ["ann", "bob", "cy"] {
            record(&db, owner, "l1", Step::Started).await.unwrap();
        }
        record(&db, "ann", "l1", Step::Started).await.unwrap();
        record(&db, "ann", "l1", Step::Passed("a")).await.unwrap();
        record(&db, "bob", "l1", Step::Passed("a")).await.unwrap();
        record(&db, "bob", "l1", Step::HintOpened("b")).await.unwrap();
        record(&db, "bob", "l2", Step::Passed("b")).await.unwrap();
        let checks = [("a".to_string(), "A".to_string()), ("b".to_string(), "B".to_string())];
        let funnel = funnel(&db, "l1", "Lesson one", &checks).await.unwrap();
        assert_eq!(funnel.started, 3);
        assert_eq!((funnel.checks[0].passed, funnel.checks[0].hints_opened), (2, 0));
        assert_eq!((funnel.checks[1].passed, funnel.checks[1].hints_opened), (0, 1));
        assert_eq!(funnel.completed, 0);
    }
}
