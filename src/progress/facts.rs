//! Facts about a learner that outlive their sandboxes, in SQLite: a row per (owner, fact), the
//! first time it was observed. Achievements read them.

/// Records `fact` for `owner`, once: `true` when this call recorded it.
pub async fn record(db: impl sqlx::AnyExecutor<'_>, owner: &str, fact: &str) -> Result<bool, sqlx::Error> {
    let now = crate::clock::now_ms_i64();
    let inserted =
        sqlx::query("INSERT INTO learner_facts (owner, fact, observed_at) VALUES ($1, $2, $3) ON CONFLICT DO NOTHING")
            .bind(owner)
            .bind(fact)
            .bind(now)
            .execute(db)
            .await?
            .rows_affected();
    Ok(inserted == 1)
}

/// Every fact recorded for `owner`.
pub async fn of(db: impl sqlx::AnyExecutor<'_>, owner: &str) -> Result<Vec<String>, sqlx::Error> {
    sqlx::query_scalar("SELECT fact FROM learner_facts WHERE owner = $1 ORDER BY observed_at, fact")
        .bind(owner)
        .fetch_all(db)
        .await
}
