//! News for a learner's open pages that no single request carries: a sandbox of theirs started
//! (in another tab, or through the API), and, as progress arrives, awards and notifications.
//! One broadcast channel per learner with a page open, dropped when the last page goes; the
//! page's live stream ([`super::live`]) subscribes. On a cluster, what one node is told goes
//! onward to the others too (`news_relay`), whose pages of that learner hear it as their own.

use std::collections::HashMap;
use std::sync::{Mutex, OnceLock};

use serde::{Deserialize, Serialize};
use tokio::sync::{broadcast, mpsc};

use crate::sandbox::id::OwnerId;

/// News waiting for a slow page; one that falls further behind re-reads what it needs.
const BACKLOG: usize = 64;

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum News {
    /// A sandbox of the learner's started; `lesson` is the lesson it was opened for.
    SandboxStarted { id: String, lesson: Option<String> },
    /// An award landed: the learner's progress changed.
    ProgressChanged,
    /// Someone replied to the learner's comment (or they read one): this many are unread now.
    Notifications { unread: i64 },
    /// News may have been lost on the way (the link between nodes was down): read the progress
    /// and the unread count again.
    MaybeMissed,
    /// The account's password was reset, or the account deleted: what its pages hold open on
    /// any node ends (each node's own `open_connections` does it on hearing this).
    AccountRevoked,
}

/// News with the learner it is for, as it travels between nodes.
pub type Addressed = (OwnerId, News);

#[derive(Default)]
pub struct LearnerNews {
    channels: Mutex<HashMap<OwnerId, broadcast::Sender<News>>>,
    /// Where news goes beyond this node, on a cluster.
    onward: OnceLock<mpsc::Sender<Addressed>>,
}

impl LearnerNews {
    /// Listens for the learner's news; `None` when `limit` pages of theirs already listen.
    pub fn subscribe(&self, owner: &OwnerId, limit: usize) -> Option<broadcast::Receiver<News>> {
        let mut channels = self.channels.lock().expect("news lock");
        channels.retain(|_, sender| sender.receiver_count() > 0);
        let sender = channels.entry(owner.clone()).or_insert_with(|| broadcast::channel(BACKLOG).0);
        (sender.receiver_count() < limit).then(|| sender.subscribe())
    }

    /// Tells the learner's open pages, on this node and (on a cluster) the others.
    pub fn tell(&self, owner: &OwnerId, news: News) {
        if let Some(onward) = self.onward.get()
            && onward.try_send((owner.clone(), news.clone())).is_err()
        {
            // Full or gone: the link is down or far behind; the other nodes catch up from the
            // database when it comes back (`News::MaybeMissed`).
            tracing::debug!("news not relayed to the other nodes: the relay's queue is full");
        }
        self.tell_here(owner, news);
    }

    /// Tells the learner's open pages on this node only (news that came from another node).
    pub fn tell_here(&self, owner: &OwnerId, news: News) {
        if let Some(sender) = self.channels.lock().expect("news lock").get(owner) {
            let _ = sender.send(news);
        }
    }

    /// The learners with a page listening on this node.
    pub fn listening(&self) -> Vec<OwnerId> {
        let channels = self.channels.lock().expect("news lock");
        channels.iter().filter(|(_, sender)| sender.receiver_count() > 0).map(|(owner, _)| owner.clone()).collect()
    }

    /// Sends what this node is told onward to the other nodes, through `relay` (set once).
    pub fn send_onward(&self, relay: mpsc::Sender<Addressed>) {
        let _ = self.onward.set(relay);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn news_reaches_the_learners_pages_and_no_one_else() {
        let hub = LearnerNews::default();
        let (ann, bob) = (OwnerId::generate(), OwnerId::generate());
        let mut page = hub.subscribe(&ann, 4).unwrap();
        let mut other = hub.subscribe(&bob, 4).unwrap();
        let news = News::SandboxStarted { id: "s1".into(), lesson: None };
        hub.tell(&ann, news.clone());
        assert_eq!(page.try_recv().unwrap(), news);
        assert!(other.try_recv().is_err());
    }

    #[test]
    fn a_learner_has_a_bounded_number_of_pages_listening_and_closed_ones_free_their_place() {
        let hub = LearnerNews::default();
        let ann = OwnerId::generate();
        let first = hub.subscribe(&ann, 2).unwrap();
        let _second = hub.subscribe(&ann, 2).unwrap();
        assert!(hub.subscribe(&ann, 2).is_none());
        drop(first);
        assert!(hub.subscribe(&ann, 2).is_some());
    }
}
