//! What the app attaches to every sandbox it opens, so a learner's progress follows what their
//! sandbox shows: the lesson's exercise evaluated live (each check passed, the completion and its
//! XP) and the achievements' sandbox rules watched. Each is a task the app's shutdown owns, and
//! each credits whoever owns the sandbox at that moment (they may have signed in since).

use std::sync::Arc;

use super::progress::{Claim, claim};
use super::requester::Requester;
use super::state::AppState;
use crate::exercises;
use crate::lessons::exercise::{Check, CheckKind};
use crate::problem::Problem;
use crate::progress::achievements::fact_of;
use crate::progress::facts;
use crate::progress::steps::Step;
use crate::sandbox::bridge::BridgeMode;
use crate::sandbox::id::OwnerId;
use crate::sandbox::sandbox::Sandbox;

/// A lesson's exercise: its checks, in order.
pub struct Exercise {
    pub lesson: String,
    pub checks: Vec<Check>,
}

/// Attaches the watchers to a sandbox just opened (for a lesson's `exercise`, or bare).
pub async fn attach(state: &AppState, sandbox: Arc<Sandbox>, mode: BridgeMode, exercise: Option<Exercise>) {
    watch_achievements(state, sandbox.clone(), mode).await;
    if let Some(exercise) = exercise {
        record_step(state, &sandbox.owner(), &exercise.lesson, Step::Started).await;
        evaluate_exercise(state, sandbox, mode, exercise);
    }
}

/// Watches a new sandbox for the achievements' sandbox rules its owner has not met yet (a task
/// the app's shutdown owns); each one met is recorded for whoever owns the sandbox then.
async fn watch_achievements(state: &AppState, sandbox: Arc<Sandbox>, mode: BridgeMode) {
    let known = facts::of(&state.db, sandbox.owner().as_str()).await.unwrap_or_default();
    let goals: Vec<(String, Vec<CheckKind>)> = state
        .track
        .achievements
        .iter()
        .filter(|a| !known.contains(&fact_of(&a.id)))
        .filter_map(|a| a.sandbox_checks().map(|checks| (a.id.clone(), checks.to_vec())))
        .collect();
    if goals.is_empty() {
        return;
    }
    let (app, stop, tasks) = (state.clone(), state.shutdown.cancelled(), state.shutdown.clone());
    let watched = sandbox.clone();
    state.shutdown.spawn(exercises::watch_for(sandbox, goals, mode, stop, move |achievement| {
        let (app, owner) = (app.clone(), watched.owner());
        tasks.spawn(async move {
            if let Err(e) = claim(&app, &owner, Claim::SandboxFact { achievement: &achievement }).await {
                let _ = Problem::fault(&format!("recording the fact for achievement {achievement}"), e);
            }
        });
    }));
}

/// Follows the sandbox's events with the lesson's checks (a task the app's shutdown owns), and
/// stores each check passed and the completion for the sandbox's owner (at that moment: they may
/// have signed in since).
fn evaluate_exercise(state: &AppState, sandbox: Arc<Sandbox>, mode: BridgeMode, lesson: Exercise) {
    if lesson.checks.is_empty() {
        return;
    }
    let (app, stop, tasks) = (state.clone(), state.shutdown.cancelled(), state.shutdown.clone());
    state.shutdown.spawn(async move {
        // Each stored from a task of its own: the evaluation goes on meanwhile (the first date
        // stays), and the completion becomes the lesson's exercise XP.
        let record_pass = {
            let (app, owned, tasks, slug) = (app.clone(), sandbox.clone(), tasks.clone(), lesson.lesson.clone());
            move |check: &str| {
                let (app, owner, slug, check) = (app.clone(), owned.owner(), slug.clone(), check.to_string());
                tasks.spawn(async move { record_step(&app, &owner, &slug, Step::Passed(&check)).await });
            }
        };
        let store = {
            let (owned, slug) = (sandbox.clone(), lesson.lesson.clone());
            move || {
                let (app, owner, slug) = (app.clone(), owned.owner(), slug.clone());
                tasks.spawn(async move {
                    if let Err(e) = crate::server::progress::exercise_completed(&app, &owner, &slug).await {
                        let _ = Problem::fault(&format!("storing the completion of {slug}"), e);
                    }
                });
            }
        };
        exercises::follow(sandbox, lesson.checks, mode, stop, record_pass, store).await;
    });
}

/// The learner opened the hint of `check` in `lesson` themselves (nothing for a visitor who has
/// no learner id yet, or a check the lesson does not have).
pub async fn hint_opened(state: &AppState, asker: &Requester, lesson: &str, check: &str) {
    let Some(owner) = asker.owner() else { return };
    let known = state
        .lessons
        .current()
        .view(lesson, crate::i18n::Lang::En)
        .is_some_and(|view| view.exercise.iter().any(|c| c.id == check));
    if known {
        record_step(state, owner, lesson, Step::HintOpened(check)).await;
    }
}

/// Records a step of a lesson's exercise for "where learners get stuck" (a failure is logged:
/// the learner's sandbox does not depend on it).
pub async fn record_step(state: &AppState, owner: &OwnerId, lesson: &str, step: Step<'_>) {
    if let Err(e) = crate::progress::steps::record(&state.db, owner.as_str(), lesson, step).await {
        tracing::warn!("cannot record a step of {lesson}: {e}");
    }
}
