//! Private messages, as lesson 5 teaches them, kept in the sandbox's own Redis: a room per user
//! (`user:{name}`, the person's address), a session that lets a client come back on the other
//! server as the same user (`session:{id}`, a hash with a TTL), and an inbox per user for what
//! arrived while they were away (`inbox:{name}`, a list kept to its newest [`INBOX_MAX`], each
//! message numbered by `INCR inbox-seq:{name}`).
//!
//! Only private messages and clients in their own room come here; every other message takes the
//! chat servers' usual path, untouched. A Redis that is down or full refuses these writes like
//! any other: the caller counts a refused inbox write as a lost message.

use std::time::Duration;

use redis::AsyncCommands;
use redis::aio::MultiplexedConnection;
use tokio::sync::Mutex;

use axum::extract::ws::Utf8Bytes;

use super::events::{EventKind, EventLog};
use super::frames::SystemFrame;
use super::protocol::encode;
use super::wire::{ChatMessage, ServerName};

/// Messages an inbox keeps (the newest).
pub const INBOX_MAX: isize = 100;
/// How long a session lives without a visit: longer than any sandbox.
const SESSION_TTL_SECS: i64 = 2 * 60 * 60;
/// A Redis that does not answer in this long is treated as down: a client waits no longer to join.
const PATIENCE: Duration = Duration::from_millis(500);

/// The room a user's private messages are sent to.
pub fn addressee(room: &str) -> Option<&str> {
    room.strip_prefix("user:").filter(|user| !user.is_empty())
}

/// Whether `room` is `user`'s own address: a client there is that user, and gets a session.
pub fn is_own_room(room: &str, user: &str) -> bool {
    addressee(room) == Some(user)
}

/// A session presented again, found: who it is, and the server it was last on.
pub struct Resumed {
    pub user: String,
    pub from: ServerName,
}

/// The sandbox's sessions and inboxes, over one connection to its Redis (made when first
/// needed, and again after a failure).
pub struct PrivateStore {
    redis_url: String,
    connection: Mutex<Option<MultiplexedConnection>>,
}

impl PrivateStore {
    pub fn new(redis_url: &str) -> PrivateStore {
        PrivateStore { redis_url: redis_url.to_string(), connection: Mutex::new(None) }
    }

    async fn connection(&self) -> redis::RedisResult<MultiplexedConnection> {
        let mut held = self.connection.lock().await;
        if let Some(connection) = held.as_ref() {
            return Ok(connection.clone());
        }
        let config = redis::AsyncConnectionConfig::new()
            .set_connection_timeout(Some(PATIENCE))
            .set_response_timeout(Some(PATIENCE));
        let client = redis::Client::open(self.redis_url.as_str())?;
        let connection = client.get_multiplexed_async_connection_with_config(&config).await?;
        *held = Some(connection.clone());
        Ok(connection)
    }

    /// Runs `work` on the connection; a failure drops it, so the next call connects afresh.
    async fn with<T, F, Fut>(&self, work: F) -> redis::RedisResult<T>
    where
        F: FnOnce(MultiplexedConnection) -> Fut,
        Fut: Future<Output = redis::RedisResult<T>>,
    {
        let result = work(self.connection().await?).await;
        if result.as_ref().is_err_and(|e| e.is_io_error() || e.is_timeout() || e.is_connection_dropped()) {
            *self.connection.lock().await = None;
        }
        result
    }

    /// Numbers `message` for `to` and keeps it in their inbox (LPUSH and LTRIM in one
    /// transaction); answers its number.
    pub async fn keep(&self, to: &str, message: &ChatMessage) -> redis::RedisResult<u64> {
        self.with(|mut redis| async move {
            let seq: u64 = redis.incr(format!("inbox-seq:{to}"), 1).await?;
            let kept = serde_json::to_string(&ChatMessage { seq: Some(seq), ..message.clone() })
                .expect("a chat message serialises");
            let inbox = format!("inbox:{to}");
            redis::pipe().atomic().lpush(&inbox, kept).ltrim(&inbox, 0, INBOX_MAX - 1).exec_async(&mut redis).await?;
            Ok(seq)
        })
        .await
    }

    /// A new session for `user`, on `server`.
    pub async fn open_session(&self, user: &str, server: ServerName) -> redis::RedisResult<String> {
        let id = new_session_id();
        let key = format!("session:{id}");
        self.with(|mut redis| async move {
            redis::pipe()
                .atomic()
                .cmd("HSET") // HSET with two fields (the ACL has no HMSET)
                .arg(&key)
                .arg("user")
                .arg(user)
                .arg("server")
                .arg(server.as_str())
                .expire(&key, SESSION_TTL_SECS)
                .exec_async(&mut redis)
                .await
        })
        .await?;
        Ok(id)
    }

    /// The session `id`, if Redis still knows it: now on `server`, its lifetime counted afresh.
    pub async fn resume(&self, id: &str, server: ServerName) -> redis::RedisResult<Option<Resumed>> {
        let key = format!("session:{id}");
        self.with(|mut redis| async move {
            let (user, from): (Option<String>, Option<String>) =
                redis::cmd("HMGET").arg(&key).arg("user").arg("server").query_async(&mut redis).await?;
            let Some(user) = user else { return Ok(None) };
            redis::pipe()
                .atomic()
                .hset(&key, "server", server.as_str())
                .expire(&key, SESSION_TTL_SECS)
                .exec_async(&mut redis)
                .await?;
            let from = from.as_deref().and_then(ServerName::parse).unwrap_or(server);
            Ok(Some(Resumed { user, from }))
        })
        .await
    }

    /// What `user`'s inbox holds beyond number `after`, oldest first, marked as replayed.
    pub async fn missed(&self, user: &str, after: u64) -> redis::RedisResult<Vec<ChatMessage>> {
        let newest_first: Vec<String> =
            self.with(|mut redis| async move { redis.lrange(format!("inbox:{user}"), 0, INBOX_MAX - 1).await }).await?;
        let mut missed: Vec<ChatMessage> = newest_first
            .iter()
            .rev()
            .filter_map(|kept| serde_json::from_str::<ChatMessage>(kept).ok())
            .filter(|m| m.seq.is_some_and(|seq| seq > after))
            .map(|m| ChatMessage { replayed: true, ..m })
            .collect();
        missed.dedup_by_key(|m| m.seq);
        Ok(missed)
    }
}

/// A client's arrival: who it is, and the frames it is sent before anything else.
pub struct Arrival {
    pub user: String,
    pub frames: Vec<Utf8Bytes>,
}

/// Resolves a joining client: a session presented and found makes it that session's user, with
/// the private messages numbered above `after` sent again (events `session_resumed` and
/// `history_replayed`); a client in its own room `user:{name}` without one gets a new session.
/// Redis down: the client joins as it asked, told why it has no session.
pub async fn arrive(
    store: &PrivateStore,
    events: &EventLog,
    server: ServerName,
    room: &str,
    user: &str,
    session: Option<&str>,
    after: u64,
) -> Arrival {
    let mut frames = Vec::new();
    if let Some(id) = session {
        match store.resume(id, server).await {
            Ok(Some(Resumed { user, from })) => {
                events.record(EventKind::SessionResumed { user: user.clone(), server, from });
                let here = upper(server);
                let text = format!("Welcome back, {user}: your session goes on, here on server {here}.");
                frames.push(system(SystemFrame {
                    session: Some(id.to_string()),
                    ..SystemFrame::new("session_resumed", &text).with(&[("user", &user), ("server", &here)])
                }));
                let missed = match store.missed(&user, after).await {
                    Ok(missed) => missed,
                    Err(e) => {
                        let error = e.to_string();
                        frames.push(system(
                            SystemFrame::new("inbox_unavailable", &format!("Your inbox could not be read: {error}"))
                                .with(&[("error", &error)]),
                        ));
                        Vec::new()
                    }
                };
                let count = missed.len();
                frames.extend(missed.iter().map(encode));
                events.record(EventKind::HistoryReplayed { user: user.clone(), server, resumed_from: from, count });
                return Arrival { user, frames };
            }
            Ok(None) => {
                let text = format!("That session has ended: you join as {user}.");
                frames.push(system(SystemFrame::new("session_ended", &text).with(&[("user", user)])));
            }
            Err(e) => {
                let error = e.to_string();
                let text = format!("Your session could not be checked ({error}): you join as {user}, without one.");
                let notice = SystemFrame::new("session_unavailable", &text).with(&[("error", &error), ("user", user)]);
                frames.push(system(notice));
                return Arrival { user: user.to_string(), frames };
            }
        }
    }
    if is_own_room(room, user) {
        frames.push(system(match store.open_session(user, server).await {
            Ok(id) => {
                let text = format!("Your session, to come back as {user} on either server: {id}");
                let notice = SystemFrame::new("session", &text).with(&[("user", user)]);
                SystemFrame { session: Some(id), ..notice }
            }
            Err(e) => {
                let error = e.to_string();
                SystemFrame::new("session_unavailable", &format!("No session this time ({error})."))
                    .with(&[("error", &error)])
            }
        }));
    }
    Arrival { user: user.to_string(), frames }
}

fn system(frame: SystemFrame) -> Utf8Bytes {
    Utf8Bytes::from(serde_json::to_string(&frame).expect("a system frame serialises"))
}

fn upper(server: ServerName) -> String {
    server.as_str().to_uppercase()
}

/// 128 random bits, hex: a session id is a bearer secret within its sandbox.
fn new_session_id() -> String {
    use std::fmt::Write;
    let bytes: [u8; 16] = rand::random();
    bytes.iter().fold(String::with_capacity(32), |mut id, b| {
        let _ = write!(id, "{b:02x}");
        id
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_users_room_is_their_address() {
        assert_eq!(addressee("user:grace"), Some("grace"));
        assert_eq!(addressee("user:"), None);
        assert_eq!(addressee("lobby"), None);
        assert!(is_own_room("user:grace", "grace"));
        assert!(!is_own_room("user:grace", "ada"));
    }

    #[test]
    fn session_ids_are_long_and_differ() {
        let (one, two) = (new_session_id(), new_session_id());
        assert_eq!(one.len(), 32);
        assert_ne!(one, two);
    }
}
