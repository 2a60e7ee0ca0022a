//! The report rows: written with the snapshot as JSON, listed open (or all) for instructors,
//! closed with a note; a learner's own for their data download, and gone with their account.

use sqlx::AnyPool;

use super::SandboxSnapshot;

#[derive(Debug, sqlx::FromRow)]
pub struct Row {
    pub id: i64,
    pub lesson: String,
    pub reporter: Option<String>,
    pub reporter_name: Option<String>,
    pub contact: Option<String>,
    pub what: String,
    pub snapshot: Option<String>,
    pub created_at: i64,
    pub closed_at: Option<i64>,
    pub close_note: Option<String>,
}

impl Row {
    /// The snapshot, if one was taken (and still reads: an older shape is dropped, not fatal).
    pub fn snapshot(&self) -> Option<SandboxSnapshot> {
        self.snapshot.as_deref().and_then(|json| serde_json::from_str(json).ok())
    }
}

pub struct NewReport<'a> {
    pub lesson: &'a str,
    pub reporter: Option<&'a str>,
    pub contact: Option<&'a str>,
    pub what: &'a str,
    pub snapshot: Option<&'a SandboxSnapshot>,
}

pub async fn create(db: &AnyPool, report: NewReport<'_>) -> Result<i64, sqlx::Error> {
    let snapshot = report.snapshot.map(|s| serde_json::to_string(s).expect("a snapshot serialises"));
    sqlx::query_scalar(
        "INSERT INTO problem_reports (lesson, reporter, contact, what, snapshot, created_at)
         VALUES ($1, $2, $3, $4, $5, $6) RETURNING id",
    )
    .bind(report.lesson)
    .bind(report.reporter)
    .bind(report.contact)
    .bind(report.what)
    .bind(snapshot)
    .bind(crate::clock::now_ms_i64())
    .fetch_one(db)
    .await
}

const SELECT: &str = "SELECT r.id, r.lesson, r.reporter, a.username AS reporter_name, r.contact, r.what, r.snapshot,
     r.created_at, r.closed_at, r.close_note FROM problem_reports r LEFT JOIN accounts a ON a.id = r.reporter";

/// Open reports (or every report, `closed_too`), oldest first, of one lesson or all.
pub async fn list(db: &AnyPool, lesson: Option<&str>, closed_too: bool) -> Result<Vec<Row>, sqlx::Error> {
    sqlx::query_as(&format!(
        "{SELECT} WHERE ($1 OR r.closed_at IS NULL) AND ($2 IS NULL OR r.lesson = $3) ORDER BY r.id"
    ))
    .bind(closed_too)
    .bind(lesson)
    .bind(lesson)
    .fetch_all(db)
    .await
}

/// Closes the open report `id` with the instructor's note; false when there is no such open report.
pub async fn close(db: &AnyPool, id: i64, instructor: &str, note: &str) -> Result<bool, sqlx::Error> {
    let done = sqlx::query(
        "UPDATE problem_reports SET closed_at = $1, closed_by = $2, close_note = $3 WHERE id = $4 AND closed_at IS NULL",
    )
    .bind(crate::clock::now_ms_i64())
    .bind(instructor)
    .bind(note)
    .bind(id)
    .execute(db)
    .await?;
    Ok(done.rows_affected() == 1)
}

/// A learner's reports, for their data download.
#[derive(Debug, serde::Serialize, sqlx::FromRow)]
pub struct Sent {
    pub id: i64,
    pub lesson: String,
    pub what: String,
    pub contact: Option<String>,
    pub created_at: i64,
    pub closed_at: Option<i64>,
    pub close_note: Option<String>,
}

pub async fn sent_by(db: &AnyPool, owner: &str) -> Result<Vec<Sent>, sqlx::Error> {
    sqlx::query_as(
        "SELECT id, lesson, what, contact, created_at, closed_at, close_note FROM problem_reports
         WHERE reporter = $1 ORDER BY id",
    )
    .bind(owner)
    .fetch_all(db)
    .await
}

/// A deleted account's reports go with it (inside the caller's transaction).
pub async fn delete_reporter_in(tx: &mut sqlx::AnyConnection, owner: &str) -> Result<(), sqlx::Error> {
    sqlx::query("DELETE FROM problem_reports WHERE reporter = $1").bind(owner).execute(&mut *tx).await?;
    sqlx::query("UPDATE problem_reports SET closed_by = NULL WHERE closed_by = $1")
        .bind(owner)
        .execute(&mut *tx)
        .await?;
    Ok(())
}

/// An anonymous learner signed in: their reports are the account's now (in its data download,
/// and gone with it).
pub async fn reown(db: &AnyPool, from: &str, into: &str) -> Result<(), sqlx::Error> {
    sqlx::query("UPDATE problem_reports SET reporter = $1 WHERE reporter = $2")
        .bind(into)
        .bind(from)
        .execute(db)
        .await?;
    Ok(())
}
