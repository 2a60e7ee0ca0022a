//! Running evaluations against a live sandbox: follow its event log from the start, feed the
//! evaluators, and say what they decided. Both followers run for the sandbox's whole life (so
//! that "Reset exercise", an `exercise_reset` event, starts the lesson's checks over); they end
//! when the sandbox ends or the app shuts down.
//!
//! - [`follow`]: a lesson's checks, in order; passes and the completion are told to the sandbox
//!   and to the caller (which records them).
//! - [`watch_for`]: named goals, each met by any one of its checks, independently of the lesson
//!   (the achievements' sandbox rules); each is reported once.

use std::sync::Arc;

use tokio_util::sync::WaitForCancellationFutureOwned;

use super::evaluate::{Evaluator, Outcome};
use crate::lessons::exercise::{Check, CheckKind};
use crate::sandbox::sandbox::Sandbox;
use crate::sandbox::wire::{BridgeMode, Event, EventKind};

/// Evaluates `checks` on `sandbox`'s events, calling `passed` with each check met and
/// `completed` each time they are all met. Call it right after the sandbox is created, so its
/// first events are seen.
pub async fn follow(
    sandbox: Arc<Sandbox>,
    checks: Vec<Check>,
    mode: BridgeMode,
    stop: WaitForCancellationFutureOwned,
    passed: impl Fn(&str),
    completed: impl Fn(),
) {
    if checks.is_empty() {
        return;
    }
    let mut evaluator = Evaluator::new(checks, mode);
    let observed = sandbox.clone();
    each_event(&sandbox, stop, move |event| {
        if event.kind == EventKind::ExerciseReset {
            evaluator.start_over();
            return true;
        }
        for outcome in evaluator.observe(&event.kind) {
            match outcome {
                Outcome::Passed { check } => {
                    passed(&check);
                    observed.check_passed(&check);
                }
                Outcome::Completed => {
                    observed.exercise_completed();
                    completed();
                }
            }
        }
        true
    })
    .await;
}

/// Watches `sandbox` for each named goal (met by any one of its checks), calling `met` once per
/// goal; ends early once every goal is met.
pub async fn watch_for(
    sandbox: Arc<Sandbox>,
    goals: Vec<(String, Vec<CheckKind>)>,
    mode: BridgeMode,
    stop: WaitForCancellationFutureOwned,
    met: impl Fn(String),
) {
    // One evaluator per alternative: each decides its single check on its own.
    let mut watching: Vec<(String, Evaluator)> = goals
        .into_iter()
        .flat_map(|(name, checks)| {
            checks.into_iter().map(move |kind| {
                let check = Check { id: name.clone(), text: String::new(), hint: String::new(), kind };
                (name.clone(), Evaluator::new(vec![check], mode))
            })
        })
        .collect();
    if watching.is_empty() {
        return;
    }
    each_event(&sandbox, stop, move |event| {
        let mut reached = Vec::new();
        for (name, evaluator) in &mut watching {
            if evaluator.observe(&event.kind).contains(&Outcome::Completed) {
                reached.push(name.clone());
            }
        }
        for name in reached {
            watching.retain(|(other, _)| *other != name);
            met(name);
        }
        !watching.is_empty()
    })
    .await;
}

/// Calls `observe` with every event of the sandbox's log, in order, from its first, until it
/// returns `false`, the sandbox ends or `stop` fires. Events are read in gathered batches (see
/// `sandbox::events::Follower`): a burst of chat messages wakes the follower once.
async fn each_event(sandbox: &Sandbox, stop: WaitForCancellationFutureOwned, mut observe: impl FnMut(&Event) -> bool) {
    let mut follower = sandbox.events.follower();
    tokio::pin!(stop);
    loop {
        let batch = tokio::select! {
            () = &mut stop => return,
            () = sandbox.ended() => return,
            batch = follower.next_batch(&sandbox.events) => batch,
        };
        let Some(batch) = batch else { return };
        for event in &batch {
            if !observe(event) {
                return;
            }
        }
    }
}
