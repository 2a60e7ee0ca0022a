//! The database: a SQLite file on one node (the default) or PostgreSQL, shared by a cluster's
//! nodes, chosen by the URL's scheme. Every query of the crate goes through one [`AnyPool`] and is
//! written once, in the SQL both engines accept: `$N` placeholders, `ON CONFLICT`, `RETURNING`,
//! integers for times and flags (never `BOOLEAN`: sqlx's `Any` driver cannot read SQLite's). What
//! differs is decided here, from the URL, and nowhere else: the schema's spelling (two migration
//! folders, `migrations/sqlite/` and `migrations/postgres/`, the same tables), the connection
//! settings, and how a write transaction waits its turn ([`begin_write`]). The same database's
//! typed pool (SQLite's or PostgreSQL's) is kept beside it for the session store, whose crate
//! wants one.
//!
//! Why `Any` rather than a generic store or one trait with two implementations: the queries are
//! the product's logic, and with `Any` each stays one string that both engines run, so neither
//! engine's copy can drift from the other's; the price is a few portable habits, which a test
//! keeps (`tests/architecture.rs`: no `?` placeholder), and a value conversion per row.

mod connect;

pub use connect::{DbError, open};

use sqlx::{Any, AnyPool, Transaction};

/// The SQL engine behind a URL.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Dialect {
    Sqlite,
    Postgres,
}

impl Dialect {
    /// The engine a database URL names, from its scheme.
    pub fn of_url(url: &str) -> Option<Dialect> {
        let scheme = url.split(':').next()?;
        match scheme {
            "sqlite" => Some(Dialect::Sqlite),
            "postgres" | "postgresql" => Some(Dialect::Postgres),
            _ => None,
        }
    }

    pub fn of(pool: &AnyPool) -> Dialect {
        Dialect::of_url(pool.connect_options().database_url.as_str())
            .expect("a pool is only opened for a known dialect")
    }
}

/// The app's database: the pool every query uses, and the same database's typed pool for the
/// session store.
#[derive(Clone, Debug)]
pub struct Database {
    pub pool: AnyPool,
    pub native: NativePool,
}

/// The database's own driver's pool (tower-sessions' stores take one of these).
#[derive(Clone, Debug)]
pub enum NativePool {
    Sqlite(sqlx::SqlitePool),
    Postgres(sqlx::PgPool),
}

impl Database {
    pub async fn close(&self) {
        self.pool.close().await;
        match &self.native {
            NativePool::Sqlite(pool) => pool.close().await,
            NativePool::Postgres(pool) => pool.close().await,
        }
    }
}

/// A transaction that will write, serialised with every other one of the same `scope` (a
/// learner's progress, a lesson's thread), so that what it read is still true when it writes.
/// SQLite has one writer at a time: the transaction takes the write lock first (`BEGIN
/// IMMEDIATE`), since in WAL mode a deferred transaction's upgrade fails at once with
/// SQLITE_BUSY, whatever the busy timeout. PostgreSQL lets writers run side by side: a
/// transaction-scoped advisory lock on the scope's hash queues only those of one scope.
pub async fn begin_write(pool: &AnyPool, scope: &str) -> Result<Transaction<'static, Any>, sqlx::Error> {
    begin_write_in(pool, &[scope]).await
}

/// [`begin_write`] for a transaction that writes in several scopes at once: on PostgreSQL it
/// takes their locks one after another, so every caller must name shared scopes in one order
/// (the broader first) lest two wait for each other.
pub async fn begin_write_in(pool: &AnyPool, scopes: &[&str]) -> Result<Transaction<'static, Any>, sqlx::Error> {
    match Dialect::of(pool) {
        Dialect::Sqlite => pool.begin_with("BEGIN IMMEDIATE").await,
        Dialect::Postgres => {
            let mut tx = pool.begin().await?;
            if scopes.is_empty() {
                return Ok(tx);
            }
            // One statement for all the locks, taken in the order named (PostgreSQL evaluates
            // a select list from left to right): one round trip, however many scopes.
            let locks: Vec<String> =
                (1..=scopes.len()).map(|n| format!("pg_advisory_xact_lock(hashtextextended(${n}, 0))")).collect();
            let sql = format!("SELECT {}", locks.join(", "));
            let mut locking = sqlx::query(&sql);
            for scope in scopes {
                locking = locking.bind(*scope);
            }
            locking.execute(&mut *tx).await?;
            Ok(tx)
        }
    }
}

/// A migrated SQLite database in a fresh temporary directory, for unit tests (a real file: an
/// in-memory database behind a pool is one empty database per connection).
#[cfg(test)]
pub async fn temporary() -> (AnyPool, tempfile::TempDir) {
    let dir = tempfile::tempdir().expect("a temporary directory");
    let url = format!("sqlite://{}", dir.path().join("test.db").display());
    (open(&url).await.expect("a migrated database").pool, dir)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_dialect_is_the_urls_scheme() {
        assert_eq!(Dialect::of_url("sqlite://data/streamlab.db"), Some(Dialect::Sqlite));
        assert_eq!(Dialect::of_url("sqlite:streamlab.db"), Some(Dialect::Sqlite));
        assert_eq!(Dialect::of_url("postgres://u@db.example.org/streamlab"), Some(Dialect::Postgres));
        assert_eq!(Dialect::of_url("postgresql:///streamlab?host=/run/pg"), Some(Dialect::Postgres));
        assert_eq!(Dialect::of_url("mysql://db/streamlab"), None);
    }

    #[test]
    fn both_dialects_have_the_same_migrations() {
        let names = |dialect: &str| {
            let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("migrations").join(dialect);
            let mut names: Vec<String> = std::fs::read_dir(dir)
                .unwrap()
                .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
                .collect();
            names.sort();
            names
        };
        assert_eq!(names("sqlite"), names("postgres"), "a migration written for one database only");
    }
}
