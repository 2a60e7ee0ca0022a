//! Exercises, decided on the server: a lesson's checks are evaluated against its sandbox's
//! events as they arrive, in order, and what they decide is recorded as `check_passed` and
//! `exercise_completed` events. Nothing the browser sends can pass a check: only the events the
//! sandbox itself records count.
//!
//! [`evaluate`] is the pure part (events in, passed checks out); [`follow`] runs it against a
//! live sandbox, and [`watch_for`] runs single checks as goals of their own (the achievements'). Storing a completion for the learner is the caller's business (the server
//! layer joins this domain to the database).

pub mod evaluate;
mod follow;
#[cfg(test)]
mod tests;

pub use follow::{follow, watch_for};
