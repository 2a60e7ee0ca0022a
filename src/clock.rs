//! The wall clock as the stored data reads it: Unix time in milliseconds (integers in SQL, so
//! the same columns work in SQLite and PostgreSQL). One place, so every domain stamps alike.

use std::time::{SystemTime, UNIX_EPOCH};

/// Milliseconds since the Unix epoch (0 for a clock set before it).
pub fn now_ms() -> u64 {
    SystemTime::now().duration_since(UNIX_EPOCH).map_or(0, |d| d.as_millis() as u64)
}

/// The same, as the signed integer SQL columns hold.
pub fn now_ms_i64() -> i64 {
    now_ms() as i64
}
