//! Who the learner is, as far as sandboxes are concerned: an opaque owner id kept in their
//! session. (Accounts, when they come, will map onto the same id.)

use tower_sessions::Session;

use crate::sandbox::id::OwnerId;

const OWNER_KEY: &str = "owner";

/// The session's owner id, if it has one.
pub async fn current_owner(session: &Session) -> Option<OwnerId> {
    session.get::<String>(OWNER_KEY).await.ok().flatten().map(OwnerId::from)
}

/// Writes a new learner's owner id to the session, under a fresh session id: an id that existed
/// before the identity (one planted by someone else, say) never comes to carry it.
pub async fn remember_owner(session: &Session, owner: &OwnerId) -> Result<(), tower_sessions::session::Error> {
    session.insert(OWNER_KEY, owner.as_str()).await?;
    session.cycle_id().await
}
