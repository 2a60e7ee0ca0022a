//! Server functions for lesson pages. Thin: they find the lesson library the server provides as
//! context (see `server::startup`) and ask it; this domain knows nothing of the app's state.

use leptos::prelude::*;

use super::{LessonPage, LessonSummary};
use crate::problem::Problem;

/// The lesson library of this server, provided as context for every request.
#[cfg(feature = "ssr")]
fn library() -> Result<std::sync::Arc<super::library::LessonLibrary>, Problem> {
    use_context().ok_or_else(|| {
        Problem::logged(
            "the lesson library is missing from the request context",
            "The lessons cannot be read just now.",
        )
    })
}

/// The published lessons, in course order.
#[server]
pub async fn list_lessons() -> Result<Vec<LessonSummary>, Problem> {
    Ok(library()?.current().summaries())
}

/// A draft lesson's page, for an instructor (learners find no such lesson).
#[cfg(feature = "ssr")]
async fn draft_for_instructor(catalog: &super::catalog::Catalog, slug: &str) -> Option<super::LessonView> {
    let draft = catalog.draft_view(slug)?;
    crate::server::fn_edge::viewer_is_instructor().await.then_some(draft)
}

/// One published lesson (or a draft, for an instructor), the problems of a broken one, or not found.
#[server]
pub async fn get_lesson(slug: String) -> Result<LessonPage, Problem> {
    let library = library()?;
    let catalog = library.current();
    let view = match catalog.view(&slug) {
        Some(view) => Some(view),
        None => draft_for_instructor(&catalog, &slug).await,
    };
    Ok(match (view, catalog.problems_of(&slug)) {
        (Some(view), _) => LessonPage::Ready(Box::new(super::LessonView { live_reload: library.is_watched(), ..view })),
        (None, Some(problems)) => {
            // The file's diagnostics (its lines, its paths) are for who writes lessons: an
            // instructor, or anyone on a development server that watches the files.
            let author = library.is_watched() || crate::server::fn_edge::viewer_is_instructor().await;
            LessonPage::Broken { slug, problems: if author { problems } else { Vec::new() } }
        }
        (None, None) => LessonPage::NotFound,
    })
}

/// A published lesson's body (HTML), for a lesson page rendered in the browser: after a
/// client-side navigation, or a live reload. `None` when there is no such lesson.
#[server]
pub async fn get_lesson_body(slug: String) -> Result<Option<String>, Problem> {
    let catalog = library()?.current();
    let view = match catalog.view(&slug) {
        Some(view) => Some(view),
        None => draft_for_instructor(&catalog, &slug).await,
    };
    Ok(view.map(|view| view.body_html))
}
