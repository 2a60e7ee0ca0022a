//! Shutdown: one signal fans out to every task the app started, and the app waits for them.
//!
//! axum's graceful shutdown stops accepting connections and finishes HTTP requests, but it does
//! not wait for upgraded WebSockets, nor for background tasks. Everything long-lived is spawned
//! through [`Shutdown::spawn`], watches [`Shutdown::cancelled`], and is awaited in [`Shutdown::drain`].

use std::future::Future;
use std::time::Duration;

use tokio_util::sync::CancellationToken;
use tokio_util::task::TaskTracker;

#[derive(Clone, Debug, Default)]
pub struct Shutdown {
    token: CancellationToken,
    tasks: TaskTracker,
}

impl Shutdown {
    pub fn new() -> Shutdown {
        Shutdown::default()
    }

    /// Starts the shutdown: every task watching [`Shutdown::cancelled`] is told to finish.
    pub fn trigger(&self) {
        self.token.cancel();
    }

    pub fn is_triggered(&self) -> bool {
        self.token.is_cancelled()
    }

    /// A token cancelled when the shutdown starts, or earlier by whoever holds it.
    pub fn child_token(&self) -> CancellationToken {
        self.token.child_token()
    }

    /// Completes when the shutdown starts.
    pub fn cancelled(&self) -> tokio_util::sync::WaitForCancellationFutureOwned {
        self.token.clone().cancelled_owned()
    }

    /// Spawns a task the shutdown will wait for. The task must end soon after `cancelled()`.
    pub fn spawn<F>(&self, task: F) -> tokio::task::JoinHandle<F::Output>
    where
        F: Future + Send + 'static,
        F::Output: Send + 'static,
    {
        self.tasks.spawn(task)
    }

    /// Wraps a future that something else will run (an upgraded WebSocket's task) so that
    /// [`Shutdown::drain`] waits for it too.
    pub fn track<F: Future>(&self, future: F) -> tokio_util::task::task_tracker::TrackedFuture<F> {
        self.tasks.track_future(future)
    }

    /// Waits for every tracked task to end, at most `grace`. Returns how many were still running.
    pub async fn drain(&self, grace: Duration) -> usize {
        self.trigger();
        self.tasks.close();
        if tokio::time::timeout(grace, self.tasks.wait()).await.is_err() {
            return self.tasks.len();
        }
        0
    }
}

/// Completes on SIGINT (Ctrl-C) or SIGTERM.
pub async fn termination_signal() {
    let ctrl_c = async {
        if let Err(e) = tokio::signal::ctrl_c().await {
            tracing::error!("cannot listen for Ctrl-C: {e}");
            std::future::pending::<()>().await;
        }
    };
    let terminate = async {
        match tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate()) {
            Ok(mut signal) => {
                signal.recv().await;
            }
            Err(e) => {
                tracing::error!("cannot listen for SIGTERM: {e}");
                std::future::pending::<()>().await;
            }
        }
    };
    tokio::select! {
        () = ctrl_c => tracing::info!("received Ctrl-C, shutting down"),
        () = terminate => tracing::info!("received SIGTERM, shutting down"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[tokio::test]
    async fn drain_ends_tasks_that_watch_the_signal() {
        let shutdown = Shutdown::new();
        let watcher = shutdown.clone();
        let task = shutdown.spawn(async move {
            watcher.cancelled().await;
            "finished"
        });
        assert_eq!(shutdown.drain(Duration::from_secs(5)).await, 0);
        assert_eq!(task.await.unwrap(), "finished");
    }

    #[tokio::test]
    async fn drain_reports_tasks_that_ignore_the_signal() {
        let shutdown = Shutdown::new();
        shutdown.spawn(std::future::pending::<()>());
        assert_eq!(shutdown.drain(Duration::from_millis(50)).await, 1);
    }
}
