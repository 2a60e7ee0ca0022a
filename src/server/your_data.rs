//! `GET /account/data.json`: everything kept for the learner of this session, as a download:
//! their account, progress, comments, notifications, role and problem reports.

use axum::extract::State;
use axum::http::header;
use axum::response::{IntoResponse, Redirect, Response};

use super::accounts::{OrInternal, refused};
use super::requester::Requester;
use super::state::AppState;
use crate::auth::accounts;
use crate::auth::problem::AccountProblem;
use crate::problem::Problem;
use crate::progress::owner_data;
use crate::routes;

/// `GET /account/data.json`: everything kept for the learner of this session, as a download.
pub async fn your_data(State(state): State<AppState>, asker: Result<Requester, Problem>) -> Result<Response, Response> {
    let asker = asker.map_err(|_| refused(routes::ACCOUNT, AccountProblem::Internal, None, &[]))?;
    let Some(learner) = asker.learner().cloned() else { return Err(Redirect::to(routes::HOME).into_response()) };
    let account = accounts::find(&state.db, learner.owner.as_str()).await.or_internal(routes::ACCOUNT)?;
    let progress = owner_data::export(&state.db, learner.owner.as_str()).await.or_internal(routes::ACCOUNT)?;
    let community = written_by(&state.db, learner.owner.as_str()).await.or_internal(routes::ACCOUNT)?;
    let body = serde_json::json!({
        "account": account.map(|a| serde_json::json!({
            "username": a.username,
            "email": a.email,
            "created_at": a.created_at,
        })),
        "learner_id": learner.owner.as_str(),
        "progress": progress,
        "comments": community.comments,
        "notifications": community.notifications,
        "reply_notifications": community.reply_notifications,
        "instructor": community.instructor,
        "problem_reports": community.reports,
    });
    Ok((
        [
            (header::CONTENT_TYPE, "application/json"),
            (header::CONTENT_DISPOSITION, "attachment; filename=\"streamlab-progress.json\""),
            (header::CACHE_CONTROL, "private, no-store"),
        ],
        serde_json::to_string_pretty(&body).unwrap_or_default(),
    )
        .into_response())
}

/// What a learner wrote and was told besides their progress, for their data download.
struct WrittenBy {
    comments: Vec<crate::comments::store::Authored>,
    notifications: Vec<crate::comments::notifications::Notification>,
    reply_notifications: bool,
    instructor: bool,
    reports: Vec<crate::reports::store::Sent>,
}

async fn written_by(db: &sqlx::AnyPool, owner: &str) -> Result<WrittenBy, sqlx::Error> {
    use crate::auth::roles::{self, Role};
    use crate::comments::{notifications, store};
    Ok(WrittenBy {
        comments: store::authored_by(db, owner).await?,
        notifications: notifications::list(db, owner, i64::MAX).await?,
        reply_notifications: notifications::enabled(db, owner).await?,
        instructor: roles::holds(db, owner, Role::Instructor).await?,
        reports: crate::reports::store::sent_by(db, owner).await?,
    })
}
