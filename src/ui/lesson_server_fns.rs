//! What lesson pages ask of the server: the course's lessons, one lesson's page, and a lesson's
//! body for a page rendered in the browser, each in the page's language where it is translated.

use leptos::prelude::*;

use crate::i18n::Lang;
use crate::lessons::{LessonPage, LessonSummary};
use crate::problem::Problem;

/// The published lessons, in course order.
#[server]
pub async fn list_lessons(lang: Lang) -> Result<Vec<LessonSummary>, Problem> {
    let state = crate::server::state::app_state().map_err(|e| Problem::fault("listing lessons", e))?;
    Ok(state.lessons.current().summaries(lang))
}

/// One published lesson (or a draft, for an instructor), the problems of a broken one, or not found.
#[server]
pub async fn get_lesson(slug: String, lang: Lang) -> Result<LessonPage, Problem> {
    let (state, asker) = crate::server::fn_edge::asked().await?;
    Ok(crate::server::lessons::page(&state, &asker, &slug, lang))
}

/// A published lesson's body (HTML), for a lesson page rendered in the browser: after a
/// client-side navigation, or a live reload. `None` when there is no such lesson.
#[server]
pub async fn get_lesson_body(slug: String, lang: Lang) -> Result<Option<String>, Problem> {
    let (state, asker) = crate::server::fn_edge::asked().await?;
    Ok(crate::server::lessons::body(&state, &asker, &slug, lang))
}
