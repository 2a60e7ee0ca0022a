//! Every long-lived connection the site holds open (the page's live stream, a sandbox's event
//! stream, the chat and console WebSockets), with whose it is: the learners it speaks for (the
//! session's, and the sandbox owner's) and the session it was opened under. A request is judged
//! once, when the connection opens; this is how it is judged again later, when its grounds go:
//! a password reset or an account deletion ends every connection of the account, a sign-out
//! every connection of that session. (tower-sessions cannot list an account's sessions; the
//! epoch on the account ends their requests, this ends what they already hold.)
//!
//! A connection watches [`Held::ended`], which also completes when the app shuts down.

use std::collections::HashMap;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex};

use tokio_util::sync::{CancellationToken, WaitForCancellationFutureOwned};

use super::shutdown::Shutdown;
use crate::sandbox::id::OwnerId;

#[derive(Debug)]
pub struct OpenConnections {
    shutdown: Shutdown,
    next: AtomicU64,
    open: Mutex<HashMap<u64, Entry>>,
}

#[derive(Debug)]
struct Entry {
    owners: Vec<OwnerId>,
    session: Option<String>,
    end: CancellationToken,
}

/// One open connection's place; given up when dropped (the connection ended).
#[derive(Debug)]
pub struct Held {
    id: u64,
    end: CancellationToken,
    registry: Arc<OpenConnections>,
}

impl OpenConnections {
    pub fn new(shutdown: Shutdown) -> OpenConnections {
        OpenConnections { shutdown, next: AtomicU64::new(0), open: Mutex::default() }
    }

    /// Records a connection speaking for `owners`, opened under `session` (its id) if any.
    pub fn hold(self: &Arc<Self>, owners: Vec<OwnerId>, session: Option<String>) -> Held {
        let id = self.next.fetch_add(1, Ordering::Relaxed);
        let end = self.shutdown.child_token();
        self.open.lock().expect("open connections lock").insert(id, Entry { owners, session, end: end.clone() });
        Held { id, end, registry: self.clone() }
    }

    /// Ends every connection speaking for `owner`; returns how many.
    pub fn end_owner(&self, owner: &OwnerId) -> usize {
        self.end_where(|entry| entry.owners.contains(owner))
    }

    /// Ends every connection opened under the session `session`; returns how many.
    pub fn end_session(&self, session: &str) -> usize {
        self.end_where(|entry| entry.session.as_deref() == Some(session))
    }

    fn end_where(&self, ended: impl Fn(&Entry) -> bool) -> usize {
        let open = self.open.lock().expect("open connections lock");
        let mut count = 0;
        for entry in open.values().filter(|e| ended(e)) {
            entry.end.cancel();
            count += 1;
        }
        count
    }

    pub fn len(&self) -> usize {
        self.open.lock().expect("open connections lock").len()
    }

    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }
}

impl Held {
    /// Completes when the connection must end: its grounds went, or the app shuts down.
    pub fn ended(&self) -> WaitForCancellationFutureOwned {
        self.end.clone().cancelled_owned()
    }
}

impl Drop for Held {
    fn drop(&mut self) {
        self.registry.open.lock().expect("open connections lock").remove(&self.id);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[tokio::test]
    async fn an_accounts_connections_end_together_a_sessions_alone_and_shutdown_ends_all() {
        let shutdown = Shutdown::new();
        let registry = Arc::new(OpenConnections::new(shutdown.clone()));
        let (ann, bob) = (OwnerId::from("ann".to_string()), OwnerId::from("bob".to_string()));
        let ann_page = registry.hold(vec![ann.clone()], Some("s1".into()));
        let ann_tab = registry.hold(vec![ann.clone()], Some("s2".into()));
        let bob_page = registry.hold(vec![bob.clone()], Some("s3".into()));
        assert_eq!(registry.end_session("s2"), 1);
        ann_tab.ended().await;
        assert_eq!(registry.end_owner(&ann), 2, "a session's end does not take the entry: its holder drops it");
        ann_page.ended().await;
        drop((ann_page, ann_tab));
        assert_eq!(registry.len(), 1);
        shutdown.trigger();
        bob_page.ended().await;
    }
}
