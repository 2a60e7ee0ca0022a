//! Accounts in SQLite: the row, the names people sign in with, and what a new one must look like.
//! Names are kept as typed and matched without case (a lowercased key with a unique index, which
//! any SQL database can enforce).

use sqlx::AnyPool;

use super::problem::AccountProblem;

/// An account as sign-in needs it.
#[derive(Clone, Debug)]
pub struct Account {
    /// The owner id the account's progress is kept under.
    pub id: String,
    /// Sessions signed in under another epoch (before a password reset) no longer count.
    pub session_epoch: i64,
    pub username: String,
    pub email: Option<String>,
    pub password_hash: String,
    pub created_at: i64,
}

pub const USERNAME_MAX: usize = 32;

/// Whether `username` may name an account: 3 to 32 ASCII letters, digits, '-', '_' or '.'.
pub fn username_problem(username: &str) -> Option<AccountProblem> {
    let allowed = |c: char| c.is_ascii_alphanumeric() || matches!(c, '-' | '_' | '.');
    let fits = (3..=USERNAME_MAX).contains(&username.len()) && username.chars().all(allowed);
    (!fits).then_some(AccountProblem::UsernameInvalid)
}

#[derive(Debug, thiserror::Error)]
pub enum CreateError {
    #[error("That username is taken; choose another.")]
    UsernameTaken,
    #[error("An account with that e-mail address exists; sign in instead.")]
    EmailTaken,
    /// This learner's id is an account already (a sign-up sent twice).
    #[error("This learner has an account already.")]
    AlreadyAnAccount,
    #[error(transparent)]
    Database(sqlx::Error),
}

/// Creates the account `id` (the learner's owner id, so what they earned stays theirs).
pub async fn create(
    db: &AnyPool,
    id: &str,
    username: &str,
    email: Option<&str>,
    password_hash: &str,
) -> Result<(), CreateError> {
    let now = crate::clock::now_ms_i64();
    let result = sqlx::query(
        "INSERT INTO accounts (id, username, username_key, email, email_key, password_hash, created_at)
         VALUES ($1, $2, $3, $4, $5, $6, $7)",
    )
    .bind(id)
    .bind(username)
    .bind(username.to_lowercase())
    .bind(email)
    .bind(email.map(str::to_lowercase))
    .bind(password_hash)
    .bind(now)
    .execute(db)
    .await;
    match result {
        Ok(_) => Ok(()),
        // SQLite names the column ("UNIQUE constraint failed: accounts.email_key"), PostgreSQL
        // the index ("accounts_email_key"): either contains it.
        Err(sqlx::Error::Database(e)) if e.is_unique_violation() && e.message().contains("email_key") => {
            Err(CreateError::EmailTaken)
        }
        Err(sqlx::Error::Database(e)) if e.is_unique_violation() && !e.message().contains("username_key") => {
            Err(CreateError::AlreadyAnAccount)
        }
        Err(sqlx::Error::Database(e)) if e.is_unique_violation() => Err(CreateError::UsernameTaken),
        Err(e) => Err(CreateError::Database(e)),
    }
}

const COLUMNS: &str = "id, username, email, password_hash, created_at, session_epoch";

type Row = (String, String, Option<String>, String, i64, i64);

fn account((id, username, email, password_hash, created_at, session_epoch): Row) -> Account {
    Account { id, session_epoch, username, email, password_hash, created_at }
}

/// The account a learner signs in to: by username or e-mail, any case.
pub async fn find_by_login(db: &AnyPool, login: &str) -> Result<Option<Account>, sqlx::Error> {
    let key = login.trim().to_lowercase();
    let row: Option<Row> =
        sqlx::query_as(&format!("SELECT {COLUMNS} FROM accounts WHERE username_key = $1 OR email_key = $2"))
            .bind(&key)
            .bind(&key)
            .fetch_optional(db)
            .await?;
    Ok(row.map(account))
}

pub async fn find(db: &AnyPool, id: &str) -> Result<Option<Account>, sqlx::Error> {
    let row: Option<Row> =
        sqlx::query_as(&format!("SELECT {COLUMNS} FROM accounts WHERE id = $1")).bind(id).fetch_optional(db).await?;
    Ok(row.map(account))
}

/// The username of the account `id`, if `id` is an account (not an anonymous learner).
pub async fn username_of(db: &AnyPool, id: &str) -> Result<Option<String>, sqlx::Error> {
    sqlx::query_scalar("SELECT username FROM accounts WHERE id = $1").bind(id).fetch_optional(db).await
}

/// The username and session epoch of the account `id`, if `id` is an account.
pub async fn signed_in_as(db: &AnyPool, id: &str) -> Result<Option<SignedIn>, sqlx::Error> {
    let row: Option<(String, i64, i64)> = sqlx::query_as(
        "SELECT username, session_epoch, \
         (SELECT COUNT(*) FROM account_roles r WHERE r.account = accounts.id AND r.role = 'instructor') \
         FROM accounts WHERE id = $1",
    )
    .bind(id)
    .fetch_optional(db)
    .await?;
    Ok(row.map(|(username, epoch, instructor)| SignedIn { username, epoch, instructor: instructor > 0 }))
}

/// An account as a request needs it, in one query: its name, its session epoch, and whether it
/// holds the instructor role.
#[derive(Clone, Debug)]
pub struct SignedIn {
    pub username: String,
    pub epoch: i64,
    pub instructor: bool,
}

/// Sets a new password and raises the session epoch, so every session signed in before no longer
/// counts; returns the new epoch, or `None` when there is no such account.
pub async fn set_password(db: &AnyPool, id: &str, password_hash: &str) -> Result<Option<i64>, sqlx::Error> {
    sqlx::query_scalar(
        "UPDATE accounts SET password_hash = $1, session_epoch = session_epoch + 1 WHERE id = $2 RETURNING session_epoch",
    )
    .bind(password_hash)
    .bind(id)
    .fetch_optional(db)
    .await
}

/// The account's current session epoch (0 for a new one).
pub async fn session_epoch(db: &AnyPool, id: &str) -> Result<i64, sqlx::Error> {
    Ok(sqlx::query_scalar("SELECT session_epoch FROM accounts WHERE id = $1")
        .bind(id)
        .fetch_optional(db)
        .await?
        .unwrap_or(0))
}

/// Removes the account row and its reset links, inside the caller's transaction (the server
/// layer removes what else the account owned in the same one).
pub async fn delete_in(tx: &mut sqlx::AnyConnection, id: &str) -> Result<(), sqlx::Error> {
    sqlx::query("DELETE FROM password_resets WHERE account = $1").bind(id).execute(&mut *tx).await?;
    sqlx::query("DELETE FROM accounts WHERE id = $1").bind(id).execute(&mut *tx).await?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn usernames_and_emails_are_judged() {
        assert_eq!(username_problem("ada"), None);
        assert_eq!(username_problem("Ada.Lovelace-1815"), None);
        assert!(username_problem("ad").is_some());
        assert!(username_problem("ada lovelace").is_some());
        assert!(username_problem("<script>").is_some());
    }

    #[tokio::test]
    async fn names_are_unique_without_case_and_sign_in_takes_either() {
        let dir = tempfile::tempdir().unwrap();
        let url = format!("sqlite://{}", dir.path().join("accounts.db").display());
        let db = crate::database::open(&url).await.unwrap().pool;
        create(&db, "o1", "Ada", Some("Ada@Example.org"), "hash").await.unwrap();
        assert!(matches!(create(&db, "o2", "ada", None, "hash").await, Err(CreateError::UsernameTaken)));
        assert!(matches!(create(&db, "o3", "bob", Some("ada@example.org"), "h").await, Err(CreateError::EmailTaken)));
        assert_eq!(find_by_login(&db, "ADA").await.unwrap().unwrap().id, "o1");
        assert_eq!(find_by_login(&db, " ada@example.ORG ").await.unwrap().unwrap().username, "Ada");
        assert_eq!(username_of(&db, "o1").await.unwrap().as_deref(), Some("Ada"));
        assert_eq!(username_of(&db, "o2").await.unwrap(), None);
    }
}
