//! Where reply notifications meet requests and pages: the signed-in learner's count and list
//! (with the lessons' titles), opening one (`GET /notifications/{id}`: marked read, then the
//! reply), and every open page of theirs told the new count.

use axum::extract::{Path, State};
use axum::response::{IntoResponse, Redirect, Response};

use super::requester::Requester;
use super::state::AppState;
use crate::comments::inbox::{NotificationLine, NotificationsView};
use crate::comments::notifications;
use crate::i18n::Lang;
use crate::problem::Problem;
use crate::routes;

/// The newest notifications listed.
const LISTED: i64 = 100;

fn fault(cause: sqlx::Error) -> Problem {
    Problem::fault("notifications", cause)
}

/// The signed-in learner's unread count; `None` for anyone else.
pub async fn unread(state: &AppState, asker: &Requester) -> Result<Option<i64>, Problem> {
    match asker.account() {
        Some(owner) => Ok(Some(notifications::unread_count(&state.db, owner.as_str()).await.map_err(fault)?)),
        None => Ok(None),
    }
}

/// The signed-in learner's newest notifications, the lessons' titles in `lang` (in English
/// where a lesson has no translation).
pub async fn page(state: &AppState, asker: &Requester, lang: Lang) -> Result<NotificationsView, Problem> {
    let Some(owner) = asker.account() else { return Ok(NotificationsView::default()) };
    let catalog = state.lessons.current();
    let items = notifications::list(&state.db, owner.as_str(), LISTED)
        .await
        .map_err(fault)?
        .into_iter()
        .map(|n| NotificationLine {
            href: routes::notification(n.id),
            replier: n.replier.unwrap_or_else(|| "A former learner".into()),
            lesson_title: catalog.view(&n.lesson, lang).map_or(n.lesson.clone(), |lesson| lesson.summary.title),
            excerpt: n.excerpt,
            when: crate::comments::store::when(n.created_at).1,
            read: n.read,
        })
        .collect();
    let enabled = notifications::enabled(&state.db, owner.as_str()).await.map_err(fault)?;
    Ok(NotificationsView { signed_in: true, enabled, items })
}

pub async fn mark_all_read(state: &AppState, asker: &Requester) -> Result<(), Problem> {
    if let Some(owner) = asker.account() {
        notifications::mark_all_read(&state.db, owner.as_str()).await.map_err(fault)?;
        super::comments::tell_unread(state, owner).await;
    }
    Ok(())
}

pub async fn set_enabled(state: &AppState, asker: &Requester, on: bool) -> Result<(), Problem> {
    if let Some(owner) = asker.account() {
        notifications::set_enabled(&state.db, owner.as_str(), on).await.map_err(fault)?;
    }
    Ok(())
}

/// `GET /notifications/{id}`: marks it read and goes to the reply (or back to the list when the
/// reply is gone).
pub async fn open(State(state): State<AppState>, asker: Requester, Path(id): Path<i64>) -> Response {
    let Some(owner) = asker.account().cloned() else {
        return Redirect::to(&format!("{}?next={}", routes::SIGN_IN, routes::NOTIFICATIONS)).into_response();
    };
    match notifications::open(&state.db, owner.as_str(), id).await {
        Ok(Some((lesson, comment))) => {
            super::comments::tell_unread(&state, &owner).await;
            // The page of the thread that holds it: the one that starts just after its comment.
            let page = match crate::comments::store::top_of(&state.db, comment).await {
                Ok(Some(top)) => format!("?before={}", top + 1),
                _ => String::new(),
            };
            Redirect::to(&format!("{}{page}#comment-{comment}", routes::lesson(&lesson))).into_response()
        }
        Ok(None) => Redirect::to(routes::NOTIFICATIONS).into_response(),
        Err(e) => {
            let _ = Problem::fault("opening a notification", e);
            Redirect::to(routes::NOTIFICATIONS).into_response()
        }
    }
}
