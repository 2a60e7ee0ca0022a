//! One-time password-reset links. There is no mail here, so an instructor prints one from the
//! command line (`streamlab admin reset-password USER`) and hands it over. The token is 256
//! random bits; only its BLAKE2b hash is stored, it works once, and for a day.

use blake2::{Blake2b512, Digest};
use rand::RngCore;
use sqlx::AnyPool;

pub const VALID_FOR_MS: i64 = 24 * 60 * 60 * 1000;

fn digest(token: &str) -> String {
    Blake2b512::digest(token.as_bytes()).iter().map(|b| format!("{b:02x}")).collect()
}

/// A new reset token for `account` (to put in the link); earlier ones stop working.
pub async fn create(db: &AnyPool, account: &str) -> Result<String, sqlx::Error> {
    let mut bytes = [0u8; 32];
    rand::rng().fill_bytes(&mut bytes);
    let token: String = bytes.iter().map(|b| format!("{b:02x}")).collect();
    let expires_at = crate::clock::now_ms_i64() + VALID_FOR_MS;
    sqlx::query("DELETE FROM password_resets WHERE account = $1").bind(account).execute(db).await?;
    sqlx::query("INSERT INTO password_resets (token_hash, account, expires_at) VALUES ($1, $2, $3)")
        .bind(digest(&token))
        .bind(account)
        .bind(expires_at)
        .execute(db)
        .await?;
    Ok(token)
}

/// Whether `token` is a live link, and for which account (without using it up).
pub async fn account_of(db: &AnyPool, token: &str) -> Result<Option<String>, sqlx::Error> {
    let now = crate::clock::now_ms_i64();
    sqlx::query_scalar("SELECT account FROM password_resets WHERE token_hash = $1 AND expires_at > $2")
        .bind(digest(token))
        .bind(now)
        .fetch_optional(db)
        .await
}

/// Uses `token` up: the account it was for, if it was live.
pub async fn redeem(db: &AnyPool, token: &str) -> Result<Option<String>, sqlx::Error> {
    let account = account_of(db, token).await?;
    let removed =
        sqlx::query("DELETE FROM password_resets WHERE token_hash = $1").bind(digest(token)).execute(db).await?;
    // Two redemptions at once: only the one that removed the row may go on.
    Ok(account.filter(|_| removed.rows_affected() == 1))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[tokio::test]
    async fn a_link_works_once_and_a_newer_one_replaces_it() {
        let (db, _dir) = crate::database::temporary().await;
        let first = create(&db, "o1").await.unwrap();
        let second = create(&db, "o1").await.unwrap();
        assert_eq!(account_of(&db, &first).await.unwrap(), None, "replaced");
        assert_eq!(redeem(&db, &second).await.unwrap().as_deref(), Some("o1"));
        assert_eq!(redeem(&db, &second).await.unwrap(), None, "used up");
        assert_eq!(redeem(&db, "not-a-token").await.unwrap(), None);
    }
}
