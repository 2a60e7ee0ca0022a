//! The site's sandbox places: one row per live sandbox of any node (whose it is, from which
//! address, for which lesson), so the per-learner and per-address limits hold for the whole site,
//! not per node. A node decides on a new sandbox in one write transaction (`begin`): it counts
//! what the learner and their address hold on the other live nodes, makes room if it must, and
//! writes its row. Each node keeps its own rows true (`reconcile`): it deletes the rows of its
//! sandboxes that ended, and learns which of its sandboxes another node took the place of (the
//! same learner opened the same lesson there, or needed the room), so it can end them.
//!
//! A node counts its own sandboxes from its registry, which is exact and immediate; the rows are
//! for the others, so a row that outlives its sandbox by a reconcile tick only makes the other
//! nodes a little stricter for a moment. Rows of a node that is not alive count for nothing.

use std::collections::HashSet;
use std::net::IpAddr;

use sqlx::{Any, AnyPool, Transaction};

use super::membership::DEAD_AFTER_MS;

/// A sandbox's place, as written by the node that runs it.
#[derive(Clone, Debug)]
pub struct Place<'a> {
    pub sandbox: &'a str,
    pub node: &'a str,
    pub owner: &'a str,
    pub address: IpAddr,
    pub lesson: Option<&'a str>,
}

/// What a learner and their address hold on the other live nodes.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Elsewhere {
    pub owner: usize,
    pub address: usize,
    /// The learner's oldest sandbox elsewhere (its id and lesson), the one that makes room.
    pub owners_oldest: Option<(String, Option<String>)>,
}

/// Starts a decision on a place for `owner` at `address`: decisions for one address, and for one
/// learner, take their turns (locks held until commit or drop; the address's first, always);
/// others run side by side. A decision is a few statements; the sandbox's launch comes after.
pub async fn begin(db: &AnyPool, owner: &str, address: IpAddr) -> Result<Transaction<'static, Any>, sqlx::Error> {
    let (address, owner) = (format!("places:address:{address}"), format!("places:owner:{owner}"));
    crate::database::begin_write_in(db, &[&address, &owner]).await
}

/// The moment before which a node's rows count for nothing: it has not renewed its name since.
fn alive_since() -> i64 {
    crate::clock::now_ms_i64() - DEAD_AFTER_MS
}

/// Gives up the learner's places for `lesson` on other nodes: one learner has one sandbox per
/// lesson, and the one opened now replaces it (its node ends it; a dead node's is gone already).
pub async fn replace_lesson(
    tx: &mut Transaction<'_, Any>,
    node: &str,
    owner: &str,
    lesson: &str,
) -> Result<u64, sqlx::Error> {
    let done = sqlx::query("DELETE FROM sandbox_places WHERE owner = $1 AND lesson = $2 AND node != $3")
        .bind(owner)
        .bind(lesson)
        .bind(node)
        .execute(&mut **tx)
        .await?;
    Ok(done.rows_affected())
}

/// What the learner and the address hold on the live nodes other than `node`: one statement, as
/// a decision holds its locks (and a connection) until it commits.
pub async fn held_elsewhere(
    tx: &mut Transaction<'_, Any>,
    node: &str,
    owner: &str,
    address: IpAddr,
) -> Result<Elsewhere, sqlx::Error> {
    const LIVE_ELSEWHERE: &str =
        "FROM sandbox_places p JOIN nodes n ON n.id = p.node WHERE p.node != $2 AND n.seen_at > $3";
    const OWNERS_OLDEST: &str = "AND p.owner = $1 ORDER BY p.taken_at, p.sandbox_id LIMIT 1";
    let (owner_count, address_count, oldest, oldest_lesson): (i64, i64, Option<String>, Option<String>) =
        sqlx::query_as(&format!(
            "SELECT (SELECT COUNT(*) {LIVE_ELSEWHERE} AND p.owner = $1),
                    (SELECT COUNT(*) {LIVE_ELSEWHERE} AND p.address = $4),
                    (SELECT p.sandbox_id {LIVE_ELSEWHERE} {OWNERS_OLDEST}),
                    (SELECT p.lesson {LIVE_ELSEWHERE} {OWNERS_OLDEST})"
        ))
        .bind(owner)
        .bind(node)
        .bind(alive_since())
        .bind(address.to_string())
        .fetch_one(&mut **tx)
        .await?;
    Ok(Elsewhere {
        owner: owner_count as usize,
        address: address_count as usize,
        owners_oldest: oldest.map(|id| (id, oldest_lesson)),
    })
}

/// Takes a sandbox's place away from its node (which ends the sandbox when it next reconciles).
pub async fn evict(tx: &mut Transaction<'_, Any>, sandbox: &str) -> Result<(), sqlx::Error> {
    sqlx::query("DELETE FROM sandbox_places WHERE sandbox_id = $1").bind(sandbox).execute(&mut **tx).await?;
    Ok(())
}

/// Writes a new sandbox's place.
pub async fn take(tx: &mut Transaction<'_, Any>, place: &Place<'_>) -> Result<(), sqlx::Error> {
    sqlx::query(
        "INSERT INTO sandbox_places (sandbox_id, node, owner, address, lesson, taken_at) VALUES ($1, $2, $3, $4, $5, $6)",
    )
    .bind(place.sandbox)
    .bind(place.node)
    .bind(place.owner)
    .bind(place.address.to_string())
    .bind(place.lesson)
    .bind(crate::clock::now_ms_i64())
    .execute(&mut **tx)
    .await?;
    Ok(())
}

/// The sandboxes `node` has places for.
pub async fn of_node(db: &AnyPool, node: &str) -> Result<HashSet<String>, sqlx::Error> {
    let ids: Vec<String> =
        sqlx::query_scalar("SELECT sandbox_id FROM sandbox_places WHERE node = $1").bind(node).fetch_all(db).await?;
    Ok(ids.into_iter().collect())
}

/// Deletes the places of sandboxes that ended.
pub async fn give_back(db: &AnyPool, sandboxes: &[String]) -> Result<(), sqlx::Error> {
    for sandbox in sandboxes {
        sqlx::query("DELETE FROM sandbox_places WHERE sandbox_id = $1").bind(sandbox).execute(db).await?;
    }
    Ok(())
}

/// Every place of `node`, given back at once (a node that starts holds no sandbox yet).
pub async fn give_back_all(db: &AnyPool, node: &str) -> Result<(), sqlx::Error> {
    sqlx::query("DELETE FROM sandbox_places WHERE node = $1").bind(node).execute(db).await?;
    Ok(())
}

/// Deletes the places of nodes that are not alive (their sandboxes died with them). Asked first
/// with a read, since nearly always there are none, and every node asks every few seconds (a
/// write takes SQLite's one write lock, even to delete nothing).
pub async fn forget_dead_nodes(db: &AnyPool) -> Result<u64, sqlx::Error> {
    const DEAD: &str = "node NOT IN (SELECT id FROM nodes WHERE seen_at > $1)";
    let since = alive_since();
    let dead: i64 = sqlx::query_scalar(&format!("SELECT COUNT(*) FROM sandbox_places WHERE {DEAD}"))
        .bind(since)
        .fetch_one(db)
        .await?;
    if dead == 0 {
        return Ok(0);
    }
    let done = sqlx::query(&format!("DELETE FROM sandbox_places WHERE {DEAD}")).bind(since).execute(db).await?;
    Ok(done.rows_affected())
}

/// The places of an anonymous learner who signed in are the account's now.
pub async fn reown(db: &AnyPool, from: &str, to: &str) -> Result<(), sqlx::Error> {
    sqlx::query("UPDATE sandbox_places SET owner = $1 WHERE owner = $2").bind(to).bind(from).execute(db).await?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::cluster::membership::{Holder, claim};

    async fn place(db: &AnyPool, sandbox: &str, node: &str, owner: &str, address: &str, lesson: Option<&str>) {
        let address = address.parse().unwrap();
        let mut tx = begin(db, owner, address).await.unwrap();
        take(&mut tx, &Place { sandbox, node, owner, address, lesson }).await.unwrap();
        tx.commit().await.unwrap();
    }

    async fn elsewhere(db: &AnyPool, node: &str, owner: &str, address: &str) -> Elsewhere {
        let address = address.parse().unwrap();
        let mut tx = begin(db, owner, address).await.unwrap();
        held_elsewhere(&mut tx, node, owner, address).await.unwrap()
    }

    #[tokio::test]
    async fn other_live_nodes_places_count_and_a_lesson_reopened_replaces_its_place() {
        let (db, _dir) = crate::database::temporary().await;
        for (node, instance) in [("n1", "a"), ("n2", "b")] {
            let holder = Holder { host: "h".into(), pid: 1, instance: instance.into() };
            claim(&db, node, &holder, |_| false).await.unwrap();
        }
        place(&db, "n1.x", "n1", "ann", "10.0.0.1", Some("intro")).await;
        place(&db, "n1.y", "n1", "bob", "10.0.0.1", None).await;
        place(&db, "n2.z", "n2", "ann", "10.0.0.2", Some("pubsub")).await;

        let seen_from_n2 = elsewhere(&db, "n2", "ann", "10.0.0.1").await;
        assert_eq!((seen_from_n2.owner, seen_from_n2.address), (1, 2), "n2 counts only n1's places");
        assert_eq!(seen_from_n2.owners_oldest, Some(("n1.x".into(), Some("intro".into()))));
        let seen_from_n3 = elsewhere(&db, "n3", "ann", "10.0.0.1").await;
        assert_eq!((seen_from_n3.owner, seen_from_n3.address), (2, 2));

        // Ann opens `intro` on n2: her place for it on n1 is given up, and n1 learns so.
        let mut tx = begin(&db, "ann", "10.0.0.2".parse().unwrap()).await.unwrap();
        assert_eq!(replace_lesson(&mut tx, "n2", "ann", "intro").await.unwrap(), 1);
        tx.commit().await.unwrap();
        assert_eq!(of_node(&db, "n1").await.unwrap(), HashSet::from(["n1.y".to_string()]));

        // A node that stops renewing its name is dead: its places count for nothing, then go.
        sqlx::query("UPDATE nodes SET seen_at = 0 WHERE id = 'n1'").execute(&db).await.unwrap();
        assert_eq!(elsewhere(&db, "n2", "bob", "10.0.0.1").await, Elsewhere::default());
        assert_eq!(forget_dead_nodes(&db).await.unwrap(), 1);
        assert!(of_node(&db, "n1").await.unwrap().is_empty());

        reown(&db, "ann", "acct").await.unwrap();
        give_back(&db, &["n2.z".to_string()]).await.unwrap();
        assert!(of_node(&db, "n2").await.unwrap().is_empty());
    }
}
