//! The XP ledger in SQLite: an award is a row keyed by (owner, source), so claiming it again,
//! or many times at once, changes nothing. Totals are derived from the rows.

/// The source of a lesson read, and of a lesson's exercise completed.
pub fn lesson_read(slug: &str) -> String {
    format!("read:{slug}")
}

pub fn exercise_completed(slug: &str) -> String {
    format!("exercise:{slug}")
}

/// The source of an achievement's bonus.
pub fn achievement_unlocked(id: &str) -> String {
    format!("achievement:{id}")
}

/// One row of the ledger.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Award {
    pub source: String,
    pub amount: u32,
    /// Unix milliseconds.
    pub awarded_at: i64,
}

/// Awards `amount` XP to `owner` for `source`, once: `true` when this call made the award.
pub async fn award(
    db: impl sqlx::AnyExecutor<'_>,
    owner: &str,
    source: &str,
    amount: u32,
) -> Result<bool, sqlx::Error> {
    let now = crate::clock::now_ms_i64();
    let inserted = sqlx::query(
        "INSERT INTO xp_awards (owner, source, amount, awarded_at) VALUES ($1, $2, $3, $4) ON CONFLICT DO NOTHING",
    )
    .bind(owner)
    .bind(source)
    .bind(i64::from(amount))
    .bind(now)
    .execute(db)
    .await?
    .rows_affected();
    Ok(inserted == 1)
}

/// Every award of `owner`, oldest first.
pub async fn awards(db: impl sqlx::AnyExecutor<'_>, owner: &str) -> Result<Vec<Award>, sqlx::Error> {
    let rows: Vec<(String, i64, i64)> =
        sqlx::query_as("SELECT source, amount, awarded_at FROM xp_awards WHERE owner = $1 ORDER BY awarded_at, source")
            .bind(owner)
            .fetch_all(db)
            .await?;
    Ok(rows
        .into_iter()
        .map(|(source, amount, awarded_at)| Award {
            source,
            amount: amount.clamp(0, i64::from(u32::MAX)) as u32,
            awarded_at,
        })
        .collect())
}

#[cfg(test)]
mod tests {
    use super::*;
    use sqlx::AnyPool;

    async fn db() -> (AnyPool, tempfile::TempDir) {
        crate::database::temporary().await
    }

    #[tokio::test]
    async fn a_hundred_concurrent_claims_of_one_award_leave_one_row() {
        let (db, _dir) = db().await;
        let claims = (0..100).map(|_| {
            let db = db.clone();
            tokio::spawn(async move { award(&db, "ann", "read:push-not-poll", 10).await.unwrap() })
        });
        let made: Vec<bool> = futures_util::future::join_all(claims).await.into_iter().map(Result::unwrap).collect();
        assert_eq!(made.iter().filter(|m| **m).count(), 1, "exactly one claim made the award");
        let rows = awards(&db, "ann").await.unwrap();
        assert_eq!(
            rows.iter().map(|a| (a.source.as_str(), a.amount)).collect::<Vec<_>>(),
            [("read:push-not-poll", 10)]
        );
    }

    #[tokio::test]
    async fn each_owner_has_their_own_awards() {
        let (db, _dir) = db().await;
        assert!(award(&db, "ann", &lesson_read("a"), 10).await.unwrap());
        assert!(award(&db, "bob", &lesson_read("a"), 10).await.unwrap());
        assert!(award(&db, "ann", &exercise_completed("a"), 40).await.unwrap());
        assert_eq!(awards(&db, "ann").await.unwrap().iter().map(|a| a.amount).sum::<u32>(), 50);
        assert_eq!(awards(&db, "bob").await.unwrap().len(), 1);
    }
}
