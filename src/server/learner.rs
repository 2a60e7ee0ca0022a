//! Who the learner is, as their session keeps it: an opaque owner id (an anonymous learner,
//! bound to this browser), which is also the id of their account once they have one, and the
//! account's session epoch. Read once per request by `requester` (nothing else reads it), written
//! when a learner gets an id or signs in. Sandboxes, progress and accounts all key on the id.

use sqlx::AnyPool;
use tower_sessions::Session;

use crate::sandbox::id::OwnerId;

const OWNER_KEY: &str = "owner";
/// The account's session epoch when this session signed in (see `accounts.session_epoch`).
const EPOCH_KEY: &str = "epoch";

/// The learner of a request: their owner id, and their account's name when they are signed in
/// (with whether it is an instructor's).
#[derive(Clone, Debug)]
pub struct Learner {
    pub owner: OwnerId,
    pub username: Option<String>,
    pub instructor: bool,
}

/// The session's owner id, if it has one.
pub(super) async fn current_owner(session: &Session) -> Option<OwnerId> {
    session.get::<String>(OWNER_KEY).await.ok().flatten().map(OwnerId::from)
}

/// The session's learner, signed in when their owner id is an account's. A session that signed
/// in before the account's password was reset is ended here: it is a new visitor again.
pub(super) async fn current_learner(db: &AnyPool, session: &Session) -> Result<Option<Learner>, sqlx::Error> {
    let Some(owner) = current_owner(session).await else { return Ok(None) };
    let signed_in_under = session.get::<i64>(EPOCH_KEY).await.ok().flatten();
    let account = crate::auth::accounts::signed_in_as(db, owner.as_str()).await?;
    if !still_holds(account.as_ref().map(|a| a.epoch), signed_in_under) {
        // The session ends, and its id is never reused for a new learner or account.
        let _ = session.flush().await;
        return Ok(None);
    }
    let instructor = account.as_ref().is_some_and(|a| a.instructor);
    Ok(Some(Learner { owner, username: account.map(|a| a.username), instructor }))
}

/// Whether the session stored under `id` still speaks for `owner` as it did: it exists, names
/// that learner, and, signed in, under the account's current epoch (a live stream asks now and
/// then, in case the news that would have ended it was lost between nodes).
pub async fn session_still_holds(
    db: &AnyPool,
    sessions: &impl tower_sessions::SessionStore,
    id: &str,
    owner: &OwnerId,
) -> Result<bool, sqlx::Error> {
    let Ok(id) = id.parse::<tower_sessions::session::Id>() else { return Ok(false) };
    let Ok(Some(record)) = sessions.load(&id).await else { return Ok(false) };
    if record.data.get(OWNER_KEY).and_then(|v| v.as_str()) != Some(owner.as_str()) {
        return Ok(false);
    }
    let signed_in_under = record.data.get(EPOCH_KEY).and_then(|v| v.as_i64());
    let account = crate::auth::accounts::signed_in_as(db, owner.as_str()).await?;
    Ok(still_holds(account.map(|a| a.epoch), signed_in_under))
}

/// Whether a session speaks for its learner still, from the epoch it signed in under (none for
/// an anonymous learner) and the account's epoch now (none when the id is no account): an
/// anonymous learner's always does; a signed-in one's until the password is reset (the epoch
/// moves) or the account is deleted (from another browser, or another node).
fn still_holds(account_epoch: Option<i64>, signed_in_under: Option<i64>) -> bool {
    match (account_epoch, signed_in_under) {
        (Some(now), Some(then)) => now == then,
        (None, None) => true,
        // An account's id with no sign-in in the session, or a sign-in to an account gone.
        _ => false,
    }
}

/// Signs the session in to the account `owner` (its id) at the account's session `epoch`, under
/// a fresh session id.
pub async fn remember_account(
    session: &Session,
    owner: &OwnerId,
    epoch: i64,
) -> Result<(), tower_sessions::session::Error> {
    session.insert(EPOCH_KEY, epoch).await?;
    remember_owner(session, owner).await
}

/// Writes a learner's owner id to the session, under a fresh session id: an id that existed
/// before the identity (one planted by someone else, say) never comes to carry it. Signing in
/// writes the account's id the same way.
pub async fn remember_owner(session: &Session, owner: &OwnerId) -> Result<(), tower_sessions::session::Error> {
    session.insert(OWNER_KEY, owner.as_str()).await?;
    session.cycle_id().await
}
