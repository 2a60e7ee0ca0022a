//! What whoever runs the server does from a terminal to accounts: make one an instructor (or
//! not), and hand over a one-time password-reset link.

use crate::auth::accounts;
use crate::auth::resets;
use crate::routes;

/// Why an admin command did nothing.
#[derive(Debug, thiserror::Error)]
pub enum AdminError {
    #[error("there is no account named `{0}` (by username or e-mail)")]
    NoSuchAccount(String),
    #[error("cannot read or write the accounts: {0}")]
    Database(#[from] sqlx::Error),
}

/// `streamlab admin grant USER` (and `revoke`): the account's username once done.
pub async fn set_instructor(db: &sqlx::AnyPool, login: &str, grant: bool) -> Result<String, AdminError> {
    use crate::auth::roles::{self, Role};
    let account = accounts::find_by_login(db, login).await?.ok_or_else(|| AdminError::NoSuchAccount(login.into()))?;
    if grant {
        roles::grant(db, &account.id, Role::Instructor).await?;
    } else {
        roles::revoke(db, &account.id, Role::Instructor).await?;
    }
    Ok(account.username)
}

/// `streamlab admin reset-password USER`: a one-time link for the account, to hand over.
pub async fn reset_link(db: &sqlx::AnyPool, public_url: &str, login: &str) -> Result<String, AdminError> {
    let account = accounts::find_by_login(db, login).await?.ok_or_else(|| AdminError::NoSuchAccount(login.into()))?;
    let token = resets::create(db, &account.id).await?;
    Ok(format!("{}{}?token={token}", public_url.trim_end_matches('/'), routes::RESET_PASSWORD))
}
