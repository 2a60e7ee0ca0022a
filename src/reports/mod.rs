//! Problem reports: a learner's "Report a problem" on a lesson, with a snapshot of their sandbox
//! for it when one ran, read and closed by instructors (on their page, or `streamlab reports
//! list` in a terminal). The shapes pages show are shared with the browser; the rows are
//! server-only ([`store`]) and know nothing of sessions or HTTP.

#[cfg(feature = "ssr")]
pub mod store;
mod views;

pub use views::{ReportDraft, ReportForm, ReportsView};

use serde::{Deserialize, Serialize};

use crate::comments::problem::group_thousands;
use crate::sandbox::wire::{Event, SandboxInfo};

/// The longest report accepted, in characters.
pub const WHAT_MAX_CHARS: usize = 5_000;
/// The longest contact line accepted.
pub const CONTACT_MAX_CHARS: usize = 200;
/// Events a snapshot keeps: the last ones, as the learner's timeline showed them.
pub const SNAPSHOT_EVENTS: usize = 200;

/// The learner's sandbox when they reported: what the API says of it, and its last events.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct SandboxSnapshot {
    pub info: SandboxInfo,
    pub events: Vec<Event>,
    pub taken_at_ms: u64,
}

/// One report as the instructors' page shows it.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct ReportView {
    pub id: i64,
    pub lesson: String,
    pub lesson_title: String,
    /// The reporter's username, or `None` for an anonymous learner (or a deleted account).
    pub reporter: Option<String>,
    pub contact: Option<String>,
    pub what: String,
    /// When it was made, RFC 3339 (the page says it in its language).
    pub when: String,
    pub snapshot: Option<SandboxSnapshot>,
    /// The lesson's checks (in order) and whether the snapshot had each passed.
    pub checks: Vec<(String, bool)>,
    /// Closed: when (RFC 3339), and the instructor's note.
    pub closed: Option<(String, String)>,
}

/// Why a report (or an instructor's closing of one) was refused.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, thiserror::Error)]
pub enum ReportProblem {
    #[error("Say what is wrong first: the report is empty.")]
    Empty,
    #[error("A report is at most {max} characters; this one has {has}. Shorten it and send again.", max = group_thousands(WHAT_MAX_CHARS), has = group_thousands(*.0))]
    TooLong(usize),
    #[error("The contact is at most {CONTACT_MAX_CHARS} characters.")]
    ContactTooLong,
    #[error("You have sent several reports just now: wait {0} seconds and send again. Your text is kept.")]
    SlowDown(u64),
    #[error("There is no such lesson.")]
    NoSuchLesson,
    #[error("That report is closed already.")]
    ClosedAlready,
}

impl ReportProblem {
    pub fn status(&self) -> u16 {
        match self {
            ReportProblem::Empty | ReportProblem::TooLong(_) | ReportProblem::ContactTooLong => 400,
            ReportProblem::NoSuchLesson => 404,
            ReportProblem::ClosedAlready => 409,
            ReportProblem::SlowDown(_) => 429,
        }
    }
}

/// What is wrong with a report, if anything (the same rule in the page and on the server).
pub fn report_problem(what: &str, contact: &str) -> Option<ReportProblem> {
    let length = what.chars().count();
    if what.trim().is_empty() {
        Some(ReportProblem::Empty)
    } else if length > WHAT_MAX_CHARS {
        Some(ReportProblem::TooLong(length))
    } else if contact.chars().count() > CONTACT_MAX_CHARS {
        Some(ReportProblem::ContactTooLong)
    } else {
        None
    }
}
