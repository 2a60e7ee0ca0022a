//! Server functions for lesson pages. Thin: they find the catalog in the app state and ask it.

use leptos::prelude::*;

use super::{LessonSummary, LessonView};

/// The published lessons, in course order.
#[server]
pub async fn list_lessons() -> Result<Vec<LessonSummary>, ServerFnError> {
    let state = crate::server::state::app_state()?;
    Ok(state.lessons.summaries())
}

/// One published lesson, or `None` when no published lesson has that slug.
#[server]
pub async fn get_lesson(slug: String) -> Result<Option<LessonView>, ServerFnError> {
    let state = crate::server::state::app_state()?;
    Ok(state.lessons.view(&slug))
}
