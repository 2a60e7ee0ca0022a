//! The account forms, as plain HTML form posts (they work without JavaScript): sign up, sign in,
//! sign out, delete the account, set a new password from a reset link, and download one's data.
//! Each answers with a redirect: to the page the learner came from when it worked, or back to the
//! form with `?error=CODE` when it did not (see [`AccountProblem`]).
//!
//! This is where accounts meet the rest: signing up keeps the anonymous learner's owner id as the
//! account's, so everything earned stays; signing in moves the anonymous learner's progress and
//! running sandboxes into the account (the merge), settles its achievements and tells its open
//! pages. The cross-site check (a middleware) refuses these posts from other sites.

use std::time::Duration;

use axum::Form;
use axum::extract::State;
use axum::response::{IntoResponse, Redirect, Response};
use serde::Deserialize;
use tower_sessions::Session;

use super::learner::{Learner, remember_account};
use super::learner_news::News;
use super::requester::Requester;
use super::state::AppState;
use crate::auth::problem::AccountProblem;
use crate::auth::throttle::SlowDown;
use crate::auth::{accounts, passwords, resets};
use crate::problem::Problem;
use crate::progress::claims::Claim;
use crate::progress::owner_data;
use crate::routes;
use crate::sandbox::id::OwnerId;

#[derive(Deserialize)]
pub struct SignUpForm {
    username: String,
    password: String,
    #[serde(default)]
    next: String,
}

#[derive(Deserialize)]
pub struct SignInForm {
    /// A username or an e-mail address.
    username: String,
    password: String,
    #[serde(default)]
    next: String,
}

#[derive(Deserialize)]
pub struct PasswordForm {
    password: String,
}

#[derive(Deserialize)]
pub struct ResetForm {
    token: String,
    password: String,
}

/// Back to the form's page with the problem (and what the learner typed, but never a password).
pub(super) fn refused(page: &str, problem: AccountProblem, wait: Option<u64>, fields: &[(&str, &str)]) -> Response {
    let mut query = vec![("error", problem.code().to_string())];
    if let Some(wait) = wait {
        query.push(("wait", wait.to_string()));
    }
    query.extend(fields.iter().filter(|(_, v)| !v.is_empty()).map(|(k, v)| (*k, v.to_string())));
    let encoded = form_urlencoded::Serializer::new(String::new()).extend_pairs(&query).finish();
    Redirect::to(&format!("{page}?{encoded}")).into_response()
}

/// A failure of ours on an account form: logged, and the form says so in words. The error is a
/// whole response, as axum handlers return it; boxing it would only move the size elsewhere.
#[allow(clippy::result_large_err)]
pub(super) trait OrInternal<T> {
    fn or_internal(self, page: &str) -> Result<T, Response>;
}

impl<T, E: std::fmt::Display> OrInternal<T> for Result<T, E> {
    fn or_internal(self, page: &str) -> Result<T, Response> {
        self.map_err(|e| internal(page, e))
    }
}

fn internal(page: &str, cause: impl std::fmt::Display) -> Response {
    tracing::error!("account form on {page}: {cause}");
    refused(page, AccountProblem::Internal, None, &[])
}

/// The longest value any account form field may have (a password is at most 200 characters,
/// an e-mail address 254 bytes, a `next` path of the site or a reset token far less): checked
/// first, so nothing longer is hashed, counted, kept or sent back in a redirect.
const MAX_FIELD_BYTES: usize = 1024;

#[allow(clippy::result_large_err)]
fn too_long(page: &str, fields: &[&str]) -> Result<(), Response> {
    if fields.iter().any(|f| f.len() > MAX_FIELD_BYTES) {
        return Err(refused(page, AccountProblem::TooLong, None, &[]));
    }
    Ok(())
}

fn slowed(page: &str, slow: SlowDown, fields: &[(&str, &str)]) -> Response {
    let (problem, wait) = match slow {
        SlowDown::Account(wait) => (AccountProblem::SlowDownAccount, wait),
        SlowDown::Address(wait) => (AccountProblem::SlowDownAddress, wait),
    };
    refused(page, problem, Some(wait.as_secs().max(1)), fields)
}

pub async fn sign_up(
    State(state): State<AppState>,
    asker: Result<Requester, Problem>,
    Form(form): Form<SignUpForm>,
) -> Result<Response, Response> {
    let page = routes::SIGN_UP;
    let asker = asker.map_err(|_| refused(page, AccountProblem::Internal, None, &[]))?;
    let (session, address) = (asker.session(), asker.address);
    too_long(page, &[&form.username, &form.password, &form.next])?;
    let username = form.username.trim();
    let fields = [("username", username), ("next", form.next.as_str())];
    let problem = accounts::username_problem(username).or_else(|| passwords::problem(&form.password));
    if let Some(problem) = problem {
        return Err(refused(page, problem, None, &fields));
    }
    // Sign-ups count per address: one address cannot make accounts without end.
    if let Err(slow) = state.sign_up_throttle.attempt_from(address) {
        return Err(slowed(page, slow, &fields));
    }
    // The anonymous learner's id becomes the account's: what they earned stays where it is.
    let owner = match asker.learner().cloned() {
        Some(Learner { username: Some(_), .. }) => {
            return Err(refused(page, AccountProblem::AlreadySignedIn, None, &[]));
        }
        Some(Learner { owner, username: None, .. }) => owner,
        None => match state.address_limits.admit_new_learner(address) {
            Ok(()) => OwnerId::generate(),
            Err(_) => return Err(refused(page, AccountProblem::TooManyNewLearners, None, &fields)),
        },
    };
    let hash = passwords::hash(form.password).await.or_internal(page)?;
    match accounts::create(&state.db, owner.as_str(), username, None, &hash).await {
        Ok(()) => {}
        Err(accounts::CreateError::UsernameTaken) => {
            return Err(refused(page, AccountProblem::UsernameTaken, None, &fields));
        }
        Err(e @ accounts::CreateError::EmailTaken) => return Err(internal(page, e)),
        Err(accounts::CreateError::AlreadyAnAccount) => {
            return Err(refused(page, AccountProblem::AlreadySignedIn, None, &[]));
        }
        Err(accounts::CreateError::Database(e)) => return Err(internal(page, e)),
    }
    remember_account(session, &owner, 0).await.or_internal(page)?;
    let _ = owner_data::seen(&state.db, owner.as_str()).await;
    state.learner_news.tell(&owner, News::ProgressChanged);
    tracing::info!(account = owner.as_str(), "account created");
    Ok(Redirect::to(routes::local_path_or_home(&form.next)).into_response())
}

pub async fn sign_in(
    State(state): State<AppState>,
    asker: Result<Requester, Problem>,
    Form(form): Form<SignInForm>,
) -> Result<Response, Response> {
    let page = routes::SIGN_IN;
    too_long(page, &[&form.username, &form.password, &form.next])?;
    let asker = asker.map_err(|_| refused(page, AccountProblem::Internal, None, &[]))?;
    let (session, address) = (asker.session(), asker.address);
    let login = form.username.trim();
    let fields = [("username", login), ("next", form.next.as_str())];
    let account = accounts::find_by_login(&state.db, login).await.or_internal(page)?;
    // Attempts count per account (its username and e-mail share one count), or per name typed
    // when no account has it.
    let throttle_key = account.as_ref().map_or(login, |a| a.id.as_str());
    if let Err(slow) = state.sign_in_throttle.attempt(throttle_key, address) {
        return Err(slowed(page, slow, &fields));
    }
    // An unknown name costs the same hashing as a known one, so the time taken does not say
    // which names exist.
    let stored = match &account {
        Some(account) => account.password_hash.clone(),
        None => decoy_hash().await.to_string(),
    };
    let matches = passwords::verify(stored, form.password).await.or_internal(page)?;
    let Some(account) = account.filter(|_| matches) else {
        return Err(refused(page, AccountProblem::WrongPassword, None, &fields));
    };
    let into = OwnerId::from(account.id.clone());
    if let Some(from) = anonymous_learner(&asker).filter(|from| **from != into) {
        adopt_anonymous_progress(&state, from, &into).await.or_internal(page)?;
    }
    remember_account(session, &into, account.session_epoch).await.or_internal(page)?;
    let _ = owner_data::seen(&state.db, into.as_str()).await;
    state.learner_news.tell(&into, News::ProgressChanged);
    Ok(Redirect::to(routes::local_path_or_home(&form.next)).into_response())
}

/// The asker's learner id when they are anonymous: only an anonymous learner's progress moves
/// into an account (another account's session keeps its own).
fn anonymous_learner(asker: &Requester) -> Option<&OwnerId> {
    asker.learner().filter(|l| l.username.is_none()).map(|l| &l.owner)
}

/// The merge: an anonymous learner signing in brings what they earned (a union with the
/// account's, each award once), their running sandboxes (completions are credited to a
/// sandbox's owner), and the account's achievements are settled over the union.
async fn adopt_anonymous_progress(state: &AppState, from: &OwnerId, into: &OwnerId) -> Result<(), sqlx::Error> {
    // The sandboxes first: from now on what they earn is written for the account. Then the rows
    // already written move; and once more a moment later, for a completion that was being
    // written while the first move ran.
    let moved = state.sandboxes.reown(from, into);
    crate::cluster::places::reown(&state.db, from.as_str(), into.as_str()).await?;
    owner_data::merge_into(&state.db, from.as_str(), into.as_str()).await?;
    crate::reports::store::reown(&state.db, from.as_str(), into.as_str()).await?;
    super::progress::claim(state, into, Claim::Settle).await?;
    let (app, late_from, late_into) = (state.clone(), from.clone(), into.clone());
    state.shutdown.spawn(async move {
        tokio::time::sleep(LATE_WRITES).await;
        if let Err(e) = owner_data::merge_into(&app.db, late_from.as_str(), late_into.as_str()).await {
            tracing::error!("cannot move late progress into the account: {e}");
        }
        let _ = super::progress::claim(&app, &late_into, Claim::Settle).await;
    });
    tracing::info!(account = into.as_str(), sandboxes = moved, "anonymous progress merged into the account");
    Ok(())
}

/// How long after a merge a second one picks up what was being written during the first.
const LATE_WRITES: Duration = Duration::from_secs(2);

/// A hash of no one's password, verified against when the name is unknown (made once, on a
/// blocking thread like every hash).
async fn decoy_hash() -> &'static str {
    static DECOY: tokio::sync::OnceCell<String> = tokio::sync::OnceCell::const_new();
    DECOY
        .get_or_init(|| async {
            passwords::hash("no one's password, ever".to_string()).await.unwrap_or_else(|_| String::new())
        })
        .await
}

pub async fn sign_out(State(state): State<AppState>, session: Session) -> Response {
    // What this session holds open ends with it (another tab's live stream, a console).
    if let Some(id) = session.id() {
        state.open_connections.end_session(&id.to_string());
    }
    // The whole session goes: this browser is a new anonymous learner from here on.
    if let Err(e) = session.flush().await {
        tracing::error!("cannot end a session: {e}");
    }
    Redirect::to(routes::HOME).into_response()
}

/// Deletes the signed-in account and everything that belongs to it, after the password.
pub async fn delete_account(
    State(state): State<AppState>,
    asker: Result<Requester, Problem>,
    Form(form): Form<PasswordForm>,
) -> Result<Response, Response> {
    let page = routes::ACCOUNT;
    too_long(page, &[&form.password])?;
    let asker = asker.map_err(|_| refused(page, AccountProblem::Internal, None, &[]))?;
    let (session, address) = (asker.session(), asker.address);
    let learner = match asker.learner() {
        Some(learner @ Learner { username: Some(_), .. }) => learner.clone(),
        _ => return Err(Redirect::to(routes::SIGN_IN).into_response()),
    };
    let username = learner.username.clone().unwrap_or_default();
    if let Err(slow) = state.sign_in_throttle.attempt(&username, address) {
        return Err(slowed(page, slow, &[]));
    }
    let account = match accounts::find(&state.db, learner.owner.as_str()).await {
        Ok(Some(account)) => account,
        Ok(None) => return Err(Redirect::to(routes::SIGN_IN).into_response()),
        Err(e) => return Err(internal(page, e)),
    };
    match passwords::verify(account.password_hash, form.password).await {
        Ok(true) => {}
        Ok(false) => return Err(refused(page, AccountProblem::WrongPassword, None, &[])),
        Err(e) => return Err(internal(page, e)),
    }
    for sandbox in state.sandboxes.owned_by(&learner.owner) {
        state
            .sandboxes
            .delete(sandbox.id.as_str(), &crate::sandbox::registry::Access::owner(learner.owner.clone()))
            .await;
    }
    // One transaction: the account and everything it owned go together, or nothing does.
    let deleted = async {
        let mut tx = state.db.begin().await?;
        owner_data::delete_in(&mut tx, learner.owner.as_str()).await?;
        crate::comments::store::delete_author_in(&mut tx, learner.owner.as_str()).await?;
        crate::reports::store::delete_reporter_in(&mut tx, learner.owner.as_str()).await?;
        crate::auth::roles::delete_in(&mut tx, learner.owner.as_str()).await?;
        accounts::delete_in(&mut tx, learner.owner.as_str()).await?;
        tx.commit().await
    };
    deleted.await.or_internal(page)?;
    // Its other sessions end at their next request (`Requester::resolve`); what they hold open, now.
    state.open_connections.end_owner(&learner.owner);
    state.learner_news.tell(&learner.owner, News::AccountRevoked);
    let _ = session.flush().await;
    tracing::info!(account = learner.owner.as_str(), "account deleted");
    Ok(Redirect::to(&format!("{}?deleted=1", routes::HOME)).into_response())
}

/// A new password from a one-time reset link; the learner is signed in with it.
pub async fn reset_password(
    State(state): State<AppState>,
    asker: Result<Requester, Problem>,
    Form(form): Form<ResetForm>,
) -> Result<Response, Response> {
    let page = routes::RESET_PASSWORD;
    too_long(page, &[&form.token, &form.password])?;
    let asker = asker.map_err(|_| refused(page, AccountProblem::Internal, None, &[]))?;
    let (session, address) = (asker.session(), asker.address);
    let fields = [("token", form.token.as_str())];
    if let Some(problem) = passwords::problem(&form.password) {
        return Err(refused(page, problem, None, &fields));
    }
    if let Err(slow) = state.sign_in_throttle.attempt(&form.token, address) {
        return Err(slowed(page, slow, &fields));
    }
    // A dead link costs no hashing.
    match resets::account_of(&state.db, &form.token).await {
        Ok(Some(_)) => {}
        Ok(None) => return Err(refused(page, AccountProblem::ResetLinkInvalid, None, &[])),
        Err(e) => return Err(internal(page, e)),
    }
    let hash = passwords::hash(form.password).await.or_internal(page)?;
    let account = match resets::redeem(&state.db, &form.token).await {
        Ok(Some(account)) => account,
        Ok(None) => return Err(refused(page, AccountProblem::ResetLinkInvalid, None, &[])),
        Err(e) => return Err(internal(page, e)),
    };
    // Every session signed in before the reset ends: the reset is how a taken account is taken back.
    let epoch = match accounts::set_password(&state.db, &account, &hash).await {
        Ok(Some(epoch)) => epoch,
        Ok(None) => return Err(refused(page, AccountProblem::ResetLinkInvalid, None, &[])),
        Err(e) => return Err(internal(page, e)),
    };
    let owner = OwnerId::from(account);
    end_what_the_account_holds_open(&state, &owner);
    if let Some(from) = anonymous_learner(&asker).filter(|from| **from != owner) {
        adopt_anonymous_progress(&state, from, &owner).await.or_internal(page)?;
    }
    remember_account(session, &owner, epoch).await.or_internal(page)?;
    Ok(Redirect::to(&format!("{}?password=changed", routes::ACCOUNT)).into_response())
}

/// After a reset: whoever held the account's sessions or its sandboxes' tokens holds nothing
/// open any more. Its streams and sockets end (its own pages open them again, signed in anew),
/// and each of its sandboxes gets a new token.
fn end_what_the_account_holds_open(state: &AppState, owner: &OwnerId) {
    for sandbox in state.sandboxes.owned_by(owner) {
        sandbox.rotate_token();
    }
    let ended = state.open_connections.end_owner(owner);
    state.learner_news.tell(owner, News::AccountRevoked);
    tracing::info!(account = owner.as_str(), connections = ended, "password reset: open connections ended");
}
