//! Where reply notifications meet sessions and pages: the signed-in learner's count and list
//! (with the lessons' titles), opening one (`GET /notifications/{id}`: marked read, then the
//! reply), and every open page of theirs told the new count.

use axum::extract::{Path, State};
use axum::response::{IntoResponse, Redirect, Response};
use tower_sessions::Session;

use super::learner::current_learner;
use super::state::AppState;
use crate::comments::notifications;
use crate::routes;
use crate::sandbox::id::OwnerId;
use crate::ui::notifications::server_fns::{NotificationLine, NotificationsView};

/// The newest notifications listed.
const LISTED: i64 = 100;

/// The signed-in learner's account id.
async fn account(state: &AppState, session: &Session) -> Result<Option<OwnerId>, sqlx::Error> {
    Ok(current_learner(&state.db, session).await?.filter(|l| l.username.is_some()).map(|l| l.owner))
}

pub async fn unread(state: &AppState, session: &Session) -> Result<Option<i64>, sqlx::Error> {
    match account(state, session).await? {
        Some(owner) => Ok(Some(notifications::unread_count(&state.db, owner.as_str()).await?)),
        None => Ok(None),
    }
}

pub async fn page(state: &AppState, session: &Session) -> Result<NotificationsView, sqlx::Error> {
    let Some(owner) = account(state, session).await? else {
        return Ok(NotificationsView { signed_in: false, enabled: false, items: Vec::new() });
    };
    let catalog = state.lessons.current();
    let items = notifications::list(&state.db, owner.as_str(), LISTED)
        .await?
        .into_iter()
        .map(|n| NotificationLine {
            href: routes::notification(n.id),
            replier: n.replier.unwrap_or_else(|| "A former learner".into()),
            lesson_title: catalog.view(&n.lesson).map_or(n.lesson.clone(), |lesson| lesson.summary.title),
            excerpt: n.excerpt,
            when: crate::comments::store::when(n.created_at).0,
            read: n.read,
        })
        .collect();
    let enabled = notifications::enabled(&state.db, owner.as_str()).await?;
    Ok(NotificationsView { signed_in: true, enabled, items })
}

pub async fn mark_all_read(state: &AppState, session: &Session) -> Result<(), sqlx::Error> {
    if let Some(owner) = account(state, session).await? {
        notifications::mark_all_read(&state.db, owner.as_str()).await?;
        super::comments::tell_unread(state, &owner).await;
    }
    Ok(())
}

pub async fn set_enabled(state: &AppState, session: &Session, on: bool) -> Result<(), sqlx::Error> {
    if let Some(owner) = account(state, session).await? {
        notifications::set_enabled(&state.db, owner.as_str(), on).await?;
    }
    Ok(())
}

/// `GET /notifications/{id}`: marks it read and goes to the reply (or back to the list when the
/// reply is gone).
pub async fn open(State(state): State<AppState>, session: Session, Path(id): Path<i64>) -> Response {
    let owner = match account(&state, &session).await {
        Ok(Some(owner)) => owner,
        Ok(None) => {
            return Redirect::to(&format!("{}?next={}", routes::SIGN_IN, routes::NOTIFICATIONS)).into_response();
        }
        Err(e) => {
            tracing::error!("cannot read the session's account: {e}");
            return Redirect::to(routes::NOTIFICATIONS).into_response();
        }
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
            tracing::error!("cannot open a notification: {e}");
            Redirect::to(routes::NOTIFICATIONS).into_response()
        }
    }
}
