//! Running the evaluation against a live sandbox: follow its event log from the start, feed
//! the evaluator, and tell the sandbox what passed. It runs for the sandbox's whole life, so
//! that "Reset exercise" (an `exercise_reset` event) starts the checks over; it ends when the
//! sandbox ends or the app shuts down.

use std::sync::Arc;

use tokio::sync::broadcast::error::RecvError;
use tokio_util::sync::WaitForCancellationFutureOwned;

use super::evaluate::{Evaluator, Outcome};
use crate::lessons::exercise::Check;
use crate::sandbox::sandbox::Sandbox;
use crate::sandbox::wire::{BridgeMode, Event, EventKind};

/// Evaluates `checks` on `sandbox`'s events, calling `completed` each time they are all met.
/// Call it right after the sandbox is created, so its first events are seen; events missed by a
/// slow follower are re-read from the log.
pub async fn follow(
    sandbox: Arc<Sandbox>,
    checks: Vec<Check>,
    mode: BridgeMode,
    stop: WaitForCancellationFutureOwned,
    completed: impl Fn(),
) {
    if checks.is_empty() {
        return;
    }
    let mut live = sandbox.events.follow();
    let mut evaluator = Evaluator::new(checks, mode);
    let mut last_seq = 0;
    // The log from its start: whatever happened before we subscribed.
    let mut backlog: Vec<Event> = sandbox.events.since(0);
    tokio::pin!(stop);
    loop {
        for event in backlog.drain(..) {
            if event.seq <= last_seq {
                continue;
            }
            last_seq = event.seq;
            if event.kind == EventKind::ExerciseReset {
                evaluator.start_over();
                continue;
            }
            for outcome in evaluator.observe(&event.kind) {
                match outcome {
                    Outcome::Passed { check } => sandbox.check_passed(&check),
                    Outcome::Completed => {
                        sandbox.exercise_completed();
                        completed();
                    }
                }
            }
        }
        let received = tokio::select! {
            () = &mut stop => return,
            () = sandbox.ended() => return,
            received = live.recv() => received,
        };
        match received {
            Ok(event) => backlog.push(event),
            // Fell behind: the log still holds what was missed (it keeps the newest 2,000).
            Err(RecvError::Lagged(_)) => backlog = sandbox.events.since(last_seq),
            Err(RecvError::Closed) => return,
        }
    }
}
