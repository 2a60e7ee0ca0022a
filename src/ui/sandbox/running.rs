//! The running sandbox's part of the panel: its views (the overview with the topology and the
//! Redis controls, a pane per chat server, "Your server A", the console, the timeline and a line
//! to connect a client of your own), the narrow-screen sheet's view buttons, and which parts the
//! lesson shows. Loaded as a chunk of its own once a sandbox runs.

use leptos::either::Either;
use leptos::prelude::*;

use super::console::RedisConsole;
use super::latency::Latency;
use super::lifecycle::Lifecycle;
use super::own_server::OwnServer;
use super::redis_controls::RedisControls;
use super::server_pane::ServerPane;
use super::timeline::Timeline;
use super::topology::Topology;
use crate::i18n::panel::PanelWords;
use crate::lessons::exercise::Panel;
use crate::sandbox::wire::{SandboxTicket, ServerName};

/// One view of the narrow-screen sheet.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum View {
    Overview,
    A,
    B,
    Console,
    Events,
    /// "Your server A": the learner's own code.
    Code,
}

impl View {
    fn label(self, words: &'static PanelWords) -> &'static str {
        match self {
            View::Overview => words.view_overview,
            View::A => "A",
            View::B => "B",
            View::Console => words.view_console,
            View::Events => words.view_events,
            View::Code => words.view_code,
        }
    }
}

/// Which parts of the panel the lesson shows (`[sandbox] panels`).
#[derive(Clone, Copy, Debug)]
pub struct Panels {
    pub chat: bool,
    pub console: bool,
    power: bool,
    mode: bool,
    events: bool,
}

impl Panels {
    pub fn of(panels: &[Panel]) -> Panels {
        let has = |panel: Panel| panels.contains(&panel);
        Panels {
            chat: has(Panel::Chat),
            console: has(Panel::Console),
            power: has(Panel::RedisControl),
            mode: has(Panel::ModeSwitch),
            events: has(Panel::Events),
        }
    }
}

/// The running sandbox's views, in a chunk of the bundle of their own (`cargo leptos build
/// --split`): the page loads it once a sandbox runs, so a reader who never starts one never
/// downloads the panes, the console or the topology. Never rendered on the server (no sandbox
/// runs before the page looks for one), so nothing here is hydrated.
#[lazy]
pub fn running_views(
    ticket: SandboxTicket,
    panels: Panels,
    own_server: Option<(String, String)>,
    shown: RwSignal<View>,
    reset: Callback<()>,
) -> AnyView {
    view! { <Running ticket panels own_server shown reset/> }.into_any()
}

/// `own_server`: the lesson and the starting code of "Your server A", when it offers one.
#[component]
fn Running(
    ticket: SandboxTicket,
    panels: Panels,
    own_server: Option<(String, String)>,
    shown: RwSignal<View>,
    reset: Callback<()>,
) -> impl IntoView {
    let words = &crate::i18n::use_words().panel;
    let Panels { chat, console, power, mode, events } = panels;
    // Clients moving between the two panes (a session resumed on the other server).
    provide_context(super::server_pane::ClientMoves::default());
    let (expires_at_ms, idle_timeout_secs) = (ticket.expires_at_ms, ticket.idle_timeout_secs);
    let has_exercise = ticket.info.exercise.is_some();
    let id = ticket.info.id.clone();
    let token = ticket.token.clone();
    // Each pane's children own what they use.
    let pane = |server: ServerName| {
        let (sandbox_id, token) = (id.clone(), token.clone());
        let view = if server == ServerName::A { View::A } else { View::B };
        view! { <Pane view shown><ServerPane sandbox_id token server/></Pane> }
    };
    let chat_panes = chat.then(|| {
        view! {
            <div class="server-panes">{pane(ServerName::A)}{pane(ServerName::B)}</div>
            <Pane view=View::Overview shown><Latency/></Pane>
        }
    });
    let own_server_pane = own_server.map(|(lesson, starting_code)| {
        let sandbox_id = id.clone();
        view! { <Pane view=View::Code shown><OwnServer sandbox_id lesson starting_code/></Pane> }
    });
    let console_pane = console.then(|| {
        let (sandbox_id, token) = (id.clone(), token.clone());
        view! { <Pane view=View::Console shown><RedisConsole sandbox_id token/></Pane> }
    });
    view! {
        <Pane view=View::Overview shown>
            <Lifecycle expires_at_ms idle_timeout_secs has_exercise/>
            <Topology/>
            <RedisControls show_power=power show_mode=mode/>
        </Pane>
        {chat_panes}
        {own_server_pane}
        {console_pane}
        <Pane view=View::Events shown>
            {if events {
                Either::Left(view! { <Timeline/> })
            } else {
                Either::Right(view! { <details class="timeline-details"><summary>{words.event_timeline}</summary><Timeline/></details> })
            }}
            <OwnClient ticket/>
        </Pane>
        <Pane view=View::Overview shown>
            <p class="panel-actions">
                <button type="button" class="link-button" on:click=move |_| reset.run(())>{words.reset_sandbox}</button>
            </p>
        </Pane>
    }
}

/// Part of the panel that belongs to one view of the narrow-screen sheet (on wide screens every
/// view shows).
#[component]
pub fn Pane(view: View, shown: RwSignal<View>, children: Children) -> impl IntoView {
    view! { <div class="tab-pane" class:current=move || shown.get() == view>{children()}</div> }
}

/// The sheet's view buttons (hidden where the panel is docked and shows everything).
#[component]
pub fn ViewButtons(shown: RwSignal<View>, chat: bool, console: bool, own_server: bool) -> impl IntoView {
    let words = &crate::i18n::use_words().panel;
    let mut views = vec![View::Overview];
    if chat {
        views.extend([View::A, View::B]);
    }
    if own_server {
        views.push(View::Code);
    }
    if console {
        views.push(View::Console);
    }
    views.push(View::Events);
    view! {
        <nav class="panel-views" aria-label=words.views_label>
            {views
                .into_iter()
                .map(|view| view! {
                    <button
                        type="button"
                        aria-pressed=move || (shown.get() == view).to_string()
                        on:click=move |_| shown.set(view)
                    >
                        {view.label(words)}
                    </button>
                })
                .collect_view()}
        </nav>
    }
}

/// "Bring your own client": a websocat line per server, with the token.
#[component]
fn OwnClient(ticket: SandboxTicket) -> impl IntoView {
    let words = &crate::i18n::use_words().panel;
    let line = |url: &str, user: &str| format!("websocat \"{url}?room=lobby&user={user}&token={}\"", ticket.token);
    let a = line(&ticket.websockets.a, "me-on-a");
    let b = line(&ticket.websockets.b, "me-on-b");
    view! {
        <details class="own-client">
            <summary>{words.own_client}</summary>
            <p>{words.own_client_intro}</p>
            // Focusable, so a keyboard can scroll a line wider than the panel.
            <pre tabindex="0"><code>{a}</code></pre>
            <pre tabindex="0"><code>{b}</code></pre>
        </details>
    }
}
