//! Problem reports: a learner's "Report a problem" on a lesson, with a snapshot of their sandbox
//! for it when one ran, read and closed by instructors (on their page, or `streamlab reports
//! list` in a terminal). The shapes pages show are shared with the browser; the rows are
//! server-only ([`store`]) and know nothing of sessions or HTTP.

#[cfg(feature = "ssr")]
pub mod store;

use serde::{Deserialize, Serialize};

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
    pub when: String,
    pub snapshot: Option<SandboxSnapshot>,
    /// The lesson's checks (in order) and whether the snapshot had each passed.
    pub checks: Vec<(String, bool)>,
    /// Closed: when, and the instructor's note.
    pub closed: Option<(String, String)>,
}

/// What is wrong with a report, if anything (the same rule in the page and on the server).
pub fn report_problem(what: &str, contact: &str) -> Option<String> {
    let length = what.chars().count();
    if what.trim().is_empty() {
        Some("Say what is wrong first: the report is empty.".into())
    } else if length > WHAT_MAX_CHARS {
        Some(format!(
            "A report is at most {WHAT_MAX_CHARS} characters; this one has {length}. Shorten it and send again."
        ))
    } else if contact.chars().count() > CONTACT_MAX_CHARS {
        Some(format!("The contact is at most {CONTACT_MAX_CHARS} characters."))
    } else {
        None
    }
}
