//! Accounts: a username (and an optional e-mail) with a password, so a learner's progress follows
//! them to another browser. [`problem`] (why a form was refused) is shared with the pages; the
//! rest is server-only and free of HTTP: [`passwords`] (the policy and argon2id,
//! hashed off the async runtime), [`accounts`] (the rows in SQLite), [`resets`] (one-time links an
//! instructor prints from the command line), [`roles`] (instructors, granted from the command
//! line) and [`throttle`] (attempts slowed down per account and per address). An account's id is the learner (owner) id its progress is kept
//! under; the server layer joins this domain to sessions, sandboxes and progress (the merge of an
//! anonymous learner's progress into their account happens there).

pub mod problem;

#[cfg(feature = "ssr")]
pub mod accounts;
#[cfg(feature = "ssr")]
pub mod passwords;
#[cfg(feature = "ssr")]
pub mod resets;
#[cfg(feature = "ssr")]
pub mod roles;
#[cfg(feature = "ssr")]
pub mod throttle;

/// The shortest password accepted (the pages say it before the learner types).
pub const PASSWORD_MIN_LENGTH: usize = 10;
