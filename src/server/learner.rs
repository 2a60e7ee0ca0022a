//! Who the learner is, as far as sandboxes are concerned: an opaque owner id kept in their
//! session. (Accounts, when they come, will map onto the same id.)

use tower_sessions::Session;

use crate::sandbox::id::OwnerId;

const OWNER_KEY: &str = "owner";

/// The session's owner id, if it has one.
pub async fn current_owner(session: &Session) -> Option<OwnerId> {
    session.get::<String>(OWNER_KEY).await.ok().flatten().map(OwnerId::from)
}

/// The session's owner id, created (and the session saved) if it had none.
pub async fn owner_or_create(session: &Session) -> Result<OwnerId, tower_sessions::session::Error> {
    if let Some(owner) = current_owner(session).await {
        return Ok(owner);
    }
    let owner = OwnerId::generate();
    session.insert(OWNER_KEY, owner.as_str()).await?;
    Ok(owner)
}
