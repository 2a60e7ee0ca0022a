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
    let (state, asker) = edge::asked().await?;
    edge::answer(comments::thread(&state, &asker, &lesson, with_draft, before).await)
}

/// A new comment on `lesson`, or (with `reply_to`) a reply; returns its id.
#[server]
pub async fn post_comment(lesson: String, body: String, reply_to: Option<i64>) -> Result<i64, Problem> {
    let (state, asker) = edge::asked().await?;
    let result = comments::post(&state, &asker, &lesson, &body, reply_to).await;
    let target = reply_to.map_or(DraftTarget::NewComment, DraftTarget::Reply);
    let lesson = if comments::lesson_exists(&state, &lesson) { lesson } else { String::new() };
    edge::answer(comments::answer_form(&asker, &lesson, body, result, target, edge::plain_form_post()).await)
}

#[server]
pub async fn edit_comment(id: i64, body: String) -> Result<i64, Problem> {
    let (state, asker) = edge::asked().await?;
    let lesson = comments::lesson_of(&state, id).await.unwrap_or_default();
    let result = comments::edit(&state, &asker, id, &body).await.map(|_| id);
    edge::answer(
        comments::answer_form(&asker, &lesson, body, result, DraftTarget::Edit(id), edge::plain_form_post()).await,
    )
}

#[server]
pub async fn delete_comment(id: i64) -> Result<(), Problem> {
    let (state, asker) = edge::asked().await?;
    edge::answer(comments::answer_moderation(comments::delete(&state, &asker, id).await, edge::plain_form_post()))
}

/// An instructor hides the comment (`hidden = true`) or shows it again.
#[server]
pub async fn hide_comment(id: i64, hidden: bool) -> Result<(), Problem> {
    let (state, asker) = edge::asked().await?;
    let result = comments::hide(&state, &asker, id, hidden).await;
    edge::answer(comments::answer_moderation(result, edge::plain_form_post()))
}

#[cfg(feature = "ssr")]
use crate::{comments::thread::DraftTarget, server::comments, server::fn_edge as edge};
