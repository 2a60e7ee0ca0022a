//! Opening a sandbox: for a lesson (the learner's one sandbox for that lesson, found again if it
//! runs, its mode and checks taken from the lesson, never from the browser) or a bare one (the
//! API's other callers). Used by the HTTP API and by the lesson page's server functions.

use crate::exercises;
use crate::lessons::exercise::Check;
use crate::problem::Problem;
use crate::sandbox::bridge::BridgeMode;
use crate::sandbox::id::{Creator, OwnerId, SandboxId};
use crate::sandbox::refusal::{SandboxRefusal, whole_seconds};
use crate::sandbox::registry::Access;
use crate::sandbox::sandbox::Sandbox;
use crate::sandbox::wire::{AfterBreak, EndedSandbox, SandboxTicket, Websockets};
use crate::server::learner_news::News;
use crate::server::requester::Requester;
use crate::server::sandbox_places;
use crate::server::sandbox_watch::{self, Exercise};
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
    let opened = open_or_create(state, asker, purpose).await;
    match &opened {
        Ok((true, _)) => crate::server::metrics::sandbox_created(Ok(())),
        Err(Problem::Refused(crate::problem::Refusal::Sandbox(refusal))) => {
            crate::server::metrics::sandbox_created(Err(refusal));
        }
        _ => {}
    }
    opened
}

async fn open_or_create(
    state: &AppState,
    asker: &mut Requester,
    purpose: Purpose,
) -> Result<(bool, SandboxTicket), Problem> {
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
    let (mode, label) = match (&purpose, &lesson) {
        (_, Some(lesson)) => (lesson.mode, Some(lesson.slug.clone())),
        (Purpose::Bare(mode), None) => (*mode, None),
        (Purpose::Lesson(_), None) => unreachable!("a lesson purpose has its setup"),
    };
    let creator = Creator { owner: owner.clone(), address: asker.address };
    // The limits hold for the whole site; for a lesson, the learner's least recently used
    // sandbox makes room rather than a refusal.
    let decided = sandbox_places::decide(state, &creator, label.as_deref()).await?;
    let ended = match decided.made_room {
        Some(room) => Some(ended_sentence(room.finish().await)),
        None => None,
    };
    let sandbox = state
        .sandboxes
        .launch(decided.reservation, creator, mode, label.clone())
        .await
        .map_err(SandboxRefusal::from)?;
    if known.is_none()
        && let Err(problem) = asker.become_learner(owner.clone()).await
    {
        state.sandboxes.delete(sandbox.id.as_str(), &Access::owner(owner)).await;
        return Err(problem);
    }
    state.learner_news.tell(&owner, News::SandboxStarted { id: sandbox.id.as_str().to_string(), lesson: label });
    let exercise = lesson.map(|lesson| Exercise { lesson: lesson.slug, checks: lesson.checks });
    sandbox_watch::attach(state, sandbox.clone(), mode, exercise).await;
    Ok((true, ticket(state, &sandbox, ended).await))
}

/// The learner's running sandbox for `lesson`, found again (a reload), marked active.
pub async fn running_for_lesson(state: &AppState, asker: &Requester, lesson: &str) -> Option<SandboxTicket> {
    let sandbox = state.sandboxes.for_lesson(asker.owner()?, lesson)?;
    sandbox.touch();
    Some(ticket(state, &sandbox, None).await)
}

/// What became of the sandbox `following` that a page's live stream followed until it broke.
/// Gone with its node, it is replaced here at once: a node that dies sends its whole class here
/// in the same second, and one request each instead of two (ask, then start) is half the work.
pub async fn after_break(state: &AppState, asker: &mut Requester, lesson: &str, following: &str) -> AfterBreak {
    if let Some(ticket) = running_for_lesson(state, asker, lesson).await {
        return AfterBreak::Running(Box::new(ticket));
    }
    let node = match SandboxId::node_of(following) {
        Some(node) if node != state.sandboxes.config().node => node.to_string(),
        _ => return AfterBreak::Ended,
    };
    match open(state, asker, Purpose::Lesson(lesson.to_string())).await {
        Ok((_, ticket)) => AfterBreak::Replaced { node, ticket: Box::new(ticket) },
        // Refused or failed: the page starts one itself, and shows the refusal as for any start.
        Err(_) => AfterBreak::ServerGone { node },
    }
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
    let draft = catalog.draft_view(slug, crate::i18n::Lang::En).filter(|_| asker.is_instructor());
    let view = catalog
        .view(slug, crate::i18n::Lang::En)
        .or(draft)
        .ok_or_else(|| SandboxRefusal::NoSuchLesson { slug: slug.to_string() })?;
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
