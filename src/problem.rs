//! What went wrong, as one type with a kind: a **refusal** (the request was understood and
//! declined; the learner can act on it: 400, 403, 404, 409, 429, 503) or a **fault** (ours: 500,
//! the cause logged once where it happened, under an id the learner may quote in a report).
//!
//! A refusal is a key and its arguments, never an English sentence: each domain's refusal enum
//! (a variant is the key, its fields the arguments) says itself in words at display time, so a
//! page can say it in the reader's language. Every server function, the sandbox's JSON API and
//! every page go through this type; `server::edge` gives the status on the wire.

use leptos::server_fn::codec::JsonEncoding;
use leptos::server_fn::error::{FromServerFnError, ServerFnErrorErr};
use serde::{Deserialize, Serialize};

use crate::comments::problem::CommentProblem;
use crate::progress::ProgressProblem;
use crate::reports::ReportProblem;
use crate::sandbox::refusal::SandboxRefusal;

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, thiserror::Error)]
pub enum Problem {
    #[error("{0}")]
    Refused(Refusal),
    /// A failure of ours; `id` is beside the cause in the server's log.
    #[error(
        "Something went wrong on our side; try again in a moment. If it keeps happening, report it and quote {id}."
    )]
    Fault { id: String },
    /// The browser did not reach the server, or could not read its answer.
    #[error("The server could not be reached just now; check your connection and try again.")]
    Unreachable,
}

/// Why a request was declined, by domain.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, thiserror::Error)]
pub enum Refusal {
    #[error("{0}")]
    Comment(CommentProblem),
    #[error("{0}")]
    Report(ReportProblem),
    #[error("{0}")]
    Progress(ProgressProblem),
    #[error("{0}")]
    Sandbox(SandboxRefusal),
    #[error("Only instructors may do that.")]
    InstructorsOnly,
}

impl Refusal {
    /// The HTTP status it goes out with (a server function called by fetch, the JSON API).
    pub fn status(&self) -> u16 {
        match self {
            Refusal::Comment(p) => p.status(),
            Refusal::Report(p) => p.status(),
            Refusal::Progress(p) => p.status(),
            Refusal::Sandbox(p) => p.status(),
            Refusal::InstructorsOnly => 403,
        }
    }

    /// When trying again may succeed (`Retry-After`), for the limits.
    pub fn retry_after_secs(&self) -> Option<u64> {
        match self {
            Refusal::Comment(CommentProblem::SlowDownAccount(s) | CommentProblem::SlowDownAddress(s)) => Some(*s),
            Refusal::Report(ReportProblem::SlowDown(s)) => Some(*s),
            Refusal::Progress(ProgressProblem::TooManyNewLearners { retry_after_secs }) => Some(*retry_after_secs),
            Refusal::Sandbox(p) => p.retry_after_secs(),
            _ => None,
        }
    }
}

impl Problem {
    /// A problem that is a refusal of one of the domains.
    pub fn refused(refusal: impl Into<Refusal>) -> Problem {
        Problem::Refused(refusal.into())
    }

    /// A failure of ours: the cause, with its chain, goes to the log once, here, under a fresh
    /// id; the learner reads a sentence that carries the id.
    #[cfg(feature = "ssr")]
    pub fn fault(context: &str, cause: impl std::fmt::Display) -> Problem {
        let id = fault_id();
        tracing::error!(fault = %id, "{context}: {cause:#}");
        Problem::Fault { id }
    }

    /// The HTTP status: a refusal's own, 500 for a fault, 503 when unreachable.
    pub fn status(&self) -> u16 {
        match self {
            Problem::Refused(refusal) => refusal.status(),
            Problem::Fault { .. } => 500,
            Problem::Unreachable => 503,
        }
    }

    /// The refusal, when it is one.
    pub fn refusal(&self) -> Option<&Refusal> {
        match self {
            Problem::Refused(refusal) => Some(refusal),
            _ => None,
        }
    }
}

/// Eight hex digits, enough to find one line in a day's log.
#[cfg(feature = "ssr")]
fn fault_id() -> String {
    use rand::Rng;
    format!("E-{:08x}", rand::rng().random::<u32>())
}

/// Each domain's refusal is a `Refusal` of its own kind.
macro_rules! refusal_of {
    ($($kind:ident($domain:ty)),* $(,)?) => {
        $(impl From<$domain> for Refusal {
            fn from(refusal: $domain) -> Refusal {
                Refusal::$kind(refusal)
            }
        })*
    };
}

refusal_of!(Comment(CommentProblem), Report(ReportProblem), Progress(ProgressProblem), Sandbox(SandboxRefusal));

impl<R: Into<Refusal>> From<R> for Problem {
    fn from(refusal: R) -> Problem {
        Problem::Refused(refusal.into())
    }
}

impl FromServerFnError for Problem {
    type Encoder = JsonEncoding;

    fn from_server_fn_error(error: ServerFnErrorErr) -> Problem {
        match error {
            ServerFnErrorErr::Request(_) | ServerFnErrorErr::Response(_) | ServerFnErrorErr::Deserialization(_) => {
                Problem::Unreachable
            }
            #[cfg(feature = "ssr")]
            other => Problem::fault("server function edge", other),
            #[cfg(not(feature = "ssr"))]
            _ => Problem::Fault { id: "E-browser".into() },
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_refusal_travels_as_a_key_and_its_arguments_and_is_said_at_display_time() {
        let problem = Problem::refused(CommentProblem::SlowDownAccount(17));
        let wire = serde_json::to_string(&problem).unwrap();
        assert_eq!(wire, r#"{"Refused":{"Comment":{"SlowDownAccount":17}}}"#);
        assert!(!wire.contains("wait"), "no English on the wire: {wire}");
        let back: Problem = serde_json::from_str(&wire).unwrap();
        assert_eq!(
            back.to_string(),
            "You are commenting faster than we allow: wait 17 seconds and post again. Your text is kept."
        );
        assert_eq!((back.status(), back.refusal().unwrap().retry_after_secs()), (429, Some(17)));
    }

    #[test]
    fn a_fault_says_an_id_to_quote_and_nothing_of_its_cause() {
        let problem = Problem::fault("saving a comment", "disk I/O error at /var/lib/streamlab.db");
        let said = problem.to_string();
        let Problem::Fault { id } = &problem else { panic!("a fault") };
        assert!(said.contains(id.as_str()) && !said.contains("disk"), "{said}");
        assert_eq!(problem.status(), 500);
    }
}
