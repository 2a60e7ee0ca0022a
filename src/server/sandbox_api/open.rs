//! Opening a sandbox: for a lesson (the learner's one sandbox for that lesson, found again if it
//! runs, its mode and checks taken from the lesson, never from the browser) or a bare one (the
//! API's other callers). Used by the HTTP API and by the lesson page's server functions.

use std::sync::Arc;

use crate::exercises;
use crate::lessons::exercise::Check;
use crate::problem::Problem;
use crate::progress::steps::Step;
use crate::sandbox::bridge::BridgeMode;
use crate::sandbox::id::Creator;
use crate::sandbox::id::OwnerId;
use crate::sandbox::refusal::{SandboxRefusal, whole_seconds};
use crate::sandbox::registry::Access;
use crate::sandbox::sandbox::Sandbox;
use crate::sandbox::wire::{EndedSandbox, SandboxTicket, Websockets};
use crate::server::learner_news::News;
use crate::server::requester::Requester;
use crate::server::state::AppState;

/// What a sandbox is opened for.
pub enum Purpose {
    /// A lesson's exercise, by slug.
    Lesson(String),
    /// No lesson: the mode the caller chose.
    Bare(BridgeMode),
}

/// The learner's sandbox for the purpose: `(true, ticket)` when it was created now, `(false, …)`
/// when their sandbox for that lesson was already running.
pub async fn open(state: &AppState, asker: &mut Requester, purpose: Purpose) -> Result<(bool, SandboxTicket), Problem> {
    let lesson = match &purpose {
        Purpose::Lesson(slug) => Some(lesson_setup(state, asker, slug)?),
        Purpose::Bare(_) => None,
    };
    // A learner's identity is written to the session only once the sandbox exists, so a
    // refused request leaves no session row behind.
    if let Some(lesson) = &lesson
        && let Some(running) = running_for_lesson(state, asker, &lesson.slug).await
    {
        return Ok((false, running));
    }
    let known = asker.owner().cloned();
    if known.is_none() {
        state.address_limits.admit_new_learner(asker.address).map_err(|retry_after| {
            SandboxRefusal::TooManyNewLearners { retry_after_secs: whole_seconds(retry_after) }
        })?;
    }
    let owner = known.clone().unwrap_or_else(OwnerId::generate);
    // For a lesson, the learner's least recently used sandbox makes room rather than a refusal.
    let ended = match &lesson {
        Some(_) => state.sandboxes.make_room_for(&owner).await.map(ended_sentence),
        None => None,
    };
    let (mode, label) = match (&purpose, &lesson) {
        (_, Some(lesson)) => (lesson.mode, Some(lesson.slug.clone())),
        (Purpose::Bare(mode), None) => (*mode, None),
        (Purpose::Lesson(_), None) => unreachable!("a lesson purpose has its setup"),
    };
    let creator = Creator { owner: owner.clone(), address: asker.address };
    let sandbox = state.sandboxes.create(creator, mode, label.clone()).await.map_err(SandboxRefusal::from)?;
    if known.is_none()
        && let Err(problem) = asker.become_learner(owner.clone()).await
    {
        state.sandboxes.delete(sandbox.id.as_str(), &Access::owner(owner)).await;
        return Err(problem);
    }
    state.learner_news.tell(&owner, News::SandboxStarted { id: sandbox.id.as_str().to_string(), lesson: label });
    crate::server::progress::watch_sandbox(state, sandbox.clone(), mode).await;
    if let Some(lesson) = lesson {
        record_step(state, &owner, &lesson.slug, Step::Started).await;
        evaluate_exercise(state, sandbox.clone(), lesson);
    }
    Ok((true, ticket(state, &sandbox, ended).await))
}

/// The learner's running sandbox for `lesson`, found again (a reload), marked active.
pub async fn running_for_lesson(state: &AppState, asker: &Requester, lesson: &str) -> Option<SandboxTicket> {
    let sandbox = state.sandboxes.for_lesson(asker.owner()?, lesson)?;
    sandbox.touch();
    Some(ticket(state, &sandbox, None).await)
}

/// What a lesson asks of its sandbox.
struct LessonSetup {
    slug: String,
    mode: BridgeMode,
    checks: Vec<Check>,
}

/// A published lesson's setup; a draft's too, for an instructor previewing it.
fn lesson_setup(state: &AppState, asker: &Requester, slug: &str) -> Result<LessonSetup, SandboxRefusal> {
    let catalog = state.lessons.current();
    let draft = catalog.draft_view(slug).filter(|_| asker.is_instructor());
    let view = catalog.view(slug).or(draft).ok_or_else(|| SandboxRefusal::NoSuchLesson { slug: slug.to_string() })?;
    Ok(LessonSetup {
        slug: slug.to_string(),
        mode: exercises::evaluate::mode_of(view.sandbox.mode),
        checks: view.exercise,
    })
}

fn ended_sentence(lesson: Option<String>) -> EndedSandbox {
    let message = match &lesson {
        Some(slug) => format!(
            "You may run a few sandboxes at once: your sandbox for the lesson `{slug}`, the one you used least recently, was ended to make room for this one."
        ),
        None => {
            "You may run a few sandboxes at once: the one you used least recently was ended to make room for this one."
                .to_string()
        }
    };
    EndedSandbox { lesson, message }
}

/// Follows the sandbox's events with the lesson's checks (a task the app's shutdown owns), and
/// stores each check passed and the completion for the sandbox's owner (at that moment: they may
/// have signed in since).
fn evaluate_exercise(state: &AppState, sandbox: Arc<Sandbox>, lesson: LessonSetup) {
    if lesson.checks.is_empty() {
        return;
    }
    let (app, stop, tasks) = (state.clone(), state.shutdown.cancelled(), state.shutdown.clone());
    state.shutdown.spawn(async move {
        // Each stored from a task of its own: the evaluation goes on meanwhile (the first date
        // stays), and the completion becomes the lesson's exercise XP.
        let record_pass = {
            let (app, owned, tasks, slug) = (app.clone(), sandbox.clone(), tasks.clone(), lesson.slug.clone());
            move |check: &str| {
                let (app, owner, slug, check) = (app.clone(), owned.owner(), slug.clone(), check.to_string());
                tasks.spawn(async move { record_step(&app, &owner, &slug, Step::Passed(&check)).await });
            }
        };
        let store = {
            let (owned, slug) = (sandbox.clone(), lesson.slug.clone());
            move || {
                let (app, owner, slug) = (app.clone(), owned.owner(), slug.clone());
                tasks.spawn(async move {
                    if let Err(e) = exercises::completions::record(&app.db, owner.as_str(), &slug).await {
                        tracing::error!("cannot store the completion of {slug}: {e}");
                    }
                    if let Err(e) = crate::server::progress::exercise_completed(&app, &owner, &slug).await {
                        tracing::error!("cannot award the exercise XP of {slug}: {e}");
                    }
                });
            }
        };
        exercises::follow(sandbox, lesson.checks, lesson.mode, stop, record_pass, store).await;
    });
}

/// The learner opened the hint of `check` in `lesson` themselves (nothing for a visitor who has
/// no learner id yet, or a check the lesson does not have).
pub async fn hint_opened(state: &AppState, asker: &Requester, lesson: &str, check: &str) {
    let Some(owner) = asker.owner() else { return };
    let known = state.lessons.current().view(lesson).is_some_and(|view| view.exercise.iter().any(|c| c.id == check));
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

/// What the owner is told of their sandbox.
pub async fn ticket(state: &AppState, sandbox: &Sandbox, ended: Option<EndedSandbox>) -> SandboxTicket {
    let id = sandbox.id.as_str();
    let ws = |server: &str| state.site.ws_url(&crate::routes::sandbox_ws(id, server));
    let config = state.sandboxes.config();
    SandboxTicket {
        websockets: Websockets {
            a: ws("a"),
            b: ws("b"),
            console: state.site.ws_url(&crate::routes::sandbox_console(id)),
        },
        events_url: state.site.http_url(&crate::routes::sandbox_events(sandbox.id.as_str())),
        token: sandbox.token().as_str().to_string(),
        expires_at_ms: sandbox.created_at_ms + config.max_lifetime.as_millis() as u64,
        idle_timeout_secs: config.idle_timeout.as_secs(),
        info: sandbox.info().await,
        ended,
    }
}
