//! Completed exercises, stored per learner and lesson (once: a second completion of the same
//! exercise, after "Reset exercise", keeps the first date).

/// Stores that `learner` completed `lesson`'s exercise now; a repeat changes nothing.
pub async fn record(db: impl sqlx::AnyExecutor<'_>, learner: &str, lesson: &str) -> Result<(), sqlx::Error> {
    let now = crate::clock::now_ms_i64();
    sqlx::query(
        "INSERT INTO exercise_completions (learner, lesson, completed_at) VALUES ($1, $2, $3) ON CONFLICT DO NOTHING",
    )
    .bind(learner)
    .bind(lesson)
    .bind(now)
    .execute(db)
    .await?;
    Ok(())
}

/// The lessons whose exercise `learner` completed.
pub async fn completed_by(db: impl sqlx::AnyExecutor<'_>, learner: &str) -> Result<Vec<String>, sqlx::Error> {
    sqlx::query_scalar("SELECT lesson FROM exercise_completions WHERE learner = $1 ORDER BY completed_at")
        .bind(learner)
        .fetch_all(db)
        .await
}
