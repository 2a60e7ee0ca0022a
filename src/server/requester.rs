//! Who is asking, resolved once per request: the session, the client's network address, the
//! learner the session belongs to (anonymous or signed in), and whether they are an instructor.
//! Every handler takes it as an extractor, every server function through `fn_edge::asked`, and
//! every `server::<feature>` function as `&Requester`; nothing else reads the session's identity.
//!
//! It is never serialised: it holds the client's address and the session. What the browser is
//! told of its reader (`comments::thread::Reader`, say) is another, smaller thing.

use std::net::IpAddr;

use axum::extract::FromRequestParts;
use axum::http::request::Parts;
use tower_sessions::Session;

use super::client_addr::ClientAddr;
use super::learner::{Learner, current_learner, remember_owner};
use super::state::AppState;
use crate::problem::Problem;
use crate::sandbox::id::OwnerId;

#[derive(Clone)]
pub struct Requester {
    session: Session,
    /// The address the per-address limits count by.
    pub address: IpAddr,
    learner: Option<Learner>,
}

impl Requester {
    /// Reads the session's learner from the database (one query). A session signed in before a
    /// password reset, or to an account deleted since, is ended here: a visitor again. When the
    /// database cannot say whose the session is, nothing is opened (a fault, not a visitor).
    pub async fn resolve(state: &AppState, session: Session, address: IpAddr) -> Result<Requester, Problem> {
        let learner = current_learner(&state.db, &session)
            .await
            .map_err(|e| Problem::fault("checking the session's account", e))?;
        Ok(Requester { session, address, learner })
    }

    /// The learner's id: anonymous or an account's. `None` for a visitor who has none yet.
    pub fn owner(&self) -> Option<&OwnerId> {
        self.learner.as_ref().map(|l| &l.owner)
    }

    pub fn learner(&self) -> Option<&Learner> {
        self.learner.as_ref()
    }

    /// The account's id, when signed in.
    pub fn account(&self) -> Option<&OwnerId> {
        self.learner.as_ref().filter(|l| l.username.is_some()).map(|l| &l.owner)
    }

    pub fn username(&self) -> Option<&str> {
        self.learner.as_ref().and_then(|l| l.username.as_deref())
    }

    pub fn is_instructor(&self) -> bool {
        self.learner.as_ref().is_some_and(|l| l.instructor)
    }

    pub fn session(&self) -> &Session {
        &self.session
    }

    /// The session's id, when it has one: a sign-out of it ends what it opened.
    pub fn session_id(&self) -> Option<String> {
        self.session.id().map(|id| id.to_string())
    }

    /// Gives a visitor their learner id, written to the session under a fresh session id (see
    /// `learner::remember_owner`). Callers admit the new learner against the address's limit first.
    pub async fn become_learner(&mut self, owner: OwnerId) -> Result<(), Problem> {
        remember_owner(&self.session, &owner).await.map_err(|e| Problem::fault("saving a new learner's session", e))?;
        self.learner = Some(Learner { owner, username: None, instructor: false });
        Ok(())
    }
}

impl FromRequestParts<AppState> for Requester {
    type Rejection = Problem;

    async fn from_request_parts(parts: &mut Parts, state: &AppState) -> Result<Self, Self::Rejection> {
        if let Some(resolved) = parts.extensions.get::<Requester>() {
            return Ok(resolved.clone());
        }
        let session = Session::from_request_parts(parts, state)
            .await
            .map_err(|(_, reason)| Problem::fault("reading the session", reason))?;
        let Ok(ClientAddr(address)) = ClientAddr::from_request_parts(parts, state).await;
        let requester = Requester::resolve(state, session, address).await?;
        // A second extractor in the same request (an access check, then the handler) reads this.
        parts.extensions.insert(requester.clone());
        Ok(requester)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[tokio::test]
    async fn a_session_that_cannot_be_checked_against_its_account_opens_nothing() {
        let db = sqlx::AnyPool::connect("sqlite::memory:").await.unwrap();
        db.close().await;
        let session = Session::new(None, std::sync::Arc::new(tower_sessions::MemoryStore::default()), None);
        remember_owner(&session, &OwnerId::generate()).await.unwrap();
        assert!(super::super::learner::current_owner(&session).await.is_some(), "the session has an owner");
        let refused = current_learner(&db, &session).await;
        assert!(refused.is_err(), "but the database cannot say whose: no learner, a fault");
    }
}
