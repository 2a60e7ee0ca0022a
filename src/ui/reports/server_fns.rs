//! What the report form and the instructors' page ask of the server. Both forms are plain posts
//! too: without JavaScript the answer is a redirect (to the form saying it was sent, or back to
//! it with the text kept and the problem said).

use leptos::prelude::*;
use serde::{Deserialize, Serialize};

use crate::problem::Problem;
use crate::reports::ReportView;

/// The report form's page.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct ReportForm {
    pub lesson_title: String,
    pub signed_in: bool,
    /// The learner's sandbox for the lesson runs: a snapshot will go with the report.
    pub sandbox_running: bool,
    /// A report refused without JavaScript: what was typed, and why.
    pub draft: Option<ReportDraft>,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct ReportDraft {
    pub what: String,
    pub contact: String,
    pub problem: String,
}

/// The instructors' page.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct ReportsView {
    pub instructor: bool,
    pub reports: Vec<ReportView>,
    /// Every lesson with open reports: slug, title, how many.
    pub lessons: Vec<(String, String, usize)>,
    /// Where learners get stuck: each published lesson's exercise funnel.
    pub stuck: Vec<crate::progress::steps::Funnel>,
    /// Draft lessons (slug, title), to preview.
    pub drafts: Vec<(String, String)>,
}

#[server]
pub async fn get_report_form(lesson: String, with_draft: bool) -> Result<Option<ReportForm>, Problem> {
    use crate::server::{fn_edge, learner};
    let (state, session) = fn_edge::state_and_session().await?;
    let Some(view) = state.lessons.current().view(&lesson) else { return Ok(None) };
    let learner = learner::current_learner(&state.db, &session)
        .await
        .map_err(|e| Problem::logged(e, "The form could not be opened just now."))?;
    let owner = learner.as_ref().map(|l| l.owner.clone());
    let sandbox_running = owner.is_some_and(|owner| state.sandboxes.for_lesson(&owner, &lesson).is_some());
    let draft = if with_draft { crate::server::reports::kept_draft(&session, &lesson).await } else { None };
    Ok(Some(ReportForm {
        lesson_title: view.summary.title,
        signed_in: learner.is_some_and(|l| l.username.is_some()),
        sandbox_running,
        draft,
    }))
}

/// Sends a report; the number of sandbox events its snapshot carries (`None`: no sandbox ran).
#[server]
pub async fn send_report(lesson: String, what: String, contact: Option<String>) -> Result<Option<usize>, Problem> {
    use crate::server::fn_edge;
    use crate::server::reports::{ReportError, keep_draft, send};
    let (state, session) = fn_edge::state_and_session().await?;
    let address = fn_edge::client_address(&state).await?;
    let contact = contact.unwrap_or_default();
    let result = send(&state, &session, address, &lesson, &what, &contact).await;
    let plain = fn_edge::plain_form_post().await;
    // Only a lesson that exists is an address to send the browser back to.
    let known = state.lessons.current().view(&lesson).is_some();
    let page = crate::routes::report(&lesson);
    match result {
        Ok(sent) => {
            if plain {
                let events = sent.snapshot_events.map_or(String::new(), |n| format!("&events={n}"));
                leptos_axum::redirect(&format!("{page}?sent=1{events}"));
            }
            Ok(sent.snapshot_events)
        }
        Err(error) => {
            if let ReportError::Internal(cause) = &error {
                tracing::error!("a report could not be stored: {cause}");
            }
            if !plain || !known {
                return Err(Problem::new(error.to_string()));
            }
            keep_draft(&session, &lesson, ReportDraft { what, contact, problem: error.to_string() }).await;
            leptos_axum::redirect(&format!("{page}?draft=1"));
            Ok(None)
        }
    }
}

/// The instructors' page: open reports (or all, `closed`), of one lesson or every lesson.
#[server]
pub async fn get_reports(lesson: Option<String>, closed: bool) -> Result<ReportsView, Problem> {
    let (state, session) = crate::server::fn_edge::state_and_session().await?;
    let unreadable = |e: sqlx::Error| Problem::logged(e, "The reports could not be read just now.");
    if !crate::server::reports::is_instructor(&state, &session).await.map_err(unreadable)? {
        return Ok(ReportsView {
            instructor: false,
            reports: Vec::new(),
            lessons: Vec::new(),
            stuck: Vec::new(),
            drafts: Vec::new(),
        });
    }
    let reports =
        crate::server::reports::for_instructors(&state, lesson.as_deref(), closed).await.map_err(unreadable)?;
    let open = crate::server::reports::for_instructors(&state, None, false).await.map_err(unreadable)?;
    let mut lessons: Vec<(String, String, usize)> = Vec::new();
    for report in open {
        match lessons.iter_mut().find(|(slug, _, _)| *slug == report.lesson) {
            Some(entry) => entry.2 += 1,
            None => lessons.push((report.lesson, report.lesson_title, 1)),
        }
    }
    let stuck = crate::server::reports::funnels(&state).await.map_err(unreadable)?;
    let drafts = state.lessons.current().drafts();
    Ok(ReportsView { instructor: true, reports, lessons, stuck, drafts })
}

/// An instructor closes a report with a note.
#[server]
pub async fn close_report(id: i64, note: String) -> Result<(), Problem> {
    let (state, session) = crate::server::fn_edge::state_and_session().await?;
    let instructor = crate::server::comments::commenter(&state, &session)
        .await
        .map_err(|e| Problem::logged(e, "The report could not be closed just now."))?
        .filter(|c| c.instructor)
        .ok_or_else(|| Problem::new("Only instructors can close reports."))?;
    let closed = crate::reports::store::close(&state.db, id, instructor.owner.as_str(), note.trim())
        .await
        .map_err(|e| Problem::logged(e, "The report could not be closed just now."))?;
    if !closed {
        return Err(Problem::new("That report is closed already."));
    }
    Ok(())
}
