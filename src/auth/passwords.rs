//! Passwords: what we accept, and argon2id hashes (PHC strings, with their salt and parameters),
//! computed on a blocking thread so a sign-in never stalls the async runtime.

use argon2::Argon2;
use argon2::password_hash::rand_core::OsRng;
use argon2::password_hash::{PasswordHash, PasswordHasher, PasswordVerifier, SaltString};

use super::problem::AccountProblem;

pub const MIN_LENGTH: usize = super::PASSWORD_MIN_LENGTH;
/// Long enough for any passphrase; short enough that hashing stays cheap.
pub const MAX_LENGTH: usize = 200;

/// Why we do not accept `password`, if we do not.
pub fn problem(password: &str) -> Option<AccountProblem> {
    let length = password.chars().count();
    if length < MIN_LENGTH {
        Some(AccountProblem::PasswordTooShort)
    } else if length > MAX_LENGTH {
        Some(AccountProblem::PasswordTooLong)
    } else {
        None
    }
}

/// The argon2id hash of `password` (default parameters: 19 MiB, 2 passes), as a PHC string.
pub async fn hash(password: String) -> Result<String, PasswordError> {
    tokio::task::spawn_blocking(move || {
        let salt = SaltString::generate(&mut OsRng);
        Argon2::default().hash_password(password.as_bytes(), &salt).map(|h| h.to_string())
    })
    .await
    .map_err(|_| PasswordError::Interrupted)?
    .map_err(|e| PasswordError::Hash(e.to_string()))
}

/// Whether `password` matches the stored `phc` hash.
pub async fn verify(phc: String, password: String) -> Result<bool, PasswordError> {
    tokio::task::spawn_blocking(move || {
        let parsed = PasswordHash::new(&phc).map_err(|e| PasswordError::Hash(e.to_string()))?;
        Ok(Argon2::default().verify_password(password.as_bytes(), &parsed).is_ok())
    })
    .await
    .map_err(|_| PasswordError::Interrupted)?
}

#[derive(Debug, thiserror::Error)]
pub enum PasswordError {
    #[error("password hashing failed: {0}")]
    Hash(String),
    #[error("password hashing was interrupted")]
    Interrupted,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn short_and_overlong_passwords_are_refused() {
        assert_eq!(problem("short"), Some(AccountProblem::PasswordTooShort));
        assert_eq!(problem(&"x".repeat(MAX_LENGTH + 1)), Some(AccountProblem::PasswordTooLong));
        assert_eq!(problem("ten chars!"), None);
        assert_eq!(problem("ééééééééééé"), None, "characters, not bytes");
    }

    #[tokio::test]
    async fn a_hash_is_argon2id_and_verifies_only_its_password() {
        let phc = hash("correct horse".into()).await.unwrap();
        assert!(phc.starts_with("$argon2id$"), "{phc}");
        assert!(verify(phc.clone(), "correct horse".into()).await.unwrap());
        assert!(!verify(phc, "correct horsf".into()).await.unwrap());
    }
}
