//! Everything progress keeps under one owner id, handled as a whole: moved into an account when
//! an anonymous learner signs in (a union: each award, fact and completion counted once), read out
//! for "download your data", deleted with the account, and removed when anonymous progress has
//! not been visited for the keeping period.

use serde::Serialize;
use sqlx::{AnyConnection, AnyPool};

/// A table that holds rows per owner: its owner column, its key column (unique per owner) and
/// the rest of its columns.
struct OwnedTable {
    name: &'static str,
    owner: &'static str,
    key: &'static str,
    rest: &'static str,
}

const TABLES: [OwnedTable; 4] = [
    OwnedTable { name: "xp_awards", owner: "owner", key: "source", rest: "amount, awarded_at" },
    OwnedTable { name: "learner_facts", owner: "owner", key: "fact", rest: "observed_at" },
    OwnedTable { name: "exercise_completions", owner: "learner", key: "lesson", rest: "completed_at" },
    OwnedTable { name: "lesson_steps", owner: "owner", key: "step", rest: "lesson, at" },
];

/// Moves `from`'s progress to `into`, in one transaction. Rows `into` already has win (an award
/// both earned stays the account's, with its date). Only the rows now present under `into` are
/// removed from `from`, so a row written meanwhile (under a database that reads each statement
/// anew) is never lost: a later merge moves it.
pub async fn merge_into(db: &AnyPool, from: &str, into: &str) -> Result<(), sqlx::Error> {
    if from == into {
        return Ok(());
    }
    let mut tx = crate::database::begin_write(db, &super::claims::progress_scope(into)).await?;
    for OwnedTable { name, owner, key, rest } in TABLES {
        sqlx::query(&format!(
            "INSERT INTO {name} ({owner}, {key}, {rest}) SELECT $1, {key}, {rest} FROM {name} WHERE {owner} = $2 ON CONFLICT DO NOTHING"
        ))
        .bind(into)
        .bind(from)
        .execute(&mut *tx)
        .await?;
        sqlx::query(&format!(
            "DELETE FROM {name} WHERE {owner} = $1 AND {key} IN (SELECT {key} FROM {name} WHERE {owner} = $2)"
        ))
        .bind(from)
        .bind(into)
        .execute(&mut *tx)
        .await?;
    }
    sqlx::query("DELETE FROM learners WHERE owner = $1").bind(from).execute(&mut *tx).await?;
    tx.commit().await
}

/// Removes everything progress keeps for `owner`, inside the caller's transaction (an account's
/// deletion removes the account row in the same one).
pub async fn delete_in(tx: &mut AnyConnection, owner: &str) -> Result<(), sqlx::Error> {
    for OwnedTable { name, owner: column, .. } in TABLES {
        sqlx::query(&format!("DELETE FROM {name} WHERE {column} = $1")).bind(owner).execute(&mut *tx).await?;
    }
    sqlx::query("DELETE FROM learners WHERE owner = $1").bind(owner).execute(&mut *tx).await?;
    Ok(())
}

/// Removes everything progress keeps for `owner`.
pub async fn delete(db: &AnyPool, owner: &str) -> Result<(), sqlx::Error> {
    let mut tx = db.begin().await?;
    delete_in(&mut tx, owner).await?;
    tx.commit().await
}

/// A learner's progress as they download it.
#[derive(Debug, Serialize)]
pub struct Export {
    pub awards: Vec<ExportedAward>,
    pub facts: Vec<ExportedFact>,
    pub completed_exercises: Vec<ExportedCompletion>,
    /// Exercise steps: sandbox started, checks passed, hints opened.
    pub lesson_steps: Vec<ExportedStep>,
}

#[derive(Debug, Serialize, sqlx::FromRow)]
pub struct ExportedStep {
    pub step: String,
    pub at: i64,
}

#[derive(Debug, Serialize, sqlx::FromRow)]
pub struct ExportedAward {
    pub source: String,
    pub amount: i64,
    pub awarded_at: i64,
}

#[derive(Debug, Serialize, sqlx::FromRow)]
pub struct ExportedFact {
    pub fact: String,
    pub observed_at: i64,
}

#[derive(Debug, Serialize, sqlx::FromRow)]
pub struct ExportedCompletion {
    pub lesson: String,
    pub completed_at: i64,
}

pub async fn export(db: &AnyPool, owner: &str) -> Result<Export, sqlx::Error> {
    Ok(Export {
        awards: sqlx::query_as("SELECT source, amount, awarded_at FROM xp_awards WHERE owner = $1 ORDER BY awarded_at")
            .bind(owner)
            .fetch_all(db)
            .await?,
        facts: sqlx::query_as("SELECT fact, observed_at FROM learner_facts WHERE owner = $1 ORDER BY observed_at")
            .bind(owner)
            .fetch_all(db)
            .await?,
        completed_exercises: sqlx::query_as(
            "SELECT lesson, completed_at FROM exercise_completions WHERE learner = $1 ORDER BY completed_at",
        )
        .bind(owner)
        .fetch_all(db)
        .await?,
        lesson_steps: sqlx::query_as("SELECT step, at FROM lesson_steps WHERE owner = $1 ORDER BY at")
            .bind(owner)
            .fetch_all(db)
            .await?,
    })
}

/// Notes that `owner` was here now (at most one write a minute per learner).
pub async fn seen(db: &AnyPool, owner: &str) -> Result<(), sqlx::Error> {
    let now = crate::clock::now_ms_i64();
    sqlx::query(
        "INSERT INTO learners (owner, last_seen_at) VALUES ($1, $2)
         ON CONFLICT (owner) DO UPDATE SET last_seen_at = excluded.last_seen_at
         WHERE learners.last_seen_at < excluded.last_seen_at - 60000",
    )
    .bind(owner)
    .bind(now)
    .execute(db)
    .await?;
    Ok(())
}

/// Removes the progress of anonymous learners (owners without an account) not seen for
/// `keep_ms`; returns how many learners were removed.
pub async fn remove_expired_anonymous(db: &AnyPool, keep_ms: i64) -> Result<usize, sqlx::Error> {
    let cutoff = crate::clock::now_ms_i64() - keep_ms;
    let expired: Vec<String> = sqlx::query_scalar(
        "SELECT owner FROM learners WHERE last_seen_at < $1 AND owner NOT IN (SELECT id FROM accounts)",
    )
    .bind(cutoff)
    .fetch_all(db)
    .await?;
    for owner in &expired {
        delete(db, owner).await?;
    }
    Ok(expired.len())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::progress::{facts, ledger};

    async fn db() -> (AnyPool, tempfile::TempDir) {
        crate::database::temporary().await
    }

    #[tokio::test]
    async fn merging_two_overlapping_histories_counts_each_source_once() {
        let (db, _dir) = db().await;
        for source in ["read:a", "read:b", "exercise:a"] {
            ledger::award(&db, "anon", source, 10).await.unwrap();
        }
        for source in ["read:b", "read:c"] {
            ledger::award(&db, "acct", source, 10).await.unwrap();
        }
        facts::record(&db, "anon", "sandbox:first-crossing").await.unwrap();
        facts::record(&db, "acct", "sandbox:first-crossing").await.unwrap();
        merge_into(&db, "anon", "acct").await.unwrap();
        let mut sources: Vec<String> =
            ledger::awards(&db, "acct").await.unwrap().into_iter().map(|a| a.source).collect();
        sources.sort();
        assert_eq!(sources, ["exercise:a", "read:a", "read:b", "read:c"]);
        assert_eq!(facts::of(&db, "acct").await.unwrap(), ["sandbox:first-crossing"]);
        assert!(ledger::awards(&db, "anon").await.unwrap().is_empty(), "nothing left behind");
        merge_into(&db, "anon", "acct").await.unwrap();
        assert_eq!(ledger::awards(&db, "acct").await.unwrap().len(), 4, "a second merge changes nothing");
    }

    #[tokio::test]
    async fn anonymous_progress_expires_and_an_accounts_does_not() {
        let (db, _dir) = db().await;
        for owner in ["anon", "acct"] {
            ledger::award(&db, owner, "read:a", 10).await.unwrap();
            seen(&db, owner).await.unwrap();
        }
        crate::auth::accounts::create(&db, "acct", "ada", None, "hash").await.unwrap();
        assert_eq!(remove_expired_anonymous(&db, 60_000).await.unwrap(), 0, "both seen just now");
        assert_eq!(remove_expired_anonymous(&db, -1).await.unwrap(), 1, "past the keeping period");
        assert!(ledger::awards(&db, "anon").await.unwrap().is_empty());
        assert_eq!(ledger::awards(&db, "acct").await.unwrap().len(), 1);
    }
}
