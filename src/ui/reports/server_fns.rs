//! What the report form and the instructors' page ask of the server. Both forms are plain posts
//! too: without JavaScript the answer is a redirect (to the form saying it was sent, or back to
//! it with the text kept and the problem said).

use leptos::prelude::*;

use crate::problem::Problem;
use crate::reports::{ReportForm, ReportsView};

#[server]
pub async fn get_report_form(lesson: String, with_draft: bool) -> Result<Option<ReportForm>, Problem> {
    let (state, asker) = edge::asked().await?;
    Ok(reports::form(&state, &asker, &lesson, with_draft).await)
}

/// Sends a report; the number of sandbox events its snapshot carries (`None`: no sandbox ran).
#[server]
pub async fn send_report(lesson: String, what: String, contact: Option<String>) -> Result<Option<usize>, Problem> {
    let (state, asker) = edge::asked().await?;
    let contact = contact.unwrap_or_default();
    let result = reports::send(&state, &asker, &lesson, &what, &contact).await;
    edge::answer(reports::answer_form(&state, &asker, &lesson, (what, contact), result, edge::plain_form_post()).await)
}

/// The instructors' page: open reports (or all, `closed`), of one lesson or every lesson.
#[server]
pub async fn get_reports(lesson: Option<String>, closed: bool) -> Result<ReportsView, Problem> {
    let (state, asker) = edge::asked().await?;
    edge::answer(reports::instructors_page(&state, &asker, lesson.as_deref(), closed).await)
}

/// An instructor closes a report with a note.
#[server]
pub async fn close_report(id: i64, note: String) -> Result<(), Problem> {
    let (state, asker) = edge::asked().await?;
    edge::answer(reports::close(&state, &asker, id, &note).await)
}

#[cfg(feature = "ssr")]
use crate::server::{fn_edge as edge, reports};
