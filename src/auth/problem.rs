//! Why an account form was refused, as a code the page turns into a sentence. Without
//! JavaScript, a refused form comes back as a redirect to its page with `?error=CODE` (and
//! `wait=SECONDS` when slowed down): a code, never a sentence, so a link cannot make our page say
//! something we did not write.

use serde::{Deserialize, Serialize};

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum AccountProblem {
    UsernameInvalid,
    PasswordTooShort,
    PasswordTooLong,
    UsernameTaken,
    /// A field longer than any we keep: refused before anything else is done with it.
    TooLong,
    WrongPassword,
    SlowDownAccount,
    SlowDownAddress,
    TooManyNewLearners,
    AlreadySignedIn,
    ResetLinkInvalid,
    Internal,
}

impl AccountProblem {
    pub const ALL: [AccountProblem; 12] = [
        AccountProblem::UsernameInvalid,
        AccountProblem::PasswordTooShort,
        AccountProblem::PasswordTooLong,
        AccountProblem::UsernameTaken,
        AccountProblem::TooLong,
        AccountProblem::WrongPassword,
        AccountProblem::SlowDownAccount,
        AccountProblem::SlowDownAddress,
        AccountProblem::TooManyNewLearners,
        AccountProblem::AlreadySignedIn,
        AccountProblem::ResetLinkInvalid,
        AccountProblem::Internal,
    ];

    pub fn code(self) -> &'static str {
        match self {
            AccountProblem::UsernameInvalid => "username_invalid",
            AccountProblem::PasswordTooShort => "password_too_short",
            AccountProblem::PasswordTooLong => "password_too_long",
            AccountProblem::UsernameTaken => "username_taken",
            AccountProblem::TooLong => "too_long",
            AccountProblem::WrongPassword => "wrong_password",
            AccountProblem::SlowDownAccount => "slow_down_account",
            AccountProblem::SlowDownAddress => "slow_down_address",
            AccountProblem::TooManyNewLearners => "too_many_new_learners",
            AccountProblem::AlreadySignedIn => "already_signed_in",
            AccountProblem::ResetLinkInvalid => "reset_link_invalid",
            AccountProblem::Internal => "internal",
        }
    }

    pub fn from_code(code: &str) -> Option<AccountProblem> {
        AccountProblem::ALL.into_iter().find(|p| p.code() == code)
    }

    /// What the learner reads; `wait` is the seconds to wait, for a slow-down.
    pub fn sentence(self, wait: Option<u64>) -> String {
        let wait = wait.map_or_else(|| "a little while".to_string(), |s| format!("{s} seconds"));
        match self {
            AccountProblem::UsernameInvalid => {
                "Choose a username of 3 to 32 letters, digits, '-', '_' or '.'.".to_string()
            }
            AccountProblem::PasswordTooShort => {
                format!("Choose a password of at least {} characters.", super::PASSWORD_MIN_LENGTH)
            }
            AccountProblem::PasswordTooLong => "Choose a password of at most 200 characters.".into(),
            AccountProblem::UsernameTaken => "That username is taken; choose another.".into(),
            AccountProblem::TooLong => "That is longer than any username, password or link we keep.".into(),
            AccountProblem::WrongPassword => "That username (or e-mail) and password do not match an account.".into(),
            AccountProblem::SlowDownAccount => {
                format!("Too many sign-in attempts for this account: wait {wait} and try again.")
            }
            AccountProblem::SlowDownAddress => {
                format!("Too many sign-in attempts from your network: wait {wait} and try again.")
            }
            AccountProblem::TooManyNewLearners => {
                "Too many new learners from your network this minute; try again shortly.".into()
            }
            AccountProblem::AlreadySignedIn => {
                "You are signed in already; sign out first to make another account.".into()
            }
            AccountProblem::ResetLinkInvalid => {
                "This reset link has expired or was used already; ask your instructor for a new one.".into()
            }
            AccountProblem::Internal => "Something went wrong on our side; try again in a moment.".into(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_code_reads_back_and_has_a_sentence() {
        for problem in AccountProblem::ALL {
            assert_eq!(AccountProblem::from_code(problem.code()), Some(problem));
            assert!(problem.sentence(Some(20)).ends_with('.'));
        }
        assert_eq!(AccountProblem::from_code("<script>"), None);
        assert!(AccountProblem::SlowDownAccount.sentence(Some(20)).contains("wait 20 seconds"));
    }
}
