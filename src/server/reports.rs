//! Where problem reports meet sessions, sandboxes and pages: a learner's report taken with a
//! snapshot of their sandbox for the lesson (if one runs), slowed down per learner and address;
//! the instructors' view of them (with lesson titles and usernames), closing one; and
//! `streamlab reports list` for instructors in a terminal.

use std::time::Duration;

use super::kept_drafts::{self, REPORT};
use super::requester::Requester;
use super::state::AppState;
use crate::auth::throttle::{SlowDown, Throttle, nonzero};
use crate::problem::{Problem, Refusal};
use crate::reports::store::{self, NewReport};
use crate::reports::{
    ReportDraft, ReportForm, ReportProblem, ReportView, ReportsView, SNAPSHOT_EVENTS, SandboxSnapshot, report_problem,
};

/// Reports per learner: 3 in a row, then one a minute; per address 20, then one every 10 s.
pub fn throttle() -> Throttle {
    let quota = |period: u64, burst: u32| {
        governor::Quota::with_period(Duration::from_secs(period)).expect("non-zero").allow_burst(nonzero(burst))
    };
    Throttle::with_quotas(quota(60, 3), quota(10, 20))
}

/// What the learner is told once the report is in.
#[derive(Clone, Debug)]
pub struct Sent {
    pub id: i64,
    /// Events the snapshot of their sandbox carries, if one was taken.
    pub snapshot_events: Option<usize>,
}

/// The report form for `lesson` (`None`: no such lesson), with the refused draft when `with_draft`.
pub async fn form(state: &AppState, asker: &Requester, lesson: &str, with_draft: bool) -> Option<ReportForm> {
    let view = state.lessons.current().view(lesson, crate::i18n::Lang::En)?;
    let sandbox_running = asker.owner().is_some_and(|owner| state.sandboxes.for_lesson(owner, lesson).is_some());
    let draft = if with_draft { kept_drafts::kept(asker.session(), REPORT, lesson).await } else { None };
    Some(ReportForm { lesson_title: view.summary.title, signed_in: asker.account().is_some(), sandbox_running, draft })
}

/// Takes a learner's report on `lesson`, with a snapshot of their sandbox for it if one runs.
pub async fn send(
    state: &AppState,
    asker: &Requester,
    lesson: &str,
    what: &str,
    contact: &str,
) -> Result<Sent, Problem> {
    if state.lessons.current().view(lesson, crate::i18n::Lang::En).is_none() {
        return Err(ReportProblem::NoSuchLesson.into());
    }
    let owner = asker.owner();
    // A visitor with no learner id yet counts by their address.
    let key = owner.map_or_else(|| format!("address {}", asker.address), |o| o.as_str().to_string());
    if let Err(SlowDown::Account(wait) | SlowDown::Address(wait)) = state.report_throttle.attempt(&key, asker.address) {
        return Err(ReportProblem::SlowDown(wait.as_secs().max(1)).into());
    }
    // Checked after the throttle: a refused report is kept in the session for its form, and
    // refusals must not be a way to write without limit.
    if let Some(problem) = report_problem(what, contact) {
        return Err(problem.into());
    }
    let snapshot = match owner.and_then(|owner| state.sandboxes.for_lesson(owner, lesson)) {
        Some(sandbox) => {
            let mut events = sandbox.events.since(0);
            let keep_from = events.len().saturating_sub(SNAPSHOT_EVENTS);
            events.drain(..keep_from);
            Some(SandboxSnapshot { info: sandbox.info().await, events, taken_at_ms: crate::clock::now_ms() })
        }
        None => None,
    };
    let contact = contact.trim();
    let report = NewReport {
        lesson,
        reporter: owner.map(|o| o.as_str()),
        contact: (!contact.is_empty()).then_some(contact),
        what: what.trim(),
        snapshot: snapshot.as_ref(),
    };
    let id = store::create(&state.db, report).await.map_err(|e| Problem::fault("storing a report", e))?;
    tracing::info!(report = id, lesson, with_snapshot = snapshot.is_some(), "problem reported");
    Ok(Sent { id, snapshot_events: snapshot.map(|s| s.events.len()) })
}

/// The answer to a report sent by a plain form without JavaScript: a redirect to the form saying
/// it was sent, or back to it with the text kept and the problem said. With JavaScript the
/// result goes back as it is: the number of events the snapshot carries.
pub async fn answer_form(
    state: &AppState,
    asker: &Requester,
    lesson: &str,
    (what, contact): (String, String),
    result: Result<Sent, Problem>,
    plain: bool,
) -> Result<Option<usize>, Problem> {
    // Only a lesson that exists is an address to send the browser back to.
    if !plain || state.lessons.current().view(lesson, crate::i18n::Lang::En).is_none() {
        return result.map(|sent| sent.snapshot_events);
    }
    let page = crate::routes::report(lesson);
    match result {
        Ok(sent) => {
            let events = sent.snapshot_events.map_or(String::new(), |n| format!("&events={n}"));
            leptos_axum::redirect(&format!("{page}?sent=1{events}"));
            Ok(sent.snapshot_events)
        }
        Err(problem) => {
            // Cut to twice what a report may hold, so a refusal never makes the session a free store.
            let (mut what, mut contact) = (what, contact);
            kept_drafts::cut_chars(&mut what, crate::reports::WHAT_MAX_CHARS * 2);
            kept_drafts::cut_chars(&mut contact, crate::reports::CONTACT_MAX_CHARS * 2);
            kept_drafts::keep(asker.session(), REPORT, lesson, &ReportDraft { what, contact, problem }).await;
            leptos_axum::redirect(&format!("{page}?draft=1"));
            Ok(None)
        }
    }
}

/// The instructors' page: open reports (or all, `closed_too`), of one lesson or every lesson;
/// an empty page for anyone else.
pub async fn instructors_page(
    state: &AppState,
    asker: &Requester,
    lesson: Option<&str>,
    closed_too: bool,
) -> Result<ReportsView, Problem> {
    if !asker.is_instructor() {
        return Ok(ReportsView::default());
    }
    let unreadable = |e| Problem::fault("reading reports", e);
    let reports = for_instructors(state, lesson, closed_too).await.map_err(unreadable)?;
    let mut lessons: Vec<(String, String, usize)> = Vec::new();
    for report in for_instructors(state, None, false).await.map_err(unreadable)? {
        match lessons.iter_mut().find(|(slug, _, _)| *slug == report.lesson) {
            Some(entry) => entry.2 += 1,
            None => lessons.push((report.lesson, report.lesson_title, 1)),
        }
    }
    let stuck = funnels(state).await.map_err(unreadable)?;
    let drafts = state.lessons.current().drafts();
    Ok(ReportsView { instructor: true, reports, lessons, stuck, drafts })
}

/// An instructor closes a report with a note.
pub async fn close(state: &AppState, asker: &Requester, id: i64, note: &str) -> Result<(), Problem> {
    let instructor = asker.account().filter(|_| asker.is_instructor()).ok_or(Refusal::InstructorsOnly)?;
    let closed = store::close(&state.db, id, instructor.as_str(), note.trim())
        .await
        .map_err(|e| Problem::fault("closing a report", e))?;
    if !closed {
        return Err(ReportProblem::ClosedAlready.into());
    }
    Ok(())
}

/// Reports for the instructors' page: open ones (or all), of one lesson or every lesson.
async fn for_instructors(
    state: &AppState,
    lesson: Option<&str>,
    closed_too: bool,
) -> Result<Vec<ReportView>, sqlx::Error> {
    let catalog = state.lessons.current();
    let when = |ms: i64| crate::comments::store::when(ms).1;
    Ok(store::list(&state.db, lesson, closed_too)
        .await?
        .into_iter()
        .map(|row| {
            let lesson = catalog.view(&row.lesson, crate::i18n::Lang::En);
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
pub async fn print_open(db: &sqlx::AnyPool) -> Result<String, sqlx::Error> {
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

/// Where learners get stuck: the exercise funnel of every published lesson with checks.
async fn funnels(state: &AppState) -> Result<Vec<crate::progress::steps::Funnel>, sqlx::Error> {
    let catalog = state.lessons.current();
    let mut funnels = Vec::new();
    for summary in catalog.summaries(crate::i18n::Lang::En) {
        let Some(view) = catalog.view(&summary.slug, crate::i18n::Lang::En) else { continue };
        if view.exercise.is_empty() {
            continue;
        }
        let checks: Vec<(String, String)> = view.exercise.iter().map(|c| (c.id.clone(), c.text.clone())).collect();
        funnels.push(crate::progress::steps::funnel(&state.db, &summary.slug, &summary.title, &checks).await?);
    }
    Ok(funnels)
}
