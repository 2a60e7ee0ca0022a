//! The SQLite database: one pool for the app, WAL journal, migrations from `migrations/` applied
//! at start-up. A failed migration is an error the caller must stop on, never a warning.

use std::str::FromStr;
use std::time::Duration;

use sqlx::SqlitePool;
use sqlx::sqlite::{SqliteConnectOptions, SqliteJournalMode, SqlitePoolOptions, SqliteSynchronous};

#[derive(Debug, thiserror::Error)]
pub enum DbError {
    #[error("cannot open the database {url}: {source}")]
    Open { url: String, source: sqlx::Error },
    #[error("database migration failed: {0}")]
    Migrate(#[from] sqlx::migrate::MigrateError),
}

/// Opens (creating if missing) the database at `url` and applies pending migrations.
pub async fn connect_and_migrate(url: &str) -> Result<SqlitePool, DbError> {
    let open_error = |source| DbError::Open { url: url.to_string(), source };
    let options = SqliteConnectOptions::from_str(url)
        .map_err(open_error)?
        .create_if_missing(true)
        // WAL lets page reads go on while a write commits; NORMAL sync is safe with WAL.
        .journal_mode(SqliteJournalMode::Wal)
        .synchronous(SqliteSynchronous::Normal)
        .foreign_keys(true)
        .busy_timeout(Duration::from_secs(5));
    let pool = SqlitePoolOptions::new().max_connections(8).connect_with(options).await.map_err(open_error)?;
    sqlx::migrate!("./migrations").run(&pool).await?;
    Ok(pool)
}

/// A migrated database in a fresh temporary directory, for unit tests (a real file: an in-memory
/// database behind a pool is one empty database per connection).
#[cfg(test)]
pub async fn temporary() -> (SqlitePool, tempfile::TempDir) {
    let dir = tempfile::tempdir().expect("a temporary directory");
    let url = format!("sqlite://{}", dir.path().join("test.db").display());
    (connect_and_migrate(&url).await.expect("a migrated database"), dir)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[tokio::test]
    async fn a_new_database_is_created_in_wal_mode_and_migrated() {
        let dir = tempfile::tempdir().unwrap();
        let url = format!("sqlite://{}", dir.path().join("t.db").display());
        let pool = connect_and_migrate(&url).await.unwrap();
        let mode: String = sqlx::query_scalar("PRAGMA journal_mode").fetch_one(&pool).await.unwrap();
        assert_eq!(mode, "wal");
        let tables: i64 = sqlx::query_scalar("SELECT count(*) FROM sqlite_master WHERE name = 'tower_sessions'")
            .fetch_one(&pool)
            .await
            .unwrap();
        assert_eq!(tables, 1);
    }

    #[tokio::test]
    async fn a_migration_that_changed_after_it_ran_stops_start_up() {
        let dir = tempfile::tempdir().unwrap();
        let url = format!("sqlite://{}", dir.path().join("t.db").display());
        let pool = connect_and_migrate(&url).await.unwrap();
        sqlx::query("UPDATE _sqlx_migrations SET checksum = x'00' WHERE version = 1").execute(&pool).await.unwrap();
        pool.close().await;
        let error = connect_and_migrate(&url).await.unwrap_err();
        assert!(matches!(error, DbError::Migrate(_)), "{error}");
        assert!(error.to_string().contains("migration 1"), "{error}");
    }
}
