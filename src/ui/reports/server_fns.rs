//! What the report form and the instructors' page ask of the server. Both forms are plain posts
//! too: without JavaScript the answer is a redirect (to the form saying it was sent, or back to
//! it with the text kept and the problem said).

use leptos::prelude::*;

use crate::i18n::Lang;
use crate::problem::Problem;
use crate::reports::{ReportForm, ReportsView};

/// The form for a report on `lesson`, its title in `lang` where the lesson is translated.
#[server]
pub async fn get_report_form(lesson: String, with_draft: bool, lang: Lang) -> Result<Option<ReportForm>, Problem> {
    let (state, asker) = edge::asked().await?;
    let mut form = reports::form(&state, &asker, &lesson, with_draft).await;
    if let Some(form) = form.as_mut()
        && lang != Lang::En
        && let Some(view) = state.lessons.current().view(&lesson, lang)
    {
        form.lesson_title = view.summary.title;
    }
    Ok(form)
}

/// Sends a report; the number of sandbox events its snapshot carries (`None`: no sandbox ran).
#[server]
pub async fn send_report(lesson: String, what: String, contact: Option<String>) -> Result<Option<usize>, Problem> {
    let (state, asker) = edge::asked().await?;
    let contact = contact.unwrap_or_default();
    let result = reports::send(&state, &asker, &lesson, &what, &contact).await;
    edge::answer(reports::answer_form(&state, &asker, &lesson, (what, contact), result, edge::plain_form_post()).await)
}

/// The instructors' page: open reports (or all, `closed`), of one lesson or every lesson; the
/// lessons' titles and checks in `lang` where they are translated.
#[server]
pub async fn get_reports(lesson: Option<String>, closed: bool, lang: Lang) -> Result<ReportsView, Problem> {
    let (state, asker) = edge::asked().await?;
    let view = reports::instructors_page(&state, &asker, lesson.as_deref(), closed).await;
    edge::answer(view.map(|view| in_language(&state, view, lang)))
}

/// The page's lesson titles and check texts (the server words them in English) in `lang`, from
/// the lessons' translations; the same checks in the same order (`lessons check` sees to it).
#[cfg(feature = "ssr")]
fn in_language(state: &crate::server::state::AppState, mut view: ReportsView, lang: Lang) -> ReportsView {
    if lang == Lang::En {
        return view;
    }
    let catalog = state.lessons.current();
    let lesson = |slug: &str| catalog.view(slug, lang).or_else(|| catalog.draft_view(slug, lang));
    let checks = |translated: &crate::lessons::LessonView, texts: &mut dyn Iterator<Item = &mut String>| {
        for (text, check) in texts.zip(&translated.exercise) {
            *text = check.text.clone();
        }
    };
    for report in &mut view.reports {
        if let Some(translated) = lesson(&report.lesson) {
            if translated.exercise.len() == report.checks.len() {
                checks(&translated, &mut report.checks.iter_mut().map(|(text, _)| text));
            }
            report.lesson_title = translated.summary.title;
        }
    }
    for funnel in &mut view.stuck {
        if let Some(translated) = lesson(&funnel.lesson) {
            if translated.exercise.len() == funnel.checks.len() {
                checks(&translated, &mut funnel.checks.iter_mut().map(|check| &mut check.text));
            }
            funnel.title = translated.summary.title;
        }
    }
    for (slug, title) in view
        .lessons
        .iter_mut()
        .map(|(slug, title, _)| (slug, title))
        .chain(view.drafts.iter_mut().map(|(slug, title)| (slug, title)))
    {
        if let Some(translated) = lesson(slug) {
            *title = translated.summary.title;
        }
    }
    view
}

/// An instructor closes a report with a note.
#[server]
pub async fn close_report(id: i64, note: String) -> Result<(), Problem> {
    let (state, asker) = edge::asked().await?;
    edge::answer(reports::close(&state, &asker, id, &note).await)
}

#[cfg(feature = "ssr")]
use crate::server::{fn_edge as edge, reports};
