//! The comment rows in SQLite, and the rules of who may do what to them: anyone signed in posts
//! and replies (one level: a reply to a reply joins the same comment's replies); its author edits
//! and deletes; an instructor hides. A deleted comment with replies stays as a placeholder, so
//! the replies still read as answers; a placeholder left with no replies goes.
//!
//! [`shape`] turns a lesson's rows into the thread one reader sees (pure, so it is tested
//! without a database). A thread is read a page at a time: the newest [`PAGE_SIZE`] comments
//! (with their replies), or those before a given one. A comment's HTML is made when it is
//! written and kept beside its markdown.

use sqlx::{AnyConnection, AnyPool};

use super::markdown;
use super::problem::CommentProblem;
use super::thread::{CommentView, Reader, Shown};

#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    #[error("{0}")]
    Refused(CommentProblem),
    #[error(transparent)]
    Database(#[from] sqlx::Error),
}

impl From<CommentProblem> for StoreError {
    fn from(problem: CommentProblem) -> StoreError {
        StoreError::Refused(problem)
    }
}

/// One row as a thread is built from it.
#[derive(Clone, Debug, sqlx::FromRow)]
pub struct Row {
    pub id: i64,
    pub parent: Option<i64>,
    pub author: Option<String>,
    pub username: Option<String>,
    pub body: String,
    /// Rendered when written; `None` only for a row older than that, until the next start.
    pub body_html: Option<String>,
    pub created_at: i64,
    pub edited_at: Option<i64>,
    pub deleted_at: Option<i64>,
    pub hidden_at: Option<i64>,
}

const ROW: &str = "SELECT c.id, c.parent, c.author, a.username, c.body, c.body_html, c.created_at, c.edited_at,
     c.deleted_at, c.hidden_at
     FROM comments c LEFT JOIN accounts a ON a.id = c.author";

/// Comments (with their replies) on one page of a thread.
pub const PAGE_SIZE: i64 = 20;

/// One page of a lesson's thread: its rows oldest first, and where the page before it starts
/// (`Some(id)`: the comments before `id`) when there are older comments.
pub struct Page {
    pub rows: Vec<Row>,
    pub older: Option<i64>,
}

/// The newest [`PAGE_SIZE`] comments of `lesson` before the comment `before` (all when `None`),
/// with their replies.
pub async fn lesson_page(db: &AnyPool, lesson: &str, before: Option<i64>) -> Result<Page, sqlx::Error> {
    let before = before.unwrap_or(i64::MAX);
    let rows: Vec<Row> = sqlx::query_as(&format!(
        "WITH page AS (SELECT id FROM comments WHERE lesson = $1 AND parent IS NULL AND id < $2 ORDER BY id DESC LIMIT $3)
         {ROW} WHERE c.id IN (SELECT id FROM page) OR c.parent IN (SELECT id FROM page) ORDER BY c.id"
    ))
    .bind(lesson)
    .bind(before)
    .bind(PAGE_SIZE)
    .fetch_all(db)
    .await?;
    let oldest = rows.iter().filter(|r| r.parent.is_none()).map(|r| r.id).min();
    let older = match oldest {
        Some(oldest) => {
            let older: i64 = sqlx::query_scalar(
                "SELECT COUNT(*) FROM (SELECT 1 FROM comments WHERE lesson = $1 AND parent IS NULL AND id < $2 LIMIT 1) AS one",
            )
            .bind(lesson)
            .bind(oldest)
            .fetch_one(db)
            .await?;
            (older > 0).then_some(oldest)
        }
        None => None,
    };
    Ok(Page { rows, older })
}

/// The comment a comment belongs under: its parent, or itself when it is not a reply.
pub async fn top_of(db: &AnyPool, id: i64) -> Result<Option<i64>, sqlx::Error> {
    sqlx::query_scalar("SELECT COALESCE(parent, id) FROM comments WHERE id = $1").bind(id).fetch_optional(db).await
}

/// Renders the comments written before HTML was kept with them (once, at start).
pub async fn render_older_rows(db: &AnyPool) -> Result<usize, sqlx::Error> {
    let rows: Vec<(i64, String)> =
        sqlx::query_as("SELECT id, body FROM comments WHERE body_html IS NULL").fetch_all(db).await?;
    for (id, body) in &rows {
        sqlx::query("UPDATE comments SET body_html = $1 WHERE id = $2")
            .bind(markdown::render(body))
            .bind(id)
            .execute(db)
            .await?;
    }
    Ok(rows.len())
}

/// A comment's HTML, made off the async runtime (a long comment takes milliseconds).
async fn rendered(body: &str) -> String {
    let body = body.to_string();
    tokio::task::spawn_blocking(move || markdown::render(&body)).await.unwrap_or_default()
}

/// Comments and replies a reader sees on a lesson (not deleted, not hidden).
pub async fn shown_count(db: &AnyPool, lesson: &str) -> Result<i64, sqlx::Error> {
    sqlx::query_scalar("SELECT COUNT(*) FROM comments WHERE lesson = $1 AND deleted_at IS NULL AND hidden_at IS NULL")
        .bind(lesson)
        .fetch_one(db)
        .await
}

/// The thread `reader_id` reads, and how many comments it shows.
pub fn shape(rows: Vec<Row>, reader_id: Option<&str>, reader: &Reader) -> (Vec<CommentView>, usize) {
    let mut count = 0;
    let view = |row: &Row, replies: Vec<CommentView>| -> Option<CommentView> {
        let mine = reader_id.is_some() && row.author.as_deref() == reader_id;
        let shown = match (row.deleted_at, row.hidden_at) {
            (Some(_), _) => Shown::Deleted,
            (None, Some(_)) if mine || reader.instructor => Shown::HiddenButYouSeeIt,
            (None, Some(_)) => Shown::Hidden,
            (None, None) => Shown::Visible,
        };
        // A placeholder stands only for the replies under it.
        if shown.placeholder().is_some() && replies.is_empty() {
            return None;
        }
        let readable = shown.placeholder().is_none();
        let (posted, posted_iso) = when(row.created_at);
        Some(CommentView {
            id: row.id,
            author: readable.then(|| row.username.clone().unwrap_or_else(|| "a former learner".into())),
            body_html: match (readable, &row.body_html) {
                (false, _) => String::new(),
                (true, Some(html)) => html.clone(),
                (true, None) => markdown::render(&row.body),
            },
            source: if mine && readable { row.body.clone() } else { String::new() },
            posted,
            posted_iso,
            edited: row.edited_at.is_some(),
            shown,
            can_edit: mine && shown == Shown::Visible,
            can_delete: mine && shown != Shown::Deleted,
            can_hide: reader.instructor && shown != Shown::Deleted,
            replies,
        })
    };
    let mut comments = Vec::new();
    for top in rows.iter().filter(|r| r.parent.is_none()) {
        let replies: Vec<CommentView> =
            rows.iter().filter(|r| r.parent == Some(top.id)).filter_map(|reply| view(reply, Vec::new())).collect();
        count += rows
            .iter()
            .filter(|r| (r.id == top.id || r.parent == Some(top.id)) && r.deleted_at.is_none() && r.hidden_at.is_none())
            .count();
        if let Some(comment) = view(top, replies) {
            comments.push(comment);
        }
    }
    (comments, count)
}

/// "1 Dec 2026, 12:40 UTC" and the ISO form, from milliseconds since the epoch.
pub fn when(ms: i64) -> (String, String) {
    let Ok(at) = time::OffsetDateTime::from_unix_timestamp(ms.div_euclid(1000)) else {
        return (String::new(), String::new());
    };
    let words = at
        .format(time::macros::format_description!("[day padding:none] [month repr:short] [year], [hour]:[minute] UTC"))
        .unwrap_or_default();
    let iso = at.format(&time::format_description::well_known::Rfc3339).unwrap_or_default();
    (words, iso)
}

/// A new comment on `lesson`, or a reply to the comment `reply_to` (of the same lesson).
pub struct NewComment<'a> {
    pub lesson: &'a str,
    pub author: &'a str,
    pub body: &'a str,
    pub reply_to: Option<i64>,
}

/// A comment written: its id, and whom to notify (the author of the comment replied to, unless
/// it is the replier, or they turned notifications off).
#[derive(Debug, PartialEq)]
pub struct Posted {
    pub id: i64,
    pub notified: Option<String>,
}

/// A transaction that writes after it reads, one at a time among the comments' (a reply and the
/// deletion of what it answers never cross).
async fn write_transaction(db: &AnyPool) -> Result<sqlx::Transaction<'static, sqlx::Any>, sqlx::Error> {
    crate::database::begin_write(db, "comments").await
}

#[derive(sqlx::FromRow)]
struct Target {
    lesson: String,
    parent: Option<i64>,
    author: Option<String>,
    deleted_at: Option<i64>,
    hidden_at: Option<i64>,
}

async fn target(tx: &mut AnyConnection, id: i64) -> Result<Option<Target>, sqlx::Error> {
    sqlx::query_as("SELECT lesson, parent, author, deleted_at, hidden_at FROM comments WHERE id = $1")
        .bind(id)
        .fetch_optional(&mut *tx)
        .await
}

pub async fn post(db: &AnyPool, new: NewComment<'_>) -> Result<Posted, StoreError> {
    let html = rendered(new.body).await;
    let mut tx = write_transaction(db).await?;
    let (parent, answered) = match new.reply_to {
        None => (None, None),
        Some(id) => match target(&mut tx, id).await? {
            Some(t) if t.lesson == new.lesson && t.deleted_at.is_none() && t.hidden_at.is_none() => {
                (Some(t.parent.unwrap_or(id)), t.author)
            }
            _ => return Err(CommentProblem::Gone.into()),
        },
    };
    let now = crate::clock::now_ms_i64();
    let id: i64 = sqlx::query_scalar(
        "INSERT INTO comments (lesson, parent, author, body, body_html, created_at) VALUES ($1, $2, $3, $4, $5, $6)
         RETURNING id",
    )
    .bind(new.lesson)
    .bind(parent)
    .bind(new.author)
    .bind(new.body)
    .bind(&html)
    .bind(now)
    .fetch_one(&mut *tx)
    .await?;
    let mut notified = None;
    if let Some(recipient) = answered.filter(|a| a != new.author) {
        let wants: Option<i64> = sqlx::query_scalar("SELECT reply_notifications FROM accounts WHERE id = $1")
            .bind(&recipient)
            .fetch_optional(&mut *tx)
            .await?;
        if wants.is_some_and(|on| on != 0) {
            sqlx::query("INSERT INTO notifications (recipient, comment, created_at) VALUES ($1, $2, $3)")
                .bind(&recipient)
                .bind(id)
                .bind(now)
                .execute(&mut *tx)
                .await?;
            notified = Some(recipient);
        }
    }
    tx.commit().await?;
    Ok(Posted { id, notified })
}

/// The lesson of the comment `id`, if it exists.
pub async fn lesson_of(db: &AnyPool, id: i64) -> Result<Option<String>, sqlx::Error> {
    sqlx::query_scalar("SELECT lesson FROM comments WHERE id = $1").bind(id).fetch_optional(db).await
}

/// Its author changes the text of the comment `id`.
pub async fn edit(db: &AnyPool, id: i64, editor: &str, body: &str) -> Result<(), StoreError> {
    let html = rendered(body).await;
    let mut tx = write_transaction(db).await?;
    match target(&mut tx, id).await? {
        Some(t) if t.deleted_at.is_some() || t.hidden_at.is_some() => return Err(CommentProblem::Gone.into()),
        Some(t) if t.author.as_deref() == Some(editor) => {}
        Some(_) => return Err(CommentProblem::NotYours.into()),
        None => return Err(CommentProblem::Gone.into()),
    }
    sqlx::query("UPDATE comments SET body = $1, body_html = $2, edited_at = $3 WHERE id = $4")
        .bind(body)
        .bind(&html)
        .bind(crate::clock::now_ms_i64())
        .bind(id)
        .execute(&mut *tx)
        .await?;
    tx.commit().await?;
    Ok(())
}

/// Its author deletes the comment `id`; returns who had an unread notification of it (their
/// count changed).
pub async fn delete(db: &AnyPool, id: i64, by: &str) -> Result<Vec<String>, StoreError> {
    let mut tx = write_transaction(db).await?;
    match target(&mut tx, id).await? {
        Some(t) if t.deleted_at.is_some() => return Err(CommentProblem::Gone.into()),
        Some(t) if t.author.as_deref() == Some(by) => {}
        Some(_) => return Err(CommentProblem::NotYours.into()),
        None => return Err(CommentProblem::Gone.into()),
    }
    let told: Vec<String> =
        sqlx::query_scalar("SELECT DISTINCT recipient FROM notifications WHERE comment = $1 AND read_at IS NULL")
            .bind(id)
            .fetch_all(&mut *tx)
            .await?;
    remove(&mut tx, Removed::Comment(id)).await?;
    tx.commit().await?;
    Ok(told)
}

/// Who was notified of the comment `id` (their unread count changes when it is hidden or shown).
pub async fn notified_of(db: &AnyPool, id: i64) -> Result<Vec<String>, sqlx::Error> {
    sqlx::query_scalar("SELECT DISTINCT recipient FROM notifications WHERE comment = $1").bind(id).fetch_all(db).await
}

/// An instructor hides the comment `id` from learners, or shows it again.
pub async fn set_hidden(db: &AnyPool, id: i64, instructor: &str, hidden: bool) -> Result<(), StoreError> {
    let done = sqlx::query(
        "UPDATE comments SET hidden_at = CASE WHEN $1 THEN $2 ELSE NULL END, hidden_by = CASE WHEN $3 THEN $4 ELSE NULL END
         WHERE id = $5 AND deleted_at IS NULL",
    )
    .bind(hidden)
    .bind(crate::clock::now_ms_i64())
    .bind(hidden)
    .bind(instructor)
    .bind(id)
    .execute(db)
    .await?;
    if done.rows_affected() == 0 {
        return Err(CommentProblem::Gone.into());
    }
    Ok(())
}

/// Which comments [`remove`] removes.
#[derive(Clone, Copy)]
enum Removed<'a> {
    Comment(i64),
    ByAuthor(&'a str),
}

impl Removed<'_> {
    /// The rows, as a condition on `$1`.
    fn condition(self) -> &'static str {
        match self {
            Removed::Comment(_) => "id = $1",
            Removed::ByAuthor(_) => "author = $1",
        }
    }

    fn bound(self, query: &str) -> sqlx::query::Query<'_, sqlx::Any, sqlx::any::AnyArguments<'_>> {
        match self {
            Removed::Comment(id) => sqlx::query(query).bind(id),
            Removed::ByAuthor(author) => sqlx::query(query).bind(author.to_string()),
        }
    }
}

/// Removes the comments `which`: replies and comments without replies go, comments with replies
/// become placeholders, and placeholders left without replies go too.
async fn remove(tx: &mut AnyConnection, which: Removed<'_>) -> Result<(), sqlx::Error> {
    let now = crate::clock::now_ms_i64();
    let condition = which.condition();
    let placeholders = format!(
        "UPDATE comments SET deleted_at = $2, body = '', author = NULL
         WHERE {condition} AND parent IS NULL AND EXISTS (SELECT 1 FROM comments r WHERE r.parent = comments.id)"
    );
    which.bound(&placeholders).bind(now).execute(&mut *tx).await?;
    // What did not become a placeholder goes (its notifications with it).
    let gone = format!("DELETE FROM comments WHERE {condition} AND deleted_at IS NULL");
    which.bound(&gone).execute(&mut *tx).await?;
    sqlx::query(
        "DELETE FROM comments WHERE parent IS NULL AND deleted_at IS NOT NULL
         AND NOT EXISTS (SELECT 1 FROM comments r WHERE r.parent = comments.id)",
    )
    .execute(&mut *tx)
    .await?;
    Ok(())
}

/// Everything an account wrote goes with it (inside the caller's transaction): its comments
/// (placeholders where replies exist), its notifications, its name on what it hid.
pub async fn delete_author_in(tx: &mut AnyConnection, owner: &str) -> Result<(), sqlx::Error> {
    sqlx::query("DELETE FROM notifications WHERE recipient = $1").bind(owner).execute(&mut *tx).await?;
    sqlx::query("UPDATE comments SET hidden_by = NULL WHERE hidden_by = $1").bind(owner).execute(&mut *tx).await?;
    remove(tx, Removed::ByAuthor(owner)).await
}

/// A learner's comments, for their data download.
#[derive(Debug, serde::Serialize, sqlx::FromRow)]
pub struct Authored {
    pub id: i64,
    pub lesson: String,
    pub reply_to: Option<i64>,
    pub body: String,
    pub created_at: i64,
    pub edited_at: Option<i64>,
    pub hidden_at: Option<i64>,
}

pub async fn authored_by(db: &AnyPool, owner: &str) -> Result<Vec<Authored>, sqlx::Error> {
    sqlx::query_as(
        "SELECT id, lesson, parent AS reply_to, body, created_at, edited_at, hidden_at FROM comments
         WHERE author = $1 ORDER BY id",
    )
    .bind(owner)
    .fetch_all(db)
    .await
}

#[cfg(test)]
#[path = "store_tests.rs"]
mod tests;
