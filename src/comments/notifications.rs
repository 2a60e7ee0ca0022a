//! Replies waiting to be read: one row per reply and the author of the comment it answers (the
//! store writes it with the reply), read once opened. A learner may turn them off.

use serde::{Deserialize, Serialize};
use sqlx::AnyPool;

/// One notification as the notifications page lists it.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Notification {
    pub id: i64,
    pub lesson: String,
    /// The reply's id (the page links to it).
    pub comment: i64,
    /// Who replied (`None`: their account is gone).
    pub replier: Option<String>,
    /// The reply's first words, as plain text.
    pub excerpt: String,
    pub created_at: i64,
    pub read: bool,
}

/// How many of the reply's words a notification shows.
const EXCERPT_CHARS: usize = 140;

/// Unread notifications of replies the recipient can read (a hidden reply does not count).
pub async fn unread_count(db: &AnyPool, recipient: &str) -> Result<i64, sqlx::Error> {
    sqlx::query_scalar(
        "SELECT COUNT(*) FROM notifications n JOIN comments c ON c.id = n.comment
         WHERE n.recipient = $1 AND n.read_at IS NULL AND c.hidden_at IS NULL",
    )
    .bind(recipient)
    .fetch_one(db)
    .await
}

#[derive(sqlx::FromRow)]
struct Row {
    id: i64,
    lesson: String,
    comment: i64,
    replier: Option<String>,
    body: String,
    created_at: i64,
    read_at: Option<i64>,
}

/// The newest `limit` notifications of `recipient`, newest first (replies hidden by an
/// instructor left out).
pub async fn list(db: &AnyPool, recipient: &str, limit: i64) -> Result<Vec<Notification>, sqlx::Error> {
    let rows: Vec<Row> = sqlx::query_as(
        "SELECT n.id, c.lesson, c.id AS comment, a.username AS replier, c.body, n.created_at, n.read_at
         FROM notifications n JOIN comments c ON c.id = n.comment LEFT JOIN accounts a ON a.id = c.author
         WHERE n.recipient = $1 AND c.hidden_at IS NULL ORDER BY n.id DESC LIMIT $2",
    )
    .bind(recipient)
    .bind(limit)
    .fetch_all(db)
    .await?;
    Ok(rows
        .into_iter()
        .map(|row| Notification {
            id: row.id,
            lesson: row.lesson,
            comment: row.comment,
            replier: row.replier,
            excerpt: super::markdown::excerpt(&row.body, EXCERPT_CHARS),
            created_at: row.created_at,
            read: row.read_at.is_some(),
        })
        .collect())
}

/// Opens the notification `id` of `recipient`: marks it read and says where the reply is.
pub async fn open(db: &AnyPool, recipient: &str, id: i64) -> Result<Option<(String, i64)>, sqlx::Error> {
    sqlx::query("UPDATE notifications SET read_at = $1 WHERE id = $2 AND recipient = $3 AND read_at IS NULL")
        .bind(crate::clock::now_ms_i64())
        .bind(id)
        .bind(recipient)
        .execute(db)
        .await?;
    sqlx::query_as(
        "SELECT c.lesson, c.id FROM notifications n JOIN comments c ON c.id = n.comment WHERE n.id = $1 AND n.recipient = $2",
    )
    .bind(id)
    .bind(recipient)
    .fetch_optional(db)
    .await
}

pub async fn mark_all_read(db: &AnyPool, recipient: &str) -> Result<(), sqlx::Error> {
    sqlx::query("UPDATE notifications SET read_at = $1 WHERE recipient = $2 AND read_at IS NULL")
        .bind(crate::clock::now_ms_i64())
        .bind(recipient)
        .execute(db)
        .await?;
    Ok(())
}

/// Whether the account wants reply notifications (on unless turned off).
pub async fn enabled(db: &AnyPool, account: &str) -> Result<bool, sqlx::Error> {
    let on: Option<i64> = sqlx::query_scalar("SELECT reply_notifications FROM accounts WHERE id = $1")
        .bind(account)
        .fetch_optional(db)
        .await?;
    Ok(on.is_some_and(|on| on != 0))
}

pub async fn set_enabled(db: &AnyPool, account: &str, on: bool) -> Result<(), sqlx::Error> {
    sqlx::query("UPDATE accounts SET reply_notifications = $1 WHERE id = $2")
        .bind(i64::from(on))
        .bind(account)
        .execute(db)
        .await?;
    Ok(())
}
