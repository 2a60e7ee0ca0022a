//! `GET /api/live?lesson=SLUG`: the page's one live stream (server-sent events), for the learner
//! of the session. It follows the learner's sandbox for that lesson, whichever it is: the one
//! running when the page opened, or one started since (a reset, another tab), learnt from the
//! learner's news. Browsers allow six HTTP/1.1 connections per site, so a page holds this one
//! stream rather than one per feature: awards and the count of unread notifications arrive on it
//! too. Without `lesson` (a page that is not a lesson's) it carries only those.

use std::collections::VecDeque;
use std::convert::Infallible;
use std::sync::Arc;
use std::time::Duration;

use axum::extract::{Query, State};
use axum::response::sse::{Event as SseEvent, KeepAlive, Sse};
use futures_util::Stream;
use serde::Deserialize;
use tokio::sync::broadcast;
use tokio::sync::broadcast::error::RecvError;

use super::address_limits::AddressPermit;
use super::learner_news::News;
use super::open_connections::Held;
use super::requester::Requester;
use super::state::AppState;
use crate::problem::Problem;
use crate::sandbox::events::Follower;
use crate::sandbox::id::OwnerId;
use crate::sandbox::refusal::SandboxRefusal;
use crate::sandbox::registry::{Access, Registry};
use crate::sandbox::sandbox::Sandbox;
use crate::sandbox::wire::{Event, LiveMessage};

/// Pages (tabs) of one learner with a live stream open at once.
const STREAMS_PER_LEARNER: usize = 16;

#[derive(Deserialize)]
pub struct LiveQuery {
    lesson: Option<String>,
}

pub async fn stream(
    State(state): State<AppState>,
    asker: Requester,
    Query(q): Query<LiveQuery>,
    headers: axum::http::HeaderMap,
) -> Result<Sse<impl Stream<Item = Result<SseEvent, Infallible>>>, Problem> {
    // A page of another site may not read the learner's stream with their cookie.
    if state.site.is_cross_site(&headers) {
        return Err(SandboxRefusal::CrossSite.into());
    }
    // No learner yet (no sandbox ever started): nothing to follow. The page opens the stream
    // once its learner exists.
    let owner = asker.owner().cloned().ok_or(SandboxRefusal::Ended)?;
    let news = state
        .learner_news
        .subscribe(&owner, STREAMS_PER_LEARNER)
        .ok_or(SandboxRefusal::LiveStreamsFull(STREAMS_PER_LEARNER))?;
    let permit = state.address_limits.open_connection(asker.address).ok_or(SandboxRefusal::AddressConnectionsFull)?;
    let mut recheck = tokio::time::interval(state.stream_recheck);
    recheck.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
    recheck.reset(); // the first check comes one period after the start, not at once
    let mut live = Live {
        recheck: Recheck { every: recheck, session_id: asker.session_id(), sessions: state.sessions.clone() },
        db: state.db.clone(),
        sandboxes: state.sandboxes.clone(),
        held: state.open_connections.hold(vec![owner.clone()], asker.session_id()),
        lesson: q.lesson,
        news,
        following: None,
        queue: VecDeque::new(),
        _permit: permit,
    };
    if let Some(lesson) = &live.lesson
        && let Some(sandbox) = live.sandboxes.for_lesson(&owner, lesson)
    {
        live.follow(sandbox);
    }
    // A signed-in learner's bell starts right, whatever arrived while no page was open.
    if crate::auth::accounts::username_of(&state.db, owner.as_str()).await.ok().flatten().is_some()
        && let Ok(unread) = crate::comments::notifications::unread_count(&state.db, owner.as_str()).await
    {
        live.queue.push_back(LiveMessage::Notifications { unread });
    }
    let live = (live, owner);
    let messages = futures_util::stream::unfold(live, |(mut live, owner)| async move {
        let message = live.next(&owner).await?;
        let data = serde_json::to_string(&message).expect("a live message serialises");
        Some((Ok(SseEvent::default().data(data)), (live, owner)))
    });
    Ok(Sse::new(messages).keep_alive(KeepAlive::new().interval(Duration::from_secs(15))))
}

struct Following {
    sandbox: Arc<Sandbox>,
    /// Its log, read in gathered batches (a burst of messages is one wake-up and one write).
    events: Follower,
}

/// Now and then, the stream asks whether its session still holds (news that would have ended it
/// may have been lost between nodes).
struct Recheck {
    every: tokio::time::Interval,
    session_id: Option<String>,
    sessions: super::session_store::Sessions,
}

struct Live {
    recheck: Recheck,
    db: sqlx::AnyPool,
    sandboxes: Arc<Registry>,
    /// Ends the stream at shutdown, or when the session or account it speaks for ends.
    held: Held,
    /// The lesson whose sandbox the page shows, if it is a lesson's page.
    lesson: Option<String>,
    news: broadcast::Receiver<News>,
    following: Option<Following>,
    /// Messages decided and not yet sent.
    queue: VecDeque<LiveMessage>,
    /// Held while the stream is open.
    _permit: AddressPermit,
}

enum Step {
    Shutdown,
    Recheck,
    News(Result<News, RecvError>),
    Events(Option<Vec<Event>>),
    Ended,
}

impl Live {
    async fn next(&mut self, owner: &OwnerId) -> Option<LiveMessage> {
        loop {
            if let Some(message) = self.queue.pop_front() {
                return Some(message);
            }
            match self.wait().await {
                Step::Shutdown | Step::News(Err(RecvError::Closed)) => return None,
                Step::Recheck => {
                    let Some(id) = &self.recheck.session_id else { continue };
                    let holds = super::learner::session_still_holds(&self.db, &self.recheck.sessions, id, owner).await;
                    // A database that does not answer ends nothing: the next check asks again.
                    if matches!(holds, Ok(false)) {
                        return None;
                    }
                }
                Step::News(Ok(News::SandboxStarted { id, lesson })) => {
                    if lesson.is_some()
                        && lesson == self.lesson
                        && let Some(sandbox) = self.sandboxes.get(&id, &Access::owner(owner.clone()))
                    {
                        self.follow(sandbox);
                    }
                }
                Step::News(Ok(News::ProgressChanged)) => self.queue.push_back(LiveMessage::ProgressChanged),
                Step::News(Ok(News::Notifications { unread })) => {
                    self.queue.push_back(LiveMessage::Notifications { unread });
                }
                // Ended by this node's own `open_connections` (it heard the news too).
                Step::News(Ok(News::AccountRevoked)) => {}
                // Missed news: read the progress and the unread count again, and look again at
                // what runs for this lesson.
                Step::News(Err(RecvError::Lagged(_)) | Ok(News::MaybeMissed)) => {
                    self.queue.push_back(LiveMessage::ProgressChanged);
                    if let Ok(unread) = crate::comments::notifications::unread_count(&self.db, owner.as_str()).await {
                        self.queue.push_back(LiveMessage::Notifications { unread });
                    }
                    if let Some(lesson) = &self.lesson
                        && let Some(sandbox) = self.sandboxes.for_lesson(owner, lesson)
                    {
                        self.follow(sandbox);
                    }
                }
                Step::Events(Some(events)) => self.relay(events),
                Step::Events(None) | Step::Ended => {
                    if let Some(ended) = self.following.take() {
                        self.queue.push_back(LiveMessage::SandboxEnded { sandbox: ended.sandbox.id.as_str().into() });
                    }
                }
            }
        }
    }

    async fn wait(&mut self) -> Step {
        let Live { held, news, following, recheck, .. } = self;
        match following {
            Some(Following { sandbox, events }) => tokio::select! {
                () = held.ended() => Step::Shutdown,
                _ = recheck.every.tick() => Step::Recheck,
                () = sandbox.ended() => Step::Ended,
                news = news.recv() => Step::News(news),
                batch = events.next_batch(&sandbox.events) => Step::Events(batch),
            },
            None => tokio::select! {
                () = held.ended() => Step::Shutdown,
                _ = recheck.every.tick() => Step::Recheck,
                news = news.recv() => Step::News(news),
            },
        }
    }

    /// Follows `sandbox` from the start of its log (the page drops events it already has).
    fn follow(&mut self, sandbox: Arc<Sandbox>) {
        if self.following.as_ref().is_some_and(|f| f.sandbox.id == sandbox.id) {
            return;
        }
        if let Some(previous) = self.following.take() {
            self.queue.push_back(LiveMessage::SandboxEnded { sandbox: previous.sandbox.id.as_str().into() });
        }
        // The follower's first batch is the log so far.
        let id = sandbox.id.as_str().to_string();
        self.queue.push_back(LiveMessage::SandboxStarted { sandbox: id });
        self.following = Some(Following { events: sandbox.events.follower(), sandbox });
    }

    fn relay(&mut self, events: Vec<Event>) {
        let Some(following) = self.following.as_ref() else {
            return;
        };
        let sandbox = following.sandbox.id.as_str();
        self.queue.extend(events.into_iter().map(|event| LiveMessage::Sandbox { sandbox: sandbox.to_string(), event }));
    }
}
