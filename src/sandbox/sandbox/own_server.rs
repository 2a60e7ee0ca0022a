//! A sandbox's "Your server A": the learner's code run as server A in its jail (one run at a
//! time, replacing the one before), where its connections are relayed while it runs, and its log
//! copied into the event log, bounded, with its end.

use std::path::PathBuf;
use std::sync::Arc;
use std::sync::atomic::Ordering;
use std::time::{Duration, Instant};

use super::Sandbox;
use crate::sandbox::events::{EventKind, EventLog};
use crate::sandbox::learner_server::output::{Output, OutputLine, Source};
use crate::sandbox::learner_server::slots::RunSlot;
use crate::sandbox::learner_server::{Exit, LearnerCode, LearnerServer, LearnerServerConfig, LearnerServerError};
use crate::sandbox::refusal::SandboxRefusal;
use crate::sandbox::spawner::Spawner;
use crate::sandbox::wire::Args;

impl Sandbox {
    /// Runs the learner's `code` as server A (replacing a run before it) and waits until it
    /// answers; new connections to server A go to it from then on.
    pub async fn run_learner_server(
        &self,
        spawner: &Spawner,
        config: &LearnerServerConfig,
        code: impl Into<LearnerCode<'_>>,
    ) -> Result<Duration, LearnerServerError> {
        let _control = self.control.lock().await;
        let mut current = self.learner_server.lock().await;
        if let Some(previous) = current.take() {
            // Its end is in the event log before the new start is.
            previous.end().await;
        }
        if self.ended.is_cancelled() {
            return Err(LearnerServerError::Refused(SandboxRefusal::Ended));
        }
        // A place among the machine's running servers, held for as long as this run is.
        let slot = config.slots.take(self.creator().address).map_err(LearnerServerError::Refused)?;
        if let Some(id) = config.run_as() {
            self.redis.admit_group(id).map_err(LearnerServerError::Setup)?;
        }
        let server = LearnerServer::run(spawner, config, code, Some(self.redis.socket_dir()), "a").await?;
        let ready_after = server.ready_after;
        self.own_server_up.store(true, Ordering::Relaxed);
        self.events.record(EventKind::OwnServerStarted { ready_ms: ready_after.as_millis() as u64 });
        let events = tokio::spawn(own_server_to_events(
            slot,
            server.output_handle(),
            server.exit_watch(),
            self.events.clone(),
            self.own_server_up.clone(),
        ));
        *current = Some(OwnServerRun { server, events });
        Ok(ready_after)
    }

    /// Stops the learner's server; server A is ours again. False when none was running.
    pub async fn stop_learner_server(&self) -> bool {
        let Some(run) = self.learner_server.lock().await.take() else { return false };
        run.end().await;
        true
    }

    /// Where to relay server A's connections, while the learner's server runs.
    pub async fn learner_server(&self) -> Option<(PathBuf, Arc<Output>)> {
        let current = self.learner_server.lock().await;
        let server = current.as_ref().map(|run| &run.server).filter(|s| s.exit().is_none())?;
        Some((server.socket_path(), server.output_handle()))
    }

    /// The learner's server's jail (its bwrap process), while a run is held.
    pub async fn learner_server_pid(&self) -> Option<u32> {
        self.learner_server.lock().await.as_ref().and_then(|run| run.server.pid())
    }

    /// The learner's server's log, from its last run (ended or not).
    pub async fn learner_server_log(&self) -> Option<Vec<OutputLine>> {
        self.learner_server.lock().await.as_ref().map(|run| run.server.output().lines())
    }
}

/// Lines of a learner's server's log the event log takes a second; beyond, they are counted and
/// said in one line, so a `print` in a loop cannot crowd out the events the checks read.
const OWN_SERVER_LINES_PER_SECOND: u32 = 20;

/// Copies a learner's server's log into the event log (the page's live stream carries it), and
/// says when it ends; its place among the machine's running servers is given back then.
async fn own_server_to_events(
    _slot: RunSlot,
    output: Arc<Output>,
    mut exit: tokio::sync::watch::Receiver<Option<Exit>>,
    events: Arc<EventLog>,
    up: Arc<std::sync::atomic::AtomicBool>,
) {
    let (kept, mut follow) = output.lines_and_follow();
    let mut window = (Instant::now(), 0u32, 0u64);
    let mut record = |line: OutputLine| {
        if window.0.elapsed() >= Duration::from_secs(1) {
            if window.2 > 0 {
                let text = format!("… {} lines not shown here (GET …/servers/a/log has the last 500)", window.2);
                let hidden = window.2.to_string();
                let args = Args::of(&[("lines", &hidden)]);
                events.record(EventKind::OwnServerOutput {
                    text,
                    platform: true,
                    key: Some("lines_hidden".into()),
                    args,
                });
            }
            window = (Instant::now(), 0, 0);
        }
        if window.1 < OWN_SERVER_LINES_PER_SECOND {
            window.1 += 1;
            events.record(EventKind::OwnServerOutput {
                text: line.text,
                platform: line.from == Source::Platform,
                key: line.key.map(str::to_string),
                args: line.args,
            });
        } else {
            window.2 += 1;
        }
    };
    for line in kept {
        record(line);
    }
    loop {
        tokio::select! {
            line = follow.recv() => match line {
                Ok(line) => record(line),
                Err(tokio::sync::broadcast::error::RecvError::Lagged(_)) => continue,
                Err(_) => break,
            },
            ended = exit.wait_for(Option::is_some) => {
                let reason = ended.ok().and_then(|e| e.as_ref().map(Exit::short)).unwrap_or_else(|| "stopped".into());
                // The supervisor's last line comes just before the exit: take what is queued.
                while let Ok(line) = follow.try_recv() {
                    record(line);
                }
                up.store(false, Ordering::Relaxed);
                events.record(EventKind::OwnServerStopped { reason });
                break;
            }
        }
    }
}

/// A run of the learner's server and the task copying its log into the event log.
pub(super) struct OwnServerRun {
    server: LearnerServer,
    events: tokio::task::JoinHandle<()>,
}

impl OwnServerRun {
    /// Stops the server and waits until its end is recorded.
    async fn end(mut self) {
        self.server.stop().await;
        let _ = self.events.await;
    }
}
