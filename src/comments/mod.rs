//! Per-lesson comments: the thread under each lesson (comments, one level of replies), what a
//! learner may write in one (a markdown subset, rendered on the server and sanitised), who may
//! edit, delete or hide what, and the notifications a reply leaves for the comment's author.
//!
//! The shapes pages show ([`thread`]) and why a comment was refused ([`problem`]) are shared
//! with the browser; the rest is server-only and free of HTTP and sessions: [`markdown`] (the
//! subset and its sanitising), [`store`] (the rows), [`notifications`] (replies waiting to be
//! read, and the learner's choice to have them). The server layer (`server/comments.rs`) joins
//! this to sessions, accounts, rate limits and the page's live stream.

pub mod inbox;
pub mod problem;
pub mod thread;

#[cfg(feature = "ssr")]
pub mod markdown;
#[cfg(feature = "ssr")]
pub mod notifications;
#[cfg(feature = "ssr")]
pub mod store;

/// The longest comment accepted, in characters (the box says so before anyone types).
pub const BODY_MAX_CHARS: usize = 5_000;
