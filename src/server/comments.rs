//! Where comments meet sessions, accounts and the rest of the site: who the commenter is (an
//! account, and whether an instructor), the rate limits, the lesson a comment belongs to, the
//! draft kept in the session when a form without JavaScript is refused, and the live news of a
//! reply for the learner it answers (over their pages' one live stream).

use std::net::IpAddr;
use std::time::Duration;

use tower_sessions::Session;

use super::learner::current_learner;
use super::learner_news::News;
use super::state::AppState;
use crate::auth::roles::{self, Role};
use crate::auth::throttle::{SlowDown, Throttle, nonzero};
use crate::comments::notifications;
use crate::comments::problem::{CommentProblem, body_problem};
use crate::comments::store::{self, NewComment, StoreError};
use crate::comments::thread::{Draft, DraftTarget, Thread, Viewer};
use crate::sandbox::id::OwnerId;

/// Comments (and replies, edits) per account: `burst` in a row, then one every 20 s; per
/// address five times the burst, then one every 4 s.
pub fn throttle(burst: u32) -> Throttle {
    let quota = |period: u64, burst: u32| {
        governor::Quota::with_period(Duration::from_secs(period)).expect("non-zero").allow_burst(nonzero(burst.max(1)))
    };
    Throttle::with_quotas(quota(20, burst), quota(4, burst.saturating_mul(5)))
}

/// A signed-in learner, as comments see them.
#[derive(Clone, Debug)]
pub struct Commenter {
    pub owner: OwnerId,
    pub instructor: bool,
}

/// The session's commenter: `None` for an anonymous learner (who may read, not post).
pub async fn commenter(state: &AppState, session: &Session) -> Result<Option<Commenter>, sqlx::Error> {
    let Some(learner) = current_learner(&state.db, session).await? else { return Ok(None) };
    if learner.username.is_none() {
        return Ok(None);
    }
    let instructor = roles::holds(&state.db, learner.owner.as_str(), Role::Instructor).await?;
    Ok(Some(Commenter { owner: learner.owner, instructor }))
}

fn internal(cause: impl std::fmt::Display) -> CommentProblem {
    tracing::error!("comments: {cause}");
    CommentProblem::Internal
}

impl From<StoreError> for CommentProblem {
    fn from(error: StoreError) -> CommentProblem {
        match error {
            StoreError::Refused(problem) => problem,
            StoreError::Database(e) => internal(e),
        }
    }
}

/// The lesson's thread for this session's reader, with their refused draft when `with_draft`
/// (the page's address says `?draft=1`, as the redirect after a refusal does).
pub async fn thread(
    state: &AppState,
    session: &Session,
    lesson: &str,
    with_draft: bool,
    before: Option<i64>,
) -> Result<Thread, CommentProblem> {
    let commenter = commenter(state, session).await.map_err(internal)?;
    let viewer =
        Viewer { signed_in: commenter.is_some(), instructor: commenter.as_ref().is_some_and(|c| c.instructor) };
    let page = store::lesson_page(&state.db, lesson, before).await.map_err(internal)?;
    let (comments, _) = store::shape(page.rows, commenter.as_ref().map(|c| c.owner.as_str()), &viewer);
    let count = store::shown_count(&state.db, lesson).await.map_err(internal)? as usize;
    let draft = if with_draft { kept_draft(session, lesson).await } else { None };
    Ok(Thread {
        lesson: lesson.to_string(),
        comments,
        count,
        older: page.older,
        paged: before.is_some(),
        viewer,
        draft,
    })
}

/// Whether `lesson` is one learners can open (comments belong to published lessons).
pub fn lesson_exists(state: &AppState, lesson: &str) -> bool {
    state.lessons.current().view(lesson).is_some()
}

async fn signed_in(state: &AppState, session: &Session) -> Result<Commenter, CommentProblem> {
    commenter(state, session).await.map_err(internal)?.ok_or(CommentProblem::SignInFirst)
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
    session: &Session,
    address: IpAddr,
    lesson: &str,
    body: &str,
    reply_to: Option<i64>,
) -> Result<i64, CommentProblem> {
    let author = signed_in(state, session).await?;
    if !lesson_exists(state, lesson) {
        return Err(CommentProblem::NoSuchLesson);
    }
    if let Some(problem) = body_problem(body) {
        return Err(problem);
    }
    state.comment_throttle.attempt(author.owner.as_str(), address).map_err(slowed)?;
    let posted = store::post(&state.db, NewComment { lesson, author: author.owner.as_str(), body, reply_to }).await?;
    if let Some(recipient) = posted.notified {
        tell_unread(state, &OwnerId::from(recipient)).await;
    }
    Ok(posted.id)
}

/// Its author edits the comment `id`; returns its lesson.
pub async fn edit(
    state: &AppState,
    session: &Session,
    address: IpAddr,
    id: i64,
    body: &str,
) -> Result<String, CommentProblem> {
    let author = signed_in(state, session).await?;
    if let Some(problem) = body_problem(body) {
        return Err(problem);
    }
    state.comment_throttle.attempt(author.owner.as_str(), address).map_err(slowed)?;
    store::edit(&state.db, id, author.owner.as_str(), body).await?;
    lesson_of(state, id).await
}

/// Its author deletes the comment `id`; returns its lesson.
pub async fn delete(state: &AppState, session: &Session, id: i64) -> Result<String, CommentProblem> {
    let author = signed_in(state, session).await?;
    let lesson = lesson_of(state, id).await?;
    for recipient in store::delete(&state.db, id, author.owner.as_str()).await? {
        tell_unread(state, &OwnerId::from(recipient)).await;
    }
    Ok(lesson)
}

/// An instructor hides the comment `id` (or shows it again); returns its lesson.
pub async fn hide(state: &AppState, session: &Session, id: i64, hidden: bool) -> Result<String, CommentProblem> {
    let instructor = signed_in(state, session).await?;
    if !instructor.instructor {
        return Err(CommentProblem::NotInstructor);
    }
    store::set_hidden(&state.db, id, instructor.owner.as_str(), hidden).await?;
    for recipient in store::notified_of(&state.db, id).await.map_err(internal)? {
        tell_unread(state, &OwnerId::from(recipient)).await;
    }
    tracing::info!(comment = id, hidden, by = instructor.owner.as_str(), "comment moderated");
    lesson_of(state, id).await
}

async fn lesson_of(state: &AppState, id: i64) -> Result<String, CommentProblem> {
    store::lesson_of(&state.db, id).await.map_err(internal)?.ok_or(CommentProblem::Gone)
}

/// Tells the learner's open pages how many notifications they have unread.
pub async fn tell_unread(state: &AppState, owner: &OwnerId) {
    match notifications::unread_count(&state.db, owner.as_str()).await {
        Ok(unread) => state.learner_news.tell(owner, News::Notifications { unread }),
        Err(e) => tracing::warn!("cannot count notifications: {e}"),
    }
}

const DRAFT_KEY: &str = "comment_draft";

/// Keeps a refused comment's text in the session (one at a time), for the page the learner is
/// sent back to. Reading it does not remove it, so a reload of that page shows it again. Only a
/// signed-in learner's (others cannot post), and at most four times the longest comment.
pub async fn keep_draft(session: &Session, lesson: &str, mut draft: Draft) {
    if let Some((cut, _)) = draft.body.char_indices().nth(crate::comments::BODY_MAX_CHARS * 4) {
        draft.body.truncate(cut);
    }
    if let Err(e) = session.insert(DRAFT_KEY, (lesson, draft)).await {
        tracing::warn!("cannot keep a comment draft: {e}");
    }
}

/// A comment went through: the refused text it replaces is not needed any more.
pub async fn forget_draft(session: &Session) {
    let _ = session.remove_value(DRAFT_KEY).await;
}

async fn kept_draft(session: &Session, lesson: &str) -> Option<Draft> {
    let (for_lesson, draft) = session.get::<(String, Draft)>(DRAFT_KEY).await.ok().flatten()?;
    (for_lesson == lesson).then_some(draft)
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
