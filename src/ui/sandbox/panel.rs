//! The sandbox panel of a lesson page: Start sandbox (the learner's own sandbox for this lesson,
//! found again after a reload), then the live picture: the exercise's checks, the topology,
//! Redis controls, a pane per chat server, the Redis console, the event timeline, and a line to
//! connect a client of your own. Which parts show follows the lesson's `[sandbox] panels`.
//!
//! Docked beside the text on wide screens, it shows everything at once. On narrower ones it is a
//! sheet the learner pulls up from a bar that always shows the exercise's progress, with one
//! view at a time (Overview, A, B, Console, Events), chosen with buttons above it; the CSS does
//! the layout, and every view stays mounted, so sockets and counters carry on while hidden.

use leptos::either::EitherOf5;
use leptos::prelude::*;

use super::checklist::Checklist;
use super::live::SandboxLive;
use super::live_stream::{LiveStream, StreamNews};
use super::redis_controls::plain;
use super::running::{Pane, Panels, View, ViewButtons, running_views};
use super::server_fns::{end_sandbox, find_sandbox, sandbox_after_break, start_sandbox};
use crate::lessons::exercise::{Check, SandboxSetup};
use crate::sandbox::wire::AfterBreak;
use crate::ui::answer::StillHere;

#[derive(Clone, Debug, PartialEq)]
enum Phase {
    /// Before hydration, or while looking for a running sandbox.
    Looking,
    Idle,
    Starting,
    Running,
    /// Ended (expired, reset, or the server restarted): the sentence says which, if known.
    Ended(String),
}

#[component]
pub fn SandboxPanel(
    lesson: String,
    setup: SandboxSetup,
    own_server_code: Option<String>,
    checks: Vec<Check>,
    xp: u32,
) -> impl IntoView {
    let words = &crate::i18n::use_words().panel;
    let live = SandboxLive::new();
    provide_context(live);
    let here = StillHere::new();
    let phase = RwSignal::new(Phase::Looking);
    let notice = RwSignal::new(None::<String>);
    // The narrow-screen sheet: pulled up or not, and which view it shows.
    let open = RwSignal::new(false);
    let view_shown = RwSignal::new(View::Overview);
    let total_checks = checks.len();

    // The page's live stream opens once the learner exists (a sandbox found or started), and
    // then stays for the page's life, whichever sandbox it follows.
    let learner_known = RwSignal::new(false);

    // Finding this lesson's sandbox if one runs (a reload resumes it): asked once, by the
    // browser, so the server renders "Looking" and the page asks once hydrated. Not a resource:
    // a resource read under the lesson page's boundary would suspend the whole page while the
    // answer travels (the layout taken down and put back, the reader's scroll lost).
    let lesson_for_find = lesson.clone();
    Effect::new(move |_| {
        let lesson = lesson_for_find.clone();
        here.then(find_sandbox(lesson), move |result| {
            if phase.get_untracked() != Phase::Looking {
                return;
            }
            match result {
                Ok(Some(ticket)) => {
                    live.begin(ticket);
                    phase.set(Phase::Running);
                    learner_known.set(true);
                }
                _ => phase.set(Phase::Idle),
            }
        });
    });
    // Starting one: an action, whose answer moves the panel on (or says why not).
    let starting = Action::new_local(|lesson: &String| start_sandbox(lesson.clone()));
    // Set while a new sandbox replaces one whose server went away, to say so once it runs.
    let replacing_gone = RwSignal::new(false);
    Effect::new(move |_| match starting.value().get() {
        Some(Ok(ticket)) => {
            let moved = replacing_gone.get_untracked().then(|| words.server_gone_replaced.to_string());
            replacing_gone.set(false);
            notice.set(ticket.ended.as_ref().map(|e| (words.made_room)(e.lesson.as_deref())).or(moved));
            live.begin(ticket);
            phase.set(Phase::Running);
            learner_known.set(true);
        }
        Some(Err(e)) => {
            notice.set(Some(plain(e)));
            phase.set(Phase::Idle);
        }
        None => {}
    });
    let start = {
        let lesson = lesson.clone();
        move || {
            phase.set(Phase::Starting);
            notice.set(None);
            starting.dispatch_local(lesson.clone());
        }
    };
    let lesson_for_news = lesson.clone();
    let start_after_gone = start.clone();
    let lesson_for_stream = lesson.clone();
    // Changes once (false to true): the stream is created once, however often it is set.
    let stream_open = Memo::new(move |_| learner_known.get());
    let on_news = Callback::new(move |news: StreamNews| {
        let lesson = lesson_for_news.clone();
        match news {
            // Started elsewhere (another tab): show it, unless this page is starting its own.
            StreamNews::Started(id) => {
                if live.sandbox_id().as_deref() == Some(id.as_str()) || phase.get_untracked() == Phase::Starting {
                    return;
                }
                here.then(find_sandbox(lesson), move |found| {
                    if let Ok(Some(ticket)) = found
                        && ticket.info.id == id
                        && phase.get_untracked() != Phase::Starting
                    {
                        live.begin(ticket);
                        phase.set(Phase::Running);
                    }
                });
            }
            StreamNews::Ended(id) => {
                if live.sandbox_id().as_deref() == Some(id.as_str()) {
                    live.end();
                }
            }
            // A server restart ends every sandbox, and a server that went away ends its own:
            // ask what became of this one. Gone with its server: the server the page reaches
            // now has started a new one in the same answer (or, refused, the page asks for one).
            StreamNews::Broken => {
                let Some(following) = live.sandbox_id() else { return };
                let start = start_after_gone.clone();
                let same = following.clone();
                ask_after_break(here, lesson, following, 1_000, move |answer| match answer {
                    AfterBreak::Running(ticket) if ticket.info.id != same => {
                        live.begin(*ticket);
                        phase.set(Phase::Running);
                    }
                    AfterBreak::Running(_) => {}
                    AfterBreak::Ended => live.end(),
                    AfterBreak::Replaced { ticket, .. } => {
                        let made_room = ticket.ended.as_ref().map(|e| (words.made_room)(e.lesson.as_deref()));
                        notice.set(Some(made_room.unwrap_or_else(|| words.server_gone_replaced.to_string())));
                        live.begin(*ticket);
                        phase.set(Phase::Running);
                    }
                    AfterBreak::ServerGone { .. } => {
                        phase.set(Phase::Starting);
                        live.end();
                        start();
                        replacing_gone.set(true);
                        notice.set(Some(words.server_gone_starting.to_string()));
                    }
                });
            }
        }
    });
    // The stream noticed the sandbox is gone.
    Effect::new(move |_| {
        if live.ticket.get().is_none() && phase.get_untracked() == Phase::Running {
            phase.set(Phase::Ended(words.ended_idle.into()));
        }
    });

    let reset = {
        let start = start.clone();
        move || {
            let start = start.clone();
            let id = live.sandbox_id();
            // Starting, not "ended": the old sandbox goes because the learner asked for a new one.
            phase.set(Phase::Starting);
            live.end();
            let ended = async move {
                if let Some(id) = id {
                    let _ = end_sandbox(id).await;
                }
            };
            here.then(ended, move |()| start());
        }
    };

    // The phase for the page's scripts and styles (`data-phase`, always English), and in words.
    let phase_name = move || match phase.get() {
        Phase::Looking => "",
        Phase::Idle => "not started",
        Phase::Starting => "starting…",
        Phase::Running => "ready",
        Phase::Ended(_) => "ended",
    };
    let status = move || match phase.get() {
        Phase::Looking => "",
        Phase::Idle => words.status_not_started,
        Phase::Starting => words.status_starting,
        Phase::Running => words.status_ready,
        Phase::Ended(_) => words.status_ended,
    };
    let panels = Panels::of(&setup.panels);
    let (chat, console) = (panels.chat, panels.console);
    let own_server = own_server_code.is_some();
    let lesson_for_views = lesson.clone();
    let lesson_for_checklist = lesson.clone();
    let start_again = start.clone();

    let progress = move || {
        let done = live.passed.with(|p| p.len()).min(total_checks);
        (total_checks > 0).then(|| (words.checks_done)(done, total_checks))
    };

    view! {
        <aside class="sandbox-panel" aria-label=words.sandbox class:open=move || open.get()>
            <header class="panel-header">
                <h2>{words.sandbox}</h2>
                <span class="panel-status" data-phase=phase_name>
                    <span class="light" class:on=move || phase.get() == Phase::Running aria-hidden="true"></span>
                    {status}
                </span>
                // Shown only where the panel is a sheet.
                <button
                    type="button"
                    class="sheet-toggle"
                    aria-expanded=move || open.get().to_string()
                    on:click=move |_| open.update(|o| *o = !*o)
                >
                    <span class="sheet-progress">{progress}</span>
                    <span class="visually-hidden">{move || if open.get() { words.hide_sandbox } else { words.show_sandbox }}</span>
                    <span aria-hidden="true">{move || if open.get() { "▼" } else { "▲" }}</span>
                </button>
            </header>
            {move || stream_open.get().then(|| {
                let lesson = lesson_for_stream.clone();
                view! { <Suspense fallback=|| ()>{Suspend::new(live_stream_view(lesson, on_news))}</Suspense> }
            })}
            // Under the bar, so they stay in one place whichever view shows.
            <Show when=move || phase.get() == Phase::Running>
                <ViewButtons shown=view_shown chat console own_server/>
            </Show>
            <Pane view=View::Overview shown=view_shown>
                {(!checks.is_empty()).then(|| view! { <Checklist lesson=lesson_for_checklist.clone() checks=checks.clone() xp live/> })}
            </Pane>
            <p class="needs-js">{words.needs_js}</p>
            {move || notice.get().map(|n| view! { <p class="panel-notice" role="status">{n}</p> })}
            {move || match phase.get() {
                Phase::Looking => EitherOf5::A(()),
                Phase::Idle => {
                    let start = start.clone();
                    EitherOf5::B(view! {
                        <div class="panel-start">
                            <p>{words.start_intro}</p>
                            <button type="button" class="primary" on:click=move |_| start()>{words.start_sandbox}</button>
                        </div>
                    })
                }
                Phase::Starting => EitherOf5::C(view! {
                    <p class="panel-starting" role="status">{words.starting}</p>
                }),
                Phase::Ended(message) => {
                    let start = start_again.clone();
                    EitherOf5::D(view! {
                        <div class="panel-start">
                            <p class="panel-ended" role="status">{message}</p>
                            <button type="button" class="primary" on:click=move |_| start()>{words.start_sandbox}</button>
                        </div>
                    })
                }
                Phase::Running => {
                    let reset = reset.clone();
                    let reset = Callback::new(move |()| reset());
                    let own = own_server_code.clone().map(|code| (lesson_for_views.clone(), code));
                    EitherOf5::E(live.ticket.get_untracked().map(|ticket| view! {
                        <Suspense fallback=move || view! { <p class="panel-starting">{words.loading_views}</p> }>
                            {Suspend::new(running_views(ticket, panels, own, view_shown, reset))}
                        </Suspense>
                    }))
                }
            }}
        </aside>
    }
}

/// Asks what became of the sandbox the page followed and hands the answer on; asked again
/// after `wait_ms` (doubling, up to 4 s) while no answer comes: a server that just went away may
/// fail the first asking. Nothing is asked, or answered, once the panel is gone.
fn ask_after_break(
    here: StillHere,
    lesson: String,
    following: String,
    wait_ms: u64,
    answered: impl FnOnce(AfterBreak) + 'static,
) {
    if !here.is_here() {
        return;
    }
    here.then(sandbox_after_break(lesson.clone(), following.clone()), move |answer| match answer {
        Ok(answer) => answered(answer),
        Err(_) if wait_ms <= 4_000 => set_timeout(
            move || ask_after_break(here, lesson, following, wait_ms * 2, answered),
            std::time::Duration::from_millis(wait_ms),
        ),
        Err(_) => {}
    });
}

/// The page's live stream, in a chunk of its own like the running views: a reader who never
/// starts a sandbox never loads it.
#[lazy]
fn live_stream_view(lesson: String, on_news: Callback<StreamNews>) -> AnyView {
    view! { <LiveStream lesson on_news/> }.into_any()
}
