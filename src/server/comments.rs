//! Where comments meet requests, accounts and the rest of the site: who may post and hide (from
//! the [`Requester`]), the rate limits, the lesson a comment belongs to, the draft kept in the
//! session when a form without JavaScript is refused, and the live news of a reply for the
//! learner it answers (over their pages' one live stream).

use std::time::Duration;

use super::kept_drafts::{self, COMMENT};
use super::learner_news::News;
use super::requester::Requester;
use super::state::AppState;
use crate::auth::throttle::{SlowDown, Throttle, nonzero};
use crate::comments::notifications;
use crate::comments::problem::{CommentProblem, body_problem};
use crate::comments::store::{self, NewComment, StoreError};
use crate::comments::thread::{Draft, DraftTarget, Reader, Thread};
use crate::problem::Problem;
use crate::sandbox::id::OwnerId;

/// Comments (and replies, edits) per account: `burst` in a row, then one every 20 s; per
/// address five times the burst, then one every 4 s.
pub fn throttle(burst: u32) -> Throttle {
    let quota = |period: u64, burst: u32| {
        governor::Quota::with_period(Duration::from_secs(period)).expect("non-zero").allow_burst(nonzero(burst.max(1)))
    };
    Throttle::with_quotas(quota(20, burst), quota(4, burst.saturating_mul(5)))
}

fn store_problem(error: StoreError) -> Problem {
    match error {
        StoreError::Refused(problem) => problem.into(),
        StoreError::Database(e) => Problem::fault("comments", e),
    }
}

fn fault(cause: sqlx::Error) -> Problem {
    Problem::fault("comments", cause)
}

/// The lesson's thread for this reader, with their refused draft when `with_draft` (the page's
/// address says `?draft=1`, as the redirect after a refusal does).
pub async fn thread(
    state: &AppState,
    asker: &Requester,
    lesson: &str,
    with_draft: bool,
    before: Option<i64>,
) -> Result<Thread, Problem> {
    let reader = Reader { signed_in: asker.account().is_some(), instructor: asker.is_instructor() };
    let page = store::lesson_page(&state.db, lesson, before).await.map_err(fault)?;
    let (comments, _) = store::shape(page.rows, asker.account().map(|o| o.as_str()), &reader);
    let count = store::shown_count(&state.db, lesson).await.map_err(fault)? as usize;
    let draft = if with_draft { kept_drafts::kept(asker.session(), COMMENT, lesson).await } else { None };
    Ok(Thread {
        lesson: lesson.to_string(),
        comments,
        count,
        older: page.older,
        paged: before.is_some(),
        reader,
        draft,
    })
}

/// Whether `lesson` is one learners can open (comments belong to published lessons).
pub fn lesson_exists(state: &AppState, lesson: &str) -> bool {
    state.lessons.current().view(lesson, crate::i18n::Lang::En).is_some()
}

fn author(asker: &Requester) -> Result<&OwnerId, Problem> {
    asker.account().ok_or(CommentProblem::SignInFirst.into())
}

fn slowed(slow: SlowDown) -> CommentProblem {
    match slow {
        SlowDown::Account(wait) => CommentProblem::SlowDownAccount(wait.as_secs().max(1)),
        SlowDown::Address(wait) => CommentProblem::SlowDownAddress(wait.as_secs().max(1)),
    }
}

/// Posts a comment on `lesson`, or a reply to the comment `reply_to`; returns its id.
pub async fn post(
    state: &AppState,
    asker: &Requester,
    lesson: &str,
    body: &str,
    reply_to: Option<i64>,
) -> Result<i64, Problem> {
    let author = author(asker)?;
    if !lesson_exists(state, lesson) {
        return Err(CommentProblem::NoSuchLesson.into());
    }
    if let Some(problem) = body_problem(body) {
        return Err(problem.into());
    }
    state.comment_throttle.attempt(author.as_str(), asker.address).map_err(slowed)?;
    let posted = store::post(&state.db, NewComment { lesson, author: author.as_str(), body, reply_to })
        .await
        .map_err(store_problem)?;
    if let Some(recipient) = posted.notified {
        tell_unread(state, &OwnerId::from(recipient)).await;
    }
    Ok(posted.id)
}

/// Its author edits the comment `id`; returns its lesson.
pub async fn edit(state: &AppState, asker: &Requester, id: i64, body: &str) -> Result<String, Problem> {
    let author = author(asker)?;
    if let Some(problem) = body_problem(body) {
        return Err(problem.into());
    }
    state.comment_throttle.attempt(author.as_str(), asker.address).map_err(slowed)?;
    store::edit(&state.db, id, author.as_str(), body).await.map_err(store_problem)?;
    lesson_of(state, id).await
}

/// Its author deletes the comment `id`; returns its lesson.
pub async fn delete(state: &AppState, asker: &Requester, id: i64) -> Result<String, Problem> {
    let author = author(asker)?;
    let lesson = lesson_of(state, id).await?;
    for recipient in store::delete(&state.db, id, author.as_str()).await.map_err(store_problem)? {
        tell_unread(state, &OwnerId::from(recipient)).await;
    }
    Ok(lesson)
}

/// An instructor hides the comment `id` (or shows it again); returns its lesson.
pub async fn hide(state: &AppState, asker: &Requester, id: i64, hidden: bool) -> Result<String, Problem> {
    let instructor = author(asker)?;
    if !asker.is_instructor() {
        return Err(CommentProblem::NotInstructor.into());
    }
    store::set_hidden(&state.db, id, instructor.as_str(), hidden).await.map_err(store_problem)?;
    for recipient in store::notified_of(&state.db, id).await.map_err(fault)? {
        tell_unread(state, &OwnerId::from(recipient)).await;
    }
    tracing::info!(comment = id, hidden, by = instructor.as_str(), "comment moderated");
    lesson_of(state, id).await
}

/// The lesson of the comment `id`.
pub async fn lesson_of(state: &AppState, id: i64) -> Result<String, Problem> {
    store::lesson_of(&state.db, id).await.map_err(fault)?.ok_or(CommentProblem::Gone.into())
}

/// Tells the learner's open pages how many notifications they have unread.
pub async fn tell_unread(state: &AppState, owner: &OwnerId) {
    match notifications::unread_count(&state.db, owner.as_str()).await {
        Ok(unread) => state.learner_news.tell(owner, News::Notifications { unread }),
        Err(e) => tracing::warn!("cannot count notifications: {e}"),
    }
}

/// The answer to a post or an edit sent by a plain form without JavaScript: a redirect to the
/// comment, or back to its box with the text kept and the problem said (to the sign-in for a
/// visitor, who has nothing to put back). With JavaScript the result goes back as it is.
pub async fn answer_form(
    asker: &Requester,
    lesson: &str,
    body: String,
    result: Result<i64, Problem>,
    target: DraftTarget,
    plain: bool,
) -> Result<i64, Problem> {
    if result.is_ok() {
        kept_drafts::forget(asker.session(), COMMENT).await;
    }
    // Only a lesson that exists is an address to send the browser back to.
    if !plain || lesson.is_empty() {
        return result;
    }
    let page = crate::routes::lesson(lesson);
    match result {
        Ok(id) => {
            leptos_axum::redirect(&format!("{page}#comment-{id}"));
            Ok(id)
        }
        Err(Problem::Refused(crate::problem::Refusal::Comment(CommentProblem::SignInFirst))) => {
            leptos_axum::redirect(&format!("{}?next={page}%23comments", crate::routes::SIGN_IN));
            Ok(0)
        }
        Err(problem) => {
            let mut body = body;
            kept_drafts::cut_chars(&mut body, crate::comments::BODY_MAX_CHARS * 4);
            kept_drafts::keep(asker.session(), COMMENT, lesson, &Draft { target, body, problem }).await;
            leptos_axum::redirect(&box_of(lesson, target));
            Ok(0)
        }
    }
}

/// The answer to a delete or a hide: without JavaScript, back to the lesson's thread.
pub fn answer_moderation(result: Result<String, Problem>, plain: bool) -> Result<(), Problem> {
    let lesson = result?;
    if plain {
        leptos_axum::redirect(&format!("{}#comments", crate::routes::lesson(&lesson)));
    }
    Ok(())
}

/// Where a refused form without JavaScript sends the learner back to: the box it came from,
/// open again and holding the text.
pub fn box_of(lesson: &str, target: DraftTarget) -> String {
    let page = crate::routes::lesson(lesson);
    match target {
        DraftTarget::NewComment => format!("{page}?draft=1#new-comment"),
        DraftTarget::Reply(id) => format!("{page}?reply={id}&draft=1#reply-{id}"),
        DraftTarget::Edit(id) => format!("{page}?edit={id}&draft=1#comment-{id}"),
    }
}
