//! Server functions for lesson pages. Thin: they find the catalog in the app state and ask it.

use leptos::prelude::*;

use super::{LessonPage, LessonSummary};

/// The published lessons, in course order.
#[server]
pub async fn list_lessons() -> Result<Vec<LessonSummary>, ServerFnError> {
    let state = crate::server::state::app_state()?;
    Ok(state.lessons.current().summaries())
}

/// One published lesson, the problems of a broken one, or not found.
#[server]
pub async fn get_lesson(slug: String) -> Result<LessonPage, ServerFnError> {
    let state = crate::server::state::app_state()?;
    let catalog = state.lessons.current();
    Ok(match (catalog.view(&slug), catalog.problems_of(&slug)) {
        (Some(view), _) => {
            LessonPage::Ready(Box::new(super::LessonView { live_reload: state.lessons.is_watched(), ..view }))
        }
        (None, Some(problems)) => LessonPage::Broken { slug, problems },
        (None, None) => LessonPage::NotFound,
    })
}
