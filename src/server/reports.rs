//! Where problem reports meet sessions, sandboxes and pages: a learner's report taken with a
//! snapshot of their sandbox for the lesson (if one runs), slowed down per learner and address;
//! the instructors' view of them (with lesson titles and usernames), closing one; and
//! `streamlab reports list` for instructors in a terminal.

use std::net::IpAddr;
use std::time::Duration;

use tower_sessions::Session;

use super::comments::commenter;
use super::learner::session_owner;
use super::state::AppState;
use crate::auth::throttle::{SlowDown, Throttle, nonzero};
use crate::reports::store::{self, NewReport};
use crate::reports::{ReportView, SNAPSHOT_EVENTS, SandboxSnapshot, report_problem};

/// Reports per learner: 3 in a row, then one a minute; per address 20, then one every 10 s.
pub fn throttle() -> Throttle {
    let quota = |period: u64, burst: u32| {
        governor::Quota::with_period(Duration::from_secs(period)).expect("non-zero").allow_burst(nonzero(burst))
    };
    Throttle::with_quotas(quota(60, 3), quota(10, 20))
}

#[derive(Debug, thiserror::Error)]
pub enum ReportError {
    #[error("{0}")]
    Refused(String),
    #[error("Something went wrong on our side; try again in a moment. Your text is kept.")]
    Internal(String),
}

/// What the learner is told once the report is in.
#[derive(Clone, Debug)]
pub struct Sent {
    pub id: i64,
    /// Events the snapshot of their sandbox carries, if one was taken.
    pub snapshot_events: Option<usize>,
}

/// Takes a learner's report on `lesson`, with a snapshot of their sandbox for it if one runs.
pub async fn send(
    state: &AppState,
    session: &Session,
    address: IpAddr,
    lesson: &str,
    what: &str,
    contact: &str,
) -> Result<Sent, ReportError> {
    if state.lessons.current().view(lesson).is_none() {
        return Err(ReportError::Refused("There is no such lesson.".into()));
    }
    let owner = session_owner(&state.db, session).await;
    // A visitor with no learner id yet counts by their address.
    let key = owner.as_ref().map_or_else(|| format!("address {address}"), |o| o.as_str().to_string());
    if let Err(slow) = state.report_throttle.attempt(&key, address) {
        let wait = match slow {
            SlowDown::Account(wait) | SlowDown::Address(wait) => wait.as_secs().max(1),
        };
        return Err(ReportError::Refused(format!(
            "You have sent several reports just now: wait {wait} seconds and send again. Your text is kept."
        )));
    }
    // Checked after the throttle: a refused report is kept in the session for its form, and
    // refusals must not be a way to write without limit.
    if let Some(problem) = report_problem(what, contact) {
        return Err(ReportError::Refused(problem));
    }
    let snapshot = match owner.as_ref().and_then(|owner| state.sandboxes.for_lesson(owner, lesson)) {
        Some(sandbox) => {
            let mut events = sandbox.events.since(0);
            let keep_from = events.len().saturating_sub(SNAPSHOT_EVENTS);
            events.drain(..keep_from);
            Some(SandboxSnapshot { info: sandbox.info().await, events, taken_at_ms: crate::clock::now_ms() })
        }
        None => None,
    };
    let contact = contact.trim();
    let id = store::create(
        &state.db,
        NewReport {
            lesson,
            reporter: owner.as_ref().map(|o| o.as_str()),
            contact: (!contact.is_empty()).then_some(contact),
            what: what.trim(),
            snapshot: snapshot.as_ref(),
        },
    )
    .await
    .map_err(|e| ReportError::Internal(e.to_string()))?;
    tracing::info!(report = id, lesson, with_snapshot = snapshot.is_some(), "problem reported");
    Ok(Sent { id, snapshot_events: snapshot.map(|s| s.events.len()) })
}

/// Whether the session is an instructor's.
pub async fn is_instructor(state: &AppState, session: &Session) -> Result<bool, sqlx::Error> {
    Ok(commenter(state, session).await?.is_some_and(|c| c.instructor))
}

/// Reports for the instructors' page: open ones (or all), of one lesson or every lesson.
pub async fn for_instructors(
    state: &AppState,
    lesson: Option<&str>,
    closed_too: bool,
) -> Result<Vec<ReportView>, sqlx::Error> {
    let catalog = state.lessons.current();
    let when = |ms: i64| crate::comments::store::when(ms).0;
    Ok(store::list(&state.db, lesson, closed_too)
        .await?
        .into_iter()
        .map(|row| {
            let lesson = catalog.view(&row.lesson);
            let snapshot = row.snapshot();
            let passed = |id: &str| {
                snapshot
                    .as_ref()
                    .and_then(|s| s.info.exercise.as_ref())
                    .is_some_and(|e| e.passed.iter().any(|p| p == id))
            };
            let checks = match (&lesson, &snapshot) {
                (Some(lesson), Some(_)) => lesson.exercise.iter().map(|c| (c.text.clone(), passed(&c.id))).collect(),
                _ => Vec::new(),
            };
            (row, lesson, snapshot, checks)
        })
        .map(|(row, lesson, snapshot, checks)| ReportView {
            id: row.id,
            lesson_title: lesson.map_or(row.lesson.clone(), |l| l.summary.title),
            snapshot,
            checks,
            lesson: row.lesson,
            reporter: row.reporter_name,
            contact: row.contact,
            what: row.what,
            when: when(row.created_at),
            closed: row.closed_at.map(|at| (when(at), row.close_note.unwrap_or_default())),
        })
        .collect())
}

/// `streamlab reports list`: open reports, one block each, for a terminal.
pub async fn print_open(db: &sqlx::SqlitePool) -> Result<String, sqlx::Error> {
    let rows = store::list(db, None, false).await?;
    let mut out = String::new();
    for row in &rows {
        let who = match (&row.reporter_name, &row.contact) {
            (Some(name), _) => name.clone(),
            (None, Some(contact)) => format!("an anonymous learner ({})", printable(contact)),
            (None, None) => "an anonymous learner".to_string(),
        };
        out.push_str(&format!(
            "#{} {} · {} · {}\n",
            row.id,
            row.lesson,
            crate::comments::store::when(row.created_at).0,
            who
        ));
        for line in row.what.lines() {
            out.push_str(&format!("    {}\n", printable(line)));
        }
        if let Some(snapshot) = row.snapshot() {
            let info = &snapshot.info;
            let checks =
                info.exercise.as_ref().map_or(String::new(), |e| format!(", checks passed: {}", e.passed.len()));
            out.push_str(&format!(
                "    sandbox: mode {}, Redis {}, sent {} delivered {} lost {}{checks}, {} events\n",
                info.bridge.as_str(),
                info.redis,
                info.counters.sent,
                info.counters.delivered,
                info.counters.lost,
                snapshot.events.len()
            ));
        }
        out.push('\n');
    }
    out.push_str(&format!("{} open reports\n", rows.len()));
    Ok(out)
}

/// A learner's line as a terminal shows it: control characters (escape sequences that would
/// move the cursor, retitle the window or worse) become `?`.
fn printable(line: &str) -> String {
    line.chars().map(|c| if c.is_control() && c != '\t' { '?' } else { c }).collect()
}

const DRAFT_KEY: &str = "report_draft";

/// Keeps a report refused without JavaScript, for its form to show again (`?draft=1`): cut to
/// twice what a report may hold, so a refusal never makes the session a free store.
pub async fn keep_draft(session: &Session, lesson: &str, mut draft: crate::ui::reports::server_fns::ReportDraft) {
    cut_chars(&mut draft.what, crate::reports::WHAT_MAX_CHARS * 2);
    cut_chars(&mut draft.contact, crate::reports::CONTACT_MAX_CHARS * 2);
    if let Err(e) = session.insert(DRAFT_KEY, (lesson, draft)).await {
        tracing::warn!("cannot keep a report draft: {e}");
    }
}

fn cut_chars(text: &mut String, max_chars: usize) {
    if let Some((cut, _)) = text.char_indices().nth(max_chars) {
        text.truncate(cut);
    }
}

pub async fn kept_draft(session: &Session, lesson: &str) -> Option<crate::ui::reports::server_fns::ReportDraft> {
    let (for_lesson, draft) =
        session.get::<(String, crate::ui::reports::server_fns::ReportDraft)>(DRAFT_KEY).await.ok().flatten()?;
    (for_lesson == lesson).then_some(draft)
}

/// Where learners get stuck: the exercise funnel of every published lesson with checks.
pub async fn funnels(state: &AppState) -> Result<Vec<crate::progress::steps::Funnel>, sqlx::Error> {
    let catalog = state.lessons.current();
    let mut funnels = Vec::new();
    for summary in catalog.summaries() {
        let Some(view) = catalog.view(&summary.slug) else { continue };
        if view.exercise.is_empty() {
            continue;
        }
        let checks: Vec<(String, String)> = view.exercise.iter().map(|c| (c.id.clone(), c.text.clone())).collect();
        funnels.push(crate::progress::steps::funnel(&state.db, &summary.slug, &summary.title, &checks).await?);
    }
    Ok(funnels)
}
