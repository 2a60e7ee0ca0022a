//! Where lessons meet requests: which lesson a reader may open (a draft only for an instructor)
//! and who sees a broken lesson file's diagnostics (its author: an instructor, or anyone on a
//! development server that watches the files).

use super::requester::Requester;
use super::state::AppState;
use crate::i18n::Lang;
use crate::lessons::{LessonPage, LessonView};

/// A published lesson, or a draft for an instructor previewing it.
fn view(state: &AppState, asker: &Requester, slug: &str, lang: Lang) -> Option<LessonView> {
    let catalog = state.lessons.current();
    catalog.view(slug, lang).or_else(|| catalog.draft_view(slug, lang).filter(|_| asker.is_instructor()))
}

/// One lesson's page, the problems of a broken one, or not found.
pub fn page(state: &AppState, asker: &Requester, slug: &str, lang: Lang) -> LessonPage {
    let watched = state.lessons.is_watched();
    match (view(state, asker, slug, lang), state.lessons.current().problems_of(slug)) {
        (Some(view), _) => LessonPage::Ready(Box::new(LessonView { live_reload: watched, ..view })),
        (None, Some(problems)) => {
            let author = watched || asker.is_instructor();
            LessonPage::Broken { slug: slug.to_string(), problems: if author { problems } else { Vec::new() } }
        }
        (None, None) => LessonPage::NotFound,
    }
}

/// A lesson's body (HTML), for a page rendered in the browser.
pub fn body(state: &AppState, asker: &Requester, slug: &str, lang: Lang) -> Option<String> {
    view(state, asker, slug, lang).map(|view| view.body_html)
}
