//! News for a learner's open pages that no single request carries: a sandbox of theirs started
//! (in another tab, or through the API), and, as progress arrives, awards and notifications.
//! One broadcast channel per learner with a page open, dropped when the last page goes; the
//! page's live stream ([`super::live`]) subscribes.

use std::collections::HashMap;
use std::sync::Mutex;

use tokio::sync::broadcast;

use crate::sandbox::id::OwnerId;

/// News waiting for a slow page; one that falls further behind re-reads what it needs.
const BACKLOG: usize = 64;

#[derive(Clone, Debug, PartialEq, Eq)]
pub enum News {
    /// A sandbox of the learner's started; `lesson` is the lesson it was opened for.
    SandboxStarted { id: String, lesson: Option<String> },
    /// An award landed: the learner's progress changed.
    ProgressChanged,
    /// Someone replied to the learner's comment (or they read one): this many are unread now.
    Notifications { unread: i64 },
}

#[derive(Default)]
pub struct LearnerNews {
    channels: Mutex<HashMap<OwnerId, broadcast::Sender<News>>>,
}

impl LearnerNews {
    /// Listens for the learner's news; `None` when `limit` pages of theirs already listen.
    pub fn subscribe(&self, owner: &OwnerId, limit: usize) -> Option<broadcast::Receiver<News>> {
        let mut channels = self.channels.lock().expect("news lock");
        channels.retain(|_, sender| sender.receiver_count() > 0);
        let sender = channels.entry(owner.clone()).or_insert_with(|| broadcast::channel(BACKLOG).0);
        (sender.receiver_count() < limit).then(|| sender.subscribe())
    }

    /// Tells the learner's open pages, if any.
    pub fn tell(&self, owner: &OwnerId, news: News) {
        if let Some(sender) = self.channels.lock().expect("news lock").get(owner) {
            let _ = sender.send(news);
        }
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
