//! Development-mode endpoints (registered only with `--watch-lessons`).

use std::convert::Infallible;
use std::time::Duration;

use axum::extract::State;
use axum::response::sse::{Event, KeepAlive, Sse};
use futures_util::Stream;
use tokio::sync::broadcast::error::RecvError;

use super::state::AppState;

/// `GET /dev/lessons/changes`: one event per reload of the lessons directory.
pub async fn lesson_changes(State(state): State<AppState>) -> Sse<impl Stream<Item = Result<Event, Infallible>>> {
    let changes = state.lessons.follow_changes();
    let shutdown = state.shutdown.clone();
    let stream = futures_util::stream::unfold((changes, shutdown), |(mut changes, shutdown)| async move {
        tokio::select! {
            () = shutdown.cancelled() => None,
            received = changes.recv() => match received {
                Ok(()) | Err(RecvError::Lagged(_)) => {
                    Some((Ok(Event::default().event("lessons-changed").data("reload")), (changes, shutdown)))
                }
                Err(RecvError::Closed) => None,
            },
        }
    });
    Sse::new(stream).keep_alive(KeepAlive::new().interval(Duration::from_secs(15)))
}
