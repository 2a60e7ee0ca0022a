//! Opening the database a URL names: its typed pool first (it creates a SQLite file, applies the
//! dialect's migrations and serves the session store), then the `Any` pool every query uses.

use std::str::FromStr;
use std::time::Duration;

use sqlx::any::{AnyConnectOptions, AnyPoolOptions};
use sqlx::postgres::{PgConnectOptions, PgPoolOptions};
use sqlx::sqlite::{SqliteConnectOptions, SqliteJournalMode, SqlitePoolOptions, SqliteSynchronous};
use sqlx::{AnyPool, Executor};

use super::{Database, Dialect, NativePool};

/// Connections of the pool every query uses.
const QUERY_CONNECTIONS: u32 = 8;
/// Connections of the typed pool (the session store, one request at a time each).
const SESSION_CONNECTIONS: u32 = 4;
/// How long a request waits for a free connection before it fails.
const ACQUIRE_TIMEOUT: Duration = Duration::from_secs(10);

#[derive(Debug, thiserror::Error)]
pub enum DbError {
    #[error("cannot open the database {url}: {source}")]
    Open { url: String, source: sqlx::Error },
    #[error("unsupported database URL {url}: expected sqlite://FILE or postgres://…")]
    Unsupported { url: String },
    #[error("database migration failed: {0}")]
    Migrate(#[from] sqlx::migrate::MigrateError),
}

/// Opens (a SQLite file is created if missing) the database at `url` and applies its pending
/// migrations; a failed migration is an error the caller must stop on, never a warning.
pub async fn open(url: &str) -> Result<Database, DbError> {
    sqlx::any::install_default_drivers();
    let open_error = |source| DbError::Open { url: redacted(url), source };
    let native = match Dialect::of_url(url) {
        Some(Dialect::Sqlite) => {
            let options = SqliteConnectOptions::from_str(url)
                .map_err(open_error)?
                .create_if_missing(true)
                // WAL lets page reads go on while a write commits (and persists in the file, so the
                // `Any` pool's connections find it too); NORMAL sync is safe with WAL.
                .journal_mode(SqliteJournalMode::Wal)
                .synchronous(SqliteSynchronous::Normal)
                .foreign_keys(true)
                .busy_timeout(Duration::from_secs(5));
            let pool = SqlitePoolOptions::new()
                .max_connections(SESSION_CONNECTIONS)
                .acquire_timeout(ACQUIRE_TIMEOUT)
                .connect_with(options)
                .await
                .map_err(open_error)?;
            sqlx::migrate!("./migrations/sqlite").run(&pool).await?;
            NativePool::Sqlite(pool)
        }
        Some(Dialect::Postgres) => {
            let options = PgConnectOptions::from_str(url).map_err(open_error)?;
            let pool = PgPoolOptions::new()
                .max_connections(SESSION_CONNECTIONS)
                .acquire_timeout(ACQUIRE_TIMEOUT)
                .connect_with(options)
                .await
                .map_err(open_error)?;
            sqlx::migrate!("./migrations/postgres").run(&pool).await?;
            NativePool::Postgres(pool)
        }
        None => return Err(DbError::Unsupported { url: redacted(url) }),
    };
    let pool = any_pool(url).await.map_err(open_error)?;
    Ok(Database { pool, native })
}

async fn any_pool(url: &str) -> Result<AnyPool, sqlx::Error> {
    let options = AnyConnectOptions::from_str(url)?;
    AnyPoolOptions::new()
        .max_connections(QUERY_CONNECTIONS)
        .acquire_timeout(ACQUIRE_TIMEOUT)
        .after_connect(|connection, _| {
            Box::pin(async move {
                // The `Any` driver opens SQLite with its defaults (foreign keys on, a 5 s busy
                // timeout): the durability WAL allows is set per connection.
                if connection.backend_name() == "SQLite" {
                    connection.execute("PRAGMA synchronous = NORMAL").await?;
                }
                Ok(())
            })
        })
        .connect_with(options)
        .await
}

/// The URL as logs may show it: without a password.
fn redacted(url: &str) -> String {
    match url::Url::parse(url) {
        Ok(mut parsed) if parsed.password().is_some() => {
            let _ = parsed.set_password(Some("***"));
            parsed.to_string()
        }
        _ => url.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[tokio::test]
    async fn a_new_sqlite_database_is_created_in_wal_mode_and_migrated() {
        let dir = tempfile::tempdir().unwrap();
        let url = format!("sqlite://{}", dir.path().join("t.db").display());
        let db = open(&url).await.unwrap();
        let mode: String = sqlx::query_scalar("PRAGMA journal_mode").fetch_one(&db.pool).await.unwrap();
        assert_eq!(mode, "wal");
        let tables: i64 = sqlx::query_scalar("SELECT count(*) FROM sqlite_master WHERE name = 'tower_sessions'")
            .fetch_one(&db.pool)
            .await
            .unwrap();
        assert_eq!(tables, 1);
        let foreign_keys: i64 = sqlx::query_scalar("PRAGMA foreign_keys").fetch_one(&db.pool).await.unwrap();
        assert_eq!(foreign_keys, 1, "the Any pool's connections keep foreign keys on");
    }

    #[tokio::test]
    async fn a_migration_that_changed_after_it_ran_stops_start_up() {
        let dir = tempfile::tempdir().unwrap();
        let url = format!("sqlite://{}", dir.path().join("t.db").display());
        let db = open(&url).await.unwrap();
        sqlx::query("UPDATE _sqlx_migrations SET checksum = x'00' WHERE version = 1").execute(&db.pool).await.unwrap();
        db.close().await;
        let error = open(&url).await.unwrap_err();
        assert!(matches!(error, DbError::Migrate(_)), "{error}");
        assert!(error.to_string().contains("migration 1"), "{error}");
    }

    #[tokio::test]
    async fn a_url_of_another_engine_is_refused_by_name_and_a_password_is_never_shown() {
        let error = open("mysql://root:secret@db/streamlab").await.unwrap_err();
        assert!(matches!(error, DbError::Unsupported { .. }), "{error}");
        assert!(!error.to_string().contains("secret"), "{error}");
        assert_eq!(redacted("postgres://u:pw@db/s"), "postgres://u:***@db/s");
    }
}
