//! The live nodes, one row each in the shared database: a node claims its name at start, renews
//! the claim every few seconds, and lets it go when it stops. A name whose claim has not been
//! renewed for [`DEAD_AFTER_MS`] is free again (its node died without letting go); so is one whose
//! holder ran on this host under a process that is gone (a node killed and started again at once).

use sqlx::AnyPool;

/// How often a live node renews its claim.
pub const RENEW_EVERY_MS: i64 = 2_000;
/// A claim not renewed for this long belongs to a dead node.
pub const DEAD_AFTER_MS: i64 = 10_000;

/// A node's claim on its name: which process holds it, where.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Holder {
    pub host: String,
    pub pid: i64,
    /// Random per start: a node that finds another instance in its row has lost its name.
    pub instance: String,
}

#[derive(Debug, thiserror::Error)]
pub enum ClaimError {
    #[error(
        "another live node is named {node} (process {pid} on {host}, seen {seen_ms} ms ago); give this one another --node-id"
    )]
    Taken { node: String, host: String, pid: i64, seen_ms: i64 },
    #[error(transparent)]
    Database(#[from] sqlx::Error),
}

/// Claims `node` for `holder`, unless a live node holds it. `gone` says whether a process of
/// this host is gone (a holder on this host whose process is gone frees the name at once).
pub async fn claim(db: &AnyPool, node: &str, holder: &Holder, gone: impl Fn(i64) -> bool) -> Result<(), ClaimError> {
    let now = crate::clock::now_ms_i64();
    let mut tx = crate::database::begin_write(db, &format!("node:{node}")).await?;
    let current: Option<(String, i64, String, i64)> =
        sqlx::query_as("SELECT host, pid, instance, seen_at FROM nodes WHERE id = $1")
            .bind(node)
            .fetch_optional(&mut *tx)
            .await?;
    if let Some((host, pid, instance, seen_at)) = current {
        let alive = now - seen_at < DEAD_AFTER_MS && !(host == holder.host && gone(pid));
        if alive && instance != holder.instance {
            return Err(ClaimError::Taken { node: node.to_string(), host, pid, seen_ms: now - seen_at });
        }
    }
    sqlx::query(
        "INSERT INTO nodes (id, host, pid, instance, seen_at) VALUES ($1, $2, $3, $4, $5)
         ON CONFLICT (id) DO UPDATE SET host = excluded.host, pid = excluded.pid, instance = excluded.instance,
         seen_at = excluded.seen_at",
    )
    .bind(node)
    .bind(&holder.host)
    .bind(holder.pid)
    .bind(&holder.instance)
    .bind(now)
    .execute(&mut *tx)
    .await?;
    tx.commit().await?;
    Ok(())
}

/// Renews the claim; `false` when the row is another instance's now (this node was taken for
/// dead and its name given to another).
pub async fn renew(db: &AnyPool, node: &str, holder: &Holder) -> Result<bool, sqlx::Error> {
    let done = sqlx::query("UPDATE nodes SET seen_at = $1 WHERE id = $2 AND instance = $3")
        .bind(crate::clock::now_ms_i64())
        .bind(node)
        .bind(&holder.instance)
        .execute(db)
        .await?;
    Ok(done.rows_affected() == 1)
}

/// Lets the name go (a node that stops).
pub async fn release(db: &AnyPool, node: &str, holder: &Holder) -> Result<(), sqlx::Error> {
    sqlx::query("DELETE FROM nodes WHERE id = $1 AND instance = $2")
        .bind(node)
        .bind(&holder.instance)
        .execute(db)
        .await?;
    Ok(())
}

/// The nodes alive now, by name.
pub async fn alive(db: &AnyPool) -> Result<Vec<String>, sqlx::Error> {
    sqlx::query_scalar("SELECT id FROM nodes WHERE seen_at > $1 ORDER BY id")
        .bind(crate::clock::now_ms_i64() - DEAD_AFTER_MS)
        .fetch_all(db)
        .await
}

#[cfg(test)]
mod tests {
    use super::*;

    fn holder(host: &str, pid: i64, instance: &str) -> Holder {
        Holder { host: host.into(), pid, instance: instance.into() }
    }

    #[tokio::test]
    async fn a_name_is_held_by_one_live_node_and_freed_when_it_stops_or_its_process_is_gone() {
        let (db, _dir) = crate::database::temporary().await;
        let first = holder("web1", 100, "a");
        claim(&db, "n1", &first, |_| false).await.unwrap();
        let second = holder("web2", 200, "b");
        let taken = claim(&db, "n1", &second, |_| false).await.unwrap_err();
        assert!(taken.to_string().contains("process 100 on web1"), "{taken}");
        claim(&db, "n2", &second, |_| false).await.unwrap();
        assert_eq!(alive(&db).await.unwrap(), ["n1", "n2"]);

        // Killed and started again on the same host: its old process is gone, the name is free.
        let again = holder("web1", 101, "c");
        claim(&db, "n1", &again, |pid| pid == 100).await.unwrap();
        assert!(!renew(&db, "n1", &first).await.unwrap(), "the old instance lost its name");
        assert!(renew(&db, "n1", &again).await.unwrap());

        release(&db, "n1", &again).await.unwrap();
        claim(&db, "n1", &second, |_| false).await.unwrap();
    }

    #[tokio::test]
    async fn a_claim_not_renewed_is_a_dead_nodes_and_free() {
        let (db, _dir) = crate::database::temporary().await;
        claim(&db, "n1", &holder("web1", 100, "a"), |_| false).await.unwrap();
        sqlx::query("UPDATE nodes SET seen_at = seen_at - $1").bind(DEAD_AFTER_MS + 1).execute(&db).await.unwrap();
        assert!(alive(&db).await.unwrap().is_empty());
        claim(&db, "n1", &holder("web2", 200, "b"), |_| false).await.unwrap();
    }
}
