//! Roles an account holds besides learning, granted from the command line (`streamlab admin
//! grant USER`) by whoever runs the server: today "instructor", who may hide comments, read
//! problem reports and where learners get stuck, and preview draft lessons.

use sqlx::AnyPool;

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Role {
    Instructor,
}

impl Role {
    pub fn name(self) -> &'static str {
        match self {
            Role::Instructor => "instructor",
        }
    }
}

pub async fn grant(db: &AnyPool, account: &str, role: Role) -> Result<(), sqlx::Error> {
    sqlx::query("INSERT INTO account_roles (account, role, granted_at) VALUES ($1, $2, $3) ON CONFLICT DO NOTHING")
        .bind(account)
        .bind(role.name())
        .bind(crate::clock::now_ms_i64())
        .execute(db)
        .await?;
    Ok(())
}

pub async fn revoke(db: &AnyPool, account: &str, role: Role) -> Result<(), sqlx::Error> {
    sqlx::query("DELETE FROM account_roles WHERE account = $1 AND role = $2")
        .bind(account)
        .bind(role.name())
        .execute(db)
        .await?;
    Ok(())
}

pub async fn holds(db: &AnyPool, account: &str, role: Role) -> Result<bool, sqlx::Error> {
    let found: Option<i64> = sqlx::query_scalar("SELECT 1 FROM account_roles WHERE account = $1 AND role = $2")
        .bind(account)
        .bind(role.name())
        .fetch_optional(db)
        .await?;
    Ok(found.is_some())
}

/// Removes the account's roles, inside the caller's transaction (the account is being deleted).
pub async fn delete_in(tx: &mut sqlx::AnyConnection, account: &str) -> Result<(), sqlx::Error> {
    sqlx::query("DELETE FROM account_roles WHERE account = $1").bind(account).execute(&mut *tx).await?;
    Ok(())
}
