//! What the comment thread asks of the server. Each writing function is also a plain form's
//! action: posted without JavaScript, it answers with a redirect back to the lesson (to the new
//! comment, or to the box it came from with the text kept in the session and the problem said).

use leptos::prelude::*;

use crate::comments::thread::Thread;
use crate::problem::Problem;

/// A page of the lesson's thread (the newest, or the one before the comment `before`);
/// `with_draft`: with the text of a comment refused without JavaScript.
#[server]
pub async fn get_thread(lesson: String, with_draft: bool, before: Option<i64>) -> Result<Thread, Problem> {
    let (state, session) = crate::server::fn_edge::state_and_session().await?;
    crate::server::comments::thread(&state, &session, &lesson, with_draft, before)
        .await
        .map_err(|e| Problem::new(e.to_string()))
}

/// A new comment on `lesson`, or (with `reply_to`) a reply; returns its id.
#[server]
pub async fn post_comment(lesson: String, body: String, reply_to: Option<i64>) -> Result<i64, Problem> {
    use crate::comments::thread::DraftTarget;
    use crate::server::{comments, fn_edge};
    let (state, session) = fn_edge::state_and_session().await?;
    let address = fn_edge::client_address(&state).await?;
    let result = comments::post(&state, &session, address, &lesson, &body, reply_to).await;
    let target = reply_to.map_or(DraftTarget::NewComment, DraftTarget::Reply);
    // Only a lesson that exists is an address to send the browser back to.
    let lesson = if comments::lesson_exists(&state, &lesson) { lesson } else { String::new() };
    answer(&session, &lesson, body, result, target).await
}

#[server]
pub async fn edit_comment(id: i64, body: String) -> Result<i64, Problem> {
    use crate::comments::thread::DraftTarget;
    use crate::server::{comments, fn_edge};
    let (state, session) = fn_edge::state_and_session().await?;
    let address = fn_edge::client_address(&state).await?;
    let lesson = crate::comments::store::lesson_of(&state.db, id).await.ok().flatten().unwrap_or_default();
    let result = comments::edit(&state, &session, address, id, &body).await;
    answer(&session, &lesson, body, result.map(|_| id), DraftTarget::Edit(id)).await
}

#[server]
pub async fn delete_comment(id: i64) -> Result<(), Problem> {
    let (state, session) = crate::server::fn_edge::state_and_session().await?;
    let result = crate::server::comments::delete(&state, &session, id).await;
    moderated(result).await
}

/// An instructor hides the comment (`hidden = true`) or shows it again.
#[server]
pub async fn hide_comment(id: i64, hidden: bool) -> Result<(), Problem> {
    let (state, session) = crate::server::fn_edge::state_and_session().await?;
    let result = crate::server::comments::hide(&state, &session, id, hidden).await;
    moderated(result).await
}

/// The answer to a post or an edit: the comment's id, or why not. Without JavaScript a redirect
/// instead: to the comment, or back to its box with the text kept.
#[cfg(feature = "ssr")]
async fn answer(
    session: &tower_sessions::Session,
    lesson: &str,
    body: String,
    result: Result<i64, crate::comments::problem::CommentProblem>,
    target: crate::comments::thread::DraftTarget,
) -> Result<i64, Problem> {
    use crate::comments::problem::CommentProblem;
    use crate::comments::thread::Draft;
    use crate::server::comments::{box_of, forget_draft, keep_draft};
    if result.is_ok() {
        forget_draft(session).await;
    }
    if !crate::server::fn_edge::plain_form_post().await {
        return result.map_err(|e| Problem::new(e.to_string()));
    }
    match result {
        Ok(id) => {
            leptos_axum::redirect(&format!("{}#comment-{id}", crate::routes::lesson(lesson)));
            Ok(id)
        }
        Err(problem) if lesson.is_empty() => Err(Problem::new(problem.to_string())),
        // Nothing to put back for a visitor who may not post: to the sign-in, and back here after.
        Err(CommentProblem::SignInFirst) => {
            let back = format!("{}%23comments", crate::routes::lesson(lesson));
            leptos_axum::redirect(&format!("{}?next={back}", crate::routes::SIGN_IN));
            Ok(0)
        }
        Err(problem) => {
            keep_draft(session, lesson, Draft { target, body, problem: problem.to_string() }).await;
            leptos_axum::redirect(&box_of(lesson, target));
            Ok(0)
        }
    }
}

/// The answer to a delete or a hide: without JavaScript, back to the lesson's thread.
#[cfg(feature = "ssr")]
async fn moderated(result: Result<String, crate::comments::problem::CommentProblem>) -> Result<(), Problem> {
    let lesson = result.map_err(|e| Problem::new(e.to_string()))?;
    if crate::server::fn_edge::plain_form_post().await {
        leptos_axum::redirect(&format!("{}#comments", crate::routes::lesson(&lesson)));
    }
    Ok(())
}
